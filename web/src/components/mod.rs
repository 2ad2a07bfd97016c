pub mod context_panel;
pub mod diagnostics_list;
pub mod editor;
pub mod file_tabs;
pub mod graph_canvas;
pub mod job_panel;
pub mod legend;
pub mod pipeline_graph;
