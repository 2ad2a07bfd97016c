//! Human-readable output: `file:line:col: severity[code]: message`, and a job table. Everything taken from
//! the configuration (names, paths, messages quoting it) goes through [`visible`]: an escape sequence in a
//! job name must reach the terminal as text, not act.

use pipelens_core::export::visible;
use pipelens_core::{Analysis, Diagnostic, FileSet};
use std::fmt::Write;

pub fn diagnostics(diags: &[Diagnostic], files: &FileSet) -> String {
    let mut out = String::new();
    for d in diags {
        let at = match d.span {
            Some(s) => format!("{}:{}:{}", visible(files.path(s.file)), s.line, s.col),
            None => "<pipeline>".to_string(),
        };
        let _ = writeln!(out, "{at}: {}[{}]: {}", d.severity, d.code, visible(&d.message));
    }
    out
}

pub fn lint(a: &Analysis, files: &FileSet) -> String {
    let mut out = diagnostics(&a.diagnostics, files);
    let errors = a.diagnostics.iter().filter(|d| d.severity == pipelens_core::Severity::Error).count();
    let warnings = a.diagnostics.len() - errors;
    // Child pipelines' problems: shown, but they do not make this configuration invalid.
    let children = a.child_diagnostics(files);
    for (job, child_files, d) in &children {
        let at = d.span.map(|s| format!("{}:{}:{}", visible(child_files.path(s.file)), s.line, s.col));
        let at = at.unwrap_or_else(|| "<pipeline>".into());
        let (job, message) = (visible(job), visible(&d.message));
        let _ = writeln!(out, "{at}: {}[{}]: child pipeline of `{job}`: {message}", d.severity, d.code);
    }
    let _ = write!(
        out,
        "{}: {errors} error(s), {warnings} warning(s); {} job(s) in this pipeline",
        if errors == 0 { "valid" } else { "invalid" },
        a.pipeline.jobs.len()
    );
    let child_errors = children.iter().filter(|c| c.2.severity == pipelens_core::Severity::Error).count();
    if !children.is_empty() {
        let _ = write!(out, "; child pipelines: {child_errors} error(s), {} warning(s)", children.len() - child_errors);
    }
    out.push('\n');
    out
}

pub fn jobs(a: &Analysis) -> String {
    let p = &a.pipeline;
    let mut out = String::new();
    let _ = writeln!(out, "pipeline {}: {}", if p.created { "created" } else { "not created" }, visible(&p.why));
    for stage in &p.stages {
        let _ = writeln!(out, "{}", visible(stage));
        for j in p.jobs.iter().filter(|j| &j.stage == stage) {
            let needs = match &j.needs {
                None => String::new(),
                Some(n) => format!("  needs [{}]", visible(&n.join(", "))),
            };
            let af = if j.allow_failure { " (allowed to fail)" } else { "" };
            let _ = writeln!(out, "  {}  [{}{af}]{needs}", visible(&j.name), j.when.as_str());
        }
    }
    out
}
