//! Predict, then run, in real headless Chromium against the demo simulator: the predicted graph of a branch
//! with every include read through the API, GitLab's dry run beside it, Run, and the created pipeline
//! compared with the prediction. The simulator creates jobs from the configuration at the ref, so
//! "predicted = created" is a statement about the page's include fetching, context and comparison.

use pipelens_e2e::{harness_with_demo, type_into, wait_value, Session, Sim};
use std::collections::BTreeSet;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);
/// Run and the dry run need the `api` scope.
const TOKEN: &str = "glpat-demo-api";

fn wait(s: &Session, css: &str) -> pipelens_e2e::Element {
    s.wait_for(css, WAIT).unwrap_or_else(|e| {
        let page = s.execute("return location.hash + '\\n' + document.body.innerText", serde_json::json!([]));
        panic!("{css}: {e}\npage: {page:?}")
    })
}

fn texts(s: &Session, css: &str) -> Vec<String> {
    let v = s
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)",
            serde_json::json!([css]),
        )
        .unwrap();
    v.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect()
}

/// Connects with the api token, then opens the predict page from the project's pipelines page.
fn open_predict(s: &Session, h: &pipelens_e2e::Harness, sim_url: &str) {
    pipelens_e2e::connect(h, sim_url, TOKEN);
    s.execute("location.hash = '#/gitlab/demo/predict/-/pipelines'", serde_json::json!([])).unwrap();
    s.click(&wait(s, "[data-testid=predict-link]")).unwrap();
    wait(s, "[data-testid=predict-page]");
    let hash = s.execute("return location.hash", serde_json::json!([])).unwrap();
    assert_eq!(hash, "#/gitlab/demo/predict/-/pipelines/new");
}

/// Predicts for a branch and waits for the graph and GitLab's answer.
fn predict_branch(s: &Session, branch: &str) -> BTreeSet<String> {
    predict(s, "branch", branch)
}

/// Chooses `kind` (`branch`, `tag`, `mr`) and `value`, predicts, and waits for the graph and GitLab's answer.
fn predict(s: &Session, kind: &str, value: &str) -> BTreeSet<String> {
    pipelens_e2e::set_field(s, "[data-testid=predict-kind]", kind);
    type_into(s, "[data-testid=predict-ref]", value);
    s.click(&wait(s, "[data-testid=predict]")).unwrap();
    wait(s, "[data-testid=predict-summary]");
    let boxes = wait_value(
        s,
        "const b = [...document.querySelectorAll('[data-job]')].map(e => e.dataset.job); return b.length ? b : null",
        WAIT,
    );
    wait(s, "[data-testid=lint]");
    boxes.as_array().unwrap().iter().map(|b| b.as_str().unwrap().to_string()).collect()
}

/// The jobs the simulator created for the project's newest pipeline on `git_ref`, and that pipeline's id.
fn created_jobs(sim: &Sim, git_ref: &str) -> (u64, BTreeSet<String>) {
    created_with_source(sim, git_ref, "api")
}

fn created_with_source(sim: &Sim, git_ref: &str, source: &str) -> (u64, BTreeSet<String>) {
    let w = sim.lock();
    let project = w.projects.iter().find(|p| p.full_path == "demo/predict").unwrap().id;
    let pipeline = w.pipelines.iter().filter(|p| p.project_id == project && p.git_ref == git_ref).max_by_key(|p| p.id);
    let pipeline = pipeline.expect("a created pipeline");
    assert_eq!(pipeline.source, source);
    let jobs = w.jobs.iter().filter(|j| j.pipeline_id == pipeline.id).map(|j| j.spec.name.clone()).collect();
    (pipeline.id, jobs)
}

fn attr(s: &Session, css: &str, name: &str) -> String {
    let v = s
        .execute(
            "return document.querySelector(arguments[0]).getAttribute(arguments[1])",
            serde_json::json!([css, name]),
        )
        .unwrap();
    v.as_str().unwrap_or_default().to_string()
}

