//! The simulated instance's state: users, tokens, groups, projects (with files per ref and merge
//! requests), pipelines and jobs. Plain data; `progress.rs` moves it along the clock and `rest/`,
//! `graphql/` read it.

use crate::clock::Clock;
use crate::faults::Fault;
use std::collections::BTreeMap;

#[derive(Debug)]
pub struct World {
    pub clock: Clock,
    pub users: Vec<User>,
    pub tokens: Vec<TokenGrant>,
    pub groups: Vec<Group>,
    pub projects: Vec<Project>,
    pub pipelines: Vec<Pipeline>,
    pub jobs: Vec<Job>,
    pub faults: Vec<Fault>,
    /// `include:template` texts by name.
    pub templates: BTreeMap<String, String>,
    /// `include:remote` texts by path below `/-/sim/remote/`.
    pub remote_files: BTreeMap<String, String>,
    pub(crate) next_pipeline_id: u64,
    pub(crate) next_job_id: u64,
    /// `keep_running` restarts in the current advance.
    pub(crate) restarts: u32,
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: u64,
    pub username: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Read-only: every GET.
    ReadApi,
    /// Read and write: also POST actions.
    Api,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Reporter,
    Developer,
    Maintainer,
}

#[derive(Clone, Debug)]
pub struct TokenGrant {
    pub token: String,
    pub user_id: u64,
    pub scopes: Vec<Scope>,
    /// Project ids the token's user is a member of (`None`: all projects).
    pub projects: Option<Vec<u64>>,
    pub role: Role,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: u64,
    pub full_path: String,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct Project {
    pub id: u64,
    pub full_path: String,
    pub name: String,
    pub description: String,
    pub default_branch: String,
    pub ci_config_path: Option<String>,
    pub public: bool,
    pub archived: bool,
    /// GitLab's project topics (a wall can pick projects by topic).
    pub topics: Vec<String>,
    pub created_at: u64,
    /// Branches and tags: name → commit.
    pub refs: BTreeMap<String, RefState>,
    pub merge_requests: Vec<MergeRequest>,
    /// Pipeline schedules (CI/CD › Schedules).
    pub schedules: Vec<Schedule>,
    /// The jobs of a new pipeline in this project (create, retry of a pipeline, bridges).
    pub template: Vec<JobSpec>,
    /// Start a new default-branch pipeline whenever the latest one finishes (the demo's
    /// always-running project).
    pub keep_running: bool,
    /// New pipelines' jobs come from the configuration at the ref (see `ci.rs`).
    pub jobs_from_config: bool,
    /// Project CI/CD variables.
    pub variables: BTreeMap<String, String>,
}

impl Project {
    pub fn namespace(&self) -> &str {
        self.full_path.rsplit_once('/').map(|(ns, _)| ns).unwrap_or("")
    }

