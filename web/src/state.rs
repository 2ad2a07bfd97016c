//! App state and its actions: plain Rust, no DOM, so it is tested natively.

use pipelens_core::load::{Node, Value};
use pipelens_core::scene::{self, Scene, View};
use pipelens_core::variables::Vars;
use pipelens_core::{analyze_text, Diagnostic, PipelineContext};
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

/// What the job panel shows for one job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobInfo {
    pub name: String,
    pub stage: String,
    pub when: &'static str,
    pub allow_failure: bool,
    pub needs: Option<Vec<String>>,
    pub why: String,
    pub extends: Vec<String>,
    pub line: u32,
    pub definition: String,
    /// For a `trigger:include` job: the jobs of its child pipeline.
    pub child_jobs: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub text: Rc<str>,
    pub view: View,
    pub context: ContextForm,
    pub scene: Rc<Scene>,
    pub jobs: Rc<[JobInfo]>,
    /// Jobs left out of this pipeline, with the reason.
    pub excluded: Rc<[(String, String)]>,
    pub diagnostics: Rc<[Diagnostic]>,
    pub pipeline_created: bool,
    pub pipeline_why: Rc<str>,
    pub selected: Option<String>,
    pub hovered: Option<String>,
    /// `parallel` groups the user expanded; the others are drawn as one node with a count.
    pub expanded: BTreeSet<String>,
    /// Search text: jobs whose name does not contain it (case-insensitively) are dimmed.
    pub filter: String,
    /// Graph scale (1 = 100 %), kept within [`ZOOM_MIN`, `ZOOM_MAX`].
    pub zoom: f64,
    /// Bumped on every recompute, so effects can run after the matching redraw.
    pub revision: u64,
}

pub enum Action {
    Edit(String),
    SetView(View),
    SetContext(ContextForm),
    Select(Option<String>),
    Hover(Option<String>),
    /// Expand a collapsed `parallel` group, or collapse an expanded one.
    ToggleGroup(String),
    SetFilter(String),
    /// Multiply the zoom by a factor (buttons, keys, ctrl+wheel).
    ZoomBy(f64),
    /// Set the zoom outright (fit to screen, reset).
    SetZoom(f64),
}

pub const ZOOM_MIN: f64 = 0.1;
pub const ZOOM_MAX: f64 = 4.0;

impl AppState {
    pub fn new(text: &str) -> Self {
        Self::compute(text, View::Stages, ContextForm::default(), None, BTreeSet::new(), 0)
    }

    fn compute(
        text: &str,
        view: View,
        context: ContextForm,
        selected: Option<String>,
        expanded: BTreeSet<String>,
        revision: u64,
    ) -> Self {
        let (_, a) = analyze_text(text, &context.to_context());
        let opts = scene::Options { view, collapse_parallel: true, expanded: expanded.clone(), ..Default::default() };
        let scene = scene::build_with(&a, &opts);
        let jobs: Vec<JobInfo> = a
            .pipeline
            .jobs
            .iter()
            .map(|j| {
                let def = &a.config.jobs[j.def];
                JobInfo {
                    name: j.name.clone(),
                    stage: j.stage.clone(),
                    when: j.when.as_str(),
                    allow_failure: j.allow_failure,
                    needs: j.needs.clone(),
                    why: j.why.clone(),
                    extends: def.extends.clone(),
                    line: def.span.line,
                    definition: yaml_text(&def.definition, 0),
                    child_jobs: a
                        .children
                        .iter()
                        .find(|c| c.job == j.name)
                        .map(|c| c.analysis.pipeline.jobs.iter().map(|cj| cj.name.clone()).collect()),
                }
            })
            .collect();
        let selected = selected.filter(|s| jobs.iter().any(|j| &j.name == s));
        AppState {
            text: text.into(),
            view,
            context,
            scene: Rc::new(scene),
            jobs: jobs.into(),
            excluded: a.pipeline.excluded.iter().map(|e| (e.name.clone(), e.why.clone())).collect(),
            diagnostics: a.diagnostics.into(),
            pipeline_created: a.pipeline.created,
            pipeline_why: a.pipeline.why.into(),
            selected,
            hovered: None,
            expanded,
            filter: String::new(),
            zoom: 1.0,
            revision,
        }
    }

