//! No input may panic or hang the engine: deterministic mutations of real, hand-written and hostile configurations
//! (truncation, deleted and repeated lines, injected YAML syntax) through every phase, drawing included, each run
//! within a time budget. The hostile seeds must, unmutated, be stopped by the limit made for them.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use pipelens_core::scene::{self, View};
use pipelens_core::{analyze_text, PipelineContext};
use std::time::{Duration, Instant};

/// One analysis and drawing, mutated or not. Generous for a debug build on a busy machine: the inputs that hung
/// the engine took seconds to forever.
const RUN_BUDGET: Duration = Duration::from_secs(2);

/// Tiny deterministic generator (LCG): the same mutations on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const INJECT: &[&str] = &[
    "*a",
    "&a ",
    "<<: *a",
    "!reference [",
    "!reference [.x, y]",
    "- ",
    ": ",
    "{",
    "[",
    "]",
    "\t",
    "'",
    "\"",
    "? ",
    "|",
    ">-",
    "---",
    "...",
    "%YAML 1.1",
    "needs: [",
    "extends: ",
    "$[[ inputs.x ]]",
    "rules:\n  - if: (",
    "parallel: 9999",
    "parallel:\n  matrix:\n    - A: [",
    "include: '**'",
    "\u{0}",
    "\u{feff}",
    "~",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let lines: Vec<&str> = text.lines().collect();
    match rng.next(5) {
        0 => {
            let cut = rng.next(text.len());
            let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            text[..cut].to_string()
        }
        1 if !lines.is_empty() => {
            let i = rng.next(lines.len());
            lines.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, l)| *l).collect::<Vec<_>>().join("\n")
        }
        2 if !lines.is_empty() => {
            let i = rng.next(lines.len());
            let mut out: Vec<&str> = lines.clone();
            out.insert(i, lines[i]);
            out.join("\n")
        }
        3 if !lines.is_empty() => {
            let i = rng.next(lines.len());
            let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            out[i] = format!("{}{}", " ".repeat(rng.next(6)), out[i].trim_start());
            out.join("\n")
        }
        _ => {
            let at = rng.next(text.len());
            let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            format!("{}{}{}", &text[..at], INJECT[rng.next(INJECT.len())], &text[at..])
        }
    }
}

/// Analyses and draws `text` within [`RUN_BUDGET`]; returns the diagnostic codes.
fn exercise(text: &str) -> Vec<&'static str> {
    let start = Instant::now();
    let mut ctx = PipelineContext::default_push();
    ctx.changed_files = Some(vec!["README.md".into(), "src/main.rs".into()]);
    let (_, a) = analyze_text(text, &ctx);
    for view in [View::Stages, View::Needs] {
        let s = scene::build(&a, view);
        assert!(s.width.is_finite() && s.height.is_finite());
    }
    let took = start.elapsed();
    assert!(took < RUN_BUDGET, "took {took:?} on:\n{}", text.chars().take(2000).collect::<String>());
    a.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// Inputs built to exhaust the engine, with the limit code that must stop each.
fn hostile_seeds() -> Vec<(String, &'static str)> {
    let mut fan_out = String::from(".l0: {x: [echo]}\n");
    for i in 1..=9 {
        fan_out += &format!(".l{i}: {{x: [{}]}}\n", vec![format!("!reference [.l{}, x]", i - 1); 9].join(", "));
    }
    fan_out += "job: {script: !reference [.l9, x]}\n";
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..=8 {
        laughs += &format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", "));
    }
    let braces = "{a,b}".repeat(22);
    vec![
        (fan_out, "expansion-limit"),
        (laughs, "alias-expansion-limit"),
        (format!("job:\n  script: x\n  rules:\n    - exists: ['{braces}']\n"), "glob-limit"),
        (format!("job:\n  script: x\n  rules:\n    - changes: ['{braces}']\n"), "glob-limit"),
        (
            format!(
                "job:\n  script: x\n  parallel:\n    matrix:\n      - {{{}}}\n",
                (0..64).map(|i| format!("V{i}: [a, b]")).collect::<Vec<_>>().join(", ")
            ),
            "parallel-invalid",
        ),
    ]
}

const SAMPLES: &[&str] = &[
    ".t: &t\n  script: [a]\n  rules:\n    - if: $X == \"1\"\njob:\n  <<: *t\n  needs: [other]\nother:\n  extends: .t\n  parallel:\n    matrix:\n      - A: [x, y]\n",
    "stages: [a, b]\nx:\n  stage: b\n  script: !reference [.s, script]\n.s:\n  script: [echo]\ny:\n  stage: a\n  needs: [x]\n  script: z\n",
    "workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\n      when: never\n    - when: always\ninclude:\n  - local: nope.yml\n    rules:\n      - exists: ['*.md']\n",
];

#[test]
fn mutated_configs_never_panic() {
    let mut inputs: Vec<String> = SAMPLES.iter().map(|s| s.to_string()).collect();
    if let Some(corpus) = corpus::corpus_dir() {
        for name in ["gitlabhq-2018", "gitlab-runner", "qemu", "dd-trace-php"] {
            let path = corpus.join(name).join(".gitlab-ci.yml");
            inputs.push(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        }
    }
    let seeds = hostile_seeds();
    for (seed, code) in &seeds {
        let codes = exercise(seed);
        assert!(codes.contains(code), "expected {code}, got {codes:?}");
    }
    let mut rng = Rng(0x5eed);
    let mut runs = 0;
    let hostile = seeds.iter().map(|(s, _)| (s, 6));
    let regular = inputs.iter().map(|i| (i, if i.len() > 10_000 { 80 } else { 300 }));
    for (input, rounds) in regular.chain(hostile) {
        for _ in 0..rounds {
            let mut text = mutate(input, &mut rng);
            // Stack a second mutation now and then.
            if rng.next(3) == 0 {
                text = mutate(&text, &mut rng);
            }
            exercise(&text);
            runs += 1;
        }
    }
    eprintln!("robustness: {runs} mutated configurations analysed and drawn within {RUN_BUDGET:?} each");
}
