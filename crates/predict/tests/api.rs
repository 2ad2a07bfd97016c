//! The include fetcher, the context and GitLab's dry run against the simulator, natively (ureq).

use pipelens_core::live::{diff, diff_reported, Difference};
use pipelens_core::variables::Vars;
use pipelens_core::{Limits, LivePipeline, PipelineSource, Severity};
use pipelens_gitlab_api::native::NativeTransport;
use pipelens_gitlab_api::{Backoff, Client, Token};
use pipelens_gitlab_sim::{Fault, FaultKind, Sim};
use pipelens_predict::{config_text, dry_run, gather, predict, Prediction, Target};
use std::time::Duration;

const SCENARIO: &str = r##"
users: [{username: dev}]
tokens:
  - {token: t-api, user: dev, scopes: [api], projects: [g/app, g/lib, g/components]}
  - {token: t-read, user: dev, scopes: [read_api], projects: [g/app, g/lib, g/components]}
templates:
  Jobs/Lint.gitlab-ci.yml: "lint: {stage: test, script: [make lint]}\n"
remote_files:
  shared/remote.yml: "remote-job: {stage: test, script: [echo remote]}\n"
projects:
  - path: g/app
    jobs_from_config: true
    variables: {SECRET_SWITCH: "on"}
    refs:
      main:
        files:
          .gitlab-ci.yml: |
            include:
              - local: ci/build.yml
              - local: ci/*.inc.yml
              - project: g/lib
                file: shared.yml
              - template: Jobs/Lint.gitlab-ci.yml
              - component: $CI_SERVER_FQDN/g/components/scan@v2
              - remote: $CI_SERVER_URL/-/sim/remote/shared/remote.yml
            stages: [build, test, deploy]
            mr-only:
              stage: test
              script: [echo mr]
              rules:
                - if: $CI_PIPELINE_SOURCE == "merge_request_event"
                  changes: [src/**/*]
            hidden-switch:
              stage: deploy
              script: [echo on]
              rules:
                - if: $SECRET_SWITCH == "on"
            with-file:
              stage: deploy
              script: [echo]
              rules:
                - exists: [docs/index.md]
          ci/build.yml: "build: {stage: build, script: [make]}\n"
          ci/extra.inc.yml: "extra: {stage: test, script: [make extra]}\n"
          docs/index.md: "# docs\n"
      feature/x:
        from: main
        files:
          src/x.rs: "fn x() {}\n"
      broken:
        from: main
        files:
          .gitlab-ci.yml: |
            include:
              - local: missing.yml
              - local: ci/forbidden.yml
              - local: ci/big.yml
              - project: secret/hidden
                file: x.yml
              - project: g/lib
                file: nope.yml
              - template: Nope.gitlab-ci.yml
              - component: $CI_SERVER_FQDN/g/components/nope@v2
              - remote: $CI_SERVER_URL/-/sim/remote/missing.yml
            build: {script: [make]}
          ci/forbidden.yml: "x: {script: [x]}\n"
          ci/big.yml: "big: {script: [make big]} # PADDING\n"
    merge_requests:
      - {iid: 4, title: X, source_branch: feature/x, target_branch: main}
  - path: g/lib
    refs:
      main:
        files:
          shared.yml: "unit: {stage: test, needs: [build], script: [make test]}\n"
  - path: g/components
    refs:
      v2:
        tag: true
        files:
          templates/scan/template.yml: |
            spec:
              inputs:
                stage: {default: test}
            ---
            scan:
              stage: $[[ inputs.stage ]]
              script: [scan]
  - path: secret/hidden
    refs:
      main:
        files:
          x.yml: "x: {script: [x]}\n"
"##;

struct H {
    sim: Sim,
    client: Client,
    transport: NativeTransport,
}

fn start(token: &str) -> H {
    // ci/big.yml is larger than the 400-byte file limit one test sets; the entry files are not.
    let sim = Sim::from_yaml(&SCENARIO.replace("PADDING", &"x".repeat(500)), None).expect("scenario");
    let addr = sim.spawn();
    let client =
        Client::new(&format!("http://{addr}"), Some(Token::private(token))).unwrap().with_backoff(Backoff::none());
    H { sim, client, transport: NativeTransport::new(Duration::from_secs(5)) }
}

fn run(h: &H, target: Target, limits: &Limits) -> (pipelens_predict::Prepared, Prediction) {
    pollster::block_on(async {
        let prepared = gather(&h.client, &h.transport, "g/app", &target, None, limits).await.expect("gathered");
        let config = config_text(&h.client, &h.transport, &prepared).await.expect("config");
        let ctx = prepared.context(prepared.source, &Vars::new());
        let p = predict(&h.client, &h.transport, &prepared, config, &ctx, limits).await;
        (prepared, p)
    })
}

fn names(p: &Prediction) -> Vec<&str> {
    p.analysis.pipeline.jobs.iter().map(|j| j.name.as_str()).collect()
}

