//! Root component: one reducer holds the state; children get data and callbacks.

use crate::components::diagnostics_list::DiagnosticsList;
use crate::components::editor::Editor;
use crate::components::pipeline_graph::PipelineGraph;
use crate::example::EXAMPLE;
use crate::perf;
use crate::state::{Action, AppState};
use pipelens_core::scene::View;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::new(EXAMPLE));
    let editor_ref = use_node_ref();

    // Runs after the DOM for this revision is committed: closes the text → graph measure.
    use_effect_with(state.revision, |_| perf::measure_drawn());

    let on_input = {
        let state = state.clone();
        Callback::from(move |text: String| {
            perf::mark_input();
            state.dispatch(Action::Edit(text));
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
    let toggle_view = {
        let state = state.clone();
        let next = if state.view == View::Stages { View::Needs } else { View::Stages };
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetView(next)))
    };
    let view_label = if state.view == View::Stages { "Group by needs" } else { "Group by stage" };
    let marked: Vec<u32> = state.diagnostics.iter().filter_map(|d| d.span.map(|s| s.line)).collect();
    let status = if state.pipeline_created { "Pipeline would be created" } else { "No pipeline would be created" };

    html! {
        <div class="app">
            <header>
                <h1>{ "pipelens" }</h1>
                <span class="status" title={state.pipeline_why.to_string()}>{ status }</span>
                <button type="button" onclick={toggle_view}>{ view_label }</button>
            </header>
            <main>
                <section class="left">
                    <Editor text={AttrValue::from(state.text.to_string())} {on_input} node={editor_ref} {marked} />
                    <DiagnosticsList items={state.diagnostics.clone()} {on_jump} />
                </section>
                <section class="right">
                    <PipelineGraph scene={state.scene.clone()} />
                </section>
            </main>
        </div>
    }
}
