//! Path patterns, compiled once and matched by a set-of-states simulation: time linear in path × pattern, no
//! backtracking. Two dialects, as GitLab has two:
//!
//! - [`Glob::fnmatch`]: Ruby `File.fnmatch?(glob, path, FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB)`, which GitLab
//!   calls for `rules:changes`, `rules:exists` and `only`/`except:changes` (`lib/gitlab/ci/build/rules/rule/clause/
//!   changes.rb`, `exists.rb`). `{a,b}` is expanded first (Ruby's `ruby_brace_expand`), then per candidate: `*`,
//!   `?` and `[...]` stay within a path segment, `**/` at a segment start spans zero or more directories, any other
//!   `**` acts as `*`, `\` escapes, and dot files are not special.
//! - [`Glob::wildcard`]: `include:local` wildcards, which GitLab's `Repository#search_files_by_wildcard_path`
//!   turns into the regex `^…$` with `**` → `.*?` (any characters, `/` included) and `*` → `[^/]*?`; every other
//!   character is literal.
//!
//! Hand-written: neither the `glob` nor the `globset` crate implements Ruby's expand-braces-then-match order, its
//! `**/`-only-at-a-segment-start rule or GitLab's include regex.

use crate::limits::Limits;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Lit(char),
    /// `?`: one character other than `/`.
    One,
    /// `[...]`: ranges (a single character is a range of one), maybe negated; never `/`.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    /// A `[` without its `]`: Ruby's matcher fails at that point.
    Never,
    /// `*`: any run of characters other than `/`.
    Star,
    /// `**` of an include wildcard: any run of characters, `/` included.
    AnyRun,
    /// `**/` at a segment start: zero or more whole directories. Two states: at the start of a directory name
    /// (this one) and inside one (the next token, always [`Tok::DirsMid`]).
    Dirs,
    DirsMid,
    /// End of one candidate pattern.
    Accept,
}

/// A compiled pattern: one or more candidates (brace alternatives) as one token list, each ending in `Accept`.
#[derive(Debug, Clone)]
pub struct Glob {
    toks: Vec<Tok>,
    starts: Vec<usize>,
}

/// Whether a `rules` path uses any wildcard (GitLab's `exact_glob?` is its negation).
pub fn has_wildcards(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

/// Why a pattern was not compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobError {
    /// The brace alternatives expand to more characters than [`Limits::max_glob_expansion`].
    TooManyAlternatives { limit: usize },
}

impl GlobError {
    /// The diagnostic text for `pattern` (shortened for display).
    pub fn message(&self, pattern: &str) -> String {
        let shown: String = pattern.chars().take(80).collect();
        let more = if shown.len() < pattern.len() { "…" } else { "" };
        match self {
            GlobError::TooManyAlternatives { limit } => format!(
                "the {{…}} alternatives of `{shown}{more}` expand to more than {limit} characters; the pattern matches nothing"
            ),
        }
    }
}

impl Glob {
    /// Ruby `File.fnmatch?` with `FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB` (see the module comment). A leading `/`
    /// is dropped from the pattern (and from paths when matching): paths are relative to the repository root.
    pub fn fnmatch(pattern: &str, limits: &Limits) -> Result<Glob, GlobError> {
        let pattern: Vec<char> = pattern.strip_prefix('/').unwrap_or(pattern).chars().collect();
        let mut candidates = Vec::new();
        let mut budget = limits.max_glob_expansion;
        if pattern.contains(&'{') {
            expand_braces(&pattern, &mut candidates, &mut budget)
                .map_err(|()| GlobError::TooManyAlternatives { limit: limits.max_glob_expansion })?;
        } else {
            candidates.push(pattern);
        }
        let mut glob = Glob { toks: Vec::new(), starts: Vec::new() };
        for c in &candidates {
            glob.starts.push(glob.toks.len());
            compile_fnmatch(c, &mut glob.toks);
            glob.toks.push(Tok::Accept);
        }
        Ok(glob)
    }

