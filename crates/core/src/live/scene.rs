//! A live pipeline's drawing, through the editor's scene builder: jobs grouped as GitLab groups them, implied
//! needs not drawn, stage and needs views, downstream pipelines opened below their bridge. Statuses are not
//! in the drawing: [`statuses`] gives them per box, so a status change redraws colours, not the layout.

use super::{LivePipeline, LiveStatus};
use crate::inspect::JobPath;
use crate::scene::{self, group_name, BoxSrc, Options, Scene};
use crate::Limits;
use std::collections::{BTreeMap, HashMap};

/// The drawing of `p` with default limits.
pub fn build(p: &LivePipeline, opts: &Options) -> Scene {
    build_within(p, opts, &Limits::default())
}

/// As [`build`], within the drawing bounds of `limits` (`max_live_depth` for downstream pipelines drawn open).
pub fn build_within(p: &LivePipeline, opts: &Options, limits: &Limits) -> Scene {
    build_at(p, opts, limits, 0)
}

fn build_at(p: &LivePipeline, opts: &Options, limits: &Limits, depth: usize) -> Scene {
    let stage_index = stage_indices(p);
    let needed = needed(p);
    let openable = |j: &super::LiveJob| {
        depth < limits.max_live_depth && j.downstream.as_ref().is_some_and(|d| d.pipeline.is_some())
    };
    let jobs = p.jobs.iter().zip(&needed).enumerate().map(|(i, (j, needs))| BoxSrc {
        when: j.when,
        allow_failure: j.allow_failure,
        has_child: openable(j),
        ..BoxSrc::job(&j.name, &j.stage, stage_index[i], needs.is_some(), opts.view)
    });
    let (mut boxes, box_of) = scene::collapse(jobs.collect(), opts);
    for b in boxes.iter_mut().filter(|b| b.count > 1) {
        b.has_child = false;
    }
    let job_edges = needed.iter().enumerate().flat_map(|(to, n)| n.iter().flatten().map(move |&from| (from, to)));
    let edges = scene::box_edges(&box_of, boxes.len(), job_edges, limits);
    let open: Vec<(usize, Scene)> = p
        .jobs
        .iter()
        .enumerate()
        .filter(|&(i, j)| boxes[box_of[i]].has_child && opts.open_children.contains(&j.name))
        .filter_map(|(i, j)| {
            let nested = j.downstream.as_ref()?.pipeline.as_ref()?;
            let inner = scene::inner_options(opts, &j.name);
            Some((box_of[i], build_at(nested, &inner, limits, depth + 1)))
        })
        .collect();
    scene::lay_out(&boxes, edges, opts, limits, open)
}

/// Everything [`build`] draws from, statuses and times aside: the stages, and per job its name, stage,
/// needs, `when`, `allow_failure` and the shape of a fetched downstream pipeline. Two polls with equal
/// shapes draw the same scene, so a front end rebuilds the scene only when the shape changes and repaints
/// statuses ([`statuses`]) otherwise.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    stages: Vec<String>,
    jobs: Vec<ShapeJob>,
}

#[derive(Debug, Clone, PartialEq)]
struct ShapeJob {
    name: String,
    stage: String,
    needs: Option<Vec<String>>,
    when: super::When,
    allow_failure: bool,
    downstream: Option<Shape>,
}

/// The shape of `p` (see [`Shape`]).
pub fn shape(p: &LivePipeline) -> Shape {
    Shape {
        stages: p.stages.clone(),
        jobs: p
            .jobs
            .iter()
            .map(|j| ShapeJob {
                name: j.name.clone(),
                stage: j.stage.clone(),
                needs: j.needs.clone(),
                when: j.when,
                allow_failure: j.allow_failure,
                downstream: j.downstream.as_ref().and_then(|d| d.pipeline.as_deref()).map(shape),
            })
            .collect(),
    }
}

