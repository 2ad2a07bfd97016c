//! The editor page in real headless Chromium: example graph, live typing, errors, timing hooks.

use pipelens_e2e::{harness, set_editor_text};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn example_pipeline_is_drawn_on_load() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    for job in ["build", "unit-tests", "lint", "review-app", "deploy"] {
        h.session.wait_for(&format!(r#"g[data-job="{job}"]"#), WAIT).unwrap();
    }
    h.session.wait_for(r#"[data-edge="unit-tests->deploy"]"#, WAIT).unwrap();
    h.session.wait_for(r#"[data-edge="build->unit-tests"]"#, WAIT).unwrap();
    // The hidden template is not a job.
    assert!(h.session.find_all(r#"g[data-job=".rust"]"#).unwrap().is_empty());
    let shot = h.screenshot("editor");
    assert!(std::fs::metadata(shot).unwrap().len() > 1000);
}

#[test]
fn typed_job_appears_with_its_needs_edge() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    let editor = h.session.wait_for("[data-testid=yaml-editor]", WAIT).unwrap();
    h.session.wait_for(r#"g[data-job="deploy"]"#, WAIT).unwrap();
    h.session.send_keys(&editor, "\nsmoke:\n  stage: deploy\n  needs: [deploy]\n  script: ./smoke.sh\n").unwrap();
    h.session.wait_for(r#"g[data-job="smoke"]"#, WAIT).unwrap();
    h.session.wait_for(r#"[data-edge="deploy->smoke"]"#, WAIT).unwrap();
    // Every redraw records the text → graph measure.
    let n = h
        .session
        .execute("return performance.getEntriesByName('pipelens:yaml-to-graph', 'measure').length", json!([]))
        .unwrap();
    assert!(n.as_u64().unwrap_or(0) >= 1, "no pipelens:yaml-to-graph measure: {n}");
}

#[test]
fn broken_yaml_shows_an_error_with_its_line() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    // Replace the whole text as a paste would, firing the input event the app listens to.
    set_editor_text(&h.session, "stages: [build]\njob:\n  script: [echo\n  stage: build\n");
    let item = h.session.wait_for("[data-testid=diagnostics] li.error", WAIT).unwrap();
    let text = h.session.text(&item).unwrap();
    assert!(text.contains("YAML syntax error"), "{text}");
    let line: u32 = text.split_whitespace().find_map(|w| w.split(':').next()?.parse().ok()).unwrap_or(0);
    assert!((3..=5).contains(&line), "error should point at the unclosed flow sequence, got: {text}");
    // The page is still alive: editor and graph element remain.
    h.session.wait_for("[data-testid=pipeline-graph]", WAIT).unwrap();
    h.screenshot("editor-error");
}

#[test]
fn clicking_a_problem_selects_its_exact_range_in_the_editor() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    set_editor_text(&h.session, "job:\n  script: x\n  needs: [ghost]\n");
    let item = h.session.wait_for("[data-testid=diagnostics] li.error button", WAIT).unwrap();
    h.session.click(&item).unwrap();
    let selected = pipelens_e2e::wait_value(
        &h.session,
        "const a = document.querySelector('[data-testid=yaml-editor]'); \
         return a.selectionEnd > a.selectionStart ? a.value.slice(a.selectionStart, a.selectionEnd) : null",
        WAIT,
    );
    assert_eq!(selected, json!("ghost"));
}
