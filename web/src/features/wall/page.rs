//! `#/wall` and `#/demo/wall`: the wall page. It picks the configuration (a share link's, the demo's or the
//! saved one), runs the one loop that looks at GitLab when this tab holds the lease and reads the
//! leader's snapshot otherwise, and draws the tiles: sorted, filtered, grouped, split across screens,
//! fitted to the screen in kiosk mode.

use super::form::{config_form, FormProps};
use super::refresh;
use super::sync;
use super::tile::{span, tile, TileProps};
use crate::services::gitlab::actions::{self, Action};
use crate::services::gitlab::{demo, Connections, GitLab};
use pipelens_wall::config::{GroupBy, Params, WallConfig};
use pipelens_wall::layout;
use pipelens_wall::lease::{decide, Decision};
use pipelens_wall::poll;
use pipelens_wall::snapshot::Snapshot;
use pipelens_wall::tiles::{transitions, Tile};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What each refresh cycle records, for the browser tests and the README's figures.
pub const REFRESH_MARK: &str = "pipelens:wall-refresh";
/// How often the loop wakes to check the lease and the shared snapshot.
const TICK_MS: u32 = 500;

pub fn go(fragment: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(fragment);
    }
}

fn mark() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(REFRESH_MARK);
    }
}

#[derive(Properties, PartialEq)]
pub struct WallPageProps {
    pub gitlab: GitLab,
    /// The address's parameters (after `?`).
    pub query: String,
    pub demo: bool,
    pub actions: Html,
}

/// The configuration to show, from the address, the demo or storage; and a message when one is unusable.
fn initial_config(params: &Params, demo: bool, connections: &Connections) -> (Option<WallConfig>, Option<String>) {
    if let Some(code) = &params.config {
        return match WallConfig::from_link_code(code) {
            Ok(c) => (Some(c), None),
            Err(e) => (None, Some(e)),
        };
    }
    if demo {
        let url = connections.list().iter().find(|c| c.demo).map(|c| c.base_url.clone());
        return (url.map(|u| WallConfig::demo(&u)), None);
    }
    match sync::load_config() {
        Some(Ok(c)) => (Some(c), None),
        Some(Err(e)) => (None, Some(format!("The saved wall could not be read: {e}"))),
        None => (None, None),
    }
}

