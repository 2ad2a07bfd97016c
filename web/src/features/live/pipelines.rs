//! `#/gitlab/<project>/-/pipelines`: a project's pipelines, newest first, filtered by ref, status and source.

use super::rows;
use super::shell::{go, shell, status_badge, ShellProps};
use crate::hooks::use_api;
use crate::route::{GitLabRef, Route};
use crate::services::gitlab::{fetch, Connection};
use pipelens_gitlab_api::endpoints::Pipelines;
use pipelens_gitlab_api::Status;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const PER_PAGE: u32 = 50;
const REFRESH_MS: u32 = 10_000;
/// `doc/ci/jobs/job_rules.md`'s `CI_PIPELINE_SOURCE` values, as the pipelines API filters on them.
const SOURCES: &[&str] = &[
    "push",
    "web",
    "trigger",
    "schedule",
    "api",
    "external",
    "pipeline",
    "chat",
    "merge_request_event",
    "external_pull_request_event",
    "parent_pipeline",
    "ondemand_dast_scan",
    "security_orchestration_policy",
];

#[derive(Properties, PartialEq)]
pub struct PipelinesPageProps {
    pub connection: Connection,
    /// The instance the address named, kept in the links it leads to.
    pub instance: Option<String>,
    pub project: String,
    pub actions: Html,
}

#[function_component(PipelinesPage)]
pub fn pipelines_page(props: &PipelinesPageProps) -> Html {
    let git_ref = use_state(String::new);
    let status = use_state(String::new);
    let source = use_state(String::new);
    let key = format!("{}\n{}\n{}\n{}\n{}", props.connection.base_url, props.project, *git_ref, *status, *source);
    let fetched = {
        let connection = props.connection.clone();
        let mut endpoint = Pipelines::new(props.project.as_str());
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        endpoint.git_ref = some(&git_ref);
        endpoint.status = some(&status).map(|s| Status::parse(&s));
        endpoint.source = some(&source);
        use_api(key, Some(REFRESH_MS), move || {
            let (connection, endpoint) = (connection.clone(), endpoint.clone());
            Box::pin(async move {
                let client = connection.client()?;
                let (items, _) = fetch::first_page(&client, client.prepare_page(&endpoint, PER_PAGE)).await?;
                Ok(items.iter().filter_map(rows::pipeline).collect::<Vec<_>>())
            }) as crate::hooks::ApiFuture<Vec<rows::PipelineRow>>
        })
    };
    let on_ref = {
        let git_ref = git_ref.clone();
        Callback::from(move |e: Event| git_ref.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let option = |value: &str, current: &str| {
        html! { <option value={value.to_string()} selected={value == current}>{ value.replace('_', " ") }</option> }
    };
    let rows = fetched.data.as_ref().map(|pipelines| {
        let rows = pipelines.iter().map(|p| {
            let fragment = Route::GitLabPipeline(GitLabRef {
                instance: props.instance.clone(),
                project: props.project.clone(),
                id: p.id,
            })
            .to_fragment();
            let onclick = {
                let fragment = fragment.clone();
                Callback::from(move |_: MouseEvent| go(&fragment))
            };
            let status = p.status.clone();
            html! {
                <tr data-pipeline={p.id.to_string()} data-status={status.clone()} {onclick} class="clickable">
                    <td>{ status_badge(&status) }</td>
                    <td><a href={fragment}>{ format!("#{}", p.id) }</a></td>
                    <td>{ &p.git_ref }</td>
                    <td class="muted">{ &p.source }</td>
                    <td class="muted">{ &p.created_at }</td>
                </tr>
            }
        });
        html! {
            <>
                if pipelines.is_empty() { <p data-testid="no-pipelines">{ "No pipeline matches." }</p> }
                <table class="rows" data-testid="pipelines">
                    <thead><tr><th>{ "Status" }</th><th>{ "Pipeline" }</th><th>{ "Ref" }</th><th>{ "Source" }</th><th>{ "Created" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </>
        }
    });
    let crumbs = vec![(props.project.clone(), None)];
    shell(ShellProps {
        connection: props.connection.clone(),
        crumbs,
        actions: props.actions.clone(),
        error: fetched.error.clone(),
        loading: fetched.loading,
        refresh: fetched.refresh.clone(),
        children: html! {
            <>
            <h2>{ format!("Pipelines of {}", props.project) }</h2>
            <div class="filters">
                <input type="search" data-testid="filter-ref" placeholder="Branch or tag" aria-label="filter by ref"
                    value={(*git_ref).clone()} onchange={on_ref} />
                <select data-testid="filter-status" aria-label="filter by status" onchange={select(&status)}>
                    <option value="" selected={status.is_empty()}>{ "any status" }</option>
                    { for Status::all().map(|s| option(s.as_rest(), &status)) }
                </select>
                <select data-testid="filter-source" aria-label="filter by source" onchange={select(&source)}>
                    <option value="" selected={source.is_empty()}>{ "any source" }</option>
                    { for SOURCES.iter().map(|s| option(s, &source)) }
                </select>
            </div>
            { rows.unwrap_or_default() }
            </>
        },
    })
}
