//! Reading files the user picked or dropped: each text read once, bounded, then handed over in one batch.
//! A picked or dropped folder is the repository root: every path counts for `rules:exists`, only YAML files
//! are read (each size checked before reading, the total bounded, entries that are not files skipped), and
//! version-control, dependency and build folders are left out, as the CLI does. Unlike the CLI, which reads
//! only what the configuration includes, the YAML is read up front: the pipeline context the user edits can
//! change which includes apply (reading on demand would go through `pipelens_core::IncludeLoader`).

use crate::state::MAX_FILES;
use pipelens_core::files::{decode, in_skipped_dir, is_config_candidate, Unreadable, SKIP_DIRS};
use pipelens_core::Limits;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

/// A folder listing stops here, as the CLI's does: a huge folder must not freeze the tab.
fn max_paths() -> usize {
    Limits::default().max_repo_paths
}

#[derive(Debug, Default)]
pub struct Picked {
    pub files: Vec<(String, String)>,
    /// Every path of a picked folder (for `rules:exists`); empty for single files.
    pub repo_paths: Vec<String>,
    pub skipped: Vec<String>,
}

/// `repo/ci/a.yml` → `ci/a.yml`: inside a picked or dropped folder, paths are relative to it (the
/// repository root).
fn under_root(path: &str) -> &str {
    path.split_once('/').map_or("", |(_, p)| p)
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
        let path = under_root(&relative).to_string();
        if in_skipped_dir(&path) {
            continue;
        }
        if picked.repo_paths.len() < max_paths() {
            picked.repo_paths.push(path.clone());
        } else if picked.repo_paths.len() == max_paths() && !picked.skipped.iter().any(|s| s.starts_with("paths past"))
        {
            picked.skipped.push(format!("paths past the first {} (not listed for `rules:exists`)", max_paths()));
        }
        if is_config_candidate(&path) {
            entries.push((path, f));
        }
    }
    wasm_bindgen_futures::spawn_local(read_texts(entries, picked, done));
}

/// Reads what was dropped. Plain files as they are; a dropped folder is walked like the folder picker's
/// listing (a single dropped folder is the repository root). The entries must be taken during the drop
/// event itself: the browser empties the `DataTransfer` afterwards.
pub fn read_drop(dt: &web_sys::DataTransfer, done: Callback<Picked>) {
    let items = dt.items();
    let entries: Vec<web_sys::FileSystemEntry> =
        (0..items.length()).filter_map(|i| items.get(i)?.webkit_get_as_entry().ok()?).collect();
    if !entries.iter().any(|e| e.is_directory()) {
        if let Some(list) = dt.files() {
            read(list, done);
        }
        return;
    }
    let folder_is_root = entries.len() == 1;
    wasm_bindgen_futures::spawn_local(async move {
        let mut picked = Picked::default();
        let mut files = Vec::new();
        let mut stack = entries;
        let mut listed = 0;
        while let Some(e) = stack.pop() {
            let full = e.full_path();
            let full = full.trim_start_matches('/');
            let path = if folder_is_root { under_root(full) } else { full }.to_string();
            if e.is_directory() {
                if SKIP_DIRS.contains(&e.name().as_str()) {
                    continue;
                }
                match list_dir(e.unchecked_ref()).await {
                    Ok(children) => stack.extend(children),
                    Err(_) => picked.skipped.push(format!("{path}/ (could not be listed)")),
                }
                continue;
            }
            // Neither a file nor a folder (the File System API may expose other kinds): never read.
            if !e.is_file() {
                picked.skipped.push(format!("{path} (not a regular file)"));
                continue;
            }
            listed += 1;
            if listed > max_paths() {
                picked.skipped.push(format!("files past the first {}", max_paths()));
                break;
            }
            picked.repo_paths.push(path.clone());
            // A dropped file is read whatever its name; inside a folder, only YAML.
            let top_level = !full.contains('/');
            if top_level || is_config_candidate(&path) {
                match file_of(e.unchecked_ref()).await {
                    Ok(f) => files.push((path, f)),
                    Err(_) => picked.skipped.push(format!("{path} (could not be opened)")),
                }
            }
        }
        picked.repo_paths.sort();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        read_texts(files, picked, done).await;
    });
}

/// Every entry of a folder: `readEntries` hands them out in batches until an empty one.
async fn list_dir(dir: &web_sys::FileSystemDirectoryEntry) -> Result<Vec<web_sys::FileSystemEntry>, JsValue> {
    let reader = dir.create_reader();
    let mut out = Vec::new();
    loop {
        let batch = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
            let _ = reader.read_entries_with_callback_and_callback(&resolve, &reject);
        }))
        .await?;
        let batch: js_sys::Array = batch.unchecked_into();
        if batch.length() == 0 {
            return Ok(out);
        }
        out.extend(batch.iter().map(|e| e.unchecked_into()));
    }
}

async fn file_of(entry: &web_sys::FileSystemFileEntry) -> Result<web_sys::File, JsValue> {
    let f = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    }))
    .await?;
    Ok(f.unchecked_into())
}

/// Reads the texts, at most [`MAX_FILES`], each within the engine's size limit and all within its total
/// limit, and hands them over. Sizes are checked before any byte is read.
async fn read_texts(entries: Vec<(String, web_sys::File)>, mut picked: Picked, done: Callback<Picked>) {
    let limits = Limits::default();
    let (max_bytes, max_total) = (limits.max_file_bytes as f64, limits.max_total_bytes as f64);
    let mut total = 0.0;
    // Every read starts at once (the browser overlaps them); results are taken in the listing's order.
    let mut reads = Vec::new();
    for (path, f) in entries {
        if picked.files.len() + reads.len() >= MAX_FILES {
            picked.skipped.push(format!("{path} (more than {MAX_FILES} files)"));
        } else if f.size() > max_bytes {
            picked.skipped.push(format!("{path} (over {} MiB)", limits.max_file_bytes / (1024 * 1024)));
        } else if total + f.size() > max_total {
            let mib = limits.max_total_bytes / (1024 * 1024);
            picked.skipped.push(format!("{path} (the files read would pass {mib} MiB in all)"));
        } else {
            total += f.size();
            reads.push((path, JsFuture::from(f.array_buffer())));
        }
    }
    // Bytes, not `File.text()`: that would replace invalid UTF-8 silently instead of saying where it is.
    for (path, read) in reads {
        let Ok(buffer) = read.await else {
            picked.skipped.push(format!("{path} (could not be read)"));
            continue;
        };
        match decode(js_sys::Uint8Array::new(&buffer).to_vec()) {
            Ok(text) => picked.files.push((path, text)),
            Err((_, Unreadable::InvalidUtf8 { line, col })) => {
                picked.skipped.push(format!("{path} (not UTF-8 text: invalid byte at line {line}, column {col})"))
            }
            Err(_) => picked.skipped.push(format!("{path} (could not be read as text)")),
        }
    }
    done.emit(picked);
}
