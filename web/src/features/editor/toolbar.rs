//! The header's buttons that leave the page: exports of the drawing, and the share link (into the address bar
//! and the clipboard).

use super::share::{self, Shared};
use super::state::EditorState;
use crate::services::download;
use pipelens_core::scene::Scene;
use std::rc::Rc;
use yew::prelude::*;

/// Saves the drawing as `pipeline.<ext>`: `svg`, `png`, `dot` or (anything else) Mermaid.
pub fn export(scene: Rc<Scene>, ext: &'static str, notify: Callback<String>) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        if ext == "png" {
            let svg = pipelens_core::export::svg(&scene);
            let notify = notify.clone();
            download::save_png("pipeline.png", &svg, scene.width, scene.height, move |e| {
                notify.emit(format!("PNG export failed: {e}"))
            });
            return;
        }
        let (text, mime) = match ext {
            "svg" => (pipelens_core::export::svg(&scene), "image/svg+xml"),
            "dot" => (pipelens_core::export::dot(&scene), "text/vnd.graphviz"),
            _ => (pipelens_core::export::mermaid(&scene), "text/plain"),
        };
        if let Err(e) = download::save(&format!("pipeline.{ext}"), mime, &text) {
            web_sys::console::error_1(&e.into());
        }
    })
}

/// Writes the workspace's share link into the address bar and the clipboard, and says so.
pub fn share_link(state: &UseReducerHandle<EditorState>, notify: Callback<String>) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_: MouseEvent| {
        let shared = Shared::of(&state.files, &state.context);
        let link = match share::encode(&shared) {
            Ok(link) => link,
            Err(e) => return notify.emit(format!("No share link: {e}.")),
        };
        let Some(window) = web_sys::window() else { return };
        // replaceState: the link is in the address bar to copy, without a history entry per click.
        let _ = window.history().and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&link)));
        let _ = window.navigator().clipboard().write_text(&window.location().href().unwrap_or_default());
        notify.emit(format!(
            "Share link in the address bar and copied ({} characters): your files and the pipeline context, nothing else.",
            link.len()
        ));
    })
}
