//! Draws the scene core laid out: stage headers, `needs` edges, job boxes. Only coordinates from core.

use pipelens_core::keywords::when::When;
use pipelens_core::scene::Scene;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GraphProps {
    pub scene: Rc<Scene>,
    /// Jobs on the hovered job's needs chain; empty when nothing is hovered.
    pub highlighted: BTreeSet<String>,
    pub selected: Option<String>,
    pub on_select: Callback<Option<String>>,
    pub on_hover: Callback<Option<String>>,
    /// Clicking a collapsed `parallel` group expands it.
    pub on_toggle_group: Callback<String>,
    /// Display scale; the drawing's coordinates stay those of the scene.
    pub zoom: f64,
}

fn job_class(when: When, allow_failure: bool, lit: Option<bool>, selected: bool) -> String {
    let mut c = format!("job when-{}", when.as_str());
    if allow_failure {
        c.push_str(" allow-failure");
    }
    match lit {
        Some(true) => c.push_str(" related"),
        Some(false) => c.push_str(" dimmed"),
        None => {}
    }
    if selected {
        c.push_str(" selected");
    }
    c
}

/// The job an event happened on: the nearest `data-job` ancestor of its target.
fn job_of(e: &Event) -> Option<String> {
    let target: web_sys::Element = e.target_dyn_into()?;
    target.closest("[data-job]").ok()??.get_attribute("data-job")
}

/// Whether that element is a collapsed `parallel` group.
fn group_of(e: &Event) -> bool {
    let Some(target) = e.target_dyn_into::<web_sys::Element>() else { return false };
    matches!(target.closest("[data-job]"), Ok(Some(el)) if el.has_attribute("data-group"))
}

#[function_component(PipelineGraph)]
pub fn pipeline_graph(props: &GraphProps) -> Html {
    let s = &props.scene;
    let hovering = !props.highlighted.is_empty();
    let lit = |name: &str| hovering.then(|| props.highlighted.contains(name));
    let view_box = format!("0 0 {:.0} {:.0}", s.width.max(1.0), s.height.max(1.0));
    let columns: Html = s
        .columns
        .iter()
        .map(|c| html! { <text class="stage" x={format!("{:.1}", c.x)} y="24">{ c.label.clone() }</text> })
        .collect();
    let edges: Html = s
        .edges
        .iter()
        .map(|e| {
            let class = match (lit(&e.from), lit(&e.to)) {
                (Some(true), Some(true)) => "edge related",
                (Some(_), Some(_)) => "edge dimmed",
                _ => "edge",
            };
            html! { <path {class} data-edge={format!("{}->{}", e.from, e.to)} d={e.svg_d()} /> }
        })
        .collect();
    let jobs: Html = s
        .jobs
        .iter()
        .map(|j| {
            let mut label = if j.when == When::Manual { format!("▶ {}", j.name) } else { j.name.clone() };
            let group = (j.count > 1).then(|| j.count.to_string());
            if let Some(n) = &group {
                label = format!("{label}  ×{n}");
            }
            let selected = props.selected.as_deref() == Some(j.name.as_str());
            html! {
                <g class={job_class(j.when, j.allow_failure, lit(&j.name), selected)} data-job={j.name.clone()}
                   data-group={group} tabindex="0" role="button">
                    <title>{ format!("{} — stage {}, when {}", j.name, j.stage, j.when.as_str()) }</title>
                    <rect x={format!("{:.1}", j.x)} y={format!("{:.1}", j.y)} width={format!("{:.1}", j.width)} height={format!("{:.1}", j.height)} rx="6" />
                    <text x={format!("{:.1}", j.x + 10.0)} y={format!("{:.1}", j.y + j.height / 2.0 + 4.0)}>{ label }</text>
                </g>
            }
        })
        .collect();
    // One listener per event on the <svg> (delegation), not one per job: thousands of jobs stay cheap.
    let onclick = {
        let (select, toggle) = (props.on_select.clone(), props.on_toggle_group.clone());
        Callback::from(move |e: MouseEvent| match (job_of(&e), group_of(&e)) {
            (Some(name), true) => toggle.emit(name),
            (Some(name), false) => select.emit(Some(name)),
            _ => {}
        })
    };
    let onkeydown = {
        let (select, toggle) = (props.on_select.clone(), props.on_toggle_group.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                if let Some(name) = job_of(&e) {
                    e.prevent_default();
                    if group_of(&e) {
                        toggle.emit(name);
                    } else {
                        select.emit(Some(name));
                    }
                }
            }
        })
    };
    let onmouseover = props.on_hover.reform(|e: MouseEvent| job_of(&e));
    let onmouseleave = props.on_hover.reform(|_: MouseEvent| None);
    html! {
        <svg class="graph" data-testid="pipeline-graph" role="img" aria-label="pipeline graph"
             width={format!("{:.0}", s.width * props.zoom)} height={format!("{:.0}", s.height * props.zoom)} viewBox={view_box}
             {onclick} {onkeydown} {onmouseover} {onmouseleave}>
            { columns }
            <g class="edges">{ edges }</g>
            <g class="jobs">{ jobs }</g>
        </svg>
    }
}
