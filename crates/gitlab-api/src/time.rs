//! GitLab's timestamps (`2026-01-01T12:00:00Z`, `2026-01-01T13:00:00.500+01:00`) as seconds since the Unix
//! epoch. Models keep them as strings; views that compute with them (durations, "since") read them here.

/// Seconds since the epoch, or `None` for anything but `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±hh:mm]` (no
/// offset is UTC).
pub fn epoch_seconds(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &s[19..];
    let mut fraction = 0.0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        fraction = format!("0.{}", &frac[..digits]).parse::<f64>().ok()?;
        rest = &frac[digits..];
    }
    let offset_s = match rest {
        "" | "Z" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) && o.as_bytes()[3] == b':' => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (o[1..3].parse::<i64>().ok()? * 3600 + o[4..6].parse::<i64>().ok()? * 60)
        }
        _ => return None,
    };
    // Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((mo + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + h * 3600 + mi * 60 + sec - offset_s) as f64 + fraction)
}

/// Seconds since the epoch as GitLab writes a time in UTC (`2026-01-01T12:00:00Z`), for a filter such as
/// `updatedAfter`.
pub fn iso_utc(epoch: i64) -> String {
    let (days, secs) = (epoch.div_euclid(86_400), epoch.rem_euclid(86_400));
    // The inverse of days_from_civil (Howard Hinnant's civil_from_days).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::{epoch_seconds, iso_utc};

    #[test]
    fn utc_times_as_gitlab_writes_them() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_767_268_800), "2026-01-01T12:00:00Z");
        assert_eq!(iso_utc(1_709_173_799), "2024-02-29T02:29:59Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn gitlab_times_with_fractions_and_offsets() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(epoch_seconds("2026-01-01T12:00:00Z"), Some(1_767_268_800.0));
        assert_eq!(epoch_seconds("2026-01-01T13:00:00.500+01:00"), Some(1_767_268_800.5));
        assert_eq!(epoch_seconds("2024-02-29T00:00:00-02:30"), Some(1_709_173_800.0));
        assert_eq!(epoch_seconds("2024-05-01T12:00:00.250Z"), Some(1_714_564_800.25));
        assert_eq!(epoch_seconds("2024-05-01T12:00:00"), Some(1_714_564_800.0));
    }

    #[test]
    fn anything_else_is_none() {
        for bad in [
            "yesterday",
            "",
            "2024-05-01",
            "2024-05-01T12:00:00+0200",
            "2024-05-01T12:00:00 UTC",
            "2024-05-01 12:00:00Z",
        ] {
            assert_eq!(epoch_seconds(bad), None, "{bad}");
        }
    }
}
