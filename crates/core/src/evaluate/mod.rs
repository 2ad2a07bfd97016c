//! Phase 3, evaluate: a typed [`Config`] and a [`PipelineContext`] → the jobs GitLab would create.
//!
//! Pre: a parsed config. Post: whether a pipeline is created, its stages and jobs (parallel/matrix expanded,
//! `needs` resolved to job names), each job with a `why` trace naming the rule or clause that decided it, and
//! the excluded jobs with theirs.

pub mod context;
pub mod expr;
pub mod only_except;
pub mod rules;
pub mod source;

use crate::diagnostics::{Diagnostics, Span};
use crate::files::FileSet;
use crate::keywords::job::JobDef;
use crate::keywords::only_except::DEFAULT_ONLY_REFS;
use crate::keywords::parallel;
use crate::keywords::when::When;
use crate::keywords::Config;
use crate::limits::Limits;
use crate::variables::{Layered, Vars};
use context::PipelineContext;
use rules::{first_match_with, RuleEnv};

#[derive(Debug, Clone)]
pub struct Pipeline {
    pub created: bool,
    /// Why the pipeline is (not) created.
    pub why: String,
    /// Stages that hold at least one job, in order.
    pub stages: Vec<String>,
    pub jobs: Vec<Job>,
    pub excluded: Vec<Excluded>,
    /// `variables:` of the `workflow:rules` rule that matched.
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
    /// `variables:` of the rule that matched (they override the job's own).
    pub rule_variables: Vars,
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
        return Pipeline {
            created,
            why,
            stages: Vec::new(),
            jobs: Vec::new(),
            excluded: Vec::new(),
            workflow_variables: workflow_vars,
        };
    }

    let mut jobs = Vec::new();
    let mut excluded = Vec::new();
    for (i, def) in config.jobs.iter().enumerate() {
        if def.incomplete {
            let why = "partly defined in an include that is not available offline".to_string();
            excluded.push(Excluded { name: def.name.clone(), def: i, why });
            continue;
        }
        match decide(def, &env, &workflow_vars, ctx, diags) {
            Ok(decision) => expand(i, def, decision, config, &mut jobs),
            Err(why) => excluded.push(Excluded { name: def.name.clone(), def: i, why }),
        }
    }
    resolve_needs(config, &mut jobs, &excluded, offline, diags);

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

struct Decision {
    when: When,
    allow_failure: bool,
    rule_variables: Vars,
    why: String,
}

/// Is the job in this pipeline, and with which `when` / `allow_failure`?
fn decide(
    def: &JobDef,
    env: &RuleEnv,
    workflow_vars: &Vars,
    ctx: &PipelineContext,
    diags: &mut Diagnostics,
) -> Result<Decision, String> {
    // Pipeline variables win over the job's own, then workflow:rules variables, then inherited globals.
    let vars = &Layered(&[&ctx.vars, &def.own_variables, workflow_vars, &def.variables]);
    if let Some(rules) = &def.rules {
        let Some(rule) = first_match_with(rules, env, vars, diags) else {
            return Err("rules: no rule matched".into());
        };
        let index = rules.iter().position(|r| std::ptr::eq(r, rule)).unwrap_or(0) + 1;
        let when = rule.when().unwrap_or(def.when);
        if when == When::Never {
            return Err(format!("rules[{index}] `{}` matched with when: never", rule.describe()));
        }
        // A job-level `when: manual` makes the job optional; a rule's `when: manual` does not (GitLab docs).
        let allow_failure =
            rule.allow_failure.or(def.allow_failure).unwrap_or(rule.when.is_none() && def.when == When::Manual);
        let why = format!("rules[{index}] `{}` matched", rule.describe());
        return Ok(Decision { when, allow_failure, rule_variables: rule.variables.clone(), why });
    }
    let mut why = Vec::new();
    match &def.only {
        Some(only) => {
            only_except::only_matches(only, env, vars, diags)?;
            why.push("only matched".to_string());
        }
        None => {
            let default = crate::keywords::only_except::Policy {
                refs: Some(DEFAULT_ONLY_REFS.iter().map(|s| s.to_string()).collect()),
                ..Default::default()
            };
            only_except::only_matches(&default, env, vars, diags)
                .map_err(|_| "default only: [branches, tags] does not match this pipeline".to_string())?;
            why.push("default only: [branches, tags]".to_string());
        }
    }
    if let Some(except) = &def.except {
        if let Some(reason) = only_except::except_matches(except, env, vars, diags) {
            return Err(reason);
        }
    }
    let allow_failure = def.allow_failure.unwrap_or(def.when == When::Manual);
    Ok(Decision { when: def.when, allow_failure, rule_variables: Vars::new(), why: why.join("; ") })
}

