//! YAML for what the user exports and imports (the wall's configuration, the batch run's results), as
//! JSON values in between. Reading goes through core's loader, so a file is bounded as a CI configuration
//! is (size, depth, alias expansion); writing is block style with every string double-quoted by [`quote`],
//! so no text (a project name, a line of a job log) can change the document's structure. Hand-written
//! rather than saphyr's emitter, which writes U+2028/U+2029/NEL unescaped where YAML 1.1 readers
//! (PyYAML, common in deploy tooling) see line breaks.

use pipelens_core::load::{load_documents, Node, Value as Yaml};
use pipelens_core::{Diagnostics, Limits};
use serde_json::{Map, Value};

/// A YAML double-quoted scalar: `"` and `\` escaped, and every character YAML does not allow as it is or
/// reads as a line break (controls, DEL, C1, NEL, the line and paragraph separators, the byte-order mark)
/// written as `\uXXXX`. A subset of JSON's escaping, which YAML's double-quoted style accepts.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A mapping key: plain when it is a lowercase word no YAML reader takes for something else, quoted
/// otherwise.
fn key(k: &str) -> String {
    let plain = k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !matches!(k, "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null");
    if plain {
        k.to_string()
    } else {
        quote(k)
    }
}

fn scalar(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(o) if o.is_empty() => "{}".into(),
        _ => return None,
    })
}

fn write_into(out: &mut String, v: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(o) => {
            for (k, item) in o {
                match scalar(item) {
                    Some(s) => out.push_str(&format!("{pad}{}: {s}\n", key(k))),
                    None => {
                        out.push_str(&format!("{pad}{}:\n", key(k)));
                        write_into(out, item, indent + 2);
                    }
                }
            }
        }
        Value::Array(a) => {
            for item in a {
                match scalar(item) {
                    Some(s) => out.push_str(&format!("{pad}- {s}\n")),
                    None => {
                        out.push_str(&format!("{pad}-\n"));
                        write_into(out, item, indent + 2);
                    }
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other).unwrap_or_default())),
    }
}

/// A JSON value as a block-style YAML document.
pub fn write(v: &Value) -> String {
    let mut out = String::new();
    write_into(&mut out, v, 0);
    out
}

fn to_json(node: &Node) -> Result<Value, String> {
    Ok(match &node.value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Int(i) => Value::from(*i),
        Yaml::Float(f) => serde_json::Number::from_f64(*f).map(Value::Number).unwrap_or(Value::Null),
        Yaml::Str(s) => Value::String(s.clone()),
        Yaml::Seq(items) => Value::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        Yaml::Map(m) => {
            let mut o = Map::new();
            for (k, e) in m {
                o.insert(k.clone(), to_json(&e.value)?);
            }
            Value::Object(o)
        }
        Yaml::Reference(_) => return Err(format!("line {}: `!reference` has no place here.", node.span.line)),
    })
}

/// One YAML document as a JSON value; a syntax error or a limit names its line.
pub fn read(text: &str) -> Result<Value, String> {
    let mut diags = Diagnostics::default();
    let docs = load_documents(text, 0, &Limits::default(), &mut diags);
    if let Some(e) = diags.iter().find(|d| d.severity == pipelens_core::Severity::Error) {
        let at = e.span.map(|s| format!("line {}: ", s.line)).unwrap_or_default();
        return Err(format!("Not YAML ({at}{}).", e.message));
    }
    match docs.as_slice() {
        [one] => to_json(one),
        [] => Err("The file is empty.".into()),
        _ => Err("The file holds more than one YAML document.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_written_as_block_yaml_and_read_back() {
        let v = json!({"pipelens_wall": 1, "sources": [{"group": "platform", "instance": ""},
            {"project": "a/b", "refs": {"branches": "^release/", "tags": null, "merge_requests": true}}],
            "notify": {"sound": false}, "empty": [], "Odd Key": "yes", "on": "x: y # z"});
        let text = write(&v);
        // serde_json's maps are sorted by key.
        assert_eq!(
            text,
            "\"Odd Key\": \"yes\"\nempty: []\nnotify:\n  sound: false\n\"on\": \"x: y # z\"\npipelens_wall: 1\n\
             sources:\n  -\n    group: \"platform\"\n    instance: \"\"\n  -\n    project: \"a/b\"\n    refs:\n      \
             branches: \"^release/\"\n      merge_requests: true\n      tags: null\n"
        );
        assert_eq!(read(&text).unwrap(), v);
    }

    #[test]
    fn hostile_text_stays_one_scalar() {
        for s in ["a\nb: c", "\u{2028}- x", "\"quoted\" \\ back", "\u{85}nel", "tab\there", "\u{feff}bom"] {
            let v = json!({"name": s});
            assert_eq!(read(&write(&v)).unwrap(), v, "{s:?}");
            // Another reader agrees.
            let other: Value = serde_yaml_ng::from_str(&write(&v)).unwrap();
            assert_eq!(other, v, "{s:?}");
        }
    }

    #[test]
    fn bad_yaml_names_its_line_and_bombs_are_bounded() {
        assert!(read("a: [1, 2\nb: 3\n").unwrap_err().starts_with("Not YAML (line"));
        assert!(read("a: 1\n---\nb: 2\n").unwrap_err().contains("more than one"));
        assert!(read("").unwrap_err().contains("empty"));
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            bomb.push_str(&format!(
                "{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n",
                (b'a' + i) as char,
                (b'a' + i) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char,
                (b'a' + i - 1) as char
            ));
        }
        assert!(read(&bomb).unwrap_err().starts_with("Not YAML"));
    }
}
