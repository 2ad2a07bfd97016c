//! The pipeline a configuration is evaluated for: predefined variables, user variables, changed files and
//! the repository's file list. Missing predefined variables are derived the way GitLab sets them.

use crate::variables::Vars;

#[derive(Debug, Clone, Default)]
pub struct PipelineContext {
    pub vars: Vars,
    /// Files changed by the push or merge request; `None` when unknown (treated like a new branch: all changed).
    pub changed_files: Option<Vec<String>>,
    /// Repository files for `rules:exists`, in addition to the files handed to the engine.
    pub repo_files: Vec<String>,
}

impl PipelineContext {
    /// A push to the default branch `main`, the most common pipeline.
    pub fn default_push() -> Self {
        Self::from_vars(Vars::new())
    }

    /// Fills in what GitLab derives: source defaults to `push`, the ref to the default branch, and
    /// `CI_COMMIT_REF_NAME` / `CI_COMMIT_BRANCH` / `CI_COMMIT_TAG` agree with each other and with the source.
    pub fn from_vars(mut vars: Vars) -> Self {
        let default_branch = vars.entry("CI_DEFAULT_BRANCH".into()).or_insert_with(|| "main".into()).clone();
        let source = vars.entry("CI_PIPELINE_SOURCE".into()).or_insert_with(|| "push".into()).clone();
        let is_mr = source == "merge_request_event";
        if is_mr {
            vars.remove("CI_COMMIT_BRANCH");
            let src = vars
                .get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME")
                .or_else(|| vars.get("CI_COMMIT_REF_NAME"))
                .cloned()
                .unwrap_or_else(|| "feature".into());
            vars.entry("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME".into()).or_insert_with(|| src.clone());
            vars.entry("CI_MERGE_REQUEST_TARGET_BRANCH_NAME".into()).or_insert_with(|| default_branch.clone());
            vars.entry("CI_MERGE_REQUEST_IID".into()).or_insert_with(|| "1".into());
            vars.entry("CI_MERGE_REQUEST_EVENT_TYPE".into()).or_insert_with(|| "detached".into());
            vars.entry("CI_COMMIT_REF_NAME".into()).or_insert(src);
        } else if let Some(tag) = vars.get("CI_COMMIT_TAG").cloned() {
            vars.remove("CI_COMMIT_BRANCH");
            vars.entry("CI_COMMIT_REF_NAME".into()).or_insert(tag);
        } else {
            let branch = vars
                .get("CI_COMMIT_BRANCH")
                .or_else(|| vars.get("CI_COMMIT_REF_NAME"))
                .cloned()
                .unwrap_or(default_branch);
            vars.insert("CI_COMMIT_BRANCH".into(), branch.clone());
            vars.insert("CI_COMMIT_REF_NAME".into(), branch);
        }
        let slug = slug(&vars["CI_COMMIT_REF_NAME"]);
        vars.entry("CI_COMMIT_REF_SLUG".into()).or_insert(slug);
        vars.entry("CI".into()).or_insert_with(|| "true".into());
        vars.entry("GITLAB_CI".into()).or_insert_with(|| "true".into());
        PipelineContext { vars, changed_files: None, repo_files: Vec::new() }
    }

    pub fn source(&self) -> &str {
        self.vars.get("CI_PIPELINE_SOURCE").map(String::as_str).unwrap_or("push")
    }

    pub fn is_tag(&self) -> bool {
        self.vars.contains_key("CI_COMMIT_TAG")
    }

    pub fn ref_name(&self) -> &str {
        self.vars.get("CI_COMMIT_REF_NAME").map(String::as_str).unwrap_or("")
    }

    /// Only branch pushes and merge request pipelines know which files changed (GitLab's
    /// `modified_paths`); in every other pipeline `changes` is true.
    pub fn changes_known(&self) -> Option<&[String]> {
        let source = self.source();
        let has_diff = (source == "push" && !self.is_tag())
            || source == "merge_request_event"
            || source == "external_pull_request_event";
        if has_diff {
            self.changed_files.as_deref()
        } else {
            None
        }
    }
}

/// `CI_COMMIT_REF_SLUG`: lowercased, non-alphanumerics to `-`, at most 63 bytes, no leading/trailing `-`.
pub(crate) fn slug(s: &str) -> String {
    let mapped: String =
        s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).take(63).collect();
    mapped.trim_matches('-').to_string()
}
