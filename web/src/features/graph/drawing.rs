//! Draws the scene core laid out: stage headers, `needs` edges, job boxes, open child pipelines in frames.
//! Only coordinates from core; icons and colours from core's legend table.

use super::decoration::{Decoration, Decorations};
use pipelens_core::inspect::JobPath;
use pipelens_core::legend::Kind;
use pipelens_core::scene::{Area, JobBox, NestedPipeline, Scene, Step};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GraphProps {
    pub scene: Rc<Scene>,
    /// Jobs on the hovered job's needs chain (or matching the search); empty when nothing is emphasised.
    pub highlighted: Rc<BTreeSet<String>>,
    pub selected: Option<String>,
    pub decorations: Decorations,
    pub on_select: Callback<Option<String>>,
    pub on_hover: Callback<Option<String>>,
    /// Clicking a collapsed `parallel` group expands it.
    pub on_toggle_group: Callback<String>,
    /// The +/− on a trigger job opens or closes its child pipeline.
    pub on_toggle_child: Callback<String>,
    /// Display scale; the drawing's coordinates stay those of the scene.
    pub zoom: f64,
    /// The part of the drawing around the viewport. Above [`CULL_ABOVE`] boxes only what touches it is put in
    /// the DOM, so a 2,000-job graph costs what its visible part costs.
    pub area: Area,
}

