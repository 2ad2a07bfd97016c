use super::Diff;
use serde::{Deserialize, Serialize};

/// `GET /projects/:id/merge_requests[/:iid]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeRequest {
    pub id: u64,
    pub iid: u64,
    pub project_id: u64,
    pub title: String,
    /// `opened`, `closed`, `locked`, `merged`.
    pub state: String,
    pub source_branch: String,
    pub target_branch: String,
    #[serde(default)]
    pub sha: Option<String>,
    pub web_url: String,
    #[serde(default)]
    pub draft: bool,
}

/// `GET /projects/:id/merge_requests/:iid/changes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeRequestChanges {
    #[serde(flatten)]
    pub merge_request: MergeRequest,
    #[serde(default)]
    pub changes: Vec<Diff>,
}
