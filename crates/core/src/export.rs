//! The scene as standalone text formats: SVG, Graphviz DOT and Mermaid. Both front ends export through
//! these (the CLI's `graph --format`, the editor's export buttons). All labels are escaped, and control
//! characters (which YAML allows in a quoted job name) are shown as visible escapes: XML forbids them, and
//! in DOT and Mermaid a line break in a label would end the statement.

use crate::keywords::when::When;
use crate::legend::Kind;
use crate::scene::{EdgePath, JobBox, Scene, Tenths};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

/// Control characters (C0, DEL, C1), bidirectional overrides and the non-characters XML forbids as visible escapes (`\x1b`, `\u{202e}`):
/// in a terminal they would act, in XML they are not allowed, in a label they break lines or reorder text.
pub fn visible(s: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{fffe}' | '\u{ffff}')
    };
    if !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !hidden(c) => out.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

fn xml(s: &str) -> String {
    visible(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The boxes by name. A job and a group (or two groups in different stages) may share a name, so among the
/// boxes of that name an edge's end takes the one it touches. Built once per export: linear in edges.
struct Boxes<'a> {
    scene: &'a Scene,
    by_name: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Boxes<'a> {
    fn of(scene: &'a Scene) -> Self {
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, j) in scene.jobs.iter().enumerate() {
            by_name.entry(j.name.as_str()).or_default().push(i);
        }
        Boxes { scene, by_name }
    }

    /// The box an edge leaves from (`end == false`) or arrives at.
    fn endpoint(&self, e: &EdgePath, end: bool) -> Option<usize> {
        let name = if end { &e.to } else { &e.from };
        let point = if end { e.points.last() } else { e.points.first() };
        let distance = |b: &JobBox| match point {
            Some(&(x, y)) => {
                let dx = (b.x - x).max(x - (b.x + b.width)).max(0.0);
                let dy = (b.y - y).max(y - (b.y + b.height)).max(0.0);
                dx * dx + dy * dy
            }
            None => 0.0,
        };
        let candidates = self.by_name.get(name.as_str())?;
        candidates
            .iter()
            .copied()
            .min_by(|&a, &b| distance(&self.scene.jobs[a]).total_cmp(&distance(&self.scene.jobs[b])))
    }
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

/// The name in a DOT or Mermaid node (no width to fit), with the size of a collapsed group.
fn box_text(j: &JobBox) -> String {
    if j.count > 1 {
        format!("{} ×{}", j.name, j.count)
    } else {
        j.name.clone()
    }
}

/// A DOT string: backslashes and quotes escaped (so `\\N`-style label escapes stay literal), control
/// characters visible.
fn quoted(s: &str) -> String {
    format!("\"{}\"", visible(s).replace('\\', "\\\\").replace('"', "\\\""))
}

/// Nodes are `j0`, `j1`, … with the name as label: one node per box even when a job and a group share a
/// name, and names Graphviz would read specially (`%…`, `\N`) are only ever text.
pub fn dot(s: &Scene) -> String {
    let mut o = String::from("digraph pipeline {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for (i, j) in s.jobs.iter().enumerate() {
        let _ = writeln!(o, "  j{i} [label={}, group={}];", quoted(&box_text(j)), quoted(&j.stage));
    }
    let boxes = Boxes::of(s);
    for e in &s.edges {
        if let (Some(from), Some(to)) = (boxes.endpoint(e, false), boxes.endpoint(e, true)) {
            let _ = writeln!(o, "  j{from} -> j{to};");
        }
    }
    o.push_str("}\n");
    o
}

/// Mermaid label text: quotes, `#` (entity codes), `<` `>` (labels are HTML) and `&` as entity codes,
/// control characters visible, so no label can end its line or start a `%%{init}%%` directive.
fn mermaid_label(s: &str) -> String {
    let mut out = String::new();
    for c in visible(s).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            c => out.push(c),
        }
    }
    out
}

pub fn mermaid(s: &Scene) -> String {
    let mut o = String::from("flowchart LR\n");
    let boxes = Boxes::of(s);
    for (i, j) in s.jobs.iter().enumerate() {
        let _ = writeln!(o, "  j{i}[\"{}\"]", mermaid_label(&box_text(j)));
    }
    for e in &s.edges {
        if let (Some(from), Some(to)) = (boxes.endpoint(e, false), boxes.endpoint(e, true)) {
            let _ = writeln!(o, "  j{from} --> j{to}");
        }
    }
    o
}
