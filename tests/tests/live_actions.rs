//! Acting on a live pipeline in real headless Chromium against the demo simulator: retry a failed job (its
//! new attempt appears, with a new id), play a manual job with variables (the simulator gets them), cancel a
//! pipeline after a confirmation, run a new pipeline with variables from the pipelines page and land on its
//! graph, and a read-only token's clear refusal.

use pipelens_e2e::{click_css, harness_with_demo, set_field, wait_value, Harness, Session, Sim};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

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

fn wait_attr(s: &Session, css: &str, name: &str, want: &str) {
    let deadline = Instant::now() + WAIT;
    while attr(s, css, name).as_deref() != Some(want) {
        assert!(Instant::now() < deadline, "{css} never had {name}={want} (has {:?})", attr(s, css, name));
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Connects with `token` through the dialog, as a user does.
fn connect(h: &Harness, url: &str, token: &str) {
    pipelens_e2e::connect(h, url, token);
    wait(&h.session, r#"tr[data-project="demo-wall/service-100"]"#);
}

fn go(s: &Session, hash: &str) {
    s.execute("location.hash = arguments[0]", serde_json::json!([hash])).unwrap();
}

/// The demo/app pipeline that finished an hour before the start (its `flaky` job failed, `deploy` waits).
fn finished_app_pipeline(sim: &Sim) -> u64 {
    let w = sim.lock();
    let app = w.projects.iter().find(|p| p.full_path == "demo/app").unwrap().id;
    w.pipelines.iter().filter(|p| p.project_id == app).map(|p| p.id).min().unwrap()
}

/// Opens a job's panel from the job list (a click on its box opens its log instead).
fn select(s: &Session, job: &str) {
    wait(s, &format!(r#"svg g.job[data-job="{job}"][data-status]"#));
    s.execute("document.querySelector('[data-testid=job-list]').open = true", serde_json::json!([])).unwrap();
    click_css(s, &format!(r#"[data-select-job="{job}"]"#));
    wait(s, &format!(r#"[data-testid=live-job-panel][data-job="{job}"]"#));
}

#[test]
fn retry_a_failed_job_then_play_a_manual_one_with_variables() {
    let Some((h, sim, url)) = harness_with_demo() else { return };
    let s = &h.session;
    connect(&h, &url, "glpat-demo-api");
    let id = finished_app_pipeline(&sim);
    go(s, &format!("#/gitlab/demo/app/-/pipelines/{id}"));

    // Retry: GitLab makes a new job (new id) and marks the old one retried; the box shows the new attempt.
    let old = sim.lock().job_by_name(id, "flaky").cloned().unwrap();
    assert_eq!(old.status, "failed");
    select(s, "flaky");
    wait_attr(s, r#"svg g.job[data-job="flaky"]"#, "data-id", &old.id.to_string());
    click_css(s, "[data-testid=retry-job]");
    let feedback = wait_value(
        s,
        "const e = document.querySelector('[data-testid=action-feedback]'); return e && e.innerText",
        WAIT,
    );
    let new = sim.lock().job_by_name(id, "flaky").cloned().unwrap();
    assert_ne!(new.id, old.id, "a new job");
    assert!(sim.lock().job(old.id).unwrap().retried, "the old attempt is marked retried");
    assert!(feedback.as_str().unwrap().contains(&format!("new job #{}", new.id)), "{feedback}");
    wait_attr(s, r#"svg g.job[data-job="flaky"]"#, "data-id", &new.id.to_string());
    let status = sim.lock().job(new.id).unwrap().status.clone();
    wait_attr(s, r#"svg g.job[data-job="flaky"]"#, "data-status", &status);
    wait(s, "[data-testid=live-job-panel] dd");
    let panel = s.text(&s.wait_for("[data-testid=live-job-panel]", WAIT).unwrap()).unwrap();
    assert!(panel.contains("1 time(s) before"), "the panel counts the retry: {panel}");

    // Play the manual job with a variable: it moves on, and the variable reaches the job.
    let deploy = sim.lock().job_by_name(id, "deploy").cloned().unwrap();
    assert_eq!(deploy.status, "manual");
    select(s, "deploy");
    wait(s, "[data-testid=play-form]");
    set_field(s, "[data-testid=play-var-key-0]", "DEPLOY_ENV");
    set_field(s, "[data-testid=play-var-value-0]", "staging");
    click_css(s, "[data-testid=play-job]");
    let deadline = Instant::now() + WAIT;
    while sim.lock().job(deploy.id).unwrap().status == "manual" {
        assert!(Instant::now() < deadline, "the manual job was never played");
        std::thread::sleep(Duration::from_millis(100));
    }
    let played = sim.lock().job(deploy.id).cloned().unwrap();
    assert_eq!(played.play_variables, [("DEPLOY_ENV".to_string(), "staging".to_string())]);
    wait_attr(s, r#"svg g.job[data-job="deploy"]"#, "data-status", &played.status);
}

#[test]
fn cancel_a_running_pipeline_after_confirming_and_run_a_new_one_with_variables() {
    let Some((h, sim, url)) = harness_with_demo() else { return };
    let s = &h.session;
    connect(&h, &url, "glpat-demo-api");
    let running = {
        let w = sim.lock();
        let app = w.projects.iter().find(|p| p.full_path == "demo/app").unwrap().id;
        w.pipelines.iter().filter(|p| p.project_id == app).map(|p| p.id).max().unwrap()
    };
    go(s, &format!("#/gitlab/demo/app/-/pipelines/{running}"));
    wait(s, "svg g.job[data-job][data-status]");
    wait(s, "[data-testid=cancel-pipeline]:not([disabled])");

    // Cancel asks first: the first click only asks, the second cancels.
    click_css(s, "[data-testid=cancel-pipeline]");
    let label = s.text(&s.wait_for("[data-testid=cancel-pipeline]", WAIT).unwrap()).unwrap();
    assert!(label.contains("Really"), "{label}");
    assert!(sim.lock().current_jobs(running).iter().all(|j| !j.status.starts_with("cancel")), "nothing sent yet");
    click_css(s, "[data-testid=cancel-pipeline]");
    // Running jobs go through `canceling` to `canceled`; the boxes follow.
    let deadline = Instant::now() + WAIT;
    while !sim.lock().current_jobs(running).iter().any(|j| j.status == "canceling" || j.status == "canceled") {
        assert!(Instant::now() < deadline, "the pipeline was never cancelled");
        std::thread::sleep(Duration::from_millis(100));
    }
    sim.advance(5);
    let status = sim.lock().pipeline(running).unwrap().status.clone();
    assert_eq!(status, "canceled");
    wait_attr(s, "[data-testid=pipeline-summary]", "data-status", "canceled");

    // Run a pipeline for a ref with a variable from the pipelines page: the page opens its live graph.
    go(s, "#/gitlab/demo/app/-/pipelines");
    wait(s, "[data-testid=run-pipeline]");
    click_css(s, "[data-testid=run-pipeline] summary");
    set_field(s, "[data-testid=run-ref]", "main");
    set_field(s, "[data-testid=run-var-key-0]", "RELEASE");
    set_field(s, "[data-testid=run-var-value-0]", "yes");
    click_css(s, "[data-testid=run-submit]");
    let hash = wait_value(s, "return /pipelines\\/\\d+$/.test(location.hash) && location.hash", WAIT);
    let new_id: u64 = hash.as_str().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    assert!(new_id > running);
    let p = sim.lock().pipeline(new_id).cloned().unwrap();
    assert_eq!((p.git_ref.as_str(), p.source.as_str()), ("main", "api"));
    assert_eq!(p.variables, [("RELEASE".to_string(), "yes".to_string(), "env_var".to_string())]);
    wait(s, r#"svg g.job[data-job="build"][data-status]"#);

    // An unknown ref: GitLab's refusal, and what was typed stays.
    go(s, "#/gitlab/demo/app/-/pipelines");
    wait(s, "[data-testid=run-pipeline]");
    click_css(s, "[data-testid=run-pipeline] summary");
    set_field(s, "[data-testid=run-ref]", "no-such-branch");
    click_css(s, "[data-testid=run-submit]");
    let error =
        wait_value(s, "const e = document.querySelector('[data-testid=run-error]'); return e && e.innerText", WAIT);
    assert!(error.as_str().unwrap().contains("Reference not found"), "{error}");
    assert_eq!(
        attr(s, "[data-testid=run-ref]", "value").or_else(|| {
            s.execute("return document.querySelector('[data-testid=run-ref]').value", serde_json::json!([]))
                .unwrap()
                .as_str()
                .map(str::to_string)
        }),
        Some("no-such-branch".to_string())
    );
}

#[test]
fn a_read_only_token_is_told_it_needs_the_api_scope() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    // `#/demo` connects with the demo's read_api token.
    s.goto(&h.url("/#/demo")).unwrap();
    wait(s, r#"tr[data-project="demo-wall/service-100"]"#);
    let id = finished_app_pipeline(&sim);
    go(s, &format!("#/gitlab/demo/app/-/pipelines/{id}"));
    select(s, "flaky");
    click_css(s, "[data-testid=retry-job]");
    let text = wait_value(
        s,
        "const e = document.querySelector('[data-testid=action-feedback]'); return e && e.innerText",
        WAIT,
    );
    let text = text.as_str().unwrap();
    assert!(text.contains("insufficient_scope") && text.contains("api scope"), "{text}");
    assert_eq!(sim.lock().job_by_name(id, "flaky").unwrap().status, "failed", "nothing was retried");
}
