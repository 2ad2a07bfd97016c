//! The page for a GitLab pipeline or job address while pipelens has no GitLab connection: it names what the
//! address points at and says plainly that nothing was fetched.

use crate::route::{GitLabRef, Route};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NotConnectedProps {
    /// `pipelines` or `jobs`, as in the GitLab path.
    pub kind: &'static str,
    pub target: GitLabRef,
}

#[function_component(NotConnected)]
pub fn not_connected(props: &NotConnectedProps) -> Html {
    let r = &props.target;
    let what = if props.kind == "jobs" { "Job" } else { "Pipeline" };
    let on = r.instance.as_deref().map(|i| format!(" on {i}")).unwrap_or_default();
    // The page itself on GitLab, when the address said which GitLab.
    let original = r.instance.as_ref().map(|i| {
        let href = format!("{i}/{}/-/{}/{}", r.project, props.kind, r.id);
        html! { <li><a {href} rel="noreferrer" data-testid="gitlab-link">{ "Open it on GitLab" }</a></li> }
    });
    html! {
        <div class="app">
            <header><h1>{ "pipelens" }</h1></header>
            <main class="page" data-testid="not-connected">
                <h2>{ format!("{what} #{} of {}{on}", r.id, r.project) }</h2>
                <p data-testid="not-connected-message">
                    { "pipelens is not connected to GitLab yet, so it cannot show this live. Nothing was fetched." }
                </p>
                <ul>
                    <li><a href={Route::Editor.to_fragment()}>{ "Open the editor" }</a></li>
                    { original }
                </ul>
            </main>
        </div>
    }
}
