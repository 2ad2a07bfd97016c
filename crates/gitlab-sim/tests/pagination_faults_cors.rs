//! Offset pagination followed by `Link`, each scripted fault as the client sees it, and GitLab's
//! CORS answers.

mod support;

use pipelens_gitlab_api::endpoints::{GetProject, GroupProjects, Projects};
use pipelens_gitlab_api::native::NativeTransport;
use pipelens_gitlab_api::{ApiError, Backoff, Client, Token};
use pipelens_gitlab_sim::{Fault, FaultKind};
use std::io::{Read, Write};
use std::time::Duration;
use support::Harness;

/// 45 projects in group `wall`.
fn wall() -> Harness {
    let mut yaml =
        String::from("users: [{username: dev}]\ntokens: [{token: t, user: dev, scopes: [read_api]}]\nprojects:\n");
    for i in 0..45 {
        yaml.push_str(&format!("  - {{path: wall/p{i:02}}}\n"));
    }
    Harness::with(&yaml)
}

#[test]
fn pages_follow_link_until_the_end() {
    let h = wall();
    let client = h.client(Some("t"));
    let endpoint = GroupProjects::new("wall");
    let first = pollster::block_on(client.page(&h.transport, &endpoint, &client.prepare_page(&endpoint, 20))).unwrap();
    assert_eq!(first.items.len(), 20);
    let i = &first.info;
    assert_eq!(
        (i.page, i.per_page, i.next_page, i.prev_page, i.total, i.total_pages),
        (Some(1), Some(20), Some(2), None, Some(45), Some(3))
    );
    assert!(first.info.links.last.as_deref().is_some_and(|l| l.contains("page=3")));
    let second = pollster::block_on(client.page(&h.transport, &endpoint, first.next.as_ref().unwrap())).unwrap();
    assert_eq!(second.info.page, Some(2));
    let all = pollster::block_on(client.all(&h.transport, &endpoint, 20, 10)).unwrap();
    assert_eq!(all.len(), 45);
    let mut names: Vec<_> = all.iter().map(|p| p.path.clone()).collect();
    names.dedup();
    assert_eq!(names.len(), 45, "no project twice across pages");
    // `max_pages` bounds the walk.
    assert_eq!(pollster::block_on(client.all(&h.transport, &endpoint, 20, 2)).unwrap().len(), 40);
    // per_page above GitLab's 100 is clamped.
    let big = pollster::block_on(client.page(
        &h.transport,
        &Projects::default(),
        &client.prepare_page(&Projects::default(), 500),
    ))
    .unwrap();
    assert_eq!((big.items.len(), big.info.per_page, big.next.is_none()), (45, Some(100), true));
}

fn fault(path: &str, times: Option<u32>, kind: FaultKind) -> Fault {
    Fault { path: path.into(), method: None, times, kind }
}

#[test]
fn error_statuses_map_to_typed_errors() {
    let h = Harness::start();
    for (status, expected) in [
        (500, ApiError::Server { status: 500 }),
        (502, ApiError::Server { status: 502 }),
        (503, ApiError::Server { status: 503 }),
    ] {
        h.sim.add_fault(fault("/projects/", Some(1), FaultKind::Status { status }));
        assert_eq!(h.call("t-api", &GetProject::new("g/app")).unwrap_err(), expected);
    }
    h.sim.add_fault(fault("/projects/", Some(1), FaultKind::RateLimit { retry_after: 7 }));
    assert_eq!(h.call("t-api", &GetProject::new("g/app")).unwrap_err(), ApiError::RateLimited { retry_after: Some(7) });
    assert!(h.call("t-api", &GetProject::new("g/app")).is_ok(), "each fault fired once");
}

#[test]
fn backoff_recovers_from_transient_faults() {
    let h = Harness::start();
    h.sim.add_fault(fault("/projects/", Some(1), FaultKind::RateLimit { retry_after: 0 }));
    h.sim.add_fault(fault("/projects/", Some(1), FaultKind::Status { status: 502 }));
    h.sim.add_fault(fault("/projects/", Some(1), FaultKind::Drop));
    let client = Client::new(&h.base, Some(Token::private("t-api"))).unwrap().with_backoff(Backoff {
        initial: Duration::from_millis(1),
        max: Duration::from_millis(5),
        max_retries: 3,
    });
    let p = pollster::block_on(client.call(&h.transport, &GetProject::new("g/app"))).unwrap();
    assert_eq!(p.path_with_namespace, "g/app");
}

