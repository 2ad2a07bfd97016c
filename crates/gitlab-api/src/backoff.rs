//! Exponential backoff for retryable errors. In a browser GitLab's `Retry-After` is not readable
//! cross-origin (it is not in the CORS expose list), so the client backs off on the 429 status alone
//! and honours `Retry-After` only when a native transport can see it.

use crate::error::ApiError;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// Delay before the first retry.
    pub initial: Duration,
    /// Upper bound of any single delay.
    pub max: Duration,
    /// Retries after the first attempt.
    pub max_retries: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { initial: Duration::from_millis(500), max: Duration::from_secs(30), max_retries: 4 }
    }
}

impl Backoff {
    /// No retries at all.
    pub fn none() -> Self {
        Backoff { initial: Duration::ZERO, max: Duration::ZERO, max_retries: 0 }
    }

    /// The pause before retry number `retry` (0-based) after `error`, or `None` to give up.
    pub fn delay(&self, retry: u32, error: &ApiError) -> Option<Duration> {
        if retry >= self.max_retries || !error.is_retryable() {
            return None;
        }
        if let ApiError::RateLimited { retry_after: Some(s) } = error {
            return Some(Duration::from_secs(*s).min(self.max));
        }
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        Some(self.initial.saturating_mul(factor).min(self.max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_max_then_gives_up() {
        let b = Backoff { initial: Duration::from_millis(100), max: Duration::from_millis(350), max_retries: 3 };
        let e = ApiError::Server { status: 503 };
        assert_eq!(b.delay(0, &e), Some(Duration::from_millis(100)));
        assert_eq!(b.delay(1, &e), Some(Duration::from_millis(200)));
        assert_eq!(b.delay(2, &e), Some(Duration::from_millis(350)));
        assert_eq!(b.delay(3, &e), None);
    }

    #[test]
    fn honours_retry_after_and_skips_permanent_errors() {
        let b = Backoff::default();
        assert_eq!(b.delay(0, &ApiError::RateLimited { retry_after: Some(3) }), Some(Duration::from_secs(3)));
        assert_eq!(b.delay(0, &ApiError::Unauthorized), None);
        assert_eq!(b.delay(0, &ApiError::NotFound { message: String::new() }), None);
    }
}
