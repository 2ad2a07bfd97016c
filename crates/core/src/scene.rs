//! The drawing both renderers share: job boxes, stage columns and `needs` edges with coordinates.
//! Built from an evaluated pipeline through the CI-free `layout` phase.

use crate::evaluate::Pipeline;
use crate::graph::JobGraph;
use crate::keywords::when::When;
use crate::layout::{self, LayoutGraph, LayoutNode, RankMode, Spacing};

pub const NODE_HEIGHT: f64 = 34.0;
const HEADER: f64 = 36.0;
const MARGIN: f64 = 16.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
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

/// How to draw: the view, and which `parallel` groups to show as one node.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    pub view: View,
    /// Draw each `parallel`/`matrix` group as one node with a count (GitLab's grouping) ...
    pub collapse_parallel: bool,
    /// ... except these groups, expanded on demand.
    pub expanded: std::collections::BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobBox {
    /// The job's name, or the group's name for a collapsed `parallel` group.
    pub name: String,
    /// Jobs this box stands for: 1, or the size of a collapsed group.
    pub count: usize,
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

/// Every job as its own box (the CLI's drawing).
pub fn build(p: &Pipeline, g: &JobGraph, view: View) -> Scene {
    build_with(p, g, &Options { view, ..Options::default() })
}

pub fn build_with(p: &Pipeline, g: &JobGraph, opts: &Options) -> Scene {
    let view = opts.view;
    // Boxes: one per job, or one per collapsed parallel group (at its first member's place).
    let mut box_of = vec![0usize; p.jobs.len()];
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut group_box: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, j) in p.jobs.iter().enumerate() {
        let collapsed = j.group.as_deref().filter(|g| opts.collapse_parallel && !opts.expanded.contains(*g));
        let b = match collapsed.and_then(|g| group_box.get(g).copied()) {
            Some(b) => b,
            None => {
                members.push(Vec::new());
                if let Some(g) = collapsed {
                    group_box.insert(g, members.len() - 1);
                }
                members.len() - 1
            }
        };
        members[b].push(i);
        box_of[i] = b;
    }
    let label = |b: usize| -> String {
        let first = &p.jobs[members[b][0]];
        if members[b].len() > 1 {
            first.group.clone().unwrap_or_else(|| first.name.clone())
        } else {
            first.name.clone()
        }
    };
    let mut edges: Vec<(usize, usize)> =
        g.edges().map(|(a, b)| (box_of[a], box_of[b])).filter(|(a, b)| a != b).collect();
    let mut seen = std::collections::HashSet::new();
    edges.retain(|e| seen.insert(*e));

    let stage_rank: Vec<usize> = {
        let mut seen: Vec<usize> = p.jobs.iter().map(|j| j.stage_index).collect();
        seen.sort_unstable();
        seen.dedup();
        members.iter().map(|m| seen.binary_search(&p.jobs[m[0]].stage_index).unwrap_or(0)).collect()
    };
    let lg = LayoutGraph {
        nodes: members
            .iter()
            .enumerate()
            .map(|(b, m)| LayoutNode {
                width: box_width(&label(b)) + if m.len() > 1 { 24.0 } else { 0.0 },
                height: NODE_HEIGHT,
                min_rank: if view == View::Stages || p.jobs[m[0]].needs.is_none() { stage_rank[b] } else { 0 },
            })
            .collect(),
        edges: edges.clone(),
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
    let jobs = members
        .iter()
        .zip(&l.nodes)
        .enumerate()
        .map(|(b, (m, r))| {
            let (x, y) = shift((r.x, r.y));
            let j = &p.jobs[m[0]];
            JobBox {
                name: label(b),
                count: m.len(),
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
    let edges = edges
        .iter()
        .zip(&l.edges)
        .map(|(&(a, b), pts)| EdgePath {
            from: label(a),
            to: label(b),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze_text, PipelineContext};

    fn scene(yaml: &str, opts: &Options) -> Scene {
        let (_, a) = analyze_text(yaml, &PipelineContext::default_push());
        build_with(&a.pipeline, &a.graph, opts)
    }

    const YAML: &str = "build:\n  stage: build\n  script: x\n  parallel: 3\ntest:\n  needs: [build]\n  script: x\n";

    #[test]
    fn parallel_groups_collapse_into_one_box_with_a_count() {
        let s = scene(YAML, &Options { collapse_parallel: true, ..Options::default() });
        let boxes: Vec<(&str, usize)> = s.jobs.iter().map(|j| (j.name.as_str(), j.count)).collect();
        assert_eq!(boxes, [("build", 3), ("test", 1)]);
        let edges: Vec<(&str, &str)> = s.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect();
        assert_eq!(edges, [("build", "test")]);
    }

    #[test]
    fn expanded_groups_and_the_flat_drawing_show_every_job() {
        let mut expanded = std::collections::BTreeSet::new();
        expanded.insert("build".to_string());
        let s = scene(YAML, &Options { collapse_parallel: true, expanded, ..Options::default() });
        assert_eq!(s.jobs.len(), 4);
        assert_eq!(s.edges.len(), 3);
        assert_eq!(scene(YAML, &Options::default()).jobs.len(), 4);
    }
}
