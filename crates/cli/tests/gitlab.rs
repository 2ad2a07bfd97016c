//! `--gitlab`: the configuration and its includes through the API of an in-process simulator.

use pipelens_gitlab_sim::Sim;
use std::process::Command;

const SCENARIO: &str = r#"
users: [{username: dev}]
tokens:
  - {token: glpat-cli-secret, user: dev, scopes: [read_api], projects: [g/app, g/lib]}
templates:
  Jobs/Lint.gitlab-ci.yml: "lint: {stage: test, script: [make lint]}\n"
projects:
  - path: g/app
    refs:
      main:
        files:
          .gitlab-ci.yml: |
            include:
              - local: ci/build.yml
              - project: g/lib
                file: unit.yml
              - template: Jobs/Lint.gitlab-ci.yml
            docs:
              script: [make docs]
              rules:
                - changes: [docs/*]
            mr:
              script: [echo]
              rules:
                - if: $CI_PIPELINE_SOURCE == "merge_request_event"
          ci/build.yml: "build: {stage: build, script: [make]}\n"
      feature/x:
        from: main
        files:
          src/x.rs: "x\n"
      v2.0:
        tag: true
        from: main
    merge_requests:
      - {iid: 7, title: X, source_branch: feature/x, target_branch: main}
  - path: g/lib
    refs:
      main:
        files:
          unit.yml: "unit: {stage: test, script: [make test]}\n"
"#;

fn pipelens(base: &str, args: &[&str], token: Option<&str>) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pipelens"));
    c.args(args).args(["--gitlab", base, "--project", "g/app"]).env_remove("GITLAB_TOKEN");
    if let Some(t) = token {
        c.env("GITLAB_TOKEN", t);
    }
    let out = c.output().expect("run pipelens");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn names(stdout: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let mut n: Vec<String> = v["jobs"].as_array().unwrap().iter().map(|j| j["name"].as_str().unwrap().into()).collect();
    n.sort();
    n
}

#[test]
fn jobs_of_a_branch_tag_and_merge_request_through_the_api() {
    let sim = Sim::from_yaml(SCENARIO, None).unwrap();
    let base = format!("http://{}", sim.spawn());
    let token = Some("glpat-cli-secret");
    // A push of feature/x: its commit changes src/x.rs only (compare with its parent), so `docs` is out.
    let (code, out, err) = pipelens(&base, &["jobs", "--json", "--ref", "feature/x"], token);
    assert_eq!(code, 0, "{err}");
    assert_eq!(names(&out), ["build", "lint", "unit"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["excluded"].as_array().unwrap().iter().any(|j| j["name"] == "docs"), "{out}");
    // A tag: no diff, so `docs` runs.
    let (code, out, _) = pipelens(&base, &["jobs", "--json", "--ref", "v2.0"], token);
    assert_eq!(code, 0);
    assert_eq!(names(&out), ["build", "docs", "lint", "unit"]);
    // A merge request pipeline: the MR job, not the default-only ones.
    let (code, out, err) = pipelens(&base, &["jobs", "--json", "--merge-request", "7"], token);
    assert_eq!(code, 0, "{err}");
    assert_eq!(names(&out), ["mr"]);
    // `merged` prints the configuration with the includes read through the API resolved.
    let (code, out, err) = pipelens(&base, &["merged", "--ref", "main"], token);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("unit:") && out.contains("make lint") && out.contains("build:"), "{out}");
    // The token went only in the header, never in an address, and is in no output.
    for r in sim.requests() {
        assert!(!r.uri.contains("glpat-cli-secret"), "{}", r.uri);
    }
    assert!(sim
        .requests()
        .iter()
        .any(|r| r.headers.iter().any(|(k, v)| k == "private-token" && v == "glpat-cli-secret")));
    assert!(!out.contains("glpat-cli-secret") && !err.contains("glpat-cli-secret"));
}

#[test]
fn failures_say_what_was_not_found() {
    let sim = Sim::from_yaml(SCENARIO, None).unwrap();
    let base = format!("http://{}", sim.spawn());
    let (code, _, err) = pipelens(&base, &["jobs", "--ref", "nope"], Some("glpat-cli-secret"));
    assert_eq!(code, 2);
    assert!(err.contains("no branch or tag `nope`"), "{err}");
    // Without a token the private project is not found (GitLab answers 404, not 403).
    let (code, _, err) = pipelens(&base, &["jobs", "--ref", "main"], None);
    assert_eq!(code, 2);
    assert!(err.contains("404"), "{err}");
    let (code, _, err) = pipelens(&base, &["jobs"], None);
    assert_eq!(code, 2);
    assert!(err.contains("--ref or --merge-request"), "{err}");
}
