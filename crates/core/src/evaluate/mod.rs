//! Phase 3, evaluate: a typed [`Config`] and a [`PipelineContext`] → the jobs GitLab would create.
//!
//! Pre: a parsed config. Post: whether a pipeline is created, its stages and jobs (parallel/matrix expanded,
//! `needs` resolved to job names), each job with a `why` trace naming the rule or clause that decided it, and
//! the excluded jobs with theirs.

pub mod context;
pub mod expr;
pub mod needs;
pub mod only_except;
pub mod rules;
pub mod source;
pub mod variables;

use crate::diagnostics::{Diagnostics, Span};
use crate::files::FileSet;
use crate::keywords::job::JobDef;
use crate::keywords::needs::Need;
use crate::keywords::only_except::{Policy, DEFAULT_ONLY_REFS};
use crate::keywords::parallel;
use crate::keywords::when::When;
use crate::keywords::Config;
use crate::limits::Limits;
use crate::variables::{Layered, Vars};
use context::PipelineContext;
use rules::{first_match_noted, first_match_with, RuleEnv};
pub use variables::job_variables;

#[derive(Debug, Clone)]
pub struct Pipeline {
    pub created: bool,
    /// Why the pipeline is (not) created.
    pub why: String,
    /// Stages that hold at least one job, in order.
    pub stages: Vec<String>,
    pub jobs: Vec<Job>,
    pub excluded: Vec<Excluded>,
    /// `variables` of the `workflow:rules` rule that matched (for [`job_variables`]).
    pub workflow_variables: Vars,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    /// Index into [`Config::jobs`] of the definition this job comes from.
    pub def: usize,
    pub stage: String,
    pub stage_index: usize,
    pub when: When,
    pub allow_failure: bool,
    /// `None`: no `needs` keyword (the job waits for earlier stages). `Some([])`: starts at once.
    pub needs: Option<Vec<String>>,
    pub dependencies: Option<Vec<String>>,
    /// Variables from `parallel:matrix` for this instance.
    pub matrix: Vec<(String, String)>,
    /// For `parallel` / `parallel:matrix` instances: the definition's name, shared by the whole group.
    pub group: Option<String>,
    /// 1-based position, in its definition's `rules`, of the rule that added the job; `None` without rules.
    pub rule: Option<usize>,
    pub why: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Excluded {
    pub name: String,
    pub def: usize,
    pub why: String,
}

pub fn evaluate(
    config: &Config,
    files: &FileSet,
    ctx: &PipelineContext,
    offline: bool,
    limits: &Limits,
    diags: &mut Diagnostics,
) -> Pipeline {
    let env = RuleEnv::new(ctx, files, limits);
    let mut workflow_vars = Vars::new();
    // `workflow:rules` see the pipeline's variables and the global `variables:` (not job variables).
    let (created, why) = match &config.workflow.rules {
        None => (true, "no workflow:rules".to_string()),
        Some(rules) => match first_match_with(rules, &env, &Layered(&[&ctx.vars, &config.variables]), diags) {
            Some(r) if r.when.as_deref() == Some("never") => {
                (false, format!("workflow:rules: `{}` matched with when: never", r.describe()))
            }
            Some(r) => {
                workflow_vars = r.variables.clone();
                (true, format!("workflow:rules: `{}` matched", r.describe()))
            }
            None => (false, "workflow:rules: no rule matched".to_string()),
        },
    };
    if !created {
        let (stages, jobs, excluded) = (Vec::new(), Vec::new(), Vec::new());
        return Pipeline { created, why, stages, jobs, excluded, workflow_variables: workflow_vars };
    }

    let mut jobs = Vec::new();
    // The `needs` each job ends up with when a matched rule replaces the definition's (`rules:needs`).
    let mut rule_needs = Vec::new();
    let mut excluded = Vec::new();
    let has_workflow_rules = config.workflow.rules.is_some();
    for (i, def) in config.jobs.iter().enumerate() {
        if def.incomplete {
            let why = "partly defined in an include that is not available offline".to_string();
            excluded.push(Excluded { name: def.name.clone(), def: i, why });
            continue;
        }
        // Each generated job is decided on its own: its matrix variables are job variables, which its
        // rules see (GitLab evaluates rules per normalized job).
        let first = (jobs.len(), excluded.len());
        let mut plain: Option<Result<Decision, String>> = None;
        for (n, inst) in instances(def).into_iter().enumerate() {
            let decision = match (&plain, inst.vars.is_empty()) {
                (Some(d), true) => d.clone(),
                _ => {
                    let vars = job_variables(ctx, config, def, &workflow_vars, &inst.vars, None);
                    // Diagnostics of the rules once per definition, not once per generated job.
                    let mut scratch = Diagnostics::default();
                    let d = decide(def, &env, &vars, has_workflow_rules, if n == 0 { diags } else { &mut scratch });
                    if inst.vars.is_empty() {
                        plain = Some(d.clone());
                    }
                    d
                }
            };
            match decision {
                Ok(d) => push_job(i, def, inst, d, config, &mut jobs, &mut rule_needs),
                Err(why) => excluded.push(Excluded { name: inst.name, def: i, why }),
            }
        }
        // Every generated job left out for one reason: one entry under the definition's name.
        let left_out = &excluded[first.1..];
        let one_reason = left_out.first().is_some_and(|e0| left_out.iter().all(|e| e.why == e0.why));
        if def.parallel.is_some() && jobs.len() == first.0 && one_reason {
            let why = excluded[first.1].why.clone();
            excluded.truncate(first.1);
            excluded.push(Excluded { name: def.name.clone(), def: i, why });
        }
    }
    needs::check(config, offline, diags);
    needs::resolve(config, &mut jobs, &rule_needs, &excluded, offline, diags);

    let stages: Vec<String> = config.stages.iter().filter(|s| jobs.iter().any(|j| &j.stage == *s)).cloned().collect();
    let only_edge = jobs.iter().all(|j| j.stage == ".pre" || j.stage == ".post");
    let (created, why) = if jobs.is_empty() {
        (false, format!("{why}; but no job is added to the pipeline by its rules"))
    } else if only_edge {
        (false, format!("{why}; but only .pre/.post jobs remain, and such a pipeline does not run"))
    } else {
        (true, why)
    };
    Pipeline { created, why, stages, jobs, excluded, workflow_variables: workflow_vars }
}

#[derive(Clone)]
struct Decision {
    when: When,
    allow_failure: bool,
    /// 1-based position of the matched rule.
    rule: Option<usize>,
    why: String,
    /// `rules:needs` of the matched rule: replaces the job's `needs`.
    needs: Option<Vec<Need>>,
}

/// Is the job in this pipeline, and with which `when` / `allow_failure`? GitLab's `Seed::Build#included?`:
/// `rules` if the job has them, else `only`/`except`. `only` defaults to `[branches, tags]`, but not when the
/// configuration has `workflow:rules` (`Entry::Processable#compose!` drops the default then): a job with
/// none of `rules`, `only` and `except` is then in every pipeline the workflow lets through.
fn decide(
    def: &JobDef,
    env: &RuleEnv,
    vars: &Vars,
    has_workflow_rules: bool,
    diags: &mut Diagnostics,
) -> Result<Decision, String> {
    if let Some(rules) = &def.rules {
        let Some(m) = first_match_noted(rules, env, vars, diags) else {
            return Err("rules: no rule matched".into());
        };
        let (rule, index) = (m.rule, m.index);
        let when = rule.when().unwrap_or(def.when);
        if when == When::Never {
            return Err(format!("rules[{index}] `{}` matched with when: never", rule.describe()));
        }
        // A job-level `when: manual` makes the job optional; a rule's `when: manual` does not (GitLab docs).
        let allow_failure =
            rule.allow_failure.or(def.allow_failure).unwrap_or(rule.when.is_none() && def.when == When::Manual);
        let mut why = format!("rules[{index}] `{}` matched", rule.describe());
        for note in m.assumed {
            why.push_str(&format!(" ({note})"));
        }
        if rule.needs.is_some() {
            why.push_str("; its rules:needs replace the job's needs");
        }
        return Ok(Decision { when, allow_failure, rule: Some(index), why, needs: rule.needs.clone() });
    }
    let default_only;
    let only = match (&def.only, has_workflow_rules) {
        (Some(only), _) => Some(only),
        (None, false) => {
            default_only =
                Policy { refs: Some(DEFAULT_ONLY_REFS.iter().map(|s| s.to_string()).collect()), ..Default::default() };
            Some(&default_only)
        }
        (None, true) => None,
    };
    let mut why = Vec::new();
    match only {
        Some(only) => {
            let default = def.only.is_none();
            only_except::only_matches(only, env, vars, diags).map_err(|e| match default {
                true => "default only: [branches, tags] does not match this pipeline".to_string(),
                false => e,
            })?;
            why.push(if default { "default only: [branches, tags]" } else { "only matched" }.to_string());
        }
        None if def.except.is_none() => {
            why.push("no rules, only or except, and workflow:rules drop the default only: [branches, tags]".into())
        }
        None => {}
    }
    if let Some(except) = &def.except {
        if let Some(reason) = only_except::except_matches(except, env, vars, diags) {
            return Err(reason);
        }
        why.push("except did not match".into());
    }
    let allow_failure = def.allow_failure.unwrap_or(def.when == When::Manual);
    Ok(Decision { when: def.when, allow_failure, rule: None, why: why.join("; "), needs: None })
}

/// The jobs one definition generates: one per `parallel` / `parallel:matrix` instance. Identical matrix
/// combinations give one name, and GitLab keeps one job per name (`Normalizer` builds a hash keyed by name:
/// the later instance replaces the earlier in its place).
fn instances(def: &JobDef) -> Vec<parallel::Instance> {
    let Some(p) = &def.parallel else { return vec![parallel::Instance { name: def.name.clone(), vars: Vec::new() }] };
    let mut out: Vec<parallel::Instance> = Vec::new();
    for inst in parallel::instances(&def.name, p) {
        match out.iter_mut().find(|o| o.name == inst.name) {
            Some(same) => *same = inst,
            None => out.push(inst),
        }
    }
    out
}

fn push_job(
    def_index: usize,
    def: &JobDef,
    inst: parallel::Instance,
    d: Decision,
    config: &Config,
    jobs: &mut Vec<Job>,
    rule_needs: &mut Vec<Option<Vec<Need>>>,
) {
    jobs.push(Job {
        name: inst.name,
        def: def_index,
        stage: def.stage.clone(),
        stage_index: config.stages.iter().position(|s| s == &def.stage).unwrap_or(usize::MAX),
        when: d.when,
        allow_failure: d.allow_failure,
        needs: None,
        dependencies: None,
        matrix: inst.vars,
        group: def.parallel.as_ref().map(|_| def.name.clone()),
        rule: d.rule,
        why: d.why,
        span: def.span,
    });
    rule_needs.push(d.needs);
}
