//! A figure for the README, not a timed test: a 200-job running pipeline, and how long a poll's statuses
//! take from the fetched data to the painted frame (`pipelens:live-repaint`, measured by the app). Printed,
//! never asserted; what is asserted is that no status change built the scene again (no relayout).
//!
//! `PIPELENS_E2E_REQUIRED=1 cargo test -p pipelens-e2e --test live_perf -- --nocapture` (after `trunk build --release`)

use pipelens_e2e::{harness_with_scenario, wait_value, Session, Sim};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(60);
const ROUNDS: usize = 10;

/// 4 stages × 50 jobs; from the second stage on each job needs two of the stage before, with durations
/// spread so that every few seconds of the simulator's clock some statuses change.
fn scenario() -> String {
    let mut jobs = String::new();
    for s in 0..4 {
        for i in 0..50 {
            let needs = if s == 0 {
                String::new()
            } else {
                format!(", needs: [job-{}-{:02}, job-{}-{:02}]", s - 1, i, s - 1, (i + 7) % 50)
            };
            jobs.push_str(&format!(
                "      - {{name: job-{s}-{i:02}, stage: stage-{s}, queue: {}, duration: {}{needs}}}\n",
                1 + i % 3,
                5 + (i * 7) % 40
            ));
        }
    }
    format!(
        "users: [{{username: demo}}]\ntokens: [{{token: glpat-demo-read, user: demo, scopes: [read_api]}}]\n\
         projects:\n  - path: perf/big\n    public: true\n    jobs:\n{jobs}    pipelines: [{{created: 0}}]\n"
    )
}

fn statuses(sim: &Sim, pipeline: u64) -> BTreeMap<String, String> {
    sim.lock().current_jobs(pipeline).iter().map(|j| (j.spec.name.clone(), j.status.clone())).collect()
}

fn boxes(s: &Session) -> BTreeMap<String, String> {
    let v = s
        .execute(
            "return [...document.querySelectorAll('svg g.job[data-job][data-status]')].map(g => [g.dataset.job, g.dataset.status])",
            serde_json::json!([]),
        )
        .unwrap();
    v.as_array().unwrap().iter().map(|r| (r[0].as_str().unwrap().into(), r[1].as_str().unwrap().into())).collect()
}

fn builds(s: &Session) -> String {
    let v = s.execute(
        "return document.querySelector('[data-testid=live-graph]').getAttribute('data-scene-builds')",
        serde_json::json!([]),
    );
    v.unwrap().as_str().unwrap().to_string()
}

#[test]
fn status_change_to_painted_at_200_jobs() {
    let Some((h, sim, _)) = harness_with_scenario(&scenario()) else { return };
    let s = &h.session;
    let id = sim.lock().pipelines[0].id;
    s.goto(&h.url("/#/demo")).unwrap();
    s.wait_for(r#"tr[data-project="perf/big"]"#, WAIT).unwrap();
    s.execute("location.hash = arguments[0]", serde_json::json!([format!("#/gitlab/perf/big/-/pipelines/{id}")]))
        .unwrap();
    wait_value(s, "return document.querySelectorAll('svg g.job[data-status]').length === 200", WAIT);
    let drawn = builds(s);
    let mut samples = Vec::new();
    let mut changed = Vec::new();
    for _ in 0..ROUNDS {
        let before = boxes(s);
        s.execute("performance.clearMeasures('pipelens:live-repaint')", serde_json::json!([])).unwrap();
        sim.advance(6);
        let want = statuses(&sim, id);
        let deadline = Instant::now() + WAIT;
        while boxes(s) != want {
            assert!(Instant::now() < deadline, "the boxes never caught up with the simulator");
            std::thread::sleep(Duration::from_millis(20));
        }
        changed.push(want.iter().filter(|(k, v)| before.get(*k) != Some(v)).count());
        // The measure closes after the painted frame: the last one is the poll that brought the change.
        let last = wait_value(
            s,
            "const m = performance.getEntriesByName('pipelens:live-repaint'); return m.length ? m[m.length - 1].duration : null",
            WAIT,
        );
        samples.push(last.as_f64().unwrap());
    }
    assert_eq!(builds(s), drawn, "status changes repainted without building the scene again");
    let mut sorted = samples.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "live repaint, 200 jobs: median {:.1} ms (min {:.1}, max {:.1}) over {ROUNDS} polls changing {:?} boxes; \
         scene builds: {drawn} before and after",
        sorted[ROUNDS / 2],
        sorted[0],
        sorted[ROUNDS - 1],
        changed
    );
}
