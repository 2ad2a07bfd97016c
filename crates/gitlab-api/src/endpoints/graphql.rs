//! `POST /api/graphql` (`doc/api/graphql/_index.md`). The documents are the `.graphql` files of this
//! crate, validated against GitLab's schema in a test; here they are only sent.

use crate::endpoint::{parse_json, Endpoint};
use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::models::{PipelineGraphData, ProjectPipelinesData, WallData};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::marker::PhantomData;

/// The app's GraphQL documents, one per file.
pub mod documents {
    pub const PIPELINE_GRAPH: &str = include_str!("../../graphql/pipeline_graph.graphql");
    pub const PROJECT_PIPELINES: &str = include_str!("../../graphql/project_pipelines.graphql");
    pub const WALL: &str = include_str!("../../graphql/wall.graphql");
    // A document is whole as sent: the fragments it spreads are appended to it (`graphql/fragments/`).
    pub const WALL_GROUP: &str = concat!(
        include_str!("../../graphql/wall_group.graphql"),
        include_str!("../../graphql/fragments/wall_project.graphql"),
        include_str!("../../graphql/fragments/wall_pipeline.graphql"),
    );
    pub const WALL_PROJECTS: &str = concat!(
        include_str!("../../graphql/wall_projects.graphql"),
        include_str!("../../graphql/fragments/wall_project.graphql"),
        include_str!("../../graphql/fragments/wall_pipeline.graphql"),
    );
    pub const WALL_DETAILS: &str = concat!(
        include_str!("../../graphql/wall_details.graphql"),
        include_str!("../../graphql/fragments/wall_pipeline_details.graphql"),
    );
    pub const WALL_REFS: &str = concat!(
        include_str!("../../graphql/wall_refs.graphql"),
        include_str!("../../graphql/fragments/wall_pipeline.graphql"),
    );
    pub const WALL_REF_DETAILS: &str = concat!(
        include_str!("../../graphql/wall_ref_details.graphql"),
        include_str!("../../graphql/fragments/wall_pipeline_details.graphql"),
    );

    /// Every document with its file name (for the validation test).
    pub const ALL: [(&str, &str); 8] = [
        ("pipeline_graph.graphql", PIPELINE_GRAPH),
        ("project_pipelines.graphql", PROJECT_PIPELINES),
        ("wall.graphql", WALL),
        ("wall_group.graphql", WALL_GROUP),
        ("wall_projects.graphql", WALL_PROJECTS),
        ("wall_details.graphql", WALL_DETAILS),
        ("wall_refs.graphql", WALL_REFS),
        ("wall_ref_details.graphql", WALL_REF_DETAILS),
    ];
}

/// A GraphQL query whose `data` decodes into `T`.
#[derive(Clone, Debug)]
pub struct GraphQl<T> {
    pub document: &'static str,
    pub variables: serde_json::Value,
    data: PhantomData<fn() -> T>,
}

impl<T> GraphQl<T> {
    pub fn new(document: &'static str, variables: serde_json::Value) -> Self {
        GraphQl { document, variables, data: PhantomData }
    }
}

/// `PipelineGraph` for one pipeline by project path and pipeline iid.
pub fn pipeline_graph(full_path: &str, iid: u64) -> GraphQl<PipelineGraphData> {
    GraphQl::new(documents::PIPELINE_GRAPH, serde_json::json!({"fullPath": full_path, "iid": iid.to_string()}))
}

/// `ProjectPipelines`: the newest `first` pipelines, optionally of one ref.
pub fn project_pipelines(full_path: &str, first: u32, git_ref: Option<&str>) -> GraphQl<ProjectPipelinesData> {
    GraphQl::new(
        documents::PROJECT_PIPELINES,
        serde_json::json!({"fullPath": full_path, "first": first, "ref": git_ref}),
    )
}

/// Which projects a `Wall` page lists.
#[derive(Clone, Debug, Default)]
pub struct WallFilter {
    /// Global ids (`gid://gitlab/Project/1`).
    pub ids: Option<Vec<String>>,
    pub search: Option<String>,
    pub membership: Option<bool>,
}

