//! Parse throughput on a generated 50 MB log shaped like runner output: timestamp prefixes,
//! runner sections, coloured command echoes, compiler-like lines and `\r` progress bars.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pipelens_joblog::{LogIndex, LogParser};
use std::hint::black_box;
use std::io::Write;

const TARGET: usize = 50 * 1024 * 1024;

fn realistic_log() -> Vec<u8> {
    let mut log = Vec::with_capacity(TARGET + 4096);
    let mut t = 1_717_243_200u64;
    let mut micros = 0u64;
    let mut n = 0u64;
    let mut stamp = |log: &mut Vec<u8>, cont: bool| {
        micros += 1733;
        let (s, us) = (micros / 1_000_000, micros % 1_000_000);
        let _ = write!(
            log,
            "2024-06-01T12:{:02}:{:02}.{us:06}Z 00O{}",
            (s / 60) % 60,
            s % 60,
            if cont { '+' } else { ' ' }
        );
    };
    while log.len() < TARGET {
        n += 1;
        stamp(&mut log, false);
        let _ = writeln!(
            log,
            "\x1b[0Ksection_start:{t}:step_{n}[collapsed=true]\r\x1b[0K\x1b[32;1m$ cargo build --release\x1b[0;m"
        );
        for i in 0..200u64 {
            stamp(&mut log, false);
            match i % 10 {
                0 => {
                    let _ = writeln!(log, "\x1b[1m\x1b[32m   Compiling\x1b[0m crate-{i} v0.{n}.{i} (/builds/group/project/crates/crate-{i})");
                }
                1 => {
                    let _ =
                        writeln!(log, "\x1b[38;5;208mwarning\x1b[0m: unused variable: `x{i}` --> src/lib.rs:{n}:{i}");
                }
                2 => {
                    for p in (0..=100).step_by(25) {
                        let _ = write!(log, "Downloading artifacts {p:3}% [{:<20}]\r", "#".repeat(p / 5));
                    }
                    log.push(b'\n');
                }
                3 => {
                    let _ = write!(log, "a long line that the runner split");
                    log.push(b'\n');
                    stamp(&mut log, true);
                    let _ = writeln!(log, " and continued on the next physical line");
                }
                _ => {
                    let _ = writeln!(
                        log,
                        "test tests::case_{n}_{i} ... \x1b[32mok\x1b[0m (0.{i:03}s) plain runner output text here"
                    );
                }
            }
        }
        t += 7;
        stamp(&mut log, false);
        let _ = writeln!(log, "\x1b[0Ksection_end:{t}:step_{n}\r\x1b[0K");
    }
    log
}

fn parse(c: &mut Criterion) {
    let log = realistic_log();
    let lines = LogIndex::parse(&log).lines.len();
    eprintln!("log: {} bytes, {lines} lines", log.len());
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_function("whole_50mb", |b| b.iter(|| LogIndex::parse(black_box(&log))));
    group.bench_function("chunks_64kb_50mb", |b| {
        b.iter(|| {
            let mut p = LogParser::new();
            log.chunks(64 * 1024).for_each(|c| p.push(black_box(c)));
            p.finish()
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
