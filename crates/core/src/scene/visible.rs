//! Viewport culling: the part of a drawing worth putting in the DOM.

use super::Scene;

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

/// A direction to move between jobs with the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Left,
    Right,
    Up,
    Down,
}

impl Scene {
    /// The job a keyboard user reaches from `name` by stepping once in `step`: up and down within the
    /// column, left and right to the nearest box in the next column over (closest in height first).
    pub fn neighbour(&self, name: &str, step: Step) -> Option<&super::JobBox> {
        let from = self.jobs.iter().find(|j| j.name == name)?;
        let (cx, cy) = (from.x, from.y + from.height / 2.0);
        let same_column = |j: &&super::JobBox| (j.x - cx).abs() < 1.0;
        let mid = |j: &super::JobBox| j.y + j.height / 2.0;
        let candidates = self.jobs.iter().filter(|j| j.name != name);
        match step {
            Step::Up => candidates.filter(same_column).filter(|j| mid(j) < cy).max_by(|a, b| mid(a).total_cmp(&mid(b))),
            Step::Down => {
                candidates.filter(same_column).filter(|j| mid(j) > cy).min_by(|a, b| mid(a).total_cmp(&mid(b)))
            }
            Step::Left | Step::Right => {
                let ahead = |j: &&super::JobBox| if step == Step::Right { j.x > cx + 1.0 } else { j.x < cx - 1.0 };
                let next_x = candidates.clone().filter(ahead).map(|j| j.x).min_by(|a, b| {
                    let (da, db) = ((a - cx).abs(), (b - cx).abs());
                    da.total_cmp(&db)
                })?;
                candidates
                    .filter(|j| (j.x - next_x).abs() < 1.0)
                    .min_by(|a, b| (mid(a) - cy).abs().total_cmp(&(mid(b) - cy).abs()))
            }
        }
    }

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

#[cfg(test)]
mod tests {
    use super::super::tests::scene;
    use super::super::Options;
    use super::{Area, Step};

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
    fn arrow_keys_step_within_a_column_and_to_the_nearest_box_beside() {
        let yaml = "stages: [a, b]\na1:\n  stage: a\n  script: x\na2:\n  stage: a\n  script: x\n\
                    b1:\n  stage: b\n  script: x\n";
        let s = scene(yaml, &Options::default());
        let step = |from: &str, st: Step| s.neighbour(from, st).map(|j| j.name.as_str());
        assert_eq!(step("a1", Step::Down), Some("a2"));
        assert_eq!(step("a2", Step::Up), Some("a1"));
        assert_eq!(step("a1", Step::Up), None);
        assert_eq!(step("a2", Step::Right), Some("b1"));
        assert_eq!(step("b1", Step::Left), Some("a1"), "the nearest in height: both columns start at the top");
        assert_eq!(step("b1", Step::Right), None);
    }
}
