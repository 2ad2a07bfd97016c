//! Browser IO that no single view owns: reading picked or dropped files, saving downloads, performance marks.

pub mod download;
pub mod file_read;
pub mod gitlab;
pub mod perf;
