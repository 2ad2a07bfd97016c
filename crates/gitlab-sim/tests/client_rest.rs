//! Every REST endpoint of the client against the simulator, with GitLab's documented behaviour.

mod support;

use pipelens_gitlab_api::endpoints::*;
use pipelens_gitlab_api::models::Variable;
use pipelens_gitlab_api::{ApiError, Status};
use support::Harness;

#[test]
fn projects_by_membership_search_and_group() {
    let h = Harness::start();
    let mine = h.call("t-api", &Projects { membership: Some(true), ..Default::default() }).unwrap();
    let mut paths: Vec<_> = mine.iter().map(|p| p.path_with_namespace.as_str()).collect();
    paths.sort();
    assert_eq!(paths, ["g/app", "g/pub", "g/sub/down"]);
    // Without membership a token also sees public projects, never private ones it is not in.
    let visible = h.call("t-read", &Projects::default()).unwrap();
    let mut paths: Vec<_> = visible.iter().map(|p| p.path_with_namespace.as_str()).collect();
    paths.sort();
    assert_eq!(paths, ["g/app", "g/pub"]);
    let found = h.call("t-api", &Projects { search: Some("DOWN".into()), ..Default::default() }).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path_with_namespace, "g/sub/down");

    let direct = h.call("t-api", &GroupProjects::new("g")).unwrap();
    assert_eq!(direct.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(), ["pub", "app"]);
    let mut with_sub = GroupProjects::new("g");
    with_sub.include_subgroups = Some(true);
    assert_eq!(h.call("t-api", &with_sub).unwrap().len(), 3);
}

#[test]
fn projects_ordered_by_last_activity_newest_first() {
    // `order_by=last_activity_at` (the app's project list), `sort` defaulting to `desc` (doc/api/projects.md).
    // `g/early` was created first but ran a pipeline last: it comes first, not last as by creation.
    let h = Harness::with(
        "users: [{username: u}]\ntokens: [{token: t, user: u, scopes: [api]}]\nprojects:\n\
         - {path: g/early, public: true, jobs: [{name: a, stage: test}], pipelines: [{created: -10}]}\n\
         - {path: g/late, public: true, jobs: [{name: a, stage: test}], pipelines: [{created: -5000}]}\n\
         - {path: g/quiet, public: true}\n",
    );
    let list = Projects { order_by: Some("last_activity_at".into()), ..Default::default() };
    let got = h.call("t", &list).unwrap();
    let paths: Vec<&str> = got.iter().map(|p| p.path_with_namespace.as_str()).collect();
    assert_eq!(paths, ["g/early", "g/late", "g/quiet"]);
}

#[test]
fn project_by_path_and_id() {
    let h = Harness::start();
    let p = h.call("t-api", &GetProject::new("g/sub/down")).unwrap();
    assert_eq!((p.name.as_str(), p.default_branch.as_deref()), ("down", Some("main")));
    assert_eq!(p.config_path(), ".gitlab-ci.yml");
    assert_eq!(p.web_url, format!("{}/g/sub/down", h.base));
    let same = h.call("t-api", &GetProject::new(p.id)).unwrap();
    assert_eq!(same, p);
}

