//! Connecting to GitLab in real headless Chromium, against the demo simulator the test starts: a wrong token's
//! message, then projects, a project's pipelines and a pipeline's graph with its jobs' statuses; where the token
//! went; an error that clears itself on the next refresh; `#/demo`.

use pipelens_e2e::{harness_with_demo, set_field, type_into, wait_value, Session, Sim};
use pipelens_gitlab_sim::{Fault, FaultKind};
use std::collections::BTreeMap;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);
const TOKEN: &str = "glpat-demo-read";

/// Waits for an element; on a timeout the failure shows what the page says instead.
fn wait(s: &Session, css: &str) -> pipelens_e2e::Element {
    s.wait_for(css, WAIT).unwrap_or_else(|e| {
        let page = s.execute("return location.hash + '\\n' + document.body.innerText", serde_json::json!([]));
        panic!("{css}: {e}\npage: {page:?}")
    })
}

fn value_of(s: &Session, css: &str) -> String {
    let v = s.execute("return document.querySelector(arguments[0]).value", serde_json::json!([css])).unwrap();
    v.as_str().unwrap_or_default().to_string()
}

/// `data-job` → `data-status` of the pipeline graph's boxes, once `n` boxes have a status.
fn job_rows(s: &Session, n: usize) -> BTreeMap<String, String> {
    let script = format!(
        "const rows = [...document.querySelectorAll('svg g.job[data-job][data-status]')]; \
         return rows.length >= {n} ? rows.map(r => [r.dataset.job, r.dataset.status]) : null"
    );
    let rows = wait_value(s, &script, WAIT);
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_str().unwrap().to_string()))
        .collect()
}

/// The statuses the simulator holds for a pipeline's jobs: the truth the page must show.
fn sim_statuses(sim: &Sim, pipeline: u64) -> BTreeMap<String, String> {
    let w = sim.lock();
    w.jobs.iter().filter(|j| j.pipeline_id == pipeline).map(|j| (j.spec.name.clone(), j.status.clone())).collect()
}

#[test]
fn connect_with_a_token_then_browse_projects_pipelines_and_jobs_and_the_token_stays_home() {
    let Some((h, sim, sim_url)) = harness_with_demo() else { return };
    let s = &h.session;
    s.goto(&h.url("/#/editor")).unwrap();
    let button = s.wait_for("[data-testid=connect]", WAIT).unwrap();
    s.click(&button).unwrap();
    s.wait_for("[data-testid=connect-dialog]", WAIT).unwrap();

    // A wrong token: GitLab's 401 gets its own message, and nothing typed is lost.
    type_into(s, "[data-testid=connect-url]", &format!("{sim_url}/"));
    type_into(s, "[data-testid=connect-token]", "glpat-wrong");
    s.click(&s.wait_for("[data-testid=connect-submit]", WAIT).unwrap()).unwrap();
    let error = s.wait_for("[data-testid=connect-error]", WAIT).unwrap();
    let text = s.text(&error).unwrap();
    assert!(text.contains("401") && text.contains("refused the token"), "{text}");
    assert_eq!(value_of(s, "[data-testid=connect-url]"), format!("{sim_url}/"));
    assert_eq!(value_of(s, "[data-testid=connect-token]"), "glpat-wrong");

    // The right token: the projects of the instance.
    type_into(s, "[data-testid=connect-token]", TOKEN);
    s.click(&s.wait_for("[data-testid=connect-submit]", WAIT).unwrap()).unwrap();
    // The demo has more projects than a page shows (the 100 of demo-wall): a search finds the one wanted.
    wait(s, r#"tr[data-project="demo-wall/service-100"]"#);
    type_into(s, "[data-testid=project-search]", "app");
    wait_value(
        s,
        "const rows = [...document.querySelectorAll('tr[data-project]')].map(r => r.dataset.project); \
         return rows.length > 0 && rows.every(p => p.includes('app'))",
        WAIT,
    );
    let project = wait(s, r#"tr[data-project="demo/app"]"#);
    assert!(s.find_all("[data-testid=connect-dialog]").unwrap().is_empty(), "the dialog closed");
    let label = s.text(&s.wait_for("[data-testid=connect]", WAIT).unwrap()).unwrap();
    assert!(label.contains("127.0.0.1"), "the button names the instance: {label}");

    // A project's pipelines, with GitLab's REST statuses.
    s.click(&project).unwrap();
    let pipelines = wait_value(
        s,
        "const rows = [...document.querySelectorAll('tr[data-pipeline]')]; \
         return rows.length ? rows.map(r => [Number(r.dataset.pipeline), r.dataset.status]) : null",
        WAIT,
    );
    let pipelines: Vec<(u64, String)> = pipelines
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r[0].as_u64().unwrap(), r[1].as_str().unwrap().to_string()))
        .collect();
    let expected: Vec<(u64, String)> = {
        let w = sim.lock();
        let app = w.projects.iter().find(|p| p.full_path == "demo/app").unwrap().id;
        let mut ps: Vec<(u64, String)> =
            w.pipelines.iter().filter(|p| p.project_id == app).map(|p| (p.id, p.status.clone())).collect();
        ps.sort_by_key(|p| std::cmp::Reverse(p.0)); // newest first, as GitLab lists them
        ps
    };
    assert_eq!(pipelines, expected);
    assert!(s
        .execute("return location.hash", serde_json::json!([]))
        .unwrap()
        .as_str()
        .unwrap()
        .ends_with("demo/app/-/pipelines"));

    // A pipeline: its jobs with the statuses the simulator holds.
    let (id, _) = pipelines[0].clone();
    s.click(&s.wait_for(&format!(r#"tr[data-pipeline="{id}"]"#), WAIT).unwrap()).unwrap();
    let want = sim_statuses(&sim, id);
    assert!(want.len() >= 5, "{want:?}");
    assert_eq!(job_rows(s, want.len()), want);
    let hash = s.execute("return location.hash", serde_json::json!([])).unwrap();
    assert_eq!(hash, format!("#/gitlab/demo/app/-/pipelines/{id}"));

    // Where the token went: only to the simulator, only in its header; never in an address, never to the
    // app's own server; kept for this tab only (the default), not in localStorage.
    let app_origin = h.url("");
    let urls = s
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])",
            serde_json::json!([]),
        )
        .unwrap();
    for url in urls.as_array().unwrap() {
        let url = url.as_str().unwrap();
        assert!(url.starts_with(&app_origin) || url.starts_with(&sim_url), "a request to another origin: {url}");
        assert!(!url.contains(TOKEN) && !url.contains("glpat-wrong"), "a token in an address: {url}");
    }
    let seen = sim.requests();
    assert!(seen.iter().any(|r| r.uri.contains("/pipelines/")), "the simulator saw the page's requests");
    for r in &seen {
        assert!(!r.uri.contains("glpat"), "a token in {}", r.uri);
        for (name, value) in &r.headers {
            if value.contains("glpat") {
                assert_eq!(name, "private-token", "{} carried a token in {name}", r.uri);
            }
        }
    }
    let with_token = seen.iter().filter(|r| r.headers.iter().any(|(k, v)| k == "private-token" && v == TOKEN)).count();
    assert!(with_token >= 3, "the API calls carried the token: {with_token}");
    for head in h.server.seen.lock().unwrap().iter() {
        assert!(!head.contains("glpat"), "the app's server got a token: {head}");
    }
    let stored = s
        .execute(
            "return [localStorage.getItem('pipelens.gitlab'), sessionStorage.getItem('pipelens.gitlab')]",
            serde_json::json!([]),
        )
        .unwrap();
    assert!(stored[0].is_null(), "this tab only: nothing in localStorage: {stored}");
    assert!(stored[1].as_str().unwrap().contains(TOKEN));

    // Forgetting the instance clears its token from storage.
    s.click(&s.wait_for("[data-testid=connect]", WAIT).unwrap()).unwrap();
    s.click(&s.wait_for("[data-testid=forget]", WAIT).unwrap()).unwrap();
    wait_value(s, "return sessionStorage.getItem('pipelens.gitlab') === null", WAIT);
}

