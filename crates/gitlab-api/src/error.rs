//! Typed errors: one variant per way a GitLab call fails, so callers can tell "sign in again" (401)
//! from "no access" (403), "back off" (429), "server trouble" (5xx) and "cannot reach it".

use crate::http::Response;
use std::fmt;

/// What a transport reports when no HTTP response arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// Connection refused, reset or dropped mid-response.
    Network(String),
    /// No complete response in time.
    Timeout,
    /// A browser blocked the response (CORS); the page cannot see the status.
    Cors(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401: no token, or an invalid, expired or revoked one.
    Unauthorized,
    /// 403: the token cannot see the resource, lacks a scope (`insufficient_scope`), or the action is not
    /// allowed (for example "Job is not retryable", or `pipelines/latest` without a pipeline).
    Forbidden {
        message: String,
    },
    /// 404: no such project, pipeline, job, file or ref, or one the token may not know exists.
    NotFound {
        message: String,
    },
    /// 429 Too Many Requests. `retry_after` (seconds) only when the caller could read it: in a browser
    /// GitLab does not expose `Retry-After` to other origins.
    RateLimited {
        retry_after: Option<u64>,
    },
    /// 5xx.
    Server {
        status: u16,
    },
    /// Any other non-success status (400 "Unplayable Job", 409, 422...).
    Http {
        status: u16,
        message: String,
    },
    /// A success status whose body is not what the endpoint returns (truncated or malformed JSON).
    Malformed {
        detail: String,
    },
    /// A GraphQL response with `errors` (and no usable `data`).
    GraphQl {
        messages: Vec<String>,
    },
    Network(String),
    Timeout,
    Cors(String),
    /// The base URL or a `Link` target is not a usable http(s) URL.
    InvalidUrl(String),
    /// The client refused to send its token to another origin than its base URL.
    ForeignOrigin {
        origin: String,
    },
}

impl ApiError {
    /// Worth trying again after a pause: rate limits, gateway trouble, network failures.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::RateLimited { .. } | ApiError::Network(_) | ApiError::Timeout => true,
            ApiError::Server { status } => matches!(status, 500 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// The error a non-success response stands for.
    pub fn from_status(response: &Response) -> ApiError {
        let message = message_of(response);
        match response.status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden { message },
            404 => ApiError::NotFound { message },
            429 => ApiError::RateLimited {
                retry_after: response.header("retry-after").and_then(|v| v.trim().parse().ok()),
            },
            s @ 500..=599 => ApiError::Server { status: s },
            s => ApiError::Http { status: s, message },
        }
    }
}

/// GitLab's error bodies: `{"message": "..."}`, `{"message": {"field": ["..."]}}`, `{"error": "..."}`
/// (with `error_description` for OAuth scope errors) or plain text such as `Retry later`.
fn message_of(response: &Response) -> String {
    let text = response.text();
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else { return text.trim().to_string() };
    let pick = |key: &str| match value.get(key) {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Object(fields)) => Some(field_messages(fields)),
        Some(serde_json::Value::Array(items)) => Some(strings(items).join("; ")),
        _ => None,
    };
    match (pick("message"), pick("error"), pick("error_description")) {
        (Some(m), _, _) => m,
        (None, Some(e), Some(d)) => format!("{e}: {d}"),
        (None, Some(e), None) => e,
        _ => text.trim().to_string(),
    }
}

/// A validation error's fields as sentences, the way Rails' `full_messages` reads them: `base` messages as
/// they are, others after their field's name (`{"base": ["Reference not found"], "ref": ["is invalid"]}` →
/// `Reference not found; ref is invalid`).
fn field_messages(fields: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut out = Vec::new();
    for (field, value) in fields {
        let texts = match value {
            serde_json::Value::Array(items) => strings(items),
            serde_json::Value::String(s) => vec![s.clone()],
            other => vec![other.to_string()],
        };
        for t in texts {
            out.push(if field == "base" { t } else { format!("{field} {t}") });
        }
    }
    out.join("; ")
}

fn strings(items: &[serde_json::Value]) -> Vec<String> {
    items.iter().map(|i| i.as_str().map(str::to_string).unwrap_or_else(|| i.to_string())).collect()
}

impl From<TransportError> for ApiError {
    fn from(e: TransportError) -> Self {
        match e {
            TransportError::Network(m) => ApiError::Network(m),
            TransportError::Timeout => ApiError::Timeout,
            TransportError::Cors(m) => ApiError::Cors(m),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Unauthorized => f.write_str("401 Unauthorized: the token is missing, invalid or expired"),
            ApiError::Forbidden { message } => write!(f, "403 Forbidden: {message}"),
            ApiError::NotFound { message } => write!(f, "404 Not Found: {message}"),
            ApiError::RateLimited { retry_after: Some(s) } => write!(f, "429 Too Many Requests (retry after {s} s)"),
            ApiError::RateLimited { retry_after: None } => f.write_str("429 Too Many Requests"),
            ApiError::Server { status } => write!(f, "GitLab server error {status}"),
            ApiError::Http { status, message } => write!(f, "HTTP {status}: {message}"),
            ApiError::Malformed { detail } => write!(f, "unexpected response body: {detail}"),
            ApiError::GraphQl { messages } => write!(f, "GraphQL errors: {}", messages.join("; ")),
            ApiError::Network(m) => write!(f, "network error: {m}"),
            ApiError::Timeout => f.write_str("the request timed out"),
            ApiError::Cors(m) => write!(f, "blocked by the browser (CORS): {m}"),
            ApiError::InvalidUrl(m) => write!(f, "invalid URL: {m}"),
            ApiError::ForeignOrigin { origin } => {
                write!(f, "refused to send the token to {origin}, which is not the GitLab instance's origin")
            }
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_variants() {
        assert_eq!(
            ApiError::from_status(&Response::new(401, r#"{"message":"401 Unauthorized"}"#)),
            ApiError::Unauthorized
        );
        assert_eq!(
            ApiError::from_status(&Response::new(
                403,
                r#"{"error":"insufficient_scope","error_description":"needs api"}"#
            )),
            ApiError::Forbidden { message: "insufficient_scope: needs api".into() }
        );
        assert_eq!(
            ApiError::from_status(&Response::new(404, r#"{"message":"404 Project Not Found"}"#)),
            ApiError::NotFound { message: "404 Project Not Found".into() }
        );
        assert_eq!(
            ApiError::from_status(&Response::new(429, "Retry later").with_header("Retry-After", "7")),
            ApiError::RateLimited { retry_after: Some(7) }
        );
        assert_eq!(ApiError::from_status(&Response::new(502, "<html>")), ApiError::Server { status: 502 });
        assert_eq!(
            ApiError::from_status(&Response::new(
                400,
                r#"{"message":{"base":["Reference not found"],"variables":["are not allowed"]}}"#
            )),
            ApiError::Http { status: 400, message: "Reference not found; variables are not allowed".into() }
        );
        assert_eq!(
            ApiError::from_status(&Response::new(400, r#"{"message":"400 (Bad request) \"Unplayable Job\""}"#)),
            ApiError::Http { status: 400, message: "400 (Bad request) \"Unplayable Job\"".into() }
        );
    }

    #[test]
    fn retryable_errors() {
        assert!(ApiError::RateLimited { retry_after: None }.is_retryable());
        assert!(ApiError::Server { status: 503 }.is_retryable());
        assert!(ApiError::Timeout.is_retryable());
        assert!(!ApiError::Unauthorized.is_retryable());
        assert!(!ApiError::Malformed { detail: String::new() }.is_retryable());
    }
}
