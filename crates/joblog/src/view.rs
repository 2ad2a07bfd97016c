//! What a log viewer needs besides the parse, with no DOM: which lines are shown when sections are
//! folded (as runs, so a fold costs the number of sections, not of lines), the window of rows in view,
//! search, the first error, `#L10-20` permalinks, section durations as GitLab prints them, and whether a
//! log fetched again only grew.

use crate::{LogIndex, SectionId};
use memchr::memmem;
use std::collections::BTreeMap;
use std::ops::Range;

/// The user's folds over the log's own `collapsed=true`: a section not toggled keeps its default, so a
/// section that arrives later while following gets its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folds {
    toggled: BTreeMap<SectionId, bool>,
}

impl Folds {
    pub fn is_collapsed(&self, index: &LogIndex, id: SectionId) -> bool {
        match self.toggled.get(&id) {
            Some(c) => *c,
            None => index.sections.get(id as usize).is_some_and(|s| s.options.collapsed),
        }
    }

    pub fn toggle(&mut self, index: &LogIndex, id: SectionId) {
        let now = self.is_collapsed(index, id);
        self.toggled.insert(id, !now);
    }

    /// Opens every folded section around `line` (a permalink or a search match inside one).
    pub fn reveal(&mut self, index: &LogIndex, line: u32) {
        let mut at = index.lines.get(line as usize).and_then(|l| l.section);
        while let Some(id) = at {
            // A header line shows while its own section is folded; only the sections around it open.
            let header_of_this = index.lines[line as usize].header_of == Some(id);
            if !header_of_this && self.is_collapsed(index, id) {
                self.toggled.insert(id, false);
            }
            at = index.sections.get(id as usize).and_then(|s| s.parent);
        }
    }
}

/// Whether a section can fold: it has a header line to stay visible and click.
pub fn foldable(index: &LogIndex, id: SectionId) -> bool {
    let Some(s) = index.sections.get(id as usize) else { return false };
    index.lines.get(s.start_line as usize).is_some_and(|l| l.header_of == Some(id))
}

/// The lines shown, in order: runs of consecutive line indices, with the row each run starts at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowMap {
    /// (first row, first line, length), by row.
    runs: Vec<(u32, u32, u32)>,
    rows: u32,
}

impl RowMap {
    /// The rows of `index` with the folded sections' bodies left out (their header lines stay).
    pub fn new(index: &LogIndex, folds: &Folds) -> RowMap {
        let total = index.lines.len() as u32;
        let mut hidden: Vec<Range<u32>> = index
            .sections
            .iter()
            .enumerate()
            .filter(|(id, _)| foldable(index, *id as SectionId) && folds.is_collapsed(index, *id as SectionId))
            .map(|(_, s)| (s.start_line + 1)..s.end_line.unwrap_or(total).min(total))
            .filter(|r| r.start < r.end)
            .collect();
        hidden.sort_by_key(|r| r.start);
        let mut runs = Vec::new();
        let (mut row, mut line) = (0u32, 0u32);
        for h in hidden {
            if h.start > line {
                runs.push((row, line, h.start - line));
                row += h.start - line;
            }
            line = line.max(h.end);
        }
        if total > line {
            runs.push((row, line, total - line));
            row += total - line;
        }
        RowMap { runs, rows: row }
    }

    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// The line shown at `row`.
    pub fn line_at(&self, row: u32) -> Option<u32> {
        let i = self.runs.partition_point(|r| r.0 <= row).checked_sub(1)?;
        let (first_row, first_line, len) = self.runs[i];
        (row - first_row < len).then(|| first_line + row - first_row)
    }

    /// The row showing `line`, `None` when a fold hides it.
    pub fn row_of(&self, line: u32) -> Option<u32> {
        let i = self.runs.partition_point(|r| r.1 <= line).checked_sub(1)?;
        let (first_row, first_line, len) = self.runs[i];
        (line - first_line < len).then(|| first_row + line - first_line)
    }

    /// The lines of rows `rows`, in order.
    pub fn lines(&self, rows: Range<u32>) -> impl Iterator<Item = u32> + '_ {
        rows.filter_map(|r| self.line_at(r))
    }
}

/// The tallest spacer drawn, in pixels: browsers stop laying out elements somewhere past 16.7 million
/// pixels (Firefox) or 33.5 million (Chrome); a longer log is compressed into this height and a row
/// then takes fewer pixels of scrollbar than of screen.
pub const MAX_SCROLL_PX: f64 = 15_000_000.0;

/// The rows to draw for a scroll position, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Viewport {
    pub rows: Range<u32>,
    /// Pixels from the spacer's top to the first drawn row's top.
    pub top: f64,
    /// The spacer's height.
    pub spacer: f64,
    /// Scrollbar pixels per row (`line_height` unless compressed).
    pub row_px: f64,
}

