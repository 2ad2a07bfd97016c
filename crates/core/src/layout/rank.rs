//! Rank assignment.
//! Pre: any directed graph (cycles allowed: back edges are ignored). Post: a rank per node, ≥ its `min_rank`.

use super::{LayoutGraph, RankMode};

pub fn run(g: &LayoutGraph, mode: RankMode) -> Vec<usize> {
    let mut rank: Vec<usize> = g.nodes.iter().map(|n| n.min_rank).collect();
    if mode == RankMode::Fixed {
        return rank;
    }
    let order = topological(g);
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); g.nodes.len()];
    for &(a, b) in &g.edges {
        preds[b].push(a);
    }
    let mut pos = vec![0; g.nodes.len()];
    for (i, &n) in order.iter().enumerate() {
        pos[n] = i;
    }
    for &n in &order {
        for &p in &preds[n] {
            if pos[p] < pos[n] {
                rank[n] = rank[n].max(rank[p] + 1);
            }
        }
    }
    rank
}

/// Kahn's algorithm; nodes left in cycles are appended in index order (their back edges then count as ignored).
fn topological(g: &LayoutGraph) -> Vec<usize> {
    let n = g.nodes.len();
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in &g.edges {
        if a != b {
            indeg[b] += 1;
            succ[a].push(b);
        }
    }
    let mut ready: std::collections::BTreeSet<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut out = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    while let Some(i) = ready.pop_first() {
        out.push(i);
        seen[i] = true;
        for &s in &succ[i] {
            indeg[s] -= 1;
            if indeg[s] == 0 {
                ready.insert(s);
            }
        }
    }
    out.extend((0..n).filter(|&i| !seen[i]));
    out
}

#[cfg(test)]
mod tests {
    use super::super::{LayoutGraph, LayoutNode, RankMode};

    #[test]
    fn longest_path_respects_min_rank_and_survives_cycles() {
        let node = |r| LayoutNode { width: 1.0, height: 1.0, min_rank: r };
        let g = LayoutGraph {
            nodes: vec![node(0), node(0), node(3), node(0)],
            edges: vec![(0, 1), (1, 2), (2, 3), (3, 2)],
        };
        let r = super::run(&g, RankMode::LongestPath);
        assert_eq!(&r[..3], &[0, 1, 3]);
        let g = LayoutGraph { nodes: vec![node(0), node(0)], edges: vec![(0, 1), (1, 0)] };
        assert_eq!(super::run(&g, RankMode::LongestPath).len(), 2);
    }
}
