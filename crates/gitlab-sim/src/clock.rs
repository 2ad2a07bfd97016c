//! Simulated time in whole seconds since the Unix epoch. Tests use a manual clock they advance;
//! the demo runs a real-time one. Everything time-dependent (statuses, log growth) is a pure
//! function of this value, so a test that advances by N seconds sees the same world every run.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug)]
pub enum Clock {
    /// Stands still until [`Clock::advance`].
    Manual { now: u64 },
    /// Follows the wall clock from `start` on.
    RealTime { start_secs: u64, started: Instant, offset: u64 },
}

impl Clock {
    pub fn manual(start: u64) -> Self {
        Clock::Manual { now: start }
    }

    pub fn real_time() -> Self {
        let start_secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        Clock::RealTime { start_secs, started: Instant::now(), offset: 0 }
    }

    pub fn now(&self) -> u64 {
        match self {
            Clock::Manual { now } => *now,
            Clock::RealTime { start_secs, started, offset } => start_secs + started.elapsed().as_secs() + offset,
        }
    }

    /// Moves time forward (also in real-time mode, to skip ahead in a demo).
    pub fn advance(&mut self, seconds: u64) {
        match self {
            Clock::Manual { now } => *now += seconds,
            Clock::RealTime { offset, .. } => *offset += seconds,
        }
    }
}

/// ISO 8601 UTC with milliseconds, as GitLab's API writes times (`2026-01-02T03:04:05.000Z`).
pub fn iso(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Parses the subset of ISO 8601 the sim accepts in filters (`YYYY-MM-DDTHH:MM:SS` + optional
/// fraction and `Z`); other offsets are not supported.
pub fn parse_iso(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
    let secs = days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?;
    u64::try_from(secs).ok()
}

// Howard Hinnant's civil calendar algorithms.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_formats_known_instants() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso(1_767_225_600 + 3661), "2026-01-01T01:01:01.000Z");
    }

    #[test]
    fn parse_round_trips() {
        for t in [0, 951_782_400, 1_767_229_261] {
            assert_eq!(parse_iso(&iso(t)), Some(t));
        }
        assert_eq!(parse_iso("yesterday"), None);
    }

    #[test]
    fn manual_clock_advances() {
        let mut c = Clock::manual(100);
        c.advance(5);
        assert_eq!(c.now(), 105);
    }
}
