//! Response bodies as GitLab's REST entities (`lib/api/entities/...`) and the GraphQL queries shape
//! them. Decoding is lenient on purpose: fields a server may omit or null are `Option` or default,
//! unknown fields are ignored, open enums keep unknown values. Timestamps stay ISO 8601 strings (no
//! date crate in the browser bundle).

mod graph;
mod job;
mod merge_request;
mod pipeline;
mod project;
mod repository;

pub use graph::*;
pub use job::*;
pub use merge_request::*;
pub use pipeline::*;
pub use project::*;
pub use repository::*;

use serde::{Deserialize, Serialize};

/// `UserBasic`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: u64,
    pub username: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub web_url: Option<String>,
}
