//! Fetching the log and keeping it current: the job and its whole trace (the API has no offset,
//! `GET /projects/:id/jobs/:job_id/trace` returns everything each time), only the new bytes pushed to the
//! parser, in slices between frames so the first lines show while the rest is read. Polls while the job
//! runs, pauses while the tab is hidden, stops when the job is finished.

use super::model::Model;
use crate::services::gitlab::{fetch, Connection};
use crate::services::perf;
use pipelens_gitlab_api::endpoints::{GetJob, JobTrace};
use pipelens_gitlab_api::{ApiError, Status};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// From the bytes' arrival to the frame showing the first lines.
pub const FIRST_PAINT: &str = "pipelens:log-first-paint";
/// From the bytes' arrival to the whole log indexed.
pub const INDEXED: &str = "pipelens:log-indexed";
/// The time spent in the parser alone, summed over its slices (for bytes per ms).
pub const PARSE: &str = "pipelens:log-parse";
const BYTES: &str = "pipelens:log-bytes";

/// GitLab's own job page polls about every 3 s.
const POLL: Duration = Duration::from_secs(3);
const HIDDEN_CHECK: Duration = Duration::from_secs(1);
/// The first slice is small so that the first lines show at once; then slices of `PIECE` until `BUDGET_MS`.
const FIRST_SLICE: usize = 64 * 1024;
const PIECE: usize = 256 * 1024;
const BUDGET_MS: f64 = 10.0;

pub struct Follow {
    pub connection: Connection,
    pub project: String,
    pub id: u64,
    pub model: Rc<RefCell<Model>>,
    /// Cleared when the page goes away: the loop ends.
    pub alive: Rc<Cell<bool>>,
    pub redraw: Rc<dyn Fn()>,
    pub on_job: Rc<dyn Fn(Value)>,
    pub on_error: Rc<dyn Fn(Option<ApiError>)>,
}

fn hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// Resolves in the next animation frame (before its paint).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(resolve.unchecked_ref());
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub async fn run(f: Follow) {
    let mut measured = false;
    while f.alive.get() {
        if hidden() {
            gloo_timers::future::sleep(HIDDEN_CHECK).await;
            continue;
        }
        let active = match fetch_once(&f).await {
            Ok((job, body)) => {
                (f.on_error)(None);
                let active = Status::parse(job["status"].as_str().unwrap_or_default()).is_active();
                (f.on_job)(job);
                if !f.alive.get() {
                    return;
                }
                let first = !measured && !body.is_empty();
                if first {
                    perf::mark(BYTES);
                    measured = true;
                }
                f.model.borrow_mut().accept(body);
                parse(&f, first).await;
                if !active {
                    f.model.borrow_mut().finish();
                    (f.redraw)();
                }
                active
            }
            Err(e) => {
                // Shown above the last good log; the next poll tries again.
                (f.on_error)(Some(e));
                (f.redraw)();
                true
            }
        };
        if !active {
            return;
        }
        gloo_timers::future::sleep(POLL).await;
    }
}

async fn fetch_once(f: &Follow) -> Result<(Value, Vec<u8>), ApiError> {
    let client = f.connection.client()?;
    // The job first: when it says finished, the log fetched after it is complete.
    let job = fetch::get(&client, &GetJob::new(f.project.as_str(), f.id)).await?;
    let body = fetch::bytes(&client, &client.prepare(&JobTrace::new(f.project.as_str(), f.id))).await?;
    Ok((job, body))
}

/// Pushes the update's bytes in slices, redrawing between them.
async fn parse(f: &Follow, measure: bool) {
    let started = perf::now();
    let mut in_parser = 0.0;
    let mut slice = if measure { FIRST_SLICE } else { usize::MAX };
    loop {
        let t0 = perf::now();
        let more = {
            let mut m = f.model.borrow_mut();
            let mut more = m.step(slice.min(PIECE));
            while more && slice > PIECE && perf::now() - t0 < BUDGET_MS {
                more = m.step(PIECE);
            }
            more
        };
        in_parser += perf::now() - t0;
        if !more {
            break;
        }
        (f.redraw)();
        if slice == FIRST_SLICE {
            perf::measure_after_paint(FIRST_PAINT, BYTES);
            next_frame().await;
            slice = usize::MAX;
        }
        // Lets input, scrolling and painting in between.
        gloo_timers::future::sleep(Duration::ZERO).await;
        if !f.alive.get() {
            return;
        }
    }
    f.model.borrow_mut().end_update();
    (f.redraw)();
    if measure {
        if slice == FIRST_SLICE {
            // The whole log fitted in the first slice.
            perf::measure_after_paint(FIRST_PAINT, BYTES);
        }
        perf::measure_since(INDEXED, BYTES);
        perf::measure_span(PARSE, started, in_parser);
    }
}
