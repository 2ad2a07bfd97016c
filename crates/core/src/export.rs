//! The scene as standalone text formats: SVG, Graphviz DOT and Mermaid. Both front ends export through
//! these (the CLI's `graph --format`, the editor's export buttons). All labels are escaped.

use crate::keywords::when::When;
use crate::legend::Kind;
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
    let _ = writeln!(o, r##"  <rect width="100%" height="100%" fill="#fff"/>"##);
    svg_body(&mut o, s);
    o.push_str("</svg>\n");
    o
}

fn svg_body(o: &mut String, s: &Scene) {
    for c in &s.columns {
        let _ = writeln!(o, r#"  <text x="{:.1}" y="20" font-weight="bold">{}</text>"#, c.x, xml(&c.label));
    }
    for link in &s.stage_links {
        let _ = writeln!(
            o,
            r##"  <path class="stage-link" d="{}" fill="none" stroke="#b0b0b0" stroke-dasharray="3 3"/>"##,
            link.svg_d()
        );
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
        let kind = Kind::of(j);
        let dash = if j.excluded || j.when == When::Manual { r#" stroke-dasharray="4 3""# } else { "" };
        let opacity = if j.excluded { r#" opacity="0.55""# } else { "" };
        let _ = writeln!(
            o,
            r##"  <g data-job="{n}" data-kind="{id}"{opacity}><title>{n}: {label}</title><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="6" fill="#fff" stroke="#525252"{dash}/><text x="{ix:.1}" y="{ty:.1}" fill="{c}">{icon}</text><text x="{tx:.1}" y="{ty:.1}">{text}</text></g>"##,
            n = xml(&j.name),
            text = xml(&j.label()),
            id = kind.id(),
            label = kind.label(),
            x = j.x,
            y = j.y,
            w = j.width,
            h = j.height,
            ix = j.x + 8.0,
            tx = j.x + 24.0,
            ty = j.y + j.height / 2.0 + 4.0,
            c = kind.colour(),
            icon = kind.icon(),
        );
    }
    for c in &s.children {
        let (ox, oy) = c.origin();
        let _ = writeln!(
            o,
            r##"  <path data-edge="{n}->child" d="{d}" fill="none" stroke="{col}" stroke-width="1.5"/>
  <g data-child="{n}"><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="8" fill="none" stroke="{col}"/><text x="{tx:.1}" y="{ty:.1}" fill="{col}">child pipeline of {n}</text></g>
  <g transform="translate({ox:.1} {oy:.1})">"##,
            n = xml(&c.job),
            d = c.link.svg_d(),
            col = Kind::Trigger.colour(),
            x = c.x,
            y = c.y,
            w = c.width,
            h = c.height,
            tx = c.x + 10.0,
            ty = c.y + 17.0,
        );
        svg_body(o, &c.scene);
        o.push_str("  </g>\n");
    }
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