pub const CULL_ABOVE: usize = 300;

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// Names drawn in a child pipeline are prefixed with their trigger job (`trigger/job`), as in the state.
fn draw(s: &Scene, prefix: &JobPath, p: &GraphProps, area: Option<&Area>) -> Html {
    let (jobs, edges, children) = match area {
        Some(a) => s.visible(a),
        None => ((0..s.jobs.len()).collect(), (0..s.edges.len()).collect(), (0..s.children.len()).collect()),
    };
    let hovering = !p.highlighted.is_empty();
    // Every stage barrier in one path: they are context, not something to point at.
    let stage_links: String = s.stage_links.iter().map(|l| l.svg_d()).collect();
    let lit = |name: &str| hovering.then(|| p.highlighted.contains(name));
    let columns: Html =
        s.columns.iter().map(|c| html! { <text class="stage" x={f(c.x)} y="24">{ c.label.clone() }</text> }).collect();
    let edges: Html = edges
        .iter()
        .map(|&i| {
            let e = &s.edges[i];
            let (from, to) = (prefix.job(&e.from).to_string(), prefix.job(&e.to).to_string());
            let class = match (lit(&from), lit(&to)) {
                (Some(true), Some(true)) => "edge related",
                (Some(_), Some(_)) => "edge dimmed",
                _ => "edge",
            };
            html! { <path {class} data-edge={format!("{from}->{to}")} d={e.svg_d()} /> }
        })
        .collect();
    // One component per box, keyed by its path: a status change re-renders the boxes whose props changed,
    // not all of them.
    let jobs: Html = jobs
        .iter()
        .map(|&i| {
            let name = prefix.job(&s.jobs[i].name).to_string();
            let decoration = p.decorations.as_ref().and_then(|d| d.get(&name)).cloned();
            let (lit, selected) = (lit(&name), p.selected.as_deref() == Some(name.as_str()));
            let key = name.clone();
            html! { <JobView {key} job={s.jobs[i].clone()} {name} {lit} {selected} {decoration} /> }
        })
        .collect();
    let children: Html = children.iter().map(|&i| child(&s.children[i], prefix, p)).collect();
    html! {
        <>
            { columns }
            <path class={if hovering { "stage-links dimmed" } else { "stage-links" }} d={stage_links} />
            <g class="edges">{ edges }</g>
            <g class="jobs">{ jobs }</g>
            { children }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct JobProps {
    job: JobBox,
    /// Its path (`trigger/name` in a child pipeline).
    name: String,
    /// On the emphasised chain (`Some(true)`), off it (`Some(false)`), or nothing emphasised.
    lit: Option<bool>,
    selected: bool,
    decoration: Option<Decoration>,
}

#[function_component(JobView)]
fn job_view(p: &JobProps) -> Html {
    let (j, name, lit) = (&p.job, p.name.as_str(), p.lit);
    let kind = Kind::of(j);
    let mut class = classes!("job", format!("kind-{}", kind.id()));
    class.push(j.allow_failure.then_some("allow-failure"));
    class.push(match lit {
        Some(true) => Some("related"),
        Some(false) => Some("dimmed"),
        None => None,
    });
    class.push(p.selected.then_some("selected"));
    let decoration = p.decoration.as_ref();
    class.push(decoration.map(|d| format!("status-{} tone-{}", d.class, d.tone)));
    let group = (j.count > 1).then(|| j.name.clone());
    let count = (j.count > 1).then(|| j.count.to_string());
    let label = j.label();
    let mut spoken = format!("{}, stage {}, {}", j.name, j.stage, kind.label());
    if j.count > 1 {
        spoken.push_str(&format!(", {} parallel jobs, press Enter to expand", j.count));
    }
    if j.allow_failure {
        spoken.push_str(", allowed to fail");
    }
    if let Some(d) = decoration {
        spoken.push_str(&format!(", {}", d.label));
    }
    let status = decoration.map(|d| d.class.clone());
    let (tone, id) = (decoration.map(|d| d.tone), decoration.and_then(|d| d.id).map(|i| i.to_string()));
    // The status glyph at the right end, left of a child pipeline's toggle.
    let glyph = decoration.map(|d| {
        let x = j.x + j.width - if j.child.is_some() { 34.0 } else { 12.0 };
        html! { <text class="glyph" x={f(x)} y={f(j.y + j.height / 2.0 + 4.0)} text-anchor="middle" style={format!("fill: {}", d.colour)} aria-hidden="true">{ d.glyph }</text> }
    });
    let outline = decoration.map(|d| format!("stroke: {}", d.colour));
    let mid = j.y + j.height / 2.0;
    // A trigger job's own +/− toggles its child pipeline; the box itself still opens the job panel.
    let toggle = j.child.map(|open| {
        let cx = j.x + j.width - 14.0;
        html! {
            <g class="child-toggle" data-child-toggle={name.to_string()} tabindex="0" role="button"
               aria-expanded={open.to_string()} aria-label={format!("{} child pipeline of {}", if open { "close" } else { "open" }, j.name)}>
                <circle cx={f(cx)} cy={f(mid)} r="9" />
                <text x={f(cx)} y={f(mid + 4.0)} text-anchor="middle">{ if open { "−" } else { "+" } }</text>
            </g>
        }
    });
    html! {
        // The <title> is both the tooltip and the accessible name.
        <g {class} data-job={name.to_string()} data-group={group} data-count={count} data-kind={kind.id()} data-status={status} data-tone={tone} data-id={id} tabindex="0" role="button">
            <title>{ spoken }</title>
            <rect x={f(j.x)} y={f(j.y)} width={f(j.width)} height={f(j.height)} rx="6" style={outline} />
            <text class="icon" x={f(j.x + 8.0)} y={f(mid + 4.0)} style={format!("fill: {}", kind.colour())} aria-hidden="true">{ kind.icon() }</text>
            <text x={f(j.x + 24.0)} y={f(mid + 4.0)}>{ label }</text>
            { glyph }
            { toggle }
        </g>
    }
}

fn child(c: &NestedPipeline, prefix: &JobPath, p: &GraphProps) -> Html {
    let name = prefix.job(&c.job).to_string();
    let (ox, oy) = c.origin();
    html! {
        <g class="child-pipeline" data-child={name.clone()} role="group" aria-label={format!("child pipeline of {}", c.job)}>
            <path class="child-link" d={c.link.svg_d()} />
            <rect class="frame" x={f(c.x)} y={f(c.y)} width={f(c.width)} height={f(c.height)} rx="8" />
            <text class="frame-title" x={f(c.x + 10.0)} y={f(c.y + 17.0)}>{ format!("⇲ child pipeline of {}", c.job) }</text>
            <g transform={format!("translate({ox:.1} {oy:.1})")}>{ draw(&c.scene, &prefix.child(&c.job), p, None) }</g>
        </g>
    }
}

/// The element an event happened on, if it is (inside) one carrying `attr`.
fn attr_of(e: &Event, attr: &str) -> Option<String> {
    let target: web_sys::Element = e.target_dyn_into()?;
    target.closest(&format!("[{attr}]")).ok()??.get_attribute(attr)
}

/// Focuses a drawn job's box (focus scrolls it into view).
fn focus_job(name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(all) = document.query_selector_all("[data-job]") else { return };
    for i in 0..all.length() {
        let Some(el) = all.item(i).and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok()) else { continue };
        if el.get_attribute("data-job").as_deref() == Some(name) {
            let _ = el.focus();
            return;
        }
    }
}

/// What a click or Enter does, by target: +/− toggles a child pipeline, a group expands, a job is selected.
#[derive(Clone)]
struct Handlers {
    select: Callback<Option<String>>,
    group: Callback<String>,
    child: Callback<String>,
}

impl Handlers {
    fn activate(&self, e: &Event) -> bool {
        if let Some(child) = attr_of(e, "data-child-toggle") {
            self.child.emit(child);
        } else if let Some(group) = attr_of(e, "data-group") {
            self.group.emit(group);
        } else if let Some(job) = attr_of(e, "data-job") {
            self.select.emit(Some(job));
        } else {
            return false;
        }
        true
    }
}

#[function_component(PipelineGraph)]
pub fn pipeline_graph(props: &GraphProps) -> Html {
    let s = &props.scene;
    let view_box = format!("0 0 {:.0} {:.0}", s.width.max(1.0), s.height.max(1.0));
    // One listener per event on the <svg> (delegation), not one per job: thousands of jobs stay cheap.
    let h = Handlers {
        select: props.on_select.clone(),
        group: props.on_toggle_group.clone(),
        child: props.on_toggle_child.clone(),
    };
    let onclick = {
        let h = h.clone();
        Callback::from(move |e: MouseEvent| {
            h.activate(&e);
        })
    };
    let onkeydown = {
        let scene = props.scene.clone();
        Callback::from(move |e: KeyboardEvent| {
            let step = match e.key().as_str() {
                "Enter" | " " => {
                    if h.activate(&e) {
                        e.prevent_default();
                    }
                    return;
                }
                "ArrowLeft" => Step::Left,
                "ArrowRight" => Step::Right,
                "ArrowUp" => Step::Up,
                "ArrowDown" => Step::Down,
                _ => return,
            };
            // On a job, arrows move the focus to the neighbouring job instead of panning the canvas.
            let Some(next) = attr_of(&e, "data-job").and_then(|name| scene.neighbour(&name, step)) else { return };
            e.prevent_default();
            e.stop_propagation();
            focus_job(&next.name);
        })
    };
    let onmouseover = props.on_hover.reform(|e: MouseEvent| attr_of(&e, "data-job"));
    let onfocusin = props.on_hover.reform(|e: FocusEvent| attr_of(&e, "data-job"));
    let onmouseleave = props.on_hover.reform(|_: MouseEvent| None);
    let label = format!("pipeline graph: {} boxes in {} columns", s.jobs.len(), s.columns.len());
    html! {
        <svg class="graph" data-testid="pipeline-graph" role="group" aria-label={label}
             width={format!("{:.0}", s.width * props.zoom)} height={format!("{:.0}", s.height * props.zoom)} viewBox={view_box}
             {onclick} {onkeydown} {onmouseover} {onmouseleave} {onfocusin}>
            { draw(s, &JobPath::root(), props, Some(&props.area).filter(|_| s.jobs.len() > CULL_ABOVE)) }
        </svg>
    }
}
