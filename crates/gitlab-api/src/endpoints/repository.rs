//! `doc/api/repository_files.md` ("Get raw file from repository"), `doc/api/repositories.md` ("Compare").

use crate::endpoint::{json_endpoint, project_path, Endpoint, ProjectId};
use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::models::Compare;
use crate::url::encode;

/// `GET /projects/:id/repository/files/:file_path/raw?ref=`: the file's bytes as text.
#[derive(Clone, Debug)]
pub struct RawFile {
    pub project: ProjectId,
    pub path: String,
    /// Branch, tag or SHA; the default branch's head when `None`.
    pub git_ref: Option<String>,
}

impl RawFile {
    pub fn new(project: impl Into<ProjectId>, path: impl Into<String>) -> Self {
        RawFile { project: project.into(), path: path.into(), git_ref: None }
    }
}

impl Endpoint for RawFile {
    type Output = String;

    fn request(&self) -> Request {
        Request::get(format!("{}/repository/files/{}/raw", project_path(&self.project), encode(&self.path)))
            .query_opt("ref", self.git_ref.as_ref())
    }

    fn parse(&self, response: &Response) -> Result<String, ApiError> {
        String::from_utf8(response.body.clone())
            .map_err(|_| ApiError::Malformed { detail: format!("{} is not UTF-8 text", self.path) })
    }
}

/// `GET /projects/:id/repository/compare?from=&to=`
#[derive(Clone, Debug)]
pub struct CompareRefs {
    pub project: ProjectId,
    pub from: String,
    pub to: String,
    /// `true`: compare `from..to` directly instead of from the merge base.
    pub straight: Option<bool>,
}

impl CompareRefs {
    pub fn new(project: impl Into<ProjectId>, from: impl Into<String>, to: impl Into<String>) -> Self {
        CompareRefs { project: project.into(), from: from.into(), to: to.into(), straight: None }
    }

    fn build(&self) -> Request {
        Request::get(format!("{}/repository/compare", project_path(&self.project)))
            .query("from", &self.from)
            .query("to", &self.to)
            .query_opt("straight", self.straight)
    }
}
json_endpoint!(CompareRefs => Compare);

/// `GET /projects/:id/repository/tree?ref=&recursive=true` (`doc/api/repositories.md`): the paths in a
/// commit's tree, paginated. The engine needs them for `include:local` wildcards and `rules:exists`.
#[derive(Clone, Debug)]
pub struct RepositoryTree {
    pub project: ProjectId,
    pub git_ref: Option<String>,
    pub recursive: Option<bool>,
}

impl RepositoryTree {
    pub fn new(project: impl Into<ProjectId>, git_ref: impl Into<String>) -> Self {
        RepositoryTree { project: project.into(), git_ref: Some(git_ref.into()), recursive: Some(true) }
    }

    fn build(&self) -> Request {
        Request::get(format!("{}/repository/tree", project_path(&self.project)))
            .query_opt("ref", self.git_ref.as_ref())
            .query_opt("recursive", self.recursive)
    }
}
json_endpoint!(RepositoryTree => Vec<serde_json::Value>, paged);

/// `GET /projects/:id/repository/branches/:branch` (`doc/api/branches.md`): the branch and its commit.
#[derive(Clone, Debug)]
pub struct GetBranch {
    pub project: ProjectId,
    pub branch: String,
}

impl GetBranch {
    pub fn new(project: impl Into<ProjectId>, branch: impl Into<String>) -> Self {
        GetBranch { project: project.into(), branch: branch.into() }
    }

    fn build(&self) -> Request {
        Request::get(format!("{}/repository/branches/{}", project_path(&self.project), encode(&self.branch)))
    }
}
json_endpoint!(GetBranch => serde_json::Value);

/// `GET /projects/:id/repository/tags/:tag_name` (`doc/api/tags.md`): the tag and its commit.
#[derive(Clone, Debug)]
pub struct GetTag {
    pub project: ProjectId,
    pub tag: String,
}

impl GetTag {
    pub fn new(project: impl Into<ProjectId>, tag: impl Into<String>) -> Self {
        GetTag { project: project.into(), tag: tag.into() }
    }

    fn build(&self) -> Request {
        Request::get(format!("{}/repository/tags/{}", project_path(&self.project), encode(&self.tag)))
    }
}
json_endpoint!(GetTag => serde_json::Value);

/// `GET /projects/:id/repository/branches` (`search` filters by name).
#[derive(Clone, Debug)]
pub struct Branches {
    pub project: ProjectId,
    pub search: Option<String>,
}

impl Branches {
    pub fn new(project: impl Into<ProjectId>) -> Self {
        Branches { project: project.into(), search: None }
    }

    fn build(&self) -> Request {
        Request::get(format!("{}/repository/branches", project_path(&self.project)))
            .query_opt("search", self.search.as_ref())
    }
}
json_endpoint!(Branches => Vec<serde_json::Value>, paged);

/// `GET /projects/:id/repository/tags`
#[derive(Clone, Debug)]
pub struct Tags {
    pub project: ProjectId,
    pub search: Option<String>,
}

impl Tags {
    pub fn new(project: impl Into<ProjectId>) -> Self {
        Tags { project: project.into(), search: None }
    }

    fn build(&self) -> Request {
        Request::get(format!("{}/repository/tags", project_path(&self.project)))
            .query_opt("search", self.search.as_ref())
    }
}
json_endpoint!(Tags => Vec<serde_json::Value>, paged);

/// `GET /templates/gitlab_ci_ymls/:key` (`doc/api/templates/gitlab_ci_ymls.md`): `{name, content}` of an
/// instance template; `include:template: Jobs/Build.gitlab-ci.yml` is the key `Jobs/Build`.
#[derive(Clone, Debug)]
pub struct CiTemplate {
    pub key: String,
}

impl CiTemplate {
    pub fn new(key: impl Into<String>) -> Self {
        CiTemplate { key: key.into() }
    }

    fn build(&self) -> Request {
        Request::get(format!("/api/v4/templates/gitlab_ci_ymls/{}", encode(&self.key)))
    }
}
json_endpoint!(CiTemplate => serde_json::Value);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_file_path_is_one_encoded_segment() {
        let mut e = RawFile::new("g/p", "ci/jobs/build.yml");
        e.git_ref = Some("feature/x".into());
        assert_eq!(
            e.request().path_and_query(),
            "/api/v4/projects/g%2Fp/repository/files/ci%2Fjobs%2Fbuild.yml/raw?ref=feature%2Fx"
        );
    }
}
