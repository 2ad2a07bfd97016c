//! The root: the state that outlives a page, and which page the address shows.

use crate::features::editor::{use_editor_store, EditorPage};
use crate::features::live::NotConnected;
use crate::features::not_found::NotFound;
use crate::hooks::use_route;
use crate::route::Route;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let route = use_route();
    // Made from the address the app starts at; a share link is read once, as the page loads.
    let editor = use_editor_store(match &*route {
        Route::Shared(link) => Some(link.as_str()),
        _ => None,
    });
    match &*route {
        Route::Editor | Route::Shared(_) => html! { <EditorPage store={editor} /> },
        Route::GitLabPipeline(target) => html! { <NotConnected kind="pipelines" target={target.clone()} /> },
        Route::GitLabJob(target) => html! { <NotConnected kind="jobs" target={target.clone()} /> },
        Route::NotFound(fragment) => html! { <NotFound fragment={fragment.clone()} /> },
    }
}
