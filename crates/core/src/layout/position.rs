//! Position: columns left to right by rank, each as wide as its widest node; within a column, vertical
//! coordinates by Brandes–Köpf ("Fast and Simple Horizontal Coordinate Assignment", 2001, as dagre applies
//! it): four alignments (towards upper/lower neighbours, from either end of the order) line each vertex up
//! with a median neighbour, long edges' dummies first; each is compacted, and the average of the two median
//! coordinates of the four is taken. So edges run straight where they can and nodes sit between their
//! neighbours, while every column keeps its order and gaps.
//! Pre: layers in final order. Post: a rectangle per vertex (dummies get the column's width; a dummy's y is
//! its lane's centre line).

use super::normalize::{index, Layered};
use super::{LayoutGraph, Rect, Spacing};
use rustc_hash::FxHashSet as HashSet;

pub struct Placed {
    pub rects: Vec<Rect>,
    pub rank_x: Vec<f64>,
    pub rank_w: Vec<f64>,
    pub width: f64,
    pub height: f64,
}

pub fn run(g: &LayoutGraph, l: &Layered, orders: &[Vec<usize>], s: Spacing) -> Placed {
    let n = g.nodes.len();
    let nv = l.vertex_rank.len();
    let height = |v: usize| if v < n { g.nodes[v].height } else { s.dummy_height };
    let centres = coordinates(l, orders, n, &height, s.node_gap);

    let mut rects = vec![Rect { x: 0.0, y: 0.0, width: 0.0, height: 0.0 }; nv];
    let mut rank_x = Vec::with_capacity(orders.len());
    let mut rank_w = Vec::with_capacity(orders.len());
    let mut x = 0.0;
    for layer in orders {
        let col_w = layer.iter().filter(|&&v| v < n).map(|&v| g.nodes[v].width).fold(0.0, f64::max).max(s.node_gap);
        rank_x.push(x);
        rank_w.push(col_w);
        for &v in layer {
            let w = if v < n { g.nodes[v].width } else { col_w };
            rects[v] = Rect { x, y: centres[v] - height(v) / 2.0, width: w, height: height(v) };
        }
        x += col_w + s.rank_gap;
    }
    // Top of the drawing at 0.
    let top = rects.iter().map(|r| r.y).fold(f64::INFINITY, f64::min);
    let top = if top.is_finite() { top } else { 0.0 };
    let mut bottom: f64 = 0.0;
    for r in &mut rects {
        r.y -= top;
        bottom = bottom.max(r.y + r.height);
    }
    for r in rects.iter_mut().skip(n) {
        r.y += s.dummy_height / 2.0;
    }
    Placed { rects, rank_x, rank_w, width: (x - s.rank_gap).max(0.0), height: bottom }
}

