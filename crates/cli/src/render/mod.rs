//! Renderers: each turns core's data into one output format.

pub mod graph;
pub mod json;
pub mod text;
