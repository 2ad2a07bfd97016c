//! GitLab semantics of `parallel:matrix` job names and `needs:parallel:matrix`. Expected values come from
//! GitLab's CI/CD YAML reference (docs.gitlab.com/ci/yaml/, sections `parallel:matrix` and
//! `needs:parallel:matrix`), the "Matrix expressions" page, and where the docs are silent GitLab's
//! `Config::Normalizer` / `Normalizer::MatrixStrategy`, not from this engine.

mod support;
use support::*;

use pipelens_core::variables::Vars;
use pipelens_core::{analyze, Analysis, FileSet, PipelineContext};

fn run(yaml: &str) -> Analysis {
    let mut fs = FileSet::new();
    fs.add(".gitlab-ci.yml", yaml);
    analyze(&fs, 0, &PipelineContext::from_vars(Vars::new()))
}

fn needs<'a>(a: &'a Analysis, name: &str) -> Vec<&'a str> {
    job(a, name).needs.iter().flatten().map(String::as_str).collect()
}

const BUILD: &str = "linux:build:\n  stage: build\n  script: x\n  parallel:\n    matrix:\n      - PROVIDER: aws\n        STACK: [monitoring, app1, app2]\n";

// --- names ------------------------------------------------------------------------------------------------

/// `parallel:matrix`: one job per combination, named `job: [value, value]` with the values in the order the
/// variables are written (the YAML reference's `deploystacks` example).
#[test]
fn names_list_the_values_in_key_order() {
    let a = run(BUILD);
    assert_eq!(names(&a), ["linux:build: [aws, monitoring]", "linux:build: [aws, app1]", "linux:build: [aws, app2]"]);
    assert_eq!(job(&a, "linux:build: [aws, app1]").group.as_deref(), Some("linux:build"));
}

/// A one-variable, one-value matrix still makes a matrix job: `job: [a]`, whether the value is written as
/// a string or a one-item list.
#[test]
fn one_value_matrices() {
    let a = run("job:\n  script: x\n  parallel:\n    matrix:\n      - TARGET: [a]\n");
    assert_eq!(names(&a), ["job: [a]"]);
    let a = run("job:\n  script: x\n  parallel:\n    matrix:\n      - TARGET: a\n");
    assert_eq!(names(&a), ["job: [a]"]);
    assert_eq!(job(&a, "job: [a]").matrix, [("TARGET".to_string(), "a".to_string())]);
}

/// Identical combinations give the same name, and GitLab keeps one job per name (the normalizer builds a
/// hash keyed by the job name), in the place of the first.
#[test]
fn identical_combinations_make_one_job() {
    let a = run("job:\n  script: x\n  parallel:\n    matrix:\n      - OS: [linux, linux, mac]\n");
    assert_eq!(names(&a), ["job: [linux]", "job: [mac]"]);
    let a = run("job:\n  script: x\n  parallel:\n    matrix:\n      - OS: mac\n      - OS: linux\n      - OS: mac\n");
    assert_eq!(names(&a), ["job: [mac]", "job: [linux]"]);
    // Different variables with the same values share a name too: the later definition's variables stay.
    let a = run("job:\n  script: x\n  parallel:\n    matrix:\n      - A: x\n      - B: x\n");
    assert_eq!(names(&a), ["job: [x]"]);
    assert_eq!(job(&a, "job: [x]").matrix, [("B".to_string(), "x".to_string())]);
}

/// Matrix values may be strings or integers (`Product::Variables` validates them as alphanumeric: string,
/// symbol or integer); an integer is named by its decimal text. Floats, booleans and null are rejected.
#[test]
fn integer_values_name_jobs_and_other_scalars_are_rejected() {
    let a = run("test:\n  script: x\n  parallel:\n    matrix:\n      - RUBY: [3, 4]\n        DB: pg\n");
    assert_eq!(names(&a), ["test: [3, pg]", "test: [4, pg]"]);
    assert_eq!(job(&a, "test: [3, pg]").matrix[0], ("RUBY".to_string(), "3".to_string()));
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    for value in ["3.10", "true", "[1, false]", "null"] {
        let a = run(&format!("test:\n  script: x\n  parallel:\n    matrix:\n      - V: {value}\n"));
        let e = errors(&a);
        assert!(
            e.iter().any(|m| m.contains(
                "parallel:matrix:variables config should be a hash of key value pairs, value can be an array"
            )),
            "{value}: {e:?}"
        );
    }
}

