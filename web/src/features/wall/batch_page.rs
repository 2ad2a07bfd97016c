//! `#/wall/batch`: the batch run's page. A form (projects, ref, variables, job, pattern), then one loop
//! that sends what `batch::Batch::plan` asks for, saves the batch in `localStorage` after every change
//! and draws the results table; a reload takes the saved batch up where it was (`Batch::resume`).
//!
//! Requests: a creation is one `POST …/pipeline`; an `unsure` row's look-up one `GET …/pipelines`; each
//! poll at most `WATCH_PER_POLL` `GET …/pipelines/:id`; a finished row's value two (its jobs, its log).

use super::sync;
use crate::services::download;
use crate::services::gitlab::actions::{self, Action};
use crate::services::gitlab::errors::{describe, describe_action};
use crate::services::gitlab::{fetch, Connection, Connections, GitLab};
use pipelens_gitlab_api::endpoints::{GetPipeline, JobTrace, PipelineJobs, Pipelines};
use pipelens_gitlab_api::ApiError;
use pipelens_joblog::{extract::IMAGE_TAG, Extractor, LogIndex};
use pipelens_wall::batch::{self, Batch, State};
use pipelens_wall::lease::{decide, Decision, Lease, TTL_MS};
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

const BATCH: &str = "pipelens.wall.batch";
const FORM: &str = "pipelens.wall.batch.form";
const TICK_MS: u64 = 500;
/// The lease's name (`sync` keeps it beside the walls' leases).
const LEASE: &str = "batch-run";

type Shared = Rc<RefCell<Option<Batch>>>;

#[derive(Properties, PartialEq)]
pub struct BatchPageProps {
    pub gitlab: GitLab,
    pub actions: Html,
}

/// The form's fields as text, saved with each start (the "saved set" the next batch starts from).
#[derive(Clone, PartialEq)]
struct Form {
    projects: String,
    git_ref: String,
    variables: String,
    job: String,
    pattern: String,
}

impl Form {
    fn load() -> Form {
        let v: Value = sync::read_text(FORM).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
        let get = |k: &str, d: &str| v[k].as_str().unwrap_or(d).to_string();
        Form {
            projects: get("projects", ""),
            git_ref: get("ref", "main"),
            variables: get("variables", ""),
            job: get("job", "build"),
            pattern: get("pattern", IMAGE_TAG),
        }
    }

    fn save(&self) {
        let v = json!({"projects": self.projects, "ref": self.git_ref, "variables": self.variables,
                       "job": self.job, "pattern": self.pattern});
        let _ = sync::write_text(FORM, &v.to_string());
    }
}

/// The saved batch, taken up where it was (`resume`) when this tab is to drive it.
fn load_batch(resume: bool) -> Option<Batch> {
    let mut b = Batch::from_json(&serde_json::from_str(&sync::read_text(BATCH)?).ok()?)?;
    if resume {
        b.resume();
    }
    Some(b)
}

/// Saves the batch (after every change) and redraws.
fn save(shared: &Shared, redraw: &Callback<()>) {
    if let Some(b) = &*shared.borrow() {
        let _ = sync::write_text(BATCH, &b.to_json().to_string());
    }
    redraw.emit(());
}

