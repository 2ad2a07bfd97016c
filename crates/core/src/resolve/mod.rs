//! Phase 2, resolve: the spanned trees of every file → one merged top-level mapping, in GitLab's order
//! (`build_config`): `include` → `extends` → `!reference`. Typed keyword parsing comes after, in `keywords`.
//!
//! Pre: a [`FileSet`] and the entry file. Post: a mapping whose jobs have no `extends` left to apply and no
//! `!reference` tags; every value still carries the span it was written at.

pub mod extends;
pub mod include;
pub mod inputs;
pub mod reference;

use crate::diagnostics::Code;
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
    resolve_within(files, entry, ctx, fetcher, limits, &mut Budget::new(limits), diags)
}

/// [`resolve`] paying from a budget shared with other analyses (a pipeline's and its children's).
pub fn resolve_within(
    files: &FileSet,
    entry: FileId,
    ctx: &PipelineContext,
    fetcher: Option<&dyn Fetcher>,
    limits: &Limits,
    budget: &mut Budget,
    diags: &mut Diagnostics,
) -> Resolved {
    budget.reported = false;
    let mut resolved = include::run(files, entry, ctx, fetcher, limits, budget, diags);
    let offline = !resolved.unresolved_includes.is_empty();
    extends::run(&mut resolved.root, limits, offline, budget, diags);
    reference::run(&mut resolved.root, limits, offline, budget, diags);
    resolved
}

/// What the resolve phase may still build by copying ([`Limits::max_expansion_bytes`]), shared by repeated
/// includes, `spec:inputs` interpolation, `extends` and `!reference`, and by an analysis with its child pipelines:
/// every copy is paid for.
#[derive(Debug)]
pub struct Budget {
    left: usize,
    limit: usize,
    spent: bool,
    /// Whether the analysis being resolved has reported the spent budget (each analysis reports it once).
    reported: bool,
}

impl Budget {
    pub fn new(limits: &Limits) -> Self {
        Budget { left: limits.max_expansion_bytes, limit: limits.max_expansion_bytes, spent: false, reported: false }
    }

    /// Pays for a copy of `cost` (see [`cost`]). Once the budget is spent nothing more is copied, and the first
    /// refusal in each analysis is reported as an error at `span`.
    pub fn pay(&mut self, cost: usize, span: Span, diags: &mut Diagnostics) -> bool {
        match self.left.checked_sub(cost).filter(|_| !self.spent) {
            Some(left) => {
                self.left = left;
                true
            }
            None => {
                self.spent = true;
                self.refuse(span, diags);
                false
            }
        }
    }

    /// Whether the budget is spent (then reported as for [`Budget::pay`]): a cheap check before costly work.
    pub fn spent(&mut self, span: Span, diags: &mut Diagnostics) -> bool {
        if self.spent {
            self.refuse(span, diags);
        }
        self.spent
    }

    fn refuse(&mut self, span: Span, diags: &mut Diagnostics) {
        if !std::mem::replace(&mut self.reported, true) {
            diags.error(
                Code::ExpansionLimit,
                format!(
                    "includes, `extends`, `!reference` and `spec:inputs` expand to more than {} bytes; the rest is \
                     not expanded (an expansion bomb?)",
                    self.limit
                ),
                span,
            );
        }
    }
}

/// What a copy of `node` costs: its text plus [`crate::limits::NODE_COST`] per node and mapping entry.
pub fn cost(node: &Node) -> usize {
    use crate::limits::NODE_COST;
    NODE_COST
        + match &node.value {
            Value::Str(s) => s.len(),
            Value::Seq(items) | Value::Reference(items) => items.iter().map(cost).sum(),
            Value::Map(m) => m.iter().map(|(k, e)| NODE_COST + k.len() + cost(&e.value)).sum(),
            _ => 0,
        }
}

pub(crate) fn empty_map(file: FileId) -> Node {
    Node::new(Value::Map(Default::default()), Span::new(file, 1, 1))
}
