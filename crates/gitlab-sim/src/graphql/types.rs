//! The GraphQL types the app reads, named and typed as in GitLab's schema (checked by the
//! `graphql_schema_subset` test). Objects hold ids and read the world when resolved.

use super::connection::{slice, PageInfo, Window};
use super::scalars::{Duration, JobId, Time};
use super::GqlCtx;
use crate::clock::iso;
use crate::status;
use crate::world::{Job, World};
use async_graphql::{Context, Enum, Object, SimpleObject, ID};
use std::sync::MutexGuard;

fn world<'c>(ctx: &Context<'c>) -> MutexGuard<'c, World> {
    ctx.data_unchecked::<GqlCtx>().world()
}

macro_rules! status_enum {
    ($name:ident, $gql:literal) => {
        /// GitLab's status enum. `CANCELING` and `WAITING_FOR_CALLBACK` are newer than the 16.x schema
        /// the subset test reads; they are allowed there by name.
        #[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
        #[graphql(name = $gql)]
        pub enum $name {
            Canceled,
            Canceling,
            Created,
            Failed,
            Manual,
            Pending,
            Preparing,
            Running,
            Scheduled,
            Skipped,
            Success,
            WaitingForCallback,
            WaitingForResource,
        }

        impl $name {
            /// `None` for a status this schema has no value for.
            pub fn from_rest(s: &str) -> Option<Self> {
                Some(match s {
                    "canceled" => Self::Canceled,
                    "canceling" => Self::Canceling,
                    "created" => Self::Created,
                    "failed" => Self::Failed,
                    "manual" => Self::Manual,
                    "pending" => Self::Pending,
                    "preparing" => Self::Preparing,
                    "running" => Self::Running,
                    "scheduled" => Self::Scheduled,
                    "skipped" => Self::Skipped,
                    "success" => Self::Success,
                    "waiting_for_callback" => Self::WaitingForCallback,
                    "waiting_for_resource" => Self::WaitingForResource,
                    _ => return None,
                })
            }

            pub fn as_rest(self) -> &'static str {
                match self {
                    Self::Canceled => "canceled",
                    Self::Canceling => "canceling",
                    Self::Created => "created",
                    Self::Failed => "failed",
                    Self::Manual => "manual",
                    Self::Pending => "pending",
                    Self::Preparing => "preparing",
                    Self::Running => "running",
                    Self::Scheduled => "scheduled",
                    Self::Skipped => "skipped",
                    Self::Success => "success",
                    Self::WaitingForCallback => "waiting_for_callback",
                    Self::WaitingForResource => "waiting_for_resource",
                }
            }
        }
    };
}

status_enum!(PipelineStatusEnum, "PipelineStatusEnum");
status_enum!(CiJobStatus, "CiJobStatus");

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(name = "CiJobKind")]
pub enum CiJobKind {
    Bridge,
    Build,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(name = "ShaFormat")]
pub enum ShaFormat {
    Long,
    Short,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(name = "PipelineScopeEnum")]
pub enum PipelineScopeEnum {
    Branches,
    Finished,
    Pending,
    Running,
    Tags,
}

#[derive(Clone, Debug, SimpleObject)]
#[graphql(name = "DetailedStatus")]
pub struct DetailedStatus {
    pub favicon: Option<String>,
    pub group: Option<String>,
    pub has_details: Option<bool>,
    pub icon: Option<String>,
    pub id: String,
    pub label: Option<String>,
    pub text: Option<String>,
    pub tooltip: Option<String>,
    pub details_path: Option<String>,
}

fn detailed(status: &str, warnings: bool, path: String) -> DetailedStatus {
    let (icon, text, label, group) = status::detailed(status, warnings);
    DetailedStatus {
        favicon: Some(format!("/assets/ci_favicons/favicon_{icon}.png")),
        id: format!("{group}-{path}"),
        group: Some(group),
        has_details: Some(true),
        icon: Some(icon),
        label: Some(label.clone()),
        text: Some(text),
        tooltip: Some(label),
        details_path: Some(path),
    }
}

#[derive(Clone, Debug, SimpleObject)]
#[graphql(name = "QueryComplexity")]
pub struct QueryComplexity {
    pub limit: Option<i32>,
    pub score: Option<i32>,
}

pub struct Project(pub u64);

#[Object(name = "Project")]
impl Project {
    async fn id(&self) -> ID {
        ID(format!("gid://gitlab/Project/{}", self.0))
    }

