//! The incremental reader. Complete physical lines (up to `\n`) are read in place; only the
//! incomplete tail of a chunk is copied and kept, so a cut anywhere (inside an escape
//! sequence, a UTF-8 character or a marker) reads the same as no cut. Tokens follow
//! `lib/gitlab/ci/ansi2json/converter.rb`: section markers, escape sequences, `\r*\n`,
//! a lone `\r` (clears the line), text.

use crate::escape::{Escape, EscapeReader};
use crate::section::{self, Marker, Section, SectionId};
use crate::style::Style;
use crate::timestamp;
use crate::{Line, LogIndex, Span};
use memchr::{memchr, memchr2};

/// Reads a log chunk by chunk; [`LogParser::index`] holds the lines finished so far.
#[derive(Clone, Debug, Default)]
pub struct LogParser {
    index: LogIndex,
    /// Raw offset of `partial`'s first byte.
    offset: u64,
    /// The physical line the last chunk cut.
    partial: Vec<u8>,
    style: Style,
    escapes: EscapeReader,
    /// Open sections, innermost last.
    open: Vec<SectionId>,
    /// Decided by the first physical line.
    decided: bool,
    line: Current,
    /// The end of the last physical line, waiting for the next one when lines may continue.
    held: Option<Break>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Current {
    start: u64,
    spans_from: u32,
    header_of: Option<SectionId>,
    timestamp: Option<u64>,
    continuations: u32,
    /// No text or section added since the line began or was cleared (GitLab's `at_line_start?`).
    at_start: bool,
}

#[derive(Clone, Copy, Debug)]
struct Break {
    /// Raw offset where the physical line's content ended.
    end: u64,
    /// The content ended with `\r`s before the `\n`.
    cr: bool,
    /// False when an unterminated escape swallowed the `\n` (GitLab then joins the next line).
    flush: bool,
}

impl LogParser {
    pub fn new() -> LogParser {
        LogParser { line: Current { at_start: true, ..Current::default() }, ..LogParser::default() }
    }

    /// Reads the next bytes of the log.
    pub fn push(&mut self, mut bytes: &[u8]) {
        if !self.partial.is_empty() {
            let Some(nl) = memchr(b'\n', bytes) else {
                self.partial.extend_from_slice(bytes);
                return;
            };
            let mut line = std::mem::take(&mut self.partial);
            line.extend_from_slice(&bytes[..=nl]);
            self.physical(&line, true);
            line.clear();
            self.partial = line;
            bytes = &bytes[nl + 1..];
        }
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', bytes) {
            self.physical(&bytes[start..=nl], true);
            start = nl + 1;
        }
        self.partial.extend_from_slice(&bytes[start..]);
    }

    /// Lines, spans and sections finished so far. The last line is not in it until its `\n`
    /// arrives (with timestamps, until the next line shows it does not continue it).
    pub fn index(&self) -> &LogIndex {
        &self.index
    }

    /// Raw bytes read so far.
    pub fn len(&self) -> u64 {
        self.offset + self.partial.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Ends the log: the last line is finished; sections still open stay open.
    pub fn finish(mut self) -> LogIndex {
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.physical(&line, false);
        }
        if let Some(b) = self.held.take() {
            self.flush(b.end, true);
        }
        self.index
    }

