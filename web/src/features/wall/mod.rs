//! The team wall (`#/wall`, `#/demo/wall`): many projects' default-branch pipelines on one screen, polled
//! cheaply (one GraphQL query per 100 projects, details only for what changed, one poller per browser).
//! Pure: `config` (what the wall shows, JSON and share link), `tiles` (a project's tile, order, filter,
//! changes), `poll` (pace, backoff, page size under GitLab's complexity limit), `lease` (which tab
//! polls), `layout` (kiosk grid, screen split), `snapshot`. Browser: `refresh` (the queries), `sync`
//! (storage between tabs), `page`, `tile`, `form`, `notify`.

pub mod batch;
pub mod config;
mod form;
pub mod layout;
pub mod lease;
mod notify;
mod page;
pub mod poll;
mod refresh;
pub mod snapshot;
mod sync;
mod tile;
pub mod tiles;

pub use page::WallPage;
