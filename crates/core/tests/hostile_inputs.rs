//! Inputs that used to slip through: control characters in names (exports must stay well-formed and inert),
//! bytes that are not UTF-8, control characters in the YAML, and configurations GitLab refuses that we used
//! to accept. Each message is GitLab's own where GitLab has one (its source is cited at each check).

use pipelens_core::export::{dot, mermaid, svg, visible};
use pipelens_core::scene::{self, Options, View};
use pipelens_core::{analyze, analyze_text, Analysis, FileSet, PipelineContext, Severity};
use std::collections::BTreeMap;

fn ctx() -> PipelineContext {
    PipelineContext::from_vars(BTreeMap::new())
}

/// `line:col code: message` of every diagnostic.
fn diags(a: &Analysis) -> Vec<String> {
    a.diagnostics
        .iter()
        .map(|d| {
            let at = d.span.map(|s| format!("{}:{}", s.line, s.col)).unwrap_or_default();
            format!("{at} {}[{}]: {}", d.severity, d.code, d.message)
        })
        .collect()
}

fn lint(yaml: &str) -> Vec<String> {
    diags(&analyze_text(yaml, &ctx()).1)
}

// --- exports --------------------------------------------------------------------------------------------

/// Job names with an escape sequence, a bell, a line break, a bidi override, XML and DOT/Mermaid syntax.
const NASTY: &str = "stages: [build, test]\n\
\"evil\\e[2J\\a\":\n  stage: build\n  script: x\n\
\"line\\nbreak %%{init: {}}%%\":\n  stage: build\n  script: x\n\
\"%percent <b>&\\\"q\\\" #quot; \\u202e\":\n  stage: test\n  script: x\n  needs: [\"evil\\e[2J\\a\"]\n";

fn nasty_scene(view: View) -> scene::Scene {
    let (_, a) = analyze_text(NASTY, &ctx());
    assert!(!a.has_errors(), "{:?}", diags(&a));
    scene::build_with(&a, &Options { view, ..Options::default() })
}

#[test]
fn svg_with_control_characters_in_names_is_well_formed_xml() {
    for view in [View::Stages, View::Needs] {
        let out = svg(&nasty_scene(view));
        let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("not XML ({e}):\n{out}"));
        let jobs: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("data-job")).collect();
        assert_eq!(jobs.len(), 3);
        assert!(jobs.contains(&r"evil\x1b[2J\x07"), "{jobs:?}");
        assert!(jobs.contains(&r"line\x0abreak %%{init: {}}%%"), "{jobs:?}");
        assert!(jobs.contains(&r#"%percent <b>&"q" #quot; \u{202e}"#), "{jobs:?}");
    }
}

#[test]
fn control_characters_become_visible_escapes() {
    assert_eq!(visible("plain é"), "plain é");
    assert_eq!(visible("a\u{1b}[31mb\u{7}\n\u{9b}\u{202e}"), r"a\x1b[31mb\x07\x0a\x9b\u{202e}");
}

