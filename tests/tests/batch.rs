//! The wall's batch run in real headless Chromium against the simulator (`scenarios/release.yml`): five
//! projects triggered on one branch with the `api` token, a reload while it runs that creates nothing twice,
//! one project refused by GitLab without stopping the others, each build's image tag read from its log, the
//! YAML asserted exactly, and "Retry failed" sending only the failed project again.

use pipelens_e2e::{
    click_css, harness_with_scenario, root, type_into, wait_value, Fault, FaultKind, Harness, Session, Sim,
};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);
const PROJECTS: [&str; 5] = ["shop/api", "shop/web", "shop/worker", "platform/gateway", "shop/legacy"];

fn wait(s: &Session, css: &str) {
    s.wait_for(css, WAIT).unwrap_or_else(|e| {
        let page = s.execute("return location.hash + '\\n' + document.body.innerText", json!([]));
        panic!("{css}: {e}\npage: {page:?}")
    });
}

/// The release scenario with its manual clock starting now (the page compares GitLab's `created_at` with
/// its own clock when it resumes).
fn scenario() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let text = std::fs::read_to_string(root().join("crates/gitlab-sim/scenarios/release.yml")).unwrap();
    format!("start: \"{}\"\n{text}", pipelens_gitlab_sim::clock::iso(now))
}

