//! `#/gitlab`: the projects of the connected instance, searchable, the user's own by default.

use super::rows;
use super::shell::{go, shell, ShellProps};
use crate::hooks::use_api;
use crate::route::{GitLabProject, Route};
use crate::services::gitlab::{fetch, Connection};
use pipelens_gitlab_api::endpoints::Projects;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Rows shown at once; a search narrows the list.
const PER_PAGE: u32 = 50;
const REFRESH_MS: u32 = 60_000;

#[derive(Properties, PartialEq)]
pub struct ProjectsPageProps {
    pub connection: Connection,
    pub actions: Html,
}

#[function_component(ProjectsPage)]
pub fn projects_page(props: &ProjectsPageProps) -> Html {
    let search = use_state(String::new);
    let membership = use_state(|| true);
    let key = format!("{}\n{}\n{}", props.connection.base_url, *search, *membership);
    let fetched = {
        let (connection, search, membership) = (props.connection.clone(), (*search).clone(), *membership);
        use_api(key, Some(REFRESH_MS), move || {
            let connection = connection.clone();
            let endpoint = Projects {
                search: (!search.trim().is_empty()).then(|| search.trim().to_string()),
                membership: Some(membership),
                simple: Some(true),
                order_by: Some("last_activity_at".into()),
                ..Default::default()
            };
            Box::pin(async move {
                let client = connection.client()?;
                let (items, more) = fetch::first_page(&client, client.prepare_page(&endpoint, PER_PAGE)).await?;
                Ok((items.iter().filter_map(rows::project).collect::<Vec<_>>(), more))
            }) as crate::hooks::ApiFuture<(Vec<rows::ProjectRow>, bool)>
        })
    };
    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| search.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_membership = {
        let membership = membership.clone();
        Callback::from(move |e: Event| membership.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let rows = fetched.data.as_ref().map(|data| {
        let (projects, more) = &**data;
        let rows = projects.iter().map(|p| {
            let fragment =
                Route::GitLabPipelines(GitLabProject { instance: None, project: p.path.clone() }).to_fragment();
            let onclick = {
                let fragment = fragment.clone();
                Callback::from(move |_: MouseEvent| go(&fragment))
            };
            html! {
                <tr data-project={p.path.clone()} {onclick} class="clickable">
                    <td><a href={fragment}>{ &p.path }</a></td>
                    <td class="muted">{ &p.last_activity }</td>
                </tr>
            }
        });
        html! {
            <>
                if projects.is_empty() { <p data-testid="no-projects">{ "No project matches." }</p> }
                <table class="rows" data-testid="projects">
                    <thead><tr><th>{ "Project" }</th><th>{ "Last activity" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                if *more { <p class="muted">{ format!("The first {PER_PAGE} shown; search to find others.") }</p> }
            </>
        }
    });
    shell(ShellProps {
        connection: props.connection.clone(),
        crumbs: vec![("Projects".to_string(), None)],
        actions: props.actions.clone(),
        error: fetched.error.clone(),
        loading: fetched.loading,
        refresh: fetched.refresh.clone(),
        children: html! {
            <>
            <h2>{ "Projects" }</h2>
            <div class="filters">
                <input type="search" data-testid="project-search" placeholder="Search projects" aria-label="search projects"
                    value={(*search).clone()} oninput={on_search} />
                <label><input type="checkbox" data-testid="project-membership" checked={*membership} onchange={on_membership} />
                    { " Only projects I am a member of" }</label>
            </div>
            { rows.unwrap_or_default() }
            </>
        },
    })
}
