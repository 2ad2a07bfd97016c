//! Groups and repositories for the wall: `group(fullPath) { projects(includeSubgroups) }`, and a project's
//! default branch through `repository { rootRef tree { lastCommit { … pipelines } } }`: the head commit of
//! the default branch and its pipelines, as GitLab's project page reads them. Named and typed as in
//! GitLab's schema.

use super::complexity;
use super::connection::{slice, Window};
use super::types::{Pipeline, PipelineConnection, PipelineStatusEnum, Project, ProjectConnection};
use super::GqlCtx;
use async_graphql::{Context, Object, ID};

fn sim<'c>(ctx: &Context<'c>) -> &'c GqlCtx {
    ctx.data_unchecked::<GqlCtx>()
}

pub struct Group(pub u64);

#[Object(name = "Group")]
impl Group {
    async fn id(&self) -> ID {
        ID(format!("gid://gitlab/Group/{}", self.0))
    }

    async fn full_path(&self, ctx: &Context<'_>) -> ID {
        let w = sim(ctx).world();
        ID(w.groups.iter().find(|g| g.id == self.0).map(|g| g.full_path.clone()).unwrap_or_default())
    }

    async fn name(&self, ctx: &Context<'_>) -> String {
        let w = sim(ctx).world();
        w.groups.iter().find(|g| g.id == self.0).map(|g| g.name.clone()).unwrap_or_default()
    }

    /// The group's projects (and its subgroups' with `includeSubgroups`) the caller can see, by id.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "complexity::connection(child_complexity, first, last, search.is_some(), false)")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
        include_subgroups: Option<bool>,
        search: Option<String>,
    ) -> ProjectConnection {
        let g = sim(ctx);
        let w = g.world();
        let group = w.groups.iter().find(|x| x.id == self.0).map(|x| x.full_path.to_lowercase()).unwrap_or_default();
        let search = search.map(|s| s.to_lowercase());
        let list: Vec<u64> = w
            .projects
            .iter()
            .filter(|p| g.caller.can_see(p))
            .filter(|p| {
                let ns = p.namespace().to_lowercase();
                ns == group || (include_subgroups == Some(true) && ns.starts_with(&format!("{group}/")))
            })
            .filter(|p| search.as_ref().is_none_or(|s| p.full_path.to_lowercase().contains(s)))
            .map(|p| p.id)
            .collect();
        let count = list.len() as i32;
        let (page, page_info) = slice(list, Window { after: after.as_deref(), before: before.as_deref(), first, last });
        ProjectConnection { count, nodes: Some(page.into_iter().map(|i| Some(Project(i))).collect()), page_info }
    }
}

/// A project's repository.
pub struct Repository(pub u64);

#[Object(name = "Repository")]
impl Repository {
    /// The default branch.
    #[graphql(complexity = "complexity::gitaly(child_complexity)")]
    async fn root_ref(&self, ctx: &Context<'_>) -> Option<String> {
        let w = sim(ctx).world();
        w.project(self.0).map(|p| p.default_branch.clone())
    }

    async fn exists(&self) -> bool {
        true
    }

    /// The tree at `ref` (the default branch when absent).
    #[graphql(complexity = "complexity::gitaly(child_complexity)")]
    async fn tree(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "ref")] git_ref: Option<String>,
        path: Option<String>,
        recursive: Option<bool>,
    ) -> Option<Tree> {
        let _ = (path, recursive);
        let w = sim(ctx).world();
        let p = w.project(self.0)?;
        let name = git_ref.unwrap_or_else(|| p.default_branch.clone());
        let sha = p.refs.get(&name).map(|r| r.sha.clone()).or_else(|| {
            // A commit sha names its own tree.
            w.pipelines.iter().any(|x| x.project_id == self.0 && x.sha == name).then(|| name.clone())
        })?;
        Some(Tree { project: self.0, sha })
    }
}

pub struct Tree {
    project: u64,
    sha: String,
}

#[Object(name = "Tree")]
impl Tree {
    #[graphql(complexity = "complexity::gitaly(child_complexity)")]
    async fn last_commit(&self) -> Option<Commit> {
        Some(Commit { project: self.project, sha: self.sha.clone() })
    }
}

pub struct Commit {
    project: u64,
    sha: String,
}

impl Commit {
    pub fn new(project: u64, sha: &str) -> Self {
        Commit { project, sha: sha.to_string() }
    }

    /// The branch or tag whose head this commit is (its title lives there).
    fn head_title(&self, ctx: &Context<'_>) -> Option<String> {
        let w = sim(ctx).world();
        let p = w.project(self.project)?;
        p.refs.values().find(|r| r.sha == self.sha).map(|r| r.title.clone())
    }
}

#[Object(name = "Commit")]
impl Commit {
    async fn id(&self) -> ID {
        ID(format!("gid://gitlab/CommitPresenter/{}", self.sha))
    }

    async fn sha(&self) -> String {
        self.sha.clone()
    }

    async fn short_id(&self) -> String {
        self.sha[..8.min(self.sha.len())].to_string()
    }

    async fn title(&self, ctx: &Context<'_>) -> Option<String> {
        self.head_title(ctx)
    }

    /// The user of the commit's newest pipeline (the simulator has no commit authors of its own).
    async fn author_name(&self, ctx: &Context<'_>) -> Option<String> {
        let w = sim(ctx).world();
        let pipeline =
            w.pipelines.iter().filter(|p| p.project_id == self.project && p.sha == self.sha).max_by_key(|p| p.id);
        let user = pipeline.and_then(|p| w.user(p.user_id)).or_else(|| w.users.first())?;
        Some(user.name.clone())
    }

    async fn web_path(&self, ctx: &Context<'_>) -> String {
        let w = sim(ctx).world();
        let project = w.project(self.project).map(|p| p.full_path.clone()).unwrap_or_default();
        format!("/{project}/-/commit/{}", self.sha)
    }

    /// The commit's pipelines, newest first.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "complexity::connection(child_complexity, first, last, false, false)")]
    async fn pipelines(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
        #[graphql(name = "ref")] git_ref: Option<String>,
        status: Option<PipelineStatusEnum>,
    ) -> Option<PipelineConnection> {
        let w = sim(ctx).world();
        let mut list: Vec<u64> = w
            .pipelines
            .iter()
            .filter(|p| p.project_id == self.project && p.sha == self.sha && p.source != "parent_pipeline")
            .filter(|p| git_ref.as_ref().is_none_or(|r| *r == p.git_ref))
            .filter(|p| status.is_none_or(|s| s.as_rest() == p.status))
            .map(|p| p.id)
            .collect();
        list.sort_unstable_by(|a, b| b.cmp(a));
        let count = list.len() as i32;
        let (page, page_info) = slice(list, Window { after: after.as_deref(), before: before.as_deref(), first, last });
        Some(PipelineConnection {
            count,
            nodes: Some(page.into_iter().map(|i| Some(Pipeline(i))).collect()),
            page_info,
        })
    }
}