#[function_component(BatchPage)]
pub fn batch_page(props: &BatchPageProps) -> Html {
    let form = use_state(Form::load);
    let shared: Shared = use_mut_ref(|| load_batch(true)).clone();
    // Another tab drives the batch (one tab at a time, through the wall's lease): this one only shows it.
    let follower = use_mut_ref(|| Rc::new(Cell::new(false))).borrow().clone();
    let me = use_mut_ref(sync::tab_id).borrow().clone();
    let problem = use_state(|| None::<String>);
    let copied = use_state(|| false);
    let update = use_force_update();
    let redraw = Callback::from(move |_| update.force_update());
    let connections = props.gitlab.connections.clone();
    // The loop, one per set of connections.
    {
        let (shared, redraw, follower, me) = (shared.clone(), redraw.clone(), follower.clone(), me.clone());
        use_effect_with(connections.clone(), move |connections| {
            let alive = Rc::new(Cell::new(true));
            wasm_bindgen_futures::spawn_local(run(alive.clone(), shared, connections.clone(), redraw, follower, me));
            move || alive.set(false)
        });
    }
    // One handler for the form's fields, by their `name` (one closure rather than one per field).
    let on_input = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let (name, value) = match e.target_dyn_into::<HtmlTextAreaElement>() {
                Some(t) => (t.name(), t.value()),
                None => {
                    let i = e.target_unchecked_into::<HtmlInputElement>();
                    (i.name(), i.value())
                }
            };
            let mut next = (*form).clone();
            match name.as_str() {
                "projects" => next.projects = value,
                "ref" => next.git_ref = value,
                "variables" => next.variables = value,
                "job" => next.job = value,
                "pattern" => next.pattern = value,
                _ => return,
            }
            form.set(next);
        })
    };
    let from_wall = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let projects = sync::load_config()
                .and_then(Result::ok)
                .and_then(|c| sync::read_snapshot(&c.key()))
                .map(|s| s.tiles.iter().map(|t| t.project.clone()).collect::<Vec<_>>().join("\n"))
                .unwrap_or_default();
            form.set(Form { projects, ..(*form).clone() });
        })
    };
    let start = {
        let (form, shared, problem, redraw, connections, me) =
            (form.clone(), shared.clone(), problem.clone(), redraw.clone(), connections.clone(), me.clone());
        Callback::from(move |_: MouseEvent| {
            let f = (*form).clone();
            let Some(connection) = connections.active() else {
                problem.set(Some("Connect to GitLab first (a token with the api scope).".into()));
                return;
            };
            let made = batch::parse_variables(&f.variables).and_then(|vars| {
                let projects = batch::parse_projects(&f.projects);
                Batch::new(&connection.base_url, &projects, &f.git_ref, vars, &f.job, &f.pattern, sync::now_ms())
            });
            match made {
                Ok(b) => {
                    // This tab drives it from now: another tab must not take it up before the loop's tick.
                    sync::write_lease(LEASE, &Lease { holder: me.clone(), until_ms: sync::now_ms() + TTL_MS });
                    f.save();
                    problem.set(None);
                    *shared.borrow_mut() = Some(b);
                    save(&shared, &redraw);
                }
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    let retry = {
        let (shared, redraw) = (shared.clone(), redraw.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(b) = shared.borrow_mut().as_mut() {
                b.retry_failed();
            }
            save(&shared, &redraw);
        })
    };
    let batch = shared.borrow().clone();
    let yaml = batch.as_ref().map(Batch::yaml).unwrap_or_default();
    let download = {
        let (yaml, problem) = (yaml.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = download::save("deploy.yaml", "application/yaml", &yaml) {
                problem.set(Some(format!("The download failed: {e}")));
            }
        })
    };
    let copy = {
        let (yaml, copied) = (yaml.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&yaml);
                copied.set(true);
            }
        })
    };
    let f = &*form;
    let elsewhere = follower.get();
    let results = batch.as_ref().map(|b| {
        let (done, all) = b.progress();
        let failed = b.rows.iter().filter(|r| matches!(r.state, State::Failed { .. })).count();
        let connected = connections.for_instance(Some(&b.instance)).is_some();
        html! {
            <section class="batch-results">
                <p data-testid="batch-progress" data-done={done.to_string()} data-all={all.to_string()}>
                    { format!("{done} of {all} done · ref {} · job {}", b.git_ref, b.job) }
                    if !connected { <strong class="error">{ format!(" · not connected to {}: connect to go on", b.instance) }</strong> }
                    if elsewhere { <span class="muted">{ " · run by another tab of this browser" }</span> }
                    if b.failures > 0 { <span class="muted">{ format!(" · GitLab is busy, slowing down ({} failed polls)", b.failures) }</span> }
                </p>
                <table class="batch-table">
                    <thead><tr><th>{ "Project" }</th><th>{ "State" }</th><th>{ "Pipeline" }</th><th>{ "Value" }</th></tr></thead>
                    <tbody>{ for b.rows.iter().map(row) }</tbody>
                </table>
                <p>
                    <button type="button" data-testid="batch-retry" onclick={retry} disabled={failed == 0 || elsewhere}>
                        { format!("Retry failed ({failed})") }</button>
                    <button type="button" data-testid="batch-download" onclick={download}>{ "Download YAML" }</button>
                    <button type="button" data-testid="batch-copy" onclick={copy}>{ if *copied { "Copied" } else { "Copy" } }</button>
                </p>
                <pre data-testid="batch-yaml">{ yaml.clone() }</pre>
            </section>
        }
    });
    let running = elsewhere || batch.as_ref().is_some_and(|b| !b.finished());
    html! {
        <div class="app batch-page" data-testid="batch">
            <header>
                <h1><a href="#/editor" class="home">{ "pipelens" }</a></h1>
                <span class="status">{ "Batch run" }</span>
                <a href="#/wall">{ "Wall" }</a>
                { props.actions.clone() }
            </header>
            <main class="batch-main">
                <form class="batch-form" oninput={on_input} onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <label>{ "Projects (full paths, one a line)" }
                        <textarea data-testid="batch-projects" rows="6" value={f.projects.clone()}
                            name="projects" /></label>
                    <button type="button" onclick={from_wall}>{ "The wall's projects" }</button>
                    <label>{ "Branch or tag" }<input data-testid="batch-ref" value={f.git_ref.clone()} name="ref" /></label>
                    <label>{ "Variables (KEY=value, one a line)" }
                        <textarea data-testid="batch-variables" rows="3" value={f.variables.clone()}
                            name="variables" /></label>
                    <label>{ "Job whose log holds the value" }<input data-testid="batch-job" value={f.job.clone()} name="job" /></label>
                    <label>{ "Pattern (the first group is the value)" }
                        <input data-testid="batch-pattern" value={f.pattern.clone()} name="pattern" /></label>
                    <button type="button" data-testid="batch-start" onclick={start} disabled={running}>
                        { if running { "Running…" } else { "Start" } }</button>
                </form>
                if let Some(p) = &*problem { <p class="error" role="alert" data-testid="batch-problem">{ p }</p> }
                { for results }
            </main>
        </div>
    }
}

