//! One tile's markup: the project, its ref (branch, tag, `!12 title`, schedule) and status (colour and icon from core's status style), the
//! stages as a strip with the failed jobs named (each a link to its log), the commit, times, progress
//! while it runs, and a retry for a failed pipeline. All text from GitLab goes in as text nodes.

use crate::route::{GitLabRef, Route};
use crate::services::gitlab::actions::Action;
use pipelens_core::live::{status_style, LiveStatus, StatusClass};
use pipelens_wall::tiles::Tile;
use yew::prelude::*;

fn icon(class: StatusClass) -> &'static str {
    match class {
        StatusClass::Done => "✔",
        StatusClass::Running => "▶",
        StatusClass::Waiting => "◷",
        StatusClass::Failed => "✖",
    }
}

/// Seconds since an ISO time (`2026-01-01T12:00:00Z`), from `now_ms`.
fn seconds_since(iso: &str, now_ms: f64) -> Option<u64> {
    let t = pipelens_gitlab_api::time::epoch_seconds(iso)?;
    Some((now_ms / 1000.0 - t).max(0.0) as u64)
}

pub fn span(seconds: u64) -> String {
    match seconds {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m {:02}s", s / 60, s % 60),
        s if s < 86_400 => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
        s => format!("{}d", s / 86_400),
    }
}

/// Where a tile leads: the same instance as the connection in use stays under `#/gitlab/`.
pub fn link(tile: &Tile, active: Option<&str>, what: &str, id: u64) -> String {
    let instance = (active != Some(tile.instance.as_str())).then(|| tile.instance.clone());
    let r = GitLabRef { instance, project: tile.project.clone(), id };
    match what {
        "jobs" => Route::GitLabJob(r).to_fragment(),
        _ => Route::GitLabPipeline(r).to_fragment(),
    }
}

/// A ↻ that asks the page to run `action` (it confirms first); a click on it does not open the pipeline.
fn retry_button(
    on_retry: &Callback<(String, String, Action)>,
    t: &Tile,
    action: Action,
    testid: &str,
    title: &str,
) -> Html {
    let on_retry = on_retry.clone();
    let (instance, project) = (t.instance.clone(), t.project.clone());
    let onclick = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        e.prevent_default();
        on_retry.emit((instance.clone(), project.clone(), action.clone()));
    });
    html! { <button type="button" class="retry" data-testid={testid.to_string()} title={title.to_string()} {onclick}>{ "↻" }</button> }
}

pub struct TileProps<'a> {
    pub tile: &'a Tile,
    pub now_ms: f64,
    pub active: Option<&'a str>,
    /// Asks to retry the tile's pipeline or one of its failed jobs (the page confirms first): instance,
    /// project, what.
    pub on_retry: Callback<(String, String, Action)>,
    pub flash: bool,
}

pub fn tile(p: TileProps<'_>) -> Html {
    let t = p.tile;
    let style = status_style(&LiveStatus::parse(&t.status));
    let class = if t.status == "none" { StatusClass::Waiting } else { style.class };
    let label = if t.status == "none" { "no pipeline".to_string() } else { style.label.clone() };
    let name = t.project.rsplit('/').next().unwrap_or(&t.project).to_string();
    let href = t.pipeline.map(|id| link(t, p.active, "pipelines", id));
    let stages = t.details.as_ref().map(|d| {
        let cells = d.stages.iter().map(|(n, s)| {
            let c = status_style(&LiveStatus::parse(s)).class;
            html! { <span class={classes!("stage", format!("s-{}", c.id()))} title={format!("{n}: {s}")}></span> }
        });
        html! { <span class="stages" data-testid="stages">{ for cells }</span> }
    });
    let failed = t.details.as_ref().filter(|d| !d.failed.is_empty()).map(|d| {
        let jobs = d.failed.iter().map(|(id, n)| {
            let href = link(t, p.active, "jobs", *id);
            let retry = retry_button(&p.on_retry, t, Action::RetryJob { job: *id }, "retry-job", &format!("Retry {n}"));
            html! {
                <span class="failed-job">
                    <a class="job" data-job={n.clone()} href={href} onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>{ n }</a>
                    { retry }
                </span>
            }
        });
        html! { <div class="failed-jobs">{ for jobs }</div> }
    });
    // Progress: finished stages of all stages, while it runs.
    let progress =
        t.details.as_ref().filter(|_| t.running() && !t.details.as_ref().is_some_and(|d| d.stages.is_empty())).map(
            |d| {
                let done = d
                    .stages
                    .iter()
                    .filter(|(_, s)| matches!(s.as_str(), "success" | "failed" | "skipped" | "canceled"))
                    .count();
                let pct = done * 100 / d.stages.len().max(1);
                html! { <div class="progress"><div style={format!("width:{pct}%")}></div></div> }
            },
        );
    let started = t.started_at.as_deref().and_then(|s| seconds_since(s, p.now_ms));
    let duration = match (t.running(), t.duration, started) {
        (true, _, Some(s)) => Some(s),
        (_, d, _) => d,
    };
    let times = match (started, duration) {
        (Some(s), Some(d)) => format!("{} ago · {}", span(s), span(d)),
        (Some(s), None) => format!("{} ago", span(s)),
        _ => String::new(),
    };
    let retry = t.pipeline.filter(|_| t.failing()).map(|id| {
        retry_button(
            &p.on_retry,
            t,
            Action::RetryPipeline { pipeline: id },
            "retry",
            "Retry the pipeline's failed jobs",
        )
    });
    let onclick = href.clone().map(|h| Callback::from(move |_: MouseEvent| super::page::go(&h)));
    html! {
        <div class={classes!("tile", format!("s-{}", class.id()), p.flash.then_some("flash"), onclick.is_some().then_some("clickable"))}
            data-tile={t.project.clone()} data-status={t.status.clone()} data-ref={t.git_ref.clone()}
            data-ref-kind={t.kind.id()} title={t.name()} {onclick}>
            <div class="tile-head">
                <span class="icon" aria-label={label.clone()}>{ icon(class) }</span>
                <span class="name">{ name }</span>
                { for retry }
            </div>
            <div class="tile-sub"><span class="ref">{ t.ref_label() }</span>{ " · " }<span class="label">{ label }</span>{ for stages }</div>
            { for failed }
            <div class="commit">{ &t.title }{ if t.author.is_empty() { String::new() } else { format!(" — {}", t.author) } }</div>
            <div class="times">{ times }</div>
            { for progress }
        </div>
    }
}
