//! Order: vertices within each layer, by alternating barycenter sweeps (down, then up) that keep the best
//! order by crossing count and stop after 4 sweeps without improvement (as dagre does).
//! Pre: layers and unit segments. Post: a position per vertex within its layer, and the crossing count.

use super::normalize::{index, Layered};

const MAX_SWEEPS: usize = 24;
const PATIENCE: usize = 4;

pub fn run(l: &Layered) -> (Vec<Vec<usize>>, usize) {
    let nv = l.vertex_rank.len();
    let (preds, succs) = l.adjacency();
    let mut layers = l.layers.clone();
    let mut pos = vec![0usize; nv];
    index(&layers, &mut pos);
    let mut best = layers.clone();
    let mut best_cross = crossings(&layers, &succs, &pos);
    let mut stale = 0;
    for sweep in 0..MAX_SWEEPS {
        if best_cross == 0 || stale >= PATIENCE {
            break;
        }
        let down = sweep % 2 == 0;
        let idx: Vec<usize> =
            if down { (1..layers.len()).collect() } else { (0..layers.len().saturating_sub(1)).rev().collect() };
        for i in idx {
            let nbrs = if down { &preds } else { &succs };
            let mut keyed: Vec<(f64, usize, usize)> = layers[i]
                .iter()
                .enumerate()
                .map(|(cur, &v)| {
                    let n = &nbrs[v];
                    let bary = if n.is_empty() {
                        cur as f64
                    } else {
                        n.iter().map(|&u| pos[u] as f64).sum::<f64>() / n.len() as f64
                    };
                    (bary, cur, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            layers[i] = keyed.into_iter().map(|(_, _, v)| v).collect();
            for (p, &v) in layers[i].iter().enumerate() {
                pos[v] = p;
            }
        }
        let c = crossings(&layers, &succs, &pos);
        if c < best_cross {
            best_cross = c;
            best = layers.clone();
            stale = 0;
        } else {
            stale += 1;
        }
    }
    (best, best_cross)
}

/// Crossings between each pair of adjacent layers: inversions among segments sorted by upper position.
pub fn crossings(layers: &[Vec<usize>], succs: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    for layer in layers {
        let mut lower: Vec<usize> = Vec::new();
        for &u in layer {
            let mut targets: Vec<usize> = succs[u].iter().map(|&v| pos[v]).collect();
            targets.sort_unstable();
            lower.extend(targets);
        }
        total += inversions(&mut lower);
    }
    total
}

fn inversions(v: &mut [usize]) -> usize {
    if v.len() < 2 {
        return 0;
    }
    let mid = v.len() / 2;
    let mut count = inversions(&mut v[..mid]) + inversions(&mut v[mid..]);
    let mut merged = Vec::with_capacity(v.len());
    let (mut i, mut j) = (0, mid);
    while i < mid && j < v.len() {
        if v[i] <= v[j] {
            merged.push(v[i]);
            i += 1;
        } else {
            merged.push(v[j]);
            count += mid - i;
            j += 1;
        }
    }
    merged.extend_from_slice(&v[i..mid]);
    merged.extend_from_slice(&v[j..]);
    v.copy_from_slice(&merged);
    count
}

#[cfg(test)]
mod tests {
    use super::super::normalize::Layered;

    #[test]
    fn two_crossing_edges_are_uncrossed() {
        // Layer 0: a(0) b(1); layer 1: c(2) d(3); a→d, b→c cross once as given.
        let l = Layered {
            layers: vec![vec![0, 1], vec![2, 3]],
            vertex_rank: vec![0, 0, 1, 1],
            chains: vec![],
            segments: vec![(0, 3), (1, 2)],
        };
        let succs = vec![vec![3], vec![2], vec![], vec![]];
        assert_eq!(super::crossings(&l.layers, &succs, &[0, 1, 0, 1]), 1);
        let (_, c) = super::run(&l);
        assert_eq!(c, 0);
    }
}
