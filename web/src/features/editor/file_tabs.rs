//! Tabs over the open files, plus the ways to open more: file picker, folder picker, new file, and the
//! path of the active file (editable, so a dropped `build.yml` can become the `ci/build.yml` an include names).

use super::state::MAX_FILES;
use crate::services::file_read::{self, Picked};
use crate::services::perf;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FileTabsProps {
    pub paths: Vec<String>,
    pub active: usize,
    /// The tab GitLab starts from.
    pub entry: usize,
    pub on_select: Callback<usize>,
    pub on_close: Callback<usize>,
    pub on_new: Callback<()>,
    pub on_rename: Callback<(usize, String)>,
    pub on_open: Callback<Picked>,
}

#[function_component(FileTabs)]
pub fn file_tabs(props: &FileTabsProps) -> Html {
    let tabs: Html = props
        .paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let select = props.on_select.reform(move |_: MouseEvent| i);
            let close = props.on_close.reform(move |e: MouseEvent| {
                e.stop_propagation();
                i
            });
            let active = i == props.active;
            let closable = props.paths.len() > 1;
            html! {
                <span class={classes!("tab", active.then_some("active"))} data-file={path.clone()}>
                    <button type="button" role="tab" aria-selected={active.to_string()} onclick={select}
                        title={if i == props.entry { format!("{path} (entry file)") } else { path.clone() }}>
                        { if i == props.entry { "▸ " } else { "" } }{ path.clone() }
                    </button>
                    if closable {
                        <button type="button" class="close" aria-label={format!("close {path}")} onclick={close}>{ "×" }</button>
                    }
                </span>
            }
        })
        .collect();
    let pick = {
        let on_open = props.on_open.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                // Timed from the pick: reading the files is part of what the user waits for.
                perf::mark_input();
                file_read::read(list, MAX_FILES, on_open.clone());
            }
            // Picking the same file again must fire `change` again.
            input.set_value("");
        })
    };
    let rename = {
        let (cb, active) = (props.on_rename.clone(), props.active);
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit((active, input.value()));
        })
    };
    let new = props.on_new.reform(|_: MouseEvent| ());
    let path = props.paths.get(props.active).cloned().unwrap_or_default();
    html! {
        <div class="files">
            <div class="tabs" role="tablist" aria-label="open files" data-testid="file-tabs">
                { tabs }
                <button type="button" class="new" aria-label="new file" title="New file" onclick={new}>{ "+" }</button>
            </div>
            <div class="file-actions">
                <label class="button">{ "Open files…" }
                    <input type="file" multiple=true accept=".yml,.yaml,text/yaml,text/plain" data-testid="open-files" onchange={pick.clone()} />
                </label>
                <label class="button" title="A repository folder: local includes and rules:exists then see its files">{ "Open folder…" }
                    <input type="file" webkitdirectory=true data-testid="open-folder" onchange={pick} />
                </label>
                <label class="path">{ "Path" }
                    <input data-testid="file-path" aria-label="path of this file in the repository" value={path} onchange={rename} />
                </label>
            </div>
        </div>
    }
}
