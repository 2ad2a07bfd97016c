//! Phase 5, layout: a layered (Sugiyama-style) drawing of a plain directed graph. Knows no CI keyword.
//!
//! `run` reads as its list of passes: rank → normalize (dummy nodes on long edges) → order (barycentric
//! crossing reduction) → position → route. Same input, same output.

pub mod normalize;
pub mod order;
pub mod position;
pub mod rank;

#[derive(Debug, Clone)]
pub struct LayoutGraph {
    pub nodes: Vec<LayoutNode>,
    /// `(from, to)` node indices.
    pub edges: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy)]
pub struct LayoutNode {
    pub width: f64,
    pub height: f64,
    /// The lowest rank the node may take (stage order); with [`RankMode::Fixed`], its exact rank.
    pub min_rank: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankMode {
    /// Every node sits at its `min_rank` (one column per stage).
    Fixed,
    /// Longest path over the edges, never below `min_rank` (the needs view).
    LongestPath,
}

#[derive(Debug, Clone, Copy)]
pub struct Spacing {
    pub rank_gap: f64,
    pub node_gap: f64,
    pub dummy_height: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing { rank_gap: 60.0, node_gap: 12.0, dummy_height: 8.0 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub nodes: Vec<Rect>,
    pub ranks: Vec<usize>,
    /// One polyline per input edge, in input order.
    pub edges: Vec<Vec<(f64, f64)>>,
    /// Left x of each rank's column.
    pub rank_x: Vec<f64>,
    pub width: f64,
    pub height: f64,
    /// Edge crossings between adjacent ranks after ordering.
    pub crossings: usize,
    /// The bends the edges would have needed, when more than allowed: the nodes are then placed as if there
    /// were no edges (ranks still follow them) and `edges` is empty.
    pub refused_bends: Option<usize>,
}

pub fn run(g: &LayoutGraph, mode: RankMode, spacing: Spacing) -> Layout {
    run_within(g, mode, spacing, usize::MAX)
}

/// As [`run`], drawing the edges only if they need at most `max_bends` dummy vertices (one per rank an edge
/// skips): ordering and positioning cost grows with them, so this bounds the whole layout.
pub fn run_within(g: &LayoutGraph, mode: RankMode, spacing: Spacing, max_bends: usize) -> Layout {
    let ranks = rank::run(g, mode);
    let bends = normalize::bends(g, &ranks);
    let bare;
    let (drawn, refused_bends) = if bends > max_bends {
        bare = LayoutGraph { nodes: g.nodes.clone(), edges: Vec::new() };
        (&bare, Some(bends))
    } else {
        (g, None)
    };
    let layered = normalize::run(drawn, &ranks);
    let (orders, crossings) = order::run(&layered);
    let placed = position::run(drawn, &layered, &orders, spacing);
    let edges = normalize::undo(drawn, &layered, &placed, spacing.rank_gap);
    Layout {
        nodes: placed.rects[..g.nodes.len()].to_vec(),
        ranks,
        edges,
        rank_x: placed.rank_x,
        width: placed.width,
        height: placed.height,
        crossings,
        refused_bends,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(usize, usize)], min_rank: &[usize]) -> LayoutGraph {
        LayoutGraph {
            nodes: (0..n).map(|i| LayoutNode { width: 100.0, height: 30.0, min_rank: min_rank[i] }).collect(),
            edges: edges.to_vec(),
        }
    }

    fn overlaps(a: &Rect, b: &Rect) -> bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    #[test]
    fn no_overlap_and_long_edges_bend_around_nodes() {
        // 0 → 3 skips rank 1, which holds nodes 1 and 2.
        let g = graph(4, &[(0, 1), (0, 2), (0, 3), (1, 3), (2, 3)], &[0, 1, 1, 2]);
        let l = run(&g, RankMode::LongestPath, Spacing::default());
        for i in 0..4 {
            for j in i + 1..4 {
                assert!(!overlaps(&l.nodes[i], &l.nodes[j]), "{i} and {j} overlap");
            }
        }
        assert_eq!(l.ranks, [0, 1, 1, 2]);
        // The long edge crosses rank 1's column on a lane of its own: both lane points lie outside the nodes.
        let long = &l.edges[2];
        assert_eq!(long.len(), 4);
        for &(bx, by) in &long[1..3] {
            for r in [&l.nodes[1], &l.nodes[2]] {
                assert!(!(bx >= r.x && bx <= r.x + r.width && by >= r.y && by <= r.y + r.height));
            }
        }
    }

    #[test]
    fn edges_needing_too_many_bends_are_left_out_but_still_rank() {
        // 0 → 1 → 2 → 3 and 0 → 3: the long edge skips ranks 1 and 2, two bends.
        let g = graph(4, &[(0, 1), (1, 2), (2, 3), (0, 3)], &[0, 0, 0, 0]);
        let s = Spacing::default();
        assert_eq!(run_within(&g, RankMode::LongestPath, s, 2).refused_bends, None);
        let l = run_within(&g, RankMode::LongestPath, s, 1);
        assert_eq!(l.refused_bends, Some(2));
        assert!(l.edges.is_empty());
        assert_eq!(l.ranks, [0, 1, 2, 3]);
        assert!(l.nodes.windows(2).all(|w| w[0].x < w[1].x), "still one column per rank");
    }

    #[test]
    fn deterministic() {
        let g = graph(5, &[(0, 3), (1, 4), (2, 3), (0, 4)], &[0, 0, 0, 1, 1]);
        let a = run(&g, RankMode::Fixed, Spacing::default());
        let b = run(&g, RankMode::Fixed, Spacing::default());
        assert_eq!(a.nodes, b.nodes);
        assert_eq!(a.edges, b.edges);
    }
}
