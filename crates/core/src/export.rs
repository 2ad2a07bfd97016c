//! The scene as standalone text formats: SVG, Graphviz DOT and Mermaid. Both front ends export through
//! these (the CLI's `graph --format`, the editor's export buttons). All labels are escaped.

use crate::keywords::when::When;
use crate::legend::Kind;
use crate::scene::{Scene, Tenths};
use std::collections::HashMap;
use std::fmt::Write;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

pub fn svg(s: &Scene) -> String {
    // Sized up front: growing a string of many megabytes by doubling would hold two copies at once.
    let mut o = String::with_capacity(svg_size_hint(s));
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="sans-serif" font-size="12">"#,
        w = s.width,
        h = s.height
    );
    let _ = writeln!(o, r##"  <rect width="100%" height="100%" fill="#fff"/>"##);
    if let Some(notice) = &s.notice {
        let _ = writeln!(o, r##"  <text class="notice" x="16" y="34" fill="#525252">{}</text>"##, xml(notice));
    }
    svg_body(&mut o, s);
    o.push_str("</svg>\n");
    o
}

/// Roughly the bytes [`svg`] writes: a few hundred per box, a line per edge and its points.
fn svg_size_hint(s: &Scene) -> usize {
    let edges: usize = s.edges.iter().map(|e| 48 + 2 * (e.from.len() + e.to.len()) + 40 * e.points.len()).sum();
    let jobs: usize = s.jobs.iter().map(|j| 420 + 3 * j.name.len()).sum();
    let children: usize = s.children.iter().map(|c| 400 + svg_size_hint(&c.scene)).sum();
    1024 + edges + jobs + children + 64 * s.columns.len() + s.stage_links.len() * 128
}

fn svg_body(o: &mut String, s: &Scene) {
    for c in &s.columns {
        let _ = writeln!(o, r#"  <text x="{}" y="20" font-weight="bold">{}</text>"#, Tenths(c.x), xml(&c.label));
    }
    for link in &s.stage_links {
        let _ = writeln!(
            o,
            r##"  <path class="stage-link" d="{}" fill="none" stroke="#b0b0b0" stroke-dasharray="3 3"/>"##,
            link.svg_d()
        );
    }
    // One style for every line, on their group: it would be most of each line's bytes.
    o.push_str("  <g fill=\"none\" stroke=\"#868686\" stroke-width=\"1.5\">\n");
    for e in s.edges.iter().filter(|e| e.points.len() > 1) {
        let _ = writeln!(o, r#"  <path data-edge="{}->{}" d="{}"/>"#, xml(&e.from), xml(&e.to), e.svg_d());
    }
    o.push_str("  </g>\n");
    for j in &s.jobs {
        let kind = Kind::of(j);
        let dash = if j.excluded || j.when == When::Manual { r#" stroke-dasharray="4 3""# } else { "" };
        let opacity = if j.excluded { r#" opacity="0.55""# } else { "" };
        let _ = writeln!(
            o,
            r##"  <g data-job="{n}" data-kind="{id}"{opacity}><title>{n}: {label}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="#fff" stroke="#525252"{dash}/><text x="{ix}" y="{ty}" fill="{c}">{icon}</text><text x="{tx}" y="{ty}">{text}</text></g>"##,
            n = xml(&j.name),
            text = xml(&j.label()),
            id = kind.id(),
            label = kind.label(),
            x = Tenths(j.x),
            y = Tenths(j.y),
            w = Tenths(j.width),
            h = Tenths(j.height),
            ix = Tenths(j.x + 8.0),
            tx = Tenths(j.x + 24.0),
            ty = Tenths(j.y + j.height / 2.0 + 4.0),
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
    let ids: HashMap<&str, usize> = s.jobs.iter().enumerate().rev().map(|(i, j)| (j.name.as_str(), i)).collect();
    let id = |name: &str| ids.get(name).copied().unwrap_or(0);
    for (i, j) in s.jobs.iter().enumerate() {
        let label = j.name.replace('"', "#quot;");
        let _ = writeln!(o, "  j{i}[\"{label}\"]");
    }
    for e in &s.edges {
        let _ = writeln!(o, "  j{} --> j{}", id(&e.from), id(&e.to));
    }
    o
}
