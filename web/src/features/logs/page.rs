//! `#/gitlab/<project>/-/jobs/<id>`: a job's log. The header (status, duration, runner, stage, actions),
//! the tools (times, wrap, search, first error, end, download, extract) and the virtualised lines: only
//! the rows in view are in the DOM, over a spacer as tall as every row.
//!
//! Bundle size: the page's state is one struct behind one cell and its clicks and changes reach one
//! handler each (by the element's `data-act`); one hook and one callback per field or button would
//! cost the bundle several KB.

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
use pipelens_joblog::view::{duration, first_error, scroll_for, viewport, Folds, LineRange, RowMap};
use pipelens_joblog::Extractor;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Pixels per row (the CSS gives `.log-line` this height).
const LINE_HEIGHT: f64 = 20.0;
/// Rows rendered above and below the viewport.
const OVERSCAN: u32 = 30;
/// The tallest viewport drawn for: should the CSS ever let the view grow to its content, a few
/// hundred rows are drawn rather than the whole log.
const MAX_VIEW_PX: f64 = 4_000.0;

#[derive(Properties, PartialEq)]
pub struct LogPageProps {
    pub connection: Connection,
    pub instance: Option<String>,
    pub project: String,
    pub id: u64,
    pub actions: Html,
}

/// What the page shows besides the log.
struct Ui {
    job: Option<Value>,
    error: Option<ApiError>,
    folds: Folds,
    /// The view's scroll position and height.
    top: f64,
    height: f64,
    /// `None`: shown when the log has them.
    timestamps: Option<bool>,
    wrap: bool,
    selection: Option<LineRange>,
    /// The search match the user is on.
    current: Option<usize>,
    /// Bumped after an action: the follow loop starts again.
    generation: u32,
    notice: Option<String>,
    pattern: String,
    extracted: Option<Result<(u32, String), String>>,
    play_vars: String,
    /// Follow the end (the user is there).
    stick: bool,
    /// A line to bring into view once it is read.
    pending: Option<u32>,
    job_seen: bool,
}

fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

impl Ui {
    fn new() -> Ui {
        let selection = LineRange::in_fragment(&location_hash());
        Ui {
            job: None,
            error: None,
            folds: Folds::default(),
            top: 0.0,
            height: 0.0,
            timestamps: None,
            wrap: false,
            selection,
            current: None,
            generation: 0,
            notice: None,
            pattern: IMAGE_TAG.to_string(),
            extracted: None,
            play_vars: String::new(),
            stick: false,
            pending: selection.map(|s| s.first - 1),
            job_seen: false,
        }
    }
}

/// Everything the page's event handlers need.
#[derive(Clone)]
struct Page {
    model: Rc<RefCell<Model>>,
    ui: Rc<RefCell<Ui>>,
    redraw: UseForceUpdateHandle,
    connection: Connection,
    instance: Option<String>,
    project: String,
    id: u64,
    /// The job's address, to which `#L…` is added.
    base: String,
}

fn data(el: &web_sys::Element, name: &str) -> Option<u32> {
    el.get_attribute(name)?.parse().ok()
}

