//! The editor page: its state is the store the app holds (one reducer); children get data and callbacks.

use super::context_panel::ContextPanel;
use super::diagnostics_list::DiagnosticsList;
use super::file_tabs::FileTabs;
use super::job_panel::JobPanel;
use super::state::{selection_range, Action, ContextForm, EditorState, MAX_FILES};
use super::store::EditorStore;
use super::toolbar;
use super::yaml_editor::Editor;
use crate::features::graph::{GraphCanvas, Zoom};
use crate::services::file_read::{self, Picked};
use crate::services::perf;
use pipelens_core::scene::View;
use pipelens_core::Span;
use yew::prelude::*;

/// A callback that turns its value into an action on the editor's reducer.
fn to<T: 'static>(state: &UseReducerHandle<EditorState>, make: impl Fn(T) -> Action + 'static) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |v: T| state.dispatch(make(v)))
}

#[derive(Properties, PartialEq)]
pub struct EditorPageProps {
    /// The editor's state, held by the app so that it outlives this page.
    pub store: EditorStore,
    /// Buttons the app adds to the header (the GitLab connection).
    #[prop_or_default]
    pub actions: Html,
}

#[function_component(EditorPage)]
pub fn editor_page(props: &EditorPageProps) -> Html {
    let state = props.store.clone();
    // Runs after the DOM for this revision is committed: closes the text → graph measure. Declared first so
    // it runs before any other effect (effects run in declaration order; a later one may force layout).
    use_effect_with(state.revision, |_| perf::measure_drawn());
    let editor_ref = use_node_ref();
    let canvas_ref = use_node_ref();
    // A range to select once the right tab is drawn (a diagnostic's exact range, or a definition's line).
    let jump_to = use_state(|| None::<Span>);
    let on_input = {
        let edit = to(&state, Action::Edit);
        Callback::from(move |text: String| {
            perf::mark_input();
            edit.emit(text);
        })
    };
    {
        let (node, text, jump_to) = (editor_ref.clone(), state.text().clone(), jump_to.clone());
        use_effect_with((state.active, *jump_to), move |&(_, span)| {
            if let (Some(span), Some(area)) = (span, node.cast::<web_sys::HtmlTextAreaElement>()) {
                let (start, end) = selection_range(&text, &span);
                let _ = area.focus();
                let _ = area.set_selection_range(start, end);
                jump_to.set(None);
            }
        });
    }
    let on_jump = {
        let (state, jump_to) = (state.clone(), jump_to.clone());
        Callback::from(move |span: Span| {
            // A span in a file that is not a tab (a combined child pipeline's generated file) has nowhere to go.
            let file = span.file as usize;
            if file < state.files.len() {
                state.dispatch(Action::SelectFile(file));
                jump_to.set(Some(span));
            }
        })
    };
    let on_open = to(&state, |p: Picked| Action::Open { files: p.files, repo_paths: p.repo_paths, skipped: p.skipped });
    let on_select_file = to(&state, Action::SelectFile);
    let on_close_file = to(&state, Action::CloseFile);
    let on_new_file = to(&state, |()| Action::NewFile);
    let on_rename = to(&state, |(i, path)| Action::RenameFile(i, path));
    let notify = to(&state, |msg| Action::Notice(Some(msg)));
    // Escape anywhere closes the job panel.
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && state.selected.is_some() {
                state.dispatch(Action::Select(None));
            }
        })
    };
    // Files dropped anywhere on the page open as tabs.
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on_open = on_open.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                perf::mark_input();
                file_read::read_drop(&dt, MAX_FILES, on_open.clone());
            }
        })
    };
    let share_link = toolbar::share_link(&state, notify.clone());
    let dismiss = to(&state, |_: MouseEvent| Action::Notice(None));
    let on_context = {
        let state = state.clone();
        Callback::from(move |c: ContextForm| {
            perf::mark_input();
            state.dispatch(Action::SetContext(c));
        })
    };
    let on_select = to(&state, Action::Select);
    let on_hover = to(&state, Action::Hover);
    let on_toggle_group = to(&state, Action::ToggleGroup);
    let on_toggle_child = to(&state, Action::ToggleChild);
    let on_toggle_excluded = to(&state, |()| Action::ToggleExcluded);
    let toggle_view = {
        let state = state.clone();
        let next = if state.options.view == View::Stages { View::Needs } else { View::Stages };
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetView(next)))
    };
    // Enter in the search box goes to the first match: scrolled into view and selected.
    let on_search_key = {
        let (state, canvas) = (state.clone(), canvas_ref.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" {
                return;
            }
            let hit = state.scene.jobs.iter().find(|j| state.matches_search(&j.name));
            if let (Some(j), Some(el)) = (hit, canvas.cast::<web_sys::Element>()) {
                let z = state.zoom;
                let x = (j.x + j.width / 2.0) * z - f64::from(el.client_width()) / 2.0;
                let y = (j.y + j.height / 2.0) * z - f64::from(el.client_height()) / 2.0;
                el.scroll_to_with_x_and_y(x.max(0.0), y.max(0.0));
                state.dispatch(Action::Select(Some(j.name.clone())));
            }
        })
    };
    let on_search = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::SetFilter(input.value()));
        })
    };
    let export = |ext: &'static str| toolbar::export(state.scene.clone(), ext, notify.clone());
    let on_zoom = to(&state, |z| match z {
        Zoom::By(f) => Action::ZoomBy(f),
        Zoom::To(z) => Action::SetZoom(z),
    });
    let view_label = if state.options.view == View::Stages { "Group by needs" } else { "Group by stage" };
    let active = state.active as u32;
    let marked: Vec<u32> =
        state.diagnostics.iter().filter_map(|d| d.span.filter(|s| s.file == active).map(|s| s.line)).collect();
    let status = if state.pipeline_created() { "Pipeline would be created" } else { "No pipeline would be created" };
    let excluded = state.excluded_count();
    let paths: Vec<String> = state.files.iter().map(|f| f.path.clone()).collect();
    let notice = state.notice.as_ref().map(|n| {
        html! {
            <div key="notice" class="notice" role="status" data-testid="notice">
                <span>{ n.to_string() }</span>
                <button type="button" aria-label="dismiss" onclick={dismiss}>{ "×" }</button>
            </div>
        }
    });
    let panel = state.selected_job().map(|job| {
        let close = on_select.reform(|_| None);
        let (path, tab) = (job.path.to_string(), state.tab_of(&job));
        html! { <JobPanel key="panel" derived={state.derived.clone()} {path} {tab} on_close={close} on_jump={on_jump.clone()} /> }
    });
    let toggle_merged = to(&state, |_: MouseEvent| Action::ToggleMerged);
    let source_view = match &state.merged {
        Some(text) => html! {
            <pre key="merged" class="merged" data-testid="merged-yaml" aria-label="merged YAML (read-only)">{ text.to_string() }</pre>
        },
        None => {
            html! { <Editor key="editor" text={AttrValue::from(state.text().to_string())} {on_input} node={editor_ref} {marked} /> }
        }
    };

    html! {
        <div class="app" {ondragover} {ondrop} {onkeydown}>
            // Keyed: a notice or the job panel appearing must not make Yew's unkeyed diff (which pairs children
            // from the end) rebuild the header or the canvas, losing focus and scroll position.
            <header key="header">
                <h1>{ "pipelens" }</h1>
                <span class="status" data-testid="pipeline-status" title={state.pipeline_why().to_string()} aria-live="polite">
                    { format!("{status} · {} job(s), {excluded} left out", state.pipeline_jobs()) }
                </span>
                <input type="search" data-testid="job-search" placeholder="Find jobs" aria-label="find jobs (Enter goes to the first match)" oninput={on_search} onkeydown={on_search_key} />
                <button type="button" onclick={toggle_view}>{ view_label }</button>
                <button type="button" data-testid="export-svg" onclick={export("svg")}>{ "SVG" }</button>
                <button type="button" data-testid="export-dot" onclick={export("dot")}>{ "DOT" }</button>
                <button type="button" data-testid="export-mermaid" onclick={export("mmd")}>{ "Mermaid" }</button>
                <button type="button" data-testid="export-png" onclick={export("png")}>{ "PNG" }</button>
                <button type="button" data-testid="share" onclick={share_link}
                    title="Put the files and the pipeline context in a link (never a token)">{ "Share link" }</button>
                { props.actions.clone() }
            </header>
            { notice }
            <main key="main">
                <section key="left" class="left">
                    <ContextPanel value={state.context.clone()} on_change={on_context} />
                    <FileTabs paths={paths.clone()} active={state.active} entry={state.entry} on_select={on_select_file}
                        on_close={on_close_file} on_new={on_new_file} {on_rename} {on_open} />
                    <button type="button" class="merged-toggle" data-testid="toggle-merged" aria-pressed={state.options.show_merged.to_string()}
                        onclick={toggle_merged} title="The configuration with includes, extends and !reference resolved, as GitLab's Full configuration">
                        { if state.options.show_merged { "Back to the editor" } else { "Merged YAML" } }</button>
                    { source_view }
                    <DiagnosticsList items={state.diagnostics.clone()} {paths} on_jump={on_jump.clone()} />
                </section>
                <GraphCanvas key="right" node={canvas_ref} scene={state.scene.clone()} highlighted={state.highlighted.clone()}
                    selected={state.selected.clone()} zoom={state.zoom} revision={state.revision}
                    show_excluded={state.options.show_excluded} {excluded} {on_zoom} {on_select} {on_hover} {on_toggle_group}
                    {on_toggle_child} {on_toggle_excluded} />
                { panel }
            </main>
        </div>
    }
}
