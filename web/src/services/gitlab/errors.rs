//! What each way a GitLab call fails means to the user, and what to do about it. Pure, tested natively.

use pipelens_gitlab_api::ApiError;

/// One sentence or two for `error`, for a call to the instance at `base_url`.
pub fn describe(error: &ApiError, base_url: &str) -> String {
    // Fixed texts after the instance's address: one `format!` rather than one per case keeps this small.
    let (what, detail): (&str, &str) = match error {
        ApiError::Unauthorized => (
            "refused the token (401 Unauthorized): it is wrong, expired or revoked. Check it, or create a new one.",
            "",
        ),
        ApiError::Forbidden { message } if message.contains("insufficient_scope") => (
            "says the token lacks a scope (403 insufficient_scope): create one with read_api to view pipelines, or api to also run, retry and cancel them.",
            "",
        ),
        ApiError::Forbidden { message } => ("denied access (403 Forbidden): ", message),
        ApiError::NotFound { .. } => (
            "found nothing there (404 Not Found): the project or pipeline does not exist, the token may not see it, or the address is not a GitLab instance.",
            "",
        ),
        ApiError::Cors(_) => (
            "could not be read: the browser blocked its answer (CORS), as the instance does not allow API calls from this page's origin. An administrator can allow it, or run pipelens from an allowed origin.",
            "",
        ),
        ApiError::Network(_) | ApiError::Timeout => (
            "could not be reached: check the address, your connection (and VPN), and that the instance is up. pipelens tries again on the next refresh.",
            "",
        ),
        ApiError::Malformed { detail } => (
            "answered, but not as GitLab's API does. Is it the address of a GitLab instance (without /api/v4)? Detail: ",
            detail,
        ),
        ApiError::RateLimited { .. } => ("is rate limiting requests (429): pipelens waits and tries again.", ""),
        ApiError::Server { .. } => ("has trouble (HTTP 5xx); pipelens tries again on the next refresh.", ""),
        other => return other.to_string(),
    };
    format!("{base_url} {what}{detail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipelens_gitlab_api::Response;

    const BASE: &str = "https://gitlab.example.com";

    fn from(status: u16, body: &str) -> String {
        describe(&ApiError::from_status(&Response::new(status, body)), BASE)
    }

    #[test]
    fn each_failure_names_its_cause() {
        let unauthorized = from(401, r#"{"message":"401 Unauthorized"}"#);
        assert!(unauthorized.starts_with(BASE) && unauthorized.contains("refused the token"), "{unauthorized}");
        let scope = from(
            403,
            r#"{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token.","scope":"api read_api"}"#,
        );
        assert!(scope.contains("lacks a scope") && scope.contains("read_api"), "{scope}");
        assert!(from(403, r#"{"message":"403 Forbidden"}"#).contains("denied access"));
        assert!(from(404, r#"{"message":"404 Project Not Found"}"#).contains("404"));
        assert!(describe(&ApiError::Cors("x".into()), BASE).contains("CORS"));
        assert!(describe(&ApiError::Network("refused".into()), BASE).contains("could not be reached"));
        assert!(
            describe(&ApiError::Malformed { detail: "expected value".into() }, BASE).contains("not as GitLab's API")
        );
        assert!(from(503, "").contains("5xx"));
        assert!(from(403, r#"{"message":"403 Forbidden"}"#).ends_with("403 Forbidden"));
    }
}