#[test]
fn predict_then_run_a_branch_and_the_created_pipeline_is_the_predicted_one() {
    let Some((h, sim, sim_url)) = harness_with_demo() else { return };
    let s = &h.session;
    open_predict(s, &h, &sim_url);
    let boxes = predict_branch(s, "feature/fast");
    // local (build, docs), project (unit), template (lint), component (audit); not deploy (main only) nor review (MR).
    let expected: BTreeSet<String> = ["audit", "build", "docs", "lint", "unit"].map(String::from).into();
    assert_eq!(boxes, expected);
    // Each job's why is listed.
    let why = texts(s, "[data-why-job]");
    assert_eq!(why.len(), 5, "{why:?}");
    assert!(why.iter().all(|w| w.contains(" — ")), "{why:?}");
    // GitLab's dry run agrees.
    assert_eq!(attr(s, "[data-testid=lint]", "data-valid"), "true");
    assert_eq!(attr(s, "[data-testid=lint]", "data-differences"), "0", "{:?}", texts(s, "[data-testid=lint]"));

    s.click(&wait(s, "[data-testid=run]")).unwrap();
    wait(s, "[data-testid=created]");
    let (id, jobs) = created_jobs(&sim, "feature/fast");
    assert_eq!(jobs, expected);
    assert_eq!(attr(s, "[data-testid=created]", "data-pipeline"), id.to_string());
    assert_eq!(attr(s, "[data-testid=created]", "data-differences"), "0", "{:?}", texts(s, "[data-testid=created]"));
    assert!(texts(s, "[data-testid=run-difference]").is_empty());
    assert_eq!(attr(s, "[data-testid=created-link]", "href"), format!("#/gitlab/demo/predict/-/pipelines/{id}"));
}

#[test]
fn a_project_variable_the_prediction_cannot_see_is_listed_as_a_difference() {
    let Some((h, sim, sim_url)) = harness_with_demo() else { return };
    let s = &h.session;
    open_predict(s, &h, &sim_url);
    let boxes = predict_branch(s, "main");
    assert!(!boxes.contains("deploy"), "{boxes:?}");
    // The project's CI/CD variable DEPLOY_ENABLED adds `deploy` on GitLab's side: the dry run says so.
    assert_eq!(attr(s, "[data-testid=lint]", "data-differences"), "1");
    assert_eq!(texts(s, "[data-testid=lint-difference]"), ["deploy: in GitLab's dry run, not predicted"]);
    s.click(&wait(s, "[data-testid=run]")).unwrap();
    wait(s, "[data-testid=created]");
    let (_, jobs) = created_jobs(&sim, "main");
    assert!(jobs.contains("deploy"));
    assert_eq!(texts(s, "[data-testid=run-difference]"), ["deploy: created, not predicted"]);
}

#[test]
fn a_merge_request_pipeline_is_predicted_with_its_changes_and_run() {
    let Some((h, sim, sim_url)) = harness_with_demo() else { return };
    let s = &h.session;
    open_predict(s, &h, &sim_url);
    let boxes = predict(s, "mr", "1");
    // The merge request changes src/fast.rs only: `docs` (changes: docs/**/*) is out, `review` (an MR job) in.
    let expected: BTreeSet<String> = ["audit", "build", "lint", "review", "unit"].map(String::from).into();
    assert_eq!(boxes, expected);
    let summary = texts(s, "[data-testid=predict-summary]").concat();
    assert!(summary.contains("merge_request_event") && summary.contains("feature/fast"), "{summary}");
    assert!(texts(s, "[data-excluded-job]").iter().any(|t| t.starts_with("docs")));
    // The dry run is a push on the source branch, compared with a push prediction: the same jobs.
    assert_eq!(attr(s, "[data-testid=lint]", "data-differences"), "0", "{:?}", texts(s, "[data-testid=lint]"));
    s.click(&wait(s, "[data-testid=run]")).unwrap();
    wait(s, "[data-testid=created]");
    let (id, jobs) = created_with_source(&sim, "refs/merge-requests/1/head", "merge_request_event");
    assert_eq!(jobs, expected);
    assert_eq!(attr(s, "[data-testid=created]", "data-pipeline"), id.to_string());
    assert_eq!(attr(s, "[data-testid=created]", "data-differences"), "0", "{:?}", texts(s, "[data-testid=created]"));
}

#[test]
fn a_remote_include_the_browser_may_not_read_is_a_note_and_gitlabs_answer_has_its_jobs() {
    let Some((h, _sim, sim_url)) = harness_with_demo() else { return };
    let s = &h.session;
    open_predict(s, &h, &sim_url);
    let boxes = predict_branch(s, "with-remote");
    assert!(!boxes.contains("notify"), "{boxes:?}");
    let problems = texts(s, "[data-testid=predict-problems] li");
    assert!(
        problems.iter().any(|p| p.contains("CORS") && p.contains("/-/sim/remote/shared/notify.yml")),
        "{problems:?}"
    );
    assert_eq!(texts(s, "[data-testid=lint-difference]"), ["notify: in GitLab's dry run, not predicted"]);
}
