//! One look at GitLab for a wall: each source's projects, a page of up to 100 at a time
//! (`wall_group.graphql`, `wall_projects.graphql`), then the details of the pipelines that changed
//! (`wall_details.graphql`, up to 100 projects a query). A source that fails is named in the snapshot
//! and the others still show; the tiles it had stay until it answers again.

use super::config::{SourceKind, WallConfig};
use super::poll;
use super::snapshot::Snapshot;
use super::tiles::{self, Tile};
use crate::services::gitlab::{fetch, Connection, Connections};
use pipelens_gitlab_api::endpoints::{wall_details, wall_group, wall_projects, GetProject, GraphQl};
use pipelens_gitlab_api::{ApiError, Client};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;

/// Pages a source may take in one look (100 projects each): 5,000 projects.
const MAX_PAGES: u32 = 50;

thread_local! {
    /// Page sizes per source, shrunk when GitLab's score nears its limit.
    static PAGE: RefCell<HashMap<String, u32>> = RefCell::new(HashMap::new());
    /// Explicit projects' global ids, looked up once (`GET /projects/:path`).
    static IDS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

struct Look {
    tiles: Vec<Tile>,
    requests: u32,
    score: u32,
    errors: Vec<String>,
    throttled: bool,
}

/// A query's `data`, or GraphQL's errors as an `ApiError`.
async fn graphql(client: &Client, endpoint: &GraphQl<Value>, look: &mut Look) -> Result<Value, ApiError> {
    look.requests += 1;
    let (mut value, _) = fetch::json(client, &client.prepare(endpoint)).await?;
    let messages: Vec<String> = value["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["message"].as_str().map(String::from))
        .collect();
    if !messages.is_empty() {
        return Err(ApiError::GraphQl { messages });
    }
    if let Some(score) = value["data"]["queryComplexity"]["score"].as_u64() {
        look.score = look.score.max(score as u32);
    }
    Ok(value["data"].take())
}

fn describe(source: &str, e: &ApiError) -> String {
    format!("{source}: {}", crate::services::gitlab::errors::describe(e, ""))
}

/// Every page of one query shape; `page` builds the query for a size and a cursor, `at` finds the
/// connection in the answer.
async fn pages(
    client: &Client,
    key: &str,
    look: &mut Look,
    instance: &str,
    page: &dyn Fn(u32, Option<&str>) -> GraphQl<Value>,
    at: &dyn Fn(&Value) -> &Value,
) -> Result<Vec<Tile>, ApiError> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let size = PAGE.with(|p| p.borrow().get(key).copied().unwrap_or(poll::MAX_PAGE));
        let data = match graphql(client, &page(size, after.as_deref()), look).await {
            Err(ApiError::GraphQl { messages }) if poll::is_complexity_error(&messages) && size > poll::MIN_PAGE => {
                PAGE.with(|p| p.borrow_mut().insert(key.to_string(), poll::next_page(size, None, 250, true)));
                continue;
            }
            other => other?,
        };
        let limit = data["queryComplexity"]["limit"].as_u64().unwrap_or(250) as u32;
        let score = data["queryComplexity"]["score"].as_u64().map(|s| s as u32);
        PAGE.with(|p| p.borrow_mut().insert(key.to_string(), poll::next_page(size, score, limit, false)));
        let connection = at(&data);
        out.extend(connection["nodes"].as_array().into_iter().flatten().filter_map(|n| Tile::from_node(instance, n)));
        if connection["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = connection["pageInfo"]["endCursor"].as_str().map(String::from);
    }
    Ok(out)
}

async fn explicit_ids(client: &Client, instance: &str, paths: &[String], look: &mut Look) -> Vec<String> {
    let mut ids = Vec::new();
    for path in paths {
        let key = format!("{instance}\n{path}");
        if let Some(id) = IDS.with(|m| m.borrow().get(&key).cloned()) {
            ids.push(id);
            continue;
        }
        look.requests += 1;
        match fetch::get(client, &GetProject::new(path.as_str())).await {
            Ok(v) => {
                if let Some(n) = v["id"].as_u64() {
                    let id = format!("gid://gitlab/Project/{n}");
                    IDS.with(|m| m.borrow_mut().insert(key, id.clone()));
                    ids.push(id);
                }
            }
            Err(e) => look.errors.push(describe(path, &e)),
        }
    }
    ids
}

fn note(look: &mut Look, source: &str, e: &ApiError) {
    look.throttled |= matches!(e, ApiError::RateLimited { .. }) || e.is_retryable();
    look.errors.push(describe(source, e));
}

/// Looks at every source of `config`, then asks details for what changed since `previous`.
pub async fn look(connections: &Connections, config: &WallConfig, previous: &Snapshot, now_ms: f64) -> Snapshot {
    let mut look = Look { tiles: Vec::new(), requests: 0, score: 0, errors: Vec::new(), throttled: false };
    let filter = match config.filter() {
        Ok(f) => f,
        Err(e) => return Snapshot { errors: vec![e], at_ms: now_ms, ..previous.clone() },
    };
    // Sources by instance, so each instance's explicit projects go in one query.
    let mut instances: Vec<&str> = config.sources.iter().map(|s| s.instance.as_str()).collect();
    instances.dedup();
    let mut failed_instances: Vec<String> = Vec::new();
    for instance in instances {
        let connection: Option<&Connection> = connections.for_instance((!instance.is_empty()).then_some(instance));
        let Some(connection) = connection else {
            look.errors.push(format!(
                "{}: not connected (connect to it with a token first).",
                if instance.is_empty() { "GitLab" } else { instance }
            ));
            failed_instances.push(instance.to_string());
            continue;
        };
        let base = connection.base_url.clone();
        let client = match connection.client() {
            Ok(c) => c,
            Err(e) => {
                note(&mut look, &base, &e);
                failed_instances.push(base);
                continue;
            }
        };
        let mut explicit = Vec::new();
        for source in config.sources.iter().filter(|s| s.instance == instance) {
            let key = format!("{base}\n{:?}", source.kind);
            let result = match &source.kind {
                SourceKind::Group(g) => {
                    pages(&client, &key, &mut look, &base, &|n, a| wall_group(g, n, a), &|d| &d["group"]["projects"])
                        .await
                }
                SourceKind::Topic(t) => {
                    let topics = [t.clone()];
                    pages(&client, &key, &mut look, &base, &|n, a| wall_projects(None, Some(&topics), n, a), &|d| {
                        &d["projects"]
                    })
                    .await
                }
                SourceKind::Project(p) => {
                    explicit.push(p.clone());
                    continue;
                }
            };
            match result {
                Ok(t) => look.tiles.extend(t),
                Err(e) => {
                    let label = match &source.kind {
                        SourceKind::Group(g) | SourceKind::Topic(g) | SourceKind::Project(g) => g.clone(),
                    };
                    note(&mut look, &label, &e);
                    failed_instances.push(base.clone());
                }
            }
        }
        if !explicit.is_empty() {
            let ids = explicit_ids(&client, &base, &explicit, &mut look).await;
            for chunk in ids.chunks(poll::MAX_PAGE as usize) {
                let key = format!("{base}\nids");
                match pages(&client, &key, &mut look, &base, &|n, a| wall_projects(Some(chunk), None, n, a), &|d| {
                    &d["projects"]
                })
                .await
                {
                    Ok(t) => look.tiles.extend(t),
                    Err(e) => {
                        note(&mut look, "projects", &e);
                        failed_instances.push(base.clone());
                    }
                }
            }
        }
    }
    // One tile per project (a project may be in two sources), the filter applied.
    look.tiles.retain(|t| filter.keeps(&t.project));
    look.tiles.sort_by_key(Tile::key);
    look.tiles.dedup_by(|a, b| a.key() == b.key());
    // A source that failed keeps the tiles it had.
    for old in &previous.tiles {
        if failed_instances.contains(&old.instance) && !look.tiles.iter().any(|t| t.key() == old.key()) {
            look.tiles.push(old.clone());
        }
    }
    tiles::carry_details(&previous.tiles, &mut look.tiles);
    details(connections, previous, &mut look).await;
    tiles::sort(&mut look.tiles);
    let ok = look.errors.is_empty();
    Snapshot {
        tiles: look.tiles,
        at_ms: now_ms,
        ok_ms: if ok { Some(now_ms) } else { previous.ok_ms },
        requests: look.requests,
        score: look.score,
        errors: look.errors,
        failures: if ok { 0 } else { previous.failures + 1 },
        throttled: look.throttled,
    }
}

/// Stages and failed jobs of the pipelines that changed, 100 projects a query per instance.
async fn details(connections: &Connections, previous: &Snapshot, look: &mut Look) {
    let changed: Vec<(String, String)> =
        tiles::changed(&previous.tiles, &look.tiles).iter().map(|t| (t.instance.clone(), t.gid.clone())).collect();
    let mut by_instance: HashMap<String, Vec<String>> = HashMap::new();
    for (instance, gid) in changed {
        by_instance.entry(instance).or_default().push(gid);
    }
    for (instance, gids) in by_instance {
        let Some(client) = connections.for_instance(Some(&instance)).and_then(|c| c.client().ok()) else { continue };
        for chunk in gids.chunks(poll::MAX_PAGE as usize) {
            match graphql(&client, &wall_details(chunk), look).await {
                Ok(data) => {
                    for node in data["projects"]["nodes"].as_array().into_iter().flatten() {
                        let Some((gid, d)) = tiles::details_from_node(node) else { continue };
                        if let Some(t) = look.tiles.iter_mut().find(|t| t.instance == instance && t.gid == gid) {
                            if t.pipeline == Some(d.pipeline) {
                                t.details = Some(d);
                            }
                        }
                    }
                }
                Err(e) => note(look, "details", &e),
            }
        }
    }
}
