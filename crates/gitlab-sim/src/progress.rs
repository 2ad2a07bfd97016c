//! Moves pipelines along the clock and applies the actions of the API (create, retry, cancel, play).
//!
//! A job goes created → pending → running → success/failed. It leaves `created` when its
//! prerequisites are complete: the jobs it `needs`, or without `needs` every job of earlier stages
//! (`doc/ci/yaml/_index.md`, `needs`; `stages`). Each transition happens at the instant it would
//! have (a prerequisite's finish time, then + queue, then + duration), so advancing the clock by an
//! hour at once gives the same timestamps as advancing second by second.

use crate::status;
use crate::world::{Job, JobSpec, Pipeline, World};

/// Seconds a canceled running job spends in `canceling` (its `after_script`).
pub const CANCELING_SECONDS: u64 = 3;

/// New pipelines `keep_running` projects may start in one advance.
pub const MAX_RESTARTS: u32 = 1000;

impl World {
    /// Applies every transition due at or before now.
    pub fn advance(&mut self) {
        let now = self.now();
        self.restarts = 0;
        // By index: bridges may add downstream pipelines, which are then advanced in the same call.
        let mut i = 0;
        while i < self.pipelines.len() {
            let id = self.pipelines[i].id;
            while self.step_pipeline(id, now) {}
            self.refresh_pipeline(id, now);
            self.keep_running(id);
            i += 1;
        }
    }

    /// For a `keep_running` project: when `pipeline_id` is its latest pipeline and has finished, the
    /// next one starts at that moment (at least a second later, so time always moves on). At most
    /// [`MAX_RESTARTS`] per advance, so a long jump of the clock stays bounded.
    fn keep_running(&mut self, pipeline_id: u64) {
        let Some(p) = self.pipeline(pipeline_id) else { return };
        let (project_id, finished, created, user) = (p.project_id, p.finished_at, p.created_at, p.user_id);
        let Some(project) = self.project(project_id).filter(|x| x.keep_running) else { return };
        let branch = project.default_branch.clone();
        let latest = self
            .pipelines
            .iter()
            .filter(|x| x.project_id == project_id && x.source != "parent_pipeline")
            .map(|x| x.id)
            .max();
        let (Some(finished), Some(latest)) = (finished, latest) else { return };
        if latest != pipeline_id || self.restarts >= MAX_RESTARTS {
            return;
        }
        self.restarts += 1;
        self.create_pipeline(project_id, &branch, "schedule", user, finished.max(created + 1), Vec::new());
    }

    /// One round over a pipeline's jobs; true when something changed.
    fn step_pipeline(&mut self, pipeline_id: u64, now: u64) -> bool {
        let Some(created_at) = self.pipeline(pipeline_id).map(|p| p.created_at) else { return false };
        let mut changed = false;
        let current: Vec<u64> = self.current_jobs(pipeline_id).iter().map(|j| j.id).collect();
        for job_id in current {
            let job = self.job(job_id).cloned().expect("listed");
            if job.spec.pinned.is_some() {
                continue;
            }
            let next = match job.status.as_str() {
                "created" => self.leave_created(&job, created_at, now),
                "scheduled" => job.scheduled_at.filter(|t| *t <= now).map(Change::Pending),
                "pending" => job.queued_at.map(|q| q + job.spec.queue).filter(|t| *t <= now).map(Change::Running),
                "running" if job.is_bridge() => self.bridge_outcome(&job),
                "running" => job
                    .started_at
                    .map(|s| s + job.spec.duration)
                    .filter(|t| *t <= now)
                    .map(|t| Change::Finished(if job.spec.fails { "failed" } else { "success" }, t)),
                "canceling" => job
                    .cancel_requested_at
                    .map(|t| t + CANCELING_SECONDS)
                    .filter(|t| *t <= now)
                    .map(|t| Change::Finished("canceled", t)),
                _ => None,
            };
            if let Some(change) = next {
                self.apply(job_id, change);
                changed = true;
            }
        }
        changed
    }

