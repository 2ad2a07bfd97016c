//! GitLab's CORS for `/api/*` (`config/application.rb`, the Rack::Cors rule for `'*'`): any origin,
//! no credentials, any method and request header, preflight answered, and only this list of response
//! headers readable by the page. `RateLimit-*`, `Retry-After` and `Location` are deliberately absent.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

pub const EXPOSED_HEADERS: &str = "Link, X-Total, X-Total-Pages, X-Per-Page, X-Page, X-Next-Page, X-Prev-Page, \
X-Gitlab-Blob-Id, X-Gitlab-Commit-Id, X-Gitlab-Content-Sha256, X-Gitlab-Encoding, X-Gitlab-File-Name, \
X-Gitlab-File-Path, X-Gitlab-Last-Commit-Id, X-Gitlab-Ref, X-Gitlab-Size, X-Request-Id, ETag";

/// Rack::Cors' `methods: :any`.
const ANY_METHOD: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

pub async fn cors(request: Request, next: Next) -> Response {
    let applies = request.uri().path().starts_with("/api/") && request.headers().contains_key("origin");
    if !applies {
        return next.run(request).await;
    }
    if request.method() == Method::OPTIONS && request.headers().contains_key("access-control-request-method") {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::OK;
        let h = r.headers_mut();
        h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
        h.insert("access-control-allow-methods", HeaderValue::from_static(ANY_METHOD));
        if let Some(asked) = request.headers().get("access-control-request-headers") {
            h.insert("access-control-allow-headers", asked.clone());
        }
        h.insert("access-control-max-age", HeaderValue::from_static("7200"));
        return r;
    }
    let mut r = next.run(request).await;
    let h = r.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert("access-control-expose-headers", HeaderValue::from_static(EXPOSED_HEADERS));
    h.insert("access-control-allow-methods", HeaderValue::from_static(ANY_METHOD));
    r
}
