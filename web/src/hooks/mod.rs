//! Hooks that no single feature owns.

mod api;
mod route;

pub use api::{use_api, ApiFuture};
pub use route::use_route;
