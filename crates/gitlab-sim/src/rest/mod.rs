//! REST v4 handlers, one module per resource. Handlers stay small: find the caller, find the
//! resource, render its entity (`render.rs`).

pub mod jobs;
pub mod lint;
pub mod merge_requests;
pub mod pipelines;
pub mod projects;
pub mod render;
pub mod repository;

use crate::Sim;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

pub fn routes() -> Router<Sim> {
    let p = "/api/v4/projects/{id}";
    Router::new()
        .route("/api/v4/projects", get(projects::list))
        .route("/api/v4/groups/{group}/projects", get(projects::group_projects))
        .route(p, get(projects::show))
        .route(&format!("{p}/pipelines"), get(pipelines::list))
        .route(&format!("{p}/pipelines/latest"), get(pipelines::latest))
        .route(&format!("{p}/pipelines/{{pipeline}}"), get(pipelines::show))
        .route(&format!("{p}/pipelines/{{pipeline}}/variables"), get(pipelines::variables))
        .route(&format!("{p}/pipelines/{{pipeline}}/retry"), post(pipelines::retry))
        .route(&format!("{p}/pipelines/{{pipeline}}/cancel"), post(pipelines::cancel))
        .route(&format!("{p}/pipeline"), post(pipelines::create))
        .route(&format!("{p}/pipelines/{{pipeline}}/jobs"), get(jobs::pipeline_jobs))
        .route(&format!("{p}/pipelines/{{pipeline}}/bridges"), get(jobs::pipeline_bridges))
        .route(&format!("{p}/jobs/{{job}}"), get(jobs::show))
        .route(&format!("{p}/jobs/{{job}}/trace"), get(jobs::trace))
        .route(&format!("{p}/jobs/{{job}}/retry"), post(jobs::retry))
        .route(&format!("{p}/jobs/{{job}}/cancel"), post(jobs::cancel))
        .route(&format!("{p}/jobs/{{job}}/play"), post(jobs::play))
        .route(&format!("{p}/repository/files/{{file}}/raw"), get(repository::raw_file))
        .route(&format!("{p}/repository/compare"), get(repository::compare))
        .route(&format!("{p}/merge_requests"), get(merge_requests::list))
        .route(&format!("{p}/merge_requests/{{iid}}"), get(merge_requests::show))
        .route(&format!("{p}/merge_requests/{{iid}}/changes"), get(merge_requests::changes))
        .route(&format!("{p}/merge_requests/{{iid}}/pipelines"), post(merge_requests::create_pipeline))
        .route(&format!("{p}/ci/lint"), post(lint::lint))
        .route(&format!("{p}/repository/tree"), get(repository::tree))
        .route(&format!("{p}/repository/branches"), get(repository::branches))
        .route(&format!("{p}/repository/branches/{{name}}"), get(repository::branch))
        .route(&format!("{p}/repository/tags"), get(repository::tags))
        .route(&format!("{p}/repository/tags/{{name}}"), get(repository::tag))
        .route("/api/v4/templates/gitlab_ci_ymls/{key}", get(repository::template))
        .route("/-/sim/remote/{*path}", get(repository::remote))
}

/// An error response in GitLab's shape.
#[derive(Debug)]
pub struct Fail(pub StatusCode, pub Value);

impl Fail {
    pub fn unauthorized() -> Fail {
        Fail(StatusCode::UNAUTHORIZED, json!({"message": "401 Unauthorized"}))
    }

    pub fn not_found(what: &str) -> Fail {
        Fail(StatusCode::NOT_FOUND, json!({"message": format!("404 {what} Not Found")}))
    }

    pub fn forbidden(message: &str) -> Fail {
        Fail(StatusCode::FORBIDDEN, json!({"message": message}))
    }

    /// A token without the `api` scope on a write (`doc/api/rest/authentication.md`).
    pub fn insufficient_scope() -> Fail {
        Fail(
            StatusCode::FORBIDDEN,
            json!({"error": "insufficient_scope",
                   "error_description": "The request requires higher privileges than provided by the access token.",
                   "scope": "api"}),
        )
    }

    pub fn bad_request(message: &str) -> Fail {
        Fail(StatusCode::BAD_REQUEST, json!({"message": format!("400 Bad request - {message}")}))
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        (self.0, axum::Json(self.1)).into_response()
    }
}

pub type Reply = Result<Response, Fail>;

pub fn ok(value: Value) -> Reply {
    Ok(axum::Json(value).into_response())
}

pub fn created(value: Value) -> Reply {
    Ok((StatusCode::CREATED, axum::Json(value)).into_response())
}

/// Query parameters in order, repeated keys kept (`scope[]=a&scope[]=b`).
#[derive(Clone, Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Params(pairs)
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Every value of `key` and `key[]`.
    pub fn all(&self, key: &str) -> Vec<&str> {
        let array = format!("{key}[]");
        self.0.iter().filter(|(k, _)| *k == key || *k == array).map(|(_, v)| v.as_str()).collect()
    }

    /// Grape's Boolean coercion: `true`/`1`/`t`/`yes`.
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.get(key).map(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "t" | "yes"))
    }
}

/// `http://host` from the request, for `web_url` and `Link`.
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

/// A numeric path parameter; anything else is GitLab's 404.
pub fn id(text: &str, what: &str) -> Result<u64, Fail> {
    text.parse().map_err(|_| Fail::not_found(what))
}