    /// One physical line: `line` ends with `\n` when `newline`.
    fn physical(&mut self, line: &[u8], newline: bool) {
        let base = self.offset;
        self.offset += line.len() as u64;
        if !self.decided {
            self.decided = true;
            // GitLab's `match?` is unanchored: a prefix anywhere in the first line counts.
            self.index.timestamps = (0..line.len()).any(|i| timestamp::is_full_prefix(&line[i..]));
        }
        let stamped = self.index.timestamps;
        let content = if newline { &line[..line.len() - 1] } else { line };
        // `\r*\n` ends the line; a trailing `\r` with no `\n` after it is a lone `\r`.
        let body_len =
            if newline { content.iter().rposition(|b| *b != b'\r').map_or(0, |p| p + 1) } else { content.len() };

        let mut pos = 0;
        if let Some(b) = self.held.take() {
            if stamped && timestamp::is_continuation(line) {
                // GitLab drops the `\n` and appends the text after the prefix: the held `\r`s
                // clear the line unless only `\r*\n` follows them.
                if b.cr && !(newline && body_len <= timestamp::PREFIX_LEN) {
                    self.clear();
                }
                self.line.timestamp = Some(base);
                self.line.continuations += 1;
                pos = timestamp::PREFIX_LEN.min(body_len);
            } else if b.flush {
                self.flush(b.end, true);
                self.line.start = base;
            }
        }
        let body = &content[..body_len];
        let mut flush = true;
        loop {
            // GitLab looks for a prefix before every token while the line has no text yet
            // (after an escape, a `\r`, a section end), not only at the physical line's start.
            while stamped && self.line.at_start && pos < body_len && timestamp::is_prefix(&content[pos..]) {
                self.line.timestamp = Some(base + pos as u64);
                pos = (pos + timestamp::PREFIX_LEN).min(body_len);
            }
            let Some(i) = memchr2(0x1b, b'\r', &body[pos..]).map(|i| pos + i) else {
                self.text(base, pos, body.len());
                break;
            };
            if body[i] == b'\r' {
                if body[i + 1..].starts_with(b"\x1b[0K") {
                    if let Some((at, marker)) = section::find_marker(&body[pos..i]) {
                        self.text(base, pos, pos + at);
                        self.section(marker, base + (pos + at) as u64);
                        pos = i + 5;
                        continue;
                    }
                }
                self.text(base, pos, i);
                self.clear();
                pos = i + 1;
            } else {
                self.text(base, pos, i);
                // GitLab reads an escape only when the byte after ESC is in `@`..`_` (`ESC [`,
                // `ESC ]`, …); otherwise the ESC alone is dropped.
                if matches!(body.get(i + 1), Some(b) if !(0x40..=0x5f).contains(b)) {
                    pos = i + 1;
                    continue;
                }
                match self.escapes.read(&body[i..], &mut self.style) {
                    Escape::Done { len } => pos = i + len,
                    Escape::Unterminated => {
                        // GitLab stops reading the line and does not end it.
                        flush = false;
                        break;
                    }
                }
            }
        }

        let end = Break { end: base + body_len as u64, cr: body_len < content.len() && flush, flush };
        if !newline {
            // The log's end: nothing can continue this line.
            self.held = Some(Break { cr: false, ..end });
        } else if stamped {
            self.held = Some(end);
        } else if flush {
            self.flush(end.end, true);
            self.line.start = self.offset;
        }
    }

    fn text(&mut self, base: u64, from: usize, to: usize) {
        if from >= to {
            return;
        }
        self.line.at_start = false;
        let start = base + from as u64;
        let len = (to - from) as u32;
        let style = self.style;
        if self.index.spans.len() > self.line.spans_from as usize {
            if let Some(last) = self.index.spans.last_mut() {
                if last.style == style && last.range().end == start {
                    last.len += len;
                    return;
                }
            }
        }
        self.index.spans.push(Span { start, len, style });
    }

    /// A lone `\r`: the line's text so far is dropped (a progress bar redraws).
    fn clear(&mut self) {
        self.index.spans.truncate(self.line.spans_from as usize);
        self.line.at_start = true;
    }

    /// Ends the current line at raw offset `end`; kept only if it has text. A hard flush (a line
    /// break) starts the next line afresh; a soft one (a section marker) keeps its timestamp.
    fn flush(&mut self, end: u64, hard: bool) {
        let spans_to = self.index.spans.len() as u32;
        let line = self.line;
        if spans_to > line.spans_from {
            self.index.lines.push(Line {
                raw: line.start..end.max(line.start),
                spans: line.spans_from..spans_to,
                section: self.open.last().copied(),
                header_of: line.header_of,
                timestamp: line.timestamp,
                continuations: line.continuations,
            });
        }
        self.line = Current {
            start: end,
            spans_from: spans_to,
            timestamp: if hard { None } else { line.timestamp },
            at_start: true,
            ..Current::default()
        };
    }

    fn section(&mut self, marker: Marker<'_>, at: u64) {
        let name = section::sanitize(marker.name);
        let line_no = self.index.lines.len() as u32;
        let open_at = self.open.iter().rposition(|&id| self.index.sections[id as usize].name == name);
        if marker.start {
            self.flush(at, false);
            // GitLab keeps one open section per name: a second start replaces the first.
            if let Some(p) = open_at {
                let old = self.open.remove(p);
                self.index.sections[old as usize].end_line = Some(line_no);
            }
            let id = self.index.sections.len() as SectionId;
            self.index.sections.push(Section {
                name,
                options: marker.options,
                parent: self.open.last().copied(),
                start_line: line_no,
                end_line: None,
                start_time: marker.time,
                end_time: None,
            });
            self.open.push(id);
            self.line.header_of = Some(id);
            self.line.at_start = false;
        } else if let Some(p) = open_at {
            self.flush(at, false);
            let id = self.open.remove(p);
            let section = &mut self.index.sections[id as usize];
            section.end_line = Some(self.index.lines.len() as u32);
            section.end_time = Some(marker.time);
        }
        // An `end` with no open `start` of that name is dropped, marker and all.
    }
}
