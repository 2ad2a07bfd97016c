//! The graph's scrolling canvas: zoom bar and legend, and every way of moving around — drag or arrow keys
//! to pan, Ctrl/⌘ + wheel, pinch or keys to zoom, fit to screen — plus the viewport area that large graphs
//! are culled to. The drawing itself is `PipelineGraph`.

use crate::components::legend::Legend;
use crate::components::pipeline_graph::PipelineGraph;
use crate::pan;
use crate::state::ZOOM_MIN;
use pipelens_core::scene::{Area, Scene};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub enum Zoom {
    By(f64),
    To(f64),
}

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    /// The scroll container, for the parent to scroll a job into view.
    pub node: NodeRef,
    pub scene: Rc<Scene>,
    pub highlighted: Rc<BTreeSet<String>>,
    pub selected: Option<String>,
    pub zoom: f64,
    /// Changes with every new scene: the visible area is measured again.
    pub revision: u64,
    pub show_excluded: bool,
    pub excluded: usize,
    pub on_zoom: Callback<Zoom>,
    pub on_select: Callback<Option<String>>,
    pub on_hover: Callback<Option<String>>,
    pub on_toggle_group: Callback<String>,
    pub on_toggle_child: Callback<String>,
    pub on_toggle_excluded: Callback<()>,
}

#[function_component(GraphCanvas)]
pub fn graph_canvas(props: &CanvasProps) -> Html {
    let canvas = props.node.clone();
    let pan = use_mut_ref(pan::Pan::default);
    // The part of the drawing around the viewport; before the canvas is measured, a typical screen's worth.
    let area = use_state(|| Area::around_viewport(0.0, 0.0, 1600.0, 1000.0));
    let refresh_area = {
        let (area, canvas, zoom) = (area.clone(), canvas.clone(), props.zoom);
        move || {
            if let Some(el) = canvas.cast::<web_sys::Element>() {
                let z = zoom.max(ZOOM_MIN);
                let next = Area::around_viewport(
                    f64::from(el.scroll_left()) / z,
                    f64::from(el.scroll_top()) / z,
                    f64::from(el.client_width()) / z,
                    f64::from(el.client_height()) / z,
                );
                if next != *area {
                    area.set(next);
                }
            }
        }
    };
    {
        // Measuring the canvas forces a layout; in the next animation frame the browser lays out anyway, so
        // asking there costs nothing extra (and keeps it out of the text → DOM measure).
        let refresh = refresh_area.clone();
        use_effect_with((props.revision, props.zoom.to_bits()), move |_| {
            let frame = Closure::once_into_js(refresh);
            if let Some(w) = web_sys::window() {
                let _ = w.request_animation_frame(frame.unchecked_ref());
            }
        });
    }
    let onscroll = Callback::from(move |_: Event| refresh_area());
    let zoom_by = |f: f64| props.on_zoom.reform(move |_: MouseEvent| Zoom::By(f));
    let fit = {
        let (scene, canvas, on_zoom) = (props.scene.clone(), canvas.clone(), props.on_zoom.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = canvas.cast::<web_sys::Element>() {
                let (w, h) = (scene.width.max(1.0), scene.height.max(1.0));
                on_zoom.emit(Zoom::To(
                    (f64::from(el.client_width() - 24) / w).min(f64::from(el.client_height() - 24) / h),
                ));
            }
        })
    };
    // Ctrl/⌘ + wheel (and a trackpad pinch, which arrives as one) zooms; a plain wheel scrolls.
    let onwheel = {
        let on_zoom = props.on_zoom.clone();
        Callback::from(move |e: WheelEvent| {
            if e.ctrl_key() || e.meta_key() {
                e.prevent_default();
                on_zoom.emit(Zoom::By(if e.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 }));
            }
        })
    };
    let onkeydown = {
        let (canvas, on_zoom) = (canvas.clone(), props.on_zoom.clone());
        Callback::from(move |e: KeyboardEvent| {
            let step = if e.shift_key() { 200.0 } else { 40.0 };
            match e.key().as_str() {
                "+" | "=" => on_zoom.emit(Zoom::By(1.25)),
                "-" => on_zoom.emit(Zoom::By(0.8)),
                "0" => on_zoom.emit(Zoom::To(1.0)),
                "ArrowLeft" => pan::scroll_by(&canvas, -step, 0.0),
                "ArrowRight" => pan::scroll_by(&canvas, step, 0.0),
                "ArrowUp" => pan::scroll_by(&canvas, 0.0, -step),
                "ArrowDown" => pan::scroll_by(&canvas, 0.0, step),
                _ => return,
            }
            e.prevent_default();
        })
    };
    // Drag the background to pan; two fingers pinch to zoom.
    let onpointerdown = {
        let (pan, canvas) = (pan.clone(), canvas.clone());
        Callback::from(move |e: PointerEvent| pan.borrow_mut().down(&e, &canvas))
    };
    let onpointermove = {
        let (pan, canvas, on_zoom) = (pan.clone(), canvas.clone(), props.on_zoom.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some(f) = pan.borrow_mut().moved(&e, &canvas) {
                on_zoom.emit(Zoom::By(f));
            }
        })
    };
    let onpointerup = Callback::from(move |e: PointerEvent| pan.borrow_mut().up(&e));
    // Why the drawing is incomplete (needs lines refused above the drawing limit), where the graph is.
    let notice = props.scene.notice.as_ref().map(|n| {
        html! { <p class="graph-notice" role="status" data-testid="graph-notice">{ n.clone() }</p> }
    });
    html! {
        <section class="right" ref={canvas} tabindex="0" aria-label="graph canvas: arrows pan, + and − zoom"
            {onwheel} {onscroll} {onkeydown} {onpointerdown} {onpointermove}
            onpointerup={onpointerup.clone()} onpointercancel={onpointerup}>
            <div class="zoom" role="group" aria-label="zoom">
                <button type="button" data-testid="zoom-out" aria-label="zoom out" onclick={zoom_by(0.8)}>{ "−" }</button>
                <span data-testid="zoom-level">{ format!("{:.0} %", props.zoom * 100.0) }</span>
                <button type="button" data-testid="zoom-in" aria-label="zoom in" onclick={zoom_by(1.25)}>{ "+" }</button>
                <button type="button" data-testid="zoom-fit" onclick={fit}>{ "Fit" }</button>
                <Legend show_excluded={props.show_excluded} excluded={props.excluded} on_toggle_excluded={props.on_toggle_excluded.clone()} />
            </div>
            { notice }
            <PipelineGraph scene={props.scene.clone()} highlighted={props.highlighted.clone()} zoom={props.zoom}
                selected={props.selected.clone()} on_select={props.on_select.clone()} on_hover={props.on_hover.clone()}
                on_toggle_group={props.on_toggle_group.clone()} on_toggle_child={props.on_toggle_child.clone()}
                area={*area} />
        </section>
    }
}