fn row(r: &batch::Row) -> Html {
    let value = match &r.state {
        State::Value { value, .. } => html! { <code>{ value }</code> },
        State::NoMatch { .. } => html! { <span class="muted">{ "no match in the log" }</span> },
        State::Error { message, .. } | State::Failed { message } => html! { <span class="error">{ message }</span> },
        _ => html! {},
    };
    let pipeline = match r.state.pipeline() {
        Some(id) => html! { <a href={format!("#/gitlab/{}/-/pipelines/{id}", r.project)}>{ format!("#{id}") }</a> },
        None => html! {},
    };
    let status = r.state.status().map(|s| format!(" {s}")).unwrap_or_default();
    html! {
        <tr data-batch-row={r.project.clone()} data-state={r.state.name()}>
            <td>{ &r.project }</td><td>{ r.state.name() }</td><td>{ pipeline }{ status }</td><td>{ value }</td>
        </tr>
    }
}

/// The loop: every tick, send what the plan asks for. Creations, look-ups and extractions run beside the
/// loop (bounded by the plan); polls run in it, one request after the other. One tab drives a batch (it
/// holds the lease, as the wall's poller does, also while hidden); the others show what it saves.
async fn run(
    alive: Rc<Cell<bool>>,
    shared: Shared,
    connections: Rc<Connections>,
    redraw: Callback<()>,
    follower: Rc<Cell<bool>>,
    me: String,
) {
    sync::release_on_leave(LEASE, &me);
    // The page loaded the saved batch resumed, as its driver.
    let mut leading = true;
    let mut seen = String::new();
    while alive.get() {
        let now = sync::now_ms();
        let idle = shared.borrow().as_ref().is_none_or(Batch::finished);
        let decision = decide(sync::read_lease(LEASE).as_ref(), &me, now, true);
        if idle || !matches!(decision, Decision::Lead(_)) {
            // Nothing to drive here: the lease is left free, and a batch another tab saves is shown (a
            // tab that has nothing to drive takes a batch up only when it gets the lease, resumed then).
            if idle {
                sync::release(LEASE, &me);
            }
            leading = false;
            let text = sync::read_text(BATCH).unwrap_or_default();
            let other = matches!(decision, Decision::Follow);
            if text != seen || follower.get() != other {
                *shared.borrow_mut() = load_batch(false);
                seen = text;
                follower.set(other);
                redraw.emit(());
            }
            // An unfinished batch shown here (its tab went away) is taken up at the next tick, resumed.
            gloo_timers::future::sleep(std::time::Duration::from_millis(TICK_MS)).await;
            continue;
        }
        if let Decision::Lead(lease) = decision {
            sync::write_lease(LEASE, &lease);
        }
        if !leading {
            // Taking over from a tab that went away: its creations in flight are looked up, not resent.
            *shared.borrow_mut() = load_batch(true);
            leading = true;
            follower.set(false);
            redraw.emit(());
        }
        let work = shared.borrow().as_ref().map(|b| (b.plan(now), b.instance.clone()));
        if let Some((plan, instance)) = work {
            if let Some(c) = connections.for_instance(Some(&instance)).cloned() {
                for i in plan.lookup.iter().chain(&plan.create) {
                    let lookup = plan.lookup.contains(i);
                    if let Some(b) = shared.borrow_mut().as_mut() {
                        let sent = if lookup { b.rows[*i].sent_ms } else { now };
                        b.sending(*i, sent);
                    }
                    save(&shared, &redraw);
                    wasm_bindgen_futures::spawn_local(create(c.clone(), shared.clone(), redraw.clone(), *i, lookup));
                }
                for &i in &plan.extract {
                    if let Some(b) = shared.borrow_mut().as_mut() {
                        b.extracting(i);
                    }
                    save(&shared, &redraw);
                    wasm_bindgen_futures::spawn_local(extract(c.clone(), shared.clone(), redraw.clone(), i));
                }
                if !plan.watch.is_empty() {
                    watch(&c, &shared, &plan.watch).await;
                    save(&shared, &redraw);
                }
            }
        }
        gloo_timers::future::sleep(std::time::Duration::from_millis(TICK_MS)).await;
    }
    sync::release(LEASE, &me);
}

