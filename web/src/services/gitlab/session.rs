//! The GitLab connections: several instances, each a base URL and a token, one of them in use. Plain Rust
//! (no `web-sys`): what goes to which browser storage is decided here, and `storage.rs` only reads and
//! writes the strings.
//!
//! The token is kept where the user chose: `localStorage` (remembered in this browser) or `sessionStorage`
//! (this tab only, gone when it closes). It never goes in an address, a share link, an export or the
//! console: its `Debug` prints `***`, and requests carry it only in a header to the instance's own origin
//! (the API client refuses any other).

use pipelens_gitlab_api::url::BaseUrl;
use pipelens_gitlab_api::{ApiError, Client, Token};
use serde_json::Value;
use std::fmt;

/// Where a token is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// `localStorage`: still there after the browser restarts.
    Browser,
    /// `sessionStorage`: this tab only.
    Tab,
}

/// A token's text. Prints as `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: &str) -> Self {
        Secret(text.trim().to_string())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// One GitLab instance as the user connected to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// Normalised: scheme, host, optional port and path prefix, no trailing slash.
    pub base_url: String,
    pub token: Secret,
    pub keep: Keep,
    /// The demo simulator rather than a real GitLab.
    pub demo: bool,
}

impl Connection {
    /// A connection from what the user typed; the URL must be http(s) without query or fragment.
    pub fn new(base_url: &str, token: &str, keep: Keep) -> Result<Self, String> {
        let base_url = normalize_base_url(base_url)?;
        let token = Secret::new(token);
        if token.is_empty() {
            return Err("Enter an access token.".into());
        }
        Ok(Connection { base_url, token, keep, demo: false })
    }

    /// The API client for this instance: the token travels only to `base_url`'s origin, in a header.
    pub fn client(&self) -> Result<Client, ApiError> {
        Client::new(&self.base_url, Some(Token::private(self.token.0.clone())))
    }
}

/// `https://gitlab.example.com/` → `https://gitlab.example.com`; a relative-URL-root instance keeps its
/// path. Refuses what is no http(s) base URL, and user info, queries and fragments (a token pasted there
/// would end up in an address).
#[inline(never)]
pub fn normalize_base_url(text: &str) -> Result<String, String> {
    let text = text.trim().trim_end_matches('/');
    if text.is_empty() {
        return Err("Enter the GitLab address, e.g. https://gitlab.com.".into());
    }
    if text.contains(['?', '#', '@']) || text.contains(char::is_whitespace) {
        return Err(
            "The GitLab address must be just the instance's URL, without a query, fragment or user name.".into()
        );
    }
    let base = BaseUrl::parse(text).map_err(|_| format!("{text} is not an http(s) URL."))?;
    Ok(format!("{}{}", base.origin(), base.prefix()))
}

/// Every connection and which one is in use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Connections {
    list: Vec<Connection>,
    active: Option<String>,
}

const STORED_VERSION: u64 = 1;

impl Connections {
    pub fn list(&self) -> &[Connection] {
        &self.list
    }

    /// The connection in use.
    pub fn active(&self) -> Option<&Connection> {
        let base = self.active.as_deref()?;
        self.list.iter().find(|c| c.base_url == base)
    }

    /// The connection for an address: the instance it names, else the one in use.
    pub fn for_instance(&self, instance: Option<&str>) -> Option<&Connection> {
        match instance {
            Some(url) => {
                let base = normalize_base_url(url).ok()?;
                self.list.iter().find(|c| c.base_url == base)
            }
            None => self.active(),
        }
    }

    /// Adds a connection (replacing one to the same instance) and uses it.
    pub fn connect(&mut self, connection: Connection) {
        self.active = Some(connection.base_url.clone());
        match self.list.iter_mut().find(|c| c.base_url == connection.base_url) {
            Some(existing) => *existing = connection,
            None => self.list.push(connection),
        }
    }

    /// Uses another known instance.
    pub fn select(&mut self, base_url: &str) {
        if self.list.iter().any(|c| c.base_url == base_url) {
            self.active = Some(base_url.to_string());
        }
    }

