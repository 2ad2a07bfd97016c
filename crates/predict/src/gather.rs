//! What GitLab knows before it creates a pipeline: the project, the ref's commit, the merge request and the
//! files it changes, and the repository's paths at that commit. Read through the API; the engine's context is
//! then made by core's `ContextBuilder` from these facts only (no predefined variable is guessed here).

use crate::json::{self, str_of, string};
use pipelens_core::variables::Vars;
use pipelens_core::{ContextBuilder, Limits, MergeRequest, PipelineContext, PipelineSource, ProjectInfo};
use pipelens_gitlab_api::endpoints::{
    CompareRefs, GetBranch, GetProject, GetTag, MergeRequestChangesGet, RepositoryTree,
};
use pipelens_gitlab_api::{ApiError, Client, Transport};
use serde_json::Value;

/// What to predict a pipeline for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Branch(String),
    Tag(String),
    /// A merge request by its iid (a merge request pipeline on its source branch).
    MergeRequest(u64),
}

/// The project as `CI_PROJECT_*` describe it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ProjectFacts {
    pub id: u64,
    /// `group/sub/project`.
    pub path: String,
    pub default_branch: String,
    /// The CI configuration file (`ci_config_path`, else `.gitlab-ci.yml`).
    pub config_path: String,
    pub visibility: String,
    pub web_url: String,
}

/// Everything read before the configuration: enough for the context and for the include fetcher.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Prepared {
    /// The instance (`https://gitlab.example.com`, with its path if it has one).
    pub server_url: String,
    pub project: ProjectFacts,
    /// The branch or tag; for a merge request its source branch.
    pub git_ref: String,
    pub is_tag: bool,
    /// The commit the pipeline would run for.
    pub sha: String,
    pub merge_request: Option<MergeRequest>,
    /// The pipeline source a pipeline created for this target has: `api` for a branch or tag (the API's
    /// create pipeline), `merge_request_event` for a merge request.
    pub source: PipelineSource,
    /// Files changed, as GitLab knows them for `source`: the merge request's changes; for a `push`, the
    /// commit against its parent; `None` otherwise (GitLab then treats `rules:changes` as true).
    pub changed_files: Option<Vec<String>>,
    /// Every file path at `sha` (for `include:local` wildcards and `rules:exists`).
    pub repo_files: Vec<String>,
    /// What the reader could not do fully (a listing cut at the limit).
    pub notes: Vec<String>,
}

impl Prepared {
    /// The engine's context for a pipeline of `source` with the user's `variables`.
    pub fn context(&self, source: PipelineSource, variables: &Vars) -> PipelineContext {
        let mut b = ContextBuilder::new(source);
        b.default_branch = self.project.default_branch.clone();
        b.project = ProjectInfo {
            path: self.project.path.clone(),
            server_url: self.server_url.clone(),
            id: Some(self.project.id),
            visibility: self.project.visibility.clone(),
            config_path: self.project.config_path.clone(),
        };
        b.sha = self.sha.clone();
        match &self.merge_request {
            Some(mr) => {
                b.merge_request = Some(mr.clone());
                b.branch = mr.source_branch.clone();
            }
            None if self.is_tag => b.tag = self.git_ref.clone(),
            None => b.branch = self.git_ref.clone(),
        }
        b.variables = variables.clone();
        // The changes were read for this target's own source; another source has its own (or none).
        b.changed_files = if source == self.source { self.changed_files.clone() } else { None };
        b.repo_files = self.repo_files.clone();
        b.build()
    }

    /// The context of GitLab's CI lint dry run: a simulated `push` on the ref, without a diff.
    pub fn dry_run_context(&self, variables: &Vars) -> PipelineContext {
        let mut ctx = self.context(PipelineSource::Push, variables);
        ctx.changed_files = None;
        ctx
    }
}

