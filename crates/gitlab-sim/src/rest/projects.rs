//! `GET /projects`, `GET /groups/:id/projects`, `GET /projects/:id` (`doc/api/projects.md`, `doc/api/groups.md`).

use super::{base_url, ok, render, Fail, Params, Reply};
use crate::auth::Caller;
use crate::pagination;
use crate::world::{Project, World};
use crate::Sim;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;

/// `membership`, `search` (name, path, description), `archived`, ordered by `order_by` (`created_at`
/// by default, `desc`), as `doc/api/projects.md` lists them.
pub async fn list(State(sim): State<Sim>, headers: HeaderMap, Query(q): Query<Vec<(String, String)>>) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let params = Params::new(q);
    let membership = params.flag("membership").unwrap_or(false);
    let projects = w.projects.iter().filter(|p| if membership { caller.is_member(p) } else { caller.can_see(p) });
    Ok(render_list(&w, projects.collect(), &params, &headers, "/api/v4/projects"))
}

/// Projects of a group; with `include_subgroups=true` also those of its subgroups.
pub async fn group_projects(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(group): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let params = Params::new(q);
    let g = match group.parse::<u64>() {
        Ok(id) => w.groups.iter().find(|g| g.id == id),
        Err(_) => w.groups.iter().find(|g| g.full_path.eq_ignore_ascii_case(&group)),
    }
    .ok_or_else(|| Fail::not_found("Group"))?;
    let subgroups = params.flag("include_subgroups").unwrap_or(false);
    let prefix = format!("{}/", g.full_path);
    let projects: Vec<&Project> = w
        .projects
        .iter()
        .filter(|p| caller.can_see(p))
        .filter(|p| p.namespace() == g.full_path || (subgroups && p.namespace().starts_with(&prefix)))
        .collect();
    let path = format!("/api/v4/groups/{}/projects", crate::rest::repository::encode_segment(&group));
    Ok(render_list(&w, projects, &params, &headers, &path))
}

fn render_list(
    w: &World,
    mut projects: Vec<&Project>,
    params: &Params,
    headers: &HeaderMap,
    path: &str,
) -> axum::response::Response {
    if let Some(s) = params.get("search").map(str::to_lowercase) {
        projects.retain(|p| {
            p.name.to_lowercase().contains(&s)
                || p.full_path.to_lowercase().contains(&s)
                || p.description.to_lowercase().contains(&s)
        });
    }
    if let Some(a) = params.flag("archived") {
        projects.retain(|p| p.archived == a);
    }
    match params.get("order_by").unwrap_or("id") {
        "name" => projects.sort_by(|a, b| a.name.cmp(&b.name)),
        "path" => projects.sort_by(|a, b| a.full_path.cmp(&b.full_path)),
        "id" => projects.sort_by_key(|p| p.id),
        // The newest pipeline change, as the project's `last_activity_at` is rendered.
        "last_activity_at" => projects.sort_by_key(|p| (render::last_activity(w, p), p.id)),
        _ => projects.sort_by_key(|p| (p.created_at, p.id)),
    }
    if params.get("sort").unwrap_or("desc") == "desc" {
        projects.reverse();
    }
    let base = base_url(headers);
    let items = projects.iter().map(|p| render::project(w, p, &base)).collect();
    pagination::page(items, params, &base, path)
}

pub async fn show(State(sim): State<Sim>, headers: HeaderMap, Path(id): Path<String>) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &id)?;
    ok(render::project(&w, p, &base_url(&headers)))
}
