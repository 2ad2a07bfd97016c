//! The drawing both renderers share: job boxes, stage columns and `needs` edges with coordinates.
//! Built from an evaluated pipeline through the CI-free `layout` phase.

mod chain;
mod children;
mod groups;
mod implied;
mod stage_links;
mod visible;

pub(crate) use children::inner_options;
pub use children::NestedPipeline;
pub use groups::group_name;
pub use stage_links::StageLink;
pub use visible::{Area, Step};

use crate::keywords::when::When;
use crate::layout::{self, LayoutGraph, LayoutNode, RankMode, Spacing};
use crate::{Analysis, Limits};
use std::collections::{BTreeSet, HashMap};

pub const NODE_HEIGHT: f64 = 34.0;
const HEADER: f64 = 36.0;
const MARGIN: f64 = 16.0;
/// Vertical spacing of the lanes that lead to open child pipelines.
const LANE: f64 = 12.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    /// One column per stage, as GitLab draws it.
    Stages,
    /// Columns by longest `needs` path.
    Needs,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub columns: Vec<Column>,
    pub jobs: Vec<JobBox>,
    pub edges: Vec<EdgePath>,
    pub crossings: usize,
    /// Child pipelines drawn open, in a row below the graph.
    pub children: Vec<NestedPipeline>,
    /// Stage view: the implicit ordering of jobs without `needs`, which wait for every earlier stage.
    pub stage_links: Vec<StageLink>,
    /// Why part of the drawing is left out (a drawing limit was hit), to show with it.
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    pub x: f64,
}

/// How to draw: the view, which job groups to show as one node, what else to show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    pub view: View,
    /// Draw each group of similarly named jobs in a stage as one node with a count, as GitLab's pipeline
    /// graph does (see [`group_name`]; covers `parallel` and `parallel:matrix` jobs) ...
    pub collapse_groups: bool,
    /// ... except these groups, expanded on demand.
    pub expanded: BTreeSet<String>,
    /// Also draw the jobs left out of this pipeline (marked `excluded`, no edges), in their stage.
    pub show_excluded: bool,
    /// Trigger jobs whose child pipeline is drawn open: `job`, or `job/grandchild-trigger` one level down.
    pub open_children: BTreeSet<String>,
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
    /// Not in this pipeline (drawn only with [`Options::show_excluded`]).
    pub excluded: bool,
    /// A `trigger:include` job with an analysed child pipeline: whether that pipeline is drawn open.
    pub child: Option<bool>,
}

impl JobBox {
    /// The text drawn in the box: the name (shortened with `…` when the box is too narrow; the full name goes
    /// in the tooltip), then `×N` for a collapsed group and the allowed-to-fail mark.
    pub fn label(&self) -> String {
        let suffix = label_suffix(self.count, self.allow_failure);
        // Room after the icon, at the same per-character estimate that sized the box.
        let toggle = if self.child.is_some() { TOGGLE_WIDTH } else { 0.0 };
        let room = ((self.width - LABEL_LEFT - toggle) / CHAR_WIDTH).floor().max(4.0) as usize;
        let (name_len, suffix_len) = (self.name.chars().count(), suffix.chars().count());
        if name_len + suffix_len <= room {
            return format!("{}{suffix}", self.name);
        }
        let keep = room.saturating_sub(suffix_len + 1).max(1);
        format!("{}…{suffix}", self.name.chars().take(keep).collect::<String>())
    }
}

/// `×N` for a collapsed group, then the allowed-to-fail mark.
fn label_suffix(count: usize, allow_failure: bool) -> String {
    let mut suffix = String::new();
    if count > 1 {
        suffix.push_str(&format!("  ×{count}"));
    }
    if allow_failure {
        suffix.push(' ');
        suffix.push_str(crate::legend::ALLOW_FAILURE_ICON);
    }
    suffix
}

#[derive(Debug, Clone, PartialEq)]
pub struct EdgePath {
    pub from: String,
    pub to: String,
    /// Empty when the lines were not drawn ([`Scene::notice`] says why).
    pub points: Vec<(f64, f64)>,
}

impl EdgePath {
    /// SVG path data: the polyline with each segment eased into a cubic curve (horizontal tangents).
    pub fn svg_d(&self) -> String {
        use std::fmt::Write;
        let mut d = String::new();
        for (i, &(x, y)) in self.points.iter().enumerate() {
            let (x, y) = (Tenths(x), Tenths(y));
            if i == 0 {
                let _ = write!(d, "M{x},{y}");
            } else {
                let (px, py) = self.points[i - 1];
                let (mx, py) = (Tenths((px + x.0) / 2.0), Tenths(py));
                let _ = write!(d, " C{mx},{py} {mx},{y} {x},{y}");
            }
        }
        d
    }
}

