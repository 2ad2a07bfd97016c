//! The app's GraphQL documents through the client against the simulator, and GitLab's limits.

mod support;

use pipelens_gitlab_api::endpoints::{
    pipeline_graph, project_pipelines, wall, CreatePipeline, GraphQl, RetryJob, WallFilter,
};
use pipelens_gitlab_api::{ApiError, Status};
use support::Harness;

#[test]
fn pipeline_graph_has_stages_groups_jobs_needs_and_downstream() {
    let h = Harness::start();
    let p = h.call("t-api", &CreatePipeline::new("g/app", "main")).unwrap();
    let iid = p.basic.iid.unwrap();
    h.sim.advance(5);
    let data = h.call("t-api", &pipeline_graph("g/app", iid)).unwrap();
    let project = data.project.expect("visible project");
    assert_eq!(project.full_path, "g/app");
    let pipeline = project.pipeline.expect("pipeline by iid");
    assert_eq!(pipeline.status, Status::Running);
    assert_eq!(pipeline.sha.as_deref(), Some(p.basic.sha.as_str()));
    let stages = pipeline.stages.expect("stages");
    let names: Vec<_> = stages.iter().map(|s| s.name.clone().unwrap()).collect();
    assert_eq!(names, ["build", "test", "deploy"]);
    let test_stage = stages.iter().find(|s| s.name.as_deref() == Some("test")).unwrap();
    let jobs: Vec<_> = test_stage
        .groups
        .as_ref()
        .unwrap()
        .iter()
        .flat_map(|g| g.jobs.as_ref().unwrap().iter().cloned().collect::<Vec<_>>())
        .collect();
    let lint = jobs.iter().find(|j| j.name.as_deref() == Some("lint")).unwrap();
    assert_eq!(lint.status, Some(Status::Running));
    assert_eq!(lint.needs.as_ref().unwrap().iter().count(), 0, "needs: [] is an empty list");
    assert_eq!(lint.queued_duration, Some(1.0));
    let child = jobs.iter().find(|j| j.name.as_deref() == Some("child")).unwrap();
    assert_eq!(child.kind, "BRIDGE");
    assert!(child.downstream_pipeline.is_none());
    assert_eq!(jobs.iter().find(|j| j.name.as_deref() == Some("unit")).unwrap().status, Some(Status::Created));

    h.sim.advance(100);
    let flaky = h.call("t-api", &pipelens_gitlab_api::endpoints::PipelineJobs::new("g/app", p.basic.id)).unwrap();
    let flaky = flaky.iter().find(|j| j.name == "flaky").unwrap().id;
    h.call("t-api", &RetryJob::new("g/app", flaky)).unwrap();
    let data = h.call("t-api", &pipeline_graph("g/app", iid)).unwrap();
    let pipeline = data.project.unwrap().pipeline.unwrap();
    let downstream: Vec<_> = pipeline.downstream.as_ref().unwrap().iter().collect();
    assert_eq!(downstream.len(), 1);
    assert_eq!(downstream[0].project.as_ref().unwrap().full_path, "g/sub/down");
    let stages = pipeline.stages.unwrap();
    let all_jobs: Vec<_> = stages
        .iter()
        .flat_map(|s| {
            s.groups
                .as_ref()
                .unwrap()
                .iter()
                .flat_map(|g| g.jobs.as_ref().unwrap().iter().cloned().collect::<Vec<_>>())
                .collect::<Vec<_>>()
        })
        .collect();
    let flaky_now = all_jobs.iter().find(|j| j.name.as_deref() == Some("flaky")).unwrap();
    assert_eq!(flaky_now.retried, Some(false), "the graph shows the latest attempt");
    let child = all_jobs.iter().find(|j| j.name.as_deref() == Some("child")).unwrap();
    assert_eq!(child.downstream_pipeline.as_ref().unwrap().project.as_ref().unwrap().full_path, "g/sub/down");
}

