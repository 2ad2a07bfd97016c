//! What a job box's look means: one kind per box, each with a colour from the Okabe–Ito palette (told apart
//! under the common colour-vision deficiencies) *and* an icon, so colour is never the only cue. Both renderers
//! and the editor's legend read this table.

use crate::keywords::when::When;
use crate::scene::JobBox;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `when: on_success`: runs when the earlier stages (or its needs) succeed.
    OnSuccess,
    Manual,
    Delayed,
    Always,
    OnFailure,
    /// Starts a child pipeline (`trigger:include`).
    Trigger,
    /// Not in this pipeline (shown only on request).
    Excluded,
}

pub const ALL: [Kind; 7] =
    [Kind::OnSuccess, Kind::Manual, Kind::Delayed, Kind::Always, Kind::OnFailure, Kind::Trigger, Kind::Excluded];

/// Marks a job that may fail without failing the pipeline; drawn next to the kind's icon.
pub const ALLOW_FAILURE_ICON: &str = "⚠";

impl Kind {
    pub fn of(j: &JobBox) -> Kind {
        if j.excluded {
            return Kind::Excluded;
        }
        if j.child.is_some() {
            return Kind::Trigger;
        }
        match j.when {
            When::Manual => Kind::Manual,
            When::Delayed => Kind::Delayed,
            When::Always => Kind::Always,
            When::OnFailure => Kind::OnFailure,
            When::OnSuccess | When::Never => Kind::OnSuccess,
        }
    }

    /// CSS class suffix and stable test hook.
    pub fn id(self) -> &'static str {
        match self {
            Kind::OnSuccess => "on-success",
            Kind::Manual => "manual",
            Kind::Delayed => "delayed",
            Kind::Always => "always",
            Kind::OnFailure => "on-failure",
            Kind::Trigger => "trigger",
            Kind::Excluded => "excluded",
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Kind::OnSuccess => "●",
            Kind::Manual => "▶",
            Kind::Delayed => "◷",
            Kind::Always => "↻",
            Kind::OnFailure => "✖",
            Kind::Trigger => "⇲",
            Kind::Excluded => "⊘",
        }
    }

    /// Okabe–Ito: blue, orange, sky blue, bluish green, vermillion, reddish purple; grey for excluded.
    pub fn colour(self) -> &'static str {
        match self {
            Kind::OnSuccess => "#0072B2",
            Kind::Manual => "#E69F00",
            Kind::Delayed => "#56B4E9",
            Kind::Always => "#009E73",
            Kind::OnFailure => "#D55E00",
            Kind::Trigger => "#CC79A7",
            Kind::Excluded => "#8C8C8C",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::OnSuccess => "runs when earlier jobs succeed",
            Kind::Manual => "manual: waits for someone to start it",
            Kind::Delayed => "delayed: starts after start_in",
            Kind::Always => "always runs",
            Kind::OnFailure => "runs only when an earlier job failed",
            Kind::Trigger => "starts a child pipeline",
            Kind::Excluded => "not in this pipeline",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_icon_and_colour() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.icon(), b.icon());
                assert_ne!(a.colour(), b.colour());
                assert_ne!(a.id(), b.id());
            }
        }
    }
}
