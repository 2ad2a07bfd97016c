//! Section markers and the section tree. A marker is
//! `section_(start|end):<unix seconds>:<name>[<options>]` followed by `\r\e[0K`
//! (`Gitlab::Regex.build_trace_section_regex`, `lib/gitlab/regex.rb`); names are
//! `[a-zA-Z0-9_.-]+`, options `[\w+=\w+(, ?\w+=\w+)*]`.

use memchr::memmem;

/// Index of a section in [`crate::LogIndex::sections`].
pub type SectionId = u32;

/// The options GitLab reads from `[key=value, …]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SectionOptions {
    /// `collapsed=true`: shown folded.
    pub collapsed: bool,
    /// `hide_duration=true`: no duration shown.
    pub hide_duration: bool,
}

/// One section: its name as GitLab sanitises it, where it starts and ends, and its times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Lowercase, every byte outside `[a-z0-9]` replaced by `-`, as GitLab shows it.
    pub name: String,
    pub options: SectionOptions,
    /// The innermost section open when this one started.
    pub parent: Option<SectionId>,
    /// Index of its first line (its header, when the marker line has text after it).
    pub start_line: u32,
    /// Index one past its last line; `None` while open.
    pub end_line: Option<u32>,
    /// Unix seconds from the start marker.
    pub start_time: u64,
    /// Unix seconds from the end marker; `None` while open or when it never closed.
    pub end_time: Option<u64>,
}

impl Section {
    /// End minus start, in seconds, as GitLab shows it (`MM:SS`); `None` while open.
    pub fn duration(&self) -> Option<u64> {
        self.end_time?.checked_sub(self.start_time)
    }
}

pub(crate) struct Marker<'a> {
    pub start: bool,
    pub time: u64,
    pub name: &'a [u8],
    pub options: SectionOptions,
}

/// The leftmost marker in `run` that ends exactly at its end (where `\r\e[0K` follows), with
/// its offset in `run`.
pub(crate) fn find_marker(run: &[u8]) -> Option<(usize, Marker<'_>)> {
    memmem::find_iter(run, b"section_").find_map(|at| parse(&run[at..]).map(|m| (at, m)))
}

fn parse(text: &[u8]) -> Option<Marker<'_>> {
    let rest = &text[b"section_".len()..];
    let (start, rest) =
        if let Some(r) = rest.strip_prefix(b"start:") { (true, r) } else { (false, rest.strip_prefix(b"end:")?) };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (time, rest) = rest.split_at(digits);
    let rest = rest.strip_prefix(b":")?;
    if time.is_empty() {
        return None;
    }
    let time = time.iter().fold(0u64, |t, d| t.saturating_mul(10).saturating_add(u64::from(d - b'0')));
    let name_len = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')).count();
    if name_len == 0 {
        return None;
    }
    let (name, rest) = rest.split_at(name_len);
    let options = match rest {
        [] => SectionOptions::default(),
        // GitLab reads options on `start` only, but an `end` with options still matches.
        [b'[', inner @ .., b']'] => parse_options(inner)?,
        _ => return None,
    };
    Some(Marker { start, time, name, options })
}

fn parse_options(inner: &[u8]) -> Option<SectionOptions> {
    let word = |w: &[u8]| !w.is_empty() && w.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let mut options = SectionOptions::default();
    for (i, pair) in inner.split(|b| *b == b',').enumerate() {
        let pair = match pair {
            [b' ', rest @ ..] if i > 0 => rest,
            _ => pair,
        };
        let mut kv = pair.splitn(2, |b| *b == b'=');
        let (key, value) = (kv.next()?, kv.next()?);
        if !word(key) || !word(value) {
            return None;
        }
        match (key, value) {
            (b"collapsed", b"true") => options.collapsed = true,
            (b"hide_duration", b"true") => options.hide_duration = true,
            _ => {}
        }
    }
    Some(options)
}

/// GitLab's `sanitize_section_name`: lowercase, anything outside `[a-z0-9]` becomes `-`.
pub(crate) fn sanitize(name: &[u8]) -> String {
    name.iter()
        .map(|b| {
            let b = b.to_ascii_lowercase();
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                b as char
            } else {
                '-'
            }
        })
        .collect()
}
