//! Pulling a value out of a log with a regular expression, line by line over the visible text (colours
//! and timestamps do not get in the way): the log viewer's "extract" and the wall's batch run (the image
//! tag each service's build printed).

use crate::text::line_text;
use crate::LogIndex;

/// The default pattern: the tag of the image a Docker build produced (`docker build`'s "Successfully
/// tagged", BuildKit's "naming to").
pub const IMAGE_TAG: &str = r"(?:Successfully tagged|naming to) \S*:([^\s:]+)";

/// Patterns longer than this are refused (they come from a text field or a shared wall config).
pub const MAX_PATTERN_LEN: usize = 1_000;
/// regex-lite's compiled-program budget for one pattern.
const MAX_COMPILED_BYTES: usize = 1 << 20;

/// One match: the 0-based line of the index it was found on, and the value (the first capture group
/// that took part, else the whole match).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub line: usize,
    pub value: String,
}

/// A compiled extraction pattern.
#[derive(Clone, Debug)]
pub struct Extractor {
    regex: regex_lite::Regex,
}

impl Extractor {
    /// Compiles `pattern`; a bad or oversized one gets a message for the user.
    pub fn new(pattern: &str) -> Result<Extractor, String> {
        if pattern.trim().is_empty() {
            return Err("Enter a regular expression.".into());
        }
        if pattern.len() > MAX_PATTERN_LEN {
            return Err(format!(
                "The pattern is {} characters long; at most {MAX_PATTERN_LEN} are allowed.",
                pattern.len()
            ));
        }
        regex_lite::RegexBuilder::new(pattern)
            .size_limit(MAX_COMPILED_BYTES)
            .build()
            .map(|regex| Extractor { regex })
            .map_err(|e| format!("Not a valid regular expression: {e}"))
    }

    /// The value in one line of text, if the pattern matches it.
    pub fn in_text(&self, text: &str) -> Option<String> {
        let caps = self.regex.captures(text)?;
        let group = (1..caps.len()).find_map(|i| caps.get(i)).or_else(|| caps.get(0))?;
        Some(group.as_str().to_string())
    }

    /// Every match in the log, in line order, at most `limit`.
    pub fn all(&self, log: &[u8], index: &LogIndex, limit: usize) -> Vec<Found> {
        let mut out = Vec::new();
        for (i, line) in index.lines.iter().enumerate() {
            if out.len() >= limit {
                break;
            }
            if let Some(value) = self.in_text(&line_text(log, index, line)) {
                out.push(Found { line: i, value });
            }
        }
        out
    }

    /// The last match (a build that tags several times names its final image last).
    pub fn last(&self, log: &[u8], index: &LogIndex) -> Option<Found> {
        index
            .lines
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, line)| self.in_text(&line_text(log, index, line)).map(|value| Found { line: i, value }))
    }
}
