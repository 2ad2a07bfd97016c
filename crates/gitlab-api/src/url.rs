//! Just enough URL handling for the client: the base URL's origin, percent-encoding of path segments
//! and query pairs, and splitting a `Link` target back into path and query. A full URL crate would
//! weigh more in the browser bundle than this whole file.

use crate::error::ApiError;

/// `scheme://host[:port]` plus an optional path prefix (GitLab under a relative URL root), no trailing `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    prefix: String,
}

impl BaseUrl {
    /// Parses `https://gitlab.example.com` or `http://127.0.0.1:3000/gitlab`. Only `http` and `https`.
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let (origin, rest) =
            split_origin(text.trim()).ok_or_else(|| ApiError::InvalidUrl(format!("not an http(s) URL: {text}")))?;
        if rest.contains(['?', '#']) {
            return Err(ApiError::InvalidUrl(format!("a base URL has no query or fragment: {text}")));
        }
        Ok(BaseUrl { origin, prefix: rest.trim_end_matches('/').to_string() })
    }

    /// `scheme://host[:port]`, lowercase scheme and host, default port dropped.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The path prefix before `/api/...` (empty for an instance at the root).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }
}

/// Splits an absolute URL into its normalised origin and the rest (path, query).
pub(crate) fn split_origin(url: &str) -> Option<(String, &str)> {
    let (scheme, after) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let mut host = authority.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    if host.ends_with(default_port) {
        host.truncate(host.len() - default_port.len());
    }
    Some((format!("{scheme}://{host}"), rest))
}

/// Splits `path?a=1&b=2` into the path and decoded query pairs.
pub(crate) fn split_path_query(rest: &str) -> (String, Vec<(String, String)>) {
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    (path.to_string(), pairs)
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so `/` becomes `%2F` as GitLab wants
/// for project paths, file paths and refs used as one path segment.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` and `+` (as in form-encoded queries); invalid escapes are kept as written.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_origin_and_prefix() {
        let b = BaseUrl::parse("HTTPS://GitLab.Example.com:443/gitlab/").unwrap();
        assert_eq!(b.origin(), "https://gitlab.example.com");
        assert_eq!(b.prefix(), "/gitlab");
        let b = BaseUrl::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(b.origin(), "http://127.0.0.1:8080");
        assert_eq!(b.prefix(), "");
    }

    #[test]
    fn base_url_rejects_other_schemes_and_userinfo() {
        assert!(BaseUrl::parse("ftp://x").is_err());
        assert!(BaseUrl::parse("https://user:pw@x").is_err());
        assert!(BaseUrl::parse("gitlab.com").is_err());
        assert!(BaseUrl::parse("https://x/?a=1").is_err());
    }

    #[test]
    fn encode_slashes_for_one_segment() {
        assert_eq!(encode("group/sub/proj"), "group%2Fsub%2Fproj");
        assert_eq!(encode("ci/a b.yml"), "ci%2Fa%20b.yml");
    }

    #[test]
    fn decode_round_trip_and_bad_escapes() {
        assert_eq!(decode(&encode("a/b c+é")), "a/b c+é");
        assert_eq!(decode("a+b"), "a b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
    }

    #[test]
    fn split_link_target() {
        let (o, rest) = split_origin("https://h.example/api/v4/projects?page=2&per_page=20#x").unwrap();
        assert_eq!(o, "https://h.example");
        let (p, q) = split_path_query(rest);
        assert_eq!(p, "/api/v4/projects");
        assert_eq!(q, vec![("page".into(), "2".into()), ("per_page".into(), "20".into())]);
    }
}
