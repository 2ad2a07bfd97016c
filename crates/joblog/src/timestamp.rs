//! The runner's timestamp prefix (`FF_TIMESTAMPS`, runner 17.0+):
//! `<RFC 3339 UTC, µs> <2 hex stream><O|E><' '|'+'>`, e.g. `2024-06-01T12:00:00.123456Z 00O `.
//! Checks mirror `lib/gitlab/ci/ansi2json/converter.rb` and `lib/gitlab/ci/trace/stream.rb`.

/// Bytes in the whole prefix.
pub const PREFIX_LEN: usize = 32;
/// Bytes of the date-time part.
pub const DATETIME_LEN: usize = 27;

/// The full check GitLab makes once, on the first line, to decide whether the log has prefixes.
pub(crate) fn is_full_prefix(line: &[u8]) -> bool {
    let Some(p) = line.get(..PREFIX_LEN) else { return false };
    let digits = |r: std::ops::Range<usize>| p[r].iter().all(u8::is_ascii_digit);
    digits(0..4)
        && p[4] == b'-'
        && matches!(p[5], b'0' | b'1')
        && digits(6..7)
        && p[7] == b'-'
        && matches!(p[8], b'0'..=b'3')
        && digits(9..10)
        && p[10] == b'T'
        && matches!(p[11], b'0'..=b'2')
        && digits(12..13)
        && p[13] == b':'
        && matches!(p[14], b'0'..=b'5')
        && digits(15..16)
        && p[16] == b':'
        && matches!(p[17], b'0'..=b'5')
        && digits(18..19)
        && p[19] == b'.'
        && digits(20..26)
        && p[26] == b'Z'
        && p[27] == b' '
        && p[28..30].iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && matches!(p[30], b'E' | b'O')
        && matches!(p[31], b' ' | b'+')
}

/// The cheap check GitLab makes at each line start once prefixes are known to be there.
pub(crate) fn is_prefix(line: &[u8]) -> bool {
    line.len() >= PREFIX_LEN
        && line[DATETIME_LEN - 1] == b'Z'
        && line[4] == b'-'
        && line[7] == b'-'
        && line[10] == b'T'
        && line[13] == b':'
}

/// Whether a physical line continues the previous one (`+` in the prefix's last byte; GitLab
/// looks at that byte only).
pub(crate) fn is_continuation(line: &[u8]) -> bool {
    line.get(PREFIX_LEN - 1) == Some(&b'+')
}