#[test]
fn project_pipelines_newest_first_with_paging_and_ref() {
    let h = Harness::start();
    for r in ["main", "feature/x", "main"] {
        h.call("t-api", &CreatePipeline::new("g/app", r)).unwrap();
        h.sim.advance(10);
    }
    let data = h.call("t-api", &project_pipelines("g/app", 2, None)).unwrap();
    let pipelines = data.project.unwrap().pipelines.unwrap();
    let iids: Vec<_> = pipelines.nodes.iter().flatten().map(|p| p.iid.clone()).collect();
    assert_eq!(iids, ["3", "2"]);
    assert!(pipelines.page_info.has_next_page);
    let data = h.call("t-api", &project_pipelines("g/app", 10, Some("main"))).unwrap();
    let iids: Vec<_> = data.project.unwrap().pipelines.unwrap().nodes.iter().flatten().map(|p| p.iid.clone()).collect();
    assert_eq!(iids, ["3", "1"]);
}

#[test]
fn hidden_projects_are_null_and_bad_tokens_401() {
    let h = Harness::start();
    let data = h.call("t-api", &project_pipelines("secret/hidden", 5, None)).unwrap();
    assert!(data.project.is_none());
    assert_eq!(h.call("nope", &project_pipelines("g/app", 5, None)).unwrap_err(), ApiError::Unauthorized);
    // Anonymous callers see public projects.
    let anon = h.client(None);
    let public = pollster::block_on(anon.call(&h.transport, &project_pipelines("g/pub", 5, None))).unwrap();
    assert_eq!(public.project.unwrap().pipelines.unwrap().nodes.len(), 1);
}

#[test]
fn complexity_and_depth_limits() {
    let h = Harness::start();
    // Many aliased fields: over the authenticated complexity limit of 250.
    let fields: String = (0..300).map(|i| format!("a{i}: name ")).collect();
    let query: &'static str =
        Box::leak(format!("query {{ project(fullPath: \"g/app\") {{ {fields} }} }}").into_boxed_str());
    let err = h.call("t-api", &GraphQl::<serde_json::Value>::new(query, serde_json::json!({}))).unwrap_err();
    assert!(
        matches!(&err, ApiError::GraphQl { messages } if messages[0].to_lowercase().contains("complex")),
        "{err:?}"
    );
    // 16 levels: allowed with a token (20), refused without one (15).
    let mut deep = String::from("name");
    for _ in 0..7 {
        deep = format!("pipeline(iid: \"1\") {{ project {{ {deep} }} }}");
    }
    let query: &'static str =
        Box::leak(format!("query {{ project(fullPath: \"g/pub\") {{ {deep} }} }}").into_boxed_str());
    assert!(h.call("t-api", &GraphQl::<serde_json::Value>::new(query, serde_json::json!({}))).is_ok());
    let anon = h.client(None);
    let err =
        pollster::block_on(anon.call(&h.transport, &GraphQl::<serde_json::Value>::new(query, serde_json::json!({}))))
            .unwrap_err();
    assert!(matches!(&err, ApiError::GraphQl { messages } if messages[0].to_lowercase().contains("deep")), "{err:?}");
}

