//! GitLab's job and pipeline statuses (`AVAILABLE_STATUSES` in GitLab's `app/models/concerns/ci/has_status.rb`;
//! the "Pipelines" docs list them), kept open: a newer server's status arrives as `Unknown`.

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum LiveStatus {
    #[default]
    Created,
    WaitingForResource,
    Preparing,
    WaitingForCallback,
    Pending,
    Running,
    Success,
    Failed,
    Canceling,
    Canceled,
    Skipped,
    Manual,
    Scheduled,
    /// A status this version does not know, as GitLab spelled it.
    Unknown(String),
}

const NAMED: [(LiveStatus, &str); 13] = [
    (LiveStatus::Created, "created"),
    (LiveStatus::WaitingForResource, "waiting_for_resource"),
    (LiveStatus::Preparing, "preparing"),
    (LiveStatus::WaitingForCallback, "waiting_for_callback"),
    (LiveStatus::Pending, "pending"),
    (LiveStatus::Running, "running"),
    (LiveStatus::Success, "success"),
    (LiveStatus::Failed, "failed"),
    (LiveStatus::Canceling, "canceling"),
    (LiveStatus::Canceled, "canceled"),
    (LiveStatus::Skipped, "skipped"),
    (LiveStatus::Manual, "manual"),
    (LiveStatus::Scheduled, "scheduled"),
];

impl LiveStatus {
    /// From REST's lowercase (`waiting_for_resource`) or GraphQL's uppercase (`WAITING_FOR_RESOURCE`) spelling.
    pub fn parse(s: &str) -> LiveStatus {
        let lower = s.trim().to_ascii_lowercase();
        NAMED.iter().find(|(_, n)| *n == lower).map_or_else(|| LiveStatus::Unknown(s.to_string()), |(st, _)| st.clone())
    }

    /// GitLab's REST spelling (an unknown status as it came).
    pub fn as_str(&self) -> &str {
        match self {
            LiveStatus::Unknown(s) => s,
            known => NAMED.iter().find(|(st, _)| st == known).map_or("", |(_, n)| n),
        }
    }

    /// Done: GitLab's `COMPLETED_STATUSES` (success, failed, canceled, skipped).
    pub fn is_completed(&self) -> bool {
        matches!(self, LiveStatus::Success | LiveStatus::Failed | LiveStatus::Canceled | LiveStatus::Skipped)
    }

    /// Waiting for a person or a time: GitLab's `BLOCKED_STATUSES` (manual, scheduled).
    pub fn is_blocked(&self) -> bool {
        matches!(self, LiveStatus::Manual | LiveStatus::Scheduled)
    }

    /// Severity when one status stands for several jobs (a collapsed group), after GitLab's
    /// `ORDERED_STATUSES`: failed, preparing, pending, running, waiting_for_callback, waiting_for_resource,
    /// manual, scheduled, canceling, canceled, success, skipped, created. Lower is more severe.
    pub(crate) fn severity(&self) -> usize {
        use LiveStatus::*;
        match self {
            Failed => 0,
            Preparing => 1,
            Pending => 2,
            Running => 3,
            WaitingForCallback => 4,
            WaitingForResource => 5,
            Manual => 6,
            Scheduled => 7,
            Canceling => 8,
            Canceled => 9,
            Success => 10,
            Skipped => 11,
            Created => 12,
            Unknown(_) => 13,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LiveStatus;

    #[test]
    fn both_api_spellings_parse_and_unknown_ones_are_kept() {
        assert_eq!(LiveStatus::parse("waiting_for_resource"), LiveStatus::WaitingForResource);
        assert_eq!(LiveStatus::parse("WAITING_FOR_CALLBACK"), LiveStatus::WaitingForCallback);
        assert_eq!(LiveStatus::parse("success").as_str(), "success");
        assert_eq!(LiveStatus::parse("brand_new"), LiveStatus::Unknown("brand_new".into()));
        assert_eq!(LiveStatus::parse("brand_new").as_str(), "brand_new");
        assert_eq!(LiveStatus::Canceling.as_str(), "canceling");
    }

    #[test]
    fn gitlabs_status_groups() {
        // app/models/concerns/ci/has_status.rb: COMPLETED_STATUSES and BLOCKED_STATUSES.
        let completed: Vec<&str> =
            ["created", "pending", "running", "success", "failed", "canceled", "skipped", "manual"]
                .into_iter()
                .filter(|s| LiveStatus::parse(s).is_completed())
                .collect();
        assert_eq!(completed, ["success", "failed", "canceled", "skipped"]);
        assert!(LiveStatus::Manual.is_blocked() && LiveStatus::Scheduled.is_blocked());
        assert!(!LiveStatus::Canceling.is_completed() && !LiveStatus::Canceling.is_blocked());
    }
}
