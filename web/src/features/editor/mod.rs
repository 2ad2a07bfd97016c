//! The editor page: YAML files as tabs, the pipeline context, problems, the graph and the job panel.

mod context_panel;
mod diagnostics_list;
pub mod example;
mod file_tabs;
mod job_panel;
mod page;
pub mod share;
pub mod state;
mod store;
mod toolbar;
mod yaml_editor;

pub use page::EditorPage;
pub use store::{keep_now, use_editor_store};