#[test]
fn every_include_kind_is_read_through_the_api() {
    let h = start("t-read");
    let (prepared, p) = run(&h, Target::Branch("main".into()), &Limits::default());
    assert_eq!(prepared.source, PipelineSource::Api);
    assert_eq!(prepared.project.path, "g/app");
    assert_eq!(prepared.project.default_branch, "main");
    assert!(prepared.repo_files.contains(&"docs/index.md".to_string()), "{:?}", prepared.repo_files);
    let errors: Vec<_> = p.analysis.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut got = names(&p);
    got.sort();
    // local, local wildcard, project, template, component (directory form), remote; `exists` from the tree.
    assert_eq!(got, ["build", "extra", "lint", "remote-job", "scan", "unit", "with-file"]);
    assert_eq!(p.analysis.context.vars["CI_PROJECT_PATH"], "g/app");
    assert_eq!(p.analysis.context.vars["CI_COMMIT_SHA"], prepared.sha);
    assert_eq!(p.analysis.context.vars["CI_PIPELINE_SOURCE"], "api");
    // The token went only to the instance; the remote file was fetched without it.
    let remote = h.sim.requests().into_iter().find(|r| r.uri.contains("/-/sim/remote/")).expect("remote read");
    assert!(!remote.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("private-token")));
    let local = h.sim.requests().into_iter().find(|r| r.uri.contains("ci%2Fbuild.yml")).expect("local read");
    assert!(local.uri.contains(&format!("ref={}", prepared.sha)), "local at the commit: {}", local.uri);
}

#[test]
fn a_merge_request_has_its_variables_and_changes() {
    let h = start("t-read");
    let (prepared, p) = run(&h, Target::MergeRequest(4), &Limits::default());
    assert_eq!(prepared.source, PipelineSource::MergeRequest);
    assert_eq!(prepared.changed_files.as_deref(), Some(&["src/x.rs".to_string()][..]));
    let vars = &p.analysis.context.vars;
    assert_eq!(vars["CI_MERGE_REQUEST_IID"], "4");
    assert_eq!(vars["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"], "feature/x");
    assert_eq!(vars["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"], "main");
    assert!(!vars.contains_key("CI_COMMIT_BRANCH"));
    assert!(names(&p).contains(&"mr-only"), "{:?}", names(&p));
}

#[test]
fn a_push_reads_the_commit_changes_through_compare() {
    let h = start("t-read");
    let prepared = pollster::block_on(gather(
        &h.client,
        &h.transport,
        "g/app",
        &Target::Branch("feature/x".into()),
        Some(PipelineSource::Push),
        &Limits::default(),
    ))
    .unwrap();
    assert_eq!(prepared.changed_files.as_deref(), Some(&["src/x.rs".to_string()][..]));
    assert!(h.sim.requests().iter().any(|r| r.uri.contains("/repository/compare")));
}

#[test]
fn failed_includes_become_diagnostics_with_gitlabs_words() {
    let h = start("t-read");
    h.sim.add_fault(Fault {
        path: "ci%2Fforbidden.yml".into(),
        method: None,
        times: None,
        kind: FaultKind::Status { status: 403 },
    });
    let limits = Limits { max_file_bytes: 400, ..Limits::default() };
    let (_, p) = run(&h, Target::Branch("broken".into()), &limits);
    let messages: Vec<String> = p.analysis.diagnostics.iter().map(|d| d.message.clone()).collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(has("Local file `missing.yml` does not exist!"), "{messages:#?}");
    assert!(has("403"), "{messages:#?}");
    assert!(has("ci/big.yml") && messages.iter().any(|m| m.contains("big") && m.contains("bytes")), "{messages:#?}");
    assert!(has("Project `secret/hidden` not found or access denied!"), "{messages:#?}");
    assert!(has("Project `g/lib` file `nope.yml` does not exist!"), "{messages:#?}");
    assert!(has("Included file `Nope.gitlab-ci.yml` is empty or does not exist!"), "{messages:#?}");
    assert!(has("content not found"), "{messages:#?}");
    assert!(has("could not be fetched because of HTTP code `404` error!"), "{messages:#?}");
    assert!(p.analysis.has_errors());
    assert_eq!(names(&p), ["build"]);
}

#[test]
fn gitlabs_dry_run_is_compared_by_core() {
    let h = start("t-api");
    pollster::block_on(async {
        let limits = Limits::default();
        let prepared =
            gather(&h.client, &h.transport, "g/app", &Target::Branch("main".into()), None, &limits).await.unwrap();
        let config = config_text(&h.client, &h.transport, &prepared).await.unwrap();
        let text = String::from_utf8(config.clone()).unwrap();
        let answer = dry_run(&h.client, &h.transport, "g/app", &text, "main").await.unwrap();
        assert!(answer.valid, "{:?}", answer.errors);
        let ctx = prepared.dry_run_context(&Vars::new());
        let p = predict(&h.client, &h.transport, &prepared, config, &ctx, &limits).await;
        // The project's CI/CD variable is GitLab's to know: its job is the one difference.
        let d = diff_reported(&p.analysis.pipeline, &answer.jobs);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].name.as_str(), &d[0].difference), ("hidden-switch", &Difference::Extra));
        assert_eq!(d[0].describe("in GitLab's dry run"), "hidden-switch: in GitLab's dry run, not predicted");
        // With the variable given, prediction and dry run agree.
        let vars: Vars = [("SECRET_SWITCH".to_string(), "on".to_string())].into_iter().collect();
        let p =
            predict(&h.client, &h.transport, &prepared, text.into_bytes(), &prepared.dry_run_context(&vars), &limits)
                .await;
        assert_eq!(diff_reported(&p.analysis.pipeline, &answer.jobs), []);
        assert!(diff(&p.analysis.pipeline, &LivePipeline::default())
            .iter()
            .all(|d| d.difference == Difference::Missing));
    });
}

#[test]
fn the_dry_run_needs_the_api_scope() {
    let h = start("t-read");
    let e = pollster::block_on(dry_run(&h.client, &h.transport, "g/app", "a: {script: [x]}", "main")).unwrap_err();
    assert!(matches!(e, pipelens_gitlab_api::ApiError::Forbidden { .. }), "{e:?}");
}
