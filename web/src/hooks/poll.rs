//! `use_polled`: a value fetched from GitLab again after a delay chosen after each fetch by core's
//! `live::next_poll`: often while jobs run, less while they wait, never once finished, paused while the tab
//! is hidden (`visibilitychange`), backing off after failures. As `use_api`, the last good value stays on
//! screen while a later fetch fails, with the error beside it until the next success.

use super::ApiFuture;
use pipelens_core::live::{next_poll, Activity, Fetch, PollState};
use pipelens_gitlab_api::ApiError;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What a page shows of a polled fetch.
pub struct Polled<T> {
    pub data: Option<Rc<T>>,
    pub error: Option<ApiError>,
    pub loading: bool,
    /// `Date.now()` of the last good fetch.
    pub updated_at: Option<f64>,
    /// The wait before the next fetch; `None` when polling stopped (finished) or paused (hidden).
    pub next: Option<Duration>,
    pub hidden: bool,
    /// Fetches done for this key, for the page to show (and tests to count requests per poll).
    pub polls: u64,
    /// Fetches again now.
    pub refresh: Callback<()>,
}

struct Inner<T> {
    key: String,
    data: Option<Rc<T>>,
    error: Option<ApiError>,
    loading: bool,
    updated_at: Option<f64>,
    poll: PollState,
    next: Option<Duration>,
    polls: u64,
    /// Bumped by every fetch started and on a key change: answers to older fetches are dropped.
    generation: u64,
    timer: Option<gloo_timers::callback::Timeout>,
    /// Gives up on a fetch that has not answered in [`FETCH_TIMEOUT_MS`]: the browser's fetch never times
    /// out by itself, and a hung request would stop the polling.
    watchdog: Option<gloo_timers::callback::Timeout>,
}

/// How long one fetch may take before it counts as failed.
pub const FETCH_TIMEOUT_MS: u32 = 20_000;

/// What a failed fetch means for polling.
pub fn fetch_outcome(e: &ApiError) -> Fetch {
    match e {
        ApiError::RateLimited { retry_after } => {
            Fetch::RateLimited { retry_after: retry_after.map(Duration::from_secs) }
        }
        ApiError::Network(_) | ApiError::Timeout | ApiError::Cors(_) => Fetch::NetworkError,
        // 5xx, and anything else (a malformed answer, a 404 during a deploy): back off the same way.
        _ => Fetch::ServerError { retry_after: None },
    }
}

type Runner = Rc<RefCell<Option<Rc<dyn Fn()>>>>;