    async fn full_path(&self, ctx: &Context<'_>) -> ID {
        ID(world(ctx).project(self.0).map(|p| p.full_path.clone()).unwrap_or_default())
    }

    async fn name(&self, ctx: &Context<'_>) -> String {
        world(ctx).project(self.0).map(|p| p.name.clone()).unwrap_or_default()
    }

    async fn name_with_namespace(&self, ctx: &Context<'_>) -> String {
        world(ctx).project(self.0).map(|p| p.full_path.replace('/', " / ")).unwrap_or_default()
    }

    async fn path(&self, ctx: &Context<'_>) -> String {
        world(ctx).project(self.0).map(|p| p.path().to_string()).unwrap_or_default()
    }

    async fn description(&self, ctx: &Context<'_>) -> Option<String> {
        world(ctx).project(self.0).map(|p| p.description.clone())
    }

    async fn repository(&self) -> Option<super::repository::Repository> {
        Some(super::repository::Repository(self.0))
    }

    async fn topics(&self, ctx: &Context<'_>) -> Option<Vec<String>> {
        world(ctx).project(self.0).map(|p| p.topics.clone())
    }

    async fn web_url(&self, ctx: &Context<'_>) -> Option<String> {
        let g = ctx.data_unchecked::<GqlCtx>();
        world(ctx).project(self.0).map(|p| format!("{}/{}", g.base, p.full_path))
    }

    /// Newest first, child pipelines included only with `source: "parent_pipeline"`.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "super::complexity::connection(child_complexity, first, last, false, false)")]
    async fn pipelines(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
        #[graphql(name = "ref")] git_ref: Option<String>,
        scope: Option<PipelineScopeEnum>,
        sha: Option<String>,
        source: Option<String>,
        status: Option<PipelineStatusEnum>,
        updated_after: Option<Time>,
        updated_before: Option<Time>,
        username: Option<String>,
    ) -> Option<PipelineConnection> {
        let w = world(ctx);
        let after_t = updated_after.and_then(|t| crate::clock::parse_iso(&t.0));
        let before_t = updated_before.and_then(|t| crate::clock::parse_iso(&t.0));
        let mut list: Vec<_> = w
            .pipelines
            .iter()
            .filter(|p| p.project_id == self.0)
            .filter(|p| git_ref.as_ref().is_none_or(|r| *r == p.git_ref))
            .filter(|p| sha.as_ref().is_none_or(|s| *s == p.sha))
            .filter(|p| match &source {
                Some(s) => *s == p.source,
                None => p.source != "parent_pipeline",
            })
            .filter(|p| status.is_none_or(|s| s.as_rest() == p.status))
            .filter(|p| {
                let name = match scope {
                    Some(PipelineScopeEnum::Running) => "running",
                    Some(PipelineScopeEnum::Pending) => "pending",
                    Some(PipelineScopeEnum::Finished) => "finished",
                    Some(PipelineScopeEnum::Tags) => "tags",
                    Some(PipelineScopeEnum::Branches) => "branches",
                    None => return true,
                };
                crate::finder::in_scope(&w, p, name)
            })
            .filter(|p| username.as_ref().is_none_or(|u| w.user(p.user_id).is_some_and(|x| x.username == *u)))
            // Inclusive, as GitLab's `UpdatedAtFilterable` (`gteq` / `lteq`).
            .filter(|p| after_t.is_none_or(|t| p.updated_at >= t) && before_t.is_none_or(|t| p.updated_at <= t))
            .map(|p| p.id)
            .collect();
        list.sort_unstable_by(|a, b| b.cmp(a));
        let count = list.len() as i32;
        let window = Window { after: after.as_deref(), before: before.as_deref(), first, last };
        let (page, page_info) = slice(list, window);
        Some(PipelineConnection {
            count,
            nodes: Some(page.into_iter().map(|id| Some(Pipeline(id))).collect()),
            page_info,
        })
    }

