//! The editor's state as the app holds it: made when the editor's module starts, from the share link in the
//! address, else from the workspace this tab kept, else the example. The workspace (files and pipeline
//! context, in the share link's code) is kept in the tab's `sessionStorage` shortly after each change and
//! before the GitLab module takes over the tab, so visiting a GitLab page, or reloading, loses no work.

use super::example::EXAMPLE;
use super::share::{self, Shared};
use super::state::{Action, ContextForm, EditorState, OpenFile};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

pub type EditorStore = UseReducerHandle<EditorState>;

/// Where the tab keeps its workspace.
const KEPT: &str = "pipelens.editor.workspace";
/// Quiet time after a change before it is kept (encoding a large workspace is not free on every key).
const KEEP_AFTER_MS: u32 = 400;

thread_local! {
    /// A change not kept yet (shared with the state, copied only when kept).
    static PENDING: RefCell<Option<(Rc<[OpenFile]>, ContextForm)>> = const { RefCell::new(None) };
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Keeps the pending change now (before the other module replaces the page).
pub fn keep_now() {
    let Some((files, context)) = PENDING.with(|p| p.borrow_mut().take()) else { return };
    let Some(storage) = session() else { return };
    match share::encode(&Shared::of(&files, &context)) {
        // A full storage leaves the last kept workspace; the page is still open.
        Ok(code) => drop(storage.set_item(KEPT, &code)),
        Err(_) => drop(storage.remove_item(KEPT)),
    }
}

/// `link`: the share link the app started from (`#share=…`), restored once, or reported when it cannot be.
#[hook]
pub fn use_editor_store(link: Option<&str>) -> EditorStore {
    // Read on the first render only: the link (up to megabytes) is not copied on later ones.
    let store = use_reducer(|| initial(link, session().and_then(|s| s.get_item(KEPT).ok().flatten()).as_deref()));
    let timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    use_effect_with(
        (store.files.clone(), store.context.clone()),
        move |(files, context): &(Rc<[OpenFile]>, ContextForm)| {
            PENDING.with(|p| *p.borrow_mut() = Some((files.clone(), context.clone())));
            *timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(KEEP_AFTER_MS, keep_now));
        },
    );
    store
}

/// The share link's workspace, else the one this tab kept (`kept`, silently), else the example.
fn initial(link: Option<&str>, kept: Option<&str>) -> EditorState {
    // The example is analysed only when it is what the page shows.
    let (state, notice) = match link.map(share::decode) {
        None | Some(Ok(None)) => {
            return match kept.map(share::decode) {
                Some(Ok(Some(Shared { files, context }))) => {
                    (*Rc::new(EditorState::blank()).reduce(Action::Restore { files, context })).clone()
                }
                _ => EditorState::new(EXAMPLE),
            }
        }
        Some(Ok(Some(Shared { files, context }))) => {
            let n = files.len();
            let restored = Rc::new(EditorState::blank()).reduce(Action::Restore { files, context });
            (restored, format!("Opened from a share link: {n} file(s) and their pipeline context."))
        }
        Some(Err(e)) => (Rc::new(EditorState::new(EXAMPLE)), format!("Share link not opened: {e}")),
    };
    (*state.reduce(Action::Notice(Some(notice)))).clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::editor::state::ContextForm;

    #[test]
    fn the_example_without_a_link_and_the_shared_workspace_with_one() {
        let s = initial(None, None);
        assert_eq!((s.files.len(), s.text().as_ref()), (1, EXAMPLE));
        assert!(s.notice.is_none());
        let shared = Shared {
            files: vec![(".gitlab-ci.yml".into(), "j:\n  script: x\n".into())],
            context: ContextForm { branch: "feature/x".into(), ..Default::default() },
        };
        let link = share::encode(&shared).unwrap();
        let s = initial(Some(&link), None);
        assert!(s.derived.job("j").is_some());
        assert_eq!(s.context.branch, "feature/x");
        assert_eq!(s.notice.as_deref(), Some("Opened from a share link: 1 file(s) and their pipeline context."));
    }

    #[test]
    fn the_kept_workspace_comes_back_unless_a_link_names_another() {
        let kept =
            Shared { files: vec![("a.yml".into(), "k:\n  script: x\n".into())], context: ContextForm::default() };
        let kept = share::encode(&kept).unwrap();
        let s = initial(None, Some(&kept));
        assert!(s.derived.job("k").is_some() && s.notice.is_none());
        let other = Shared { files: vec![(".gitlab-ci.yml".into(), "l:\n  script: x\n".into())], ..Default::default() };
        let s = initial(Some(&share::encode(&other).unwrap()), Some(&kept));
        assert!(s.derived.job("l").is_some() && s.derived.job("k").is_none());
        assert_eq!(initial(None, Some("damaged")).text().as_ref(), EXAMPLE);
    }

    #[test]
    fn a_damaged_link_shows_the_example_and_says_why() {
        let s = initial(Some("#share=1.AAAA-not-deflate"), None);
        assert_eq!(s.text().as_ref(), EXAMPLE);
        assert!(s.notice.as_deref().unwrap().starts_with("Share link not opened: "), "{:?}", s.notice);
    }
}