/// A vertex's centre coordinate along its column.
fn coordinates(l: &Layered, orders: &[Vec<usize>], n: usize, height: &dyn Fn(usize) -> f64, gap: f64) -> Vec<f64> {
    let nv = l.vertex_rank.len();
    let (preds, succs) = l.adjacency();
    let conflicts = type1_conflicts(orders, &preds, n);
    let sep = |a: usize, b: usize| (height(a) + height(b)) / 2.0 + gap;
    let mut all: Vec<Vec<f64>> = Vec::with_capacity(4);
    for down in [true, false] {
        for from_top in [true, false] {
            let mut layers: Vec<Vec<usize>> = orders.to_vec();
            if !down {
                layers.reverse();
            }
            if !from_top {
                layers.iter_mut().for_each(|layer| layer.reverse());
            }
            let nbrs = if down { &preds } else { &succs };
            let root = align(&layers, nbrs, &conflicts, nv);
            let mut xs = compact(&layers, &root, &sep, nv);
            if !from_top {
                xs.iter_mut().for_each(|x| *x = -*x);
            }
            all.push(xs);
        }
    }
    // Align the four to the narrowest: the top-first ones by their top, the others by their bottom.
    let extent = |xs: &[f64]| {
        let lo = (0..nv).map(|v| xs[v] - height(v) / 2.0).fold(f64::INFINITY, f64::min);
        let hi = (0..nv).map(|v| xs[v] + height(v) / 2.0).fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    let extents: Vec<(f64, f64)> = all.iter().map(|xs| extent(xs)).collect();
    let narrowest = (0..4).min_by(|&a, &b| (extents[a].1 - extents[a].0).total_cmp(&(extents[b].1 - extents[b].0)));
    if let Some(k) = narrowest.filter(|_| nv > 0) {
        let (lo, hi) = extents[k];
        for (i, xs) in all.iter_mut().enumerate() {
            let delta = if i % 2 == 0 { lo - extents[i].0 } else { hi - extents[i].1 };
            xs.iter_mut().for_each(|x| *x += delta);
        }
    }
    let mut ys: Vec<f64> = (0..nv)
        .map(|v| {
            let mut c = [all[0][v], all[1][v], all[2][v], all[3][v]];
            c.sort_by(f64::total_cmp);
            (c[1] + c[2]) / 2.0
        })
        .collect();
    // Balancing centres vertices with no edges at all between the tallest columns' ends; a column of such
    // jobs (a stage without `needs`) should start at the top, as GitLab draws it. Pull each one up against
    // its upper neighbour; vertices with edges keep their place (the others only move away from them).
    let top = ys.iter().zip(0..nv).map(|(y, v)| y - height(v) / 2.0).fold(f64::INFINITY, f64::min);
    for layer in orders {
        let mut bottom = f64::NEG_INFINITY;
        for &v in layer {
            if preds[v].is_empty() && succs[v].is_empty() {
                let lowest = if bottom.is_finite() { bottom + gap } else { top };
                ys[v] = lowest + height(v) / 2.0;
            }
            bottom = ys[v] + height(v) / 2.0;
        }
    }
    ys
}

/// Segments between two dummies (inner segments of long edges) win over the segments that cross them: those
/// are marked so alignment never straightens them at a long edge's expense.
fn type1_conflicts(orders: &[Vec<usize>], preds: &[Vec<usize>], n: usize) -> HashSet<(usize, usize)> {
    let mut pos = vec![0usize; preds.len()];
    index(orders, &mut pos);
    let mut out = HashSet::default();
    for w in orders.windows(2) {
        let (prev, layer) = (&w[0], &w[1]);
        let (mut k0, mut scan) = (0usize, 0usize);
        for (i, &v) in layer.iter().enumerate() {
            let inner = if v >= n { preds[v].iter().copied().find(|&u| u >= n) } else { None };
            let k1 = inner.map_or(prev.len(), |u| pos[u]);
            if inner.is_some() || i + 1 == layer.len() {
                for &s in &layer[scan..=i] {
                    for &u in &preds[s] {
                        if (pos[u] < k0 || k1 < pos[u]) && !(u >= n && s >= n) {
                            out.insert((u.min(s), u.max(s)));
                        }
                    }
                }
                scan = i + 1;
                k0 = k1;
            }
        }
    }
    out
}

/// Vertical alignment: each vertex joins the block of a median neighbour in the previous layer, when that
/// keeps blocks from crossing and the segment is not in conflict. Returns each vertex's block root.
fn align(layers: &[Vec<usize>], nbrs: &[Vec<usize>], conflicts: &HashSet<(usize, usize)>, nv: usize) -> Vec<usize> {
    let mut root: Vec<usize> = (0..nv).collect();
    let mut align: Vec<usize> = (0..nv).collect();
    let mut pos = vec![0usize; nv];
    index(layers, &mut pos);
    for layer in layers {
        let mut last: isize = -1;
        for &v in layer {
            let mut ws = nbrs[v].clone();
            if ws.is_empty() {
                continue;
            }
            ws.sort_by_key(|&w| pos[w]);
            let m = (ws.len() - 1) as f64 / 2.0;
            for &w in &ws[m.floor() as usize..=m.ceil() as usize] {
                if align[v] == v && last < pos[w] as isize && !conflicts.contains(&(v.min(w), v.max(w))) {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    last = pos[w] as isize;
                }
            }
        }
    }
    root
}

/// Compaction: blocks as nodes, a separation constraint between neighbours in every layer; each block as
/// close to the start as its constraints allow, then pulled back towards its successors where there is room.
fn compact(layers: &[Vec<usize>], root: &[usize], sep: &dyn Fn(usize, usize) -> f64, nv: usize) -> Vec<f64> {
    // Block graph edges (from root, to root, separation), deduplicated by keeping the largest separation.
    let mut out_edges: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nv];
    let mut in_edges: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nv];
    for layer in layers {
        for w in layer.windows(2) {
            let (u, v) = (w[0], w[1]);
            let (ru, rv) = (root[u], root[v]);
            let s = sep(u, v);
            match out_edges[ru].iter_mut().find(|e| e.0 == rv) {
                Some(e) => e.1 = e.1.max(s),
                None => out_edges[ru].push((rv, s)),
            }
        }
    }
    for (u, es) in out_edges.iter().enumerate() {
        for &(v, s) in es {
            in_edges[v].push((u, s));
        }
    }
    let roots: Vec<usize> = (0..nv).filter(|&v| root[v] == v).collect();
    // Topological order of the (acyclic) block graph, by Kahn's algorithm.
    let mut indeg: Vec<usize> = (0..nv).map(|v| in_edges[v].len()).collect();
    let mut queue: Vec<usize> = roots.iter().copied().filter(|&r| indeg[r] == 0).collect();
    let mut topo = Vec::with_capacity(roots.len());
    while let Some(u) = queue.pop() {
        topo.push(u);
        for &(v, _) in &out_edges[u] {
            indeg[v] -= 1;
            if indeg[v] == 0 {
                queue.push(v);
            }
        }
    }
    let mut xs = vec![0.0; nv];
    for &u in &topo {
        xs[u] = in_edges[u].iter().map(|&(p, s)| xs[p] + s).fold(0.0, f64::max);
    }
    for &u in topo.iter().rev() {
        let limit = out_edges[u].iter().map(|&(w, s)| xs[w] - s).fold(f64::INFINITY, f64::min);
        if limit.is_finite() {
            xs[u] = xs[u].max(limit);
        }
    }
    (0..nv).map(|v| xs[root[v]]).collect()
}