    /// Merge requests, newest first.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "super::complexity::connection(child_complexity, first, last, false, false)")]
    async fn merge_requests(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
        iids: Option<Vec<String>>,
        source_branches: Option<Vec<String>>,
        target_branches: Option<Vec<String>>,
        state: Option<super::merge_requests::MergeRequestState>,
    ) -> Option<super::merge_requests::MergeRequestConnection> {
        let filter = super::merge_requests::Filter { state, iids, source_branches, target_branches };
        let window = Window { after: after.as_deref(), before: before.as_deref(), first, last };
        super::merge_requests::connection(&world(ctx), self.0, &filter, window)
    }

    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "super::complexity::connection(child_complexity, first, last, false, false)")]
    async fn pipeline_schedules(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
        ids: Option<Vec<ID>>,
        status: Option<super::schedules::PipelineScheduleStatus>,
    ) -> Option<super::schedules::PipelineScheduleConnection> {
        let window = Window { after: after.as_deref(), before: before.as_deref(), first, last };
        super::schedules::connection(&world(ctx), self.0, status, ids, window)
    }

    async fn pipeline(&self, ctx: &Context<'_>, iid: Option<ID>, sha: Option<String>) -> Option<Pipeline> {
        let w = world(ctx);
        let mut candidates: Vec<_> = w
            .pipelines
            .iter()
            .filter(|p| p.project_id == self.0)
            .filter(|p| iid.as_ref().is_none_or(|i| i.0 == p.iid.to_string()))
            .filter(|p| sha.as_ref().is_none_or(|s| *s == p.sha))
            .map(|p| p.id)
            .collect();
        candidates.sort_unstable();
        candidates.pop().map(Pipeline)
    }
}

#[derive(SimpleObject)]
#[graphql(name = "ProjectConnection")]
pub struct ProjectConnection {
    pub count: i32,
    pub nodes: Option<Vec<Option<Project>>>,
    pub page_info: PageInfo,
}

#[derive(SimpleObject)]
#[graphql(name = "PipelineConnection")]
pub struct PipelineConnection {
    pub count: i32,
    pub nodes: Option<Vec<Option<Pipeline>>>,
    pub page_info: PageInfo,
}

pub struct Pipeline(pub u64);

fn pipeline_path(w: &World, id: u64) -> String {
    let p = w.pipeline(id);
    let project = p.and_then(|p| w.project(p.project_id)).map(|x| x.full_path.clone()).unwrap_or_default();
    format!("/{project}/-/pipelines/{id}")
}

#[Object(name = "Pipeline")]
impl Pipeline {
    async fn id(&self) -> ID {
        ID(format!("gid://gitlab/Ci::Pipeline/{}", self.0))
    }

    async fn iid(&self, ctx: &Context<'_>) -> String {
        world(ctx).pipeline(self.0).map(|p| p.iid.to_string()).unwrap_or_default()
    }

    /// A status newer than the enum shows as RUNNING (GraphQL cannot carry an unknown value).
    async fn status(&self, ctx: &Context<'_>) -> PipelineStatusEnum {
        let w = world(ctx);
        w.pipeline(self.0).and_then(|p| PipelineStatusEnum::from_rest(&p.status)).unwrap_or(PipelineStatusEnum::Running)
    }

    async fn detailed_status(&self, ctx: &Context<'_>) -> DetailedStatus {
        let w = world(ctx);
        let status = w.pipeline(self.0).map(|p| p.status.clone()).unwrap_or_default();
        let warnings =
            status == "success" && w.current_jobs(self.0).iter().any(|j| j.spec.allow_failure && j.status == "failed");
        detailed(&status, warnings, pipeline_path(&w, self.0))
    }

    #[graphql(name = "ref")]
    async fn git_ref(&self, ctx: &Context<'_>) -> Option<String> {
        world(ctx).pipeline(self.0).map(|p| p.git_ref.clone())
    }

    async fn path(&self, ctx: &Context<'_>) -> Option<String> {
        Some(pipeline_path(&world(ctx), self.0))
    }

    /// The commit, whole or as GitLab's eight-character short form.
    async fn sha(&self, ctx: &Context<'_>, format: Option<ShaFormat>) -> Option<String> {
        let sha = world(ctx).pipeline(self.0)?.sha.clone();
        Some(match format {
            Some(ShaFormat::Short) => sha[..8].to_string(),
            _ => sha,
        })
    }

    async fn duration(&self, ctx: &Context<'_>) -> Option<i32> {
        let w = world(ctx);
        let p = w.pipeline(self.0)?;
        Some(p.finished_at.unwrap_or(w.now()).saturating_sub(p.started_at?) as i32)
    }

