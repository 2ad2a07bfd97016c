//! The virtual file set the engine reads: the browser and the CLI both hand files in; core does no IO.

use crate::diagnostics::FileId;

#[derive(Debug, Clone, Default)]
pub struct FileSet {
    files: Vec<SourceFile>,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the repository root, `/`-separated, no leading slash.
    pub path: String,
    pub text: String,
}

impl FileSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file and returns its id.
    pub fn add(&mut self, path: &str, text: impl Into<String>) -> FileId {
        let path = normalize(path);
        let text = text.into();
        if let Some(i) = self.files.iter().position(|f| f.path == path) {
            self.files[i].text = text;
            return i as FileId;
        }
        self.files.push(SourceFile { path, text });
        (self.files.len() - 1) as FileId
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id as usize)
    }

    pub fn path(&self, id: FileId) -> &str {
        self.get(id).map(|f| f.path.as_str()).unwrap_or("<unknown>")
    }

    pub fn find(&self, path: &str) -> Option<FileId> {
        let path = normalize(path);
        self.files.iter().position(|f| f.path == path).map(|i| i as FileId)
    }

    pub fn paths(&self) -> impl Iterator<Item = (FileId, &str)> {
        self.files.iter().enumerate().map(|(i, f)| (i as FileId, f.path.as_str()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Folders never read for configuration: version-control data, dependencies, build output.
pub const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target"];

/// Whether a repository path is read as text when a whole folder is opened: YAML outside [`SKIP_DIRS`]. Other
/// paths only count for `rules:exists`.
pub fn is_config_candidate(path: &str) -> bool {
    let path = normalize(path);
    (path.ends_with(".yml") || path.ends_with(".yaml")) && !in_skipped_dir(&path)
}

/// Whether a path lies inside one of the [`SKIP_DIRS`].
pub fn in_skipped_dir(path: &str) -> bool {
    path.split('/').any(|part| SKIP_DIRS.contains(&part))
}

/// `./a//b/../c` → `a/c`; a leading `/` means the repository root.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}
