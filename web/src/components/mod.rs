pub mod context_panel;
pub mod diagnostics_list;
pub mod editor;
pub mod job_panel;
pub mod pipeline_graph;
