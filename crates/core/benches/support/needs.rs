//! Needs-heavy synthetic pipelines of `jobs` jobs, each needing up to `needs` others.

/// Job `i` needs the `needs` jobs before it, all in one stage (GitLab allows `needs` within a stage): the
/// needs view puts every job in a column of its own, and each need skips up to `needs` columns.
pub fn window(jobs: usize, needs: usize) -> String {
    let mut y = String::new();
    for i in 0..jobs {
        y += &format!("j{i}:\n  stage: test\n  script: x\n");
        if i > 0 {
            let picked: Vec<String> = (i.saturating_sub(needs)..i).map(|k| format!("j{k}")).collect();
            y += &format!("  needs: [{}]\n", picked.join(", "));
        }
    }
    y
}

/// `jobs` jobs in 10 stages; each job after the first stage needs `needs` jobs (or all there are) spread
/// over every earlier stage, so many needs skip stages.
pub fn stages(jobs: usize, needs: usize) -> String {
    const STAGES: usize = 10;
    let width = jobs.div_ceil(STAGES).max(1);
    let mut y = String::from("stages: [");
    y += &(0..STAGES).map(|s| format!("s{s}")).collect::<Vec<_>>().join(", ");
    y += "]\n";
    for i in 0..jobs {
        let stage = i / width;
        y += &format!("j{i}:\n  stage: s{stage}\n  script: x\n");
        // Jobs 0..earlier sit in earlier stages; pick distinct ones by a stride coprime to their count.
        let earlier = stage * width;
        if earlier > 0 {
            let stride = (7919..).find(|s| gcd(*s, earlier) == 1).unwrap_or(1);
            let start = i.wrapping_mul(2_654_435_761) % earlier;
            let picked: Vec<String> =
                (0..needs.min(earlier)).map(|k| format!("j{}", (start + k * stride) % earlier)).collect();
            y += &format!("  needs: [{}]\n", picked.join(", "));
        }
    }
    y
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