/// Connects with `token` through the dialog, as a user does.
fn connect(h: &Harness, url: &str, token: &str) {
    pipelens_e2e::connect(h, url, token);
    wait(&h.session, r#"tr[data-project="shop/api"]"#);
}

/// `POST /projects/:id/pipeline` requests the simulator got for `project`.
fn creations(sim: &Sim, project: &str) -> usize {
    let path = format!("/api/v4/projects/{}/pipeline", project.replace('/', "%2F"));
    sim.requests().iter().filter(|r| r.method == "POST" && r.uri == path).count()
}

fn row(s: &Session, project: &str) -> (String, String) {
    let v = s
        .execute(
            "const r = document.querySelector(`[data-batch-row=\"${arguments[0]}\"]`); \
             return r ? [r.dataset.state, r.textContent] : ['', '']",
            json!([project]),
        )
        .unwrap();
    (v[0].as_str().unwrap().to_string(), v[1].as_str().unwrap().to_string())
}

fn wait_state(s: &Session, project: &str, states: &[&str]) {
    let script = format!(
        "const r = document.querySelector('[data-batch-row=\"{project}\"]'); return (r && {states:?}.includes(r.dataset.state)) || null"
    );
    wait_value(s, &script, WAIT);
}

fn yaml(s: &Session) -> String {
    s.execute("return document.querySelector('[data-testid=batch-yaml]').textContent", json!([]))
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

fn done(s: &Session) -> String {
    s.execute("return document.querySelector('[data-testid=batch-progress]').dataset.done", json!([]))
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

const EXPECTED: &str = "# pipelens batch run: ref \"release/2.0\", job \"build\"\n\
\"api\":\n  project: \"shop/api\"\n  version: \"2.0.1\"\n\
\"web\":\n  project: \"shop/web\"\n  version: \"2.0.0-rc.3\"\n\
\"worker\":\n  project: \"shop/worker\"\n  version: \"2.0.4\"\n\
\"gateway\":\n  project: \"platform/gateway\"\n  version: \"1.9.12\"\n\
\"legacy\":\n  project: \"shop/legacy\"\n  version: ";

#[test]
fn a_batch_over_five_projects_survives_a_reload_and_reports_the_failed_one() {
    let Some((h, sim, url)) = harness_with_scenario(&scenario()) else { return };
    let s = &h.session;
    connect(&h, &url, "glpat-demo-api");
    s.execute("location.hash = '#/wall/batch'", json!([])).unwrap();
    wait(s, "[data-testid=batch-start]");
    type_into(s, "[data-testid=batch-projects]", &PROJECTS.join("\n"));
    type_into(s, "[data-testid=batch-ref]", "release/2.0");
    type_into(s, "[data-testid=batch-variables]", "RELEASE=2.0\nDEPLOY_ENV=staging");
    // The job (`build`) and the pattern (docker image tags) are the defaults.
    // shop/web's pipeline is created but the answer arrives cut in half: the page must look it up and adopt
    // it rather than create a second one.
    sim.add_fault(Fault {
        path: "shop%2Fweb/pipeline".into(),
        method: Some("POST".into()),
        times: Some(1),
        kind: FaultKind::Truncate,
    });
    click_css(s, "[data-testid=batch-start]");
    // A reload at once, with creations possibly still on their way: the saved batch resumes.
    s.execute("location.reload()", json!([])).unwrap();
    wait(s, "[data-batch-row]");
    for p in &PROJECTS[..4] {
        wait_state(s, p, &["created", "running"]);
    }
    wait_state(s, "shop/legacy", &["failed"]);
    let (_, text) = row(s, "shop/legacy");
    assert!(text.contains("Reference not found"), "GitLab's message on the row: {text}");
    assert_eq!(done(s), "1");
    // A second tab shows the batch but does not drive it: one tab at a time sends requests.
    let first_tab = s.tab().unwrap();
    let second_tab = s.new_tab().unwrap();
    s.switch_to(&second_tab).unwrap();
    s.goto(&h.url("/#/wall/batch")).unwrap();
    wait(s, "[data-batch-row=\"shop/legacy\"][data-state=failed]");
    wait_value(s, "return document.querySelector('[data-testid=batch-progress]').textContent.includes('run by another tab') || null", WAIT);
    let disabled = s.execute("return document.querySelector('[data-testid=batch-start]').disabled", json!([])).unwrap();
    assert_eq!(disabled, json!(true));
    s.goto(&h.url("/#/editor")).unwrap();
    s.switch_to(&first_tab).unwrap();
    // A reload in the middle: the pipelines exist and run, nothing is created again.
    s.execute("location.reload()", json!([])).unwrap();
    wait(s, "[data-batch-row]");
    wait(s, "[data-batch-row][data-state=running]");
    sim.advance(100);
    wait_value(s, "const p = document.querySelector('[data-testid=batch-progress]'); return (p && p.dataset.done === '5') || null", WAIT);
    for (p, state) in
        [("shop/api", "value"), ("shop/web", "value"), ("shop/worker", "value"), ("platform/gateway", "value")]
    {
        assert_eq!(row(s, p).0, state, "{p}");
        assert_eq!(creations(&sim, p), 1, "one pipeline for {p}");
    }
    assert!(row(s, "shop/worker").1.contains("failed"), "its test job failed; the build's tag is still read");
    assert_eq!(creations(&sim, "shop/legacy"), 1);
    // One pipeline per project, shop/web's adopted after its cut answer (found by one look-up).
    {
        let w = sim.lock();
        for p in &PROJECTS[..4] {
            let id = w.projects.iter().find(|x| x.full_path == *p).unwrap().id;
            assert_eq!(w.pipelines.iter().filter(|x| x.project_id == id).count(), 1, "{p}");
        }
    }
    let lookups = sim
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.uri.starts_with("/api/v4/projects/shop%2Fweb/pipelines?"))
        .count();
    assert_eq!(lookups, 1, "shop/web was looked up once");
    // The variables went with every creation.
    {
        let w = sim.lock();
        let api = w.projects.iter().find(|p| p.full_path == "shop/api").unwrap().id;
        let pl = w.pipelines.iter().filter(|p| p.project_id == api && p.source == "api").collect::<Vec<_>>();
        assert_eq!(pl.len(), 1);
        let vars: Vec<(&str, &str)> = pl[0].variables.iter().map(|(k, v, _)| (k.as_str(), v.as_str())).collect();
        assert_eq!(vars, vec![("RELEASE", "2.0"), ("DEPLOY_ENV", "staging")]);
    }
    assert_eq!(yaml(s), format!("{EXPECTED}null\n"));
    let api: Vec<_> =
        sim.requests().into_iter().filter(|r| r.uri.starts_with("/api/") && r.method != "OPTIONS").collect();
    let count = |m: &str, part: &str| api.iter().filter(|r| r.method == m && r.uri.contains(part)).count();
    println!(
        "5 projects, two reloads while it runs: {} GitLab requests ({} creations, {} look-ups, {} status polls, {} job lists, {} logs)",
        api.len(),
        count("POST", "/pipeline"),
        api.iter().filter(|r| r.method == "GET" && r.uri.contains("/pipelines?")).count(),
        api.iter().filter(|r| r.method == "GET" && r.uri.contains("/pipelines/") && !r.uri.contains("/jobs")).count(),
        count("GET", "/jobs?"),
        count("GET", "/trace"),
    );

    // Someone pushes the branch to shop/legacy; "Retry failed" sends that one project only.
    {
        let mut w = sim.lock();
        let p = w.projects.iter_mut().find(|p| p.full_path == "shop/legacy").unwrap();
        let main = p.refs["main"].clone();
        p.refs.insert("release/2.0".into(), main);
    }
    let before_retry = sim.requests().iter().filter(|r| r.uri.starts_with("/api/") && r.method != "OPTIONS").count();
    click_css(s, "[data-testid=batch-retry]");
    wait_state(s, "shop/legacy", &["created", "running"]);
    sim.advance(60);
    wait_state(s, "shop/legacy", &["value"]);
    assert_eq!(creations(&sim, "shop/legacy"), 2);
    let after = sim.requests().iter().filter(|r| r.uri.starts_with("/api/") && r.method != "OPTIONS").count();
    println!("retry of the refused project: {} GitLab requests", after - before_retry);
    for p in &PROJECTS[..4] {
        assert_eq!(creations(&sim, p), 1, "{p} was not sent again");
    }
    assert_eq!(yaml(s), format!("{EXPECTED}\"0.9.0\"\n"));
    // The results are kept: a reload shows them as they were.
    s.execute("location.reload()", json!([])).unwrap();
    wait(s, "[data-testid=batch-yaml]");
    assert_eq!(yaml(s), format!("{EXPECTED}\"0.9.0\"\n"));
    h.screenshot("batch");
}

#[test]
fn throttling_and_server_errors_slow_a_batch_down_but_lose_nothing() {
    let Some((h, sim, url)) = harness_with_scenario(&scenario()) else { return };
    let s = &h.session;
    connect(&h, &url, "glpat-demo-api");
    s.execute("location.hash = '#/wall/batch'", json!([])).unwrap();
    wait(s, "[data-testid=batch-start]");
    let projects = &PROJECTS[..4];
    type_into(s, "[data-testid=batch-projects]", &projects.join("\n"));
    type_into(s, "[data-testid=batch-ref]", "release/2.0");
    // Creations are throttled (429 with Retry-After) more often than the client retries on its own, and
    // the first status polls and job lists get 502s and 503s.
    sim.add_fault(Fault {
        path: "/pipeline".into(),
        method: Some("POST".into()),
        times: Some(8),
        kind: FaultKind::RateLimit { retry_after: 1 },
    });
    sim.add_fault(Fault {
        path: "/pipelines/".into(),
        method: Some("GET".into()),
        times: Some(6),
        kind: FaultKind::Status { status: 503 },
    });
    sim.add_fault(Fault {
        path: "/jobs".into(),
        method: Some("GET".into()),
        times: Some(3),
        kind: FaultKind::Status { status: 502 },
    });
    click_css(s, "[data-testid=batch-start]");
    for p in projects {
        wait_state(s, p, &["created", "running", "value"]);
    }
    sim.advance(100);
    wait_value(s, "const p = document.querySelector('[data-testid=batch-progress]'); return (p && p.dataset.done === '4') || null", Duration::from_secs(90));
    {
        let w = sim.lock();
        // Every fault was served, and still one pipeline per project.
        assert!(w.faults.iter().all(|f| f.times == Some(0)), "{:?}", w.faults);
        for p in projects {
            let id = w.projects.iter().find(|x| x.full_path == *p).unwrap().id;
            assert_eq!(w.pipelines.iter().filter(|x| x.project_id == id).count(), 1, "{p}");
        }
    }
    for p in projects {
        assert_eq!(row(s, p).0, "value", "{p}");
    }
    let text = yaml(s);
    for version in ["\"2.0.1\"", "\"2.0.0-rc.3\"", "\"2.0.4\"", "\"1.9.12\""] {
        assert!(text.contains(version), "{version} in {text}");
    }
    let refused = sim.requests().iter().filter(|r| r.method == "POST" && r.uri.ends_with("/pipeline")).count();
    println!("4 projects under 8 throttled creations and 9 failed polls: {refused} creation requests, 4 pipelines");
}
