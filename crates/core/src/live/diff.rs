//! How a created pipeline differs from the one predicted from its configuration: data for a front end to
//! show, by job name.

use super::{LiveJob, LivePipeline, LiveStatus};
use crate::keywords::when::When;
use crate::Pipeline;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDiff {
    pub name: String,
    pub difference: Difference,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Predicted, but not in the created pipeline.
    Missing,
    /// In the created pipeline, not predicted.
    Extra,
    /// In another stage: (predicted, live).
    Stage(String, String),
    /// Starts another way: (predicted, live); `Manual`, `Delayed` or `OnSuccess` for a job that starts by itself.
    When(When, When),
}

/// A job as GitLab lists it without running it: CI lint's dry run (`jobs` with `include_jobs`), or any
/// other report of name, stage and `when`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedJob {
    pub name: String,
    pub stage: String,
    /// GitLab's `when` string (`on_success`, `manual`, `delayed`, ...); anything else counts as `on_success`.
    pub when: String,
}

/// The differences between the predicted pipeline and GitLab's own list of its jobs (the CI lint dry run),
/// by the same rules as [`diff`]: predicted jobs first, then the ones only GitLab lists.
pub fn diff_reported(predicted: &Pipeline, reported: &[ReportedJob]) -> Vec<JobDiff> {
    let live = LivePipeline {
        jobs: reported
            .iter()
            .map(|r| LiveJob {
                name: r.name.clone(),
                stage: r.stage.clone(),
                when: when_of(&r.when),
                ..LiveJob::default()
            })
            .collect(),
        ..LivePipeline::default()
    };
    diff(predicted, &live)
}

fn when_of(text: &str) -> When {
    match text {
        "manual" => When::Manual,
        "delayed" => When::Delayed,
        "always" => When::Always,
        "on_failure" => When::OnFailure,
        _ => When::OnSuccess,
    }
}

impl JobDiff {
    /// One line for a front end: `deploy: predicted, not created` (`other` names the other side:
    /// "created", "in GitLab's dry run").
    pub fn describe(&self, other: &str) -> String {
        let n = &self.name;
        match &self.difference {
            Difference::Missing => format!("{n}: predicted, not {other}"),
            Difference::Extra => format!("{n}: {other}, not predicted"),
            Difference::Stage(a, b) => format!("{n}: stage {a} predicted, {b} {other}"),
            Difference::When(a, b) => format!("{n}: {} predicted, {} {other}", a.as_str(), b.as_str()),
        }
    }
}

/// The differences, predicted jobs first in their order, then the extra ones in the live order. Jobs compare
/// by name; how a job starts compares as manual, delayed or automatic (`always`, `on_failure` and
/// `on_success` all start without a person or a timer, and a live pipeline does not report which).
pub fn diff(predicted: &Pipeline, live: &LivePipeline) -> Vec<JobDiff> {
    let mut out = Vec::new();
    let entry = |name: &str, difference| JobDiff { name: name.to_string(), difference };
    // By name, both ways, without a scan per job (pipelines reach thousands of jobs).
    let live_by_name: std::collections::HashMap<&str, &LiveJob> =
        live.jobs.iter().rev().map(|l| (l.name.as_str(), l)).collect();
    let predicted_names: std::collections::HashSet<&str> = predicted.jobs.iter().map(|j| j.name.as_str()).collect();
    for j in &predicted.jobs {
        let Some(&l) = live_by_name.get(j.name.as_str()) else {
            out.push(entry(&j.name, Difference::Missing));
            continue;
        };
        if l.stage != j.stage {
            out.push(entry(&j.name, Difference::Stage(j.stage.clone(), l.stage.clone())));
        }
        let (want, got) = (start(j.when), live_start(l));
        if want != got {
            out.push(entry(&j.name, Difference::When(want, got)));
        }
    }
    for l in &live.jobs {
        if !predicted_names.contains(l.name.as_str()) {
            out.push(entry(&l.name, Difference::Extra));
        }
    }
    out
}

fn start(w: When) -> When {
    match w {
        When::Manual | When::Delayed => w,
        _ => When::OnSuccess,
    }
}

/// A live job's start: its `when` when the front end knew it, or else what its status shows.
fn live_start(l: &super::LiveJob) -> When {
    match (start(l.when), &l.status) {
        (When::OnSuccess, LiveStatus::Manual) => When::Manual,
        (When::OnSuccess, LiveStatus::Scheduled) => When::Delayed,
        (w, _) => w,
    }
}