/// What a request for row `i` needs, read when it is sent.
struct Target {
    project: String,
    git_ref: String,
    variables: Vec<(String, String)>,
    job: String,
    pattern: String,
}

fn target(shared: &Shared, i: usize) -> Option<Target> {
    let b = shared.borrow();
    let b = b.as_ref()?;
    Some(Target {
        project: b.rows.get(i)?.project.clone(),
        git_ref: b.git_ref.clone(),
        variables: b.variables.clone(),
        job: b.job.clone(),
        pattern: b.pattern.clone(),
    })
}

/// Creates row `i`'s pipeline; an `unsure` row's pipeline is looked for first and adopted when found.
async fn create(c: Connection, shared: Shared, redraw: Callback<()>, i: usize, lookup: bool) {
    let Some(Target { project, git_ref, variables, .. }) = target(&shared, i) else { return };
    if lookup {
        let found = match c.client() {
            Ok(client) => {
                let mut e = Pipelines::new(project.as_str());
                e.git_ref = Some(git_ref.clone());
                e.source = Some("api".into());
                e.order_by = Some("id".into());
                e.sort = Some("desc".into());
                fetch::first_page(&client, client.prepare(&e)).await.map(|(list, _)| list)
            }
            Err(e) => Err(e),
        };
        match found {
            Ok(list) => {
                let adopt = shared.borrow().as_ref().and_then(|b| b.adoptable(i, &list));
                if let Some(id) = adopt {
                    if let Some(b) = shared.borrow_mut().as_mut() {
                        b.looked_up(i, Some(id));
                    }
                    return save(&shared, &redraw);
                }
                // None yet: this row's creation never reached GitLab; send it now.
                if let Some(b) = shared.borrow_mut().as_mut() {
                    b.looked_up(i, None);
                    b.sending(i, sync::now_ms());
                }
                save(&shared, &redraw);
            }
            Err(e) => return settle(&shared, &redraw, i, &c, e),
        }
    }
    let action = Action::RunPipeline { git_ref, variables };
    match actions::run(&c, &project, &action).await {
        Ok(v) => {
            if let Some(b) = shared.borrow_mut().as_mut() {
                match v["id"].as_u64() {
                    Some(id) => b.created(i, id),
                    None => b.refused(i, "GitLab answered without a pipeline id.".into()),
                }
            }
            save(&shared, &redraw);
        }
        Err(e) => settle(&shared, &redraw, i, &c, e),
    }
}

