//! Browser test harness: serves `dist/` on a free loopback port, starts chromedriver on another, opens a
//! headless Chromium session, and tears everything down on drop. Plain WebDriver over HTTP/1.1: no async
//! runtime, no browser download.

pub mod server;
pub mod webdriver;

use std::path::{Path, PathBuf};

pub use pipelens_gitlab_sim::{Fault, FaultKind, Sim};
pub use webdriver::{Element, Session};

/// The workspace root (this crate lives in `tests/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// Everything a browser test needs, or `None` (with a printed note) when the app is not built or no browser
/// is installed. Under `PIPELENS_E2E_REQUIRED=1` (the README's test command) a missing part fails the test.
pub fn harness() -> Option<Harness> {
    harness_with(Vec::new())
}

/// The demo GitLab for browser tests: the demo scenario with a manual clock, served in-process on a free
/// loopback port, and a harness whose `/demo.json` names it (as the app reads it for `#/demo`).
pub fn harness_with_demo() -> Option<(Harness, Sim, String)> {
    let scenario = std::fs::read_to_string(root().join("crates/gitlab-sim/scenarios/demo.yml")).expect("demo.yml");
    harness_with_scenario(&scenario)
}

/// As [`harness_with_demo`], with another scenario (it must grant the demo's token, `glpat-demo-read`, for
/// `#/demo` to connect).
pub fn harness_with_scenario(scenario: &str) -> Option<(Harness, Sim, String)> {
    let sim = Sim::from_yaml(scenario, None).expect("the scenario");
    let url = format!("http://{}", sim.spawn());
    let demo_json = serde_json::json!({ "url": url }).to_string().into_bytes();
    let h = harness_with(vec![("/demo.json".to_string(), demo_json)])?;
    Some((h, sim, url))
}

fn harness_with(extra: Vec<(String, Vec<u8>)>) -> Option<Harness> {
    let dist = root().join("dist");
    let missing = if !dist.join("index.html").exists() {
        Some("dist/ is not built (run `./dev test`, or `./dev build`)".to_string())
    } else if webdriver::find_binary(&["chromedriver"]).is_none()
        || webdriver::find_binary(&["chromium", "chromium-browser", "google-chrome"]).is_none()
    {
        Some("chromium / chromedriver not found (run `./dev setup`)".to_string())
    } else {
        None
    };
    if let Some(why) = missing {
        if std::env::var("PIPELENS_E2E_REQUIRED").as_deref() == Ok("1") {
            panic!("browser test cannot run: {why}");
        }
        eprintln!("note: skipping browser test: {why}");
        return None;
    }
    let server = server::StaticServer::start_with(&dist, extra).expect("static server");
    let session = Session::start().expect("chromedriver session");
    Some(Harness { server, session })
}

/// Replaces the editor's text the way a paste does, firing the `input` event the app listens to.
pub fn set_editor_text(s: &Session, text: &str) {
    s.execute(
        "const t = document.querySelector('[data-testid=yaml-editor]'); t.value = arguments[0]; \
         t.dispatchEvent(new Event('input', {bubbles: true}));",
        serde_json::json!([text]),
    )
    .expect("set editor text");
}

/// The editor's current text.
pub fn editor_text(s: &Session) -> String {
    s.execute("return document.querySelector('[data-testid=yaml-editor]').value", serde_json::json!([]))
        .expect("read editor text")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Drops files on the page the way a drag from the desktop does: a `drop` event carrying real `File`s.
pub fn drop_files(s: &Session, files: &[(&str, &str)]) {
    s.execute(
        "const dt = new DataTransfer(); \
         for (const [name, text] of arguments[0]) dt.items.add(new File([text], name, {type: 'text/yaml'})); \
         document.querySelector('.app').dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));",
        serde_json::json!([files]),
    )
    .expect("drop files");
}

/// Sets an input's value and fires `change`, as typing and leaving the field does.
pub fn set_field(s: &Session, css: &str, value: &str) {
    s.execute(
        "const i = document.querySelector(arguments[0]); i.value = arguments[1]; \
         i.dispatchEvent(new Event('change', {bubbles: true}));",
        serde_json::json!([css, value]),
    )
    .expect("set field");
}

/// Sets an input's value and fires `input`, as typing does (the connect dialog and forms read it live).
pub fn type_into(s: &Session, css: &str, value: &str) {
    s.execute(
        "const i = document.querySelector(arguments[0]); i.value = arguments[1]; \
         i.dispatchEvent(new Event('input', {bubbles: true}));",
        serde_json::json!([css, value]),
    )
    .expect("type into field");
}

/// Connects to the GitLab at `url` with `token` through the connect dialog (from the editor) and waits for
/// the project list it opens on.
pub fn connect(h: &Harness, url: &str, token: &str) {
    let s = &h.session;
    s.goto(&h.url("/#/editor")).expect("open the editor");
    s.wait_for("[data-testid=connect]", std::time::Duration::from_secs(30)).expect("connect button");
    click_css(s, "[data-testid=connect]");
    s.wait_for("[data-testid=connect-dialog]", std::time::Duration::from_secs(30)).expect("connect dialog");
    type_into(s, "[data-testid=connect-url]", url);
    type_into(s, "[data-testid=connect-token]", token);
    click_css(s, "[data-testid=connect-submit]");
    s.wait_for("tr[data-project]", std::time::Duration::from_secs(30)).expect("the project list");
}

/// Polls a script until it returns something other than `null`/`false`.
pub fn wait_value(s: &Session, script: &str, timeout: std::time::Duration) -> serde_json::Value {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let v = s.execute(script, serde_json::json!([])).expect("script");
        if !v.is_null() && v != serde_json::json!(false) {
            return v;
        }
        assert!(std::time::Instant::now() < deadline, "timed out waiting for `{script}`");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

pub struct Harness {
    pub server: server::StaticServer,
    pub session: Session,
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.server.port)
    }

    /// Saves a PNG screenshot under `target/e2e/`.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let dir = root().join("target").join("e2e");
        std::fs::create_dir_all(&dir).expect("target/e2e");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.session.screenshot().expect("screenshot")).expect("write screenshot");
        path
    }
}

/// Clicks the first element matching `css` with a bubbling DOM click (SVG boxes included).
pub fn click_css(s: &Session, css: &str) {
    let done = s
        .execute(
            "const e = document.querySelector(arguments[0]); if (!e) return false; \
             e.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true})); return true;",
            serde_json::json!([css]),
        )
        .expect("click");
    assert_eq!(done, serde_json::json!(true), "nothing to click at {css}");
}
