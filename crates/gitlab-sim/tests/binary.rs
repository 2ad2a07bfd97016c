//! The `pipelens-gitlab-sim` binary: starts on the given port, prints its address, serves the demo.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

#[test]
fn prints_its_address_and_serves_the_demo_scenario() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pipelens-gitlab-sim"))
        .args(["--port", "0", "--manual-clock"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("pipelens-gitlab-sim listening on http://")
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    write!(s, "GET /api/v4/projects/demo%2Fapp HTTP/1.1\r\nHost: {addr}\r\nPRIVATE-TOKEN: glpat-demo-read\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(out.contains("\"path_with_namespace\":\"demo/app\""), "{out}");
}

#[test]
fn bad_arguments_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_pipelens-gitlab-sim")).arg("--colour").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage: pipelens-gitlab-sim"));
    let missing = Command::new(env!("CARGO_BIN_EXE_pipelens-gitlab-sim"))
        .args(["--scenario", "/nonexistent.yml"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}
