//! `#/gitlab`: the projects of the connected instance, searchable, the user's own by default.

use super::page::{Ask, Data, Filters, Show};
use super::rows;
use super::shell::go;
use crate::route::{GitLabProject, Route};
use crate::services::gitlab::{fetch, Connection};
use pipelens_gitlab_api::endpoints::Projects;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Rows shown at once; a search narrows the list.
const PER_PAGE: u32 = 50;
const REFRESH_MS: u32 = 60_000;

pub fn ask(connection: &Connection, f: &Filters) -> Ask {
    let (search, membership) = ((*f.search).clone(), *f.membership);
    let key = format!("projects\n{}\n{search}\n{membership}", connection.base_url);
    let connection = connection.clone();
    let endpoint = Projects {
        search: (!search.trim().is_empty()).then(|| search.trim().to_string()),
        membership: Some(membership),
        simple: Some(true),
        order_by: Some("last_activity_at".into()),
        ..Default::default()
    };
    let fetch = Rc::new(move || {
        let (connection, endpoint) = (connection.clone(), endpoint.clone());
        Box::pin(async move {
            let client = connection.client()?;
            let (items, more) = fetch::first_page(&client, client.prepare_page(&endpoint, PER_PAGE)).await?;
            Ok(Data::Projects(items.iter().filter_map(rows::project).collect(), more))
        }) as crate::hooks::ApiFuture<Data>
    });
    Ask { key, every_ms: Some(REFRESH_MS), fetch }
}

pub fn show(f: &Filters, data: Option<&Data>) -> Show {
    let on_search = {
        let search = f.search.clone();
        Callback::from(move |e: InputEvent| search.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_membership = {
        let membership = f.membership.clone();
        Callback::from(move |e: Event| membership.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let rows = match data {
        Some(Data::Projects(projects, more)) => {
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
                    if *more { <p class="muted">{ "The first 50 shown; search to find others." }</p> }
                </>
            }
        }
        _ => Html::default(),
    };
    let body = html! {
        <>
            <h2>{ "Projects" }</h2>
            <div class="filters">
                <input type="search" data-testid="project-search" placeholder="Search projects" aria-label="search projects"
                    value={(*f.search).clone()} oninput={on_search} />
                <label><input type="checkbox" data-testid="project-membership" checked={*f.membership} onchange={on_membership} />
                    { " Only projects I am a member of" }</label>
            </div>
            { rows }
        </>
    };
    Show { crumbs: vec![("Projects".to_string(), None)], body }
}
