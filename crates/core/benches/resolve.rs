//! Whole-engine timings (load → resolve → evaluate → graph), the layout pass, and drawing needs-heavy pipelines.
//! `cargo bench -p pipelens-core --bench resolve`

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/generate.rs"]
mod generate;
#[path = "support/needs.rs"]
mod needs;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use pipelens_core::scene::{self, View};
use pipelens_core::{analyze, export, FileSet, PipelineContext};
use std::hint::black_box;
use std::path::Path;

fn corpus_file(rel: &str) -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus").join(rel);
    std::fs::read_to_string(p).ok()
}

fn bench(c: &mut Criterion) {
    let ctx = PipelineContext::default_push();
    let mesa = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/mesa");
    if let Some((files, id, _)) = corpus::read_folder(&mesa) {
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
    // N jobs × 50 needs: each job needing the 50 before it (the drawing keeps only the needs no other need
    // implies), or 50 spread over ten stages.
    let mut group = c.benchmark_group("scene+svg/needs");
    group.sample_size(10);
    type Generator = fn(usize, usize) -> String;
    let shapes: [(&str, Generator, usize); 3] =
        [("window", needs::window, 1000), ("window", needs::window, 5000), ("stages", needs::stages, 5000)];
    for (shape, generate, n) in shapes {
        let mut files = FileSet::new();
        let id = files.add(".gitlab-ci.yml", generate(n, 50));
        let a = analyze(&files, id, &ctx);
        group.bench_with_input(BenchmarkId::from_parameter(format!("{shape} {n}x50")), &n, |b, _| {
            b.iter(|| black_box(export::svg(&scene::build(&a, View::Needs))))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
