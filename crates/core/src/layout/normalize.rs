//! Normalize: every edge spanning several ranks is split into unit-length segments through dummy vertices,
//! so ordering sees it and routing can bend it around the nodes of the ranks it crosses; `undo` turns the
//! dummies' positions back into edge polylines.
//! Pre: ranks. Post: layers of vertex ids (nodes first, then dummies) and each edge's vertex chain.

use super::position::Placed;
use super::LayoutGraph;

#[derive(Debug, Clone)]
pub struct Layered {
    /// Vertex ids per rank. Ids below the node count are real nodes; the rest are dummies.
    pub layers: Vec<Vec<usize>>,
    pub vertex_rank: Vec<usize>,
    /// Per input edge, its chain of vertices from source to target.
    pub chains: Vec<Vec<usize>>,
    /// Unit segments between adjacent layers, `(upper, lower)`.
    pub segments: Vec<(usize, usize)>,
}

impl Layered {
    pub fn is_dummy(&self, v: usize, node_count: usize) -> bool {
        v >= node_count
    }

    /// Each vertex's neighbours over the unit segments: (upper ones, lower ones).
    pub fn adjacency(&self) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
        let nv = self.vertex_rank.len();
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); nv];
        let mut succs: Vec<Vec<usize>> = vec![Vec::new(); nv];
        for &(a, b) in &self.segments {
            succs[a].push(b);
            preds[b].push(a);
        }
        (preds, succs)
    }
}

/// Writes each vertex's position within its layer into `pos`.
pub fn index(layers: &[Vec<usize>], pos: &mut [usize]) {
    for layer in layers {
        for (p, &v) in layer.iter().enumerate() {
            pos[v] = p;
        }
    }
}

/// Dummy vertices [`run`] would add: one per rank each forward edge skips.
pub fn bends(g: &LayoutGraph, ranks: &[usize]) -> usize {
    g.edges.iter().map(|&(a, b)| ranks[b].saturating_sub(ranks[a] + 1)).fold(0, usize::saturating_add)
}

pub fn run(g: &LayoutGraph, ranks: &[usize]) -> Layered {
    let max_rank = ranks.iter().copied().max().unwrap_or(0);
    let mut layers = vec![Vec::new(); max_rank + 1];
    let mut vertex_rank = ranks.to_vec();
    for (v, &r) in ranks.iter().enumerate() {
        layers[r].push(v);
    }
    let mut chains = Vec::with_capacity(g.edges.len());
    let mut segments = Vec::new();
    for &(a, b) in &g.edges {
        let (ra, rb) = (ranks[a], ranks[b]);
        if rb <= ra {
            // Same-rank or backward edge: drawn directly, not part of ordering.
            chains.push(vec![a, b]);
            continue;
        }
        let mut chain = vec![a];
        let mut prev = a;
        for (r, layer) in layers.iter_mut().enumerate().take(rb).skip(ra + 1) {
            let d = vertex_rank.len();
            vertex_rank.push(r);
            layer.push(d);
            segments.push((prev, d));
            chain.push(d);
            prev = d;
        }
        segments.push((prev, b));
        chain.push(b);
        chains.push(chain);
    }
    Layered { layers, vertex_rank, chains, segments }
}

/// Polylines from the placed vertices: leave the source on its right side, cross each skipped column at the
/// dummy's height (a slot of its own, so no node is crossed), enter the target on its left side.
/// Same-rank edges loop through the gap right of their column into the target's right side; backward
/// edges run along a lane above all nodes. Either way they only cross empty space.
pub fn undo(g: &LayoutGraph, l: &Layered, p: &Placed, gap: f64) -> Vec<Vec<(f64, f64)>> {
    let n = g.nodes.len();
    l.chains
        .iter()
        .map(|chain| {
            let (a, b) = (chain[0], *chain.last().expect("chains have two ends"));
            let src = p.rects[a];
            let dst = p.rects[b];
            let (ra, rb) = (l.vertex_rank[a], l.vertex_rank[b]);
            let right_of = |r: usize| p.rank_x[r] + p.rank_w[r] + gap / 3.0;
            let (sy, ty) = (src.y + src.height / 2.0, dst.y + dst.height / 2.0);
            if rb == ra {
                let x = right_of(ra);
                return vec![(src.x + src.width, sy), (x, sy), (x, ty), (dst.x + dst.width, ty)];
            }
            if rb < ra {
                let (x1, x2, top) = (right_of(ra), p.rank_x[rb] - gap / 3.0, -gap / 4.0);
                return vec![(src.x + src.width, sy), (x1, sy), (x1, top), (x2, top), (x2, ty), (dst.x, ty)];
            }
            // Run along the source's own row to its column's right edge: narrower boxes must not let the
            // diagonal cut through a wider neighbour in the same column.
            // Sized up front: a drawing may hold a hundred thousand of these.
            let mut pts = Vec::with_capacity(2 * chain.len());
            pts.push((src.x + src.width, sy));
            let col_right = p.rank_x[ra] + p.rank_w[ra];
            if col_right > src.x + src.width {
                pts.push((col_right, sy));
            }
            for &v in &chain[1..chain.len() - 1] {
                debug_assert!(l.is_dummy(v, n));
                let r = p.rects[v];
                pts.push((r.x, r.y));
                pts.push((r.x + r.width, r.y));
            }
            pts.push((dst.x, dst.y + dst.height / 2.0));
            pts
        })
        .collect()
}
