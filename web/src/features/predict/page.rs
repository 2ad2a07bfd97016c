//! `#/gitlab/<project>/-/pipelines/new`: choose a branch, tag or merge request (and variables), see the pipeline
//! GitLab would create with each job's *why*, GitLab's own dry run beside it with the differences, then run it
//! and see how the created pipeline differs from the prediction. Reading GitLab, the includes and the
//! comparisons are `pipelens-predict`'s and core's; this page only asks and shows.

use super::state;
use crate::features::graph::{GraphCanvas, Zoom};
use crate::route::{GitLabProject, GitLabRef, Route};
use crate::services::gitlab::actions::{self, Action};
use crate::services::gitlab::{errors, fetch, Connection, FetchTransport};
use pipelens_core::live::{diff, diff_reported};
use pipelens_core::scene::{self, Scene, View};
use pipelens_core::{Limits, Severity};
use pipelens_gitlab_api::endpoints::PipelineJobs;
use pipelens_gitlab_api::ApiError;
use pipelens_predict::{again, config_text, dry_run, gather, predict, Prediction, Prepared};
use std::collections::BTreeSet;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PredictPageProps {
    pub connection: Connection,
    /// The instance the address named, kept in the links it leads to.
    pub instance: Option<String>,
    pub project: String,
    pub actions: Html,
}

/// One step's progress.
#[derive(Clone)]
enum Step<T> {
    Idle,
    Busy,
    Done(Rc<T>),
    Failed(String),
}

struct Predicted {
    prepared: Prepared,
    prediction: Prediction,
    scene: Rc<Scene>,
    notes: Vec<String>,
}

struct Lint {
    valid: bool,
    errors: Vec<String>,
    differences: Vec<String>,
}

struct Ran {
    id: u64,
    jobs: usize,
    differences: Vec<String>,
}

fn message(e: &ApiError, c: &Connection) -> String {
    errors::describe(e, &c.base_url)
}

