//! `needs`: job names, `{job, artifacts, optional, parallel:matrix}`, `{pipeline, job}` and `{project, job, ref}`.

use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, Span};
use crate::load::{Node, Value};
use indexmap::IndexMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Need {
    pub job: String,
    pub span: Span,
    pub optional: bool,
    pub artifacts: bool,
    /// `parallel: matrix:` filter selecting some instances of a matrix job.
    pub matrix: Option<Vec<IndexMap<String, Vec<String>>>>,
    /// Set for cross-pipeline (`pipeline:`) and cross-project (`project:`) needs: not an edge in this pipeline.
    pub external: bool,
}

pub fn parse(node: &Node, diags: &mut Diagnostics) -> Vec<Need> {
    let mut out = Vec::new();
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        _ => vec![node],
    };
    for item in items {
        match &item.value {
            Value::Seq(_) => out.extend(parse(item, diags)),
            Value::Map(m) => {
                let Some(job) = m.get("job").and_then(|e| e.value.scalar_string()) else {
                    diags.error(Code::NeedsInvalid, "needs config should contain a `job` key", item.span);
                    continue;
                };
                let matrix = item.get("parallel").and_then(|p| p.get("matrix")).map(super::parallel::parse_matrix);
                out.push(Need {
                    job,
                    span: item.span,
                    optional: item.get("optional").and_then(Node::as_bool).unwrap_or(false),
                    artifacts: item.get("artifacts").and_then(Node::as_bool).unwrap_or(true),
                    matrix,
                    external: m.contains_key("pipeline") || m.contains_key("project"),
                });
            }
            _ => match item.scalar_string() {
                Some(job) => out.push(Need {
                    job,
                    span: item.span,
                    optional: false,
                    artifacts: true,
                    matrix: None,
                    external: false,
                }),
                None => diags.error(Code::NeedsInvalid, "needs config should be a string or a hash", item.span),
            },
        }
    }
    out
}
