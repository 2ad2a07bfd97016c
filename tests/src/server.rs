//! A tiny static file server for `dist/` (GET only, loopback only), run on a background thread.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

pub struct StaticServer {
    pub port: u16,
    /// Every request's head (request line and headers), for tests asserting what the page sent here.
    pub seen: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(dir: &Path) -> std::io::Result<Self> {
        Self::start_with(dir, Vec::new())
    }

    /// Also serves `extra` files from memory (path, body), e.g. a `/demo.json` naming a test's simulator.
    pub fn start_with(dir: &Path, extra: Vec<(String, Vec<u8>)>) -> std::io::Result<Self> {
        Self::start_on(dir, extra, 0)
    }

    /// On a given loopback port (0: a free one).
    pub fn start_on(dir: &Path, extra: Vec<(String, Vec<u8>)>, port: u16) -> std::io::Result<Self> {
        let extra = Arc::new(extra);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let dir = dir.to_path_buf();
        let flag = stop.clone();
        let log = seen.clone();
        let thread = thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (dir, extra, log) = (dir.clone(), extra.clone(), log.clone());
                        thread::spawn(move || serve(stream, &dir, &extra, &log));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Ok(StaticServer { port, seen, stop, thread: Some(thread) })
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn serve(stream: TcpStream, dir: &Path, extra: &[(String, Vec<u8>)], log: &Mutex<Vec<String>>) {
    let _ = stream.set_nonblocking(false);
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Drain headers, keeping them for the log.
    let mut head = request_line.clone();
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        head.push_str(&line);
        line.clear();
    }
    log.lock().unwrap_or_else(|p| p.into_inner()).push(head);
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let rel: PathBuf = path.trim_start_matches('/').split('/').filter(|s| !s.is_empty() && *s != "..").collect();
    let file = if rel.as_os_str().is_empty() { dir.join("index.html") } else { dir.join(rel) };
    let mut out = stream;
    let from_memory = extra.iter().find(|(p, _)| p == path).map(|(_, body)| body.clone());
    match from_memory.map(Ok).unwrap_or_else(|| std::fs::read(&file)) {
        Ok(body) => {
            let _ = write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            let _ = out.write_all(&body);
        }
        Err(_) => {
            let _ = out.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    }
}
