//! Helpers shared by the behaviour tests (`semantics*.rs`): run a configuration in a context, read back
//! what GitLab would create and what it would say.
#![allow(dead_code)]

use pipelens_core::variables::Vars;
use pipelens_core::{analyze, Analysis, FileSet, PipelineContext, Severity};

pub fn ctx(vars: &[(&str, &str)]) -> PipelineContext {
    PipelineContext::from_vars(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vars>())
}

pub fn run_files(files: &[(&str, &str)], c: &PipelineContext) -> Analysis {
    let mut fs = FileSet::new();
    for (p, t) in files {
        fs.add(p, *t);
    }
    analyze(&fs, 0, c)
}

pub fn run(yaml: &str, vars: &[(&str, &str)]) -> Analysis {
    run_files(&[(".gitlab-ci.yml", yaml)], &ctx(vars))
}

pub fn names(a: &Analysis) -> Vec<&str> {
    a.pipeline.jobs.iter().map(|j| j.name.as_str()).collect()
}

pub fn job<'a>(a: &'a Analysis, name: &str) -> &'a pipelens_core::Job {
    a.pipeline.jobs.iter().find(|j| j.name == name).unwrap_or_else(|| panic!("no job {name} in {:?}", names(a)))
}

pub fn errors(a: &Analysis) -> Vec<&str> {
    a.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.message.as_str()).collect()
}

pub fn codes(a: &Analysis) -> Vec<&str> {
    a.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

pub fn warnings(a: &Analysis) -> Vec<&str> {
    a.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| d.message.as_str()).collect()
}
