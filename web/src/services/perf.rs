//! `performance.mark`/`measure` hooks that the browser harness reads: text change → graph drawn.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub const INPUT_MARK: &str = "pipelens:input";
pub const MEASURE: &str = "pipelens:yaml-to-graph";
/// Until the frame showing the new graph is painted (layout and paint included): what the user waits for.
pub const PAINT_MEASURE: &str = "pipelens:yaml-to-paint";

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Called when the text changes, before the new state is computed.
pub fn mark_input() {
    if let Some(p) = performance() {
        let _ = p.mark(INPUT_MARK);
    }
}

/// Called after the new graph is in the DOM.
pub fn measure_drawn() {
    let Some(p) = performance() else { return };
    let _ = p.measure_with_start_mark(MEASURE, INPUT_MARK);
    // requestAnimationFrame runs just before the frame's layout and paint; a task queued from it runs after.
    let after_paint = Closure::once_into_js(move || {
        let _ = p.measure_with_start_mark(PAINT_MEASURE, INPUT_MARK);
    });
    let before_paint = Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(after_paint.unchecked_ref());
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(before_paint.unchecked_ref());
    }
}

/// A live pipeline's fetched data in hand → its statuses painted (after the next frame's layout and paint).
pub const LIVE_DATA_MARK: &str = "pipelens:live-data";
pub const LIVE_REPAINT: &str = "pipelens:live-repaint";

thread_local! {
    /// Whether a `LIVE_DATA_MARK` waits for its repaint measure (one measure per fetch).
    static LIVE_PENDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called when a live pipeline's fetch returned data, before the page renders it.
pub fn mark_live_data() {
    if let Some(p) = performance() {
        let _ = p.mark(LIVE_DATA_MARK);
        LIVE_PENDING.with(|c| c.set(true));
    }
}

/// Called after the page rendered new data: measures until the frame showing it is painted.
pub fn measure_live_painted() {
    if !LIVE_PENDING.with(|c| c.replace(false)) {
        return;
    }
    let Some(p) = performance() else { return };
    let after_paint = Closure::once_into_js(move || {
        let _ = p.measure_with_start_mark(LIVE_REPAINT, LIVE_DATA_MARK);
    });
    let before_paint = Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(after_paint.unchecked_ref());
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(before_paint.unchecked_ref());
    }
}
