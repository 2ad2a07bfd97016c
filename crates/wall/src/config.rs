//! What a wall shows, as the user configured it: which projects (by group with its subgroups, by topic, by
//! full path; on which GitLab instance) and which of their refs (the default branch, branches and tags by
//! pattern, open merge requests, active schedules), which to keep or drop by a pattern on the path, how
//! often to look, how to group, and whether to notify. Pure: read from and written to JSON (browser storage, export,
//! import) and to a share link. It has no place for a token: the tokens stay with the connections.

use pipelens_gitlab_api::endpoints::RefKinds;
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

/// Which refs of a source's projects get a tile. A pattern is a regular expression on the branch or tag
/// name (empty: all of them); `None`: none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refs {
    pub default_branch: bool,
    pub branches: Option<String>,
    pub tags: Option<String>,
    pub merge_requests: bool,
    pub schedules: bool,
}

impl Default for Refs {
    /// The default branch only.
    fn default() -> Self {
        Refs { default_branch: true, branches: None, tags: None, merge_requests: false, schedules: false }
    }
}

/// Which of a project's other refs a source keeps: branch and tag patterns compiled once, merge requests,
/// schedules. (One query asks for what any source wants; each source keeps its own.)
pub struct RefFilter {
    branches: Option<Option<Regex>>,
    tags: Option<Option<Regex>>,
    pub merge_requests: bool,
    pub schedules: bool,
}

impl RefFilter {
    fn keeps(p: &Option<Option<Regex>>, name: &str) -> bool {
        p.as_ref().is_some_and(|r| r.as_ref().is_none_or(|r| r.is_match(name)))
    }

    pub fn branch(&self, name: &str) -> bool {
        Self::keeps(&self.branches, name)
    }

    pub fn tag(&self, name: &str) -> bool {
        Self::keeps(&self.tags, name)
    }
}

impl Refs {
    /// The kinds besides the default branch that need GitLab's `WallRefs` query.
    pub fn kinds(&self) -> RefKinds {
        RefKinds {
            branches: self.branches.is_some(),
            tags: self.tags.is_some(),
            merge_requests: self.merge_requests,
            schedules: self.schedules,
        }
    }

    pub fn filter(&self) -> Result<RefFilter, String> {
        let compile = |p: &Option<String>, what: &str| p.as_deref().map(|p| pattern(p, what)).transpose();
        Ok(RefFilter {
            branches: compile(&self.branches, "branch")?,
            tags: compile(&self.tags, "tag")?,
            merge_requests: self.merge_requests,
            schedules: self.schedules,
        })
    }

    fn to_json(&self) -> Value {
        json!({"default_branch": self.default_branch, "branches": self.branches, "tags": self.tags,
               "merge_requests": self.merge_requests, "schedules": self.schedules})
    }

    fn from_json(v: &Value, source: usize) -> Result<Refs, String> {
        let o = v.as_object().ok_or_else(|| format!("Source {source}: `refs` is not an object."))?;
        let flag = |k: &str, default: bool| match o.get(k) {
            None | Some(Value::Null) => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(format!("Source {source}: `refs.{k}` is true or false.")),
        };
        // A pattern, `true` for all, `false`/null for none.
        let names = |k: &str| match o.get(k) {
            None | Some(Value::Null) | Some(Value::Bool(false)) => Ok(None),
            Some(Value::Bool(true)) => Ok(Some(String::new())),
            Some(Value::String(p)) => Ok(Some(p.clone())),
            Some(_) => Err(format!("Source {source}: `refs.{k}` is a pattern, true or false.")),
        };
        let refs = Refs {
            default_branch: flag("default_branch", true)?,
            branches: names("branches")?,
            tags: names("tags")?,
            merge_requests: flag("merge_requests", false)?,
            schedules: flag("schedules", false)?,
        };
        refs.filter().map_err(|e| format!("Source {source}: {e}"))?;
        Ok(refs)
    }

    /// The form's words for these refs (`default, branches ^release/, merge requests`); empty for the
    /// default.
    pub fn to_text(&self) -> String {
        if *self == Refs::default() {
            return String::new();
        }
        let mut words = Vec::new();
        if self.default_branch {
            words.push("default".to_string());
        }
        for (what, p) in [("branches", &self.branches), ("tags", &self.tags)] {
            match p.as_deref() {
                Some("") => words.push(what.to_string()),
                Some(p) => words.push(format!("{what} {p}")),
                None => {}
            }
        }
        if self.merge_requests {
            words.push("merge requests".into());
        }
        if self.schedules {
            words.push("schedules".into());
        }
        words.join("; ")
    }

