//! Reads and writes the connections' strings in `localStorage` and `sessionStorage`. What goes where is
//! `session.rs`'s decision.

use super::session::{Connections, Keep};

const KEY: &str = "pipelens.gitlab";

fn storage(keep: Keep) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match keep {
        Keep::Browser => window.local_storage().ok().flatten(),
        Keep::Tab => window.session_storage().ok().flatten(),
    }
}

fn read(keep: Keep) -> Option<String> {
    storage(keep)?.get_item(KEY).ok().flatten()
}

/// The connections kept by earlier visits (this tab's and this browser's).
pub fn load() -> Connections {
    Connections::restore(read(Keep::Browser).as_deref(), read(Keep::Tab).as_deref())
}

/// Keeps each connection where its user chose, removing what no longer belongs in a storage.
pub fn save(connections: &Connections) {
    for keep in [Keep::Browser, Keep::Tab] {
        let Some(s) = storage(keep) else { continue };
        let _ = match connections.stored(keep) {
            Some(text) => s.set_item(KEY, &text),
            None => s.remove_item(KEY),
        };
    }
}
