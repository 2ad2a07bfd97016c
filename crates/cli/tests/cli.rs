//! The `pipelens` binary: JSON contract, exit codes, lint format, graph exports.

mod util;
use util::{json, pipelens, Fixture};

const SIMPLE: &str = "stages: [build, test]\nbuild:\n  stage: build\n  script: make\n  parallel: 2\ntest:\n  stage: test\n  needs: [build]\n  script: make test\nlint:\n  stage: test\n  needs: []\n  script: make lint\nmanual:\n  stage: test\n  script: x\n  when: manual\nmr-only:\n  script: x\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n";

#[test]
fn jobs_json_contract() {
    let f = Fixture::new("contract", &[(".gitlab-ci.yml", SIMPLE)]);
    let (code, v) = json(&["jobs", f.path(), "--json"]);
    assert_eq!(code, 0);
    assert_eq!(v["pipeline_created"], true);
    assert_eq!(v["stages"], serde_json::json!(["build", "test"]));
    let jobs = v["jobs"].as_array().unwrap();
    let names: Vec<&str> = jobs.iter().map(|j| j["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["build 1/2", "build 2/2", "test", "lint", "manual"]);
    let get = |n: &str| jobs.iter().find(|j| j["name"] == n).unwrap();
    assert_eq!(get("test")["needs"], serde_json::json!(["build 1/2", "build 2/2"]));
    assert_eq!(get("lint")["needs"], serde_json::json!([]));
    assert!(get("manual")["needs"].is_null());
    assert_eq!(get("manual")["when"], "manual");
    assert_eq!(get("manual")["allow_failure"], true);
    assert_eq!(get("test")["stage"], "test");
    assert_eq!(v["diagnostics"], serde_json::json!([]));
}

#[test]
fn vars_select_the_pipeline_context() {
    let f = Fixture::new("vars", &[(".gitlab-ci.yml", SIMPLE)]);
    let (_, v) = json(&["jobs", f.path(), "--json", "--var", "CI_PIPELINE_SOURCE=merge_request_event"]);
    let names: Vec<&str> = v["jobs"].as_array().unwrap().iter().map(|j| j["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["mr-only"]);
}

#[test]
fn changed_files_drive_rules_changes() {
    let yaml = "docs:\n  script: x\n  rules:\n    - changes: [docs/*]\ncode:\n  script: x\n";
    let f = Fixture::new("changes", &[(".gitlab-ci.yml", yaml)]);
    let (_, v) = json(&["jobs", f.path(), "--json", "--changed", "src/a.rs"]);
    assert_eq!(v["jobs"].as_array().unwrap().len(), 1);
    let (_, v) = json(&["jobs", f.path(), "--json", "--changed", "docs/a.md"]);
    assert_eq!(v["jobs"].as_array().unwrap().len(), 2);
}

#[test]
fn errors_exit_1_with_positions_and_lint_format() {
    let f = Fixture::new("errors", &[(".gitlab-ci.yml", "job:\n  script: x\n  needs: [missing]\n")]);
    let (code, v) = json(&["jobs", f.path(), "--json"]);
    assert_eq!(code, 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], ".gitlab-ci.yml");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(3), Some(11)));
    let out = pipelens(&["lint", f.path()]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.starts_with(".gitlab-ci.yml:3:11: error[needs-unknown-job]: "), "{}", out.stdout);
}

#[test]
fn child_pipelines_appear_nested() {
    let f = Fixture::new(
        "child",
        &[
            (".gitlab-ci.yml", "gen:\n  stage: build\n  script: x\nchild:\n  trigger:\n    include: ci/child.yml\n"),
            ("ci/child.yml", "unit:\n  script: x\n"),
        ],
    );
    let (code, v) = json(&["jobs", f.path(), "--json"]);
    assert_eq!(code, 0);
    assert_eq!(v["children"][0]["job"], "child");
    assert_eq!(v["children"][0]["jobs"][0]["name"], "unit");
    assert_eq!(v["children"][0]["jobs"][0]["file"], "ci/child.yml");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(pipelens(&[]).code, 2);
    assert_eq!(pipelens(&["jobs"]).code, 2);
    assert_eq!(pipelens(&["jobs", ".", "--var", "NOEQUALS"]).code, 2);
    assert_eq!(pipelens(&["frobnicate", "."]).code, 2);
    assert_eq!(pipelens(&["jobs", "/definitely/not/here"]).code, 2);
}

#[test]
fn yaml_file_path_and_local_includes() {
    let f = Fixture::new(
        "file",
        &[("ci/main.yml", "include: ci/part.yml\nmain:\n  script: x\n"), ("ci/part.yml", "part:\n  script: x\n")],
    );
    // A file path: includes resolve against the file's folder.
    let f2 = Fixture::new(
        "file2",
        &[("main.yml", "include: part.yml\nmain:\n  script: x\n"), ("part.yml", "part:\n  script: x\n")],
    );
    let (code, v) = json(&["jobs", &format!("{}/main.yml", f2.path()), "--json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["jobs"].as_array().unwrap().len(), 2);
    // The file's folder is the repository root, so a root-relative path written for the real root does
    // not resolve from a file in a subfolder; run from the repository folder, it does.
    let (code, v) = json(&["jobs", &format!("{}/ci/main.yml", f.path()), "--json"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["diagnostics"][0]["code"], "include-not-found", "{v}");
    assert!(v["diagnostics"][0]["message"].as_str().unwrap().contains("ci/part.yml"), "{v}");
}

#[test]
fn graph_exports_escape_and_link() {
    let yaml = "a:\n  stage: build\n  script: x\n\"b<&>\":\n  needs: [a]\n  script: x\n";
    let f = Fixture::new("graph", &[(".gitlab-ci.yml", yaml)]);
    let svg = pipelens(&["graph", f.path()]).stdout;
    assert!(svg.contains(r#"data-job="b&lt;&amp;&gt;""#), "{svg}");
    assert!(svg.contains(r#"data-edge="a->b&lt;&amp;&gt;""#));
    assert!(!svg.contains("<&>"));
    let dot = pipelens(&["graph", f.path(), "--format", "dot"]).stdout;
    assert!(dot.contains(r#"j0 [label="a", group="build"];"#), "{dot}");
    assert!(dot.contains(r#"j1 [label="b<&>", group="test"];"#), "{dot}");
    assert!(dot.contains("j0 -> j1;"), "{dot}");
    let mermaid = pipelens(&["graph", f.path(), "--format", "mermaid"]).stdout;
    assert!(mermaid.contains("j0 --> j1"), "{mermaid}");
}

#[test]
fn lint_shows_child_pipeline_problems_without_failing_the_parent() {
    let f = Fixture::new(
        "child-lint",
        &[
            (".gitlab-ci.yml", "build:\n  script: x\ndocs:\n  trigger:\n    include: docs.yml\n"),
            ("docs.yml", "html:\n  script: x\n  needs: [ghost]\n"),
        ],
    );
    let out = pipelens(&["lint", f.path()]);
    assert_eq!(out.code, 0, "GitLab creates the parent pipeline: {}", out.stdout);
    assert!(
        out.stdout.contains("docs.yml:3:11: error[needs-unknown-job]: child pipeline of `docs`: "),
        "{}",
        out.stdout
    );
    assert!(out.stdout.trim_end().ends_with("child pipelines: 1 error(s), 0 warning(s)"), "{}", out.stdout);
}

#[test]
fn graph_draws_excluded_jobs_and_open_child_pipelines_on_request() {
    let f = Fixture::new(
        "graph-options",
        &[
            (".gitlab-ci.yml", "build:\n  script: x\nrelease:\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\ndocs:\n  trigger:\n    include: docs.yml\n"),
            ("docs.yml", "html:\n  script: x\n"),
        ],
    );
    let (_, plain) = json(&["graph", f.path(), "--format", "json"]);
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["jobs"].as_array().unwrap().iter().map(|j| j["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(&plain), ["build", "docs"]);
    assert_eq!(plain["children"], serde_json::json!([]));
    let (_, full) = json(&["graph", f.path(), "--format", "json", "--excluded", "--children"]);
    assert_eq!(names(&full), ["build", "docs", "release"]);
    assert_eq!(full["jobs"][2]["excluded"], true);
    assert_eq!(full["jobs"][1]["child"], true);
    assert_eq!(names(&full["children"][0]["scene"]), ["html"]);
    let svg = pipelens(&["graph", f.path(), "--excluded", "--children"]).stdout;
    assert!(svg.contains(r#"data-kind="excluded""#) && svg.contains(r#"<g data-child="docs">"#), "{svg}");
}

#[test]
fn context_options_choose_the_pipeline_source_and_ref() {
    let yaml = "tagged:\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG == \"v1\"\nmr:\n  script: x\n  rules:\n    - if: $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == \"develop\" && $CI_COMMIT_REF_NAME == \"feat\"\n";
    let f = Fixture::new("context", &[(".gitlab-ci.yml", yaml)]);
    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["jobs", f.path(), "--json"];
        all.extend_from_slice(args);
        let (_, v) = json(&all);
        v["jobs"].as_array().unwrap().iter().map(|j| j["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(&["--tag", "v1"]), ["tagged"]);
    assert_eq!(names(&["--source", "mr", "--branch", "feat", "--target-branch", "develop"]), ["mr"]);
    assert_eq!(names(&["--var", "CI_COMMIT_TAG=v1", "--source", "web"]), ["tagged"]);
    assert!(names(&["--source", "mr", "--branch", "feat"]).is_empty(), "the target defaults to main");
    let out = pipelens(&["jobs", f.path(), "--source", "nightly"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown pipeline source `nightly`"), "{}", out.stderr);
}

#[test]
fn jobs_json_shows_runner_scripts_variables_and_diagnostic_ranges() {
    let yaml = "variables:\n  G: global\n.setup:\n  script: [one]\njob:\n  variables:\n    G: job\n  script:\n    - !reference [.setup, script]\n    - two\nbad:\n  script: x\n  needs: [missing]\n";
    let f = Fixture::new("inspect", &[(".gitlab-ci.yml", yaml)]);
    let (_, v) = json(&["jobs", f.path(), "--json", "--var", "EXTRA=1"]);
    let job = v["jobs"].as_array().unwrap().iter().find(|j| j["name"] == "job").unwrap().clone();
    assert_eq!(job["script"]["script"], serde_json::json!(["one", "two"]));
    let var = |name: &str| job["variables"].as_array().unwrap().iter().find(|x| x["name"] == name).cloned();
    assert_eq!(
        var("G").unwrap(),
        serde_json::json!({"name": "G", "value": "job", "origin": "job", "overrides": ["global"]})
    );
    assert_eq!(var("EXTRA").unwrap()["origin"], "pipeline");
    assert_eq!(var("CI_COMMIT_BRANCH").unwrap()["origin"], "predefined");
    let d = &v["diagnostics"][0];
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(13), Some(11)));
    assert_eq!((d["end_line"].as_u64(), d["end_column"].as_u64()), (Some(13), Some(18)), "{d}");
}

#[test]
fn merged_prints_the_full_configuration_that_reads_back_the_same() {
    let f = Fixture::new(
        "merged",
        &[
            (".gitlab-ci.yml", "include: ci/base.yml\njob:\n  extends: .base\n  variables:\n    PY: \"3.10\"\n"),
            ("ci/base.yml", ".base:\n  image: python\n  script: [\"yes\"]\n"),
        ],
    );
    let out = pipelens(&["merged", f.path()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("include"), "{}", out.stdout);
    assert!(out.stdout.contains("PY: \"3.10\""), "a string that looks like a number stays quoted:\n{}", out.stdout);
    assert!(out.stdout.contains("- \"yes\""), "{}", out.stdout);
    assert!(out.stdout.contains("image: python"), "extends applied:\n{}", out.stdout);
}