#[test]
fn auth_401_404_and_403() {
    let h = Harness::start();
    assert_eq!(h.call("wrong", &GetProject::new("g/app")).unwrap_err(), ApiError::Unauthorized);
    // A project the token cannot see does not exist for it (GitLab's 404, not 403).
    assert!(matches!(h.call("t-api", &GetProject::new("secret/hidden")), Err(ApiError::NotFound { .. })));
    // Anonymous: public projects readable, jobs API needs a user.
    let anon = h.client(None);
    let public = pollster::block_on(anon.call(&h.transport, &GetProject::new("g/pub"))).unwrap();
    assert_eq!(public.path_with_namespace, "g/pub");
    let jobs = pollster::block_on(anon.call(&h.transport, &GetJob::new("g/pub", 1)));
    assert_eq!(jobs.unwrap_err(), ApiError::Unauthorized);
    // Writes need the `api` scope, then the Developer role.
    let create = CreatePipeline::new("g/app", "main");
    match h.call("t-read", &create).unwrap_err() {
        ApiError::Forbidden { message } => assert!(message.starts_with("insufficient_scope"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(h.call("t-reporter", &create), Err(ApiError::Forbidden { .. })));
    // A public project the token's user is not a member of: readable, not writable.
    assert!(h.call("t-read", &Pipelines::new("g/pub")).is_ok());
    assert!(matches!(h.call("t-read", &CreatePipeline::new("g/pub", "main")), Err(ApiError::Forbidden { .. })));
}

#[test]
fn pipeline_jobs_move_through_statuses_on_the_clock() {
    let h = Harness::start();
    let p = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap();
    assert_eq!(p.basic.source.as_deref(), Some("api"));
    let id = p.basic.id;
    let status_of = |name: &str| {
        let jobs = h.call("t-api", &PipelineJobs::new("g/app", id)).unwrap();
        jobs.into_iter().find(|j| j.name == name).map(|j| j.status)
    };
    // t=0: build (first stage) and lint (needs: []) are queued; unit waits for the build stage.
    assert_eq!(status_of("build"), Some(Status::Pending));
    assert_eq!(status_of("lint"), Some(Status::Pending));
    assert_eq!(status_of("unit"), Some(Status::Created));
    assert_eq!(h.call("t-api", &GetPipeline::new("g/app", id)).unwrap().basic.status, Status::Pending);
    h.sim.advance(2); // build picked up after its 2 s queue
    assert_eq!(status_of("build"), Some(Status::Running));
    assert_eq!(status_of("lint"), Some(Status::Running));
    assert_eq!(h.call("t-api", &GetPipeline::new("g/app", id)).unwrap().basic.status, Status::Running);
    h.sim.advance(10); // t=12: build done at 12, unit queued at 12
    assert_eq!(status_of("build"), Some(Status::Success));
    assert_eq!(status_of("unit"), Some(Status::Pending));
    h.sim.advance(100);
    assert_eq!(status_of("unit"), Some(Status::Success));
    assert_eq!(status_of("flaky"), Some(Status::Failed));
    // A failed job in `test` skips the next stage's manual job.
    assert_eq!(status_of("deploy"), Some(Status::Skipped));
    let done = h.call("t-api", &GetPipeline::new("g/app", id)).unwrap();
    assert_eq!(done.basic.status, Status::Failed);
    assert_eq!(done.detailed_status.unwrap().icon, "status_failed");
    let unit =
        h.call("t-api", &PipelineJobs::new("g/app", id)).unwrap().into_iter().find(|j| j.name == "unit").unwrap();
    assert_eq!((unit.duration, unit.queued_duration), (Some(20.0), Some(2.0)));
    assert!(unit.finished_at.is_some() && unit.failure_reason.is_none());
    let flaky =
        h.call("t-api", &PipelineJobs::new("g/app", id)).unwrap().into_iter().find(|j| j.name == "flaky").unwrap();
    assert_eq!(flaky.failure_reason.as_deref(), Some("script_failure"));
}

#[test]
fn pipeline_list_filters_and_latest() {
    let h = Harness::start();
    let a = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap().basic.id;
    h.sim.advance(1000);
    let b = h.call("t-api", &CreatePipeline::new("g/app", "feature/x")).unwrap().basic.id;
    let all = h.call("t-api", &Pipelines::new("g/app")).unwrap();
    assert_eq!(all.iter().map(|p| p.id).collect::<Vec<_>>(), [b, a], "newest first");
    let mut on_main = Pipelines::new("g/app");
    on_main.git_ref = Some("main".into());
    assert_eq!(h.call("t-api", &on_main).unwrap().iter().map(|p| p.id).collect::<Vec<_>>(), [a]);
    let mut failed = Pipelines::new("g/app");
    failed.status = Some(Status::Failed);
    assert_eq!(h.call("t-api", &failed).unwrap().iter().map(|p| p.id).collect::<Vec<_>>(), [a]);
    let mut finished = Pipelines::new("g/app");
    finished.scope = Some("finished".into());
    assert_eq!(h.call("t-api", &finished).unwrap().len(), 1);
    let mut asc = Pipelines::new("g/app");
    asc.sort = Some("asc".into());
    assert_eq!(h.call("t-api", &asc).unwrap()[0].id, a);

    let latest = h.call("t-api", &LatestPipeline { project: "g/app".into(), git_ref: None }).unwrap();
    assert_eq!(latest.basic.id, a);
    // The tag's commit has no pipeline: GitLab answers 403, not 404.
    let tag = LatestPipeline { project: "g/app".into(), git_ref: Some("v1.0".into()) };
    assert!(matches!(h.call("t-api", &tag), Err(ApiError::Forbidden { .. })));
}

#[test]
fn create_with_variables_and_unknown_ref() {
    let h = Harness::start();
    let mut create = CreatePipeline::new("g/app", "main");
    create.variables =
        vec![Variable::new("DEPLOY", "1"), Variable { variable_type: "file".into(), ..Variable::new("CFG", "a=b") }];
    let p = h.call("t-api", &create).unwrap();
    let vars = h.call("t-api", &PipelineVariables::new("g/app", p.basic.id)).unwrap();
    assert_eq!(vars, create.variables);
    let bad = h.call("t-api", &CreatePipeline::new("g/app", "nope")).unwrap_err();
    assert!(matches!(bad, ApiError::Http { status: 400, .. }), "{bad:?}");
}

#[test]
fn every_status_value_including_unknown_ones() {
    let h = Harness::start();
    let p = h.call("t-api", &Pipelines::new("g/pub")).unwrap().remove(0);
    let jobs = h.call("t-api", &PipelineJobs::new("g/pub", p.id)).unwrap();
    let by_name = |n: &str| jobs.iter().find(|j| j.name == n).unwrap().status.clone();
    assert_eq!(by_name("external"), Status::WaitingForCallback);
    assert_eq!(by_name("future"), Status::Unknown("teleporting".into()));
    assert_eq!(by_name("running"), Status::Running);
    // A running job being canceled goes through `canceling` (its after_script) to `canceled`.
    let running = jobs.iter().find(|j| j.name == "running").unwrap().clone();
    // t-read may read g/pub (public) but is no member: no cancel.
    assert!(matches!(h.call("t-read", &CancelJob::new("g/pub", running.id)), Err(ApiError::Forbidden { .. })));
    assert_eq!(h.call("t-api", &CancelJob::new("g/pub", running.id)).unwrap().status, Status::Canceling);
    assert_eq!(h.call("t-api", &GetPipeline::new("g/pub", p.id)).unwrap().basic.status, Status::Canceling);
    h.sim.advance(3);
    assert_eq!(h.call("t-api", &GetJob::new("g/pub", running.id)).unwrap().status, Status::Canceled);
}

#[test]
fn force_cancel_of_a_canceling_job_takes_a_maintainer() {
    let h = Harness::start();
    let p = h.call("t-api", &Pipelines::new("g/pub")).unwrap().remove(0);
    let jobs = h.call("t-api", &PipelineJobs::new("g/pub", p.id)).unwrap();
    let running = jobs.iter().find(|j| j.name == "running").unwrap().id;
    assert_eq!(h.call("t-api", &CancelJob::new("g/pub", running)).unwrap().status, Status::Canceling);
    let force = CancelJob { force: true, ..CancelJob::new("g/pub", running) };
    assert!(matches!(h.call("t-api", &force), Err(ApiError::Forbidden { .. })), "a developer may not force");
    assert_eq!(h.call("t-maintainer", &force).unwrap().status, Status::Canceled);
}
