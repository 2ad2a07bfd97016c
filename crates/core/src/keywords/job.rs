//! A job definition: allowed keys, cross-field checks, defaults applied, typed fields the evaluator needs.

use super::default::{self, Inherit};
use super::needs::{self, Need};
use super::only_except::{self, Policy};
use super::parallel::{self, Parallel};
use super::rules::{parse_rules_of, Rule, RulesOf};
use super::trigger::{self, Trigger};
use super::when::{When, BRIDGE_WHEN, JOB_WHEN};
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, Span};
use crate::limits::Limits;
use crate::load::{Map, Node, Value};
use crate::variables::Vars;

pub const ALLOWED_KEYS: &[&str] = &[
    "after_script",
    "allow_failure",
    "artifacts",
    "before_script",
    "cache",
    "coverage",
    "dast_configuration",
    "dependencies",
    "environment",
    "except",
    "extends",
    "hooks",
    "id_tokens",
    "identity",
    "image",
    "inherit",
    "inputs",
    "interruptible",
    "manual_confirmation",
    "needs",
    "only",
    "pages",
    "parallel",
    "publish",
    "release",
    "resource_group",
    "retry",
    "rules",
    "run",
    "script",
    "secrets",
    "services",
    "stage",
    "start_in",
    "tags",
    "timeout",
    "trigger",
    "type",
    "variables",
    "when",
];

#[derive(Debug, Clone)]
pub struct JobDef {
    pub name: String,
    pub span: Span,
    pub stage: String,
    pub stage_span: Span,
    pub when: When,
    pub allow_failure: Option<bool>,
    pub rules: Option<Vec<Rule>>,
    pub only: Option<Policy>,
    pub except: Option<Policy>,
    pub needs: Option<Vec<Need>>,
    pub dependencies: Option<Vec<String>>,
    pub parallel: Option<Parallel>,
    pub trigger: Option<Trigger>,
    /// Job variables, with inherited global variables underneath.
    pub variables: Vars,
    /// Only the variables the job itself sets (they outrank workflow:rules variables).
    pub own_variables: Vars,
    /// `inherit:variables`: which global (and `workflow:rules`) variables the job takes.
    pub inherit_variables: Inherit,
    pub extends: Vec<String>,
    /// Offline and without script: probably completed by an unreadable include; not put in the pipeline.
    pub incomplete: bool,
    /// The resolved definition (extends, references and defaults applied), for display.
    pub definition: Node,
}

pub struct JobCtx<'a> {
    pub defaults: &'a Map,
    pub global_vars: &'a Vars,
    pub stages: &'a [String],
    pub limits: &'a Limits,
    /// An `extends`/`!reference` target may be in an include we could not read.
    pub offline: bool,
}

