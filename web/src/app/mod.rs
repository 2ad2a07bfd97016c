//! The root of each wasm module, and what they share. pipelens ships as two modules built from this library:
//! the editor (`index.html`, `src/main.rs`: the editor, shared links, the demo's connect step) and the GitLab
//! pages (`gitlab.html`, `src/bin/pipelens-gitlab.rs`: projects, pipelines, logs, predict, the wall, the batch
//! run), so the editor's first paint does not load the GitLab pages. Each module's root draws its own routes
//! and hands any other address to the other module (`Route::module`); the state that outlives a page lives
//! in the browser's storage (connections, saved walls and batches), so it survives the switch.

mod editor;
mod gitlab;

pub use editor::EditorApp;
pub use gitlab::GitLabApp;

use crate::features::connect::{connect_button, ConnectDialog};
use crate::hooks::use_route;
use crate::route::{Module, Route};
use crate::services::gitlab::{use_gitlab_connections, GitLab};
use std::rc::Rc;
use yew::prelude::*;

/// What every page of either module gets: the address, the GitLab connections and the header's connect
/// button.
pub struct Shell {
    pub route: Rc<Route>,
    pub gitlab: GitLab,
    pub actions: Html,
    dialog: UseStateHandle<bool>,
}

#[hook]
pub fn use_shell() -> Shell {
    let route = use_route();
    let (connections, update) = use_gitlab_connections();
    let dialog = use_state(|| false);
    let gitlab = GitLab {
        connections: (*connections).clone(),
        update,
        open_dialog: {
            let dialog = dialog.clone();
            Callback::from(move |_| dialog.set(true))
        },
    };
    let actions = connect_button(&gitlab);
    Shell { route, gitlab, actions, dialog }
}

impl Shell {
    /// The page with the connect dialog over it when asked for (or on `#/demo`, which connects by itself).
    pub fn frame(self, page: Html) -> Html {
        let Shell { route, gitlab, dialog, .. } = self;
        let demo = matches!(&*route, Route::Demo);
        let on_close = {
            let dialog = dialog.clone();
            Callback::from(move |_| dialog.set(false))
        };
        let on_connected = {
            let (dialog, route) = (dialog.clone(), route.clone());
            Callback::from(move |_| {
                dialog.set(false);
                // From a page that is not GitLab's, a new connection shows its projects.
                let projects = Route::GitLabProjects.to_fragment();
                if let Some(location) = web_sys::window().map(|w| w.location()) {
                    let _ = match &*route {
                        // Replaces `#/demo`, so going back does not connect again.
                        Route::Demo => location.replace(&projects),
                        Route::Editor | Route::Shared(_) | Route::NotFound(_) => location.set_hash(&projects),
                        _ => Ok(()),
                    };
                }
            })
        };
        html! {
            <>
                { page }
                if *dialog || demo { <ConnectDialog {gitlab} {demo} {on_close} {on_connected} /> }
            </>
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct OtherModuleProps {
    pub module: Module,
}

/// An address the other module draws: the page is replaced by that module's, at the same address (no
/// history entry, so Back leaves the app's previous page).
#[function_component(OtherModule)]
pub fn other_module(props: &OtherModuleProps) -> Html {
    let page = props.module.page();
    use_effect_with(page, |page| {
        // The editor's last change, kept before the page goes (nothing to do in the GitLab module).
        crate::features::editor::keep_now();
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            let hash = location.hash().unwrap_or_default();
            let _ = location.replace(&format!("{page}{hash}"));
        }
    });
    html! { <p class="muted" data-testid="switching">{ "Opening…" }</p> }
}
