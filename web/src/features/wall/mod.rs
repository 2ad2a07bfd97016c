//! The team wall (`#/wall`, `#/demo/wall`): many projects' default-branch pipelines on one screen, polled
//! cheaply (one GraphQL query per 100 projects, details only for what changed, one poller per browser).
//! Pure: `config` (what the wall shows, JSON and share link), `tiles` (a project's tile, order, filter,
//! changes), `batch` (the batch run: rows, plan, YAML), `poll` (pace, backoff, page size under GitLab's complexity limit), `lease` (which tab
//! polls), `layout` (kiosk grid, screen split), `snapshot`. Browser: `refresh` (the queries), `sync`
//! (storage between tabs), `page`, `batch_page`, `tile`, `form`, `notify`.

pub mod batch;
mod batch_page;
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

pub use batch_page::BatchPage;
pub use page::WallPage;
