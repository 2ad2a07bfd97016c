//! A corpus folder read the way the editor's "Open folder…" and the CLI read a repository: the entry file
//! first, then every YAML file (outside the skipped folders) by path, plus every path for `rules:exists`.
//! Shared by the benchmarks and the drawing test.

use pipelens_core::files::is_config_candidate;
use pipelens_core::{FileId, FileSet};
use std::path::Path;

pub fn read_folder(root: &Path) -> Option<(FileSet, FileId, Vec<String>)> {
    let mut files = FileSet::new();
    let entry = files.add(".gitlab-ci.yml", std::fs::read_to_string(root.join(".gitlab-ci.yml")).ok()?);
    let mut paths = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir).ok()?.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            let rel = path.strip_prefix(root).ok()?.to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if is_config_candidate(&rel) && files.find(&rel).is_none() {
                files.add(&rel, std::fs::read_to_string(&path).ok()?);
            }
            paths.push(rel);
        }
    }
    Some((files, entry, paths))
}