    /// Reads [`Refs::to_text`]'s words, separated by `;`.
    pub fn parse(text: &str) -> Result<Refs, String> {
        let mut refs =
            Refs { default_branch: false, branches: None, tags: None, merge_requests: false, schedules: false };
        for word in text.split(';').map(str::trim).filter(|w| !w.is_empty()) {
            let (head, rest) = word.split_once(char::is_whitespace).unwrap_or((word, ""));
            let rest = rest.trim();
            match (head, rest) {
                ("default", "") => refs.default_branch = true,
                ("branches", p) => refs.branches = Some(p.to_string()),
                ("tags", p) => refs.tags = Some(p.to_string()),
                ("merge", "requests") | ("mrs", "") => refs.merge_requests = true,
                ("schedules", "") => refs.schedules = true,
                _ => {
                    return Err(format!(
                        "`{word}` is not a ref kind: write `default`, `branches [regex]`, `tags [regex]`, \
                         `merge requests` or `schedules`, separated by `;`."
                    ))
                }
            }
        }
        if !refs.default_branch && !refs.kinds().any() {
            return Err("`with` names no refs.".into());
        }
        refs.filter()?;
        Ok(refs)
    }
}

impl SourceKind {
    /// Its word (`group`, `topic`, `project`) and its name, as the form and the files write them.
    pub fn parts(&self) -> (&'static str, &str) {
        match self {
            SourceKind::Group(n) => ("group", n),
            SourceKind::Topic(n) => ("topic", n),
            SourceKind::Project(n) => ("project", n),
        }
    }

    /// [`SourceKind::parts`] read back.
    pub fn from_parts(word: &str, name: String) -> Option<Self> {
        Some(match word {
            "group" => SourceKind::Group(name),
            "topic" => SourceKind::Topic(name),
            "project" => SourceKind::Project(name),
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The instance's base URL; empty: the connection in use.
    pub instance: String,
    pub kind: SourceKind,
    pub refs: Refs,
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
            sources: vec![Source {
                instance: instance.to_string(),
                kind: SourceKind::Group("demo-wall".into()),
                refs: Refs::default(),
            }],
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
                let (kind, name) = s.kind.parts();
                let mut v = json!({ "instance": s.instance, kind: name });
                if s.refs != Refs::default() {
                    v["refs"] = s.refs.to_json();
                }
                v
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
            // The first of `group`, `topic`, `project` it names.
            let kind = ["group", "topic", "project"]
                .into_iter()
                .find_map(|w| SourceKind::from_parts(w, m.get(w)?.as_str()?.trim().to_string()))
                .ok_or_else(|| format!("Source {} names no group, topic or project.", i + 1))?;
            let refs = match m.get("refs") {
                None | Some(Value::Null) => Refs::default(),
                Some(r) => Refs::from_json(r, i + 1)?,
            };
            sources.push(Source { instance: text(m, "instance"), kind, refs });
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

    /// JSON or YAML text as a user pastes or imports it (a JSON object starts with `{`; anything else is
    /// read as YAML).
    pub fn parse(text: &str) -> Result<Self, String> {
        let v: Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| format!("Not JSON (line {}, column {}).", e.line(), e.column()))?
        } else {
            crate::yaml::read(text)?
        };
        Self::from_json(&v)
    }

    /// The configuration as a YAML file (the same fields as the JSON).
    pub fn to_yaml(&self) -> String {
        format!(
            "# pipelens wall configuration (no token: each GitLab's token stays in its browser)\n{}",
            crate::yaml::write(&self.to_json())
        )
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
/// optionally followed by `with <refs>` ([`Refs::parse`]; the default branch otherwise) and by
/// `on https://gitlab.example.com` (the instance; the one in use otherwise).
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
        let (what, refs) = match what.split_once(" with ") {
            Some((w, r)) => (w.trim(), Refs::parse(r).map_err(|e| format!("Line {}: {e}", i + 1))?),
            None => (what, Refs::default()),
        };
        let (kind, name) = what
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("Line {}: write `group <path>`, `topic <name>` or `project <path>`.", i + 1))?;
        let name = name.trim().trim_matches('/').to_string();
        let kind = SourceKind::from_parts(kind, name)
            .ok_or_else(|| format!("Line {}: `{kind}` is not group, topic or project.", i + 1))?;
        out.push(Source { instance, kind, refs });
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
            let (kind, name) = s.kind.parts();
            let refs = s.refs.to_text();
            let with = if refs.is_empty() { String::new() } else { format!(" with {refs}") };
            let on = if s.instance.is_empty() { String::new() } else { format!(" on {}", s.instance) };
            format!("{kind} {name}{with}{on}\n")
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
                Source {
                    instance: "https://gitlab.example.com".into(),
                    kind: SourceKind::Group("platform".into()),
                    refs: Refs::default(),
                },
                Source {
                    instance: String::new(),
                    kind: SourceKind::Topic("microservice".into()),
                    refs: Refs {
                        default_branch: false,
                        branches: Some("^release/".into()),
                        tags: Some(String::new()),
                        merge_requests: true,
                        schedules: true,
                    },
                },
                Source {
                    instance: "https://other.example".into(),
                    kind: SourceKind::Project("a/b".into()),
                    refs: Refs { merge_requests: true, ..Default::default() },
                },
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
        assert_eq!(WallConfig::parse(&c.to_yaml()).unwrap(), c);
        // Another YAML reader sees the same document.
        let other: Value = serde_yaml_ng::from_str(&c.to_yaml()).unwrap();
        assert_eq!(other, c.to_json());
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
            ("- a\n- b\n", "JSON object"),
            ("sources: [\n", "Not YAML (line"),
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
        assert_eq!(
            parsed[1],
            Source {
                instance: "https://x.example".into(),
                kind: SourceKind::Topic("ci".into()),
                refs: Refs::default()
            }
        );
        assert!(parse_sources("group").unwrap_err().contains("Line 1"));
        assert!(parse_sources("team x").unwrap_err().contains("`team`"));
    }

