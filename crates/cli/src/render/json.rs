//! `jobs --json`: one object, the CLI's stable contract (see README). Streamed with serde straight from
//! core's data: no intermediate JSON tree for thousands of job definitions.

use pipelens_core::load::{Node, Value};
use pipelens_core::{Analysis, FileSet};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

#[derive(Serialize)]
struct Output<'a> {
    pipeline_created: bool,
    why: &'a str,
    stages: &'a [String],
    jobs: Vec<JobOut<'a>>,
    excluded: Vec<Excluded<'a>>,
    diagnostics: Vec<DiagnosticOut<'a>>,
    /// Child pipelines of `trigger:include` jobs, each in this same shape.
    children: Vec<ChildOut<'a>>,
}

#[derive(Serialize)]
struct ChildOut<'a> {
    job: &'a str,
    #[serde(flatten)]
    pipeline: Output<'a>,
}

#[derive(Serialize)]
struct JobOut<'a> {
    name: &'a str,
    stage: &'a str,
    when: &'static str,
    allow_failure: bool,
    needs: &'a Option<Vec<String>>,
    dependencies: &'a Option<Vec<String>>,
    why: &'a str,
    extends: &'a [String],
    matrix: Pairs<'a>,
    file: &'a str,
    line: u32,
    definition: NodeJson<'a>,
}

#[derive(Serialize)]
struct Excluded<'a> {
    name: &'a str,
    why: &'a str,
}

#[derive(Serialize)]
pub struct DiagnosticOut<'a> {
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
}

/// Matrix variables as a JSON object, in the order they were written.
struct Pairs<'a>(&'a [(String, String)]);

impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A resolved YAML value as JSON.
pub struct NodeJson<'a>(pub &'a Node);

impl Serialize for NodeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0.value {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(f) if f.is_finite() => s.serialize_f64(*f),
            Value::Float(_) => s.serialize_unit(),
            Value::Str(v) => s.serialize_str(v),
            Value::Seq(items) | Value::Reference(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(&NodeJson(i))?;
                }
                seq.end()
            }
            Value::Map(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, e) in m {
                    map.serialize_entry(k, &NodeJson(&e.value))?;
                }
                map.end()
            }
        }
    }
}

pub fn jobs(a: &Analysis, files: &FileSet) -> String {
    let mut s = serde_json::to_string_pretty(&output(a, files)).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn output<'a>(a: &'a Analysis, files: &'a FileSet) -> Output<'a> {
    let p = &a.pipeline;
    Output {
        pipeline_created: p.created,
        why: &p.why,
        stages: &p.stages,
        jobs: p
            .jobs
            .iter()
            .map(|j| {
                let def = &a.config.jobs[j.def];
                JobOut {
                    name: &j.name,
                    stage: &j.stage,
                    when: j.when.as_str(),
                    allow_failure: j.allow_failure,
                    needs: &j.needs,
                    dependencies: &j.dependencies,
                    why: &j.why,
                    extends: &def.extends,
                    matrix: Pairs(&j.matrix),
                    file: files.path(def.span.file),
                    line: def.span.line,
                    definition: NodeJson(&def.definition),
                }
            })
            .collect(),
        excluded: p.excluded.iter().map(|e| Excluded { name: &e.name, why: &e.why }).collect(),
        diagnostics: diagnostics(a, files),
        children: a
            .children
            .iter()
            .map(|c| ChildOut { job: &c.job, pipeline: output(&c.analysis, c.files.as_ref().unwrap_or(files)) })
            .collect(),
    }
}

pub fn diagnostics<'a>(a: &'a Analysis, files: &'a FileSet) -> Vec<DiagnosticOut<'a>> {
    a.diagnostics
        .iter()
        .map(|d| DiagnosticOut {
            severity: d.severity.as_str(),
            code: d.code,
            message: &d.message,
            file: d.span.map(|s| files.path(s.file)),
            line: d.span.map(|s| s.line),
            column: d.span.map(|s| s.col),
        })
        .collect()
}