    async fn queued_duration(&self, ctx: &Context<'_>) -> Option<Duration> {
        let w = world(ctx);
        let p = w.pipeline(self.0)?;
        Some(Duration(p.started_at?.saturating_sub(p.created_at) as f64))
    }

    async fn created_at(&self, ctx: &Context<'_>) -> Time {
        Time(world(ctx).pipeline(self.0).map(|p| iso(p.created_at)).unwrap_or_default())
    }

    async fn updated_at(&self, ctx: &Context<'_>) -> Time {
        Time(world(ctx).pipeline(self.0).map(|p| iso(p.updated_at)).unwrap_or_default())
    }

    async fn started_at(&self, ctx: &Context<'_>) -> Option<Time> {
        world(ctx).pipeline(self.0)?.started_at.map(|t| Time(iso(t)))
    }

    async fn finished_at(&self, ctx: &Context<'_>) -> Option<Time> {
        world(ctx).pipeline(self.0)?.finished_at.map(|t| Time(iso(t)))
    }

    async fn active(&self, ctx: &Context<'_>) -> bool {
        world(ctx).pipeline(self.0).is_some_and(|p| !status::is_completed(&p.status) && p.status != "manual")
    }

    async fn cancelable(&self, ctx: &Context<'_>) -> bool {
        let w = world(ctx);
        w.current_jobs(self.0).iter().any(|j| status::is_cancelable(&j.status))
    }

    async fn retryable(&self, ctx: &Context<'_>) -> bool {
        let w = world(ctx);
        w.current_jobs(self.0).iter().any(|j| matches!(j.status.as_str(), "failed" | "canceled"))
    }

    async fn uses_needs(&self, ctx: &Context<'_>) -> Option<bool> {
        Some(world(ctx).current_jobs(self.0).iter().any(|j| j.spec.needs.is_some()))
    }

    async fn project(&self, ctx: &Context<'_>) -> Option<Project> {
        world(ctx).pipeline(self.0).map(|p| Project(p.project_id))
    }

    /// The pipeline's commit.
    async fn commit(&self, ctx: &Context<'_>) -> Option<super::repository::Commit> {
        world(ctx).pipeline(self.0).map(|p| super::repository::Commit::new(p.project_id, &p.sha))
    }

    #[graphql(complexity = "super::complexity::connection(child_complexity, first, last, false, false)")]
    async fn stages(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Option<CiStageConnection> {
        let stages = world(ctx).stages(self.0);
        let (page, page_info) =
            slice(stages, Window { after: after.as_deref(), before: before.as_deref(), first, last });
        let nodes = page.into_iter().map(|name| Some(CiStage { pipeline: self.0, name })).collect();
        Some(CiStageConnection { nodes: Some(nodes), page_info })
    }

    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "super::complexity::connection(child_complexity, first, last, false, false)")]
    async fn jobs(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        job_kind: Option<CiJobKind>,
        last: Option<i32>,
        retried: Option<bool>,
        statuses: Option<Vec<CiJobStatus>>,
    ) -> Option<CiJobConnection> {
        let w = world(ctx);
        let ids: Vec<u64> = w
            .jobs
            .iter()
            .filter(|j| j.pipeline_id == self.0)
            .filter(|j| retried.is_none_or(|r| j.retried == r))
            .filter(|j| job_kind.is_none_or(|k| (k == CiJobKind::Bridge) == j.is_bridge()))
            .filter(|j| statuses.as_ref().is_none_or(|s| s.iter().any(|x| x.as_rest() == j.status)))
            .map(|j| j.id)
            .collect();
        Some(job_connection(ids, Window { after: after.as_deref(), before: before.as_deref(), first, last }))
    }

    #[graphql(complexity = "super::complexity::connection(child_complexity, first, last, false, false)")]
    async fn downstream(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Option<PipelineConnection> {
        let w = world(ctx);
        let ids: Vec<u64> = w
            .jobs
            .iter()
            .filter(|j| j.pipeline_id == self.0 && !j.retried)
            .filter_map(|j| j.downstream_pipeline)
            .collect();
        let count = ids.len() as i32;
        let (page, page_info) = slice(ids, Window { after: after.as_deref(), before: before.as_deref(), first, last });
        Some(PipelineConnection {
            count,
            nodes: Some(page.into_iter().map(|i| Some(Pipeline(i))).collect()),
            page_info,
        })
    }

    async fn upstream(&self, ctx: &Context<'_>) -> Option<Pipeline> {
        let w = world(ctx);
        let bridge = w.pipeline(self.0)?.upstream_job?;
        w.job(bridge).map(|j| Pipeline(j.pipeline_id))
    }

    async fn source_job(&self, ctx: &Context<'_>) -> Option<CiJob> {
        world(ctx).pipeline(self.0)?.upstream_job.map(CiJob)
    }
}

