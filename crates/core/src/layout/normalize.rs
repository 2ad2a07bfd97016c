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
pub fn undo(g: &LayoutGraph, l: &Layered, p: &Placed) -> Vec<Vec<(f64, f64)>> {
    let n = g.nodes.len();
    l.chains
        .iter()
        .map(|chain| {
            let src = p.rects[chain[0]];
            let dst = p.rects[*chain.last().expect("chains have two ends")];
            let mut pts = vec![(src.x + src.width, src.y + src.height / 2.0)];
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
