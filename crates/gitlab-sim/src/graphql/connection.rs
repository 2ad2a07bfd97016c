//! Relay connections as GitLab serves them: `nodes`, `pageInfo`, cursors, at most 100 nodes a page
//! (`default_max_page_size 100` in `app/graphql/gitlab_schema.rb`).

use async_graphql::SimpleObject;

pub const MAX_PAGE_SIZE: usize = 100;

#[derive(Clone, Debug, SimpleObject)]
#[graphql(name = "PageInfo")]
pub struct PageInfo {
    pub end_cursor: Option<String>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
}

/// The paging arguments every connection field takes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Window<'a> {
    pub after: Option<&'a str>,
    pub before: Option<&'a str>,
    pub first: Option<i32>,
    pub last: Option<i32>,
}

/// Cursors are opaque to clients; here the position in the list, as text.
fn cursor(i: usize) -> String {
    format!("sim:{i}")
}

fn position(c: &str) -> Option<usize> {
    c.strip_prefix("sim:")?.parse().ok()
}

/// The slice of `items` the window selects, and its page info.
pub fn slice<T>(items: Vec<T>, w: Window<'_>) -> (Vec<T>, PageInfo) {
    let len = items.len();
    let mut start = w.after.and_then(position).map(|p| p + 1).unwrap_or(0).min(len);
    let mut end = w.before.and_then(position).unwrap_or(len).min(len).max(start);
    let size = |n: Option<i32>| n.map(|n| (n.max(0) as usize).min(MAX_PAGE_SIZE));
    if let Some(first) = size(w.first) {
        end = end.min(start + first);
    } else if let Some(last) = size(w.last) {
        start = start.max(end.saturating_sub(last));
    } else {
        end = end.min(start + MAX_PAGE_SIZE);
    }
    let info = PageInfo {
        start_cursor: (start < end).then(|| cursor(start)),
        end_cursor: (start < end).then(|| cursor(end - 1)),
        has_next_page: end < len,
        has_previous_page: start > 0,
    };
    let page = items.into_iter().skip(start).take(end - start).collect();
    (page, info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_after_and_last() {
        let all: Vec<u32> = (0..250).collect();
        let (page, info) = slice(all.clone(), Window { first: Some(10), ..Default::default() });
        assert_eq!((page.len(), info.has_next_page, info.end_cursor.as_deref()), (10, true, Some("sim:9")));
        let (page, info) = slice(all.clone(), Window { first: Some(10), after: Some("sim:9"), ..Default::default() });
        assert_eq!((page[0], info.has_previous_page), (10, true));
        let (page, _) = slice(all.clone(), Window { last: Some(3), ..Default::default() });
        assert_eq!(page, [247, 248, 249]);
        let (page, info) = slice(all, Window { first: Some(1000), ..Default::default() });
        assert_eq!((page.len(), info.has_next_page), (100, true));
    }
}
