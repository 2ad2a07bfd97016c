//! `only` / `except`: refs (keywords, names, regexes, `ref@project`), `variables`, `changes`, `kubernetes`.

use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, Span};
use crate::load::Node;

/// Applied when a job has neither `rules` nor `only` (GitLab's `DEFAULT_ONLY_POLICY`).
pub const DEFAULT_ONLY_REFS: &[&str] = &["branches", "tags"];

#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub span: Span,
    pub refs: Option<Vec<String>>,
    pub variables: Option<Vec<String>>,
    pub changes: Option<Vec<String>>,
    pub kubernetes: bool,
}

pub fn parse(node: &Node, which: &str, owner: &str, diags: &mut Diagnostics) -> Policy {
    let mut p = Policy { span: node.span, ..Policy::default() };
    if node.as_map().is_none() {
        match node.string_list() {
            Some(refs) => p.refs = Some(refs),
            None => diags.error(
                Code::PolicyInvalid,
                format!("{owner} {which} config should be an array of strings or a hash"),
                node.span,
            ),
        }
        return p;
    }
    for (k, e) in node.as_map().into_iter().flatten() {
        let list = || e.value.string_list();
        match k.as_str() {
            "refs" => p.refs = list(),
            "variables" => {
                p.variables = list();
                // `ComplexPolicy#variables_expressions_syntax`, checked when the configuration is read.
                for expr in p.variables.iter().flatten() {
                    if let Err(msg) = crate::evaluate::expr::parse(expr) {
                        diags.error(
                            Code::ExpressionSyntax,
                            format!("{owner} {which} variables Invalid expression syntax: `{expr}`: {msg}"),
                            e.value.span,
                        );
                    }
                }
            }
            "changes" => p.changes = e.value.get("paths").and_then(Node::string_list).or_else(list),
            "kubernetes" => p.kubernetes = true,
            _ => diags.error(
                Code::PolicyUnknownKey,
                format!("{owner} {which} config contains unknown keys: {k}"),
                e.key_span,
            ),
        }
    }
    p
}
