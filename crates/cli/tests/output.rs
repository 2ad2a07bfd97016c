//! What reaches the terminal: names from the configuration are shown, never acted on.

mod util;
use util::{pipelens, Fixture};

#[test]
fn escape_sequences_in_names_reach_the_terminal_as_text() {
    let yaml = "\"evil\\e[2J\\a\":\n  stage: \"nope\\e]0;title\\a\"\n  script: x\nok:\n  script: x\n";
    let f = Fixture::new("escapes", &[(".gitlab-ci.yml", yaml)]);
    let lint = pipelens(&["lint", f.path()]);
    assert_eq!(lint.code, 1);
    assert!(!lint.stdout.contains('\u{1b}') && !lint.stdout.contains('\u{7}'), "{:?}", lint.stdout);
    assert!(
        lint.stdout.starts_with(r".gitlab-ci.yml:2:10: error[stage-unknown]: jobs:evil\x1b[2J\x07 chosen stage `nope\x1b]0;title\x07` does not exist"),
        "{}",
        lint.stdout
    );
    let f = Fixture::new("escapes-jobs", &[(".gitlab-ci.yml", "\"evil\\e[2J\":\n  script: x\n")]);
    let jobs = pipelens(&["jobs", f.path()]);
    assert!(jobs.stdout.contains(r"  evil\x1b[2J  [on_success]"), "{:?}", jobs.stdout);
    assert!(!jobs.stdout.contains('\u{1b}'));
}