/// Fetches with `fetch` when `key` changes, then again after `next_poll` of the activity `activity` reads
/// from each value, on `refresh`, and when the tab is shown again.
#[hook]
pub fn use_polled<T: 'static>(
    key: String,
    fetch: Rc<dyn Fn() -> ApiFuture<T>>,
    activity: fn(&T) -> Activity,
) -> Polled<T> {
    let inner = use_mut_ref(|| Inner::<T> {
        key: key.clone(),
        data: None,
        error: None,
        loading: true,
        updated_at: None,
        // A page opened in a background tab fetches once, then waits to be shown.
        poll: PollState { hidden: is_hidden(), ..PollState::new(Activity::Active) },
        next: None,
        polls: 0,
        generation: 0,
        timer: None,
        watchdog: None,
    });
    let redraw = use_force_update();
    let runner: Runner = use_mut_ref(|| None).clone();
    // The latest render's fetch (it closes over what the page asks for now).
    let latest_fetch = use_mut_ref(|| fetch.clone());
    *latest_fetch.borrow_mut() = fetch;
    {
        let (inner, runner_in, redraw) = (inner.clone(), runner.clone(), redraw.clone());
        let run: Rc<dyn Fn()> = Rc::new(move || {
            let future = {
                let mut i = inner.borrow_mut();
                i.timer = None;
                i.generation += 1;
                i.loading = true;
                i.polls += 1;
                (latest_fetch.borrow())()
            };
            let mine = inner.borrow().generation;
            redraw.force_update();
            let watchdog = {
                let (inner, runner, redraw) = (inner.clone(), runner_in.clone(), redraw.clone());
                gloo_timers::callback::Timeout::new(FETCH_TIMEOUT_MS, move || {
                    let mut i = inner.borrow_mut();
                    if i.generation != mine || !i.loading {
                        return;
                    }
                    // Its answer, should it come, is dropped.
                    i.generation += 1;
                    finish(&mut i, Err(ApiError::Timeout), activity, &runner);
                    drop(i);
                    redraw.force_update();
                })
            };
            inner.borrow_mut().watchdog = Some(watchdog);
            let (inner, runner, redraw) = (inner.clone(), runner_in.clone(), redraw.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = future.await;
                let mut i = inner.borrow_mut();
                if i.generation != mine {
                    return;
                }
                finish(&mut i, result, activity, &runner);
                drop(i);
                redraw.force_update();
            });
        });
        *runner.borrow_mut() = Some(run);
    }
    {
        // A new key: start over, and fetch at once.
        let (inner, runner) = (inner.clone(), runner.clone());
        use_effect_with(key.clone(), move |key| {
            {
                let mut i = inner.borrow_mut();
                if i.key != *key {
                    i.key = key.clone();
                    i.data = None;
                    i.error = None;
                    i.updated_at = None;
                    i.polls = 0;
                    i.poll = PollState { hidden: is_hidden(), ..PollState::new(Activity::Active) };
                }
            }
            run_now(&runner);
            move || {
                let mut i = inner.borrow_mut();
                i.generation += 1;
                i.timer = None;
                i.watchdog = None;
            }
        });
    }
    {
        // Hidden: no timer. Shown again: fetch now unless the pipeline is finished.
        let (inner, runner, redraw) = (inner.clone(), runner.clone(), redraw.clone());
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = Closure::<dyn Fn()>::new(move || {
                let hidden = is_hidden();
                let resume = {
                    let mut i = inner.borrow_mut();
                    i.poll.hidden = hidden;
                    if hidden {
                        i.timer = None;
                        i.next = None;
                    }
                    !hidden && i.poll.activity != Activity::Finished
                };
                if resume {
                    run_now(&runner);
                } else {
                    redraw.force_update();
                }
            });
            if let Some(d) = &document {
                let _ = d.add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(d) = &document {
                    let _ =
                        d.remove_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
                }
                drop(listener);
            }
        });
    }
    let refresh = {
        let runner = runner.clone();
        Callback::from(move |_| run_now(&runner))
    };
    let i = inner.borrow();
    let current = i.key == key;
    Polled {
        data: i.data.clone().filter(|_| current),
        error: i.error.clone().filter(|_| current),
        loading: i.loading || !current,
        updated_at: i.updated_at.filter(|_| current),
        next: i.next,
        hidden: i.poll.hidden,
        polls: i.polls,
        refresh,
    }
}

/// Records a fetch's outcome and schedules the next one.
fn finish<T>(i: &mut Inner<T>, result: Result<T, ApiError>, activity: fn(&T) -> Activity, runner: &Runner) {
    i.loading = false;
    i.watchdog = None;
    match result {
        Ok(value) => {
            i.poll.record(Fetch::Ok);
            i.poll.activity = activity(&value);
            i.data = Some(Rc::new(value));
            i.error = None;
            i.updated_at = Some(js_sys::Date::now());
            // The fetched data is in hand: the repaint measure starts here.
            crate::services::perf::mark_live_data();
        }
        Err(e) => {
            i.poll.record(fetch_outcome(&e));
            i.error = Some(e);
        }
    }
    i.next = next_poll(&i.poll);
    schedule(i, runner);
}

fn is_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

fn run_now(runner: &Runner) {
    let run = runner.borrow().clone();
    if let Some(run) = run {
        run();
    }
}

fn schedule<T>(i: &mut Inner<T>, runner: &Runner) {
    i.timer = i.next.map(|wait| {
        let runner = runner.clone();
        let ms = u32::try_from(wait.as_millis()).unwrap_or(u32::MAX);
        gloo_timers::callback::Timeout::new(ms, move || run_now(&runner))
    });
}
