//! Jobs, bridges, traces and the job and pipeline actions, against the simulator.

mod support;

use pipelens_gitlab_api::endpoints::*;
use pipelens_gitlab_api::models::Variable;
use pipelens_gitlab_api::{ApiError, Status};
use support::Harness;

fn job_id(h: &Harness, pipeline: u64, name: &str) -> u64 {
    let mut e = PipelineJobs::new("g/app", pipeline);
    e.include_retried = Some(true);
    h.call("t-api", &e).unwrap().into_iter().filter(|j| j.name == name).map(|j| j.id).max().unwrap()
}

#[test]
fn trace_grows_whole_each_time_with_ansi_sections_and_timestamps() {
    let h = Harness::start();
    let p = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap().basic.id;
    let unit = job_id(&h, p, "unit");
    assert_eq!(h.call("t-api", &JobTrace::new("g/app", unit)).unwrap(), "", "not started yet");
    h.sim.advance(20); // unit started at 14
    let early = h.call("t-api", &JobTrace::new("g/app", unit)).unwrap();
    h.sim.advance(8);
    let later = h.call("t-api", &JobTrace::new("g/app", unit)).unwrap();
    assert!(later.len() > early.len() && later.starts_with(&early), "the log only grows");
    h.sim.advance(100);
    let done = h.call("t-api", &JobTrace::new("g/app", unit)).unwrap();
    assert!(done.starts_with(&later));
    assert!(done.contains("section_start:") && done.contains("[collapsed=true]\r\x1b[0K"));
    assert!(done.contains("\x1b[32;1mJob succeeded\x1b[0;m"));
    // unit has `timestamps: true`: every line starts with the 32-byte runner prefix.
    assert!(done.lines().all(|l| l.len() >= 32 && &l[27..32] == " 00O "), "{done}");
}

#[test]
fn jobs_scope_retry_and_include_retried() {
    let h = Harness::start();
    let p = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap().basic.id;
    h.sim.advance(200);
    let mut failed = PipelineJobs::new("g/app", p);
    failed.scope = vec![Status::Failed, Status::Canceled];
    let failed_jobs = h.call("t-api", &failed).unwrap();
    assert_eq!(failed_jobs.iter().map(|j| j.name.as_str()).collect::<Vec<_>>(), ["flaky"]);
    let old = failed_jobs[0].id;
    let new = h.call("t-api", &RetryJob::new("g/app", old)).unwrap();
    assert_ne!(new.id, old, "a retry is a new job");
    assert_eq!(new.name, "flaky");
    // Retrying the old attempt again, or a job still running, is "not retryable".
    assert!(matches!(h.call("t-api", &RetryJob::new("g/app", old)), Err(ApiError::Forbidden { .. })));
    let listed = h.call("t-api", &PipelineJobs::new("g/app", p)).unwrap();
    assert!(listed.iter().all(|j| j.id != old), "retried jobs are hidden by default");
    let mut with_retried = PipelineJobs::new("g/app", p);
    with_retried.include_retried = Some(true);
    assert!(h.call("t-api", &with_retried).unwrap().iter().any(|j| j.id == old));
    h.sim.advance(100);
    assert_eq!(h.call("t-api", &GetJob::new("g/app", new.id)).unwrap().status, Status::Success);
    // The retried failure passes, so the skipped manual job came back and waits for a play.
    assert_eq!(h.call("t-api", &GetJob::new("g/app", job_id(&h, p, "deploy"))).unwrap().status, Status::Manual);
    assert_eq!(h.call("t-api", &GetPipeline::new("g/app", p)).unwrap().basic.status, Status::Success);
}

#[test]
fn retry_pipeline_retries_failed_jobs() {
    let h = Harness::start();
    let p = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap().basic.id;
    h.sim.advance(200);
    assert_eq!(h.call("t-api", &GetPipeline::new("g/app", p)).unwrap().basic.status, Status::Failed);
    let retried = h.call("t-api", &RetryPipeline::new("g/app", p)).unwrap();
    assert_eq!(retried.basic.status, Status::Running);
    h.sim.advance(200);
    assert_eq!(h.call("t-api", &GetPipeline::new("g/app", p)).unwrap().basic.status, Status::Success);
}

#[test]
fn play_manual_job_with_variables() {
    let h = Harness::start();
    let p = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap().basic.id;
    let deploy = job_id(&h, p, "deploy");
    let mut play = PlayJob::new("g/app", deploy);
    play.variables.push(Variable::new("TARGET", "staging"));
    let not_yet = h.call("t-api", &play).unwrap_err();
    assert!(
        matches!(not_yet, ApiError::Http { status: 400, ref message } if message.contains("Unplayable Job")),
        "{not_yet:?}"
    );
    // Let `flaky` pass so deploy becomes manual instead of skipped.
    let flaky = job_id(&h, p, "flaky");
    h.sim.advance(200);
    h.call("t-api", &RetryJob::new("g/app", flaky)).unwrap();
    h.sim.advance(100);
    assert_eq!(h.call("t-api", &GetJob::new("g/app", deploy)).unwrap().status, Status::Manual);
    assert_eq!(h.call("t-api", &play).unwrap().status, Status::Pending);
    h.sim.advance(100);
    assert_eq!(h.call("t-api", &GetJob::new("g/app", deploy)).unwrap().status, Status::Success);
}

#[test]
fn cancel_pipeline_always_answers_200() {
    let h = Harness::start();
    let p = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap().basic.id;
    h.sim.advance(3);
    let canceled = h.call("t-api", &CancelPipeline::new("g/app", p)).unwrap();
    assert_eq!(canceled.basic.status, Status::Canceling, "running jobs run their after_script first");
    h.sim.advance(5);
    assert_eq!(h.call("t-api", &GetPipeline::new("g/app", p)).unwrap().basic.status, Status::Canceled);
    // Canceling a finished pipeline again is still 200.
    assert_eq!(h.call("t-api", &CancelPipeline::new("g/app", p)).unwrap().basic.status, Status::Canceled);
}

#[test]
fn bridges_and_downstream_pipelines() {
    let h = Harness::start();
    let p = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap().basic.id;
    let bridges = h.call("t-api", &PipelineBridges::new("g/app", p)).unwrap();
    assert_eq!(bridges.len(), 1);
    assert_eq!(bridges[0].name, "child");
    assert!(bridges[0].downstream_pipeline.is_none(), "null until the downstream pipeline exists");
    let jobs = h.call("t-api", &PipelineJobs::new("g/app", p)).unwrap();
    assert!(jobs.iter().all(|j| j.name != "child"), "bridges are not in the jobs list");
    h.sim.advance(30);
    let bridge = h.call("t-api", &PipelineBridges::new("g/app", p)).unwrap().remove(0);
    let down = bridge.downstream_pipeline.expect("created");
    let downstream = h.call("t-api", &GetPipeline::new("g/sub/down", down.id)).unwrap();
    assert_eq!(downstream.basic.source.as_deref(), Some("pipeline"));
    assert_eq!(down.web_url, downstream.basic.web_url);
}
