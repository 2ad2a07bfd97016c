//! The engine run: the open files, the context and the view options in; the scene, problems, merged YAML
//! and job views out. Runs whenever an input changes (the reducer decides when).

use super::{EditorState, ENTRY};
use pipelens_core::inspect::{self, JobView};
use pipelens_core::{analyze, Analysis, Diagnostic, FileId, FileSet, Limits};
use std::rc::Rc;

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

impl EditorState {
    /// Runs the engine on the chosen inputs and fills in every derived field.
    pub(super) fn derive(mut self) -> Self {
        let mut set = FileSet::new();
        for f in self.files.iter() {
            set.add(&f.path, f.text.clone());
        }
        self.entry = self.files.iter().position(|f| f.path == ENTRY).unwrap_or(0);
        let mut ctx = self.context.to_context();
        ctx.repo_files = self.repo_paths.to_vec();
        let a = analyze(&set, self.entry as FileId, &ctx);
        self.scene = Rc::new(pipelens_core::scene::build_with(&a, &self.options.scene_options()));
        self.merged = self
            .options
            .show_merged
            .then(|| Rc::from(inspect::merged::merged_yaml(&set, self.entry as FileId, &ctx, &Limits::default()).0));
        // A child pipeline's problems show too, named after its trigger job; their spans point into the same
        // tabs (a combined child's generated file has an id past them and is not linked).
        let mut diagnostics = a.diagnostics.clone();
        for (job, _, d) in a.child_diagnostics(&set) {
            diagnostics.push(Diagnostic { message: format!("child pipeline of `{job}`: {}", d.message), ..d.clone() });
        }
        self.diagnostics = diagnostics.into();
        self.derived = Derived { analysis: Rc::new(Some(a)), files: Rc::new(set) };
        self.selected = self.selected.filter(|s| self.derived.job(s).is_some());
        self.hovered = None;
        self.revision += 1;
        self.emphasise()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::open;
    use super::super::{Action, ContextForm, EditorState};
    use crate::features::editor::example::EXAMPLE;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn example_draws_every_job_and_its_needs() {
        let s = EditorState::new(EXAMPLE);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let names: Vec<&str> = s.scene.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["build", "unit-tests", "lint", "review-app", "deploy"]);
        assert!(s.scene.edges.iter().any(|e| e.from == "unit-tests" && e.to == "deploy"));
        assert_eq!(s.scene.columns.len(), 4);
    }

    #[test]
    fn editing_recomputes_and_broken_yaml_keeps_a_diagnostic() {
        let s = Rc::new(EditorState::new(EXAMPLE));
        let before = s.revision;
        let s = s.reduce(Action::Edit("a: [1, 2\n".into()));
        assert_eq!(s.revision, before + 1);
        assert_eq!(s.diagnostics[0].code, "yaml-syntax");
        assert!(s.scene.jobs.is_empty());
    }

    #[test]
    fn context_changes_the_pipeline() {
        let s = Rc::new(EditorState::new(EXAMPLE));
        let mr = ContextForm { source: "merge_request_event".into(), branch: "feat".into(), ..Default::default() };
        let s = s.reduce(Action::SetContext(mr));
        // Jobs without rules only run for branches and tags.
        assert_eq!(s.pipeline_jobs(), 0);
        assert_eq!(s.excluded_count(), 5);
        assert!(!s.pipeline_created());
    }

    #[test]
    fn parallel_groups_start_collapsed_and_expand_on_demand() {
        let yaml = "build:\n  stage: build\n  script: x\n  parallel: 3\ntest:\n  needs: [build]\n  script: x\n";
        let s = Rc::new(EditorState::new(yaml));
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
    fn selection_shows_the_resolved_definition_and_why() {
        let s = Rc::new(EditorState::new(EXAMPLE)).reduce(Action::Select(Some("build".into())));
        let j = s.selected_job().unwrap();
        assert_eq!(j.extends(), [".rust"]);
        assert!(j.definition_yaml().contains("image: rust:1.85"), "{}", j.definition_yaml());
        assert!(j.why().contains("only"), "{}", j.why());
    }

    #[test]
    fn the_merged_yaml_is_computed_while_shown_and_follows_edits() {
        let s = Rc::new(EditorState::new(EXAMPLE));
        assert!(s.merged.is_none());
        let s = s.reduce(Action::ToggleMerged);
        let merged = s.merged.clone().expect("shown");
        assert!(merged.contains("build:\n  image: rust:1.85\n"), "extends applied:\n{merged}");
        let s = s.reduce(Action::Edit("a:\n  script: \"3.10\"\n".into()));
        assert_eq!(s.merged.as_deref(), Some("a:\n  script: \"3.10\"\n"));
        assert!(s.reduce(Action::ToggleMerged).merged.is_none());
    }

    #[test]
    fn excluded_jobs_and_child_pipelines_toggle() {
        let yaml =
            "kid:\n  trigger:\n    include: child.yml\nlater:\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\n";
        let s = open(Rc::new(EditorState::new(yaml)), &[("child.yml", "inner:\n  script: x\n")]);
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
        let s = open(Rc::new(EditorState::new(yaml)), &[("child.yml", "inner:\n  script: x\n  needs: [ghost]\n")]);
        let d = s.diagnostics.iter().find(|d| d.code == "needs-unknown-job").expect("the child's error is shown");
        assert!(d.message.starts_with("child pipeline of `kid`: "), "{}", d.message);
        assert_eq!(d.span.unwrap().file, 1, "it points into the child's tab");
        assert!(s.pipeline_created(), "the parent pipeline is still created");
    }

    #[test]
    fn excluded_jobs_can_be_selected_to_see_why_and_slashes_in_names_count() {
        let yaml = "docs/build:\n  script: x\nrelease:\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\n";
        let s = Rc::new(EditorState::new(yaml));
        assert_eq!(s.pipeline_jobs(), 1, "a job named with a slash is still a job of this pipeline");
        let s = s.reduce(Action::ToggleExcluded).reduce(Action::Select(Some("release".into())));
        let j = s.selected_job().expect("an excluded job has a panel too");
        assert!(!j.in_pipeline());
        assert_eq!(j.why(), "rules: no rule matched");
    }
}
