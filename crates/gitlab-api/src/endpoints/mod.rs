//! One type per GitLab endpoint. Fields are the documented parameters; `None` leaves a parameter out
//! so GitLab applies its default.

mod graphql;
mod jobs;
mod lint;
mod merge_requests;
mod pipelines;
mod projects;
mod repository;

pub use graphql::*;
pub use jobs::*;
pub use lint::*;
pub use merge_requests::*;
pub use pipelines::*;
pub use projects::*;
pub use repository::*;
