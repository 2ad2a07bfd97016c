//! A small key/value form for CI/CD variables (playing a manual job, running a pipeline). What the user
//! typed stays in the fields until they change it, whatever the answer.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The rows held in `rows`; `id` prefixes the fields' test hooks (`play-var`, `run-var`). A plain function
/// rather than a component: it holds no state of its own, and each component costs the bundle a few KB.
pub fn variables(rows: &UseStateHandle<Vec<(String, String)>>, id: &'static str) -> Html {
    let rows = rows.clone();
    let edit = |i: usize, value: bool| {
        let rows = rows.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = (*rows).clone();
            if let Some(row) = next.get_mut(i) {
                if value {
                    row.1 = text;
                } else {
                    row.0 = text;
                }
            }
            rows.set(next);
        })
    };
    let add = {
        let rows = rows.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*rows).clone();
            next.push(Default::default());
            rows.set(next);
        })
    };
    html! {
        <fieldset class="variables" data-testid={format!("{id}s")}>
            <legend>{ "Variables" }</legend>
            { for rows.iter().enumerate().map(|(i, (k, v))| html! {
                <div class="variable">
                    <input data-testid={format!("{id}-key-{i}")} placeholder="KEY" aria-label="variable key" value={k.clone()} onchange={edit(i, false)} />
                    <input data-testid={format!("{id}-value-{i}")} placeholder="value" aria-label="variable value" value={v.clone()} onchange={edit(i, true)} />
                </div>
            }) }
            <button type="button" data-testid={format!("{id}-add")} onclick={add}>{ "Add variable" }</button>
        </fieldset>
    }
}
