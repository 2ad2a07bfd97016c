//! `workflow`: `rules` deciding whether a pipeline is created (and its variables), and `name`.

use super::rules::{parse_rules_of, Rule, RulesOf};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::load::Node;

#[derive(Debug, Clone, Default)]
pub struct Workflow {
    pub rules: Option<Vec<Rule>>,
    pub name: Option<String>,
}

pub fn parse(node: &Node, diags: &mut Diagnostics) -> Workflow {
    let mut w = Workflow::default();
    let Some(m) = node.as_map() else {
        diags.error(Code::WorkflowInvalid, "workflow config should be a hash", node.span);
        return w;
    };
    for (k, e) in m {
        match k.as_str() {
            "rules" => w.rules = Some(parse_rules_of(&e.value, RulesOf::Workflow, diags)),
            "name" => w.name = e.value.scalar_string(),
            "auto_cancel" => {}
            _ => {
                diags.error(Code::WorkflowUnknownKey, format!("workflow config contains unknown keys: {k}"), e.key_span)
            }
        }
    }
    w
}