#[function_component(WallPage)]
pub fn wall_page(props: &WallPageProps) -> Html {
    let params = Params::parse(&props.query);
    let connections = props.gitlab.connections.clone();
    let config = {
        let (params, connections) = (params.clone(), connections.clone());
        use_state(move || initial_config(&params, props.demo, &connections))
    };
    // The demo: connect to the demo GitLab first (for this tab only), then show its group.
    {
        let (gitlab, config) = (props.gitlab.clone(), config.clone());
        let has_demo = connections.list().iter().any(|c| c.demo);
        use_effect_with((props.demo, has_demo), move |(is_demo, has)| {
            if *is_demo && !*has {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(c) = demo::connection(&demo::url().await) {
                        let url = c.base_url.clone();
                        let mut next = (*gitlab.connections).clone();
                        next.connect(c);
                        gitlab.update.emit(next);
                        config.set((Some(WallConfig::demo(&url)), None));
                    }
                });
            } else if *is_demo && config.0.is_none() {
                config.set(initial_config(&Params::default(), true, &gitlab.connections));
            }
        });
    }
    let key = config.0.as_ref().map(WallConfig::key).unwrap_or_default();
    let snapshot = {
        let key = key.clone();
        use_state(move || Rc::new(sync::read_snapshot(&key).unwrap_or_default()))
    };
    let role = use_state(|| "starting");
    let now = use_state(sync::now_ms);
    let flash = use_state(Vec::<String>::new);
    let force = use_mut_ref(|| Rc::new(Cell::new(false)));
    let force = force.borrow().clone();
    // The loop: one per configuration and set of connections.
    {
        let (snapshot, role, now, flash, force) =
            (snapshot.clone(), role.clone(), now.clone(), flash.clone(), force.clone());
        let config = config.0.clone();
        use_effect_with((key.clone(), connections.clone()), move |(key, connections)| {
            let alive = Rc::new(Cell::new(true));
            if let Some(config) = config {
                let (alive, key, connections) = (alive.clone(), key.clone(), connections.clone());
                wasm_bindgen_futures::spawn_local(run(RunArgs {
                    alive,
                    key,
                    connections,
                    config,
                    snapshot,
                    role,
                    now,
                    flash,
                    force,
                }));
            }
            move || alive.set(false)
        });
    }
    // Kiosk: the window's size, followed.
    let size = use_state(window_size);
    {
        let size = size.clone();
        use_effect_with((), move |_| {
            let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || size.set(window_size()));
            let w = web_sys::window();
            if let Some(w) = &w {
                let _ = w.add_event_listener_with_callback("resize", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &w {
                    let _ = w.remove_event_listener_with_callback("resize", listener.as_ref().unchecked_ref());
                }
            }
        });
    }
    let text = use_state(String::new);
    let editing = use_state(|| false);
    let notice = use_state(|| None::<String>);

    let on_retry = {
        let (connections, notice, force) = (connections.clone(), notice.clone(), force.clone());
        Callback::from(move |(instance, project, action): (String, String, Action)| {
            let ask = match &action {
                Action::RetryPipeline { pipeline } => {
                    format!("{} #{pipeline} of {project} (its failed jobs run again)?", action.label())
                }
                Action::RetryJob { job } => format!("{} #{job} of {project}?", action.label()),
                other => format!("{} in {project}?", other.label()),
            };
            let yes = web_sys::window().and_then(|w| w.confirm_with_message(&ask).ok()).unwrap_or(false);
            let Some(connection) = connections.for_instance(Some(&instance)).cloned() else { return };
            if !yes {
                return;
            }
            let (notice, force) = (notice.clone(), force.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = actions::run(&connection, &project, &action).await;
                let done = match &action {
                    Action::RetryJob { job } => format!("Retried job #{job} of {project}."),
                    Action::RetryPipeline { pipeline } => format!("Retried pipeline #{pipeline} of {project}."),
                    other => format!("{} in {project}: done.", other.label()),
                };
                notice.set(Some(match result {
                    Ok(_) => done,
                    Err(e) => {
                        format!("{project}: {}", crate::services::gitlab::errors::describe(&e, &connection.base_url))
                    }
                }));
                force.set(true);
            });
        })
    };

    let active = connections.active().map(|c| c.base_url.clone());
    let needle = text.to_lowercase();
    let mut shown: Vec<&Tile> = snapshot.tiles.iter().filter(|t| t.matches(&needle)).collect();
    if let Some((part, of)) = params.screen {
        let range = layout::screen(shown.len(), part, of);
        shown = shown[range].to_vec();
    }
    let group_by = config.0.as_ref().map(|c| c.group_by).unwrap_or_default();
    let make = |t: &Tile| {
        tile(TileProps {
            tile: t,
            now_ms: *now,
            active: active.as_deref(),
            on_retry: on_retry.clone(),
            flash: flash.contains(&t.key()),
        })
    };
    let body = if params.kiosk || group_by == GroupBy::Nothing {
        html! { { for shown.iter().map(|t| make(t)) } }
    } else {
        let mut groups: BTreeMap<String, Vec<&Tile>> = BTreeMap::new();
        for t in &shown {
            let g = if group_by == GroupBy::Group { t.group().to_string() } else { t.instance.clone() };
            groups.entry(g).or_default().push(t);
        }
        html! { { for groups.into_iter().map(|(g, ts)| html! {
            <>
                <h3 class="wall-group">{ g }</h3>
                { for ts.iter().map(|t| make(t)) }
            </>
        }) } }
    };
    let grid = layout::fit(shown.len() as u32, size.0, size.1 - 40.0, 8.0);
    let grid_style = if params.kiosk {
        format!(
            "grid-template-columns:repeat({},1fr);grid-template-rows:repeat({},1fr);font-size:{}px",
            grid.columns, grid.rows, grid.font_px
        )
    } else {
        String::new()
    };
    let interval = config.0.as_ref().map(|c| c.interval_s * 1000).unwrap_or(15_000);
    let stale = poll::stale(*now, snapshot.ok_ms, interval);
    let updated = if snapshot.at_ms > 0.0 {
        format!("Updated {} ago", span(((*now - snapshot.at_ms) / 1000.0).max(0.0) as u64))
    } else {
        "Not updated yet".to_string()
    };
    let projects: std::collections::HashSet<(&str, &str)> =
        snapshot.tiles.iter().map(|t| (t.instance.as_str(), t.project.as_str())).collect();
    let refs = if projects.len() == snapshot.tiles.len() {
        String::new()
    } else {
        format!(" · {} refs", snapshot.tiles.len())
    };
    let counts = format!(
        "{} projects{refs} · {} failing · {} running",
        projects.len(),
        snapshot.tiles.iter().filter(|t| t.failing()).count(),
        snapshot.tiles.iter().filter(|t| t.running()).count()
    );
    let screen = params.screen.map(|(a, b)| format!(" · screen {a} of {b}")).unwrap_or_default();
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let refresh = {
        let force = force.clone();
        Callback::from(move |_: MouseEvent| force.set(true))
    };
    let fullscreen = Callback::from(|_: MouseEvent| {
        if let Some(e) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = e.request_fullscreen();
        }
    });
    let toggle_edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(!*editing))
    };
    let on_apply = {
        let (config, editing) = (config.clone(), editing.clone());
        Callback::from(move |c: WallConfig| {
            config.set((Some(c), None));
            editing.set(false);
        })
    };
    let form = (*editing || config.0.is_none()).then(|| {
        config_form(FormProps {
            config: config.0.clone().unwrap_or_default(),
            on_apply: on_apply.clone(),
            problem: config.1.clone(),
        })
    });
    let status_line = html! {
        <span class={classes!("wall-updated", stale.then_some("stale"))} data-testid="wall-updated" data-role={*role}
            data-requests={snapshot.requests.to_string()} data-score={snapshot.score.to_string()}>
            { updated }
            if stale { <strong data-testid="wall-stale">{ " · STALE: GitLab has not answered for a while" }</strong> }
        </span>
    };
    let errors = snapshot.errors.iter().map(|e| html! { <li>{ e }</li> });
    html! {
        <div class={classes!("app", "wall-page", params.kiosk.then_some("kiosk"))} data-testid="wall">
            if !params.kiosk {
                <header>
                    <h1><a href="#/editor" class="home">{ "pipelens" }</a></h1>
                    <span class="status">{ "Wall" }{ screen.clone() }{ " · " }{ counts.clone() }</span>
                    <input type="search" data-testid="wall-filter" placeholder="Filter: project or job" aria-label="filter tiles"
                        value={(*text).clone()} oninput={on_text} />
                    <button type="button" data-testid="refresh" onclick={refresh}>{ "Refresh" }</button>
                    <button type="button" data-testid="wall-configure" onclick={toggle_edit}>{ "Configure" }</button>
                    <button type="button" onclick={fullscreen.clone()}>{ "Full screen" }</button>
                    <a href="#/wall/batch" data-testid="wall-batch">{ "Batch run" }</a>
                    { props.actions.clone() }
                </header>
            }
            <div class="wall-bar">{ status_line }
                if params.kiosk { <span class="muted">{ counts }{ screen }</span> }
            </div>
            if let Some(n) = &*notice { <p class="notice" role="status" data-testid="wall-notice">{ n }</p> }
            if !snapshot.errors.is_empty() { <ul class="error" role="alert" data-testid="wall-errors">{ for errors }</ul> }
            { for form }
            <main class="wall-grid" style={grid_style} data-testid="wall-grid">{ body }</main>
        </div>
    }
}

