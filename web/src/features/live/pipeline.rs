//! `#/gitlab/<project>/-/pipelines/<id>`: one pipeline and its jobs with their statuses, fetched again while
//! it runs. A table for now; the live graph will draw the same data.

use super::shell::{status_badge, Shell};
use crate::hooks::use_api;
use crate::route::{GitLabProject, Route};
use crate::services::gitlab::{Connection, FetchTransport};
use pipelens_gitlab_api::endpoints::{GetPipeline, PipelineBridges, PipelineJobs};
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

/// A row: a job or a trigger job (bridge).
struct Row {
    id: u64,
    name: String,
    stage: String,
    status: String,
    duration: Option<f64>,
    bridge: bool,
}

#[function_component(PipelinePage)]
pub fn pipeline_page(props: &PipelinePageProps) -> Html {
    let key = format!("{}\n{}\n{}", props.connection.base_url, props.project, props.id);
    let active = use_state(|| true);
    let fetched = {
        let (connection, project, id) = (props.connection.clone(), props.project.clone(), props.id);
        use_api(key, (*active).then_some(ACTIVE_REFRESH_MS), move || {
            let (connection, project) = (connection.clone(), project.clone());
            async move {
                let client = connection.client()?;
                let pipeline = client.call(&FetchTransport, &GetPipeline::new(project.as_str(), id)).await?;
                let jobs = client.all(&FetchTransport, &PipelineJobs::new(project.as_str(), id), PER_PAGE, MAX_PAGES).await?;
                let bridges =
                    client.all(&FetchTransport, &PipelineBridges::new(project.as_str(), id), PER_PAGE, MAX_PAGES).await?;
                let mut rows: Vec<Row> = jobs
                    .into_iter()
                    .map(|j| Row { id: j.id, name: j.name, stage: j.stage, status: j.status.as_rest().into(), duration: j.duration, bridge: false })
                    .chain(bridges.into_iter().map(|b| Row {
                        id: b.id,
                        name: b.name,
                        stage: b.stage,
                        status: b.status.as_rest().into(),
                        duration: b.duration,
                        bridge: true,
                    }))
                    .collect();
                // The API lists newest first; oldest first reads in the order the jobs were created.
                rows.sort_by_key(|r| r.id);
                Ok((pipeline, rows))
            }
        })
    };
    if let Some(data) = &fetched.data {
        let running = data.0.basic.status.is_active();
        if running != *active {
            active.set(running);
        }
    }
    let body = fetched.data.as_ref().map(|data| {
        let (pipeline, rows) = &**data;
        let status = pipeline.basic.status.as_rest().to_string();
        let rows = rows.iter().map(|r| {
            html! {
                <tr data-job={r.name.clone()} data-status={r.status.clone()}>
                    <td>{ status_badge(&r.status) }</td>
                    <td>{ &r.name }{ if r.bridge { " (trigger)" } else { "" } }</td>
                    <td class="muted">{ &r.stage }</td>
                    <td class="muted">{ r.duration.map(|d| format!("{d:.0} s")).unwrap_or_default() }</td>
                </tr>
            }
        });
        html! {
            <>
                <p data-testid="pipeline-summary" data-status={status.clone()}>
                    { status_badge(&status) }{ format!(" on {} · {}", pipeline.basic.git_ref, pipeline.basic.sha.chars().take(8).collect::<String>()) }
                    { " · " }<a href={pipeline.basic.web_url.clone()} rel="noreferrer">{ "Open it on GitLab" }</a>
                </p>
                <table class="rows" data-testid="jobs">
                    <thead><tr><th>{ "Status" }</th><th>{ "Job" }</th><th>{ "Stage" }</th><th>{ "Duration" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </>
        }
    });
    let list = Route::GitLabPipelines(GitLabProject { instance: props.instance.clone(), project: props.project.clone() });
    let crumbs = vec![(props.project.clone(), Some(list.to_fragment())), (format!("Pipeline #{}", props.id), None)];
    html! {
        <Shell connection={props.connection.clone()} {crumbs} actions={props.actions.clone()}
            error={fetched.error.clone()} loading={fetched.loading} refresh={fetched.refresh.clone()}>
            <h2>{ format!("Pipeline #{} of {}", props.id, props.project) }</h2>
            { body.unwrap_or_default() }
        </Shell>
    }
}
