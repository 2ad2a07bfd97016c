//! Diagnostics as a list; clicking one asks the parent to jump to its line.

use pipelens_core::{Diagnostic, Severity, Span};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub items: Rc<[Diagnostic]>,
    /// Paths of the open files (a span's file id is its tab); shown when more than one file is open.
    pub paths: Vec<String>,
    /// Selects the span in its tab.
    pub on_jump: Callback<Span>,
}

#[function_component(DiagnosticsList)]
pub fn diagnostics_list(props: &DiagnosticsProps) -> Html {
    let items: Html = props
        .items
        .iter()
        .map(|d| {
            let line = d.span.map(|s| s.line).unwrap_or(0);
            let file = d.span.map(|s| s.file as usize).unwrap_or(0);
            let span = d.span.unwrap_or(Span::new(0, 1, 1));
            let at = match d.span {
                Some(s) if props.paths.len() > 1 => {
                    format!("{}:{}:{}", props.paths.get(file).map_or("?", String::as_str), s.line, s.col)
                }
                Some(s) => format!("{}:{}", s.line, s.col),
                None => String::new(),
            };
            let class = match d.severity {
                Severity::Error => "diag error",
                Severity::Warning => "diag warning",
                Severity::Info => "diag info",
            };
            let onclick = props.on_jump.reform(move |_: MouseEvent| span);
            html! {
                <li {class} data-line={line.to_string()}>
                    <button type="button" {onclick}>
                        <span class="sev">{ d.severity.as_str() }</span>
                        <span class="at">{ at }</span>
                        <span class="msg">{ d.message.clone() }</span>
                    </button>
                </li>
            }
        })
        .collect();
    let summary = if props.items.is_empty() {
        "No problems found".to_string()
    } else {
        format!("{} problem(s)", props.items.len())
    };
    html! {
        <section class="diagnostics" aria-live="polite">
            <h2>{ summary }</h2>
            <ul data-testid="diagnostics">{ items }</ul>
        </section>
    }
}
