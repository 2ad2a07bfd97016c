//! GitLab's own answer: CI lint's dry run (`POST /projects/:id/ci/lint` with `dry_run` and `include_jobs`,
//! `doc/api/lint.md`), a simulated `push` pipeline on the ref with the project's CI/CD variables, read as
//! core's [`ReportedJob`]s so that core compares it with the prediction (`live::diff_reported`).

use crate::json::{self, str_of};
use pipelens_core::live::ReportedJob;
use pipelens_gitlab_api::endpoints::CiLint;
use pipelens_gitlab_api::{ApiError, Client, Transport};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LintAnswer {
    pub valid: bool,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    /// The jobs the simulated pipeline would have.
    pub jobs: Vec<ReportedJob>,
}

/// GitLab's dry run of `content` (the configuration file's text) on `git_ref`. Needs the `api` scope and
/// the Developer role.
pub async fn dry_run<T: Transport>(
    client: &Client,
    transport: &T,
    project: &str,
    content: &str,
    git_ref: &str,
) -> Result<LintAnswer, ApiError> {
    let mut e = CiLint::new(project, content);
    e.dry_run = Some(true);
    e.include_jobs = Some(true);
    e.git_ref = Some(git_ref.to_string());
    Ok(read(&json::get(client, transport, client.prepare(&e)).await?))
}

/// The answer's fields; anything missing reads as empty.
pub fn read(v: &Value) -> LintAnswer {
    let strings = |key: &str| -> Vec<String> {
        v.get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default()
    };
    let jobs = v
        .get("jobs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|j| ReportedJob {
                    name: str_of(j, "name").to_string(),
                    stage: str_of(j, "stage").to_string(),
                    when: str_of(j, "when").to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    LintAnswer {
        valid: v.get("valid").and_then(Value::as_bool).unwrap_or(false),
        errors: strings("errors"),
        warnings: strings("warnings"),
        jobs,
    }
}
