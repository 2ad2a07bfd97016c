//! A GitLab job log, read as GitLab's log viewer reads it: SGR styles, `\r` rewrites, collapsible
//! sections and runner timestamps, fed in chunks as the log grows.
//!
//! Lines are indexed, not copied: a [`Line`] and its [`Span`]s are byte ranges into the raw log,
//! which the caller keeps. No IO, no DOM, no API; builds for wasm32.

mod escape;
pub mod extract;
mod parser;
mod section;
mod style;
pub mod text;
mod timestamp;
pub mod view;

pub use extract::{Extractor, Found};
pub use parser::LogParser;
pub use section::{Section, SectionId, SectionOptions};
pub use style::{attr, Color, Style};
pub use text::line_text;
pub use timestamp::{DATETIME_LEN as TIMESTAMP_LEN, PREFIX_LEN as TIMESTAMP_PREFIX_LEN};

use std::ops::Range;

/// A run of visible text in one style: `len` bytes of the raw log from `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: u64,
    pub len: u32,
    pub style: Style,
}

impl Span {
    /// The span's bytes in the raw log.
    pub fn range(&self) -> Range<u64> {
        self.start..self.start + u64::from(self.len)
    }
}

/// One line as the viewer shows it. Lines with no visible text are not kept, as GitLab drops them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The raw bytes the line was read from, up to (not including) its `\r*\n`.
    pub raw: Range<u64>,
    /// Its spans, as indices into [`LogIndex::spans`].
    pub spans: Range<u32>,
    /// The innermost section open on this line.
    pub section: Option<SectionId>,
    /// The section whose header this line is (the text after its start marker).
    pub header_of: Option<SectionId>,
    /// Raw offset of the line's last runner timestamp ([`TIMESTAMP_LEN`] bytes); GitLab's
    /// `Line#timestamp` is the last one, so a continued line shows when its last part came.
    pub timestamp: Option<u64>,
    /// Physical lines joined to this one by `+` continuation prefixes.
    pub continuations: u32,
}

/// Everything read so far: lines, their spans, and the section tree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogIndex {
    pub lines: Vec<Line>,
    pub spans: Vec<Span>,
    pub sections: Vec<Section>,
    /// Whether the log carries runner timestamp prefixes (decided on its first line, as GitLab does).
    pub timestamps: bool,
}

impl LogIndex {
    /// Parses a whole log at once.
    pub fn parse(log: &[u8]) -> LogIndex {
        let mut parser = LogParser::new();
        parser.push(log);
        parser.finish()
    }

    /// The spans of one line.
    pub fn spans_of(&self, line: &Line) -> &[Span] {
        self.spans.get(line.spans.start as usize..line.spans.end as usize).unwrap_or(&[])
    }
}
