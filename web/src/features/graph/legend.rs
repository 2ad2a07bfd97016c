//! What the job boxes' icons and colours mean (the same table core's SVG export uses), and the toggle that
//! shows the jobs left out of this pipeline.

use pipelens_core::legend::{ALL, ALLOW_FAILURE_ICON};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub show_excluded: bool,
    pub excluded: usize,
    pub on_toggle_excluded: Callback<()>,
}

#[function_component(Legend)]
pub fn legend(props: &LegendProps) -> Html {
    let items: Html = ALL
        .iter()
        .map(|k| {
            html! {
                <li data-kind={k.id()}>
                    <span class="icon" style={format!("color: {}", k.colour())} aria-hidden="true">{ k.icon() }</span>
                    { k.label() }
                </li>
            }
        })
        .collect();
    let toggle = props.on_toggle_excluded.reform(|_: Event| ());
    html! {
        <details class="legend" data-testid="legend">
            <summary>{ "Legend" }</summary>
            <div class="popover">
            <ul>
                { items }
                <li><span class="icon" aria-hidden="true">{ ALLOW_FAILURE_ICON }</span>{ "allowed to fail" }</li>
                <li><span class="icon" aria-hidden="true">{ "×N" }</span>{ "a parallel group of N jobs (click to expand)" }</li>
            </ul>
            // Only when jobs were left out (a live pipeline has none: GitLab created what it shows).
            if props.excluded > 0 {
                <label>
                    <input type="checkbox" data-testid="show-excluded" checked={props.show_excluded} onchange={toggle} />
                    { format!("Show the {} job(s) left out, greyed", props.excluded) }
                </label>
            }
            </div>
        </details>
    }
}
