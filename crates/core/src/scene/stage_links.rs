//! Stage view: the implicit order of jobs without `needs` (they wait for every earlier stage), drawn as a
//! bus per column gap.

use super::{JobBox, Tenths};
use crate::layout::Layout;

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
            let _ = write!(d, "M{},{}L{},{}", Tenths(x0), Tenths(y0), Tenths(x1), Tenths(y1));
        }
        d
    }
}

/// The barrier between each pair of adjacent stage columns that has jobs waiting behind it.
/// `waits(i)`: box `i` is a pipeline job without `needs`.
pub(super) fn between_columns(jobs: &[JobBox], l: &Layout, waits: impl Fn(usize) -> bool) -> Vec<StageLink> {
    let mut out = Vec::new();
    for r in 1..l.rank_x.len() {
        let in_rank = |rank: usize| (0..jobs.len()).filter(move |&i| l.ranks[i] == rank);
        let mid = |j: &JobBox| j.y + j.height / 2.0;
        let to: Vec<(f64, f64)> = in_rank(r).filter(|&i| waits(i)).map(|i| (jobs[i].x, mid(&jobs[i]))).collect();
        let from: Vec<(f64, f64)> =
            in_rank(r - 1).filter(|&i| !jobs[i].excluded).map(|i| (jobs[i].x + jobs[i].width, mid(&jobs[i]))).collect();
        if to.is_empty() || from.is_empty() {
            continue;
        }
        let right = in_rank(r - 1).map(|i| jobs[i].x + jobs[i].width).fold(f64::MIN, f64::max);
        let next_left = in_rank(r).map(|i| jobs[i].x).fold(f64::MAX, f64::min);
        out.push(StageLink { x: (right + next_left) / 2.0, from, to });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::scene;
    use super::super::{Options, View};

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
}
