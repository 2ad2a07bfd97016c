//! The drawing both renderers share: job boxes, stage columns and `needs` edges with coordinates.
//! Built from an evaluated pipeline through the CI-free `layout` phase.

use crate::child::ChildPipeline;
use crate::keywords::when::When;
use crate::layout::{self, LayoutGraph, LayoutNode, RankMode, Spacing};
use crate::Analysis;
use std::collections::{BTreeSet, HashMap, HashSet};

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
}

/// A stage barrier, drawn as a bus in the gap between two stage columns: a stub from every job of the
/// earlier column into the bus, and from the bus into every job of the later column that has no `needs`.
/// One line per job instead of one per pair, and only through the gap, so it never crosses a box.
#[derive(Debug, Clone, PartialEq)]
pub struct StageLink {
    /// The bus's x, in the gap.
    pub x: f64,
    /// Right-middle points of the earlier column's jobs.
    pub from: Vec<(f64, f64)>,
    /// Left-middle points of the later column's jobs that wait for the earlier stages.
    pub to: Vec<(f64, f64)>,
}

impl StageLink {
    /// The straight segments to draw: the stubs, then the bus.
    pub fn segments(&self) -> Vec<[(f64, f64); 2]> {
        let mut out: Vec<[(f64, f64); 2]> = self.from.iter().map(|&(x, y)| [(x, y), (self.x, y)]).collect();
        out.extend(self.to.iter().map(|&(x, y)| [(self.x, y), (x, y)]));
        let ys = self.from.iter().chain(&self.to).map(|p| p.1);
        let (top, bottom) = ys.fold((f64::MAX, f64::MIN), |(t, b), y| (t.min(y), b.max(y)));
        if top < bottom {
            out.push([(self.x, top), (self.x, bottom)]);
        }
        out
    }

    /// SVG path data for all segments.
    pub fn svg_d(&self) -> String {
        use std::fmt::Write;
        let mut d = String::new();
        for [(x0, y0), (x1, y1)] in self.segments() {
            let _ = write!(d, "M{x0:.1},{y0:.1}L{x1:.1},{y1:.1}");
        }
        d
    }
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

/// A child pipeline drawn inside a frame; its scene's coordinates are relative to [`NestedPipeline::origin`].
#[derive(Debug, Clone, PartialEq)]
pub struct NestedPipeline {
    /// The trigger job in the parent drawing.
    pub job: String,
    /// The frame.
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// From the trigger job's box to the frame, through the column gap and a lane of its own below the graph.
    pub link: EdgePath,
    pub scene: Scene,
}

impl NestedPipeline {
    pub const TITLE: f64 = 26.0;
    pub const PAD: f64 = 8.0;

