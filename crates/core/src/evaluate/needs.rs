//! `needs` (job-level and `rules:needs`): checked against the configuration as GitLab's `YamlProcessor` does
//! before any rule runs, then resolved to the jobs of this pipeline.
//!
//! Pre: the configuration's job definitions, and this pipeline's jobs with the `needs` a matched rule gave
//! them. Post: each job's `needs` as job names in the pipeline; undefined, later-stage and duplicated needs,
//! unknown matrix expressions and needs on jobs left out of the pipeline reported in GitLab's words.

use super::{Excluded, Job};
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, Span};
use crate::keywords::job::JobDef;
use crate::keywords::needs::Need;
use crate::keywords::parallel::{self, Parallel};
use crate::keywords::Config;
use std::collections::{BTreeSet, HashMap};

/// Every job name the configuration defines (`parallel` instances included) and its stage's index.
fn defined_names(config: &Config) -> HashMap<String, usize> {
    config
        .jobs
        .iter()
        .flat_map(|d| {
            let stage = config.stages.iter().position(|s| s == &d.stage).unwrap_or(usize::MAX);
            instance_names(d).into_iter().map(move |n| (n, stage))
        })
        .collect()
}

fn instance_names(d: &JobDef) -> Vec<String> {
    match &d.parallel {
        Some(p) => parallel::instances(&d.name, p).into_iter().map(|i| i.name).collect(),
        None => vec![d.name.clone()],
    }
}

/// The job names one `needs` entry stands for (GitLab's `Normalizer#expand_parallelized_needs`): a
/// `parallel` job's every instance; with `parallel:matrix`, the names that matrix generates, values in the
/// order the entry lists them; otherwise the name itself.
fn need_names(need: &Need, config: &Config) -> Vec<String> {
    let Some(p) = config.job(&need.job).and_then(|d| d.parallel.as_ref()) else {
        return vec![need.job.clone()];
    };
    let selected = need.matrix.as_ref().map(|m| Parallel::Matrix(m.clone()));
    parallel::instances(&need.job, selected.as_ref().unwrap_or(p)).into_iter().map(|i| i.name).collect()
}

/// GitLab's `YamlProcessor#validate_job_needs!`: every job's `needs`, and the `needs` of each of its rules
/// whether or not the rule matches, must name jobs the configuration defines (unless `optional`), in the
/// same or an earlier stage, each once. Checked per generated job like GitLab's normalized jobs; as GitLab
/// stops at the first problem of a job, a `parallel` job reports for its first failing instance only.
pub fn check(config: &Config, offline: bool, diags: &mut Diagnostics) {
    let defined = defined_names(config);
    let mut matrix_errors = BTreeSet::new();
    for def in config.jobs.iter().filter(|d| !d.incomplete) {
        let stage = config.stages.iter().position(|s| s == &def.stage).unwrap_or(usize::MAX);
        let lists: Vec<&[Need]> = def
            .needs
            .iter()
            .map(Vec::as_slice)
            .chain(def.rules.iter().flatten().filter_map(|r| r.needs.as_deref()))
            .collect();
        let instances = match &def.parallel {
            Some(p) => parallel::instances(&def.name, p),
            None => vec![parallel::Instance { name: def.name.clone(), vars: Vec::new() }],
        };
        for inst in instances {
            let mut reported = false;
            for list in &lists {
                let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
                let mut duplicated: Vec<String> = Vec::new();
                for need in list.iter().filter(|n| !n.external) {
                    let need = with_matrix_values(need, &inst.vars, &def.name, &mut matrix_errors);
                    if config.job(&need.job).is_some_and(|d| d.incomplete) {
                        continue;
                    }
                    for name in need_names(&need, config) {
                        if !seen.insert(name.clone()) && !duplicated.contains(&name) {
                            duplicated.push(name.clone());
                        }
                        match defined.get(&name) {
                            None if need.optional => {}
                            None if offline => diags.warning(
                                Code::NeedsUnknownJob,
                                format!("{} job: undefined need: {name}; it may come from an include that is not available offline", inst.name),
                                need.span,
                            ),
                            None => {
                                diags.error(
                                    Code::NeedsUnknownJob,
                                    format!("{} job: undefined need: {name}", inst.name),
                                    need.span,
                                );
                                reported = true;
                            }
                            Some(&s) if s > stage && s != usize::MAX && stage != usize::MAX => {
                                diags.error(
                                    Code::NeedsLaterStage,
                                    format!("{} job: need {name} is not defined in current or prior stages", inst.name),
                                    need.span,
                                );
                                reported = true;
                            }
                            Some(_) => {}
                        }
                    }
                }
                if !duplicated.is_empty() {
                    let span = list.first().map(|n| n.span);
                    diags.error(
                        Code::NeedsDuplicated,
                        format!("{} has the following needs duplicated: {}.", inst.name, duplicated.join(", ")),
                        span,
                    );
                    reported = true;
                }
            }
            if reported {
                break;
            }
        }
    }
    for (msg, span) in matrix_errors {
        diags.error(Code::NeedsMatrixExpression, msg, span);
    }
}

