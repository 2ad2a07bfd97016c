//! Jobs (`doc/api/jobs.md`, `lib/api/ci/jobs.rb`). Every jobs route calls `authenticate!` in
//! GitLab, so anonymous callers get 401 here.

use super::{base_url, id, ok, render, Fail, Params, Reply};
use crate::auth::Caller;
use crate::logs;
use crate::pagination;
use crate::world::{Job, World};
use crate::Sim;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;

fn find<'w>(w: &'w World, project_id: u64, job: &str) -> Result<&'w Job, Fail> {
    let jid = id(job, "Job")?;
    w.job(jid).filter(|j| j.project_id == project_id).ok_or_else(|| Fail::not_found("Job"))
}

fn listed(w: &World, project: &str, pipeline: &str, params: &Params, bridges: bool) -> Result<Vec<u64>, Fail> {
    let p = w.find_project(project).ok_or_else(|| Fail::not_found("Project"))?;
    let pid = id(pipeline, "Pipeline")?;
    w.pipeline(pid).filter(|pl| pl.project_id == p.id).ok_or_else(|| Fail::not_found("Pipeline"))?;
    let scope = params.all("scope");
    let include_retried = params.flag("include_retried").unwrap_or(false);
    let mut jobs: Vec<&Job> = w
        .jobs
        .iter()
        .filter(|j| j.pipeline_id == pid && j.is_bridge() == bridges)
        .filter(|j| include_retried || !j.retried)
        .filter(|j| scope.is_empty() || scope.contains(&j.status.as_str()))
        .collect();
    // Newest first, as GitLab sorts `id desc`.
    jobs.sort_by_key(|j| std::cmp::Reverse(j.id));
    Ok(jobs.iter().map(|j| j.id).collect())
}

fn list_reply(
    sim: &Sim,
    headers: &HeaderMap,
    project: &str,
    pipeline: &str,
    q: Vec<(String, String)>,
    bridges: bool,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, headers)?;
    caller.require_user()?;
    caller.read(&w, project)?;
    let params = Params::new(q);
    let base = base_url(headers);
    let ids = listed(&w, project, pipeline, &params, bridges)?;
    let items = ids.iter().filter_map(|i| w.job(*i)).map(|j| render::any_job(&w, j, &base)).collect();
    let tail = if bridges { "bridges" } else { "jobs" };
    let path =
        format!("/api/v4/projects/{}/pipelines/{pipeline}/{tail}", crate::rest::repository::encode_segment(project));
    Ok(pagination::page(items, &params, &base, &path))
}

pub async fn pipeline_jobs(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, pipeline)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    list_reply(&sim, &headers, &project, &pipeline, q, false)
}

pub async fn pipeline_bridges(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, pipeline)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    list_reply(&sim, &headers, &project, &pipeline, q, true)
}

pub async fn show(State(sim): State<Sim>, headers: HeaderMap, Path((project, job)): Path<(String, String)>) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    caller.require_user()?;
    let p = caller.read(&w, &project)?;
    ok(render::any_job(&w, find(&w, p.id, &job)?, &base_url(&headers)))
}

/// The whole raw log, `text/plain`, every time (no offset or Range support, like GitLab's).
pub async fn trace(State(sim): State<Sim>, headers: HeaderMap, Path((project, job)): Path<(String, String)>) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    caller.require_user()?;
    let p = caller.read(&w, &project)?;
    let j = find(&w, p.id, &job)?;
    let (git_ref, sha) = w.pipeline(j.pipeline_id).map(|p| (p.git_ref.as_str(), p.sha.as_str())).unwrap_or(("", ""));
    let text = logs::trace(j, git_ref, sha, w.now());
    let disposition = format!("infile; filename=\"{}.log\"", j.id);
    Ok((StatusCode::OK, [("content-type", "text/plain".to_string()), ("content-disposition", disposition)], text)
        .into_response())
}

/// Returns the new job (201); 403 "Job is not retryable" otherwise.
pub async fn retry(State(sim): State<Sim>, headers: HeaderMap, Path((project, job)): Path<(String, String)>) -> Reply {
    let mut w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let project_id = caller.write(&w, &project)?.id;
    let jid = find(&w, project_id, &job)?.id;
    let new_id = w
        .retry_job(jid, caller.require_user()?)
        .ok_or_else(|| Fail::forbidden("403 Forbidden - Job is not retryable"))?;
    let base = base_url(&headers);
    Ok((StatusCode::CREATED, Json(render::any_job(&w, w.job(new_id).expect("new job"), &base))).into_response())
}

pub async fn cancel(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, job)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    let mut w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let project_id = caller.write(&w, &project)?.id;
    let jid = find(&w, project_id, &job)?.id;
    let force = Params::new(q).flag("force").unwrap_or(false);
    // Forcing a job stuck in `canceling` takes a Maintainer (`lib/api/ci/jobs.rb`).
    if force && caller.role < crate::world::Role::Maintainer {
        return Err(Fail::forbidden("403 Forbidden"));
    }
    w.cancel_job(jid, force);
    let base = base_url(&headers);
    Ok((StatusCode::CREATED, Json(render::any_job(&w, w.job(jid).expect("job"), &base))).into_response())
}

#[derive(Deserialize, Default)]
pub struct PlayBody {
    #[serde(default)]
    job_variables_attributes: Vec<PlayVariable>,
}

#[derive(Deserialize)]
struct PlayVariable {
    key: String,
    value: String,
}

/// Plays a manual job with `job_variables_attributes`; 400 "Unplayable Job" otherwise.
pub async fn play(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, job)): Path<(String, String)>,
    body: Option<Json<PlayBody>>,
) -> Reply {
    let mut w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let project_id = caller.write(&w, &project)?.id;
    let jid = find(&w, project_id, &job)?.id;
    let vars = body.map(|Json(b)| b.job_variables_attributes).unwrap_or_default();
    if !w.play_job(jid, vars.into_iter().map(|v| (v.key, v.value)).collect()) {
        return Err(Fail::bad_request("Unplayable Job"));
    }
    ok(render::any_job(&w, w.job(jid).expect("job"), &base_url(&headers)))
}
