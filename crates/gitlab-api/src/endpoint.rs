//! An endpoint is data: it builds a [`Request`] and parses a [`Response`]. It never does IO, so the same
//! code runs behind the browser's fetch and a native HTTP client.

use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::url::encode;
use serde::de::DeserializeOwned;

pub trait Endpoint {
    type Output;

    /// The request below the instance (`/api/v4/...`); the client adds origin and token.
    fn request(&self) -> Request;

    /// Turns a success (2xx) response into the output. Non-success statuses never reach it.
    fn parse(&self, response: &Response) -> Result<Self::Output, ApiError>;
}

/// Endpoints whose output is a JSON array paginated with `page`/`per_page`.
pub trait Pageable: Endpoint<Output = Vec<Self::Item>> {
    type Item;
}

/// Decodes a JSON body, reporting a truncated or malformed one as [`ApiError::Malformed`].
pub fn parse_json<T: DeserializeOwned>(response: &Response) -> Result<T, ApiError> {
    serde_json::from_slice(&response.body).map_err(|e| ApiError::Malformed { detail: e.to_string() })
}

/// A project by numeric id or full path (`group/sub/project`, sent as `group%2Fsub%2Fproject`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectId {
    Id(u64),
    Path(String),
}

impl ProjectId {
    /// The `:id` path segment.
    pub fn segment(&self) -> String {
        match self {
            ProjectId::Id(id) => id.to_string(),
            ProjectId::Path(p) => encode(p),
        }
    }
}

impl From<u64> for ProjectId {
    fn from(id: u64) -> Self {
        ProjectId::Id(id)
    }
}

impl From<&str> for ProjectId {
    fn from(path: &str) -> Self {
        ProjectId::Path(path.to_string())
    }
}

impl From<String> for ProjectId {
    fn from(path: String) -> Self {
        ProjectId::Path(path)
    }
}

/// `/api/v4/projects/:id`
pub(crate) fn project_path(project: &ProjectId) -> String {
    format!("/api/v4/projects/{}", project.segment())
}

/// Implements `parse` as JSON decoding for endpoints whose output is a serde type.
macro_rules! json_endpoint {
    ($ty:ty => $out:ty) => {
        impl $crate::endpoint::Endpoint for $ty {
            type Output = $out;
            fn request(&self) -> $crate::http::Request {
                self.build()
            }
            fn parse(&self, response: &$crate::http::Response) -> Result<$out, $crate::error::ApiError> {
                $crate::endpoint::parse_json(response)
            }
        }
    };
    ($ty:ty => Vec<$item:ty>, paged) => {
        json_endpoint!($ty => Vec<$item>);
        impl $crate::endpoint::Pageable for $ty {
            type Item = $item;
        }
    };
}
pub(crate) use json_endpoint;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_segment_encodes_path() {
        assert_eq!(ProjectId::from("g/sub/p").segment(), "g%2Fsub%2Fp");
        assert_eq!(ProjectId::from(42).segment(), "42");
    }

    #[test]
    fn malformed_and_truncated_json() {
        let r = Response::new(200, r#"[{"id": 1, "na"#);
        assert!(matches!(parse_json::<serde_json::Value>(&r), Err(ApiError::Malformed { .. })));
        let r = Response::new(200, "<html>oops</html>");
        assert!(matches!(parse_json::<serde_json::Value>(&r), Err(ApiError::Malformed { .. })));
    }
}
