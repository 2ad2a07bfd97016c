//! The pipeline context: source, branch or tag, default branch, variables, changed files.

use super::state::ContextForm;
use pipelens_core::PipelineSource;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ContextProps {
    pub value: ContextForm,
    pub on_change: Callback<ContextForm>,
}

/// A callback that copies the edited field into a new form.
fn field<E: TargetCast + 'static>(
    props: &ContextProps,
    set: impl Fn(&mut ContextForm, String) + 'static,
) -> Callback<E> {
    let (value, cb) = (props.value.clone(), props.on_change.clone());
    Callback::from(move |e: E| {
        let mut next = value.clone();
        let text = match e.target_dyn_into::<web_sys::HtmlInputElement>() {
            Some(input) => input.value(),
            None => e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value(),
        };
        set(&mut next, text);
        cb.emit(next);
    })
}

#[function_component(ContextPanel)]
pub fn context_panel(props: &ContextProps) -> Html {
    let v = &props.value;
    let on_source = {
        let (value, cb) = (v.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            cb.emit(ContextForm { source: select.value(), ..value.clone() });
        })
    };
    let current = PipelineSource::parse(&v.source).unwrap_or_default();
    let options: Html = PipelineSource::ALL
        .iter()
        .map(|s| html! { <option value={s.as_str()} selected={*s == current}>{ s.label() }</option> })
        .collect();
    // Only a merge request has a target branch.
    let target = (current == PipelineSource::MergeRequest).then(|| {
        html! {
            <label>{ "Target branch" }<input data-testid="ctx-target-branch" placeholder="default branch" value={v.target_branch.clone()}
                onchange={field::<Event>(props, |f, s| f.target_branch = s)} /></label>
        }
    });
    html! {
        <details class="context" data-testid="context-panel">
            <summary>{ "Pipeline context" }</summary>
            <label>{ "Source" }<select data-testid="ctx-source" onchange={on_source}>{ options }</select></label>
            <label>{ "Branch" }<input data-testid="ctx-branch" placeholder="default branch" value={v.branch.clone()}
                onchange={field::<Event>(props, |f, s| f.branch = s)} /></label>
            { target }
            <label>{ "Tag" }<input data-testid="ctx-tag" placeholder="none" value={v.tag.clone()}
                onchange={field::<Event>(props, |f, s| f.tag = s)} /></label>
            <label>{ "Default branch" }<input data-testid="ctx-default-branch" placeholder="main" value={v.default_branch.clone()}
                onchange={field::<Event>(props, |f, s| f.default_branch = s)} /></label>
            <label>{ "Variables (KEY=VALUE per line)" }<textarea data-testid="ctx-variables" rows="3" value={v.variables.clone()}
                onchange={field::<Event>(props, |f, s| f.variables = s)} /></label>
            <label>{ "Changed files (one per line)" }<textarea data-testid="ctx-changed" rows="2" value={v.changed.clone()}
                onchange={field::<Event>(props, |f, s| f.changed = s)} /></label>
        </details>
    }
}
