//! Phase 2, resolve: the spanned trees of every file → one merged top-level mapping, in GitLab's order
//! (`build_config`): `include` → `extends` → `!reference`. Typed keyword parsing comes after, in `keywords`.
//!
//! Pre: a [`FileSet`] and the entry file. Post: a mapping whose jobs have no `extends` left to apply and no
//! `!reference` tags; every value still carries the span it was written at.

pub mod extends;
pub mod include;
pub mod inputs;
pub mod reference;

use crate::diagnostics::{Diagnostics, FileId, Span};
use crate::evaluate::context::PipelineContext;
use crate::files::FileSet;
use crate::limits::Limits;
use crate::load::{Node, Value};

/// Something that can fetch non-local includes (`project`, `remote`, `template`, `component`).
/// The browser may plug in a GitLab API fetcher; without one such includes are reported and skipped.
pub trait Fetcher {
    /// Returns the file's text, or an error message.
    fn fetch(&self, include: &include::ExternalInclude) -> Result<String, String>;
}

#[derive(Debug, Clone)]
pub struct Resolved {
    pub root: Node,
    /// Files that were read, in include order (entry first).
    pub included: Vec<FileId>,
    /// Non-local includes that could not be read: an unknown `extends` target may live there.
    pub unresolved_includes: Vec<String>,
    /// Includes a front end could load and hand in for another analysis.
    pub missing_includes: Vec<include::MissingInclude>,
}

pub fn resolve(
    files: &FileSet,
    entry: FileId,
    ctx: &PipelineContext,
    fetcher: Option<&dyn Fetcher>,
    limits: &Limits,
    diags: &mut Diagnostics,
) -> Resolved {
    let mut resolved = include::run(files, entry, ctx, fetcher, limits, diags);
    let offline = !resolved.unresolved_includes.is_empty();
    extends::run(&mut resolved.root, limits, offline, diags);
    reference::run(&mut resolved.root, limits, offline, diags);
    resolved
}

pub(crate) fn empty_map(file: FileId) -> Node {
    Node::new(Value::Map(Default::default()), Span::new(file, 1, 1))
}
