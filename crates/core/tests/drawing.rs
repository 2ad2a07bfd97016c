//! Every corpus configuration, read as a folder (entry file + every YAML file beside it), in each pipeline
//! context and every drawing mode, lays out cleanly: no two boxes overlap, and no edge, stage bus or
//! child-pipeline link runs through a box — at every nesting level. Reads the shared corpus in place and
//! skips with a note when it is absent (fails instead under `PIPELENS_CORPUS_REQUIRED=1`).

#[path = "../benches/support/corpus.rs"]
mod corpus;

use corpus::{corpus_folders, read_folder};
use pipelens_core::scene::{self, Options, Scene, View};
use pipelens_core::variables::Vars;
use pipelens_core::{analyze, PipelineContext};

fn contexts() -> Vec<Vars> {
    let set = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vars>();
    vec![
        Vars::new(),
        set(&[("CI_PIPELINE_SOURCE", "merge_request_event"), ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature")]),
        set(&[("CI_COMMIT_TAG", "v1.0.0")]),
        set(&[("CI_PIPELINE_SOURCE", "schedule")]),
    ]
}

type Rect = (f64, f64, f64, f64);

fn inside(x: f64, y: f64, (bx, by, bw, bh): Rect) -> bool {
    x > bx + 0.5 && x < bx + bw - 0.5 && y > by + 0.5 && y < by + bh - 0.5
}

fn assert_clean(name: &str, s: &Scene) {
    let mut boxes: Vec<Rect> = s.jobs.iter().map(|j| (j.x, j.y, j.width, j.height)).collect();
    boxes.extend(s.children.iter().map(|c| (c.x, c.y, c.width, c.height)));
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| boxes[a].0.total_cmp(&boxes[b].0));
    for (i, &a) in order.iter().enumerate() {
        let (ax, ay, aw, ah) = boxes[a];
        for &b in &order[i + 1..] {
            let (bx, by, _, bh) = boxes[b];
            if bx >= ax + aw {
                break;
            }
            assert!(!(ay < by + bh && by < ay + ah), "{name}: boxes {a} and {b} overlap");
        }
    }
    let mut lines: Vec<(String, Vec<(f64, f64)>)> =
        s.edges.iter().map(|e| (format!("edge {} -> {}", e.from, e.to), e.points.clone())).collect();
    lines.extend(s.children.iter().map(|c| (format!("link to {}", c.job), c.link.points.clone())));
    for l in &s.stage_links {
        lines.extend(l.segments().into_iter().map(|seg| ("stage bus".to_string(), seg.to_vec())));
    }
    for (what, pts) in &lines {
        for w in pts.windows(2) {
            for k in 1..8 {
                let t = f64::from(k) / 8.0;
                let (x, y) = (w[0].0 + (w[1].0 - w[0].0) * t, w[0].1 + (w[1].1 - w[0].1) * t);
                if let Some(b) = boxes.iter().find(|&&b| inside(x, y, b)) {
                    panic!("{name}: {what} passes through the box at {b:?} (point {x:.0},{y:.0})");
                }
            }
        }
    }
    for c in &s.children {
        assert_clean(&format!("{name} > {}", c.job), &c.scene);
    }
}

#[test]
fn every_corpus_folder_draws_cleanly_in_every_mode() {
    let folders = corpus_folders();
    if folders.is_empty() {
        return;
    }
    let mut drawn = 0;
    for (name, dir) in folders {
        let (files, entry, paths) = read_folder(&dir).unwrap_or_else(|| panic!("{name}: not readable"));
        for vars in contexts() {
            let mut ctx = PipelineContext::from_vars(vars);
            ctx.repo_files = paths.clone();
            let a = analyze(&files, entry, &ctx);
            let open_children: std::collections::BTreeSet<String> = a.children.iter().map(|c| c.job.clone()).collect();
            for view in [View::Stages, View::Needs] {
                for (collapse_groups, show_excluded) in [(false, false), (true, true)] {
                    let opts = Options {
                        view,
                        collapse_groups,
                        show_excluded,
                        open_children: if show_excluded { open_children.clone() } else { Default::default() },
                        ..Options::default()
                    };
                    let s = scene::build_with(&a, &opts);
                    assert_clean(&format!("{name} {view:?} groups={collapse_groups}"), &s);
                    drawn += 1;
                }
            }
        }
    }
    assert!(drawn >= 16, "expected corpus folders, drew {drawn}");
    eprintln!("drawing: {drawn} corpus drawings checked");
}
