//! The wall's documents against the simulator: a group of 1,000 projects paged 100 at a time under
//! GitLab's complexity limit (the score read from `queryComplexity`), the details query, and a query
//! over the limit refused with GitLab's message.

mod support;

use pipelens_gitlab_api::endpoints::{
    wall_details, wall_group, wall_projects, wall_ref_details, wall_refs, GraphQl, RefKinds,
};
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

/// Project global ids by full path, from a `WallGroup` page.
fn ids(h: &Harness, group: &str) -> Vec<(String, String)> {
    let data = h.call("wall-read", &wall_group(group, 100, None)).unwrap();
    let mut out: Vec<(String, String)> = nodes(&data["group"]["projects"])
        .iter()
        .map(|p| (p["fullPath"].as_str().unwrap().to_string(), p["id"].as_str().unwrap().to_string()))
        .collect();
    out.sort();
    out
}

fn refs_of(list: &Value) -> Vec<String> {
    nodes(list).iter().map(|p| p["ref"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn other_refs_are_the_latest_pipeline_per_branch_and_tag_open_merge_requests_and_active_schedules() {
    let h = Harness::with(&wall_yaml("w", 4));
    let ids = ids(&h, "w");
    let all: Vec<String> = ids.iter().map(|(_, id)| id.clone()).collect();
    let every = RefKinds { branches: true, tags: true, merge_requests: true, schedules: true };
    let data = h.call("wall-read", &wall_refs(&all, every, 100, None)).unwrap();
    let by_path = |path: &str| {
        nodes(&data["projects"]).into_iter().find(|n| n["fullPath"] == path).unwrap_or_else(|| panic!("{path}"))
    };
    // service-0001: main and release/1.4 (its newer pipeline only), newest first; the tag.
    let one = by_path("w/service-0001");
    assert_eq!(refs_of(&one["branches"]), ["main", "release/1.4"]);
    assert_eq!(refs_of(&one["tags"]), ["v1.4.0"]);
    let release_latest = {
        let w = h.sim.lock();
        let project = w.projects.iter().find(|p| p.full_path == "w/service-0001").unwrap().id;
        let ids: Vec<u64> = w
            .pipelines
            .iter()
            .filter(|p| p.project_id == project && p.git_ref == "release/1.4")
            .map(|p| p.id)
            .collect();
        assert_eq!(ids.len(), 2, "the scenario made two");
        *ids.iter().max().unwrap()
    };
    assert_eq!(nodes(&one["branches"])[1]["id"], format!("gid://gitlab/Ci::Pipeline/{release_latest}"));
    assert_eq!(nodes(&one["branches"])[1]["commit"]["title"], "Release 1.4");
    assert_eq!(nodes(&one["mergeRequests"]).len(), 0);
    // service-0002: the open merge request with its branch's pipeline at its head; the closed one is not listed.
    let two = by_path("w/service-0002");
    let mrs = nodes(&two["mergeRequests"]);
    assert_eq!(mrs.len(), 1);
    assert_eq!((mrs[0]["iid"].as_str(), mrs[0]["title"].as_str()), (Some("1"), Some("Login page")));
    assert_eq!(mrs[0]["sourceBranch"], "feature/login");
    assert_eq!(mrs[0]["headPipeline"]["ref"], "feature/login");
    assert_eq!(refs_of(&two["branches"]), ["main", "feature/login"]);
    // service-0003: the active schedule and its pipeline; the inactive one is not listed.
    let three = by_path("w/service-0003");
    let schedules = nodes(&three["pipelineSchedules"]);
    assert_eq!(schedules.len(), 1);
    assert_eq!((schedules[0]["description"].as_str(), schedules[0]["ref"].as_str()), (Some("Nightly"), Some("main")));
    let scheduled = {
        let w = h.sim.lock();
        w.pipelines.iter().find(|p| p.source == "schedule").unwrap().id
    };
    assert_eq!(schedules[0]["lastPipeline"]["id"], format!("gid://gitlab/Ci::Pipeline/{scheduled}"));
    assert_eq!(refs_of(&by_path("w/service-0004")["branches"]), ["main"]);
    // Kinds not asked for are not in the answer, and cost nothing.
    let none = h.call("wall-read", &wall_refs(&all, RefKinds::default(), 100, None)).unwrap();
    let node = &nodes(&none["projects"])[0];
    assert!(node.get("branches").is_none() && node.get("mergeRequests").is_none(), "{node}");
    let score = |d: &Value| d["queryComplexity"]["score"].as_u64().unwrap();
    assert!(score(&none) < score(&data), "{} < {}", score(&none), score(&data));
    let only_mrs = RefKinds { merge_requests: true, ..Default::default() };
    let some = h.call("wall-read", &wall_refs(&all, only_mrs, 100, None)).unwrap();
    assert!(score(&none) < score(&some) && score(&some) < score(&data));
    for first in [100, 50, 20] {
        let page = h.call("wall-read", &wall_refs(&all, every, first, None));
        let text = match &page {
            Ok(d) => format!("score {}", score(d)),
            Err(e) => format!("refused: {e}"),
        };
        println!("WallRefs, every kind, {first} projects a page: {text}; none: {}", score(&none));
    }
}

#[test]
fn ref_details_are_the_pipelines_updated_at_or_after_a_time() {
    let h = Harness::with(&wall_yaml("w", 7));
    let ids = ids(&h, "w");
    let (one, seven) = (ids[0].1.clone(), ids[6].1.clone());
    // The release branch's newer pipeline's update time: GitLab's `updatedAfter` includes it (`gteq`).
    let (since, expected) = {
        let w = h.sim.lock();
        let p1 = w.projects.iter().find(|p| p.full_path == "w/service-0001").unwrap().id;
        let release = w
            .pipelines
            .iter()
            .filter(|p| p.project_id == p1 && p.git_ref == "release/1.4")
            .max_by_key(|p| p.id)
            .unwrap();
        let since = release.updated_at;
        let mut expected: Vec<u64> =
            w.pipelines.iter().filter(|p| p.project_id == p1 && p.updated_at >= since).map(|p| p.id).collect();
        expected.sort_unstable_by(|a, b| b.cmp(a));
        assert!(expected.contains(&release.id));
        assert!(w.pipelines.iter().any(|p| p.project_id == p1 && p.updated_at < since), "some are older");
        (pipelens_gitlab_sim::clock::iso(since), expected)
    };
    let data = h.call("wall-read", &wall_ref_details(&[one.clone(), seven.clone()], &since)).unwrap();
    let projects = nodes(&data["projects"]);
    let of = |gid: &str| projects.iter().find(|p| p["id"] == gid).unwrap()["pipelines"].clone();
    let got: Vec<String> = nodes(&of(&one)).iter().map(|p| p["id"].as_str().unwrap().to_string()).collect();
    let want: Vec<String> = expected.iter().map(|i| format!("gid://gitlab/Ci::Pipeline/{i}")).collect();
    assert_eq!(got, want);
    assert!(!got.is_empty());
    // service-0007's test job fails: its stages and failed job, retried attempts left out.
    let p7 = nodes(&of(&seven));
    let latest = &p7[0];
    let stages: Vec<&str> =
        latest["stages"]["nodes"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(stages, ["build", "test"]);
    assert_eq!(latest["jobs"]["nodes"][0]["name"], "test");
}
