//! App state and its actions: plain Rust, no DOM, so it is tested natively.

use pipelens_core::files::normalize;
use pipelens_core::inspect::{self, JobPath, JobView};
use pipelens_core::scene::{self, Scene, View};
use pipelens_core::variables::Vars;
use pipelens_core::{
    analyze, Analysis, ContextBuilder, Diagnostic, FileId, FileSet, Limits, PipelineContext, PipelineSource,
};
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;
use yew::Reducible;

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

/// One editor tab: a repository path and its text. Tab index = file id in the engine's file set.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenFile {
    pub path: String,
    /// Shared with the engine's file set: an analysis copies no text.
    pub text: Arc<str>,
}

/// The entry file GitLab reads.
pub const ENTRY: &str = pipelens_core::files::DEFAULT_ENTRY;
/// Tabs the editor keeps; opening a big folder reads at most this many YAML files.
pub const MAX_FILES: usize = 300;

/// The engine's output for the current inputs. Compared by identity: each recompute makes a new one.
#[derive(Clone, Default)]
pub struct Derived {
    pub analysis: Rc<Option<Analysis>>,
    /// The file set the analysis ran on (file ids are tab indices).
    pub files: Rc<FileSet>,
}

impl PartialEq for Derived {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis) && Rc::ptr_eq(&self.files, &other.files)
    }
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Derived")
    }
}

impl Derived {
    pub fn job(&self, path: &str) -> Option<JobView<'_>> {
        inspect::find(self.analysis.as_ref().as_ref()?, &self.files, path)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    // What the user chose.
    pub files: Rc<[OpenFile]>,
    pub active: usize,
    /// Every path of an opened folder (not only YAML), so `rules:exists` sees the repository.
    pub repo_paths: Rc<[String]>,
    pub view: View,
    pub context: ContextForm,
    /// `parallel` groups the user expanded; the others are drawn as one node with a count.
    pub expanded: BTreeSet<String>,
    /// Draw the jobs left out of this pipeline, greyed.
    pub show_excluded: bool,
    /// Show the merged YAML (includes, extends, `!reference` resolved) instead of the editor.
    pub show_merged: bool,
    /// Trigger jobs whose child pipeline is drawn open (`job` or `job/grandchild-trigger`).
    pub open_children: BTreeSet<String>,
    pub selected: Option<String>,
    pub hovered: Option<String>,
    /// Search text: jobs whose name does not contain it (case-insensitively) are dimmed.
    pub filter: String,
    /// Graph scale (1 = 100 %), kept within [`ZOOM_MIN`, `ZOOM_MAX`].
    pub zoom: f64,
    /// A message for the user about their last action (a file not read, a share link not decoded).
    pub notice: Option<Rc<str>>,

    // Derived by `derive` from the above.
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
    pub pipeline_created: bool,
    pub pipeline_why: Rc<str>,
    /// Jobs of the pipeline itself, and the ones left out of it.
    pub job_count: usize,
    pub excluded_count: usize,
    /// Bumped on every recompute, so effects can run after the matching redraw.
    pub revision: u64,
}

pub enum Action {
    /// New text for the active tab.
    Edit(String),
    /// Files read from disk (path, text), and for a folder every path in it; same paths are replaced.
    Open {
        files: Vec<(String, String)>,
        repo_paths: Vec<String>,
        skipped: Vec<String>,
    },
    /// A whole workspace, from a share link.
    Restore {
        files: Vec<(String, String)>,
        context: ContextForm,
    },
    SelectFile(usize),
    CloseFile(usize),
    RenameFile(usize, String),
    NewFile,
    SetView(View),
    SetContext(ContextForm),
    Select(Option<String>),
    Hover(Option<String>),
    /// Expand a collapsed `parallel` group, or collapse an expanded one.
    ToggleGroup(String),
    /// Open or close a trigger job's child pipeline.
    ToggleChild(String),
    ToggleExcluded,
    ToggleMerged,
    SetFilter(String),
    /// Multiply the zoom by a factor (buttons, keys, ctrl+wheel).
    ZoomBy(f64),
    /// Set the zoom outright (fit to screen, reset).
    SetZoom(f64),
    Notice(Option<String>),
}

