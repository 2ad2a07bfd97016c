//! The pipeline graph: a scrolling, zoomable canvas drawing a core `Scene`. Knows neither the editor nor any
//! API: it gets a scene, what to emphasise and select, optional per-box decorations, and callbacks.

mod canvas;
mod decoration;
mod drawing;
mod legend;
mod pan;
pub mod zoom;

pub use canvas::{GraphCanvas, Zoom};
pub use decoration::Decoration;
