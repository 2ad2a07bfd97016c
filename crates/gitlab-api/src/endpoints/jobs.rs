//! `doc/api/jobs.md`, `lib/api/ci/jobs.rb`.

use crate::endpoint::{json_endpoint, parse_json, project_path, Endpoint, ProjectId};
use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::models::{Bridge, Job, Variable};
use crate::Status;

/// `GET /projects/:id/pipelines/:pipeline_id/jobs` (newest first; bridges are not included).
#[derive(Clone, Debug)]
pub struct PipelineJobs {
    pub project: ProjectId,
    pub pipeline: u64,
    /// Sent as `scope[]=...` once per status.
    pub scope: Vec<Status>,
    pub include_retried: Option<bool>,
}

impl PipelineJobs {
    pub fn new(project: impl Into<ProjectId>, pipeline: u64) -> Self {
        PipelineJobs { project: project.into(), pipeline, scope: Vec::new(), include_retried: None }
    }

    fn build(&self) -> Request {
        let mut r = Request::get(format!("{}/pipelines/{}/jobs", project_path(&self.project), self.pipeline));
        for s in &self.scope {
            r = r.query("scope[]", s.as_rest());
        }
        r.query_opt("include_retried", self.include_retried)
    }
}
json_endpoint!(PipelineJobs => Vec<Job>, paged);

/// `GET /projects/:id/pipelines/:pipeline_id/bridges`
#[derive(Clone, Debug)]
pub struct PipelineBridges {
    pub project: ProjectId,
    pub pipeline: u64,
    pub scope: Vec<Status>,
}

impl PipelineBridges {
    pub fn new(project: impl Into<ProjectId>, pipeline: u64) -> Self {
        PipelineBridges { project: project.into(), pipeline, scope: Vec::new() }
    }

    fn build(&self) -> Request {
        let mut r = Request::get(format!("{}/pipelines/{}/bridges", project_path(&self.project), self.pipeline));
        for s in &self.scope {
            r = r.query("scope[]", s.as_rest());
        }
        r
    }
}
json_endpoint!(PipelineBridges => Vec<Bridge>, paged);

macro_rules! job_call {
    ($(#[$doc:meta])* $name:ident, $method:ident, $suffix:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name {
            pub project: ProjectId,
            pub job: u64,
        }

        impl $name {
            pub fn new(project: impl Into<ProjectId>, job: u64) -> Self {
                $name { project: project.into(), job }
            }

            fn build(&self) -> Request {
                Request::$method(format!("{}/jobs/{}{}", project_path(&self.project), self.job, $suffix))
            }
        }
    };
}

job_call!(
    /// `GET /projects/:id/jobs/:job_id`
    GetJob, get, "");
json_endpoint!(GetJob => Job);
job_call!(
    /// `POST /projects/:id/jobs/:job_id/retry`: returns the **new** job (a new id). Works for bridges too.
    RetryJob, post, "/retry");
json_endpoint!(RetryJob => Job);
job_call!(
    /// `GET /projects/:id/jobs/:job_id/trace`: the whole raw log (ANSI, sections, timestamps) each time.
    JobTrace, get, "/trace");

impl Endpoint for JobTrace {
    type Output = String;

    fn request(&self) -> Request {
        self.build()
    }

    /// The log as text; invalid UTF-8 (a cut multi-byte character) becomes U+FFFD rather than an error.
    fn parse(&self, response: &Response) -> Result<String, ApiError> {
        Ok(response.text())
    }
}

/// `POST /projects/:id/jobs/:job_id/cancel`; `force` (Maintainer) for a job stuck in `canceling`.
#[derive(Clone, Debug)]
pub struct CancelJob {
    pub project: ProjectId,
    pub job: u64,
    pub force: bool,
}

impl CancelJob {
    pub fn new(project: impl Into<ProjectId>, job: u64) -> Self {
        CancelJob { project: project.into(), job, force: false }
    }

    fn build(&self) -> Request {
        let r = Request::post(format!("{}/jobs/{}/cancel", project_path(&self.project), self.job));
        if self.force {
            r.query("force", true)
        } else {
            r
        }
    }
}
json_endpoint!(CancelJob => Job);

/// `POST /projects/:id/jobs/:job_id/play` with `job_variables_attributes`. A bridge answers with the
/// Bridge entity, so the output is kept as JSON with the common fields typed by [`Job`] when possible.
#[derive(Clone, Debug)]
pub struct PlayJob {
    pub project: ProjectId,
    pub job: u64,
    pub variables: Vec<Variable>,
}

impl PlayJob {
    pub fn new(project: impl Into<ProjectId>, job: u64) -> Self {
        PlayJob { project: project.into(), job, variables: Vec::new() }
    }

    fn build(&self) -> Request {
        let r = Request::post(format!("{}/jobs/{}/play", project_path(&self.project), self.job));
        if self.variables.is_empty() {
            return r;
        }
        let vars: Vec<serde_json::Value> =
            self.variables.iter().map(|v| serde_json::json!({"key": v.key, "value": v.value})).collect();
        r.json(&serde_json::json!({ "job_variables_attributes": vars }))
    }
}

impl Endpoint for PlayJob {
    type Output = Job;

    fn request(&self) -> Request {
        self.build()
    }

    fn parse(&self, response: &Response) -> Result<Job, ApiError> {
        parse_json(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_is_an_array_parameter() {
        let mut e = PipelineJobs::new(3, 9);
        e.scope = vec![Status::Failed, Status::Canceling];
        e.include_retried = Some(true);
        assert_eq!(
            e.request().path_and_query(),
            "/api/v4/projects/3/pipelines/9/jobs?scope%5B%5D=failed&scope%5B%5D=canceling&include_retried=true"
        );
    }

    #[test]
    fn play_sends_job_variables_attributes() {
        let mut e = PlayJob::new(3, 12);
        e.variables.push(Variable::new("K", "V"));
        let body: serde_json::Value = serde_json::from_slice(e.request().body.as_ref().unwrap()).unwrap();
        assert_eq!(body, serde_json::json!({"job_variables_attributes": [{"key": "K", "value": "V"}]}));
    }

    #[test]
    fn trace_keeps_bytes_as_text() {
        let r = Response::new(200, b"\x1b[32mok\x1b[0m\n\xe2\x82".to_vec());
        assert_eq!(JobTrace::new(1, 2).parse(&r).unwrap(), "\u{1b}[32mok\u{1b}[0m\n\u{fffd}");
    }
}