/// The rows in view at `scroll_top` pixels in a viewport `height` pixels high, rows `line_height`
/// pixels tall, with `overscan` rows above and below so a fast scroll does not show blank rows.
pub fn viewport(scroll_top: f64, height: f64, line_height: f64, rows: u32, overscan: u32) -> Viewport {
    let line_height = line_height.max(1.0);
    let row_px = line_height.min(MAX_SCROLL_PX / f64::from(rows.max(1)));
    let spacer = f64::from(rows) * row_px;
    let exact = first_row(scroll_top, height, line_height, rows);
    let first = exact.floor() as u32;
    let shown = (height.max(0.0) / line_height).ceil() as u32 + 1;
    let start = first.saturating_sub(overscan).min(rows);
    let end = first.saturating_add(shown).saturating_add(overscan).min(rows);
    // The first row in view sits at the scroll position, less the part of it scrolled past.
    let at = if compressed(line_height, rows) {
        scroll_top.clamp(0.0, ranges(height, line_height, rows).0)
    } else {
        scroll_top
    };
    let top =
        (at.max(0.0) - (exact - f64::from(first)) * line_height - f64::from(first - start) * line_height).max(0.0);
    Viewport { rows: start..end, top, spacer, row_px }
}

/// The scrollable range in pixels and in rows: the whole range of one maps onto the other, so the
/// scrollbar's end is the log's end even when compressed.
fn ranges(height: f64, line_height: f64, rows: u32) -> (f64, f64) {
    let line_height = line_height.max(1.0);
    let row_px = line_height.min(MAX_SCROLL_PX / f64::from(rows.max(1)));
    let max_scroll = (f64::from(rows) * row_px - height.max(0.0)).max(0.0);
    let scrollable_rows = (f64::from(rows) - height.max(0.0) / line_height).max(0.0);
    (max_scroll, scrollable_rows)
}

fn compressed(line_height: f64, rows: u32) -> bool {
    f64::from(rows) * line_height.max(1.0) > MAX_SCROLL_PX
}

/// The (fractional) row at the top of the viewport.
fn first_row(scroll_top: f64, height: f64, line_height: f64, rows: u32) -> f64 {
    if !compressed(line_height, rows) {
        return (scroll_top.max(0.0) / line_height.max(1.0)).min(f64::from(rows));
    }
    let (max_scroll, scrollable_rows) = ranges(height, line_height, rows);
    if max_scroll <= 0.0 {
        return 0.0;
    }
    scroll_top.clamp(0.0, max_scroll) / max_scroll * scrollable_rows
}

/// The scroll position that puts `row` at the viewport's top (the inverse of [`viewport`]).
pub fn scroll_for(row: u32, height: f64, line_height: f64, rows: u32) -> f64 {
    if !compressed(line_height, rows) {
        return f64::from(row) * line_height.max(1.0);
    }
    let (max_scroll, scrollable_rows) = ranges(height, line_height, rows);
    if scrollable_rows <= 0.0 {
        return 0.0;
    }
    (f64::from(row) / scrollable_rows * max_scroll).clamp(0.0, max_scroll)
}

/// The rows in view (see [`viewport`]).
pub fn window(scroll_top: f64, height: f64, line_height: f64, rows: u32, overscan: u32) -> Range<u32> {
    viewport(scroll_top, height, line_height, rows, overscan).rows
}

/// Lines at most this long (in bytes of text) are searched; a longer line is searched in its first
/// bytes only (a minified blob must not stall the page).
pub const SEARCH_LINE_MAX: usize = 64 * 1024;

/// A compiled search: the lines whose visible text contains `query`, ASCII case-insensitively.
pub struct Search {
    needle: Vec<u8>,
    buf: Vec<u8>,
}

impl Search {
    /// `None` for an empty query.
    pub fn new(query: &str) -> Option<Search> {
        (!query.is_empty()).then(|| Search { needle: query.as_bytes().to_ascii_lowercase(), buf: Vec::new() })
    }

    /// The matching lines among `lines` (so a growing log is searched only in its new lines).
    pub fn lines(&mut self, log: &[u8], index: &LogIndex, lines: Range<u32>) -> Vec<u32> {
        let finder = memmem::Finder::new(&self.needle);
        let mut out = Vec::new();
        for i in lines {
            let Some(line) = index.lines.get(i as usize) else { break };
            self.buf.clear();
            for span in index.spans_of(line) {
                let r = span.range();
                let room = SEARCH_LINE_MAX.saturating_sub(self.buf.len());
                let end = r.end.min(r.start + room as u64);
                if let Some(bytes) = log.get(r.start as usize..end as usize) {
                    self.buf.extend(bytes.iter().map(u8::to_ascii_lowercase));
                }
            }
            if finder.find(&self.buf).is_some() {
                out.push(i);
            }
        }
        out
    }
}

