//! `#/gitlab/<project>/-/pipelines/<id>`: a pipeline drawn live, with the editor's layout and renderer (core's
//! `live::build` → `features/graph`). One GraphQL request per poll (`PipelineGraph`), plus one per downstream
//! pipeline the user opened; none once it is finished. The scene is rebuilt only when the pipeline's shape
//! (jobs, needs, opened downstream pipelines) changes; a status change only changes the boxes' decorations.

use super::graph_data::{self, Graph};
use super::job_panel::{job_panel, PanelJob};
use super::shell::{go, shell, status_badge, ShellProps};
use crate::features::graph::{Decoration, GraphCanvas, Zoom};
use crate::hooks::{use_polled, ApiFuture};
use crate::route::{GitLabProject, GitLabRef, Route};
use crate::services::gitlab::actions::{self, Action};
use crate::services::gitlab::errors::{describe, describe_action};
use crate::services::gitlab::{fetch, Connection};
use crate::services::perf;
use pipelens_core::live::{self, Activity};
use pipelens_core::scene::Options;
use pipelens_gitlab_api::endpoints::{pipeline_graph, GetPipeline};
use pipelens_gitlab_api::{ApiError, Backoff, Client};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// Bridges the user opened: (bridge name, (downstream project, iid)).
type Opened = Vec<(String, (String, String))>;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PipelinePageProps {
    pub connection: Connection,
    /// The instance the address named, kept in the links it leads to.
    pub instance: Option<String>,
    pub project: String,
    pub id: u64,
    pub actions: Html,
}

/// One poll's answer: the pipeline (its drawing input holding the opened downstream pipelines) and those
/// downstream pipelines by bridge name.
pub struct Fetched {
    pub main: Graph,
    pub downstream: Vec<(String, Graph)>,
    /// Opened downstream pipelines that could not be fetched (another project the token cannot see...):
    /// the pipeline itself still shows.
    pub failed: Vec<(String, ApiError)>,
}

impl Fetched {
    fn downstream(&self, bridge: &str) -> Option<&Graph> {
        self.downstream.iter().find(|(b, _)| b == bridge).map(|(_, g)| g)
    }
}

fn activity(f: &Fetched) -> Activity {
    Activity::of(&f.main.live)
}

async fn graph(client: &Client, project: &str, iid: &str) -> Result<Graph, ApiError> {
    let iid = iid.parse().map_err(|_| ApiError::Malformed { detail: format!("pipeline iid {iid:?}") })?;
    let value = fetch::json(client, &client.prepare(&pipeline_graph(project, iid))).await?.0;
    graph_data::read(&value)
}

/// An action's outcome, shown where it was asked for.
#[derive(Clone, PartialEq)]
pub struct Feedback {
    pub ok: bool,
    pub text: String,
}