#[test]
fn dot_gives_each_box_its_own_node_and_quotes_every_name() {
    // A job `build` in one stage and a group `build` (`build 1/2`, `build 2/2`) in another: two boxes.
    let yaml = "stages: [a, b, c]\nbuild:\n  stage: a\n  script: x\n\"build 1/2\":\n  stage: b\n  script: x\n  needs: [build]\n\
\"build 2/2\":\n  stage: b\n  script: x\n  needs: [build]\n\"%deploy\":\n  stage: c\n  script: x\n  needs: [\"build 1/2\"]\n";
    let (_, a) = analyze_text(yaml, &ctx());
    let s = scene::build_with(&a, &Options { view: View::Needs, collapse_groups: true, ..Options::default() });
    let boxes: Vec<(&str, usize)> = s.jobs.iter().map(|j| (j.name.as_str(), j.count)).collect();
    assert_eq!(boxes, [("build", 1), ("build", 2), ("%deploy", 1)]);
    let out = dot(&s);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&r#"  j0 [label="build", group="a"];"#), "{out}");
    assert!(lines.contains(&r#"  j1 [label="build ×2", group="b"];"#), "{out}");
    assert!(lines.contains(&r#"  j2 [label="%deploy", group="c"];"#), "{out}");
    // The group's edges come from the job, not from itself.
    assert!(lines.contains(&"  j0 -> j1;"), "{out}");
    assert!(lines.contains(&"  j1 -> j2;"), "{out}");
    assert!(!lines.contains(&"  j1 -> j1;"), "{out}");
}

#[test]
fn dot_and_mermaid_labels_cannot_break_out() {
    let s = nasty_scene(View::Needs);
    let out = dot(&s);
    // One statement a line: no raw line break or escape character inside a label.
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'), "{out}");
    assert!(out.contains(r#"label="line\\x0abreak %%{init: {}}%%""#), "{out}");
    assert!(out.contains(r#"label="%percent <b>&\"q\" #quot; \\u{202e}""#), "{out}");
    let out = mermaid(&s);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + 3 + 1, "{out}");
    assert!(lines.iter().skip(1).all(|l| l.starts_with("  j")), "{out}");
    assert!(lines.contains(&r#"  j1["line\x0abreak %%{init: {}}%%"]"#), "{out}");
    assert!(lines.contains(&r#"  j2["%percent #lt;b#gt;#amp;#quot;q#quot; #35;quot; \u{202e}"]"#), "{out}");
    assert!(lines.contains(&"  j0 --> j2"), "{out}");
}

// --- bytes and characters -------------------------------------------------------------------------------

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let mut files = FileSet::new();
    let id = files.add_bytes(".gitlab-ci.yml", b"job:\n  script: echo \xe9t\xe9\n".to_vec());
    let a = analyze(&files, id, &ctx());
    assert_eq!(
        diags(&a),
        ["2:16 error[invalid-utf8]: `.gitlab-ci.yml` is not valid UTF-8: the byte here does not start or continue a UTF-8 character"]
    );
}

#[test]
fn invalid_utf8_in_an_included_file_is_reported_in_that_file() {
    let mut files = FileSet::new();
    let id = files.add(".gitlab-ci.yml", "include: ci/a.yml\njob:\n  script: x\n");
    files.add_bytes("ci/a.yml", b"a:\n  script: \xff\n".to_vec());
    let a = analyze(&files, id, &ctx());
    let d = a.diagnostics.iter().find(|d| d.severity == Severity::Error).expect("an error");
    assert_eq!(d.code, "invalid-utf8");
    let s = d.span.unwrap();
    assert_eq!((files.path(s.file), s.line, s.col), ("ci/a.yml", 2, 11));
}

#[test]
fn control_characters_in_yaml_are_named_with_their_position() {
    // libyaml (GitLab's parser through Psych) refuses them anywhere, quoted or not: `yaml_parser_update_buffer`.
    assert_eq!(
        lint("job:\n  script: \"a\0b\"\n"),
        ["2:13 error[yaml-control-character]: YAML syntax error: control characters are not allowed (U+0000 here)"]
    );
    assert_eq!(
        lint("job:\n  script: 'tab\tok, bell \u{7}'\n"),
        ["2:25 error[yaml-control-character]: YAML syntax error: control characters are not allowed (U+0007 here)"]
    );
    // Written as an escape in a double-quoted scalar, the same character is fine.
    assert_eq!(lint("job:\n  script: \"bell \\a\"\n"), Vec::<String>::new());
}

// --- what GitLab refuses --------------------------------------------------------------------------------

#[test]
fn scripts_must_be_strings_or_nested_arrays_of_strings() {
    // `Entry::Commands` validates `string_or_nested_array_of_strings` (`lib/gitlab/ci/config/entry/commands.rb`).
    let msg = |key: &str| {
        format!("error[script-invalid]: jobs:job:{key} config should be a string or a nested array of strings up to 10 levels deep")
    };
    assert_eq!(lint("job:\n  script: {a: 1}\n"), [format!("2:11 {}", msg("script"))]);
    assert_eq!(lint("job:\n  script: 1\n"), [format!("2:11 {}", msg("script"))]);
    assert_eq!(lint("job:\n  script: [a, {b: 1}]\n"), [format!("2:11 {}", msg("script"))]);
    assert_eq!(lint("job:\n  script: x\n  before_script: [true]\n"), [format!("3:18 {}", msg("before_script"))]);
    assert_eq!(
        lint("job:\n  script: x\n  after_script: [[[[[[[[[[[x]]]]]]]]]]]\n"),
        [format!("3:17 {}", msg("after_script"))]
    );
    // Strings and arrays of them, nested up to 10 deep, are fine.
    assert!(lint("job:\n  script: [a, [b, [c]]]\n  after_script: [[[[[[[[[[x]]]]]]]]]]\n").is_empty());
}

#[test]
fn an_empty_configuration_is_refused() {
    // `YamlProcessor#execute`: blank content.
    assert_eq!(lint(""), ["1:1 error[config-empty]: Please provide content of .gitlab-ci.yml"]);
    assert_eq!(lint("  \n\n"), ["1:1 error[config-empty]: Please provide content of .gitlab-ci.yml"]);
    // `Config::Loader::Yaml#load_raw!`: only comments load as null, which is no hash.
    assert_eq!(lint("# nothing yet\n"), ["1:1 error[config-not-hash]: Invalid configuration format"]);
}

#[test]
fn a_configuration_needs_a_visible_job() {
    // `Entry::Jobs`: "should contain at least one visible job" (hidden jobs start with a dot).
    let none = ["1:1 error[jobs-none-visible]: jobs config should contain at least one visible job"];
    assert_eq!(lint(".hidden:\n  script: x\n"), none);
    assert_eq!(lint("variables:\n  A: b\n"), none);
    assert_eq!(lint("{}\n"), none);
}

#[test]
fn an_empty_included_file_is_refused() {
    // `External::File::Base#validate_content_presence!` and `#validate_hash!`.
    let run = |part: &str| {
        let mut files = FileSet::new();
        let id = files.add(".gitlab-ci.yml", "include: part.yml\njob:\n  script: x\n");
        files.add("part.yml", part);
        diags(&analyze(&files, id, &ctx()))
    };
    assert_eq!(run(""), ["1:10 error[include-empty]: Included file `part.yml` is empty or does not exist!"]);
    assert_eq!(run("# c\n"), ["1:10 error[include-empty]: Included file `part.yml` does not have valid YAML syntax!"]);
}

#[test]
fn a_second_yaml_document_is_said_to_be_ignored() {
    // `Config::Yaml::Result#content`: without a `spec:` header GitLab reads the first document only.
    let (_, a) = analyze_text("job:\n  script: x\n---\nother:\n  script: y\n", &ctx());
    assert_eq!(a.pipeline.jobs.iter().map(|j| j.name.as_str()).collect::<Vec<_>>(), ["job"]);
    assert_eq!(
        diags(&a),
        ["4:1 warning[yaml-extra-document]: this YAML document is ignored: GitLab reads only the first document (after a `spec:` header, the second)"]
    );
    // A header and its configuration are two documents, both read.
    assert!(lint("spec:\n  inputs: {}\n---\njob:\n  script: x\n").is_empty());
}
