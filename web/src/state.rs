//! App state and its actions: plain Rust, no DOM, so it is tested natively.

use pipelens_core::scene::{self, Scene, View};
use pipelens_core::{analyze_text, Diagnostic, PipelineContext};
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub text: Rc<str>,
    pub view: View,
    pub scene: Rc<Scene>,
    pub diagnostics: Rc<[Diagnostic]>,
    pub pipeline_created: bool,
    pub pipeline_why: Rc<str>,
    /// Bumped on every recompute, so effects can run after the matching redraw.
    pub revision: u64,
}

pub enum Action {
    Edit(String),
    SetView(View),
}

impl AppState {
    pub fn new(text: &str) -> Self {
        Self::compute(text, View::Stages, 0)
    }

    fn compute(text: &str, view: View, revision: u64) -> Self {
        let ctx = PipelineContext::default_push();
        let (_, a) = analyze_text(text, &ctx);
        let scene = scene::build(&a.pipeline, &a.graph, view);
        AppState {
            text: text.into(),
            view,
            scene: Rc::new(scene),
            diagnostics: a.diagnostics.into(),
            pipeline_created: a.pipeline.created,
            pipeline_why: a.pipeline.why.into(),
            revision,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) if *text == *self.text => self,
            Action::Edit(text) => Rc::new(Self::compute(&text, self.view, self.revision + 1)),
            Action::SetView(view) if view == self.view => self,
            Action::SetView(view) => Rc::new(Self::compute(&self.text, view, self.revision + 1)),
        }
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
}