/// The first line among `lines` that reads as an error: the runner's `ERROR:` and words such as
/// `error:`, `error[E…]`, `fatal:`, `FAILED`, `panicked at` (what compilers, test runners and the runner
/// print). A heuristic for "jump to the first error"; GitLab's log marks nothing.
pub fn first_error(log: &[u8], index: &LogIndex, lines: Range<u32>) -> Option<u32> {
    const MARKERS: [&[u8]; 7] = [b"ERROR", b"error:", b"error[", b"Error:", b"fatal:", b"FAILED", b"panicked at"];
    let finders: Vec<memmem::Finder<'_>> = MARKERS.iter().map(memmem::Finder::new).collect();
    let mut buf = Vec::new();
    for i in lines {
        let line = index.lines.get(i as usize)?;
        buf.clear();
        for span in index.spans_of(line) {
            let r = span.range();
            if let Some(bytes) = log.get(r.start as usize..r.end as usize) {
                buf.extend_from_slice(&bytes[..bytes.len().min(SEARCH_LINE_MAX)]);
            }
        }
        let word_start = |at: usize| at == 0 || !(buf[at - 1].is_ascii_alphanumeric() || buf[at - 1] == b'_');
        if finders.iter().any(|f| f.find_iter(&buf).any(word_start)) {
            return Some(i);
        }
    }
    None
}

/// Lines `first..=last`, 1-based as the viewer numbers them: a permalink's `L12` or `L10-20`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineRange {
    pub first: u32,
    pub last: u32,
}

impl LineRange {
    /// `L123`, `L10-20` or `L10-L20` (GitLab's forms), with or without the `#`; a reversed range is
    /// put in order; line 0 or text around it is not a permalink.
    pub fn parse(anchor: &str) -> Option<LineRange> {
        let a = anchor.strip_prefix('#').unwrap_or(anchor).strip_prefix('L')?;
        let number = |s: &str| -> Option<u32> {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
                .filter(|n| *n > 0)
        };
        let (first, last) = match a.split_once('-') {
            Some((f, l)) => (number(f)?, number(l.strip_prefix('L').unwrap_or(l))?),
            None => (number(a)?, number(a)?),
        };
        Some(LineRange { first: first.min(last), last: first.max(last) })
    }

    /// The line anchor in a whole address fragment: what follows its last `#` after the first character
    /// (`#/gitlab/g/p/-/jobs/5#L10-20`, or a GitLab job URL pasted after the `#` with its own `#L123`).
    pub fn in_fragment(fragment: &str) -> Option<LineRange> {
        let f = fragment.strip_prefix('#').unwrap_or(fragment);
        let (_, anchor) = f.rsplit_once('#')?;
        LineRange::parse(anchor)
    }

    /// `L12` or `L10-20`.
    pub fn anchor(&self) -> String {
        if self.first == self.last {
            format!("L{}", self.first)
        } else {
            format!("L{}-{}", self.first, self.last)
        }
    }

    /// Whether the 0-based line `i` is in the range.
    pub fn contains(&self, i: u32) -> bool {
        (self.first - 1..self.last).contains(&i)
    }
}

/// A duration as GitLab's log shows a section's: `MM:SS`, with hours when there are any (`1:02:03`).
pub fn duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// The largest log a viewer reads (the raw bytes plus their index take about three times this in
/// memory); GitLab's own viewer shows only the last 500 KB of a log and offers the raw file for more.
pub const MAX_LOG_BYTES: usize = 256 * 1024 * 1024;

/// What a log fetched again is, compared with the bytes read so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Growth {
    /// Nothing new.
    Same,
    /// The old bytes are still its start: read from this offset on.
    Appended(usize),
    /// Shorter, or what was read changed (erased, archived, a new run): read it again from the start.
    Rewritten,
}

/// Bytes compared at each end of the old log: the API returns the whole log each time, and a log is
/// append-only while the job runs, so a rewrite shows at its start or its end.
const COMPARED: usize = 64 * 1024;

pub fn growth(old: &[u8], new: &[u8]) -> Growth {
    if new.len() < old.len() {
        return Growth::Rewritten;
    }
    let head = old.len().min(COMPARED);
    let tail = old.len().saturating_sub(COMPARED);
    if old[..head] != new[..head] || old[tail..] != new[tail..old.len()] {
        return Growth::Rewritten;
    }
    if new.len() == old.len() {
        Growth::Same
    } else {
        Growth::Appended(old.len())
    }
}
