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
