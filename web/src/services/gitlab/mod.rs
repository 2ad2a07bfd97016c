//! GitLab IO: the browser transport for the API client, the connections (pure, in `session.rs`), where they
//! are kept, and the handle the app shares with its pages.

pub mod actions;
pub mod demo;
pub mod errors;
pub mod fetch;
pub mod session;
mod storage;
mod transport;

pub use session::{Connection, Connections, Keep};
pub use transport::FetchTransport;

use std::rc::Rc;
use yew::prelude::*;

/// The app's GitLab connections as the app hands them to the connect dialog: what it reads, and how it
/// changes them.
#[derive(Clone, PartialEq)]
pub struct GitLab {
    pub connections: Rc<Connections>,
    /// Replaces the connections (kept in storage at once).
    pub update: Callback<Connections>,
    /// Opens the connect dialog.
    pub open_dialog: Callback<()>,
}

impl GitLab {
    pub fn active(&self) -> Option<&Connection> {
        self.connections.active()
    }
}

/// The connections, loaded from storage once and saved on each change.
#[hook]
pub fn use_gitlab_connections() -> (UseStateHandle<Rc<Connections>>, Callback<Connections>) {
    let state = use_state(|| Rc::new(storage::load()));
    let update = {
        let state = state.clone();
        Callback::from(move |next: Connections| {
            storage::save(&next);
            state.set(Rc::new(next));
        })
    };
    (state, update)
}
