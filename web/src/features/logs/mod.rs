//! A GitLab job's log (`#/gitlab/<project>/-/jobs/<id>`): colours, folding sections with their durations,
//! line permalinks, search, the first error, following a running job, the job's actions and value
//! extraction. Parsing and every decision that is not DOM live in `pipelens-joblog` (`view`); this folder
//! fetches, holds the bytes and draws the rows in view.

mod follow;
mod lines;
mod model;
mod page;
mod style;

pub use page::LogPage;
