//! `jobs --json`: one object, the CLI's stable contract (see README).

use pipelens_core::load::{Node, Value};
use pipelens_core::{Analysis, FileSet};
use serde_json::{json, Map, Value as Json};

pub fn jobs(a: &Analysis, files: &FileSet) -> String {
    let p = &a.pipeline;
    let jobs: Vec<Json> = p
        .jobs
        .iter()
        .map(|j| {
            let def = &a.config.jobs[j.def];
            json!({
                "name": j.name,
                "stage": j.stage,
                "when": j.when.as_str(),
                "allow_failure": j.allow_failure,
                "needs": j.needs,
                "dependencies": j.dependencies,
                "why": j.why,
                "extends": def.extends,
                "matrix": j.matrix.iter().map(|(k, v)| (k.clone(), Json::String(v.clone()))).collect::<Map<_, _>>(),
                "file": files.path(def.span.file),
                "line": def.span.line,
                "definition": node(&def.definition),
            })
        })
        .collect();
    let excluded: Vec<Json> = p.excluded.iter().map(|e| json!({"name": e.name, "why": e.why})).collect();
    let doc = json!({
        "pipeline_created": p.created,
        "why": p.why,
        "stages": p.stages,
        "jobs": jobs,
        "excluded": excluded,
        "diagnostics": diagnostics(a, files),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

pub fn diagnostics(a: &Analysis, files: &FileSet) -> Vec<Json> {
    a.diagnostics
        .iter()
        .map(|d| {
            json!({
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
                "file": d.span.map(|s| files.path(s.file).to_string()),
                "line": d.span.map(|s| s.line),
                "column": d.span.map(|s| s.col),
            })
        })
        .collect()
}

/// A resolved YAML value as JSON.
pub fn node(n: &Node) -> Json {
    match &n.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map(Json::Number).unwrap_or(Json::Null),
        Value::Str(s) => Json::String(s.clone()),
        Value::Seq(items) | Value::Reference(items) => Json::Array(items.iter().map(node).collect()),
        Value::Map(m) => Json::Object(m.iter().map(|(k, e)| (k.clone(), node(&e.value))).collect()),
    }
}
