//! A job's effective variables and where each comes from: the layers of [`crate::evaluate::variables`]
//! folded the same way the evaluation folds them, keeping each name's origin and what it overrides.
//!
//! Visibility differs by keyword, which this view does not change: `include:rules` and `include` paths see
//! only predefined and pipeline variables; `rules:if` sees all the layers except the job's own
//! `rules:variables`; `workflow:rules:if` sees global, predefined and pipeline variables.

use super::job::JobView;
pub use crate::evaluate::variables::{is_predefined, Origin};
use crate::evaluate::variables::{layers, JobScope};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub value: String,
    pub origin: Origin,
    /// Lower-precedence definitions this one hides, highest first.
    pub overrides: Vec<Origin>,
}

pub fn effective(v: &JobView) -> Vec<Variable> {
    let rule_vars = v.job.and_then(|j| j.rule).and_then(|i| v.def.rules.as_ref()?.get(i - 1)).map(|r| &r.variables);
    let scope = JobScope {
        ctx: &v.analysis.context,
        config: &v.analysis.config,
        def: v.def,
        workflow_vars: &v.analysis.pipeline.workflow_variables,
        matrix: v.job.map(|j| j.matrix.as_slice()).unwrap_or(&[]),
        rule_vars,
    };
    let mut out: BTreeMap<&str, Variable> = BTreeMap::new();
    for (origin, vars) in layers(&scope) {
        for (name, value) in vars {
            match out.get_mut(name) {
                Some(var) => {
                    var.overrides.insert(0, var.origin);
                    var.origin = origin;
                    var.value = value.to_string();
                }
                None => {
                    let var = Variable { name: name.into(), value: value.into(), origin, overrides: Vec::new() };
                    out.insert(name, var);
                }
            }
        }
    }
    out.into_values().collect()
}
