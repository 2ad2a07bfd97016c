use super::User;
use crate::Status;
use serde::{Deserialize, Serialize};

/// The pipeline a job belongs to, as embedded in a job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobPipeline {
    pub id: u64,
    pub project_id: u64,
    #[serde(rename = "ref")]
    pub git_ref: String,
    pub sha: String,
    pub status: Status,
}

/// `Job` (REST). REST has no `needs`, `when` or `retried`: those come from GraphQL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: u64,
    pub status: Status,
    pub stage: String,
    pub name: String,
    #[serde(rename = "ref")]
    pub git_ref: String,
    #[serde(default)]
    pub tag: bool,
    #[serde(default)]
    pub allow_failure: bool,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub finished_at: Option<String>,
    #[serde(default)]
    pub erased_at: Option<String>,
    /// Seconds (a float in GitLab's entity).
    #[serde(default)]
    pub duration: Option<f64>,
    #[serde(default)]
    pub queued_duration: Option<f64>,
    #[serde(default)]
    pub user: Option<User>,
    pub pipeline: JobPipeline,
    /// Only on failed jobs (`script_failure`, `stuck_or_timeout_failure`...).
    #[serde(default)]
    pub failure_reason: Option<String>,
    pub web_url: String,
    #[serde(default)]
    pub tag_list: Vec<String>,
    #[serde(default)]
    pub coverage: Option<f64>,
}

/// A trigger job (`GET .../pipelines/:id/bridges`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bridge {
    pub id: u64,
    pub status: Status,
    pub stage: String,
    pub name: String,
    #[serde(rename = "ref")]
    pub git_ref: String,
    #[serde(default)]
    pub allow_failure: bool,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub finished_at: Option<String>,
    #[serde(default)]
    pub duration: Option<f64>,
    #[serde(default)]
    pub queued_duration: Option<f64>,
    pub pipeline: JobPipeline,
    pub web_url: String,
    /// Null until GitLab has created the downstream pipeline.
    #[serde(default)]
    pub downstream_pipeline: Option<DownstreamPipeline>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DownstreamPipeline {
    pub id: u64,
    #[serde(default)]
    pub project_id: Option<u64>,
    pub sha: String,
    #[serde(rename = "ref")]
    pub git_ref: String,
    pub status: Status,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    pub web_url: String,
}