/// A coordinate written with one decimal (to the nearest tenth, ties to even), without the exact float
/// formatting that dominated writing a drawing with many lines.
#[derive(Clone, Copy)]
pub(crate) struct Tenths(pub f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = (self.0 * 10.0).round_ties_even();
        if !t.is_finite() || t.abs() >= 1e15 {
            return write!(f, "{:.1}", self.0);
        }
        let t = t as i64;
        let sign = if t < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{}", t.unsigned_abs() / 10, t.unsigned_abs() % 10)
    }
}

/// Room kept at a trigger job's right end for the control that opens its child pipeline.
pub const TOGGLE_WIDTH: f64 = 24.0;

/// Average width of a label character at the drawings' 12 px font.
const CHAR_WIDTH: f64 = 7.2;

/// Where the label starts in a box (the kind's icon comes first).
const LABEL_LEFT: f64 = 34.0;

/// Width that fits the label and its suffix, clamped: longer names are shortened by [`JobBox::label`].
fn box_width(b: &BoxSrc) -> f64 {
    let chars = b.label.chars().count() + label_suffix(b.count, b.allow_failure).chars().count();
    (chars as f64 * CHAR_WIDTH + LABEL_LEFT + 10.0).clamp(120.0, 300.0)
}

/// Every job as its own box (the CLI's drawing).
pub fn build(a: &Analysis, view: View) -> Scene {
    build_with(a, &Options { view, ..Options::default() })
}

/// What one box stands for, before layout: the CI-free scene input that both an analysed configuration and a
/// live pipeline produce (see [`lay_out`]).
pub(crate) struct BoxSrc {
    pub(crate) label: String,
    pub(crate) count: usize,
    pub(crate) stage: String,
    pub(crate) stage_index: usize,
    /// Ranked by stage even in the needs view (no `needs`, or excluded).
    pub(crate) by_stage: bool,
    pub(crate) when: When,
    pub(crate) allow_failure: bool,
    pub(crate) excluded: bool,
    /// No `needs`: waits for every job of the earlier stages.
    pub(crate) waits_for_stages: bool,
    /// Starts a pipeline that can be drawn open below (a box standing for one job only).
    pub(crate) has_child: bool,
}

impl BoxSrc {
    /// One job's box: ranked by stage in the stage view, or when it has no `needs`.
    pub(crate) fn job(name: &str, stage: &str, stage_index: usize, needs: bool, view: View) -> BoxSrc {
        BoxSrc {
            label: name.to_string(),
            count: 1,
            stage: stage.to_string(),
            stage_index,
            by_stage: view == View::Stages || !needs,
            when: When::OnSuccess,
            allow_failure: false,
            excluded: false,
            waits_for_stages: !needs,
            has_child: false,
        }
    }
}

/// Merges the jobs of each group in a stage into one box (at its first member's place) where `opts` collapses
/// it. Returns the boxes and, per job, its box.
pub(crate) fn collapse(jobs: Vec<BoxSrc>, opts: &Options) -> (Vec<BoxSrc>, Vec<usize>) {
    let groups: Vec<String> = jobs.iter().map(|j| group_name(&j.label).to_string()).collect();
    let mut group_size: HashMap<(usize, &str), usize> = HashMap::new();
    for (j, g) in jobs.iter().zip(&groups) {
        *group_size.entry((j.stage_index, g)).or_default() += 1;
    }
    let mut box_of = vec![0usize; jobs.len()];
    let mut boxes: Vec<BoxSrc> = Vec::new();
    let mut group_box: HashMap<(usize, &str), usize> = HashMap::new();
    for (i, j) in jobs.into_iter().enumerate() {
        let key = (j.stage_index, groups[i].as_str());
        let collapsed = opts.collapse_groups && group_size[&key] > 1 && !opts.expanded.contains(&groups[i]);
        let collapsed = collapsed.then_some(key);
        box_of[i] = match collapsed.and_then(|k| group_box.get(&k).copied()) {
            Some(b) => {
                boxes[b].count += 1;
                boxes[b].label = groups[i].clone();
                b
            }
            None => {
                if let Some(k) = collapsed {
                    group_box.insert(k, boxes.len());
                }
                boxes.push(j);
                boxes.len() - 1
            }
        };
    }
    (boxes, box_of)
}

/// Job-level `needs` edges as the lines to draw between boxes: inside a box dropped, implied ones left out.
pub(crate) fn box_edges(
    box_of: &[usize],
    n_boxes: usize,
    job_edges: impl Iterator<Item = (usize, usize)>,
    limits: &Limits,
) -> Vec<(usize, usize)> {
    let all: Vec<(usize, usize)> = job_edges.map(|(a, b)| (box_of[a], box_of[b])).filter(|(a, b)| a != b).collect();
    implied::drawn(n_boxes, &all, limits.max_implied_check_boxes)
}

