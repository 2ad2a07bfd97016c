//! The wall's configuration form: sources one a line, include and exclude patterns, the pace, grouping
//! and notifications; apply (and save in this browser), export as JSON or YAML, import either, copy a share
//! link. The fields are plain inputs read when applied, so what the user typed stays while they fix it.
//! No field holds a token: each instance's token is the connection's.

use super::sync;
use crate::services::download;
use pipelens_wall::config::{parse_sources, sources_text, GroupBy, Notify, WallConfig};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

pub struct FormProps {
    pub config: WallConfig,
    pub on_apply: Callback<WallConfig>,
    /// Why the saved or linked configuration could not be used.
    pub problem: Option<String>,
}

fn element<T: JsCast>(id: &str) -> Option<T> {
    web_sys::window()?.document()?.get_element_by_id(id)?.dyn_into().ok()
}

fn value(id: &str) -> String {
    element::<HtmlInputElement>(id).map(|e| e.value()).unwrap_or_default()
}

fn checked(id: &str) -> bool {
    element::<HtmlInputElement>(id).is_some_and(|e| e.checked())
}

fn show_message(text: &str) {
    if let Some(p) = element::<web_sys::HtmlElement>("wall-form-message") {
        p.set_inner_text(text);
    }
}

/// The configuration the fields describe.
fn read_form() -> Result<WallConfig, String> {
    let sources =
        parse_sources(&element::<HtmlTextAreaElement>("wall-sources").map(|e| e.value()).unwrap_or_default())?;
    let group_by = match element::<HtmlSelectElement>("wall-group-by").map(|e| e.value()).as_deref() {
        Some("group") => GroupBy::Group,
        Some("instance") => GroupBy::Instance,
        _ => GroupBy::Nothing,
    };
    let c = WallConfig {
        sources,
        include: value("wall-include"),
        exclude: value("wall-exclude"),
        interval_s: value("wall-interval")
            .trim()
            .parse::<u32>()
            .map_err(|_| "The interval is a number of seconds.")?
            .clamp(5, 3600),
        group_by,
        notify: Notify { sound: checked("wall-sound"), flash: checked("wall-flash"), browser: checked("wall-browser") },
    };
    c.filter()?;
    Ok(c)
}

pub fn config_form(p: FormProps) -> Html {
    let c = &p.config;
    let apply = {
        let on_apply = p.on_apply.clone();
        Callback::from(move |_: MouseEvent| match read_form() {
            Ok(c) => match sync::save_config(&c) {
                Ok(()) => on_apply.emit(c),
                Err(e) => show_message(&e),
            },
            Err(e) => show_message(&e),
        })
    };
    let export = |yaml: bool| {
        Callback::from(move |_: MouseEvent| match read_form() {
            Ok(c) => {
                let saved = if yaml {
                    download::save("pipelens-wall.yaml", "application/yaml", &c.to_yaml())
                } else {
                    let text = serde_json::to_string_pretty(&c.to_json()).unwrap_or_default();
                    download::save("pipelens-wall.json", "application/json", &text)
                };
                if let Err(e) = saved {
                    show_message(&e);
                }
            }
            Err(e) => show_message(&e),
        })
    };
    let share = Callback::from(|_: MouseEvent| match read_form() {
        Ok(c) => {
            let Some(w) = web_sys::window() else { return };
            let base = w.location().href().unwrap_or_default();
            let base = base.split('#').next().unwrap_or_default().to_string();
            let link = format!("{base}#/wall?config={}", c.to_link_code());
            let _ = w.navigator().clipboard().write_text(&link);
            if let Some(e) = element::<HtmlInputElement>("wall-link") {
                e.set_value(&link);
            }
            show_message("The link is copied: it holds the wall, never a token.");
        }
        Err(e) => show_message(&e),
    });
    let import = {
        let on_apply = p.on_apply.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let on_apply = on_apply.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
                match text.map(|t| WallConfig::parse(&t)) {
                    Some(Ok(c)) => match sync::save_config(&c) {
                        Ok(()) => on_apply.emit(c),
                        Err(e) => show_message(&e),
                    },
                    Some(Err(e)) => show_message(&e),
                    None => show_message("The file could not be read as text."),
                }
            });
        })
    };
    // The browser asks for permission on this click (a user's gesture), not when a pipeline fails.
    let ask_permission = Callback::from(|_: Event| {
        if checked("wall-browser") && web_sys::Notification::permission() == web_sys::NotificationPermission::Default {
            let _ = web_sys::Notification::request_permission();
        }
    });
    let group_by = match c.group_by {
        GroupBy::Nothing => "none",
        GroupBy::Group => "group",
        GroupBy::Instance => "instance",
    };
    html! {
        <section class="wall-form" data-testid="wall-form">
            if let Some(problem) = &p.problem { <p class="error" role="alert">{ problem }</p> }
            <label>{ "Projects, one source a line: " }<code>{ "group <path>" }</code>{ " (with subgroups), " }
                <code>{ "topic <name>" }</code>{ ", " }<code>{ "project <path>" }</code>{ "; add " }
                <code>{ "with default; branches <regex>; tags <regex>; merge requests; schedules" }</code>
                { " for refs other than the default branch (a kind without a regex: all of them), and " }
                <code>{ "on <https://instance>" }</code>{ " for another connected GitLab." }
                <textarea id="wall-sources" data-testid="wall-sources" rows="4" value={sources_text(&c.sources)} />
            </label>
            <div class="filters">
                <label>{ "Only paths matching " }<input id="wall-include" data-testid="wall-include" value={c.include.clone()} placeholder="regex" /></label>
                <label>{ "Except paths matching " }<input id="wall-exclude" data-testid="wall-exclude" value={c.exclude.clone()} placeholder="regex" /></label>
                <label>{ "Every " }<input id="wall-interval" type="number" min="5" max="3600" value={c.interval_s.to_string()} />{ " s" }</label>
                <label>{ "Group by " }
                    <select id="wall-group-by">
                        <option value="none" selected={group_by == "none"}>{ "nothing" }</option>
                        <option value="group" selected={group_by == "group"}>{ "group" }</option>
                        <option value="instance" selected={group_by == "instance"}>{ "instance" }</option>
                    </select>
                </label>
            </div>
            <div class="filters">
                { "When a pipeline newly fails or recovers: " }
                <label><input id="wall-flash" type="checkbox" checked={c.notify.flash} />{ " flash" }</label>
                <label><input id="wall-sound" type="checkbox" checked={c.notify.sound} />{ " sound" }</label>
                <label><input id="wall-browser" type="checkbox" checked={c.notify.browser} onchange={ask_permission} />{ " notification" }</label>
            </div>
            <div class="filters">
                <button type="button" data-testid="wall-apply" onclick={apply}>{ "Show and save" }</button>
                <button type="button" data-testid="wall-export-json" onclick={export(false)}>{ "Export JSON" }</button>
                <button type="button" data-testid="wall-export-yaml" onclick={export(true)}>{ "Export YAML" }</button>
                <label class="button">{ "Import JSON or YAML " }<input type="file" accept=".json,.yaml,.yml,application/json,application/yaml" data-testid="wall-import" onchange={import} /></label>
                <button type="button" data-testid="wall-share" onclick={share}>{ "Copy share link" }</button>
                <input id="wall-link" readonly=true aria-label="share link" />
            </div>
            <p id="wall-form-message" class="muted" role="status" data-testid="wall-form-message"></p>
        </section>
    }
}
