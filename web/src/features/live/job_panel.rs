//! The selected live job's panel: its status, times, retries, whether it may fail, a link to the job, and
//! what may be done to it (retry, cancel after a confirmation, play with variables). What an action answered
//! shows here, where the user clicked.

use super::pipeline::{seconds, Feedback};
use super::variables::variables;
use crate::services::gitlab::actions::Action;
use pipelens_core::live::job_style;
use pipelens_core::LiveJob;
use yew::prelude::*;

/// A job as the panel shows it.
#[derive(Clone, PartialEq)]
pub struct PanelJob {
    /// Its box's path (`name`, or `bridge/name` in an opened downstream pipeline).
    pub path: String,
    /// The project it runs in (a downstream pipeline's may differ).
    pub project: String,
    pub job: LiveJob,
    pub info: super::graph_data::JobInfo,
}

/// The panel (a plain function: the page holds its state).
pub fn job_panel(
    j: PanelJob,
    link: Option<String>,
    run: Callback<(Action, Option<String>)>,
    confirming: Option<Action>,
    feedback: Option<Feedback>,
    close: Callback<()>,
    play_rows: UseStateHandle<Vec<(String, String)>>,
) -> Html {
    let style = job_style(&j.job);
    let job = &j.job;
    let id = j.info.id;
    let act = |action: Action| {
        let (run, project) = (run.clone(), j.project.clone());
        Callback::from(move |_: MouseEvent| run.emit((action.clone(), Some(project.clone()))))
    };
    let cancel = Action::CancelJob { job: id };
    let cancel_label = if confirming.as_ref() == Some(&cancel) { "Really cancel this job?" } else { "Cancel job" };
    let row = |k: &str, v: String| html! { <><dt>{ k.to_string() }</dt><dd>{ v }</dd></> };
    let feedback = feedback.map(|f| {
        html! { <p class={if f.ok { "feedback" } else { "error" }} role="status" data-testid="action-feedback">{ f.text }</p> }
    });
    html! {
        <aside class="job-panel" data-testid="live-job-panel" data-job={j.path.clone()} data-id={id.to_string()}>
            <header>
                <h2>{ &job.name }</h2>
                <button type="button" aria-label="close" onclick={close.reform(|_: MouseEvent| ())}>{ "×" }</button>
            </header>
            <p data-testid="panel-status" data-status={job.status.as_str().to_string()}>
                <span style={format!("color: {}", style.colour)} aria-hidden="true">{ style.glyph }</span>{ format!(" {}", style.label) }
            </p>
            <dl>
                { row("Job", format!("#{id}")) }
                { row("Stage", job.stage.clone()) }
                { row("Duration", job.duration.map(seconds).unwrap_or_else(|| "—".into())) }
                { row("Queued", job.queued_duration.map(seconds).unwrap_or_else(|| "—".into())) }
                { row("Retried", if job.retried == 0 { "no".into() } else { format!("{} time(s) before", job.retried) }) }
                { row("Allowed to fail", if job.allow_failure { "yes".into() } else { "no".into() }) }
            </dl>
            if let Some(href) = link {
                <p><a {href} data-testid="open-job">{ if j.info.bridge { "Open the trigger job" } else { "Open the job and its log" } }</a></p>
            }
            <div class="actions">
                if j.info.retryable { <button type="button" data-testid="retry-job" onclick={act(Action::RetryJob { job: id })}>{ "Retry job" }</button> }
                if j.info.cancelable { <button type="button" data-testid="cancel-job" onclick={act(cancel)}>{ cancel_label }</button> }
            </div>
            if j.info.playable { { play_form(id, j.project.clone(), play_rows, run.clone()) } }
            { feedback }
        </aside>
    }
}

/// Runs a manual job with the variables typed (kept by the page, so they survive a poll's redraw).
fn play_form(
    job: u64,
    project: String,
    rows: UseStateHandle<Vec<(String, String)>>,
    run: Callback<(Action, Option<String>)>,
) -> Html {
    let onclick = {
        let rows = rows.clone();
        Callback::from(move |_: MouseEvent| {
            run.emit((Action::PlayJob { job, variables: (*rows).clone() }, Some(project.clone())));
        })
    };
    html! {
        <div class="play" data-testid="play-form">
            { variables(&rows, "play-var") }
            <button type="button" data-testid="play-job" {onclick}>{ "Run job" }</button>
        </div>
    }
}
