//! `jobs_from_config` projects: pipelines (API and merge request) and CI lint dry runs from the
//! configuration at the ref, GitLab's refusals, and the repository endpoints a predictor reads.

mod support;

use pipelens_gitlab_api::endpoints::{
    Branches, CiLint, CiTemplate, CreateMergeRequestPipeline, CreatePipeline, GetBranch, GetTag, PipelineJobs,
    RepositoryTree,
};
use pipelens_gitlab_api::ApiError;
use support::Harness;

const SCENARIO: &str = r#"
users: [{username: dev}]
tokens:
  - {token: t-api, user: dev, scopes: [api]}
templates:
  Jobs/Lint.gitlab-ci.yml: "lint: {script: [lint]}\n"
projects:
  - path: g/app
    jobs_from_config: true
    variables: {FROM_SETTINGS: "yes"}
    refs:
      main:
        files:
          .gitlab-ci.yml: |
            include: [{template: Jobs/Lint.gitlab-ci.yml}]
            workflow:
              rules:
                - if: $CI_COMMIT_BRANCH == "nothing-runs"
                  when: never
                - when: always
            build: {stage: build, script: [make]}
            settings: {script: [x], rules: [{if: $FROM_SETTINGS == "yes"}]}
            mr: {script: [x], rules: [{if: $CI_PIPELINE_SOURCE == "merge_request_event"}]}
            manual: {stage: deploy, script: [x], when: manual}
          src/a.rs: "a\n"
      nothing-runs: {from: main}
      feature: {from: main, files: {src/b.rs: "b\n"}}
      v1: {tag: true, from: main}
    merge_requests:
      - {iid: 2, title: F, source_branch: feature, target_branch: main}
"#;

fn names(h: &Harness, pipeline: u64) -> Vec<String> {
    let mut n: Vec<String> =
        h.call("t-api", &PipelineJobs::new("g/app", pipeline)).unwrap().into_iter().map(|j| j.name).collect();
    n.sort();
    n
}

#[test]
fn pipelines_take_their_jobs_from_the_configuration() {
    let h = Harness::with(SCENARIO);
    let p = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap();
    assert_eq!(names(&h, p.basic.id), ["build", "lint", "manual", "settings"]);
    // The manual job waits in `created` for the earlier stages, then for a person.
    h.sim.advance(300);
    let manual =
        h.call("t-api", &PipelineJobs::new("g/app", p.basic.id)).unwrap().into_iter().find(|j| j.name == "manual");
    assert_eq!(manual.unwrap().status, pipelens_gitlab_api::Status::Manual);
    // A merge request pipeline: its own source and ref, the rules see it.
    let mr = h.call("t-api", &CreateMergeRequestPipeline::new("g/app", 2)).unwrap();
    assert_eq!(mr.basic.source.as_deref(), Some("merge_request_event"));
    assert_eq!(mr.basic.git_ref, "refs/merge-requests/2/head");
    assert_eq!(names(&h, mr.basic.id), ["build", "lint", "manual", "mr", "settings"]);
    // Rules that leave nothing: GitLab's 400.
    let e = h.call("t-api", &CreatePipeline::new("g/app", "nothing-runs")).unwrap_err();
    assert!(
        matches!(&e, ApiError::Http { status: 400, message } if message.contains("Pipeline will not run")),
        "{e:?}"
    );
}

#[test]
fn the_dry_run_evaluates_the_content_with_the_project_variables() {
    let h = Harness::with(SCENARIO);
    let mut e = CiLint::new("g/app", "only: {script: [x], rules: [{if: $FROM_SETTINGS == \"yes\"}]}\nno: {script: [x], rules: [{if: $CI_COMMIT_TAG}]}\n");
    e.dry_run = Some(true);
    e.include_jobs = Some(true);
    let r = h.call("t-api", &e).unwrap();
    assert!(r.valid, "{:?}", r.errors);
    assert_eq!(r.jobs.iter().map(|j| j.name.as_str()).collect::<Vec<_>>(), ["only"]);
    e.content = "bad: {stage: nowhere, script: [x]}\n".into();
    let r = h.call("t-api", &e).unwrap();
    assert!(!r.valid && !r.errors.is_empty());
}

#[test]
fn refs_tree_and_templates() {
    let h = Harness::with(SCENARIO);
    let main = h.call("t-api", &GetBranch::new("g/app", "main")).unwrap();
    let feature = h.call("t-api", &GetBranch::new("g/app", "feature")).unwrap();
    assert_eq!(feature["commit"]["parent_ids"][0], main["commit"]["id"]);
    assert!(matches!(h.call("t-api", &GetBranch::new("g/app", "v1")), Err(ApiError::NotFound { .. })));
    assert!(h.call("t-api", &GetTag::new("g/app", "v1")).unwrap()["commit"]["id"].is_string());
    let branches = h.call("t-api", &Branches::new("g/app")).unwrap();
    assert_eq!(branches.len(), 3);
    let tree = h.call("t-api", &RepositoryTree::new("g/app", "feature")).unwrap();
    let blobs: Vec<&str> = tree.iter().filter(|e| e["type"] == "blob").map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(blobs, [".gitlab-ci.yml", "src/a.rs", "src/b.rs"]);
    assert!(tree.iter().any(|e| e["type"] == "tree" && e["path"] == "src"));
    let t = h.call("t-api", &CiTemplate::new("Jobs/Lint")).unwrap();
    assert_eq!(t["content"], "lint: {script: [lint]}\n");
    assert!(matches!(h.call("t-api", &CiTemplate::new("Nope")), Err(ApiError::NotFound { .. })));
}
