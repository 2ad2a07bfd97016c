//! `jobs --json`: one object, the CLI's stable contract (see README). Streamed with serde straight from
//! core's data: no intermediate JSON tree for thousands of job definitions.

use pipelens_core::inspect::{self, JobPath, JobView, Scripts, Variable};
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
    needs: Option<Vec<String>>,
    dependencies: Option<&'a [String]>,
    why: &'a str,
    extends: &'a [String],
    matrix: Pairs<'a>,
    file: &'a str,
    line: u32,
    /// What the runner gets: `!reference` resolved, nested arrays flattened.
    script: ScriptsOut,
    /// Effective variables in GitLab's precedence, each with its origin.
    variables: Vec<VariableOut>,
    definition: NodeJson<'a>,
}

#[derive(Serialize)]
struct ScriptsOut {
    before_script: Vec<String>,
    script: Vec<String>,
    after_script: Vec<String>,
}

#[derive(Serialize)]
struct VariableOut {
    name: String,
    value: String,
    origin: &'static str,
    /// Lower-precedence origins this value hides.
    overrides: Vec<&'static str>,
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
    /// Where the range ends (exclusive); equal to the start when only a position is known.
    end_line: Option<u32>,
    end_column: Option<u32>,
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
    let views = inspect::jobs_of(a, files, &JobPath::root());
    Output {
        pipeline_created: p.created,
        why: &p.why,
        stages: &p.stages,
        jobs: views.iter().filter(|v| v.in_pipeline()).map(job).collect(),
        excluded: views.iter().filter(|v| !v.in_pipeline()).map(|v| Excluded { name: v.name, why: v.why() }).collect(),
        diagnostics: diagnostics(a, files),
        children: a
            .children
            .iter()
            .map(|c| ChildOut { job: &c.job, pipeline: output(&c.analysis, c.files.as_ref().unwrap_or(files)) })
            .collect(),
    }
}

fn job<'a>(v: &JobView<'a>) -> JobOut<'a> {
    let Scripts { before_script, script, after_script } = v.scripts();
    JobOut {
        name: v.name,
        stage: v.stage(),
        when: v.when().as_str(),
        allow_failure: v.allow_failure(),
        needs: v.needs(),
        dependencies: v.dependencies(),
        why: v.why(),
        extends: v.extends(),
        matrix: Pairs(v.matrix()),
        file: v.file_path(),
        line: v.line(),
        script: ScriptsOut { before_script, script, after_script },
        variables: v.variables().into_iter().map(variable).collect(),
        definition: NodeJson(v.definition()),
    }
}

fn variable(v: Variable) -> VariableOut {
    VariableOut {
        name: v.name,
        value: v.value,
        origin: v.origin.as_str(),
        overrides: v.overrides.iter().map(|o| o.as_str()).collect(),
    }
}

pub fn diagnostics<'a>(a: &'a Analysis, files: &'a FileSet) -> Vec<DiagnosticOut<'a>> {
    a.diagnostics
        .iter()
        .map(|d| DiagnosticOut {
            severity: d.severity.as_str(),
            code: d.code.as_str(),
            message: &d.message,
            file: d.span.map(|s| files.path(s.file)),
            line: d.span.map(|s| s.line),
            column: d.span.map(|s| s.col),
            end_line: d.span.map(|s| s.end_line),
            end_column: d.span.map(|s| s.end_col),
        })
        .collect()
}
