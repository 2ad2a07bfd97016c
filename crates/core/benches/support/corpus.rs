//! The shared corpus of real configurations, and a corpus folder read the way the editor's "Open folder…"
//! and the CLI read a repository: the entry file first, then every YAML file (outside the skipped folders)
//! by path, plus every path for `rules:exists`. Shared by the benchmarks and the corpus tests.
#![allow(dead_code)]

use pipelens_core::files::is_config_candidate;
use pipelens_core::{FileId, FileSet};
use std::path::{Path, PathBuf};

/// The corpus beside the checkout. Absent, a test prints a note and passes, unless
/// `PIPELENS_CORPUS_REQUIRED=1` (set by CI, where the corpus is always there): then it fails.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PIPELENS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("PIPELENS_CORPUS_REQUIRED").as_deref() != Ok("1"),
        "PIPELENS_CORPUS_REQUIRED=1 but the corpus is not at {}",
        dir.display()
    );
    eprintln!("note: corpus not found at {}; corpus test skipped", dir.display());
    None
}

/// Every corpus folder with a `.gitlab-ci.yml`, by name.
pub fn corpus_folders() -> Vec<(String, PathBuf)> {
    let Some(dir) = corpus_dir() else { return Vec::new() };
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("corpus folder readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join(".gitlab-ci.yml").is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "the corpus at {} holds no configuration", dir.display());
    out
}

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
