//! Addresses in real headless Chromium: the editor's route, a pasted GitLab pipeline URL, share links.

use pipelens_e2e::{editor_text, harness, set_editor_text, wait_value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn the_editor_route_a_pasted_gitlab_url_and_a_share_link_each_open_their_page() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/#/editor")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    set_editor_text(&h.session, "mine:\n  script: x\n");
    h.session.wait_for(r#"g[data-job="mine"]"#, WAIT).unwrap();

    // A GitLab pipeline URL pasted after the `#`: the page names it and says it is not connected.
    h.session
        .execute(
            "location.hash = arguments[0]",
            serde_json::json!(["https://gitlab.example.com/group/sub/proj/-/pipelines/123"]),
        )
        .unwrap();
    let page = h.session.wait_for("[data-testid=not-connected]", WAIT).unwrap();
    let text = h.session.text(&page).unwrap();
    assert!(text.contains("Pipeline #123 of group/sub/proj on https://gitlab.example.com"), "{text}");
    assert!(text.contains("not connected to GitLab yet"), "{text}");
    assert!(h.session.find_all("[data-testid=yaml-editor]").unwrap().is_empty(), "the editor is not shown");
    let link = h.session.execute(
        "return document.querySelector('[data-testid=gitlab-link]').getAttribute('href')",
        serde_json::json!([]),
    );
    assert_eq!(link.unwrap(), "https://gitlab.example.com/group/sub/proj/-/pipelines/123");

    // Back to the editor: the work done there is still open.
    h.session.execute("history.back()", serde_json::json!([])).unwrap();
    h.session.wait_for(r#"g[data-job="mine"]"#, WAIT).unwrap();
    assert_eq!(editor_text(&h.session), "mine:\n  script: x\n");

    // A job route under #/gitlab/, then an address that is no page.
    h.session.execute("location.hash = '#/gitlab/alice/tool/-/jobs/456'", serde_json::json!([])).unwrap();
    let page = h.session.wait_for("[data-testid=not-connected]", WAIT).unwrap();
    assert!(h.session.text(&page).unwrap().contains("Job #456 of alice/tool"));
    h.session.execute("location.hash = '#/nowhere'", serde_json::json!([])).unwrap();
    h.session.wait_for("[data-testid=not-found]", WAIT).unwrap();

    // A share link made on the editor still opens, on a fresh load, as the editor with that workspace.
    h.session.goto(&h.url("/#/editor")).unwrap();
    let share = h.session.wait_for("[data-testid=share]", WAIT).unwrap();
    set_editor_text(&h.session, "shared:\n  script: x\n");
    h.session.wait_for(r#"g[data-job="shared"]"#, WAIT).unwrap();
    h.session.click(&share).unwrap();
    let url = wait_value(&h.session, "return location.hash.startsWith('#share=1.') ? location.href : null", WAIT);
    h.session.goto("about:blank").unwrap();
    h.session.goto(url.as_str().unwrap()).unwrap();
    h.session.wait_for(r#"g[data-job="shared"]"#, WAIT).unwrap();
    assert_eq!(editor_text(&h.session), "shared:\n  script: x\n");
}

/// The app's files the static server was asked for (request paths).
fn fetched(h: &pipelens_e2e::Harness) -> Vec<String> {
    h.server.seen.lock().unwrap().iter().filter_map(|head| head.split_whitespace().nth(1).map(String::from)).collect()
}

#[test]
fn the_editor_loads_without_the_gitlab_module_and_each_module_hands_over_the_other_s_addresses() {
    let Some(h) = harness() else { return };
    let s = &h.session;
    s.goto(&h.url("/#/editor")).unwrap();
    s.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    set_editor_text(s, "kept:\n  script: x\n");
    s.wait_for(r#"g[data-job="kept"]"#, WAIT).unwrap();
    let files = fetched(&h);
    assert!(files.iter().any(|f| f.starts_with("/pipelens-web-") && f.ends_with(".wasm")), "{files:?}");
    assert!(!files.iter().any(|f| f.contains("pipelens-gitlab")), "the editor alone: {files:?}");

    // A GitLab address typed in the editor's tab: the GitLab module draws it, at the same address.
    s.execute("location.hash = '#/gitlab/alice/tool/-/jobs/456'", serde_json::json!([])).unwrap();
    s.wait_for("[data-testid=not-connected]", WAIT).unwrap();
    let at = s.execute("return [location.pathname, location.hash]", serde_json::json!([])).unwrap();
    assert_eq!(at, serde_json::json!(["/gitlab.html", "#/gitlab/alice/tool/-/jobs/456"]));
    assert!(fetched(&h).iter().any(|f| f.starts_with("/pipelens-gitlab-") && f.ends_with(".wasm")));

    // Its header's home link goes back to the editor module, with the work the tab kept.
    s.execute("document.querySelector('a.home, a[href=\"#/editor\"]').click()", serde_json::json!([])).unwrap();
    s.wait_for(r#"g[data-job="kept"]"#, WAIT).unwrap();
    assert_eq!(editor_text(s), "kept:\n  script: x\n");
    let at = s.execute("return location.pathname", serde_json::json!([])).unwrap();
    assert_eq!(at, "/");

    // A deep link to the wall goes straight to the GitLab module: the editor's wasm is not fetched for it.
    let before = fetched(&h).len();
    s.goto(&h.url("/#/wall")).unwrap();
    s.wait_for("[data-testid=wall]", WAIT).unwrap();
    let after: Vec<String> = fetched(&h)[before..].to_vec();
    assert!(!after.iter().any(|f| f.starts_with("/pipelens-web-")), "{after:?}");
    assert_eq!(
        s.execute("return location.pathname + location.hash", serde_json::json!([])).unwrap(),
        "/gitlab.html#/wall"
    );
}