/// Each job's stage position: its place in `p.stages`, or after them in the order such stages are first seen.
pub(crate) fn stage_indices(p: &LivePipeline) -> Vec<usize> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, s) in p.stages.iter().enumerate() {
        index.entry(s).or_insert(i);
    }
    let mut next = p.stages.len();
    p.jobs
        .iter()
        .map(|j| {
            *index.entry(&j.stage).or_insert_with(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// Per job, the jobs its `needs` name (indices; `None` without `needs`). A name is a job's name, or else the
/// group of a `parallel` job (`build` for `build 1/2` and `build 2/2`); names of no job here (an optional
/// need, another pipeline's job) are left out. A job's need of itself is dropped.
pub(crate) fn needed(p: &LivePipeline) -> Vec<Option<Vec<usize>>> {
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    let mut by_group: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, j) in p.jobs.iter().enumerate() {
        by_name.entry(&j.name).or_insert(i);
        by_group.entry(group_name(&j.name)).or_default().push(i);
    }
    p.jobs
        .iter()
        .enumerate()
        .map(|(i, j)| {
            let needs = j.needs.as_ref()?;
            let mut out: Vec<usize> = Vec::new();
            for n in needs {
                match by_name.get(n.as_str()) {
                    Some(&k) => out.push(k),
                    None => out.extend(by_group.get(n.as_str()).into_iter().flatten()),
                }
            }
            out.retain(|&k| k != i);
            out.sort_unstable();
            out.dedup();
            Some(out)
        })
        .collect()
}

/// A box's status: a job's, or a collapsed group's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxStatus {
    pub status: LiveStatus,
    /// Failed but allowed to: GitLab shows it passed with a warning. For a group: its status is `success`
    /// counting such failures as passed, and at least one member failed so.
    pub warning: bool,
}

impl BoxStatus {
    /// Its look ([`super::status_style`], or GitLab's warning look).
    pub fn style(&self) -> super::StatusStyle {
        if self.warning {
            super::style::warning()
        } else {
            super::status_style(&self.status)
        }
    }
}

/// The status of every box the drawing may hold, by job path (`name`, `bridge/name` in a downstream pipeline;
/// see [`JobPath`]): each job's own, and for a group of several jobs in a stage (drawn as one box when
/// collapsed) the most severe of its members' in GitLab's `ORDERED_STATUSES` order, an allowed failure
/// counting as passed with a warning. Redraw the boxes' colours from it; the layout does not change.
pub fn statuses(p: &LivePipeline) -> BTreeMap<String, BoxStatus> {
    let mut out = BTreeMap::new();
    collect(p, &JobPath::root(), 0, Limits::default().max_live_depth, &mut out);
    out
}

fn collect(p: &LivePipeline, at: &JobPath, depth: usize, max: usize, out: &mut BTreeMap<String, BoxStatus>) {
    let stage_index = stage_indices(p);
    let mut groups: BTreeMap<(usize, &str), Vec<BoxStatus>> = BTreeMap::new();
    for (j, &s) in p.jobs.iter().zip(&stage_index) {
        let warning = j.allow_failure && j.status == LiveStatus::Failed;
        out.insert(at.job(&j.name).to_string(), BoxStatus { status: j.status.clone(), warning });
        let counted = if warning { LiveStatus::Success } else { j.status.clone() };
        groups.entry((s, group_name(&j.name))).or_default().push(BoxStatus { status: counted, warning });
    }
    // A job named like a group keeps its own status (looked up once, not per group: this runs on every poll).
    let names: std::collections::HashSet<&str> = p.jobs.iter().map(|j| j.name.as_str()).collect();
    for ((_, g), members) in groups {
        if members.len() < 2 || names.contains(g) {
            continue;
        }
        let warned = members.iter().any(|m| m.warning);
        if let Some(worst) = members.into_iter().min_by_key(|m| m.status.severity()) {
            let warning = warned && worst.status == LiveStatus::Success;
            out.insert(at.job(g).to_string(), BoxStatus { status: worst.status, warning });
        }
    }
    if depth >= max {
        return;
    }
    for j in &p.jobs {
        if let Some(nested) = j.downstream.as_ref().and_then(|d| d.pipeline.as_deref()) {
            collect(nested, &at.child(&j.name), depth + 1, max, out);
        }
    }
}
