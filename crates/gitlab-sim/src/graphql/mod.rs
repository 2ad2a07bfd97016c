//! `POST /api/graphql` (and `GET` for queries), `doc/api/graphql/_index.md`: the subset of GitLab's
//! schema the app reads, on async-graphql. Limits as GitLab documents them: at most 100 nodes a page,
//! complexity 250 and depth 20 for an authenticated caller, 200 and 15 without a token. Complexity
//! here counts one per field (async-graphql's rule), a lower bound of GitLab's, whose resolvers add
//! weight for connections. Mutations are not served.

mod connection;
mod scalars;
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
use types::{Project, ProjectConnection};

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
}

pub struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    async fn project(&self, ctx: &Context<'_>, full_path: ID) -> Option<Project> {
        let g = ctx.data_unchecked::<GqlCtx>();
        let w = g.sim.world.lock().unwrap_or_else(|p| p.into_inner());
        let p = w.projects.iter().find(|p| p.full_path.eq_ignore_ascii_case(&full_path.0))?;
        g.caller.can_see(p).then_some(Project(p.id))
    }

    /// `ids` are global ids (`gid://gitlab/Project/1`).
    #[allow(clippy::too_many_arguments)]
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
    ) -> Option<ProjectConnection> {
        let g = ctx.data_unchecked::<GqlCtx>();
        let w = g.sim.world.lock().unwrap_or_else(|p| p.into_inner());
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
            .map(|p| p.id)
            .collect();
        let count = list.len() as i32;
        let (page, page_info) = slice(list, Window { after: after.as_deref(), before: before.as_deref(), first, last });
        Some(ProjectConnection { count, nodes: Some(page.into_iter().map(|i| Some(Project(i))).collect()), page_info })
    }
}

/// The schema with the limits for an authenticated caller or not.
pub fn schema(authenticated: bool) -> SimSchema {
    let (complexity, depth) = if authenticated {
        (AUTHENTICATED_COMPLEXITY, AUTHENTICATED_MAX_DEPTH)
    } else {
        (DEFAULT_MAX_COMPLEXITY, DEFAULT_MAX_DEPTH)
    };
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription).limit_complexity(complexity).limit_depth(depth).finish()
}

/// The schema's SDL, for the subset test.
pub fn sdl() -> String {
    schema(true).sdl()
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
    let ctx = GqlCtx { sim, caller, base: base_url(&headers) };
    let response = schema(authenticated).execute(request.data(ctx)).await;
    Json(response).into_response()
}
