//! The pipeline context as the user typed it, and its translation through core's context builder.

use pipelens_core::variables::Vars;
use pipelens_core::{ContextBuilder, PipelineContext, PipelineSource};

/// The pipeline context as the user typed it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContextForm {
    /// `CI_PIPELINE_SOURCE` value (core's `PipelineSource`); empty means push.
    pub source: String,
    /// Branch (or MR source branch) name; empty means the default branch.
    pub branch: String,
    /// A merge request's target branch; empty means the default branch.
    pub target_branch: String,
    /// A tag name makes this a tag pipeline.
    pub tag: String,
    pub default_branch: String,
    /// `KEY=VALUE` lines.
    pub variables: String,
    /// One path per line; empty means "unknown" (a new branch: `changes` is true).
    pub changed: String,
}

impl ContextForm {
    /// The form as core's context builder: what each choice means for GitLab's variables is core's.
    pub fn to_context(&self) -> PipelineContext {
        let mut vars = Vars::new();
        for line in self.variables.lines() {
            if let Some((k, v)) = line.split_once('=') {
                if !k.trim().is_empty() {
                    vars.insert(k.trim().to_string(), v.to_string());
                }
            }
        }
        let (mut b, _) = ContextBuilder::from_variables(vars);
        if let Some(source) = PipelineSource::parse(&self.source) {
            b.source = source;
        }
        let set = |field: &mut String, value: &str| {
            if !value.trim().is_empty() {
                *field = value.trim().to_string();
            }
        };
        set(&mut b.branch, &self.branch);
        set(&mut b.tag, &self.tag);
        set(&mut b.default_branch, &self.default_branch);
        if b.source == PipelineSource::MergeRequest {
            let mr = b.merge_request.get_or_insert_with(Default::default);
            set(&mut mr.source_branch, &self.branch);
            set(&mut mr.target_branch, &self.target_branch);
        }
        let changed: Vec<String> =
            self.changed.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        b.changed_files = (!changed.is_empty()).then_some(changed);
        b.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_context_form_goes_through_cores_builder() {
        let form = ContextForm {
            source: "merge_request_event".into(),
            branch: "feat".into(),
            target_branch: "develop".into(),
            variables: "DEPLOY=1\nCI_DEFAULT_BRANCH=trunk".into(),
            ..Default::default()
        };
        let c = form.to_context();
        let var = |k: &str| c.vars.get(k).map(String::as_str);
        assert_eq!(var("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"), Some("develop"));
        assert_eq!(var("CI_COMMIT_REF_NAME"), Some("feat"));
        assert_eq!(var("CI_DEFAULT_BRANCH"), Some("trunk"));
        assert_eq!(var("DEPLOY"), Some("1"));
        assert_eq!(var("CI_COMMIT_BRANCH"), None, "merge request pipelines have no CI_COMMIT_BRANCH");
    }
}
