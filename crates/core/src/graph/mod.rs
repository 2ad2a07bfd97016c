//! Phase 4, graph: the evaluated jobs as a petgraph DAG.
//!
//! Pre: a [`Pipeline`]. Post: one node per job and one edge per resolved `needs` entry; cycles reported.
//! Stage order (a job without `needs` waits for earlier stages) is not stored as edges, which would be
//! quadratic in stage width; layout reads it from the stage index. Knows no YAML.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::evaluate::Pipeline;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct JobGraph {
    /// Node weight: index into [`Pipeline::jobs`].
    pub graph: DiGraph<usize, ()>,
    pub nodes: Vec<NodeIndex>,
}

impl JobGraph {
    /// `(from, to)` job indices: `to` needs `from`.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.graph.raw_edges().iter().map(|e| (self.graph[e.source()], self.graph[e.target()]))
    }
}

pub fn build(p: &Pipeline, diags: &mut Diagnostics) -> JobGraph {
    let mut graph = DiGraph::with_capacity(p.jobs.len(), p.jobs.len());
    let nodes: Vec<NodeIndex> = (0..p.jobs.len()).map(|i| graph.add_node(i)).collect();
    let index: HashMap<&str, usize> = p.jobs.iter().enumerate().map(|(i, j)| (j.name.as_str(), i)).collect();
    for (i, job) in p.jobs.iter().enumerate() {
        for n in job.needs.iter().flatten() {
            if let Some(&from) = index.get(n.as_str()) {
                graph.add_edge(nodes[from], nodes[i], ());
            }
        }
    }
    for scc in tarjan_scc(&graph) {
        let self_loop = scc.len() == 1 && graph.find_edge(scc[0], scc[0]).is_some();
        if scc.len() > 1 || self_loop {
            let mut names: Vec<&str> = scc.iter().map(|&n| p.jobs[graph[n]].name.as_str()).collect();
            names.sort();
            let first = &p.jobs[graph[scc[0]]];
            diags.error(Code::NeedsCycle, format!("circular dependency in `needs`: {}", names.join(" → ")), first.span);
        }
    }
    JobGraph { graph, nodes }
}