/// Reads the facts for `target` in `project` (its full path). `source`: the pipeline to predict; `push` also
/// reads the commit's changes against its parent (the compare API).
pub async fn gather<T: Transport>(
    client: &Client,
    transport: &T,
    project: &str,
    target: &Target,
    source: Option<PipelineSource>,
    limits: &Limits,
) -> Result<Prepared, ApiError> {
    let p = json::get(client, transport, client.prepare(&GetProject::new(project))).await?;
    let facts = ProjectFacts {
        id: p.get("id").and_then(Value::as_u64).unwrap_or(0),
        path: string(&p, "path_with_namespace"),
        default_branch: string(&p, "default_branch"),
        config_path: match str_of(&p, "ci_config_path") {
            "" => ".gitlab-ci.yml".into(),
            path => path.to_string(),
        },
        visibility: string(&p, "visibility"),
        web_url: string(&p, "web_url"),
    };
    let base = client.base();
    let mut out =
        Prepared { server_url: format!("{}{}", base.origin(), base.prefix()), project: facts, ..Prepared::default() };
    let mut parent = None;
    match target {
        Target::Branch(name) => {
            let b = json::get(client, transport, client.prepare(&GetBranch::new(project, name.as_str()))).await?;
            out.git_ref = name.clone();
            out.sha = commit_id(&b);
            parent = b.pointer("/commit/parent_ids/0").and_then(Value::as_str).map(str::to_string);
            out.source = source.unwrap_or(PipelineSource::Api);
        }
        Target::Tag(name) => {
            let t = json::get(client, transport, client.prepare(&GetTag::new(project, name.as_str()))).await?;
            out.git_ref = name.clone();
            out.is_tag = true;
            out.sha = commit_id(&t);
            out.source = source.unwrap_or(PipelineSource::Api);
        }
        Target::MergeRequest(iid) => {
            let e = MergeRequestChangesGet { project: project.into(), iid: *iid };
            let m = json::get(client, transport, client.prepare(&e)).await?;
            let source_branch = string(&m, "source_branch");
            out.git_ref = source_branch.clone();
            out.sha = string(&m, "sha");
            let labels = m
                .get("labels")
                .and_then(Value::as_array)
                .map(|l| l.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            out.merge_request = Some(MergeRequest {
                source_branch,
                target_branch: string(&m, "target_branch"),
                iid: *iid,
                title: string(&m, "title"),
                labels,
                event_type: String::new(),
            });
            out.source = source.unwrap_or(PipelineSource::MergeRequest);
            if out.source == PipelineSource::MergeRequest {
                out.changed_files = Some(paths_of(m.get("changes")));
            }
        }
    }
    if out.sha.is_empty() {
        return Err(ApiError::Malformed { detail: "no commit for the ref".into() });
    }
    if out.source == PipelineSource::Push && out.merge_request.is_none() && !out.is_tag {
        // A push of this commit: its changes against its parent (a new branch without one: all changed).
        if let Some(parent) = parent {
            let c = json::get(client, transport, client.prepare(&CompareRefs::new(project, parent, out.sha.as_str())))
                .await?;
            out.changed_files = Some(paths_of(c.get("diffs")));
        }
    }
    list_tree(client, transport, project, &mut out, limits).await?;
    Ok(out)
}

fn commit_id(v: &Value) -> String {
    v.pointer("/commit/id").and_then(Value::as_str).unwrap_or("").to_string()
}

/// `new_path` and, for renames and deletions, `old_path` of each diff entry.
fn paths_of(diffs: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    for d in diffs.and_then(Value::as_array).into_iter().flatten() {
        for key in ["new_path", "old_path"] {
            let path = str_of(d, key);
            if !path.is_empty() && !out.iter().any(|p| p == path) {
                out.push(path.to_string());
            }
        }
    }
    out
}

/// The commit's file paths (blobs), page by page, up to the engine's listing limit.
async fn list_tree<T: Transport>(
    client: &Client,
    transport: &T,
    project: &str,
    out: &mut Prepared,
    limits: &Limits,
) -> Result<(), ApiError> {
    let endpoint = RepositoryTree::new(project, out.sha.as_str());
    let mut next = Some(client.prepare_page(&endpoint, 100));
    while let Some(request) = next.take() {
        let (value, following) = json::page(client, transport, &request).await?;
        for entry in value.as_array().into_iter().flatten() {
            if str_of(entry, "type") == "blob" {
                out.repo_files.push(string(entry, "path"));
            }
        }
        if out.repo_files.len() >= limits.max_repo_paths {
            out.repo_files.truncate(limits.max_repo_paths);
            out.notes.push(format!(
                "the repository has more than {} files; only the first are known to include:local wildcards and rules:exists",
                limits.max_repo_paths
            ));
            break;
        }
        next = following;
    }
    Ok(())
}
