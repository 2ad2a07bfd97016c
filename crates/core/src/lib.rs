//! pipelens-core: GitLab CI/CD configuration → the pipeline GitLab would create, and a drawing of it.
//!
//! Phases, each a module: [`load`] → [`resolve`] → [`keywords`] → [`evaluate`] → [`graph`] → [`layout`]
//! (and [`scene`], the drawing both front ends render). Pure: no IO, no DOM, no terminal; files come in as a
//! [`FileSet`], results and [`Diagnostic`]s go out as data. Never panics on any input.

pub mod child;
pub mod diagnostics;
pub mod evaluate;
pub mod export;
pub mod files;
pub mod glob;
pub mod graph;
pub mod inspect;
pub mod keywords;
pub mod layout;
pub mod legend;
pub mod limits;
pub mod load;
pub mod resolve;
pub mod scene;
pub mod variables;

pub use diagnostics::{Diagnostic, Diagnostics, FileId, Severity, Span};
pub use evaluate::context::PipelineContext;
pub use evaluate::source::{ContextBuilder, MergeRequest, PipelineSource, ProjectInfo};
pub use evaluate::{Job, Pipeline};
pub use files::FileSet;
pub use keywords::Config;
pub use limits::Limits;
pub use resolve::Fetcher;

/// Everything one run of the engine produces.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub config: Config,
    pub pipeline: Pipeline,
    pub graph: graph::JobGraph,
    /// Sorted by position; errors and warnings from every phase.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read through `include`, entry first.
    pub included: Vec<FileId>,
    /// Pipelines started by `trigger:include` jobs, analysed as nested graphs. Their diagnostics stay with
    /// them (their file ids refer to their own file set).
    pub children: Vec<child::ChildPipeline>,
    /// The context it was evaluated for (a child pipeline's own: source `parent_pipeline`).
    pub context: PipelineContext,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The child pipelines' diagnostics, at every depth, each with its trigger-job path (`docs`,
    /// `docs/inner`) and the file set its spans refer to. They do not make this configuration invalid:
    /// GitLab creates the parent pipeline and fails the trigger job when it runs.
    pub fn child_diagnostics<'a>(&'a self, files: &'a FileSet) -> Vec<(String, &'a FileSet, &'a Diagnostic)> {
        let mut out = Vec::new();
        for c in &self.children {
            let child_files = c.files.as_ref().unwrap_or(files);
            out.extend(c.analysis.diagnostics.iter().map(|d| (c.job.clone(), child_files, d)));
            let prefix = inspect::JobPath::root().child(&c.job);
            for (path, f, d) in c.analysis.child_diagnostics(child_files) {
                out.push((prefix.job(&path).to_string(), f, d));
            }
        }
        out
    }
}

/// Runs every phase with default limits and no fetcher for non-local includes.
pub fn analyze(files: &FileSet, entry: FileId, ctx: &PipelineContext) -> Analysis {
    analyze_with(files, entry, ctx, None, &Limits::default())
}

pub fn analyze_with(
    files: &FileSet,
    entry: FileId,
    ctx: &PipelineContext,
    fetcher: Option<&dyn Fetcher>,
    limits: &Limits,
) -> Analysis {
    // One budget for the whole analysis, child pipelines included: twenty trigger jobs of one bomb are one bomb.
    analyze_nested(files, entry, ctx, fetcher, limits, 0, &mut resolve::Budget::new(limits))
}

fn analyze_nested(
    files: &FileSet,
    entry: FileId,
    ctx: &PipelineContext,
    fetcher: Option<&dyn Fetcher>,
    limits: &Limits,
    depth: usize,
    budget: &mut resolve::Budget,
) -> Analysis {
    let mut diags = Diagnostics::default();
    let resolved = resolve::resolve_within(files, entry, ctx, fetcher, limits, budget, &mut diags);
    let offline = !resolved.unresolved_includes.is_empty();
    let config = keywords::parse(resolved.root, limits, offline, &mut diags);
    let mut pipeline = evaluate::evaluate(&config, files, ctx, offline, limits, &mut diags);
    let graph = graph::build(&pipeline, &mut diags);
    if diags.has_errors() && pipeline.created {
        // GitLab refuses an invalid configuration outright; the jobs stay for display.
        pipeline.created = false;
        pipeline.why = "the configuration has errors, so GitLab would create no pipeline".into();
    }
    let parent = child::Parent { files, config: &config, pipeline: &pipeline, ctx, fetcher, limits, depth, budget };
    let children = child::run(parent, &mut diags);
    Analysis {
        config,
        pipeline,
        graph,
        diagnostics: diags.into_sorted(),
        included: resolved.included,
        children,
        context: ctx.clone(),
    }
}

/// Convenience for a single pasted file (the editor's case).
pub fn analyze_text(text: &str, ctx: &PipelineContext) -> (FileSet, Analysis) {
    let mut files = FileSet::new();
    let id = files.add(".gitlab-ci.yml", text);
    let analysis = analyze(&files, id, ctx);
    (files, analysis)
}
