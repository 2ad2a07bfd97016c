//! Raw files, compare, merge requests and CI lint, against the simulator.

mod support;

use pipelens_gitlab_api::endpoints::*;
use pipelens_gitlab_api::ApiError;
use support::Harness;

#[test]
fn raw_file_at_ref_and_default_branch() {
    let h = Harness::start();
    let main = h.call("t-read", &RawFile::new("g/app", ".gitlab-ci.yml")).unwrap();
    assert_eq!(main, "build: {script: [make]}\n");
    let mut nested = RawFile::new("g/app", "ci/jobs.yml");
    nested.git_ref = Some("feature/x".into());
    assert_eq!(h.call("t-read", &nested).unwrap(), "test: {script: [make test]}\n");
    let mut changed = RawFile::new("g/app", ".gitlab-ci.yml");
    changed.git_ref = Some("feature/x".into());
    assert_eq!(h.call("t-read", &changed).unwrap(), "build: {script: [make all]}\n");
    assert!(matches!(h.call("t-read", &RawFile::new("g/app", "missing.yml")), Err(ApiError::NotFound { .. })));
}

#[test]
fn compare_lists_changed_files() {
    let h = Harness::start();
    let c = h.call("t-read", &CompareRefs::new("g/app", "main", "feature/x")).unwrap();
    let files: Vec<_> = c.diffs.iter().map(|d| (d.new_path.as_str(), d.new_file)).collect();
    assert_eq!(files, [(".gitlab-ci.yml", false), ("src/new.rs", true)]);
    assert!(c.diffs[0].diff.contains("+build: {script: [make all]}"));
    assert!(!c.compare_same_ref);
    let same = h.call("t-read", &CompareRefs::new("g/app", "main", "main")).unwrap();
    assert!(same.compare_same_ref && same.diffs.is_empty());
}

#[test]
fn merge_requests_and_changes() {
    let h = Harness::start();
    let list = h.call("t-read", &MergeRequests::new("g/app")).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].iid, list[0].source_branch.as_str()), (3, "feature/x"));
    let one = h.call("t-read", &GetMergeRequest { project: "g/app".into(), iid: 3 }).unwrap();
    assert_eq!(one, list[0]);
    let changes = h.call("t-read", &MergeRequestChangesGet { project: "g/app".into(), iid: 3 }).unwrap();
    let paths: Vec<_> = changes.changes.iter().map(|d| d.new_path.as_str()).collect();
    assert_eq!(paths, [".gitlab-ci.yml", "src/new.rs"]);
    assert!(matches!(
        h.call("t-read", &GetMergeRequest { project: "g/app".into(), iid: 9 }),
        Err(ApiError::NotFound { .. })
    ));
}

#[test]
fn ci_lint_with_jobs_and_dry_run() {
    let h = Harness::start();
    let mut lint = CiLint::new("g/app", "build:\n  stage: build\n  script: [make]\n  needs: []\n");
    lint.include_jobs = Some(true);
    let r = h.call("t-api", &lint).unwrap();
    assert!(r.valid && r.errors.is_empty());
    assert_eq!(r.jobs.len(), 1);
    assert_eq!((r.jobs[0].name.as_str(), r.jobs[0].stage.as_str()), ("build", "build"));
    assert!(r.jobs[0].needs.is_some());
    lint.dry_run = Some(true);
    let dry = h.call("t-api", &lint).unwrap();
    assert!(dry.jobs[0].needs.is_none(), "dry-run job entries have no needs");
    let bad = h.call("t-api", &CiLint::new("g/app", "build:\n  stage: build\n")).unwrap();
    assert!(!bad.valid);
    assert_eq!(bad.errors, ["jobs:build config should implement the script:, run:, or trigger: keyword"]);
    // Lint needs the api scope.
    assert!(matches!(h.call("t-read", &CiLint::new("g/app", "a: 1")), Err(ApiError::Forbidden { .. })));
}