    /// An `include:local` wildcard path (see the module comment); a leading `/` is dropped.
    pub fn wildcard(pattern: &str) -> Glob {
        let pattern = pattern.trim_start_matches('/');
        let mut toks = Vec::new();
        let mut rest = pattern;
        while let Some(c) = rest.chars().next() {
            if let Some(r) = rest.strip_prefix("**") {
                if toks.last() != Some(&Tok::AnyRun) {
                    toks.push(Tok::AnyRun);
                }
                rest = r;
            } else if let Some(r) = rest.strip_prefix('*') {
                toks.push(Tok::Star);
                rest = r;
            } else {
                toks.push(Tok::Lit(c));
                rest = &rest[c.len_utf8()..];
            }
        }
        toks.push(Tok::Accept);
        Glob { toks, starts: vec![0] }
    }

    pub fn matches(&self, path: &str) -> bool {
        let path = path.strip_prefix('/').unwrap_or(path);
        let mut cur = States::new(self.toks.len());
        let mut next = States::new(self.toks.len());
        for &s in &self.starts {
            self.enter(&mut cur, s);
        }
        for c in path.chars() {
            if cur.list.is_empty() {
                return false;
            }
            next.clear();
            for i in 0..cur.list.len() {
                self.step(cur.list[i], c, &mut next);
            }
            std::mem::swap(&mut cur, &mut next);
        }
        cur.list.iter().any(|&s| self.toks[s] == Tok::Accept)
    }

    /// Adds a state and every state reachable from it without reading a character (at most one each, so a chain).
    fn enter(&self, set: &mut States, mut s: usize) {
        while set.insert(s) {
            s = match self.toks[s] {
                Tok::Star | Tok::AnyRun => s + 1,
                Tok::Dirs => s + 2,
                _ => return,
            };
        }
    }

    fn step(&self, s: usize, c: char, next: &mut States) {
        let to = match &self.toks[s] {
            Tok::Lit(x) if *x == c => s + 1,
            Tok::One if c != '/' => s + 1,
            Tok::Class { negated, ranges } if c != '/' => {
                let hit = ranges.iter().any(|&(lo, hi)| c == lo || c == hi || (lo <= c && c <= hi));
                if hit == *negated {
                    return;
                }
                s + 1
            }
            Tok::Star if c != '/' => s,
            Tok::AnyRun => s,
            Tok::Dirs if c == '/' => s,
            Tok::Dirs => s + 1,
            Tok::DirsMid if c == '/' => s - 1,
            Tok::DirsMid => s,
            _ => return,
        };
        self.enter(next, to);
    }
}

/// A set of states: membership flags plus the members in insertion order.
struct States {
    seen: Vec<bool>,
    list: Vec<usize>,
}

impl States {
    fn new(n: usize) -> Self {
        States { seen: vec![false; n], list: Vec::new() }
    }
    fn insert(&mut self, s: usize) -> bool {
        !std::mem::replace(&mut self.seen[s], true) && {
            self.list.push(s);
            true
        }
    }
    fn clear(&mut self) {
        for &s in &self.list {
            self.seen[s] = false;
        }
        self.list.clear();
    }
}

/// One brace-free candidate → tokens, as Ruby's `fnmatch` (outer `**/` loop) and `fnmatch_helper` read it.
fn compile_fnmatch(p: &[char], toks: &mut Vec<Tok>) {
    let mut i = 0;
    let mut segment_start = true;
    while i < p.len() {
        if segment_start && p[i..].starts_with(&['*', '*', '/']) {
            if toks.last() != Some(&Tok::DirsMid) {
                toks.extend([Tok::Dirs, Tok::DirsMid]);
            }
            i += 3;
            continue;
        }
        segment_start = false;
        match p[i] {
            '*' => {
                while p.get(i) == Some(&'*') {
                    i += 1;
                }
                toks.push(Tok::Star);
            }
            '?' => {
                toks.push(Tok::One);
                i += 1;
            }
            '[' => match class(&p[i + 1..]) {
                Some((tok, used)) => {
                    toks.push(tok);
                    i += 1 + used;
                }
                None => {
                    toks.push(Tok::Never);
                    return;
                }
            },
            '\\' => {
                // A trailing backslash escapes nothing and is dropped, as in Ruby.
                if let Some(&c) = p.get(i + 1) {
                    toks.push(Tok::Lit(c));
                    segment_start = c == '/';
                }
                i += 2;
            }
            c => {
                toks.push(Tok::Lit(c));
                segment_start = c == '/';
                i += 1;
            }
        }
    }
}