impl Page {
    fn click(&self, e: &MouseEvent) {
        let Some(target) = e.target_dyn_into::<web_sys::Element>() else { return };
        let Some(el) = target.closest("[data-act]").ok().flatten() else { return };
        let act = el.get_attribute("data-act").unwrap_or_default();
        let model = self.model.borrow();
        let mut ui = self.ui.borrow_mut();
        match act.as_str() {
            "ln" => {
                e.prevent_default();
                let Some(n) = el.closest(".log-line").ok().flatten().and_then(|r| data(&r, "data-line")) else {
                    return;
                };
                let range = match ui.selection {
                    Some(s) if e.shift_key() => LineRange { first: s.first.min(n), last: s.first.max(n) },
                    _ => LineRange { first: n, last: n },
                };
                // Into the address without a history entry or a `hashchange` (the page stays).
                let href = format!("{}#{}", self.base, range.anchor());
                if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
                }
                ui.selection = Some(range);
            }
            "fold" => {
                if let Some(id) = data(&el, "data-id") {
                    ui.folds.toggle(model.index(), id);
                }
            }
            "times" => ui.timestamps = Some(!ui.timestamps.unwrap_or(model.index().timestamps)),
            "wrap" => ui.wrap = !ui.wrap,
            "next" | "previous" => {
                let count = model.matches.len();
                if count == 0 {
                    return;
                }
                let next = match (ui.current, act == "next") {
                    (Some(c), true) => (c + 1) % count,
                    (Some(c), false) => (c + count - 1) % count,
                    (None, true) => 0,
                    (None, false) => count - 1,
                };
                ui.current = Some(next);
                ui.pending = Some(model.matches[next]);
            }
            "error" => {
                let total = model.index().lines.len() as u32;
                match first_error(&model.raw, model.index(), 0..total) {
                    Some(line) => {
                        ui.notice = None;
                        ui.pending = Some(line);
                    }
                    None => ui.notice = Some("No error found in the log.".into()),
                }
            }
            "end" => ui.stick = true,
            "download" => {
                if let Err(e) = download::save_bytes(&format!("job-{}.log", self.id), "text/plain", &model.raw) {
                    ui.notice = Some(format!("The download failed: {e}"));
                }
            }
            "extract" => {
                let found = Extractor::new(&ui.pattern)
                    .map(|x| x.last(&model.raw, model.index()).map(|f| (f.line as u32, f.value)));
                ui.extracted = Some(match found {
                    Ok(Some(hit)) => Ok(hit),
                    Ok(None) => Err("The pattern matches no line of the log.".into()),
                    Err(e) => Err(e),
                });
            }
            "copy" => {
                if let (Some(Ok((_, value))), Some(w)) = (&ui.extracted, web_sys::window()) {
                    let _ = w.navigator().clipboard().write_text(value);
                }
            }
            "retry" | "cancel" | "play" => {
                let job = self.id;
                let action = match act.as_str() {
                    "retry" => Action::RetryJob { job },
                    "cancel" => Action::CancelJob { job },
                    _ => Action::PlayJob { job, variables: variables(&ui.play_vars) },
                };
                drop((ui, model));
                self.act(action);
                return;
            }
            _ => return,
        }
        drop((ui, model));
        self.redraw.force_update();
    }

    /// A field changed (search on Enter, the extraction pattern, a manual job's variables).
    fn change(&self, e: &Event) {
        let Some(el) = e.target_dyn_into::<web_sys::Element>() else { return };
        let value = match el.dyn_ref::<web_sys::HtmlInputElement>() {
            Some(i) => i.value(),
            None => el.dyn_ref::<web_sys::HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default(),
        };
        let mut ui = self.ui.borrow_mut();
        match el.get_attribute("data-act").as_deref() {
            Some("search") => {
                self.model.borrow_mut().set_query(&value);
                ui.current = None;
                drop(ui);
                wasm_bindgen_futures::spawn_local(search(self.clone(), value));
                return;
            }
            Some("pattern") => ui.pattern = value,
            Some("vars") => ui.play_vars = value,
            _ => return,
        }
        drop(ui);
        self.redraw.force_update();
    }

    fn scroll(&self, e: &Event) {
        let Some(el) = e.target_dyn_into::<web_sys::Element>() else { return };
        let (top, height) = (f64::from(el.scroll_top()), f64::from(el.client_height()));
        let mut ui = self.ui.borrow_mut();
        ui.stick = f64::from(el.scroll_height()) - top - height <= LINE_HEIGHT * 2.0;
        (ui.top, ui.height) = (top, height);
        drop(ui);
        self.redraw.force_update();
    }

    /// Sends a job action (cancel asks first); a retry opens the new job, the others fetch again.
    fn act(&self, action: Action) {
        if action.destructive() {
            let question = format!("{}? The job stops where it is.", action.label());
            if !web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false) {
                return;
            }
        }
        let page = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = actions::run(&page.connection, &page.project, &action).await;
            let mut ui = page.ui.borrow_mut();
            match (result, &action) {
                // A retry is a new job: open it.
                (Ok(answer), Action::RetryJob { .. }) if answer["id"].as_u64().is_some() => {
                    let id = answer["id"].as_u64().unwrap_or(page.id);
                    let r = Route::GitLabJob(GitLabRef { instance: page.instance.clone(), project: page.project, id });
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_hash(&r.to_fragment());
                    }
                    return;
                }
                (Ok(_), _) => {
                    ui.notice = Some(format!("{}: done.", action.label()));
                    ui.generation += 1;
                }
                (Err(e), _) => {
                    let why = describe(&e, &page.connection.base_url);
                    ui.notice = Some(format!("{} failed: {why}", action.label()));
                }
            }
            drop(ui);
            page.redraw.force_update();
        });
    }
}

