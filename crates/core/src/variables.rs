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
}