    pub fn selected_job(&self) -> Option<&JobInfo> {
        self.selected.as_ref().and_then(|s| self.jobs.iter().find(|j| &j.name == s))
    }

    /// Jobs to emphasise: the hovered job's whole `needs` chain, else the jobs matching the search.
    pub fn highlighted(&self) -> BTreeSet<String> {
        let Some(start) = &self.hovered else {
            let needle = self.filter.trim().to_lowercase();
            if needle.is_empty() {
                return BTreeSet::new();
            }
            let mut found: BTreeSet<String> = self
                .scene
                .jobs
                .iter()
                .filter(|j| j.name.to_lowercase().contains(&needle))
                .map(|j| j.name.clone())
                .collect();
            if found.is_empty() {
                // Nothing matches: an empty set would mean "no highlight", so mark the search itself.
                found.insert(String::new());
            }
            return found;
        };
        let mut out = BTreeSet::from([start.clone()]);
        for forward in [true, false] {
            let mut stack = vec![start.clone()];
            while let Some(n) = stack.pop() {
                for e in &self.scene.edges {
                    let (from, to) = if forward { (&e.from, &e.to) } else { (&e.to, &e.from) };
                    if *from == n && out.insert(to.clone()) {
                        stack.push(to.clone());
                    }
                }
            }
        }
        out
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = |s: &Self, text: &str, view: View, ctx: ContextForm| {
            Rc::new(Self::compute(text, view, ctx, s.selected.clone(), s.expanded.clone(), s.revision + 1))
        };
        match action {
            Action::Edit(text) if *text == *self.text => self,
            Action::Edit(text) => next(&self, &text, self.view, self.context.clone()),
            Action::SetView(view) if view == self.view => self,
            Action::SetView(view) => next(&self, &self.text, view, self.context.clone()),
            Action::SetContext(ctx) if ctx == self.context => self,
            Action::SetContext(ctx) => next(&self, &self.text, self.view, ctx),
            Action::Select(name) => Rc::new(AppState { selected: name, ..(*self).clone() }),
            Action::Hover(name) if name == self.hovered => self,
            Action::Hover(name) => Rc::new(AppState { hovered: name, ..(*self).clone() }),
            Action::SetFilter(filter) => Rc::new(AppState { filter, ..(*self).clone() }),
            Action::ZoomBy(f) => {
                let zoom = (self.zoom * f).clamp(ZOOM_MIN, ZOOM_MAX);
                Rc::new(AppState { zoom, ..(*self).clone() })
            }
            Action::SetZoom(z) if z.is_finite() => {
                Rc::new(AppState { zoom: z.clamp(ZOOM_MIN, ZOOM_MAX), ..(*self).clone() })
            }
            Action::SetZoom(_) => self,
            Action::ToggleGroup(group) => {
                let mut expanded = self.expanded.clone();
                if !expanded.remove(&group) {
                    expanded.insert(group);
                }
                let (sel, rev) = (self.selected.clone(), self.revision + 1);
                Rc::new(Self::compute(&self.text, self.view, self.context.clone(), sel, expanded, rev))
            }
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
        let s = s.reduce(Action::Edit("a: [1, 2\n".into()));
        assert_eq!(s.revision, 1);
        assert_eq!(s.diagnostics[0].code, "yaml-syntax");
        assert!(s.scene.jobs.is_empty());
    }

    #[test]
    fn context_changes_the_pipeline() {
        let s = Rc::new(AppState::new(EXAMPLE));
        let mr = ContextForm { source: "merge_request_event".into(), branch: "feat".into(), ..Default::default() };
        let s = s.reduce(Action::SetContext(mr));
        // Jobs without rules only run for branches and tags.
        assert!(s.jobs.is_empty());
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
}
