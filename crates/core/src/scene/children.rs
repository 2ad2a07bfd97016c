//! Open child pipelines: each drawn as its own scene in a frame, left to right in a row below the graph,
//! linked from its trigger job through the column gap and a lane of its own.

use super::{EdgePath, JobBox, Options, Scene, LANE, MARGIN};
use crate::layout::{Layout, Spacing};

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

/// The options a nested pipeline is drawn with: the same, with the open pipelines below `job` (`job/inner`).
pub(crate) fn inner_options(opts: &Options, job: &str) -> Options {
    let prefix = format!("{job}/");
    Options {
        open_children: opts.open_children.iter().filter_map(|p| p.strip_prefix(&prefix)).map(String::from).collect(),
        ..opts.clone()
    }
}

/// `open`: (box index of the job that started it, the nested pipeline's scene), in box order.
pub(super) fn open_below(scene: &mut Scene, open: Vec<(usize, Scene)>, jobs: &[JobBox], l: &Layout) {
    let spacing = Spacing::default();
    let row_y = scene.height + LANE * (open.len() as f64 + 1.0);
    let mut x = MARGIN;
    for (k, (i, nested)) in open.into_iter().enumerate() {
        let (width, height) = (nested.width + 2.0 * NestedPipeline::PAD, nested.height + NestedPipeline::TITLE);
        let j = &jobs[i];
        let r = l.ranks[i];
        let gap_x =
            MARGIN + l.rank_x.get(r + 1).map_or(l.width + spacing.rank_gap / 2.0, |x| x - spacing.rank_gap / 2.0);
        let (mid, lane) = (j.y + j.height / 2.0, scene.height + LANE * (k as f64 + 1.0));
        let points = vec![(j.x + j.width, mid), (gap_x, mid), (gap_x, lane), (x + 24.0, lane), (x + 24.0, row_y)];
        let link = EdgePath { from: j.name.clone(), to: format!("{}/", j.name), points };
        scene.children.push(NestedPipeline { job: j.name.clone(), x, y: row_y, width, height, link, scene: nested });
        scene.width = scene.width.max(gap_x + MARGIN);
        x += width + MARGIN;
    }
    if let Some(bottom) = scene.children.iter().map(|c| c.y + c.height).reduce(f64::max) {
        scene.width = scene.width.max(x);
        scene.height = bottom + MARGIN;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{build_with, Options};
    use crate::PipelineContext;

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
}
