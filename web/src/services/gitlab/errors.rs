//! What each way a GitLab call fails means to the user, and what to do about it. Pure, tested natively.

use pipelens_gitlab_api::ApiError;

/// One sentence or two for `error`, for a call to the instance at `base_url`.
pub fn describe(error: &ApiError, base_url: &str) -> String {
    match error {
        ApiError::Unauthorized => {
            format!("{base_url} refused the token (401 Unauthorized): it is wrong, expired or revoked. Check it, or create a new one.")
        }
        ApiError::Forbidden { message } if message.contains("insufficient_scope") => {
            "The token lacks a scope (403 insufficient_scope): create one with read_api to view pipelines, or api to also run, retry and cancel them.".to_string()
        }
        ApiError::Forbidden { message } => format!("{base_url} denied access (403 Forbidden): {message}"),
        ApiError::NotFound { .. } => format!(
            "Nothing found at {base_url} (404 Not Found): the project or pipeline does not exist, the token may not see it, or the address is not a GitLab instance."
        ),
        ApiError::Cors(_) => format!(
            "The browser blocked {base_url}'s answer (CORS): the instance does not allow API calls from this page's origin. An administrator can allow it, or run pipelens from an allowed origin."
        ),
        ApiError::Network(_) | ApiError::Timeout => format!(
            "Could not reach {base_url}: check the address, your connection (and VPN), and that the instance is up. pipelens tries again on the next refresh."
        ),
        ApiError::Malformed { detail } => format!(
            "{base_url} answered, but not as GitLab's API does ({detail}). Is it the address of a GitLab instance (without /api/v4)?"
        ),
        ApiError::RateLimited { .. } => format!("{base_url} is rate limiting requests (429): pipelens waits and tries again."),
        ApiError::Server { status } => format!("{base_url} has trouble (HTTP {status}); pipelens tries again on the next refresh."),
        ApiError::InvalidUrl(url) => format!("{url} is not an http(s) address."),
        other => other.to_string(),
    }
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
        assert!(from(401, r#"{"message":"401 Unauthorized"}"#).contains("refused the token"));
        let scope = from(
            403,
            r#"{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token.","scope":"api read_api"}"#,
        );
        assert!(scope.contains("lacks a scope") && scope.contains("read_api"), "{scope}");
        assert!(from(403, r#"{"message":"403 Forbidden"}"#).contains("denied access"));
        assert!(from(404, r#"{"message":"404 Project Not Found"}"#).contains("404"));
        assert!(describe(&ApiError::Cors("x".into()), BASE).contains("CORS"));
        assert!(describe(&ApiError::Network("refused".into()), BASE).contains("Could not reach"));
        assert!(
            describe(&ApiError::Malformed { detail: "expected value".into() }, BASE).contains("not as GitLab's API")
        );
        assert!(from(503, "").contains("503"));
    }
}
