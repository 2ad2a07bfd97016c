//! What the live pages share: the header with where the user is, and the error line that says what went
//! wrong while the last good data stays on screen.

use crate::services::gitlab::errors::describe;
use crate::services::gitlab::Connection;
use pipelens_gitlab_api::ApiError;
use yew::prelude::*;

/// What a live page puts in the frame.
pub struct ShellProps {
    pub connection: Connection,
    /// Links from the instance down to this page: (label, fragment), the last one the page itself.
    pub crumbs: Vec<(String, Option<String>)>,
    pub actions: Html,
    pub error: Option<ApiError>,
    pub loading: bool,
    pub refresh: Callback<()>,
    pub children: Html,
}

/// The frame of a live page (a function rather than a component: each component costs the bundle a few KB).
pub fn shell(props: ShellProps) -> Html {
    let c = &props.connection;
    let instance = if c.demo { format!("{} (demo GitLab)", c.base_url) } else { c.base_url.clone() };
    let crumbs = props.crumbs.iter().map(|(label, href)| match href {
        Some(href) => html! { <>{ " / " }<a href={href.clone()}>{ label }</a></> },
        None => html! { <>{ " / " }<span>{ label }</span></> },
    });
    let refresh = props.refresh.reform(|_: MouseEvent| ());
    html! {
        <div class="app">
            <header>
                <h1><a href="#/editor" class="home">{ "pipelens" }</a></h1>
                <nav class="status crumbs" data-testid="crumbs"><a href="#/gitlab">{ instance }</a>{ for crumbs }</nav>
                if props.loading { <span class="muted" data-testid="loading">{ "Loading…" }</span> }
                <button type="button" data-testid="refresh" onclick={refresh}>{ "Refresh" }</button>
                { props.actions }
            </header>
            <main class="page live" data-testid="live">
                if let Some(e) = &props.error {
                    <p class="error" role="alert" data-testid="live-error">{ describe(e, &c.base_url) }</p>
                }
                { props.children }
            </main>
        </div>
    }
}

/// Goes to a page of the app.
pub fn go(fragment: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(fragment);
    }
}

/// A status as GitLab's REST API spells it, in a badge.
pub fn status_badge(status: &str) -> Html {
    html! { <span class={classes!("badge", format!("status-{status}"))}>{ status }</span> }
}
