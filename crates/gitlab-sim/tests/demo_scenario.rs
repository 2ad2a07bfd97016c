//! The demo scenario's large parts: a finished job with a 50 MB log, and the 100 projects of `demo-wall`.

mod support;

use pipelens_gitlab_api::endpoints::{GroupProjects, JobTrace};
use pipelens_gitlab_api::native::NativeTransport;
use pipelens_gitlab_api::Client;
use pipelens_gitlab_sim::{Scenario, Sim};
use std::path::Path;
use std::time::Duration;
use support::Harness;

fn demo() -> Sim {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/demo.yml")).unwrap();
    Sim::new(Scenario::from_yaml(&text).unwrap().build(None, false).unwrap())
}

#[test]
fn big_log_is_a_finished_job_with_a_50_mb_log() {
    let sim = demo();
    let (project, job) = {
        let w = sim.lock();
        let project = w.projects.iter().find(|p| p.full_path == "demo/big-log").expect("demo/big-log").id;
        let job = w.jobs.iter().find(|j| j.project_id == project && j.spec.name == "big-log").expect("job big-log");
        assert_eq!(job.status, "success", "finished before the demo starts");
        (project, job.id)
    };
    let addr = sim.spawn();
    let h = Harness { sim, base: format!("http://{addr}"), transport: NativeTransport::new(Duration::from_secs(60)) };
    let log = h.call("glpat-demo-read", &JobTrace::new(project, job)).unwrap();
    let mb = 1_000_000;
    assert!((50 * mb..55 * mb).contains(&log.len()), "{} bytes", log.len());
}

#[test]
fn demo_wall_is_a_group_of_100_projects() {
    let sim = demo();
    let addr = sim.spawn();
    let client =
        Client::new(&format!("http://{addr}"), Some(pipelens_gitlab_api::Token::private("glpat-demo-read"))).unwrap();
    let transport = NativeTransport::new(Duration::from_secs(10));
    let projects = pollster::block_on(client.all(&transport, &GroupProjects::new("demo-wall"), 100, 5)).unwrap();
    assert_eq!(projects.len(), 100);
    assert!(projects.iter().all(|p| p.path_with_namespace.starts_with("demo-wall/service-")));
}