#[test]
fn bodies_cut_or_garbled_are_malformed() {
    let h = Harness::start();
    h.sim.add_fault(fault("/projects/", Some(1), FaultKind::Truncate));
    assert!(matches!(h.call("t-api", &GetProject::new("g/app")), Err(ApiError::Malformed { .. })));
    h.sim.add_fault(fault("/projects/", Some(1), FaultKind::Malformed));
    assert!(matches!(h.call("t-api", &GetProject::new("g/app")), Err(ApiError::Malformed { .. })));
}

#[test]
fn dropped_connection_is_a_network_error() {
    let h = Harness::start();
    h.sim.add_fault(fault("/projects/", Some(1), FaultKind::Drop));
    assert!(matches!(h.call("t-api", &GetProject::new("g/app")), Err(ApiError::Network(_))));
}

#[test]
fn slow_answers_arrive_and_hanging_ones_time_out() {
    let h = Harness::start();
    h.sim.add_fault(fault("/projects/", Some(1), FaultKind::Slow { millis: 300 }));
    assert!(h.call("t-api", &GetProject::new("g/app")).is_ok());
    h.sim.add_fault(fault("/projects/", Some(1), FaultKind::Hang));
    let quick = NativeTransport::new(Duration::from_millis(500));
    let r = pollster::block_on(h.client(Some("t-api")).call(&quick, &GetProject::new("g/app")));
    assert_eq!(r.unwrap_err(), ApiError::Timeout);
}

#[test]
fn faults_match_method_and_path() {
    let h = Harness::start();
    h.sim.add_fault(Fault {
        path: "/pipelines".into(),
        method: Some("POST".into()),
        times: None,
        kind: FaultKind::Status { status: 500 },
    });
    assert!(h.call("t-api", &GetProject::new("g/app")).is_ok());
    assert!(h.call("t-api", &pipelens_gitlab_api::endpoints::Pipelines::new("g/app")).is_ok());
    let r = h.call("t-api", &pipelens_gitlab_api::endpoints::RetryPipeline::new("g/app", 1));
    assert_eq!(r.unwrap_err(), ApiError::Server { status: 500 });
}

/// A raw HTTP/1.1 exchange, to see every header as a browser would receive it.
fn raw(h: &Harness, request: &str) -> String {
    let addr = h.base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(request.replace("HOST", addr).as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.to_ascii_lowercase()
}

#[test]
fn cors_preflight_and_exposed_headers() {
    let h = Harness::start();
    let pre = raw(
        &h,
        "OPTIONS /api/v4/projects HTTP/1.1\r\nHost: HOST\r\nOrigin: https://app.example\r\n\
         Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: private-token\r\nConnection: close\r\n\r\n",
    );
    assert!(pre.starts_with("http/1.1 200"), "{pre}");
    assert!(pre.contains("access-control-allow-origin: *"));
    assert!(pre.contains("access-control-allow-headers: private-token"));
    assert!(!pre.contains("access-control-allow-credentials"));
    let get = raw(
        &h,
        "GET /api/v4/projects?per_page=1 HTTP/1.1\r\nHost: HOST\r\nOrigin: https://app.example\r\n\
         PRIVATE-TOKEN: t-api\r\nConnection: close\r\n\r\n",
    );
    assert!(get.contains("access-control-allow-origin: *"));
    let exposed = get.lines().find(|l| l.starts_with("access-control-expose-headers:")).unwrap().to_string();
    for header in ["link", "x-total", "x-total-pages", "x-per-page", "x-page", "x-next-page", "x-prev-page"] {
        assert!(exposed.contains(header), "{header} exposed: {exposed}");
    }
    assert!(!exposed.contains("retry-after") && !exposed.contains("ratelimit"));
    // A 429 from the rate limiter still carries CORS headers (Rack::Cors runs first).
    h.sim.add_fault(fault("/projects", Some(1), FaultKind::RateLimit { retry_after: 5 }));
    let limited = raw(
        &h,
        "GET /api/v4/projects HTTP/1.1\r\nHost: HOST\r\nOrigin: https://app.example\r\nConnection: close\r\n\r\n",
    );
    assert!(limited.starts_with("http/1.1 429") && limited.contains("access-control-allow-origin: *"), "{limited}");
    // Outside /api/ there is no CORS.
    let page = raw(&h, "GET /g/app HTTP/1.1\r\nHost: HOST\r\nOrigin: https://app.example\r\nConnection: close\r\n\r\n");
    assert!(!page.contains("access-control-allow-origin"));
}
