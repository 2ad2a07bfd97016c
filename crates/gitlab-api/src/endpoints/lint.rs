//! `doc/api/lint.md`, `lib/api/lint.rb`: `POST /projects/:id/ci/lint`.

use crate::endpoint::{json_endpoint, project_path, ProjectId};
use crate::http::Request;
use crate::models::LintResult;

#[derive(Clone, Debug)]
pub struct CiLint {
    pub project: ProjectId,
    pub content: String,
    /// Simulates a `push` pipeline creation on `git_ref` (rules evaluated).
    pub dry_run: Option<bool>,
    pub include_jobs: Option<bool>,
    /// The branch or tag of the dry run (POST takes `ref`, not `dry_run_ref`).
    pub git_ref: Option<String>,
}

impl CiLint {
    pub fn new(project: impl Into<ProjectId>, content: impl Into<String>) -> Self {
        CiLint { project: project.into(), content: content.into(), dry_run: None, include_jobs: None, git_ref: None }
    }

    fn build(&self) -> Request {
        let mut body = serde_json::json!({ "content": self.content });
        if let Some(d) = self.dry_run {
            body["dry_run"] = d.into();
        }
        if let Some(j) = self.include_jobs {
            body["include_jobs"] = j.into();
        }
        if let Some(r) = &self.git_ref {
            body["ref"] = r.clone().into();
        }
        Request::post(format!("{}/ci/lint", project_path(&self.project))).json(&body)
    }
}
json_endpoint!(CiLint => LintResult);
