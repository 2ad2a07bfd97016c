//! The critical path: the chain of jobs that decided how long the pipeline took (or has taken so far).

use super::LivePipeline;

/// From the job that finished last (a running job "finishes" at `now`), back through what it waited for,
/// each step taking the predecessor that finished last: its `needs`, or without `needs` every job of the
/// earlier stages (GitLab: "Jobs in the next stage run after the jobs from the previous stage complete
/// successfully"; `needs` lets a job start "as soon as the jobs it needs complete"). Jobs that never started
/// (manual not played, skipped, created) are not on it. Job names, first to last; empty when nothing ran.
pub fn critical_path(p: &LivePipeline, now: f64) -> Vec<String> {
    let stage = super::scene::stage_indices(p);
    let needed = super::scene::needed(p);
    // When each job that ran stopped (or now, while it runs).
    let end: Vec<Option<f64>> = p
        .jobs
        .iter()
        .map(|j| {
            j.started_at?;
            Some(j.finished_at.unwrap_or(now)).filter(|t| t.is_finite())
        })
        .collect();
    let latest = |candidates: &mut dyn Iterator<Item = usize>| {
        let mut best: Option<(usize, f64)> = None;
        for i in candidates {
            if let Some(t) = end[i] {
                if best.is_none_or(|(_, b)| t > b) {
                    best = Some((i, t));
                }
            }
        }
        best.map(|(i, _)| i)
    };
    let mut path = Vec::new();
    let mut on_path = vec![false; p.jobs.len()];
    let mut at = latest(&mut (0..p.jobs.len()));
    while let Some(i) = at.filter(|&i| !on_path[i]) {
        on_path[i] = true;
        path.push(p.jobs[i].name.clone());
        at = match &needed[i] {
            Some(needs) => latest(&mut needs.iter().copied()),
            None => latest(&mut (0..p.jobs.len()).filter(|&k| stage[k] < stage[i])),
        };
    }
    path.reverse();
    path
}
