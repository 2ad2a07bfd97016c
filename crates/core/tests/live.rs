//! Live pipelines: drawn by the editor's scene builder, decorated per box by status, their critical path,
//! when to poll, and how they differ from the prediction. Pipelines here are built by hand.

use pipelens_core::keywords::when::When;
use pipelens_core::live::{
    self, critical_path, diff, next_poll, status_style, Activity, Difference, Fetch, PollState, StatusClass,
};
use pipelens_core::scene::{self, Options, View};
use pipelens_core::{analyze_text, Downstream, DownstreamKind, LiveJob, LivePipeline, LiveStatus, PipelineContext};
use std::time::Duration;

fn job(name: &str, stage: &str, needs: Option<&[&str]>, status: LiveStatus) -> LiveJob {
    LiveJob { needs: needs.map(|n| n.iter().map(|s| s.to_string()).collect()), ..LiveJob::new(name, stage, status) }
}

fn pipeline(stages: &[&str], jobs: Vec<LiveJob>) -> LivePipeline {
    LivePipeline { stages: stages.iter().map(|s| s.to_string()).collect(), jobs, status: None }
}

/// A job that ran from `start` to `end` (`None`: still running).
fn ran(mut j: LiveJob, start: f64, end: Option<f64>) -> LiveJob {
    j.started_at = Some(start);
    j.finished_at = end;
    j.status = if end.is_some() { LiveStatus::Success } else { LiveStatus::Running };
    j
}

const YAML: &str = "stages: [build, test, deploy]\n\
    build:\n  stage: build\n  script: x\n  parallel: 2\n\
    lint:\n  stage: build\n  script: x\n\
    unit:\n  stage: test\n  needs: [build, lint]\n  script: x\n\
    e2e:\n  stage: test\n  needs: [build, unit]\n  script: x\n\
    deploy:\n  stage: deploy\n  script: x\n  when: manual\n";

/// The pipeline GitLab creates from `YAML`, as a front end would pass it in.
fn created() -> LivePipeline {
    let mut deploy = job("deploy", "deploy", None, LiveStatus::Manual);
    deploy.when = When::Manual;
    // `allow_failure` docs: a manual job defaults to `allow_failure: true`, and the API reports it so.
    deploy.allow_failure = true;
    pipeline(
        &["build", "test", "deploy"],
        vec![
            job("build 1/2", "build", None, LiveStatus::Success),
            job("build 2/2", "build", None, LiveStatus::Running),
            job("lint", "build", None, LiveStatus::Success),
            // GitLab stores the needs of a parallel job by the group's name.
            job("unit", "test", Some(&["build", "lint"]), LiveStatus::Created),
            job("e2e", "test", Some(&["build", "unit"]), LiveStatus::Created),
            deploy,
        ],
    )
}

#[test]
fn a_live_pipeline_is_drawn_exactly_as_the_editor_draws_its_configuration() {
    let (_, a) = analyze_text(YAML, &PipelineContext::default_push());
    for view in [View::Stages, View::Needs] {
        for collapse_groups in [false, true] {
            let opts = Options { view, collapse_groups, ..Options::default() };
            assert_eq!(live::build(&created(), &opts), scene::build_with(&a, &opts), "{view:?} {collapse_groups}");
        }
    }
}

#[test]
fn groups_collapse_and_implied_needs_are_not_drawn() {
    let opts = Options { collapse_groups: true, ..Options::default() };
    let s = live::build(&created(), &opts);
    let boxes: Vec<(&str, usize)> = s.jobs.iter().map(|j| (j.name.as_str(), j.count)).collect();
    assert_eq!(boxes, [("build", 2), ("lint", 1), ("unit", 1), ("e2e", 1), ("deploy", 1)]);
    // e2e needs build and unit; unit already needs build, so build → e2e is implied and left out.
    let edges: Vec<(&str, &str)> = s.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect();
    assert_eq!(edges, [("build", "unit"), ("lint", "unit"), ("unit", "e2e")]);
    assert_eq!(s.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), ["build", "test", "deploy"]);
    // deploy has no needs: it waits on the bus from the test stage.
    assert_eq!(s.stage_links.len(), 1);
    assert_eq!(s.stage_links[0].to.len(), 1);
    // The needs view ranks by needs: e2e a column after unit.
    let n = live::build(&created(), &Options { view: View::Needs, ..opts });
    let x = |name: &str| n.jobs.iter().find(|j| j.name == name).unwrap().x;
    assert!(x("build") < x("unit") && x("unit") < x("e2e"));
}

