//! Evaluating `rules` (job, workflow and include level): the first rule whose clauses all hold wins.

use super::context::PipelineContext;
use super::expr::{self, RegexCache};
use crate::diagnostics::{Diagnostics, Span};
use crate::files::FileSet;
use crate::glob;
use crate::keywords::rules::Rule;
use crate::variables::{self, Lookup};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// What rule clauses are evaluated against.
pub struct RuleEnv<'a> {
    pub ctx: &'a PipelineContext,
    /// Repository paths `exists` can see.
    pub repo_files: Vec<String>,
    pub regex: RegexCache,
    /// Parsed expressions: templates repeat the same `if:` across hundreds of jobs.
    parsed: RefCell<HashMap<String, Result<Rc<expr::Expr>, String>>>,
}

impl<'a> RuleEnv<'a> {
    pub fn new(ctx: &'a PipelineContext, files: &FileSet) -> Self {
        let mut repo_files: Vec<String> = files.paths().map(|(_, p)| p.to_string()).collect();
        repo_files.extend(ctx.repo_files.iter().map(|p| crate::files::normalize(p)));
        RuleEnv { ctx, repo_files, regex: RegexCache::default(), parsed: RefCell::default() }
    }
}

pub fn first_match<'r>(rules: &'r [Rule], env: &RuleEnv, diags: &mut Diagnostics) -> Option<&'r Rule> {
    first_match_with(rules, env, &env.ctx.vars, diags)
}

pub fn first_match_with<'r>(
    rules: &'r [Rule],
    env: &RuleEnv,
    vars: &dyn Lookup,
    diags: &mut Diagnostics,
) -> Option<&'r Rule> {
    first_match_noted(rules, env, vars, diags).map(|m| m.rule)
}

/// The rule that matched, its 1-based position, and the clauses it matched on only by assumption.
pub struct Matched<'r> {
    pub rule: &'r Rule,
    pub index: usize,
    /// Clauses that cannot be decided here and were taken as true, said in words for the job's "why".
    pub assumed: Vec<String>,
}

pub fn first_match_noted<'r>(
    rules: &'r [Rule],
    env: &RuleEnv,
    vars: &dyn Lookup,
    diags: &mut Diagnostics,
) -> Option<Matched<'r>> {
    rules.iter().enumerate().find_map(|(i, rule)| {
        let mut assumed = Vec::new();
        rule_matches(rule, env, vars, &mut assumed, diags).then_some(Matched { rule, index: i + 1, assumed })
    })
}

fn rule_matches(
    rule: &Rule,
    env: &RuleEnv,
    vars: &dyn Lookup,
    assumed: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> bool {
    if let Some((src, span)) = &rule.if_expr {
        if !if_holds(src, *span, env, vars, diags) {
            return false;
        }
    }
    if let Some(patterns) = &rule.changes {
        match &rule.compare_to {
            // `changes:compare_to` diffs the pipeline's commit against that ref, in every kind of pipeline
            // (`Clause::Changes#find_compare_to_sha`); that diff is not known here.
            Some(to) => assumed.push(format!(
                "changes compared to `{}` are unknown here, so `changes` is taken as true",
                variables::expand(to, vars)
            )),
            None => {
                if !changes_hold(patterns, env, vars) {
                    return false;
                }
                if env.ctx.has_diff() && env.ctx.changed_files.is_none() {
                    assumed.push("the changed files are not given, so `changes` is taken as true".into());
                }
            }
        }
    }
    if let Some(patterns) = &rule.exists {
        match &rule.exists_project {
            // `exists:project` reads another project's files (at `exists:ref`, or its default branch).
            Some(project) => {
                let at = rule.exists_ref.as_ref().map(|r| format!(" at `{}`", variables::expand(r, vars)));
                assumed.push(format!(
                    "the files of project `{}`{} are unknown here, so `exists` is taken as true",
                    variables::expand(project, vars),
                    at.unwrap_or_default()
                ));
            }
            None => {
                if !exists_holds(patterns, env, vars) {
                    return false;
                }
            }
        }
    }
    true
}

/// An expression; a syntax error counts as false (it was reported when the configuration was read).
pub fn if_holds(src: &str, span: Span, env: &RuleEnv, vars: &dyn Lookup, diags: &mut Diagnostics) -> bool {
    let parsed =
        env.parsed.borrow_mut().entry(src.to_string()).or_insert_with(|| expr::parse(src).map(Rc::new)).clone();
    match parsed {
        Ok(e) => {
            let mut errors = Vec::new();
            let r = expr::eval(&e, vars, &env.regex, &mut errors);
            for msg in errors {
                diags.error("expression-regex", format!("`{src}`: {msg}"), span);
            }
            r
        }
        Err(_) => false,
    }
}

/// `changes` holds in pipelines without a known diff (tags, schedules, new branches, web, ...).
pub fn changes_hold(patterns: &[String], env: &RuleEnv, vars: &dyn Lookup) -> bool {
    match env.ctx.changes_known() {
        None => true,
        Some(changed) => patterns.iter().any(|p| {
            let p = variables::expand(p, vars);
            changed.iter().any(|f| glob::matches(&p, f))
        }),
    }
}

pub fn exists_holds(patterns: &[String], env: &RuleEnv, vars: &dyn Lookup) -> bool {
    patterns.iter().any(|p| {
        let p = variables::expand(p, vars);
        env.repo_files.iter().any(|f| glob::matches(&p, f))
    })
}