pub fn build_with(a: &Analysis, opts: &Options) -> Scene {
    build_within(a, opts, &Limits::default())
}

/// As [`build_with`], within the drawing bounds of `limits` (`max_drawn_bends`, `max_implied_check_boxes`).
pub fn build_within(a: &Analysis, opts: &Options, limits: &Limits) -> Scene {
    let (p, g) = (&a.pipeline, &a.graph);
    let view = opts.view;
    let jobs = p.jobs.iter().map(|j| BoxSrc {
        when: j.when,
        allow_failure: j.allow_failure,
        ..BoxSrc::job(&j.name, &j.stage, j.stage_index, j.needs.is_some(), view)
    });
    let (mut boxes, box_of) = collapse(jobs.collect(), opts);
    if opts.show_excluded {
        for e in &p.excluded {
            let Some(def) = a.config.jobs.get(e.def) else { continue };
            boxes.push(BoxSrc {
                label: e.name.clone(),
                count: 1,
                stage: def.stage.clone(),
                stage_index: a.config.stages.iter().position(|s| *s == def.stage).unwrap_or(usize::MAX),
                by_stage: true,
                when: def.when,
                allow_failure: def.allow_failure.unwrap_or(false),
                excluded: true,
                waits_for_stages: false,
                has_child: false,
            });
        }
    }
    let edges = box_edges(&box_of, boxes.len(), g.edges(), limits);
    let child_of =
        |b: &BoxSrc| (b.count == 1 && !b.excluded).then(|| a.children.iter().find(|c| c.job == b.label)).flatten();
    for b in &mut boxes {
        b.has_child = child_of(b).is_some();
    }
    let open: Vec<(usize, Scene)> = boxes
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let c = child_of(b).filter(|_| opts.open_children.contains(&b.label))?;
            Some((i, build_with(&c.analysis, &children::inner_options(opts, &c.job))))
        })
        .collect();
    lay_out(&boxes, edges, opts, limits, open)
}

