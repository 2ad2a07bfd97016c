//! The wall's documents against the simulator: a group of 1,000 projects paged 100 at a time under
//! GitLab's complexity limit (the score read from `queryComplexity`), the details query, and a query
//! over the limit refused with GitLab's message.

mod support;

use pipelens_gitlab_api::endpoints::{wall_details, wall_group, wall_projects, GraphQl};
use pipelens_gitlab_api::ApiError;
use pipelens_gitlab_sim::scenario::wall_yaml;
use serde_json::Value;
use support::Harness;

fn nodes(page: &Value) -> Vec<Value> {
    page["nodes"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_thousand_projects_in_ten_pages_under_the_complexity_limit() {
    let h = Harness::with(&wall_yaml("big", 1000));
    let mut after: Option<String> = None;
    let mut seen = Vec::new();
    let mut requests = 0;
    loop {
        let data = h.call("wall-read", &wall_group("big", 100, after.as_deref())).unwrap();
        requests += 1;
        let score = data["queryComplexity"]["score"].as_i64().unwrap();
        assert_eq!(data["queryComplexity"]["limit"], 250);
        assert!(score > 40 && score <= 250, "score {score}");
        let page = &data["group"]["projects"];
        seen.extend(nodes(page));
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(String::from);
    }
    assert_eq!(requests, 10);
    assert_eq!(seen.len(), 1000, "subgroups included");
    let p = seen.iter().find(|p| p["fullPath"] == "big/service-0007").unwrap();
    assert_eq!(p["repository"]["rootRef"], "main");
    let commit = &p["repository"]["tree"]["lastCommit"];
    assert_eq!(commit["authorName"], "Wall Watcher");
    let pipeline = &commit["pipelines"]["nodes"][0];
    assert_eq!(pipeline["ref"], "main");
    assert!(pipeline["status"].is_string());
    // Details for a few projects by id: stages in order, the failed job named.
    let failed: Vec<String> = seen
        .iter()
        .filter(|p| p["repository"]["tree"]["lastCommit"]["pipelines"]["nodes"][0]["status"] == "FAILED")
        .map(|p| p["id"].as_str().unwrap().to_string())
        .take(5)
        .collect();
    assert!(!failed.is_empty(), "every seventh project fails");
    let details = h.call("wall-read", &wall_details(&failed)).unwrap();
    for p in nodes(&details["projects"]) {
        let pl = &p["repository"]["tree"]["lastCommit"]["pipelines"]["nodes"][0];
        let stages: Vec<&str> =
            pl["stages"]["nodes"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(stages, ["build", "test"]);
        assert_eq!(pl["jobs"]["nodes"][0]["name"], "test");
    }
    let by_ids = h.call("wall-read", &wall_projects(Some(&failed), None, 100, None)).unwrap();
    assert_eq!(nodes(&by_ids["projects"]).len(), failed.len());
}

#[test]
fn a_query_over_the_limit_gets_gitlab_s_message() {
    let h = Harness::with(&wall_yaml("big", 3));
    // Five connections of 100 nested, each doubling its children's cost: (((21 + 2) × 2 + 2) × 2 …) > 250.
    let job = "id name status allowFailure duration startedAt finishedAt createdAt webPath retried retryable \
               cancelable playable active scheduled manualJob refName shortSha tags queuedAt";
    let heavy = format!(
        "query {{ projects(first: 100) {{ nodes {{ pipelines(first: 100) {{ nodes {{ stages {{ nodes {{ \
         groups {{ nodes {{ jobs {{ nodes {{ {job} }} }} }} }} }} }} }} }} }} }} }}"
    );
    let heavy: &'static str = Box::leak(heavy.into_boxed_str());
    let q: GraphQl<Value> = GraphQl::new(heavy, serde_json::json!({}));
    match h.call("wall-read", &q) {
        Err(ApiError::GraphQl { messages }) => {
            assert_eq!(messages.len(), 1);
            let m = &messages[0];
            assert!(
                m.starts_with("Query has complexity of ") && m.ends_with(", which exceeds max complexity of 250"),
                "{m}"
            );
        }
        other => panic!("expected GitLab's complexity error, got {other:?}"),
    }
    // Without a token the limit is 200.
    let light: GraphQl<Value> = GraphQl::new("query { queryComplexity { score limit } }", serde_json::json!({}));
    let anon = pollster::block_on(h.client(None).call(&h.transport, &light)).unwrap();
    assert_eq!(anon["queryComplexity"]["limit"], 200);
    assert_eq!(anon["queryComplexity"]["score"], 3, "the field and its two scalars");
}
