//! What the user can do to a pipeline or a job (`doc/api/jobs.md`, `doc/api/pipelines.md`): retry, cancel,
//! play with variables, run a new pipeline. One place for every view that offers them (the live graph, the
//! log viewer, the wall), so a button means the same request wherever it is.
//!
//! Each answers GitLab's JSON for the job or pipeline it acted on (a retried job is a **new** job, with a new
//! id). Confirmation is the caller's: these send at once.

use super::{fetch, Connection};
use pipelens_gitlab_api::endpoints::{CancelJob, CancelPipeline, CreatePipeline, PlayJob, RetryJob, RetryPipeline};
use pipelens_gitlab_api::models::Variable;
use pipelens_gitlab_api::ApiError;
use serde_json::Value;

/// One action on a job or a pipeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    RetryJob { job: u64 },
    CancelJob { job: u64 },
    /// A manual job, with the variables the user gave it.
    PlayJob { job: u64, variables: Vec<(String, String)> },
    RetryPipeline { pipeline: u64 },
    CancelPipeline { pipeline: u64 },
    /// A new pipeline for a ref, with variables.
    RunPipeline { git_ref: String, variables: Vec<(String, String)> },
}

impl Action {
    /// What the button says, and what a confirmation asks about.
    pub fn label(&self) -> &'static str {
        match self {
            Action::RetryJob { .. } => "Retry job",
            Action::CancelJob { .. } => "Cancel job",
            Action::PlayJob { .. } => "Run job",
            Action::RetryPipeline { .. } => "Retry pipeline",
            Action::CancelPipeline { .. } => "Cancel pipeline",
            Action::RunPipeline { .. } => "Run pipeline",
        }
    }

    /// Whether it stops work in progress (the caller asks first).
    pub fn destructive(&self) -> bool {
        matches!(self, Action::CancelJob { .. } | Action::CancelPipeline { .. })
    }
}

fn variables(pairs: &[(String, String)]) -> Vec<Variable> {
    pairs.iter().filter(|(k, _)| !k.trim().is_empty()).map(|(k, v)| Variable::new(k.trim(), v)).collect()
}

/// Sends the action for `project` (its full path); GitLab's answer for the job or pipeline acted on.
pub async fn run(connection: &Connection, project: &str, action: &Action) -> Result<Value, ApiError> {
    let client = connection.client()?;
    let request = match action {
        Action::RetryJob { job } => client.prepare(&RetryJob::new(project, *job)),
        Action::CancelJob { job } => client.prepare(&CancelJob::new(project, *job)),
        Action::PlayJob { job, variables: pairs } => {
            let mut e = PlayJob::new(project, *job);
            e.variables = variables(pairs);
            client.prepare(&e)
        }
        Action::RetryPipeline { pipeline } => client.prepare(&RetryPipeline::new(project, *pipeline)),
        Action::CancelPipeline { pipeline } => client.prepare(&CancelPipeline::new(project, *pipeline)),
        Action::RunPipeline { git_ref, variables: pairs } => {
            let mut e = CreatePipeline::new(project, git_ref.as_str());
            e.variables = variables(pairs);
            client.prepare(&e)
        }
    };
    Ok(fetch::json(&client, &request).await?.0)
}
