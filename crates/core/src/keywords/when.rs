//! `when`: job-level values and the extra `never` that rules allow.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::load::{Node, Value};

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
                    Code::WhenInvalid,
                    format!("{owner} when should be one of: {}", allowed.join(", ")),
                    node.span,
                );
                None
            }
        }
    }
}

/// `start_in` of a delayed job or rule: a duration of at most one week (`validates :start_in, duration:
/// { limit: '1 week' }`, parsed by ChronicDuration). `owner` is the message prefix (`jobs:deploy`,
/// `rules:rule`). ChronicDuration reads much more than number-and-unit pairs, so only a value with no number
/// at all (or not a string) is called "not a duration"; the limit is checked when the text is understood.
pub fn check_start_in(node: &Node, owner: &str, diags: &mut Diagnostics) {
    let Value::Str(text) = &node.value else {
        diags.error(Code::StartInInvalid, format!("{owner} start in should be a duration"), node.span);
        return;
    };
    match duration_seconds(text) {
        Duration::Invalid => {
            diags.error(Code::StartInInvalid, format!("{owner} start in should be a duration"), node.span)
        }
        Duration::Seconds(s) if s > WEEK => {
            diags.error(Code::StartInInvalid, format!("{owner} start in should not exceed the limit"), node.span)
        }
        _ => {}
    }
}

const WEEK: f64 = 7.0 * 24.0 * 3600.0;

enum Duration {
    Seconds(f64),
    /// Has a number but is written in a form not read here (`1:30`, `fortnight`).
    Unread,
    Invalid,
}

/// Number-and-unit pairs (`30 minutes`, `2h 30m`, `1 day and 2 hours`); a bare number is seconds.
fn duration_seconds(text: &str) -> Duration {
    const WORDS: &[(&str, f64)] = &[
        ("a", 1.0),
        ("an", 1.0),
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
    ];
    let unit = |w: &str| -> Option<f64> {
        Some(match w {
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            "w" | "wk" | "wks" | "week" | "weeks" => 7.0 * 86_400.0,
            "mo" | "mos" | "month" | "months" => 30.0 * 86_400.0,
            "y" | "yr" | "yrs" | "year" | "years" => 365.0 * 86_400.0,
            _ => return None,
        })
    };
    let lower = text.to_ascii_lowercase();
    // Split "2h30m" and "2 h, 30 m" alike into numbers and words.
    let mut tokens: Vec<String> = Vec::new();
    for ch in lower.chars() {
        let kind = |c: char| {
            if c.is_ascii_digit() || c == '.' {
                1
            } else if c.is_alphabetic() {
                2
            } else {
                0
            }
        };
        match (tokens.last_mut(), kind(ch)) {
            (_, 0) => tokens.push(String::new()),
            (Some(last), k) if last.chars().next().is_some_and(|c| kind(c) == k) => last.push(ch),
            _ => tokens.push(ch.to_string()),
        }
    }
    tokens.retain(|t| !t.is_empty() && t != "and");
    let number = |t: &str| t.parse::<f64>().ok().or_else(|| WORDS.iter().find(|(w, _)| *w == t).map(|(_, n)| *n));
    if !tokens.iter().any(|t| number(t).is_some()) {
        return Duration::Invalid;
    }
    let mut total = 0.0;
    let mut i = 0;
    while i < tokens.len() {
        let Some(n) = number(&tokens[i]) else { return Duration::Unread };
        match tokens.get(i + 1).and_then(|u| unit(u)) {
            Some(u) => {
                total += n * u;
                i += 2;
            }
            None if i + 1 == tokens.len() => {
                total += n;
                i += 1;
            }
            None => return Duration::Unread,
        }
    }
    Duration::Seconds(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> Option<f64> {
        match duration_seconds(text) {
            Duration::Seconds(s) => Some(s),
            _ => None,
        }
    }

    #[test]
    fn durations() {
        assert_eq!(seconds("3 minutes"), Some(180.0));
        assert_eq!(seconds("2h30m"), Some(9000.0));
        assert_eq!(seconds("1 day and 2 hours"), Some(93_600.0));
        assert_eq!(seconds("90"), Some(90.0));
        assert_eq!(seconds("one week"), Some(WEEK));
        assert!(matches!(duration_seconds("test"), Duration::Invalid));
        assert!(matches!(duration_seconds("1:30"), Duration::Unread));
    }
}
