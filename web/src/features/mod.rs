//! One folder per view. Features do not import each other, except that any may draw with `graph`.

pub mod connect;
pub mod editor;
pub mod graph;
pub mod live;
pub mod logs;
pub mod not_found;
pub mod predict;
pub mod wall;
