//! The root: the state that outlives a page (the editor's store, the GitLab connections), and which page
//! the address shows.

use crate::features::connect::{ConnectButton, ConnectDialog, DemoPage};
use crate::features::editor::{use_editor_store, EditorPage};
use crate::features::live::{ConnectFirst, NotConnected, PipelinePage, PipelinesPage, ProjectsPage};
use crate::features::not_found::NotFound;
use crate::hooks::use_route;
use crate::route::Route;
use crate::services::gitlab::{use_gitlab_connections, GitLab};
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let route = use_route();
    // Made from the address the app starts at; a share link is read once, as the page loads.
    let editor = use_editor_store(match &*route {
        Route::Shared(link) => Some(link.as_str()),
        _ => None,
    });
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
    let actions = html! { <ConnectButton /> };
    let live = |instance: Option<&str>| gitlab.connections.for_instance(instance).cloned();
    let page = match &*route {
        Route::Editor | Route::Shared(_) => html! { <EditorPage store={editor} actions={actions.clone()} /> },
        Route::Demo => html! { <DemoPage /> },
        Route::GitLabProjects => match live(None) {
            Some(connection) => html! { <ProjectsPage {connection} {actions} /> },
            None => html! { <ConnectFirst what="the projects" {actions} /> },
        },
        Route::GitLabPipelines(p) => match live(p.instance.as_deref()) {
            Some(connection) => html! {
                <PipelinesPage {connection} instance={p.instance.clone()} project={p.project.clone()} {actions} />
            },
            None => html! { <ConnectFirst what={format!("the pipelines of {}", p.project)} {actions} /> },
        },
        Route::GitLabPipeline(target) => match live(target.instance.as_deref()) {
            Some(connection) => html! {
                <PipelinePage {connection} instance={target.instance.clone()} project={target.project.clone()}
                    id={target.id} {actions} />
            },
            None => html! { <NotConnected kind="pipelines" target={target.clone()} {actions} /> },
        },
        Route::GitLabJob(target) => html! { <NotConnected kind="jobs" target={target.clone()} {actions} /> },
        Route::NotFound(fragment) => html! { <NotFound fragment={fragment.clone()} /> },
    };
    let on_close = {
        let dialog = dialog.clone();
        Callback::from(move |_| dialog.set(false))
    };
    let on_connected = {
        let (dialog, route) = (dialog.clone(), route.clone());
        Callback::from(move |_| {
            dialog.set(false);
            // From a page that is not GitLab's, a new connection shows its projects.
            if matches!(&*route, Route::Editor | Route::Shared(_) | Route::Demo | Route::NotFound(_)) {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().set_hash(&Route::GitLabProjects.to_fragment());
                }
            }
        })
    };
    html! {
        <ContextProvider<GitLab> context={gitlab}>
            { page }
            if *dialog { <ConnectDialog {on_close} {on_connected} /> }
        </ContextProvider<GitLab>>
    }
}
