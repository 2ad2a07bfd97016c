//! One look at GitLab for a wall: each source's projects with their default branch, a page of up to 100 at
//! a time (`wall_group.graphql`, `wall_projects.graphql`); for the sources that ask for other refs, those
//! projects' branches, tags, open merge requests and schedules (`wall_refs.graphql`, by project id, pages
//! shrunk to GitLab's complexity limit); then the details of the pipelines that changed
//! (`wall_details.graphql` for default branches, `wall_ref_details.graphql` for the other refs, up to 100
//! projects a query). A source that fails is named in the snapshot and the others still show; the tiles
//! it had stay until it answers again.

use crate::services::gitlab::{fetch, Connection, Connections};
use pipelens_gitlab_api::endpoints::{
    wall_details, wall_group, wall_projects, wall_ref_details, wall_refs, GetProject, GraphQl, RefKinds,
};
use pipelens_gitlab_api::time::{epoch_seconds, iso_utc};
use pipelens_gitlab_api::{ApiError, Client};
use pipelens_wall::config::{RefFilter, SourceKind, WallConfig};
use pipelens_wall::poll;
use pipelens_wall::snapshot::Snapshot;
use pipelens_wall::tiles::{self, RefKind, Tile};
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
/// connection in the answer, `tiles` reads a node.
async fn pages(
    client: &Client,
    key: &str,
    look: &mut Look,
    page: &dyn Fn(u32, Option<&str>) -> GraphQl<Value>,
    at: &dyn Fn(&Value) -> &Value,
    tiles: &dyn Fn(&Value) -> Vec<Tile>,
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
        out.extend(connection["nodes"].as_array().into_iter().flatten().flat_map(tiles));
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

/// What the sources ask of a project beyond its default-branch tile: the first source that lists it decides.
struct Wanted {
    /// Which source (index in the configuration).
    source: usize,
    default_branch: String,
}

/// Looks at every source of `config`, then asks details for what changed since `previous`.
pub async fn look(connections: &Connections, config: &WallConfig, previous: &Snapshot, now_ms: f64) -> Snapshot {
    let mut look = Look { tiles: Vec::new(), requests: 0, score: 0, errors: Vec::new(), throttled: false };
    let filter = match config.filter() {
        Ok(f) => f,
        Err(e) => return Snapshot { errors: vec![e], at_ms: now_ms, ..previous.clone() },
    };
    let ref_filters: Vec<RefFilter> = match config.sources.iter().map(|s| s.refs.filter()).collect() {
        Ok(f) => f,
        Err(e) => return Snapshot { errors: vec![e], at_ms: now_ms, ..previous.clone() },
    };
    // Sources by instance, so each instance's explicit projects go in one query.
    let mut instances: Vec<&str> = config.sources.iter().map(|s| s.instance.as_str()).collect();
    instances.dedup();
    let mut failed_instances: Vec<String> = Vec::new();
    // Per instance and project id: which source listed it first.
    let mut wanted: HashMap<(String, String), Wanted> = HashMap::new();
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
        let default_tile = |n: &Value| Tile::from_node(&base, n).into_iter().collect::<Vec<_>>();
        let mut explicit = Vec::new();
        for (index, source) in config.sources.iter().enumerate().filter(|(_, s)| s.instance == instance) {
            let key = format!("{base}\n{:?}", source.kind);
            let result = match &source.kind {
                SourceKind::Group(g) => {
                    let page = |n, a: Option<&str>| wall_group(g, n, a);
                    pages(&client, &key, &mut look, &page, &|d| &d["group"]["projects"], &default_tile).await
                }
                SourceKind::Topic(t) => {
                    let topics = [t.clone()];
                    let page = |n, a: Option<&str>| wall_projects(None, Some(&topics), n, a);
                    pages(&client, &key, &mut look, &page, &|d| &d["projects"], &default_tile).await
                }
                SourceKind::Project(p) => {
                    explicit.push((index, p.clone()));
                    continue;
                }
            };
            match result {
                Ok(t) => claim(&mut wanted, index, &t, &mut look.tiles),
                Err(e) => {
                    note(&mut look, source.kind.parts().1, &e);
                    failed_instances.push(base.clone());
                }
            }
        }
        if !explicit.is_empty() {
            let paths: Vec<String> = explicit.iter().map(|(_, p)| p.clone()).collect();
            let ids = explicit_ids(&client, &base, &paths, &mut look).await;
            for chunk in ids.chunks(poll::MAX_PAGE as usize) {
                let key = format!("{base}\nids");
                let page = |n, a: Option<&str>| wall_projects(Some(chunk), None, n, a);
                match pages(&client, &key, &mut look, &page, &|d| &d["projects"], &default_tile).await {
                    Ok(t) => {
                        for tile in t {
                            // The source that named this project.
                            let index = explicit.iter().find(|(_, p)| *p == tile.project).map_or(0, |(i, _)| *i);
                            claim(&mut wanted, index, std::slice::from_ref(&tile), &mut look.tiles);
                        }
                    }
                    Err(e) => {
                        note(&mut look, "projects", &e);
                        failed_instances.push(base.clone());
                    }
                }
            }
        }
        if let Err(e) = other_refs(&client, &base, config, &ref_filters, &wanted, &mut look).await {
            note(&mut look, "branches, tags, merge requests and schedules", &e);
            failed_instances.push(base.clone());
        }
    }
    // Default-branch tiles of sources that asked for other refs only.
    look.tiles.retain(|t| {
        t.kind != RefKind::DefaultBranch
            || wanted
                .get(&(t.instance.clone(), t.gid.clone()))
                .is_none_or(|w| config.sources[w.source].refs.default_branch)
    });
    // One tile per project and ref (a project may be in two sources), the filter applied.
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
    tiles::carry_settled(&previous.tiles, &mut look.tiles);
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

/// Adds a source's default-branch tiles, noting the source for projects no earlier source listed.
fn claim(wanted: &mut HashMap<(String, String), Wanted>, source: usize, found: &[Tile], tiles: &mut Vec<Tile>) {
    for t in found {
        wanted
            .entry((t.instance.clone(), t.gid.clone()))
            .or_insert_with(|| Wanted { source, default_branch: t.git_ref.clone() });
    }
    tiles.extend_from_slice(found);
}

/// The other refs of this instance's projects whose source asks for them: `WallRefs` over their ids, 100
/// a page, asking for every kind any of them wants (each source's filter keeps its own).
async fn other_refs(
    client: &Client,
    base: &str,
    config: &WallConfig,
    filters: &[RefFilter],
    wanted: &HashMap<(String, String), Wanted>,
    look: &mut Look,
) -> Result<(), ApiError> {
    let mut kinds = RefKinds::default();
    let mut ids: Vec<String> = Vec::new();
    for ((instance, gid), w) in wanted {
        let k = config.sources[w.source].refs.kinds();
        if instance == base && k.any() {
            kinds.branches |= k.branches;
            kinds.tags |= k.tags;
            kinds.merge_requests |= k.merge_requests;
            kinds.schedules |= k.schedules;
            ids.push(gid.clone());
        }
    }
    ids.sort();
    for chunk in ids.chunks(poll::MAX_PAGE as usize) {
        let key = format!("{base}\nrefs {kinds:?}");
        let page = |n, a: Option<&str>| wall_refs(chunk, kinds, n, a);
        let read = |node: &Value| {
            let Some(w) = node["id"].as_str().and_then(|gid| wanted.get(&(base.to_string(), gid.to_string()))) else {
                return Vec::new();
            };
            tiles::ref_tiles(base, node, &filters[w.source], &w.default_branch)
        };
        let found = pages(client, &key, look, &page, &|d| &d["projects"], &read).await?;
        look.tiles.extend(found);
    }
    Ok(())
}

/// Stages and failed jobs of the pipelines that changed, 100 projects a query per instance: default
/// branches by `WallDetails`, other refs by `WallRefDetails` (the project's pipelines updated since just
/// before the oldest change).
async fn details(connections: &Connections, previous: &Snapshot, look: &mut Look) {
    /// Per instance: projects whose default branch changed, projects with another ref changed, and the
    /// oldest of those changes.
    #[derive(Default)]
    struct Changed {
        default: Vec<String>,
        other: Vec<String>,
        since: Option<f64>,
    }
    let mut by_instance: HashMap<String, Changed> = HashMap::new();
    for t in tiles::changed(&previous.tiles, &look.tiles) {
        let Changed { default, other, since } = by_instance.entry(t.instance.clone()).or_default();
        if t.kind == RefKind::DefaultBranch {
            default.push(t.gid.clone());
        } else {
            if !other.contains(&t.gid) {
                other.push(t.gid.clone());
            }
            let updated = epoch_seconds(&t.updated_at).unwrap_or(0.0);
            *since = Some(since.map_or(updated, |s: f64| s.min(updated)));
        }
    }
    for (instance, Changed { default, other, since }) in by_instance {
        let Some(client) = connections.for_instance(Some(&instance)).and_then(|c| c.client().ok()) else { continue };
        for chunk in default.chunks(poll::MAX_PAGE as usize) {
            match graphql(&client, &wall_details(chunk), look).await {
                Ok(data) => {
                    for node in data["projects"]["nodes"].as_array().into_iter().flatten() {
                        let Some((gid, d)) = tiles::details_from_node(node) else { continue };
                        let tile = look
                            .tiles
                            .iter_mut()
                            .find(|t| t.instance == instance && t.gid == gid && t.kind == RefKind::DefaultBranch);
                        if let Some(t) = tile.filter(|t| t.pipeline == Some(d.pipeline)) {
                            t.details = Some(d);
                        }
                    }
                }
                Err(e) => note(look, "details", &e),
            }
        }
        // GitLab's `updatedAfter` includes its time (`gteq`); a second earlier also covers a time GitLab
        // rounds differently.
        let since = iso_utc(since.unwrap_or(0.0) as i64 - 1);
        for chunk in other.chunks(poll::MAX_PAGE as usize) {
            match graphql(&client, &wall_ref_details(chunk, &since), look).await {
                Ok(data) => {
                    for node in data["projects"]["nodes"].as_array().into_iter().flatten() {
                        let gid = node["id"].as_str().unwrap_or_default();
                        for d in tiles::ref_details_from_node(node) {
                            for t in look.tiles.iter_mut().filter(|t| {
                                t.instance == instance
                                    && t.gid == gid
                                    && t.kind != RefKind::DefaultBranch
                                    && t.pipeline == Some(d.pipeline)
                            }) {
                                t.details = Some(d.clone());
                            }
                        }
                    }
                }
                Err(e) => note(look, "details", &e),
            }
        }
    }
}