/// Ruby's `bracket`: the text after `[` → the class and the characters used (through `]`), or `None` when no `]`
/// closes it. `]` right after `[` closes an empty class; `!` or `^` negates; `\` escapes.
fn class(p: &[char]) -> Option<(Tok, usize)> {
    let mut i = 0;
    let negated = matches!(p.first(), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let escaped = |i: &mut usize| -> Option<char> {
        if p.get(*i) == Some(&'\\') {
            *i += 1;
        }
        let c = *p.get(*i)?;
        *i += 1;
        Some(c)
    };
    let mut ranges = Vec::new();
    while *p.get(i)? != ']' {
        let lo = escaped(&mut i)?;
        p.get(i)?;
        if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&c| c != ']') {
            i += 1;
            let hi = escaped(&mut i)?;
            ranges.push((lo, hi));
        } else {
            ranges.push((lo, lo));
        }
    }
    Some((Tok::Class { negated, ranges }, i + 1))
}

/// Ruby's `ruby_brace_expand`: the first top-level `{…}` is replaced by each of its comma-separated alternatives in
/// turn and the result expanded again. A `{` that is never closed makes the candidate match nothing. Every
/// candidate built (finished or not) is paid for by its length from `budget`; running out is an error.
fn expand_braces(s: &[char], out: &mut Vec<Vec<char>>, budget: &mut usize) -> Result<(), ()> {
    *budget = budget.checked_sub(s.len().max(1)).ok_or(())?;
    let (mut lbrace, mut rbrace) = (None, None);
    let mut nest = 0usize;
    let mut p = 0;
    while p < s.len() {
        if s[p] == '{' {
            if nest == 0 {
                lbrace = Some(p);
            }
            nest += 1;
        }
        if s[p] == '}' && lbrace.is_some() {
            nest -= 1;
            if nest == 0 {
                rbrace = Some(p);
                break;
            }
        }
        if s[p] == '\\' {
            p += 1;
        }
        p += 1;
    }
    let (Some(l), Some(r)) = (lbrace, rbrace) else {
        if lbrace.is_none() {
            out.push(s.to_vec());
        }
        return Ok(());
    };
    let mut p = l;
    while p < r {
        p += 1;
        let t = p;
        let mut nest = 0i64;
        while p < r && !(s[p] == ',' && nest == 0) {
            match s[p] {
                '{' => nest += 1,
                '}' => nest -= 1,
                '\\' => {
                    p += 1;
                    if p == r {
                        break;
                    }
                }
                _ => {}
            }
            p += 1;
        }
        let candidate: Vec<char> = s[..l].iter().chain(&s[t..p.min(r)]).chain(&s[r + 1..]).copied().collect();
        expand_braces(&candidate, out, budget)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Glob, GlobError};
    use crate::limits::Limits;

    fn fnm(pattern: &str, path: &str) -> bool {
        Glob::fnmatch(pattern, &Limits::default()).unwrap().matches(path)
    }

    fn include(pattern: &str, path: &str) -> bool {
        Glob::wildcard(pattern).matches(path)
    }

    #[test]
    fn star_stays_in_segment() {
        assert!(fnm("*.yml", "a.yml"));
        assert!(!fnm("*.yml", "dir/a.yml"));
        assert!(fnm("ci/*.yml", "ci/a.yml"));
        assert!(fnm("ci/*", "ci/a.yml"));
        assert!(!fnm("ci/*", "ci/a/b.yml"));
    }

    #[test]
    fn double_star_spans_directories_only_before_a_slash() {
        assert!(fnm("src/**/ci/gitlab-ci.yml", "src/amd/ci/gitlab-ci.yml"));
        assert!(fnm("src/**/ci/gitlab-ci.yml", "src/gallium/drivers/zink/ci/gitlab-ci.yml"));
        assert!(fnm("src/**/ci/gitlab-ci.yml", "src/ci/gitlab-ci.yml"));
        assert!(fnm("**/*.md", "README.md"));
        assert!(fnm("**/*.md", "a/b/.x/README.md"));
        assert!(fnm("docs/**/*", "docs/a/b.txt"));
        assert!(!fnm("src/**/ci/x.yml", "lib/amd/ci/x.yml"));
        // Anywhere else `**` is `*`.
        assert!(!fnm("docs/**", "docs/a/b.txt"));
        assert!(fnm("docs/**", "docs/a"));
        assert!(!fnm("a**/b", "ax/y/b"));
        assert!(fnm("a**/b", "ax/b"));
    }

    #[test]
    fn braces_classes_escapes_and_dotfiles() {
        assert!(fnm("{Dockerfile,*.sh}", "build.sh"));
        assert!(fnm("{a,b/**/}c", "b/x/y/c"));
        assert!(fnm("x{a,{b,c}d}", "xcd"));
        assert!(!fnm("{a,b", "a"), "an unclosed brace matches nothing, as in Ruby");
        assert!(fnm("a}", "a}"));
        assert!(fnm("file[0-9].txt", "file3.txt"));
        assert!(!fnm("file[!0-9].txt", "file3.txt"));
        assert!(fnm("file[^0-9].txt", "filex.txt"));
        assert!(!fnm("a[/]b", "a/b"));
        assert!(!fnm("file[0-9.txt", "file[0-9.txt"), "an unclosed class fails, as in Ruby");
        assert!(fnm("\\*.txt", "*.txt"));
        assert!(!fnm("\\*.txt", "a.txt"));
        assert!(fnm("*", ".hidden"));
        assert!(fnm("/Gemfile", "Gemfile"));
        assert!(!fnm("?", "/"));
    }

    #[test]
    fn include_wildcards_follow_gitlabs_repository_search() {
        // doc/ci/yaml/includes.md, "Use `include:local` with wildcard file paths".
        assert!(include("configs/*.yml", "configs/a.yml"));
        assert!(!include("configs/*.yml", "configs/sub/a.yml"));
        assert!(include("configs/**.yml", "configs/a.yml"));
        assert!(include("configs/**.yml", "configs/sub/deeper/a.yml"));
        assert!(!include("configs/**/*.yml", "configs/a.yml"));
        assert!(include("configs/**/*.yml", "configs/sub/a.yml"));
        // Everything but `*` is literal.
        assert!(include("ci/[ab]?.yml", "ci/[ab]?.yml"));
        assert!(!include("ci/[ab]?.yml", "ci/ax.yml"));
        assert!(include("/ci/*.yml", "ci/x.yml"));
    }

    #[test]
    fn brace_bombs_hit_the_limit_and_backtracking_patterns_stay_fast() {
        let bomb = "{a,b}".repeat(22);
        assert_eq!(
            Glob::fnmatch(&bomb, &Limits::default()).unwrap_err(),
            GlobError::TooManyAlternatives { limit: Limits::default().max_glob_expansion }
        );
        // Unclosed braces that never produce a candidate still pay for each one built.
        assert!(Glob::fnmatch(&format!("{}{{", "{a,b}".repeat(22)), &Limits::default()).is_err());
        let deep = "d/".repeat(30) + "f";
        assert!(fnm(&("**/".repeat(20) + "f"), &deep));
        assert!(!fnm(&("**/x/".repeat(20) + "f"), &deep));
        assert!(include(&("**/".repeat(20) + "f"), &deep));
        assert!(!include(&("**/x".repeat(20) + "f"), &deep));
        assert!(!fnm(&"*a".repeat(30), &"a".repeat(29)));
    }
}
