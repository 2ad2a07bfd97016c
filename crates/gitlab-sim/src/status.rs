//! Composite status of a set of jobs, after GitLab's `Gitlab::Ci::Status::Composite`
//! (`lib/gitlab/ci/status/composite.rb`): a failed or canceled job that may fail counts as "success
//! with warnings", a manual job that may fail is "ignored", and the first matching rule below wins.
//! With `dag`, it is the status of a job's needs, which GitLab uses to decide whether the job runs.
//! `canceling` and `waiting_for_callback` are newer than the version read; where they sit is a guess.

/// `statuses`: (status, allow_failure). `None` for no jobs at all.
pub fn composite(statuses: &[(&str, bool)], dag: bool) -> Option<String> {
    let set: std::collections::BTreeSet<&str> = statuses
        .iter()
        .map(|(s, allow_failure)| match (*s, *allow_failure) {
            ("failed" | "canceled", true) => "success_with_warnings",
            ("manual", true) => "ignored",
            (s, _) => s,
        })
        .collect();
    if set.is_empty() {
        return None;
    }
    let any = |names: &[&str]| names.iter().any(|n| set.contains(n));
    let only = |names: &[&str]| set.iter().all(|s| names.contains(s));
    let s = if dag && any(&["skipped", "ignored"]) {
        // A DAG job is skipped if one of its needs does not run at all.
        "skipped"
    } else if dag && !only(&["success", "failed", "canceled", "skipped", "success_with_warnings"]) {
        // Blocked until every need is complete.
        "pending"
    } else if only(&["skipped", "ignored"]) {
        "skipped"
    } else if only(&["success", "skipped", "success_with_warnings", "ignored"]) {
        "success"
    } else if only(&["created", "success_with_warnings", "ignored"]) {
        "created"
    } else if only(&["preparing", "success_with_warnings", "ignored"]) {
        "preparing"
    } else if only(&["canceled", "success", "skipped", "success_with_warnings", "ignored"]) {
        "canceled"
    } else if only(&["pending", "created", "skipped", "success_with_warnings", "ignored"]) {
        "pending"
    } else if any(&["canceling"]) {
        "canceling"
    } else if any(&["running", "pending"]) {
        "running"
    } else if any(&["waiting_for_callback"]) {
        "waiting_for_callback"
    } else if any(&["waiting_for_resource"]) {
        "waiting_for_resource"
    } else if any(&["manual"]) {
        "manual"
    } else if any(&["scheduled"]) {
        "scheduled"
    } else if any(&["preparing"]) {
        "preparing"
    } else if any(&["created"]) {
        "running"
    } else if let Some(unknown) =
        set.iter().find(|s| !is_known(s) && **s != "success_with_warnings" && **s != "ignored")
    {
        // A status newer than this simulator: report it rather than guess.
        unknown
    } else {
        "failed"
    };
    Some(s.to_string())
}

/// Whether a job whose previous jobs ended in `previous` runs (`Ci::ProcessBuildService`): jobs with
/// `needs` require success, stage-ordered ones also accept skipped; `on_failure` runs after a failure,
/// `always` after anything.
pub fn runs_after(when: &str, dag: bool, previous: &str) -> bool {
    match when {
        "on_failure" => previous == "failed",
        "always" => matches!(previous, "success" | "failed" | "skipped"),
        _ if dag => previous == "success",
        _ => matches!(previous, "success" | "skipped"),
    }
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

    fn c(statuses: &[(&str, bool)]) -> String {
        composite(statuses, false).unwrap()
    }

    #[test]
    fn composite_rules() {
        assert_eq!(composite(&[], false), None);
        assert_eq!(c(&[("success", false), ("skipped", false)]), "success");
        assert_eq!(c(&[("success", false), ("failed", true)]), "success");
        assert_eq!(c(&[("failed", true)]), "success");
        assert_eq!(c(&[("success", false), ("failed", false)]), "failed");
        assert_eq!(c(&[("success", false), ("running", false), ("created", false)]), "running");
        assert_eq!(c(&[("success", false), ("created", false)]), "running");
        assert_eq!(c(&[("pending", false), ("created", false)]), "pending");
        assert_eq!(c(&[("created", false)]), "created");
        assert_eq!(c(&[("success", false), ("manual", false)]), "manual");
        assert_eq!(c(&[("success", false), ("manual", true)]), "success");
        assert_eq!(c(&[("manual", true)]), "skipped");
        assert_eq!(c(&[("canceled", false), ("success", false)]), "canceled");
        assert_eq!(c(&[("canceling", false), ("canceled", false)]), "canceling");
        assert_eq!(c(&[("success", false), ("waiting_for_callback", false)]), "waiting_for_callback");
        assert_eq!(c(&[("success", false), ("teleporting", false)]), "teleporting");
    }

    #[test]
    fn needs_of_a_dag_job() {
        assert_eq!(composite(&[("success", false), ("manual", true)], true).unwrap(), "skipped");
        assert_eq!(composite(&[("success", false), ("running", false)], true).unwrap(), "pending");
        assert_eq!(composite(&[("success", false), ("failed", true)], true).unwrap(), "success");
        assert_eq!(composite(&[("failed", false)], true).unwrap(), "failed");
    }
}