fn window_size() -> (f64, f64) {
    let w = web_sys::window();
    let get = |v: Option<Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>| {
        v.and_then(|v| v.ok()).and_then(|v| v.as_f64())
    };
    (
        get(w.as_ref().map(|w| w.inner_width())).unwrap_or(1280.0),
        get(w.as_ref().map(|w| w.inner_height())).unwrap_or(800.0),
    )
}

struct RunArgs {
    alive: Rc<Cell<bool>>,
    key: String,
    connections: Rc<Connections>,
    config: WallConfig,
    snapshot: UseStateHandle<Rc<Snapshot>>,
    role: UseStateHandle<&'static str>,
    now: UseStateHandle<f64>,
    flash: UseStateHandle<Vec<String>>,
    force: Rc<Cell<bool>>,
}

/// The wall's loop: every tick, lead (look when due) or follow (take the leader's newer snapshot).
async fn run(a: RunArgs) {
    let me = sync::tab_id();
    sync::release_on_leave(&a.key, &me);
    // This wall's last snapshot (a reload shows it at once, with its age).
    let mut last = sync::read_snapshot(&a.key).unwrap_or_default();
    a.snapshot.set(Rc::new(last.clone()));
    let interval = a.config.interval_s.saturating_mul(1000);
    let mut last_clock = 0.0;
    while a.alive.get() {
        let now = sync::now_ms();
        // A newer snapshot from another tab (or an earlier visit) is taken as it is.
        if let Some(s) = sync::read_snapshot_if_newer(&a.key, last.at_ms) {
            show(&a, &last, &s);
            last = s;
        }
        match decide(sync::read_lease(&a.key).as_ref(), &me, now, sync::visible()) {
            Decision::Lead(lease) => {
                sync::write_lease(&a.key, &lease);
                a.role.set("leader");
                let due = last.at_ms + f64::from(poll::next_delay(interval, last.anything_running(), last.failures));
                if a.force.replace(false) || now >= due {
                    let next = refresh::look(&a.connections, &a.config, &last, now).await;
                    if !a.alive.get() {
                        break;
                    }
                    let next = Snapshot { at_ms: sync::now_ms(), ..next };
                    sync::write_snapshot(&a.key, &next);
                    show(&a, &last, &next);
                    last = next;
                }
            }
            Decision::Follow => a.role.set("follower"),
            Decision::Pause => a.role.set("paused"),
        }
        // The "ago" times move every few seconds, not on every tick.
        if now - last_clock > 5_000.0 {
            last_clock = now;
            a.now.set(now);
        }
        gloo_timers::future::sleep(std::time::Duration::from_millis(u64::from(TICK_MS))).await;
    }
    sync::release(&a.key, &me);
}

/// Puts a snapshot on screen, marks the refresh and notifies what newly failed or recovered.
fn show(a: &RunArgs, before: &Snapshot, next: &Snapshot) {
    a.snapshot.set(Rc::new(next.clone()));
    a.now.set(sync::now_ms());
    mark();
    if before.at_ms == 0.0 {
        return;
    }
    let changes = transitions(&before.tiles, &next.tiles);
    if changes.is_empty() {
        return;
    }
    let n = a.config.notify;
    if n.flash {
        a.flash.set(changes.iter().map(|c| c.key.clone()).collect());
    }
    if n.browser {
        super::notify::browser(&changes);
    }
    if n.sound {
        super::notify::beep(changes.iter().any(|c| c.failed));
    }
}
