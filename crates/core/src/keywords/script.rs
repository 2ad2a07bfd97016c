//! `script`, `before_script`, `after_script`: a string or an array of strings, where `!reference` may leave
//! arrays nested inside the array. GitLab flattens them (up to 10 levels, "script" in the CI/CD YAML
//! reference) before the runner gets them; this is that flattening, for display.

use crate::load::{Node, Value};

/// How deep GitLab flattens nested script arrays.
pub const MAX_NESTING: usize = 10;

/// The lines the runner gets, in order. Scalars (numbers, booleans) read as their text, as the runner would
/// get them; maps (invalid, reported by validation) are left out.
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
    use crate::diagnostics::Diagnostics;
    use crate::limits::Limits;

    fn node(yaml: &str) -> Node {
        let mut d = Diagnostics::default();
        crate::load::load_documents(yaml, 0, &Limits::default(), &mut d).remove(0)
    }

    #[test]
    fn nested_arrays_flatten_in_order() {
        assert_eq!(lines(&node("[a, [b, [c, d]], e]")), ["a", "b", "c", "d", "e"]);
        assert_eq!(lines(&node("echo hi")), ["echo hi"]);
        assert_eq!(lines(&node("[1, true]")), ["1", "true"]);
    }
}
