//! The open files as tabs: opening (same paths replaced, bounded), new untitled files; which tab is the entry.

use super::EditorState;
use pipelens_core::files::normalize;
use std::sync::Arc;

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

impl EditorState {
    /// Adds or replaces files by path; keeps the tab count within [`MAX_FILES`].
    pub(super) fn open(mut self, files: Vec<(String, String)>, skipped: Vec<String>) -> Self {
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

/// A free `untitled-N.yml` path.
pub(super) fn untitled(files: &[OpenFile]) -> String {
    (1..).map(|n| format!("untitled-{n}.yml")).find(|p| files.iter().all(|f| &f.path != p)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::open;
    use super::super::{Action, ContextForm, EditorState};
    use crate::features::editor::example::EXAMPLE;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn local_includes_resolve_against_the_open_tabs() {
        let root = "include: ci/test.yml\nbuild:\n  script: x\n";
        let s = Rc::new(EditorState::new(root));
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
        let s = Rc::new(EditorState::new("a:\n  script: x\n")).reduce(Action::NewFile);
        assert_eq!(s.files[1].path, "untitled-1.yml");
        assert_eq!(s.clone().reduce(Action::NewFile).files[2].path, "untitled-2.yml");
        let r = s.clone().reduce(Action::RenameFile(1, ".gitlab-ci.yml".into()));
        assert_eq!(r.files[1].path, "untitled-1.yml");
        assert!(r.notice.as_deref().unwrap().contains("already open"));
    }

    #[test]
    fn opening_the_same_path_replaces_it_and_the_entry_file_is_shown_first() {
        let s = open(
            Rc::new(EditorState::new("x:\n  script: a\n")),
            &[("ci/a.yml", "a: 1\n"), (".gitlab-ci.yml", "y:\n  script: b\n")],
        );
        assert_eq!(s.files.len(), 2);
        assert_eq!(s.active, 0);
        assert!(s.derived.job("y").is_some() && s.derived.job("x").is_none());
    }

    #[test]
    fn a_folders_paths_reach_rules_exists() {
        let yaml = "docker:\n  script: x\n  rules:\n    - exists: [Dockerfile]\n";
        let s = Rc::new(EditorState::new(yaml));
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
        let s = Rc::new(EditorState::new(EXAMPLE)).reduce(Action::Restore {
            files: vec![("ci/x.yml".into(), "x: 1\n".into()), (".gitlab-ci.yml".into(), "j:\n  script: x\n".into())],
            context: ContextForm { tag: "v1".into(), ..Default::default() },
        });
        assert_eq!(s.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["ci/x.yml", ".gitlab-ci.yml"]);
        assert_eq!((s.entry, s.active), (1, 1));
        assert!(s.derived.job("j").is_some());
        assert_eq!(s.context.tag, "v1");
    }
}
