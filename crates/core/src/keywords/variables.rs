//! `variables` (global, job, rule and workflow-rule level): `NAME: value` or `NAME: {value, description, ...}`.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::load::{Node, Value};
use crate::variables::Vars;

pub fn parse(node: &Node, owner: &str, diags: &mut Diagnostics) -> Vars {
    let mut vars = Vars::new();
    let Some(map) = node.as_map() else {
        if !node.is_null() {
            diags.error(Code::VariablesInvalid, format!("{owner} variables config should be a hash"), node.span);
        }
        return vars;
    };
    for (name, e) in map {
        let value = match &e.value.value {
            Value::Map(m) => m.get("value").and_then(|v| v.value.scalar_string()).unwrap_or_default(),
            Value::Null => String::new(),
            _ => match e.value.scalar_string() {
                Some(s) => s,
                None => {
                    diags.error(
                        Code::VariablesInvalid,
                        format!("{owner} variables config should be a hash of key value pairs, value can be a hash"),
                        e.value.span,
                    );
                    continue;
                }
            },
        };
        vars.insert(name.clone(), value);
    }
    vars
}