pub const ZOOM_MIN: f64 = 0.1;
pub const ZOOM_MAX: f64 = 4.0;

impl AppState {
    pub fn new(text: &str) -> Self {
        AppState { files: Rc::new([OpenFile { path: ENTRY.into(), text: text.into() }]), ..Self::blank() }.derive()
    }

    /// Default choices and nothing derived yet: the start of a state that is derived once it is filled in.
    pub fn blank() -> Self {
        AppState {
            files: Rc::new([]),
            active: 0,
            repo_paths: Rc::new([]),
            view: View::Stages,
            context: ContextForm::default(),
            expanded: BTreeSet::new(),
            show_excluded: false,
            show_merged: false,
            open_children: BTreeSet::new(),
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
            job_count: 0,
            excluded_count: 0,
            pipeline_created: false,
            pipeline_why: "".into(),
            revision: 0,
        }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.files[self.active].text
    }

    /// Runs the engine on the chosen inputs and fills in every derived field.
    fn derive(mut self) -> Self {
        let mut set = FileSet::new();
        for f in self.files.iter() {
            set.add(&f.path, f.text.clone());
        }
        self.entry = self.files.iter().position(|f| f.path == ENTRY).unwrap_or(0);
        let mut ctx = self.context.to_context();
        ctx.repo_files = self.repo_paths.to_vec();
        let a = analyze(&set, self.entry as FileId, &ctx);
        let opts = scene::Options {
            view: self.view,
            collapse_groups: true,
            expanded: self.expanded.clone(),
            show_excluded: self.show_excluded,
            open_children: self.open_children.clone(),
        };
        self.scene = Rc::new(scene::build_with(&a, &opts));
        self.merged = self
            .show_merged
            .then(|| Rc::from(inspect::merged::merged_yaml(&set, self.entry as FileId, &ctx, &Limits::default()).0));
        // A child pipeline's problems show too, named after its trigger job; their spans point into the same
        // tabs (a combined child's generated file has an id past them and is not linked).
        let mut diagnostics = a.diagnostics.clone();
        for (job, _, d) in a.child_diagnostics(&set) {
            diagnostics.push(Diagnostic { message: format!("child pipeline of `{job}`: {}", d.message), ..d.clone() });
        }
        self.diagnostics = diagnostics.into();
        self.pipeline_created = a.pipeline.created;
        self.pipeline_why = a.pipeline.why.as_str().into();
        self.job_count = a.pipeline.jobs.len();
        self.excluded_count = a.pipeline.excluded.len();
        self.derived = Derived { analysis: Rc::new(Some(a)), files: Rc::new(set) };
        self.selected = self.selected.filter(|s| self.derived.job(s).is_some());
        self.hovered = None;
        self.revision += 1;
        self.emphasise()
    }

