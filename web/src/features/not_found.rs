//! The page for an address that names no page.

use crate::route::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    /// The fragment, without its `#`.
    pub fragment: AttrValue,
}

#[function_component(NotFound)]
pub fn not_found(props: &NotFoundProps) -> Html {
    html! {
        <div class="app">
            <header><h1>{ "pipelens" }</h1></header>
            <main class="page" data-testid="not-found">
                <h2>{ "No such page" }</h2>
                <p>{ format!("pipelens has no page at #{}.", props.fragment) }</p>
                <p><a href={Route::Editor.to_fragment()}>{ "Open the editor" }</a></p>
            </main>
        </div>
    }
}
