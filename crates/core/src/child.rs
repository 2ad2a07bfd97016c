//! Child pipelines: each `trigger:include` job of the evaluated pipeline is analysed as its own pipeline
//! (source `parent_pipeline`, same repository files), giving a nested graph. Artifact and template includes
//! cannot be read offline and are reported; nesting stops at GitLab's depth (a child may trigger one more).

use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, FileId};
use crate::evaluate::Pipeline;
use crate::files::{normalize, FileSet};
use crate::keywords::trigger::Trigger;
use crate::keywords::Config;
use crate::resolve::include::{MissingInclude, MissingKind};
use crate::resolve::Budget;
use crate::{analyze_nested, Analysis, Fetcher, Limits, PipelineContext};

/// GitLab allows a parent, a child and a grandchild.
pub const MAX_DEPTH: usize = 2;

#[derive(Debug, Clone)]
pub struct ChildPipeline {
    /// The trigger job in the parent pipeline.
    pub job: String,
    /// Set when the child combines several files: the repository's files plus the combining file. `None`
    /// means the child was analysed with the parent's file set.
    pub files: Option<FileSet>,
    pub analysis: Analysis,
}

pub struct Parent<'a> {
    /// The analysis' resolve budget, shared with every child pipeline.
    pub budget: &'a mut Budget,
    pub files: &'a FileSet,
    pub config: &'a Config,
    pub pipeline: &'a Pipeline,
    pub ctx: &'a PipelineContext,
    pub fetcher: Option<&'a dyn Fetcher>,
    pub limits: &'a Limits,
    pub depth: usize,
}

/// `missing` receives the child pipelines' files that are listed in the repository but not loaded.
pub fn run(p: Parent, missing: &mut Vec<MissingInclude>, diags: &mut Diagnostics) -> Vec<ChildPipeline> {
    if p.depth >= MAX_DEPTH {
        return Vec::new();
    }
    let mut out = Vec::new();
    for job in &p.pipeline.jobs {
        let def = &p.config.jobs[job.def];
        let Some(Trigger::Child { include, .. }) = &def.trigger else { continue };
        let mut local = Vec::new();
        for inc in include {
            if inc.starts_with("artifact:") || inc.starts_with("template:") {
                diags.warning(
                    Code::ChildOffline,
                    format!("child pipeline of '{}' includes {inc}, which is not available offline", job.name),
                    def.span,
                );
            } else if p.files.find(inc).is_none() && p.ctx.repo_files.iter().any(|f| normalize(f) == normalize(inc)) {
                diags.warning(
                    Code::IncludeNotLoaded,
                    format!("child pipeline of '{}': local file `{inc}` was not loaded", job.name),
                    def.span,
                );
                missing.push(MissingInclude { kind: MissingKind::Local { path: normalize(inc) }, span: def.span });
            } else if p.files.find(inc).is_none() {
                // The parent pipeline is still created; GitLab fails the trigger job when it runs.
                diags.warning(
                    Code::ChildNotFound,
                    format!("child pipeline of '{}': local file `{inc}` does not exist", job.name),
                    def.span,
                );
            } else {
                local.push(inc.clone());
            }
        }
        if local.is_empty() {
            continue;
        }
        // The child's files are combined the way GitLab combines them: as includes of one configuration.
        let (files, entry): (Option<FileSet>, FileId) = if local.len() == 1 {
            (None, p.files.find(&local[0]).expect("checked above"))
        } else {
            let mut combined = p.files.clone();
            let text = local.iter().map(|l| format!("  - local: {l:?}\n")).collect::<String>();
            let id = combined.add(&format!("<child pipeline of {}>", job.name), format!("include:\n{text}"));
            (Some(combined), id)
        };
        let mut vars = p.ctx.vars.clone();
        vars.insert("CI_PIPELINE_SOURCE".into(), "parent_pipeline".into());
        let mut ctx = PipelineContext::from_vars(vars);
        ctx.changed_files = p.ctx.changed_files.clone();
        ctx.repo_files = p.ctx.repo_files.clone();
        let analysis =
            analyze_nested(files.as_ref().unwrap_or(p.files), entry, &ctx, p.fetcher, p.limits, p.depth + 1, p.budget);
        out.push(ChildPipeline { job: job.name.clone(), files, analysis });
    }
    out
}
