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
    rules.iter().find(|r| rule_matches(r, env, vars, diags))
}

fn rule_matches(rule: &Rule, env: &RuleEnv, vars: &dyn Lookup, diags: &mut Diagnostics) -> bool {
    if let Some((src, span)) = &rule.if_expr {
        if !if_holds(src, *span, env, vars, diags) {
            return false;
        }
    }
    if let Some(patterns) = &rule.changes {
        if !changes_hold(patterns, env, vars) {
            return false;
        }
    }
    if let Some(patterns) = &rule.exists {
        if !exists_holds(patterns, env, vars) {
            return false;
        }
    }
    true
}

/// An expression; a syntax error is reported and counts as false, as in GitLab.
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
        Err(msg) => {
            diags.error("expression-syntax", format!("invalid expression syntax in `{src}`: {msg}"), span);
            false
        }
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
