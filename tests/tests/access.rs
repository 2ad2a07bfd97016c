//! Keyboard, screen-reader names, touch pinch and dark mode in real headless Chromium.

use pipelens_e2e::{harness, wait_value};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

/// Presses a key on whatever has focus, as a user does (WebDriver actions, not synthetic events).
fn press(h: &pipelens_e2e::Harness, key: &str) {
    let focused = h.session.active_element().unwrap();
    h.session.send_keys(&focused, key).unwrap();
}

#[test]
fn jobs_are_reached_and_opened_with_the_keyboard_and_have_spoken_names() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="deploy"]"#, WAIT).unwrap();
    // The manual job's accessible name says what its icon shows.
    let name = h
        .session
        .execute("return document.querySelector('g[data-job=review-app] > title').textContent", json!([]))
        .unwrap();
    assert_eq!(name, json!("review-app, stage review, manual: waits for someone to start it, allowed to fail"));
    h.session.execute("document.querySelector('g[data-job=build]').focus()", json!([])).unwrap();
    // Focus lights up the needs chain as hover does.
    h.session.wait_for(r#"g.related[data-job="unit-tests"]"#, WAIT).unwrap();
    press(&h, "\u{E007}");
    let panel = h.session.wait_for("[data-testid=job-panel] h2", WAIT).unwrap();
    assert_eq!(h.session.text(&panel).unwrap(), "build");
    // Escape closes it again.
    press(&h, "\u{E00C}");
    wait_value(&h.session, "return document.querySelector('[data-testid=job-panel]') === null", WAIT);
    // Tab moves on to the next job.
    h.session.execute("document.querySelector('g[data-job=build]').focus()", json!([])).unwrap();
    press(&h, "\u{E004}");
    let next = h.session.execute("return document.activeElement.getAttribute('data-job')", json!([])).unwrap();
    assert!(next.as_str().is_some_and(|n| n != "build"), "Tab should reach another job, got {next}");
    // Arrow keys move between jobs: down the column, then across to the nearest box beside.
    h.session.execute("document.querySelector('g[data-job=unit-tests]').focus()", json!([])).unwrap();
    press(&h, "\u{E015}");
    let focused = || h.session.execute("return document.activeElement.getAttribute('data-job')", json!([])).unwrap();
    assert_eq!(focused(), json!("lint"));
    press(&h, "\u{E012}");
    assert_eq!(focused(), json!("build"));
    let scroll = h.session.execute("return document.querySelector('.right').scrollLeft", json!([])).unwrap();
    assert_eq!(scroll, json!(0), "arrows on a job move the focus, not the canvas");
    // Keys on the canvas zoom.
    h.session.execute("document.querySelector('.right').focus()", json!([])).unwrap();
    press(&h, "+");
    let zoom = h.session.wait_for("[data-testid=zoom-level]", WAIT).unwrap();
    assert_eq!(h.session.text(&zoom).unwrap(), "125 %");
    press(&h, "0");
    assert_eq!(h.session.text(&zoom).unwrap(), "100 %");
}

#[test]
fn two_fingers_pinch_to_zoom() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    h.session
        .execute(
            "const svg = document.querySelector('[data-testid=pipeline-graph]'); \
             const ev = (type, id, x) => svg.dispatchEvent(new PointerEvent(type, {bubbles: true, pointerId: id, pointerType: 'touch', clientX: x, clientY: 400})); \
             ev('pointerdown', 1, 600); ev('pointerdown', 2, 700); \
             ev('pointermove', 2, 750); ev('pointermove', 2, 800); \
             ev('pointerup', 1, 600); ev('pointerup', 2, 800);",
            json!([]),
        )
        .unwrap();
    // Fingers 100 px apart, then 200: twice the zoom.
    let level = wait_value(
        &h.session,
        "const t = document.querySelector('[data-testid=zoom-level]').textContent; return t === '100 %' ? null : t",
        WAIT,
    );
    assert_eq!(level, json!("200 %"));
}

#[test]
fn dark_mode_follows_the_system_setting() {
    let Some(h) = harness() else { return };
    let background = |h: &pipelens_e2e::Harness| {
        h.session.execute("return getComputedStyle(document.body).backgroundColor", json!([])).unwrap()
    };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    assert_eq!(background(&h), json!("rgb(250, 250, 250)"));
    h.session
        .cdp("Emulation.setEmulatedMedia", json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}))
        .unwrap();
    assert_eq!(background(&h), json!("rgb(24, 23, 29)"));
    h.screenshot("dark");
}