    /// GitLab processes a created job once the jobs before it are complete (`Ci::PipelineProcessing::
    /// AtomicProcessingService`): its needs when it has `needs`, else every job of earlier stages.
    fn leave_created(&self, job: &Job, created_at: u64, now: u64) -> Option<Change> {
        let jobs = self.current_jobs(job.pipeline_id);
        let dag = job.spec.needs.is_some();
        let prereqs: Vec<&&Job> = match &job.spec.needs {
            Some(needs) => jobs.iter().filter(|j| needs.contains(&j.spec.name)).collect(),
            None => jobs.iter().filter(|j| j.stage_index < job.stage_index).collect(),
        };
        let statuses: Vec<(&str, bool)> = prereqs.iter().map(|j| (j.status.as_str(), j.spec.allow_failure)).collect();
        let previous = status::composite(&statuses, dag).unwrap_or_else(|| "success".into());
        if !status::is_completed(&previous) {
            return None;
        }
        let ready_at = prereqs.iter().filter_map(|p| p.finished_at).fold(created_at.max(job.not_before), u64::max);
        if ready_at > now {
            return None;
        }
        if !status::runs_after(&job.spec.when, dag, &previous) {
            return Some(Change::Finished("skipped", ready_at));
        }
        Some(match job.spec.when.as_str() {
            "manual" => Change::Manual,
            "delayed" => Change::Scheduled(ready_at + job.spec.start_in),
            _ => Change::Pending(ready_at),
        })
    }

    /// A bridge is done once its downstream pipeline exists (no `strategy: depend` in the sim).
    fn bridge_outcome(&self, job: &Job) -> Option<Change> {
        let started = job.started_at?;
        Some(match job.downstream_pipeline {
            Some(_) => Change::Finished("success", started),
            None => Change::Finished("failed", started),
        })
    }

    fn apply(&mut self, job_id: u64, change: Change) {
        let mut spawn_downstream = None;
        let job = self.jobs.iter_mut().find(|j| j.id == job_id).expect("job exists");
        match change {
            Change::Pending(t) => {
                job.status = "pending".into();
                job.queued_at = Some(t);
            }
            Change::Running(t) => {
                job.status = "running".into();
                job.started_at = Some(t);
                if job.is_bridge() {
                    spawn_downstream = Some((job.spec.trigger.clone(), job.spec.child.clone(), t, job.id, job.user_id));
                }
            }
            Change::Finished(s, t) => {
                job.status = s.into();
                job.finished_at = Some(t);
            }
            Change::Manual => job.status = "manual".into(),
            Change::Scheduled(t) => {
                job.status = "scheduled".into();
                job.scheduled_at = Some(t);
            }
        }
        if let Some((target, child, at, bridge, user)) = spawn_downstream {
            let parent = self.job(bridge).and_then(|j| self.pipeline(j.pipeline_id));
            let parent = parent.map(|p| (p.project_id, p.git_ref.clone()));
            // A child pipeline (`trigger:include`) runs in the parent's project and ref with its own jobs;
            // a multi-project one (`trigger:project`) on the target's default branch with the target's jobs.
            let downstream = match (target, parent) {
                (None, Some((project_id, git_ref))) => Some((project_id, git_ref, Some(child))),
                (Some(target), _) => self.find_project(&target).map(|p| (p.id, p.default_branch.clone(), None)),
                (None, None) => None,
            };
            if let Some((project_id, branch, jobs)) = downstream {
                let same = Some(project_id) == self.job(bridge).map(|j| j.project_id);
                let source = if same && jobs.is_some() { "parent_pipeline" } else { "pipeline" };
                let id = match jobs {
                    Some(jobs) => self.create_pipeline_from(project_id, &branch, source, user, at, Vec::new(), jobs),
                    None => self.create_pipeline(project_id, &branch, source, user, at, Vec::new()),
                };
                if let Some(id) = id {
                    self.pipelines.iter_mut().find(|p| p.id == id).expect("created").upstream_job = Some(bridge);
                    self.jobs.iter_mut().find(|j| j.id == bridge).expect("bridge").downstream_pipeline = Some(id);
                }
            }
        }
    }

    /// Recomputes a pipeline's status and times from its jobs.
    pub(crate) fn refresh_pipeline(&mut self, pipeline_id: u64, now: u64) {
        let jobs = self.current_jobs(pipeline_id);
        let statuses: Vec<(&str, bool)> = jobs.iter().map(|j| (j.status.as_str(), j.spec.allow_failure)).collect();
        let status = status::composite(&statuses, false).unwrap_or_else(|| "skipped".into());
        let started = jobs.iter().filter_map(|j| j.started_at).min();
        let finished =
            if status::is_completed(&status) { jobs.iter().filter_map(|j| j.finished_at).max() } else { None };
        let last_change = jobs
            .iter()
            .flat_map(|j| {
                [j.created_at, j.queued_at.unwrap_or(0), j.started_at.unwrap_or(0), j.finished_at.unwrap_or(0)]
            })
            .max()
            .unwrap_or(0)
            .min(now);
        let p = self.pipelines.iter_mut().find(|p| p.id == pipeline_id).expect("pipeline exists");
        p.status = status;
        p.started_at = started;
        p.finished_at = finished;
        p.updated_at = p.updated_at.max(last_change);
    }

