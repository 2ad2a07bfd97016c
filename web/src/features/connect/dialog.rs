//! The connect dialog. What the user typed stays in the fields whatever goes wrong; each failure gets its
//! own message. The token is checked by listing one of the user's projects.

use crate::services::gitlab::errors::describe;
use crate::services::gitlab::{demo, fetch, Connection, GitLab, Keep};
use pipelens_gitlab_api::endpoints::Projects;
use pipelens_gitlab_api::ApiError;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// `[data-testid=connect]`: opens the dialog; names the instance in use. A plain function, not a component:
/// each component costs the bundle a few KB.
pub fn connect_button(gitlab: &GitLab) -> Html {
    let label = match gitlab.active() {
        Some(c) if c.demo => "GitLab: demo".to_string(),
        Some(c) => format!("GitLab: {}", host_of(&c.base_url)),
        None => "Connect to GitLab".to_string(),
    };
    let onclick = gitlab.open_dialog.reform(|_: MouseEvent| ());
    html! { <button type="button" data-testid="connect" {onclick}>{ label }</button> }
}

fn host_of(base_url: &str) -> &str {
    base_url.split_once("://").map_or(base_url, |(_, rest)| rest)
}

#[derive(Properties, PartialEq)]
pub struct ConnectDialogProps {
    pub gitlab: GitLab,
    /// Opened by `#/demo`: connects to the demo GitLab at once.
    #[prop_or_default]
    pub demo: bool,
    pub on_close: Callback<()>,
    /// Called after a successful connection (the app then shows the projects).
    pub on_connected: Callback<()>,
}

/// Checks a connection's token: one page of one project the user is a member of.
pub async fn verify(connection: &Connection) -> Result<(), ApiError> {
    let client = connection.client()?;
    let projects = Projects { membership: Some(true), simple: Some(true), ..Default::default() };
    fetch::first_page(&client, client.prepare_page(&projects, 1)).await.map(|_| ())
}

#[function_component(ConnectDialog)]
pub fn connect_dialog(props: &ConnectDialogProps) -> Html {
    let gitlab = props.gitlab.clone();
    let url = use_state(|| gitlab.active().map_or_else(|| "https://gitlab.com".to_string(), |c| c.base_url.clone()));
    let token = use_state(String::new);
    let keep = use_state(|| Keep::Tab);
    let error = use_state(|| None::<String>);

    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_remember = {
        let keep = keep.clone();
        Callback::from(move |e: Event| {
            let remember = e.target_unchecked_into::<HtmlInputElement>().checked();
            keep.set(if remember { Keep::Browser } else { Keep::Tab });
        })
    };
    // Adds the connection once GitLab accepted its token; otherwise says why, keeping the fields.
    let attempt = {
        let (gitlab, error) = (gitlab.clone(), error.clone());
        let on_connected = props.on_connected.clone();
        Callback::from(move |connection: Connection| {
            let (gitlab, error, on_connected) = (gitlab.clone(), error.clone(), on_connected.clone());
            error.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let result = verify(&connection).await;
                match result {
                    Ok(()) => {
                        let mut next = (*gitlab.connections).clone();
                        next.connect(connection);
                        gitlab.update.emit(next);
                        on_connected.emit(());
                    }
                    Err(e) => {
                        let hint = if connection.demo { " Is the demo running? `./dev serve` starts it." } else { "" };
                        error.set(Some(format!("{}{hint}", describe(&e, &connection.base_url))));
                    }
                }
            });
        })
    };
    let connect = {
        let (url, token, keep, error, attempt) =
            (url.clone(), token.clone(), keep.clone(), error.clone(), attempt.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match Connection::new(&url, &token, *keep) {
                Ok(connection) => attempt.emit(connection),
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let use_demo = {
        let (attempt, error) = (attempt.clone(), error.clone());
        Callback::from(move |_: ()| {
            let (attempt, error) = (attempt.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match demo::connection(&demo::url().await) {
                    Some(c) => attempt.emit(c),
                    None => error.set(Some("The demo GitLab's address is not usable.".into())),
                }
            });
        })
    };
    {
        let use_demo = use_demo.clone();
        use_effect_with(props.demo, move |demo| {
            if *demo {
                use_demo.emit(());
            }
        });
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    let known = gitlab.connections.list().iter().map(|c| {
        let base = c.base_url.clone();
        let active = gitlab.active().map(|a| &a.base_url) == Some(&c.base_url);
        let select = {
            let (gitlab, base, on_connected) = (gitlab.clone(), base.clone(), props.on_connected.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = (*gitlab.connections).clone();
                next.select(&base);
                gitlab.update.emit(next);
                on_connected.emit(());
            })
        };
        let forget = {
            let (gitlab, base) = (gitlab.clone(), base.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = (*gitlab.connections).clone();
                next.forget(&base);
                gitlab.update.emit(next);
            })
        };
        let kept = if c.keep == Keep::Browser { " (remembered)" } else { "" };
        let name = if c.demo { format!("{} (demo GitLab)", c.base_url) } else { c.base_url.clone() };
        html! {
            <li data-connection={base.clone()}>
                <span>{ name }{ if active { " · in use" } else { "" } }</span>
                <small>{ kept }</small>
                if !active { <button type="button" onclick={select}>{ "Use" }</button> }
                <button type="button" data-testid="forget" onclick={forget}>{ "Forget token" }</button>
            </li>
        }
    });
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="connect-title" data-testid="connect-dialog">
                <h2 id="connect-title">{ "Connect to GitLab" }</h2>
                if !gitlab.connections.list().is_empty() {
                    <ul class="connections">{ for known }</ul>
                }
                <form onsubmit={connect}>
                    <label>{ "GitLab address" }
                        <input type="url" data-testid="connect-url" value={(*url).clone()} oninput={text_input(&url)}
                            placeholder="https://gitlab.example.com" autocomplete="url" />
                    </label>
                    <label>{ "Access token" }
                        <input type="password" data-testid="connect-token" value={(*token).clone()} oninput={text_input(&token)}
                            autocomplete="off" spellcheck="false" />
                        <small>{ "A personal, project or group access token: read_api to view pipelines, api to also run, retry and cancel them." }</small>
                    </label>
                    <label class="inline"><input type="checkbox" data-testid="keep-browser" checked={*keep == Keep::Browser} onchange={on_remember} />
                        { " Remember the token in this browser (else: this tab only)" }</label>
                    if let Some(message) = &*error {
                        <p class="error" role="alert" data-testid="connect-error">{ message }</p>
                    }
                    <div class="actions">
                        <button type="submit" data-testid="connect-submit">{ "Connect" }</button>
                        <button type="button" data-testid="connect-demo" onclick={use_demo.reform(|_: MouseEvent| ())}
                            title="The GitLab simulator that ./dev serve starts, with demo data">{ "Use the demo GitLab" }</button>
                        <button type="button" data-testid="connect-close" onclick={close}>{ "Close" }</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
