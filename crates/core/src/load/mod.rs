//! Phase 1, load: YAML text → spanned [`Node`] trees.
//!
//! Pre: one file's text. Post: one tree per YAML document, with anchors, aliases and `<<` merge keys applied the way
//! GitLab's loader (Ruby Psych) applies them, and `!reference` kept as [`Value::Reference`] for the resolve phase.
//! Tolerated like Psych: duplicate keys (last wins, reported as a warning) and re-defined anchors (an alias takes
//! the most recent definition). Limits on size, depth and alias expansion are reported as errors, never hit as a hang.

pub mod node;
pub mod scalar;

use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, FileId, Span};
use crate::limits::Limits;
pub use node::{deep_merge, Entry, Map, Node, Value};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::HashMap;

/// Parses every document of `text`. On a syntax error the documents read so far are returned with the error.
pub fn load_documents(text: &str, file: FileId, limits: &Limits, diags: &mut Diagnostics) -> Vec<Node> {
    if text.len() > limits.max_file_bytes {
        diags.error(
            Code::InputTooLarge,
            format!("file is {} bytes; the limit is {} bytes", text.len(), limits.max_file_bytes),
            Span::new(file, 1, 1),
        );
        return Vec::new();
    }
    if let Some((at, c)) = first_disallowed(text) {
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        diags.error(
            Code::YamlControlCharacter,
            format!("YAML syntax error: control characters are not allowed (U+{:04X} here)", c as u32),
            Span::new(file, line as u32, col as u32),
        );
        return Vec::new();
    }
    let mut builder = Builder::new(limits);
    for event in Parser::new_from_str(text) {
        match event {
            Ok((ev, span)) => {
                let end = Span::new(file, span.end.line() as u32, span.end.col() as u32 + 1);
                let at = Span::new(file, span.start.line() as u32, span.start.col() as u32 + 1).to(end);
                if let Err(fatal) = builder.event(ev, at, diags) {
                    diags.push(fatal);
                    break;
                }
            }
            Err(e) => {
                let m = e.marker();
                diags.error(
                    Code::YamlSyntax,
                    format!("YAML syntax error: {}", e.info()),
                    Span::new(file, m.line() as u32, m.col() as u32 + 1),
                );
                break;
            }
        }
    }
    builder.docs
}

/// The first character libyaml (GitLab's parser, through Psych) refuses anywhere in a stream, quoted or not:
/// C0 controls other than tab and line breaks, DEL, C1 controls other than NEL, U+FFFE and U+FFFF. (Our parser
/// would read a NUL as the end of the text.)
fn first_disallowed(text: &str) -> Option<(usize, char)> {
    let suspect = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7f | 0xc2 | 0xef);
    if !text.bytes().any(suspect) {
        return None;
    }
    let allowed = |c: char| matches!(c as u32, 0x09 | 0x0a | 0x0d | 0x20..=0x7e | 0x85 | 0xa0..=0xd7ff | 0xe000..=0xfffd | 0x10000..);
    text.char_indices().find(|&(_, c)| !allowed(c))
}

enum Frame {
    Seq {
        items: Vec<Node>,
        span: Span,
        anchor: usize,
        reference: bool,
    },
    Map {
        map: Map,
        span: Span,
        anchor: usize,
        /// The key waiting for its value; `None` for the `<<` merge key.
        key: Option<Option<(String, Span)>>,
        /// Keys that came in through `<<` and were not written explicitly since: re-setting one is no duplicate.
        merged: Vec<String>,
    },
}

struct Builder<'l> {
    limits: &'l Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    expanded: usize,
    docs: Vec<Node>,
}

impl<'l> Builder<'l> {
    fn new(limits: &'l Limits) -> Self {
        Builder { limits, stack: Vec::new(), anchors: HashMap::default(), expanded: 0, docs: Vec::new() }
    }