/// Turns each `needs` entry into the names of the jobs it points at in this pipeline. A matched rule's
/// `needs` (`rule_needs`, one per job) replace the definition's. Names the configuration does not define
/// were reported by [`check`].
pub fn resolve(
    config: &Config,
    jobs: &mut [Job],
    rule_needs: &[Option<Vec<Need>>],
    excluded: &[Excluded],
    offline: bool,
    diags: &mut Diagnostics,
) {
    let by_def: HashMap<&str, Vec<usize>> = jobs.iter().enumerate().fold(HashMap::new(), |mut m, (i, j)| {
        m.entry(config.jobs[j.def].name.as_str()).or_insert_with(Vec::new).push(i);
        m
    });
    let names: Vec<String> = jobs.iter().map(|j| j.name.clone()).collect();
    let position: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let defined = defined_names(config);
    for (ji, job) in jobs.iter_mut().enumerate() {
        let def = &config.jobs[job.def];
        let needs = rule_needs.get(ji).and_then(Option::as_ref).or(def.needs.as_ref());
        if let Some(needs) = needs {
            let mut out = Vec::new();
            let mut taken = std::collections::HashSet::new();
            for need in needs.iter().filter(|n| !n.external) {
                let need = with_matrix_values(need, &job.matrix, &def.name, &mut BTreeSet::new());
                if config.job(&need.job).is_some_and(|d| d.incomplete) {
                    continue;
                }
                for name in need_names(&need, config) {
                    match position.get(name.as_str()) {
                        Some(&t) if taken.insert(t) => out.push(names[t].clone()),
                        Some(_) => {}
                        None if defined.contains_key(&name) && !need.optional => {
                            report_absent(&job.name, &name, &need, excluded, offline, diags)
                        }
                        None => {}
                    }
                }
            }
            job.needs = Some(out);
        }
        if let Some(deps) = &def.dependencies {
            let mut out = Vec::new();
            for d in deps {
                match by_def.get(d.as_str()) {
                    Some(ix) => out.extend(ix.iter().map(|&i| names[i].clone())),
                    None => {
                        if let Some(&i) = position.get(d.as_str()) {
                            out.push(names[i].clone());
                        }
                    }
                }
            }
            job.dependencies = Some(out);
        }
    }
}

/// A needed job the configuration defines but this pipeline does not have: GitLab's pipeline-creation
/// error (`Seed::Build#needs_errors`).
fn report_absent(job: &str, name: &str, need: &Need, excluded: &[Excluded], offline: bool, diags: &mut Diagnostics) {
    let reason = if excluded.iter().any(|e| e.name == need.job) {
        format!("Here, '{}' is not added to this pipeline by its rules/only/except.", need.job)
    } else {
        format!("Here, '{name}' is not in this pipeline.")
    };
    let msg = format!(
        "'{job}' job needs '{name}' job, but '{name}' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional. {reason}"
    );
    if offline {
        // An unreadable include (workflow:rules, rules templates) may keep this pipeline from ever running
        // in this shape: say so without calling the configuration broken.
        let msg = format!("{msg} An include that is not available offline may change this.");
        diags.warning(Code::NeedsUnknownJob, msg, need.span);
    } else {
        diags.error(Code::NeedsUnknownJob, msg, need.span);
    }
}

/// Matrix expressions: `$[[ matrix.NAME ]]` in a `needs` entry of a `parallel:matrix` job is replaced by that
/// instance's value (`Interpolation::MatrixInterpolator`); a name the matrix does not define is an error.
fn with_matrix_values(
    need: &Need,
    own: &[(String, String)],
    base: &str,
    errors: &mut BTreeSet<(String, Option<Span>)>,
) -> Need {
    if own.is_empty() {
        return need.clone();
    }
    let mut interpolate = |text: &str| -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("$[[") {
            let Some(len) = rest[start..].find("]]") else { break };
            let inner = rest[start + 3..start + len].trim();
            out.push_str(&rest[..start]);
            match inner.strip_prefix("matrix.") {
                Some(name) => match own.iter().find(|(k, _)| k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        let msg = format!("{base} job: '{name}' does not exist in matrix configuration");
                        errors.insert((msg, Some(need.span)));
                    }
                },
                None => out.push_str(&rest[start..start + len + 2]),
            }
            rest = &rest[start + len + 2..];
        }
        out.push_str(rest);
        out
    };
    let mut need = need.clone();
    need.job = interpolate(&need.job);
    if let Some(filter) = &mut need.matrix {
        for entry in filter.iter_mut() {
            for values in entry.values_mut() {
                for v in values.iter_mut() {
                    *v = interpolate(v);
                }
            }
        }
    }
    need
}
