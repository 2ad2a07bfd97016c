//! The route the address bar shows, followed as it changes (links, back and forward, a pasted URL). A hash
//! router in a few lines: the app has a handful of pages and `Route` parses them itself.

use crate::route::Route;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn current() -> Rc<Route> {
    Rc::new(Route::parse(&web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()))
}

/// The current route (shared, not copied: a share link's can be megabytes); the component re-renders when
/// the fragment changes. `history.replaceState` (the share button's) fires no `hashchange`, so writing a
/// link into the address bar does not change pages.
#[hook]
pub fn use_route() -> Rc<Route> {
    let route = use_state(current);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || route.set(current()));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
                }
            }
        });
    }
    (*route).clone()
}
