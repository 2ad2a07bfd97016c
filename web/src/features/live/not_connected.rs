//! The page for a GitLab address while pipelens has no connection to its instance: it names what the address
//! points at and says plainly that nothing was fetched. Plain functions rather than components: they hold no
//! state, and each component costs the bundle a few KB.

use crate::route::{GitLabRef, Route};
use yew::prelude::*;

/// A pipeline or job address: `kind` is `pipelines` or `jobs`, as in the GitLab path; `actions` the connect
/// button.
pub fn not_connected(kind: &'static str, target: &GitLabRef, actions: Html) -> Html {
    not_shown(kind, target, NOT_CONNECTED, actions)
}

const NOT_CONNECTED: &str =
    "pipelens is not connected to GitLab yet, so it cannot show this live. Nothing was fetched.";

fn not_shown(kind: &'static str, target: &GitLabRef, why: &'static str, actions: Html) -> Html {
    let r = target;
    let what = if kind == "jobs" { "Job" } else { "Pipeline" };
    let on = r.instance.as_deref().map(|i| format!(" on {i}")).unwrap_or_default();
    // The page itself on GitLab, when the address said which GitLab.
    let original = r.instance.as_ref().map(|i| format!("{i}/{}/-/{}/{}", r.project, kind, r.id));
    page(format!("{what} #{} of {}{on}", r.id, r.project), original, why, actions)
}

/// A GitLab list address (`what` it asked for, e.g. "the projects").
pub fn connect_first(what: &str, actions: Html) -> Html {
    page(format!("GitLab: {what}"), None, NOT_CONNECTED, actions)
}

fn page(title: String, original: Option<String>, why: &'static str, actions: Html) -> Html {
    html! {
        <div class="app">
            <header><h1>{ "pipelens" }</h1><span class="status"></span>{ actions }</header>
            <main class="page" data-testid="not-connected">
                <h2>{ title }</h2>
                <p data-testid="not-connected-message">{ why }</p>
                <ul>
                    <li><a href={Route::Editor.to_fragment()}>{ "Open the editor" }</a></li>
                    if let Some(href) = original {
                        <li><a {href} rel="noreferrer" data-testid="gitlab-link">{ "Open it on GitLab" }</a></li>
                    }
                </ul>
            </main>
        </div>
    }
}
