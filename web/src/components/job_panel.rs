//! The side panel for a clicked job: where it is defined, why it is in this pipeline, the lines the runner
//! gets, its effective variables with their origin, and its resolved definition. Everything comes from
//! core's job view; this file only lays it out (as text, never as HTML).

use crate::state::Derived;
use pipelens_core::inspect::Origin;
use pipelens_core::Span;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JobPanelProps {
    pub derived: Derived,
    /// The job's path (`name`, or `trigger/name` in a child pipeline).
    pub path: String,
    /// The tab its definition is in, when that file is open.
    pub tab: Option<usize>,
    pub on_close: Callback<()>,
    /// Puts the caret at the definition.
    pub on_jump: Callback<Span>,
}

#[function_component(JobPanel)]
pub fn job_panel(props: &JobPanelProps) -> Html {
    let Some(j) = props.derived.job(&props.path) else { return html! {} };
    let needs = match j.needs() {
        None => "— (waits for earlier stages)".to_string(),
        Some(n) if n.is_empty() => "[] (starts at once)".to_string(),
        Some(n) => n.join(", "),
    };
    let extends = if j.extends().is_empty() { "—".to_string() } else { j.extends().join(" → ") };
    let (line, at) = (j.line(), format!("{}:{}", j.file_path(), j.line()));
    // A definition in a file that is not open (fetched, or a child's generated file) is not a link.
    let defined = match props.tab {
        Some(file) => {
            let jump = props.on_jump.reform(move |_: MouseEvent| Span::new(file as u32, line, 1));
            html! { <button type="button" class="link" data-testid="job-defined-at" onclick={jump}>{ at }</button> }
        }
        None => html! { <span data-testid="job-defined-at">{ at }</span> },
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let child = j.child_jobs().map(|jobs| {
        let items: Html = jobs.iter().map(|n| html! { <li>{ n.to_string() }</li> }).collect();
        html! {
            <>
                <h3>{ format!("Child pipeline ({} jobs)", jobs.len()) }</h3>
                <ul data-testid="child-jobs">{ items }</ul>
            </>
        }
    });
    let when = format!("{}{}", j.when().as_str(), if j.allow_failure() { " (allowed to fail)" } else { "" });
    let scripts = j.scripts();
    let script_block = |title: &str, key: &str, lines: &[String]| -> Html {
        if lines.is_empty() {
            return html! {};
        }
        html! {
            <>
                <h4>{ title.to_string() }</h4>
                <pre class="script" data-testid={format!("job-{key}")}>{ lines.join("\n") }</pre>
            </>
        }
    };
    let variables = j.variables();
    let rows: Html = variables
        .iter()
        .map(|v| {
            let hidden = if v.overrides.is_empty() {
                String::new()
            } else {
                let names: Vec<&str> = v.overrides.iter().map(|o| o.as_str()).collect();
                format!("overrides {}", names.join(", "))
            };
            html! {
                <tr data-variable={v.name.clone()} data-origin={v.origin.as_str()}>
                    <td>{ v.name.clone() }</td><td>{ v.value.clone() }</td>
                    <td title={hidden.clone()}>{ v.origin.as_str() }{ if hidden.is_empty() { "" } else { " *" } }</td>
                </tr>
            }
        })
        .collect();
    html! {
        <aside class="job-panel" data-testid="job-panel" aria-label={format!("job {}", j.path)}>
            <header>
                <h2>{ j.path.to_string() }</h2>
                <button type="button" aria-label="close" onclick={close}>{ "×" }</button>
            </header>
            <dl>
                <dt>{ "Stage" }</dt><dd>{ j.stage().to_string() }</dd>
                <dt>{ "When" }</dt><dd>{ when }</dd>
                <dt>{ "Needs" }</dt><dd>{ needs }</dd>
                <dt>{ "Extends" }</dt><dd>{ extends }</dd>
                <dt>{ "In pipeline" }</dt><dd data-testid="job-in-pipeline">{ if j.in_pipeline() { "yes" } else { "no" } }</dd>
                <dt>{ "Why" }</dt><dd data-testid="job-why">{ j.why().to_string() }</dd>
                <dt>{ "Defined at" }</dt><dd>{ defined }</dd>
            </dl>
            { child }
            <h3>{ "Script (as the runner gets it)" }</h3>
            { script_block("before_script", "before-script", &scripts.before_script) }
            { script_block("script", "script", &scripts.script) }
            { script_block("after_script", "after-script", &scripts.after_script) }
            <details class="variables">
                <summary>{ format!("Variables ({})", variables.len()) }</summary>
                <table data-testid="job-variables">
                    <thead><tr><th>{ "Name" }</th><th>{ "Value" }</th><th>{ "From" }</th></tr></thead>
                    <tbody>{ rows }</tbody>
                </table>
                <p class="hint">{ format!("Highest precedence wins: {}. * hides a lower one.", precedence()) }</p>
            </details>
            <h3>{ "Resolved definition" }</h3>
            <pre data-testid="job-definition">{ j.definition_yaml() }</pre>
        </aside>
    }
}

fn precedence() -> String {
    Origin::PRECEDENCE.iter().map(|o| o.as_str()).collect::<Vec<_>>().join(" › ")
}
