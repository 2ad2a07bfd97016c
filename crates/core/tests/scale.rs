//! Needs-heavy pipelines stay cheap to draw: N jobs each needing 50 others (GitLab's default per-job limit,
//! `ci_needs_size_limit`; docs: ci/yaml/_index.md, `needs`) go through analysis, scene and SVG export within
//! a wall-time and a heap budget, and the SVG grows linearly with jobs + needs. Before, 5,000 such jobs
//! (each needing the 50 before it) took a minute, 2 GB and wrote a 736 MB SVG.
//!
//! Time budgets hold in release builds; a debug build (`cargo test --workspace`) is about five times slower,
//! so there the time is only asserted up to 1,000 jobs (a lookup by name that turned linear made that case
//! take 1.4 s there, and 15 s for 5,000 jobs in release). Heap and size budgets hold in both.

#[path = "../benches/support/needs.rs"]
mod needs;

use pipelens_core::limits::Limits;
use pipelens_core::scene::{self, Options, View};
use pipelens_core::{analyze_text, export, PipelineContext};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

/// Counts live and peak heap bytes of this test binary.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The heap counters are global: tests run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let live = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MB: usize = 1_000_000;

struct Run {
    seconds: f64,
    peak_bytes: usize,
    svg_bytes: usize,
    needs: usize,
    drawn: usize,
}

/// Analysis + scene + SVG of `yaml`, timed, with the heap it needed above what was live before.
fn run(yaml: &str, view: View) -> Run {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let t = Instant::now();
    let (_, a) = analyze_text(yaml, &PipelineContext::default_push());
    let s = scene::build(&a, view);
    let svg = export::svg(&s);
    let seconds = t.elapsed().as_secs_f64();
    let peak_bytes = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    assert!(a.diagnostics.is_empty(), "{:?}", &a.diagnostics[..1]);
    assert_eq!(s.notice, None);
    assert_eq!(s.jobs.len(), a.pipeline.jobs.len());
    Run { seconds, peak_bytes, svg_bytes: svg.len(), needs: a.graph.edges().count(), drawn: s.edges.len() }
}

/// Runs a case and checks its budgets: under a second (in release, or always when `timed`), under 100 MB
/// of heap, at most 100 bytes of SVG per job and need. The time is the best of three tries, so that a
/// busy machine does not fail it; a slow engine fails all three.
fn check(name: &str, yaml: &str, jobs: usize, view: View, timed: bool) -> Run {
    let mut r = run(yaml, view);
    let timed = timed || !cfg!(debug_assertions);
    for _ in 0..2 {
        if !timed || r.seconds < 1.0 {
            break;
        }
        r.seconds = r.seconds.min(run(yaml, view).seconds);
    }
    eprintln!(
        "{name}, {view:?}: {jobs} jobs, {} needs ({} drawn): {:.3} s, heap peak {:.1} MB, SVG {:.2} MB",
        r.needs,
        r.drawn,
        r.seconds,
        r.peak_bytes as f64 / MB as f64,
        r.svg_bytes as f64 / MB as f64
    );
    assert!(!timed || r.seconds < 1.0, "{name}: {:.3} s", r.seconds);
    assert!(r.peak_bytes < 100 * MB, "{name}: heap peak {} bytes", r.peak_bytes);
    assert!(r.svg_bytes <= 100 * (jobs + r.needs), "{name}: SVG of {} bytes", r.svg_bytes);
    r
}

/// The reported case: job `i` needs the 50 jobs before it. Every need but the one on job `i - 1` is implied
/// by it, so the drawing is the chain; before, each need was a line bending through up to 50 columns.
fn window(jobs: usize, timed: bool) {
    let _serial = serial();
    let yaml = needs::window(jobs, 50);
    for view in [View::Needs, View::Stages] {
        let r = check(&format!("window {jobs}×50"), &yaml, jobs, view, timed);
        assert_eq!(r.needs, (1..jobs).map(|i| i.min(50)).sum::<usize>());
        assert_eq!(r.drawn, jobs - 1);
    }
}