fn expand(def_index: usize, def: &JobDef, d: Decision, config: &Config, jobs: &mut Vec<Job>) {
    let stage_index = config.stages.iter().position(|s| s == &def.stage).unwrap_or(usize::MAX);
    let instances = match &def.parallel {
        Some(p) => parallel::instances(&def.name, p),
        None => vec![parallel::Instance { name: def.name.clone(), vars: Vec::new() }],
    };
    for inst in instances {
        jobs.push(Job {
            name: inst.name,
            def: def_index,
            stage: def.stage.clone(),
            stage_index,
            when: d.when,
            allow_failure: d.allow_failure,
            needs: None,
            dependencies: None,
            matrix: inst.vars,
            group: def.parallel.as_ref().map(|_| def.name.clone()),
            rule_variables: d.rule_variables.clone(),
            why: d.why.clone(),
            span: def.span,
        });
    }
}

/// Turns each `needs` entry into the names of the jobs it points at in this pipeline.
fn resolve_needs(config: &Config, jobs: &mut [Job], excluded: &[Excluded], offline: bool, diags: &mut Diagnostics) {
    let by_def: std::collections::HashMap<&str, Vec<usize>> =
        jobs.iter().enumerate().fold(std::collections::HashMap::new(), |mut m, (i, j)| {
            m.entry(config.jobs[j.def].name.as_str()).or_insert_with(Vec::new).push(i);
            m
        });
    // (name, matrix variables, stage index) of every job, read while `jobs` is being updated.
    type Snapshot = (String, Vec<(String, String)>, usize);
    let names: Vec<Snapshot> = jobs.iter().map(|j| (j.name.clone(), j.matrix.clone(), j.stage_index)).collect();
    let defined = |n: &str| config.jobs.iter().any(|d| d.name == n);
    for job in jobs.iter_mut() {
        let def = &config.jobs[job.def];
        if let Some(needs) = &def.needs {
            let mut out = Vec::new();
            for need in needs.iter().filter(|n| !n.external) {
                let targets: Vec<usize> = match by_def.get(need.job.as_str()) {
                    Some(ix) => ix
                        .iter()
                        .copied()
                        .filter(|&i| {
                            need.matrix.as_ref().is_none_or(|f| {
                                parallel::matches_filter(&names[i].1, &with_matrix_values(f, &job.matrix))
                            })
                        })
                        .collect(),
                    // `needs: ["job 1/3"]` or `["job: [a, b]"]` names one generated job directly.
                    None => names.iter().position(|(n, _, _)| n == &need.job).into_iter().collect(),
                };
                if targets.is_empty() {
                    let incomplete = config.jobs.iter().any(|d| d.name == need.job && d.incomplete);
                    if need.optional || incomplete {
                        continue;
                    }
                    if offline && !defined(&need.job) {
                        diags.warning(
                            "needs-unknown-job",
                            format!("'{}' job needs '{}' job, which is not defined here; it may come from an include that is not available offline", job.name, need.job),
                            need.span,
                        );
                        continue;
                    }
                    let reason = if excluded.iter().any(|e| e.name == need.job) {
                        "it is not added to this pipeline by its rules/only/except"
                    } else if defined(&need.job) {
                        "it is not in this pipeline"
                    } else {
                        "it is not defined"
                    };
                    let msg = format!(
                        "'{}' job needs '{}' job, but '{}' does not exist in the pipeline: {reason}",
                        job.name, need.job, need.job
                    );
                    if offline {
                        // An unreadable include (workflow:rules, rules templates) may keep this pipeline from
                        // ever running in this shape: say so without calling the configuration broken.
                        let msg = format!("{msg}; an include that is not available offline may change this");
                        diags.warning("needs-unknown-job", msg, need.span);
                    } else {
                        diags.error("needs-unknown-job", msg, need.span);
                    }
                    continue;
                }
                for t in targets {
                    if names[t].2 > job.stage_index {
                        diags.error(
                            "needs-later-stage",
                            format!("'{}' job needs '{}' job, which is in a later stage", job.name, names[t].0),
                            need.span,
                        );
                    }
                    if !out.contains(&names[t].0) {
                        out.push(names[t].0.clone());
                    }
                }
            }
            job.needs = Some(out);
        }
        if let Some(deps) = &def.dependencies {
            let mut out = Vec::new();
            for d in deps {
                match by_def.get(d.as_str()) {
                    Some(ix) => out.extend(ix.iter().map(|&i| names[i].0.clone())),
                    None => {
                        if let Some(i) = names.iter().position(|(n, _, _)| n == d) {
                            out.push(names[i].0.clone());
                        }
                    }
                }
            }
            job.dependencies = Some(out);
        }
    }
}

/// `needs:parallel:matrix` values may be `$[[ matrix.NAME ]]`: the needing job's own matrix value.
fn with_matrix_values(
    filter: &[indexmap::IndexMap<String, Vec<String>>],
    own: &[(String, String)],
) -> Vec<indexmap::IndexMap<String, Vec<String>>> {
    filter
        .iter()
        .map(|entry| {
            entry
                .iter()
                .map(|(k, values)| {
                    let values = values
                        .iter()
                        .map(|v| {
                            let inner = v.trim().strip_prefix("$[[").and_then(|r| r.strip_suffix("]]")).map(str::trim);
                            match inner.and_then(|i| i.strip_prefix("matrix.")) {
                                Some(name) => {
                                    own.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
                                }
                                None => v.clone(),
                            }
                        })
                        .collect();
                    (k.clone(), values)
                })
                .collect()
        })
        .collect()
}
