//! Which variables each condition sees, and which value wins. Expected values come from GitLab's
//! documentation ("CI/CD variable precedence", "Where variables can be used", the YAML reference's
//! `workflow:rules:variables`, `rules:variables` and `include` with variables), not from this engine.

mod support;
use support::*;

use pipelens_core::evaluate::job_variables;
use pipelens_core::variables::Vars;
use pipelens_core::{analyze, Analysis, FileSet};

fn run_files(files: &[(&str, &str)], vars: &[(&str, &str)]) -> Analysis {
    let mut fs = FileSet::new();
    for (p, t) in files {
        fs.add(p, *t);
    }
    analyze(&fs, 0, &ctx(vars))
}

fn run(yaml: &str, vars: &[(&str, &str)]) -> Analysis {
    run_files(&[(".gitlab-ci.yml", yaml)], vars)
}

/// The YAML reference's `workflow:rules:variables` example: on the default branch the workflow variable
/// overrides the global one, the job's own variable overrides both, and the matched rule's
/// `rules:variables` overrides the job's.
#[test]
fn precedence_global_workflow_job_rule() {
    let yaml = "variables:\n  DEPLOY_VARIABLE: \"default-deploy\"\nworkflow:\n  rules:\n    - if: $CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH\n      variables:\n        DEPLOY_VARIABLE: \"deploy-production\"\n    - if: $CI_COMMIT_REF_NAME =~ /feature/\n      variables:\n        IS_A_FEATURE: \"true\"\n    - when: always\njob1:\n  variables:\n    DEPLOY_VARIABLE: \"job1-default-deploy\"\n  rules:\n    - if: $CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH\n      variables:\n        DEPLOY_VARIABLE: \"job1-deploy-production\"\n    - when: on_success\n  script: x\njob2:\n  script: x\n";
    let c = ctx(&[]);
    let a = run(yaml, &[]);
    let workflow = &a.pipeline.workflow_variables;
    assert_eq!(workflow, &a.config.workflow.rules.as_ref().unwrap()[0].variables);
    let def = |n: &str| a.config.jobs.iter().find(|d| d.name == n).unwrap();
    let rule_vars = &def("job1").rules.as_ref().unwrap()[0].variables;
    let job1 = job_variables(&c, &a.config, def("job1"), workflow, &[], Some(rule_vars));
    assert_eq!(job1["DEPLOY_VARIABLE"], "job1-deploy-production");
    let job1_before_rules = job_variables(&c, &a.config, def("job1"), workflow, &[], None);
    assert_eq!(job1_before_rules["DEPLOY_VARIABLE"], "job1-default-deploy");
    let job2 = job_variables(&c, &a.config, def("job2"), workflow, &[], None);
    assert_eq!(job2["DEPLOY_VARIABLE"], "deploy-production");
    let job2_feature = job_variables(&c, &a.config, def("job2"), &Vars::new(), &[], None);
    assert_eq!(job2_feature["DEPLOY_VARIABLE"], "default-deploy");
}

/// "CI/CD variable precedence": pipeline variables (trigger, schedule, manual run; here the context's
/// variables) take precedence over every variable defined in the YAML.
#[test]
fn pipeline_variables_win_over_yaml_variables() {
    let yaml = "variables:\n  MODE: global\njob:\n  variables:\n    MODE: job\n  script: x\n  rules:\n    - if: $MODE == \"pipeline\"\n";
    assert!(names(&run(yaml, &[])).is_empty());
    assert_eq!(names(&run(yaml, &[("MODE", "pipeline")])), ["job"]);
}

/// `rules:if` of a job sees the global variables, the job's own and the workflow's (`workflow:rules:variables`
/// "can be used by all jobs in the pipeline"); a job's own variable overrides the global one.
#[test]
fn job_rules_see_global_job_and_workflow_variables() {
    let yaml = "variables:\n  G: global\n  SHADOWED: global\nworkflow:\n  rules:\n    - variables:\n        W: workflow\njob:\n  variables:\n    SHADOWED: job\n  script: x\n  rules:\n    - if: $G == \"global\" && $W == \"workflow\" && $SHADOWED == \"job\"\n";
    assert_eq!(names(&run(yaml, &[])), ["job"]);
}

