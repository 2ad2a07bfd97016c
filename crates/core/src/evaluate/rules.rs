//! Evaluating `rules` (job, workflow and include level): the first rule whose clauses all hold wins.

use super::context::PipelineContext;
use super::expr::{self, RegexCache};
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, Span};
use crate::files::FileSet;
use crate::glob::{Glob, GlobError};
use crate::keywords::rules::Rule;
use crate::limits::Limits;
use crate::variables::{self, Lookup};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// GitLab stops comparing `rules:changes` globs with changed paths beyond this many pairs and takes the clause as
/// true (`Rules::Rule::Clause::Changes::CHANGES_MAX_PATTERN_COMPARISONS`).
const CHANGES_MAX_COMPARISONS: usize = 50_000;
/// Likewise for `rules:exists` patterns with wildcards against repository paths, counted one comparison at a time
/// (`Rules::Rule::Clause::Exists::MAX_PATTERN_COMPARISONS`; documented under `rules:exists`).
const EXISTS_MAX_COMPARISONS: usize = 10_000;

/// What rule clauses are evaluated against.
pub struct RuleEnv<'a> {
    pub ctx: &'a PipelineContext,
    /// Repository paths `exists` can see.
    pub repo_files: Vec<String>,
    pub regex: RegexCache,
    /// Parsed expressions: templates repeat the same `if:` across hundreds of jobs.
    parsed: RefCell<HashMap<String, Result<Rc<expr::Expr>, String>>>,
    limits: Limits,
    /// Compiled path patterns, each compiled once however many jobs use it.
    globs: RefCell<HashMap<String, Result<Rc<Glob>, GlobError>>>,
    /// `changes`/`exists` clause outcomes by kind and expanded patterns: they depend on nothing else.
    clauses: RefCell<HashMap<(Clause, Vec<String>), bool>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Clause {
    Changes,
    PolicyChanges,
    Exists,
}

impl<'a> RuleEnv<'a> {
    pub fn new(ctx: &'a PipelineContext, files: &FileSet, limits: &Limits) -> Self {
        let mut repo_files: Vec<String> = files.paths().map(|(_, p)| p.to_string()).collect();
        repo_files.extend(ctx.repo_files.iter().map(|p| crate::files::normalize(p)));
        RuleEnv {
            ctx,
            repo_files,
            regex: RegexCache::default(),
            parsed: RefCell::default(),
            limits: limits.clone(),
            globs: RefCell::default(),
            clauses: RefCell::default(),
        }
    }

    /// The compiled pattern; one over [`Limits::max_glob_expansion`] is reported at `span` and matches nothing.
    fn glob(&self, pattern: &str, span: Span, diags: &mut Diagnostics) -> Option<Rc<Glob>> {
        let compiled = self
            .globs
            .borrow_mut()
            .entry(pattern.to_string())
            .or_insert_with(|| Glob::fnmatch(pattern, &self.limits).map(Rc::new))
            .clone();
        compiled.map_err(|e| diags.error(Code::GlobLimit, e.message(pattern), span)).ok()
    }

    /// A clause outcome from the cache, or computed and kept.
    fn clause(&self, kind: Clause, patterns: Vec<String>, compute: impl FnOnce(&[String]) -> bool) -> bool {
        if let Some(&known) = self.clauses.borrow().get(&(kind, patterns.clone())) {
            return known;
        }
        let result = compute(&patterns);
        self.clauses.borrow_mut().insert((kind, patterns), result);
        result
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
                if !changes_hold(patterns, rule.span, env, vars, diags) {
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
                if !exists_holds(patterns, rule.span, env, vars, diags) {
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
                diags.error(Code::ExpressionRegex, format!("`{src}`: {msg}"), span);
            }
            r
        }
        Err(_) => false,
    }
}

/// `rules:changes` (`Clause::Changes`): CI/CD variables in the paths are expanded, unknown ones left as written;
/// true in pipelines without a known diff (tags, schedules, new branches, web, ...) and, as in GitLab, once there
/// are more than [`CHANGES_MAX_COMPARISONS`] path × glob pairs.
pub fn changes_hold(
    patterns: &[String],
    span: Span,
    env: &RuleEnv,
    vars: &dyn Lookup,
    diags: &mut Diagnostics,
) -> bool {
    let Some(changed) = env.ctx.changes_known() else { return true };
    let mut globs: Vec<String> = patterns.iter().map(|p| variables::expand_existing(p, vars)).collect();
    dedup(&mut globs);
    if changed.is_empty() || globs.is_empty() {
        return false;
    }
    if changed.len().saturating_mul(globs.len()) > CHANGES_MAX_COMPARISONS {
        return true;
    }
    env.clause(Clause::Changes, globs, |globs| any_match(globs, changed, span, env, diags))
}

/// `only:changes` / `except:changes` (`Policy::Changes`): the same matcher, without variable expansion or a cap.
pub fn policy_changes_hold(patterns: &[String], span: Span, env: &RuleEnv, diags: &mut Diagnostics) -> bool {
    let Some(changed) = env.ctx.changes_known() else { return true };
    env.clause(Clause::PolicyChanges, patterns.to_vec(), |globs| any_match(globs, changed, span, env, diags))
}

/// `rules:exists` (`Clause::Exists`): variables expanded as for `changes`; after [`EXISTS_MAX_COMPARISONS`]
/// comparisons of wildcard patterns GitLab takes the clause as true.
pub fn exists_holds(
    patterns: &[String],
    span: Span,
    env: &RuleEnv,
    vars: &dyn Lookup,
    diags: &mut Diagnostics,
) -> bool {
    let globs: Vec<String> = patterns.iter().map(|p| variables::expand_existing(p, vars)).collect();
    env.clause(Clause::Exists, globs, |globs| {
        let mut comparisons = 0usize;
        globs.iter().any(|p| {
            let Some(glob) = env.glob(p, span, diags) else { return false };
            // GitLab answers exact paths and `**/*.ext` patterns by lookup, without counting them.
            let counted = crate::glob::has_wildcards(p) && !is_extension_glob(p);
            env.repo_files.iter().any(|f| {
                if counted {
                    comparisons += 1;
                    if comparisons > EXISTS_MAX_COMPARISONS {
                        return true;
                    }
                }
                glob.matches(f)
            })
        })
    })
}

fn any_match(globs: &[String], paths: &[String], span: Span, env: &RuleEnv, diags: &mut Diagnostics) -> bool {
    let compiled: Vec<Rc<Glob>> = globs.iter().filter_map(|p| env.glob(p, span, diags)).collect();
    paths.iter().any(|f| compiled.iter().any(|g| g.matches(f)))
}

/// `**/*.js`-like (GitLab's `extension_glob?`).
fn is_extension_glob(p: &str) -> bool {
    let rest = p.strip_prefix("**/*").unwrap_or(p);
    rest.starts_with('.') && !rest.contains('/') && !crate::glob::has_wildcards(rest)
}

/// Ruby's `Array#uniq`: first occurrences, in order.
fn dedup(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.clone()));
}