#[test]
fn a_status_change_needs_no_new_layout_and_statuses_are_per_box() {
    let before = created();
    let mut after = created();
    after.jobs[1].status = LiveStatus::Failed;
    after.jobs[3].status = LiveStatus::Running;
    let opts = Options { collapse_groups: true, ..Options::default() };
    assert_eq!(live::build(&before, &opts), live::build(&after, &opts));
    let st = live::statuses(&after);
    let status = |path: &str| st[path].status.clone();
    assert_eq!(status("build 1/2"), LiveStatus::Success);
    assert_eq!(status("build 2/2"), LiveStatus::Failed);
    // The collapsed box: failed is GitLab's most severe status.
    assert_eq!(status("build"), LiveStatus::Failed);
    assert_eq!(status("unit"), LiveStatus::Running);
    assert_eq!(live::statuses(&before)["build"].status, LiveStatus::Running);
    assert_eq!(st.len(), 7);
    assert_eq!(st["build"].style().icon_name, "status_failed");
}

#[test]
fn the_shape_changes_with_the_job_set_or_needs_never_with_statuses_or_times() {
    let before = created();
    let mut after = created();
    after.jobs[1] = ran(after.jobs[1].clone(), 10.0, Some(20.0));
    after.jobs[3].status = LiveStatus::Failed;
    after.jobs[3].retried = 2;
    after.jobs[3].duration = Some(4.0);
    assert_eq!(live::shape(&before), live::shape(&after), "statuses, times and retries keep the shape");
    let mut more = created();
    more.jobs.push(job("e2e 2", "test", None, LiveStatus::Created));
    assert_ne!(live::shape(&before), live::shape(&more), "a new job");
    let mut rewired = created();
    rewired.jobs[4].needs = Some(vec!["unit".into()]);
    assert_ne!(live::shape(&before), live::shape(&rewired), "other needs");
    // A downstream pipeline fetched: its jobs are drawn, so they count; their statuses do not.
    let child = |status| {
        let mut p = created();
        let mut bridge = job("docs", "deploy", None, LiveStatus::Running);
        let inner = pipeline(&["test"], vec![job("spell", "test", None, status)]);
        bridge.downstream = Some(Downstream {
            kind: DownstreamKind::Child,
            project: None,
            status: LiveStatus::Running,
            pipeline: Some(Box::new(inner)),
        });
        p.jobs.push(bridge);
        p
    };
    assert_eq!(live::shape(&child(LiveStatus::Running)), live::shape(&child(LiveStatus::Success)));
    assert_ne!(live::shape(&child(LiveStatus::Running)), live::shape(&before));
}

#[test]
fn an_allowed_failure_shows_passed_with_a_warning_also_for_its_group() {
    // `allow_failure` docs: a failed job allowed to fail shows an orange warning and does not fail the
    // pipeline; GitLab's status for it is "success with warnings" (`status_warning`).
    let mut p = created();
    p.jobs[0].status = LiveStatus::Failed;
    p.jobs[0].allow_failure = true;
    p.jobs[1].status = LiveStatus::Success;
    let st = live::statuses(&p);
    assert!(st["build 1/2"].warning && st["build 1/2"].status == LiveStatus::Failed);
    assert_eq!(st["build 1/2"].style().icon_name, "status_warning");
    assert_eq!((st["build"].status.clone(), st["build"].warning), (LiveStatus::Success, true));
    assert_eq!(st["build"].style().class, StatusClass::Done);
    // While another member runs, the group runs; no warning yet.
    p.jobs[1].status = LiveStatus::Running;
    let st = live::statuses(&p);
    assert_eq!((st["build"].status.clone(), st["build"].warning), (LiveStatus::Running, false));
}

#[test]
fn jobs_in_stages_the_list_lacks_and_needs_of_absent_jobs_still_draw() {
    let p = pipeline(
        &["build"],
        vec![
            job("b", "build", None, LiveStatus::Success),
            job("late", ".post", Some(&["b", "optional-gone", "late"]), LiveStatus::Pending),
        ],
    );
    let s = live::build(&p, &Options::default());
    assert_eq!(s.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), ["build", ".post"]);
    assert_eq!(s.edges.len(), 1);
    assert!(live::build(&LivePipeline::default(), &Options::default()).jobs.is_empty());
}

