//! The drawing choices that change what the engine lays out: stages or needs, expanded groups, open child
//! pipelines, jobs left out shown, and the merged YAML instead of the editor.

use pipelens_core::scene::{self, View};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub struct ViewOptions {
    pub view: View,
    /// `parallel` groups the user expanded; the others are drawn as one node with a count.
    pub expanded: BTreeSet<String>,
    /// Draw the jobs left out of this pipeline, greyed.
    pub show_excluded: bool,
    /// Show the merged YAML (includes, extends, `!reference` resolved) instead of the editor.
    pub show_merged: bool,
    /// Trigger jobs whose child pipeline is drawn open (`job` or `job/grandchild-trigger`).
    pub open_children: BTreeSet<String>,
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            view: View::Stages,
            expanded: BTreeSet::new(),
            show_excluded: false,
            show_merged: false,
            open_children: BTreeSet::new(),
        }
    }
}

impl ViewOptions {
    /// Core's scene options: `parallel` groups start collapsed.
    pub fn scene_options(&self) -> scene::Options {
        scene::Options {
            view: self.view,
            collapse_groups: true,
            expanded: self.expanded.clone(),
            show_excluded: self.show_excluded,
            open_children: self.open_children.clone(),
        }
    }
}