    #[test]
    fn refs_read_from_the_form_and_from_json() {
        let line =
            "project shop/api with default; branches ^release/; tags; merge requests; schedules on https://g.example";
        let s = &parse_sources(line).unwrap()[0];
        assert_eq!(s.instance, "https://g.example");
        assert_eq!(s.kind, SourceKind::Project("shop/api".into()));
        let expected = Refs {
            default_branch: true,
            branches: Some("^release/".into()),
            tags: Some(String::new()),
            merge_requests: true,
            schedules: true,
        };
        assert_eq!(s.refs, expected);
        assert_eq!(s.refs.to_text(), "default; branches ^release/; tags; merge requests; schedules");
        let f = s.refs.filter().unwrap();
        assert!(f.branch("release/1.4") && !f.branch("main") && f.tag("v1") && f.tag("anything"));
        let none = Refs::default().filter().unwrap();
        assert!(!none.branch("main") && !none.tag("v1"), "no pattern: no branch or tag tiles");
        // JSON: `true` is every name, a string a pattern, absent fields their defaults.
        let v = json!({"pipelens_wall": 1, "sources": [{"group": "g", "refs": {"branches": true, "tags": "^v\\d"}}]});
        let refs = &WallConfig::from_json(&v).unwrap().sources[0].refs;
        assert_eq!(
            (refs.default_branch, refs.branches.as_deref(), refs.tags.as_deref()),
            (true, Some(""), Some("^v\\d"))
        );
        assert!(!refs.merge_requests && !refs.schedules);
        for (bad, expected) in [
            ("project a with nothing", "`nothing` is not a ref kind"),
            ("group a with ;", "names no refs"),
            ("group a with branches (", "branch pattern is not a regular expression"),
        ] {
            let e = parse_sources(bad).unwrap_err();
            assert!(e.contains(expected) && e.starts_with("Line 1"), "{bad}: {e}");
        }
        let bad =
            json!({"pipelens_wall": 1, "sources": [{"group": "g"}, {"group": "h", "refs": {"schedules": "yes"}}]});
        assert!(WallConfig::from_json(&bad).unwrap_err().contains("Source 2: `refs.schedules` is true or false"));
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