    pub fn path(&self) -> &str {
        self.full_path.rsplit('/').next().unwrap_or(&self.full_path)
    }
}

#[derive(Clone, Debug)]
pub struct RefState {
    pub sha: String,
    /// The commit before it: the `from` ref's head for a ref made from another.
    pub parent: Option<String>,
    pub title: String,
    pub tag: bool,
    pub files: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
pub struct MergeRequest {
    pub id: u64,
    pub iid: u64,
    pub title: String,
    pub state: String,
    pub source_branch: String,
    pub target_branch: String,
}

/// A pipeline schedule (`doc/ci/pipelines/schedules.md`); its pipelines carry its id.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub id: u64,
    pub description: String,
    pub git_ref: String,
    pub cron: String,
    pub cron_timezone: String,
    pub active: bool,
}

/// How a job behaves when its pipeline runs.
#[derive(Clone, Debug, PartialEq)]
pub struct JobSpec {
    pub name: String,
    pub stage: String,
    /// `None`: stage order; `Some([])`: starts at once.
    pub needs: Option<Vec<String>>,
    /// `on_success`, `on_failure`, `always`, `manual`, `delayed`.
    pub when: String,
    pub start_in: u64,
    pub allow_failure: bool,
    /// Seconds pending before a runner picks it up.
    pub queue: u64,
    /// Seconds running.
    pub duration: u64,
    pub fails: bool,
    /// A status the job keeps whatever the clock (`waiting_for_callback`, a future value...).
    pub pinned: Option<String>,
    pub log_lines: u32,
    pub timestamps: bool,
    /// The script's output, verbatim, instead of `log_lines` generated lines.
    pub output: Option<String>,
    /// A trigger job: the downstream project's full path.
    pub trigger: Option<String>,
    /// A `trigger:include` job: the jobs of the child pipeline it starts in its own project (source
    /// `parent_pipeline`). Non-empty makes the job a bridge.
    pub child: Vec<JobSpec>,
    pub tags: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Pipeline {
    pub id: u64,
    pub iid: u64,
    pub project_id: u64,
    pub git_ref: String,
    pub sha: String,
    pub source: String,
    pub user_id: u64,
    pub created_at: u64,
    pub updated_at: u64,
    pub variables: Vec<(String, String, String)>,
    /// Set by `progress` from the jobs.
    pub status: String,
    pub started_at: Option<u64>,
    pub finished_at: Option<u64>,
    /// The bridge job that created it (child or multi-project pipeline).
    pub upstream_job: Option<u64>,
    /// The schedule that created it (source `schedule`).
    pub schedule_id: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct Job {
    pub id: u64,
    pub pipeline_id: u64,
    pub project_id: u64,
    pub spec: JobSpec,
    pub stage_index: usize,
    pub status: String,
    pub created_at: u64,
    pub queued_at: Option<u64>,
    pub started_at: Option<u64>,
    pub finished_at: Option<u64>,
    /// When a cancel request turned it `canceling`.
    pub cancel_requested_at: Option<u64>,
    pub scheduled_at: Option<u64>,
    /// It cannot leave `created` earlier (its creation, or when a retry re-opened it).
    pub not_before: u64,
    /// A newer attempt replaced it.
    pub retried: bool,
    pub downstream_pipeline: Option<u64>,
    pub play_variables: Vec<(String, String)>,
    pub user_id: u64,
}

impl Job {
    pub fn is_bridge(&self) -> bool {
        self.spec.trigger.is_some() || !self.spec.child.is_empty()
    }
}

impl World {
    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    pub fn project(&self, id: u64) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    /// By numeric id or full path (as GitLab's `:id`).
    pub fn find_project(&self, key: &str) -> Option<&Project> {
        match key.parse::<u64>() {
            Ok(id) => self.project(id),
            Err(_) => self.projects.iter().find(|p| p.full_path.eq_ignore_ascii_case(key)),
        }
    }

    pub fn pipeline(&self, id: u64) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| p.id == id)
    }

    pub fn job(&self, id: u64) -> Option<&Job> {
        self.jobs.iter().find(|j| j.id == id)
    }

    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// A pipeline's current jobs (the latest attempt of each), by stage then id.
    pub fn current_jobs(&self, pipeline_id: u64) -> Vec<&Job> {
        let mut jobs: Vec<&Job> = self.jobs.iter().filter(|j| j.pipeline_id == pipeline_id && !j.retried).collect();
        jobs.sort_by_key(|j| (j.stage_index, j.id));
        jobs
    }

    /// A pipeline's current job (latest attempt) of that name.
    pub fn job_by_name(&self, pipeline_id: u64, name: &str) -> Option<&Job> {
        self.jobs.iter().filter(|j| j.pipeline_id == pipeline_id && !j.retried).find(|j| j.spec.name == name)
    }

    /// The stage names of a pipeline in order.
    pub fn stages(&self, pipeline_id: u64) -> Vec<String> {
        let mut stages: Vec<(usize, String)> = self
            .jobs
            .iter()
            .filter(|j| j.pipeline_id == pipeline_id)
            .map(|j| (j.stage_index, j.spec.stage.clone()))
            .collect();
        stages.sort();
        stages.dedup();
        stages.into_iter().map(|(_, s)| s).collect()
    }
}