#[function_component(PipelinePage)]
pub fn pipeline_page(props: &PipelinePageProps) -> Html {
    // The iid, learnt once: GitLab's `Project.pipeline` takes it, the address gives the id.
    let iid = use_mut_ref(|| None::<String>);
    // Bridges opened by the user → the downstream pipeline (project, iid) fetched with each poll.
    let opened: Rc<RefCell<Opened>> = use_mut_ref(Vec::new);
    let open_children = use_state(BTreeSet::<String>::new);
    let expanded = use_state(BTreeSet::<String>::new);
    let selected = use_state(|| None::<String>);
    let critical = use_state(|| false);
    let zoom = use_state(|| 1.0f64);
    let feedback = use_state(|| None::<Feedback>);
    let confirm = use_state(|| None::<Action>);
    let builds = use_mut_ref(|| 0u64);
    let play_rows = use_state(|| vec![(String::new(), String::new())]);

    let key = format!("{}\n{}\n{}", props.connection.base_url, props.project, props.id);
    let fetch = {
        let (connection, project, id) = (props.connection.clone(), props.project.clone(), props.id);
        let (iid, opened) = (iid.clone(), opened.clone());
        Rc::new(move || {
            let (connection, project, iid, opened) = (connection.clone(), project.clone(), iid.clone(), opened.clone());
            Box::pin(async move {
                // No retries inside a poll: the poller backs off itself (`live::next_poll`), and a poll stays
                // one request.
                let client = connection.client()?.with_backoff(Backoff::none());
                let known = iid.borrow().clone();
                let pipeline_iid = match known {
                    Some(i) => i,
                    None => {
                        let p = fetch::get(&client, &GetPipeline::new(project.as_str(), id)).await?;
                        let i = p["iid"]
                            .as_u64()
                            .map(|i| i.to_string())
                            .ok_or_else(|| ApiError::Malformed { detail: "a pipeline without an iid".into() })?;
                        *iid.borrow_mut() = Some(i.clone());
                        i
                    }
                };
                let mut main = graph(&client, &project, &pipeline_iid).await?;
                let wanted: Opened = opened.borrow().clone();
                let (mut downstream, mut failed) = (Vec::new(), Vec::new());
                for (bridge, (path, diid)) in wanted {
                    match graph(&client, &path, &diid).await {
                        Ok(g) => downstream.push((bridge, g)),
                        Err(e) => failed.push((bridge, e)),
                    }
                }
                main.live = graph_data::with_downstream(std::mem::take(&mut main.live), &downstream);
                Ok(Fetched { main, downstream, failed })
            }) as ApiFuture<Fetched>
        }) as Rc<dyn Fn() -> ApiFuture<Fetched>>
    };
    let polled = use_polled(key, fetch, activity);
    let data = polled.data.clone();

    // The scene: rebuilt only when the shape or the drawing options change.
    let options = Options {
        collapse_groups: true,
        expanded: (*expanded).clone(),
        open_children: (*open_children).clone(),
        ..Options::default()
    };
    let live_now = data.as_ref().map(|d| d.main.live.clone()).unwrap_or_default();
    let shape = live::shape(&live_now);
    let scene = {
        let (builds, live_now) = (builds.clone(), live_now.clone());
        use_memo((shape, options.clone()), move |(_, options)| {
            *builds.borrow_mut() += 1;
            live::build(&live_now, options)
        })
    };
    let revision = *builds.borrow();
    // The decorations: every poll.
    let decorations = data.as_ref().map(|d| Rc::new(decorations(d)));
    let highlighted = Rc::new(if *critical {
        live::critical_path(&live_now, js_sys::Date::now() / 1000.0).into_iter().collect()
    } else {
        BTreeSet::new()
    });
    {
        // The painted frame closes the repaint measure started when the data arrived.
        let stamp = data.as_ref().map(|d| Rc::as_ptr(d) as usize);
        use_effect_with(stamp, |_| perf::measure_live_painted());
    }

    let instance = props.instance.clone();
    let run = {
        let (connection, feedback, refresh, confirm) =
            (props.connection.clone(), feedback.clone(), polled.refresh.clone(), confirm.clone());
        let default_project = props.project.clone();
        Callback::from(move |(action, project): (Action, Option<String>)| {
            if action.destructive() && confirm.as_ref() != Some(&action) {
                confirm.set(Some(action));
                return;
            }
            confirm.set(None);
            let project = project.unwrap_or_else(|| default_project.clone());
            let (connection, feedback, refresh) = (connection.clone(), feedback.clone(), refresh.clone());
            let base = connection.base_url.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let label = action.label();
                match actions::run(&connection, &project, &action).await {
                    Ok(answer) => {
                        let id = answer["id"].as_u64().unwrap_or_default();
                        let status = answer["status"].as_str().unwrap_or_default();
                        let text = match action {
                            Action::RetryJob { .. } => format!("{label}: new job #{id} ({status})."),
                            _ => format!("{label}: done ({status})."),
                        };
                        feedback.set(Some(Feedback { ok: true, text }));
                    }
                    Err(e) => feedback.set(Some(Feedback { ok: false, text: describe_action(label, &e, &base) })),
                }
                refresh.emit(());
            });
        })
    };

    let on_toggle_child = {
        let (open_children, opened, data, refresh) =
            (open_children.clone(), opened.clone(), data.clone(), polled.refresh.clone());
        Callback::from(move |path: String| {
            let mut open = (*open_children).clone();
            if !open.remove(&path) {
                open.insert(path.clone());
                // Only bridges of this pipeline are fetched (one level down).
                let target = data.as_ref().and_then(|d| d.main.job(&path)).and_then(|j| j.downstream.clone());
                if let Some((project, diid, _)) = target {
                    opened.borrow_mut().push((path.clone(), (project, diid)));
                }
            } else {
                opened.borrow_mut().retain(|(bridge, _)| *bridge != path);
            }
            open_children.set(open);
            refresh.emit(());
        })
    };
    let on_toggle_group = {
        let expanded = expanded.clone();
        Callback::from(move |g: String| {
            let mut e = (*expanded).clone();
            if !e.remove(&g) {
                e.insert(g);
            }
            expanded.set(e);
        })
    };
    // A click on a job opens it (its log), as on GitLab's own graph; a trigger job, which has no log, and a
    // job chosen from the list open the panel (details and actions) instead.
    let on_select = {
        let (selected, data, instance, feedback) = (selected.clone(), data.clone(), instance.clone(), feedback.clone());
        Callback::from(move |path: Option<String>| {
            let job = data.as_ref().zip(path.as_deref()).and_then(|(d, p)| panel_job(d, p));
            if let Some(job) = job.filter(|j| j.job.downstream.is_none()) {
                if let Some(fragment) = data.as_ref().and_then(|d| job_link(d, &job.path, &instance)) {
                    go(&fragment);
                    return;
                }
            }
            feedback.set(None);
            selected.set(path);
        })
    };
    // The list's "Details" opens a job's panel without leaving the page.
    let on_details = {
        let (selected, feedback) = (selected.clone(), feedback.clone());
        Callback::from(move |path: String| {
            feedback.set(None);
            selected.set(Some(path));
        })
    };
    let on_zoom = {
        let zoom = zoom.clone();
        Callback::from(move |z: Zoom| {
            let next = match z {
                Zoom::By(f) => *zoom * f,
                Zoom::To(v) => v,
            };
            zoom.set(next.clamp(crate::features::graph::zoom::MIN, crate::features::graph::zoom::MAX));
        })
    };

    let body = match &data {
        None => Html::default(),
        Some(d) => {
            let g = &d.main;
            let panel = selected.as_deref().and_then(|path| panel_job(d, path)).map(|job| {
                let link = job_link(d, &job.path, &instance);
                let close = {
                    let selected = selected.clone();
                    Callback::from(move |_| selected.set(None))
                };
                job_panel(job, link, run.clone(), (*confirm).clone(), (*feedback).clone(), close, play_rows.clone())
            });
            let header_action = |action: Action, enabled: bool, testid: &'static str| {
                let run = run.clone();
                let label =
                    if confirm.as_ref() == Some(&action) { "Really cancel the pipeline?" } else { action.label() };
                let onclick = Callback::from(move |_: MouseEvent| run.emit((action.clone(), None)));
                html! { <button type="button" data-testid={testid} disabled={!enabled} {onclick}>{ label }</button> }
            };
            let pipeline_feedback = (*feedback).clone().filter(|_| selected.is_none()).map(|f| {
                html! { <p class={if f.ok { "feedback" } else { "error" }} role="status" data-testid="action-feedback">{ f.text }</p> }
            });
            let toggle_critical = {
                let critical = critical.clone();
                Callback::from(move |_: Event| critical.set(!*critical))
            };
            let web_url = format!("{}{}", props.connection.base_url, g.path);
            html! {
                <>
                    <p class="summary" data-testid="pipeline-summary" data-status={g.status.clone()}>
                        { status_badge(&g.status) }
                        { format!(" on {} · {}", g.git_ref, g.sha.chars().take(8).collect::<String>()) }
                        { g.duration.map(|s| format!(" · {}", seconds(s))).unwrap_or_default() }
                        { " · " }<a href={web_url} rel="noreferrer">{ "Open it on GitLab" }</a>
                        { " " }
                        { header_action(Action::RetryPipeline { pipeline: g.id }, g.retryable, "retry-pipeline") }
                        { header_action(Action::CancelPipeline { pipeline: g.id }, g.cancelable, "cancel-pipeline") }
                        <label class="toggle">
                            <input type="checkbox" data-testid="critical-path" checked={*critical} onchange={toggle_critical} />
                            { "Critical path" }
                        </label>
                    </p>
                    { pipeline_feedback }
                    { for d.failed.iter().map(|(bridge, e)| html! {
                        <p class="error" role="alert" data-testid="downstream-error">
                            { format!("The pipeline {bridge} started: {}", describe(e, &props.connection.base_url)) }
                        </p>
                    }) }
                    <div class="live-graph" data-testid="live-graph" data-scene-builds={revision.to_string()}
                        data-polls={polled.polls.to_string()}>
                        <GraphCanvas node={NodeRef::default()} scene={scene.clone()} highlighted={highlighted}
                            selected={(*selected).clone()} decorations={decorations} zoom={*zoom} {revision}
                            show_excluded={false} excluded={0} {on_zoom} {on_select} on_hover={Callback::noop()}
                            {on_toggle_group} {on_toggle_child} on_toggle_excluded={Callback::noop()} />
                        { panel }
                    </div>
                    { tone_legend() }
                    { job_list(d, &on_details) }
                </>
            }
        }
    };
    let freshness = freshness(polled.updated_at, polled.error.is_some(), polled.hidden, polled.next);
    let list = Route::GitLabPipelines(GitLabProject { instance: instance.clone(), project: props.project.clone() });
    let crumbs = vec![(props.project.clone(), Some(list.to_fragment())), (format!("Pipeline #{}", props.id), None)];
    shell(ShellProps {
        connection: props.connection.clone(),
        crumbs,
        actions: props.actions.clone(),
        error: polled.error.clone(),
        loading: polled.loading,
        refresh: polled.refresh.clone(),
        children: html! {
            <>
                <h2>{ format!("Pipeline #{} of {}", props.id, props.project) }</h2>
                { freshness }
                { body }
            </>
        },
    })
}