#[test]
fn an_error_shows_where_the_user_looks_and_clears_on_the_next_refresh() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    // `#/demo` connects to the demo GitLab (its address from the app's demo.json) and lists its projects.
    s.goto(&h.url("/#/demo")).unwrap();
    wait(s, r#"tr[data-project="demo-wall/service-100"]"#);
    assert_eq!(s.execute("return location.hash", serde_json::json!([])).unwrap(), "#/gitlab");
    let label = s.text(&s.wait_for("[data-testid=connect]", WAIT).unwrap()).unwrap();
    assert_eq!(label, "GitLab: demo");
    s.execute("location.hash = '#/gitlab/demo/app/-/pipelines'", serde_json::json!([])).unwrap();
    s.wait_for("tr[data-pipeline]", WAIT).unwrap();

    // The API answers garbage: the message shows above the list, which stays.
    sim.add_fault(Fault { path: "/pipelines".into(), method: None, times: None, kind: FaultKind::Malformed });
    s.click(&s.wait_for("[data-testid=refresh]", WAIT).unwrap()).unwrap();
    let error = s.wait_for("[data-testid=live-error]", WAIT).unwrap();
    assert!(s.text(&error).unwrap().contains("not as GitLab's API does"));
    assert!(!s.find_all("tr[data-pipeline]").unwrap().is_empty(), "the last good list stays");

    // Fixed: the next refresh clears it.
    sim.clear_faults();
    s.click(&s.wait_for("[data-testid=refresh]", WAIT).unwrap()).unwrap();
    wait_value(s, "return document.querySelector('[data-testid=live-error]') === null", WAIT);

    // A filter: only failed pipelines (the simulator decides which those are).
    set_field(s, "[data-testid=filter-status]", "failed");
    let failed = {
        let w = sim.lock();
        let app = w.projects.iter().find(|p| p.full_path == "demo/app").unwrap().id;
        w.pipelines.iter().filter(|p| p.project_id == app && p.status == "failed").count()
    };
    let script = format!(
        "const rows = [...document.querySelectorAll('tr[data-pipeline]')]; \
         const loading = document.querySelector('[data-testid=loading]'); \
         return !loading && rows.length === {failed} && rows.every(r => r.dataset.status === 'failed')"
    );
    wait_value(s, &script, WAIT);

    // A job address while connected opens the log viewer (its own tests are in `logs.rs`); a job that does
    // not exist says so where the log would be.
    s.execute("location.hash = '#/gitlab/demo/app/-/jobs/1'", serde_json::json!([])).unwrap();
    let error = s.text(&wait(s, "[data-testid=job-log-page] [data-testid=live-error]")).unwrap();
    assert!(error.contains("found nothing (404)"), "{error}");
    assert!(s.find_all("[data-testid=not-connected-message]").unwrap().is_empty());
}
