//! The YAML editor: a textarea with a line-number gutter. Emits the whole text on every input.

use yew::prelude::*;

/// Pixels per editor line; matches `line-height` in style.css.
const LINE_HEIGHT: u32 = 18;

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
    // One text node for all numbers (thousands of lines stay cheap); marks are overlaid per diagnostic line.
    let numbers = (1..=lines).map(|n| n.to_string()).collect::<Vec<_>>().join("\n");
    let marks: Html = props
        .marked
        .iter()
        .map(|&n| {
            let style = format!("top: {}px", (n.saturating_sub(1)) * LINE_HEIGHT + 4);
            html! { <div class="mark" {style} title={format!("problem on line {n}")}>{ n }</div> }
        })
        .collect();
    let gutter = html! { <><pre class="numbers">{ numbers }</pre>{ marks }</> };
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
