//! `pipelens`: parse arguments → run the core engine → render → exit code. Nothing else lives here.

mod args;
mod gitlab;
mod render;
mod repo;

use args::{Args, Command};
use pipelens_core::inspect;
use pipelens_core::scene::{self, View};
use pipelens_core::{analyze_until_complete, ContextBuilder, Limits, PipelineContext, PipelineSource};
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
    let limits = Limits::default();
    let (files, entry, ctx, analysis) = match &args.gitlab {
        Some(g) => {
            let loaded = gitlab::load(g, args, &limits)?;
            for note in &loaded.notes {
                eprintln!("pipelens: {note}");
            }
            (loaded.files, loaded.entry, loaded.ctx, loaded.analysis)
        }
        None => {
            let mut repo = repo::read(&args.path, &limits)?;
            let mut ctx = context(args)?;
            ctx.repo_files = std::mem::take(&mut repo.paths);
            // Only the entry file was read; the engine names the files it includes and they are read as asked.
            let mut files = std::mem::take(&mut repo.files);
            let mut analysis = analyze_until_complete(&mut files, repo.entry, &ctx, &limits, |m| repo.load(m));
            analysis.diagnostics.splice(0..0, repo.notes.iter().cloned());
            if args.command == Command::Merged {
                // The listing's own problems come first, as in every other command.
                return Ok(merged(&files, repo.entry, &repo.notes, &ctx, &limits));
            }
            (files, repo.entry, ctx, analysis)
        }
    };
    if args.command == Command::Merged {
        return Ok(merged(&files, entry, &[], &ctx, &limits));
    }
    let out = match args.command {
        Command::Merged => unreachable!("answered above"),
        Command::Jobs if args.json => render::json::jobs(&analysis, &files),
        Command::Jobs => render::text::jobs(&analysis),
        Command::Lint => render::text::lint(&analysis, &files),
        Command::Graph => {
            let view = if args.view == "needs" { View::Needs } else { View::Stages };
            let opts = scene::Options {
                view,
                show_excluded: args.excluded,
                collapse_groups: args.groups,
                open_children: if args.children { inspect::child_pipelines(&analysis) } else { Default::default() },
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
        let diags = render::text::diagnostics(&analysis.diagnostics, &files);
        if !diags.is_empty() {
            eprint!("{diags}");
        }
    }
    let code = if analysis.has_errors() { 1 } else { 0 };
    // The process ends here: freeing a large configuration tree node by node would only cost time.
    std::mem::forget(analysis);
    std::mem::forget(files);
    Ok(code)
}

/// `merged`: the configuration with includes, extends and `!reference` resolved, for the files the analysis
/// loaded; problems (the repository's and those of resolving) on stderr. Exit status 1 on an error.
fn merged(
    files: &pipelens_core::FileSet,
    entry: pipelens_core::FileId,
    notes: &[pipelens_core::Diagnostic],
    ctx: &PipelineContext,
    limits: &Limits,
) -> u8 {
    let (text, diags) = pipelens_core::inspect::merged::merged_yaml(files, entry, ctx, limits);
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    let diags: Vec<_> = notes.iter().cloned().chain(diags).collect();
    eprint!("{}", render::text::diagnostics(&diags, files));
    u8::from(diags.iter().any(|d| d.severity == pipelens_core::Severity::Error))
}

/// The pipeline context from the options; the meaning of each predefined variable is core's.
fn context(args: &Args) -> Result<PipelineContext, String> {
    let (mut b, unknown) = ContextBuilder::from_variables(args.vars.clone());
    let source_name = args.source.clone().or(unknown);
    if let Some(name) = source_name {
        b.source = PipelineSource::parse(&name).ok_or_else(|| {
            let known: Vec<&str> = PipelineSource::ALL.iter().map(|s| s.as_str()).collect();
            format!("unknown pipeline source `{name}`; one of: {}", known.join(", "))
        })?;
    }
    let set = |field: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            *field = v.clone();
        }
    };
    set(&mut b.branch, &args.branch);
    set(&mut b.tag, &args.tag);
    set(&mut b.default_branch, &args.default_branch);
    if b.source == PipelineSource::MergeRequest || args.target_branch.is_some() {
        let mr = b.merge_request.get_or_insert_with(Default::default);
        set(&mut mr.source_branch, &args.branch);
        set(&mut mr.target_branch, &args.target_branch);
    }
    b.changed_files = args.changed.clone();
    Ok(b.build())
}
