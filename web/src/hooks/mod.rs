//! Hooks that no single feature owns.

mod api;
mod poll;
mod route;

pub use api::{use_api, ApiFuture};
pub use poll::use_polled;
pub use route::use_route;
