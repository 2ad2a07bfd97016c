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

#[cfg(test)]
mod tests {
    use super::super::tests::scene;
    use super::super::Options;
    use super::Area;

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
}
