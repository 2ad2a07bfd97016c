//! Every hostile input class finishes within a time and memory budget, with either the right result or an error
//! at the limit that stopped it. Each case is a small file (KB) that once made the engine hang or run out of memory.
//!
//! Memory is measured by a counting allocator around the system one, per thread (the engine runs on the calling
//! thread), so tests running at the same time do not add to each other's peaks. Measured runs take a lock so that
//! they do not share the processor either.

use pipelens_core::{analyze, Analysis, FileId, FileSet, PipelineContext, Severity};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Mutex;
use std::time::{Duration, Instant};

struct Counting;

thread_local! {
    /// Bytes this thread holds (negative when it frees what another thread allocated) and the most it held.
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}
static MEASURING: Mutex<()> = Mutex::new(());

fn count(delta: isize) {
    // `try_with`: the allocator also runs while a thread's locals are torn down.
    let _ = CURRENT.try_with(|c| {
        let now = c.get() + delta;
        c.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const TIME_BUDGET: Duration = Duration::from_secs(1);
const MEMORY_BUDGET: usize = 100 * 1024 * 1024;

/// Runs the whole engine and fails unless it stays within both budgets.
fn analyze_within_budget(files: &FileSet, entry: FileId, ctx: &PipelineContext) -> Analysis {
    let _only_me = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let base = CURRENT.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let start = Instant::now();
    let analysis = analyze(files, entry, ctx);
    let took = start.elapsed();
    let peak = (PEAK.with(Cell::get) - base).max(0) as usize;
    eprintln!("took {took:?}, peak {} KB", peak >> 10);
    assert!(took < TIME_BUDGET, "took {took:?}");
    assert!(peak < MEMORY_BUDGET, "peak {} MB", peak >> 20);
    analysis
}

fn one_file(text: &str) -> (FileSet, FileId) {
    let mut files = FileSet::new();
    let id = files.add(".gitlab-ci.yml", text);
    (files, id)
}

fn errors(a: &Analysis, code: &str) -> Vec<String> {
    a.diagnostics
        .iter()
        .filter(|d| d.code == code && d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect()
}

fn job_names(a: &Analysis) -> Vec<&str> {
    a.pipeline.jobs.iter().map(|j| j.name.as_str()).collect()
}

/// A push with these changed files.
fn push_changing(files: &[&str]) -> PipelineContext {
    let mut ctx = PipelineContext::default_push();
    ctx.changed_files = Some(files.iter().map(|f| f.to_string()).collect());
    ctx
}

/// Nine references per level, nine levels deep: 9^9 copies of one scalar.
fn fan_out_bomb() -> String {
    let mut yaml = String::from(".l0: {x: [echo]}\n");
    for i in 1..=9 {
        let refs = vec![format!("!reference [.l{}, x]", i - 1); 9].join(", ");
        yaml += &format!(".l{i}: {{x: [{refs}]}}\n");
    }
    yaml + "job: {script: !reference [.l9, x]}\n"
}

#[test]
fn reference_fan_out_stops_at_the_expansion_limit() {
    let (files, entry) = one_file(&fan_out_bomb());
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    let e = errors(&a, "expansion-limit");
    assert_eq!(e.len(), 1, "{:?}", a.diagnostics);
    assert!(e[0].contains("includes, `extends`, `!reference` and `spec:inputs` expand to more than"), "{e:?}");
}

#[test]
fn a_bomb_triggered_as_many_child_pipelines_is_stopped_once() {
    // The budget is shared with child pipelines: twenty trigger jobs of one bomb cost one bomb, and each child
    // says it was refused.
    let mut files = FileSet::new();
    files.add("child.yml", fan_out_bomb());
    let parent: String = (0..20).map(|j| format!("t{j}:\n  trigger:\n    include: child.yml\n")).collect();
    let entry = files.add(".gitlab-ci.yml", parent);
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert_eq!(a.children.len(), 20);
    for child in &a.children {
        assert_eq!(errors(&child.analysis, "expansion-limit").len(), 1, "{}", child.job);
    }
}

#[test]
fn input_doubled_through_nested_includes_stops_at_the_expansion_limit() {
    // Each file passes its input on twice over: 2^40 characters by the last one.
    let mut files = FileSet::new();
    let entry = files.add(".gitlab-ci.yml", "include:\n  - local: f0.yml\n    inputs: {x: ab}\n");
    for k in 0..40 {
        files.add(
            &format!("f{k}.yml"),
            format!(
                "spec:\n  inputs:\n    x:\n---\ninclude:\n  - local: f{}.yml\n    inputs:\n      x: \"$[[ inputs.x ]]$[[ inputs.x ]]\"\n",
                k + 1
            ),
        );
    }
    files.add("f40.yml", "spec:\n  inputs:\n    x:\n---\njob:\n  script: echo \"$[[ inputs.x ]]\"\n");
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert_eq!(errors(&a, "expansion-limit").len(), 1, "{:?}", a.diagnostics);
}

#[test]
fn large_array_input_interpolated_thousands_of_times_stops_at_the_expansion_limit() {
    let items: Vec<String> = (0..2000).map(|i| format!("i{i}")).collect();
    let spec = format!("spec:\n  inputs:\n    list:\n      type: array\n      default: [{}]\n---\n", items.join(", "));
    let uses = vec!["\"$[[ inputs.list ]]\""; 3000].join(", ");
    let mut files = FileSet::new();
    let entry = files.add(".gitlab-ci.yml", "include: big.yml\n");
    files.add("big.yml", format!("{spec}job:\n  script: [{uses}]\n"));
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert_eq!(errors(&a, "expansion-limit").len(), 1, "{:?}", a.diagnostics);
}

/// A template of 10^4 scalars, built with aliases (well under the per-file alias limit).
fn alias_template() -> String {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..=3 {
        yaml += &format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", "));
    }
    yaml + ".t:\n  script: x\n  variables:\n    BIG: *a3\n"
}

#[test]
fn a_large_template_extended_by_every_job_stops_at_the_expansion_limit() {
    let mut yaml = alias_template();
    for j in 0..300 {
        yaml += &format!("j{j}:\n  extends: .t\n");
    }
    let (files, entry) = one_file(&yaml);
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert_eq!(errors(&a, "expansion-limit").len(), 1);
}

#[test]
fn a_large_file_included_again_and_again_stops_at_the_expansion_limit() {
    let mut files = FileSet::new();
    files.add("big.yml", alias_template());
    let entry =
        files.add(".gitlab-ci.yml", format!("include: [{}]\njob: {{script: x}}\n", vec!["big.yml"; 140].join(", ")));
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert_eq!(errors(&a, "expansion-limit").len(), 1);
}

#[test]
fn a_file_included_twice_is_merged_as_usual() {
    let mut files = FileSet::new();
    files.add("jobs.yml", "build:\n  script: make\n");
    let entry = files.add(".gitlab-ci.yml", "include: [jobs.yml, jobs.yml]\ntest:\n  script: x\n");
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert_eq!(job_names(&a), ["build", "test"]);
}

#[test]
fn a_modest_array_input_used_a_few_times_is_interpolated() {
    // The budget must not refuse ordinary use: the same input, a few times.
    let mut files = FileSet::new();
    let entry = files.add(".gitlab-ci.yml", "include: t.yml\n");
    files.add(
        "t.yml",
        "spec:\n  inputs:\n    list:\n      type: array\n      default: [a, b]\n---\n\
         one:\n  script: $[[ inputs.list ]]\ntwo:\n  script: $[[ inputs.list ]]\n",
    );
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert_eq!(job_names(&a), ["one", "two"]);
}

#[test]
fn matrix_size_does_not_wrap_around_the_job_limit() {
    // 64 variables with 2 values each: 2^64 jobs, which an unchecked product wraps to 0.
    let vars: Vec<String> = (0..64).map(|i| format!("V{i}: [a, b]")).collect();
    let yaml = format!("job:\n  script: x\n  parallel:\n    matrix:\n      - {{{}}}\n", vars.join(", "));
    let (files, entry) = one_file(&yaml);
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    // lib/gitlab/ci/config/entry/product/matrix.rb: "generates too many jobs (maximum is 200)".
    assert_eq!(
        errors(&a, "parallel-invalid"),
        ["jobs:job parallel:matrix config generates too many jobs (maximum is 200)"]
    );
}

#[test]
fn matrix_entries_need_variables_with_values() {
    // lib/gitlab/ci/config/entry/product/variables.rb: every value present, at least one variable.
    let (files, entry) = one_file("job:\n  script: x\n  parallel:\n    matrix:\n      - {A: [x], B: []}\n");
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert_eq!(
        errors(&a, "parallel-invalid"),
        ["jobs:job parallel:matrix:variables config should be a hash of key value pairs, value can be an array"]
    );
    let (files, entry) = one_file("job:\n  script: x\n  parallel:\n    matrix:\n      - {}\n");
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert_eq!(errors(&a, "parallel-invalid"), ["jobs:job parallel:matrix:variables config requires at least 1 items"]);
}

#[test]
fn an_empty_matrix_creates_no_job() {
    // GitLab's matrix entry accepts `[]` (spec "with empty config": 0 generated jobs); the job expands to nothing.
    let (files, entry) = one_file("job:\n  script: x\n  parallel:\n    matrix: []\nother:\n  script: y\n");
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert!(!a.has_errors(), "{:?}", a.diagnostics);
    assert!(a.diagnostics.iter().any(|d| d.code == "parallel-empty"));
    assert_eq!(job_names(&a), ["other"]);
}

const BRACE_BOMB: &str =
    "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}";

#[test]
fn brace_bomb_in_rules_exists_stops_at_the_glob_limit() {
    let yaml = format!("job:\n  script: x\n  rules:\n    - exists: ['{BRACE_BOMB}']\nother:\n  script: y\n");
    let (files, entry) = one_file(&yaml);
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    let e = errors(&a, "glob-limit");
    assert_eq!(e.len(), 1, "{:?}", a.diagnostics);
    assert!(e[0].contains("alternatives of `{a,b}{a,b}"), "{e:?}");
    assert_eq!(job_names(&a), ["other"]);
}

#[test]
fn brace_bomb_in_rules_changes_and_only_changes_stops_at_the_glob_limit() {
    let yaml = format!(
        "a:\n  script: x\n  rules:\n    - changes: ['{BRACE_BOMB}']\nb:\n  script: x\n  only:\n    changes: ['{BRACE_BOMB}']\n"
    );
    let (files, entry) = one_file(&yaml);
    let a = analyze_within_budget(&files, entry, &push_changing(&["README.md"]));
    assert_eq!(errors(&a, "glob-limit").len(), 2, "{:?}", a.diagnostics);
}

#[test]
fn many_double_stars_against_a_deep_path_in_rules_exists_answer_at_once() {
    let deep = "d/".repeat(30) + "f.txt";
    let stars = "**/".repeat(20);
    let yaml = format!(
        "hit:\n  script: x\n  rules:\n    - exists: ['{stars}f.txt']\nmiss:\n  script: x\n  rules:\n    - exists: ['{stars}e/f.txt']\n"
    );
    let (files, entry) = one_file(&yaml);
    let mut ctx = PipelineContext::default_push();
    ctx.repo_files = vec![deep];
    let a = analyze_within_budget(&files, entry, &ctx);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert_eq!(job_names(&a), ["hit"]);
}

#[test]
fn many_double_stars_against_a_deep_path_in_include_local_answer_at_once() {
    let mut files = FileSet::new();
    let stars = "**/".repeat(20);
    let entry = files.add(".gitlab-ci.yml", format!("include:\n  - '{stars}ci.yml'\n  - '{stars}x/ci.yml'\n"));
    files.add(&("d/".repeat(30) + "ci.yml"), "deep:\n  script: x\n");
    let a = analyze_within_budget(&files, entry, &PipelineContext::default_push());
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    assert_eq!(job_names(&a), ["deep"]);
}

#[test]
fn many_stars_against_a_long_name_answer_at_once() {
    // `*a` thirty times against 29 `a`s: exponential for a backtracking matcher.
    let pattern = "*a".repeat(30);
    let yaml = format!("job:\n  script: x\n  rules:\n    - changes: ['{pattern}']\nother:\n  script: y\n");
    let (files, entry) = one_file(&yaml);
    let a = analyze_within_budget(&files, entry, &push_changing(&[&"a".repeat(29), &"a".repeat(40)]));
    assert_eq!(job_names(&a), ["job", "other"]);
}
