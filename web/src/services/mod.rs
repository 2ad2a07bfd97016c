//! Browser IO that no single view owns: reading picked or dropped files, saving downloads, performance marks,
//! and the YAML of exports and imports.

pub mod download;
pub mod file_read;
pub mod gitlab;
pub mod perf;
pub mod yaml;