#[test]
fn a_downstream_pipeline_opens_below_its_bridge() {
    let child = pipeline(&["test"], vec![job("one", "test", None, LiveStatus::Running)]);
    let mut bridge = job("docs", "test", None, LiveStatus::Running);
    bridge.downstream = Some(Downstream {
        kind: DownstreamKind::Child,
        project: None,
        status: LiveStatus::Running,
        pipeline: Some(Box::new(child)),
    });
    let p = pipeline(&["test"], vec![bridge, job("unit", "test", None, LiveStatus::Success)]);
    let closed = live::build(&p, &Options::default());
    assert_eq!(closed.jobs[0].child, Some(false));
    assert_eq!(closed.jobs[1].child, None);
    let open = live::build(&p, &Options { open_children: ["docs".to_string()].into(), ..Options::default() });
    let [c] = &open.children[..] else { panic!("one frame, got {}", open.children.len()) };
    assert_eq!((c.job.as_str(), c.scene.jobs[0].name.as_str()), ("docs", "one"));
    // Its boxes' statuses by job path, as the editor names child jobs.
    assert_eq!(live::statuses(&p)["docs/one"].status, LiveStatus::Running);
}

#[test]
fn deeply_nested_downstream_pipelines_stop_at_the_limit() {
    let mut p = pipeline(&["s"], vec![job("leaf", "s", None, LiveStatus::Success)]);
    for _ in 0..50 {
        let mut b = job("t", "s", None, LiveStatus::Running);
        b.downstream = Some(Downstream {
            kind: DownstreamKind::MultiProject,
            project: Some("g/p".into()),
            status: LiveStatus::Running,
            pipeline: Some(Box::new(p)),
        });
        p = pipeline(&["s"], vec![b]);
    }
    let open = (1..=50).map(|i| vec!["t"; i].join("/")).collect();
    let mut s = live::build(&p, &Options { open_children: open, ..Options::default() });
    let mut depth = 0;
    while let Some(c) = s.children.pop() {
        depth += 1;
        s = c.scene;
    }
    assert_eq!(depth, pipelens_core::Limits::default().max_live_depth);
    assert!(live::statuses(&p).len() <= 1 + pipelens_core::Limits::default().max_live_depth);
}

// Critical path. GitLab docs, "Make jobs start earlier with needs" (ci/yaml/needs): a job with `needs` starts
// once the jobs it needs are done, whatever the stages; without `needs` it waits for the earlier stages (the
// "Pipelines" docs, stages). GitLab's GraphQL `previousStageJobsOrNeeds` reads a job the same way.

#[test]
fn critical_path_in_a_dag_follows_what_finished_last() {
    let p = pipeline(
        &["build", "test", "deploy"],
        vec![
            ran(job("build", "build", None, LiveStatus::Created), 0.0, Some(10.0)),
            ran(job("lint", "build", None, LiveStatus::Created), 0.0, Some(5.0)),
            ran(job("test", "test", Some(&["build"]), LiveStatus::Created), 10.0, Some(30.0)),
            ran(job("deploy", "deploy", Some(&["test", "lint"]), LiveStatus::Created), 30.0, Some(40.0)),
            // Finishes last, though it needs only the quick lint.
            ran(job("docs", "deploy", Some(&["lint"]), LiveStatus::Created), 5.0, Some(50.0)),
        ],
    );
    assert_eq!(critical_path(&p, 1000.0), ["lint", "docs"]);
    let mut without_docs = p.clone();
    without_docs.jobs.pop();
    assert_eq!(critical_path(&without_docs, 1000.0), ["build", "test", "deploy"]);
}

#[test]
fn critical_path_by_stages_takes_the_slowest_job_of_each_earlier_stage() {
    let p = pipeline(
        &["build", "test", "deploy"],
        vec![
            ran(job("b1", "build", None, LiveStatus::Created), 0.0, Some(10.0)),
            ran(job("b2", "build", None, LiveStatus::Created), 0.0, Some(20.0)),
            ran(job("t1", "test", None, LiveStatus::Created), 20.0, Some(40.0)),
            ran(job("t2", "test", None, LiveStatus::Created), 20.0, Some(25.0)),
            ran(job("d", "deploy", None, LiveStatus::Created), 40.0, Some(45.0)),
        ],
    );
    assert_eq!(critical_path(&p, 1000.0), ["b2", "t1", "d"]);
}

