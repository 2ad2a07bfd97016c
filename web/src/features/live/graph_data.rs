//! GitLab's answer to the `PipelineGraph` GraphQL query (`crates/gitlab-api/graphql/pipeline_graph.graphql`)
//! read into core's [`LivePipeline`] plus what the page needs besides the drawing: job ids and what may be
//! done to each job, the downstream pipelines to fetch when opened. Read from `serde_json::Value` (typed
//! decoders would cost the bundle for fields nothing shows); missing or odd fields read as absent, never as
//! a panic. Plain Rust, tested natively.

use pipelens_core::live::When;
use pipelens_core::{Downstream, DownstreamKind, LiveJob, LivePipeline, LiveStatus};
use pipelens_gitlab_api::ApiError;
use serde_json::Value;

/// One fetched pipeline: its drawing's input and the rest the page shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Graph {
    pub id: u64,
    pub iid: String,
    /// The project's full path.
    pub project: String,
    /// GitLab's REST spelling (`running`, `waiting_for_resource`).
    pub status: String,
    pub git_ref: String,
    pub sha: String,
    /// `/group/project/-/pipelines/1`, below the instance's address.
    pub path: String,
    pub retryable: bool,
    pub cancelable: bool,
    pub duration: Option<f64>,
    pub queued_duration: Option<f64>,
    pub live: LivePipeline,
    /// The latest attempt of each job. A list rather than a map: each map type costs the bundle its code.
    pub jobs: Vec<JobInfo>,
}

impl Graph {
    pub fn job(&self, name: &str) -> Option<&JobInfo> {
        self.jobs.iter().find(|j| j.name == name)
    }
}

/// What the page needs of a job besides its box.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct JobInfo {
    pub name: String,
    pub id: u64,
    pub retryable: bool,
    pub cancelable: bool,
    pub playable: bool,
    pub bridge: bool,
    /// The pipeline a bridge started: (project full path, iid, id).
    pub downstream: Option<(String, String, u64)>,
}

