//! GitLab semantics, one test per documented behaviour. Expected values come from GitLab's CI/CD YAML
//! reference and job-rules documentation, not from running this engine.

mod support;
use support::*;

use pipelens_core::FileSet;

const MR: &[(&str, &str)] =
    &[("CI_PIPELINE_SOURCE", "merge_request_event"), ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feat")];
const TAG: &[(&str, &str)] = &[("CI_COMMIT_TAG", "v1.0.0")];
const SCHEDULE: &[(&str, &str)] = &[("CI_PIPELINE_SOURCE", "schedule")];

// --- when / allow_failure -------------------------------------------------------------------------------

#[test]
fn manual_without_rules_may_fail() {
    let a = run("deploy:\n  script: x\n  when: manual\n", &[]);
    assert!(job(&a, "deploy").allow_failure);
    assert_eq!(job(&a, "deploy").when.as_str(), "manual");
}

#[test]
fn manual_from_rules_blocks_by_default() {
    let a = run("deploy:\n  script: x\n  rules:\n    - when: manual\n", &[]);
    assert!(!job(&a, "deploy").allow_failure);
    let a = run("deploy:\n  script: x\n  rules:\n    - when: manual\n      allow_failure: true\n", &[]);
    assert!(job(&a, "deploy").allow_failure);
}

#[test]
fn delayed_and_always_are_kept() {
    let a = run("a:\n  script: x\n  when: delayed\n  start_in: 5 minutes\nb:\n  script: x\n  when: always\n", &[]);
    assert_eq!(job(&a, "a").when.as_str(), "delayed");
    assert_eq!(job(&a, "b").when.as_str(), "always");
    let a = run("a:\n  script: x\n  when: delayed\n", &[]);
    assert!(codes(&a).contains(&"job-start-in"));
}

#[test]
fn job_level_when_never_is_invalid_but_rules_may_say_never() {
    let a = run("a:\n  script: x\n  when: never\n", &[]);
    assert!(errors(&a).iter().any(|m| m.contains("when should be one of")));
    let a = run("a:\n  script: x\n  rules:\n    - when: never\nb:\n  script: x\n", &[]);
    assert_eq!(names(&a), ["b"]);
}

// --- rules ----------------------------------------------------------------------------------------------

#[test]
fn first_matching_rule_wins_and_no_match_excludes() {
    let yaml = "job:\n  script: x\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n      when: manual\n    - if: $CI_COMMIT_BRANCH\n";
    assert_eq!(job(&run(yaml, &[]), "job").when.as_str(), "manual");
    assert_eq!(job(&run(yaml, &[("CI_COMMIT_BRANCH", "feat")]), "job").when.as_str(), "on_success");
    assert!(names(&run(yaml, TAG)).is_empty());
}

#[test]
fn rules_see_global_and_job_variables() {
    let yaml = "variables:\n  DEPLOY: \"yes\"\njob:\n  variables:\n    TARGET: prod\n  script: x\n  rules:\n    - if: $DEPLOY == \"yes\" && $TARGET == \"prod\"\n";
    assert_eq!(names(&run(yaml, &[])), ["job"]);
}

#[test]
fn rules_changes_is_true_without_a_diff() {
    let yaml = "docs:\n  script: x\n  rules:\n    - changes: [docs/**/*]\n";
    // Scheduled and tag pipelines have no diff: `changes` is true.
    assert_eq!(names(&run(yaml, SCHEDULE)), ["docs"]);
    assert_eq!(names(&run(yaml, TAG)), ["docs"]);
    let mut c = ctx(&[]);
    c.changed_files = Some(vec!["src/main.rs".into()]);
    assert!(names(&run_files(&[(".gitlab-ci.yml", yaml)], &c)).is_empty());
    c.changed_files = Some(vec!["docs/guide/index.md".into()]);
    assert_eq!(names(&run_files(&[(".gitlab-ci.yml", yaml)], &c)), ["docs"]);
}

#[test]
fn rules_exists_checks_repository_files() {
    let yaml = "node:\n  script: x\n  rules:\n    - exists: [package.json]\ngo:\n  script: x\n  rules:\n    - exists: ['**/*.go']\n";
    let mut c = ctx(&[]);
    c.repo_files = vec!["package.json".into(), "README.md".into()];
    assert_eq!(names(&run_files(&[(".gitlab-ci.yml", yaml)], &c)), ["node"]);
}

#[test]
fn rules_variables_and_nested_reference_rules() {
    let yaml = ".default_rules:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"schedule\"\n      when: never\njob:\n  script: x\n  rules:\n    - !reference [.default_rules, rules]\n    - when: on_success\n";
    assert_eq!(names(&run(yaml, &[])), ["job"]);
    assert!(names(&run(yaml, SCHEDULE)).is_empty());
}

// --- only / except --------------------------------------------------------------------------------------

#[test]
fn default_only_is_branches_and_tags_not_merge_requests() {
    let yaml = "job:\n  script: x\n";
    assert_eq!(names(&run(yaml, &[])), ["job"]);
    assert_eq!(names(&run(yaml, TAG)), ["job"]);
    let a = run(yaml, MR);
    assert!(names(&a).is_empty());
    assert!(!a.pipeline.created);
}

#[test]
fn only_refs_keywords_names_and_regexes() {
    let yaml = "mr:\n  script: x\n  only: [merge_requests]\nmain:\n  script: x\n  only: [main]\nrel:\n  script: x\n  only: ['/^release-.*$/']\ntags:\n  script: x\n  only: [tags]\n";
    assert_eq!(names(&run(yaml, &[])), ["main"]);
    assert_eq!(names(&run(yaml, MR)), ["mr"]);
    assert_eq!(names(&run(yaml, &[("CI_COMMIT_BRANCH", "release-2")])), ["rel"]);
    assert_eq!(names(&run(yaml, TAG)), ["tags"]);
}

#[test]
fn only_refs_with_project_path() {
    let yaml = "job:\n  script: x\n  only: ['main@group/proj']\n";
    assert!(names(&run(yaml, &[])).is_empty());
    assert_eq!(names(&run(yaml, &[("CI_PROJECT_PATH", "group/proj")])), ["job"]);
}

#[test]
fn except_excludes_and_only_keys_must_all_match() {
    let yaml = "job:\n  script: x\n  except: [main]\n";
    assert!(names(&run(yaml, &[])).is_empty());
    assert_eq!(names(&run(yaml, &[("CI_COMMIT_BRANCH", "dev")])), ["job"]);
    let yaml = "job:\n  script: x\n  only:\n    refs: [branches]\n    variables: [$RELEASE == \"1\"]\n";
    assert!(names(&run(yaml, &[])).is_empty());
    assert_eq!(names(&run(yaml, &[("RELEASE", "1")])), ["job"]);
    assert!(names(&run(yaml, &[("RELEASE", "1"), ("CI_COMMIT_TAG", "v1")])).is_empty());
}

#[test]
fn only_with_rules_is_an_error() {
    let a = run("job:\n  script: x\n  only: [main]\n  rules:\n    - when: always\n", &[]);
    assert!(errors(&a).iter().any(|m| m.contains("may not be used with `rules`")));
}

// --- workflow -------------------------------------------------------------------------------------------

#[test]
fn workflow_rules_decide_creation_and_variables() {
    let yaml = "workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n      variables:\n        KIND: mr\n    - if: $CI_COMMIT_TAG\n      when: never\njob:\n  script: x\n  rules:\n    - if: $KIND == \"mr\"\n";
    let a = run(yaml, MR);
    assert!(a.pipeline.created);
    assert_eq!(names(&a), ["job"]);
    assert!(!run(yaml, TAG).pipeline.created);
    // No rule matches a plain push: no pipeline at all.
    let a = run(yaml, &[]);
    assert!(!a.pipeline.created);
    assert!(a.pipeline.jobs.is_empty());
}

// --- stages ---------------------------------------------------------------------------------------------

#[test]
fn default_stages_and_pre_post() {
    let a = run("b:\n  script: x\n  stage: build\nt:\n  script: x\np:\n  script: x\n  stage: .pre\n", &[]);
    assert_eq!(a.config.stages, [".pre", "build", "test", "deploy", ".post"]);
    assert_eq!(a.pipeline.stages, [".pre", "build", "test"]);
    assert_eq!(job(&a, "t").stage, "test");
}

#[test]
fn only_pre_and_post_jobs_create_no_pipeline() {
    let a = run("p:\n  script: x\n  stage: .pre\n", &[]);
    assert!(!a.pipeline.created);
}

#[test]
fn unknown_stage_is_an_error_with_position() {
    let a = run("stages: [build]\njob:\n  script: x\n  stage: deploy\n", &[]);
    let d = a.diagnostics.iter().find(|d| d.code == "stage-unknown").unwrap();
    assert_eq!((d.span.unwrap().line, d.span.unwrap().col), (4, 10));
}

// --- extends / default / inherit / !reference -----------------------------------------------------------

#[test]
fn extends_deep_merges_hashes_and_replaces_arrays() {
    let yaml = ".base:\n  script: [a, b]\n  variables: {A: '1', B: '1'}\n  stage: build\njob:\n  extends: .base\n  script: [c]\n  variables: {B: '2'}\n";
    let a = run(yaml, &[]);
    let def = &a.config.jobs[0];
    assert_eq!(def.definition.get("script").unwrap().string_list().unwrap(), ["c"]);
    assert_eq!(def.variables.get("A").map(String::as_str), Some("1"));
    assert_eq!(def.variables.get("B").map(String::as_str), Some("2"));
    assert_eq!(def.stage, "build");
}

#[test]
fn extends_multiple_parents_later_wins_and_multi_level() {
    let yaml = ".a:\n  stage: build\n  image: a\n.b:\n  extends: .c\n  image: b\n.c:\n  tags: [c]\njob:\n  extends: [.a, .b]\n  script: x\n";
    let a = run(yaml, &[]);
    let d = &a.config.jobs[0].definition;
    assert_eq!(d.get("image").unwrap().as_str(), Some("b"));
    assert_eq!(d.get("stage").unwrap().as_str(), Some("build"));
    assert_eq!(d.get("tags").unwrap().string_list().unwrap(), ["c"]);
}

#[test]
fn extends_errors_unknown_cycle_depth() {
    let a = run("job:\n  extends: .nope\n  script: x\n", &[]);
    assert!(errors(&a).contains(&"job: unknown key in `extends` (.nope)"));
    let a = run(".a:\n  extends: .b\n.b:\n  extends: .a\njob:\n  extends: .a\n  script: x\n", &[]);
    assert!(codes(&a).contains(&"extends-cycle"));
    let mut yaml = String::from(".l0:\n  script: x\n");
    for i in 1..=12 {
        yaml.push_str(&format!(".l{i}:\n  extends: .l{}\n", i - 1));
    }
    yaml.push_str("job:\n  extends: .l12\n");
    assert!(codes(&run(&yaml, &[])).contains(&"extends-depth"));
}

#[test]
fn default_keywords_and_inherit() {
    let yaml = "default:\n  image: ruby\n  tags: [docker]\nvariables:\n  G: '1'\n  H: '2'\na:\n  script: x\nb:\n  script: x\n  image: alpine\n  inherit:\n    default: [tags]\n    variables: [H]\nc:\n  script: x\n  inherit:\n    default: false\n    variables: false\n";
    let a = run(yaml, &[]);
    let def = |n: &str| a.config.jobs.iter().find(|j| j.name == n).unwrap();
    assert_eq!(def("a").definition.get("image").unwrap().as_str(), Some("ruby"));
    assert_eq!(def("b").definition.get("image").unwrap().as_str(), Some("alpine"));
    assert!(def("b").definition.get("tags").is_some());
    assert!(def("c").definition.get("image").is_none());
    assert_eq!(def("b").variables.keys().collect::<Vec<_>>(), ["H"]);
    assert!(def("c").variables.is_empty());
    assert_eq!(def("a").variables.len(), 2);
}

#[test]
fn legacy_global_keywords_act_as_defaults() {
    let a = run("image: ruby:2.7\nbefore_script: [bundle]\njob:\n  script: x\n", &[]);
    assert_eq!(a.config.jobs[0].definition.get("image").unwrap().as_str(), Some("ruby:2.7"));
}

#[test]
fn hidden_jobs_are_not_jobs_and_missing_script_is_an_error() {
    let a = run(".tmpl:\n  script: x\njob:\n  stage: test\n", &[]);
    // The invalid job is still drawn, but GitLab creates no pipeline from an invalid configuration.
    assert_eq!(names(&a), ["job"]);
    assert!(!a.pipeline.created);
    assert!(errors(&a).iter().any(|m| m.contains("should implement the script:, run:, or trigger: keyword")));
}

#[test]
fn unknown_job_keys_are_reported() {
    let a = run("job:\n  script: x\n  scrpit: y\n", &[]);
    assert!(errors(&a).contains(&"jobs:job config contains unknown keys: scrpit"));
}

// --- parallel / matrix / needs --------------------------------------------------------------------------

#[test]
fn parallel_count_and_needs_on_it() {
    let a = run("build:\n  stage: build\n  script: x\n  parallel: 3\ntest:\n  script: x\n  needs: [build]\n", &[]);
    assert_eq!(names(&a), ["build 1/3", "build 2/3", "build 3/3", "test"]);
    assert_eq!(job(&a, "test").needs.as_deref().unwrap(), ["build 1/3", "build 2/3", "build 3/3"]);
}

#[test]
fn matrix_names_and_needs_filter() {
    let yaml = "build:\n  stage: build\n  script: x\n  parallel:\n    matrix:\n      - OS: [linux, mac]\n        ARCH: [amd64]\ntest:\n  script: x\n  needs:\n    - job: build\n      parallel:\n        matrix:\n          - OS: mac\n            ARCH: amd64\n";
    let a = run(yaml, &[]);
    assert_eq!(names(&a), ["build: [linux, amd64]", "build: [mac, amd64]", "test"]);
    assert_eq!(job(&a, "test").needs.as_deref().unwrap(), ["build: [mac, amd64]"]);
    let m = &job(&a, "build: [mac, amd64]").matrix;
    assert_eq!(m, &[("OS".to_string(), "mac".to_string()), ("ARCH".to_string(), "amd64".to_string())]);
}

#[test]
fn needs_forms_null_empty_and_optional() {
    let yaml = "a:\n  stage: build\n  script: x\nb:\n  script: x\n  needs: []\nc:\n  script: x\nd:\n  script: x\n  needs:\n    - a\n    - job: gone\n      optional: true\n";
    let a = run(yaml, &[]);
    assert!(job(&a, "c").needs.is_none());
    assert_eq!(job(&a, "b").needs.as_deref().unwrap(), [] as [&str; 0]);
    assert_eq!(job(&a, "d").needs.as_deref().unwrap(), ["a"]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
}

#[test]
fn needs_on_missing_or_excluded_job_is_an_error() {
    let a = run("b:\n  script: x\n  needs: [nope]\n", &[]);
    assert!(codes(&a).contains(&"needs-unknown-job"));
    let a = run("a:\n  stage: build\n  script: x\n  only: [tags]\nb:\n  script: x\n  needs: [a]\n", &[]);
    let e = errors(&a);
    assert!(e.iter().any(|m| m.contains("not added to this pipeline")), "{e:?}");
}

#[test]
fn needs_on_later_stage_and_cycles_are_errors() {
    let a = run("a:\n  stage: build\n  script: x\n  needs: [b]\nb:\n  stage: test\n  script: x\n", &[]);
    assert!(codes(&a).contains(&"needs-later-stage"));
    let a = run("a:\n  script: x\n  needs: [b]\nb:\n  script: x\n  needs: [a]\n", &[]);
    assert!(codes(&a).contains(&"needs-cycle"));
}

#[test]
fn dependencies_must_be_in_needs() {
    let a = run("a:\n  stage: build\n  script: x\nb:\n  stage: build\n  script: x\nc:\n  script: x\n  needs: [a]\n  dependencies: [b]\n", &[]);
    assert!(codes(&a).contains(&"dependencies-not-in-needs"));
}

#[test]
fn trigger_jobs_need_no_script() {
    let a = run("child:\n  trigger:\n    include: ci/child.yml\nother:\n  trigger: group/project\n", &[]);
    assert_eq!(names(&a), ["child", "other"]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
}

#[test]
fn child_pipelines_are_nested_graphs_evaluated_as_parent_pipeline() {
    let a = run_files(
        &[
            (".gitlab-ci.yml", "build:\n  stage: build\n  script: x\nchild:\n  trigger:\n    include: ci/child.yml\n    strategy: depend\n"),
            ("ci/child.yml", "only-in-child:\n  script: x\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"parent_pipeline\"\nbranch-default:\n  script: x\n"),
        ],
        &ctx(&[]),
    );
    assert_eq!(names(&a), ["build", "child"]);
    assert_eq!(a.children.len(), 1);
    let child = &a.children[0];
    assert_eq!(child.job, "child");
    // The child runs on the parent's branch with source `parent_pipeline`: rules on that source match, and
    // the default `only: [branches, tags]` still matches the branch.
    assert_eq!(names(&child.analysis), ["only-in-child", "branch-default"]);
    let a = run("child:\n  trigger:\n    include: missing.yml\n", &[]);
    assert!(codes(&a).contains(&"child-not-found"));
    assert!(a.children.is_empty());
}

// --- include --------------------------------------------------------------------------------------------

#[test]
fn local_includes_merge_under_the_including_file() {
    let a = run_files(
        &[
            (".gitlab-ci.yml", "include:\n  - local: ci/a.yml\n  - 'ci/b/*.yml'\njob:\n  variables: {V: main}\n"),
            ("ci/a.yml", "job:\n  script: from-a\n  variables: {V: a, W: a}\n"),
            ("ci/b/one.yml", "one:\n  script: x\n"),
            ("ci/b/two.yml", "two:\n  script: x\n"),
        ],
        &ctx(&[]),
    );
    assert_eq!(names(&a), ["job", "one", "two"]);
    let def = &a.config.jobs[0];
    assert_eq!(def.variables.get("V").map(String::as_str), Some("main"));
    assert_eq!(def.variables.get("W").map(String::as_str), Some("a"));
    assert_eq!(a.included.len(), 4);
}

#[test]
fn include_rules_and_missing_file() {
    let a = run_files(
        &[
            (".gitlab-ci.yml", "include:\n  - local: mr.yml\n    rules:\n      - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\nmain:\n  script: x\n"),
            ("mr.yml", "mr-only:\n  script: x\n"),
        ],
        &ctx(&[]),
    );
    assert_eq!(names(&a), ["main"]);
    let a = run("include: missing.yml\njob:\n  script: x\n", &[]);
    assert!(errors(&a).contains(&"Local file `missing.yml` does not exist!"));
}

#[test]
fn include_inputs_with_spec_header() {
    let a = run_files(
        &[
            (".gitlab-ci.yml", "include:\n  - local: tmpl.yml\n    inputs:\n      stage: build\n      jobs: 2\n"),
            ("tmpl.yml", "spec:\n  inputs:\n    stage:\n      default: test\n    name:\n      default: scan\n    jobs:\n      type: number\n---\n\"$[[ inputs.name ]]-job\":\n  stage: $[[ inputs.stage ]]\n  parallel: $[[ inputs.jobs ]]\n  script: x\n"),
        ],
        &ctx(&[]),
    );
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(names(&a), ["scan-job 1/2", "scan-job 2/2"]);
    assert_eq!(a.pipeline.jobs[0].stage, "build");
    let a = run_files(
        &[
            (".gitlab-ci.yml", "include:\n  - local: t.yml\n    inputs: {typo: 1}\n"),
            ("t.yml", "spec:\n  inputs:\n    env:\n---\nj:\n  script: $[[ inputs.env ]]\n"),
        ],
        &ctx(&[]),
    );
    let e = errors(&a);
    assert!(e.iter().any(|m| m.contains("unknown input arguments: typo")), "{e:?}");
    assert!(e.iter().any(|m| m.contains("`env` input: required value has not been provided")), "{e:?}");
}

#[test]
fn include_cycle_and_offline_includes() {
    let a = run_files(
        &[(".gitlab-ci.yml", "include: a.yml\njob: {script: x}\n"), ("a.yml", "include: .gitlab-ci.yml\n")],
        &ctx(&[]),
    );
    assert!(codes(&a).contains(&"include-cycle"));
    let a = run("include:\n  - project: group/templates\n    file: ci.yml\njob:\n  extends: .from-template\n", &[]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert!(codes(&a).contains(&"include-offline"));
}

#[test]
fn non_local_includes_go_through_a_fetcher() {
    struct Templates;
    impl pipelens_core::Fetcher for Templates {
        fn fetch(&self, inc: &pipelens_core::resolve::include::ExternalInclude) -> Result<String, String> {
            use pipelens_core::resolve::include::ExternalInclude::*;
            match inc {
                Project { project, file, .. } if project == "group/templates" && file == "ci.yml" => {
                    Ok(".from-template:\n  stage: build\n  script: make\n".into())
                }
                other => Err(format!("no such file: {other:?}")),
            }
        }
    }
    let mut fs = FileSet::new();
    let id = fs.add(
        ".gitlab-ci.yml",
        "include:\n  - project: group/templates\n    file: ci.yml\n  - remote: https://example.com/x.yml\njob:\n  extends: .from-template\n",
    );
    let a = pipelens_core::analyze_with(&fs, id, &ctx(&[]), Some(&Templates), &pipelens_core::Limits::default());
    assert_eq!(job(&a, "job").stage, "build");
    // A fetch failure is an error at the include, not a silent skip.
    let d = a.diagnostics.iter().find(|d| d.code == "include-fetch").expect("fetch error reported");
    assert_eq!(d.span.unwrap().line, 4);
}

// --- YAML -----------------------------------------------------------------------------------------------

#[test]
fn yaml_quirks_real_configs_rely_on() {
    let a = run(".t: &t\n  script: x\njob:\n  <<: *t\n  stage: build\n  stage: test\n", &[]);
    assert_eq!(job(&a, "job").stage, "test");
    assert!(codes(&a).contains(&"duplicate-key"));
    assert!(errors(&a).is_empty());
}

#[test]
fn variables_keep_yaml_1_1_scalar_text() {
    let a = run("job:\n  script: x\n  variables:\n    PY: 3.10\n    FLAG: on\n    N: 010\n  rules:\n    - if: $PY == \"3.1\" && $FLAG == \"true\" && $N == \"8\"\n", &[]);
    assert_eq!(names(&a), ["job"]);
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "",
        "[]",
        "42",
        "- a\n- b\n",
        "job: 3\n",
        ":\n",
        "a: !reference\n",
        "job:\n  script: x\n  needs: 5\n",
        "stages: {a: 1}\n",
        "\u{feff}job: {script: x}\n",
        "x: *undefined\n",
    ] {
        let _ = run(text, &[]);
    }
}
