//! GitLab pipelines and jobs as they run: the projects of the connected instance, a project's pipelines, one
//! pipeline's jobs. Each page gets its connection from the app and fetches through `hooks::use_api`; without
//! a connection a GitLab address shows what it names and says that nothing was fetched.

mod not_connected;
mod page;
mod pipeline;
mod pipelines;
mod projects;
mod rows;
mod shell;

pub use not_connected::{connect_first, not_connected};
pub use page::{LivePage, View};
