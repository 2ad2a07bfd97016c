//! `Project.pipelineSchedules` and `PipelineSchedule` (`doc/ci/pipelines/schedules.md`): the fields the wall
//! reads; `lastPipeline` is the newest pipeline the schedule created.

use super::connection::{slice, PageInfo, Window};
use super::types::Pipeline;
use super::GqlCtx;
use crate::world::{Schedule, World};
use async_graphql::{Context, Enum, Object, SimpleObject, ID};

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(name = "PipelineScheduleStatus")]
pub enum PipelineScheduleStatus {
    Active,
    Inactive,
}

#[derive(SimpleObject)]
#[graphql(name = "PipelineScheduleConnection")]
pub struct PipelineScheduleConnection {
    pub count: i32,
    pub nodes: Option<Vec<Option<PipelineSchedule>>>,
    pub page_info: PageInfo,
}

pub struct PipelineSchedule {
    project: u64,
    id: u64,
}

/// In creation order (GitLab lists schedules by id).
pub fn connection(
    w: &World,
    project: u64,
    status: Option<PipelineScheduleStatus>,
    ids: Option<Vec<ID>>,
    window: Window<'_>,
) -> Option<PipelineScheduleConnection> {
    let list: Vec<u64> = w
        .project(project)?
        .schedules
        .iter()
        .filter(|s| status.is_none_or(|st| s.active == (st == PipelineScheduleStatus::Active)))
        .filter(|s| ids.as_ref().is_none_or(|ids| ids.iter().any(|i| i.0 == gid(s.id))))
        .map(|s| s.id)
        .collect();
    let count = list.len() as i32;
    let (page, page_info) = slice(list, window);
    let nodes = page.into_iter().map(|id| Some(PipelineSchedule { project, id })).collect();
    Some(PipelineScheduleConnection { count, nodes: Some(nodes), page_info })
}

fn gid(id: u64) -> String {
    format!("gid://gitlab/Ci::PipelineSchedule/{id}")
}

impl PipelineSchedule {
    fn read<T>(&self, ctx: &Context<'_>, f: impl FnOnce(&World, &Schedule) -> T) -> Option<T> {
        let w = ctx.data_unchecked::<GqlCtx>().world();
        let s = w.project(self.project)?.schedules.iter().find(|s| s.id == self.id)?;
        Some(f(&w, s))
    }
}

#[Object(name = "PipelineSchedule")]
impl PipelineSchedule {
    async fn id(&self) -> ID {
        ID(gid(self.id))
    }

    async fn description(&self, ctx: &Context<'_>) -> Option<String> {
        self.read(ctx, |_, s| s.description.clone())
    }

    #[graphql(name = "ref")]
    async fn git_ref(&self, ctx: &Context<'_>) -> Option<String> {
        self.read(ctx, |_, s| s.git_ref.clone())
    }

    async fn ref_for_display(&self, ctx: &Context<'_>) -> Option<String> {
        self.read(ctx, |_, s| s.git_ref.clone())
    }

    async fn cron(&self, ctx: &Context<'_>) -> String {
        self.read(ctx, |_, s| s.cron.clone()).unwrap_or_default()
    }

    async fn cron_timezone(&self, ctx: &Context<'_>) -> String {
        self.read(ctx, |_, s| s.cron_timezone.clone()).unwrap_or_default()
    }

    async fn active(&self, ctx: &Context<'_>) -> bool {
        self.read(ctx, |_, s| s.active).unwrap_or_default()
    }

    async fn for_tag(&self, ctx: &Context<'_>) -> bool {
        self.read(ctx, |w, s| w.project(self.project).and_then(|p| p.refs.get(&s.git_ref)).is_some_and(|r| r.tag))
            .unwrap_or_default()
    }

    async fn last_pipeline(&self, ctx: &Context<'_>) -> Option<Pipeline> {
        self.read(ctx, |w, s| w.pipelines.iter().filter(|p| p.schedule_id == Some(s.id)).map(|p| p.id).max())
            .flatten()
            .map(Pipeline)
    }
}
