//! A job's variables, layer by layer, in GitLab's precedence ("CI/CD variable precedence",
//! `Seed::Build`, `Chain::Populate#root_variables`): the global `variables:` overridden by the matched
//! `workflow:rules:variables` (both filtered by the job's `inherit:variables`); then the job's own
//! `variables:`; then its `parallel:matrix` values; then, once a rule matched, that rule's
//! `rules:variables`; the pipeline's variables (run/trigger/schedule/API) over all YAML; predefined
//! variables under everything. The evaluation merges the layers ([`job_variables`]); the job panel shows
//! them with their origin (`inspect`). One order, here.

use super::context::PipelineContext;
use crate::keywords::job::JobDef;
use crate::keywords::Config;
use crate::variables::Vars;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Set by GitLab for this pipeline (`CI_*`, `GITLAB_*`).
    Predefined,
    /// Global `variables:`, as `inherit:variables` lets them through.
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
    /// Highest precedence first.
    pub const PRECEDENCE: [Origin; 7] = [
        Origin::Pipeline,
        Origin::Rule,
        Origin::Matrix,
        Origin::Job,
        Origin::Workflow,
        Origin::Global,
        Origin::Predefined,
    ];

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

/// Variable names GitLab predefines; anything else in the pipeline context was set by a person.
pub fn is_predefined(name: &str) -> bool {
    name.starts_with("CI_") || name.starts_with("GITLAB_") || name == "CI"
}

/// What a job's variables are made of.
pub struct JobScope<'a> {
    pub ctx: &'a PipelineContext,
    pub config: &'a Config,
    pub def: &'a JobDef,
    pub workflow_vars: &'a Vars,
    /// One generated job's matrix values.
    pub matrix: &'a [(String, String)],
    /// `None` while the rules are being evaluated: a rule's variables are visible to no `rules:if`.
    pub rule_vars: Option<&'a Vars>,
}

/// The layers, lowest precedence first: a later layer overrides an earlier one.
pub fn layers<'a>(s: &JobScope<'a>) -> Vec<(Origin, Vec<(&'a str, &'a str)>)> {
    let inherit = &s.def.inherit_variables;
    let pairs = |vars: &'a Vars| vars.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    vec![
        (Origin::Predefined, pairs(&s.ctx.vars).filter(|(k, _)| is_predefined(k)).collect()),
        (Origin::Global, pairs(&s.config.variables).filter(|(k, _)| inherit.allows(k)).collect()),
        (Origin::Workflow, pairs(s.workflow_vars).filter(|(k, _)| inherit.allows(k)).collect()),
        (Origin::Job, pairs(&s.def.own_variables).collect()),
        (Origin::Matrix, s.matrix.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()),
        (Origin::Rule, s.rule_vars.map(|r| pairs(r).collect()).unwrap_or_default()),
        (Origin::Pipeline, pairs(&s.ctx.vars).filter(|(k, _)| !is_predefined(k)).collect()),
    ]
}

/// The variables one job sees, merged into one map: what its `rules:if`, `only/except:variables` and the
/// paths of `changes`/`exists` are evaluated against.
pub fn job_variables(
    ctx: &PipelineContext,
    config: &Config,
    def: &JobDef,
    workflow_vars: &Vars,
    matrix: &[(String, String)],
    rule_vars: Option<&Vars>,
) -> Vars {
    let scope = JobScope { ctx, config, def, workflow_vars, matrix, rule_vars };
    let mut vars = Vars::new();
    for (_, layer) in layers(&scope) {
        vars.extend(layer.into_iter().map(|(k, v)| (k.to_string(), v.to_string())));
    }
    vars
}
