//! `POST /api/graphql` (and `GET` for queries), `doc/api/graphql/_index.md`: the subset of GitLab's
//! schema the app reads, on async-graphql. Limits as GitLab documents them: at most 100 nodes a page,
//! complexity 250 and depth 20 for an authenticated caller, 200 and 15 without a token. Complexity is
//! computed by GitLab's rules (`complexity.rs`) and refused with GitLab's message. Mutations are not served.

pub mod complexity;
mod connection;
pub mod merge_requests;
pub mod repository;
mod scalars;
pub mod schedules;
pub mod types;

use crate::auth::Caller;
use crate::rest::{base_url, Params};
use crate::Sim;
use async_graphql::{Context, EmptyMutation, EmptySubscription, Object, Schema, ID};
use axum::extract::{Query as QueryParams, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use connection::{slice, Window};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use types::{Project, ProjectConnection, QueryComplexity};

pub const AUTHENTICATED_COMPLEXITY: usize = 250;
pub const DEFAULT_MAX_COMPLEXITY: usize = 200;
pub const AUTHENTICATED_MAX_DEPTH: usize = 20;
pub const DEFAULT_MAX_DEPTH: usize = 15;

pub type SimSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// What resolvers see: the world and who asks.
pub struct GqlCtx {
    pub sim: Sim,
    pub caller: Caller,
    pub base: String,
    /// This request's complexity score and limit, for `queryComplexity`.
    pub score: Arc<AtomicUsize>,
    pub limit: usize,
}

impl GqlCtx {
    /// The world as this request sees it (`Sim::lock` advanced it once, when the request came in).
    pub fn world(&self) -> std::sync::MutexGuard<'_, crate::world::World> {
        self.sim.world.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    async fn project(&self, ctx: &Context<'_>, full_path: ID) -> Option<Project> {
        let g = ctx.data_unchecked::<GqlCtx>();
        let w = g.world();
        let p = w.projects.iter().find(|p| p.full_path.eq_ignore_ascii_case(&full_path.0))?;
        g.caller.can_see(p).then_some(Project(p.id))
    }

    async fn group(&self, ctx: &Context<'_>, full_path: ID) -> Option<repository::Group> {
        let g = ctx.data_unchecked::<GqlCtx>();
        let w = g.world();
        w.groups.iter().find(|x| x.full_path.eq_ignore_ascii_case(&full_path.0)).map(|x| repository::Group(x.id))
    }

    /// The score of this very query and the caller's limit.
    async fn query_complexity(&self, ctx: &Context<'_>) -> Option<QueryComplexity> {
        let g = ctx.data_unchecked::<GqlCtx>();
        Some(QueryComplexity { limit: Some(g.limit as i32), score: Some(g.score.load(Ordering::Relaxed) as i32) })
    }

    /// `ids` are global ids (`gid://gitlab/Project/1`).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "complexity::connection(child_complexity, first, last, search.is_some(), false)")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        ids: Option<Vec<ID>>,
        last: Option<i32>,
        membership: Option<bool>,
        search: Option<String>,
        topics: Option<Vec<String>>,
    ) -> Option<ProjectConnection> {
        let g = ctx.data_unchecked::<GqlCtx>();
        let w = g.world();
        let wanted: Option<Vec<u64>> =
            ids.map(|ids| ids.iter().filter_map(|i| i.0.strip_prefix("gid://gitlab/Project/")?.parse().ok()).collect());
        let search = search.map(|s| s.to_lowercase());
        let list: Vec<u64> = w
            .projects
            .iter()
            .filter(|p| if membership == Some(true) { g.caller.is_member(p) } else { g.caller.can_see(p) })
            .filter(|p| wanted.as_ref().is_none_or(|ids| ids.contains(&p.id)))
            .filter(|p| {
                search
                    .as_ref()
                    .is_none_or(|s| p.full_path.to_lowercase().contains(s) || p.name.to_lowercase().contains(s))
            })
            .filter(|p| {
                topics.as_ref().is_none_or(|t| t.iter().all(|t| p.topics.iter().any(|x| x.eq_ignore_ascii_case(t))))
            })
            .map(|p| p.id)
            .collect();
        let count = list.len() as i32;
        let (page, page_info) = slice(list, Window { after: after.as_deref(), before: before.as_deref(), first, last });
        Some(ProjectConnection { count, nodes: Some(page.into_iter().map(|i| Some(Project(i))).collect()), page_info })
    }
}

/// The complexity and depth limits for an authenticated caller or not.
pub fn limits(authenticated: bool) -> (usize, usize) {
    if authenticated {
        (AUTHENTICATED_COMPLEXITY, AUTHENTICATED_MAX_DEPTH)
    } else {
        (DEFAULT_MAX_COMPLEXITY, DEFAULT_MAX_DEPTH)
    }
}

/// The schema with the limits for an authenticated caller or not; the score of each request lands in `score`.
pub fn schema(authenticated: bool, score: Arc<AtomicUsize>) -> SimSchema {
    let (limit, depth) = limits(authenticated);
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .extension(complexity::GitLabComplexity { limit, score })
        .limit_depth(depth)
        .finish()
}

/// The schema's SDL, for the subset test.
pub fn sdl() -> String {
    schema(true, Arc::default()).sdl()
}

pub fn routes() -> Router<Sim> {
    Router::new().route("/api/graphql", get(get_query).post(post_query))
}

async fn post_query(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Json(request): Json<async_graphql::Request>,
) -> Response {
    run(sim, headers, request).await
}

async fn get_query(
    State(sim): State<Sim>,
    headers: HeaderMap,
    QueryParams(q): QueryParams<Vec<(String, String)>>,
) -> Response {
    let params = Params::new(q);
    let mut request = async_graphql::Request::new(params.get("query").unwrap_or_default());
    if let Some(vars) = params.get("variables").and_then(|v| serde_json::from_str(v).ok()) {
        request = request.variables(async_graphql::Variables::from_json(vars));
    }
    run(sim, headers, request).await
}

async fn run(sim: Sim, headers: HeaderMap, request: async_graphql::Request) -> Response {
    let caller = {
        let w = sim.lock();
        match Caller::from_headers(&w, &headers) {
            Ok(c) => c,
            Err(_) => {
                let body = serde_json::json!({"errors": [{"message": "Invalid token"}]});
                return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
            }
        }
    };
    let authenticated = caller.user_id.is_some();
    let score = Arc::new(AtomicUsize::new(0));
    let limit = limits(authenticated).0;
    let ctx = GqlCtx { sim, caller, base: base_url(&headers), score: score.clone(), limit };
    let response = schema(authenticated, score).execute(request.data(ctx)).await;
    Json(response).into_response()
}
