//! The drawing both renderers share: job boxes, stage columns and `needs` edges with coordinates.
//! Built from an evaluated pipeline through the CI-free `layout` phase.

use crate::evaluate::Pipeline;
use crate::graph::JobGraph;
use crate::keywords::when::When;
use crate::layout::{self, LayoutGraph, LayoutNode, RankMode, Spacing};

pub const NODE_HEIGHT: f64 = 34.0;
const HEADER: f64 = 36.0;
const MARGIN: f64 = 16.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One column per stage, as GitLab draws it.
    Stages,
    /// Columns by longest `needs` path.
    Needs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub columns: Vec<Column>,
    pub jobs: Vec<JobBox>,
    pub edges: Vec<EdgePath>,
    pub crossings: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    pub x: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobBox {
    pub name: String,
    pub stage: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub when: When,
    pub allow_failure: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EdgePath {
    pub from: String,
    pub to: String,
    pub points: Vec<(f64, f64)>,
}

impl EdgePath {
    /// SVG path data: the polyline with each segment eased into a cubic curve (horizontal tangents).
    pub fn svg_d(&self) -> String {
        use std::fmt::Write;
        let mut d = String::new();
        for (i, &(x, y)) in self.points.iter().enumerate() {
            if i == 0 {
                let _ = write!(d, "M{x:.1},{y:.1}");
            } else {
                let (px, py) = self.points[i - 1];
                let mx = (px + x) / 2.0;
                let _ = write!(d, " C{mx:.1},{py:.1} {mx:.1},{y:.1} {x:.1},{y:.1}");
            }
        }
        d
    }
}

/// Width that fits the label (monospace-ish estimate), clamped.
fn box_width(name: &str) -> f64 {
    (name.chars().count() as f64 * 7.2 + 40.0).clamp(120.0, 280.0)
}

pub fn build(p: &Pipeline, g: &JobGraph, view: View) -> Scene {
    let stage_rank: Vec<usize> = {
        let mut seen: Vec<usize> = p.jobs.iter().map(|j| j.stage_index).collect();
        seen.sort_unstable();
        seen.dedup();
        p.jobs.iter().map(|j| seen.binary_search(&j.stage_index).unwrap_or(0)).collect()
    };
    let lg = LayoutGraph {
        nodes: p
            .jobs
            .iter()
            .zip(&stage_rank)
            .map(|(j, &r)| LayoutNode {
                width: box_width(&j.name),
                height: NODE_HEIGHT,
                min_rank: if view == View::Stages || j.needs.is_none() { r } else { 0 },
            })
            .collect(),
        edges: g.edges().collect(),
    };
    let mode = if view == View::Stages { RankMode::Fixed } else { RankMode::LongestPath };
    let l = layout::run(&lg, mode, Spacing::default());
    let shift = |(x, y): (f64, f64)| (x + MARGIN, y + HEADER + MARGIN);
    let columns = match view {
        View::Stages => {
            p.stages.iter().zip(&l.rank_x).map(|(s, &x)| Column { label: s.clone(), x: x + MARGIN }).collect()
        }
        View::Needs => {
            l.rank_x.iter().enumerate().map(|(i, &x)| Column { label: format!("{}", i + 1), x: x + MARGIN }).collect()
        }
    };
    let jobs = p
        .jobs
        .iter()
        .zip(&l.nodes)
        .map(|(j, r)| {
            let (x, y) = shift((r.x, r.y));
            JobBox {
                name: j.name.clone(),
                stage: j.stage.clone(),
                x,
                y,
                width: r.width,
                height: r.height,
                when: j.when,
                allow_failure: j.allow_failure,
            }
        })
        .collect();
    let edges = g
        .edges()
        .zip(&l.edges)
        .map(|((a, b), pts)| EdgePath {
            from: p.jobs[a].name.clone(),
            to: p.jobs[b].name.clone(),
            points: pts.iter().map(|&pt| shift(pt)).collect(),
        })
        .collect();
    Scene {
        width: l.width + 2.0 * MARGIN,
        height: l.height + HEADER + 2.0 * MARGIN,
        columns,
        jobs,
        edges,
        crossings: l.crossings,
    }
}
