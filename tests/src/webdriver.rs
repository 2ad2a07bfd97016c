//! The few W3C WebDriver commands the tests use, over blocking HTTP/1.1 to a chromedriver we start.

use base64::Engine;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn find_binary(names: &[&str]) -> Option<String> {
    let path = std::env::var("PATH").unwrap_or_default();
    names.iter().find_map(|n| {
        path.split(':')
            .map(|d| std::path::Path::new(d).join(n))
            .find(|p| p.is_file())
            .map(|p| p.to_string_lossy().into_owned())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

pub struct Session {
    driver: Child,
    port: u16,
    id: String,
    /// Chromium's profile folder, removed when the session ends (each is a few MB; runs add up).
    profile: std::path::PathBuf,
}

#[derive(Debug, Clone)]
pub struct Element(String);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Session {
    pub fn start() -> Result<Session, String> {
        let driver_bin = find_binary(&["chromedriver"]).ok_or("chromedriver not found")?;
        let browser = find_binary(&["chromium", "chromium-browser", "google-chrome"]).ok_or("chromium not found")?;
        let port = free_port();
        let driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("chromedriver: {e}"))?;
        let profile = std::env::temp_dir().join(format!("pipelens-e2e-{}-{port}", std::process::id()));
        let mut s = Session { driver, port, id: String::new(), profile: profile.clone() };
        let deadline = Instant::now() + Duration::from_secs(20);
        while s.call("GET", "/status", None).map(|v| v["value"]["ready"] != json!(true)).unwrap_or(true) {
            if Instant::now() > deadline {
                return Err("chromedriver did not become ready".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": browser,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1280,800",
                     format!("--user-data-dir={}", profile.display())]
        }}}});
        let v = s.call("POST", "/session", Some(caps))?;
        s.id = v["value"]["sessionId"].as_str().ok_or_else(|| format!("no session: {v}"))?.to_string();
        Ok(s)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(60))).ok();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        );
        stream.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
        let payload = read_response(&mut stream)?;
        let v: Value = serde_json::from_str(&payload).map_err(|e| format!("{e}: {payload}"))?;
        if v["value"].get("error").is_some() {
            return Err(format!("{} {path}: {}", method, v["value"]));
        }
        Ok(v)
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        self.call(method, &format!("/session/{}{path}", self.id), body).map(|v| v["value"].clone())
    }

    /// Opens a new tab and returns its handle (the session stays on the current one).
    pub fn new_tab(&self) -> Result<String, String> {
        let v = self.cmd("POST", "/window/new", Some(json!({"type": "tab"})))?;
        v["handle"].as_str().map(String::from).ok_or_else(|| format!("no handle: {v}"))
    }

    /// The current tab's handle.
    pub fn tab(&self) -> Result<String, String> {
        self.cmd("GET", "/window", None).map(|v| v.as_str().unwrap_or_default().to_string())
    }

    /// Makes `handle` the tab later commands act on.
    pub fn switch_to(&self, handle: &str) -> Result<(), String> {
        self.cmd("POST", "/window", Some(json!({"handle": handle}))).map(|_| ())
    }

    /// Sets the window's outer size.
    pub fn resize(&self, width: u32, height: u32) -> Result<(), String> {
        self.cmd("POST", "/window/rect", Some(json!({"width": width, "height": height}))).map(|_| ())
    }

    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.cmd("POST", "/url", Some(json!({"url": url}))).map(|_| ())
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let v = self.cmd("POST", "/elements", Some(json!({"using": "css selector", "value": css})))?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT_KEY].as_str())
            .map(|id| Element(id.to_string()))
            .collect())
    }

    /// The focused element (keys sent to it go where a user's keys would).
    pub fn active_element(&self) -> Result<Element, String> {
        let v = self.cmd("GET", "/element/active", None)?;
        v[ELEMENT_KEY].as_str().map(|id| Element(id.to_string())).ok_or_else(|| format!("no active element: {v}"))
    }

    /// Polls until `css` matches at least one element.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.find_all(css)?.into_iter().next() {
                return Ok(e);
            }
            if Instant::now() > deadline {
                let body = self.execute("return document.body.innerHTML.slice(0, 2000)", json!([])).unwrap_or_default();
                return Err(format!("timed out waiting for `{css}`; page: {body}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn text(&self, e: &Element) -> Result<String, String> {
        self.cmd("GET", &format!("/element/{}/text", e.0), None).map(|v| v.as_str().unwrap_or_default().to_string())
    }

    pub fn send_keys(&self, e: &Element, text: &str) -> Result<(), String> {
        self.cmd("POST", &format!("/element/{}/value", e.0), Some(json!({"text": text}))).map(|_| ())
    }

    pub fn click(&self, e: &Element) -> Result<(), String> {
        self.cmd("POST", &format!("/element/{}/click", e.0), Some(json!({}))).map(|_| ())
    }

    pub fn execute(&self, script: &str, args: Value) -> Result<Value, String> {
        self.cmd("POST", "/execute/sync", Some(json!({"script": script, "args": args})))
    }

    /// A Chrome DevTools Protocol command (profiling, tracing) through chromedriver.
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.cmd("POST", "/goog/cdp/execute", Some(json!({"cmd": cmd, "params": params})))
    }

    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let v = self.cmd("GET", "/screenshot", None)?;
        base64::engine::general_purpose::STANDARD.decode(v.as_str().unwrap_or_default()).map_err(|e| e.to_string())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.id.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.id), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Reads one HTTP/1.1 response body (Content-Length or chunked); does not wait for the connection to close.
fn read_response(stream: &mut TcpStream) -> Result<String, String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before headers".into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
    let length =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let body = &buf[header_end..];
        let done = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.windows(5).any(|w| w == b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[header_end..]).into_owned();
    Ok(if chunked { dechunk(&body) } else { body })
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}
