//! Pipelines (`doc/api/pipelines.md`).

use super::{base_url, created, id, ok, render, Fail, Params, Reply};
use crate::auth::Caller;
use crate::ci;
use crate::clock::parse_iso;
use crate::pagination;
use crate::world::{Pipeline, World};
use crate::Sim;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use pipelens_core::PipelineSource;
use serde::Deserialize;

/// Filters `ref`, `sha`, `status`, `scope`, `source`, `username`, `updated_after/before`; order by
/// `id` (default), `status`, `ref`, `updated_at`; `sort` desc by default. Child pipelines are left out
/// unless `source=parent_pipeline`.
pub async fn list(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(project): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    let params = Params::new(q);
    let mut list: Vec<&Pipeline> =
        w.pipelines.iter().filter(|pl| pl.project_id == p.id).filter(|pl| keep(&w, pl, &params)).collect();
    match params.get("order_by").unwrap_or("id") {
        "status" => list.sort_by(|a, b| a.status.cmp(&b.status).then(a.id.cmp(&b.id))),
        "ref" => list.sort_by(|a, b| a.git_ref.cmp(&b.git_ref).then(a.id.cmp(&b.id))),
        "updated_at" => list.sort_by_key(|pl| (pl.updated_at, pl.id)),
        _ => list.sort_by_key(|pl| pl.id),
    }
    if params.get("sort").unwrap_or("desc") != "asc" {
        list.reverse();
    }
    let base = base_url(&headers);
    let items = list.iter().map(|pl| render::pipeline_basic(&w, pl, &base)).collect();
    let path = format!("/api/v4/projects/{}/pipelines", crate::rest::repository::encode_segment(&project));
    Ok(pagination::page(items, &params, &base, &path))
}

fn keep(w: &World, pl: &Pipeline, params: &Params) -> bool {
    let eq = |key: &str, value: &str| params.get(key).is_none_or(|v| v == value);
    let source_ok = match params.get("source") {
        Some(s) => pl.source == s,
        None => pl.source != "parent_pipeline",
    };
    let scope_ok = params.get("scope").is_none_or(|s| crate::finder::in_scope(w, pl, s));
    let username_ok = params.get("username").is_none_or(|u| w.user(pl.user_id).is_some_and(|x| x.username == u));
    // Inclusive, as GitLab's `UpdatedAtFilterable` (`gteq` / `lteq`).
    let after_ok = params.get("updated_after").and_then(parse_iso).is_none_or(|t| pl.updated_at >= t);
    let before_ok = params.get("updated_before").and_then(parse_iso).is_none_or(|t| pl.updated_at <= t);
    eq("ref", &pl.git_ref)
        && eq("sha", &pl.sha)
        && eq("status", &pl.status)
        && source_ok
        && scope_ok
        && username_ok
        && after_ok
        && before_ok
}

/// The latest pipeline of the most recent commit on `ref` (default branch); 403 when that commit
/// has none, as GitLab answers.
pub async fn latest(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(project): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    let params = Params::new(q);
    let git_ref = params.get("ref").unwrap_or(&p.default_branch).to_string();
    let sha = p.refs.get(&git_ref).map(|r| r.sha.clone()).ok_or_else(|| Fail::not_found("Ref"))?;
    let pl = w
        .pipelines
        .iter()
        .filter(|pl| pl.project_id == p.id && pl.git_ref == git_ref && pl.sha == sha && pl.source != "parent_pipeline")
        .max_by_key(|pl| pl.id)
        .ok_or_else(|| Fail::forbidden("403 Forbidden"))?;
    ok(render::pipeline(&w, pl, &base_url(&headers)))
}

fn find<'w>(w: &'w World, project_id: u64, pipeline: &str) -> Result<&'w Pipeline, Fail> {
    let pid = id(pipeline, "Pipeline")?;
    w.pipeline(pid).filter(|pl| pl.project_id == project_id).ok_or_else(|| Fail::not_found("Pipeline"))
}

pub async fn show(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, pipeline)): Path<(String, String)>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    ok(render::pipeline(&w, find(&w, p.id, &pipeline)?, &base_url(&headers)))
}

