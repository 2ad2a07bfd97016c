//! `#/gitlab/<project>/-/pipelines/<id>`: one pipeline and its jobs with their statuses, fetched again while
//! it runs. A table for now; the live graph will draw the same data.

use super::rows::{self, JobRow};
use super::shell::{shell, status_badge, ShellProps};
use crate::hooks::use_api;
use crate::route::{GitLabProject, Route};
use crate::services::gitlab::{fetch, Connection};
use pipelens_gitlab_api::endpoints::{GetPipeline, PipelineBridges, PipelineJobs};
use pipelens_gitlab_api::Status;
use yew::prelude::*;

/// Jobs per page, and pages at most (GitLab's own pipeline page stops far earlier).
const PER_PAGE: u32 = 100;
const MAX_PAGES: u32 = 20;
const ACTIVE_REFRESH_MS: u32 = 5_000;

#[derive(Properties, PartialEq)]
pub struct PipelinePageProps {
    pub connection: Connection,
    pub instance: Option<String>,
    pub project: String,
    pub id: u64,
    pub actions: Html,
}

/// What the page shows of the pipeline itself.
struct Summary {
    status: String,
    git_ref: String,
    sha: String,
    web_url: String,
}

#[function_component(PipelinePage)]
pub fn pipeline_page(props: &PipelinePageProps) -> Html {
    let key = format!("{}\n{}\n{}", props.connection.base_url, props.project, props.id);
    let active = use_state(|| true);
    let fetched = {
        let (connection, project, id) = (props.connection.clone(), props.project.clone(), props.id);
        use_api(key, (*active).then_some(ACTIVE_REFRESH_MS), move || {
            let (connection, project) = (connection.clone(), project.clone());
            Box::pin(async move {
                let client = connection.client()?;
                let p = fetch::get(&client, &GetPipeline::new(project.as_str(), id)).await?;
                let text = |k: &str| p[k].as_str().unwrap_or_default().to_string();
                let summary = Summary {
                    status: text("status"),
                    git_ref: text("ref"),
                    sha: text("sha"),
                    web_url: text("web_url"),
                };
                let jobs = fetch::all(
                    &client,
                    client.prepare_page(&PipelineJobs::new(project.as_str(), id), PER_PAGE),
                    MAX_PAGES,
                )
                .await?;
                let bridges = fetch::all(
                    &client,
                    client.prepare_page(&PipelineBridges::new(project.as_str(), id), PER_PAGE),
                    MAX_PAGES,
                )
                .await?;
                Ok((summary, rows::jobs(&jobs, &bridges)))
            }) as crate::hooks::ApiFuture<(Summary, Vec<JobRow>)>
        })
    };
    if let Some(data) = &fetched.data {
        let running = Status::parse(&data.0.status).is_active();
        if running != *active {
            active.set(running);
        }
    }
    let body = fetched.data.as_ref().map(|data| {
        let (pipeline, rows) = &**data;
        let status = pipeline.status.clone();
        let rows = rows.iter().map(|r| {
            html! {
                <tr data-job={r.name.clone()} data-status={r.status.clone()}>
                    <td>{ status_badge(&r.status) }</td>
                    <td>{ &r.name }{ if r.bridge { " (trigger)" } else { "" } }</td>
                    <td class="muted">{ &r.stage }</td>
                    <td class="muted">{ r.duration.map(|d| format!("{d} s")).unwrap_or_default() }</td>
                </tr>
            }
        });
        html! {
            <>
                <p data-testid="pipeline-summary" data-status={status.clone()}>
                    { status_badge(&status) }{ format!(" on {} · {}", pipeline.git_ref, pipeline.sha.chars().take(8).collect::<String>()) }
                    { " · " }<a href={pipeline.web_url.clone()} rel="noreferrer">{ "Open it on GitLab" }</a>
                </p>
                <table class="rows" data-testid="jobs">
                    <thead><tr><th>{ "Status" }</th><th>{ "Job" }</th><th>{ "Stage" }</th><th>{ "Duration" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </>
        }
    });
    let list =
        Route::GitLabPipelines(GitLabProject { instance: props.instance.clone(), project: props.project.clone() });
    let crumbs = vec![(props.project.clone(), Some(list.to_fragment())), (format!("Pipeline #{}", props.id), None)];
    shell(ShellProps {
        connection: props.connection.clone(),
        crumbs,
        actions: props.actions.clone(),
        error: fetched.error.clone(),
        loading: fetched.loading,
        refresh: fetched.refresh.clone(),
        children: html! {
            <>
            <h2>{ format!("Pipeline #{} of {}", props.id, props.project) }</h2>
            { body.unwrap_or_default() }
            </>
        },
    })
}