/// `123` from a global id (`gid://gitlab/Ci::Build/123`).
pub fn gid_number(v: &Value) -> Option<u64> {
    v.as_str()?.rsplit('/').next()?.parse().ok()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn nodes(v: &Value) -> impl Iterator<Item = &Value> {
    v["nodes"].as_array().into_iter().flatten().filter(|n| n.is_object())
}

/// A status as GraphQL spells it (`WAITING_FOR_RESOURCE`) in REST's spelling; null (a status the server's
/// enum cannot carry) reads as `unknown`.
fn status(v: &Value) -> LiveStatus {
    match v.as_str() {
        Some(s) => LiveStatus::parse(&s.to_ascii_lowercase()),
        None => LiveStatus::Unknown("unknown".into()),
    }
}

/// Seconds since the Unix epoch of one of GitLab's times (`None` when absent or not a time).
pub fn epoch(v: &Value) -> Option<f64> {
    pipelens_gitlab_api::time::epoch_seconds(v.as_str()?)
}

/// The GraphQL response (`{"data": …, "errors": […]}`) read into a [`Graph`]. GraphQL errors without data,
/// a project or pipeline the token cannot see, and a shape that is not GitLab's each give their error.
pub fn read(response: &Value) -> Result<Graph, ApiError> {
    let errors: Vec<String> =
        response["errors"].as_array().into_iter().flatten().map(|e| text(&e["message"])).collect();
    let data = &response["data"];
    if !data.is_object() {
        if errors.is_empty() {
            return Err(ApiError::Malformed { detail: "a GraphQL answer without data or errors".into() });
        }
        return Err(ApiError::GraphQl { messages: errors });
    }
    let project = &data["project"];
    if project.is_null() {
        return Err(ApiError::NotFound { message: "404 Project Not Found".into() });
    }
    let p = &project["pipeline"];
    if p.is_null() {
        return Err(ApiError::NotFound { message: "404 Pipeline Not Found".into() });
    }
    if !p["stages"].is_object() {
        return Err(ApiError::Malformed { detail: "a pipeline without stages".into() });
    }
    let project_path = text(&project["fullPath"]);
    let retries: Vec<&str> = nodes(&p["retriedJobs"]).filter_map(|j| j["name"].as_str()).collect();
    let mut g = Graph {
        id: gid_number(&p["id"]).unwrap_or_default(),
        iid: text(&p["iid"]),
        status: status(&p["status"]).as_str().to_string(),
        git_ref: text(&p["ref"]),
        sha: text(&p["sha"]),
        path: text(&p["path"]),
        retryable: p["retryable"].as_bool().unwrap_or(false),
        cancelable: p["cancelable"].as_bool().unwrap_or(false),
        duration: p["duration"].as_f64(),
        queued_duration: p["queuedDuration"].as_f64(),
        live: LivePipeline { status: Some(status(&p["status"])), ..LivePipeline::default() },
        project: project_path.clone(),
        jobs: Vec::new(),
    };
    for stage in nodes(&p["stages"]) {
        let stage_name = text(&stage["name"]);
        g.live.stages.push(stage_name.clone());
        for group in nodes(&stage["groups"]) {
            for j in nodes(&group["jobs"]) {
                let Some(name) = j["name"].as_str() else { continue };
                let (job, info) = job(j, name, &stage_name, &project_path, &retries);
                g.jobs.push(info);
                g.live.jobs.push(job);
            }
        }
    }
    Ok(g)
}

fn job(j: &Value, name: &str, stage: &str, project: &str, retries: &[&str]) -> (LiveJob, JobInfo) {
    let needs: Vec<String> = nodes(&j["needs"]).filter_map(|n| n["name"].as_str().map(str::to_string)).collect();
    // `schedulingType` tells "waits for the earlier stages" (`stage`) from `needs: []` (`dag`, no needs).
    let needs = match j["schedulingType"].as_str() {
        Some("dag") => Some(needs),
        Some(_) => None,
        None => (!needs.is_empty()).then_some(needs),
    };
    let st = status(&j["status"]);
    let when = if j["manualJob"].as_bool() == Some(true) {
        When::Manual
    } else if st == LiveStatus::Scheduled {
        When::Delayed
    } else {
        When::OnSuccess
    };
    let bridge = j["kind"].as_str() == Some("BRIDGE");
    let d = &j["downstreamPipeline"];
    let downstream_ref =
        d.is_object().then(|| (text(&d["project"]["fullPath"]), text(&d["iid"]), gid_number(&d["id"])));
    let downstream = downstream_ref.as_ref().map(|(path, _, _)| Downstream {
        // A child pipeline runs in the parent's project (`trigger:include`); another project's is a
        // multi-project pipeline (`trigger:project`).
        kind: if path == project { DownstreamKind::Child } else { DownstreamKind::MultiProject },
        project: Some(path.clone()),
        status: status(&d["status"]),
        pipeline: None,
    });
    let live = LiveJob {
        name: name.to_string(),
        stage: stage.to_string(),
        needs,
        status: st,
        allow_failure: j["allowFailure"].as_bool().unwrap_or(false),
        when,
        created_at: epoch(&j["createdAt"]),
        started_at: epoch(&j["startedAt"]),
        finished_at: epoch(&j["finishedAt"]),
        duration: j["duration"].as_f64(),
        queued_duration: j["queuedDuration"].as_f64(),
        retried: retries.iter().filter(|r| **r == name).count() as u32,
        downstream,
    };
    let info = JobInfo {
        name: name.to_string(),
        id: gid_number(&j["id"]).unwrap_or_default(),
        retryable: j["retryable"].as_bool().unwrap_or(false),
        cancelable: j["cancelable"].as_bool().unwrap_or(false),
        playable: j["playable"].as_bool().unwrap_or(false),
        bridge,
        downstream: downstream_ref.and_then(|(path, iid, id)| Some((path, iid, id?))),
    };
    (live, info)
}

/// `pipeline` with the downstream pipelines fetched so far under their bridges (by bridge name). A bridge
/// whose pipeline exists but was not fetched (not opened) gets an empty one: its box then offers to open it,
/// and opening it fetches it.
pub fn with_downstream(mut pipeline: LivePipeline, fetched: &[(String, Graph)]) -> LivePipeline {
    for j in &mut pipeline.jobs {
        if let Some(d) = j.downstream.as_mut() {
            let live = fetched.iter().find(|(bridge, _)| *bridge == j.name).map(|(_, g)| g.live.clone());
            d.pipeline = Some(Box::new(live.unwrap_or_default()));
        }
    }
    pipeline
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer() -> Value {
        serde_json::from_str(
            r#"{"data": {"project": {"id": "gid://gitlab/Project/1", "fullPath": "g/app", "pipeline": {
            "id": "gid://gitlab/Ci::Pipeline/42", "iid": "7", "status": "RUNNING", "ref": "main", "sha": "abc",
            "path": "/g/app/-/pipelines/42", "duration": null, "queuedDuration": 2.0, "retryable": true,
            "cancelable": true, "stages": {"nodes": [
                {"name": "build", "groups": {"nodes": [{"name": "build", "size": 1, "jobs": {"nodes": [
                    {"id": "gid://gitlab/Ci::Build/10", "name": "build", "status": "SUCCESS", "kind": "BUILD",
                     "allowFailure": false, "manualJob": false, "schedulingType": "stage", "duration": 40,
                     "queuedDuration": 1.5, "startedAt": "2026-01-01T12:00:00Z", "finishedAt": "2026-01-01T12:00:40Z",
                     "retryable": true, "cancelable": false, "playable": false, "needs": {"nodes": []},
                     "downstreamPipeline": null}]}}]}},
                {"name": "test", "groups": {"nodes": [
                    {"name": "lint", "size": 1, "jobs": {"nodes": [
                        {"id": "gid://gitlab/Ci::Build/12", "name": "lint", "status": "WAITING_FOR_RESOURCE",
                         "kind": "BUILD", "allowFailure": true, "schedulingType": "dag", "needs": {"nodes": []},
                         "retryable": false, "cancelable": true, "playable": false}]}},
                    {"name": "unit", "size": 1, "jobs": {"nodes": [
                        {"id": "gid://gitlab/Ci::Build/14", "name": "unit", "status": "FAILED", "kind": "BUILD",
                         "allowFailure": false, "schedulingType": "dag", "needs": {"nodes": [{"name": "build"}]},
                         "retryable": true, "cancelable": false, "playable": false}]}},
                    {"name": "future", "size": 1, "jobs": {"nodes": [
                        {"id": "gid://gitlab/Ci::Build/15", "name": "future", "status": null, "kind": "BUILD"}]}}]}},
                {"name": "deploy", "groups": {"nodes": [
                    {"name": "deploy", "size": 1, "jobs": {"nodes": [
                        {"id": "gid://gitlab/Ci::Build/16", "name": "deploy", "status": "MANUAL", "kind": "BUILD",
                         "allowFailure": true, "manualJob": true, "schedulingType": "stage", "playable": true}]}},
                    {"name": "docs", "size": 1, "jobs": {"nodes": [
                        {"id": "gid://gitlab/Ci::Bridge/17", "name": "docs", "status": "RUNNING", "kind": "BRIDGE",
                         "downstreamPipeline": {"id": "gid://gitlab/Ci::Pipeline/43", "iid": "8", "status": "PENDING",
                                                "project": {"fullPath": "g/app"}}},
                        null]}},
                    {"name": "other", "size": 1, "jobs": {"nodes": [
                        {"id": "gid://gitlab/Ci::Bridge/18", "name": "other", "status": "SUCCESS", "kind": "BRIDGE",
                         "downstreamPipeline": {"id": "gid://gitlab/Ci::Pipeline/90", "iid": "1", "status": "SUCCESS",
                                                "project": {"fullPath": "g/lib"}}}]}}]}}]},
            "retriedJobs": {"nodes": [{"name": "unit"}, {"name": "unit"}, {"name": "build"}]}}}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn reads_stages_jobs_needs_statuses_and_what_can_be_done() {
        let g = read(&answer()).unwrap();
        assert_eq!((g.id, g.iid.as_str(), g.status.as_str(), g.project.as_str()), (42, "7", "running", "g/app"));
        assert!(g.retryable && g.cancelable);
        assert_eq!(g.live.stages, ["build", "test", "deploy"]);
        let names: Vec<&str> = g.live.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["build", "lint", "unit", "future", "deploy", "docs", "other"]);
        let job = |n: &str| g.live.jobs.iter().find(|j| j.name == n).unwrap();
        // Stage scheduling → no needs; `dag` with none → `needs: []`; REST's lowercase statuses.
        assert_eq!(job("build").needs, None);
        assert_eq!(job("lint").needs, Some(vec![]));
        assert_eq!(job("unit").needs, Some(vec!["build".to_string()]));
        assert_eq!(job("lint").status.as_str(), "waiting_for_resource");
        assert_eq!(job("future").status.as_str(), "unknown");
        assert!(job("lint").allow_failure);
        assert_eq!(job("deploy").when, When::Manual);
        assert_eq!((job("unit").retried, job("build").retried, job("lint").retried), (2, 1, 0));
        assert_eq!((job("build").duration, job("build").queued_duration), (Some(40.0), Some(1.5)));
        assert_eq!(job("build").finished_at.unwrap() - job("build").started_at.unwrap(), 40.0);
        assert_eq!(g.job("unit").unwrap().id, 14);
        assert!(g.job("unit").unwrap().retryable && !g.job("unit").unwrap().cancelable);
        assert!(g.job("deploy").unwrap().playable && g.job("lint").unwrap().cancelable);
        // Bridges: a child pipeline in the same project, a multi-project one elsewhere.
        let docs = job("docs").downstream.as_ref().unwrap();
        assert_eq!((docs.kind, docs.status.as_str()), (DownstreamKind::Child, "pending"));
        assert_eq!(job("other").downstream.as_ref().unwrap().kind, DownstreamKind::MultiProject);
        assert_eq!(g.job("docs").unwrap().downstream, Some(("g/app".to_string(), "8".to_string(), 43)));
        assert!(g.job("docs").unwrap().bridge && !g.job("build").unwrap().bridge);
    }

    #[test]
    fn errors_and_shapes_that_are_not_gitlabs() {
        let e = read(&json!({"data": null, "errors": [{"message": "Query has complexity of 300"}]})).unwrap_err();
        assert_eq!(e, ApiError::GraphQl { messages: vec!["Query has complexity of 300".into()] });
        assert!(matches!(read(&json!({"data": {"project": null}})), Err(ApiError::NotFound { .. })));
        assert!(matches!(
            read(&json!({"data": {"project": {"fullPath": "g", "pipeline": null}}})),
            Err(ApiError::NotFound { .. })
        ));
        assert!(matches!(read(&json!([1, 2])), Err(ApiError::Malformed { .. })));
        assert!(matches!(
            read(&json!({"data": {"project": {"pipeline": {"stages": "x"}}}})),
            Err(ApiError::Malformed { .. })
        ));
        // Odd values inside are skipped or read as absent, not refused.
        let odd = json!({"data": {"project": {"fullPath": "g", "pipeline": {"stages": {"nodes": [
            {"name": 3, "groups": {"nodes": [{"jobs": {"nodes": [{"name": 5}, {"name": "ok", "duration": "x"}]}}]}}]}}}}});
        let g = read(&odd).unwrap();
        assert_eq!(g.live.jobs.len(), 1);
        assert_eq!((g.live.jobs[0].duration, g.live.stages[0].as_str()), (None, ""));
    }

    #[test]
    fn gitlab_times_read_as_epoch_seconds() {
        assert_eq!(epoch(&json!("1970-01-01T00:00:00Z")), Some(0.0));
        assert_eq!(epoch(&json!("2026-01-01T12:00:00Z")), Some(1_767_268_800.0));
        assert_eq!(epoch(&json!("2026-01-01T13:00:00.500+01:00")), Some(1_767_268_800.5));
        assert_eq!(epoch(&json!("2024-02-29T00:00:00-02:30")), Some(1_709_173_800.0));
        assert_eq!(epoch(&json!("yesterday")), None);
        assert_eq!(epoch(&json!(null)), None);
    }

    #[test]
    fn fetched_downstream_pipelines_hang_under_their_bridges() {
        let g = read(&answer()).unwrap();
        let child = LivePipeline { stages: vec!["x".into()], ..LivePipeline::default() };
        let fetched = Graph { live: child.clone(), ..Graph::default() };
        let drawn = with_downstream(g.live, &[("docs".to_string(), fetched)]);
        let docs = drawn.jobs.iter().find(|j| j.name == "docs").unwrap();
        assert_eq!(docs.downstream.as_ref().unwrap().pipeline.as_deref(), Some(&child));
        let other = drawn.jobs.iter().find(|j| j.name == "other").unwrap();
        assert_eq!(other.downstream.as_ref().unwrap().pipeline.as_deref(), Some(&LivePipeline::default()));
        assert!(drawn.jobs.iter().find(|j| j.name == "build").unwrap().downstream.is_none());
    }
}
