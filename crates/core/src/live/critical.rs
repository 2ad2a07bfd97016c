//! The critical path: the chain of jobs that decided how long the pipeline took (or has taken so far).

use super::LivePipeline;

/// From the job that finished last (a running job "finishes" at `now`), back through what it waited for,
/// each step taking the predecessor that finished last: its `needs`, or without `needs` every job of the
/// earlier stages. That is GitLab's own reading of what a job waits for (its GraphQL field
/// `previousStageJobsOrNeeds`; the docs page "Make jobs start earlier with needs": a job with `needs` runs
/// once those jobs are done, whatever its stage; without, after the earlier stages). Jobs that never started
/// (a manual job not played, skipped, created) are not on it. Job names, first to last; empty when nothing ran.
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
    // Per stage position, the job of the earlier stages that finished last: what a job without `needs` waited for.
    let stages = stage.iter().max().map_or(0, |m| m + 1);
    let mut last_in = vec![None; stages];
    for (i, &s) in stage.iter().enumerate() {
        if end[i].is_some() && last_in[s].is_none_or(|k: usize| end[i] > end[k]) {
            last_in[s] = Some(i);
        }
    }
    let mut last_before = vec![None; stages];
    for s in 1..stages {
        last_before[s] = latest(&mut last_before[s - 1].into_iter().chain(last_in[s - 1]));
    }
    let mut path = Vec::new();
    let mut on_path = vec![false; p.jobs.len()];
    let mut at = latest(&mut (0..p.jobs.len()));
    while let Some(i) = at.filter(|&i| !on_path[i]) {
        on_path[i] = true;
        path.push(p.jobs[i].name.clone());
        at = match &needed[i] {
            Some(needs) => latest(&mut needs.iter().copied()),
            None => last_before[stage[i]],
        };
    }
    path.reverse();
    path
}
