//! When the wall looks again and how much it asks at once. Pure: the page (`refresh.rs`) asks these
//! functions and keeps the timer.
//!
//! - **Adaptive:** while something runs the wall looks every `interval`; when nothing runs, half as
//!   often (statuses change only when someone pushes).
//! - **Backoff:** after a failed look (429, 5xx, the network) the delay doubles per failure, up to 5 minutes;
//!   the first success returns to the normal pace.
//! - **Hidden:** a hidden page does not look at all (the visible tab that holds the lease does).
//! - **Pages under the complexity limit:** GitLab refuses a query over 250 points; the wall reads each
//!   answer's `queryComplexity.score` and shrinks the page when a page nears the limit or is refused.

/// Longest pause after failures.
pub const MAX_BACKOFF_MS: u32 = 5 * 60 * 1000;
/// Projects per query at most (GitLab's page size).
pub const MAX_PAGE: u32 = 100;
/// The smallest page the wall shrinks to.
pub const MIN_PAGE: u32 = 5;

/// The pause before the next look.
pub fn next_delay(interval_ms: u32, anything_running: bool, failures: u32) -> u32 {
    let base = if anything_running { interval_ms } else { interval_ms.saturating_mul(2) };
    if failures == 0 {
        return base;
    }
    let factor = 1u32.checked_shl(failures.min(16)).unwrap_or(u32::MAX);
    base.saturating_mul(factor).min(MAX_BACKOFF_MS).max(base)
}

/// Whether what is on screen is too old to trust: no successful look for three expected pauses.
pub fn stale(now_ms: f64, last_ok_ms: Option<f64>, interval_ms: u32) -> bool {
    match last_ok_ms {
        Some(t) => now_ms - t > 3.0 * f64::from(interval_ms.saturating_mul(2)),
        None => false,
    }
}

/// The page size for the next query of a source, from the last answer's score (or refusal).
pub fn next_page(current: u32, score: Option<u32>, limit: u32, refused: bool) -> u32 {
    if refused {
        return (current / 2).max(MIN_PAGE);
    }
    match score {
        // Over 80 % of the limit: shrink in proportion, keeping a margin.
        Some(s) if limit > 0 && s * 5 > limit * 4 => {
            ((u64::from(current) * u64::from(limit) * 7 / 10 / u64::from(s.max(1))) as u32).clamp(MIN_PAGE, MAX_PAGE)
        }
        _ => current.clamp(MIN_PAGE, MAX_PAGE),
    }
}

/// Whether a complexity refusal is among GraphQL's error messages.
pub fn is_complexity_error(messages: &[String]) -> bool {
    messages.iter().any(|m| m.contains("exceeds max complexity"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_walls_look_half_as_often_and_failures_back_off() {
        assert_eq!(next_delay(10_000, true, 0), 10_000);
        assert_eq!(next_delay(10_000, false, 0), 20_000);
        assert_eq!(next_delay(10_000, true, 1), 20_000);
        assert_eq!(next_delay(10_000, true, 3), 80_000);
        assert_eq!(next_delay(10_000, true, 40), MAX_BACKOFF_MS);
        assert_eq!(next_delay(600_000, false, 2), 1_200_000, "never shorter than the normal pace");
    }

    #[test]
    fn stale_after_three_missed_looks() {
        assert!(!stale(100_000.0, None, 5_000));
        assert!(!stale(100_000.0, Some(80_000.0), 5_000));
        assert!(stale(100_000.0, Some(60_000.0), 5_000));
    }

    #[test]
    fn pages_shrink_near_the_limit_and_when_refused() {
        assert_eq!(next_page(100, Some(60), 250, false), 100);
        assert_eq!(next_page(100, Some(240), 250, false), 72);
        assert_eq!(next_page(100, None, 250, true), 50);
        assert_eq!(next_page(6, None, 250, true), MIN_PAGE);
        assert!(is_complexity_error(&["Query has complexity of 300, which exceeds max complexity of 250".into()]));
        assert!(!is_complexity_error(&["Field 'x' doesn't exist".into()]));
    }
}
