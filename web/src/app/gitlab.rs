//! The GitLab module's root (`gitlab.html`): projects, pipelines (live), jobs' logs, predict then run, the
//! wall and the batch run; the editor's addresses go to the editor module.

use super::{use_shell, OtherModule};
use crate::features::live::{connect_first, not_connected, LivePage, PipelinePage, View};
use crate::features::logs::LogPage;
use crate::features::predict::PredictPage;
use crate::features::wall::{BatchPage, WallPage};
use crate::route::{Module, Route};
use yew::prelude::*;

#[function_component(GitLabApp)]
pub fn gitlab_app() -> Html {
    let shell = use_shell();
    let (route, gitlab, actions) = (shell.route.clone(), shell.gitlab.clone(), shell.actions.clone());
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
        (Route::GitLabPipeline(target), _, _) => not_connected("pipelines", target, actions.clone()),
        // A job's log, in its own page keyed by the address (a `#L` anchor is not part of it).
        (Route::GitLabJob(target), _, Some(connection)) => {
            let (instance, project, id) = (target.instance.clone(), target.project.clone(), target.id);
            html! { <LogPage key={route.to_fragment()} {connection} {instance} {project} {id} actions={actions.clone()} /> }
        }
        (Route::GitLabJob(target), _, _) => not_connected("jobs", target, actions.clone()),
        (Route::GitLabPipelines(p), _, _) => connect_first(&format!("the pipelines of {}", p.project), actions.clone()),
        (Route::GitLabProjects, _, _) => connect_first("the projects", actions.clone()),
        (Route::WallBatch, _, _) => html! { <BatchPage gitlab={gitlab.clone()} actions={actions.clone()} /> },
        (Route::Wall(query) | Route::DemoWall(query), _, _) => html! {
            <WallPage gitlab={gitlab.clone()} query={query.clone()} demo={matches!(&*route, Route::DemoWall(_))} actions={actions.clone()} />
        },
        (Route::Editor | Route::Shared(_) | Route::Demo | Route::NotFound(_), _, _) => {
            html! { <OtherModule module={Module::Editor} /> }
        }
    };
    shell.frame(page)
}
