pub mod diagnostics_list;
pub mod editor;
pub mod pipeline_graph;
