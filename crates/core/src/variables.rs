//! Variable sets and `$VAR` / `${VAR}` expansion (as GitLab expands variables in `include` paths and
//! variable values).

use std::collections::BTreeMap;

/// Name → value. A `BTreeMap` keeps output deterministic.
pub type Vars = BTreeMap<String, String>;

/// Anything variables can be read from.
pub trait Lookup {
    fn lookup(&self, name: &str) -> Option<&str>;
}

impl Lookup for Vars {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

/// Variable sets in precedence order (the first that defines a name wins), read without merging copies.
pub struct Layered<'a>(pub &'a [&'a Vars]);

impl Lookup for Layered<'_> {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.0.iter().find_map(|v| v.get(name)).map(String::as_str)
    }
}

/// Expands `$NAME` and `${NAME}`; unknown variables expand to nothing, `$$` stays `$`.
pub fn expand(text: &str, vars: &dyn Lookup) -> String {
    if !text.contains('$') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            if bytes.get(i + 1) == Some(&b'$') {
                out.push('$');
                i += 2;
                continue;
            }
            let (name, next) = if bytes.get(i + 1) == Some(&b'{') {
                match text[i + 2..].find('}') {
                    Some(end) => (&text[i + 2..i + 2 + end], i + 3 + end),
                    None => ("", i),
                }
            } else {
                let len = text[i + 1..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
                (&text[i + 1..i + 1 + len], i + 1 + len)
            };
            if !name.is_empty() {
                if let Some(v) = vars.lookup(name) {
                    out.push_str(v);
                }
                i = next;
                continue;
            }
        }
        let ch = text[i..].chars().next().expect("in bounds");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// GitLab's `ExpandVariables.expand_existing`, used for `rules:changes` and `rules:exists` paths: `$NAME`,
/// `${NAME}` and `%NAME%` (a name is `[a-zA-Z_][a-zA-Z0-9_]*`) are replaced when the variable is defined and
/// left as written when it is not.
pub fn expand_existing(text: &str, vars: &dyn Lookup) -> String {
    if !text.contains(['$', '%']) {
        return text.to_string();
    }
    let name_len = |s: &str| {
        let b = s.as_bytes();
        match b.first() {
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                1 + b[1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count()
            }
            _ => 0,
        }
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['$', '%']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        // (name, length of the whole reference)
        let found = if let Some(t) = tail.strip_prefix("${") {
            let n = name_len(t);
            (n > 0 && t[n..].starts_with('}')).then(|| (&t[..n], n + 3))
        } else if let Some(t) = tail.strip_prefix('$') {
            let n = name_len(t);
            (n > 0).then(|| (&t[..n], n + 1))
        } else {
            let t = &tail[1..];
            let n = name_len(t);
            (n > 0 && t[n..].starts_with('%')).then(|| (&t[..n], n + 2))
        };
        match found {
            Some((name, len)) => {
                out.push_str(vars.lookup(name).unwrap_or(&tail[..len]));
                rest = &tail[len..];
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_both_forms() {
        let vars: Vars = [("A".to_string(), "1".to_string()), ("B_C".to_string(), "x".to_string())].into();
        assert_eq!(expand("$A-${B_C}/$MISSING.", &vars), "1-x/.");
        assert_eq!(expand("cost $$5", &vars), "cost $5");
        assert_eq!(expand("plain é", &vars), "plain é");
    }

    #[test]
    fn expand_existing_keeps_unknown_variables() {
        let vars: Vars = [("DIR".to_string(), "docs".to_string())].into();
        assert_eq!(expand_existing("$DIR/${DIR}/%DIR%/*.md", &vars), "docs/docs/docs/*.md");
        assert_eq!(expand_existing("$NOPE/${NOPE}/%NOPE%/$1/50%", &vars), "$NOPE/${NOPE}/%NOPE%/$1/50%");
        assert_eq!(expand_existing("é$DIR", &vars), "édocs");
    }
}