    /// Forgets an instance and its token; the first remaining one is used, if any.
    pub fn forget(&mut self, base_url: &str) {
        self.list.retain(|c| c.base_url != base_url);
        if self.active.as_deref() == Some(base_url) {
            self.active = self.list.first().map(|c| c.base_url.clone());
        }
    }

    /// What to keep in one storage: the connections the user chose to keep there, and which is in use.
    /// `None` when nothing belongs there (the storage entry is then removed).
    pub fn stored(&self, keep: Keep) -> Option<String> {
        // Written by hand: serde_json's serializer would add several KB to the bundle for this one object.
        let kept: Vec<String> = self
            .list
            .iter()
            .filter(|c| c.keep == keep)
            .map(|c| {
                format!(r#"{{"base_url":{},"token":{},"demo":{}}}"#, quote(&c.base_url), quote(&c.token.0), c.demo)
            })
            .collect();
        if kept.is_empty() {
            return None;
        }
        let active = self.active.as_deref().map_or_else(|| "null".to_string(), quote);
        Some(format!(r#"{{"version":{STORED_VERSION},"active":{active},"connections":[{}]}}"#, kept.join(",")))
    }

    /// The connections read back from both storages; the tab's choice of instance wins. Anything
    /// unreadable is skipped, never an error: the user can always connect again.
    pub fn restore(browser: Option<&str>, tab: Option<&str>) -> Connections {
        let mut all = Connections::default();
        let mut active = None;
        for (text, keep) in [(browser, Keep::Browser), (tab, Keep::Tab)] {
            let Some(value) = text.and_then(|t| serde_json::from_str::<Value>(t).ok()) else { continue };
            if value["version"].as_u64() != Some(STORED_VERSION) {
                continue;
            }
            for c in value["connections"].as_array().into_iter().flatten() {
                let (Some(base), Some(token)) = (c["base_url"].as_str(), c["token"].as_str()) else { continue };
                if let Ok(mut connection) = Connection::new(base, token, keep) {
                    connection.demo = c["demo"].as_bool().unwrap_or(false);
                    all.connect(connection);
                }
            }
            if let Some(a) = value["active"].as_str() {
                active = Some(a.to_string());
            }
        }
        all.active = None;
        if let Some(a) = active {
            all.select(&a);
        }
        if all.active.is_none() {
            all.active = all.list.first().map(|c| c.base_url.clone());
        }
        all
    }
}

/// A JSON string literal.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipelens_gitlab_api::endpoints::Projects;

    fn conn(base: &str, token: &str, keep: Keep) -> Connection {
        Connection::new(base, token, keep).unwrap()
    }

    #[test]
    fn base_urls_are_normalised_or_refused() {
        assert_eq!(normalize_base_url(" https://gitlab.com/ ").unwrap(), "https://gitlab.com");
        assert_eq!(normalize_base_url("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(normalize_base_url("https://h.example/gitlab/").unwrap(), "https://h.example/gitlab");
        for bad in
            ["", "gitlab.com", "ftp://h", "https://h?private_token=x", "https://u:p@h", "https://h/#x", "https://h x"]
        {
            assert!(normalize_base_url(bad).is_err(), "{bad:?} accepted");
        }
        assert!(Connection::new("https://gitlab.com", "  ", Keep::Tab).is_err(), "an empty token is refused");
    }

    #[test]
    fn the_token_never_prints_and_never_goes_in_the_url_or_elsewhere() {
        let c = conn("https://gitlab.example.com", "glpat-SECRET", Keep::Tab);
        assert!(!format!("{c:?}").contains("SECRET"), "{c:?}");
        let all = {
            let mut a = Connections::default();
            a.connect(c.clone());
            a
        };
        assert!(!format!("{all:?}").contains("SECRET"));
        let client = c.client().unwrap();
        let request = client.prepare(&Projects { search: Some("x".into()), ..Default::default() });
        assert_eq!(request.origin, "https://gitlab.example.com");
        assert!(!request.url().contains("SECRET"), "{}", request.url());
        assert_eq!(request.header("private-token"), Some("glpat-SECRET"));
        // A next-page link to another origin (or the same host over plain http) is refused, token and all.
        assert!(matches!(
            client.request_for_link("https://evil.example/api/v4/projects?page=2"),
            Err(ApiError::ForeignOrigin { .. })
        ));
        assert!(matches!(
            client.request_for_link("http://gitlab.example.com/api/v4/projects?page=2"),
            Err(ApiError::ForeignOrigin { .. })
        ));
    }

    #[test]
    fn each_connection_is_kept_only_where_the_user_chose() {
        let mut all = Connections::default();
        all.connect(conn("https://a.example", "tok-a", Keep::Browser));
        all.connect(conn("https://b.example", "tok-b", Keep::Tab));
        let browser = all.stored(Keep::Browser).unwrap();
        let tab = all.stored(Keep::Tab).unwrap();
        assert!(browser.contains("tok-a") && !browser.contains("tok-b"), "{browser}");
        assert!(tab.contains("tok-b") && !tab.contains("tok-a"), "{tab}");
        let back = Connections::restore(Some(&browser), Some(&tab));
        assert_eq!(back, all);
        assert_eq!(back.active().unwrap().base_url, "https://b.example");

        // A new browser session: only the remembered one is left.
        let later = Connections::restore(Some(&browser), None);
        assert_eq!(later.list().len(), 1);
        assert_eq!(later.active().unwrap().base_url, "https://a.example");
    }

    #[test]
    fn forgetting_clears_the_token_and_uses_another() {
        let mut all = Connections::default();
        all.connect(conn("https://a.example", "tok-a", Keep::Browser));
        all.connect(conn("https://b.example", "tok-b", Keep::Browser));
        all.forget("https://b.example");
        assert_eq!(all.active().unwrap().base_url, "https://a.example");
        assert!(!all.stored(Keep::Browser).unwrap().contains("tok-b"));
        all.forget("https://a.example");
        assert_eq!(all.active(), None);
        assert_eq!(all.stored(Keep::Browser), None, "nothing left to keep: the entry is removed");
    }

    #[test]
    fn reconnecting_replaces_the_token_and_select_ignores_unknown_instances() {
        let mut all = Connections::default();
        all.connect(conn("https://a.example/", "old", Keep::Browser));
        all.connect(conn("https://b.example", "b", Keep::Tab));
        all.connect(conn("https://a.example", "new", Keep::Tab));
        assert_eq!(all.list().len(), 2);
        assert_eq!(all.active().unwrap().token, Secret::new("new"));
        assert_eq!(all.stored(Keep::Browser), None, "moved to this tab only");
        all.select("https://nowhere.example");
        assert_eq!(all.active().unwrap().base_url, "https://a.example");
    }

    #[test]
    fn an_address_naming_an_instance_uses_its_connection() {
        let mut all = Connections::default();
        all.connect(conn("https://a.example", "a", Keep::Tab));
        all.connect(conn("https://b.example", "b", Keep::Tab));
        assert_eq!(all.for_instance(Some("https://a.example/")).unwrap().base_url, "https://a.example");
        assert_eq!(all.for_instance(None).unwrap().base_url, "https://b.example");
        assert_eq!(all.for_instance(Some("https://c.example")), None, "never another instance's token");
    }

    #[test]
    fn odd_characters_survive_storage() {
        let mut all = Connections::default();
        all.connect(conn("https://a.example", "t\"o\\k\u{1}é", Keep::Browser));
        let text = all.stored(Keep::Browser).unwrap();
        assert!(serde_json::from_str::<Value>(&text).is_ok(), "{text}");
        assert_eq!(Connections::restore(Some(&text), None), all);
    }

    #[test]
    fn unreadable_storage_is_skipped() {
        for text in
            ["", "{", "[]", r#"{"version":99,"connections":[]}"#, r#"{"version":1,"connections":[{"base_url":"x"}]}"#]
        {
            assert_eq!(Connections::restore(Some(text), None), Connections::default(), "{text}");
        }
    }
}
