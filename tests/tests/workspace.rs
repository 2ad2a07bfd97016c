//! Several files, share links and exports in real headless Chromium.

use pipelens_e2e::{drop_files, harness, set_editor_text, set_field, wait_value};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

const ROOT: &str = "include: ci/test.yml\nbuild:\n  stage: build\n  script: x\n";
const INCLUDED: &str = "unit:\n  stage: test\n  needs: [build]\n  script: x\n";

#[test]
fn dropped_files_open_as_tabs_and_resolve_local_includes() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    set_editor_text(&h.session, ROOT);
    let diags = h.session.wait_for("[data-testid=diagnostics] li", WAIT).unwrap();
    assert!(h.session.text(&diags).unwrap().contains("ci/test.yml"));

    drop_files(&h.session, &[("test.yml", INCLUDED)]);
    h.session.wait_for(r#"[data-testid=file-tabs] [data-file="test.yml"]"#, WAIT).unwrap();
    // The dropped file is named as the include names it.
    set_field(&h.session, "[data-testid=file-path]", "ci/test.yml");
    h.session.wait_for(r#"[data-file="ci/test.yml"]"#, WAIT).unwrap();
    h.session.wait_for(r#"[data-edge="build->unit"]"#, WAIT).unwrap();
    assert!(h.session.find_all("[data-testid=diagnostics] li").unwrap().is_empty());

    // The job panel names the included file, and its link brings that tab back with the caret on the line.
    let root_tab = h.session.wait_for(r#"[data-file=".gitlab-ci.yml"] button"#, WAIT).unwrap();
    h.session.click(&root_tab).unwrap();
    let unit = h.session.wait_for(r#"g[data-job="unit"]"#, WAIT).unwrap();
    h.session.click(&unit).unwrap();
    let at = h.session.wait_for("[data-testid=job-defined-at]", WAIT).unwrap();
    assert_eq!(h.session.text(&at).unwrap(), "ci/test.yml:1");
    h.session.click(&at).unwrap();
    let text = wait_value(
        &h.session,
        "const t = document.querySelector('[data-testid=yaml-editor]'); \
         return t.value.startsWith('unit:') && document.activeElement === t ? t.value : null",
        WAIT,
    );
    assert_eq!(text, json!(INCLUDED));
    h.screenshot("two-files");
}

#[test]
fn the_file_picker_reads_files_from_disk() {
    let Some(h) = harness() else { return };
    let dir = pipelens_e2e::root().join("target").join("e2e").join("picked");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".gitlab-ci.yml"), ROOT).unwrap();
    std::fs::write(dir.join("test.yml"), INCLUDED).unwrap();
    // Latin-1, not UTF-8: refused with where the bad byte is, not silently mangled.
    std::fs::write(dir.join("latin1.yml"), b"a:\n  script: caf\xe9\n").unwrap();
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    let input = h.session.wait_for("[data-testid=open-files]", WAIT).unwrap();
    let keys = format!(
        "{}\n{}\n{}",
        dir.join(".gitlab-ci.yml").display(),
        dir.join("test.yml").display(),
        dir.join("latin1.yml").display()
    );
    h.session.send_keys(&input, &keys).unwrap();
    let notice = h.session.wait_for("[data-testid=notice]", WAIT).unwrap();
    let text = h.session.text(&notice).unwrap();
    assert!(text.contains("latin1.yml (not UTF-8 text: invalid byte at line 2, column 14)"), "{text}");
    // The picked `.gitlab-ci.yml` replaces the example and is shown first; the other opens as a new tab.
    h.session.wait_for(r#"[data-file="test.yml"]"#, WAIT).unwrap();
    let editor = wait_value(&h.session, "return document.querySelector('[data-testid=yaml-editor]').value", WAIT);
    assert_eq!(editor, json!(ROOT));
    let tab = h.session.wait_for(r#"[data-file="test.yml"] button"#, WAIT).unwrap();
    h.session.click(&tab).unwrap();
    set_field(&h.session, "[data-testid=file-path]", "ci/test.yml");
    h.session.wait_for(r#"[data-edge="build->unit"]"#, WAIT).unwrap();
}

#[test]
fn a_share_link_restores_files_and_context_and_a_damaged_one_says_so() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    set_editor_text(&h.session, ROOT);
    drop_files(&h.session, &[("ci/test.yml", INCLUDED)]);
    h.session.wait_for(r#"[data-edge="build->unit"]"#, WAIT).unwrap();
    set_field(&h.session, "[data-testid=ctx-branch]", "feature/x");
    let share = h.session.wait_for("[data-testid=share]", WAIT).unwrap();
    h.session.click(&share).unwrap();
    let notice = h.session.wait_for("[data-testid=notice]", WAIT).unwrap();
    assert!(h.session.text(&notice).unwrap().contains("Share link"));
    let url = wait_value(&h.session, "return location.hash.startsWith('#share=1.') ? location.href : null", WAIT);
    let url = url.as_str().unwrap().to_string();

    // A fresh page load from the link alone.
    h.session.goto("about:blank").unwrap();
    h.session.goto(&url).unwrap();
    h.session.wait_for(r#"[data-edge="build->unit"]"#, WAIT).unwrap();
    let tabs = h.session.execute(
        "return [...document.querySelectorAll('[data-testid=file-tabs] [data-file]')].map(t => t.dataset.file)",
        json!([]),
    );
    assert_eq!(tabs.unwrap(), json!([".gitlab-ci.yml", "ci/test.yml"]));
    let branch = h.session.execute("return document.querySelector('[data-testid=ctx-branch]').value", json!([]));
    assert_eq!(branch.unwrap(), json!("feature/x"));
    let notice = h.session.wait_for("[data-testid=notice]", WAIT).unwrap();
    assert!(h.session.text(&notice).unwrap().starts_with("Opened from a share link: 2 file(s)"));

    // Damaged: a message where the user looks, and the example instead of a blank page.
    h.session.goto("about:blank").unwrap();
    h.session.goto(&h.url("/#share=1.AAAA-not-deflate")).unwrap();
    let notice = h.session.wait_for("[data-testid=notice]", WAIT).unwrap();
    assert!(h.session.text(&notice).unwrap().contains("Share link not opened"), "{}", h.session.text(&notice).unwrap());
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
}

#[test]
fn excluded_jobs_show_greyed_on_request_and_the_legend_explains_the_icons() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    set_editor_text(
        &h.session,
        "build:\n  script: x\nrelease:\n  stage: deploy\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\n",
    );
    h.session.wait_for(r#"g[data-job="build"][data-kind="on-success"]"#, WAIT).unwrap();
    assert!(h.session.find_all(r#"g[data-job="release"]"#).unwrap().is_empty());
    let legend = h.session.wait_for("[data-testid=legend] summary", WAIT).unwrap();
    h.session.click(&legend).unwrap();
    let kinds =
        h.session.execute("return document.querySelectorAll('[data-testid=legend] li[data-kind]').length", json!([]));
    assert_eq!(kinds.unwrap(), json!(7));
    let toggle = h.session.wait_for("[data-testid=show-excluded]", WAIT).unwrap();
    h.session.click(&toggle).unwrap();
    let release = h.session.wait_for(r#"g[data-job="release"][data-kind="excluded"]"#, WAIT).unwrap();
    // Clicking it tells why it is left out.
    h.session.click(&release).unwrap();
    let why = h.session.wait_for("[data-testid=job-why]", WAIT).unwrap();
    assert_eq!(h.session.text(&why).unwrap(), "rules: no rule matched");
    let inside = h.session.wait_for("[data-testid=job-in-pipeline]", WAIT).unwrap();
    assert_eq!(h.session.text(&inside).unwrap(), "no");
    // Screen readers get the same facts as the icons.
    let label =
        h.session.execute("return document.querySelector('g[data-job=release] > title').textContent", json!([]));
    assert_eq!(label.unwrap(), json!("release, stage deploy, not in this pipeline"));
    h.screenshot("excluded");
}

#[test]
fn a_child_pipeline_opens_as_a_nested_graph() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    set_editor_text(
        &h.session,
        "build:\n  stage: build\n  script: x\ndocs:\n  stage: test\n  trigger:\n    include: docs.yml\n",
    );
    drop_files(
        &h.session,
        &[(
            "docs.yml",
            "html:\n  stage: build\n  script: x\npublish:\n  stage: deploy\n  needs: [html]\n  script: x\n",
        )],
    );
    let toggle = h.session.wait_for(r#"[data-child-toggle="docs"][aria-expanded="false"]"#, WAIT).unwrap();
    h.session.click(&toggle).unwrap();
    h.session.wait_for(r#"[data-child="docs"] g[data-job="docs/html"]"#, WAIT).unwrap();
    h.session.wait_for(r#"[data-edge="docs/html->docs/publish"]"#, WAIT).unwrap();
    let publish = h.session.wait_for(r#"g[data-job="docs/publish"]"#, WAIT).unwrap();
    h.session.click(&publish).unwrap();
    let panel = h.session.wait_for("[data-testid=job-panel] h2", WAIT).unwrap();
    assert_eq!(h.session.text(&panel).unwrap(), "docs/publish");
    h.screenshot("child-pipeline");
    let toggle = h.session.wait_for(r#"[data-child-toggle="docs"][aria-expanded="true"]"#, WAIT).unwrap();
    h.session.click(&toggle).unwrap();
    wait_value(&h.session, "return document.querySelector('[data-child]') === null", WAIT);
}

#[test]
fn png_export_downloads_a_png_of_the_drawing() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    h.session
        .execute(
            "window.__png = null; const create = URL.createObjectURL; \
             URL.createObjectURL = b => { if (b.type === 'image/png') b.arrayBuffer().then(a => window.__png = [...new Uint8Array(a)].slice(0, 24)); return create(b); }; \
             HTMLAnchorElement.prototype.click = function () { window.__name = this.download; };",
            json!([]),
        )
        .unwrap();
    let button = h.session.wait_for("[data-testid=export-png]", WAIT).unwrap();
    h.session.click(&button).unwrap();
    let head = wait_value(&h.session, "return window.__png", WAIT);
    let bytes: Vec<u8> = head.as_array().unwrap().iter().map(|b| b.as_u64().unwrap() as u8).collect();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR width: twice the drawing's (the viewBox rounds it to whole units).
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let svg_width = h
        .session
        .execute(
            "return +document.querySelector('[data-testid=pipeline-graph]').getAttribute('viewBox').split(' ')[2]",
            json!([]),
        )
        .unwrap();
    let expected = svg_width.as_f64().unwrap() * 2.0;
    assert!((f64::from(width) - expected).abs() <= 2.0, "PNG {width} px wide, drawing {expected} px at 2×");
    assert_eq!(h.session.execute("return window.__name", json!([])).unwrap(), json!("pipeline.png"));
}

#[test]
fn dragging_the_background_and_arrow_keys_pan_the_canvas() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    // Wide enough to scroll: a chain of 30 stages.
    let mut yaml = String::from("stages: [");
    yaml += &(0..30).map(|i| format!("s{i}")).collect::<Vec<_>>().join(", ");
    yaml += "]\n";
    for i in 0..30 {
        yaml += &format!("job{i}:\n  stage: s{i}\n  script: x\n");
    }
    set_editor_text(&h.session, &yaml);
    h.session.wait_for(r#"g[data-job="job29"]"#, WAIT).unwrap();
    let scroll = "return document.querySelector('.right').scrollLeft";
    assert_eq!(h.session.execute(scroll, json!([])).unwrap(), json!(0));
    h.session
        .execute(
            "const svg = document.querySelector('[data-testid=pipeline-graph]'); \
             const at = (type, x) => svg.dispatchEvent(new PointerEvent(type, {bubbles: true, pointerId: 7, clientX: x, clientY: 300, button: 0})); \
             at('pointerdown', 600); at('pointermove', 450); at('pointermove', 300); at('pointerup', 300);",
            json!([]),
        )
        .unwrap();
    assert_eq!(h.session.execute(scroll, json!([])).unwrap(), json!(300), "dragged 300 px left");
    h.session
        .execute(
            "document.querySelector('.right').dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}))",
            json!([]),
        )
        .unwrap();
    assert_eq!(h.session.execute(scroll, json!([])).unwrap(), json!(340));
}

/// A repository under target/e2e/NAME: the entry file includes `ci/test.yml` and has a job that exists
/// only when `docker/Dockerfile` does; `skipped` is a YAML file that must not be read.
fn repository_fixture(name: &str, skipped: &str) -> std::path::PathBuf {
    let dir = pipelens_e2e::root().join("target").join("e2e").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for file in ["ci/test.yml", "docker/Dockerfile", skipped] {
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
    }
    std::fs::write(
        dir.join(".gitlab-ci.yml"),
        ROOT.to_string() + "docker-image:\n  script: x\n  rules:\n    - exists: [docker/Dockerfile]\n",
    )
    .unwrap();
    std::fs::write(dir.join("ci/test.yml"), INCLUDED).unwrap();
    std::fs::write(dir.join("docker/Dockerfile"), "FROM scratch\n").unwrap();
    std::fs::write(dir.join(skipped), "not: [ours\n").unwrap();
    dir.canonicalize().unwrap()
}

/// The fixture opened as a repository: the include resolves, `rules:exists` sees the non-YAML file, and
/// only the two YAML files outside the skipped folder are tabs.
fn assert_repository_opened(h: &pipelens_e2e::Harness) {
    h.session.wait_for(r#"[data-edge="build->unit"]"#, WAIT).unwrap();
    h.session.wait_for(r#"g[data-job="docker-image"]"#, WAIT).unwrap();
    let tabs = h.session.execute(
        "return [...document.querySelectorAll('[data-testid=file-tabs] [data-file]')].map(t => t.dataset.file)",
        json!([]),
    );
    assert_eq!(tabs.unwrap(), json!([".gitlab-ci.yml", "ci/test.yml"]));
    assert!(h.session.find_all("[data-testid=diagnostics] li").unwrap().is_empty());
}

#[test]
fn the_folder_picker_reads_a_repository_for_includes_and_rules_exists() {
    let Some(h) = harness() else { return };
    let dir = repository_fixture("repo", "node_modules/pkg/ci.yml");
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    let input = h.session.wait_for("[data-testid=open-folder]", WAIT).unwrap();
    h.session.send_keys(&input, &dir.display().to_string()).unwrap();
    assert_repository_opened(&h);
}

#[test]
fn a_dropped_folder_is_read_as_the_repository() {
    let Some(h) = harness() else { return };
    let dir = repository_fixture("dropped-repo", ".git/objects/x.yml");
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    // A real drag from the desktop, through the DevTools protocol: Chromium builds the directory entries.
    let data = json!({"items": [], "files": [dir.display().to_string()], "dragOperationsMask": 1});
    for kind in ["dragEnter", "dragOver", "drop"] {
        h.session.cdp("Input.dispatchDragEvent", json!({"type": kind, "x": 900, "y": 400, "data": data})).unwrap();
    }
    assert_repository_opened(&h);
}