#[cfg(test)]
mod tests {
    use crate::layout::{run, LayoutGraph, LayoutNode, RankMode, Spacing};

    fn graph(n: usize, edges: &[(usize, usize)], ranks: &[usize]) -> LayoutGraph {
        LayoutGraph {
            nodes: (0..n).map(|i| LayoutNode { width: 100.0, height: 30.0, min_rank: ranks[i] }).collect(),
            edges: edges.to_vec(),
        }
    }

    fn mid(l: &crate::layout::Layout, v: usize) -> f64 {
        l.nodes[v].y + l.nodes[v].height / 2.0
    }

    #[test]
    fn a_chain_is_drawn_straight() {
        // 0 → 2 → 3, with 1 stacked above 2 in the middle column: the chain still runs level.
        let g = graph(4, &[(0, 2), (2, 3)], &[0, 1, 1, 2]);
        let l = run(&g, RankMode::Fixed, Spacing::default());
        assert_eq!(mid(&l, 0), mid(&l, 2));
        assert_eq!(mid(&l, 2), mid(&l, 3));
    }

    #[test]
    fn a_node_sits_between_its_neighbours() {
        // 0 and 1 both feed 2: 2 is centred between them, not pushed to the top.
        let g = graph(3, &[(0, 2), (1, 2)], &[0, 0, 1]);
        let l = run(&g, RankMode::Fixed, Spacing::default());
        let (a, b, c) = (mid(&l, 0), mid(&l, 1), mid(&l, 2));
        assert!(a < c && c < b, "{a} {c} {b}");
        assert!((c - (a + b) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn columns_without_edges_start_at_the_top() {
        // A tall column of isolated jobs beside a short one: both begin at y = 0.
        let mut ranks = vec![0; 10];
        ranks.extend([1, 1]);
        let g = graph(12, &[], &ranks);
        let l = run(&g, RankMode::Fixed, Spacing::default());
        assert_eq!(l.nodes[0].y, 0.0);
        assert_eq!(l.nodes[10].y, 0.0);
    }

    #[test]
    fn order_and_gaps_are_kept_in_every_column() {
        let g = graph(7, &[(0, 3), (0, 4), (1, 5), (2, 6), (0, 6), (1, 3)], &[0, 0, 0, 1, 1, 2, 2]);
        let s = Spacing::default();
        let l = run(&g, RankMode::Fixed, s);
        for column in [[0, 1, 2].as_slice(), &[3, 4], &[5, 6]] {
            let mut ys: Vec<(f64, f64)> = column.iter().map(|&v| (l.nodes[v].y, l.nodes[v].height)).collect();
            ys.sort_by(|a, b| a.0.total_cmp(&b.0));
            for w in ys.windows(2) {
                assert!(w[1].0 >= w[0].0 + w[0].1 + s.node_gap - 1e-9, "{ys:?}");
            }
        }
        assert!(l.nodes.iter().all(|r| r.y >= 0.0));
    }
}
