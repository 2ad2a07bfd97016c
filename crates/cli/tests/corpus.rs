//! Every configuration in the shared corpus resolves with no error, every `needs` points at a job in the
//! pipeline, and its drawing has no overlapping boxes and no edge through a box. Skips (with a note) when
//! the corpus is not beside the checkout.

mod util;
use serde_json::Value;

/// Context each project runs its pipelines in (project path and default branch); `None` fields use defaults.
fn contexts(name: &str) -> Vec<Vec<String>> {
    let project: &[&str] = match name {
        "qemu" => &["CI_PROJECT_NAMESPACE=qemu-project", "CI_PROJECT_PATH=qemu-project/qemu"],
        "gitlab-runner" => &["CI_PROJECT_NAMESPACE=gitlab-org", "CI_PROJECT_PATH=gitlab-org/gitlab-runner"],
        "omnibus-gitlab" => &["CI_PROJECT_NAMESPACE=gitlab-org", "CI_PROJECT_PATH=gitlab-org/omnibus-gitlab"],
        "gitlabhq-2018" => &["CI_PROJECT_PATH=gitlab-org/gitlab-ce", "CI_DEFAULT_BRANCH=master"],
        "mesa" => &["CI_PROJECT_PATH=mesa/mesa", "CI_PROJECT_NAMESPACE=mesa"],
        _ => &[],
    };
    let with = |extra: &[&str]| project.iter().chain(extra).map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        with(&[]),
        with(&["CI_PIPELINE_SOURCE=merge_request_event", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME=feature"]),
        with(&["CI_COMMIT_TAG=v1.0.0"]),
        with(&["CI_PIPELINE_SOURCE=schedule"]),
    ]
}

fn args<'a>(base: &'a [&'a str], vars: &'a [String]) -> Vec<&'a str> {
    let mut a = base.to_vec();
    for v in vars {
        a.push("--var");
        a.push(v);
    }
    a
}

#[test]
fn corpus_resolves_cleanly_and_draws_cleanly() {
    let Some(corpus) = util::corpus() else { return };
    let mut entries: Vec<_> = std::fs::read_dir(&corpus).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut checked = 0;
    for dir in entries.iter().filter(|d| d.join(".gitlab-ci.yml").is_file()) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let path = dir.to_str().unwrap();
        for vars in contexts(&name) {
            let (code, v) = util::json(&args(&["jobs", path, "--json"], &vars));
            let errors: Vec<&Value> =
                v["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
            assert!(errors.is_empty() && code == 0, "{name} {vars:?}: {errors:#?}");
            let jobs = v["jobs"].as_array().unwrap();
            let names: Vec<&str> = jobs.iter().map(|j| j["name"].as_str().unwrap()).collect();
            for j in jobs {
                for n in j["needs"].as_array().into_iter().flatten() {
                    assert!(
                        names.contains(&n.as_str().unwrap()),
                        "{name}: {} needs {n}, not in the pipeline",
                        j["name"]
                    );
                }
            }
            // Drawn with everything on: excluded jobs greyed in their stages, child pipelines open; and as
            // the editor first shows it, groups collapsed.
            let (_, scene) = util::json(&args(&["graph", path, "--format", "json", "--excluded", "--children"], &vars));
            assert_drawing_is_clean(&name, &scene);
            let (_, scene) = util::json(&args(&["graph", path, "--format", "json", "--groups"], &vars));
            assert_drawing_is_clean(&name, &scene);
            checked += 1;
        }
    }
    assert!(checked >= 4, "expected corpus entries, checked {checked}");
    eprintln!("corpus: {checked} configuration/context pairs resolved and drawn cleanly");
}

#[test]
fn corpus_projects_have_jobs_in_their_own_context() {
    let Some(corpus) = util::corpus() else { return };
    // Numbers of jobs are not pinned (they depend on rules); only that each real project yields a pipeline.
    for name in ["gitlabhq-2018", "mesa", "qemu", "gitlab-runner", "gnome-glib", "pipewire", "dd-trace-py"] {
        let dir = corpus.join(name);
        if !dir.is_dir() {
            continue;
        }
        let vars = &contexts(name)[0];
        let (_, v) = util::json(&args(&["jobs", dir.to_str().unwrap(), "--json"], vars));
        assert_eq!(v["pipeline_created"], true, "{name}: {}", v["why"]);
        assert!(!v["jobs"].as_array().unwrap().is_empty(), "{name}");
    }
}

fn rect(j: &Value) -> (f64, f64, f64, f64) {
    let f = |k: &str| j[k].as_f64().unwrap();
    (f("x"), f("y"), f("width"), f("height"))
}

/// No two boxes (jobs, child-pipeline frames) overlap and no edge or child link runs through a box, at every
/// nesting level.
fn assert_drawing_is_clean(name: &str, scene: &Value) {
    let children = scene["children"].as_array().unwrap();
    let boxes: Vec<(f64, f64, f64, f64)> = scene["jobs"].as_array().unwrap().iter().chain(children).map(rect).collect();
    // Sweep by x so the overlap check stays fast on hundreds of jobs.
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
    let links = children.iter().map(|c| (&c["link"], format!("{} (child link)", c["job"]), Value::Null));
    let edges =
        scene["edges"].as_array().unwrap().iter().map(|e| (&e["points"], e["from"].to_string(), e["to"].clone()));
    let stage_segments = scene["stage_links"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["segments"].as_array().unwrap())
        .map(|seg| (seg, "stage link".to_string(), Value::Null));
    for (points, from, to) in edges.chain(links).chain(stage_segments) {
        let pts: Vec<(f64, f64)> =
            points.as_array().unwrap().iter().map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap())).collect();
        for w in pts.windows(2) {
            for k in 1..8 {
                let t = k as f64 / 8.0;
                let (x, y) = (w[0].0 + (w[1].0 - w[0].0) * t, w[0].1 + (w[1].1 - w[0].1) * t);
                for &(bx, by, bw, bh) in &boxes {
                    let inside = x > bx + 0.5 && x < bx + bw - 0.5 && y > by + 0.5 && y < by + bh - 0.5;
                    assert!(!inside, "{name}: edge {from}->{to} passes through a box at ({x:.0},{y:.0})");
                }
            }
        }
    }
    for c in children {
        assert_drawing_is_clean(&format!("{name} > {}", c["job"]), &c["scene"]);
    }
}
