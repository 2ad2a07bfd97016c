//! A line's visible text: its spans' bytes, escape sequences and timestamp prefixes already left out by
//! the parser. Search, value extraction and copy all read lines through here.

use crate::{Line, LogIndex};

/// The visible text of `line` (invalid UTF-8 shown as U+FFFD, as the viewer does).
pub fn line_text(log: &[u8], index: &LogIndex, line: &Line) -> String {
    let mut out = String::new();
    for span in index.spans_of(line) {
        let r = span.range();
        if let Some(bytes) = log.get(r.start as usize..r.end as usize) {
            out.push_str(&String::from_utf8_lossy(bytes));
        }
    }
    out
}
