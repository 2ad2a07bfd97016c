//! Scenario files: the shipped ones load, the corpus one serves real configurations read in place,
//! faults can be scripted from YAML, and mistakes in a scenario are reported.

mod support;

use pipelens_gitlab_api::endpoints::{GetProject, Pipelines, RawFile};
use pipelens_gitlab_api::native::NativeTransport;
use pipelens_gitlab_api::{ApiError, Status};
use pipelens_gitlab_sim::{corpus_dir, Scenario, Sim};
use std::path::Path;
use std::time::Duration;
use support::Harness;

fn scenario_file(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)).unwrap()
}

#[test]
fn demo_scenario_has_projects_in_every_state() {
    let world = Scenario::from_yaml(&scenario_file("demo.yml")).unwrap().build(None, false).unwrap();
    let statuses: Vec<&str> = world.pipelines.iter().map(|p| p.status.as_str()).collect();
    assert!(statuses.contains(&"running") && statuses.contains(&"success"), "{statuses:?}");
    let jobs: Vec<&str> = world.jobs.iter().map(|j| j.status.as_str()).collect();
    for s in ["waiting_for_callback", "waiting_for_resource", "some_future_status", "manual", "failed"] {
        assert!(jobs.contains(&s), "{s} in {jobs:?}");
    }
}

#[test]
fn corpus_scenario_serves_real_configurations_in_place() {
    let Some(dir) = corpus_dir() else {
        assert!(
            std::env::var("PIPELENS_CORPUS_REQUIRED").as_deref() != Ok("1"),
            "PIPELENS_CORPUS_REQUIRED=1 but no corpus"
        );
        eprintln!("note: corpus not found; test skipped");
        return;
    };
    let world = Scenario::from_yaml(&scenario_file("corpus.yml")).unwrap().build(Some(&dir), false).unwrap();
    let sim = Sim::new(world);
    let addr = sim.spawn();
    let h = Harness { sim, base: format!("http://{addr}"), transport: NativeTransport::new(Duration::from_secs(2)) };
    let runner = h.call("glpat-demo-api", &GetProject::new("corpus/gitlab-runner")).unwrap();
    let served = h.call("glpat-demo-api", &RawFile::new(runner.id, ".gitlab-ci.yml")).unwrap();
    assert_eq!(served, std::fs::read_to_string(dir.join("gitlab-runner/.gitlab-ci.yml")).unwrap());
    // An included file in a subfolder, by its encoded path.
    let nested = std::fs::read_dir(dir.join("gitlab-runner/.gitlab"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "yml"));
    let path = nested.expect("gitlab-runner keeps included files under .gitlab/");
    let rel = format!(".gitlab/{}", path.file_name().unwrap().to_string_lossy());
    let served = h.call("glpat-demo-api", &RawFile::new("corpus/gitlab-runner", rel.as_str())).unwrap();
    assert_eq!(served, std::fs::read_to_string(&path).unwrap());
    let pipelines = h.call("glpat-demo-api", &Pipelines::new("corpus/mesa")).unwrap();
    assert_eq!(pipelines.len(), 1);
    assert_eq!(pipelines[0].status, Status::Success);
}

#[test]
fn faults_from_the_scenario() {
    let yaml = format!(
        "{}\nfaults:\n  - {{path: /projects/, method: GET, times: 1, fault: status, status: 503}}\n",
        support::SCENARIO.trim_end()
    );
    let h = Harness::with(&yaml);
    assert_eq!(h.call("t-api", &GetProject::new("g/app")).unwrap_err(), ApiError::Server { status: 503 });
    assert!(h.call("t-api", &GetProject::new("g/app")).is_ok());
}

#[test]
fn scenario_mistakes_are_reported() {
    let unknown_key = Scenario::from_yaml("projects:\n  - {path: a/b, colour: red}\n").unwrap_err();
    assert!(unknown_key.contains("colour"), "{unknown_key}");
    let unknown_user = Scenario::from_yaml("tokens:\n  - {token: t, user: ghost, scopes: [api]}\n")
        .unwrap()
        .build(None, false)
        .unwrap_err();
    assert!(unknown_user.contains("ghost"), "{unknown_user}");
    let no_corpus =
        Scenario::from_yaml("projects:\n  - {path: a/b, corpus: mesa}\n").unwrap().build(None, false).unwrap_err();
    assert!(no_corpus.contains("corpus"), "{no_corpus}");
    let bad_ref = Scenario::from_yaml("projects:\n  - path: a/b\n    pipelines: [{ref: nope}]\n")
        .unwrap()
        .build(None, false)
        .unwrap_err();
    assert!(bad_ref.contains("nope"), "{bad_ref}");
}

#[test]
fn pipelines_in_the_past_are_played_forward() {
    let yaml = "projects:\n  - path: a/b\n    jobs:\n      - {name: x, duration: 10, queue: 0}\n    pipelines:\n      - {created: -5}\n      - {created: -100}\n";
    let world = Scenario::from_yaml(yaml).unwrap().build(None, false).unwrap();
    let start = pipelens_gitlab_sim::scenario::DEFAULT_START;
    let old = world.pipelines.iter().find(|p| p.created_at == start - 100).unwrap();
    assert_eq!((old.status.as_str(), old.finished_at), ("success", Some(start - 90)));
    let new = world.pipelines.iter().find(|p| p.created_at == start - 5).unwrap();
    assert_eq!(new.status, "running");
    assert!(old.id < new.id, "ids in creation order");
}

#[test]
fn keep_running_projects_always_have_a_pipeline_running() {
    let yaml = "projects:\n  - path: a/b\n    keep_running: true\n    jobs:\n      - {name: x, duration: 50, queue: 0}\n    pipelines:\n      - {created: 0}\n";
    let sim = Sim::new(Scenario::from_yaml(yaml).unwrap().build(None, false).unwrap());
    for step in 0..12 {
        sim.advance(17);
        let w = sim.lock();
        let running = w.pipelines.iter().filter(|p| p.status == "running").count();
        assert_eq!(running, 1, "after {} s", (step + 1) * 17);
    }
    let w = sim.lock();
    // 204 s with 50 s pipelines: four finished, the fifth running; each starts when the last ended.
    assert_eq!(w.pipelines.len(), 5);
    for pair in w.pipelines.windows(2) {
        assert_eq!(Some(pair[1].created_at), pair[0].finished_at);
    }
}

#[test]
fn real_time_worlds_keep_relative_times_around_now() {
    let world = Scenario::from_yaml(&scenario_file("demo.yml")).unwrap().build(None, true).unwrap();
    let now = world.now();
    let oldest = world.pipelines.iter().map(|p| p.created_at).min().unwrap();
    let newest = world.pipelines.iter().map(|p| p.created_at).max().unwrap();
    // demo.yml's pipelines were created from 3600 s to 20 s before the start.
    assert!(now - oldest >= 3600 && now - oldest < 3700, "{now} {oldest}");
    assert!(now - newest < 100, "{now} {newest}");
    assert!(world.pipelines.iter().any(|p| p.status == "running"));
}

#[test]
fn release_scenario_has_one_project_without_the_branch() {
    let world = Scenario::from_yaml(&scenario_file("release.yml")).unwrap().build(None, false).unwrap();
    let without: Vec<&str> =
        world.projects.iter().filter(|p| !p.refs.contains_key("release/2.0")).map(|p| p.full_path.as_str()).collect();
    assert_eq!(without, vec!["shop/legacy"]);
    assert_eq!(world.projects.len(), 5);
    assert!(world.pipelines.is_empty(), "the batch run creates them all");
}
