//! Per-box marks a page lays over the drawing (a job's live status, for one), keyed by job path
//! (`name`, or `trigger/name` in a child pipeline). The graph draws them; where they come from is the page's.

use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
pub struct Decoration {
    /// Added to the box as the class `status-<class>` and as `data-status` (e.g. `running`, `failed`).
    pub class: String,
    /// Spoken and shown in the tooltip after the box's own description.
    pub label: String,
}

/// The marks for one drawing; `None` when the page has none (the editor).
pub type Decorations = Option<Rc<BTreeMap<String, Decoration>>>;
