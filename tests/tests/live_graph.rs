//! The live pipeline graph in real headless Chromium against the demo simulator (manual clock): boxes with
//! GitLab's statuses that follow the simulator without a new layout, one request per poll while the
//! pipeline runs and none once it is finished, a child pipeline opened inline, a click that opens the job,
//! API failures shown and recovered from, and where the token went.

use pipelens_e2e::{click_css, harness_with_demo, wait_value, Fault, FaultKind, Harness, Session, Sim};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);
const TOKEN: &str = "glpat-demo-read";

fn wait(s: &Session, css: &str) {
    s.wait_for(css, WAIT).unwrap_or_else(|e| {
        let page = s.execute("return location.hash + '\\n' + document.body.innerText", serde_json::json!([]));
        panic!("{css}: {e}\npage: {page:?}")
    });
}

fn attr(s: &Session, css: &str, name: &str) -> Option<String> {
    let v = s
        .execute(
            "const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1])",
            serde_json::json!([css, name]),
        )
        .unwrap();
    v.as_str().map(str::to_string)
}

/// Connects to the demo (its read-only token) and opens a pipeline's page.
fn open(h: &Harness, project: &str, pipeline: u64) {
    let s = &h.session;
    s.goto(&h.url("/#/demo")).unwrap();
    wait(s, r#"tr[data-project="demo-wall/service-100"]"#);
    s.execute(
        "location.hash = arguments[0]",
        serde_json::json!([format!("#/gitlab/{project}/-/pipelines/{pipeline}")]),
    )
    .unwrap();
}

/// The newest pipeline of a project (not a child one).
fn latest(sim: &Sim, project: &str) -> u64 {
    let w = sim.lock();
    let id = w.projects.iter().find(|p| p.full_path == project).unwrap().id;
    w.pipelines.iter().filter(|p| p.project_id == id && p.source != "parent_pipeline").map(|p| p.id).max().unwrap()
}

/// The statuses the simulator holds for a pipeline's current jobs, by name: what the boxes must show.
fn sim_statuses(sim: &Sim, pipeline: u64) -> BTreeMap<String, String> {
    let w = sim.lock();
    w.current_jobs(pipeline).iter().map(|j| (j.spec.name.clone(), j.status.clone())).collect()
}

/// The boxes drawn at the pipeline's top level: `data-job` → `data-status`.
fn boxes(s: &Session) -> BTreeMap<String, String> {
    let v = s
        .execute(
            "return [...document.querySelectorAll('svg g.job[data-job][data-status]')] \
             .filter(g => !g.dataset.job.includes('/')).map(g => [g.dataset.job, g.dataset.status])",
            serde_json::json!([]),
        )
        .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_str().unwrap().to_string()))
        .collect()
}

/// Waits until the boxes show what the simulator holds.
fn wait_for_sim(s: &Session, sim: &Sim, pipeline: u64) -> BTreeMap<String, String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let (want, got) = (sim_statuses(sim, pipeline), boxes(s));
        if want == got {
            return got;
        }
        assert!(
            Instant::now() < deadline,
            "the boxes never showed the simulator's statuses\nwant {want:?}\ngot  {got:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn builds(s: &Session) -> u64 {
    attr(s, "[data-testid=live-graph]", "data-scene-builds").unwrap().parse().unwrap()
}

fn polls(s: &Session) -> u64 {
    attr(s, "[data-testid=live-graph]", "data-polls").unwrap().parse().unwrap()
}

/// Waits until no fetch is in flight, then (polls so far, requests the simulator got so far).
fn quiet_point(s: &Session, sim: &Sim) -> (u64, usize) {
    loop {
        wait_value(s, "return document.querySelector('[data-testid=loading]') === null", WAIT);
        let (p, n) = (polls(s), sim.requests().len());
        std::thread::sleep(Duration::from_millis(50));
        let idle = s.execute("return document.querySelector('[data-testid=loading]') === null", serde_json::json!([]));
        if idle.unwrap() == serde_json::json!(true) && polls(s) == p {
            return (p, n);
        }
    }
}

/// The API requests (not CORS preflights) the simulator got after the first `from`.
fn api_requests(sim: &Sim, from: usize) -> Vec<(String, String)> {
    api_requests_between(sim, from, usize::MAX)
}

fn api_requests_between(sim: &Sim, from: usize, to: usize) -> Vec<(String, String)> {
    let all = sim.requests();
    all[from..to.min(all.len())]
        .iter()
        .filter(|r| r.method != "OPTIONS")
        .map(|r| (r.method.clone(), r.uri.clone()))
        .collect()
}

