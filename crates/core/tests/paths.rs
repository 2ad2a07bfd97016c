//! Path patterns as GitLab reads them: `include:local` wildcards, `rules:changes` / `rules:exists` /
//! `only:changes` globs (Ruby `File.fnmatch?` with `FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB`), CI/CD variables
//! in those paths, and GitLab's comparison caps.

use pipelens_core::{analyze, Analysis, FileSet, PipelineContext};

fn jobs(a: &Analysis) -> Vec<&str> {
    a.pipeline.jobs.iter().map(|j| j.name.as_str()).collect()
}

fn run(yaml: &str, ctx: &PipelineContext) -> Analysis {
    let mut files = FileSet::new();
    let entry = files.add(".gitlab-ci.yml", yaml);
    let a = analyze(&files, entry, ctx);
    assert!(!a.has_errors(), "{:?}", a.diagnostics);
    a
}

fn push_changing(files: &[&str]) -> PipelineContext {
    let mut ctx = PipelineContext::default_push();
    ctx.changed_files = Some(files.iter().map(|f| f.to_string()).collect());
    ctx
}

fn with_repo(files: Vec<String>) -> PipelineContext {
    let mut ctx = PipelineContext::default_push();
    ctx.repo_files = files;
    ctx
}

/// One job per pattern, named `j0`, `j1`, …, each with `rules: - <clause>: [pattern]`.
fn one_job_per_pattern(clause: &str, patterns: &[&str]) -> String {
    patterns
        .iter()
        .enumerate()
        .map(|(i, p)| format!("j{i}:\n  script: x\n  rules:\n    - {clause}: ['{p}']\n"))
        .collect()
}

#[test]
fn include_local_wildcards() {
    // doc/ci/yaml/includes.md, "Use `include:local` with wildcard file paths": `configs/*.yml` takes the files
    // in `configs` only, `configs/**.yml` also those in its subfolders, `configs/**/*.yml` only those in subfolders.
    let mut files = FileSet::new();
    files.add("configs/top.yml", "top:\n  script: x\n");
    files.add("configs/sub/nested.yml", "nested:\n  script: x\n");
    for (pattern, expected) in [
        ("configs/*.yml", vec!["top"]),
        ("configs/**.yml", vec!["nested", "top"]),
        ("configs/**/*.yml", vec!["nested"]),
    ] {
        let entry = files.add(".gitlab-ci.yml", format!("include: '{pattern}'\n"));
        let a = analyze(&files, entry, &PipelineContext::default_push());
        assert!(a.diagnostics.is_empty(), "{pattern}: {:?}", a.diagnostics);
        let mut names = jobs(&a);
        names.sort();
        assert_eq!(names, expected, "{pattern}");
    }
}

#[test]
fn include_local_treats_only_the_star_as_a_wildcard() {
    // GitLab's LocationExpander expands a local path only when it contains `*`; the repository search escapes
    // everything else, so `?`, `[…]` and `{…}` name files literally.
    let mut files = FileSet::new();
    files.add("ci/[a].yml", "literal:\n  script: x\n");
    files.add("ci/a.yml", "plain:\n  script: x\n");
    let entry = files.add(".gitlab-ci.yml", "include: 'ci/[a].yml'\n");
    let a = analyze(&files, entry, &PipelineContext::default_push());
    assert_eq!(jobs(&a), ["literal"]);
}

#[test]
fn rules_exists_uses_fnmatch_with_pathname_dotmatch_and_extglob() {
    // doc/ci/yaml/index.md, `rules:exists`: "Glob patterns are interpreted with Ruby `File.fnmatch` with the flags
    // `File::FNM_PATHNAME | File::FNM_DOTMATCH | File::FNM_EXTGLOB`."
    let repo = ["README.md", "docs/guide.md", ".env", "app/.config/x.json", "spec/a_spec.rb", "spec/models/b_spec.rb"];
    let patterns = [
        "*.md",            // j0: top level only (PATHNAME) → README.md
        "**/*.json",       // j1: `**/` spans directories, dot directories included (DOTMATCH)
        "*",               // j2: `*` matches `.env` (DOTMATCH)
        "docs/*.{txt,md}", // j3: braces (EXTGLOB)
        "spec/**.rb",      // j4: `**` not followed by `/` is `*`: spec/a_spec.rb
        "*/guide.md",      // j5: one directory
        "*.json",          // j6: no top-level .json → excluded
        "spec/*/*/*.rb",   // j7: too deep → excluded
    ];
    let a = run(&one_job_per_pattern("exists", &patterns), &with_repo(repo.map(String::from).to_vec()));
    assert_eq!(jobs(&a), ["j0", "j1", "j2", "j3", "j4", "j5"]);
}

