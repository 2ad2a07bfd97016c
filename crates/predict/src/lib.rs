//! The pipeline GitLab would create for a project's branch, tag or merge request, read through the GitLab
//! API, and GitLab's own answer beside it. Shared by the CLI (`--gitlab`) and the web app's predict page,
//! over any [`Transport`](pipelens_gitlab_api::Transport) (ureq natively, `fetch` in the browser).
//!
//! - [`gather`]: the project, the ref's commit, the merge request and the changed files → [`Prepared`], which
//!   makes the engine's context through core's `ContextBuilder` ([`Prepared::context`]).
//! - [`includes`]: answers the engine's include requests (`Analysis::missing_includes`) through the API:
//!   `local` at the pipeline's commit, `project`, `template`, `component` and `remote`; a failure becomes
//!   the engine's include diagnostic with GitLab's wording.
//! - [`predict`]: the configuration at the commit and the include loop ([`predict::predict`]).
//! - [`lint`]: GitLab's CI lint dry run, read as core's `ReportedJob`s, for core's comparison.
//!
//! # Why a crate of its own
//! Core must not know any API (no IO, no serde), and the API client must not know the engine (the wall and
//! the live pages need no CI semantics). The two meet here; both front ends depend on it, and it adds no
//! dependency that they do not already have. It reads GitLab's JSON as `serde_json::Value`s for the few
//! fields it needs: the client's typed models would cost the browser bundle for fields nothing reads.

pub mod gather;
pub mod includes;
mod json;
pub mod lint;
pub mod predict;

pub use gather::{gather, Prepared, ProjectFacts, Target};
pub use includes::ApiIncludes;
pub use lint::{dry_run, LintAnswer};
pub use predict::{again, config_text, predict, Prediction};

use pipelens_gitlab_api::ApiError;

/// A short message for an API failure, in the words a person acting on it needs.
pub fn describe(error: &ApiError) -> String {
    match error {
        ApiError::Unauthorized => "401: the token is missing, invalid or expired".into(),
        ApiError::Forbidden { message } => format!("403: {message}"),
        ApiError::NotFound { message } => format!("404: {message}"),
        ApiError::RateLimited { .. } => "429: too many requests, try again later".into(),
        ApiError::Server { status } => format!("GitLab answered {status}"),
        ApiError::Http { status, message } => format!("{status}: {message}"),
        ApiError::Malformed { detail } => format!("an answer that is not GitLab's: {detail}"),
        ApiError::GraphQl { messages } => messages.join("; "),
        ApiError::Network(m) => format!("network error: {m}"),
        ApiError::Timeout => "no answer in time".into(),
        ApiError::Cors(_) => "the browser blocked the answer (CORS)".into(),
        ApiError::InvalidUrl(u) => format!("not a usable address: {u}"),
        ApiError::ForeignOrigin { origin } => format!("refused to send the token to {origin}"),
    }
}
