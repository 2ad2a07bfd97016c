//! Browser timing harness: the release app in headless Chromium, read through the app's own
//! `performance.measure` entries: "pipelens:yaml-to-graph" (text change → new graph in the DOM) and
//! "pipelens:yaml-to-paint" (→ the frame showing it painted).
//! Prints a Markdown table. Run by `./dev bench` after a release build; not a test (timings vary).

#[path = "../../../crates/core/benches/support/generate.rs"]
mod generate;

use pipelens_e2e::{harness, root, set_editor_text, Session};
use serde_json::json;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

const DRAWN: &str = "pipelens:yaml-to-graph";
const PAINTED: &str = "pipelens:yaml-to-paint";

/// Sets the editor text as a paste would and returns the measured milliseconds: (DOM updated, painted).
fn paste(s: &Session, text: &str) -> (f64, f64) {
    s.execute("performance.clearMeasures();", json!([])).unwrap();
    set_editor_text(s, text);
    (last_measure(s, DRAWN), last_measure(s, PAINTED))
}

fn last_measure(s: &Session, name: &str) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let v = s
            .execute(
                "const m = performance.getEntriesByName(arguments[0], 'measure'); \
                 return m.length ? m[m.length - 1].duration : null;",
                json!([name]),
            )
            .unwrap();
        if let Some(d) = v.as_f64() {
            return d;
        }
        assert!(Instant::now() < deadline, "no measure recorded");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    std::env::set_var("PIPELENS_E2E_REQUIRED", "1");
    let h = harness().expect("harness");
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, Duration::from_secs(30)).unwrap();

    let mut inputs: Vec<(String, String)> = Vec::new();
    let corpus = root().join("../shared/corpus");
    // Every corpus entry file, pasted alone (its local includes stay unresolved, as in a paste).
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    if names.is_empty() {
        eprintln!("note: no corpus beside the checkout; timing generated configs only");
    }
    for name in &names {
        if let Ok(text) = std::fs::read_to_string(corpus.join(name).join(".gitlab-ci.yml")) {
            inputs.push((format!("{name} (.gitlab-ci.yml, {} lines)", text.lines().count()), text));
        }
    }
    for n in [200, 2000] {
        inputs.push((format!("generated {n} jobs"), generate::config(n)));
    }

    println!("| input | boxes | boxes in the DOM | paste → DOM updated | paste → painted |");
    println!("|---|---|---|---|---|");
    for (label, text) in &inputs {
        let times: Vec<(f64, f64)> = (0..RUNS)
            .map(|_| {
                paste(&h.session, "");
                paste(&h.session, text)
            })
            .collect();
        let in_dom = h.session.find_all("g[data-job]").unwrap().len();
        // The graph's accessible name counts every box, drawn or culled.
        let boxes = h
            .session
            .execute(
                "return document.querySelector('[data-testid=pipeline-graph]').getAttribute('aria-label').split(' ')[2]",
                json!([]),
            )
            .unwrap();
        let boxes = boxes.as_str().unwrap_or("?").to_string();
        let (drawn, painted) =
            (median(times.iter().map(|t| t.0).collect()), median(times.iter().map(|t| t.1).collect()));
        println!("| {label} | {boxes} | {in_dom} | {drawn:.1} ms | {painted:.1} ms |");
    }

    // Each corpus folder through "Open folder…": reading every YAML file, includes, drawing.
    if !names.is_empty() {
        println!();
        println!("| corpus folder | YAML files | boxes in the DOM | open folder → painted (median of {RUNS}) |");
        println!("|---|---|---|---|");
    }
    for name in &names {
        let Ok(dir) = corpus.join(name).canonicalize() else { continue };
        let times: Vec<f64> = (0..RUNS)
            .map(|_| {
                h.session.goto(&h.url("/")).unwrap();
                h.session.wait_for(r#"g[data-job="build"]"#, Duration::from_secs(30)).unwrap();
                let input = h.session.find_all("[data-testid=open-folder]").unwrap().remove(0);
                h.session.send_keys(&input, &dir.display().to_string()).unwrap();
                last_measure(&h.session, PAINTED)
            })
            .collect();
        let files = h.session.find_all("[data-testid=file-tabs] [data-file]").unwrap().len();
        let jobs = h.session.find_all("g[data-job]").unwrap().len();
        println!("| {name} | {files} | {jobs} | {:.1} ms |", median(times));
    }
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, Duration::from_secs(30)).unwrap();

    // Keystroke → redraw on a 200-job config: real key events through WebDriver.
    paste(&h.session, &generate::config(200));
    let editor = h.session.find_all("[data-testid=yaml-editor]").unwrap().remove(0);
    let mut times = Vec::new();
    for i in 0..10 {
        h.session.execute("performance.clearMeasures();", json!([])).unwrap();
        h.session.send_keys(&editor, if i % 2 == 0 { "#" } else { "\u{E003}" }).unwrap();
        times.push((last_measure(&h.session, DRAWN), last_measure(&h.session, PAINTED)));
    }
    let in_dom = h.session.find_all("g[data-job]").unwrap().len();
    let (drawn, painted) = (median(times.iter().map(|t| t.0).collect()), median(times.iter().map(|t| t.1).collect()));
    println!("| keystroke at 200 jobs (median of 10) | {in_dom} | {in_dom} | {drawn:.1} ms | {painted:.1} ms |");
}
