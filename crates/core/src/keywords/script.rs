//! `script`, `before_script`, `after_script`: a string, or an array of strings and arrays of strings nested at
//! most 10 deep (GitLab's `Entry::Commands`, validated by `string_or_nested_array_of_strings` with a
//! `max_depth` of 10; `!reference` is what nests them). A map, a number or a list holding one is refused, as
//! GitLab refuses it. GitLab flattens the nesting before the runner gets the lines; [`lines`] is that
//! flattening, for display.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::load::{Node, Value};

/// How deep GitLab nests (and flattens) script arrays.
pub const MAX_NESTING: usize = 10;

pub const KEYS: &[&str] = &["before_script", "script", "after_script"];

/// Reports `node` (the value of `key` in the job `owner`, e.g. `jobs:build`) unless it is a string or a
/// nested array of strings. `offline`: a `!reference` whose target is in an include not available offline
/// was left null (and reported as such), so a null item is not held against the script.
pub fn check(node: &Node, key: &str, owner: &str, offline: bool, diags: &mut Diagnostics) {
    if !commands(node, MAX_NESTING, offline) {
        diags.error(
            Code::ScriptInvalid,
            format!(
                "{owner}:{key} config should be a string or a nested array of strings up to {MAX_NESTING} levels deep"
            ),
            node.span,
        );
    }
}

/// GitLab's `NestedArrayHelpers`: a string is fine at any level; an array takes one level.
fn commands(node: &Node, levels: usize, offline: bool) -> bool {
    match &node.value {
        Value::Str(_) => true,
        Value::Null => offline,
        Value::Seq(items) => levels > 0 && items.iter().all(|n| commands(n, levels - 1, offline)),
        _ => false,
    }
}

/// The lines the runner gets, in order. Scalars (numbers, booleans) read as their text, as the runner would
/// get them; maps (invalid, reported by [`check`]) are left out.
pub fn lines(node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    flatten(node, 0, &mut out);
    out
}

fn flatten(node: &Node, depth: usize, out: &mut Vec<String>) {
    match &node.value {
        Value::Seq(items) if depth <= MAX_NESTING => items.iter().for_each(|i| flatten(i, depth + 1, out)),
        Value::Seq(_) | Value::Map(_) | Value::Reference(_) | Value::Null => {}
        _ => out.extend(node.scalar_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::limits::Limits;

    fn node(yaml: &str) -> Node {
        let mut d = Diagnostics::default();
        crate::load::load_documents(yaml, 0, &Limits::default(), &mut d).remove(0)
    }

    fn nested(depth: usize) -> Node {
        let mut n = Node::new(Value::Str("ls".into()), Span::default());
        for _ in 0..depth {
            n = Node::new(Value::Seq(vec![n]), Span::default());
        }
        n
    }

    #[test]
    fn ten_levels_of_arrays_are_allowed_eleven_are_not() {
        assert!(commands(&nested(0), MAX_NESTING, false));
        assert!(commands(&nested(10), MAX_NESTING, false));
        assert!(!commands(&nested(11), MAX_NESTING, false));
    }

    #[test]
    fn nested_arrays_flatten_in_order() {
        assert_eq!(lines(&node("[a, [b, [c, d]], e]")), ["a", "b", "c", "d", "e"]);
        assert_eq!(lines(&node("echo hi")), ["echo hi"]);
        assert_eq!(lines(&node("[1, true]")), ["1", "true"]);
    }
}
