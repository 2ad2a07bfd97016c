//! How jobs move along the clock, on the world directly. Behaviour from `doc/ci/yaml/_index.md`
//! (`when`, `needs`, `allow_failure`, `start_in`) and the composite status of
//! `lib/gitlab/ci/status/composite.rb`.

use pipelens_gitlab_sim::{Scenario, Sim};

fn sim(jobs: &str) -> (Sim, u64) {
    let yaml = format!("projects:\n  - path: a/b\n    jobs:\n{jobs}");
    let sim = Sim::new(Scenario::from_yaml(&yaml).unwrap().build(None, false).unwrap());
    let id = {
        let mut w = sim.lock();
        let now = w.now();
        w.create_pipeline(1, "main", "push", 1, now, Vec::new()).unwrap()
    };
    (sim, id)
}

fn status(sim: &Sim, pipeline: u64, name: &str) -> String {
    let w = sim.lock();
    w.current_jobs(pipeline).iter().find(|j| j.spec.name == name).unwrap().status.clone()
}

fn pipeline_status(sim: &Sim, pipeline: u64) -> String {
    sim.lock().pipeline(pipeline).unwrap().status.clone()
}

#[test]
fn delayed_job_is_scheduled_then_runs_after_start_in() {
    let (sim, p) = sim("      - {name: a, stage: one, duration: 5, queue: 0}\n      - {name: later, stage: two, when: delayed, start_in: 30, queue: 0, duration: 5}\n");
    sim.advance(5);
    assert_eq!(status(&sim, p, "later"), "scheduled");
    assert_eq!(pipeline_status(&sim, p), "scheduled");
    sim.advance(29);
    assert_eq!(status(&sim, p, "later"), "scheduled");
    sim.advance(1);
    assert_eq!(status(&sim, p, "later"), "running");
}

#[test]
fn on_failure_and_always_jobs() {
    let (sim, p) = sim("      - {name: a, stage: one, duration: 5, queue: 0, fails: true}\n\
         \x20     - {name: cleanup, stage: two, when: always, duration: 5, queue: 0}\n\
         \x20     - {name: report, stage: two, when: on_failure, duration: 5, queue: 0}\n\
         \x20     - {name: next, stage: two, duration: 5, queue: 0}\n");
    sim.advance(5);
    assert_eq!(status(&sim, p, "cleanup"), "running");
    assert_eq!(status(&sim, p, "report"), "running");
    assert_eq!(status(&sim, p, "next"), "skipped");
    sim.advance(10);
    assert_eq!(pipeline_status(&sim, p), "failed");
}

/// An optional manual job (`allow_failure: true`, the default for `when: manual`) does not hold later
/// stages, but a job that `needs` it is skipped until it is played (GitLab's DAG composite status
/// treats the unplayed job as "ignored"; playing it resets the skipped jobs).
#[test]
fn optional_manual_jobs_and_the_jobs_that_need_them() {
    let (sim, p) = sim("      - {name: gate, stage: one, when: manual}\n\
         \x20     - {name: after-stage, stage: two, duration: 5, queue: 0}\n\
         \x20     - {name: after-needs, stage: two, needs: [gate], duration: 5, queue: 0}\n\
         \x20     - {name: after-after, stage: three, needs: [after-needs], duration: 5, queue: 0}\n");
    sim.advance(1);
    assert_eq!(status(&sim, p, "gate"), "manual");
    assert_eq!(status(&sim, p, "after-stage"), "running");
    assert_eq!(status(&sim, p, "after-needs"), "skipped");
    assert_eq!(status(&sim, p, "after-after"), "skipped");
    sim.advance(10);
    assert_eq!(pipeline_status(&sim, p), "success");
    let gate = sim.lock().current_jobs(p).iter().find(|j| j.spec.name == "gate").unwrap().id;
    assert!(sim.lock().play_job(gate, vec![("K".into(), "V".into())]));
    assert_eq!(status(&sim, p, "after-needs"), "created");
    assert_eq!(status(&sim, p, "after-after"), "created");
    assert_eq!(pipeline_status(&sim, p), "running");
    sim.advance(100);
    assert_eq!(status(&sim, p, "after-after"), "success");
    assert_eq!(pipeline_status(&sim, p), "success");
}

/// A manual job with `allow_failure: false` blocks the stages after it; the pipeline is `manual`.
#[test]
fn blocking_manual_job() {
    let (sim, p) = sim("      - {name: gate, stage: one, when: manual, allow_failure: false}\n\
         \x20     - {name: later, stage: two, duration: 5, queue: 0}\n");
    sim.advance(50);
    assert_eq!(status(&sim, p, "later"), "created");
    assert_eq!(pipeline_status(&sim, p), "manual");
}

#[test]
fn allowed_failure_passes_with_warnings() {
    let (sim, p) = sim("      - {name: a, duration: 5, queue: 0, fails: true, allow_failure: true}\n      - {name: b, duration: 5, queue: 0}\n");
    sim.advance(10);
    assert_eq!(pipeline_status(&sim, p), "success");
}

#[test]
fn timestamps_follow_the_dag_not_the_polling() {
    let (sim, p) = sim("      - {name: a, stage: one, duration: 7, queue: 3}\n\
         \x20     - {name: b, stage: two, needs: [a], duration: 11, queue: 2}\n");
    // One jump far ahead gives the same times as small steps would.
    sim.advance(1000);
    let w = sim.lock();
    let jobs = w.current_jobs(p);
    let start = w.pipeline(p).unwrap().created_at;
    let b = jobs.iter().find(|j| j.spec.name == "b").unwrap();
    assert_eq!((b.queued_at, b.started_at, b.finished_at), (Some(start + 10), Some(start + 12), Some(start + 23)));
    assert_eq!(w.pipeline(p).unwrap().finished_at, Some(start + 23));
}