/// Lines searched per slice: a 1.3 M-line log is searched in about 0.2 s, so in slices between which the
/// page stays responsive (and shows the first match as soon as there is one).
const SEARCH_SLICE: u32 = 100_000;

/// Carries out the search for `query` (until another query replaces it), going to its first match.
async fn search(page: Page, query: String) {
    loop {
        let more = {
            let mut m = page.model.borrow_mut();
            if m.query != query {
                return;
            }
            let more = m.search_step(SEARCH_SLICE);
            let mut ui = page.ui.borrow_mut();
            if ui.current.is_none() {
                if let Some(first) = m.matches.first() {
                    (ui.current, ui.pending) = (Some(0), Some(*first));
                }
            }
            more
        };
        page.redraw.force_update();
        if !more {
            return;
        }
        gloo_timers::future::sleep(std::time::Duration::ZERO).await;
    }
}

/// `KEY=value` lines.
fn variables(text: &str) -> Vec<(String, String)> {
    text.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.trim().to_string(), v.to_string())).collect()
}

#[function_component(LogPage)]
pub fn log_page(props: &LogPageProps) -> Html {
    let model = use_mut_ref(Model::default);
    let ui = use_mut_ref(Ui::new);
    let redraw = use_force_update();
    let container = use_node_ref();
    let base =
        Route::GitLabJob(GitLabRef { instance: props.instance.clone(), project: props.project.clone(), id: props.id })
            .to_fragment();
    let page = Page {
        model: model.clone(),
        ui: ui.clone(),
        redraw: redraw.clone(),
        connection: props.connection.clone(),
        instance: props.instance.clone(),
        project: props.project.clone(),
        id: props.id,
        base: base.clone(),
    };

    // Fetch and follow; a new generation (after an action) starts again, keeping what was read.
    {
        let p = page.clone();
        use_effect_with(ui.borrow().generation, move |_| {
            let alive = Rc::new(Cell::new(true));
            let (on_job, on_error, redraw) = (p.clone(), p.clone(), p.redraw.clone());
            let f = Follow {
                connection: p.connection.clone(),
                project: p.project.clone(),
                id: p.id,
                model: p.model.clone(),
                alive: alive.clone(),
                redraw: Rc::new(move || redraw.force_update()),
                on_job: Rc::new(move |v: Value| {
                    let mut ui = on_job.ui.borrow_mut();
                    // A running job opened without a line to show: follow its end.
                    let active = Status::parse(v["status"].as_str().unwrap_or_default()).is_active();
                    if !ui.job_seen && active && ui.pending.is_none() {
                        ui.stick = true;
                    }
                    ui.job_seen = true;
                    ui.job = Some(v);
                }),
                on_error: Rc::new(move |e| on_error.ui.borrow_mut().error = e),
            };
            wasm_bindgen_futures::spawn_local(run(f));
            move || alive.set(false)
        });
    }

    // A permalink typed or pasted while the page is open.
    {
        let p = page.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || {
                let range = LineRange::in_fragment(&location_hash());
                let mut ui = p.ui.borrow_mut();
                ui.selection = range;
                if let Some(r) = range {
                    ui.pending = Some(r.first - 1);
                }
                drop(ui);
                p.redraw.force_update();
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

    // After each render: bring a pending line into view (opening folds around it), or keep to the end.
    {
        let (container, p) = (container.clone(), page.clone());
        use_effect(move || {
            let Some(el) = container.cast::<web_sys::Element>() else { return };
            let height = f64::from(el.client_height());
            let model = p.model.borrow();
            let mut ui = p.ui.borrow_mut();
            let mut again = ui.height != height;
            ui.height = height;
            let index = model.index();
            match ui.pending {
                Some(line) if (line as usize) < index.lines.len() => {
                    ui.folds.reveal(index, line);
                    let map = RowMap::new(index, &ui.folds);
                    let row = map.row_of(line).unwrap_or(0);
                    // A third of the way down the viewport.
                    let above = (height / 3.0 / LINE_HEIGHT) as u32;
                    let top = scroll_for(row.saturating_sub(above), height, LINE_HEIGHT, map.rows());
                    (ui.pending, ui.stick, ui.top) = (None, false, top);
                    // The spacer may only now be tall enough: set the position once it is drawn.
                    el.set_scroll_top(top as i32);
                    again = true;
                }
                _ if ui.stick => {
                    let bottom = el.scroll_height() - el.client_height();
                    if el.scroll_top() < bottom {
                        el.set_scroll_top(bottom);
                    }
                }
                _ => {}
            }
            drop((ui, model));
            if again {
                p.redraw.force_update();
            }
        });
    }

    let onclick = {
        let p = page.clone();
        Callback::from(move |e: MouseEvent| p.click(&e))
    };
    let onchange = {
        let p = page.clone();
        Callback::from(move |e: Event| p.change(&e))
    };
    let onscroll = {
        let p = page.clone();
        Callback::from(move |e: Event| p.scroll(&e))
    };

    let m = model.borrow();
    let u = ui.borrow();
    let index = m.index();
    let rows = RowMap::new(index, &u.folds);
    let show_times = u.timestamps.unwrap_or(index.timestamps);

    // The header: the job and what can be done to it.
    let field = |k: &str| u.job.as_ref().and_then(|j| j[k].as_str()).unwrap_or_default().to_string();
    let (status, name, stage) = (field("status"), field("name"), field("stage"));
    let runner = u.job.as_ref().and_then(|j| j["runner"]["description"].as_str()).unwrap_or("—");
    let took = u.job.as_ref().and_then(|j| j["duration"].as_f64()).map(|d| format!(" · {}", duration(d as u64)));
    let web_url = u.job.as_ref().and_then(|j| j["web_url"].as_str()).map(str::to_string);
    let pipeline_link = u.job.as_ref().and_then(|j| j["pipeline"]["id"].as_u64()).map(|p| {
        Route::GitLabPipeline(GitLabRef { instance: props.instance.clone(), project: props.project.clone(), id: p })
            .to_fragment()
    });
    let retry = matches!(status.as_str(), "success" | "failed" | "canceled");
    let cancel = Status::parse(&status).is_active();
    let play = status == "manual";
    let id = props.id;

    // The lines in view.
    let height = if u.height > 0.0 { u.height.min(MAX_VIEW_PX) } else { 800.0 };
    let vp = viewport(u.top, height, LINE_HEIGHT, rows.rows(), OVERSCAN);
    let current_line = u.current.and_then(|c| m.matches.get(c).copied());
    let ctx = RowCtx { raw: &m.raw, index, folds: &u.folds, base: &base, timestamps: show_times };
    let shown = rows.lines(vp.rows.clone()).map(|i| {
        let highlighted = u.selection.is_some_and(|s| s.contains(i));
        let matched = m.matches.binary_search(&i).is_ok();
        row(&ctx, i, highlighted, matched, current_line == Some(i))
    });
    let spacer = format!("height:{}px", vp.spacer);
    let offset = format!("top:{}px", vp.top);
    let count = match (m.matches.len(), u.current) {
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
    let c = &props.connection;
    let on = if c.demo { format!("{} (demo GitLab)", c.base_url) } else { c.base_url.clone() };
    let title = if name.is_empty() { format!("Job #{id}") } else { format!("{name} · #{id}") };
    let extracted = match &u.extracted {
        None => Html::default(),
        Some(Err(e)) => html! { <span class="error" data-testid="log-extract-error">{ e }</span> },
        Some(Ok((line, value))) => html! {
            <>
                <code data-testid="log-extract-value" title={format!("line {}", line + 1)}>{ value }</code>
                <button type="button" data-act="copy" data-testid="log-extract-copy">{ "Copy" }</button>
            </>
        },
    };

    html! {
        <div class="app">
            <header>
                <h1><a href="#/editor" class="home">{ "pipelens" }</a></h1>
                <nav class="status crumbs" data-testid="crumbs">
                    <a href="#/gitlab">{ on }</a>{ " / " }<span>{ &props.project }</span>
                    if let Some(p) = pipeline_link { { " / " }<a href={p}>{ "pipeline" }</a> }
                    { " / " }<span>{ format!("Job #{id}") }</span>
                </nav>
                { props.actions.clone() }
            </header>
            <main class="page logs" data-testid="job-log-page" {onclick} {onchange}>
                <section class="job-head" data-testid="job-head" data-status={status.clone()}>
                    <h2>{ title }</h2>
                    <span class={classes!("badge", format!("status-{status}"))} data-testid="job-status">{ status.clone() }</span>
                    <span class="muted">{ format!(" stage {stage} · runner {runner}{}", took.unwrap_or_default()) }</span>
                    if let Some(url) = web_url { { " · " }<a href={url} rel="noreferrer">{ "Open it on GitLab" }</a> }
                    <span class="job-actions">
                        if retry { <button type="button" data-act="retry" data-testid="job-retry">{ "Retry" }</button> }
                        if cancel { <button type="button" data-act="cancel" data-testid="job-cancel">{ "Cancel" }</button> }
                        if play {
                            <textarea data-act="vars" data-testid="job-play-variables" rows="2" placeholder="KEY=value, one a line" />
                            <button type="button" data-act="play" data-testid="job-play">{ "Run job" }</button>
                        }
                    </span>
                </section>
                if let Some(e) = &u.error {
                    <p class="error" role="alert" data-testid="live-error">{ describe(e, &c.base_url) }</p>
                }
                if let Some(n) = &u.notice { <p class="notice" role="status" data-testid="log-notice">{ n }</p> }
                if let Some(size) = m.too_big {
                    <p class="error" role="alert" data-testid="log-too-big">
                        { format!("This log is {} MB; pipelens reads logs up to {} MB. Open it on GitLab or download it there.",
                            size / 1_000_000, pipelens_joblog::view::MAX_LOG_BYTES / 1_000_000) }
                    </p>
                }
                <div class="log-tools" data-testid="log-tools">
                    if index.timestamps {
                        <button type="button" data-act="times" data-testid="log-timestamps" aria-pressed={show_times.to_string()}>{ "Times" }</button>
                    }
                    <button type="button" data-act="wrap" data-testid="log-wrap" aria-pressed={u.wrap.to_string()}>{ "Wrap" }</button>
                    <input type="search" data-act="search" data-testid="log-search" placeholder="Search the log (Enter)" aria-label="Search the log" />
                    <button type="button" data-act="previous" data-testid="log-search-previous" aria-label="Previous match">{ "↑" }</button>
                    <button type="button" data-act="next" data-testid="log-search-next" aria-label="Next match">{ "↓" }</button>
                    <span class="muted" data-testid="log-search-count" data-count={m.matches.len().to_string()}>{ count }</span>
                    <button type="button" data-act="error" data-testid="log-first-error">{ "First error" }</button>
                    <button type="button" data-act="end" data-testid="log-end">{ "End" }</button>
                    <button type="button" data-act="download" data-testid="log-download">{ "Download raw" }</button>
                    <span class="extract">
                        <input type="text" data-act="pattern" data-testid="log-extract-pattern" aria-label="Pattern to extract" value={u.pattern.clone()} />
                        <button type="button" data-act="extract" data-testid="log-extract">{ "Extract" }</button>
                        { extracted }
                    </span>
                </div>
                <div class={classes!("log-view", u.wrap.then_some("wrap"))} ref={container} {onscroll}
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
