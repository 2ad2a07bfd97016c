//! A GitLab API simulator for pipelens' tests and demo. It is a test double, never part of the app.
//!
//! It serves the REST v4 endpoints and the GraphQL subset the app uses, behaving as GitLab documents:
//! offset pagination with `x-*` and `Link` headers (`pagination.rs`), GitLab's CORS for `/api/*`
//! (`cors.rs`), tokens, scopes and roles (`auth.rs`), every job status on a clock (`progress.rs`,
//! `status.rs`), growing ANSI logs (`logs.rs`) and scripted faults (`faults.rs`). The world comes from
//! a YAML scenario (`scenario.rs`).
//!
//! # Design
//! - **State in memory behind one mutex.** Requests are short and the world is small; one lock keeps
//!   every response consistent with one instant.
//! - **A deterministic clock.** Time is whole seconds from [`clock::Clock`]; statuses and logs are
//!   functions of it, computed on each request (`World::advance`). Tests advance a manual clock; the
//!   demo runs in real time. A recurring pipeline or a huge log is a matter of the scenario and of
//!   `progress`/`logs`, not of the handlers.
//! - **Handlers are small** and grouped by resource (`rest/`), rendering GitLab's entities in
//!   `rest/render.rs`. GraphQL runs on async-graphql with types named as in GitLab's schema, checked
//!   against it in a test.

pub mod auth;
pub mod ci;
pub mod clock;
pub mod cors;
pub mod faults;
pub mod finder;
pub mod graphql;
pub mod logs;
pub mod pagination;
pub mod progress;
pub mod rest;
pub mod scenario;
pub mod status;
pub mod world;

use axum::extract::{Query, State};
use axum::routing::{delete, post};
use axum::{Json, Router};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

pub use faults::{Fault, FaultKind};
pub use scenario::Scenario;
pub use world::World;

/// The simulator: a shared world plus the HTTP app over it.
#[derive(Clone)]
pub struct Sim {
    pub(crate) world: Arc<Mutex<World>>,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
}

/// A request as it arrived, for tests asserting what a client sent (where its token went).
#[derive(Clone, Debug)]
pub struct SeenRequest {
    pub method: String,
    /// Path and query.
    pub uri: String,
    pub headers: Vec<(String, String)>,
}

impl Sim {
    pub fn new(world: World) -> Self {
        Sim { world: Arc::new(Mutex::new(world)), seen: Arc::default() }
    }

    /// A simulator from scenario YAML with a manual clock.
    pub fn from_yaml(text: &str, corpus: Option<&Path>) -> Result<Self, String> {
        Ok(Sim::new(Scenario::from_yaml(text)?.build(corpus, false)?))
    }

    /// The world, moved to the current time.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        let mut w = self.world.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        w.advance();
        w
    }

    /// Moves the clock forward.
    pub fn advance(&self, seconds: u64) {
        self.lock().clock.advance(seconds);
    }

    pub fn add_fault(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// The HTTP application: REST, GraphQL, the simulator's own controls under `/-/sim/`.
    pub fn app(&self) -> Router {
        Router::new()
            .merge(rest::routes())
            .merge(graphql::routes())
            .route("/-/sim/advance", post(admin_advance))
            .route("/-/sim/faults", post(admin_add_fault))
            .route("/-/sim/faults", delete(admin_clear_faults))
            .layer(axum::middleware::from_fn_with_state(self.clone(), faults::inject))
            // Outermost, like Rack::Cors before Rack::Attack: even a 429 carries CORS headers.
            .layer(axum::middleware::from_fn(cors::cors))
            .layer(axum::middleware::from_fn_with_state(self.clone(), record))
            .with_state(self.clone())
    }

    /// Serves on `listener` until the process ends.
    pub async fn serve(self, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        axum::serve(listener, self.app()).await
    }

    /// Starts serving on a loopback port in a background thread with its own runtime (for tests).
    pub fn spawn(&self) -> SocketAddr {
        let sim = self.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
                tx.send(listener.local_addr().expect("address")).expect("report address");
                let _ = sim.serve(listener).await;
            });
        });
        rx.recv().expect("the simulator started")
    }
}

/// The corpus of real configurations beside the checkout (`PIPELENS_CORPUS` overrides), if present.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PIPELENS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    dir.is_dir().then_some(dir)
}

const SEEN_MAX: usize = 10_000;

/// Keeps each request's method, address and headers for [`Sim::requests`].
async fn record(
    State(sim): State<Sim>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let seen = SeenRequest {
        method: request.method().to_string(),
        uri: request.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default(),
        headers: request
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
    };
    {
        let mut log = sim.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // A long-running demo must not grow without bound; tests look at far fewer.
        if log.len() == SEEN_MAX {
            log.remove(0);
        }
        log.push(seen);
    }
    next.run(request).await
}

async fn admin_advance(State(sim): State<Sim>, Query(q): Query<Vec<(String, String)>>) -> Json<serde_json::Value> {
    let seconds = rest::Params::new(q).get("seconds").and_then(|s| s.parse().ok()).unwrap_or(1);
    sim.advance(seconds);
    let now = sim.lock().now();
    Json(serde_json::json!({"now": clock::iso(now)}))
}

async fn admin_add_fault(State(sim): State<Sim>, Json(fault): Json<Fault>) -> Json<serde_json::Value> {
    sim.add_fault(fault);
    Json(serde_json::json!({"ok": true}))
}

async fn admin_clear_faults(State(sim): State<Sim>) -> Json<serde_json::Value> {
    sim.clear_faults();
    Json(serde_json::json!({"ok": true}))
}