#[test]
fn queries_by_get_too() {
    let h = Harness::start();
    let client = h.client(Some("t-api"));
    let mut request = pipelens_gitlab_api::Request::get("/api/graphql")
        .query("query", "query($p: ID!) { project(fullPath: $p) { fullPath } }")
        .query("variables", r#"{"p": "g/app"}"#);
    request.origin = client.base().origin().to_string();
    let response = pollster::block_on(client.execute(&h.transport, &request)).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(body, serde_json::json!({"data": {"project": {"fullPath": "g/app"}}}));
}

#[test]
fn wall_pages_projects_with_their_latest_pipeline() {
    let mut yaml =
        String::from("users: [{username: dev}]\ntokens: [{token: t, user: dev, scopes: [read_api]}]\nprojects:\n");
    for i in 0..30 {
        yaml.push_str(&format!(
            "  - {{path: wall/p{i:02}, jobs: [{{name: x, duration: 10}}], pipelines: [{{created: -{}}}]}}\n",
            5 + i
        ));
    }
    let h = Harness::with(&yaml);
    let filter = WallFilter { search: Some("wall/".into()), ..Default::default() };
    let first = h.call("t", &wall(&filter, 20, None)).unwrap().projects.unwrap();
    assert_eq!(first.nodes.len(), 20);
    assert!(first.page_info.has_next_page);
    let rest = h.call("t", &wall(&filter, 20, first.page_info.end_cursor.as_deref())).unwrap().projects.unwrap();
    assert_eq!(rest.nodes.len(), 10);
    assert!(!rest.page_info.has_next_page);
    let p00 = first.nodes.iter().flatten().find(|p| p.full_path == "wall/p00").unwrap();
    let latest = p00.pipelines.as_ref().unwrap().iter().next().unwrap();
    assert_eq!(latest.status, Status::Running, "created 5 s ago with a 10 s job");
    // By global id.
    let by_id = WallFilter { ids: Some(vec![p00.id.clone()]), ..Default::default() };
    let one = h.call("t", &wall(&by_id, 20, None)).unwrap().projects.unwrap();
    assert_eq!(one.nodes.iter().flatten().map(|p| p.full_path.as_str()).collect::<Vec<_>>(), ["wall/p00"]);
}

/// Every field `PipelineGraph` asks is served with GitLab's shape (a field the simulator lacked would
/// answer `errors`), and a `trigger:include` job's child pipeline runs in the parent's project with its
/// own jobs.
#[test]
fn the_whole_pipeline_graph_document_and_a_child_pipeline() {
    let yaml = r#"
users: [{username: dev}]
tokens: [{token: t, user: dev, scopes: [api]}]
projects:
  - path: g/mono
    jobs:
      - {name: build, stage: build, queue: 1, duration: 5}
      - {name: docs, stage: test, needs: [build], child: [{name: spell, stage: test, duration: 5}]}
      - {name: ship, stage: deploy, when: manual}
    pipelines: [{created: 0}]
"#;
    let h = support::Harness::with(yaml);
    let document = pipelens_gitlab_api::endpoints::documents::PIPELINE_GRAPH;
    let query = |path: &str, iid: &str| {
        let vars = serde_json::json!({"fullPath": path, "iid": iid});
        h.call("t", &GraphQl::<serde_json::Value>::new(document, vars)).unwrap()
    };
    h.sim.advance(10);
    let data = query("g/mono", "1");
    let p = &data["project"]["pipeline"];
    for field in ["id", "iid", "status", "path", "retryable", "cancelable", "stages", "retriedJobs", "downstream"] {
        assert!(p.get(field).is_some(), "{field} missing: {p}");
    }
    let jobs: Vec<&serde_json::Value> = p["stages"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["groups"]["nodes"].as_array().unwrap())
        .flat_map(|g| g["jobs"]["nodes"].as_array().unwrap())
        .collect();
    let job = |n: &str| *jobs.iter().find(|j| j["name"] == n).unwrap();
    assert_eq!(job("build")["schedulingType"], "stage");
    assert_eq!(job("docs")["schedulingType"], "dag");
    assert_eq!(job("ship")["manualJob"], true);
    assert_eq!(job("docs")["kind"], "BRIDGE");
    let child = &job("docs")["downstreamPipeline"];
    assert_eq!(child["project"]["fullPath"], "g/mono", "a child pipeline runs in the parent's project");
    let iid = child["iid"].as_str().unwrap().to_string();
    let inner = query("g/mono", &iid);
    let inner_jobs: Vec<&str> = inner["project"]["pipeline"]["stages"]["nodes"][0]["groups"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(inner_jobs, ["spell"], "the child's own jobs, not the parent's");
    let w = h.sim.lock();
    let source = &w.pipelines.iter().find(|x| x.iid.to_string() == iid).unwrap().source;
    assert_eq!(source, "parent_pipeline");
}
