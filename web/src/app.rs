//! The root: which page the address shows.

use crate::features::editor::EditorPage;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! { <EditorPage /> }
}