    /// Where the nested scene's (0, 0) sits in the parent's coordinates.
    pub fn origin(&self) -> (f64, f64) {
        (self.x + Self::PAD, self.y + Self::TITLE)
    }
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

/// Room kept at a trigger job's right end for the control that opens its child pipeline.
pub const TOGGLE_WIDTH: f64 = 24.0;

/// Average width of a label character at the drawings' 12 px font.
const CHAR_WIDTH: f64 = 7.2;

/// A rectangle of the drawing, in scene coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Area {
    /// What is worth drawing for a viewport (all in scene coordinates): the viewport and one viewport's size
    /// around it, snapped to half-viewport steps so that small scrolls keep the same area and redraw nothing.
    pub fn around_viewport(x: f64, y: f64, width: f64, height: f64) -> Area {
        let (w, h) = (width.max(1.0), height.max(1.0));
        let snap = |v: f64, step: f64| (v / step).floor() * step;
        let (x0, y0) = (snap(x, w / 2.0) - w, snap(y, h / 2.0) - h);
        let (x1, y1) = (snap(x + w, w / 2.0) + w / 2.0 + w, snap(y + h, h / 2.0) + h / 2.0 + h);
        Area { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
    }

    pub fn touches(&self, x: f64, y: f64, width: f64, height: f64) -> bool {
        x <= self.x + self.width && self.x <= x + width && y <= self.y + self.height && self.y <= y + height
    }
}

impl Scene {
    /// The jobs, edges and child frames (by index) that touch `area`: a huge drawing only puts those in the
    /// DOM. An edge counts by its bounding box.
    pub fn visible(&self, area: &Area) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
        let jobs = (0..self.jobs.len())
            .filter(|&i| {
                let j = &self.jobs[i];
                area.touches(j.x, j.y, j.width, j.height)
            })
            .collect();
        let bounds = |pts: &mut dyn Iterator<Item = (f64, f64)>| {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for (x, y) in pts {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
            x0 <= x1 && area.touches(x0, y0, x1 - x0, y1 - y0)
        };
        let edges = (0..self.edges.len()).filter(|&i| bounds(&mut self.edges[i].points.iter().copied())).collect();
        let children = (0..self.children.len())
            .filter(|&i| {
                let c = &self.children[i];
                let corners = [(c.x, c.y), (c.x + c.width, c.y + c.height)];
                bounds(&mut c.link.points.iter().copied().chain(corners))
            })
            .collect();
        (jobs, edges, children)
    }
}

/// The barrier between each pair of adjacent stage columns that has jobs waiting behind it.
fn stage_links(boxes: &[BoxSrc], jobs: &[JobBox], l: &layout::Layout) -> Vec<StageLink> {
    let mut out = Vec::new();
    for r in 1..l.rank_x.len() {
        let in_rank = |rank: usize| (0..jobs.len()).filter(move |&i| l.ranks[i] == rank);
        let mid = |j: &JobBox| j.y + j.height / 2.0;
        let to: Vec<(f64, f64)> = in_rank(r)
            .filter(|&i| boxes[i].waits_for_stages && !boxes[i].excluded)
            .map(|i| (jobs[i].x, mid(&jobs[i])))
            .collect();
        let from: Vec<(f64, f64)> = in_rank(r - 1)
            .filter(|&i| !boxes[i].excluded)
            .map(|i| (jobs[i].x + jobs[i].width, mid(&jobs[i])))
            .collect();
        if to.is_empty() || from.is_empty() {
            continue;
        }
        let right = in_rank(r - 1).map(|i| jobs[i].x + jobs[i].width).fold(f64::MIN, f64::max);
        let next_left = in_rank(r).map(|i| jobs[i].x).fold(f64::MAX, f64::min);
        out.push(StageLink { x: (right + next_left) / 2.0, from, to });
    }
    out
}

/// The group a job is drawn in, by GitLab's documented rule for grouping jobs in the pipeline graph: one or
/// more ` X Y`, ` X/Y`, ` X:Y`, ` X\\Y` or `: [...]` sequences are removed from the end of the name
/// (`rspec 3/8` → `rspec`, `build: [amd64, 3.12]` → `build`); other names are their own group.
pub fn group_name(name: &str) -> &str {
    static SUFFIX: std::sync::OnceLock<regex_lite::Regex> = std::sync::OnceLock::new();
    // GitLab's `([\b\s:]+((\[.*\])|(\d+[\s:\/\\]+\d+)))+\s*\z`; in a Ruby class `\b` is a backspace.
    let re = SUFFIX.get_or_init(|| {
        regex_lite::Regex::new(r"([\x08\s:]+((\[.*\])|(\d+[\s:/\\]+\d+)))+\s*\z").expect("valid pattern")
    });
    match re.find(name) {
        Some(m) if m.start() > 0 => &name[..m.start()],
        _ => name,
    }
}

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

/// What one box stands for, before layout.
struct BoxSrc {
    label: String,
    count: usize,
    stage: String,
    stage_index: usize,
    /// Ranked by stage even in the needs view (no `needs`, or excluded).
    by_stage: bool,
    when: When,
    allow_failure: bool,
    excluded: bool,
    /// No `needs`: waits for every job of the earlier stages.
    waits_for_stages: bool,
}

pub fn build_with(a: &Analysis, opts: &Options) -> Scene {
    let (p, g) = (&a.pipeline, &a.graph);
    let view = opts.view;
    // Boxes: one per job, or one per collapsed group (at its first member's place).
    let mut box_of = vec![0usize; p.jobs.len()];
    let mut boxes: Vec<BoxSrc> = Vec::new();
    let groups: Vec<&str> = p.jobs.iter().map(|j| group_name(&j.name)).collect();
    let mut group_size: HashMap<(usize, &str), usize> = HashMap::new();
    for (j, g) in p.jobs.iter().zip(&groups) {
        *group_size.entry((j.stage_index, g)).or_default() += 1;
    }
    let mut group_box: HashMap<(usize, &str), usize> = HashMap::new();
    for (i, j) in p.jobs.iter().enumerate() {
        let key = (j.stage_index, groups[i]);
        let collapsed = opts.collapse_groups && group_size[&key] > 1 && !opts.expanded.contains(groups[i]);
        let collapsed = collapsed.then_some(key);
        box_of[i] = match collapsed.and_then(|k| group_box.get(&k).copied()) {
            Some(b) => {
                boxes[b].count += 1;
                boxes[b].label = groups[i].to_string();
                b
            }
            None => {
                if let Some(k) = collapsed {
                    group_box.insert(k, boxes.len());
                }
                boxes.push(BoxSrc {
                    label: j.name.clone(),
                    count: 1,
                    stage: j.stage.clone(),
                    stage_index: j.stage_index,
                    by_stage: view == View::Stages || j.needs.is_none(),
                    when: j.when,
                    allow_failure: j.allow_failure,
                    excluded: false,
                    waits_for_stages: j.needs.is_none(),
                });
                boxes.len() - 1
            }
        };
    }
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
            });
        }
    }
    let mut edges: Vec<(usize, usize)> =
        g.edges().map(|(a, b)| (box_of[a], box_of[b])).filter(|(a, b)| a != b).collect();
    let mut seen = HashSet::new();
    edges.retain(|e| seen.insert(*e));

    // Stage columns: the stages that hold a box, in stage order.
    let mut stages: Vec<(usize, &str)> = boxes.iter().map(|b| (b.stage_index, b.stage.as_str())).collect();
    stages.sort_unstable();
    stages.dedup_by_key(|s| s.0);
    let stage_rank = |b: &BoxSrc| stages.binary_search_by_key(&b.stage_index, |s| s.0).unwrap_or(0);
    let child_of =
        |b: &BoxSrc| (b.count == 1 && !b.excluded).then(|| a.children.iter().find(|c| c.job == b.label)).flatten();
    let lg = LayoutGraph {
        nodes: boxes
            .iter()
            .map(|b| LayoutNode {
                width: box_width(b) + if child_of(b).is_some() { TOGGLE_WIDTH } else { 0.0 },
                height: NODE_HEIGHT,
                min_rank: if b.by_stage { stage_rank(b) } else { 0 },
            })
            .collect(),
        edges: edges.clone(),
    };
    let mode = if view == View::Stages { RankMode::Fixed } else { RankMode::LongestPath };
    let spacing = Spacing::default();
    let l = layout::run(&lg, mode, spacing);
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
                child: child_of(b).map(|_| opts.open_children.contains(&b.label)),
            }
        })
        .collect();
    let edges = edges
        .iter()
        .zip(&l.edges)
        .map(|(&(from, to), pts)| EdgePath {
            from: boxes[from].label.clone(),
            to: boxes[to].label.clone(),
            points: pts.iter().map(|&pt| shift(pt)).collect(),
        })
        .collect();
    let mut scene = Scene {
        width: l.width + 2.0 * MARGIN,
        height: l.height + HEADER + 2.0 * MARGIN,
        columns,
        jobs: Vec::new(),
        edges,
        crossings: l.crossings,
        children: Vec::new(),
        stage_links: if view == View::Stages { stage_links(&boxes, &jobs, &l) } else { Vec::new() },
    };
    // Open child pipelines, left to right in a row below the graph.
    let open: Vec<(usize, &ChildPipeline)> = boxes
        .iter()
        .enumerate()
        .filter_map(|(i, b)| child_of(b).filter(|_| opts.open_children.contains(&b.label)).map(|c| (i, c)))
        .collect();
    let row_y = scene.height + LANE * (open.len() as f64 + 1.0);
    let mut x = MARGIN;
    for (k, &(i, c)) in open.iter().enumerate() {
        let prefix = format!("{}/", c.job);
        let inner = Options {
            open_children: opts
                .open_children
                .iter()
                .filter_map(|p| p.strip_prefix(&prefix))
                .map(String::from)
                .collect(),
            ..opts.clone()
        };
        let nested = build_with(&c.analysis, &inner);
        let (width, height) = (nested.width + 2.0 * NestedPipeline::PAD, nested.height + NestedPipeline::TITLE);
        let j = &jobs[i];
        let r = l.ranks[i];
        let gap_x =
            MARGIN + l.rank_x.get(r + 1).map_or(l.width + spacing.rank_gap / 2.0, |x| x - spacing.rank_gap / 2.0);
        let (mid, lane) = (j.y + j.height / 2.0, scene.height + LANE * (k as f64 + 1.0));
        let points = vec![(j.x + j.width, mid), (gap_x, mid), (gap_x, lane), (x + 24.0, lane), (x + 24.0, row_y)];
        let link = EdgePath { from: c.job.clone(), to: format!("{}/", c.job), points };
        scene.children.push(NestedPipeline { job: c.job.clone(), x, y: row_y, width, height, link, scene: nested });
        scene.width = scene.width.max(gap_x + MARGIN);
        x += width + MARGIN;
    }
    if let Some(bottom) = scene.children.iter().map(|c| c.y + c.height).reduce(f64::max) {
        scene.width = scene.width.max(x);
        scene.height = bottom + MARGIN;
    }
    jobs.shrink_to_fit();
    scene.jobs = jobs;
    scene
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze_text, PipelineContext};

    fn scene(yaml: &str, opts: &Options) -> Scene {
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

    fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
        a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
    }

    #[test]
    fn open_child_pipelines_are_framed_below_the_graph_and_linked_around_boxes() {
        let mut files = crate::FileSet::new();
        let root = files.add(
            ".gitlab-ci.yml",
            "stages: [a, b, c]\nprep:\n  stage: a\n  script: x\nkid:\n  stage: b\n  trigger:\n    include: child.yml\n\
             other:\n  stage: b\n  script: x\nlast:\n  stage: c\n  script: x\n",
        );
        files.add("child.yml", "one:\n  script: x\ntwo:\n  stage: test\n  needs: [one]\n  script: x\n");
        let a = crate::analyze(&files, root, &PipelineContext::default_push());
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        let closed = build_with(&a, &Options::default());
        assert_eq!(closed.jobs.iter().find(|j| j.name == "kid").unwrap().child, Some(false));
        assert!(closed.children.is_empty());

        let open = Options { open_children: ["kid".to_string()].into(), ..Options::default() };
        let s = build_with(&a, &open);
        assert_eq!(s.jobs.iter().find(|j| j.name == "kid").unwrap().child, Some(true));
        let [c] = &s.children[..] else { panic!("one child frame, got {}", s.children.len()) };
        let names: Vec<&str> = c.scene.jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(names, ["one", "two"]);
        let frame = (c.x, c.y, c.width, c.height);
        for j in &s.jobs {
            assert!(!overlaps(frame, (j.x, j.y, j.width, j.height)), "frame overlaps {}", j.name);
            // Every segment of the link stays clear of every box but the trigger job's own.
            if j.name != "kid" {
                for w in c.link.points.windows(2) {
                    let (x0, y0, x1, y1) =
                        (w[0].0.min(w[1].0), w[0].1.min(w[1].1), w[0].0.max(w[1].0), w[0].1.max(w[1].1));
                    assert!(
                        !overlaps((x0, y0, (x1 - x0).max(0.1), (y1 - y0).max(0.1)), (j.x, j.y, j.width, j.height)),
                        "link crosses {}",
                        j.name
                    );
                }
            }
        }
        assert!(s.height >= c.y + c.height && s.width >= c.x + c.width);
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

    #[test]
    fn the_drawn_area_covers_the_viewport_with_a_margin_and_ignores_small_scrolls() {
        let a = Area::around_viewport(1000.0, 500.0, 800.0, 600.0);
        assert!(a.x <= 1000.0 - 800.0 && a.y <= 500.0 - 600.0);
        assert!(a.x + a.width >= 1800.0 + 800.0 && a.y + a.height >= 1100.0 + 600.0);
        assert_eq!(Area::around_viewport(1010.0, 520.0, 800.0, 600.0), a);
        assert_ne!(Area::around_viewport(1500.0, 500.0, 800.0, 600.0), a);
    }

    #[test]
    fn only_what_touches_the_area_is_visible() {
        let mut yaml = String::from("stages: [");
        yaml += &(0..40).map(|i| format!("s{i}")).collect::<Vec<_>>().join(", ");
        yaml += "]\n";
        for i in 0..40 {
            yaml += &format!("j{i}:\n  stage: s{i}\n  script: x\n");
            if i > 0 {
                yaml += &format!("  needs: [j{}]\n", i - 1);
            }
        }
        let s = scene(&yaml, &Options::default());
        let all = Area { x: 0.0, y: 0.0, width: s.width, height: s.height };
        assert_eq!(s.visible(&all).0.len(), 40);
        let left = Area { x: 0.0, y: 0.0, width: 500.0, height: s.height };
        let (jobs, edges, _) = s.visible(&left);
        assert!(jobs.contains(&0) && !jobs.contains(&39) && jobs.len() < 10, "{jobs:?}");
        assert!(edges.contains(&0) && edges.len() < 10);
        for &j in &jobs {
            assert!(s.jobs[j].x <= 500.0);
        }
    }

    #[test]
    fn stage_view_shows_the_implicit_stage_order_as_a_bus_per_gap() {
        let yaml = "stages: [a, b, c]\na1:\n  stage: a\n  script: x\na2:\n  stage: a\n  script: x\n\
                    b1:\n  stage: b\n  script: x\nb2:\n  stage: b\n  needs: [a1]\n  script: x\n\
                    c1:\n  stage: c\n  needs: []\n  script: x\n";
        let s = scene(yaml, &Options::default());
        // a → b: both a-jobs feed the bus, only b1 (no needs) waits on it; b → c: c1 has `needs: []`.
        let [link] = &s.stage_links[..] else { panic!("{:?}", s.stage_links) };
        assert_eq!((link.from.len(), link.to.len()), (2, 1));
        let b1 = s.jobs.iter().find(|j| j.name == "b1").unwrap();
        assert_eq!(link.to[0], (b1.x, b1.y + b1.height / 2.0));
        let a_right = s.jobs.iter().filter(|j| j.stage == "a").map(|j| j.x + j.width).fold(0.0, f64::max);
        assert!(link.x > a_right && link.x < b1.x, "the bus runs in the gap");
        assert_eq!(link.segments().len(), 4);
        assert!(scene(yaml, &Options { view: View::Needs, ..Options::default() }).stage_links.is_empty());
    }

    #[test]
    fn jobs_group_by_gitlabs_name_rule() {
        assert_eq!(group_name("rspec-pg 3 28"), "rspec-pg");
        assert_eq!(group_name("build 1/3"), "build");
        assert_eq!(group_name("build ruby 2:3"), "build ruby");
        assert_eq!(group_name("build: [amd64, 3.12]"), "build");
        assert_eq!(group_name("test 1/2 2/3"), "test");
        assert_eq!(group_name("1/2 build"), "1/2 build", "only the end of a name counts");
        assert_eq!(group_name("deploy"), "deploy");
        assert_eq!(group_name("3/4"), "3/4", "nothing left: not a group");
        // Same group name in the same stage: one box; a lone member is an ordinary job.
        let yaml = "a 1 2:\n  script: x\na 2 2:\n  script: x\nb 1/1:\n  script: x\nlint:\n  script: x\n";
        let s = scene(yaml, &Options { collapse_groups: true, ..Options::default() });
        let boxes: Vec<(&str, usize)> = s.jobs.iter().map(|j| (j.name.as_str(), j.count)).collect();
        assert_eq!(boxes, [("a", 2), ("b 1/1", 1), ("lint", 1)]);
    }
}
