//! Offset pagination as GitLab does it (`doc/api/rest/_index.md`, "Offset-based pagination"): `page`
//! (default 1), `per_page` (default 20, at most 100), the `x-*` headers and a `Link` header with
//! `prev`, `next`, `first`, `last`. Past 10,000 records `x-total`, `x-total-pages` and `last` are left out.

use crate::rest::Params;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub const DEFAULT_PER_PAGE: usize = 20;
pub const MAX_PER_PAGE: usize = 100;
/// Above this count GitLab stops counting.
pub const COUNT_LIMIT: usize = 10_000;

/// One page of `items` with its headers. `base` is `http://host`, `path` the request path.
pub fn page(items: Vec<Value>, params: &Params, base: &str, path: &str) -> Response {
    let per_page = params
        .get("per_page")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PER_PAGE)
        .min(MAX_PER_PAGE);
    let page = params.get("page").and_then(|v| v.parse::<usize>().ok()).filter(|n| *n > 0).unwrap_or(1);
    let total = items.len();
    let total_pages = total.div_ceil(per_page).max(1);
    let chunk: Vec<Value> = items.into_iter().skip((page - 1).saturating_mul(per_page)).take(per_page).collect();
    let next = (page < total_pages).then_some(page + 1);
    let prev = (page > 1).then(|| (page - 1).min(total_pages));
    let counted = total <= COUNT_LIMIT;

    let kept: Vec<String> = params
        .pairs()
        .iter()
        .filter(|(k, _)| k != "page" && k != "per_page")
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    let url = |n: usize| {
        let mut q = kept.clone();
        q.push(format!("page={n}"));
        q.push(format!("per_page={per_page}"));
        format!("<{base}{path}?{}>", q.join("&"))
    };
    let mut links = Vec::new();
    if let Some(p) = prev {
        links.push(format!("{}; rel=\"prev\"", url(p)));
    }
    if let Some(n) = next {
        links.push(format!("{}; rel=\"next\"", url(n)));
    }
    links.push(format!("{}; rel=\"first\"", url(1)));
    if counted {
        links.push(format!("{}; rel=\"last\"", url(total_pages)));
    }

    let mut h = HeaderMap::new();
    let set = |h: &mut HeaderMap, k: &'static str, v: String| {
        h.insert(k, HeaderValue::from_str(&v).unwrap_or(HeaderValue::from_static("")));
    };
    set(&mut h, "x-page", page.to_string());
    set(&mut h, "x-per-page", per_page.to_string());
    set(&mut h, "x-next-page", next.map(|n| n.to_string()).unwrap_or_default());
    set(&mut h, "x-prev-page", prev.map(|n| n.to_string()).unwrap_or_default());
    if counted {
        set(&mut h, "x-total", total.to_string());
        set(&mut h, "x-total-pages", total_pages.to_string());
    }
    set(&mut h, "link", links.join(", "));
    (h, axum::Json(Value::Array(chunk))).into_response()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(n: usize, query: &[(&str, &str)]) -> HeaderMap {
        let items = (0..n).map(|i| serde_json::json!(i)).collect();
        let params = Params::new(query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        page(items, &params, "http://h", "/api/v4/x").headers().clone()
    }

    #[test]
    fn last_page_has_empty_next_and_keeps_other_parameters() {
        let h = headers(45, &[("page", "3"), ("scope[]", "failed")]);
        assert_eq!(h["x-next-page"], "");
        assert_eq!(h["x-prev-page"], "2");
        assert_eq!(
            h["link"],
            "<http://h/api/v4/x?scope%5B%5D=failed&page=2&per_page=20>; rel=\"prev\", \
             <http://h/api/v4/x?scope%5B%5D=failed&page=1&per_page=20>; rel=\"first\", \
             <http://h/api/v4/x?scope%5B%5D=failed&page=3&per_page=20>; rel=\"last\""
        );
    }

    #[test]
    fn no_totals_past_ten_thousand() {
        let h = headers(10_001, &[("per_page", "100")]);
        assert!(h.get("x-total").is_none() && h.get("x-total-pages").is_none());
        assert!(!h["link"].to_str().unwrap().contains("rel=\"last\""));
        assert_eq!(headers(10_000, &[])["x-total"], "10000");
    }
}
