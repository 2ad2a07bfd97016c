//! Scripted faults, to test how the client copes: error statuses (429 with `Retry-After`, 500, 502,
//! 503), slow or hanging responses (timeouts), truncated or malformed JSON, and a connection dropped
//! mid-response. Each fault matches requests by method and path substring and fires `times` times
//! (every time when absent). Faults come from the scenario, from [`crate::Sim::add_fault`] or from
//! `POST /-/sim/faults`.

use crate::Sim;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Fault {
    /// Matches requests whose path contains this (empty: every `/api/` request).
    #[serde(default)]
    pub path: String,
    /// `GET`, `POST`...; any method when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// How many matching requests it affects; all of them when absent.
    #[serde(default)]
    pub times: Option<u32>,
    #[serde(flatten)]
    pub kind: FaultKind,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answers with this status and GitLab's body for it.
    Status { status: u16 },
    /// 429 with `Retry-After` and the `RateLimit-*` headers (`doc/administration/settings/user_and_ip_rate_limits.md`).
    RateLimit { retry_after: u64 },
    /// Answers normally after a pause.
    Slow { millis: u64 },
    /// Never answers in any reasonable time (the client's timeout must fire).
    Hang,
    /// The real body cut in half.
    Truncate,
    /// A body that is not JSON at all.
    Malformed,
    /// Headers, then the connection closes before the body.
    Drop,
}

impl Fault {
    fn matches(&self, method: &str, path: &str) -> bool {
        path.starts_with("/api/")
            && path.contains(&self.path)
            && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.times != Some(0)
    }
}

/// Middleware: applies the first matching fault, if any.
pub async fn inject(State(sim): State<Sim>, request: Request, next: Next) -> Response {
    let fault = {
        let mut world = sim.world.lock().expect("world lock");
        let method = request.method().as_str().to_string();
        let path = request.uri().path().to_string();
        world.faults.iter_mut().find(|f| f.matches(&method, &path)).map(|f| {
            if let Some(t) = f.times.as_mut() {
                *t -= 1;
            }
            f.kind.clone()
        })
    };
    let Some(kind) = fault else { return next.run(request).await };
    match kind {
        FaultKind::Status { status } => status_response(status),
        FaultKind::RateLimit { retry_after } => {
            let mut r = (StatusCode::TOO_MANY_REQUESTS, "Retry later\n").into_response();
            let h = r.headers_mut();
            h.insert("retry-after", HeaderValue::from(retry_after));
            h.insert("ratelimit-name", HeaderValue::from_static("throttle_authenticated_api"));
            h.insert("ratelimit-limit", HeaderValue::from_static("60"));
            h.insert("ratelimit-observed", HeaderValue::from_static("61"));
            h.insert("ratelimit-remaining", HeaderValue::from_static("0"));
            r
        }
        FaultKind::Slow { millis } => {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            next.run(request).await
        }
        FaultKind::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            next.run(request).await
        }
        FaultKind::Truncate => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            parts.headers.remove("content-length");
            Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
        }
        FaultKind::Malformed => {
            let response = next.run(request).await;
            let (mut parts, _) = response.into_parts();
            parts.headers.remove("content-length");
            Response::from_parts(parts, Body::from("{\"id\": 1, \"status\": running, }<html>"))
        }
        FaultKind::Drop => {
            let stream = futures_stream_error();
            let mut r = Response::new(Body::from_stream(stream));
            r.headers_mut().insert("content-type", HeaderValue::from_static("application/json"));
            r
        }
    }
}

/// A body stream that fails at once: hyper then closes the connection mid-response.
fn futures_stream_error() -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    struct Failing;
    impl futures_core::Stream for Failing {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(Some(Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "dropped"))))
        }
    }
    Failing
}

/// GitLab's bodies: JSON from Rails for 500, the front proxy's HTML for 502/503.
fn status_response(status: u16) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = code.canonical_reason().unwrap_or("Error");
    match status {
        502..=504 => {
            let html = format!("<!DOCTYPE html><html><head><title>GitLab is not responding ({status})</title></head><body><h1>{status}</h1><p>{reason}</p></body></html>");
            (code, [("content-type", "text/html; charset=utf-8")], html).into_response()
        }
        _ => (code, axum::Json(serde_json::json!({"message": format!("{status} {reason}")}))).into_response(),
    }
}
