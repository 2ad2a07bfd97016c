//! One row of the log: its number (a permalink), its time, the fold toggle and duration of a section
//! header, and its spans as text nodes with GitLab's classes. Text is never markup: each span's bytes
//! become a Yew text node. Clicks are the page's (`data-act`), not one callback per row.

use super::style::css;
use pipelens_joblog::view::{duration, Folds};
use pipelens_joblog::{LogIndex, TIMESTAMP_LEN};
use yew::prelude::*;

/// What a row needs besides its line.
pub struct RowCtx<'a> {
    pub raw: &'a [u8],
    pub index: &'a LogIndex,
    pub folds: &'a Folds,
    /// The page's own address, to which `#L<n>` is added.
    pub base: &'a str,
    pub timestamps: bool,
}

/// The row of 0-based line `i`, at `top` pixels.
pub fn row(c: &RowCtx<'_>, i: u32, highlighted: bool, matched: bool, current: bool) -> Html {
    let Some(line) = c.index.lines.get(i as usize) else { return Html::default() };
    let n = i + 1;
    let href = format!("{}#L{n}", c.base);
    let time = line
        .timestamp
        .filter(|_| c.timestamps)
        .and_then(|at| c.raw.get(at as usize..at as usize + TIMESTAMP_LEN))
        .map(|t| String::from_utf8_lossy(t).into_owned());
    let header = line.header_of.map(|id| {
        let section = &c.index.sections[id as usize];
        let collapsed = c.folds.is_collapsed(c.index, id);
        let label = if collapsed { "▸" } else { "▾" };
        let shown = section.duration().filter(|_| !section.options.hide_duration).map(duration);
        (html! {
            <button type="button" class="fold" data-act="fold" data-id={id.to_string()} data-section={section.name.clone()}
                data-collapsed={collapsed.to_string()} aria-expanded={(!collapsed).to_string()}>{ label }</button>
        }, shown)
    });
    let spans = c.index.spans_of(line).iter().map(|s| {
        let r = s.range();
        let text = c.raw.get(r.start as usize..r.end as usize).map(String::from_utf8_lossy).unwrap_or_default();
        let (class, style) = css(&s.style);
        let class = (!class.is_empty()).then_some(class);
        let style = (!style.is_empty()).then_some(style);
        html! { <span {class} {style}>{ text.into_owned() }</span> }
    });
    let class = classes!(
        "log-line",
        highlighted.then_some("hl"),
        matched.then_some("match"),
        current.then_some("current"),
        header.is_some().then_some("section-header")
    );
    let (fold, shown) = match header {
        Some((button, shown)) => (button, shown),
        None => (Html::default(), None),
    };
    html! {
        <div {class} key={i} data-line={n.to_string()}>
            <a class="ln" data-act="ln" href={href}>{ n }</a>
            if let Some(t) = time { <span class="ts" title={t.clone()}>{ t.get(11..19).unwrap_or_default().to_string() }</span> }
            { fold }
            <span class="text">{ for spans }</span>
            if let Some(d) = shown { <span class="duration" data-testid="section-duration">{ d }</span> }
        </div>
    }
}
