//! GitLab pipelines and jobs as they run: the projects of the connected instance, a project's pipelines, one
//! pipeline drawn live, with what may be done to it and its jobs. Each page gets its connection from the app and fetches through `hooks::use_api`; without
//! a connection a GitLab address shows what it names and says that nothing was fetched.

mod graph_data;
mod job_panel;
mod not_connected;
mod page;
mod pipeline;
mod pipelines;
mod projects;
mod rows;
mod shell;
mod variables;

pub use not_connected::{connect_first, not_connected};
pub use page::{LivePage, View};
pub use pipeline::PipelinePage;
