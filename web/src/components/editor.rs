//! The YAML editor: a textarea with a line-number gutter. Emits the whole text on every input.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    pub on_input: Callback<String>,
    /// Lets the parent move the caret (jump to a diagnostic's line).
    pub node: NodeRef,
    /// Lines that carry a diagnostic, marked in the gutter.
    pub marked: Vec<u32>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let oninput = {
        let cb = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(area.value());
        })
    };
    let lines = props.text.lines().count().max(1) + 1;
    let gutter: Html = (1..=lines as u32)
        .map(|n| {
            let class = if props.marked.contains(&n) { "ln marked" } else { "ln" };
            html! { <div {class}>{ n }</div> }
        })
        .collect();
    let rows = lines.to_string();
    html! {
        <div class="editor">
            <div class="gutter" aria-hidden="true">{ gutter }</div>
            <textarea
                data-testid="yaml-editor"
                aria-label="GitLab CI YAML"
                spellcheck="false"
                wrap="off"
                rows={rows}
                ref={props.node.clone()}
                value={props.text.clone()}
                {oninput}
            />
        </div>
    }
}
