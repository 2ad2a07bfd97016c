//! What a wall shows, as the user configured it: which projects (by group with its subgroups, by topic, by
//! full path; on which GitLab instance), which to keep or drop by a pattern on the path, how often to look,
//! how to group, and whether to notify. Pure: read from and written to JSON (browser storage, export,
//! import) and to a share link. It has no place for a token: the tokens stay with the connections.

use regex_lite::Regex;
use serde_json::{json, Map, Value};

/// Bounds on what an imported configuration may hold.
pub const MAX_SOURCES: usize = 200;
pub const MAX_PATTERN: usize = 500;
pub const MIN_INTERVAL_S: u32 = 5;
pub const MAX_INTERVAL_S: u32 = 3600;
/// A share link's code, at most (a configuration is small; anything longer is not one).
pub const MAX_LINK: usize = 16 * 1024;

const VERSION: u64 = 1;

/// Where a wall's projects come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// A group and all its subgroups.
    Group(String),
    /// Projects with this topic.
    Topic(String),
    /// One project by its full path.
    Project(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The instance's base URL; empty: the connection in use.
    pub instance: String,
    pub kind: SourceKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum GroupBy {
    #[default]
    Nothing,
    /// The project's namespace.
    Group,
    Instance,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Notify {
    pub sound: bool,
    pub flash: bool,
    pub browser: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WallConfig {
    pub sources: Vec<Source>,
    /// Keep only projects whose full path matches (empty: all).
    pub include: String,
    /// Drop projects whose full path matches (empty: none).
    pub exclude: String,
    /// Seconds between two looks while something runs (idle walls look half as often).
    pub interval_s: u32,
    pub group_by: GroupBy,
    pub notify: Notify,
}

impl Default for WallConfig {
    fn default() -> Self {
        WallConfig {
            sources: Vec::new(),
            include: String::new(),
            exclude: String::new(),
            interval_s: 15,
            group_by: GroupBy::Nothing,
            notify: Notify::default(),
        }
    }
}

/// The include and exclude patterns, compiled once.
pub struct PathFilter {
    include: Option<Regex>,
    exclude: Option<Regex>,
}

impl PathFilter {
    pub fn keeps(&self, path: &str) -> bool {
        self.include.as_ref().is_none_or(|r| r.is_match(path))
            && !self.exclude.as_ref().is_some_and(|r| r.is_match(path))
    }
}

fn pattern(text: &str, what: &str) -> Result<Option<Regex>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    if text.len() > MAX_PATTERN {
        return Err(format!("The {what} pattern is longer than {MAX_PATTERN} characters."));
    }
    // regex-lite bounds its own compiled size; its error names the problem.
    Regex::new(text).map(Some).map_err(|e| format!("The {what} pattern is not a regular expression: {e}"))
}

impl WallConfig {
    /// The demo: the demo GitLab's group `demo-wall`.
    pub fn demo(instance: &str) -> Self {
        WallConfig {
            sources: vec![Source { instance: instance.to_string(), kind: SourceKind::Group("demo-wall".into()) }],
            interval_s: 5,
            ..Default::default()
        }
    }

    pub fn filter(&self) -> Result<PathFilter, String> {
        Ok(PathFilter { include: pattern(&self.include, "include")?, exclude: pattern(&self.exclude, "exclude")? })
    }

    pub fn to_json(&self) -> Value {
        let sources: Vec<Value> = self
            .sources
            .iter()
            .map(|s| {
                let (kind, name) = match &s.kind {
                    SourceKind::Group(n) => ("group", n),
                    SourceKind::Topic(n) => ("topic", n),
                    SourceKind::Project(n) => ("project", n),
                };
                json!({ "instance": s.instance, kind: name })
            })
            .collect();
        let group_by = match self.group_by {
            GroupBy::Nothing => "none",
            GroupBy::Group => "group",
            GroupBy::Instance => "instance",
        };
        json!({
            "pipelens_wall": VERSION,
            "sources": sources,
            "include": self.include,
            "exclude": self.exclude,
            "interval_s": self.interval_s,
            "group_by": group_by,
            "notify": { "sound": self.notify.sound, "flash": self.notify.flash, "browser": self.notify.browser },
        })
    }

    /// A configuration from JSON: every problem is named; nothing but the known fields is read (so a token
    /// pasted into a file goes nowhere).
    pub fn from_json(v: &Value) -> Result<Self, String> {
        let o = v.as_object().ok_or("A wall configuration is a JSON object.")?;
        match o.get("pipelens_wall").and_then(Value::as_u64) {
            Some(VERSION) => {}
            Some(n) => {
                return Err(format!("This wall configuration is version {n}; this app reads version {VERSION}."))
            }
            None => return Err("This is not a pipelens wall configuration (no `pipelens_wall` version).".into()),
        }
        let text = |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let list = o.get("sources").and_then(Value::as_array).cloned().unwrap_or_default();
        if list.len() > MAX_SOURCES {
            return Err(format!("A wall has at most {MAX_SOURCES} sources; this one has {}.", list.len()));
        }
        let mut sources = Vec::new();
        for (i, s) in list.iter().enumerate() {
            let m = s.as_object().ok_or_else(|| format!("Source {} is not an object.", i + 1))?;
            let kind = if let Some(n) = m.get("group").and_then(Value::as_str) {
                SourceKind::Group(n.trim().to_string())
            } else if let Some(n) = m.get("topic").and_then(Value::as_str) {
                SourceKind::Topic(n.trim().to_string())
            } else if let Some(n) = m.get("project").and_then(Value::as_str) {
                SourceKind::Project(n.trim().to_string())
            } else {
                return Err(format!("Source {} names no group, topic or project.", i + 1));
            };
            sources.push(Source { instance: text(m, "instance"), kind });
        }
        let notify = o.get("notify").and_then(Value::as_object);
        let flag = |k: &str| notify.and_then(|n| n.get(k)).and_then(Value::as_bool).unwrap_or(false);
        let interval = o.get("interval_s").and_then(Value::as_u64).unwrap_or(15);
        let config = WallConfig {
            sources,
            include: text(o, "include"),
            exclude: text(o, "exclude"),
            interval_s: (interval.clamp(MIN_INTERVAL_S as u64, MAX_INTERVAL_S as u64)) as u32,
            group_by: match o.get("group_by").and_then(Value::as_str) {
                Some("group") => GroupBy::Group,
                Some("instance") => GroupBy::Instance,
                _ => GroupBy::Nothing,
            },
            notify: Notify { sound: flag("sound"), flash: flag("flash"), browser: flag("browser") },
        };
        config.filter()?;
        Ok(config)
    }

    /// JSON text as a user pastes or imports it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let v: Value =
            serde_json::from_str(text).map_err(|e| format!("Not JSON (line {}, column {}).", e.line(), e.column()))?;
        Self::from_json(&v)
    }

    /// A key naming this wall's projects and refresh (tabs showing the same wall share one poller).
    pub fn key(&self) -> String {
        let mut v = self.to_json();
        if let Some(o) = v.as_object_mut() {
            o.remove("notify");
            o.remove("group_by");
        }
        format!("{:016x}", fnv(v.to_string().as_bytes()))
    }

    /// The share link's code: deflated JSON in URL-safe base64.
    pub fn to_link_code(&self) -> String {
        use base64::Engine;
        let bytes = miniz_oxide::deflate::compress_to_vec(self.to_json().to_string().as_bytes(), 9);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    pub fn from_link_code(code: &str) -> Result<Self, String> {
        use base64::Engine;
        if code.len() > MAX_LINK {
            return Err("This wall link is too long to be one.".into());
        }
        let bad = || "This wall link is damaged (copy it again).".to_string();
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(code).map_err(|_| bad())?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, 64 * MAX_LINK).map_err(|_| bad())?;
        Self::parse(std::str::from_utf8(&json).map_err(|_| bad())?)
    }
}

/// Sources as the form edits them, one a line: `group platform`, `topic microservice`, `project a/b`,
/// optionally followed by `on https://gitlab.example.com` (the instance; the one in use otherwise).
pub fn parse_sources(text: &str) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (what, instance) = match line.split_once(" on ") {
            Some((w, i)) => (w.trim(), i.trim().trim_end_matches('/').to_string()),
            None => (line, String::new()),
        };
        let (kind, name) = what
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("Line {}: write `group <path>`, `topic <name>` or `project <path>`.", i + 1))?;
        let name = name.trim().trim_matches('/').to_string();
        let kind = match kind {
            "group" => SourceKind::Group(name),
            "topic" => SourceKind::Topic(name),
            "project" => SourceKind::Project(name),
            other => return Err(format!("Line {}: `{other}` is not group, topic or project.", i + 1)),
        };
        out.push(Source { instance, kind });
    }
    if out.len() > MAX_SOURCES {
        return Err(format!("A wall has at most {MAX_SOURCES} sources."));
    }
    Ok(out)
}

