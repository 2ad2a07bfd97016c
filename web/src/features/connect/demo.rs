//! `#/demo`: connects to the demo GitLab (this tab only) and goes to its projects.

use super::dialog::verify;
use crate::services::gitlab::errors::describe;
use crate::services::gitlab::{demo, GitLab};
use yew::prelude::*;

#[function_component(DemoPage)]
pub fn demo_page() -> Html {
    let gitlab = use_context::<GitLab>().expect("the app provides GitLab");
    let error = use_state(|| None::<String>);
    {
        let error = error.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let url = demo::url().await;
                let Some(connection) = demo::connection(&url) else {
                    error.set(Some(format!("{url} is not a usable address for the demo GitLab.")));
                    return;
                };
                match verify(&connection).await {
                    Ok(()) => {
                        let mut next = (*gitlab.connections).clone();
                        next.connect(connection);
                        gitlab.update.emit(next);
                        if let Some(w) = web_sys::window() {
                            // Replaces `#/demo`, so going back does not connect again.
                            let _ = w.location().replace("#/gitlab");
                        }
                    }
                    Err(e) => error.set(Some(format!(
                        "{} Is the demo running? `./dev serve` starts it.",
                        describe(&e, &connection.base_url)
                    ))),
                }
            });
        });
    }
    html! {
        <div class="app">
            <header><h1>{ "pipelens" }</h1></header>
            <main class="page" data-testid="demo">
                <h2>{ "The demo GitLab" }</h2>
                {
                    match &*error {
                        Some(message) => html! { <p class="error" role="alert" data-testid="demo-error">{ message }</p> },
                        None => html! { <p>{ "Connecting to the demo GitLab…" }</p> },
                    }
                }
            </main>
        </div>
    }
}