    /// Jobs of the pipeline itself (not of its child pipelines).
    pub fn pipeline_jobs(&self) -> usize {
        self.job_count
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

    /// Recomputes [`AppState::highlighted`]: the hovered job's whole `needs` chain, else the search matches.
    fn emphasise(mut self) -> Self {
        let mut found = BTreeSet::new();
        if let Some(hovered) = &self.hovered {
            each_scene(&self.scene, &JobPath::root(), &mut |prefix, s| {
                let Some(start) = s.jobs.iter().position(|j| prefix.job(&j.name).as_str() == hovered) else { return };
                found.extend(s.needs_chain(start).into_iter().map(|i| prefix.job(&s.jobs[i].name).to_string()));
            });
        } else if let Some(needle) = self.search_needle() {
            each_scene(&self.scene, &JobPath::root(), &mut |prefix, s| {
                let names = s.jobs.iter().map(|j| prefix.job(&j.name).to_string());
                found.extend(names.filter(|n| name_matches(n, &needle)));
            });
            if found.is_empty() {
                // Nothing matches: an empty set would mean "no highlight", so mark the search itself.
                found.insert(String::new());
            }
        }
        self.highlighted = Rc::new(found);
        self
    }

    /// The search text, lowercased, when there is one.
    fn search_needle(&self) -> Option<String> {
        let needle = self.filter.trim().to_lowercase();
        (!needle.is_empty()).then_some(needle)
    }

    /// Whether a job name matches the search (case-insensitively); nothing matches an empty search.
    pub fn matches_search(&self, name: &str) -> bool {
        self.search_needle().is_some_and(|needle| name_matches(name, &needle))
    }

    /// Adds or replaces files by path; keeps the tab count within [`MAX_FILES`].
    fn open(mut self, files: Vec<(String, String)>, skipped: Vec<String>) -> Self {
        let mut tabs = self.files.to_vec();
        let mut skipped = skipped;
        let mut first = None;
        let opened_entry = files.iter().any(|(p, _)| normalize(p) == ENTRY);
        for (path, text) in files {
            let path = normalize(&path);
            let at = match tabs.iter().position(|f| f.path == path) {
                Some(i) => i,
                None if tabs.len() >= MAX_FILES => {
                    skipped.push(format!("{path} (more than {MAX_FILES} files open)"));
                    continue;
                }
                None => {
                    tabs.push(OpenFile { path: path.clone(), text: "".into() });
                    tabs.len() - 1
                }
            };
            tabs[at].text = text.into();
            first.get_or_insert(at);
        }
        // The entry file is where people start reading, if it was among these; otherwise the first one.
        let entry = tabs.iter().position(|f| f.path == ENTRY).filter(|_| opened_entry);
        self.active = entry.or(first).unwrap_or(self.active);
        self.files = tabs.into();
        self.notice = (!skipped.is_empty()).then(|| format!("Not opened: {}", skipped.join(", ")).into());
        self
    }
}

/// A span as a textarea selection: UTF-16 offsets of its start and end (columns count characters). A span
/// without an extent is a caret at its start.
pub fn selection_range(text: &str, span: &pipelens_core::Span) -> (u32, u32) {
    let offset = |line: u32, col: u32| -> u32 {
        let mut at = 0usize;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i + 1 == line as usize {
                let content = l.strip_suffix('\n').unwrap_or(l);
                return (at + content.chars().take(col.saturating_sub(1) as usize).map(char::len_utf16).sum::<usize>())
                    as u32;
            }
            at += l.encode_utf16().count();
        }
        at as u32
    };
    let start = offset(span.line, span.col);
    let end = if span.has_extent() { offset(span.end_line, span.end_col) } else { start };
    (start, end.max(start))
}

/// The search rule: the lowercased name contains the lowercased search text.
fn name_matches(name: &str, needle: &str) -> bool {
    name.to_lowercase().contains(needle)
}

/// Visits a scene and its open child pipelines' scenes, each with the path prefix its jobs carry.
fn each_scene(s: &Scene, prefix: &JobPath, visit: &mut dyn FnMut(&JobPath, &Scene)) {
    visit(prefix, s);
    for c in &s.children {
        each_scene(&c.scene, &prefix.child(&c.job), visit);
    }
}

