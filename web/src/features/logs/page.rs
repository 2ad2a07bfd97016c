//! `#/gitlab/<project>/-/jobs/<id>`: a job's log. The header (status, duration, runner, stage, actions),
//! the tools (times, wrap, search, first error, end, download, extract) and the virtualised lines: only
//! the rows in view are in the DOM, over a spacer as tall as every row.

use super::follow::{run, Follow};
use super::lines::{row, RowCtx};
use super::model::Model;
use crate::route::{GitLabRef, Route};
use crate::services::download;
use crate::services::gitlab::actions::{self, Action};
use crate::services::gitlab::errors::describe;
use crate::services::gitlab::Connection;
use pipelens_gitlab_api::{ApiError, Status};
use pipelens_joblog::extract::IMAGE_TAG;
use pipelens_joblog::view::{first_error, scroll_for, viewport, Folds, LineRange, RowMap};
use pipelens_joblog::Extractor;
use serde_json::Value;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Pixels per row (the CSS gives `.log-line` this height).
const LINE_HEIGHT: f64 = 20.0;
/// Rows rendered above and below the viewport.
const OVERSCAN: u32 = 30;
/// The tallest viewport drawn for.
const MAX_VIEW_PX: f64 = 4_000.0;

#[derive(Properties, PartialEq)]
pub struct LogPageProps {
    pub connection: Connection,
    pub instance: Option<String>,
    pub project: String,
    pub id: u64,
    pub actions: Html,
}

fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

fn input_value(e: &Event) -> String {
    e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default()
}

