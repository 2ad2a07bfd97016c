//! A running (or finished) pipeline as GitLab reports it, drawn with the editor's layout and renderer.
//!
//! Front ends translate GitLab's REST/GraphQL answers into [`LivePipeline`]; this module knows no API, no
//! JSON and no DOM. It gives the drawing ([`scene::build`], through the same builder as an analysed
//! configuration), the per-box statuses the drawing is decorated with ([`statuses`]), their look
//! ([`status_style`]), the [`critical_path`], when to poll again ([`next_poll`]) and how the pipeline differs
//! from the predicted one ([`diff()`]).

mod critical;
pub mod diff;
pub mod poll;
pub mod scene;
mod status;
mod style;

pub use critical::critical_path;
pub use diff::{diff, diff_reported, Difference, JobDiff, ReportedJob};
pub use poll::{next_poll, Activity, Fetch, PollState};
pub use scene::{build, build_within, shape, statuses, BoxStatus, Shape};
pub use status::LiveStatus;
pub use style::{job_style, status_style, StatusClass, StatusStyle};

pub use crate::keywords::when::When;

/// A pipeline's jobs as GitLab reports them. Times are plain numbers: seconds since the Unix epoch for
/// instants, seconds for durations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LivePipeline {
    /// The pipeline's stages in order (GraphQL `stages`, or the jobs' stages in the order first seen).
    pub stages: Vec<String>,
    /// The latest attempt of each job (bridges included), in any order.
    pub jobs: Vec<LiveJob>,
    /// The pipeline's own status, when fetched.
    pub status: Option<LiveStatus>,
}

/// One job (or bridge) of a live pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveJob {
    pub name: String,
    pub stage: String,
    /// The names it needs (GraphQL `CiJob.needs`); `None` when it waits for the earlier stages. GraphQL's
    /// `schedulingType` tells them apart: `stage` is `None`, `dag` is `Some` (empty for `needs: []`); GitLab
    /// sets it from whether the job defines `needs` (`lib/gitlab/ci/config/entry/job.rb`).
    pub needs: Option<Vec<String>>,
    pub status: LiveStatus,
    pub allow_failure: bool,
    /// How it starts: `Manual` for a manual job (GraphQL `manualJob`, or REST status `manual`), `Delayed`
    /// for a `when: delayed` one, otherwise `OnSuccess` (REST does not report `when`).
    pub when: When,
    pub created_at: Option<f64>,
    pub started_at: Option<f64>,
    pub finished_at: Option<f64>,
    /// Seconds it ran.
    pub duration: Option<f64>,
    /// Seconds it waited for a runner.
    pub queued_duration: Option<f64>,
    /// Earlier attempts of this job (retries), not drawn.
    pub retried: u32,
    /// A bridge: the pipeline it started.
    pub downstream: Option<Downstream>,
}

impl Default for LiveJob {
    fn default() -> Self {
        LiveJob {
            name: String::new(),
            stage: String::new(),
            needs: None,
            status: LiveStatus::Created,
            allow_failure: false,
            when: When::OnSuccess,
            created_at: None,
            started_at: None,
            finished_at: None,
            duration: None,
            queued_duration: None,
            retried: 0,
            downstream: None,
        }
    }
}

impl LiveJob {
    /// A job with a name, a stage and a status, and nothing else known yet.
    pub fn new(name: &str, stage: &str, status: LiveStatus) -> LiveJob {
        LiveJob { name: name.to_string(), stage: stage.to_string(), status, ..LiveJob::default() }
    }
}

/// The pipeline a bridge (trigger job) started.
#[derive(Debug, Clone, PartialEq)]
pub struct Downstream {
    pub kind: DownstreamKind,
    /// The project it runs in (a multi-project pipeline's full path).
    pub project: Option<String>,
    pub status: LiveStatus,
    /// Its jobs, when fetched: then the bridge's box can open it below, as an analysed child pipeline.
    pub pipeline: Option<Box<LivePipeline>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownstreamKind {
    /// `trigger:include`: a child pipeline in the same project.
    Child,
    /// `trigger:project`: a pipeline in another project.
    MultiProject,
}
