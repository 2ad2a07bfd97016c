//! Needs implied by others are not drawn. When `c` needs `a` and `b`, and `b` already needs `a`, the line
//! `a → c` says nothing the path `a → b → c` does not: GitLab's pipeline graph leaves such links out too
//! (`filterByAncestors` in its `ci/pipeline_details/utils/parsing_utils.js`). The jobs' own `needs` stay
//! whole in the analysis; highlighting a job's chain follows the drawn lines to the same jobs.
//! Drawing only the rest keeps a job needing 50 earlier jobs from becoming 50 lines across the drawing.

/// The edges to draw, in input order: each distinct edge once, less those implied by a longer path. All
/// distinct edges when the graph has a cycle or more than `max_boxes` nodes (the check keeps one bit per pair
/// of nodes). Pre: no self-loops.
pub(super) fn drawn(n: usize, edges: &[(usize, usize)], max_boxes: usize) -> Vec<(usize, usize)> {
    if u32::try_from(edges.len()).is_err() {
        return edges.to_vec();
    }
    let incoming = Rows::by(n, edges.len(), |k| edges[k].1);
    // Duplicates (needs of a collapsed group's members) by the latest target each source was seen with.
    let mut keep = vec![true; edges.len()];
    let mut last_target = vec![usize::MAX; n];
    for v in 0..n {
        for &k in incoming.row(v) {
            let u = edges[k as usize].0;
            keep[k as usize] = last_target[u] != v;
            last_target[u] = v;
        }
    }
    if n <= max_boxes {
        drop_implied(n, edges, &incoming, &mut keep);
    }
    edges.iter().zip(keep).filter(|(_, k)| *k).map(|(e, _)| *e).collect()
}

/// Edge indices grouped by one end, in input order within a group, in two flat arrays.
struct Rows {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Rows {
    /// Pre: fewer than 2³² edges.
    fn by(n: usize, len: usize, end: impl Fn(usize) -> usize) -> Rows {
        let mut start = vec![0u32; n + 1];
        for k in 0..len {
            start[end(k) + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; len];
        for k in 0..len {
            let e = end(k);
            items[fill[e] as usize] = k as u32;
            fill[e] += 1;
        }
        Rows { start, items }
    }

    fn row(&self, i: usize) -> &[u32] {
        &self.items[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// Unmarks each kept edge `(u, v)` whose `u` is an ancestor of another predecessor of `v`; leaves `keep` as
/// it is when the kept edges form a cycle.
fn drop_implied(n: usize, edges: &[(usize, usize)], incoming: &Rows, keep: &mut [bool]) {
    // A topological order over the kept edges, by Kahn's algorithm.
    let outgoing = Rows::by(n, edges.len(), |k| edges[k].0);
    let mut indeg = vec![0u32; n];
    for (k, &(_, v)) in edges.iter().enumerate() {
        indeg[v] += u32::from(keep[k]);
    }
    let mut order: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut next = 0;
    while next < order.len() {
        let u = order[next];
        next += 1;
        for &k in outgoing.row(u).iter().filter(|&&k| keep[k as usize]) {
            let v = edges[k as usize].1;
            indeg[v] -= 1;
            if indeg[v] == 0 {
                order.push(v);
            }
        }
    }
    drop(outgoing);
    if order.len() < n {
        return;
    }
    // Strict ancestors of each node as a bit set, filled in topological order.
    let words = n.div_ceil(64);
    let mut ancestors = vec![0u64; n * words];
    let mut above = vec![0u64; words];
    for &v in &order {
        // Everything above v's predecessors: a predecessor found there is reached another way.
        above.iter_mut().for_each(|w| *w = 0);
        let preds = incoming.row(v).iter().map(|&k| k as usize).filter(|&k| keep[k]);
        for k in preds.clone() {
            let p = edges[k].0;
            let set = &ancestors[p * words..(p + 1) * words];
            above.iter_mut().zip(set).for_each(|(a, s)| *a |= s);
        }
        let ks: Vec<usize> = preds.collect();
        for &k in &ks {
            let p = edges[k].0;
            keep[k] = above[p / 64] & (1 << (p % 64)) == 0;
        }
        for &k in &ks {
            let p = edges[k].0;
            above[p / 64] |= 1 << (p % 64);
        }
        ancestors[v * words..(v + 1) * words].copy_from_slice(&above);
    }
}

#[cfg(test)]
mod tests {
    use super::drawn;

    #[test]
    fn a_need_reached_through_another_is_left_out() {
        // 0 → 1 → 2 and 0 → 2: the direct line is implied. 3 → 2 is not.
        let edges = [(0, 1), (1, 2), (0, 2), (3, 2)];
        assert_eq!(drawn(4, &edges, 100), [(0, 1), (1, 2), (3, 2)]);
        // A longer way round counts too: 0 → 1 → 2 → 3 implies 0 → 3 and 1 → 3.
        let edges = [(0, 1), (1, 2), (2, 3), (0, 3), (1, 3)];
        assert_eq!(drawn(4, &edges, 100), [(0, 1), (1, 2), (2, 3)]);
    }

    #[test]
    fn parallel_needs_and_cycles_are_all_drawn() {
        // Two jobs both needed by a third, neither needing the other: both lines stay.
        assert_eq!(drawn(3, &[(0, 2), (1, 2)], 100), [(0, 2), (1, 2)]);
        // A cycle (reported elsewhere as an error) is drawn as given.
        let cycle = [(0, 1), (1, 2), (2, 0), (0, 2)];
        assert_eq!(drawn(3, &cycle, 100), cycle);
        // Above the node bound nothing is left out.
        assert_eq!(drawn(3, &[(0, 1), (1, 2), (0, 2)], 2).len(), 3);
    }

    #[test]
    fn duplicates_are_drawn_once_in_input_order() {
        let edges = [(2, 0), (1, 0), (2, 0), (1, 3), (2, 3), (1, 3)];
        assert_eq!(drawn(4, &edges, 100), [(2, 0), (1, 0), (1, 3), (2, 3)]);
        assert_eq!(drawn(4, &edges, 0), [(2, 0), (1, 0), (1, 3), (2, 3)]);
    }

    #[test]
    fn more_than_64_nodes_use_every_word() {
        // A chain 0 → 1 → … → 129 plus a shortcut from 3 to 129, which the chain implies.
        let mut edges: Vec<(usize, usize)> = (0..129).map(|i| (i, i + 1)).collect();
        edges.push((3, 129));
        edges.push((100, 129));
        assert_eq!(drawn(130, &edges, 1000).len(), 129);
    }
}
