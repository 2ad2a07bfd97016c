//! `#/gitlab/<project>/-/pipelines/<id>`: one pipeline and its jobs with their statuses, fetched again while
//! it runs. A table for now; the live graph will draw the same data.

use super::page::{Ask, Data, Filters, Show};
use super::rows;
use super::shell::status_badge;
use crate::route::{GitLabProject, GitLabRef, Route};
use crate::services::gitlab::{fetch, Connection};
use pipelens_gitlab_api::endpoints::{GetPipeline, PipelineBridges, PipelineJobs};
use pipelens_gitlab_api::Status;
use std::rc::Rc;
use yew::prelude::*;

/// Jobs per page, and pages at most (GitLab's own pipeline page stops far earlier).
const PER_PAGE: u32 = 100;
const MAX_PAGES: u32 = 20;
const ACTIVE_REFRESH_MS: u32 = 5_000;

/// What the page shows of the pipeline itself.
pub struct Summary {
    status: String,
    git_ref: String,
    sha: String,
    web_url: String,
}

pub fn ask(connection: &Connection, project: &str, id: u64, f: &Filters) -> Ask {
    let key = format!("pipeline\n{}\n{project}\n{id}", connection.base_url);
    let (connection, project) = (connection.clone(), project.to_string());
    let fetch = Rc::new(move || {
        let (connection, project) = (connection.clone(), project.clone());
        Box::pin(async move {
            let client = connection.client()?;
            let p = fetch::get(&client, &GetPipeline::new(project.as_str(), id)).await?;
            let text = |k: &str| p[k].as_str().unwrap_or_default().to_string();
            let summary =
                Summary { status: text("status"), git_ref: text("ref"), sha: text("sha"), web_url: text("web_url") };
            let jobs = PipelineJobs::new(project.as_str(), id);
            let jobs = fetch::all(&client, client.prepare_page(&jobs, PER_PAGE), MAX_PAGES).await?;
            let bridges = PipelineBridges::new(project.as_str(), id);
            let bridges = fetch::all(&client, client.prepare_page(&bridges, PER_PAGE), MAX_PAGES).await?;
            Ok(Data::Pipeline(summary, rows::jobs(&jobs, &bridges)))
        }) as crate::hooks::ApiFuture<Data>
    });
    Ask { key, every_ms: f.running.then_some(ACTIVE_REFRESH_MS), fetch }
}

pub fn show(instance: Option<&str>, project: &str, id: u64, f: &Filters, data: Option<&Data>) -> Show {
    let body = match data {
        Some(Data::Pipeline(pipeline, rows)) => {
            let running = Status::parse(&pipeline.status).is_active();
            if running != *f.running {
                f.running.set(running);
            }
            let status = pipeline.status.clone();
            let rows = rows.iter().map(|r| {
                // A job opens its log (a trigger job has none).
                let open = (!r.bridge).then(|| {
                    let job =
                        GitLabRef { instance: instance.map(str::to_string), project: project.to_string(), id: r.id };
                    let fragment = Route::GitLabJob(job).to_fragment();
                    Callback::from(move |_: MouseEvent| super::shell::go(&fragment))
                });
                html! {
                    <tr data-job={r.name.clone()} data-status={r.status.clone()} onclick={open}>
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
        }
        _ => Html::default(),
    };
    let list =
        Route::GitLabPipelines(GitLabProject { instance: instance.map(str::to_string), project: project.to_string() });
    let crumbs = vec![(project.to_string(), Some(list.to_fragment())), (format!("Pipeline #{id}"), None)];
    let body = html! {
        <>
            <h2>{ format!("Pipeline #{id} of {project}") }</h2>
            { body }
        </>
    };
    Show { crumbs, body }
}