/// "Updated 12:00:03", and a warning when what is shown may be out of date.
fn freshness(updated_at: Option<f64>, failed: bool, hidden: bool, next: Option<std::time::Duration>) -> Html {
    let Some(at) = updated_at else { return Html::default() };
    let time = String::from(js_sys::Date::new(&at.into()).to_locale_time_string("en-GB"));
    let warning = if failed {
        Some(match next {
            Some(n) => format!("Out of date: the last update failed; trying again in {} s.", n.as_secs().max(1)),
            None => "Out of date: the last update failed.".to_string(),
        })
    } else if hidden {
        Some("Paused while this tab is hidden.".to_string())
    } else {
        None
    };
    let stale = warning.is_some();
    html! {
        <p class="freshness muted" data-testid="last-updated" data-stale={stale.to_string()}>
            { format!("Last updated {time}") }
            if let Some(w) = warning { <span class="stale" data-testid="stale">{ format!(" — {w}") }</span> }
        </p>
    }
}

/// Per box path: its status look and, for a job, its id.
fn decorations(d: &Fetched) -> BTreeMap<String, Decoration> {
    let id_of = |path: &str| match path.split_once('/') {
        Some((bridge, job)) => d.downstream(bridge).and_then(|g| g.job(job)).map(|j| j.id),
        None => d.main.job(path).map(|j| j.id),
    };
    live::statuses(&d.main.live)
        .into_iter()
        .map(|(path, s)| {
            let style = s.style();
            let decoration = Decoration {
                class: s.status.as_str().to_string(),
                label: style.label.clone(),
                tone: style.class.id(),
                colour: style.colour,
                glyph: style.glyph,
                id: id_of(&path),
            };
            (path, decoration)
        })
        .collect()
}