    /// A new pipeline from the project's template, at time `at`. `None` for an unknown project or ref.
    pub fn create_pipeline(
        &mut self,
        project_id: u64,
        git_ref: &str,
        source: &str,
        user_id: u64,
        at: u64,
        variables: Vec<(String, String, String)>,
    ) -> Option<u64> {
        let template = self.project(project_id)?.template.clone();
        self.create_pipeline_from(project_id, git_ref, source, user_id, at, variables, template)
    }

    /// As [`World::create_pipeline`], with these jobs instead of the project's (a child pipeline's), their
    /// stages ordered as first seen.
    #[allow(clippy::too_many_arguments)]
    pub fn create_pipeline_from(
        &mut self,
        project_id: u64,
        git_ref: &str,
        source: &str,
        user_id: u64,
        at: u64,
        variables: Vec<(String, String, String)>,
        template: Vec<JobSpec>,
    ) -> Option<u64> {
        let sha = self.project(project_id)?.refs.get(git_ref)?.sha.clone();
        let mut stages: Vec<String> = Vec::new();
        for spec in &template {
            if !stages.contains(&spec.stage) {
                stages.push(spec.stage.clone());
            }
        }
        let jobs = template
            .into_iter()
            .map(|spec| {
                let index = stages.iter().position(|s| *s == spec.stage).unwrap_or(0);
                (spec, index)
            })
            .collect();
        Some(self.create_pipeline_with(project_id, git_ref, &sha, source, user_id, at, variables, jobs))
    }

    /// A new pipeline with the given jobs (and their stage index) on `git_ref` at commit `sha`.
    #[allow(clippy::too_many_arguments)]
    pub fn create_pipeline_with(
        &mut self,
        project_id: u64,
        git_ref: &str,
        sha: &str,
        source: &str,
        user_id: u64,
        at: u64,
        variables: Vec<(String, String, String)>,
        jobs: Vec<(JobSpec, usize)>,
    ) -> u64 {
        let iid = self.pipelines.iter().filter(|p| p.project_id == project_id).map(|p| p.iid).max().unwrap_or(0) + 1;
        let id = self.next_pipeline_id;
        self.next_pipeline_id += 1;
        self.pipelines.push(Pipeline {
            id,
            iid,
            project_id,
            git_ref: git_ref.to_string(),
            sha: sha.to_string(),
            source: source.to_string(),
            user_id,
            created_at: at,
            updated_at: at,
            variables,
            status: "created".into(),
            started_at: None,
            finished_at: None,
            upstream_job: None,
            schedule_id: None,
        });
        for (spec, stage_index) in jobs {
            self.push_job(id, project_id, spec, stage_index, user_id, at);
        }
        self.refresh_pipeline(id, at);
        id
    }

    fn push_job(
        &mut self,
        pipeline_id: u64,
        project_id: u64,
        spec: JobSpec,
        stage_index: usize,
        user_id: u64,
        at: u64,
    ) -> u64 {
        let id = self.next_job_id;
        self.next_job_id += 1;
        let status = spec.pinned.clone().unwrap_or_else(|| "created".into());
        self.jobs.push(Job {
            id,
            pipeline_id,
            project_id,
            spec,
            stage_index,
            status,
            created_at: at,
            queued_at: None,
            started_at: None,
            finished_at: None,
            cancel_requested_at: None,
            scheduled_at: None,
            not_before: at,
            retried: false,
            downstream_pipeline: None,
            play_variables: Vec::new(),
            user_id,
        });
        id
    }

