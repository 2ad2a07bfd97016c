//! `rules` (job, workflow and include level): each rule's clauses and its outcome.

use super::needs::{self, Need};
use super::when::{When, RULE_WHEN};
use crate::diagnostics::{Diagnostics, Span};
use crate::load::{Node, Value};
use crate::variables::Vars;

pub const ALLOWED_KEYS: &[&str] = &[
    "if",
    "changes",
    "exists",
    "when",
    "start_in",
    "allow_failure",
    "variables",
    "needs",
    "interruptible",
    "auto_cancel",
];

#[derive(Debug, Clone, Default)]
pub struct Rule {
    pub span: Span,
    pub if_expr: Option<(String, Span)>,
    pub changes: Option<Vec<String>>,
    pub exists: Option<Vec<String>>,
    /// Kept as text so include/workflow rules can share this type; jobs read it through [`Rule::when`].
    pub when: Option<String>,
    pub allow_failure: Option<bool>,
    pub variables: Vars,
    pub needs: Option<Vec<Need>>,
}

impl Rule {
    pub fn when(&self) -> Option<When> {
        let mut d = Diagnostics::default();
        self.when
            .as_ref()
            .and_then(|w| When::parse(&Node::new(Value::Str(w.clone()), self.span), RULE_WHEN, "rules", &mut d))
    }

    /// Human description of the rule for "why" traces.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some((e, _)) = &self.if_expr {
            parts.push(format!("if: {e}"));
        }
        if let Some(c) = &self.changes {
            parts.push(format!("changes: [{}]", c.join(", ")));
        }
        if let Some(c) = &self.exists {
            parts.push(format!("exists: [{}]", c.join(", ")));
        }
        if parts.is_empty() {
            parts.push("(no conditions)".into());
        }
        parts.join(", ")
    }
}

/// Nested arrays (from `!reference` or anchors) are flattened, as GitLab does.
pub fn parse_rules(node: &Node, diags: &mut Diagnostics) -> Vec<Rule> {
    let mut out = Vec::new();
    let Some(items) = node.as_seq() else {
        diags.error("rules-invalid", "rules config should be an array of hashes", node.span);
        return out;
    };
    for item in items {
        match &item.value {
            Value::Seq(_) => out.extend(parse_rules(item, diags)),
            Value::Map(m) => {
                for (k, e) in m {
                    if !ALLOWED_KEYS.contains(&k.as_str()) {
                        diags.error(
                            "rules-unknown-key",
                            format!("rules:rule config contains unknown keys: {k}"),
                            e.key_span,
                        );
                    }
                }
                let mut rule = Rule { span: item.span, ..Rule::default() };
                if let Some(n) = item.get("if") {
                    match n.scalar_string() {
                        Some(s) => rule.if_expr = Some((s, n.span)),
                        None => diags.error("rules-invalid", "rules:rule if should be a string", n.span),
                    }
                }
                rule.changes = item.get("changes").map(|n| paths(n, diags));
                rule.exists = item.get("exists").map(|n| paths(n, diags));
                if let Some(n) = item.get("when") {
                    if When::parse(n, RULE_WHEN, "rules:rule", diags).is_some() {
                        rule.when = n.as_str().map(String::from);
                    }
                }
                rule.allow_failure = item.get("allow_failure").and_then(|n| match &n.value {
                    Value::Bool(b) => Some(*b),
                    _ => None,
                });
                if let Some(v) = item.get("variables") {
                    rule.variables = super::variables::parse(v, "rules:rule", diags);
                }
                rule.needs = item.get("needs").map(|n| needs::parse(n, diags));
                out.push(rule);
            }
            _ => diags.error("rules-invalid", "rules:rule config should be a hash", item.span),
        }
    }
    out
}

/// `changes`/`exists`: a list of globs, or `{paths: [...], ...}`.
fn paths(node: &Node, diags: &mut Diagnostics) -> Vec<String> {
    let list = node.get("paths").unwrap_or(node);
    match list.string_list() {
        Some(l) => l,
        None => {
            diags.error("rules-invalid", "rules:rule changes/exists should be an array of strings", node.span);
            Vec::new()
        }
    }
}
