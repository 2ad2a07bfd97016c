//! The root: the state that outlives a page (the editor's store, the GitLab connections), and which page
//! the address shows.

use crate::features::connect::{connect_button, ConnectDialog};
use crate::features::editor::{use_editor_store, EditorPage};
use crate::features::live::{connect_first, not_connected, LivePage, PipelinePage, View};
use crate::features::logs::LogPage;
use crate::features::not_found::NotFound;
use crate::features::predict::PredictPage;
use crate::features::wall::{BatchPage, WallPage};
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
    let actions = connect_button(&gitlab);
    // A live page: its view and the instance the address named.
    let live = match &*route {
        Route::GitLabProjects => Some((View::Projects, None)),
        Route::GitLabPipelines(p) => Some((View::Pipelines { project: p.project.clone() }, p.instance.clone())),
        _ => None,
    };
    // A pipeline drawn live, with the connection for its instance.
    let pipeline = match &*route {
        Route::GitLabPipeline(r) => gitlab.connections.for_instance(r.instance.as_deref()).cloned().map(|c| (r, c)),
        _ => None,
    };
    // The connection for that instance (or the one in use).
    let instance = match (&live, &*route) {
        (Some((_, instance)), _) => Some(instance.as_deref()),
        (None, Route::GitLabJob(job)) => Some(job.instance.as_deref()),
        _ => None,
    };
    let connection = instance.and_then(|instance| gitlab.connections.for_instance(instance).cloned());
    let page = match (&*route, live, connection) {
        _ if pipeline.is_some() => {
            let (r, connection) = pipeline.expect("checked");
            html! {
                <PipelinePage key={route.to_fragment()} {connection} instance={r.instance.clone()}
                    project={r.project.clone()} id={r.id} actions={actions.clone()} />
            }
        }
        // Each live address is its own page: filters and polling start afresh (keyed by the address).
        (_, Some((view, instance)), Some(connection)) => html! {
            <LivePage key={route.to_fragment()} {connection} {instance} {view} actions={actions.clone()} />
        },
        (Route::GitLabNewPipeline(p), _, _) => match gitlab.connections.for_instance(p.instance.as_deref()) {
            Some(connection) => html! {
                <PredictPage key={route.to_fragment()} connection={connection.clone()} instance={p.instance.clone()}
                    project={p.project.clone()} actions={actions.clone()} />
            },
            None => connect_first(&format!("running a pipeline in {}", p.project), actions.clone()),
        },
        (Route::Editor | Route::Shared(_), _, _) => html! { <EditorPage store={editor} actions={actions.clone()} /> },
        // The dialog connects to the demo GitLab by itself (below).
        (Route::Demo, _, _) => connect_first("the demo GitLab", actions.clone()),
        (Route::GitLabPipeline(target), _, _) => not_connected("pipelines", target, actions.clone()),
        // A job's log, in its own page keyed by the address (a `#L` anchor is not part of it).
        (Route::GitLabJob(target), _, Some(connection)) => {
            let (instance, project, id) = (target.instance.clone(), target.project.clone(), target.id);
            html! { <LogPage key={route.to_fragment()} {connection} {instance} {project} {id} actions={actions.clone()} /> }
        }
        (Route::GitLabJob(target), _, _) => not_connected("jobs", target, actions.clone()),
        (Route::GitLabPipelines(p), _, _) => connect_first(&format!("the pipelines of {}", p.project), actions.clone()),
        (Route::GitLabProjects, _, _) => connect_first("the projects", actions.clone()),
        (Route::NotFound(fragment), _, _) => html! { <NotFound fragment={fragment.clone()} /> },
        (Route::WallBatch, _, _) => html! { <BatchPage gitlab={gitlab.clone()} actions={actions.clone()} /> },
        (Route::Wall(query) | Route::DemoWall(query), _, _) => html! {
            <WallPage gitlab={gitlab.clone()} query={query.clone()} demo={matches!(&*route, Route::DemoWall(_))} actions={actions.clone()} />
        },
    };
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