#[test]
fn a_running_pipeline_repaints_its_boxes_with_one_request_per_poll_and_none_once_finished() {
    let Some((h, sim, sim_url)) = harness_with_demo() else { return };
    let s = &h.session;
    let id = latest(&sim, "demo/always");
    open(&h, "demo/always", id);
    wait(s, r#"svg g.job[data-job="compile"][data-status]"#);
    let first = wait_for_sim(s, &sim, id);
    assert_eq!(first.get("compile").map(String::as_str), Some("running"), "{first:?}");
    let drawn = builds(s);

    // Time passes on the simulator: the boxes follow, and the scene is not built again.
    sim.advance(40);
    let later = wait_for_sim(s, &sim, id);
    assert_ne!(first, later, "some status changed");
    assert_eq!(builds(s), drawn, "a status change repaints without a new layout");
    let tone = attr(s, r#"svg g.job[data-job="compile"]"#, "data-tone");
    assert_eq!(tone.as_deref(), Some("done"), "success reads as done");

    // While it runs: one GraphQL request per poll, and nothing else.
    let (p0, n0) = quiet_point(s, &sim);
    std::thread::sleep(Duration::from_secs(7));
    let (p1, n1) = quiet_point(s, &sim);
    let sent = api_requests_between(&sim, n0, n1);
    assert!(p1 > p0, "it polled while running");
    assert!(sent.iter().all(|(m, u)| m == "POST" && u == "/api/graphql"), "{sent:?}");
    assert_eq!(sent.len() as u64, p1 - p0, "one request per poll: {sent:?}");
    println!("requests per poll while running: {} requests / {} polls", sent.len(), p1 - p0);

    // Finished: no request at all over a window longer than the running poll interval.
    sim.advance(600);
    let status = sim.lock().pipeline(id).unwrap().status.clone();
    wait(s, &format!(r#"[data-testid=pipeline-summary][data-status="{status}"]"#));
    let (_, n2) = quiet_point(s, &sim);
    std::thread::sleep(Duration::from_secs(8));
    let after = api_requests(&sim, n2);
    assert!(after.is_empty(), "requests after the pipeline finished: {after:?}");
    println!("requests per poll once finished: 0 over 8 s");
    assert!(attr(s, "[data-testid=last-updated]", "data-stale").as_deref() == Some("false"));

    // Where the token went: only to the simulator, only in its header, never in an address.
    let urls = s
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])",
            serde_json::json!([]),
        )
        .unwrap();
    for url in urls.as_array().unwrap() {
        let url = url.as_str().unwrap();
        assert!(url.starts_with(&h.url("")) || url.starts_with(&sim_url), "a request to another origin: {url}");
        assert!(!url.contains("glpat"), "a token in an address: {url}");
    }
    let seen = sim.requests();
    assert!(seen.iter().any(|r| r.uri == "/api/graphql"));
    for r in &seen {
        assert!(!r.uri.contains("glpat"), "a token in {}", r.uri);
        for (name, value) in &r.headers {
            if value.contains("glpat") {
                assert_eq!((name.as_str(), value.as_str()), ("private-token", TOKEN), "{}", r.uri);
            }
        }
    }
    for head in h.server.seen.lock().unwrap().iter() {
        assert!(!head.contains("glpat"), "the app's server got a token: {head}");
    }
}

#[test]
fn a_child_pipeline_opens_inline_and_a_click_opens_the_job() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    let id = latest(&sim, "demo/monorepo");
    open(&h, "demo/monorepo", id);
    wait(s, r#"svg g.job[data-job="docs"][data-status]"#);
    wait_for_sim(s, &sim, id);
    let child = sim.lock().job_by_name(id, "docs").and_then(|j| j.downstream_pipeline).expect("the child pipeline");

    // The critical path on request: what finished last, back through what it waited for; the rest dimmed.
    s.execute("document.querySelector('[data-testid=critical-path]').click()", serde_json::json!([])).unwrap();
    let lit = wait_value(
        s,
        "const l = [...document.querySelectorAll('svg g.job.related')].map(g => g.dataset.job); return l.length ? l : null",
        WAIT,
    );
    let lit: Vec<&str> = lit.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(lit.contains(&"build") && lit.len() >= 2, "{lit:?}");
    assert_eq!(attr(s, r#"svg g.job[data-job="release"]"#, "class").map(|c| c.contains("dimmed")), Some(true));
    s.execute("document.querySelector('[data-testid=critical-path]').click()", serde_json::json!([])).unwrap();
    wait_value(s, "return document.querySelectorAll('svg g.job.related, svg g.job.dimmed').length === 0", WAIT);

    // The bridge's +: the child pipeline's jobs are fetched and drawn below it, with their statuses and ids.
    click_css(s, r#"[data-child-toggle="docs"]"#);
    wait(s, r#"svg g.job[data-job="docs/spell"][data-status]"#);
    let spell = sim.lock().job_by_name(child, "spell").cloned().unwrap();
    let css = r#"svg g.job[data-job="docs/spell"]"#;
    let deadline = Instant::now() + WAIT;
    while attr(s, css, "data-status").as_deref() != Some(sim.lock().job(spell.id).unwrap().status.as_str()) {
        assert!(Instant::now() < deadline, "docs/spell never showed the simulator's status");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(attr(s, css, "data-id"), Some(spell.id.to_string()));

    // A multi-project pipeline (trigger:project) opens the same way, with the other project's jobs.
    sim.advance(60);
    wait_for_sim(s, &sim, id);
    let other = sim.lock().job_by_name(id, "tools").and_then(|j| j.downstream_pipeline).expect("the downstream");
    click_css(s, r#"[data-child-toggle="tools"]"#);
    wait(s, r#"svg g.job[data-job="tools/external"][data-status="waiting_for_callback"]"#);
    let external = sim.lock().job_by_name(other, "external").map(|j| j.id).unwrap();
    assert_eq!(attr(s, r#"svg g.job[data-job="tools/external"]"#, "data-id"), Some(external.to_string()));

    // The list's "Details" opens a job's panel on the page; a click on a job's box opens the job (its log),
    // in this instance.
    let build = sim.lock().job_by_name(id, "build").cloned().unwrap();
    s.execute("document.querySelector('[data-testid=job-list]').open = true", serde_json::json!([])).unwrap();
    click_css(s, r#"[data-select-job="build"]"#);
    wait(s, r#"[data-testid=live-job-panel][data-job="build"]"#);
    assert_eq!(attr(s, "[data-testid=live-job-panel]", "data-id"), Some(build.id.to_string()));
    click_css(s, r#"svg g.job[data-job="build"]"#);
    let hash = wait_value(s, "return location.hash.includes('/-/jobs/') && location.hash", WAIT);
    assert_eq!(hash, format!("#/gitlab/demo/monorepo/-/jobs/{}", build.id));
}

#[test]
fn api_failures_show_their_message_and_the_page_recovers_by_itself() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    let id = latest(&sim, "demo/always");
    open(&h, "demo/always", id);
    wait(s, r#"svg g.job[data-job="compile"][data-status]"#);
    let cases = [
        (FaultKind::Status { status: 503 }, "5xx"),
        (FaultKind::RateLimit { retry_after: 1 }, "rate limiting (429)"),
        (FaultKind::Malformed, "not as GitLab's API does"),
    ];
    for (kind, message) in cases {
        sim.add_fault(Fault { path: "/api/graphql".into(), method: None, times: Some(1), kind });
        let text = wait_value(
            s,
            "const e = document.querySelector('[data-testid=live-error]'); return e && e.innerText",
            WAIT,
        );
        assert!(text.as_str().unwrap().contains(message), "{text}");
        assert_eq!(attr(s, "[data-testid=last-updated]", "data-stale").as_deref(), Some("true"));
        assert!(!boxes(s).is_empty(), "the last good graph stays");
        // The fault fired once: the next poll (after the backoff) succeeds and clears the message.
        wait_value(s, "return document.querySelector('[data-testid=live-error]') === null", WAIT);
        assert_eq!(attr(s, "[data-testid=last-updated]", "data-stale").as_deref(), Some("false"));
    }
    // A pipeline that does not exist: GitLab's 404, said plainly.
    s.execute("location.hash = '#/gitlab/demo/always/-/pipelines/999999'", serde_json::json!([])).unwrap();
    let text =
        wait_value(s, "const e = document.querySelector('[data-testid=live-error]'); return e && e.innerText", WAIT);
    assert!(text.as_str().unwrap().contains("404"), "{text}");
}

/// Sets what `document.hidden` says and fires `visibilitychange`, as switching tabs does.
fn set_hidden(s: &Session, hidden: bool) {
    s.execute(
        "Object.defineProperty(document, 'hidden', {value: arguments[0], configurable: true}); \
         document.dispatchEvent(new Event('visibilitychange'));",
        serde_json::json!([hidden]),
    )
    .unwrap();
}

#[test]
fn polling_pauses_while_the_tab_is_hidden_and_resumes_when_shown() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    let id = latest(&sim, "demo/always");
    open(&h, "demo/always", id);
    wait(s, r#"svg g.job[data-job="compile"][data-status]"#);
    set_hidden(s, true);
    let stale = wait_value(s, "const e = document.querySelector('[data-testid=stale]'); return e && e.innerText", WAIT);
    assert!(stale.as_str().unwrap().contains("Paused"), "{stale}");
    let (_, n0) = quiet_point(s, &sim);
    std::thread::sleep(Duration::from_secs(7));
    assert!(api_requests(&sim, n0).is_empty(), "no request while hidden");
    // Shown again: it fetches at once, and what changed meanwhile shows.
    sim.advance(40);
    set_hidden(s, false);
    wait_for_sim(s, &sim, id);
    assert!(!api_requests(&sim, n0).is_empty());
}

#[test]
fn a_request_that_never_answers_counts_as_failed_and_polling_goes_on() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    let id = latest(&sim, "demo/always");
    open(&h, "demo/always", id);
    wait(s, r#"svg g.job[data-job="compile"][data-status]"#);
    sim.add_fault(Fault { path: "/api/graphql".into(), method: None, times: Some(1), kind: FaultKind::Hang });
    let text = wait_value(
        s,
        "const e = document.querySelector('[data-testid=live-error]'); return e && e.innerText",
        Duration::from_secs(60),
    );
    assert!(text.as_str().unwrap().contains("did not answer in time"), "{text}");
    assert!(!boxes(s).is_empty(), "the last good graph stays");
    // The next poll answers: the message goes, and what changed meanwhile shows.
    sim.advance(40);
    wait_value(s, "return document.querySelector('[data-testid=live-error]') === null", WAIT);
    wait_for_sim(s, &sim, id);
}
