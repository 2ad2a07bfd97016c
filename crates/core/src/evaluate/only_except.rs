//! Evaluating `only` / `except`. Within a key any entry may match; across keys `only` needs every key to
//! match, while `except` excludes the job when any key matches (GitLab's documented behaviour).

use super::rules::{if_holds, policy_changes_hold, RuleEnv};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::keywords::only_except::{Policy, DEFAULT_ONLY_REFS};
use crate::variables::Lookup;

/// Which clause decided, for the job's "why" trace. An `only` hash without `refs` still has the default
/// `refs: [branches, tags]` (GitLab's `Entry::Policy#value` deep-merges `DEFAULT_ONLY` under it).
pub fn only_matches(p: &Policy, env: &RuleEnv, vars: &dyn Lookup, diags: &mut Diagnostics) -> Result<(), String> {
    let default_refs: Vec<String>;
    let refs = match &p.refs {
        Some(refs) => refs,
        None => {
            default_refs = DEFAULT_ONLY_REFS.iter().map(|s| s.to_string()).collect();
            &default_refs
        }
    };
    if !refs.iter().any(|r| ref_matches(r, env, diags)) {
        let default = if p.refs.is_none() { " (the default refs of `only`)" } else { "" };
        return Err(format!("only:refs [{}]{default} does not match", refs.join(", ")));
    }
    if let Some(exprs) = &p.variables {
        if !exprs.iter().any(|e| if_holds(e, p.span, env, vars, diags)) {
            return Err("no only:variables expression is true".into());
        }
    }
    if let Some(changes) = &p.changes {
        if !policy_changes_hold(changes, p.span, env, diags) {
            return Err("only:changes matches no changed file".into());
        }
    }
    Ok(())
}

pub fn except_matches(p: &Policy, env: &RuleEnv, vars: &dyn Lookup, diags: &mut Diagnostics) -> Option<String> {
    if let Some(refs) = &p.refs {
        if let Some(r) = refs.iter().find(|r| ref_matches(r, env, diags)) {
            return Some(format!("except:refs `{r}` matches"));
        }
    }
    if let Some(exprs) = &p.variables {
        if let Some(e) = exprs.iter().find(|e| if_holds(e, p.span, env, vars, diags)) {
            return Some(format!("except:variables `{e}` is true"));
        }
    }
    if let Some(changes) = &p.changes {
        if policy_changes_hold(changes, p.span, env, diags) {
            return Some("except:changes matches".into());
        }
    }
    None
}

/// One `refs` entry (GitLab's `Policy::Refs`): `pattern@project/path` limits it to one project; the pattern is
/// a keyword (`branches`, `tags`, a pipeline source, singular or plural), a `/regex/`, or a ref name.
/// Regexes and names only ever match branch and tag pipelines: every pipeline but a merge request pipeline
/// runs on a branch or a tag (`Ci::HasRef#branch?`), external pull request pipelines included.
fn ref_matches(entry: &str, env: &RuleEnv, diags: &mut Diagnostics) -> bool {
    let ctx = env.ctx;
    let (pattern, project) = match entry.split_once('@') {
        Some((r, p)) => (r, Some(p)),
        None => (entry, None),
    };
    if let Some(project) = project {
        if ctx.vars.get("CI_PROJECT_PATH").map(String::as_str) != Some(project) {
            return false;
        }
    }
    let source = match ctx.source() {
        "merge_request_event" => "merge_request",
        "external_pull_request_event" => "external_pull_request",
        s => s,
    };
    let branch_or_tag = source != "merge_request";
    match pattern {
        "tags" => return ctx.is_tag(),
        "branches" => return branch_or_tag && !ctx.is_tag(),
        p if p == source || p.strip_suffix('s') == Some(source) || (p == "pushes" && source == "push") => return true,
        _ => {}
    }
    if !branch_or_tag {
        return false;
    }
    if let Some(body) = pattern.strip_prefix('/') {
        if let Some(end) = body.rfind('/') {
            let (re, flags) = (&body[..end], &body[end + 1..]);
            let mut errors = Vec::new();
            let m = env.regex.is_match(re, flags, ctx.ref_name(), &mut errors);
            for e in errors {
                diags.error(Code::PolicyRegex, format!("only/except ref {entry}: {e}"), None);
            }
            return m;
        }
    }
    ctx.ref_name() == pattern
}