/// `Wall`: a page of projects with their latest pipeline; `after` is the previous page's `endCursor`.
pub fn wall(filter: &WallFilter, first: u32, after: Option<&str>) -> GraphQl<WallData> {
    GraphQl::new(
        documents::WALL,
        serde_json::json!({"ids": filter.ids, "search": filter.search, "membership": filter.membership,
                           "first": first, "after": after}),
    )
}

/// `WallGroup`: a page of a group's projects (subgroups included) with their default branch's pipeline.
pub fn wall_group(full_path: &str, first: u32, after: Option<&str>) -> GraphQl<serde_json::Value> {
    GraphQl::new(documents::WALL_GROUP, serde_json::json!({"fullPath": full_path, "first": first, "after": after}))
}

/// `WallProjects`: a page of projects by global id or by topics, with their default branch's pipeline.
pub fn wall_projects(
    ids: Option<&[String]>,
    topics: Option<&[String]>,
    first: u32,
    after: Option<&str>,
) -> GraphQl<serde_json::Value> {
    GraphQl::new(
        documents::WALL_PROJECTS,
        serde_json::json!({"ids": ids, "topics": topics, "first": first, "after": after}),
    )
}

/// `WallDetails`: stages and failed jobs of the default branch's pipeline of these projects (global ids).
pub fn wall_details(ids: &[String]) -> GraphQl<serde_json::Value> {
    GraphQl::new(documents::WALL_DETAILS, serde_json::json!({"ids": ids, "first": ids.len()}))
}

/// Which kinds of ref besides the default branch `WallRefs` asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RefKinds {
    pub branches: bool,
    pub tags: bool,
    pub merge_requests: bool,
    pub schedules: bool,
}

impl RefKinds {
    pub fn any(&self) -> bool {
        self.branches || self.tags || self.merge_requests || self.schedules
    }
}

/// `WallRefs`: a page of projects (global ids) with the latest pipeline of each branch, tag, open merge
/// request and active schedule, each kind only when `kinds` asks for it.
pub fn wall_refs(ids: &[String], kinds: RefKinds, first: u32, after: Option<&str>) -> GraphQl<serde_json::Value> {
    GraphQl::new(
        documents::WALL_REFS,
        serde_json::json!({"ids": ids, "first": first, "after": after, "branches": kinds.branches,
                           "tags": kinds.tags, "mergeRequests": kinds.merge_requests, "schedules": kinds.schedules}),
    )
}

/// `WallRefDetails`: stages and failed jobs of these projects' pipelines updated after `updated_after`
/// (GitLab's time format).
pub fn wall_ref_details(ids: &[String], updated_after: &str) -> GraphQl<serde_json::Value> {
    GraphQl::new(
        documents::WALL_REF_DETAILS,
        serde_json::json!({"ids": ids, "first": ids.len(), "updatedAfter": updated_after}),
    )
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: Option<T>,
    #[serde(default)]
    errors: Vec<GqlError>,
}

#[derive(Deserialize)]
struct GqlError {
    message: String,
}

impl<T: DeserializeOwned> Endpoint for GraphQl<T> {
    type Output = T;

    fn request(&self) -> Request {
        Request::post("/api/graphql").json(&serde_json::json!({"query": self.document, "variables": self.variables}))
    }

    /// `data` when present and non-null; otherwise the `errors` (complexity, depth, parse, field errors).
    fn parse(&self, response: &Response) -> Result<T, ApiError> {
        let envelope: Envelope<T> = parse_json(response)?;
        match envelope.data {
            Some(data) if envelope.errors.is_empty() => Ok(data),
            _ if !envelope.errors.is_empty() => {
                Err(ApiError::GraphQl { messages: envelope.errors.into_iter().map(|e| e.message).collect() })
            }
            _ => Err(ApiError::Malformed { detail: "GraphQL response without data or errors".into() }),
        }
    }
}
