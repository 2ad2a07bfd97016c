//! The plain request and response every endpoint builds and parses. No IO here: a transport turns a
//! [`Request`] into a [`Response`].

use crate::url::encode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One HTTP request. `origin` is filled by the [`Client`](crate::Client) from its base URL; endpoints
/// leave it empty and set the path below the instance (`/api/v4/...`).
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub origin: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

impl Request {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request { method, origin: String::new(), path: path.into(), query: Vec::new(), headers: Vec::new(), body: None }
    }

    pub fn get(path: impl Into<String>) -> Self {
        Request::new(Method::Get, path)
    }

    pub fn post(path: impl Into<String>) -> Self {
        Request::new(Method::Post, path)
    }

    /// Adds a query pair.
    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    /// Adds a query pair when the value is present.
    pub fn query_opt(self, key: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Sets a JSON body and its content type.
    pub fn json(mut self, body: &serde_json::Value) -> Self {
        self.headers.push(("Content-Type".into(), "application/json".into()));
        self.body = Some(body.to_string().into_bytes());
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Path and encoded query, as written after the origin.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let q: Vec<String> = self.query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        format!("{}?{}", self.path, q.join("&"))
    }

    /// The absolute URL.
    pub fn url(&self) -> String {
        format!("{}{}", self.origin, self.path_and_query())
    }
}

/// Prints everything but header values, which may hold the token.
impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url())
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

/// One HTTP response as the transport received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Response { status, headers: Vec::new(), body: body.into() }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A header by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encodes_query_values() {
        let mut r = Request::get("/api/v4/projects").query("search", "a b&c").query("page", 2);
        r.origin = "https://h".into();
        assert_eq!(r.url(), "https://h/api/v4/projects?search=a%20b%26c&page=2");
    }

    #[test]
    fn debug_hides_header_values() {
        let mut r = Request::get("/x");
        r.headers.push(("PRIVATE-TOKEN".into(), "glpat-SECRET".into()));
        let shown = format!("{r:?}");
        assert!(shown.contains("PRIVATE-TOKEN") && !shown.contains("SECRET"), "{shown}");
    }

    #[test]
    fn header_lookup_ignores_case() {
        let r = Response::new(200, "").with_header("X-Next-Page", "3");
        assert_eq!(r.header("x-next-page"), Some("3"));
        assert_eq!(r.header("link"), None);
    }
}