/// The pipeline (main or an opened downstream one) and the job a box path names.
fn panel_job(d: &Fetched, path: &str) -> Option<PanelJob> {
    let (g, name) = match path.split_once('/') {
        Some((bridge, job)) => (d.downstream(bridge)?, job),
        None => (&d.main, path),
    };
    let info = g.job(name)?.clone();
    let job = g.live.jobs.iter().find(|j| j.name == name)?.clone();
    Some(PanelJob { path: path.to_string(), project: g.project.clone(), job, info })
}

/// `#/gitlab/<project>/-/jobs/<id>` for a job's box, keeping the address's instance.
fn job_link(d: &Fetched, path: &str, instance: &Option<String>) -> Option<String> {
    let job = panel_job(d, path)?;
    let target = GitLabRef { instance: instance.clone(), project: job.project, id: job.info.id };
    Some(Route::GitLabJob(target).to_fragment())
}

pub fn seconds(s: f64) -> String {
    let s = s.max(0.0).round() as u64;
    if s >= 60 {
        format!("{} min {} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    }
}

/// The four-way reading's colours.
fn tone_legend() -> Html {
    use pipelens_core::live::StatusClass as C;
    let item = |c: C, what: &str| {
        html! { <li data-tone={c.id()}><span class="swatch" style={format!("background: {}", c.colour())}></span>{ what }</li> }
    };
    html! {
        <ul class="tones" aria-label="status colours">
            { item(C::Done, "done") }{ item(C::Running, "running") }{ item(C::Waiting, "waiting") }{ item(C::Failed, "failed") }
        </ul>
    }
}

/// The same jobs as a list: an accessible alternative to the drawing.
fn job_list(d: &Fetched, on_details: &Callback<String>) -> Html {
    let rows = d.main.live.jobs.iter().map(|j| {
        let style = live::job_style(j);
        let onclick = on_details.reform({
            let name = j.name.clone();
            move |_: MouseEvent| name.clone()
        });
        html! {
            <li data-list-job={j.name.clone()} data-status={j.status.as_str().to_string()}>
                <span style={format!("color: {}", style.colour)} aria-hidden="true">{ style.glyph }</span>
                { format!(" {} ({}): {} ", j.name, j.stage, style.label) }
                <button type="button" data-select-job={j.name.clone()} {onclick}>{ "Details" }</button>
            </li>
        }
    });
    html! {
        <details class="job-list" data-testid="job-list">
            <summary>{ format!("Jobs as a list ({})", d.main.live.jobs.len()) }</summary>
            <ul>{ for rows }</ul>
        </details>
    }
}
