//! The data of the app's GraphQL queries (`graphql/*.graphql`), camelCase as GraphQL answers.

use crate::Status;
use serde::{Deserialize, Serialize};

/// A connection's `nodes` (GraphQL allows null entries).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Nodes<T> {
    #[serde(default)]
    pub nodes: Vec<Option<T>>,
}

impl<T> Nodes<T> {
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.nodes.iter().flatten()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfoGql {
    pub has_next_page: bool,
    #[serde(default)]
    pub end_cursor: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusGql {
    #[serde(default)]
    pub icon: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
}

/// `data` of `PipelineGraph`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PipelineGraphData {
    pub project: Option<GraphProject>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphProject {
    pub id: String,
    pub full_path: String,
    pub pipeline: Option<GraphPipeline>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphPipeline {
    pub id: String,
    pub iid: String,
    pub status: Status,
    #[serde(rename = "ref", default)]
    pub git_ref: Option<String>,
    #[serde(default)]
    pub sha: Option<String>,
    #[serde(default)]
    pub duration: Option<f64>,
    #[serde(default)]
    pub queued_duration: Option<f64>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub finished_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub detailed_status: Option<StatusGql>,
    pub stages: Option<Nodes<GraphStage>>,
    #[serde(default)]
    pub downstream: Option<Nodes<LinkedPipeline>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphStage {
    pub name: Option<String>,
    /// `CiStage.status` is a plain string in GitLab's schema (lowercase).
    pub status: Option<Status>,
    pub groups: Option<Nodes<GraphGroup>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphGroup {
    pub name: Option<String>,
    pub size: Option<u32>,
    pub jobs: Option<Nodes<GraphJob>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphJob {
    /// `gid://gitlab/Ci::Build/123` (or `Ci::Bridge`).
    pub id: Option<String>,
    pub name: Option<String>,
    pub status: Option<Status>,
    /// `BUILD` or `BRIDGE`.
    pub kind: String,
    pub allow_failure: bool,
    #[serde(default)]
    pub retried: Option<bool>,
    #[serde(default)]
    pub duration: Option<f64>,
    #[serde(default)]
    pub queued_duration: Option<f64>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub finished_at: Option<String>,
    #[serde(default)]
    pub needs: Option<Nodes<NeedName>>,
    #[serde(default)]
    pub downstream_pipeline: Option<LinkedPipeline>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeedName {
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedPipeline {
    pub id: String,
    pub iid: String,
    pub status: Status,
    #[serde(default)]
    pub project: Option<FullPath>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FullPath {
    pub full_path: String,
}

/// `data` of `ProjectPipelines`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectPipelinesData {
    pub project: Option<PipelinesProject>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelinesProject {
    pub id: String,
    pub full_path: String,
    pub pipelines: Option<PipelineNodes>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineNodes {
    #[serde(default)]
    pub nodes: Vec<Option<PipelineSummary>>,
    pub page_info: PageInfoGql,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineSummary {
    pub id: String,
    pub iid: String,
    pub status: Status,
    #[serde(rename = "ref", default)]
    pub git_ref: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub detailed_status: Option<StatusGql>,
}

/// `data` of `Wall`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WallData {
    pub projects: Option<WallProjects>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WallProjects {
    #[serde(default)]
    pub nodes: Vec<Option<WallProject>>,
    pub page_info: PageInfoGql,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WallProject {
    pub id: String,
    pub full_path: String,
    pub name: String,
    #[serde(default)]
    pub web_url: Option<String>,
    pub pipelines: Option<Nodes<PipelineSummary>>,
}
