//! `doc/api/pipelines.md`.

use crate::endpoint::{json_endpoint, project_path, ProjectId};
use crate::http::Request;
use crate::models::{Pipeline, PipelineBasic, Variable};
use crate::Status;

/// `GET /projects/:id/pipelines`
#[derive(Clone, Debug)]
pub struct Pipelines {
    pub project: ProjectId,
    pub git_ref: Option<String>,
    pub sha: Option<String>,
    pub status: Option<Status>,
    /// `running`, `pending`, `finished`, `branches`, `tags`.
    pub scope: Option<String>,
    pub source: Option<String>,
    pub name: Option<String>,
    pub username: Option<String>,
    /// ISO 8601.
    pub updated_after: Option<String>,
    pub updated_before: Option<String>,
    /// `id` (default), `status`, `ref`, `updated_at`, `user_id`.
    pub order_by: Option<String>,
    pub sort: Option<String>,
}

impl Pipelines {
    pub fn new(project: impl Into<ProjectId>) -> Self {
        Pipelines {
            project: project.into(),
            git_ref: None,
            sha: None,
            status: None,
            scope: None,
            source: None,
            name: None,
            username: None,
            updated_after: None,
            updated_before: None,
            order_by: None,
            sort: None,
        }
    }

    fn build(&self) -> Request {
        Request::get(format!("{}/pipelines", project_path(&self.project)))
            .query_opt("ref", self.git_ref.as_ref())
            .query_opt("sha", self.sha.as_ref())
            .query_opt("status", self.status.as_ref().map(Status::as_rest))
            .query_opt("scope", self.scope.as_ref())
            .query_opt("source", self.source.as_ref())
            .query_opt("name", self.name.as_ref())
            .query_opt("username", self.username.as_ref())
            .query_opt("updated_after", self.updated_after.as_ref())
            .query_opt("updated_before", self.updated_before.as_ref())
            .query_opt("order_by", self.order_by.as_ref())
            .query_opt("sort", self.sort.as_ref())
    }
}
json_endpoint!(Pipelines => Vec<PipelineBasic>, paged);

/// `GET /projects/:id/pipelines/latest`: the latest pipeline of the most recent commit on `ref`
/// (default branch when `None`). GitLab answers 403, not 404, when that commit has none.
#[derive(Clone, Debug)]
pub struct LatestPipeline {
    pub project: ProjectId,
    pub git_ref: Option<String>,
}

impl LatestPipeline {
    fn build(&self) -> Request {
        Request::get(format!("{}/pipelines/latest", project_path(&self.project)))
            .query_opt("ref", self.git_ref.as_ref())
    }
}
json_endpoint!(LatestPipeline => Pipeline);

macro_rules! pipeline_action {
    ($(#[$doc:meta])* $name:ident, $method:ident, $suffix:expr, $out:ty) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name {
            pub project: ProjectId,
            pub pipeline: u64,
        }

        impl $name {
            pub fn new(project: impl Into<ProjectId>, pipeline: u64) -> Self {
                $name { project: project.into(), pipeline }
            }

            fn build(&self) -> Request {
                Request::$method(format!("{}/pipelines/{}{}", project_path(&self.project), self.pipeline, $suffix))
            }
        }
        json_endpoint!($name => $out);
    };
}

pipeline_action!(
    /// `GET /projects/:id/pipelines/:pipeline_id`
    GetPipeline, get, "", Pipeline);
pipeline_action!(
    /// `POST /projects/:id/pipelines/:pipeline_id/retry`: retries failed and canceled jobs.
    RetryPipeline, post, "/retry", Pipeline);
pipeline_action!(
    /// `POST /projects/:id/pipelines/:pipeline_id/cancel`
    CancelPipeline, post, "/cancel", Pipeline);
pipeline_action!(
    /// `GET /projects/:id/pipelines/:pipeline_id/variables`
    PipelineVariables, get, "/variables", Vec<Variable>);

/// `POST /projects/:id/pipeline` (singular), JSON body with `ref`, `variables` and optional `inputs`.
#[derive(Clone, Debug)]
pub struct CreatePipeline {
    pub project: ProjectId,
    pub git_ref: String,
    pub variables: Vec<Variable>,
    /// `spec:inputs` values (GitLab 17.x+).
    pub inputs: Option<serde_json::Map<String, serde_json::Value>>,
}

impl CreatePipeline {
    pub fn new(project: impl Into<ProjectId>, git_ref: impl Into<String>) -> Self {
        CreatePipeline { project: project.into(), git_ref: git_ref.into(), variables: Vec::new(), inputs: None }
    }

    fn build(&self) -> Request {
        let mut body = serde_json::json!({ "ref": self.git_ref });
        if !self.variables.is_empty() {
            // Built by hand: serde's `to_value` machinery would cost the browser bundle several KB.
            let vars = self
                .variables
                .iter()
                .map(|v| serde_json::json!({"key": v.key, "value": v.value, "variable_type": v.variable_type}));
            body["variables"] = serde_json::Value::Array(vars.collect());
        }
        if let Some(inputs) = &self.inputs {
            body["inputs"] = serde_json::Value::Object(inputs.clone());
        }
        Request::post(format!("{}/pipeline", project_path(&self.project))).json(&body)
    }
}
json_endpoint!(CreatePipeline => Pipeline);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Endpoint;

    #[test]
    fn list_filters_become_query_pairs() {
        let mut e = Pipelines::new("g/p");
        e.git_ref = Some("main".into());
        e.status = Some(Status::Running);
        e.updated_after = Some("2026-01-01T00:00:00+01:00".into());
        let r = e.request();
        assert_eq!(
            r.path_and_query(),
            "/api/v4/projects/g%2Fp/pipelines?ref=main&status=running&updated_after=2026-01-01T00%3A00%3A00%2B01%3A00"
        );
    }

    #[test]
    fn create_body_has_ref_variables_and_inputs() {
        let mut e = CreatePipeline::new(7, "main");
        e.variables.push(Variable::new("DEPLOY", "1"));
        let r = e.request();
        assert_eq!(r.path, "/api/v4/projects/7/pipeline");
        let body: serde_json::Value = serde_json::from_slice(r.body.as_ref().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"ref": "main", "variables": [{"key": "DEPLOY", "value": "1", "variable_type": "env_var"}]})
        );
    }
}
