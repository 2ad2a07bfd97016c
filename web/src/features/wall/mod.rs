//! The team wall (`#/wall`, `#/demo/wall`) and the batch run (`#/wall/batch`) in the browser: `refresh`
//! (the GraphQL looks), `sync` (storage between tabs), `page`, `batch_page`, `tile`, `form`, `notify`. What
//! they show and decide without a browser (configuration, tiles, pace, lease, layout, the batch's rows and
//! YAML) is `pipelens-wall` (`crates/wall`).

mod batch_page;
mod form;
mod notify;
mod page;
mod refresh;
mod sync;
mod tile;

pub use batch_page::BatchPage;
pub use page::WallPage;
