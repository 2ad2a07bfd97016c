//! When to fetch a live pipeline again: often while jobs run, less while it waits on people or time, never
//! once it is finished or while nobody looks, and backing off after failed fetches.

use super::{LivePipeline, LiveStatus};
use std::time::Duration;

/// While a job runs, is queued or is being prepared (GitLab's own job page polls about every 3 s).
pub const FAST: Duration = Duration::from_secs(3);
/// While jobs only wait: for a resource, a callback, a person (manual) or a time (scheduled).
pub const SLOW: Duration = Duration::from_secs(15);
/// The longest wait after failed fetches.
pub const BACKOFF_CAP: Duration = Duration::from_secs(300);

/// What the pipeline is doing, as far as polling cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// A job runs, is pending or preparing, or is being cancelled.
    Active,
    /// Nothing runs; jobs wait for a resource, a callback, a person or a time, or are not created yet.
    Waiting,
    /// The pipeline is done (success, failed, canceled, skipped): nothing will change.
    Finished,
}

impl Activity {
    /// From the pipeline's status when known to be done, otherwise from it and its jobs (downstream ones
    /// included).
    pub fn of(p: &LivePipeline) -> Activity {
        if p.status.as_ref().is_some_and(LiveStatus::is_completed) {
            return Activity::Finished;
        }
        let mut statuses: Vec<&LiveStatus> = p.status.iter().collect();
        gather(p, &mut statuses, 0);
        if statuses.iter().any(|s| fast(s)) {
            Activity::Active
        } else if statuses.iter().any(|s| !s.is_completed()) {
            Activity::Waiting
        } else {
            Activity::Finished
        }
    }
}

fn fast(s: &LiveStatus) -> bool {
    matches!(s, LiveStatus::Running | LiveStatus::Pending | LiveStatus::Preparing | LiveStatus::Canceling)
}

fn gather<'a>(p: &'a LivePipeline, out: &mut Vec<&'a LiveStatus>, depth: usize) {
    for j in &p.jobs {
        out.push(&j.status);
        if let Some(d) = &j.downstream {
            out.push(&d.status);
            if let (Some(inner), true) = (&d.pipeline, depth < crate::Limits::default().max_live_depth) {
                gather(inner, out, depth + 1);
            }
        }
    }
}

/// How the last fetch went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetch {
    Ok,
    /// 429 Too Many Requests, with its `Retry-After` when the browser could read it.
    RateLimited {
        retry_after: Option<Duration>,
    },
    /// A 5xx answer (with `Retry-After` when readable, as on 503).
    ServerError {
        retry_after: Option<Duration>,
    },
    /// No answer: offline, DNS, CORS refused, timeout.
    NetworkError,
}

/// What polling depends on. Start from `PollState::new(activity)`, [`PollState::record`] each fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollState {
    pub activity: Activity,
    /// The page is hidden (another tab, minimised): polling pauses until it is shown.
    pub hidden: bool,
    /// Failed fetches since the last good one.
    pub failures: u32,
    /// The server's `Retry-After` on the last failed fetch.
    pub retry_after: Option<Duration>,
}

impl PollState {
    pub fn new(activity: Activity) -> PollState {
        PollState { activity, hidden: false, failures: 0, retry_after: None }
    }

    /// Counts a failed fetch, or resets the backoff after a good one.
    pub fn record(&mut self, fetch: Fetch) {
        match fetch {
            Fetch::Ok => {
                self.failures = 0;
                self.retry_after = None;
            }
            Fetch::RateLimited { retry_after } | Fetch::ServerError { retry_after } => {
                self.failures = self.failures.saturating_add(1);
                self.retry_after = retry_after;
            }
            Fetch::NetworkError => {
                self.failures = self.failures.saturating_add(1);
                self.retry_after = None;
            }
        }
    }
}

/// How long to wait before the next fetch; `None`: do not poll (finished, or hidden: ask again when the page
/// is shown). After failures the wait doubles each time from the activity's interval up to [`BACKOFF_CAP`],
/// and is never shorter than the server's `Retry-After` (which may exceed the cap).
pub fn next_poll(state: &PollState) -> Option<Duration> {
    if state.hidden {
        return None;
    }
    let base = match state.activity {
        Activity::Active => FAST,
        Activity::Waiting => SLOW,
        Activity::Finished => return None,
    };
    if state.failures == 0 {
        return Some(base);
    }
    let factor = 1u32 << state.failures.min(16);
    let backoff = base.saturating_mul(factor).min(BACKOFF_CAP);
    Some(state.retry_after.map_or(backoff, |r| r.max(backoff)))
}
