//! Root component: one reducer holds the state; children get data and callbacks.

use crate::components::context_panel::ContextPanel;
use crate::components::diagnostics_list::DiagnosticsList;
use crate::components::editor::Editor;
use crate::components::job_panel::JobPanel;
use crate::components::pipeline_graph::PipelineGraph;
use crate::example::EXAMPLE;
use crate::state::{Action, AppState, ContextForm};
use crate::{download, perf};
use pipelens_core::scene::View;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::new(EXAMPLE));
    let editor_ref = use_node_ref();
    let canvas_ref = use_node_ref();

    // Runs after the DOM for this revision is committed: closes the text → graph measure.
    use_effect_with(state.revision, |_| perf::measure_drawn());

    let dispatch = |make: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |v: String| state.dispatch(make(v)))
    };
    let on_input = {
        let edit = dispatch(Action::Edit);
        Callback::from(move |text: String| {
            perf::mark_input();
            edit.emit(text);
        })
    };
    let on_jump = {
        let node = editor_ref.clone();
        let text = state.text.clone();
        Callback::from(move |line: u32| {
            if let Some(area) = node.cast::<web_sys::HtmlTextAreaElement>() {
                let offset: usize = text
                    .split_inclusive('\n')
                    .take(line.saturating_sub(1) as usize)
                    .map(|l| l.encode_utf16().count())
                    .sum();
                let _ = area.focus();
                let _ = area.set_selection_range(offset as u32, offset as u32);
            }
        })
    };
    let on_context = {
        let state = state.clone();
        Callback::from(move |c: ContextForm| {
            perf::mark_input();
            state.dispatch(Action::SetContext(c));
        })
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |name: Option<String>| state.dispatch(Action::Select(name)))
    };
    let on_hover = {
        let state = state.clone();
        Callback::from(move |name: Option<String>| state.dispatch(Action::Hover(name)))
    };
    let on_toggle_group = {
        let state = state.clone();
        Callback::from(move |group: String| state.dispatch(Action::ToggleGroup(group)))
    };
    let toggle_view = {
        let state = state.clone();
        let next = if state.view == View::Stages { View::Needs } else { View::Stages };
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetView(next)))
    };
    let on_search = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::SetFilter(input.value()));
        })
    };
    let export = |ext: &'static str| {
        let scene = state.scene.clone();
        Callback::from(move |_: MouseEvent| {
            let (text, mime) = match ext {
                "svg" => (pipelens_core::export::svg(&scene), "image/svg+xml"),
                "dot" => (pipelens_core::export::dot(&scene), "text/vnd.graphviz"),
                _ => (pipelens_core::export::mermaid(&scene), "text/plain"),
            };
            if let Err(e) = download::save(&format!("pipeline.{ext}"), mime, &text) {
                web_sys::console::error_1(&e.into());
            }
        })
    };
    let zoom_by = |f: f64| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ZoomBy(f)))
    };
    let fit = {
        let (state, canvas) = (state.clone(), canvas_ref.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = canvas.cast::<web_sys::Element>() {
                let (w, h) = (state.scene.width.max(1.0), state.scene.height.max(1.0));
                let z = (f64::from(el.client_width() - 24) / w).min(f64::from(el.client_height() - 24) / h);
                state.dispatch(Action::SetZoom(z));
            }
        })
    };
    // Ctrl/⌘ + wheel zooms; a plain wheel scrolls (pans) the canvas.
    let onwheel = {
        let state = state.clone();
        Callback::from(move |e: WheelEvent| {
            if e.ctrl_key() || e.meta_key() {
                e.prevent_default();
                state.dispatch(Action::ZoomBy(if e.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 }));
            }
        })
    };
    let onkeydown_canvas = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "+" | "=" => state.dispatch(Action::ZoomBy(1.25)),
            "-" => state.dispatch(Action::ZoomBy(0.8)),
            "0" => state.dispatch(Action::SetZoom(1.0)),
            _ => {}
        })
    };
    let zoom_label = format!("{:.0} %", state.zoom * 100.0);
    let view_label = if state.view == View::Stages { "Group by needs" } else { "Group by stage" };
    let marked: Vec<u32> = state.diagnostics.iter().filter_map(|d| d.span.map(|s| s.line)).collect();
    let status = if state.pipeline_created { "Pipeline would be created" } else { "No pipeline would be created" };
    let excluded = state.excluded.len();
    let panel = state.selected_job().map(|job| {
        let close = on_select.reform(|_| None);
        html! { <JobPanel job={job.clone()} on_close={close} on_jump={on_jump.clone()} /> }
    });

    html! {
        <div class="app">
            <header>
                <h1>{ "pipelens" }</h1>
                <span class="status" data-testid="pipeline-status" title={state.pipeline_why.to_string()}>
                    { format!("{status} · {} job(s), {excluded} left out", state.jobs.len()) }
                </span>
                <input type="search" data-testid="job-search" placeholder="Find jobs" aria-label="find jobs" oninput={on_search} />
                <button type="button" onclick={toggle_view}>{ view_label }</button>
                <button type="button" data-testid="export-svg" onclick={export("svg")}>{ "SVG" }</button>
                <button type="button" data-testid="export-dot" onclick={export("dot")}>{ "DOT" }</button>
                <button type="button" data-testid="export-mermaid" onclick={export("mmd")}>{ "Mermaid" }</button>
            </header>
            <main>
                <section class="left">
                    <ContextPanel value={state.context.clone()} on_change={on_context} />
                    <Editor text={AttrValue::from(state.text.to_string())} {on_input} node={editor_ref} {marked} />
                    <DiagnosticsList items={state.diagnostics.clone()} on_jump={on_jump.clone()} />
                </section>
                <section class="right" ref={canvas_ref} {onwheel} onkeydown={onkeydown_canvas}>
                    <div class="zoom" role="group" aria-label="zoom">
                        <button type="button" data-testid="zoom-out" aria-label="zoom out" onclick={zoom_by(0.8)}>{ "−" }</button>
                        <span data-testid="zoom-level">{ zoom_label }</span>
                        <button type="button" data-testid="zoom-in" aria-label="zoom in" onclick={zoom_by(1.25)}>{ "+" }</button>
                        <button type="button" data-testid="zoom-fit" onclick={fit}>{ "Fit" }</button>
                    </div>
                    <PipelineGraph scene={state.scene.clone()} highlighted={state.highlighted()} zoom={state.zoom}
                        selected={state.selected.clone()} {on_select} {on_hover} {on_toggle_group} />
                </section>
                { panel }
            </main>
        </div>
    }
}
