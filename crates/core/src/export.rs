//! The scene as standalone text formats: SVG, Graphviz DOT and Mermaid. Both front ends export through
//! these (the CLI's `graph --format`, the editor's export buttons). All labels are escaped.

use crate::scene::Scene;
use std::fmt::Write;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

pub fn svg(s: &Scene) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="sans-serif" font-size="12">"#,
        w = s.width,
        h = s.height
    );
    for c in &s.columns {
        let _ = writeln!(o, r#"  <text x="{:.1}" y="20" font-weight="bold">{}</text>"#, c.x, xml(&c.label));
    }
    for e in &s.edges {
        let d = e.svg_d();
        let _ = writeln!(
            o,
            r##"  <path data-edge="{}->{}" d="{d}" fill="none" stroke="#868686" stroke-width="1.5"/>"##,
            xml(&e.from),
            xml(&e.to)
        );
    }
    for j in &s.jobs {
        let _ = writeln!(
            o,
            r##"  <g data-job="{n}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" fill="#fff" stroke="#525252"/><text x="{:.1}" y="{:.1}">{n}</text></g>"##,
            j.x,
            j.y,
            j.width,
            j.height,
            j.x + 10.0,
            j.y + j.height / 2.0 + 4.0,
            n = xml(&j.name)
        );
    }
    o.push_str("</svg>\n");
    o
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn dot(s: &Scene) -> String {
    let mut o = String::from("digraph pipeline {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for j in &s.jobs {
        let _ = writeln!(o, "  {} [group={}];", quoted(&j.name), quoted(&j.stage));
    }
    for e in &s.edges {
        let _ = writeln!(o, "  {} -> {};", quoted(&e.from), quoted(&e.to));
    }
    o.push_str("}\n");
    o
}

pub fn mermaid(s: &Scene) -> String {
    let mut o = String::from("flowchart LR\n");
    let id = |name: &str| s.jobs.iter().position(|j| j.name == name).unwrap_or(0);
    for (i, j) in s.jobs.iter().enumerate() {
        let label = j.name.replace('"', "#quot;");
        let _ = writeln!(o, "  j{i}[\"{label}\"]");
    }
    for e in &s.edges {
        let _ = writeln!(o, "  j{} --> j{}", id(&e.from), id(&e.to));
    }
    o
}
