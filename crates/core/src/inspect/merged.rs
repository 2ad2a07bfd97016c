//! The merged YAML: the configuration after `include`, `extends` and `!reference`, as GitLab's pipeline
//! editor shows it under "Full configuration" (and the CI Lint API returns as `merged_yaml`). Printed by
//! saphyr's emitter, with one rule added: a string that GitLab's YAML 1.1 loader would read as something
//! else (`"3.10"`, `"yes"`, `"1_000"`) is quoted, so the text reads back as the same values.

use crate::diagnostics::{Diagnostic, Diagnostics, FileId};
use crate::evaluate::context::PipelineContext;
use crate::files::FileSet;
use crate::limits::Limits;
use crate::load::scalar::resolve_plain;
use crate::load::{Node, Value};
use saphyr::{Mapping, Scalar, ScalarStyle, Tag, Yaml, YamlEmitter};
use std::borrow::Cow;

/// Resolves the configuration again (only the resolve phase, on demand: the editor's tab, `pipelens
/// merged`) and prints it. The diagnostics are those of loading and resolving.
pub fn merged_yaml(
    files: &FileSet,
    entry: FileId,
    ctx: &PipelineContext,
    limits: &Limits,
) -> (String, Vec<Diagnostic>) {
    let mut diags = Diagnostics::default();
    let resolved = crate::resolve::resolve(files, entry, ctx, None, limits, &mut diags);
    (to_yaml(&resolved.root), diags.into_sorted())
}

/// One value as a YAML document (without the `---` header).
pub fn to_yaml(node: &Node) -> String {
    let doc = to_saphyr(node);
    let mut out = String::new();
    let mut emitter = YamlEmitter::new(&mut out);
    // Multi-line strings (scripts) as literal blocks, as people write them.
    emitter.multiline(true);
    if emitter.dump(&doc).is_err() {
        return String::new();
    }
    let body = out.strip_prefix("---\n").or_else(|| out.strip_prefix("---")).unwrap_or(&out).trim_start_matches(' ');
    let mut body = body.to_string();
    body.push('\n');
    body
}

fn to_saphyr(node: &Node) -> Yaml<'_> {
    match &node.value {
        Value::Null => Yaml::Value(Scalar::Null),
        Value::Bool(b) => Yaml::Value(Scalar::Boolean(*b)),
        Value::Int(i) => Yaml::Value(Scalar::Integer(*i)),
        Value::Float(f) => Yaml::Value(Scalar::FloatingPoint((*f).into())),
        Value::Str(s) => string(s),
        Value::Seq(items) => Yaml::Sequence(items.iter().map(to_saphyr).collect()),
        // Left unresolved (its target is in an include that could not be read): shown as written.
        Value::Reference(items) => Yaml::Tagged(
            Cow::Owned(Tag { handle: "!".into(), suffix: "reference".into() }),
            Box::new(Yaml::Sequence(items.iter().map(to_saphyr).collect())),
        ),
        Value::Map(m) => {
            let mut out = Mapping::new();
            for (k, e) in m {
                out.insert(string(k), to_saphyr(&e.value));
            }
            Yaml::Mapping(out)
        }
    }
}

/// saphyr quotes what YAML 1.2 would misread, and more (any `:`, so `image: "ruby:3.3"`). Here a string
/// that is safe as a plain scalar in block context is printed plain, as people write it (`image: ruby:3.3`),
/// and one that Psych (YAML 1.1) would read as another type (`"3.10"`, `"yes"`, `"1_000"`) is
/// double-quoted. Anything with characters that need escaping is left to saphyr, which quotes and escapes.
fn string(s: &str) -> Yaml<'_> {
    let needs_escape = s.chars().any(|c| c.is_control() || matches!(c, '"' | '\\' | '\u{feff}'));
    if needs_escape || s.is_empty() {
        return Yaml::Value(Scalar::String(Cow::Borrowed(s)));
    }
    if !matches!(resolve_plain(s), Value::Str(_)) {
        return Yaml::Representation(Cow::Borrowed(s), ScalarStyle::DoubleQuoted, None);
    }
    if plain_safe(s) {
        return Yaml::Representation(Cow::Borrowed(s), ScalarStyle::Plain, None);
    }
    Yaml::Value(Scalar::String(Cow::Borrowed(s)))
}

