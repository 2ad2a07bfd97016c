//! GitLab semantics of job inclusion: the default `only` and `workflow:rules`, the rule-level keys
//! (`rules:needs`, `rules:variables`, `rules:allow_failure`, `rules:changes:compare_to`,
//! `rules:exists:project`) and the job keys that may not go with `rules`. Expected values come from GitLab's
//! CI/CD YAML reference (docs.gitlab.com/ci/yaml/) and the pages cited on each test, not from this engine.

mod support;
use support::*;

use pipelens_core::{analyze, Analysis, FileSet, PipelineContext};

fn run_ctx(yaml: &str, c: &PipelineContext) -> Analysis {
    let mut fs = FileSet::new();
    fs.add(".gitlab-ci.yml", yaml);
    analyze(&fs, 0, c)
}

fn run(yaml: &str, vars: &[(&str, &str)]) -> Analysis {
    run_ctx(yaml, &ctx(vars))
}

fn has_error(a: &Analysis, text: &str) -> bool {
    errors(a).iter().any(|m| m.contains(text))
}

/// Every pipeline source GitLab documents for `CI_PIPELINE_SOURCE` ("Predefined CI/CD variables"), each on a
/// branch (`feature`) unless it is a tag or merge request pipeline.
const SOURCES: &[(&str, &[(&str, &str)])] = &[
    ("push", &[("CI_COMMIT_BRANCH", "feature")]),
    ("tag", &[("CI_COMMIT_TAG", "v1.0.0")]),
    (
        "merge_request_event",
        &[("CI_PIPELINE_SOURCE", "merge_request_event"), ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature")],
    ),
    ("schedule", &[("CI_PIPELINE_SOURCE", "schedule"), ("CI_COMMIT_BRANCH", "feature")]),
    ("web", &[("CI_PIPELINE_SOURCE", "web"), ("CI_COMMIT_BRANCH", "feature")]),
    ("api", &[("CI_PIPELINE_SOURCE", "api"), ("CI_COMMIT_BRANCH", "feature")]),
    ("trigger", &[("CI_PIPELINE_SOURCE", "trigger"), ("CI_COMMIT_BRANCH", "feature")]),
    ("pipeline", &[("CI_PIPELINE_SOURCE", "pipeline"), ("CI_COMMIT_BRANCH", "feature")]),
    ("parent_pipeline", &[("CI_PIPELINE_SOURCE", "parent_pipeline"), ("CI_COMMIT_BRANCH", "feature")]),
    (
        "external_pull_request_event",
        &[("CI_PIPELINE_SOURCE", "external_pull_request_event"), ("CI_COMMIT_BRANCH", "feature")],
    ),
    ("chat", &[("CI_PIPELINE_SOURCE", "chat"), ("CI_COMMIT_BRANCH", "feature")]),
];

// --- the default `only` -----------------------------------------------------------------------------------

/// "only:refs / except:refs": a job without `only`, `except` or `rules` has `only: [branches, tags]`, which
/// matches every pipeline that runs on a branch or a tag: all sources but merge requests. External pull
/// request pipelines run on the pull request's branch ("GitLab CI/CD for external repositories": the
/// `always-run` job without `only` runs in the pull request pipeline too).
#[test]
fn default_only_matches_every_source_but_merge_requests() {
    let yaml = "job:\n  script: x\n";
    for (source, vars) in SOURCES {
        let a = run(yaml, vars);
        let expected: &[&str] = if *source == "merge_request_event" { &[] } else { &["job"] };
        assert_eq!(names(&a), expected, "source {source}");
        if *source == "merge_request_event" {
            assert!(a.pipeline.excluded[0].why.contains("default only"), "{}", a.pipeline.excluded[0].why);
        }
    }
}

/// "Merge request pipelines" / `workflow:rules`: with `workflow:rules`, jobs without `rules` no longer get
/// the default `only: [branches, tags]` (GitLab MR 21742; `Entry::Processable#compose!` removes the default
/// when `workflow:rules` exist), so such a job is in every pipeline the workflow lets through, merge request
/// pipelines included.
#[test]
fn workflow_rules_drop_the_default_only_for_every_source() {
    let yaml = "workflow:\n  rules:\n    - when: always\njob:\n  script: x\n";
    for (source, vars) in SOURCES {
        let a = run(yaml, vars);
        assert_eq!(names(&a), ["job"], "source {source}");
        assert!(a.pipeline.created, "source {source}");
        assert!(job(&a, "job").why.contains("workflow:rules drop the default only"), "{}", job(&a, "job").why);
    }
}

/// "Switch between branch pipelines and merge request pipelines" (`workflow:rules` examples): jobs without
/// rules run in the merge request pipeline, and the branch pipeline is skipped while a merge request is open.
#[test]
fn switching_between_branch_and_merge_request_pipelines() {
    let yaml = "workflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS\n      when: never\n    - if: $CI_COMMIT_BRANCH\njob:\n  script: x\n";
    let mr = SOURCES.iter().find(|(s, _)| *s == "merge_request_event").unwrap().1;
    assert_eq!(names(&run(yaml, mr)), ["job"]);
    assert_eq!(names(&run(yaml, &[("CI_COMMIT_BRANCH", "feature")])), ["job"]);
    let a = run(yaml, &[("CI_COMMIT_BRANCH", "feature"), ("CI_OPEN_MERGE_REQUESTS", "group/p!1")]);
    assert!(!a.pipeline.created);
    // A tag has no branch: no workflow rule matches.
    assert!(!run(yaml, &[("CI_COMMIT_TAG", "v1")]).pipeline.created);
}

/// With `workflow:rules`, an `except` alone still applies (only the default `only` is dropped).
#[test]
fn workflow_rules_keep_a_written_except() {
    let yaml = "workflow:\n  rules:\n    - when: always\njob:\n  script: x\n  except: [tags]\n";
    for (source, vars) in SOURCES {
        let expected: &[&str] = if *source == "tag" { &[] } else { &["job"] };
        assert_eq!(names(&run(yaml, vars)), expected, "source {source}");
    }
}

/// `only:variables` / `only:changes` without `refs` still carry the default `refs: [branches, tags]`
/// (`Entry::Policy#value` deep-merges `DEFAULT_ONLY` under the written hash), so they never match a merge
/// request pipeline; the "Merge request pipelines" page pairs them with `refs: [merge_requests]` for that.
#[test]
fn only_hash_without_refs_keeps_the_default_refs() {
    let yaml = "job:\n  script: x\n  only:\n    variables: [$RUN == \"1\"]\n";
    let mr = SOURCES.iter().find(|(s, _)| *s == "merge_request_event").unwrap().1;
    let mut mr_run: Vec<(&str, &str)> = mr.to_vec();
    mr_run.push(("RUN", "1"));
    assert!(names(&run(yaml, &mr_run)).is_empty());
    assert_eq!(names(&run(yaml, &[("RUN", "1")])), ["job"]);
    assert_eq!(names(&run(yaml, &[("RUN", "1"), ("CI_PIPELINE_SOURCE", "schedule")])), ["job"]);
    let yaml = "job:\n  script: x\n  only:\n    refs: [merge_requests]\n    variables: [$RUN == \"1\"]\n";
    assert_eq!(names(&run(yaml, &mr_run)), ["job"]);
}

/// `only:refs` keywords name pipeline sources (`pushes`, `schedules`, `triggers`, `pipelines`, `web`, `api`,
/// `chat`, `external_pull_requests`, `merge_requests`); ref names and regexes match the branch of external
/// pull request pipelines too, but never a merge request pipeline ("only:refs / except:refs").
#[test]
fn only_refs_keywords_for_each_source() {
    let cases: &[(&str, &str)] = &[
        ("pushes", "push"),
        ("schedules", "schedule"),
        ("triggers", "trigger"),
        ("pipelines", "pipeline"),
        ("web", "web"),
        ("api", "api"),
        ("chat", "chat"),
        ("external_pull_requests", "external_pull_request_event"),
        ("merge_requests", "merge_request_event"),
    ];
    for (keyword, source) in cases {
        let yaml = format!("job:\n  script: x\n  only: [{keyword}]\n");
        for (s, vars) in SOURCES {
            // A tag pipeline comes from a push: its source is `push`.
            let s = if *s == "tag" { "push" } else { s };
            let expected: &[&str] = if s == *source { &["job"] } else { &[] };
            assert_eq!(names(&run(&yaml, vars)), expected, "only: [{keyword}] in a {s} pipeline");
        }
    }
    let yaml = "job:\n  script: x\n  only: ['/^feat/']\n";
    let epr = SOURCES.iter().find(|(s, _)| *s == "external_pull_request_event").unwrap().1;
    assert_eq!(names(&run(yaml, epr)), ["job"]);
    let mr = SOURCES.iter().find(|(s, _)| *s == "merge_request_event").unwrap().1;
    assert!(names(&run(yaml, mr)).is_empty());
}

// --- rules:needs ------------------------------------------------------------------------------------------

/// `rules:needs` (GA in GitLab 16.2): "When a condition matches a rule, the job's needs configuration is
/// completely replaced with the needs in the rule." The example from the YAML reference.
#[test]
fn rules_needs_replace_the_job_needs() {
    let yaml = "build-dev:\n  stage: build\n  rules:\n    - if: $CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH\n  script: x\nbuild-prod:\n  stage: build\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  script: x\ntests:\n  stage: test\n  rules:\n    - if: $CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH\n      needs: ['build-dev']\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n      needs: ['build-prod']\n    - when: on_success\n  script: x\n";
    let a = run(yaml, &[("CI_COMMIT_BRANCH", "feature")]);
    assert_eq!(job(&a, "tests").needs.as_deref().unwrap(), ["build-dev"]);
    let a = run(yaml, &[]);
    assert_eq!(job(&a, "tests").needs.as_deref().unwrap(), ["build-prod"]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    // A tag pipeline has no CI_COMMIT_BRANCH, and an undefined variable is `!=` any string: the first rule.
    let a = run(yaml, &[("CI_COMMIT_TAG", "v1")]);
    assert_eq!(job(&a, "tests").needs.as_deref().unwrap(), ["build-dev"]);
    // The bare `when` rule brings no rules:needs, and the job has no needs of its own.
    let plain = yaml.replace("$CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH\n      needs", "$DEV\n      needs");
    let a = run(&plain, &[("CI_COMMIT_TAG", "v1")]);
    assert!(job(&a, "tests").needs.is_none());
}

/// `rules:needs: []` sets the job's needs to none when the rule matches; a rule without `needs` keeps the
/// job-level `needs`.
#[test]
fn rules_needs_empty_and_absent() {
    let yaml = "a:\n  stage: build\n  script: x\nb:\n  stage: build\n  script: x\nc:\n  script: x\n  needs: [a]\n  rules:\n    - if: $FAST\n      needs: []\n    - if: $B\n      needs: [b]\n    - when: on_success\n";
    let a = run(yaml, &[("FAST", "1")]);
    assert_eq!(job(&a, "c").needs.as_deref().unwrap(), [] as [&str; 0]);
    let a = run(yaml, &[("B", "1")]);
    assert_eq!(job(&a, "c").needs.as_deref().unwrap(), ["b"]);
    let a = run(yaml, &[]);
    assert_eq!(job(&a, "c").needs.as_deref().unwrap(), ["a"]);
}

/// `rules:needs` behave like job-level `needs` once they replace them: a needed job that is not in the
/// pipeline is an error unless `optional: true`.
#[test]
fn rules_needs_on_an_absent_job() {
    let yaml =
        "a:\n  stage: build\n  script: x\n  rules:\n    - if: $NEVER\nc:\n  script: x\n  rules:\n    - needs: [a]\n";
    assert!(has_error(&run(yaml, &[]), "'c' job needs 'a' job, but 'a' does not exist in the pipeline"));
    let yaml = "a:\n  stage: build\n  script: x\n  rules:\n    - if: $NEVER\nc:\n  script: x\n  rules:\n    - needs:\n        - job: a\n          optional: true\n";
    let a = run(yaml, &[]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(job(&a, "c").needs.as_deref().unwrap(), [] as [&str; 0]);
}

// --- rules:allow_failure, rules:when ----------------------------------------------------------------------

/// `rules:allow_failure` overrides the job's `allow_failure` for the matched rule only.
#[test]
fn rules_allow_failure_overrides_the_job() {
    let yaml = "job:\n  script: x\n  allow_failure: true\n  rules:\n    - if: $STRICT\n      allow_failure: false\n    - when: on_success\n";
    assert!(!job(&run(yaml, &[("STRICT", "1")]), "job").allow_failure);
    assert!(job(&run(yaml, &[]), "job").allow_failure);
}

// --- rules:changes:compare_to, rules:exists:project -------------------------------------------------------

/// `rules:changes:compare_to`: the changes are computed against that ref, in any kind of pipeline. That
/// diff is not known here, so the clause is taken as true and the job's "why" says so.
#[test]
fn changes_compare_to_is_unknown_and_said_so() {
    let yaml = "docs:\n  script: x\n  rules:\n    - changes:\n        paths: ['docs/**/*']\n        compare_to: 'refs/heads/main'\n";
    let mut c = ctx(&[("CI_COMMIT_BRANCH", "feature")]);
    // Files changed by the push are known, but they are not the changes against `main`.
    c.changed_files = Some(vec!["src/lib.rs".into()]);
    let a = run_ctx(yaml, &c);
    assert_eq!(names(&a), ["docs"]);
    let why = &job(&a, "docs").why;
    assert!(why.contains("compared to `refs/heads/main` are unknown"), "{why}");
    // Without compare_to the push's own diff decides.
    let plain = "docs:\n  script: x\n  rules:\n    - changes:\n        paths: ['docs/**/*']\n";
    assert!(names(&run_ctx(plain, &c)).is_empty());
}

/// `rules:changes` as a hash needs `paths`; only `paths` and `compare_to` are allowed
/// (`Rules::Rule::Changes::ComplexChanges`).
#[test]
fn changes_hash_keys_are_checked() {
    let a = run("job:\n  script: x\n  rules:\n    - changes:\n        compare_to: main\n", &[]);
    assert!(has_error(&a, "changes config missing required keys: paths"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  rules:\n    - changes:\n        paths: [a]\n        base: main\n", &[]);
    assert!(has_error(&a, "changes config contains unknown keys: base"), "{:?}", errors(&a));
}

/// `rules:exists:project` / `rules:exists:ref`: the files of another project are not known here, so the
/// clause is taken as true and the job's "why" says so. `ref` needs `project`
/// (`Rules::Rule::Exists::ComplexExists`).
#[test]
fn exists_in_another_project_is_unknown_and_said_so() {
    let yaml = "job:\n  script: x\n  rules:\n    - exists:\n        paths: [Dockerfile]\n        project: group/other\n        ref: v1.0\n";
    let a = run(yaml, &[]);
    assert_eq!(names(&a), ["job"]);
    let why = &job(&a, "job").why;
    assert!(why.contains("project `group/other` at `v1.0` are unknown"), "{why}");
    // In this project, `exists` is decided by the repository's files.
    let local = "job:\n  script: x\n  rules:\n    - exists:\n        paths: [Dockerfile]\n";
    assert!(names(&run(local, &[])).is_empty());
    let a = run("job:\n  script: x\n  rules:\n    - exists:\n        paths: [Dockerfile]\n        ref: main\n", &[]);
    assert!(has_error(&a, "exists config missing required keys: project"), "{:?}", errors(&a));
}

// --- keys that may not go together ------------------------------------------------------------------------

/// `Entry::Processable`: `only`, `except` and `start_in` "may not be used with `rules`", one message naming
/// the keys in the order they are written.
#[test]
fn only_except_start_in_may_not_be_used_with_rules() {
    let a = run("job:\n  script: x\n  only: [main]\n  except: [tags]\n  rules:\n    - when: always\n", &[]);
    assert!(has_error(&a, "jobs:job config key may not be used with `rules`: only, except"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  start_in: 1 day\n  rules:\n    - when: delayed\n      start_in: 1 day\n", &[]);
    assert!(has_error(&a, "may not be used with `rules`: start_in"), "{:?}", errors(&a));
}

/// `Entry::Job`: a delayed job needs `start_in` ("start in should be a duration"); `start_in` without
/// `when: delayed` "must be blank".
#[test]
fn start_in_and_delayed_belong_together() {
    let a = run("job:\n  script: x\n  when: delayed\n", &[]);
    assert!(has_error(&a, "jobs:job start in should be a duration"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  start_in: 10 minutes\n", &[]);
    assert!(has_error(&a, "jobs:job start in must be blank"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  when: delayed\n  start_in: 10 minutes\n", &[]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    // `start_in` is a duration of at most one week (`when: delayed` in the YAML reference).
    let a = run("job:\n  script: x\n  when: delayed\n  start_in: soon\n", &[]);
    assert!(has_error(&a, "jobs:job start in should be a duration"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  when: delayed\n  start_in: 8 days\n", &[]);
    assert!(has_error(&a, "jobs:job start in should not exceed the limit"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  when: delayed\n  start_in: 1 week\n", &[]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  rules:\n    - when: delayed\n      start_in: 2 weeks\n", &[]);
    assert!(has_error(&a, "rules:rule start in should not exceed the limit"), "{:?}", errors(&a));
}

/// `Rules::Rule`: `rules:start_in` only with `when: delayed`, and `when: delayed` needs it.
#[test]
fn rule_start_in_and_delayed_belong_together() {
    let a = run("job:\n  script: x\n  rules:\n    - when: delayed\n", &[]);
    assert!(has_error(&a, "rules:rule start in can't be blank"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  rules:\n    - if: $X\n      start_in: 1 hour\n", &[]);
    assert!(has_error(&a, "rules:rule config contains disallowed keys: start_in"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  rules:\n    - when: delayed\n      start_in: 1 hour\n", &[]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    assert_eq!(job(&a, "job").when.as_str(), "delayed");
}

/// `workflow:rules` allow `when: always` or `never` only, and their own keys (`auto_cancel`, not
/// `interruptible`); job rules allow `interruptible`, not `auto_cancel` (`Entry::Workflow`,
/// `Entry::Processable` metadata).
#[test]
fn rule_keys_and_when_depend_on_where_the_rules_are() {
    let a = run("workflow:\n  rules:\n    - when: manual\njob:\n  script: x\n", &[]);
    assert!(has_error(&a, "rules:rule when unknown value: manual"), "{:?}", errors(&a));
    let a = run("workflow:\n  rules:\n    - interruptible: true\njob:\n  script: x\n", &[]);
    assert!(has_error(&a, "rules:rule config contains unknown keys: interruptible"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  rules:\n    - auto_cancel:\n        on_new_commit: none\n", &[]);
    assert!(has_error(&a, "rules:rule config contains unknown keys: auto_cancel"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  rules:\n    - if: $X\n      interruptible: true\n    - when: manual\n", &[]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
}

/// "Job may allow multiple pipelines to run for a single action" (job troubleshooting): a warning when the
/// last rule is a bare `when` (not `never`) and there are no `workflow:rules`.
#[test]
fn bare_when_rule_without_workflow_rules_warns() {
    let yaml = "job:\n  script: x\n  rules:\n    - if: $X\n      when: manual\n    - when: on_success\n";
    let a = run(yaml, &[]);
    assert!(
        warnings(&a).iter().any(|w| w.contains("jobs:job may allow multiple pipelines to run")),
        "{:?}",
        warnings(&a)
    );
    let with_workflow = format!("workflow:\n  rules:\n    - when: always\n{yaml}");
    assert!(!warnings(&run(&with_workflow, &[])).iter().any(|w| w.contains("multiple pipelines")));
    let never_last = "job:\n  script: x\n  rules:\n    - if: $X\n    - when: never\n";
    assert!(!warnings(&run(never_last, &[])).iter().any(|w| w.contains("multiple pipelines")));
}

// --- needs checked before any rule runs -------------------------------------------------------------------

/// GitLab validates `needs` when it reads the configuration (`YamlProcessor#validate_job_needs!`), before
/// rules decide anything: an undefined need is an error even in a job this pipeline leaves out, and so are
/// the `needs` of a rule that does not match.
#[test]
fn undefined_needs_are_errors_whatever_the_rules_say() {
    let a = run("job:\n  script: x\n  needs: [nope]\n  rules:\n    - if: $NEVER\nother:\n  script: x\n", &[]);
    assert!(errors(&a).contains(&"job job: undefined need: nope"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  rules:\n    - if: $NEVER\n      needs: [nope]\n    - when: on_success\n", &[]);
    assert!(errors(&a).contains(&"job job: undefined need: nope"), "{:?}", errors(&a));
    // `optional: true` allows a need on a job that is not defined (it may come from a conditional include).
    let a = run("job:\n  script: x\n  needs:\n    - job: nope\n      optional: true\n", &[]);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
}

/// `needs` must point at the same or an earlier stage ("... is not defined in current or prior stages"),
/// and may not name a job twice ("... has the following needs duplicated: ...").
#[test]
fn needs_in_later_stages_and_duplicated_needs() {
    let a = run("a:\n  stage: build\n  script: x\n  needs: [b]\nb:\n  stage: test\n  script: x\n", &[]);
    assert!(errors(&a).contains(&"a job: need b is not defined in current or prior stages"), "{:?}", errors(&a));
    let a = run("a:\n  stage: build\n  script: x\nb:\n  script: x\n  needs: [a, a]\n", &[]);
    assert!(errors(&a).contains(&"b has the following needs duplicated: a."), "{:?}", errors(&a));
}

/// `rules:if` and `only:variables` expressions are validated when the configuration is read ("Invalid
/// expression syntax"), even in a rule that is never reached because an earlier one matched.
#[test]
fn expression_syntax_is_checked_in_every_rule() {
    let a = run("job:\n  script: x\n  rules:\n    - when: always\n    - if: $A ==\n", &[]);
    assert!(has_error(&a, "rules:rule if Invalid expression syntax"), "{:?}", errors(&a));
    let a = run("job:\n  script: x\n  only:\n    variables: ['$A = \"x\"']\n", &[]);
    assert!(has_error(&a, "jobs:job only variables Invalid expression syntax"), "{:?}", errors(&a));
}

/// `include:rules` take `if`, `changes`, `exists` and `when` (`always` or `never`) only
/// (`Entry::Include::Rules::Rule`; "include:rules" in the YAML reference).
#[test]
fn include_rules_keys_and_when() {
    let mut fs = FileSet::new();
    fs.add(
        ".gitlab-ci.yml",
        "include:\n  - local: a.yml\n    rules:\n      - if: $X\n        variables: {A: b}\n  - local: b.yml\n    rules:\n      - when: manual\nmain:\n  script: x\n",
    );
    fs.add("a.yml", "a:\n  script: x\n");
    fs.add("b.yml", "b:\n  script: x\n");
    let a = analyze(&fs, 0, &ctx(&[]));
    assert!(has_error(&a, "rules:rule config contains unknown keys: variables"), "{:?}", errors(&a));
    assert!(has_error(&a, "rules:rule when unknown value: manual"), "{:?}", errors(&a));
}
