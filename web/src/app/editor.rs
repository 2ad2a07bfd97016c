//! The editor module's root (`index.html`): the editor (also from a shared link), the demo's connect step
//! and the not-found page; any GitLab address goes to the GitLab module.

use super::{use_shell, OtherModule};
use crate::features::editor::{use_editor_store, EditorPage};
use crate::features::live::connect_first;
use crate::features::not_found::NotFound;
use crate::route::{Module, Route};
use yew::prelude::*;

#[function_component(EditorApp)]
pub fn editor_app() -> Html {
    let shell = use_shell();
    // Made from the address the app starts at; a share link is read once, as the page loads.
    let editor = use_editor_store(match &*shell.route {
        Route::Shared(link) => Some(link.as_str()),
        _ => None,
    });
    let actions = shell.actions.clone();
    let page = match &*shell.route {
        Route::Editor | Route::Shared(_) => html! { <EditorPage store={editor} {actions} /> },
        // The dialog connects to the demo GitLab by itself (see `Shell::frame`).
        Route::Demo => connect_first("the demo GitLab", actions),
        Route::NotFound(fragment) => html! { <NotFound fragment={fragment.clone()} /> },
        _ => html! { <OtherModule module={Module::GitLab} /> },
    };
    shell.frame(page)
}
