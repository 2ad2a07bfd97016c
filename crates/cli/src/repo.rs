//! Reads a repository folder (or one YAML file beside its folder) for the engine: the entry file and the list
//! of paths up front, then only the files the configuration includes, as the engine asks for them.
//!
//! Every read is of a regular file inside the root (a symlink may point elsewhere in the repository, never
//! out of it), its size checked before a byte is read: a FIFO, a device or a huge file is reported, not read.

use pipelens_core::files::{listing_truncated, SKIP_DIRS};
use pipelens_core::{Diagnostic, FileId, FileSet, Limits, Load, MissingInclude, MissingKind, Unreadable};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

pub struct Repo {
    pub files: FileSet,
    pub entry: FileId,
    /// Every file path in the folder, for `rules:exists` and to find includes.
    pub paths: Vec<String>,
    /// Problems with the listing itself (it stopped at the limit).
    pub notes: Vec<Diagnostic>,
    /// The root, canonical: nothing outside it is read.
    root: PathBuf,
    max_file_bytes: usize,
}

pub fn read(path: &str, limits: &Limits) -> Result<Repo, String> {
    let p = Path::new(path);
    let (root, entry_rel) = if p.is_dir() {
        (p.to_path_buf(), pipelens_core::files::DEFAULT_ENTRY.to_string())
    } else if p.exists() {
        let root = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        (root, p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
    } else {
        return Err(format!("{path}: no such file or folder"));
    };
    let root = fs::canonicalize(&root).map_err(|e| format!("{}: {e}", root.display()))?;
    if fs::symlink_metadata(root.join(&entry_rel)).is_err() {
        return Err(format!("{}: no such file", root.join(&entry_rel).display()));
    }
    let mut repo = Repo {
        files: FileSet::new(),
        entry: 0,
        paths: Vec::new(),
        notes: Vec::new(),
        root,
        max_file_bytes: limits.max_file_bytes,
    };
    let entry = repo.read_file(&entry_rel);
    repo.entry = repo.files.supply(&entry_rel, entry).unwrap_or_default();
    let root = repo.root.clone();
    if walk(&root, &root, &mut repo.paths, limits.max_repo_paths) {
        repo.notes.push(listing_truncated(limits.max_repo_paths));
    }
    Ok(repo)
}

impl Repo {
    /// What the engine asked for: a local file of this folder; nothing else is reachable offline.
    pub fn load(&self, missing: &MissingInclude) -> Load {
        match &missing.kind {
            MissingKind::Local { path } => self.read_file(path),
            _ => Load::Unavailable,
        }
    }

    /// A regular file inside the root, at most `max_file_bytes` long, as bytes (the engine decodes them).
    fn read_file(&self, rel: &str) -> Load {
        let failed = |why: String| Load::Unreadable(Unreadable::Failed(why));
        let real = match fs::canonicalize(self.root.join(rel)) {
            Ok(p) => p,
            Err(e) => return failed(e.to_string()),
        };
        if !real.starts_with(&self.root) {
            return failed("it leads outside the repository folder".into());
        }
        // Checked before opening: opening a FIFO would block, reading a device would not end.
        let meta = match fs::metadata(&real) {
            Ok(m) => m,
            Err(e) => return failed(e.to_string()),
        };
        if !meta.is_file() {
            return failed("not a regular file".into());
        }
        if meta.len() > self.max_file_bytes as u64 {
            return Load::Unreadable(Unreadable::TooLarge { bytes: meta.len() });
        }
        let mut bytes = Vec::new();
        let read = fs::File::open(&real).and_then(|f| f.take(self.max_file_bytes as u64 + 1).read_to_end(&mut bytes));
        match read {
            // It grew since it was measured.
            Ok(n) if n > self.max_file_bytes => Load::Unreadable(Unreadable::TooLarge { bytes: n as u64 }),
            Ok(_) => Load::Bytes(bytes),
            Err(e) => failed(e.to_string()),
        }
    }
}

/// Lists every path under `dir` (symlinks listed, not followed), sorted, skipping [`SKIP_DIRS`]. Returns
/// whether the listing stopped at `max`.
fn walk(root: &Path, dir: &Path, paths: &mut Vec<String>, max: usize) -> bool {
    let Ok(entries) = fs::read_dir(dir) else { return false };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            if !SKIP_DIRS.contains(&e.file_name().to_string_lossy().as_ref()) && walk(root, &path, paths, max) {
                return true;
            }
            continue;
        }
        if paths.len() >= max {
            return true;
        }
        paths.push(path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/"));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::walk;

    #[test]
    fn the_listing_stops_at_its_limit_and_says_so() {
        let dir = std::env::temp_dir().join(format!("pipelens-walk-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for name in ["a", "b", "sub/c", "sub/d"] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let mut paths = Vec::new();
        assert!(walk(&dir, &dir, &mut paths, 3));
        assert_eq!(paths, ["a", "b", "sub/c"]);
        let mut paths = Vec::new();
        assert!(!walk(&dir, &dir, &mut paths, 4));
        assert_eq!(paths.len(), 4);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
