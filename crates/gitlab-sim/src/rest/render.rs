//! REST entities (`lib/api/entities/...`) from the world's data.

use crate::clock::iso;
use crate::status;
use crate::world::{Job, Pipeline, Project, World};
use serde_json::{json, Value};

fn t(secs: Option<u64>) -> Value {
    secs.map(|s| Value::String(iso(s))).unwrap_or(Value::Null)
}

pub fn user(w: &World, id: u64, base: &str) -> Value {
    match w.user(id) {
        Some(u) => json!({"id": u.id, "username": u.username, "name": u.name, "state": "active",
                          "web_url": format!("{base}/{}", u.username)}),
        None => Value::Null,
    }
}

/// A project's last activity: its newest pipeline change, else its creation (the simulator has no pushes,
/// issues or comments, the other activity GitLab counts).
pub fn last_activity(w: &World, p: &Project) -> u64 {
    w.pipelines.iter().filter(|pl| pl.project_id == p.id).map(|pl| pl.updated_at).max().unwrap_or(p.created_at)
}

pub fn project(w: &World, p: &Project, base: &str) -> Value {
    let namespace = w.groups.iter().find(|g| g.full_path == p.namespace());
    json!({
        "id": p.id,
        "description": p.description,
        "name": p.name,
        "name_with_namespace": p.full_path.replace('/', " / "),
        "path": p.path(),
        "path_with_namespace": p.full_path,
        "created_at": iso(p.created_at),
        "default_branch": p.default_branch,
        "web_url": format!("{base}/{}", p.full_path),
        "ci_config_path": p.ci_config_path,
        "visibility": if p.public { "public" } else { "private" },
        "archived": p.archived,
        "last_activity_at": iso(last_activity(w, p)),
        "namespace": namespace.map(|g| json!({"id": g.id, "name": g.name, "path": g.full_path.rsplit('/').next(),
                                               "kind": "group", "full_path": g.full_path})),
    })
}

fn web_url(w: &World, project_id: u64, base: &str, tail: &str) -> String {
    let path = w.project(project_id).map(|p| p.full_path.as_str()).unwrap_or("unknown");
    format!("{base}/{path}/-/{tail}")
}

pub fn pipeline_basic(w: &World, p: &Pipeline, base: &str) -> Value {
    json!({
        "id": p.id, "iid": p.iid, "project_id": p.project_id, "sha": p.sha, "ref": p.git_ref,
        "status": p.status, "source": p.source, "name": Value::Null,
        "created_at": iso(p.created_at), "updated_at": iso(p.updated_at),
        "web_url": web_url(w, p.project_id, base, &format!("pipelines/{}", p.id)),
    })
}

pub fn pipeline(w: &World, p: &Pipeline, base: &str) -> Value {
    let mut v = pipeline_basic(w, p, base);
    let now = w.now();
    let jobs = w.current_jobs(p.id);
    let warnings = p.status == "success" && jobs.iter().any(|j| j.spec.allow_failure && j.status == "failed");
    let (icon, text, label, group) = status::detailed(&p.status, warnings);
    let path = format!("/{}/-/pipelines/{}", w.project(p.project_id).map(|x| x.full_path.as_str()).unwrap_or(""), p.id);
    let duration = p.started_at.map(|s| p.finished_at.unwrap_or(now).saturating_sub(s));
    let queued = p.started_at.map(|s| s.saturating_sub(p.created_at));
    let extra = json!({
        "before_sha": "0000000000000000000000000000000000000000",
        "tag": w.project(p.project_id).and_then(|x| x.refs.get(&p.git_ref)).is_some_and(|r| r.tag),
        "yaml_errors": Value::Null,
        "user": user(w, p.user_id, base),
        "started_at": t(p.started_at),
        "finished_at": t(p.finished_at),
        "committed_at": Value::Null,
        "duration": duration,
        "queued_duration": queued,
        "coverage": Value::Null,
        "detailed_status": {"icon": icon, "text": text, "label": label, "group": group, "tooltip": label,
                            "has_details": true, "details_path": path, "illustration": Value::Null,
                            "favicon": format!("/assets/ci_favicons/favicon_status_{}.png", p.status)},
    });
    merge(&mut v, extra);
    v
}

fn merge(into: &mut Value, extra: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, extra) {
        a.extend(b);
    }
}

/// Seconds as GitLab's float durations.
fn secs(from: Option<u64>, to: Option<u64>, now: u64) -> Value {
    match from {
        Some(f) => json!(to.unwrap_or(now).saturating_sub(f) as f64),
        None => Value::Null,
    }
}

fn job_common(w: &World, j: &Job, base: &str) -> Value {
    let now = w.now();
    let p = w.pipeline(j.pipeline_id);
    json!({
        "id": j.id, "status": j.status, "stage": j.spec.stage, "name": j.spec.name,
        "ref": p.map(|p| p.git_ref.clone()), "tag": false, "coverage": Value::Null,
        "allow_failure": j.spec.allow_failure,
        "created_at": iso(j.created_at), "started_at": t(j.started_at), "finished_at": t(j.finished_at),
        "erased_at": Value::Null,
        "duration": secs(j.started_at, j.finished_at, now),
        "queued_duration": secs(j.queued_at, j.started_at, now),
        "user": user(w, j.user_id, base),
        "pipeline": p.map(|p| json!({"id": p.id, "iid": p.iid, "project_id": p.project_id, "ref": p.git_ref,
                                      "sha": p.sha, "status": p.status, "source": p.source,
                                      "created_at": iso(p.created_at), "updated_at": iso(p.updated_at),
                                      "web_url": web_url(w, p.project_id, base, &format!("pipelines/{}", p.id))})),
        "web_url": web_url(w, j.project_id, base, &format!("jobs/{}", j.id)),
    })
}

pub fn job(w: &World, j: &Job, base: &str) -> Value {
    let mut v = job_common(w, j, base);
    let extra = json!({
        "tag_list": j.spec.tags,
        "artifacts": [],
        "artifacts_expire_at": Value::Null,
        "archived": false,
        "runner": if j.started_at.is_some() { json!({"id": 1, "description": "pipelens-sim runner", "active": true, "is_shared": true}) } else { Value::Null },
        "failure_reason": if j.status == "failed" { json!("script_failure") } else { Value::Null },
    });
    merge(&mut v, extra);
    if j.status != "failed" {
        v.as_object_mut().expect("object").remove("failure_reason");
    }
    v
}

pub fn bridge(w: &World, j: &Job, base: &str) -> Value {
    let mut v = job_common(w, j, base);
    let downstream = j.downstream_pipeline.and_then(|id| w.pipeline(id)).map(|d| {
        json!({"id": d.id, "iid": d.iid, "project_id": d.project_id, "sha": d.sha, "ref": d.git_ref,
               "status": d.status, "source": d.source, "created_at": iso(d.created_at), "updated_at": iso(d.updated_at),
               "web_url": web_url(w, d.project_id, base, &format!("pipelines/{}", d.id))})
    });
    merge(&mut v, json!({"downstream_pipeline": downstream}));
    v
}

/// A job or bridge, whichever it is.
pub fn any_job(w: &World, j: &Job, base: &str) -> Value {
    if j.is_bridge() {
        bridge(w, j, base)
    } else {
        job(w, j, base)
    }
}