fn job_connection(ids: Vec<u64>, window: Window<'_>) -> CiJobConnection {
    let count = ids.len() as i32;
    let (page, page_info) = slice(ids, window);
    CiJobConnection { count, nodes: Some(page.into_iter().map(|i| Some(CiJob(i))).collect()), page_info }
}

#[derive(SimpleObject)]
#[graphql(name = "CiStageConnection")]
pub struct CiStageConnection {
    pub nodes: Option<Vec<Option<CiStage>>>,
    pub page_info: PageInfo,
}

pub struct CiStage {
    pipeline: u64,
    name: String,
}

impl CiStage {
    fn job_ids(&self, w: &World) -> Vec<u64> {
        w.current_jobs(self.pipeline).iter().filter(|j| j.spec.stage == self.name).map(|j| j.id).collect()
    }

    fn composite_status(&self, w: &World) -> String {
        let jobs = w.current_jobs(self.pipeline);
        let s: Vec<(&str, bool)> = jobs
            .iter()
            .filter(|j| j.spec.stage == self.name)
            .map(|j| (j.status.as_str(), j.spec.allow_failure))
            .collect();
        status::composite(&s, false).unwrap_or_else(|| "skipped".into())
    }
}

#[Object(name = "CiStage")]
impl CiStage {
    async fn id(&self) -> ID {
        ID(format!("gid://gitlab/Ci::Stage/{}-{}", self.pipeline, self.name))
    }

    async fn name(&self) -> Option<String> {
        Some(self.name.clone())
    }

    /// A plain string in GitLab's schema (lowercase).
    async fn status(&self, ctx: &Context<'_>) -> Option<String> {
        Some(self.composite_status(&world(ctx)))
    }

    async fn detailed_status(&self, ctx: &Context<'_>) -> Option<DetailedStatus> {
        let w = world(ctx);
        Some(detailed(&self.composite_status(&w), false, pipeline_path(&w, self.pipeline)))
    }

