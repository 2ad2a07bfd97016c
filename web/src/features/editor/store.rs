//! The editor's state as the app holds it: made once when the app starts (from the share link in the
//! address, if any) and kept while other pages are shown, so visiting one loses no work.

use super::example::EXAMPLE;
use super::share::{self, Shared};
use super::state::{Action, EditorState};
use std::rc::Rc;
use yew::prelude::*;

pub type EditorStore = UseReducerHandle<EditorState>;

/// `link`: the share link the app started from (`#share=…`), restored once, or reported when it cannot be.
#[hook]
pub fn use_editor_store(link: Option<&str>) -> EditorStore {
    // Read on the first render only: the link (up to megabytes) is not copied on later ones.
    use_reducer(|| initial(link))
}

fn initial(link: Option<&str>) -> EditorState {
    // The example is analysed only when it is what the page shows.
    let (state, notice) = match link.map(share::decode) {
        None | Some(Ok(None)) => return EditorState::new(EXAMPLE),
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
        let s = initial(None);
        assert_eq!((s.files.len(), s.text().as_ref()), (1, EXAMPLE));
        assert!(s.notice.is_none());
        let shared = Shared {
            files: vec![(".gitlab-ci.yml".into(), "j:\n  script: x\n".into())],
            context: ContextForm { branch: "feature/x".into(), ..Default::default() },
        };
        let s = initial(Some(&share::encode(&shared).unwrap()));
        assert!(s.derived.job("j").is_some());
        assert_eq!(s.context.branch, "feature/x");
        assert_eq!(s.notice.as_deref(), Some("Opened from a share link: 1 file(s) and their pipeline context."));
    }

    #[test]
    fn a_damaged_link_shows_the_example_and_says_why() {
        let s = initial(Some("#share=1.AAAA-not-deflate"));
        assert_eq!(s.text().as_ref(), EXAMPLE);
        assert!(s.notice.as_deref().unwrap().starts_with("Share link not opened: "), "{:?}", s.notice);
    }
}