/// A plain scalar in block context reads back as exactly this text (YAML 1.2 §7.3.3, kept conservative:
/// no indicator first, no `: ` or ` #`, no trailing `:`, no surrounding spaces).
fn plain_safe(s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    // `-x`, `?x`, `:x` are plain when followed by a non-space; keep it simple and quote them.
    !indicator
        && !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && !s.ends_with(':')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(":\t")
        && !s.contains("\t#")
        && s != "<<"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(yaml: &str) -> Node {
        let mut d = Diagnostics::default();
        let mut docs = crate::load::load_documents(yaml, 0, &Limits::default(), &mut d);
        assert!(!d.has_errors(), "{yaml}\n{:?}", d.iter().collect::<Vec<_>>());
        docs.remove(0)
    }

    #[test]
    fn strings_that_look_like_other_types_stay_strings() {
        let yaml = "a: \"3.10\"\nb: 'yes'\nc: '1_000'\nd: \"0x1F\"\ne: '~'\nf: '017'\ng: 3.10\nh: yes\ni: \"\"\nj: 'a: b'\nk: \"#x\"\n";
        let n = load(yaml);
        let out = to_yaml(&n);
        assert!(out.contains("a: \"3.10\""), "{out}");
        assert!(out.contains("g: 3.1"), "{out}");
        assert!(out.contains("j: \"a: b\""), "{out}");
        assert!(n.same_value(&load(&out)), "{out}");
    }

    #[test]
    fn scripts_print_as_blocks_and_round_trip() {
        let yaml = "job:\n  script:\n    - |\n      echo one\n      echo \"two\"\n    - echo 'x: y'\n  variables:\n    PY: \"3.10\"\n";
        let n = load(yaml);
        let out = to_yaml(&n);
        assert!(n.same_value(&load(&out)), "{out}");
    }

    #[test]
    fn merged_yaml_applies_includes_extends_and_references() {
        let mut files = FileSet::new();
        let root = files.add(
            ".gitlab-ci.yml",
            "include: base.yml\n.tpl:\n  image: ruby:3.3\njob:\n  extends: .tpl\n  script: !reference [.base, script]\n",
        );
        files.add("base.yml", ".base:\n  script: [make]\n");
        let (text, diags) = merged_yaml(&files, root, &PipelineContext::default_push(), &Limits::default());
        assert!(diags.is_empty(), "{diags:?}");
        let n = load(&text);
        let job = n.get("job").expect(&text);
        assert_eq!(job.get("image").and_then(Node::as_str), Some("ruby:3.3"), "{text}");
        assert!(text.contains("image: ruby:3.3\n"), "written as people write it:\n{text}");
        assert_eq!(job.get("script").and_then(|s| s.as_seq()).map(|s| s.len()), Some(1), "{text}");
        assert!(n.get("include").is_none(), "includes are merged away:\n{text}");
    }

    #[test]
    fn every_short_string_of_tricky_characters_round_trips_as_key_and_value() {
        let alphabet: Vec<char> = "a:-# '\"\\\n\t{}[],&*!|>%@`?~0.1yN_+<=".chars().collect();
        let mut strings = vec![String::new()];
        for len in 1..=3 {
            let mut idx = vec![0; len];
            loop {
                strings.push(idx.iter().map(|&i| alphabet[i]).collect());
                let Some(p) = (0..len).rev().find(|&p| idx[p] + 1 < alphabet.len()) else { break };
                idx[p] += 1;
                idx[p + 1..].iter_mut().for_each(|i| *i = 0);
            }
        }
        let mut map = crate::load::Map::default();
        for (i, s) in strings.iter().enumerate() {
            let value = Node::new(Value::Str(s.clone()), Default::default());
            map.insert(format!("k{i}{s}"), crate::load::Entry { key_span: Default::default(), value });
        }
        let doc = Node::new(Value::Map(map), Default::default());
        let out = to_yaml(&doc);
        let back = load(&out);
        for ((k, e), (k2, e2)) in doc.as_map().unwrap().iter().zip(back.as_map().unwrap()) {
            assert!(
                k == k2 && e.value.same_value(&e2.value),
                "{k:?}: {:?} came back as {k2:?}: {:?}",
                e.value.value,
                e2.value.value
            );
        }
        assert_eq!(back.as_map().unwrap().len(), strings.len());
    }
}