    fn event(&mut self, ev: Event<'_>, at: Span, diags: &mut Diagnostics) -> Result<(), crate::Diagnostic> {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let merge_key = style == ScalarStyle::Plain && text == "<<" && tag.is_none();
                let value = scalar_value(&text, style, tag.as_deref());
                self.complete(Node::new(value, at), anchor, merge_key, diags);
            }
            Event::SequenceStart(anchor, tag) => {
                self.push_frame(
                    Frame::Seq { items: Vec::new(), span: at, anchor, reference: is_reference(tag.as_deref()) },
                    at,
                )?;
            }
            Event::MappingStart(anchor, _) => {
                self.push_frame(
                    Frame::Map { map: Map::default(), span: at, anchor, key: None, merged: Vec::new() },
                    at,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq { items, span, anchor, reference }) => {
                        let value = if reference { Value::Reference(items) } else { Value::Seq(items) };
                        (Node::new(value, span.to(at)), anchor)
                    }
                    Some(Frame::Map { map, span, anchor, .. }) => (Node::new(Value::Map(map), span.to(at)), anchor),
                    None => return Ok(()),
                };
                self.complete(node, anchor, false, diags);
            }
            Event::Alias(id) => {
                let Some((node, size)) = self.anchors.get(&id) else {
                    return Err(crate::Diagnostic::error(Code::YamlSyntax, "alias to an unknown anchor", at));
                };
                self.expanded += size;
                if self.expanded > self.limits.max_alias_nodes {
                    return Err(crate::Diagnostic::error(
                        Code::AliasExpansionLimit,
                        format!(
                            "aliases expand to more than {} nodes; the file is refused (a YAML 'billion laughs'?)",
                            self.limits.max_alias_nodes
                        ),
                        at,
                    ));
                }
                let mut node = node.clone();
                node.span = at;
                self.complete(node, 0, false, diags);
            }
            Event::DocumentStart(_) => self.anchors.clear(),
            Event::DocumentEnd | Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn push_frame(&mut self, frame: Frame, at: Span) -> Result<(), crate::Diagnostic> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(crate::Diagnostic::error(
                Code::NestingLimit,
                format!("YAML nesting is deeper than {} levels", self.limits.max_depth),
                at,
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// A finished node goes to its parent: a document, a sequence item, a mapping key or a mapping value.
    fn complete(&mut self, node: Node, anchor: usize, merge_key: bool, diags: &mut Diagnostics) {
        if anchor != 0 {
            let size = node.size();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { map, key, merged, .. }) => match key.take() {
                None => {
                    *key = Some(if merge_key { None } else { Some((key_string(&node), node.span)) });
                }
                Some(None) => merge_into(map, node, merged),
                Some(Some((k, key_span))) => {
                    if let Some(i) = merged.iter().position(|m| *m == k) {
                        merged.swap_remove(i);
                    } else if let Some(first) = map.get(&k) {
                        diags.warning(
                            Code::DuplicateKey,
                            format!(
                                "duplicate key '{k}' (first at line {}); the last value wins, as in GitLab",
                                first.key_span.line
                            ),
                            key_span,
                        );
                    }
                    // IndexMap keeps the first position of a re-set key, as Ruby's Hash does.
                    map.insert(k, Entry { key_span, value: node });
                }
            },
        }
    }
}

/// Psych's `<<`: a mapping is merged over what is already there; in a list the earlier mappings win.
/// Keys written after the `<<` override merged ones; anything that is not a mapping stays as a plain `<<` key.
fn merge_into(map: &mut Map, value: Node, merged_keys: &mut Vec<String>) {
    match value.value {
        Value::Map(m) => {
            for (k, e) in m {
                merged_keys.push(k.clone());
                map.insert(k, e);
            }
        }
        Value::Seq(items) if items.iter().all(|n| n.as_map().is_some()) => {
            let mut merged = Map::default();
            for item in items.into_iter().rev() {
                if let Value::Map(m) = item.value {
                    for (k, e) in m {
                        merged.insert(k, e);
                    }
                }
            }
            for (k, e) in merged {
                merged_keys.push(k.clone());
                map.insert(k, e);
            }
        }
        other => {
            let span = value.span;
            map.insert("<<".into(), Entry { key_span: span, value: Node::new(other, span) });
        }
    }
}

fn key_string(node: &Node) -> String {
    match &node.value {
        Value::Null => String::new(),
        _ => node.scalar_string().unwrap_or_else(|| format!("<{}>", node.type_name())),
    }
}

fn is_reference(tag: Option<&Tag>) -> bool {
    tag.is_some_and(|t| t.handle == "!" && t.suffix == "reference")
}

