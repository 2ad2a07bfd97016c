//! What the graph emphasises: the hovered job's whole `needs` chain, else the jobs matching the search.

use super::EditorState;
use pipelens_core::inspect::JobPath;
use pipelens_core::scene::Scene;
use std::collections::BTreeSet;
use std::rc::Rc;

impl EditorState {
    /// Recomputes [`EditorState::highlighted`]: the hovered job's whole `needs` chain, else the search matches.
    pub(super) fn emphasise(mut self) -> Self {
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

#[cfg(test)]
mod tests {
    use super::super::{Action, EditorState};
    use crate::features::editor::example::EXAMPLE;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn search_highlights_matching_jobs() {
        let s = Rc::new(EditorState::new(EXAMPLE)).reduce(Action::SetFilter("TEST".into()));
        assert_eq!(s.highlighted.iter().collect::<Vec<_>>(), ["unit-tests"]);
    }

    #[test]
    fn hover_highlights_the_needs_chain_both_ways() {
        let s = Rc::new(EditorState::new(EXAMPLE)).reduce(Action::Hover(Some("unit-tests".into())));
        let h: Vec<&String> = s.highlighted.iter().collect();
        assert_eq!(h, ["build", "deploy", "unit-tests"]);
    }
}
