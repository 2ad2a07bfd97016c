//! Phase 2b, keywords: the resolved top-level mapping → a typed [`Config`]. One module per keyword; each owns
//! its allowed keys, defaults and validation messages (GitLab's wording where sensible).
//!
//! Pre: a mapping with includes merged, `extends` applied and `!reference` resolved. Post: stages, global
//! variables, workflow and job definitions (hidden jobs dropped), with diagnostics for invalid keys and values.

pub mod default;
pub mod job;
pub mod needs;
pub mod only_except;
pub mod parallel;
pub mod rules;
pub mod script;
pub mod stages;
pub mod trigger;
pub mod variables;
pub mod when;
pub mod workflow;

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::limits::Limits;
use crate::load::{Node, Value};
use crate::variables::Vars;
use job::JobDef;
use workflow::Workflow;

/// Top-level keys that are not jobs.
pub const RESERVED_KEYS: &[&str] = &[
    "image",
    "services",
    "before_script",
    "after_script",
    "variables",
    "stages",
    "types",
    "cache",
    "include",
    "workflow",
    "default",
    "spec",
];

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub stages: Vec<String>,
    pub variables: Vars,
    pub workflow: Workflow,
    pub jobs: Vec<JobDef>,
    /// Job name → index in `jobs`, so lookups by name (every `needs` entry) stay O(1).
    index: std::collections::HashMap<String, usize>,
}

impl Config {
    /// The definition of the job with this name.
    pub fn job(&self, name: &str) -> Option<&JobDef> {
        self.index.get(name).map(|&i| &self.jobs[i])
    }
}

/// Takes the resolved mapping by value: job nodes move into their definitions.
pub fn parse(root: Node, limits: &Limits, offline: bool, diags: &mut Diagnostics) -> Config {
    let root_span = root.span;
    let Value::Map(map) = root.value else { return Config::default() };
    // GitLab's `Entry::Jobs`: hidden jobs do not count. Offline, the jobs may be in an unread include; after
    // another error (an unreadable or empty file) this one would only repeat it.
    let is_job = |name: &str| !name.starts_with('.') && !RESERVED_KEYS.contains(&name);
    if !offline && !diags.has_errors() && !map.keys().any(|k| is_job(k)) {
        diags.error(Code::JobsNoneVisible, "jobs config should contain at least one visible job", root_span);
    }
    let stages = stages::parse(map.get("stages").or_else(|| map.get("types")).map(|e| &e.value), diags);
    let variables = map.get("variables").map(|e| variables::parse(&e.value, "root", diags)).unwrap_or_default();
    let workflow = map.get("workflow").map(|e| workflow::parse(&e.value, diags)).unwrap_or_default();
    let defaults = default::parse(&map, diags);
    let cx = job::JobCtx { defaults: &defaults, global_vars: &variables, stages: &stages, limits, offline };
    let jobs = map
        .into_iter()
        .filter(|(name, _)| is_job(name))
        .filter_map(|(name, e)| job::parse(&name, e.key_span, e.value, &cx, diags))
        .collect::<Vec<JobDef>>();
    if workflow.rules.is_none() {
        for def in &jobs {
            warn_rules_without_workflow(def, diags);
        }
    }
    let index = jobs.iter().enumerate().map(|(i, j): (usize, &JobDef)| (j.name.clone(), i)).collect();
    Config { stages, variables, workflow, jobs, index }
}

/// `Entry::Processable#validate_against_warnings`: without `workflow:rules`, a job whose last rule is a bare
/// `when` (other than `never`) runs in both the branch and the merge request pipeline of one push.
fn warn_rules_without_workflow(def: &JobDef, diags: &mut Diagnostics) {
    let Some(last) = def.rules.as_ref().and_then(|r| r.last()) else { return };
    if last.keys == ["when"] && last.when.as_deref() != Some("never") {
        diags.warning(
            Code::RulesMultiplePipelines,
            format!(
                "jobs:{} may allow multiple pipelines to run for a single action due to `rules:when` clause with no `workflow:rules` - read more: https://docs.gitlab.com/ee/ci/jobs/job_troubleshooting.html#job-may-allow-multiple-pipelines-to-run-for-a-single-action-warning",
                def.name
            ),
            last.span,
        );
    }
}
