//! The client against an in-process simulator on a loopback port.
#![allow(dead_code)]

use pipelens_gitlab_api::native::NativeTransport;
use pipelens_gitlab_api::{ApiError, Backoff, Client, Endpoint, Token};
use pipelens_gitlab_sim::Sim;
use std::time::Duration;

/// A small world: a DAG project, a downstream project, a private project the tokens cannot see,
/// a public one, and tokens with each scope and role.
pub const SCENARIO: &str = r#"
users:
  - {username: dev}
  - {username: other}
tokens:
  - {token: t-api, user: dev, scopes: [api], projects: [g/app, g/sub/down, g/pub]}
  - {token: t-read, user: dev, scopes: [read_api], projects: [g/app]}
  - {token: t-reporter, user: dev, scopes: [api], projects: [g/app], role: reporter}
  - {token: t-maintainer, user: dev, scopes: [api], projects: [g/pub], role: maintainer}
projects:
  - path: g/app
    description: the app
    refs:
      main:
        files:
          .gitlab-ci.yml: "build: {script: [make]}\n"
          ci/jobs.yml: "test: {script: [make test]}\n"
      feature/x:
        from: main
        files:
          .gitlab-ci.yml: "build: {script: [make all]}\n"
          src/new.rs: "fn main() {}\n"
      v1.0:
        tag: true
    merge_requests:
      - {iid: 3, title: Feature X, source_branch: feature/x, target_branch: main}
    jobs:
      - {name: build, stage: build, queue: 2, duration: 10}
      - {name: lint, stage: test, needs: [], queue: 1, duration: 5}
      - {name: unit, stage: test, queue: 2, duration: 20, log_lines: 40, timestamps: true}
      - {name: flaky, stage: test, queue: 2, duration: 5, fails: true}
      - {name: child, stage: test, trigger: g/sub/down}
      - {name: deploy, stage: deploy, when: manual, duration: 5}
  - path: g/sub/down
    jobs:
      - {name: downstream-job, stage: test, duration: 5}
  - path: g/pub
    public: true
    jobs:
      - {name: external, stage: test, status: waiting_for_callback}
      - {name: future, stage: test, status: teleporting}
      - {name: running, stage: test, duration: 1000}
    pipelines:
      - {created: -10}
  - path: secret/hidden
    jobs:
      - {name: x}
    pipelines:
      - {created: -100}
"#;

pub struct Harness {
    pub sim: Sim,
    pub base: String,
    pub transport: NativeTransport,
}

impl Harness {
    pub fn start() -> Harness {
        Harness::with(SCENARIO)
    }

    pub fn with(yaml: &str) -> Harness {
        let sim = Sim::from_yaml(yaml, None).expect("scenario");
        let addr = sim.spawn();
        Harness { sim, base: format!("http://{addr}"), transport: NativeTransport::new(Duration::from_secs(2)) }
    }

    /// A client that does not retry, so each fault shows.
    pub fn client(&self, token: Option<&str>) -> Client {
        Client::new(&self.base, token.map(Token::private)).expect("base url").with_backoff(Backoff::none())
    }

    pub fn call<E: Endpoint>(&self, token: &str, endpoint: &E) -> Result<E::Output, ApiError> {
        pollster::block_on(self.client(Some(token)).call(&self.transport, endpoint))
    }
}
