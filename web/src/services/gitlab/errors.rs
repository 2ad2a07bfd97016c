//! What each way a GitLab call fails means to the user, and what to do about it. Pure, tested natively.

use pipelens_gitlab_api::ApiError;

/// One sentence or two for `error`, for a call to the instance at `base_url`.
pub fn describe(error: &ApiError, base_url: &str) -> String {
    // Fixed texts after the instance's address: one `format!` rather than one per case keeps this small.
    let (what, detail): (&str, &str) = match error {
        ApiError::Unauthorized => ("refused the token (401 Unauthorized): wrong, expired or revoked.", ""),
        ApiError::Forbidden { message } if message.contains("insufficient_scope") => {
            ("says the token lacks a scope (403 insufficient_scope): use one with read_api (or api).", "")
        }
        ApiError::Forbidden { message } => ("denied access (403 Forbidden): ", message),
        ApiError::NotFound { .. } => {
            ("found nothing (404): no such project or pipeline, one the token cannot see, or not a GitLab address.", "")
        }
        ApiError::Cors(_) => (
            "could not be read: the browser blocked the answer (CORS); the instance does not allow this page's origin.",
            "",
        ),
        ApiError::Network(_) => ("could not be reached: check the address, the network (VPN?) and that it is up.", ""),
        ApiError::Timeout => ("did not answer in time.", ""),
        ApiError::Malformed { detail } => {
            ("answered, but not as GitLab's API does (is it a GitLab address, without /api/v4?): ", detail)
        }
        ApiError::RateLimited { .. } => ("is rate limiting (429); trying again later.", ""),
        ApiError::Server { .. } => ("has trouble (HTTP 5xx); trying again later.", ""),
        ApiError::Http { message, .. } => ("answered with an error: ", message),
        ApiError::GraphQl { messages } => {
            ("answered a GraphQL query with errors: ", messages.first().map_or("(no message)", |m| m.as_str()))
        }
        ApiError::InvalidUrl(url) => ("is not usable: this address is not http(s): ", url),
        ApiError::ForeignOrigin { origin } => ("'s token was not sent to another origin: ", origin),
    };
    format!("{base_url} {what}{detail}")
}

/// As [`describe`], for an action (retry, cancel, play, run) that failed: a token without the `api` scope
/// is the usual reason, and it gets a message that says what to do.
pub fn describe_action(action: &str, error: &ApiError, base_url: &str) -> String {
    match error {
        ApiError::Forbidden { message } if message.contains("insufficient_scope") => format!(
            "{action}: not allowed with this token (403 insufficient_scope). Running, retrying and cancelling need a token with the api scope; connect again with one."
        ),
        _ => format!("{action}: {}", describe(error, base_url)),
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
        assert!(describe(&ApiError::Timeout, BASE).contains("did not answer in time"));
        assert!(
            describe(&ApiError::Malformed { detail: "expected value".into() }, BASE).contains("not as GitLab's API")
        );
        assert!(from(503, "").contains("5xx"));
        let gql = describe(&ApiError::GraphQl { messages: vec!["Query has complexity of 300".into()] }, BASE);
        assert!(gql.ends_with("errors: Query has complexity of 300"), "{gql}");
        assert!(from(403, r#"{"message":"403 Forbidden"}"#).ends_with("403 Forbidden"));
    }

    #[test]
    fn an_action_without_the_api_scope_says_which_scope_it_needs() {
        let scope = ApiError::from_status(&Response::new(403, r#"{"error":"insufficient_scope","scope":"api"}"#));
        let text = describe_action("Retry job", &scope, BASE);
        assert!(text.starts_with("Retry job: ") && text.contains("api scope"), "{text}");
        let other = ApiError::from_status(&Response::new(403, r#"{"message":"403 Forbidden - Job is not retryable"}"#));
        assert!(describe_action("Retry job", &other, BASE).ends_with("Job is not retryable"));
    }
}
