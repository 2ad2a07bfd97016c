//! A job's effective variables and where each comes from, in GitLab's documented precedence ("CI/CD
//! variable precedence"): pipeline variables (run/trigger/schedule/API) over everything in YAML; in YAML,
//! `rules:variables` over `parallel:matrix` values over the job's own `variables` over
//! `workflow:rules:variables` over global `variables` (as `inherit:variables` lets them through); predefined
//! variables last.
//!
//! Visibility differs by keyword, which this view does not change: `include:rules` and `include` paths see
//! only predefined and pipeline variables; `rules:if` sees all of the above except the job's own
//! `rules:variables`; `workflow:rules:if` sees global, predefined and pipeline variables.

use super::job::JobView;
use crate::diagnostics::Diagnostics;
use crate::keywords::default::Inherit;
use crate::variables::Vars;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Set by GitLab for this pipeline (`CI_*`, `GITLAB_*`).
    Predefined,
    /// Global `variables:`, let through by `inherit:variables`.
    Global,
    /// `variables:` of the `workflow:rules` rule that matched.
    Workflow,
    /// The job's own `variables:` (after `extends`).
    Job,
    /// The job's `parallel:matrix` values.
    Matrix,
    /// `variables:` of the job's rule that matched.
    Rule,
    /// Pipeline variables: run with variables, trigger, schedule, API.
    Pipeline,
}

impl Origin {
    /// A stable lowercase name (JSON, data attributes).
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Predefined => "predefined",
            Origin::Global => "global",
            Origin::Workflow => "workflow",
            Origin::Job => "job",
            Origin::Matrix => "matrix",
            Origin::Rule => "rule",
            Origin::Pipeline => "pipeline",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub value: String,
    pub origin: Origin,
    /// Lower-precedence definitions this one hides, highest first.
    pub overrides: Vec<Origin>,
}

/// Variable names GitLab predefines; anything else in the pipeline context was set by a person.
pub fn is_predefined(name: &str) -> bool {
    name.starts_with("CI_") || name.starts_with("GITLAB_") || name == "CI"
}

pub fn effective(v: &JobView) -> Vec<Variable> {
    let ctx = &v.analysis.context.vars;
    let own = &v.def.own_variables;
    // Global variables reach a job as `inherit:variables` allows (already reported when invalid).
    let inherit = Inherit::from_job(&v.def.definition, "variables", "", &mut Diagnostics::default());
    let global = v.analysis.config.variables.iter().filter(|(k, _)| inherit.allows(k));
    let none = Vars::new();
    let (matrix, rule): (&[(String, String)], &Vars) = match v.job {
        Some(j) => (&j.matrix, &j.rule_variables),
        None => (&[], &none),
    };
    // Lowest precedence first; each layer overrides the ones before it.
    let layers: [(Origin, Vec<(&str, &str)>); 7] = [
        (Origin::Predefined, ctx.iter().filter(|(k, _)| is_predefined(k)).map(kv).collect()),
        (Origin::Global, global.map(kv).collect()),
        (Origin::Workflow, v.analysis.pipeline.workflow_variables.iter().map(kv).collect()),
        (Origin::Job, own.iter().map(kv).collect()),
        (Origin::Matrix, matrix.iter().map(|(k, val)| (k.as_str(), val.as_str())).collect()),
        (Origin::Rule, rule.iter().map(kv).collect()),
        (Origin::Pipeline, ctx.iter().filter(|(k, _)| !is_predefined(k)).map(kv).collect()),
    ];
    let mut out: BTreeMap<&str, Variable> = BTreeMap::new();
    for (origin, vars) in layers {
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

fn kv<'a>((k, v): (&'a String, &'a String)) -> (&'a str, &'a str) {
    (k.as_str(), v.as_str())
}
