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
}

/// Takes the resolved mapping by value: job nodes move into their definitions.
pub fn parse(root: Node, limits: &Limits, offline: bool, diags: &mut Diagnostics) -> Config {
    let Value::Map(map) = root.value else { return Config::default() };
    let stages = stages::parse(map.get("stages").or_else(|| map.get("types")).map(|e| &e.value), diags);
    let variables = map.get("variables").map(|e| variables::parse(&e.value, "root", diags)).unwrap_or_default();
    let workflow = map.get("workflow").map(|e| workflow::parse(&e.value, diags)).unwrap_or_default();
    let defaults = default::parse(&map, diags);
    let cx = job::JobCtx { defaults: &defaults, global_vars: &variables, stages: &stages, limits, offline };
    let jobs = map
        .into_iter()
        .filter(|(name, _)| !name.starts_with('.') && !RESERVED_KEYS.contains(&name.as_str()))
        .filter_map(|(name, e)| job::parse(&name, e.key_span, e.value, &cx, diags))
        .collect();
    Config { stages, variables, workflow, jobs }
}
