//! The editor's state and its actions: plain Rust, no DOM, so it is tested natively. By concern:
//! `workspace` (open files as tabs), `context` (the pipeline context form), `view` (drawing choices),
//! `analysis` (the engine run and everything derived from it), `emphasis` (hover and search highlight),
//! `selection` (a span as a textarea selection) and `reducer` (the actions).

mod analysis;
mod context;
mod emphasis;
mod reducer;
mod selection;
mod view;
mod workspace;

pub use analysis::Derived;
pub use context::ContextForm;
pub use reducer::Action;
pub use selection::selection_range;
pub use view::ViewOptions;
pub use workspace::{OpenFile, ENTRY, MAX_FILES};

use pipelens_core::inspect::JobView;
use pipelens_core::scene::Scene;
use pipelens_core::Diagnostic;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub struct EditorState {
    // What the user chose.
    pub files: Rc<[OpenFile]>,
    pub active: usize,
    /// Every path of an opened folder (not only YAML), so `rules:exists` sees the repository.
    pub repo_paths: Rc<[String]>,
    pub context: ContextForm,
    pub options: ViewOptions,
    pub selected: Option<String>,
    pub hovered: Option<String>,
    /// Search text: jobs whose name does not contain it (case-insensitively) are dimmed.
    pub filter: String,
    /// Graph scale (1 = 100 %), kept within the graph's bounds.
    pub zoom: f64,
    /// A message for the user about their last action (a file not read, a share link not decoded).
    pub notice: Option<Rc<str>>,

    // Derived by `derive` (in `analysis`) from the above.
    /// The tab GitLab starts from: `.gitlab-ci.yml` when open, else the first tab.
    pub entry: usize,
    pub scene: Rc<Scene>,
    pub derived: Derived,
    /// The merged YAML, while it is shown.
    pub merged: Option<Rc<str>>,
    /// Jobs to emphasise: the hovered job's `needs` chain, else the search matches (computed when either
    /// changes, not on every render).
    pub highlighted: Rc<BTreeSet<String>>,
    /// Span file ids are tab indices.
    pub diagnostics: Rc<[Diagnostic]>,
    /// Bumped on every recompute, so effects can run after the matching redraw.
    pub revision: u64,
}

impl EditorState {
    pub fn new(text: &str) -> Self {
        EditorState { files: Rc::new([OpenFile { path: ENTRY.into(), text: text.into() }]), ..Self::blank() }.derive()
    }

    /// Default choices and nothing derived yet: the start of a state that is derived once it is filled in.
    pub fn blank() -> Self {
        EditorState {
            files: Rc::new([]),
            active: 0,
            repo_paths: Rc::new([]),
            context: ContextForm::default(),
            options: ViewOptions::default(),
            selected: None,
            hovered: None,
            filter: String::new(),
            zoom: 1.0,
            notice: None,
            entry: 0,
            scene: Rc::default(),
            derived: Derived::default(),
            merged: None,
            highlighted: Rc::default(),
            diagnostics: Rc::new([]),
            revision: 0,
        }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.files[self.active].text
    }

    /// The evaluated pipeline itself (not its child pipelines); `None` before the first analysis.
    fn pipeline(&self) -> Option<&pipelens_core::Pipeline> {
        self.derived.analysis.as_ref().as_ref().map(|a| &a.pipeline)
    }

    /// Jobs of the pipeline itself (not of its child pipelines).
    pub fn pipeline_jobs(&self) -> usize {
        self.pipeline().map_or(0, |p| p.jobs.len())
    }

    /// Jobs left out of the pipeline.
    pub fn excluded_count(&self) -> usize {
        self.pipeline().map_or(0, |p| p.excluded.len())
    }

    /// Whether GitLab would create the pipeline, and why (not).
    pub fn pipeline_created(&self) -> bool {
        self.pipeline().is_some_and(|p| p.created)
    }

    pub fn pipeline_why(&self) -> &str {
        self.pipeline().map_or("", |p| p.why.as_str())
    }

    pub fn selected_job(&self) -> Option<JobView<'_>> {
        self.derived.job(self.selected.as_deref()?)
    }

    /// Which tab a job's definition is in, when it is one of the open files.
    pub fn tab_of(&self, job: &JobView) -> Option<usize> {
        let file = job.file() as usize;
        // A child's combined file set starts with the same files as the tabs.
        (file < self.files.len() && job.files.path(job.file()) == self.files[file].path).then_some(file)
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::{Action, EditorState};
    use std::rc::Rc;
    use yew::Reducible;

    /// Opens files as if read from disk.
    pub fn open(s: Rc<EditorState>, files: &[(&str, &str)]) -> Rc<EditorState> {
        let files = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
        s.reduce(Action::Open { files, repo_paths: Vec::new(), skipped: Vec::new() })
    }
}