#[test]
fn rules_changes_expands_defined_variables_and_keeps_undefined_ones_as_text() {
    // doc/ci/yaml/index.md, `rules:changes`: "You can use the `$` character for both variables and paths. For
    // example, if the `$VAR` variable exists, its value is used. If it does not exist, the `$` is interpreted as
    // being part of a path."
    let yaml = "variables:\n  DOCKERFILES_DIR: path/to/dockerfiles\n\
                defined:\n  script: x\n  rules:\n    - changes: ['$DOCKERFILES_DIR/**/*']\n\
                undefined:\n  script: x\n  rules:\n    - changes: ['$NOT_SET/*']\n\
                braced:\n  script: x\n  rules:\n    - changes: ['${DOCKERFILES_DIR}/*']\n";
    let a = run(yaml, &push_changing(&["path/to/dockerfiles/app/Dockerfile"]));
    assert_eq!(jobs(&a), ["defined"]);
    let a = run(yaml, &push_changing(&["$NOT_SET/file"]));
    assert_eq!(jobs(&a), ["undefined"]);
    let a = run(yaml, &push_changing(&["path/to/dockerfiles/Dockerfile"]));
    assert_eq!(jobs(&a), ["defined", "braced"]);
}

#[test]
fn rules_exists_expands_defined_variables_and_keeps_undefined_ones_as_text() {
    // lib/gitlab/ci/build/rules/rule/clause/exists.rb expands paths with `ExpandVariables.expand_existing`, as
    // `changes` does.
    let yaml = "variables:\n  DIR: app\n\
                defined:\n  script: x\n  rules:\n    - exists: ['$DIR/main.rb']\n\
                undefined:\n  script: x\n  rules:\n    - exists: ['$MISSING/main.rb']\n";
    let a = run(yaml, &with_repo(vec!["app/main.rb".into()]));
    assert_eq!(jobs(&a), ["defined"]);
    let a = run(yaml, &with_repo(vec!["$MISSING/main.rb".into()]));
    assert_eq!(jobs(&a), ["undefined"]);
}

#[test]
fn only_changes_uses_the_same_globs_without_variables() {
    // doc/ci/yaml/index.md, `only:changes`: the same `File.fnmatch` flags; lib/gitlab/ci/build/policy/changes.rb
    // matches the globs as written (no variable expansion).
    let yaml = "variables:\n  DIR: docs\n\
                braces:\n  script: x\n  only:\n    changes: ['more_scripts/*.{rb,py,sh}']\n\
                vars:\n  script: x\n  only:\n    changes: ['$DIR/*']\n";
    let a = run(yaml, &push_changing(&["more_scripts/build.py", "docs/a.md"]));
    assert_eq!(jobs(&a), ["braces"]);
}

#[test]
fn rules_exists_assumes_a_match_after_ten_thousand_wildcard_comparisons() {
    // doc/ci/yaml/index.md, `rules:exists`: "GitLab matches a maximum of 10,000 `exists` patterns or file paths.
    // After the 10,000th check, rules with patterned globs always match."
    let repo: Vec<String> = (0..10_000).map(|i| format!("src/f{i}.c")).collect();
    let yaml = one_job_per_pattern("exists", &["nothing/**/*.py", "nothing.txt", "src/f9999.c"]);
    let a = run(&yaml, &with_repo(repo.clone()));
    // The wildcard pattern matches nothing but passes the cap; exact paths are looked up, never capped.
    assert_eq!(jobs(&a), ["j0", "j2"]);
    // 9,999 files plus `.gitlab-ci.yml` itself: exactly 10,000 checks, none over.
    let a = run(&yaml, &with_repo(repo[..9_999].to_vec()));
    assert_eq!(jobs(&a), Vec::<&str>::new());
}

#[test]
fn rules_changes_assumes_a_match_beyond_fifty_thousand_checks() {
    // doc/ci/yaml/index.md, `rules:changes`: "GitLab performs a maximum of 50,000 checks against `changes` patterns
    // or file paths. After the 50,000th check, rules with patterned globs always match."
    let changed: Vec<String> = (0..50_001).map(|i| format!("src/f{i}.c")).collect();
    let refs: Vec<&str> = changed.iter().map(String::as_str).collect();
    let yaml = one_job_per_pattern("changes", &["nothing/*"]);
    assert_eq!(jobs(&run(&yaml, &push_changing(&refs))), ["j0"]);
    assert_eq!(jobs(&run(&yaml, &push_changing(&refs[..50_000]))), Vec::<&str>::new());
}
