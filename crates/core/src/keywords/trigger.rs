//! `trigger`: a child pipeline (`trigger:include`) or a multi-project pipeline (`trigger:project` or a string).

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::load::{Node, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// Local files (or artifacts/templates, kept as text) that make up the child pipeline.
    Child {
        include: Vec<String>,
        strategy: Option<String>,
    },
    Project {
        project: String,
        branch: Option<String>,
        strategy: Option<String>,
    },
}

pub fn parse(node: &Node, owner: &str, diags: &mut Diagnostics) -> Option<Trigger> {
    let strategy = node.get("strategy").and_then(Node::scalar_string);
    match &node.value {
        Value::Str(p) => Some(Trigger::Project { project: p.clone(), branch: None, strategy: None }),
        Value::Map(m) if m.contains_key("include") => {
            let inc = &m["include"].value;
            let items: Vec<&Node> = match &inc.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![inc],
            };
            let include = items
                .into_iter()
                .filter_map(|i| {
                    i.scalar_string()
                        .or_else(|| i.get("local").and_then(Node::scalar_string))
                        .or_else(|| i.get("artifact").and_then(Node::scalar_string).map(|a| format!("artifact:{a}")))
                        .or_else(|| i.get("template").and_then(Node::scalar_string).map(|t| format!("template:{t}")))
                })
                .collect();
            Some(Trigger::Child { include, strategy })
        }
        Value::Map(m) if m.contains_key("project") => Some(Trigger::Project {
            project: m["project"].value.scalar_string().unwrap_or_default(),
            branch: node.get("branch").and_then(Node::scalar_string),
            strategy,
        }),
        _ => {
            diags.error(
                Code::TriggerInvalid,
                format!("{owner} trigger config should be a string or a hash with `include` or `project`"),
                node.span,
            );
            None
        }
    }
}
