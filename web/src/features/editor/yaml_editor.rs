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
    // The textarea is not driven by a `value` attribute: re-setting a large value on every render rebuilds
    // the browser's text layout and loses the caret and undo history. The text is written only when it did
    // not come from typing here (another tab, an opened file, a share link).
    let typed = use_mut_ref(|| None::<AttrValue>);
    {
        let (node, typed, text) = (props.node.clone(), typed.clone(), props.text.clone());
        use_effect_with(text, move |text| {
            if typed.borrow().as_ref() != Some(text) {
                if let Some(area) = node.cast::<web_sys::HtmlTextAreaElement>() {
                    area.set_value(text);
                }
                *typed.borrow_mut() = Some(text.clone());
            }
        });
    }
    let oninput = {
        let cb = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let value = area.value();
            *typed.borrow_mut() = Some(AttrValue::from(value.clone()));
            cb.emit(value);
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
                {oninput}
            />
        </div>
    }
}
