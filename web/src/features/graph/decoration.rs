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
    /// A broader reading added as the class `tone-<tone>` and `data-tone` (e.g. `done`, `waiting`).
    pub tone: &'static str,
    /// The box's outline and the glyph's colour.
    pub colour: &'static str,
    /// Drawn at the box's right end.
    pub glyph: &'static str,
    /// Shown as `data-id` (a live job's id).
    pub id: Option<u64>,
}

/// The marks for one drawing; `None` when the page has none (the editor).
pub type Decorations = Option<Rc<BTreeMap<String, Decoration>>>;