/// `workflow:rules:if` sees global variables, not job variables.
#[test]
fn workflow_rules_see_global_variables_only() {
    let yaml = "variables:\n  RUN: \"yes\"\nworkflow:\n  rules:\n    - if: $RUN == \"yes\"\njob:\n  script: x\n";
    assert!(run(yaml, &[]).pipeline.created);
    let yaml = "workflow:\n  rules:\n    - if: $RUN == \"yes\"\njob:\n  variables:\n    RUN: \"yes\"\n  script: x\n";
    assert!(!run(yaml, &[]).pipeline.created);
}

/// A rule's own `variables` are set only once that rule matched: no `rules:if` sees them, neither its own
/// nor a later one's.
#[test]
fn rule_variables_are_not_seen_by_rules() {
    let yaml = "job:\n  script: x\n  rules:\n    - if: $FLAG == \"1\"\n      variables:\n        FLAG: \"1\"\n";
    assert!(names(&run(yaml, &[])).is_empty());
    let yaml = "job:\n  script: x\n  rules:\n    - if: $NEVER\n      variables:\n        FLAG: \"1\"\n    - if: $FLAG == \"1\"\n";
    assert!(names(&run(yaml, &[])).is_empty());
}

/// `inherit:variables`: the job does not take the global variables it excludes, and the
/// `workflow:rules:variables` come in with them (GitLab merges the two before applying `inherit`).
#[test]
fn inherit_variables_filters_global_and_workflow_variables() {
    let yaml = "variables:\n  G: global\nworkflow:\n  rules:\n    - variables:\n        W: workflow\nnone:\n  inherit:\n    variables: false\n  script: x\n  rules:\n    - if: $G || $W\nsome:\n  inherit:\n    variables: [W]\n  script: x\n  rules:\n    - if: $W == \"workflow\" && $G == null\n";
    assert_eq!(names(&run(yaml, &[])), ["some"]);
}

/// "Use variables with include": `include:rules` and include paths can use predefined and pipeline
/// variables, not variables defined in the configuration (global or job).
#[test]
fn include_rules_do_not_see_yaml_variables() {
    let files = [
        (".gitlab-ci.yml", "variables:\n  WITH_EXTRA: \"yes\"\ninclude:\n  - local: extra.yml\n    rules:\n      - if: $WITH_EXTRA == \"yes\"\nmain:\n  script: x\n"),
        ("extra.yml", "extra:\n  script: x\n"),
    ];
    assert_eq!(names(&run_files(&files, &[])), ["main"]);
    let a = run_files(&files, &[("WITH_EXTRA", "yes")]);
    assert!(names(&a).contains(&"extra"), "{:?}", names(&a));
}

/// `only:variables` / `except:variables` see the same variables as `rules:if`.
#[test]
fn only_except_variables_see_job_and_global_variables() {
    let yaml = "variables:\n  G: \"1\"\njob:\n  variables:\n    J: \"1\"\n  script: x\n  only:\n    variables: [$G == \"1\" && $J == \"1\"]\nskip:\n  script: x\n  variables:\n    SKIP: \"1\"\n  except:\n    variables: [$SKIP]\n";
    assert_eq!(names(&run(yaml, &[])), ["job"]);
}

/// A `parallel:matrix` job's values are job variables of each generated job, and its rules see them (GitLab
/// evaluates rules per generated job; issue 581340 treats matrix variables missing from `rules` evaluation
/// as a regression): `rules:if` can keep part of the matrix.
#[test]
fn matrix_values_are_seen_by_rules() {
    let yaml = "deploy:\n  script: x\n  variables:\n    PROVIDER: none\n  parallel:\n    matrix:\n      - PROVIDER: [aws, gcp]\n  rules:\n    - if: $PROVIDER == \"aws\"\n";
    let a = run(yaml, &[]);
    assert_eq!(names(&a), ["deploy: [aws]"]);
    let left_out: Vec<&str> = a.pipeline.excluded.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(left_out, ["deploy: [gcp]"]);
    let def = &a.config.jobs[0];
    let j = &a.pipeline.jobs[0];
    assert_eq!(j.rule, Some(1));
    let vars = job_variables(&ctx(&[]), &a.config, def, &a.pipeline.workflow_variables, &j.matrix, None);
    assert_eq!(vars["PROVIDER"], "aws");
}
