//! Reads a repository folder (or one YAML file beside its folder) into the engine's virtual file set.

use pipelens_core::files::{is_config_candidate, SKIP_DIRS};
use pipelens_core::{FileId, FileSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Stop listing after this many entries: a PATH in a huge folder must not hang the CLI.
const MAX_ENTRIES: usize = 50_000;

pub struct Repo {
    pub files: FileSet,
    pub entry: FileId,
    /// Every file path in the folder, for `rules:exists`.
    pub paths: Vec<String>,
}

pub fn read(path: &str) -> Result<Repo, String> {
    let p = Path::new(path);
    let (root, entry_rel) = if p.is_dir() {
        (p.to_path_buf(), ".gitlab-ci.yml".to_string())
    } else if p.is_file() {
        let root = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        (root, p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
    } else {
        return Err(format!("{path}: no such file or folder"));
    };
    let mut files = FileSet::new();
    let entry_text =
        fs::read_to_string(root.join(&entry_rel)).map_err(|e| format!("{}: {e}", root.join(&entry_rel).display()))?;
    let entry = files.add(&entry_rel, entry_text);
    let mut paths = Vec::new();
    walk(&root, &root, &mut files, &mut paths);
    Ok(Repo { files, entry, paths })
}

fn walk(root: &Path, dir: &Path, files: &mut FileSet, paths: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if paths.len() >= MAX_ENTRIES {
            return;
        }
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            if !SKIP_DIRS.contains(&name.as_str()) {
                walk(root, &path, files, paths);
            }
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if is_config_candidate(&rel) && files.find(&rel).is_none() {
            if let Ok(text) = fs::read_to_string(&path) {
                files.add(&rel, text);
            }
        }
        paths.push(rel);
    }
}
