//! App state and its actions: plain Rust, no DOM, so it is tested natively.

use pipelens_core::files::normalize;
use pipelens_core::load::{Node, Value};
use pipelens_core::scene::{self, Scene, View};
use pipelens_core::variables::Vars;
use pipelens_core::{analyze, Analysis, Diagnostic, FileId, FileSet, PipelineContext};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// The pipeline context as the user typed it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContextForm {
    /// `CI_PIPELINE_SOURCE`: push, merge_request_event, schedule, web, api, trigger.
    pub source: String,
    /// Branch (or MR source branch) name; empty means the default branch.
    pub branch: String,
    /// A tag name makes this a tag pipeline.
    pub tag: String,
    pub default_branch: String,
    /// `KEY=VALUE` lines.
    pub variables: String,
    /// One path per line; empty means "unknown" (a new branch: `changes` is true).
    pub changed: String,
}

impl ContextForm {
    pub fn to_context(&self) -> PipelineContext {
        let mut vars = Vars::new();
        for line in self.variables.lines() {
            if let Some((k, v)) = line.split_once('=') {
                if !k.trim().is_empty() {
                    vars.insert(k.trim().to_string(), v.to_string());
                }
            }
        }
        let set = |vars: &mut Vars, k: &str, v: &str| {
            if !v.trim().is_empty() {
                vars.insert(k.to_string(), v.trim().to_string());
            }
        };
        set(&mut vars, "CI_PIPELINE_SOURCE", &self.source);
        set(&mut vars, "CI_DEFAULT_BRANCH", &self.default_branch);
        set(&mut vars, "CI_COMMIT_TAG", &self.tag);
        if self.source == "merge_request_event" {
            set(&mut vars, "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", &self.branch);
        } else {
            set(&mut vars, "CI_COMMIT_BRANCH", &self.branch);
        }
        let mut ctx = PipelineContext::from_vars(vars);
        let changed: Vec<String> =
            self.changed.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        ctx.changed_files = (!changed.is_empty()).then_some(changed);
        ctx
    }
}

/// One editor tab: a repository path and its text. Tab index = file id in the engine's file set.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenFile {
    pub path: String,
    pub text: Rc<str>,
}

/// The entry file GitLab reads.
pub const ENTRY: &str = ".gitlab-ci.yml";
/// Tabs the editor keeps; opening a big folder reads at most this many YAML files.
pub const MAX_FILES: usize = 300;