/// A free `untitled-N.yml` path.
fn untitled(files: &[OpenFile]) -> String {
    (1..).map(|n| format!("untitled-{n}.yml")).find(|p| files.iter().all(|f| &f.path != p)).unwrap_or_default()
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Inputs change, then everything derived is recomputed.
        let with = |f: &dyn Fn(&mut AppState)| {
            let mut s = (*self).clone();
            f(&mut s);
            Rc::new(s.derive())
        };
        // Only presentation changes: no engine run.
        let view = |f: &dyn Fn(&mut AppState)| {
            let mut s = (*self).clone();
            f(&mut s);
            Rc::new(s)
        };
        match action {
            Action::Edit(text) if *text == **self.text() => self,
            Action::Edit(text) => with(&|s| {
                let mut tabs = s.files.to_vec();
                tabs[s.active].text = text.as_str().into();
                s.files = tabs.into();
            }),
            Action::Open { files, repo_paths, skipped } => {
                let mut s = (*self).clone().open(files, skipped);
                if !repo_paths.is_empty() {
                    s.repo_paths = repo_paths.into();
                }
                Rc::new(s.derive())
            }
            Action::Restore { files, context } => {
                let mut s = AppState::blank().open(files, Vec::new());
                if s.files.is_empty() {
                    s.files = Rc::new([OpenFile { path: ENTRY.into(), text: "".into() }]);
                }
                s.context = context;
                s.revision = self.revision;
                Rc::new(s.derive())
            }
            Action::SelectFile(i) if i < self.files.len() => view(&|s| s.active = i),
            Action::CloseFile(i) if i < self.files.len() && self.files.len() > 1 => with(&|s| {
                let mut tabs = s.files.to_vec();
                tabs.remove(i);
                s.files = tabs.into();
                if s.active >= i && s.active > 0 {
                    s.active -= 1;
                }
            }),
            Action::RenameFile(i, path) if i < self.files.len() => {
                let path = normalize(&path);
                if path.is_empty() || self.files.iter().enumerate().any(|(j, f)| j != i && f.path == path) {
                    let msg = format!("Cannot rename to `{path}`: the name is empty or already open");
                    return view(&|s| s.notice = Some(msg.as_str().into()));
                }
                with(&|s| {
                    let mut tabs = s.files.to_vec();
                    tabs[i].path = path.clone();
                    s.files = tabs.into();
                    s.notice = None;
                })
            }
            Action::NewFile => with(&|s| {
                let mut tabs = s.files.to_vec();
                tabs.push(OpenFile { path: untitled(&tabs), text: "".into() });
                s.active = tabs.len() - 1;
                s.files = tabs.into();
            }),
            Action::SelectFile(_) | Action::CloseFile(_) | Action::RenameFile(..) => self,
            Action::SetView(v) if v == self.view => self,
            Action::SetView(v) => with(&|s| s.view = v),
            Action::SetContext(ctx) if ctx == self.context => self,
            Action::SetContext(ctx) => with(&|s| s.context = ctx.clone()),
            Action::Select(name) => view(&|s| s.selected = name.clone()),
            Action::Hover(name) if name == self.hovered => self,
            Action::Hover(name) => Rc::new(view_with(&self, |s| s.hovered = name).emphasise()),
            Action::SetFilter(filter) => Rc::new(view_with(&self, |s| s.filter = filter).emphasise()),
            Action::ZoomBy(f) => view(&|s| s.zoom = (s.zoom * f).clamp(ZOOM_MIN, ZOOM_MAX)),
            Action::SetZoom(z) if z.is_finite() => view(&|s| s.zoom = z.clamp(ZOOM_MIN, ZOOM_MAX)),
            Action::SetZoom(_) => self,
            Action::ToggleGroup(group) => with(&|s| {
                if !s.expanded.remove(&group) {
                    s.expanded.insert(group.clone());
                }
            }),
            Action::ToggleChild(job) => with(&|s| {
                if !s.open_children.remove(&job) {
                    s.open_children.insert(job.clone());
                }
            }),
            Action::ToggleExcluded => with(&|s| s.show_excluded = !s.show_excluded),
            Action::ToggleMerged => with(&|s| s.show_merged = !s.show_merged),
            Action::Notice(n) => view(&|s| s.notice = n.as_deref().map(Rc::from)),
        }
    }
}

