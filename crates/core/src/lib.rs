//! pipelens-core: GitLab CI/CD configuration → the pipeline GitLab would create, and a drawing of it.
//!
//! Phases, each a module: [`load`] → [`resolve`] → [`keywords`] → [`evaluate`] → [`graph`] → [`layout`]
//! (and [`scene`], the drawing both front ends render; [`live`], a running pipeline drawn the same way).
//! Pure: no IO, no DOM, no terminal; files come in as a [`FileSet`], results and [`Diagnostic`]s go out as
//! data. Never panics on any input.

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
pub mod live;
pub mod load;
pub mod resolve;
pub mod scene;
pub mod variables;

pub use diagnostics::{Code, Diagnostic, Diagnostics, FileId, Severity, Span};
pub use evaluate::context::PipelineContext;
pub use evaluate::source::{ContextBuilder, MergeRequest, PipelineSource, ProjectInfo};
pub use evaluate::{Job, Pipeline};
pub use files::{FileSet, Load, Unreadable};
pub use keywords::Config;
pub use limits::Limits;
pub use live::{
    critical_path, job_style, next_poll, status_style, Downstream, DownstreamKind, LiveJob, LivePipeline, LiveStatus,
    PollState, StatusClass, StatusStyle,
};
pub use resolve::include::{MissingInclude, MissingKind};
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
    /// Includes (also of child pipelines) that the given files do not hold but a front end may load: local
    /// files that are listed in `PipelineContext::repo_files` but not loaded, and non-local includes no
    /// fetcher read. Add them with [`FileSet::supply`] and analyse again; [`analyze_until_complete`] does it.
    pub missing_includes: Vec<MissingInclude>,
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
    let mut missing_includes = resolved.missing_includes;
    let children = child::run(parent, &mut missing_includes, &mut diags);
    for c in &children {
        missing_includes.extend(c.analysis.missing_includes.iter().cloned());
    }
    Analysis {
        config,
        pipeline,
        graph,
        diagnostics: diags.into_sorted(),
        included: resolved.included,
        children,
        missing_includes,
        context: ctx.clone(),
    }
}

/// Analyses, asks `load` for every missing include (once per include), adds what it returns to `files`
/// and analyses again, until nothing new is missing. A front end that lists a repository hands in the entry
/// file and the path list (`ctx.repo_files`) and loads exactly the files the configuration includes.
/// A front end that loads asynchronously runs the same loop with an [`IncludeLoader`].
pub fn analyze_until_complete(
    files: &mut FileSet,
    entry: FileId,
    ctx: &PipelineContext,
    limits: &Limits,
    mut load: impl FnMut(&MissingInclude) -> Load,
) -> Analysis {
    let mut loader = IncludeLoader::default();
    // The include tree first: resolving includes alone is cheap, and a chain of includes takes a round a level.
    loop {
        let mut scratch = Diagnostics::default();
        let mut budget = resolve::Budget::new(limits);
        let missing =
            resolve::include::run(files, entry, ctx, None, limits, &mut budget, &mut scratch).missing_includes;
        if !load_round(&mut loader, &missing, files, limits, &mut load) {
            break;
        }
    }
    // Then whole analyses, which also find the child pipelines' files.
    loop {
        let analysis = analyze_with(files, entry, ctx, None, limits);
        if !load_round(&mut loader, &analysis.missing_includes, files, limits, &mut load) {
            return analysis;
        }
    }
}

/// One round of the loop: loads what `loader` asks for. False when there is nothing more to do.
fn load_round(
    loader: &mut IncludeLoader,
    missing: &[MissingInclude],
    files: &mut FileSet,
    limits: &Limits,
    load: &mut impl FnMut(&MissingInclude) -> Load,
) -> bool {
    let Some(wanted) = loader.next(missing, files, limits) else { return false };
    for m in wanted {
        // Checked before each load too: one round may ask for many files.
        let loaded = if files.total_bytes() >= limits.max_total_bytes {
            Load::Unreadable(Unreadable::Failed(total_bytes_refusal(limits)))
        } else {
            load(&m)
        };
        files.supply(&m.key(), loaded);
    }
    true
}

/// The bookkeeping of the include-loading loop: which includes were asked for, and the limits on loading.
/// Bounded: at most `max_loaded_files` loads and `max_total_bytes` of text; past either, an include is
/// refused (stored as [`Unreadable::Failed`], so it is reported at the include). Every round that goes on
/// asks for a new include or refuses one, so the rounds end.
#[derive(Debug, Default)]
pub struct IncludeLoader {
    asked: std::collections::HashSet<String>,
}

impl IncludeLoader {
    /// After an analysis, given its [`Analysis::missing_includes`]: `None` when it is complete; otherwise the
    /// includes to load now (each at most once over the loop; store each with [`FileSet::supply`] under
    /// [`MissingInclude::key`]) before analysing again. Refusals are stored in `files` here.
    pub fn next(
        &mut self,
        missing: &[MissingInclude],
        files: &mut FileSet,
        limits: &Limits,
    ) -> Option<Vec<MissingInclude>> {
        let max_loads = limits.max_loaded_files;
        let mut wanted = Vec::new();
        let mut refused = false;
        for m in missing {
            let key = m.key();
            if !self.asked.insert(key.clone()) {
                continue;
            }
            let why = if self.asked.len() > max_loads {
                format!("not read: more than {max_loads} files were loaded")
            } else if files.total_bytes() >= limits.max_total_bytes {
                total_bytes_refusal(limits)
            } else {
                wanted.push(m.clone());
                continue;
            };
            files.add_unreadable(&key, Unreadable::Failed(why));
            refused = true;
        }
        (refused || !wanted.is_empty()).then_some(wanted)
    }
}

fn total_bytes_refusal(limits: &Limits) -> String {
    format!("not read: the files read total more than {} bytes", limits.max_total_bytes)
}

/// Convenience for a single pasted file (the editor's case).
pub fn analyze_text(text: &str, ctx: &PipelineContext) -> (FileSet, Analysis) {
    let mut files = FileSet::new();
    let id = files.add(files::DEFAULT_ENTRY, text);
    let analysis = analyze(&files, id, ctx);
    (files, analysis)
}