    /// Jobs grouped as GitLab's graph shows them: by name without the `1/3`-style parallel suffix.
    #[graphql(complexity = "super::complexity::connection(child_complexity, first, last, false, false)")]
    async fn groups(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Option<CiGroupConnection> {
        let w = world(ctx);
        let mut names: Vec<String> = Vec::new();
        for id in self.job_ids(&w) {
            let name = group_name(&w.job(id).expect("listed").spec.name);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let (page, page_info) =
            slice(names, Window { after: after.as_deref(), before: before.as_deref(), first, last });
        let nodes = page
            .into_iter()
            .map(|name| Some(CiGroup { pipeline: self.pipeline, stage: self.name.clone(), name }))
            .collect();
        Some(CiGroupConnection { nodes: Some(nodes), page_info })
    }

    #[graphql(complexity = "super::complexity::connection(child_complexity, first, last, false, false)")]
    async fn jobs(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Option<CiJobConnection> {
        let ids = self.job_ids(&world(ctx));
        Some(job_connection(ids, Window { after: after.as_deref(), before: before.as_deref(), first, last }))
    }
}

/// `build 1/3` → `build` (`Ci::Group` uses the name without the parallel index).
fn group_name(name: &str) -> String {
    match name.rsplit_once(' ') {
        Some((base, idx))
            if idx.split_once('/').is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok()) =>
        {
            base.to_string()
        }
        _ => name.to_string(),
    }
}

#[derive(SimpleObject)]
#[graphql(name = "CiGroupConnection")]
pub struct CiGroupConnection {
    pub nodes: Option<Vec<Option<CiGroup>>>,
    pub page_info: PageInfo,
}

pub struct CiGroup {
    pipeline: u64,
    stage: String,
    name: String,
}

#[Object(name = "CiGroup")]
impl CiGroup {
    async fn id(&self) -> String {
        format!("{}-{}-{}", self.pipeline, self.stage, self.name)
    }

    async fn name(&self) -> Option<String> {
        Some(self.name.clone())
    }

    async fn size(&self, ctx: &Context<'_>) -> Option<i32> {
        Some(self.ids(&world(ctx)).len() as i32)
    }

    async fn detailed_status(&self, ctx: &Context<'_>) -> Option<DetailedStatus> {
        let w = world(ctx);
        let s: Vec<(&str, bool)> =
            self.ids(&w).iter().filter_map(|i| w.job(*i)).map(|j| (j.status.as_str(), j.spec.allow_failure)).collect();
        Some(detailed(
            &status::composite(&s, false).unwrap_or_else(|| "skipped".into()),
            false,
            pipeline_path(&w, self.pipeline),
        ))
    }

    async fn jobs(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Option<CiJobConnection> {
        let ids = self.ids(&world(ctx));
        Some(job_connection(ids, Window { after: after.as_deref(), before: before.as_deref(), first, last }))
    }
}

impl CiGroup {
    fn ids(&self, w: &World) -> Vec<u64> {
        w.current_jobs(self.pipeline)
            .iter()
            .filter(|j| j.spec.stage == self.stage && group_name(&j.spec.name) == self.name)
            .map(|j| j.id)
            .collect()
    }
}

#[derive(SimpleObject)]
#[graphql(name = "CiJobConnection")]
pub struct CiJobConnection {
    pub count: i32,
    pub nodes: Option<Vec<Option<CiJob>>>,
    pub page_info: PageInfo,
}

pub struct CiJob(pub u64);

impl CiJob {
    fn with<T>(&self, ctx: &Context<'_>, f: impl FnOnce(&World, &Job) -> T) -> Option<T> {
        let w = world(ctx);
        let job = w.job(self.0)?;
        Some(f(&w, job))
    }
}

#[Object(name = "CiJob")]
impl CiJob {
    async fn id(&self, ctx: &Context<'_>) -> Option<JobId> {
        self.with(ctx, |_, j| {
            JobId(format!("gid://gitlab/{}/{}", if j.is_bridge() { "Ci::Bridge" } else { "Ci::Build" }, j.id))
        })
    }

    async fn name(&self, ctx: &Context<'_>) -> Option<String> {
        self.with(ctx, |_, j| j.spec.name.clone())
    }

    /// Null for a status newer than the enum.
    async fn status(&self, ctx: &Context<'_>) -> Option<CiJobStatus> {
        self.with(ctx, |_, j| CiJobStatus::from_rest(&j.status)).flatten()
    }

    async fn kind(&self, ctx: &Context<'_>) -> CiJobKind {
        match self.with(ctx, |_, j| j.is_bridge()) {
            Some(true) => CiJobKind::Bridge,
            _ => CiJobKind::Build,
        }
    }

    async fn stage(&self, ctx: &Context<'_>) -> Option<CiStage> {
        self.with(ctx, |_, j| CiStage { pipeline: j.pipeline_id, name: j.spec.stage.clone() })
    }

    async fn allow_failure(&self, ctx: &Context<'_>) -> bool {
        self.with(ctx, |_, j| j.spec.allow_failure).unwrap_or(false)
    }

    async fn duration(&self, ctx: &Context<'_>) -> Option<i32> {
        self.with(ctx, |w, j| j.started_at.map(|s| j.finished_at.unwrap_or(w.now()).saturating_sub(s) as i32)).flatten()
    }

    async fn queued_duration(&self, ctx: &Context<'_>) -> Option<Duration> {
        self.with(ctx, |w, j| j.queued_at.map(|q| Duration(j.started_at.unwrap_or(w.now()).saturating_sub(q) as f64)))
            .flatten()
    }

    async fn created_at(&self, ctx: &Context<'_>) -> Time {
        Time(self.with(ctx, |_, j| iso(j.created_at)).unwrap_or_default())
    }

    async fn queued_at(&self, ctx: &Context<'_>) -> Option<Time> {
        self.with(ctx, |_, j| j.queued_at.map(|t| Time(iso(t)))).flatten()
    }

    async fn started_at(&self, ctx: &Context<'_>) -> Option<Time> {
        self.with(ctx, |_, j| j.started_at.map(|t| Time(iso(t)))).flatten()
    }

    async fn finished_at(&self, ctx: &Context<'_>) -> Option<Time> {
        self.with(ctx, |_, j| j.finished_at.map(|t| Time(iso(t)))).flatten()
    }

    async fn scheduled_at(&self, ctx: &Context<'_>) -> Option<Time> {
        self.with(ctx, |_, j| j.scheduled_at.map(|t| Time(iso(t)))).flatten()
    }

    async fn retried(&self, ctx: &Context<'_>) -> Option<bool> {
        self.with(ctx, |_, j| j.retried)
    }

    async fn retryable(&self, ctx: &Context<'_>) -> bool {
        self.with(ctx, |_, j| !j.retried && matches!(j.status.as_str(), "success" | "failed" | "canceled"))
            .unwrap_or(false)
    }

    async fn cancelable(&self, ctx: &Context<'_>) -> bool {
        self.with(ctx, |_, j| status::is_cancelable(&j.status)).unwrap_or(false)
    }

    async fn playable(&self, ctx: &Context<'_>) -> bool {
        self.with(ctx, |_, j| matches!(j.status.as_str(), "manual" | "scheduled")).unwrap_or(false)
    }

    async fn manual_job(&self, ctx: &Context<'_>) -> Option<bool> {
        self.with(ctx, |_, j| j.spec.when == "manual")
    }

    async fn scheduled(&self, ctx: &Context<'_>) -> bool {
        self.with(ctx, |_, j| j.status == "scheduled").unwrap_or(false)
    }

    async fn active(&self, ctx: &Context<'_>) -> bool {
        self.with(ctx, |_, j| matches!(j.status.as_str(), "pending" | "running" | "preparing" | "waiting_for_resource"))
            .unwrap_or(false)
    }

    /// `dag` for jobs with `needs`, `stage` otherwise.
    async fn scheduling_type(&self, ctx: &Context<'_>) -> Option<String> {
        self.with(ctx, |_, j| if j.spec.needs.is_some() { "dag" } else { "stage" }.to_string())
    }

    async fn needs(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Option<CiBuildNeedConnection> {
        let needs = self.with(ctx, |_, j| j.spec.needs.clone().unwrap_or_default()).unwrap_or_default();
        let (page, page_info) =
            slice(needs, Window { after: after.as_deref(), before: before.as_deref(), first, last });
        let job = self.0;
        let nodes = page
            .into_iter()
            .map(|name| Some(CiBuildNeed { id: ID(format!("{job}-{name}")), name: Some(name) }))
            .collect();
        Some(CiBuildNeedConnection { nodes: Some(nodes), page_info })
    }

    async fn detailed_status(&self, ctx: &Context<'_>) -> Option<DetailedStatus> {
        self.with(ctx, |w, j| {
            let path = w.project(j.project_id).map(|p| format!("/{}/-/jobs/{}", p.full_path, j.id)).unwrap_or_default();
            detailed(&j.status, j.spec.allow_failure && j.status == "failed", path)
        })
    }

    async fn web_path(&self, ctx: &Context<'_>) -> Option<String> {
        self.with(ctx, |w, j| w.project(j.project_id).map(|p| format!("/{}/-/jobs/{}", p.full_path, j.id))).flatten()
    }

    async fn downstream_pipeline(&self, ctx: &Context<'_>) -> Option<Pipeline> {
        self.with(ctx, |_, j| j.downstream_pipeline.map(Pipeline)).flatten()
    }

    async fn pipeline(&self, ctx: &Context<'_>) -> Option<Pipeline> {
        self.with(ctx, |_, j| Pipeline(j.pipeline_id))
    }

    async fn tags(&self, ctx: &Context<'_>) -> Option<Vec<String>> {
        self.with(ctx, |_, j| j.spec.tags.clone())
    }

    async fn ref_name(&self, ctx: &Context<'_>) -> Option<String> {
        self.with(ctx, |w, j| w.pipeline(j.pipeline_id).map(|p| p.git_ref.clone())).flatten()
    }

    async fn short_sha(&self, ctx: &Context<'_>) -> String {
        self.with(ctx, |w, j| w.pipeline(j.pipeline_id).map(|p| p.sha[..8].to_string())).flatten().unwrap_or_default()
    }
}

#[derive(SimpleObject)]
#[graphql(name = "CiBuildNeedConnection")]
pub struct CiBuildNeedConnection {
    pub nodes: Option<Vec<Option<CiBuildNeed>>>,
    pub page_info: PageInfo,
}

#[derive(SimpleObject)]
#[graphql(name = "CiBuildNeed")]
pub struct CiBuildNeed {
    pub id: ID,
    pub name: Option<String>,
}