#[function_component(LogPage)]
pub fn log_page(props: &LogPageProps) -> Html {
    let model = use_mut_ref(Model::default);
    let redraw = use_force_update();
    let job = use_state(|| None::<Rc<Value>>);
    let error = use_state(|| None::<ApiError>);
    let folds = use_state(Folds::default);
    let view = use_state(|| (0.0f64, 0.0f64));
    let timestamps = use_state(|| None::<bool>);
    let wrap = use_state(|| false);
    let selection = use_state(|| LineRange::in_fragment(&location_hash()));
    let current = use_state(|| None::<usize>);
    let generation = use_state(|| 0u32);
    let notice = use_state(|| None::<String>);
    let pattern = use_state(|| IMAGE_TAG.to_string());
    let extracted = use_state(|| None::<Result<(u32, String), String>>);
    let play_vars = use_state(String::new);
    let container = use_node_ref();
    // Follow the end while the user is there; a line to bring into view once it is read.
    let stick = use_mut_ref(|| false);
    let pending = use_mut_ref(|| selection.map(|s| s.first - 1));

    let base =
        Route::GitLabJob(GitLabRef { instance: props.instance.clone(), project: props.project.clone(), id: props.id })
            .to_fragment();

    // Fetch and follow; a new generation (after an action) starts again, keeping what was read.
    {
        let (connection, project, id) = (props.connection.clone(), props.project.clone(), props.id);
        let (model, redraw, job, error, stick, pending) =
            (model.clone(), redraw.clone(), job.clone(), error.clone(), stick.clone(), pending.clone());
        use_effect_with(*generation, move |_| {
            let alive = Rc::new(Cell::new(true));
            let first = Cell::new(true);
            let f = Follow {
                connection,
                project,
                id,
                model,
                alive: alive.clone(),
                redraw: Rc::new(move || redraw.force_update()),
                on_job: Rc::new(move |v: Value| {
                    // A running job opened without a line to show: follow its end.
                    if first.replace(false)
                        && Status::parse(v["status"].as_str().unwrap_or_default()).is_active()
                        && pending.borrow().is_none()
                    {
                        *stick.borrow_mut() = true;
                    }
                    job.set(Some(Rc::new(v)));
                }),
                on_error: Rc::new(move |e| error.set(e)),
            };
            wasm_bindgen_futures::spawn_local(run(f));
            move || alive.set(false)
        });
    }

    // A permalink typed or pasted while the page is open.
    {
        let (selection, pending, redraw) = (selection.clone(), pending.clone(), redraw.clone());
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || {
                let range = LineRange::in_fragment(&location_hash());
                if let Some(r) = range {
                    *pending.borrow_mut() = Some(r.first - 1);
                    redraw.force_update();
                }
                selection.set(range);
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
                }
            }
        });
    }

    let m = model.borrow();
    let index = m.index();
    let rows = RowMap::new(index, &folds);

    // After each render: bring a pending line into view (opening folds around it), or keep to the end.
    {
        let (container, pending, stick, folds, view, model) =
            (container.clone(), pending.clone(), stick.clone(), folds.clone(), view.clone(), model.clone());
        use_effect(move || {
            let Some(el) = container.cast::<web_sys::Element>() else { return };
            let height = f64::from(el.client_height());
            if view.1 != height {
                view.set((f64::from(el.scroll_top()), height));
            }
            let target = *pending.borrow();
            if let Some(line) = target {
                let m = model.borrow();
                let index = m.index();
                if (line as usize) < index.lines.len() {
                    let mut opened = (*folds).clone();
                    opened.reveal(index, line);
                    let map = RowMap::new(index, &opened);
                    let row = map.row_of(line).unwrap_or(0);
                    *pending.borrow_mut() = None;
                    *stick.borrow_mut() = false;
                    if opened != *folds {
                        folds.set(opened);
                    }
                    // A third of the way down the viewport.
                    let above = (height / 3.0 / LINE_HEIGHT) as u32;
                    let top = scroll_for(row.saturating_sub(above), height, LINE_HEIGHT, map.rows());
                    el.set_scroll_top(top as i32);
                    view.set((top, height));
                }
            } else if *stick.borrow() {
                let bottom = el.scroll_height() - el.client_height();
                if el.scroll_top() < bottom {
                    el.set_scroll_top(bottom);
                }
            }
        });
    }

    let onscroll = {
        let (view, stick) = (view.clone(), stick.clone());
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<web_sys::Element>() else { return };
            let top = f64::from(el.scroll_top());
            let height = f64::from(el.client_height());
            *stick.borrow_mut() = f64::from(el.scroll_height()) - top - height <= LINE_HEIGHT * 2.0;
            view.set((top, height));
        })
    };
    let jump = {
        let (pending, redraw) = (pending.clone(), redraw.clone());
        Rc::new(move |line: u32| {
            *pending.borrow_mut() = Some(line);
            redraw.force_update();
        })
    };
    let on_number = {
        let (selection, base) = (selection.clone(), base.clone());
        Callback::from(move |(i, extend): (u32, bool)| {
            let n = i + 1;
            let range = match *selection {
                Some(s) if extend => LineRange { first: s.first.min(n), last: s.first.max(n) },
                _ => LineRange { first: n, last: n },
            };
            // Into the address without a history entry or a `hashchange` (the page stays).
            let href = format!("{base}#{}", range.anchor());
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
            }
            selection.set(Some(range));
        })
    };
    let on_fold = {
        let (folds, model) = (folds.clone(), model.clone());
        Callback::from(move |id: u32| {
            let mut next = (*folds).clone();
            next.toggle(model.borrow().index(), id);
            folds.set(next);
        })
    };

    // Tools.
    let show_times = timestamps.unwrap_or(index.timestamps);
    let toggle_times = {
        let timestamps = timestamps.clone();
        Callback::from(move |_: MouseEvent| timestamps.set(Some(!show_times)))
    };
    let toggle_wrap = {
        let wrap = wrap.clone();
        Callback::from(move |_: MouseEvent| wrap.set(!*wrap))
    };
    let on_search = {
        let (model, current, jump) = (model.clone(), current.clone(), jump.clone());
        Callback::from(move |e: Event| {
            let mut m = model.borrow_mut();
            m.set_query(&input_value(&e));
            let first = m.matches.first().copied();
            current.set(first.map(|_| 0));
            drop(m);
            if let Some(line) = first {
                jump(line);
            }
        })
    };
    let step_match = |delta: isize| {
        let (model, current, jump) = (model.clone(), current.clone(), jump.clone());
        Callback::from(move |_: MouseEvent| {
            let count = model.borrow().matches.len();
            if count == 0 {
                return;
            }
            let next = match *current {
                Some(c) => (c as isize + delta).rem_euclid(count as isize) as usize,
                None if delta > 0 => 0,
                None => count - 1,
            };
            current.set(Some(next));
            let line = model.borrow().matches[next];
            jump(line);
        })
    };
    let (next_match, previous_match) = (step_match(1), step_match(-1));
    let to_error = {
        let (model, jump, notice) = (model.clone(), jump.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            let m = model.borrow();
            let total = m.index().lines.len() as u32;
            match first_error(&m.raw, m.index(), 0..total) {
                Some(line) => {
                    notice.set(None);
                    drop(m);
                    jump(line);
                }
                None => notice.set(Some("No error found in the log.".into())),
            }
        })
    };
    let to_end = {
        let (stick, redraw) = (stick.clone(), redraw.clone());
        Callback::from(move |_: MouseEvent| {
            *stick.borrow_mut() = true;
            redraw.force_update();
        })
    };
    let download_raw = {
        let (model, notice, id) = (model.clone(), notice.clone(), props.id);
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = download::save_bytes(&format!("job-{id}.log"), "text/plain", &model.borrow().raw) {
                notice.set(Some(format!("The download failed: {e}")));
            }
        })
    };
    let on_pattern = {
        let pattern = pattern.clone();
        Callback::from(move |e: Event| pattern.set(input_value(&e)))
    };
    let extract = {
        let (model, pattern, extracted) = (model.clone(), pattern.clone(), extracted.clone());
        Callback::from(move |_: MouseEvent| {
            let m = model.borrow();
            let found = Extractor::new(&pattern).map(|e| e.last(&m.raw, m.index()).map(|f| (f.line as u32, f.value)));
            extracted.set(Some(match found {
                Ok(Some(hit)) => Ok(hit),
                Ok(None) => Err("The pattern matches no line of the log.".into()),
                Err(e) => Err(e),
            }));
        })
    };

    // The header: the job and what can be done to it.
    let job_value = (*job).clone();
    let status = job_value.as_ref().and_then(|j| j["status"].as_str()).unwrap_or_default().to_string();
    let act = {
        let (connection, project, notice, generation, base_instance) = (
            props.connection.clone(),
            props.project.clone(),
            notice.clone(),
            generation.clone(),
            props.instance.clone(),
        );
        Rc::new(move |action: Action| {
            if action.destructive() {
                let question = format!("{}? The job stops where it is.", action.label());
                let yes = web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false);
                if !yes {
                    return;
                }
            }
            let (connection, project, notice, generation, instance) =
                (connection.clone(), project.clone(), notice.clone(), generation.clone(), base_instance.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match actions::run(&connection, &project, &action).await {
                    Ok(answer) => match (&action, answer["id"].as_u64()) {
                        // A retry is a new job: open it.
                        (Action::RetryJob { .. }, Some(new)) => {
                            let r = Route::GitLabJob(GitLabRef { instance, project, id: new });
                            if let Some(w) = web_sys::window() {
                                let _ = w.location().set_hash(&r.to_fragment());
                            }
                        }
                        _ => {
                            notice.set(Some(format!("{}: done.", action.label())));
                            generation.set(*generation + 1);
                        }
                    },
                    Err(e) => {
                        notice.set(Some(format!("{} failed: {}", action.label(), describe(&e, &connection.base_url))))
                    }
                }
            });
        })
    };
    let id = props.id;
    let parsed = Status::parse(&status);
    let retry = (matches!(status.as_str(), "success" | "failed" | "canceled")).then(|| {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act(Action::RetryJob { job: id }))
    });
    let cancel = parsed.is_active().then(|| {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act(Action::CancelJob { job: id }))
    });
    let play = (status == "manual").then(|| {
        let (act, vars) = (act.clone(), play_vars.clone());
        Callback::from(move |_: MouseEvent| {
            let variables = vars
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .collect();
            act(Action::PlayJob { job: id, variables })
        })
    });
    let on_vars = {
        let vars = play_vars.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                vars.set(t.value());
            }
        })
    };
    let field = |k: &str| job_value.as_ref().map(|j| j[k].clone()).unwrap_or(Value::Null);
    let name = field("name").as_str().unwrap_or_default().to_string();
    let stage = field("stage").as_str().unwrap_or_default().to_string();
    let runner = job_value
        .as_ref()
        .and_then(|j| j["runner"]["description"].as_str())
        .map(str::to_string)
        .unwrap_or_else(|| "—".into());
    let took = field("duration").as_f64().map(|d| pipelens_joblog::view::duration(d as u64));

    // The lines in view.
    let (top, height) = *view;
    // The viewport's height, bounded: should the CSS ever let the view grow to its content, a few
    // thousand rows are drawn rather than the whole log.
    let height = if height > 0.0 { height.min(MAX_VIEW_PX) } else { 800.0 };
    let vp = viewport(top, height, LINE_HEIGHT, rows.rows(), OVERSCAN);
    let current_line = current.and_then(|c| m.matches.get(c).copied());
    let ctx = RowCtx {
        raw: &m.raw,
        index,
        folds: &folds,
        base: &base,
        timestamps: show_times,
        on_number: &on_number,
        on_fold: &on_fold,
    };
    let shown = rows.lines(vp.rows.clone()).map(|i| {
        let highlighted = selection.is_some_and(|s| s.contains(i));
        let matched = m.matches.binary_search(&i).is_ok();
        row(&ctx, i, highlighted, matched, current_line == Some(i))
    });
    let spacer = format!("height:{}px", vp.spacer);
    let offset = format!("top:{}px", vp.top);
    let count = match (m.matches.len(), *current) {
        (0, _) if !m.query.is_empty() => "No match".to_string(),
        (0, _) => String::new(),
        (n, Some(c)) => format!("{} / {n}", c + 1),
        (n, None) => format!("{n} matches"),
    };
    let state = if m.fetches == 0 {
        "loading"
    } else if m.finished() {
        "done"
    } else if m.parsed < m.raw.len() {
        "parsing"
    } else {
        "following"
    };
    let on = if props.connection.demo {
        format!("{} (demo GitLab)", props.connection.base_url)
    } else {
        props.connection.base_url.clone()
    };
    let pipeline_link = job_value.as_ref().and_then(|j| j["pipeline"]["id"].as_u64()).map(|p| {
        Route::GitLabPipeline(GitLabRef { instance: props.instance.clone(), project: props.project.clone(), id: p })
            .to_fragment()
    });
    let web_url = field("web_url").as_str().map(str::to_string);

    html! {
        <div class="app">
            <header>
                <h1><a href="#/editor" class="home">{ "pipelens" }</a></h1>
                <nav class="status crumbs" data-testid="crumbs">
                    <a href="#/gitlab">{ on }</a>{ " / " }<span>{ &props.project }</span>
                    if let Some(p) = pipeline_link { { " / " }<a href={p}>{ "pipeline" }</a> }
                    { " / " }<span>{ format!("Job #{}", props.id) }</span>
                </nav>
                { props.actions.clone() }
            </header>
            <main class="page logs" data-testid="job-log-page">
                <section class="job-head" data-testid="job-head" data-status={status.clone()}>
                    <h2>{ if name.is_empty() { format!("Job #{id}") } else { format!("{name} · #{id}") } }</h2>
                    <span class={classes!("badge", format!("status-{status}"))} data-testid="job-status">{ status.clone() }</span>
                    <span class="muted">{ format!(" stage {stage} · runner {runner}") }{ took.map(|t| format!(" · {t}")).unwrap_or_default() }</span>
                    if let Some(url) = web_url { { " · " }<a href={url} rel="noreferrer">{ "Open it on GitLab" }</a> }
                    <span class="job-actions">
                        if let Some(onclick) = retry { <button type="button" data-testid="job-retry" {onclick}>{ "Retry" }</button> }
                        if let Some(onclick) = cancel { <button type="button" data-testid="job-cancel" {onclick}>{ "Cancel" }</button> }
                        if let Some(onclick) = play {
                            <textarea data-testid="job-play-variables" rows="2" placeholder="KEY=value, one a line" oninput={on_vars} />
                            <button type="button" data-testid="job-play" {onclick}>{ "Run job" }</button>
                        }
                    </span>
                </section>
                if let Some(e) = &*error {
                    <p class="error" role="alert" data-testid="live-error">{ describe(e, &props.connection.base_url) }</p>
                }
                if let Some(n) = &*notice { <p class="notice" role="status" data-testid="log-notice">{ n }</p> }
                <div class="log-tools" data-testid="log-tools">
                    if index.timestamps {
                        <button type="button" data-testid="log-timestamps" aria-pressed={show_times.to_string()} onclick={toggle_times}>{ "Times" }</button>
                    }
                    <button type="button" data-testid="log-wrap" aria-pressed={wrap.to_string()} onclick={toggle_wrap}>{ "Wrap" }</button>
                    <input type="search" data-testid="log-search" placeholder="Search the log (Enter)" aria-label="Search the log" onchange={on_search} />
                    <button type="button" data-testid="log-search-previous" onclick={previous_match} aria-label="Previous match">{ "↑" }</button>
                    <button type="button" data-testid="log-search-next" onclick={next_match} aria-label="Next match">{ "↓" }</button>
                    <span class="muted" data-testid="log-search-count" data-count={m.matches.len().to_string()}>{ count }</span>
                    <button type="button" data-testid="log-first-error" onclick={to_error}>{ "First error" }</button>
                    <button type="button" data-testid="log-end" onclick={to_end}>{ "End" }</button>
                    <button type="button" data-testid="log-download" onclick={download_raw}>{ "Download raw" }</button>
                    <span class="extract">
                        <input type="text" data-testid="log-extract-pattern" aria-label="Pattern to extract" value={(*pattern).clone()} onchange={on_pattern} />
                        <button type="button" data-testid="log-extract" onclick={extract}>{ "Extract" }</button>
                        { extracted_view(&extracted) }
                    </span>
                </div>
                <div class={classes!("log-view", wrap.then_some("wrap"))} ref={container} {onscroll}
                    data-testid="log-view" data-state={state} data-lines={index.lines.len().to_string()}
                    data-rows={rows.rows().to_string()} data-log-bytes={m.raw.len().to_string()}
                    data-parsed-bytes={m.parsed.to_string()} data-pushed-bytes={m.last_push.to_string()}
                    data-updates={m.updates.to_string()} data-reloads={m.reloads.to_string()}>
                    <div class="log-spacer" style={spacer}>
                        <div class="log-rows" style={offset}>{ for shown }</div>
                    </div>
                </div>
            </main>
        </div>
    }
}

fn extracted_view(extracted: &Option<Result<(u32, String), String>>) -> Html {
    match extracted {
        None => Html::default(),
        Some(Err(e)) => html! { <span class="error" data-testid="log-extract-error">{ e }</span> },
        Some(Ok((line, value))) => {
            let copy = {
                let value = value.clone();
                Callback::from(move |_: MouseEvent| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.navigator().clipboard().write_text(&value);
                    }
                })
            };
            html! {
                <>
                    <code data-testid="log-extract-value" title={format!("line {}", line + 1)}>{ value }</code>
                    <button type="button" data-testid="log-extract-copy" onclick={copy}>{ "Copy" }</button>
                </>
            }
        }
    }
}
