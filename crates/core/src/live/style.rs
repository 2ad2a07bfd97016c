//! What a live status looks like: GitLab's own icon and colour for it, and the simpler four-way reading
//! (done, running, waiting, failed) that OCurrent's pipeline graphs use. Every renderer reads this one table,
//! as the job kinds' look comes from `legend`.
//!
//! Icon names are GitLab's `detailed_status.icon` values (`lib/gitlab/ci/status/*.rb`): sprite names of
//! GitLab's Pajamas icon set (`@gitlab/svgs`, "GitLab SVGs", MIT licence; also packaged for the web as
//! `@iconify-json/pajamas`, whose names may spell `_` as `-`).
//! The colour follows the icon as in GitLab's `ci_icon.vue` (its badge variant): `status_success` success
//! green, `status_pending` and `status_warning` warning orange, `status_failed` danger red, `status_running`
//! info blue, every other icon neutral grey; here in the Pajamas palette's 500 shades.

use super::LiveStatus;

/// The four-way reading: what a status means for someone watching the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    /// Finished well (green).
    Done,
    /// Running now (orange).
    Running,
    /// Not started, or not to start: queued, blocked on a person or a time, skipped (grey).
    Waiting,
    /// Failed or cancelled (red).
    Failed,
}

impl StatusClass {
    /// CSS class suffix and stable test hook.
    pub fn id(self) -> &'static str {
        match self {
            StatusClass::Done => "done",
            StatusClass::Running => "running",
            StatusClass::Waiting => "waiting",
            StatusClass::Failed => "failed",
        }
    }

    pub fn colour(self) -> &'static str {
        match self {
            StatusClass::Done => "#108548",
            StatusClass::Running => "#E69F00",
            StatusClass::Waiting => "#8C8C8C",
            StatusClass::Failed => "#DD2B0E",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusStyle {
    pub class: StatusClass,
    /// GitLab's words for it (its status `label`, e.g. `passed`, `waiting for resource`).
    pub label: String,
    /// The Pajamas icon GitLab shows for it (e.g. `status_success`).
    pub icon_name: &'static str,
    /// GitLab's colour for it.
    pub colour: &'static str,
    /// A one-character stand-in for the icon, for renderers that draw text (the web graph, exports): the
    /// Pajamas paths are not shipped.
    pub glyph: &'static str,
}

const GREEN: &str = "#108548";
const RED: &str = "#DD2B0E";
const BLUE: &str = "#1F75CB";
const ORANGE: &str = "#AB6100";
const GREY: &str = "#737278";

/// The look of a status.
pub fn status_style(s: &LiveStatus) -> StatusStyle {
    use LiveStatus::*;
    use StatusClass as C;
    let (class, label, icon_name) = match s {
        Created => (C::Waiting, "created", "status_created"),
        // GitLab has no icon of its own for these yet and shows the pending one.
        WaitingForResource => (C::Waiting, "waiting for resource", "status_pending"),
        WaitingForCallback => (C::Waiting, "waiting for callback", "status_pending"),
        Preparing => (C::Waiting, "preparing", "status_preparing"),
        Pending => (C::Waiting, "pending", "status_pending"),
        Running => (C::Running, "running", "status_running"),
        Success => (C::Done, "passed", "status_success"),
        Failed => (C::Failed, "failed", "status_failed"),
        // Still running `after_script`: running, under the cancelled icon, as GitLab shows it.
        Canceling => (C::Running, "canceling", "status_canceled"),
        Canceled => (C::Failed, "canceled", "status_canceled"),
        Skipped => (C::Waiting, "skipped", "status_skipped"),
        Manual => (C::Waiting, "manual action", "status_manual"),
        Scheduled => (C::Waiting, "scheduled", "status_scheduled"),
        Unknown(_) => (C::Waiting, "", "status_notfound"),
    };
    let label = if label.is_empty() { s.as_str().replace('_', " ") } else { label.to_string() };
    StatusStyle { class, label, icon_name, colour: colour_of(icon_name), glyph: glyph_of(icon_name) }
}

/// A character that reads like GitLab's icon: a tick, a cross, a half-full circle for running...
fn glyph_of(icon_name: &str) -> &'static str {
    match icon_name {
        "status_success" => "✓",
        "status_failed" => "✗",
        "status_running" => "◐",
        "status_pending" => "◷",
        "status_preparing" => "◌",
        "status_canceled" => "⊘",
        "status_skipped" => "»",
        "status_manual" => "⚙",
        "status_scheduled" => "⏲",
        "status_warning" => "!",
        "status_created" => "○",
        _ => "?",
    }
}

