//! `#/gitlab/<project>/-/pipelines`: a project's pipelines, newest first, filtered by ref, status and source.

use super::page::{Ask, Data, Filters, Show};
use super::rows;
use super::shell::{go, status_badge};
use super::variables::variables;
use crate::route::{GitLabProject, GitLabRef, Route};
use crate::services::gitlab::actions::{self, Action};
use crate::services::gitlab::errors::describe_action;
use crate::services::gitlab::{fetch, Connection};
use pipelens_gitlab_api::endpoints::Pipelines;
use pipelens_gitlab_api::Status;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const PER_PAGE: u32 = 50;
const REFRESH_MS: u32 = 10_000;
/// The `status` filter's values, as `doc/api/pipelines.md` lists them.
const STATUSES: &[&str] = &[
    "created",
    "waiting_for_resource",
    "preparing",
    "pending",
    "running",
    "success",
    "failed",
    "canceled",
    "skipped",
    "manual",
    "scheduled",
];
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

pub fn ask(connection: &Connection, project: &str, f: &Filters) -> Ask {
    let (git_ref, status, source) = (&*f.git_ref, &*f.status, &*f.source);
    let key = format!("pipelines\n{}\n{project}\n{git_ref}\n{status}\n{source}", connection.base_url);
    let connection = connection.clone();
    let mut endpoint = Pipelines::new(project);
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    endpoint.git_ref = some(git_ref);
    endpoint.status = some(status).map(|s| Status::parse(&s));
    endpoint.source = some(source);
    let fetch = Rc::new(move || {
        let (connection, endpoint) = (connection.clone(), endpoint.clone());
        Box::pin(async move {
            let client = connection.client()?;
            let (items, _) = fetch::first_page(&client, client.prepare_page(&endpoint, PER_PAGE)).await?;
            Ok(Data::Pipelines(items.iter().filter_map(rows::pipeline).collect()))
        }) as crate::hooks::ApiFuture<Data>
    });
    Ask { key, every_ms: Some(REFRESH_MS), fetch }
}

pub fn show(instance: Option<&str>, project: &str, f: &Filters, data: Option<&Data>, c: &Connection) -> Show {
    let on_ref = {
        let git_ref = f.git_ref.clone();
        Callback::from(move |e: Event| git_ref.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| state.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let option = |value: &str, current: &str| {
        html! { <option value={value.to_string()} selected={value == current}>{ value }</option> }
    };
    let rows = match data {
        Some(Data::Pipelines(pipelines)) => {
            let rows = pipelines.iter().map(|p| {
                let target =
                    GitLabRef { instance: instance.map(str::to_string), project: project.to_string(), id: p.id };
                let fragment = Route::GitLabPipeline(target).to_fragment();
                let onclick = {
                    let fragment = fragment.clone();
                    Callback::from(move |_: MouseEvent| go(&fragment))
                };
                html! {
                    <tr data-pipeline={p.id.to_string()} data-status={p.status.clone()} {onclick} class="clickable">
                        <td>{ status_badge(&p.status) }</td>
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
        }
        _ => Html::default(),
    };
    let (status, source) = (&*f.status, &*f.source);
    let body = html! {
        <>
            <h2>{ format!("Pipelines of {project}") }</h2>
            <a class="button" data-testid="predict-link" href={Route::GitLabNewPipeline(GitLabProject { instance: instance.map(str::to_string), project: project.to_string() }).to_fragment()}>{ "Predict, then run…" }</a>
            <div class="filters">
                <input type="search" data-testid="filter-ref" placeholder="Branch or tag" aria-label="filter by ref"
                    value={(*f.git_ref).clone()} onchange={on_ref} />
                <select data-testid="filter-status" aria-label="filter by status" onchange={select(&f.status)}>
                    <option value="" selected={status.is_empty()}>{ "any status" }</option>
                    { for STATUSES.iter().map(|s| option(s, status)) }
                </select>
                <select data-testid="filter-source" aria-label="filter by source" onchange={select(&f.source)}>
                    <option value="" selected={source.is_empty()}>{ "any source" }</option>
                    { for SOURCES.iter().map(|s| option(s, source)) }
                </select>
            </div>
            { run_pipeline_form(f, c, project, instance) }
            { rows }
        </>
    };
    Show { crumbs: vec![(project.to_string(), None)], body }
}

/// "Run pipeline": a ref and variables; on success, the new pipeline's live graph. What was typed stays
/// when GitLab refuses it, with GitLab's reason. A plain function over the page's state: each component
/// costs the bundle a few KB.
fn run_pipeline_form(f: &Filters, connection: &Connection, project: &str, instance: Option<&str>) -> Html {
    let (git_ref, rows, error, busy) = (f.run_ref.clone(), f.run_rows.clone(), f.run_error.clone(), f.run_busy.clone());
    let on_ref = {
        let git_ref = git_ref.clone();
        Callback::from(move |e: Event| git_ref.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onsubmit = {
        let (git_ref, rows, error, busy) = (git_ref.clone(), rows.clone(), error.clone(), busy.clone());
        let (connection, project, instance) = (connection.clone(), project.to_string(), instance.map(str::to_string));
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let action = Action::RunPipeline { git_ref: git_ref.trim().to_string(), variables: (*rows).clone() };
            if git_ref.trim().is_empty() {
                error.set(Some("Run pipeline: give a branch or tag.".into()));
                return;
            }
            busy.set(true);
            let (connection, project, instance, error, busy) =
                (connection.clone(), project.clone(), instance.clone(), error.clone(), busy.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = actions::run(&connection, &project, &action).await;
                busy.set(false);
                match answer.map(|v| v["id"].as_u64()) {
                    Ok(Some(id)) => {
                        error.set(None);
                        go(&Route::GitLabPipeline(GitLabRef { instance, project, id }).to_fragment());
                    }
                    Ok(None) => error.set(Some("Run pipeline: GitLab's answer had no pipeline id.".into())),
                    Err(e) => error.set(Some(describe_action(action.label(), &e, &connection.base_url))),
                }
            });
        })
    };
    html! {
        <details class="run-pipeline" data-testid="run-pipeline">
            <summary>{ "Run pipeline" }</summary>
            <form {onsubmit}>
                <label>{ "Branch or tag " }
                    <input data-testid="run-ref" placeholder="main" value={(*git_ref).clone()} onchange={on_ref} />
                </label>
                { variables(&f.run_rows, "run-var") }
                <button type="submit" data-testid="run-submit" disabled={*busy}>{ "Run pipeline" }</button>
                if let Some(e) = &*error { <p class="error" role="alert" data-testid="run-error">{ e.clone() }</p> }
            </form>
        </details>
    }
}
