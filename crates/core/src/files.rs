//! The virtual file set the engine reads: the browser and the CLI both hand files in; core does no IO.
//!
//! Texts are shared (`Arc<str>`): a front end that re-analyses on every keystroke clones the set, not the
//! texts. Files a front end could not read stay in the set with the reason ([`Unreadable`]), so the engine
//! reports it at the file (or at the include that named it) with GitLab's wording where there is one.

use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, FileId};
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct FileSet {
    files: Vec<SourceFile>,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the repository root, `/`-separated, no leading slash; for a fetched include, the key
    /// [`crate::resolve::include::MissingInclude::key`] gave it (its URL, or project, file and ref).
    pub path: String,
    pub text: Arc<str>,
    /// Set when the file is in the set but its text could not be used (then `text` is empty or a lossy copy).
    pub unreadable: Option<Unreadable>,
}

/// UTF-8 text, or the lossy decoding and where the first invalid byte is.
pub fn decode(bytes: Vec<u8>) -> Result<String, (String, Unreadable)> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let good = e.utf8_error().valid_up_to();
        let (line, col) = position(std::str::from_utf8(&bytes[..good]).unwrap_or_default());
        (String::from_utf8_lossy(bytes).into_owned(), Unreadable::InvalidUtf8 { line, col })
    })
}

/// Why a file's text cannot be analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Not UTF-8; the first invalid byte is at this 1-based line and column (characters before it).
    InvalidUtf8 { line: u32, col: u32 },
    /// Larger than [`crate::Limits::max_file_bytes`] (the front end checked the size before reading).
    TooLarge { bytes: u64 },
    /// Not a regular file, outside the repository, over a total limit, or an IO error: the reader's words.
    Failed(String),
}

impl FileSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file and returns its id. An `Arc<str>` is stored without copying.
    pub fn add(&mut self, path: &str, text: impl Into<Arc<str>>) -> FileId {
        self.insert(normalize(path), text.into(), None)
    }

    /// Adds a file read as bytes: invalid UTF-8 is kept as [`Unreadable::InvalidUtf8`] with the position of
    /// the first bad byte (the text is the lossy decoding, for display).
    pub fn add_bytes(&mut self, path: &str, bytes: Vec<u8>) -> FileId {
        match decode(bytes) {
            Ok(text) => self.add(path, text),
            Err((lossy, why)) => self.insert(normalize(path), lossy.into(), Some(why)),
        }
    }

    /// Records a file that is there but could not be read, so the engine reports why.
    pub fn add_unreadable(&mut self, path: &str, why: Unreadable) -> FileId {
        self.insert(normalize(path), Arc::from(""), Some(why))
    }

    /// Stores what a loader returned for a missing include under the include's key (its repository path, or
    /// for a fetched file its URL or project/file/ref), so diagnostics name the file. `None` when the loader
    /// had nothing (the include stays missing).
    pub fn supply(&mut self, key: &str, load: Load) -> Option<FileId> {
        match load {
            Load::Bytes(b) => Some(self.add_bytes(key, b)),
            Load::Text(t) => Some(self.add(key, t)),
            Load::Unreadable(why) => Some(self.add_unreadable(key, why)),
            Load::Unavailable => None,
        }
    }

    fn insert(&mut self, path: String, text: Arc<str>, unreadable: Option<Unreadable>) -> FileId {
        if let Some(i) = self.files.iter().position(|f| f.path == path) {
            self.files[i].text = text;
            self.files[i].unreadable = unreadable;
            return i as FileId;
        }
        self.files.push(SourceFile { path, text, unreadable });
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

    /// Bytes of text held, summed (for the total-read limit).
    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|f| f.text.len()).sum()
    }
}

/// What a front end's loader found for a missing include.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    /// The file's bytes, as read (decoded by [`FileSet::add_bytes`]).
    Bytes(Vec<u8>),
    /// The file's text, already decoded (the browser's `File.text()`).
    Text(Arc<str>),
    /// There, but not readable: reported at the include.
    Unreadable(Unreadable),
    /// This front end cannot get it (a remote include without network): it stays missing.
    Unavailable,
}

/// 1-based line and column (in characters) just past `text`.
fn position(text: &str) -> (u32, u32) {
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u32, col as u32)
}

/// The warning a front end adds when its repository listing stopped at [`crate::Limits::max_repo_paths`].
pub fn listing_truncated(max: usize) -> Diagnostic {
    Diagnostic::warning(
        Code::RepoListingLimit,
        format!("the folder has more than {max} files; only the first {max} are listed, so `rules:exists` and includes may miss files"),
        None,
    )
}

/// The file GitLab reads a project's configuration from unless the project names another ("CI/CD
/// configuration file" setting).
pub const DEFAULT_ENTRY: &str = ".gitlab-ci.yml";

/// Folders never read for configuration: version-control data, dependencies, build output.
pub const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target"];

/// Whether a repository path could hold configuration: YAML outside [`SKIP_DIRS`]. Front ends list every
/// path (for `rules:exists`) but read only what the engine asks for (see [`crate::analyze_until_complete`]).
pub fn is_config_candidate(path: &str) -> bool {
    let path = normalize(path);
    (path.ends_with(".yml") || path.ends_with(".yaml")) && !in_skipped_dir(&path)
}

/// Whether a path lies inside one of the [`SKIP_DIRS`].
pub fn in_skipped_dir(path: &str) -> bool {
    path.split('/').any(|part| SKIP_DIRS.contains(&part))
}

/// `./a//b/../c` → `a/c`; a leading `/` means the repository root. A URL keeps its `scheme://`.
pub fn normalize(path: &str) -> String {
    if let Some((scheme, rest)) = path.split_once("://").filter(|(s, _)| !s.is_empty() && !s.contains('/')) {
        return format!("{scheme}://{}", normalize(rest));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_keeps_the_position_of_the_first_bad_byte() {
        let mut fs = FileSet::new();
        let id = fs.add_bytes("a.yml", b"job:\n  script: \"h\xc3\xa9 \xff\"\n".to_vec());
        assert_eq!(fs.get(id).unwrap().unreadable, Some(Unreadable::InvalidUtf8 { line: 2, col: 15 }));
        let ok = fs.add_bytes("b.yml", "job: é\n".as_bytes().to_vec());
        assert_eq!(fs.get(ok).unwrap().unreadable, None);
        assert_eq!(&*fs.get(ok).unwrap().text, "job: é\n");
    }

    #[test]
    fn shared_text_is_not_copied() {
        let text: Arc<str> = Arc::from("job: {script: x}\n");
        let mut fs = FileSet::new();
        let id = fs.add("a.yml", text.clone());
        let copy = fs.clone();
        assert!(Arc::ptr_eq(&copy.get(id).unwrap().text, &text));
    }
}