/// A copy of the state with one presentation change (no engine run).
fn view_with(s: &AppState, f: impl FnOnce(&mut AppState)) -> AppState {
    let mut s = s.clone();
    f(&mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::EXAMPLE;

    #[test]
    fn example_draws_every_job_and_its_needs() {
        let s = AppState::new(EXAMPLE);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let names: Vec<&str> = s.scene.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["build", "unit-tests", "lint", "review-app", "deploy"]);
        assert!(s.scene.edges.iter().any(|e| e.from == "unit-tests" && e.to == "deploy"));
        assert_eq!(s.scene.columns.len(), 4);
    }

    #[test]
    fn editing_recomputes_and_broken_yaml_keeps_a_diagnostic() {
        let s = Rc::new(AppState::new(EXAMPLE));
        let before = s.revision;
        let s = s.reduce(Action::Edit("a: [1, 2\n".into()));
        assert_eq!(s.revision, before + 1);
        assert_eq!(s.diagnostics[0].code, "yaml-syntax");
        assert!(s.scene.jobs.is_empty());
    }

    #[test]
    fn context_changes_the_pipeline() {
        let s = Rc::new(AppState::new(EXAMPLE));
        let mr = ContextForm { source: "merge_request_event".into(), branch: "feat".into(), ..Default::default() };
        let s = s.reduce(Action::SetContext(mr));
        // Jobs without rules only run for branches and tags.
        assert_eq!(s.pipeline_jobs(), 0);
        assert_eq!(s.excluded_count, 5);
        assert!(!s.pipeline_created);
    }

    #[test]
    fn parallel_groups_start_collapsed_and_expand_on_demand() {
        let yaml = "build:\n  stage: build\n  script: x\n  parallel: 3\ntest:\n  needs: [build]\n  script: x\n";
        let s = Rc::new(AppState::new(yaml));
        assert_eq!(
            s.scene.jobs.iter().map(|j| (j.name.as_str(), j.count)).collect::<Vec<_>>(),
            [("build", 3), ("test", 1)]
        );
        let s = s.reduce(Action::ToggleGroup("build".into()));
        assert_eq!(s.scene.jobs.len(), 4);
        let s = s.reduce(Action::ToggleGroup("build".into()));
        assert_eq!(s.scene.jobs.len(), 2);
    }

    #[test]
    fn zoom_is_clamped() {
        let s = Rc::new(AppState::new(EXAMPLE)).reduce(Action::ZoomBy(1.25));
        assert!((s.zoom - 1.25).abs() < 1e-9);
        let s = s.reduce(Action::SetZoom(100.0));
        assert_eq!(s.zoom, ZOOM_MAX);
        let s = s.reduce(Action::SetZoom(f64::NAN));
        assert_eq!(s.zoom, ZOOM_MAX);
        assert_eq!(s.reduce(Action::ZoomBy(0.0)).zoom, ZOOM_MIN);
    }

    #[test]
    fn search_highlights_matching_jobs() {
        let s = Rc::new(AppState::new(EXAMPLE)).reduce(Action::SetFilter("TEST".into()));
        assert_eq!(s.highlighted.iter().collect::<Vec<_>>(), ["unit-tests"]);
    }

    #[test]
    fn hover_highlights_the_needs_chain_both_ways() {
        let s = Rc::new(AppState::new(EXAMPLE)).reduce(Action::Hover(Some("unit-tests".into())));
        let h: Vec<&String> = s.highlighted.iter().collect();
        assert_eq!(h, ["build", "deploy", "unit-tests"]);
    }

    #[test]
    fn selection_shows_the_resolved_definition_and_why() {
        let s = Rc::new(AppState::new(EXAMPLE)).reduce(Action::Select(Some("build".into())));
        let j = s.selected_job().unwrap();
        assert_eq!(j.extends(), [".rust"]);
        assert!(j.definition_yaml().contains("image: rust:1.85"), "{}", j.definition_yaml());
        assert!(j.why().contains("only"), "{}", j.why());
    }

    fn open(s: Rc<AppState>, files: &[(&str, &str)]) -> Rc<AppState> {
        let files = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
        s.reduce(Action::Open { files, repo_paths: Vec::new(), skipped: Vec::new() })
    }

    #[test]
    fn local_includes_resolve_against_the_open_tabs() {
        let root = "include: ci/test.yml\nbuild:\n  script: x\n";
        let s = Rc::new(AppState::new(root));
        assert_eq!(s.diagnostics[0].code, "include-not-found", "{:?}", s.diagnostics);
        // Opened under its file name, then renamed to the path the include names.
        let s = open(s, &[("test.yml", "unit:\n  stage: test\n  script: x\n  needs: [build]\n")]);
        assert_eq!((s.active, s.files.len()), (1, 2));
        assert!(!s.diagnostics.is_empty());
        let s = s.reduce(Action::RenameFile(1, "./ci//test.yml".into()));
        assert_eq!(s.files[1].path, "ci/test.yml");
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        assert!(s.scene.edges.iter().any(|e| e.from == "build" && e.to == "unit"));
        let unit = s.derived.job("unit").unwrap();
        assert_eq!((s.tab_of(&unit), unit.file_path(), unit.line()), (Some(1), "ci/test.yml", 1));
        // Editing goes to the active tab; the entry stays `.gitlab-ci.yml`.
        let s = s.reduce(Action::Edit("unit:\n  script: [".into()));
        assert_eq!(s.entry, 0);
        assert_eq!(s.diagnostics[0].span.unwrap().file, 1, "the diagnostic points into the included tab");
        // Closing the include brings the error back.
        let s = s.reduce(Action::CloseFile(1));
        assert_eq!((s.active, s.files.len()), (0, 1));
        assert_eq!(s.diagnostics[0].code, "include-not-found");
        let same = s.clone().reduce(Action::CloseFile(0));
        assert!(Rc::ptr_eq(&s, &same), "the last tab stays open");
    }

    #[test]
    fn renaming_to_an_open_path_is_refused_with_a_notice() {
        let s = Rc::new(AppState::new("a:\n  script: x\n")).reduce(Action::NewFile);
        assert_eq!(s.files[1].path, "untitled-1.yml");
        assert_eq!(s.clone().reduce(Action::NewFile).files[2].path, "untitled-2.yml");
        let r = s.clone().reduce(Action::RenameFile(1, ".gitlab-ci.yml".into()));
        assert_eq!(r.files[1].path, "untitled-1.yml");
        assert!(r.notice.as_deref().unwrap().contains("already open"));
    }

    #[test]
    fn opening_the_same_path_replaces_it_and_the_entry_file_is_shown_first() {
        let s = open(
            Rc::new(AppState::new("x:\n  script: a\n")),
            &[("ci/a.yml", "a: 1\n"), (".gitlab-ci.yml", "y:\n  script: b\n")],
        );
        assert_eq!(s.files.len(), 2);
        assert_eq!(s.active, 0);
        assert!(s.derived.job("y").is_some() && s.derived.job("x").is_none());
    }

    #[test]
    fn a_folders_paths_reach_rules_exists() {
        let yaml = "docker:\n  script: x\n  rules:\n    - exists: [Dockerfile]\n";
        let s = Rc::new(AppState::new(yaml));
        assert_eq!(s.pipeline_jobs(), 0);
        let s = s.reduce(Action::Open {
            files: Vec::new(),
            repo_paths: vec!["Dockerfile".into(), ".gitlab-ci.yml".into()],
            skipped: vec!["big.yml (over 4 MiB)".into()],
        });
        assert_eq!(s.pipeline_jobs(), 1);
        assert!(s.notice.as_deref().unwrap().contains("big.yml"));
    }

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

    #[test]
    fn the_merged_yaml_is_computed_while_shown_and_follows_edits() {
        let s = Rc::new(AppState::new(EXAMPLE));
        assert!(s.merged.is_none());
        let s = s.reduce(Action::ToggleMerged);
        let merged = s.merged.clone().expect("shown");
        assert!(merged.contains("build:\n  image: rust:1.85\n"), "extends applied:\n{merged}");
        let s = s.reduce(Action::Edit("a:\n  script: \"3.10\"\n".into()));
        assert_eq!(s.merged.as_deref(), Some("a:\n  script: \"3.10\"\n"));
        assert!(s.reduce(Action::ToggleMerged).merged.is_none());
    }

    #[test]
    fn a_diagnostic_selects_its_exact_range() {
        use pipelens_core::Span;
        let text = "é: 1\njob:\n  needs: [ghöst]\n";
        // `ghöst` is line 3, columns 11..16 (characters); é and ö are one UTF-16 unit each.
        let span = Span { file: 0, line: 3, col: 11, end_line: 3, end_col: 16 };
        let (start, end) = selection_range(text, &span);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[start as usize..end as usize]).unwrap(), "ghöst");
        assert_eq!(selection_range(text, &Span::new(0, 2, 1)), (5, 5), "a position is a caret");
        let s = Rc::new(AppState::new("job:\n  script: x\n  needs: [ghost]\n"));
        let d = s.diagnostics.iter().find(|d| d.code == "needs-unknown-job").expect("reported");
        let (a, b) = selection_range(s.text(), &d.span.unwrap());
        assert_eq!(&s.text()[a as usize..b as usize], "ghost", "the engine's span is the name's range");
    }

    #[test]
    fn restore_replaces_the_workspace() {
        let s = Rc::new(AppState::new(EXAMPLE)).reduce(Action::Restore {
            files: vec![("ci/x.yml".into(), "x: 1\n".into()), (".gitlab-ci.yml".into(), "j:\n  script: x\n".into())],
            context: ContextForm { tag: "v1".into(), ..Default::default() },
        });
        assert_eq!(s.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["ci/x.yml", ".gitlab-ci.yml"]);
        assert_eq!((s.entry, s.active), (1, 1));
        assert!(s.derived.job("j").is_some());
        assert_eq!(s.context.tag, "v1");
    }

    #[test]
    fn excluded_jobs_and_child_pipelines_toggle() {
        let yaml =
            "kid:\n  trigger:\n    include: child.yml\nlater:\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\n";
        let s = open(Rc::new(AppState::new(yaml)), &[("child.yml", "inner:\n  script: x\n")]);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        assert_eq!(s.pipeline_jobs(), 1);
        assert!(s.derived.job("kid/inner").is_some(), "child jobs are selectable, prefixed");
        assert!(s.scene.jobs.iter().all(|j| !j.excluded));
        let s = s.reduce(Action::ToggleExcluded);
        assert!(s.scene.jobs.iter().any(|j| j.name == "later" && j.excluded));
        let s = s.reduce(Action::ToggleChild("kid".into()));
        assert_eq!(s.scene.children.len(), 1);
        let s = s.reduce(Action::Hover(Some("kid/inner".into())));
        assert!(s.highlighted.contains("kid/inner"));
        let s = s.reduce(Action::ToggleChild("kid".into()));
        assert!(s.scene.children.is_empty());
    }

    #[test]
    fn child_pipeline_problems_are_listed_with_their_trigger_job() {
        let yaml = "kid:\n  trigger:\n    include: child.yml\n";
        let s = open(Rc::new(AppState::new(yaml)), &[("child.yml", "inner:\n  script: x\n  needs: [ghost]\n")]);
        let d = s.diagnostics.iter().find(|d| d.code == "needs-unknown-job").expect("the child's error is shown");
        assert!(d.message.starts_with("child pipeline of `kid`: "), "{}", d.message);
        assert_eq!(d.span.unwrap().file, 1, "it points into the child's tab");
        assert!(s.pipeline_created, "the parent pipeline is still created");
    }

    #[test]
    fn excluded_jobs_can_be_selected_to_see_why_and_slashes_in_names_count() {
        let yaml = "docs/build:\n  script: x\nrelease:\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\n";
        let s = Rc::new(AppState::new(yaml));
        assert_eq!(s.pipeline_jobs(), 1, "a job named with a slash is still a job of this pipeline");
        let s = s.reduce(Action::ToggleExcluded).reduce(Action::Select(Some("release".into())));
        let j = s.selected_job().expect("an excluded job has a panel too");
        assert!(!j.in_pipeline());
        assert_eq!(j.why(), "rules: no rule matched");
    }
}
