//! Diagnostics are plain data. Core never renders them; the CLI and the web app each have a renderer.

use std::fmt;

/// Index of a file in the [`crate::FileSet`] an analysis ran on.
pub type FileId = u32;

/// A range in a source file. `line` and `col` are 1-based (col counts characters); the end is exclusive.
/// A span whose end equals its start marks a position whose extent is not known (the editor underlines the
/// token there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

impl Span {
    /// A position (an empty range).
    pub const fn new(file: FileId, line: u32, col: u32) -> Self {
        Span { file, line, col, end_line: line, end_col: col }
    }

    /// The same start, ending where `end` ends.
    pub const fn to(self, end: Span) -> Self {
        Span { end_line: end.end_line, end_col: end.end_col, ..self }
    }

    /// Whether the end is known (the range is not empty).
    pub fn has_extent(&self) -> bool {
        (self.end_line, self.end_col) > (self.line, self.col)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding. `code` is a stable kebab-case id that tests and tools can match on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, span: impl Into<Option<Span>>) -> Self {
        Diagnostic { severity: Severity::Error, code, message: message.into(), span: span.into() }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, span: impl Into<Option<Span>>) -> Self {
        Diagnostic { severity: Severity::Warning, code, message: message.into(), span: span.into() }
    }
}

/// Collects diagnostics while a phase runs; phases never stop at the first problem.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn error(&mut self, code: &'static str, message: impl Into<String>, span: impl Into<Option<Span>>) {
        self.push(Diagnostic::error(code, message, span));
    }
    pub fn warning(&mut self, code: &'static str, message: impl Into<String>, span: impl Into<Option<Span>>) {
        self.push(Diagnostic::warning(code, message, span));
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
    /// How many were reported so far (a phase compares before and after to see whether it reported any).
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Sorted by position then code, duplicates removed: same input, same output.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| (a.span, a.severity, a.code, &a.message).cmp(&(b.span, b.severity, b.code, &b.message)));
        self.0.dedup();
        self.0
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}