    /// Retries one job: the old attempt is marked retried, a new job with a new id starts over.
    /// `None` when GitLab would answer "Job is not retryable" (only completed jobs are).
    pub fn retry_job(&mut self, job_id: u64, user_id: u64) -> Option<u64> {
        let now = self.now();
        let old = self.job(job_id)?.clone();
        if old.retried || !matches!(old.status.as_str(), "success" | "failed" | "canceled") {
            return None;
        }
        self.jobs.iter_mut().find(|j| j.id == job_id).expect("exists").retried = true;
        let mut spec = old.spec.clone();
        // A retried job runs again from scratch; a failing one is given a passing second attempt so
        // the retry flow can be seen to recover.
        spec.fails = false;
        let new_id = self.push_job(old.pipeline_id, old.project_id, spec, old.stage_index, user_id, now);
        self.reopen_skipped_after(&old, now);
        self.advance();
        Some(new_id)
    }

    /// Later jobs skipped because of `job` go back to `created`, as GitLab's `ResetSkippedJobsService`
    /// does when a job comes alive again (retried or played).
    fn reopen_skipped_after(&mut self, job: &Job, now: u64) {
        // Transitively: a reopened job may itself have skipped others.
        let mut alive = vec![(job.spec.name.clone(), job.stage_index)];
        loop {
            let next: Vec<(u64, String, usize)> = self
                .current_jobs(job.pipeline_id)
                .iter()
                .filter(|j| j.status == "skipped")
                .filter(|j| match &j.spec.needs {
                    Some(needs) => alive.iter().any(|(name, _)| needs.contains(name)),
                    None => alive.iter().any(|(_, stage)| j.stage_index > *stage),
                })
                .map(|j| (j.id, j.spec.name.clone(), j.stage_index))
                .collect();
            if next.is_empty() {
                return;
            }
            for (id, name, stage) in next {
                if let Some(j) = self.jobs.iter_mut().find(|j| j.id == id) {
                    j.status = "created".into();
                    j.finished_at = None;
                    j.not_before = now;
                }
                alive.push((name, stage));
            }
        }
    }

    /// Retries every failed or canceled job of a pipeline (`POST .../retry`).
    pub fn retry_pipeline(&mut self, pipeline_id: u64, user_id: u64) {
        let retryable: Vec<u64> = self
            .current_jobs(pipeline_id)
            .iter()
            .filter(|j| matches!(j.status.as_str(), "failed" | "canceled"))
            .map(|j| j.id)
            .collect();
        for id in retryable {
            self.retry_job(id, user_id);
        }
    }

    /// Cancels one job: running → canceling (then canceled), waiting ones → canceled at once.
    /// Returns false when the job is not cancelable.
    pub fn cancel_job(&mut self, job_id: u64, force: bool) -> bool {
        let now = self.now();
        let Some(job) = self.jobs.iter_mut().find(|j| j.id == job_id) else { return false };
        let pipeline_id = job.pipeline_id;
        match job.status.as_str() {
            "running" => {
                job.status = "canceling".into();
                job.cancel_requested_at = Some(now);
            }
            "canceling" if force => {
                job.status = "canceled".into();
                job.finished_at = Some(now);
            }
            s if status::is_cancelable(s) => {
                job.status = "canceled".into();
                job.finished_at = Some(now);
                job.spec.pinned = None;
            }
            _ => return false,
        }
        job.spec.pinned = None;
        self.refresh_pipeline(pipeline_id, now);
        true
    }

    /// Cancels every cancelable job of a pipeline (`POST .../cancel`, always answers 200).
    pub fn cancel_pipeline(&mut self, pipeline_id: u64) {
        let ids: Vec<u64> = self.current_jobs(pipeline_id).iter().map(|j| j.id).collect();
        for id in ids {
            self.cancel_job(id, false);
        }
    }

    /// Plays a manual or delayed job with variables; false when it is not playable ("Unplayable Job").
    pub fn play_job(&mut self, job_id: u64, variables: Vec<(String, String)>) -> bool {
        let now = self.now();
        let Some(job) = self.jobs.iter_mut().find(|j| j.id == job_id) else { return false };
        if !matches!(job.status.as_str(), "manual" | "scheduled") {
            return false;
        }
        job.status = "pending".into();
        job.queued_at = Some(now);
        job.play_variables = variables;
        let pipeline_id = job.pipeline_id;
        let played = job.clone();
        self.reopen_skipped_after(&played, now);
        self.advance();
        self.refresh_pipeline(pipeline_id, now);
        true
    }
}

enum Change {
    Pending(u64),
    Running(u64),
    Finished(&'static str, u64),
    Manual,
    Scheduled(u64),
}