/// Trigger jobs can use `parallel:matrix` (the parallel jobs documentation runs a matrix of trigger jobs):
/// each instance is a trigger job named like any other matrix instance.
#[test]
fn trigger_jobs_expand_like_other_jobs() {
    let a = run("deploy:\n  stage: deploy\n  trigger:\n    project: group/deploy\n  parallel:\n    matrix:\n      - PROVIDER: [aws, ovh]\n");
    assert_eq!(names(&a), ["deploy: [aws]", "deploy: [ovh]"]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    // `Entry::Bridge` allows only the matrix strategy: `parallel: <number>` is an error on a trigger job.
    let a = run("deploy:\n  trigger: group/deploy\n  parallel: 2\n");
    assert!(errors(&a).contains(&"jobs:deploy:parallel config cannot use \"parallel: <number>\"."), "{:?}", errors(&a));
    // Nor can a trigger job be delayed.
    let a = run("deploy:\n  trigger: group/deploy\n  when: delayed\n  start_in: 1 hour\n");
    assert!(
        errors(&a).iter().any(|m| m.contains("when should be one of: on_success, on_failure, always, manual")),
        "{:?}",
        errors(&a)
    );
}

// --- needs:parallel:matrix --------------------------------------------------------------------------------

/// `needs:parallel:matrix`: the YAML reference's example, `linux:rspec` needs only `linux:build: [aws, app1]`.
#[test]
fn needs_select_one_instance() {
    let yaml = format!("{BUILD}linux:rspec:\n  stage: test\n  script: x\n  needs:\n    - job: linux:build\n      parallel:\n        matrix:\n          - PROVIDER: aws\n            STACK: app1\n");
    let a = run(&yaml);
    assert_eq!(needs(&a, "linux:rspec"), ["linux:build: [aws, app1]"]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
}

/// A list of values, or several entries, select several instances (each entry expands like a matrix).
#[test]
fn needs_select_several_instances() {
    let yaml = format!("{BUILD}linux:rspec:\n  stage: test\n  script: x\n  needs:\n    - job: linux:build\n      parallel:\n        matrix:\n          - PROVIDER: aws\n            STACK: [monitoring, app2]\n");
    assert_eq!(needs(&run(&yaml), "linux:rspec"), ["linux:build: [aws, monitoring]", "linux:build: [aws, app2]"]);
}

/// Naming a combination the matrix does not make is an undefined need (GitLab: "linux:rspec job: undefined
/// need: linux:build: [aws, app3]").
#[test]
fn needs_on_a_missing_combination_are_undefined() {
    let yaml = format!("{BUILD}linux:rspec:\n  stage: test\n  script: x\n  needs:\n    - job: linux:build\n      parallel:\n        matrix:\n          - PROVIDER: aws\n            STACK: app3\n");
    let a = run(&yaml);
    assert!(errors(&a).contains(&"linux:rspec job: undefined need: linux:build: [aws, app3]"), "{:?}", errors(&a));
    // `optional: true` ignores a need that is not there.
    let yaml = yaml.replace("      parallel:", "      optional: true\n      parallel:");
    let a = run(&yaml);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert!(needs(&a, "linux:rspec").is_empty());
}

/// "The order of the matrix variables in `needs:parallel:matrix` must match the order of the matrix
/// variables in the needed job": reversed, the generated name does not exist.
#[test]
fn needs_must_list_the_variables_in_the_same_order() {
    let yaml = format!("{BUILD}linux:rspec:\n  stage: test\n  script: x\n  needs:\n    - job: linux:build\n      parallel:\n        matrix:\n          - STACK: app1\n            PROVIDER: aws\n");
    let a = run(&yaml);
    assert!(errors(&a).contains(&"linux:rspec job: undefined need: linux:build: [app1, aws]"), "{:?}", errors(&a));
}

/// A subset of the variables does not select all instances that share them: the entry names
/// `linux:build: [aws]`, which is not a job.
#[test]
fn needs_with_fewer_variables_name_a_different_job() {
    let yaml = format!("{BUILD}linux:rspec:\n  stage: test\n  script: x\n  needs:\n    - job: linux:build\n      parallel:\n        matrix:\n          - PROVIDER: aws\n");
    let a = run(&yaml);
    assert!(errors(&a).contains(&"linux:rspec job: undefined need: linux:build: [aws]"), "{:?}", errors(&a));
}

/// Without `parallel:matrix`, a need on a matrix job waits for every instance; a need may also name one
/// instance directly.
#[test]
fn needs_on_the_whole_matrix_or_one_name() {
    let yaml = format!("{BUILD}all:\n  stage: test\n  script: x\n  needs: [linux:build]\none:\n  stage: test\n  script: x\n  needs: ['linux:build: [aws, app2]']\n");
    let a = run(&yaml);
    assert_eq!(needs(&a, "all").len(), 3);
    assert_eq!(needs(&a, "one"), ["linux:build: [aws, app2]"]);
}

/// "Matrix expressions": `$[[ matrix.NAME ]]` in `needs:parallel:matrix` takes each instance's own value,
/// making 1:1 dependencies; a name the matrix does not define is an error.
#[test]
fn matrix_expressions_map_instances_one_to_one() {
    let yaml = "build:\n  stage: build\n  script: x\n  parallel:\n    matrix:\n      - OS: [linux, mac]\ntest:\n  stage: test\n  script: x\n  parallel:\n    matrix:\n      - OS: [linux, mac]\n  needs:\n    - job: build\n      parallel:\n        matrix:\n          - OS: ['$[[ matrix.OS ]]']\n";
    let a = run(yaml);
    assert_eq!(needs(&a, "test: [linux]"), ["build: [linux]"]);
    assert_eq!(needs(&a, "test: [mac]"), ["build: [mac]"]);
    let a = run(&yaml.replace("matrix.OS ]]", "matrix.ARCH ]]"));
    assert!(errors(&a).contains(&"test job: 'ARCH' does not exist in matrix configuration"), "{:?}", errors(&a));
}

/// A need on instances that exist in the configuration but not in this pipeline is GitLab's
/// pipeline-creation error, not an undefined need.
#[test]
fn needs_on_instances_left_out_by_rules() {
    let yaml = "build:\n  stage: build\n  script: x\n  rules:\n    - if: $NEVER\n  parallel:\n    matrix:\n      - OS: [linux]\ntest:\n  stage: test\n  script: x\n  needs:\n    - job: build\n      parallel:\n        matrix:\n          - OS: linux\n";
    let a = run(yaml);
    let e = errors(&a);
    assert!(
        e.iter().any(|m| m.starts_with("'test' job needs 'build: [linux]' job, but 'build: [linux]' does not exist in the pipeline. This might be because of the only, except, or rules keywords.")),
        "{e:?}"
    );
}
