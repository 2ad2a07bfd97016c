//! What the job panel and `jobs --json` show, checked against GitLab's documentation:
//! - "CI/CD variable precedence" (docs/ci/variables/index.md#cicd-variable-precedence): pipeline variables
//!   over YAML job variables over YAML global variables over predefined variables;
//! - `workflow:rules:variables` "override global variables" but not job variables
//!   (docs/ci/yaml/index.md#workflowrulesvariables);
//! - `rules:variables` "define or override variables for specific conditions" (#rulesvariables);
//! - `inherit:variables: false` / a list keeps global variables away from a job (#inheritvariables);
//! - `script` arrays nested by `!reference` are flattened for the runner (#reference-tags, "nest ... up to
//!   10 levels").

use pipelens_core::inspect::{self, Origin};
use pipelens_core::{analyze_text, ContextBuilder, PipelineSource};

fn vars(yaml: &str, job: &str, pipeline_vars: &[(&str, &str)]) -> Vec<(String, String, Origin, Vec<Origin>)> {
    let mut b = ContextBuilder::new(PipelineSource::Push);
    b.variables = pipeline_vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let (files, a) = analyze_text(yaml, &b.build());
    assert!(!a.has_errors(), "{:?}", a.diagnostics);
    let view = inspect::find(&a, &files, job).unwrap_or_else(|| panic!("no job {job}"));
    view.variables()
        .into_iter()
        .filter(|v| !v.name.starts_with("CI") && !v.name.starts_with("GITLAB"))
        .map(|v| (v.name, v.value, v.origin, v.overrides))
        .collect()
}

fn one(list: &[(String, String, Origin, Vec<Origin>)], name: &str) -> (String, Origin, Vec<Origin>) {
    let v = list.iter().find(|v| v.0 == name).unwrap_or_else(|| panic!("no variable {name} in {list:?}"));
    (v.1.clone(), v.2, v.3.clone())
}

#[test]
fn job_variables_override_global_ones_and_pipeline_variables_override_both() {
    let yaml = "variables:\n  A: global\n  B: global\njob:\n  script: x\n  variables:\n    A: job\n";
    let v = vars(yaml, "job", &[("B", "pipeline")]);
    assert_eq!(one(&v, "A"), ("job".into(), Origin::Job, vec![Origin::Global]));
    assert_eq!(one(&v, "B"), ("pipeline".into(), Origin::Pipeline, vec![Origin::Global]));
}

#[test]
fn workflow_variables_override_globals_but_not_the_jobs_own() {
    let yaml = "variables:\n  A: global\n  B: global\nworkflow:\n  rules:\n    - variables:\n        A: workflow\n        B: workflow\njob:\n  script: x\n  variables:\n    B: job\n";
    let v = vars(yaml, "job", &[]);
    assert_eq!(one(&v, "A"), ("workflow".into(), Origin::Workflow, vec![Origin::Global]));
    assert_eq!(one(&v, "B"), ("job".into(), Origin::Job, vec![Origin::Workflow, Origin::Global]));
}

#[test]
fn rule_variables_override_job_variables_and_matrix_values_are_job_variables() {
    let yaml = "job:\n  script: x\n  variables:\n    A: job\n  parallel:\n    matrix:\n      - P: [one]\n  rules:\n    - variables:\n        A: rule\n";
    let v = vars(yaml, "job: [one]", &[]);
    assert_eq!(one(&v, "A"), ("rule".into(), Origin::Rule, vec![Origin::Job]));
    assert_eq!(one(&v, "P"), ("one".into(), Origin::Matrix, vec![]));
}

#[test]
fn inherit_variables_false_keeps_globals_away() {
    let yaml = "variables:\n  A: global\n  B: global\njob:\n  script: x\n  inherit:\n    variables: [B]\n";
    let v = vars(yaml, "job", &[]);
    assert!(v.iter().all(|v| v.0 != "A"), "{v:?}");
    assert_eq!(one(&v, "B"), ("global".into(), Origin::Global, vec![]));
}

#[test]
fn predefined_variables_come_from_the_pipeline_source() {
    let mut b = ContextBuilder::new(PipelineSource::MergeRequest);
    b.merge_request = Some(pipelens_core::MergeRequest { source_branch: "feat".into(), ..Default::default() });
    let (files, a) = analyze_text("job:\n  script: x\n  rules:\n    - if: $CI_MERGE_REQUEST_IID\n", &b.build());
    let job = inspect::find(&a, &files, "job").expect("the MR rule matches");
    let v = job.variables();
    let source = v.iter().find(|v| v.name == "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME").unwrap();
    assert_eq!((source.value.as_str(), source.origin), ("feat", Origin::Predefined));
}

#[test]
fn nested_references_reach_the_runner_as_flat_lines() {
    let yaml = ".a:\n  script: [a1, a2]\n.b:\n  script:\n    - !reference [.a, script]\n    - b1\njob:\n  script:\n    - !reference [.b, script]\n    - [c1, [c2]]\n";
    let (files, a) = analyze_text(yaml, &ContextBuilder::default().build());
    let s = inspect::find(&a, &files, "job").unwrap().scripts();
    assert_eq!(s.script, ["a1", "a2", "b1", "c1", "c2"]);
}
