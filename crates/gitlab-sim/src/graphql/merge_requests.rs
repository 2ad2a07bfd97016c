//! `Project.mergeRequests` and `MergeRequest` (`doc/api/graphql/reference/_index.md`): the fields the wall
//! reads. A merge request's `headPipeline` is GitLab's pipeline for its diff head (the source branch's head
//! commit): the newest pipeline at that commit on the source branch or on `refs/merge-requests/<iid>/head`.

use super::connection::{slice, PageInfo, Window};
use super::types::Pipeline;
use super::GqlCtx;
use crate::world::World;
use async_graphql::{Context, Enum, Object, SimpleObject, ID};

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(name = "MergeRequestState", rename_items = "lowercase")]
pub enum MergeRequestState {
    All,
    Closed,
    Locked,
    Merged,
    Opened,
}

impl MergeRequestState {
    fn keeps(self, state: &str) -> bool {
        match self {
            MergeRequestState::All => true,
            MergeRequestState::Closed => state == "closed",
            MergeRequestState::Locked => state == "locked",
            MergeRequestState::Merged => state == "merged",
            MergeRequestState::Opened => state == "opened",
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "MergeRequestConnection")]
pub struct MergeRequestConnection {
    pub count: i32,
    pub nodes: Option<Vec<Option<MergeRequest>>>,
    pub page_info: PageInfo,
}

/// A project's merge request by its id.
pub struct MergeRequest {
    project: u64,
    id: u64,
}

/// The filters of `Project.mergeRequests` the simulator honours.
pub struct Filter {
    pub state: Option<MergeRequestState>,
    pub iids: Option<Vec<String>>,
    pub source_branches: Option<Vec<String>>,
    pub target_branches: Option<Vec<String>>,
}

/// Newest first: GitLab's default sort is `created_desc`; the simulator's merge requests have no creation
/// time, and their iids grow with it.
pub fn connection(w: &World, project: u64, f: &Filter, window: Window<'_>) -> Option<MergeRequestConnection> {
    let p = w.project(project)?;
    let mut list: Vec<(u64, u64)> = p
        .merge_requests
        .iter()
        .filter(|m| f.state.is_none_or(|s| s.keeps(&m.state)))
        .filter(|m| f.iids.as_ref().is_none_or(|i| i.contains(&m.iid.to_string())))
        .filter(|m| f.source_branches.as_ref().is_none_or(|b| b.contains(&m.source_branch)))
        .filter(|m| f.target_branches.as_ref().is_none_or(|b| b.contains(&m.target_branch)))
        .map(|m| (m.iid, m.id))
        .collect();
    list.sort_unstable_by_key(|m| std::cmp::Reverse(m.0));
    let count = list.len() as i32;
    let (page, page_info) = slice(list, window);
    let nodes = page.into_iter().map(|(_, id)| Some(MergeRequest { project, id })).collect();
    Some(MergeRequestConnection { count, nodes: Some(nodes), page_info })
}

fn with<T>(
    ctx: &Context<'_>,
    mr: &MergeRequest,
    f: impl FnOnce(&World, &crate::world::MergeRequest) -> T,
) -> Option<T> {
    let w = ctx.data_unchecked::<GqlCtx>().world();
    let m = w.project(mr.project)?.merge_requests.iter().find(|m| m.id == mr.id)?;
    Some(f(&w, m))
}

#[Object(name = "MergeRequest")]
impl MergeRequest {
    async fn id(&self) -> ID {
        ID(format!("gid://gitlab/MergeRequest/{}", self.id))
    }

    async fn iid(&self, ctx: &Context<'_>) -> String {
        with(ctx, self, |_, m| m.iid.to_string()).unwrap_or_default()
    }

    async fn title(&self, ctx: &Context<'_>) -> String {
        with(ctx, self, |_, m| m.title.clone()).unwrap_or_default()
    }

    async fn state(&self, ctx: &Context<'_>) -> MergeRequestState {
        let state = with(ctx, self, |_, m| m.state.clone()).unwrap_or_default();
        match state.as_str() {
            "closed" => MergeRequestState::Closed,
            "locked" => MergeRequestState::Locked,
            "merged" => MergeRequestState::Merged,
            _ => MergeRequestState::Opened,
        }
    }

    async fn source_branch(&self, ctx: &Context<'_>) -> String {
        with(ctx, self, |_, m| m.source_branch.clone()).unwrap_or_default()
    }

    async fn target_branch(&self, ctx: &Context<'_>) -> String {
        with(ctx, self, |_, m| m.target_branch.clone()).unwrap_or_default()
    }

    async fn draft(&self) -> bool {
        false
    }

    async fn web_url(&self, ctx: &Context<'_>) -> Option<String> {
        let base = ctx.data_unchecked::<GqlCtx>().base.clone();
        with(ctx, self, |w, m| {
            let path = w.project(self.project).map(|p| p.full_path.clone()).unwrap_or_default();
            format!("{base}/{path}/-/merge_requests/{}", m.iid)
        })
    }

    async fn head_pipeline(&self, ctx: &Context<'_>) -> Option<Pipeline> {
        with(ctx, self, |w, m| {
            let head = w.project(self.project)?.refs.get(&m.source_branch)?.sha.clone();
            let mr_ref = format!("refs/merge-requests/{}/head", m.iid);
            w.pipelines
                .iter()
                .filter(|p| p.project_id == self.project && p.sha == head)
                .filter(|p| p.git_ref == m.source_branch || p.git_ref == mr_ref)
                .map(|p| p.id)
                .max()
                .map(Pipeline)
        })
        .flatten()
    }
}
