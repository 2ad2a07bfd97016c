//! Whole-engine timings (load → resolve → evaluate → graph) and the layout pass.
//! `cargo bench -p pipelens-core --bench resolve`

#[path = "support/generate.rs"]
mod generate;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use pipelens_core::scene::{self, View};
use pipelens_core::{analyze, FileSet, PipelineContext};
use std::hint::black_box;
use std::path::Path;

fn corpus_file(rel: &str) -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus").join(rel);
    std::fs::read_to_string(p).ok()
}

/// A corpus folder's YAML files, as the editor's "Open folder…" hands them in.
fn corpus_folder(name: &str) -> Option<(FileSet, pipelens_core::FileId)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus").join(name);
    let mut files = FileSet::new();
    let entry = files.add(".gitlab-ci.yml", std::fs::read_to_string(root.join(".gitlab-ci.yml")).ok()?);
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = e.path();
            let rel = path.strip_prefix(&root).ok()?.to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                stack.push(path);
            } else if pipelens_core::files::is_config_candidate(&rel) && files.find(&rel).is_none() {
                files.add(&rel, std::fs::read_to_string(&path).ok()?);
            }
        }
    }
    Some((files, entry))
}

fn bench(c: &mut Criterion) {
    let ctx = PipelineContext::default_push();
    if let Some((files, id)) = corpus_folder("mesa") {
        let jobs = analyze(&files, id, &ctx).pipeline.jobs.len();
        c.bench_function(&format!("analyze/mesa folder ({} files, {jobs} jobs)", files.len()), |b| {
            b.iter(|| black_box(analyze(&files, id, &ctx)))
        });
        let a = analyze(&files, id, &ctx);
        c.bench_function("layout/mesa folder", |b| b.iter(|| black_box(scene::build(&a, View::Stages))));
    }
    if let Some(text) = corpus_file("gitlabhq-2018/.gitlab-ci.yml") {
        let mut files = FileSet::new();
        let id = files.add(".gitlab-ci.yml", text);
        c.bench_function("analyze/gitlabhq-2018", |b| b.iter(|| black_box(analyze(&files, id, &ctx))));
    } else {
        eprintln!("note: corpus not found; gitlabhq-2018 benchmark skipped");
    }
    let mut group = c.benchmark_group("analyze/generated");
    group.sample_size(10);
    for n in [500, 1000, 2000, 5000] {
        let mut files = FileSet::new();
        let id = files.add(".gitlab-ci.yml", generate::config(n));
        let jobs = analyze(&files, id, &ctx).pipeline.jobs.len();
        group.bench_with_input(BenchmarkId::from_parameter(format!("{n} ({jobs} jobs)")), &n, |b, _| {
            b.iter(|| black_box(analyze(&files, id, &ctx)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("layout/generated");
    group.sample_size(10);
    for n in [500, 2000] {
        let mut files = FileSet::new();
        let id = files.add(".gitlab-ci.yml", generate::config(n));
        let a = analyze(&files, id, &ctx);
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| black_box(scene::build(&a, View::Stages)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
