//! `pipelens-gitlab-sim [--port N] [--scenario FILE] [--manual-clock]`: serves a simulated GitLab on
//! 127.0.0.1 and prints its address.

use pipelens_gitlab_sim::{corpus_dir, Scenario, Sim};
use std::process::ExitCode;

const USAGE: &str = "usage: pipelens-gitlab-sim [--port N] [--scenario FILE] [--manual-clock]";
const DEMO: &str = include_str!("../scenarios/demo.yml");

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pipelens-gitlab-sim: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<(), String> {
    let mut port = 0u16;
    let mut scenario_text = DEMO.to_string();
    let mut real_time = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => port = args.next().and_then(|p| p.parse().ok()).ok_or(USAGE)?,
            "--scenario" => {
                let file = args.next().ok_or(USAGE)?;
                scenario_text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
            }
            "--manual-clock" => real_time = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let world = Scenario::from_yaml(&scenario_text)?.build(corpus_dir().as_deref(), real_time)?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("pipelens-gitlab-sim listening on http://{addr}");
    Sim::new(world).serve(listener).await.map_err(|e| e.to_string())
}
