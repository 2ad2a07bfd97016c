//! `POST /projects/:id/ci/lint` (`doc/api/lint.md`). The simulator is no CI engine: it checks that
//! the content is YAML whose jobs have a `script`, `trigger` or `extends`, and lists them when
//! `include_jobs` is set. Enough to exercise the client's decoding, never a reference for semantics.
//! A dry run for a `jobs_from_config` project runs the simulator's CI engine (`ci.rs`) instead: a simulated
//! `push` on the ref with the project's CI/CD variables, as `doc/api/lint.md` describes.

use super::{ok, Fail, Reply};
use crate::auth::Caller;
use crate::Sim;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// Top-level keys that are not jobs.
const RESERVED: [&str; 11] = [
    "image",
    "services",
    "stages",
    "types",
    "before_script",
    "after_script",
    "variables",
    "cache",
    "include",
    "workflow",
    "default",
];

#[derive(Deserialize)]
pub struct LintBody {
    content: String,
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    include_jobs: bool,
    /// The branch or tag of the dry run; the default branch when absent.
    #[serde(default, rename = "ref")]
    git_ref: Option<String>,
}

pub async fn lint(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(project): Path<String>,
    body: Option<Json<LintBody>>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.write(&w, &project)?;
    let Some(Json(body)) = body else { return Err(Fail::bad_request("content is missing")) };
    if p.jobs_from_config && body.dry_run {
        return ok(dry_run(&w, p, &body, &super::base_url(&headers)));
    }
    let mut errors = Vec::new();
    let mut jobs = Vec::new();
    match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&body.content) {
        Err(e) => errors.push(format!("(<unknown>): {e}")),
        Ok(serde_yaml_ng::Value::Mapping(map)) => {
            for (key, value) in &map {
                let Some(name) = key.as_str() else { continue };
                if RESERVED.contains(&name) || name.starts_with('.') {
                    continue;
                }
                let has = |k: &str| value.get(k).is_some();
                if !(has("script") || has("trigger") || has("extends") || has("run")) {
                    errors.push(format!("jobs:{name} config should implement the script:, run:, or trigger: keyword"));
                }
                let stage = value.get("stage").and_then(|s| s.as_str()).unwrap_or("test");
                let when = value.get("when").and_then(|s| s.as_str()).unwrap_or("on_success");
                let mut job = json!({"name": name, "stage": stage, "when": when,
                                     "allow_failure": value.get("allow_failure").and_then(|v| v.as_bool()).unwrap_or(false)});
                if !body.dry_run {
                    job["needs"] = value
                        .get("needs")
                        .map(|n| serde_json::to_value(n).unwrap_or(Value::Null))
                        .unwrap_or(Value::Null);
                }
                jobs.push(job);
            }
        }
        Ok(_) => errors.push("Invalid configuration format".into()),
    }
    let valid = errors.is_empty();
    let mut out = json!({
        "valid": valid, "errors": errors, "warnings": [],
        "merged_yaml": if valid { Value::String(body.content.clone()) } else { Value::Null },
        "includes": [],
    });
    if body.include_jobs {
        out["jobs"] = Value::Array(jobs);
    }
    ok(out)
}

/// A simulated `push` pipeline of `content` on the ref: its jobs (without `needs`, as GitLab's dry run
/// lists them), errors and warnings.
fn dry_run(w: &crate::World, p: &crate::world::Project, body: &LintBody, base: &str) -> Value {
    let git_ref = body.git_ref.clone().unwrap_or_else(|| p.default_branch.clone());
    let ctx = crate::ci::context(p, &git_ref, pipelens_core::PipelineSource::Push, base, &[], None);
    let e = crate::ci::evaluate(w, p, &git_ref, Some(&body.content), ctx, None);
    let mut errors = e.errors;
    if errors.is_empty() && !e.created {
        errors.push(
            "Pipeline will not run for the selected trigger. The rules configuration prevented any jobs from being added to the pipeline.".into(),
        );
    }
    let jobs: Vec<Value> = e
        .jobs
        .iter()
        .map(|(j, _)| {
            json!({"name": j.name, "stage": j.stage, "when": j.when, "allow_failure": j.allow_failure,
                              "before_script": [], "script": [], "after_script": [], "tag_list": [],
                              "environment": Value::Null})
        })
        .collect();
    let valid = errors.is_empty();
    let mut out = json!({"valid": valid, "errors": errors, "warnings": e.warnings,
                         "merged_yaml": if valid { Value::String(body.content.clone()) } else { Value::Null },
                         "includes": []});
    if body.include_jobs {
        out["jobs"] = Value::Array(jobs);
    }
    out
}
