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

/// `performance.now()`, in milliseconds (0 without a `performance`).
pub fn now() -> f64 {
    performance().map(|p| p.now()).unwrap_or_default()
}

/// A named mark at this instant.
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// A measure from `start_mark` to the moment the next frame has been painted.
pub fn measure_after_paint(name: &'static str, start_mark: &'static str) {
    let Some(p) = performance() else { return };
    let after_paint = Closure::once_into_js(move || {
        let _ = p.measure_with_start_mark(name, start_mark);
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

/// A measure from `start_mark` to now.
pub fn measure_since(name: &str, start_mark: &str) {
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(name, start_mark);
    }
}

/// A measure `duration` ms long from `start` (a sum of slices, such as the time spent parsing between
/// frames): `performance.measure(name, {start, duration})`, called through JS since web-sys marks that
/// form unstable.
pub fn measure_span(name: &str, start: f64, duration: f64) {
    let Some(p) = performance() else { return };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&options, &"duration".into(), &duration.into());
    if let Ok(f) = js_sys::Reflect::get(&p, &"measure".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call2(&p, &name.into(), &options);
        }
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
    if performance().is_some() {
        mark(LIVE_DATA_MARK);
        LIVE_PENDING.with(|c| c.set(true));
    }
}

/// Called after the page rendered new data: measures until the frame showing it is painted.
pub fn measure_live_painted() {
    if LIVE_PENDING.with(|c| c.replace(false)) {
        measure_after_paint(LIVE_REPAINT, LIVE_DATA_MARK);
    }
}
