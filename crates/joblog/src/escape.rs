//! One escape sequence, read by `vte` (a terminal's own parser): only `ESC [ … m` changes
//! the style, every other sequence (cursor moves, erase, OSC titles and hyperlinks, DCS…) is
//! dropped whole.

use crate::style::Style;
use vte::{Params, Parser, Perform};

/// What the bytes from an `ESC` held.
pub(crate) enum Escape {
    /// A complete sequence `len` bytes long; the style it leaves.
    Done { len: usize },
    /// The sequence did not end within the bytes given.
    Unterminated,
}

struct Reader<'s> {
    style: &'s mut Style,
    done: bool,
}

impl Perform for Reader<'_> {
    fn csi_dispatch(&mut self, params: &Params, intermediates: &[u8], ignore: bool, action: char) {
        // A private marker (`ESC [ ? … m`) or too many parameters is not a plain SGR.
        if action == 'm' && intermediates.is_empty() && !ignore {
            self.style.apply_sgr(params.iter());
        }
        self.done = true;
    }

    fn esc_dispatch(&mut self, _intermediates: &[u8], _ignore: bool, _byte: u8) {
        // Also the `\` of a string terminator `ESC \` closing an OSC or DCS.
        self.done = true;
    }

    fn osc_dispatch(&mut self, _params: &[&[u8]], bell_terminated: bool) {
        // Ended by `ESC \`: the `\` is still to come.
        self.done = bell_terminated;
    }

    fn execute(&mut self, byte: u8) {
        // CAN and SUB abort a sequence; other C0 bytes inside one are swallowed with it.
        if matches!(byte, 0x18 | 0x1a) {
            self.done = true;
        }
    }

    fn terminated(&self) -> bool {
        self.done
    }
}

/// A `vte` parser kept between sequences (creating one zeroes a few hundred bytes, which would
/// show at millions of sequences). Between calls it always rests in its ground state, so a clone
/// is a fresh parser.
#[derive(Default)]
pub(crate) struct EscapeReader {
    parser: Parser,
}

impl Clone for EscapeReader {
    fn clone(&self) -> Self {
        EscapeReader::default()
    }
}

impl std::fmt::Debug for EscapeReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EscapeReader")
    }
}

impl EscapeReader {
    /// Reads the sequence at the start of `bytes` (which starts with `ESC`), updating `style`.
    pub(crate) fn read(&mut self, bytes: &[u8], style: &mut Style) -> Escape {
        let mut reader = Reader { style, done: false };
        let len = self.parser.advance_until_terminated(&mut reader, bytes);
        if reader.done {
            Escape::Done { len }
        } else {
            // Left mid-sequence: start the next one afresh.
            self.parser = Parser::new();
            Escape::Unterminated
        }
    }
}
