//! Reading files the user picked or dropped: each text read once, bounded, then handed over in one batch.

use crate::state::MAX_FILES;
use pipelens_core::files::is_config_candidate;
use pipelens_core::Limits;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

/// A folder listing stops here, as the CLI's does: a huge folder must not freeze the tab.
const MAX_PATHS: usize = 50_000;

#[derive(Debug, Default)]
pub struct Picked {
    pub files: Vec<(String, String)>,
    /// Every path of a picked folder (for `rules:exists`); empty for single files.
    pub repo_paths: Vec<String>,
    pub skipped: Vec<String>,
}

/// Reads a `FileList`. From a folder picker every path counts for `rules:exists` and only YAML files are
/// read; single files are read whatever their name (the user chose them).
pub fn read(list: web_sys::FileList, done: Callback<Picked>) {
    let mut entries = Vec::new();
    let mut picked = Picked::default();
    for i in 0..list.length() {
        let Some(f) = list.get(i) else { continue };
        // Set by a folder picker (not in web-sys's File bindings).
        let relative =
            js_sys::Reflect::get(&f, &"webkitRelativePath".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        if relative.is_empty() {
            entries.push((f.name(), f));
            continue;
        }
        // `repo/ci/a.yml` → `ci/a.yml`: paths are relative to the picked folder, the repository root.
        let path = relative.split_once('/').map_or(relative.as_str(), |(_, p)| p).to_string();
        if picked.repo_paths.len() < MAX_PATHS {
            picked.repo_paths.push(path.clone());
        }
        if is_config_candidate(&path) {
            entries.push((path, f));
        }
    }
    let max_bytes = Limits::default().max_file_bytes;
    // Every read starts at once (the browser overlaps them); results are taken in the listing's order.
    let mut reads = Vec::new();
    for (path, f) in entries {
        if picked.files.len() + reads.len() >= MAX_FILES {
            picked.skipped.push(format!("{path} (more than {MAX_FILES} files)"));
        } else if f.size() > max_bytes as f64 {
            picked.skipped.push(format!("{path} (over {} MiB)", max_bytes / (1024 * 1024)));
        } else {
            reads.push((path, JsFuture::from(f.text())));
        }
    }
    wasm_bindgen_futures::spawn_local(async move {
        for (path, read) in reads {
            match read.await.ok().and_then(|v| v.as_string()) {
                Some(text) => picked.files.push((path, text)),
                None => picked.skipped.push(format!("{path} (could not be read as text)")),
            }
        }
        done.emit(picked);
    });
}
