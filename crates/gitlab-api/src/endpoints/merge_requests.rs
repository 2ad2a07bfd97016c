//! `doc/api/merge_requests.md`.

use crate::endpoint::{json_endpoint, project_path, ProjectId};
use crate::http::Request;
use crate::models::{MergeRequest, MergeRequestChanges};

/// `GET /projects/:id/merge_requests`
#[derive(Clone, Debug)]
pub struct MergeRequests {
    pub project: ProjectId,
    /// `opened`, `closed`, `locked`, `merged`, `all`.
    pub state: Option<String>,
    pub source_branch: Option<String>,
    pub target_branch: Option<String>,
}

impl MergeRequests {
    pub fn new(project: impl Into<ProjectId>) -> Self {
        MergeRequests { project: project.into(), state: None, source_branch: None, target_branch: None }
    }

    fn build(&self) -> Request {
        Request::get(format!("{}/merge_requests", project_path(&self.project)))
            .query_opt("state", self.state.as_ref())
            .query_opt("source_branch", self.source_branch.as_ref())
            .query_opt("target_branch", self.target_branch.as_ref())
    }
}
json_endpoint!(MergeRequests => Vec<MergeRequest>, paged);

/// `GET /projects/:id/merge_requests/:merge_request_iid`
#[derive(Clone, Debug)]
pub struct GetMergeRequest {
    pub project: ProjectId,
    pub iid: u64,
}

impl GetMergeRequest {
    fn build(&self) -> Request {
        Request::get(format!("{}/merge_requests/{}", project_path(&self.project), self.iid))
    }
}
json_endpoint!(GetMergeRequest => MergeRequest);

/// `GET /projects/:id/merge_requests/:merge_request_iid/changes`: the MR with its changed files (for
/// `rules:changes` in merge request pipelines).
#[derive(Clone, Debug)]
pub struct MergeRequestChangesGet {
    pub project: ProjectId,
    pub iid: u64,
}

impl MergeRequestChangesGet {
    fn build(&self) -> Request {
        Request::get(format!("{}/merge_requests/{}/changes", project_path(&self.project), self.iid))
    }
}
json_endpoint!(MergeRequestChangesGet => MergeRequestChanges);

/// `POST /projects/:id/merge_requests/:merge_request_iid/pipelines` (`doc/api/merge_requests.md`): a new
/// merge request pipeline (source `merge_request_event`).
#[derive(Clone, Debug)]
pub struct CreateMergeRequestPipeline {
    pub project: ProjectId,
    pub iid: u64,
}

impl CreateMergeRequestPipeline {
    pub fn new(project: impl Into<ProjectId>, iid: u64) -> Self {
        CreateMergeRequestPipeline { project: project.into(), iid }
    }

    fn build(&self) -> Request {
        Request::post(format!("{}/merge_requests/{}/pipelines", project_path(&self.project), self.iid))
    }
}
json_endpoint!(CreateMergeRequestPipeline => crate::models::Pipeline);