/// The form's text for sources ([`parse_sources`] reads it back).
pub fn sources_text(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|s| {
            let (kind, name) = match &s.kind {
                SourceKind::Group(n) => ("group", n),
                SourceKind::Topic(n) => ("topic", n),
                SourceKind::Project(n) => ("project", n),
            };
            if s.instance.is_empty() {
                format!("{kind} {name}\n")
            } else {
                format!("{kind} {name} on {}\n", s.instance)
            }
        })
        .collect()
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The wall address's parameters: `screen=2/3`, `kiosk=1`, `config=<share code>`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Params {
    /// This screen's part (1-based) and how many screens share the wall.
    pub screen: Option<(u32, u32)>,
    pub kiosk: bool,
    pub config: Option<String>,
}

impl Params {
    pub fn parse(query: &str) -> Params {
        let mut p = Params::default();
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "screen" => {
                    p.screen = v.split_once('/').and_then(|(a, b)| {
                        let (a, b) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
                        (a >= 1 && a <= b && b <= 64).then_some((a, b))
                    })
                }
                "kiosk" => p.kiosk = v != "0",
                "config" if !v.is_empty() => p.config = Some(v.to_string()),
                _ => {}
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> WallConfig {
        WallConfig {
            sources: vec![
                Source { instance: "https://gitlab.example.com".into(), kind: SourceKind::Group("platform".into()) },
                Source { instance: String::new(), kind: SourceKind::Topic("microservice".into()) },
                Source { instance: "https://other.example".into(), kind: SourceKind::Project("a/b".into()) },
            ],
            include: "^platform/".into(),
            exclude: "-archive$".into(),
            interval_s: 20,
            group_by: GroupBy::Instance,
            notify: Notify { sound: false, flash: true, browser: true },
        }
    }

    #[test]
    fn json_and_share_link_read_back_the_same_wall() {
        let c = sample();
        assert_eq!(WallConfig::from_json(&c.to_json()).unwrap(), c);
        assert_eq!(WallConfig::from_link_code(&c.to_link_code()).unwrap(), c);
        assert_eq!(WallConfig::parse(&c.to_json().to_string()).unwrap(), c);
    }

    #[test]
    fn no_token_is_written_or_read() {
        let text = r#"{"pipelens_wall": 1, "token": "glpat-secret", "sources": [{"group": "g", "token": "glpat-x"}]}"#;
        let c = WallConfig::parse(text).unwrap();
        let out = c.to_json().to_string();
        assert!(!out.contains("glpat") && !out.contains("token"), "{out}");
        assert!(!c.to_link_code().is_empty());
    }

    #[test]
    fn bad_configurations_say_what_is_wrong() {
        let cases = [
            ("[]", "JSON object"),
            ("{", "Not JSON"),
            (r#"{"sources": []}"#, "not a pipelens wall"),
            (r#"{"pipelens_wall": 7}"#, "version 7"),
            (r#"{"pipelens_wall": 1, "sources": [{"instance": "x"}]}"#, "Source 1 names no group"),
            (r#"{"pipelens_wall": 1, "include": "("}"#, "include pattern is not a regular expression"),
        ];
        for (text, expected) in cases {
            let e = WallConfig::parse(text).unwrap_err();
            assert!(e.contains(expected), "{text}: {e}");
        }
        assert!(WallConfig::from_link_code("!!!").unwrap_err().contains("damaged"));
        let too_many = json!({"pipelens_wall": 1, "sources": vec![json!({"group": "g"}); MAX_SOURCES + 1]});
        assert!(WallConfig::from_json(&too_many).unwrap_err().contains("at most"));
    }

    #[test]
    fn interval_is_bounded_and_patterns_filter_paths() {
        let c =
            WallConfig::parse(r#"{"pipelens_wall": 1, "interval_s": 1, "include": "^g/", "exclude": "old"}"#).unwrap();
        assert_eq!(c.interval_s, MIN_INTERVAL_S);
        let f = c.filter().unwrap();
        assert!(f.keeps("g/api"));
        assert!(!f.keeps("g/old-api"));
        assert!(!f.keeps("h/api"));
    }

    #[test]
    fn the_key_ignores_how_the_wall_is_drawn() {
        let mut a = sample();
        let key = a.key();
        a.group_by = GroupBy::Nothing;
        a.notify = Notify::default();
        assert_eq!(a.key(), key);
        a.include.clear();
        assert_ne!(a.key(), key);
    }

    #[test]
    fn the_form_s_sources_read_back() {
        let c = sample();
        assert_eq!(parse_sources(&sources_text(&c.sources)).unwrap(), c.sources);
        let parsed = parse_sources("group a/b\n\n# note\ntopic ci on https://x.example/\n").unwrap();
        assert_eq!(parsed[1], Source { instance: "https://x.example".into(), kind: SourceKind::Topic("ci".into()) });
        assert!(parse_sources("group").unwrap_err().contains("Line 1"));
        assert!(parse_sources("team x").unwrap_err().contains("`team`"));
    }

    #[test]
    fn address_parameters() {
        let p = Params::parse("screen=2/3&kiosk=1&config=abc");
        assert_eq!(p, Params { screen: Some((2, 3)), kiosk: true, config: Some("abc".into()) });
        assert_eq!(Params::parse("screen=4/3").screen, None);
        assert_eq!(Params::parse("screen=0/3").screen, None);
        assert_eq!(Params::parse(""), Params::default());
    }
}
