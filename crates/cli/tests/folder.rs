//! Reading a repository folder: only what the configuration includes is read, only regular files inside the
//! root, sizes checked first. Each hostile file must cost neither time nor memory, included or not.
#![cfg(unix)]

mod util;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use util::{Fixture, Output};

/// Wall-clock budget for one run on a hostile folder.
const TIME: Duration = Duration::from_secs(1);
/// Address-space budget (KiB) for the child: reading a 1 GiB file (or `/dev/zero`) into memory fails under it.
const MEMORY_KIB: u64 = 100 * 1024;

/// Runs the binary under the memory budget and kills it past the time budget, failing the test either way.
fn bounded(args: &[&str]) -> Output {
    let script = format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\"");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_pipelens"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pipelens");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > TIME {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pipelens {args:?} took longer than {TIME:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().expect("output");
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // Killed by a signal (an allocation over the budget aborts) or refused memory: over budget.
    assert!(code == 0 || code == 1, "pipelens {args:?} exited with {code}: {stderr}");
    Output { code, stdout: String::from_utf8_lossy(&out.stdout).into_owned(), stderr }
}

/// A folder with a symlink to `/dev/zero`, a FIFO, a 1 GiB sparse file and a symlink to a file outside it.
fn hostile(name: &str, entry: &str) -> (Fixture, Fixture) {
    let outside = Fixture::new(&format!("{name}-outside"), &[("secret.yml", "secret-job:\n  script: leak\n")]);
    let f = Fixture::new(name, &[(".gitlab-ci.yml", entry)]);
    let root = &f.0;
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.yml")).unwrap();
    std::os::unix::fs::symlink(outside.0.join("secret.yml"), root.join("outside.yml")).unwrap();
    let status = Command::new("mkfifo").arg(root.join("fifo.yml")).status().expect("mkfifo");
    assert!(status.success());
    let big = std::fs::File::create(root.join("big.yml")).unwrap();
    big.set_len(1 << 30).unwrap();
    (f, outside)
}

#[test]
fn files_nothing_includes_are_not_read() {
    let (f, _outside) = hostile("unused", "job:\n  script: x\n");
    let out = bounded(&["lint", f.path()]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.starts_with("valid: 0 error(s), 0 warning(s); 1 job(s)"), "{}", out.stdout);
}

#[test]
fn included_hostile_files_are_reported_not_read() {
    let entry = "include:\n  - zero.yml\n  - fifo.yml\n  - big.yml\n  - outside.yml\njob:\n  script: x\n";
    let (f, _outside) = hostile("included", entry);
    let out = bounded(&["lint", f.path()]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let lines: Vec<&str> = out.stdout.lines().collect();
    // Each at its include line, with the reason.
    assert!(lines.contains(&".gitlab-ci.yml:2:5: error[file-unreadable]: could not read `zero.yml`: it leads outside the repository folder"), "{}", out.stdout);
    assert!(
        lines.contains(&".gitlab-ci.yml:3:5: error[file-unreadable]: could not read `fifo.yml`: not a regular file"),
        "{}",
        out.stdout
    );
    assert!(
        lines.contains(
            &".gitlab-ci.yml:4:5: error[input-too-large]: `big.yml` is 1073741824 bytes; the limit is 4194304 bytes"
        ),
        "{}",
        out.stdout
    );
    assert!(lines.contains(&".gitlab-ci.yml:5:5: error[file-unreadable]: could not read `outside.yml`: it leads outside the repository folder"), "{}", out.stdout);
    let jobs = bounded(&["jobs", f.path(), "--json"]).stdout;
    assert!(!jobs.contains("secret-job"), "{jobs}");
}

#[test]
fn a_hostile_entry_file_is_reported_not_read() {
    let (f, _outside) = hostile("entry", "job:\n  script: x\n");
    for (name, why) in [("fifo.yml", "not a regular file"), ("zero.yml", "it leads outside the repository folder")] {
        let out = bounded(&["lint", &f.0.join(name).to_string_lossy()]);
        assert_eq!(out.code, 1, "{}", out.stdout);
        assert!(out.stdout.contains(why), "{name}: {}", out.stdout);
    }
    let out = bounded(&["lint", &f.0.join("big.yml").to_string_lossy()]);
    assert!(out.stdout.contains("error[input-too-large]"), "{}", out.stdout);
}

#[test]
fn only_included_files_are_read_and_name_their_diagnostics() {
    let f = Fixture::new(
        "lazy",
        &[
            (".gitlab-ci.yml", "include:\n  - local: ci/*.yml\njob:\n  extends: .base\n"),
            ("ci/base.yml", "include: ci/deeper/more.yml\n.base:\n  script: x\n"),
            ("ci/deeper/more.yml", "more:\n  script: x\n  unknown_key: 1\n"),
            // Broken YAML nobody includes: never read, so never reported.
            ("unused/broken.yml", "a: [\n"),
        ],
    );
    let out = bounded(&["lint", f.path()]);
    assert_eq!(
        out.stdout,
        "ci/deeper/more.yml:3:3: error[job-unknown-key]: jobs:more config contains unknown keys: unknown_key\n\
         invalid: 1 error(s), 0 warning(s); 2 job(s) in this pipeline\n"
    );
}

#[test]
fn a_symlink_inside_the_root_is_followed() {
    let f =
        Fixture::new("inside", &[(".gitlab-ci.yml", "include: link.yml\n"), ("real/part.yml", "job:\n  script: x\n")]);
    std::os::unix::fs::symlink(Path::new("real/part.yml"), f.0.join("link.yml")).unwrap();
    let out = bounded(&["lint", f.path()]);
    assert_eq!(out.stdout, "valid: 0 error(s), 0 warning(s); 1 job(s) in this pipeline\n");
}
