//! `pipelens`: parse arguments → run the core engine → render → exit code. Nothing else lives here.

mod args;
mod render;
mod repo;

use args::{Args, Command};
use pipelens_core::scene::{self, View};
use pipelens_core::{analyze, PipelineContext};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("pipelens: {msg}\n");
            }
            eprintln!("{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("pipelens: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<u8, String> {
    let repo = repo::read(&args.path)?;
    let mut ctx = PipelineContext::from_vars(args.vars.clone());
    ctx.changed_files = args.changed.clone();
    ctx.repo_files = repo.paths.clone();
    let analysis = analyze(&repo.files, repo.entry, &ctx);
    let out = match args.command {
        Command::Jobs if args.json => render::json::jobs(&analysis, &repo.files),
        Command::Jobs => render::text::jobs(&analysis),
        Command::Lint => render::text::lint(&analysis, &repo.files),
        Command::Graph => {
            let view = if args.view == "needs" { View::Needs } else { View::Stages };
            let opts = scene::Options {
                view,
                show_excluded: args.excluded,
                collapse_groups: args.groups,
                open_children: if args.children { open_all(&analysis, "") } else { Default::default() },
                ..Default::default()
            };
            let scene = scene::build_with(&analysis, &opts);
            if let Some(notice) = &scene.notice {
                eprintln!("pipelens: {notice}");
            }
            match args.format.as_str() {
                "dot" => render::graph::dot(&scene),
                "mermaid" => render::graph::mermaid(&scene),
                "json" => render::graph::json(&scene),
                _ => render::graph::svg(&scene),
            }
        }
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = stdout.write_all(out.as_bytes());
    if args.command == Command::Graph || (args.command == Command::Jobs && !args.json) {
        let diags = render::text::diagnostics(&analysis.diagnostics, &repo.files);
        if !diags.is_empty() {
            eprint!("{diags}");
        }
    }
    let code = if analysis.has_errors() { 1 } else { 0 };
    // The process ends here: freeing a large configuration tree node by node would only cost time.
    std::mem::forget(analysis);
    std::mem::forget(repo);
    Ok(code)
}

/// Every trigger job with a child pipeline, at every depth, as `job` / `job/grandchild-trigger` paths.
fn open_all(a: &pipelens_core::Analysis, prefix: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for c in &a.children {
        let path = format!("{prefix}{}", c.job);
        out.extend(open_all(&c.analysis, &format!("{path}/")));
        out.insert(path);
    }
    out
}
