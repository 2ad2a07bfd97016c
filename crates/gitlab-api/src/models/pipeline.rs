use super::User;
use crate::Status;
use serde::{Deserialize, Serialize};

/// `PipelineBasic`: list entries of `GET /projects/:id/pipelines`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PipelineBasic {
    pub id: u64,
    #[serde(default)]
    pub iid: Option<u64>,
    pub project_id: u64,
    pub status: Status,
    /// Pipeline source (`push`, `web`, `api`, `schedule`, `merge_request_event`, `parent_pipeline`...).
    /// An open set: kept as the server wrote it.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(rename = "ref")]
    pub git_ref: String,
    pub sha: String,
    #[serde(default)]
    pub name: Option<String>,
    pub web_url: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `GET /projects/:id/pipelines/:pipeline_id`, and what create/retry/cancel return.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    #[serde(flatten)]
    pub basic: PipelineBasic,
    #[serde(default)]
    pub before_sha: Option<String>,
    #[serde(default)]
    pub tag: bool,
    #[serde(default)]
    pub yaml_errors: Option<String>,
    #[serde(default)]
    pub user: Option<User>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub finished_at: Option<String>,
    #[serde(default)]
    pub committed_at: Option<String>,
    /// Seconds.
    #[serde(default)]
    pub duration: Option<f64>,
    /// Seconds.
    #[serde(default)]
    pub queued_duration: Option<f64>,
    #[serde(default)]
    pub coverage: Option<String>,
    #[serde(default)]
    pub detailed_status: Option<DetailedStatus>,
}

/// `detailed_status` (REST) / `DetailedStatus` (GraphQL, camelCase there).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetailedStatus {
    pub icon: String,
    pub text: String,
    pub label: String,
    pub group: String,
    #[serde(default)]
    pub tooltip: Option<String>,
    #[serde(default)]
    pub has_details: bool,
    #[serde(default)]
    pub details_path: Option<String>,
    #[serde(default)]
    pub favicon: Option<String>,
}

/// One pipeline variable: `GET .../pipelines/:id/variables`, and the body of create-pipeline and play.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Variable {
    pub key: String,
    pub value: String,
    /// `env_var` (default) or `file`.
    #[serde(default = "env_var")]
    pub variable_type: String,
}

fn env_var() -> String {
    "env_var".into()
}

impl Variable {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Variable { key: key.into(), value: value.into(), variable_type: env_var() }
    }
}
