//! Draws the scene core laid out: stage headers, `needs` edges, job boxes. Only coordinates from core.

use pipelens_core::keywords::when::When;
use pipelens_core::scene::Scene;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GraphProps {
    pub scene: Rc<Scene>,
}

fn job_class(when: When, allow_failure: bool) -> String {
    let mut c = format!("job when-{}", when.as_str());
    if allow_failure {
        c.push_str(" allow-failure");
    }
    c
}

#[function_component(PipelineGraph)]
pub fn pipeline_graph(props: &GraphProps) -> Html {
    let s = &props.scene;
    let view_box = format!("0 0 {:.0} {:.0}", s.width.max(1.0), s.height.max(1.0));
    let columns: Html = s
        .columns
        .iter()
        .map(|c| html! { <text class="stage" x={format!("{:.1}", c.x)} y="24">{ c.label.clone() }</text> })
        .collect();
    let edges: Html = s
        .edges
        .iter()
        .map(|e| html! { <path class="edge" data-edge={format!("{}->{}", e.from, e.to)} d={e.svg_d()} /> })
        .collect();
    let jobs: Html = s
        .jobs
        .iter()
        .map(|j| {
            let label = if j.when == When::Manual { format!("▶ {}", j.name) } else { j.name.clone() };
            html! {
                <g class={job_class(j.when, j.allow_failure)} data-job={j.name.clone()} tabindex="0">
                    <title>{ format!("{} — stage {}, when {}", j.name, j.stage, j.when.as_str()) }</title>
                    <rect x={format!("{:.1}", j.x)} y={format!("{:.1}", j.y)} width={format!("{:.1}", j.width)} height={format!("{:.1}", j.height)} rx="6" />
                    <text x={format!("{:.1}", j.x + 10.0)} y={format!("{:.1}", j.y + j.height / 2.0 + 4.0)}>{ label }</text>
                </g>
            }
        })
        .collect();
    html! {
        <svg class="graph" data-testid="pipeline-graph" role="img" aria-label="pipeline graph"
             width={format!("{:.0}", s.width)} height={format!("{:.0}", s.height)} viewBox={view_box}>
            { columns }
            <g class="edges">{ edges }</g>
            <g class="jobs">{ jobs }</g>
        </svg>
    }
}
