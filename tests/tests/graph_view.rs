//! Graph interactions in real headless Chromium: job panel, pipeline context, needs-chain highlight.

use pipelens_e2e::{editor_text, harness, set_editor_text, set_field, wait_value};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn clicking_a_job_opens_its_panel_with_why_and_definition() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    let build = h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    h.session.click(&build).unwrap();
    let why = h.session.wait_for("[data-testid=job-why]", WAIT).unwrap();
    assert!(h.session.text(&why).unwrap().contains("only"), "why should name the deciding clause");
    let def = h.session.wait_for("[data-testid=job-definition]", WAIT).unwrap();
    let text = h.session.text(&def).unwrap();
    // `image` comes from the hidden `.rust` job through `extends`.
    assert!(text.contains("image: rust:1.85"), "{text}");
    h.screenshot("job-panel");
}

#[test]
fn merge_request_context_leaves_out_branch_only_jobs() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    // Add an MR-only job, then switch the context to a merge request pipeline.
    let text = editor_text(&h.session)
        + "\nmr-check:\n  stage: test\n  script: x\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n";
    set_editor_text(&h.session, &text);
    set_field(&h.session, "[data-testid=ctx-source]", "merge_request_event");
    h.session.wait_for(r#"g[data-job="mr-check"]"#, WAIT).unwrap();
    assert!(
        h.session.find_all(r#"g[data-job="build"]"#).unwrap().is_empty(),
        "build has no rules: not in MR pipelines"
    );
    let status = h.session.wait_for("[data-testid=pipeline-status]", WAIT).unwrap();
    assert!(h.session.text(&status).unwrap().contains("5 left out"));
}

#[test]
fn hovering_a_job_highlights_its_needs_chain() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="unit-tests"]"#, WAIT).unwrap();
    h.session
        .execute(
            "document.querySelector('g[data-job=\"unit-tests\"] rect').dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));",
            json!([]),
        )
        .unwrap();
    h.session.wait_for(r#"g.related[data-job="build"]"#, WAIT).unwrap();
    h.session.wait_for(r#"g.related[data-job="deploy"]"#, WAIT).unwrap();
    h.session.wait_for(r#"g.dimmed[data-job="lint"]"#, WAIT).unwrap();
    h.session.wait_for(r#"path.related[data-edge="build->unit-tests"]"#, WAIT).unwrap();
}

#[test]
fn parallel_group_is_one_node_until_clicked() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    set_editor_text(
        &h.session,
        "rspec:\n  stage: test\n  script: x\n  parallel: 3\nreport:\n  stage: deploy\n  needs: [rspec]\n  script: x\n",
    );
    let group = h.session.wait_for(r#"g[data-job="rspec"][data-group="rspec"][data-count="3"]"#, WAIT).unwrap();
    h.session.wait_for(r#"[data-edge="rspec->report"]"#, WAIT).unwrap();
    assert!(h.session.find_all(r#"g[data-job="rspec 1/3"]"#).unwrap().is_empty());
    h.session.click(&group).unwrap();
    for i in 1..=3 {
        h.session.wait_for(&format!(r#"g[data-job="rspec {i}/3"]"#), WAIT).unwrap();
    }
    h.session.wait_for(r#"[data-edge="rspec 2/3->report"]"#, WAIT).unwrap();
}

#[test]
fn search_dims_other_jobs_and_svg_export_downloads_the_drawing() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    let search = h.session.wait_for("[data-testid=job-search]", WAIT).unwrap();
    h.session.send_keys(&search, "deploy").unwrap();
    h.session.wait_for(r#"g.related[data-job="deploy"]"#, WAIT).unwrap();
    h.session.wait_for(r#"g.dimmed[data-job="build"]"#, WAIT).unwrap();

    // Capture the download instead of writing a file: record the Blob's text and the file name.
    h.session
        .execute(
            "window.__saved = null; const create = URL.createObjectURL; \
             URL.createObjectURL = b => { b.text().then(t => window.__saved = t); return create(b); }; \
             HTMLAnchorElement.prototype.click = function () { window.__name = this.download; };",
            json!([]),
        )
        .unwrap();
    let button = h.session.wait_for("[data-testid=export-svg]", WAIT).unwrap();
    h.session.click(&button).unwrap();
    let saved = wait_value(&h.session, "return window.__saved || null", WAIT).as_str().unwrap_or_default().to_string();
    assert!(saved.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{saved}");
    assert!(saved.contains(r#"data-edge="unit-tests->deploy""#));
    assert_eq!(h.session.execute("return window.__name", json!([])).unwrap(), json!("pipeline.svg"));
}

#[test]
fn zoom_buttons_scale_the_drawing_and_fit_fills_the_canvas() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    let width = |h: &pipelens_e2e::Harness| -> f64 {
        let v = h
            .session
            .execute("return document.querySelector('[data-testid=pipeline-graph]').getAttribute('width')", json!([]))
            .unwrap();
        v.as_str().unwrap().parse().unwrap()
    };
    let before = width(&h);
    let zoom_in = h.session.wait_for("[data-testid=zoom-in]", WAIT).unwrap();
    h.session.click(&zoom_in).unwrap();
    h.session.wait_for("[data-testid=zoom-level]", WAIT).unwrap();
    let graph_width = "Number(document.querySelector('[data-testid=pipeline-graph]').getAttribute('width'))";
    wait_value(&h.session, &format!("return Math.abs({graph_width} - {}) <= 1", before * 1.25), WAIT);
    let fit = h.session.wait_for("[data-testid=zoom-fit]", WAIT).unwrap();
    h.session.click(&fit).unwrap();
    // Fit is applied once the canvas has been measured: wait for the drawing to fit, then check it fills.
    let canvas_width = "document.querySelector('.right').clientWidth";
    wait_value(&h.session, &format!("return {graph_width} <= {canvas_width}"), WAIT);
    let canvas = h.session.execute(&format!("return {canvas_width}"), json!([])).unwrap().as_f64().unwrap();
    let fitted = width(&h);
    assert!(fitted <= canvas && fitted > canvas * 0.5, "fit: drawing {fitted}px in a {canvas}px canvas");
}

#[test]
fn a_huge_graph_puts_only_the_visible_part_in_the_dom_and_search_goes_to_a_far_job() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    // 40 stages × 10 jobs = 400 boxes, more than are ever on screen.
    let mut yaml = String::from("stages: [");
    yaml += &(0..40).map(|i| format!("s{i}")).collect::<Vec<_>>().join(", ");
    yaml += "]\n";
    for s in 0..40 {
        for j in 0..10 {
            yaml += &format!("job-{s}-{j}:\n  stage: s{s}\n  script: x\n");
        }
    }
    set_editor_text(&h.session, &yaml);
    h.session.wait_for(r#"g[data-job="job-0-0"]"#, WAIT).unwrap();
    let label = h
        .session
        .execute("return document.querySelector('[data-testid=pipeline-graph]').getAttribute('aria-label')", json!([]))
        .unwrap();
    assert_eq!(label, json!("pipeline graph: 400 boxes in 40 columns"));
    let in_dom = h.session.find_all("g[data-job]").unwrap().len();
    assert!((10..400).contains(&in_dom), "{in_dom} boxes in the DOM");
    // No job has `needs`, so each waits for the stage before: one bus per gap, a stub per job on each side.
    let stubs = h
        .session
        .execute("return document.querySelector('path.stage-links').getAttribute('d').split('M').length - 1", json!([]))
        .unwrap();
    assert_eq!(stubs, json!(39 * (10 + 10 + 1)));
    assert!(h.session.find_all(r#"g[data-job="job-39-9"]"#).unwrap().is_empty());

    // Scrolling to the end brings the last column in.
    h.session.execute("const c = document.querySelector('.right'); c.scrollLeft = c.scrollWidth;", json!([])).unwrap();
    h.session.wait_for(r#"g[data-job="job-39-9"]"#, WAIT).unwrap();
    assert!(h.session.find_all(r#"g[data-job="job-0-0"]"#).unwrap().is_empty());

    // Back at the start, Enter in the search box goes to the first match, however far.
    h.session.execute("document.querySelector('.right').scrollLeft = 0;", json!([])).unwrap();
    h.session.wait_for(r#"g[data-job="job-0-0"]"#, WAIT).unwrap();
    let search = h.session.wait_for("[data-testid=job-search]", WAIT).unwrap();
    h.session.send_keys(&search, "job-37-4\u{E007}").unwrap();
    h.session.wait_for(r#"g.selected[data-job="job-37-4"]"#, WAIT).unwrap();
    let panel = h.session.wait_for("[data-testid=job-panel] h2", WAIT).unwrap();
    assert_eq!(h.session.text(&panel).unwrap(), "job-37-4");
}
