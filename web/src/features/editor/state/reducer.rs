//! The actions on the editor's state. An input change runs the engine again (`derive`); a presentation
//! change (selection, hover, search, zoom, notice) does not.

use super::workspace::untitled;
use super::{ContextForm, EditorState, OpenFile, ENTRY};
use crate::features::graph::zoom::{MAX as ZOOM_MAX, MIN as ZOOM_MIN};
use pipelens_core::files::normalize;
use pipelens_core::scene::View;
use std::rc::Rc;
use yew::Reducible;

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

impl Reducible for EditorState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Inputs change, then everything derived is recomputed.
        let with = |f: &dyn Fn(&mut EditorState)| {
            let mut s = (*self).clone();
            f(&mut s);
            Rc::new(s.derive())
        };
        // Only presentation changes: no engine run.
        let view = |f: &dyn Fn(&mut EditorState)| {
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
                let mut s = EditorState::blank().open(files, Vec::new());
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
            Action::SetView(v) if v == self.options.view => self,
            Action::SetView(v) => with(&|s| s.options.view = v),
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
                if !s.options.expanded.remove(&group) {
                    s.options.expanded.insert(group.clone());
                }
            }),
            Action::ToggleChild(job) => with(&|s| {
                if !s.options.open_children.remove(&job) {
                    s.options.open_children.insert(job.clone());
                }
            }),
            Action::ToggleExcluded => with(&|s| s.options.show_excluded = !s.options.show_excluded),
            Action::ToggleMerged => with(&|s| s.options.show_merged = !s.options.show_merged),
            Action::Notice(n) => view(&|s| s.notice = n.as_deref().map(Rc::from)),
        }
    }
}

/// A copy of the state with one presentation change (no engine run).
fn view_with(s: &EditorState, f: impl FnOnce(&mut EditorState)) -> EditorState {
    let mut s = s.clone();
    f(&mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::editor::example::EXAMPLE;

    #[test]
    fn zoom_is_clamped() {
        let s = Rc::new(EditorState::new(EXAMPLE)).reduce(Action::ZoomBy(1.25));
        assert!((s.zoom - 1.25).abs() < 1e-9);
        let s = s.reduce(Action::SetZoom(100.0));
        assert_eq!(s.zoom, ZOOM_MAX);
        let s = s.reduce(Action::SetZoom(f64::NAN));
        assert_eq!(s.zoom, ZOOM_MAX);
        assert_eq!(s.reduce(Action::ZoomBy(0.0)).zoom, ZOOM_MIN);
    }
}
