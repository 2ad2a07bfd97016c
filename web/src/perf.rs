//! `performance.mark`/`measure` hooks that the browser harness reads: text change → graph drawn.

pub const INPUT_MARK: &str = "pipelens:input";
pub const MEASURE: &str = "pipelens:yaml-to-graph";

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
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(MEASURE, INPUT_MARK);
    }
}