/// The one scene builder: lays out boxes, their drawn `needs` edges (box indices) and stage columns, then
/// frames the given nested scenes (box index of the job that started each, in box order) below.
pub(crate) fn lay_out(
    boxes: &[BoxSrc],
    edges: Vec<(usize, usize)>,
    opts: &Options,
    limits: &Limits,
    open: Vec<(usize, Scene)>,
) -> Scene {
    let view = opts.view;
    // Stage columns: the stages that hold a box, in stage order.
    let mut stages: Vec<(usize, &str)> = boxes.iter().map(|b| (b.stage_index, b.stage.as_str())).collect();
    stages.sort_unstable();
    stages.dedup_by_key(|s| s.0);
    let stage_rank = |b: &BoxSrc| stages.binary_search_by_key(&b.stage_index, |s| s.0).unwrap_or(0);
    let lg = LayoutGraph {
        nodes: boxes
            .iter()
            .map(|b| LayoutNode {
                width: box_width(b) + if b.has_child { TOGGLE_WIDTH } else { 0.0 },
                height: NODE_HEIGHT,
                min_rank: if b.by_stage { stage_rank(b) } else { 0 },
            })
            .collect(),
        edges,
    };
    let mode = if view == View::Stages { RankMode::Fixed } else { RankMode::LongestPath };
    let spacing = Spacing::default();
    let mut l = layout::run_within(&lg, mode, spacing, limits.max_drawn_bends);
    let notice = l.refused_bends.map(|bends| {
        format!(
            "The needs lines are not drawn: {} lines would cross columns {bends} times, more than the {} \
             this drawing allows. Each job's needs are still listed with the job.",
            lg.edges.len(),
            limits.max_drawn_bends
        )
    });
    let shift = |(x, y): (f64, f64)| (x + MARGIN, y + HEADER + MARGIN);
    let columns = match view {
        View::Stages => {
            stages.iter().zip(&l.rank_x).map(|(s, &x)| Column { label: s.1.to_string(), x: x + MARGIN }).collect()
        }
        View::Needs => {
            l.rank_x.iter().enumerate().map(|(i, &x)| Column { label: format!("{}", i + 1), x: x + MARGIN }).collect()
        }
    };
    let mut jobs: Vec<JobBox> = boxes
        .iter()
        .zip(&l.nodes)
        .map(|(b, r)| {
            let (x, y) = shift((r.x, r.y));
            JobBox {
                name: b.label.clone(),
                count: b.count,
                stage: b.stage.clone(),
                x,
                y,
                width: r.width,
                height: r.height,
                when: b.when,
                allow_failure: b.allow_failure,
                excluded: b.excluded,
                child: b.has_child.then(|| opts.open_children.contains(&b.label)),
            }
        })
        .collect();
    // Refused lines stay as edges without points: highlighting and the text exports still follow them.
    let mut routed = std::mem::take(&mut l.edges);
    routed.resize_with(lg.edges.len(), Vec::new);
    let edges = lg
        .edges
        .iter()
        .zip(routed)
        .map(|(&(from, to), mut points)| {
            points.iter_mut().for_each(|pt| *pt = shift(*pt));
            EdgePath { from: boxes[from].label.clone(), to: boxes[to].label.clone(), points }
        })
        .collect();
    let mut scene = Scene {
        width: l.width + 2.0 * MARGIN,
        height: l.height + HEADER + 2.0 * MARGIN,
        columns,
        jobs: Vec::new(),
        edges,
        crossings: l.crossings,
        notice,
        children: Vec::new(),
        stage_links: if view == View::Stages {
            stage_links::between_columns(&jobs, &l, |i| boxes[i].waits_for_stages && !boxes[i].excluded)
        } else {
            Vec::new()
        },
    };
    children::open_below(&mut scene, open, &jobs, &l);
    jobs.shrink_to_fit();
    scene.jobs = jobs;
    scene
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{analyze_text, PipelineContext};

    pub(super) fn scene(yaml: &str, opts: &Options) -> Scene {
        let (_, a) = analyze_text(yaml, &PipelineContext::default_push());
        build_with(&a, opts)
    }

    const YAML: &str = "build:\n  stage: build\n  script: x\n  parallel: 3\ntest:\n  needs: [build]\n  script: x\n";

    #[test]
    fn parallel_groups_collapse_into_one_box_with_a_count() {
        let s = scene(YAML, &Options { collapse_groups: true, ..Options::default() });
        let boxes: Vec<(&str, usize)> = s.jobs.iter().map(|j| (j.name.as_str(), j.count)).collect();
        assert_eq!(boxes, [("build", 3), ("test", 1)]);
        let edges: Vec<(&str, &str)> = s.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect();
        assert_eq!(edges, [("build", "test")]);
    }

    #[test]
    fn expanded_groups_and_the_flat_drawing_show_every_job() {
        let mut expanded = std::collections::BTreeSet::new();
        expanded.insert("build".to_string());
        let s = scene(YAML, &Options { collapse_groups: true, expanded, ..Options::default() });
        assert_eq!(s.jobs.len(), 4);
        assert_eq!(s.edges.len(), 3);
        assert_eq!(scene(YAML, &Options::default()).jobs.len(), 4);
    }

    #[test]
    fn excluded_jobs_are_drawn_only_on_request_in_their_stage_without_edges() {
        let yaml = "stages: [build, deploy]\nbuild:\n  stage: build\n  script: x\n\
                    deploy:\n  stage: deploy\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\n";
        assert_eq!(scene(yaml, &Options::default()).columns.len(), 1);
        let s = scene(yaml, &Options { show_excluded: true, ..Options::default() });
        let deploy = s.jobs.iter().find(|j| j.name == "deploy").expect("excluded job drawn");
        assert!(deploy.excluded && !s.jobs[0].excluded);
        assert_eq!(s.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), ["build", "deploy"]);
        assert!(deploy.x > s.jobs[0].x, "in its own stage column, to the right");
        assert!(s.edges.is_empty());
    }

    #[test]
    fn coordinates_are_written_with_one_decimal() {
        let shown: Vec<String> = [0.0, 12.25, 12.35, -0.04, -3.96, 7.0, 1e20].map(|v| Tenths(v).to_string()).into();
        assert_eq!(shown, ["0.0", "12.2", "12.4", "0.0", "-4.0", "7.0", "100000000000000000000.0"]);
    }

    #[test]
    fn long_names_are_shortened_to_fit_their_box() {
        let long = format!("build linux: [{}]", "amd64, cp311-cp311, v1137".repeat(3));
        let yaml = format!("\"{long}\":\n  script: x\n  allow_failure: true\nshort:\n  script: x\n");
        let s = scene(&yaml, &Options::default());
        let label = s.jobs[0].label();
        assert!(label.ends_with("… ⚠"), "{label}");
        assert!(label.chars().count() as f64 * CHAR_WIDTH <= s.jobs[0].width - 30.0, "{label}");
        assert_eq!(s.jobs[1].label(), "short");
        // Short names keep their suffix whole: the box grows for it.
        let s = scene("review-app:\n  script: x\n  when: manual\n", &Options::default());
        assert_eq!(s.jobs[0].label(), "review-app ⚠");
    }
}
