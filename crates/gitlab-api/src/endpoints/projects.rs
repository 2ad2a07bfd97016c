//! `doc/api/projects.md`, `doc/api/groups.md` ("List a group's projects").

use crate::endpoint::{json_endpoint, project_path, ProjectId};
use crate::http::Request;
use crate::models::Project;
use crate::url::encode;

/// `GET /projects`
#[derive(Clone, Debug, Default)]
pub struct Projects {
    pub search: Option<String>,
    pub membership: Option<bool>,
    pub simple: Option<bool>,
    pub archived: Option<bool>,
    /// 10 guest ... 30 developer ... 50 owner.
    pub min_access_level: Option<u32>,
    /// `id`, `name`, `path`, `created_at`, `updated_at`, `last_activity_at`.
    pub order_by: Option<String>,
    pub sort: Option<String>,
}

impl Projects {
    fn build(&self) -> Request {
        Request::get("/api/v4/projects")
            .query_opt("search", self.search.as_ref())
            .query_opt("membership", self.membership)
            .query_opt("simple", self.simple)
            .query_opt("archived", self.archived)
            .query_opt("min_access_level", self.min_access_level)
            .query_opt("order_by", self.order_by.as_ref())
            .query_opt("sort", self.sort.as_ref())
    }
}
json_endpoint!(Projects => Vec<Project>, paged);

/// `GET /groups/:id/projects`
#[derive(Clone, Debug, Default)]
pub struct GroupProjects {
    /// Numeric id or full path.
    pub group: String,
    pub include_subgroups: Option<bool>,
    pub search: Option<String>,
    pub archived: Option<bool>,
}

impl GroupProjects {
    pub fn new(group: impl Into<String>) -> Self {
        GroupProjects { group: group.into(), ..Default::default() }
    }

    fn build(&self) -> Request {
        Request::get(format!("/api/v4/groups/{}/projects", encode(&self.group)))
            .query_opt("include_subgroups", self.include_subgroups)
            .query_opt("search", self.search.as_ref())
            .query_opt("archived", self.archived)
    }
}
json_endpoint!(GroupProjects => Vec<Project>, paged);

/// `GET /projects/:id`
#[derive(Clone, Debug)]
pub struct GetProject {
    pub project: ProjectId,
}

impl GetProject {
    pub fn new(project: impl Into<ProjectId>) -> Self {
        GetProject { project: project.into() }
    }

    fn build(&self) -> Request {
        Request::get(project_path(&self.project))
    }
}
json_endpoint!(GetProject => Project);
