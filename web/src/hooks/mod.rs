//! Hooks that no single feature owns.

mod route;

pub use route::use_route;
