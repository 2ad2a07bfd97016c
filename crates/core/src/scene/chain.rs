//! The `needs` chain of a box: what it needs, transitively, and what needs it — what the graph emphasises
//! while a job is hovered. By box index, from one adjacency built over the drawn edges (a drawing that leaves
//! out implied edges keeps the same reachability).

use super::Scene;
use std::collections::HashMap;

impl Scene {
    /// The index of the box drawn for `name` (a job, or a collapsed group's name).
    pub fn box_index(&self, name: &str) -> Option<usize> {
        self.jobs.iter().position(|j| j.name == name)
    }

    /// `start` and every box connected to it by edges in one direction or the other, ascending.
    pub fn needs_chain(&self, start: usize) -> Vec<usize> {
        if start >= self.jobs.len() {
            return Vec::new();
        }
        let index: HashMap<&str, usize> = self.jobs.iter().enumerate().map(|(i, j)| (j.name.as_str(), i)).collect();
        let (mut down, mut up) = (vec![Vec::new(); self.jobs.len()], vec![Vec::new(); self.jobs.len()]);
        for e in &self.edges {
            if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
                down[a].push(b);
                up[b].push(a);
            }
        }
        let mut on = vec![false; self.jobs.len()];
        on[start] = true;
        for adjacency in [&down, &up] {
            let mut seen = vec![false; self.jobs.len()];
            let mut stack = vec![start];
            while let Some(n) = stack.pop() {
                for &m in &adjacency[n] {
                    if !seen[m] {
                        seen[m] = true;
                        on[m] = true;
                        stack.push(m);
                    }
                }
            }
        }
        (0..on.len()).filter(|&i| on[i]).collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::scene::{build, View};
    use crate::{analyze_text, PipelineContext};

    #[test]
    fn the_chain_follows_needs_both_ways_and_stops_at_unrelated_jobs() {
        let yaml = "stages: [a, b, c]\nx:\n  stage: a\n  script: s\ny:\n  stage: b\n  script: s\n  needs: [x]\nz:\n  stage: c\n  script: s\n  needs: [y]\nlone:\n  stage: c\n  script: s\n  needs: []\nside:\n  stage: b\n  script: s\n  needs: [x]\n";
        let (_, a) = analyze_text(yaml, &PipelineContext::default_push());
        let s = build(&a, View::Needs);
        let names = |ix: Vec<usize>| -> Vec<String> {
            let mut n: Vec<String> = ix.into_iter().map(|i| s.jobs[i].name.clone()).collect();
            n.sort();
            n
        };
        assert_eq!(names(s.needs_chain(s.box_index("y").unwrap())), ["x", "y", "z"]);
        assert_eq!(names(s.needs_chain(s.box_index("x").unwrap())), ["side", "x", "y", "z"]);
        assert_eq!(names(s.needs_chain(s.box_index("lone").unwrap())), ["lone"]);
        assert!(s.needs_chain(999).is_empty());
    }
}