pub async fn variables(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, pipeline)): Path<(String, String)>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    let pl = find(&w, p.id, &pipeline)?;
    let vars: Vec<_> =
        pl.variables.iter().map(|(k, v, t)| serde_json::json!({"key": k, "value": v, "variable_type": t})).collect();
    ok(serde_json::Value::Array(vars))
}

pub async fn retry(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, pipeline)): Path<(String, String)>,
) -> Reply {
    let mut w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let project_id = caller.write(&w, &project)?.id;
    let pid = find(&w, project_id, &pipeline)?.id;
    w.retry_pipeline(pid, caller.require_user()?);
    created(render::pipeline(&w, w.pipeline(pid).expect("exists"), &base_url(&headers)))
}

/// Always 200 with the pipeline, whatever its state (GitLab issue 414963).
pub async fn cancel(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, pipeline)): Path<(String, String)>,
) -> Reply {
    let mut w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let project_id = caller.write(&w, &project)?.id;
    let pid = find(&w, project_id, &pipeline)?.id;
    w.cancel_pipeline(pid);
    ok(render::pipeline(&w, w.pipeline(pid).expect("exists"), &base_url(&headers)))
}

#[derive(Deserialize)]
pub struct CreateBody {
    #[serde(rename = "ref")]
    git_ref: String,
    #[serde(default)]
    variables: Vec<VariableIn>,
}

#[derive(Deserialize)]
struct VariableIn {
    key: String,
    value: String,
    #[serde(default = "env_var")]
    variable_type: String,
}

fn env_var() -> String {
    "env_var".into()
}

/// `POST /projects/:id/pipeline`: a pipeline from the project's jobs, source `api`. 400 for an
/// unknown ref ("Reference not found"). A `jobs_from_config` project's jobs come from its configuration at
/// the ref (`ci.rs`): errors, or rules that leave no job, are GitLab's 400 with `message.base`.
pub async fn create(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(project): Path<String>,
    body: Option<Json<CreateBody>>,
) -> Reply {
    let mut w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let project_id = caller.write(&w, &project)?.id;
    let Some(Json(body)) = body else { return Err(Fail::bad_request("ref is missing")) };
    let vars: Vec<(String, String, String)> =
        body.variables.into_iter().map(|v| (v.key, v.value, v.variable_type)).collect();
    let now = w.now();
    let user = caller.require_user()?;
    let p = w.project(project_id).expect("found above");
    let pid = if p.jobs_from_config {
        let sha =
            p.refs.get(&body.git_ref).map(|r| r.sha.clone()).ok_or_else(|| Fail::bad_request("Reference not found"))?;
        let pairs: Vec<(String, String)> = vars.iter().map(|(k, v, _)| (k.clone(), v.clone())).collect();
        let ctx = ci::context(p, &body.git_ref, PipelineSource::Api, &base_url(&headers), &pairs, None);
        let jobs = config_jobs(&w, p, &body.git_ref, ctx, None)?;
        w.create_pipeline_with(project_id, &body.git_ref, &sha, "api", user, now, vars, jobs)
    } else {
        w.create_pipeline(project_id, &body.git_ref, "api", user, now, vars)
            .ok_or_else(|| Fail::bad_request("Reference not found"))?
    };
    w.advance();
    created(render::pipeline(&w, w.pipeline(pid).expect("created"), &base_url(&headers)))
}

/// The jobs the configuration gives, or GitLab's refusal (`lib/api/ci/pipelines.rb` answers
/// `render_api_error_with_reason!(:bad_request, ...)`, here `message.base`).
pub fn config_jobs(
    w: &World,
    p: &crate::world::Project,
    git_ref: &str,
    ctx: pipelens_core::ContextBuilder,
    changed: Option<Vec<String>>,
) -> Result<Vec<(crate::world::JobSpec, usize)>, Fail> {
    let e = ci::evaluate(w, p, git_ref, None, ctx, changed);
    let refuse = |messages: Vec<String>| {
        Fail(axum::http::StatusCode::BAD_REQUEST, serde_json::json!({"message": {"base": messages}}))
    };
    if !e.errors.is_empty() {
        return Err(refuse(e.errors));
    }
    if !e.created {
        return Err(refuse(vec![
            "Pipeline will not run for the selected trigger. The rules configuration prevented any jobs from being added to the pipeline.".into(),
        ]));
    }
    Ok(e.jobs)
}
