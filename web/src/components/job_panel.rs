//! The side panel for a clicked job: where it is defined, why it is in this pipeline, its resolved definition.

use crate::state::JobInfo;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JobPanelProps {
    pub job: JobInfo,
    pub on_close: Callback<()>,
    /// (tab, line)
    pub on_jump: Callback<(usize, u32)>,
}

#[function_component(JobPanel)]
pub fn job_panel(props: &JobPanelProps) -> Html {
    let j = &props.job;
    let needs = match &j.needs {
        None => "— (waits for earlier stages)".to_string(),
        Some(n) if n.is_empty() => "[] (starts at once)".to_string(),
        Some(n) => n.join(", "),
    };
    let extends = if j.extends.is_empty() { "—".to_string() } else { j.extends.join(" → ") };
    let (line, at) = (j.line, format!("{}:{}", j.path, j.line));
    // A definition in a file that is not open (fetched, or a child's generated file) is not a link.
    let defined = match j.file {
        Some(file) => {
            let jump = props.on_jump.reform(move |_: MouseEvent| (file, line));
            html! { <button type="button" class="link" data-testid="job-defined-at" onclick={jump}>{ at }</button> }
        }
        None => html! { <span data-testid="job-defined-at">{ at }</span> },
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let child = j.child_jobs.as_ref().map(|jobs| {
        let items: Html = jobs.iter().map(|n| html! { <li>{ n.clone() }</li> }).collect();
        html! {
            <>
                <h3>{ format!("Child pipeline ({} jobs)", jobs.len()) }</h3>
                <ul data-testid="child-jobs">{ items }</ul>
            </>
        }
    });
    let when = format!("{}{}", j.when, if j.allow_failure { " (allowed to fail)" } else { "" });
    html! {
        <aside class="job-panel" data-testid="job-panel" aria-label={format!("job {}", j.name)}>
            <header>
                <h2>{ j.name.clone() }</h2>
                <button type="button" aria-label="close" onclick={close}>{ "×" }</button>
            </header>
            <dl>
                <dt>{ "Stage" }</dt><dd>{ j.stage.clone() }</dd>
                <dt>{ "When" }</dt><dd>{ when }</dd>
                <dt>{ "Needs" }</dt><dd>{ needs }</dd>
                <dt>{ "Extends" }</dt><dd>{ extends }</dd>
                <dt>{ "In pipeline" }</dt><dd data-testid="job-in-pipeline">{ if j.excluded { "no" } else { "yes" } }</dd>
                <dt>{ "Why" }</dt><dd data-testid="job-why">{ j.why.clone() }</dd>
                <dt>{ "Defined at" }</dt><dd>{ defined }</dd>
            </dl>
            { child }
            <h3>{ "Resolved definition" }</h3>
            <pre data-testid="job-definition">{ j.definition.clone() }</pre>
        </aside>
    }
}