/// What the job panel shows for one job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobInfo {
    /// The job's name; in a child pipeline, `trigger-job/name`.
    pub name: String,
    pub stage: String,
    pub when: &'static str,
    pub allow_failure: bool,
    pub needs: Option<Vec<String>>,
    pub why: String,
    pub extends: Vec<String>,
    /// Where it is defined: a tab (when it is one of the open files) and a line.
    pub file: Option<usize>,
    pub path: String,
    pub line: u32,
    pub definition: String,
    /// For a `trigger:include` job: the jobs of its child pipeline.
    pub child_jobs: Option<Vec<String>>,
    /// A job of a child pipeline (its name is prefixed with the trigger job).
    pub in_child: bool,
    /// Left out of its pipeline; `why` says which rule or clause decided.
    pub excluded: bool,
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
    pub jobs: Rc<[JobInfo]>,
    /// Jobs left out of this pipeline, with the reason.
    pub excluded: Rc<[(String, String)]>,
    /// Span file ids are tab indices.
    pub diagnostics: Rc<[Diagnostic]>,
    pub pipeline_created: bool,
    pub pipeline_why: Rc<str>,
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
            open_children: BTreeSet::new(),
            selected: None,
            hovered: None,
            filter: String::new(),
            zoom: 1.0,
            notice: None,
            entry: 0,
            scene: Rc::default(),
            jobs: Rc::new([]),
            excluded: Rc::new([]),
            diagnostics: Rc::new([]),
            pipeline_created: false,
            pipeline_why: "".into(),
            revision: 0,
        }
    }

    pub fn text(&self) -> &Rc<str> {
        &self.files[self.active].text
    }

    /// Runs the engine on the chosen inputs and fills in every derived field.
    fn derive(mut self) -> Self {
        let mut set = FileSet::new();
        for f in self.files.iter() {
            set.add(&f.path, f.text.to_string());
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
        let mut jobs = Vec::new();
        collect_jobs(&a, &set, self.files.len(), "", &mut jobs);
        self.selected = self.selected.filter(|s| jobs.iter().any(|j| &j.name == s));
        self.jobs = jobs.into();
        self.excluded = a.pipeline.excluded.iter().map(|e| (e.name.clone(), e.why.clone())).collect();
        // A child pipeline's problems show too, named after its trigger job; their spans point into the same
        // tabs (a combined child's generated file has an id past them and is not linked).
        let mut diagnostics = a.diagnostics.clone();
        for (job, _, d) in a.child_diagnostics(&set) {
            diagnostics.push(Diagnostic { message: format!("child pipeline of `{job}`: {}", d.message), ..d.clone() });
        }
        self.diagnostics = diagnostics.into();
        self.pipeline_created = a.pipeline.created;
        self.pipeline_why = a.pipeline.why.into();
        self.hovered = None;
        self.revision += 1;
        self
    }

    /// Jobs of the pipeline itself (not of its child pipelines).
    pub fn pipeline_jobs(&self) -> usize {
        self.jobs.iter().filter(|j| !j.in_child && !j.excluded).count()
    }

    pub fn selected_job(&self) -> Option<&JobInfo> {
        self.selected.as_ref().and_then(|s| self.jobs.iter().find(|j| &j.name == s))
    }

    /// Jobs to emphasise: the hovered job's whole `needs` chain, else the jobs matching the search.
    pub fn highlighted(&self) -> BTreeSet<String> {
        let Some(start) = &self.hovered else {
            let Some(needle) = self.search_needle() else { return BTreeSet::new() };
            let mut found = BTreeSet::new();
            each_scene(&self.scene, "", &mut |prefix, s| {
                let names = s.jobs.iter().map(|j| format!("{prefix}{}", j.name));
                found.extend(names.filter(|n| name_matches(n, &needle)));
            });
            if found.is_empty() {
                // Nothing matches: an empty set would mean "no highlight", so mark the search itself.
                found.insert(String::new());
            }
            return found;
        };
        // Only while hovering: this runs on every render.
        let mut edges = Vec::new();
        each_scene(&self.scene, "", &mut |prefix, s| {
            edges.extend(s.edges.iter().map(|e| (format!("{prefix}{}", e.from), format!("{prefix}{}", e.to))));
        });
        let mut out = BTreeSet::from([start.clone()]);
        for forward in [true, false] {
            let mut stack = vec![start.clone()];
            while let Some(n) = stack.pop() {
                for (a, b) in &edges {
                    let (from, to) = if forward { (a, b) } else { (b, a) };
                    if *from == n && out.insert(to.clone()) {
                        stack.push(to.clone());
                    }
                }
            }
        }
        out
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

/// Job panel entries for a pipeline and, prefixed with their trigger job, its child pipelines.
fn collect_jobs(a: &Analysis, files: &FileSet, tabs: usize, prefix: &str, out: &mut Vec<JobInfo>) {
    let info = |def: &pipelens_core::keywords::job::JobDef, name: &str, why: &str| {
        let file = def.span.file as usize;
        JobInfo {
            name: format!("{prefix}{name}"),
            stage: def.stage.clone(),
            when: def.when.as_str(),
            allow_failure: def.allow_failure.unwrap_or(false),
            needs: def.needs.as_ref().map(|n| n.iter().map(|n| n.job.clone()).collect()),
            why: why.to_string(),
            extends: def.extends.clone(),
            file: (file < tabs).then_some(file),
            path: files.path(def.span.file).to_string(),
            line: def.span.line,
            definition: yaml_text(&def.definition, 0),
            child_jobs: None,
            in_child: !prefix.is_empty(),
            excluded: false,
        }
    };
    for j in &a.pipeline.jobs {
        let def = &a.config.jobs[j.def];
        let child = a.children.iter().find(|c| c.job == j.name);
        // As evaluated for this pipeline: rules may change `when` and `allow_failure`, needs are expanded.
        out.push(JobInfo {
            stage: j.stage.clone(),
            when: j.when.as_str(),
            allow_failure: j.allow_failure,
            needs: j.needs.clone(),
            child_jobs: child.map(|c| c.analysis.pipeline.jobs.iter().map(|cj| cj.name.clone()).collect()),
            ..info(def, &j.name, &j.why)
        });
        if let Some(c) = child {
            let files_of_child = c.files.as_ref().unwrap_or(files);
            collect_jobs(&c.analysis, files_of_child, tabs, &format!("{prefix}{}/", j.name), out);
        }
    }
    for e in &a.pipeline.excluded {
        if let Some(def) = a.config.jobs.get(e.def) {
            out.push(JobInfo { excluded: true, ..info(def, &e.name, &e.why) });
        }
    }
}

/// The search rule: the lowercased name contains the lowercased search text.
fn name_matches(name: &str, needle: &str) -> bool {
    name.to_lowercase().contains(needle)
}

/// Visits a scene and its open child pipelines' scenes, each with the prefix its job names carry in the
/// state (`trigger/`).
fn each_scene(s: &Scene, prefix: &str, visit: &mut dyn FnMut(&str, &Scene)) {
    visit(prefix, s);
    for c in &s.children {
        each_scene(&c.scene, &format!("{prefix}{}/", c.job), visit);
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
            Action::Hover(name) => view(&|s| s.hovered = name.clone()),
            Action::SetFilter(filter) => view(&|s| s.filter = filter.clone()),
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
            Action::Notice(n) => view(&|s| s.notice = n.as_deref().map(Rc::from)),
        }
    }
}

/// A resolved definition as YAML-like text for the job panel (rendered as text, never as HTML).
pub fn yaml_text(n: &Node, indent: usize) -> String {
    let pad = "  ".repeat(indent);
    match &n.value {
        Value::Map(m) if !m.is_empty() => m
            .iter()
            .map(|(k, e)| match &e.value.value {
                Value::Map(inner) if !inner.is_empty() => format!("{pad}{k}:\n{}", yaml_text(&e.value, indent + 1)),
                Value::Seq(items) if !items.is_empty() => format!("{pad}{k}:\n{}", yaml_text(&e.value, indent)),
                _ => format!("{pad}{k}: {}\n", scalar(&e.value)),
            })
            .collect(),
        Value::Seq(items) if !items.is_empty() => items
            .iter()
            .map(|i| match &i.value {
                Value::Map(_) | Value::Seq(_) => format!("{pad}-\n{}", yaml_text(i, indent + 1)),
                _ => format!("{pad}- {}\n", scalar(i)),
            })
            .collect(),
        _ => format!("{pad}{}\n", scalar(n)),
    }
}

fn scalar(n: &Node) -> String {
    match &n.value {
        Value::Null => "null".into(),
        Value::Map(_) => "{}".into(),
        Value::Seq(_) | Value::Reference(_) => "[]".into(),
        Value::Str(s) if s.is_empty() || s.contains(": ") || s.starts_with(['*', '&', '!', '[', '{', '#']) => {
            format!("{s:?}")
        }
        _ => n.scalar_string().unwrap_or_default(),
    }
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
        assert_eq!(s.excluded.len(), 5);
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
        assert_eq!(s.highlighted().into_iter().collect::<Vec<_>>(), ["unit-tests"]);
    }

    #[test]
    fn hover_highlights_the_needs_chain_both_ways() {
        let s = Rc::new(AppState::new(EXAMPLE)).reduce(Action::Hover(Some("unit-tests".into())));
        let h: Vec<String> = s.highlighted().into_iter().collect();
        assert_eq!(h, ["build", "deploy", "unit-tests"]);
    }

    #[test]
    fn selection_shows_the_resolved_definition_and_why() {
        let s = Rc::new(AppState::new(EXAMPLE)).reduce(Action::Select(Some("build".into())));
        let j = s.selected_job().unwrap();
        assert_eq!(j.extends, [".rust"]);
        assert!(j.definition.contains("image: rust:1.85"), "{}", j.definition);
        assert!(j.why.contains("only"), "{}", j.why);
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
        let unit = s.jobs.iter().find(|j| j.name == "unit").unwrap();
        assert_eq!((unit.file, unit.path.as_str(), unit.line), (Some(1), "ci/test.yml", 1));
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
        assert_eq!(s.jobs[0].name, "y");
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
    fn restore_replaces_the_workspace() {
        let s = Rc::new(AppState::new(EXAMPLE)).reduce(Action::Restore {
            files: vec![("ci/x.yml".into(), "x: 1\n".into()), (".gitlab-ci.yml".into(), "j:\n  script: x\n".into())],
            context: ContextForm { tag: "v1".into(), ..Default::default() },
        });
        assert_eq!(s.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["ci/x.yml", ".gitlab-ci.yml"]);
        assert_eq!((s.entry, s.active), (1, 1));
        assert_eq!(s.jobs[0].name, "j");
        assert_eq!(s.context.tag, "v1");
    }

    #[test]
    fn excluded_jobs_and_child_pipelines_toggle() {
        let yaml =
            "kid:\n  trigger:\n    include: child.yml\nlater:\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\n";
        let s = open(Rc::new(AppState::new(yaml)), &[("child.yml", "inner:\n  script: x\n")]);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        assert_eq!(s.pipeline_jobs(), 1);
        assert!(s.jobs.iter().any(|j| j.name == "kid/inner"), "child jobs are selectable, prefixed");
        assert!(s.scene.jobs.iter().all(|j| !j.excluded));
        let s = s.reduce(Action::ToggleExcluded);
        assert!(s.scene.jobs.iter().any(|j| j.name == "later" && j.excluded));
        let s = s.reduce(Action::ToggleChild("kid".into()));
        assert_eq!(s.scene.children.len(), 1);
        let s = s.reduce(Action::Hover(Some("kid/inner".into())));
        assert!(s.highlighted().contains("kid/inner"));
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
        assert!(j.excluded);
        assert_eq!(j.why, "rules: no rule matched");
    }
}