#[test]
fn jobs_that_never_ran_are_not_on_the_critical_path() {
    let mut manual = job("deploy", "deploy", None, LiveStatus::Manual);
    manual.when = When::Manual;
    let p = pipeline(
        &["test", "deploy", "cleanup"],
        vec![
            ran(job("t", "test", None, LiveStatus::Created), 0.0, Some(10.0)),
            manual,
            job("cleanup", "cleanup", None, LiveStatus::Skipped),
        ],
    );
    assert_eq!(critical_path(&p, 1000.0), ["t"]);
    assert!(critical_path(&pipeline(&["a"], vec![job("m", "a", None, LiveStatus::Manual)]), 5.0).is_empty());
}

#[test]
fn a_running_pipelines_critical_path_leads_to_now() {
    let p = pipeline(
        &["build", "test"],
        vec![
            ran(job("build", "build", None, LiveStatus::Created), 0.0, Some(10.0)),
            ran(job("quick", "test", Some(&["build"]), LiveStatus::Created), 10.0, Some(20.0)),
            ran(job("slow", "test", Some(&["build"]), LiveStatus::Created), 10.0, None),
        ],
    );
    assert_eq!(critical_path(&p, 30.0), ["build", "slow"]);
    // Needs that form a cycle (never from GitLab) end the walk instead of looping.
    let cyclic = pipeline(
        &["a"],
        vec![
            ran(job("x", "a", Some(&["y"]), LiveStatus::Created), 0.0, Some(5.0)),
            ran(job("y", "a", Some(&["x"]), LiveStatus::Created), 0.0, Some(6.0)),
        ],
    );
    assert_eq!(critical_path(&cyclic, 10.0), ["x", "y"]);
}

// Polling.

#[test]
fn polling_follows_what_the_pipeline_does() {
    let mut p = created();
    assert_eq!(Activity::of(&p), Activity::Active, "build 2/2 runs");
    p.jobs[1].status = LiveStatus::Success;
    assert_eq!(Activity::of(&p), Activity::Waiting, "only created and manual jobs left");
    for j in &mut p.jobs {
        j.status = LiveStatus::Success;
    }
    assert_eq!(Activity::of(&p), Activity::Finished);
    p.status = Some(LiveStatus::Running);
    assert_eq!(Activity::of(&p), Activity::Active, "the pipeline says it runs: its end is near");
    p.status = Some(LiveStatus::Manual);
    assert_eq!(Activity::of(&p), Activity::Waiting, "the pipeline waits for a manual job");
    p.status = Some(LiveStatus::Canceled);
    p.jobs[0].status = LiveStatus::Running;
    assert_eq!(Activity::of(&p), Activity::Finished, "the pipeline's own status decides when it is done");

    assert_eq!(next_poll(&PollState::new(Activity::Active)), Some(Duration::from_secs(3)));
    assert_eq!(next_poll(&PollState::new(Activity::Waiting)), Some(Duration::from_secs(15)));
    assert_eq!(next_poll(&PollState::new(Activity::Finished)), None);
    let hidden = PollState { hidden: true, ..PollState::new(Activity::Active) };
    assert_eq!(next_poll(&hidden), None);
}

#[test]
fn failed_fetches_back_off_up_to_a_cap_and_a_good_one_resets() {
    let mut s = PollState::new(Activity::Active);
    let mut waits = Vec::new();
    for _ in 0..9 {
        s.record(Fetch::NetworkError);
        waits.push(next_poll(&s).unwrap().as_secs());
    }
    assert_eq!(waits, [6, 12, 24, 48, 96, 192, 300, 300, 300]);
    for _ in 0..100 {
        s.record(Fetch::ServerError { retry_after: None });
    }
    assert_eq!(next_poll(&s), Some(Duration::from_secs(300)));
    s.record(Fetch::Ok);
    assert_eq!(next_poll(&s), Some(Duration::from_secs(3)));
    // A 429's Retry-After is respected when longer than the backoff, even past the cap.
    s.record(Fetch::RateLimited { retry_after: Some(Duration::from_secs(60)) });
    assert_eq!(next_poll(&s), Some(Duration::from_secs(60)));
    s.record(Fetch::RateLimited { retry_after: Some(Duration::from_secs(1)) });
    assert_eq!(next_poll(&s), Some(Duration::from_secs(12)));
    s.record(Fetch::ServerError { retry_after: Some(Duration::from_secs(3600)) });
    assert_eq!(next_poll(&s), Some(Duration::from_secs(3600)));
}

// Status look.