#[function_component(PredictPage)]
pub fn predict_page(props: &PredictPageProps) -> Html {
    let kind = use_state(|| "branch".to_string());
    let value = use_state(String::new);
    let vars = use_state(String::new);
    let predicted = use_state(|| Step::<Predicted>::Idle);
    let lint = use_state(|| Step::<Lint>::Idle);
    let ran = use_state(|| Step::<Ran>::Idle);
    let selected = use_state(|| None::<String>);
    let zoom = use_state(|| 1.0_f64);
    let canvas = use_node_ref();

    let on_predict = {
        let (kind, value, vars) = (kind.clone(), value.clone(), vars.clone());
        let (predicted, lint, ran) = (predicted.clone(), lint.clone(), ran.clone());
        let (connection, project) = (props.connection.clone(), props.project.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let target = match state::target(&kind, &value) {
                Ok(t) => t,
                Err(m) => return predicted.set(Step::Failed(m)),
            };
            let variables = state::variables(&vars);
            predicted.set(Step::Busy);
            lint.set(Step::Idle);
            ran.set(Step::Idle);
            let (predicted, lint, connection, project) =
                (predicted.clone(), lint.clone(), connection.clone(), project.clone());
            spawn_local(async move {
                let client = match connection.client() {
                    Ok(c) => c,
                    Err(e) => return predicted.set(Step::Failed(message(&e, &connection))),
                };
                let limits = Limits::default();
                let t = FetchTransport;
                let prepared = match gather(&client, &t, &project, &target, None, &limits).await {
                    Ok(p) => p,
                    Err(e) => return predicted.set(Step::Failed(message(&e, &connection))),
                };
                let config = match config_text(&client, &t, &prepared).await {
                    Ok(c) => c,
                    Err(ApiError::NotFound { .. }) => {
                        return predicted.set(Step::Failed(format!(
                            "{} has no {} at {}: GitLab would create no pipeline.",
                            project, prepared.project.config_path, prepared.git_ref
                        )))
                    }
                    Err(e) => return predicted.set(Step::Failed(message(&e, &connection))),
                };
                let text = String::from_utf8_lossy(&config).into_owned();
                let ctx = prepared.context(prepared.source, &variables);
                let p = predict(&client, &t, &prepared, config, &ctx, &limits).await;
                let scene = Rc::new(scene::build(&p.analysis, View::Stages));
                let mut notes = prepared.notes.clone();
                notes.extend(p.notes.iter().cloned());
                let done = Rc::new(Predicted { prepared, prediction: p, scene, notes });
                predicted.set(Step::Done(done.clone()));
                let (prepared, p) = (&done.prepared, &done.prediction);
                // GitLab's own answer: its dry run is a push on the ref, so it is compared with a push prediction.
                lint.set(Step::Busy);
                match dry_run(&client, &t, &project, &text, &prepared.git_ref).await {
                    Ok(answer) => {
                        let push =
                            again(&client, &t, prepared, p, &prepared.dry_run_context(&variables), &limits).await;
                        let differences =
                            state::lines(&diff_reported(&push.analysis.pipeline, &answer.jobs), "in GitLab's dry run");
                        lint.set(Step::Done(Rc::new(Lint { valid: answer.valid, errors: answer.errors, differences })));
                    }
                    Err(ApiError::Forbidden { .. }) => lint.set(Step::Failed(
                        "GitLab's dry run needs a token with the api scope and the Developer role.".into(),
                    )),
                    Err(e) => lint.set(Step::Failed(message(&e, &connection))),
                }
            });
        })
    };

    let on_run = {
        let (predicted, ran, vars) = (predicted.clone(), ran.clone(), vars.clone());
        let (connection, project) = (props.connection.clone(), props.project.clone());
        Callback::from(move |_: MouseEvent| {
            let Step::Done(p) = &*predicted else { return };
            let p = p.clone();
            let variables: Vec<(String, String)> = state::variables(&vars).into_iter().collect();
            ran.set(Step::Busy);
            let (ran, connection, project) = (ran.clone(), connection.clone(), project.clone());
            spawn_local(async move {
                let action = match &p.prepared.merge_request {
                    Some(mr) => Action::RunMergeRequestPipeline { iid: mr.iid },
                    None => Action::RunPipeline { git_ref: p.prepared.git_ref.clone(), variables },
                };
                let created = match actions::run(&connection, &project, &action).await {
                    Ok(v) => v,
                    Err(e) => return ran.set(Step::Failed(message(&e, &connection))),
                };
                let Some(id) = created.get("id").and_then(|v| v.as_u64()) else {
                    return ran.set(Step::Failed("GitLab's answer has no pipeline id.".into()));
                };
                let client = match connection.client() {
                    Ok(c) => c,
                    Err(e) => return ran.set(Step::Failed(message(&e, &connection))),
                };
                let first = client.prepare_page(&PipelineJobs::new(project.as_str(), id), 100);
                match fetch::all(&client, first, 20).await {
                    Ok(jobs) => {
                        let live = state::created(&jobs);
                        let differences = state::lines(&diff(&p.prediction.analysis.pipeline, &live), "created");
                        ran.set(Step::Done(Rc::new(Ran { id, jobs: jobs.len(), differences })));
                    }
                    Err(e) => ran.set(Step::Failed(message(&e, &connection))),
                }
            });
        })
    };

    let form = {
        let on_kind = {
            let kind = kind.clone();
            Callback::from(move |e: Event| kind.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
        };
        let on_value = {
            let value = value.clone();
            Callback::from(move |e: InputEvent| value.set(e.target_unchecked_into::<HtmlInputElement>().value()))
        };
        let on_vars = {
            let vars = vars.clone();
            Callback::from(move |e: InputEvent| vars.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
        };
        let placeholder = match kind.as_str() {
            "tag" => "Tag name",
            "mr" => "Merge request iid",
            _ => "Branch name",
        };
        html! {
            <form class="filters predict-form" onsubmit={on_predict}>
                <select data-testid="predict-kind" aria-label="what to run" onchange={on_kind}>
                    <option value="branch" selected={*kind == "branch"}>{ "Branch" }</option>
                    <option value="tag" selected={*kind == "tag"}>{ "Tag" }</option>
                    <option value="mr" selected={*kind == "mr"}>{ "Merge request" }</option>
                </select>
                <input data-testid="predict-ref" aria-label={placeholder} placeholder={placeholder}
                    value={(*value).clone()} oninput={on_value} />
                <textarea data-testid="predict-vars" aria-label="variables" placeholder="KEY=value, one a line"
                    rows="2" value={(*vars).clone()} oninput={on_vars} />
                <button type="submit" data-testid="predict">{ "Predict" }</button>
            </form>
        }
    };

    let prediction = match &*predicted {
        Step::Idle => {
            html! { <p class="muted">{ "Choose what to run, then Predict: the pipeline GitLab would create is drawn here." }</p> }
        }
        Step::Busy => html! { <p data-testid="predict-busy">{ "Reading the configuration and its includes…" }</p> },
        Step::Failed(m) => html! { <p class="error" role="alert" data-testid="predict-error">{ m }</p> },
        Step::Done(p) => {
            let a = &p.prediction.analysis;
            let on_select = {
                let selected = selected.clone();
                Callback::from(move |name: Option<String>| selected.set(name))
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
            let why = a.pipeline.jobs.iter().map(|j| {
                let class = if selected.as_deref() == Some(j.name.as_str()) { "selected" } else { "" };
                html! { <li data-why-job={j.name.clone()} {class}><b>{ &j.name }</b>{ " — " }{ &j.why }</li> }
            });
            let left_out = a.pipeline.excluded.iter().map(|j| {
                html! { <li data-excluded-job={j.name.clone()} class="muted"><b>{ &j.name }</b>{ " — left out: " }{ &j.why }</li> }
            });
            let diags = a.diagnostics.iter().filter(|d| d.severity != Severity::Info).map(|d| {
                let kind = if d.severity == Severity::Error { "error" } else { "warning" };
                html! { <li class={kind}>{ match d.span {
                    Some(span) => format!("{}: {}", p.prediction.files.path(span.file), d.message),
                    None => d.message.clone(),
                } }</li> }
            });
            let notes = p.notes.iter().map(|n| html! { <li class="warning">{ n }</li> });
            let source = p.prepared.source.as_str();
            let created = if a.pipeline.created {
                "GitLab would create this pipeline"
            } else {
                "GitLab would create no pipeline"
            };
            let noop = Callback::from(|_| ());
            html! {
                <>
                    <p data-testid="predict-summary" data-created={a.pipeline.created.to_string()}>
                        { format!("{created} ({}): {} at {}, source {source}, {} jobs.", a.pipeline.why, p.prepared.git_ref,
                            &p.prepared.sha[..p.prepared.sha.len().min(8)], a.pipeline.jobs.len()) }
                    </p>
                    <ul class="diagnostics" data-testid="predict-problems">{ for diags }{ for notes }</ul>
                    <div class="predict-graph">
                        <GraphCanvas node={canvas.clone()} scene={p.scene.clone()} highlighted={Rc::new(BTreeSet::new())}
                            selected={(*selected).clone()} zoom={*zoom} revision={0} show_excluded={false}
                            excluded={a.pipeline.excluded.len()} {on_zoom} {on_select} on_hover={Callback::from(|_| ())}
                            on_toggle_group={Callback::from(|_| ())} on_toggle_child={Callback::from(|_| ())}
                            on_toggle_excluded={noop} />
                    </div>
                    <h3>{ "Why each job" }</h3>
                    <ul class="predict-why" data-testid="predict-why">{ for why }{ for left_out }</ul>
                </>
            }
        }
    };

    let gitlab_answer = match &*lint {
        Step::Idle => Html::default(),
        Step::Busy => html! { <p>{ "Asking GitLab (CI lint dry run)…" }</p> },
        Step::Failed(m) => html! { <p class="warning" data-testid="lint-error">{ m }</p> },
        Step::Done(l) => {
            let errors = l.errors.iter().map(|e| html! { <li class="error">{ e }</li> });
            let diffs = l.differences.iter().map(|d| html! { <li data-testid="lint-difference">{ d }</li> });
            let verdict = if l.differences.is_empty() {
                "GitLab's dry run (a push on this ref) lists the same jobs as pipelens predicts for a push."
            } else {
                "GitLab's dry run (a push on this ref) differs from pipelens' prediction for a push (project CI/CD variables, which pipelens cannot read, are a common cause):"
            };
            html! {
                <div data-testid="lint" data-valid={l.valid.to_string()} data-differences={l.differences.len().to_string()}>
                    <p>{ if l.valid { "Valid." } else { "Invalid:" } }</p>
                    <ul>{ for errors }</ul>
                    <p>{ verdict }</p>
                    <ul>{ for diffs }</ul>
                </div>
            }
        }
    };

    let run = match (&*predicted, &*ran) {
        (Step::Done(_), Step::Idle | Step::Failed(_)) => {
            let failed = match &*ran {
                Step::Failed(m) => html! { <p class="error" role="alert" data-testid="run-error">{ m }</p> },
                _ => Html::default(),
            };
            html! { <>{ failed }<button data-testid="run" onclick={on_run}>{ "Run pipeline" }</button></> }
        }
        (Step::Done(_), Step::Busy) => html! { <p>{ "Creating the pipeline…" }</p> },
        (Step::Done(_), Step::Done(r)) => {
            let target = GitLabRef { instance: props.instance.clone(), project: props.project.clone(), id: r.id };
            let href = Route::GitLabPipeline(target).to_fragment();
            let diffs = r.differences.iter().map(|d| html! { <li data-testid="run-difference">{ d }</li> });
            let verdict = if r.differences.is_empty() {
                format!("Created with {} jobs, as predicted.", r.jobs)
            } else {
                format!("Created with {} jobs; it differs from the prediction:", r.jobs)
            };
            html! {
                <div data-testid="created" data-pipeline={r.id.to_string()} data-differences={r.differences.len().to_string()}>
                    <p>{ verdict }</p>
                    <ul>{ for diffs }</ul>
                    <a href={href} data-testid="created-link">{ format!("Open pipeline #{}", r.id) }</a>
                </div>
            }
        }
        _ => Html::default(),
    };

    let pipelines =
        Route::GitLabPipelines(GitLabProject { instance: props.instance.clone(), project: props.project.clone() })
            .to_fragment();
    let c = &props.connection;
    let instance = if c.demo { format!("{} (demo GitLab)", c.base_url) } else { c.base_url.clone() };
    html! {
        <div class="app">
            <header>
                <h1><a href="#/editor" class="home">{ "pipelens" }</a></h1>
                <nav class="status crumbs" data-testid="crumbs">
                    <a href="#/gitlab">{ instance }</a>{ " / " }<a href={pipelines}>{ &props.project }</a>{ " / " }<span>{ "Predict, then run" }</span>
                </nav>
                { props.actions.clone() }
            </header>
            <main class="page predict" data-testid="predict-page">
                <h2>{ format!("Run a pipeline for {}", props.project) }</h2>
                { form }
                <div class="predict-cols">
                    <div>{ prediction }</div>
                    <aside>
                        <section data-testid="gitlab-answer"><h3>{ "GitLab's answer" }</h3>{ gitlab_answer }</section>
                        <section data-testid="run-section">{ run }</section>
                    </aside>
                </div>
            </main>
        </div>
    }
}
