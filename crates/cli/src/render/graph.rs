//! `graph`: the shared scene as SVG, Graphviz DOT, Mermaid (written by core's `export`) or JSON.

pub use pipelens_core::export::{dot, mermaid, svg};
use pipelens_core::scene::Scene;
use serde_json::json;

fn value(s: &Scene) -> serde_json::Value {
    json!({
        "width": s.width,
        "height": s.height,
        "crossings": s.crossings,
        "columns": s.columns.iter().map(|c| json!({"label": c.label, "x": c.x})).collect::<Vec<_>>(),
        "jobs": s.jobs.iter().map(|j| json!({"name": j.name, "count": j.count, "stage": j.stage, "x": j.x, "y": j.y, "width": j.width, "height": j.height, "when": j.when.as_str(), "allow_failure": j.allow_failure, "excluded": j.excluded, "child": j.child})).collect::<Vec<_>>(),
        "edges": s.edges.iter().map(|e| json!({"from": e.from, "to": e.to, "points": e.points})).collect::<Vec<_>>(),
        "stage_links": s.stage_links.iter().map(|l| json!({"x": l.x, "from": l.from, "to": l.to, "segments": l.segments()})).collect::<Vec<_>>(),
        "children": s.children.iter().map(|c| json!({"job": c.job, "x": c.x, "y": c.y, "width": c.width, "height": c.height, "link": c.link.points, "scene": value(&c.scene)})).collect::<Vec<_>>(),
    })
}

pub fn json(s: &Scene) -> String {
    let mut out = serde_json::to_string_pretty(&value(s)).unwrap_or_default();
    out.push('\n');
    out
}
