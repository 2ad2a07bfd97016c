//! `when`: job-level values and the extra `never` that rules allow.

use crate::diagnostics::Diagnostics;
use crate::load::Node;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    OnSuccess,
    OnFailure,
    Always,
    Manual,
    Delayed,
    Never,
}

/// Values a job may use; rules (and workflow rules) may also say `never`.
pub const JOB_WHEN: &[&str] = &["on_success", "on_failure", "always", "manual", "delayed"];
/// Trigger jobs (`Entry::Bridge`) may not be delayed.
pub const BRIDGE_WHEN: &[&str] = &["on_success", "on_failure", "always", "manual"];
pub const RULE_WHEN: &[&str] = &["on_success", "on_failure", "always", "manual", "delayed", "never"];

impl When {
    pub fn as_str(self) -> &'static str {
        match self {
            When::OnSuccess => "on_success",
            When::OnFailure => "on_failure",
            When::Always => "always",
            When::Manual => "manual",
            When::Delayed => "delayed",
            When::Never => "never",
        }
    }

    fn from_str(s: &str) -> Option<When> {
        Some(match s {
            "on_success" => When::OnSuccess,
            "on_failure" => When::OnFailure,
            "always" => When::Always,
            "manual" => When::Manual,
            "delayed" => When::Delayed,
            "never" => When::Never,
            _ => return None,
        })
    }

    /// Parses `node` against the allowed values; reports GitLab's message otherwise.
    pub fn parse(node: &Node, allowed: &[&str], owner: &str, diags: &mut Diagnostics) -> Option<When> {
        match node.as_str().filter(|s| allowed.contains(s)).and_then(When::from_str) {
            Some(w) => Some(w),
            None => {
                diags.error(
                    "when-invalid",
                    format!("{owner} when should be one of: {}", allowed.join(", ")),
                    node.span,
                );
                None
            }
        }
    }
}
