//! `script`, `before_script`, `after_script`: a string, or an array of strings and arrays of strings nested at
//! most 10 deep (GitLab's `Entry::Commands`, validated by `string_or_nested_array_of_strings` with a
//! `max_depth` of 10). A map, a number or a list holding one is refused, as GitLab refuses it.

use crate::diagnostics::Diagnostics;
use crate::load::{Node, Value};

/// GitLab's `Entry::Commands` nesting limit.
const MAX_DEPTH: usize = 10;

pub const KEYS: &[&str] = &["before_script", "script", "after_script"];

/// Reports `node` (the value of `key` in the job `owner`, e.g. `jobs:build`) unless it is a string or a
/// nested array of strings. `offline`: a `!reference` whose target is in an include not available offline
/// was left null (and reported as such), so a null item is not held against the script.
pub fn check(node: &Node, key: &str, owner: &str, offline: bool, diags: &mut Diagnostics) {
    if !commands(node, MAX_DEPTH, offline) {
        diags.error(
            "script-invalid",
            format!(
                "{owner}:{key} config should be a string or a nested array of strings up to {MAX_DEPTH} levels deep"
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    fn nested(depth: usize) -> Node {
        let mut n = Node::new(Value::Str("ls".into()), Span::default());
        for _ in 0..depth {
            n = Node::new(Value::Seq(vec![n]), Span::default());
        }
        n
    }

    #[test]
    fn ten_levels_of_arrays_are_allowed_eleven_are_not() {
        assert!(commands(&nested(0), MAX_DEPTH, false));
        assert!(commands(&nested(10), MAX_DEPTH, false));
        assert!(!commands(&nested(11), MAX_DEPTH, false));
    }
}