#[test]
fn window_250_jobs_by_50_needs() {
    window(250, true);
}

#[test]
fn window_1000_jobs_by_50_needs() {
    window(1000, true);
}

#[test]
fn window_5000_jobs_by_50_needs() {
    window(5000, false);
}

/// Ten stages, each job needing 50 jobs spread over all earlier stages: fewer needs are implied, and the
/// drawn ones skip stages.
#[test]
fn stages_1000_jobs_by_50_needs() {
    let _serial = serial();
    let yaml = needs::stages(1000, 50);
    for view in [View::Needs, View::Stages] {
        let r = check("stages 1000×50", &yaml, 1000, view, false);
        assert!(r.drawn < r.needs, "some needs are implied by others");
    }
}

/// A chain of `chain` jobs, 49 roots, and `fan` jobs that each need the chain's end and every root: nothing
/// implies the roots, so each of the `fan` × 49 root lines crosses the `chain` - 1 columns between them.
fn fan_past_a_chain(chain: usize, fan: usize) -> String {
    let mut yaml = String::new();
    for i in 0..chain {
        yaml += &format!("c{i}:\n  script: x\n");
        if i > 0 {
            yaml += &format!("  needs: [c{}]\n", i - 1);
        }
    }
    let roots: Vec<String> = (0..49).map(|r| format!("r{r}")).collect();
    for r in &roots {
        yaml += &format!("{r}:\n  script: x\n");
    }
    for j in 0..fan {
        yaml += &format!("j{j}:\n  script: x\n  needs: [c{}, {}]\n", chain - 1, roots.join(", "));
    }
    yaml
}

/// Above the bend limit the lines are refused with a notice, quickly, and the jobs are still all drawn.
#[test]
fn lines_above_the_bend_limit_are_refused_with_a_notice() {
    let _serial = serial();
    let needs_view = Options { view: View::Needs, ..Options::default() };
    // 200 × 49 lines across 59 columns: 578,200 bends, over the default 100,000.
    let (_, a) = analyze_text(&fan_past_a_chain(60, 200), &PipelineContext::default_push());
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let t = Instant::now();
    let s = scene::build_with(&a, &needs_view);
    let svg = export::svg(&s);
    let seconds = t.elapsed().as_secs_f64();
    let notice = s.notice.as_deref().expect("a notice");
    assert!(notice.contains("578200") && notice.contains("100000"), "{notice}");
    // The needs stay as edges without points, for highlighting and the text exports; the SVG has no lines.
    assert_eq!(s.edges.len(), 59 + 200 + 200 * 49);
    assert!(s.edges.iter().all(|e| e.points.is_empty()));
    assert_eq!(s.jobs.len(), 60 + 49 + 200);
    assert!(svg.contains(r#"class="notice""#) && !svg.contains("data-edge"));
    let (r48, j199) = (s.box_index("r48").unwrap(), s.box_index("j199").unwrap());
    assert!(export::dot(&s).contains(&format!("j{r48} -> j{j199};")));
    assert!(cfg!(debug_assertions) || seconds < 0.2, "{seconds:.3} s");

    // 20 × 49 lines across 19 columns: 18,620 bends, drawn up to a limit of exactly that.
    let (_, a) = analyze_text(&fan_past_a_chain(20, 20), &PipelineContext::default_push());
    let at = |max_drawn_bends| scene::build_within(&a, &needs_view, &Limits { max_drawn_bends, ..Limits::default() });
    let s = at(18_620);
    assert_eq!(s.notice, None);
    assert_eq!(s.edges.len(), 19 + 20 + 20 * 49);
    let s = at(18_619);
    assert!(s.notice.as_deref().is_some_and(|n| n.contains("18620")), "{:?}", s.notice);
    assert!(s.edges.iter().all(|e| e.points.is_empty()));
}