/// GitLab's colour for a status icon (`ci_icon.vue`'s variant).
fn colour_of(icon_name: &str) -> &'static str {
    match icon_name {
        "status_success" => GREEN,
        "status_pending" | "status_warning" => ORANGE,
        "status_failed" => RED,
        "status_running" => BLUE,
        _ => GREY,
    }
}

/// GitLab's look for a job allowed to fail that failed: passed with a warning (`status_warning`), reading as
/// done.
pub(crate) fn warning() -> StatusStyle {
    StatusStyle {
        class: StatusClass::Done,
        label: "failed (allowed to fail)".to_string(),
        icon_name: "status_warning",
        colour: colour_of("status_warning"),
        glyph: glyph_of("status_warning"),
    }
}

/// The look of a job's status, as [`super::BoxStatus::style`].
pub fn job_style(j: &super::LiveJob) -> StatusStyle {
    if j.allow_failure && j.status == LiveStatus::Failed {
        return warning();
    }
    status_style(&j.status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::LiveJob;

    #[test]
    fn gitlabs_icons_per_status() {
        // lib/gitlab/ci/status/{success,failed,running,pending,canceling,waiting_for_resource,...}.rb
        let icons: Vec<&str> =
            ["success", "failed", "running", "pending", "canceling", "waiting_for_resource", "manual"]
                .map(|s| status_style(&LiveStatus::parse(s)).icon_name)
                .into();
        assert_eq!(
            icons,
            [
                "status_success",
                "status_failed",
                "status_running",
                "status_pending",
                "status_canceled",
                "status_pending",
                "status_manual"
            ]
        );
        assert_eq!(status_style(&LiveStatus::Success).label, "passed");
        // ci_icon.vue: pending-like icons are orange, the neutral rest grey.
        let colour = |s: LiveStatus| status_style(&s).colour;
        assert_eq!(colour(LiveStatus::WaitingForResource), colour(LiveStatus::Pending));
        assert_eq!(colour(LiveStatus::Canceling), colour(LiveStatus::Skipped));
        assert_eq!(colour(LiveStatus::Manual), colour(LiveStatus::Created));
        let distinct: std::collections::BTreeSet<&str> =
            [LiveStatus::Success, LiveStatus::Pending, LiveStatus::Failed, LiveStatus::Running, LiveStatus::Created]
                .map(colour)
                .into();
        assert_eq!(distinct.len(), 5);
        assert_eq!(status_style(&LiveStatus::parse("brand_new_state")).label, "brand new state");
        // Each icon its own glyph, so the icon (not only the colour) tells the statuses apart.
        let glyphs: std::collections::BTreeSet<&str> =
            ["success", "failed", "running", "pending", "canceled", "skipped", "manual", "scheduled", "created"]
                .map(|s| status_style(&LiveStatus::parse(s)).glyph)
                .into();
        assert_eq!(glyphs.len(), 9);
    }

    #[test]
    fn the_four_way_reading() {
        let class = |s: &str| status_style(&LiveStatus::parse(s)).class;
        assert_eq!(class("success"), StatusClass::Done);
        assert_eq!(class("running"), StatusClass::Running);
        assert_eq!(class("pending"), StatusClass::Waiting);
        assert_eq!(class("manual"), StatusClass::Waiting);
        assert_eq!(class("skipped"), StatusClass::Waiting);
        assert_eq!(class("failed"), StatusClass::Failed);
        assert_eq!(class("canceled"), StatusClass::Failed);
        assert_eq!(class("something_new"), StatusClass::Waiting);
    }

    #[test]
    fn an_allowed_failure_is_passed_with_a_warning() {
        let mut j = LiveJob::new("lint", "test", LiveStatus::Failed);
        assert_eq!(job_style(&j).icon_name, "status_failed");
        j.allow_failure = true;
        assert_eq!((job_style(&j).icon_name, job_style(&j).class), ("status_warning", StatusClass::Done));
    }
}
