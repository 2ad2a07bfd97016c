//! Merge requests and their changes (`doc/api/merge_requests.md`).

use super::{base_url, id, ok, Fail, Params, Reply};
use crate::auth::Caller;
use crate::pagination;
use crate::world::{MergeRequest, Project};
use crate::Sim;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{json, Value};

fn render(p: &Project, mr: &MergeRequest, base: &str) -> Value {
    json!({
        "id": mr.id, "iid": mr.iid, "project_id": p.id, "title": mr.title, "state": mr.state,
        "source_branch": mr.source_branch, "target_branch": mr.target_branch,
        "sha": p.refs.get(&mr.source_branch).map(|r| r.sha.clone()),
        "web_url": format!("{base}/{}/-/merge_requests/{}", p.full_path, mr.iid),
        "draft": false, "source_project_id": p.id, "target_project_id": p.id,
    })
}

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
    let base = base_url(&headers);
    let state = params.get("state").unwrap_or("all");
    let items = p
        .merge_requests
        .iter()
        .rev()
        .filter(|m| state == "all" || m.state == state)
        .filter(|m| params.get("source_branch").is_none_or(|b| b == m.source_branch))
        .filter(|m| params.get("target_branch").is_none_or(|b| b == m.target_branch))
        .map(|m| render(p, m, &base))
        .collect();
    let path = format!("/api/v4/projects/{}/merge_requests", super::repository::encode_segment(&project));
    Ok(pagination::page(items, &params, &base, &path))
}

fn find<'p>(p: &'p Project, iid: &str) -> Result<&'p MergeRequest, Fail> {
    let iid = id(iid, "Merge Request")?;
    p.merge_requests.iter().find(|m| m.iid == iid).ok_or_else(|| Fail::not_found("Merge Request"))
}

pub async fn show(State(sim): State<Sim>, headers: HeaderMap, Path((project, iid)): Path<(String, String)>) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    ok(render(p, find(p, &iid)?, &base_url(&headers)))
}

/// The MR with `changes`: its source branch's files against its target branch's.
pub async fn changes(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, iid)): Path<(String, String)>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    let mr = find(p, &iid)?;
    let mut v = render(p, mr, &base_url(&headers));
    let empty = Default::default();
    let target = p.refs.get(&mr.target_branch).map(|r| &r.files).unwrap_or(&empty);
    let source = p.refs.get(&mr.source_branch).map(|r| &r.files).unwrap_or(&empty);
    let paths: std::collections::BTreeSet<&String> = target.keys().chain(source.keys()).collect();
    let changes: Vec<Value> = paths
        .into_iter()
        .filter(|path| target.get(*path) != source.get(*path))
        .map(|path| {
            json!({"old_path": path, "new_path": path, "new_file": !target.contains_key(path),
                   "deleted_file": !source.contains_key(path), "renamed_file": false, "diff": ""})
        })
        .collect();
    v["changes"] = Value::Array(changes);
    ok(v)
}

/// `POST /projects/:id/merge_requests/:iid/pipelines`: a merge request pipeline (source
/// `merge_request_event`, ref `refs/merge-requests/<iid>/head`) at the source branch's head, its jobs from
/// the configuration there with the merge request's changes. Only for `jobs_from_config` projects.
pub async fn create_pipeline(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, iid)): Path<(String, String)>,
) -> Reply {
    let mut w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let project_id = caller.write(&w, &project)?.id;
    let user = caller.require_user()?;
    let p = w.project(project_id).expect("found above");
    let mr = find(p, &iid)?.clone();
    if !p.jobs_from_config {
        return Err(Fail::bad_request("the simulator creates merge request pipelines only from a configuration"));
    }
    let sha = p.refs.get(&mr.source_branch).map(|r| r.sha.clone()).ok_or_else(|| Fail::not_found("Branch"))?;
    let ctx = crate::ci::context(
        p,
        &mr.source_branch,
        pipelens_core::PipelineSource::MergeRequest,
        &base_url(&headers),
        &[],
        Some(&mr),
    );
    let jobs = super::pipelines::config_jobs(&w, p, &mr.source_branch, ctx, Some(changed_paths(p, &mr)))?;
    let now = w.now();
    let git_ref = format!("refs/merge-requests/{}/head", mr.iid);
    let pid = w.create_pipeline_with(project_id, &git_ref, &sha, "merge_request_event", user, now, Vec::new(), jobs);
    w.advance();
    super::created(super::render::pipeline(&w, w.pipeline(pid).expect("created"), &base_url(&headers)))
}

/// The paths whose content differs between the source and target branches.
pub fn changed_paths(p: &Project, mr: &MergeRequest) -> Vec<String> {
    let empty = Default::default();
    let target = p.refs.get(&mr.target_branch).map(|r| &r.files).unwrap_or(&empty);
    let source = p.refs.get(&mr.source_branch).map(|r| &r.files).unwrap_or(&empty);
    let paths: std::collections::BTreeSet<&String> = target.keys().chain(source.keys()).collect();
    paths.into_iter().filter(|path| target.get(*path) != source.get(*path)).cloned().collect()
}
