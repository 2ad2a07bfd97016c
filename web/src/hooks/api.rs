//! `use_api`: one value fetched from GitLab, again on a timer or on demand. The last good value stays on
//! screen while a later fetch fails; the error shows beside it and goes away with the next success.
//!
//! The live pages share one component, so the hook has one instantiation; the fetch is boxed so that its
//! code is the page's, compiled once.

use pipelens_gitlab_api::ApiError;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use yew::prelude::*;

/// A page's fetch, boxed.
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// What a page shows of a fetch.
pub struct Fetched<T> {
    /// The last value that arrived for the current key.
    pub data: Option<Rc<T>>,
    /// The last fetch's error, until a fetch succeeds.
    pub error: Option<ApiError>,
    pub loading: bool,
    /// Fetches again now.
    pub refresh: Callback<()>,
}

struct State<T> {
    key: String,
    data: Option<Rc<T>>,
    error: Option<ApiError>,
    loading: bool,
}

/// Fetches with `fetch` whenever `key` changes, every `every_ms` (if any) and on `refresh`. Results of a
/// fetch made for an older key, or overtaken by a newer fetch, are dropped.
#[hook]
pub fn use_api<T, F>(key: String, every_ms: Option<u32>, fetch: F) -> Fetched<T>
where
    T: 'static,
    F: Fn() -> ApiFuture<T> + 'static,
{
    let state = use_state(|| State { key: key.clone(), data: None, error: None, loading: true });
    let tick = use_state(|| 0u64);
    // Handles read the value of their render; the timer bumps a shared counter instead.
    let counter = use_mut_ref(|| 0u64);
    let bump = {
        let tick = tick.clone();
        Rc::new(move || {
            *counter.borrow_mut() += 1;
            tick.set(*counter.borrow());
        })
    };
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    {
        let state = state.clone();
        let generation = generation.borrow().clone();
        use_effect_with((key.clone(), *tick), move |(key, _)| {
            let mine = generation.get() + 1;
            generation.set(mine);
            let key = key.clone();
            let same_key = state.key == key;
            state.set(State {
                key: key.clone(),
                data: if same_key { state.data.clone() } else { None },
                error: if same_key { state.error.clone() } else { None },
                loading: true,
            });
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = fetch().await;
                if generation.get() != mine {
                    return;
                }
                let (data, error) = match result {
                    Ok(value) => (Some(Rc::new(value)), None),
                    Err(e) => (state.data.clone().filter(|_| state.key == key), Some(e)),
                };
                state.set(State { key, data, error, loading: false });
            });
        });
    }
    {
        let bump = bump.clone();
        use_effect_with((key.clone(), every_ms), move |(_, every)| {
            let interval = every.map(|ms| gloo_timers::callback::Interval::new(ms, move || bump()));
            move || drop(interval)
        });
    }
    let refresh = Callback::from(move |_| bump());
    let current = state.key == key;
    Fetched {
        data: state.data.clone().filter(|_| current),
        error: state.error.clone().filter(|_| current),
        loading: state.loading || !current,
        refresh,
    }
}
