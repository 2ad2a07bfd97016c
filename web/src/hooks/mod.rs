//! Hooks that no single feature owns.

mod api;
mod route;

pub use api::use_api;
pub use route::use_route;
