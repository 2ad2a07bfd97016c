//! Offset pagination (`doc/api/rest/_index.md`, "Pagination"): the `x-*` headers describe the page and
//! `Link` points at the others. GitLab asks clients to follow `Link` rather than build URLs, and omits
//! `x-total`, `x-total-pages` and `rel="last"` past 10,000 records, so only `next` is relied on.

use crate::http::Response;

/// GitLab's maximum `per_page`.
pub const MAX_PER_PAGE: u32 = 100;

/// The `Link` header's targets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    pub next: Option<String>,
    pub prev: Option<String>,
    pub first: Option<String>,
    pub last: Option<String>,
}

impl Links {
    /// Parses `<url>; rel="next", <url>; rel="first"`. Unknown relations and broken entries are skipped.
    pub fn parse(header: &str) -> Links {
        let mut links = Links::default();
        let mut rest = header;
        while let Some(open) = rest.find('<') {
            let Some(close) = rest[open..].find('>') else { break };
            let target = &rest[open + 1..open + close];
            let after = &rest[open + close + 1..];
            let params_end = after.find('<').unwrap_or(after.len());
            let params = &after[..params_end];
            for param in params.split(';') {
                let Some((key, value)) = param.split_once('=') else { continue };
                if !key.trim().eq_ignore_ascii_case("rel") {
                    continue;
                }
                for rel in value.trim().trim_matches(',').trim().trim_matches('"').split_whitespace() {
                    let slot = match rel {
                        "next" => &mut links.next,
                        "prev" => &mut links.prev,
                        "first" => &mut links.first,
                        "last" => &mut links.last,
                        _ => continue,
                    };
                    *slot = Some(target.to_string());
                }
            }
            rest = &after[params_end..];
        }
        links
    }
}

/// What a page's headers say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub next_page: Option<u32>,
    pub prev_page: Option<u32>,
    /// Absent past 10,000 records and on endpoints paginated without count.
    pub total: Option<u64>,
    pub total_pages: Option<u32>,
    pub links: Links,
}

impl PageInfo {
    pub fn from_response(response: &Response) -> PageInfo {
        let num = |name: &str| response.header(name).and_then(|v| v.trim().parse().ok());
        PageInfo {
            page: num("x-page"),
            per_page: num("x-per-page"),
            next_page: num("x-next-page"),
            prev_page: num("x-prev-page"),
            total: response.header("x-total").and_then(|v| v.trim().parse().ok()),
            total_pages: num("x-total-pages"),
            links: response.header("link").map(Links::parse).unwrap_or_default(),
        }
    }
}

/// One page of items; `next` is the request for the following page, when there is one.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub info: PageInfo,
    pub next: Option<crate::http::Request>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gitlab_link_header() {
        // The shape of the example in doc/api/rest/_index.md, "Pagination Link header".
        let h = r#"<https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel="prev", <https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel="next", <https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3>; rel="first", <https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3>; rel="last""#;
        let l = Links::parse(h);
        assert_eq!(
            l.next.as_deref(),
            Some("https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=3&per_page=3")
        );
        assert_eq!(
            l.prev.as_deref(),
            Some("https://gitlab.example.com/api/v4/projects/8/issues/8/notes?page=1&per_page=3")
        );
        assert!(l.first.is_some() && l.last.is_some());
    }

    #[test]
    fn link_without_next_and_junk() {
        assert_eq!(Links::parse(r#"<https://h/a?page=1>; rel="first""#).next, None);
        assert_eq!(Links::parse("garbage"), Links::default());
        assert_eq!(Links::parse("<https://h/a"), Links::default());
        assert_eq!(Links::parse(r#"<https://h/x>; rel=next"#).next.as_deref(), Some("https://h/x"));
    }

    #[test]
    fn page_info_from_headers_empty_next_page() {
        let r = Response::new(200, "[]")
            .with_header("x-page", "3")
            .with_header("x-per-page", "20")
            .with_header("x-next-page", "")
            .with_header("x-prev-page", "2")
            .with_header("x-total", "45")
            .with_header("x-total-pages", "3");
        let i = PageInfo::from_response(&r);
        assert_eq!(
            (i.page, i.per_page, i.next_page, i.prev_page, i.total, i.total_pages),
            (Some(3), Some(20), None, Some(2), Some(45), Some(3))
        );
    }
}
