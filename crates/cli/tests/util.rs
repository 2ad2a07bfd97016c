//! Shared helpers: run the built `pipelens` binary, find the shared corpus, write fixture trees.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::PathBuf;
use std::process::Command;

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn pipelens(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_pipelens")).args(args).output().expect("run pipelens");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let out = pipelens(args);
    let v =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr));
    (out.code, v)
}

/// The shared corpus beside the checkout (core's locator: a note and `None` when absent, a failure under
/// `PIPELENS_CORPUS_REQUIRED=1`).
#[path = "../../core/benches/support/corpus.rs"]
mod corpus_support;
#[allow(unused_imports)] // only the corpus test uses it
pub use corpus_support::corpus_dir as corpus;

/// A temporary repository with the given files, removed on drop.
pub struct Fixture(pub PathBuf);

impl Fixture {
    pub fn new(name: &str, files: &[(&str, &str)]) -> Fixture {
        let dir = std::env::temp_dir().join(format!("pipelens-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        Fixture(dir)
    }
    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