#[test]
fn every_gitlab_status_has_a_look() {
    let all = [
        "created",
        "waiting_for_resource",
        "preparing",
        "waiting_for_callback",
        "pending",
        "running",
        "success",
        "failed",
        "canceling",
        "canceled",
        "skipped",
        "manual",
        "scheduled",
    ];
    for s in all {
        let st = LiveStatus::parse(s);
        assert!(!matches!(st, LiveStatus::Unknown(_)), "{s}");
        let style = status_style(&st);
        assert!(style.icon_name.starts_with("status_") && style.colour.starts_with('#') && !style.label.is_empty());
    }
    assert_eq!(status_style(&LiveStatus::Running).class, StatusClass::Running);
    assert_eq!(StatusClass::Done.id(), "done");
}

// Prediction against what was created.

#[test]
fn the_created_pipeline_is_compared_with_the_prediction_by_name() {
    let (_, a) = analyze_text(YAML, &PipelineContext::default_push());
    assert_eq!(diff(&a.pipeline, &created()), []);
    let mut p = created();
    p.jobs.retain(|j| j.name != "lint");
    p.jobs[2].stage = "build".into(); // unit
    p.jobs.last_mut().unwrap().when = When::OnSuccess; // deploy: status still says manual
    p.jobs[3].status = LiveStatus::Scheduled; // e2e starts on a timer
    p.jobs.push(job("security-scan", "test", None, LiveStatus::Pending));
    let got: Vec<(String, Difference)> = diff(&a.pipeline, &p).into_iter().map(|d| (d.name, d.difference)).collect();
    assert_eq!(
        got,
        [
            ("lint".to_string(), Difference::Missing),
            ("unit".to_string(), Difference::Stage("test".into(), "build".into())),
            ("e2e".to_string(), Difference::When(When::OnSuccess, When::Delayed)),
            ("security-scan".to_string(), Difference::Extra),
        ]
    );
}

#[test]
fn gitlabs_reported_jobs_are_compared_with_the_prediction_and_put_in_words() {
    use pipelens_core::live::{diff_reported, ReportedJob};
    let (_, a) = analyze_text(YAML, &PipelineContext::default_push());
    let reported =
        |name: &str, stage: &str, when: &str| ReportedJob { name: name.into(), stage: stage.into(), when: when.into() };
    let same: Vec<ReportedJob> = a.pipeline.jobs.iter().map(|j| reported(&j.name, &j.stage, j.when.as_str())).collect();
    assert_eq!(diff_reported(&a.pipeline, &same), []);
    // `always` starts by itself like `on_success`: no difference; a job in another stage, one GitLab lists
    // as manual, one it does not list and one only it lists are.
    let mut other = same.clone();
    other[0].when = "always".into();
    other[1].stage = "elsewhere".into();
    let last = other.len() - 1;
    other[last].when = "on_success".into();
    let missing = other.remove(2);
    other.push(reported("from-a-project-variable", "deploy", "on_success"));
    let words: Vec<String> =
        diff_reported(&a.pipeline, &other).iter().map(|d| d.describe("in GitLab's dry run")).collect();
    let j = &a.pipeline.jobs;
    assert_eq!(
        words,
        [
            format!("{}: stage {} predicted, elsewhere in GitLab's dry run", j[1].name, j[1].stage),
            format!("{}: predicted, not in GitLab's dry run", missing.name),
            format!("{}: manual predicted, on_success in GitLab's dry run", j[last].name),
            "from-a-project-variable: in GitLab's dry run, not predicted".to_string(),
        ]
    );
}

#[test]
fn the_critical_path_of_a_large_stage_ordered_pipeline_is_found_in_linear_time() {
    // 200 stages of 250 jobs: walking back through every earlier stage at each step would take 10⁹ steps.
    let stages: Vec<String> = (0..200).map(|s| format!("s{s}")).collect();
    let mut jobs = Vec::new();
    for (s, name) in stages.iter().enumerate() {
        for k in 0..250 {
            let start = s as f64 * 10.0;
            // In each stage job 7 runs longest.
            let end = start + if k == 7 { 9.0 } else { 1.0 };
            jobs.push(ran(job(&format!("{name}-{k}"), name, None, LiveStatus::Created), start, Some(end)));
        }
    }
    let p = LivePipeline { stages, jobs, status: None };
    let path = critical_path(&p, 1e9);
    assert_eq!(path.len(), 200);
    assert_eq!((path[0].as_str(), path[199].as_str()), ("s0-7", "s199-7"));
}