/// Takes the job's node by value: it becomes the stored definition without a copy.
pub fn parse(name: &str, key_span: Span, mut node: Node, cx: &JobCtx, diags: &mut Diagnostics) -> Option<JobDef> {
    let owner = format!("jobs:{name}");
    let Some(map) = node.as_map_mut() else {
        diags.error(Code::JobInvalid, format!("{owner} config should be a hash"), node.span);
        return None;
    };
    // `key: null` unsets a key (often one inherited through `extends`).
    map.retain(|_, e| !e.value.is_null());
    let map = node.as_map().expect("checked above");
    for (k, e) in map {
        if !ALLOWED_KEYS.contains(&k.as_str()) {
            diags.error(Code::JobUnknownKey, format!("{owner} config contains unknown keys: {k}"), e.key_span);
        }
    }
    for key in super::script::KEYS {
        if let Some(e) = map.get(*key) {
            super::script::check(&e.value, key, &owner, cx.offline, diags);
        }
    }
    let has = |k: &str| map.contains_key(k);
    // Offline, a job without a script is most likely completed by an include we could not read.
    let incomplete = cx.offline && !has("script") && !has("trigger") && !has("run");
    if incomplete {
        diags.warning(
            Code::JobIncomplete,
            format!("{owner} has no script:, run: or trigger:; it is probably completed by an include that is not available offline, so it is left out"),
            key_span,
        );
    } else if !has("script") && !has("trigger") && !has("run") {
        diags.error(
            Code::JobNoScript,
            format!("{owner} config should implement the script:, run:, or trigger: keyword"),
            key_span,
        );
    }
    // `Entry::Processable`: one message naming every such key, in the order they are written.
    if has("rules") {
        let conflicting: Vec<(&String, Span)> = map
            .iter()
            .filter(|(k, _)| ["only", "except", "start_in"].contains(&k.as_str()))
            .map(|(k, e)| (k, e.key_span))
            .collect();
        if let Some((_, span)) = conflicting.first() {
            let keys: Vec<&str> = conflicting.iter().map(|(k, _)| k.as_str()).collect();
            diags.error(
                Code::JobRulesConflict,
                format!("{owner} config key may not be used with `rules`: {}", keys.join(", ")),
                *span,
            );
        }
    }

    let stage_node = node.get("stage").or_else(|| node.get("type"));
    let stage = stage_node.and_then(Node::scalar_string).unwrap_or_else(|| super::stages::DEFAULT_JOB_STAGE.into());
    let stage_span = stage_node.map(|n| n.span).unwrap_or(key_span);
    if !cx.stages.contains(&stage) && !incomplete {
        diags.error(
            Code::StageUnknown,
            format!("{owner} chosen stage `{stage}` does not exist; available stages are {}", cx.stages.join(", ")),
            stage_span,
        );
    }

    // A trigger job (`Entry::Bridge`) cannot be delayed.
    let allowed_when = if has("trigger") { BRIDGE_WHEN } else { JOB_WHEN };
    let when = node.get("when").and_then(|n| When::parse(n, allowed_when, &owner, diags)).unwrap_or(When::OnSuccess);
    // `Entry::Job`: a delayed job needs a duration in `start_in`; any other job (and any job with `rules`,
    // where a rule says `start_in`) must leave it blank.
    if when == When::Delayed && !has("start_in") {
        diags.error(Code::JobStartIn, format!("{owner} start in should be a duration"), key_span);
    }
    if let (Some(e), When::Delayed) = (map.get("start_in"), when) {
        super::when::check_start_in(&e.value, &owner, diags);
    }
    if let Some(e) = map.get("start_in") {
        if when != When::Delayed || has("rules") {
            diags.error(Code::JobStartIn, format!("{owner} start in must be blank"), e.key_span);
        }
    }
    let allow_failure = node.get("allow_failure").map(|n| match &n.value {
        Value::Bool(b) => *b,
        // `allow_failure: {exit_codes: ...}`: only listed codes may fail.
        _ => false,
    });

    let inherit_default = Inherit::from_job(&node, "default", &owner, diags);
    let inherit_vars = Inherit::from_job(&node, "variables", &owner, diags);

    let mut variables: Vars =
        cx.global_vars.iter().filter(|(k, _)| inherit_vars.allows(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
    let own_variables = node.get("variables").map(|v| super::variables::parse(v, &owner, diags)).unwrap_or_default();
    variables.extend(own_variables.iter().map(|(k, v)| (k.clone(), v.clone())));

    let needs = node.get("needs").map(|n| needs::parse(n, diags));
    if let Some(n) = &needs {
        if n.len() > cx.limits.max_needs {
            diags.error(
                Code::NeedsLimit,
                format!("{owner} one job can only need {} others", cx.limits.max_needs),
                key_span,
            );
        }
    }
    let dependencies = node.get("dependencies").map(|n| n.string_list().unwrap_or_default());
    if let (Some(deps), Some(needs)) = (&dependencies, &needs) {
        for d in deps {
            if !needs.iter().any(|n| &n.job == d) {
                diags.error(
                    Code::DependenciesNotInNeeds,
                    format!("{owner} dependencies the {d} should be part of needs"),
                    node.get("dependencies").map(|n| n.span).unwrap_or(key_span),
                );
            }
        }
    }

    let rules = node.get("rules").map(|n| parse_rules_of(n, RulesOf::Job, diags));
    let only = node.get("only").map(|n| only_except::parse(n, "only", &owner, diags));
    let except = node.get("except").map(|n| only_except::parse(n, "except", &owner, diags));
    let parallel = node.get("parallel").and_then(|n| parallel::parse(n, &owner, cx.limits.max_parallel, diags));
    // `Entry::Bridge` allows only the matrix strategy of `parallel`.
    if let (Some(Parallel::Count(_)), true) = (&parallel, has("trigger")) {
        let span = map.get("parallel").map(|e| e.value.span);
        diags.error(Code::ParallelInvalid, format!("{owner}:parallel config cannot use \"parallel: <number>\"."), span);
    }
    let trigger = node.get("trigger").and_then(|n| trigger::parse(n, &owner, diags));
    let extends = node.get("extends").and_then(Node::string_list).unwrap_or_default();
    let mut definition = node;
    default::apply(&mut definition, cx.defaults, &inherit_default);
    Some(JobDef {
        name: name.to_string(),
        span: key_span,
        stage,
        stage_span,
        when,
        allow_failure,
        rules,
        only,
        except,
        needs,
        dependencies,
        parallel,
        trigger,
        variables,
        own_variables,
        inherit_variables: inherit_vars,
        extends,
        incomplete,
        definition,
    })
}
