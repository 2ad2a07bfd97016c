//! Panning and pinching the graph canvas with pointers: drag the background to scroll, two touches pinch to
//! zoom. The canvas is a scroll container, so panning is its scroll position and keyboard, wheel and
//! scrollbars keep working alongside.

use yew::NodeRef;

#[derive(Default)]
pub struct Pan {
    /// Pointers down on the background: id and last position.
    pointers: Vec<(i32, f64, f64)>,
    /// Drag start: pointer position and scroll offsets.
    start: Option<(f64, f64, f64, f64)>,
    /// Distance between two touching pointers when the pinch last zoomed.
    pinch: Option<f64>,
}

fn on_control(e: &web_sys::PointerEvent) -> bool {
    let Some(t) = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) else {
        return true;
    };
    // Jobs, toggles, buttons and the legend keep their clicks.
    matches!(t.closest("[data-job], [data-child-toggle], button, input, label, summary, .zoom"), Ok(Some(_)))
}

impl Pan {
    pub fn down(&mut self, e: &web_sys::PointerEvent, canvas: &NodeRef) {
        if on_control(e) || self.pointers.len() >= 2 {
            return;
        }
        let Some(el) = canvas.cast::<web_sys::Element>() else { return };
        let _ = el.set_pointer_capture(e.pointer_id());
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        self.pointers.push((e.pointer_id(), x, y));
        self.start =
            (self.pointers.len() == 1).then(|| (x, y, f64::from(el.scroll_left()), f64::from(el.scroll_top())));
        self.pinch = self.distance();
    }

    /// Scrolls for a drag; returns a zoom factor for a pinch.
    pub fn moved(&mut self, e: &web_sys::PointerEvent, canvas: &NodeRef) -> Option<f64> {
        let p = self.pointers.iter_mut().find(|p| p.0 == e.pointer_id())?;
        (p.1, p.2) = (f64::from(e.client_x()), f64::from(e.client_y()));
        if let (Some(before), Some(now)) = (self.pinch, self.distance()) {
            let f = now / before.max(1.0);
            if (f - 1.0).abs() > 0.02 {
                self.pinch = Some(now);
                return Some(f);
            }
            return None;
        }
        let (sx, sy, left, top) = self.start?;
        let el = canvas.cast::<web_sys::Element>()?;
        el.set_scroll_left((left - (f64::from(e.client_x()) - sx)) as i32);
        el.set_scroll_top((top - (f64::from(e.client_y()) - sy)) as i32);
        None
    }

    pub fn up(&mut self, e: &web_sys::PointerEvent) {
        self.pointers.retain(|p| p.0 != e.pointer_id());
        self.start = None;
        self.pinch = None;
    }

    fn distance(&self) -> Option<f64> {
        match self.pointers[..] {
            [(_, ax, ay), (_, bx, by)] => Some((ax - bx).hypot(ay - by)),
            _ => None,
        }
    }
}

pub fn scroll_by(canvas: &NodeRef, dx: f64, dy: f64) {
    if let Some(el) = canvas.cast::<web_sys::Element>() {
        el.scroll_by_with_x_and_y(dx, dy);
    }
}
