//! A pipeline's status from its jobs, after GitLab's `Gitlab::Ci::Status::Composite`
//! (`lib/gitlab/ci/status/composite.rb`): allowed failures count as "success with warnings", and the
//! first matching rule below wins.

/// `statuses`: (status, allow_failure) of the current jobs.
pub fn composite(statuses: &[(&str, bool)]) -> String {
    let has = |s: &str| statuses.iter().any(|(st, af)| *st == s && !ignored(st, *af));
    // Every status other than those listed (allowed failures always qualify).
    let only = |set: &[&str]| statuses.iter().all(|(st, af)| ignored(st, *af) || set.contains(st));
    let s = if statuses.is_empty() || only(&["skipped"]) {
        "skipped"
    } else if only(&["success", "skipped"]) {
        "success"
    } else if only(&["created"]) {
        "created"
    } else if only(&["preparing"]) {
        "preparing"
    } else if only(&["canceled", "success", "skipped"]) {
        "canceled"
    } else if only(&["pending", "created", "skipped"]) {
        "pending"
    } else if has("canceling") {
        "canceling"
    } else if has("running") || has("pending") {
        "running"
    } else if has("waiting_for_callback") {
        "waiting_for_callback"
    } else if has("waiting_for_resource") {
        "waiting_for_resource"
    } else if has("manual") {
        "manual"
    } else if has("scheduled") {
        "scheduled"
    } else if has("preparing") {
        "preparing"
    } else if has("created") {
        "running"
    } else if has("failed") {
        "failed"
    } else if statuses.iter().any(|(st, af)| !ignored(st, *af) && !is_known(st)) {
        // A status newer than this simulator: report it rather than guess.
        statuses.iter().find(|(st, _)| !is_known(st)).map(|(s, _)| *s).unwrap_or("running")
    } else {
        "failed"
    };
    s.to_string()
}

/// Allowed failures (and manual jobs that may fail) do not decide the pipeline's status.
fn ignored(status: &str, allow_failure: bool) -> bool {
    allow_failure && matches!(status, "failed" | "canceled" | "manual")
}

pub const KNOWN: [&str; 13] = [
    "created",
    "waiting_for_resource",
    "preparing",
    "waiting_for_callback",
    "pending",
    "running",
    "success",
    "failed",
    "canceling",
    "canceled",
    "skipped",
    "manual",
    "scheduled",
];

pub fn is_known(status: &str) -> bool {
    KNOWN.contains(&status)
}

pub fn is_completed(status: &str) -> bool {
    matches!(status, "success" | "failed" | "canceled" | "skipped")
}

/// Statuses a cancel acts on (GitLab's CANCELABLE: alive statuses plus `scheduled`, minus `canceling`).
pub fn is_cancelable(status: &str) -> bool {
    matches!(
        status,
        "created"
            | "waiting_for_resource"
            | "preparing"
            | "waiting_for_callback"
            | "pending"
            | "running"
            | "scheduled"
            | "manual"
    )
}

/// `detailed_status` icon/text/label/group for a status (`lib/gitlab/ci/status/*.rb`).
pub fn detailed(status: &str, with_warnings: bool) -> (String, String, String, String) {
    if status == "success" && with_warnings {
        return (
            "status_warning".into(),
            "Warning".into(),
            "passed with warnings".into(),
            "success-with-warnings".into(),
        );
    }
    let text = match status {
        "success" => "Passed",
        "failed" => "Failed",
        "running" => "Running",
        "pending" => "Pending",
        "canceled" => "Canceled",
        "canceling" => "Canceling",
        "skipped" => "Skipped",
        "manual" => "Manual",
        "scheduled" => "Scheduled",
        "created" => "Created",
        "preparing" => "Preparing",
        "waiting_for_resource" => "Waiting",
        "waiting_for_callback" => "Waiting",
        other => other,
    };
    let label = match status {
        "success" => "passed",
        "manual" => "manual action",
        "scheduled" => "delayed",
        "waiting_for_resource" => "waiting for resource",
        "waiting_for_callback" => "waiting for callback",
        other => other,
    };
    (format!("status_{status}"), text.to_string(), label.to_string(), status.to_string())
}

#[cfg(test)]
mod tests {
    use super::composite;

    #[test]
    fn composite_rules() {
        assert_eq!(composite(&[("success", false), ("skipped", false)]), "success");
        assert_eq!(composite(&[("success", false), ("failed", true)]), "success");
        assert_eq!(composite(&[("success", false), ("failed", false)]), "failed");
        assert_eq!(composite(&[("success", false), ("running", false), ("created", false)]), "running");
        assert_eq!(composite(&[("success", false), ("created", false)]), "running");
        assert_eq!(composite(&[("pending", false), ("created", false)]), "pending");
        assert_eq!(composite(&[("created", false)]), "created");
        assert_eq!(composite(&[("success", false), ("manual", false)]), "manual");
        assert_eq!(composite(&[("success", false), ("manual", true)]), "success");
        assert_eq!(composite(&[("canceled", false), ("success", false)]), "canceled");
        assert_eq!(composite(&[("canceling", false), ("canceled", false)]), "canceling");
        assert_eq!(composite(&[("success", false), ("waiting_for_callback", false)]), "waiting_for_callback");
        assert_eq!(composite(&[("success", false), ("teleporting", false)]), "teleporting");
    }
}