fn scalar_value(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
            match tag.suffix.as_str() {
                "str" => return Value::Str(text.to_string()),
                "int" | "float" | "bool" | "null" => return scalar::resolve_plain(text),
                _ => {}
            }
        }
    }
    if style == ScalarStyle::Plain {
        scalar::resolve_plain(text)
    } else {
        Value::Str(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Node, Vec<crate::Diagnostic>) {
        let mut d = Diagnostics::default();
        let docs = load_documents(text, 0, &Limits::default(), &mut d);
        (docs.into_iter().next().unwrap_or(Node::null(Span::default())), d.into_sorted())
    }

    fn keys(n: &Node) -> Vec<&str> {
        n.as_map().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn spans_are_one_based() {
        let (doc, _) = load("a:\n  b: 1\n");
        let b = doc.get("a").unwrap().as_map().unwrap().get("b").unwrap();
        assert_eq!((b.key_span.line, b.key_span.col), (2, 3));
        assert_eq!((b.value.span.line, b.value.span.col), (2, 6));
    }

    #[test]
    fn spans_end_where_the_value_ends() {
        let (doc, _) = load("a:\n  b: hello\n  c: [1, 22]\n");
        let a = doc.get("a").unwrap();
        let b = a.get("b").unwrap();
        assert_eq!((b.span.end_line, b.span.end_col), (2, 11), "after `hello`");
        let key = &a.as_map().unwrap().get("b").unwrap().key_span;
        assert_eq!((key.end_line, key.end_col), (2, 4));
        let c = a.get("c").unwrap();
        assert_eq!(
            (c.span.line, c.span.col, c.span.end_line, c.span.end_col),
            (3, 6, 3, 13),
            "the flow sequence, `]` included"
        );
        assert!(a.span.has_extent() && a.span.end_line >= 3, "{:?}", a.span);
    }

    #[test]
    fn merge_key_list_earlier_wins_and_later_keys_override() {
        let (doc, d) = load("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n");
        assert!(d.is_empty());
        let c = doc.get("c").unwrap();
        assert_eq!(c.get("x").unwrap().as_int(), Some(1));
        assert_eq!(c.get("y").unwrap().as_int(), Some(1));
        assert_eq!(c.get("z").unwrap().as_int(), Some(3));
    }

    #[test]
    fn duplicate_key_last_wins_with_warning() {
        let (doc, d) = load("job:\n  script: a\n  script: b\n");
        assert_eq!(doc.get("job").unwrap().get("script").unwrap().as_str(), Some("b"));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "duplicate-key");
        assert_eq!(d[0].span.unwrap().line, 3);
        assert!(d[0].message.contains("line 2"));
    }

    #[test]
    fn redefined_anchor_uses_latest_definition() {
        let (doc, _) = load("a: &x 1\nb: *x\nc: &x 2\nd: *x\n");
        assert_eq!(doc.get("b").unwrap().as_int(), Some(1));
        assert_eq!(doc.get("d").unwrap().as_int(), Some(2));
        assert_eq!(keys(&doc), ["a", "b", "c", "d"]);
    }

    #[test]
    fn reference_tag_is_kept() {
        let (doc, _) = load("a:\n  script: !reference [.setup, script]\n");
        let r = doc.get("a").unwrap().get("script").unwrap();
        assert!(matches!(&r.value, Value::Reference(items) if items.len() == 2));
    }

    #[test]
    fn syntax_error_has_position() {
        let (_, d) = load("a: [1, 2\nb: 3\n");
        assert_eq!(d[0].code, "yaml-syntax");
        assert!(d[0].span.unwrap().line >= 1);
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let (_, d) = load(&text);
        assert!(d.iter().any(|d| d.code == "alias-expansion-limit"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(150) + &"]".repeat(150);
        let (_, d) = load(&text);
        assert!(d.iter().any(|d| d.code == "nesting-limit"), "{d:?}");
    }

    #[test]
    fn multi_document() {
        let mut d = Diagnostics::default();
        let docs = load_documents("spec:\n  inputs: {}\n---\njob: {script: x}\n", 0, &Limits::default(), &mut d);
        assert_eq!(docs.len(), 2);
    }
}