/// A failed creation or look-up (see `Batch::creation_failed`).
fn settle(shared: &Shared, redraw: &Callback<()>, i: usize, c: &Connection, e: ApiError) {
    if let Some(b) = shared.borrow_mut().as_mut() {
        b.creation_failed(i, &e, describe_action("Run pipeline", &e, &c.base_url), sync::now_ms());
    }
    save(shared, redraw);
}

/// One poll: each row's pipeline status, one request each, in turn.
async fn watch(c: &Connection, shared: &Shared, rows: &[usize]) {
    let client = match c.client() {
        Ok(client) => client,
        Err(_) => return,
    };
    let mut busy = false;
    for &i in rows {
        let Some(Target { project, .. }) = target(shared, i) else { continue };
        let Some(id) = shared.borrow().as_ref().and_then(|b| b.rows[i].state.pipeline()) else { continue };
        match fetch::json(&client, &client.prepare(&GetPipeline::new(project.as_str(), id))).await {
            Ok((v, _)) => {
                if let (Some(b), Some(status)) = (shared.borrow_mut().as_mut(), v["status"].as_str()) {
                    b.status(i, status, sync::now_ms());
                }
            }
            Err(e) if batch::busy(&e) => {
                busy = true;
                break;
            }
            Err(e) => {
                if let Some(b) = shared.borrow_mut().as_mut() {
                    b.lost(i, describe(&e, &c.base_url));
                }
            }
        }
    }
    if let Some(b) = shared.borrow_mut().as_mut() {
        b.polled(busy, sync::now_ms());
    }
}

/// Row `i`'s value: the pipeline's job by name (the newest attempt), its log, the pattern's last match.
async fn extract(c: Connection, shared: Shared, redraw: Callback<()>, i: usize) {
    let Some(Target { project, job, pattern, .. }) = target(&shared, i) else { return };
    let Some(pipeline) = shared.borrow().as_ref().and_then(|b| b.rows[i].state.pipeline()) else { return };
    let result = async {
        let client = c.client()?;
        let jobs = {
            let mut first = client.prepare(&PipelineJobs::new(project.as_str(), pipeline));
            first.query.push(("per_page".into(), "100".into()));
            fetch::all(&client, first, 5).await?
        };
        // Newest first: a retried job's latest attempt.
        let Some(id) = jobs.iter().find(|j| j["name"].as_str() == Some(job.as_str())).and_then(|j| j["id"].as_u64())
        else {
            return Ok(Err(format!("No job named {job} in pipeline #{pipeline}.")));
        };
        let log = fetch::bytes(&client, &client.prepare(&JobTrace::new(project.as_str(), id))).await?;
        Ok(Extractor::new(&pattern).map(|x| x.last(&log, &LogIndex::parse(&log)).map(|f| f.value)))
    }
    .await;
    if let Some(b) = shared.borrow_mut().as_mut() {
        match result {
            Ok(found) => b.extracted(i, found),
            Err(e) if batch::busy(&e) => {
                b.retry_extract(i);
                b.polled(true, sync::now_ms());
            }
            Err(e) => b.extracted(i, Err(describe(&e, &c.base_url))),
        }
    }
    save(&shared, &redraw);
}
