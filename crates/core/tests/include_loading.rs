//! The include-loading loop: a front end hands in the entry file and the repository's path list, the engine
//! reports what it is missing as data, the front end loads exactly that, and loaded files keep their paths.

use pipelens_core::{
    analyze, analyze_until_complete, Analysis, FileSet, Limits, Load, MissingInclude, MissingKind, PipelineContext,
    Severity, Unreadable,
};
use std::collections::BTreeMap;

/// A repository: its files by path; the context lists every path, the file set holds only the entry.
fn repo(files: &[(&str, &str)]) -> (FileSet, PipelineContext, BTreeMap<String, String>) {
    let mut set = FileSet::new();
    set.add(files[0].0, files[0].1);
    let mut ctx = PipelineContext::from_vars(BTreeMap::new());
    ctx.repo_files = files.iter().map(|(p, _)| p.to_string()).collect();
    (set, ctx, files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect())
}

fn run(files: &[(&str, &str)], extra: &[(&str, &str)]) -> (Analysis, FileSet, Vec<String>) {
    let (mut set, ctx, disk) = repo(files);
    let extra: BTreeMap<String, String> = extra.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let mut asked = Vec::new();
    let a = analyze_until_complete(&mut set, 0, &ctx, &Limits::default(), |m| {
        asked.push(m.key());
        match disk.get(&m.key()).or_else(|| extra.get(&m.key())) {
            Some(t) => Load::Bytes(t.clone().into_bytes()),
            None => Load::Unavailable,
        }
    });
    (a, set, asked)
}

fn jobs(a: &Analysis) -> Vec<&str> {
    a.pipeline.jobs.iter().map(|j| j.name.as_str()).collect()
}

fn at(a: &Analysis, files: &FileSet, code: &str) -> Vec<String> {
    a.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let s = d.span.unwrap();
            format!("{}:{}:{}: {}", files.path(s.file), s.line, s.col, d.message)
        })
        .collect()
}

#[test]
fn a_listed_but_unloaded_local_include_is_reported_missing_with_its_span() {
    let (set, ctx, _) =
        repo(&[(".gitlab-ci.yml", "include:\n  - local: ci/a.yml\njob:\n  extends: .a\n"), ("ci/a.yml", "")]);
    let a = analyze(&set, 0, &ctx);
    assert_eq!(a.missing_includes.len(), 1);
    let m = &a.missing_includes[0];
    assert_eq!(m.kind, MissingKind::Local { path: "ci/a.yml".into() });
    assert_eq!((m.span.file, m.span.line, m.span.col), (0, 2, 5));
    // Like an offline include: the unknown `extends` target may be there, so it is no error yet.
    assert!(!a.has_errors(), "{:?}", a.diagnostics);
}

#[test]
fn the_loop_loads_exactly_what_is_included_and_diagnostics_name_the_file() {
    let (a, files, asked) = run(
        &[
            (".gitlab-ci.yml", "include: ci/*.yml\njob:\n  extends: .base\n"),
            ("ci/base.yml", "include: deep/more.yml\n.base:\n  script: x\n"),
            ("deep/more.yml", "more:\n  script: x\n  colour: blue\n"),
            ("unused/broken.yml", "a: [\n"),
        ],
        &[],
    );
    assert_eq!(asked, ["ci/base.yml", "deep/more.yml"]);
    // Included files merge first, the including file on top (GitLab's order).
    assert_eq!(jobs(&a), ["more", "job"]);
    assert!(a.missing_includes.is_empty());
    assert_eq!(
        at(&a, &files, "job-unknown-key"),
        ["deep/more.yml:3:3: jobs:more config contains unknown keys: colour"]
    );
}

#[test]
fn fetched_includes_keep_their_names() {
    let (a, files, asked) = run(
        &[(
            ".gitlab-ci.yml",
            "include:\n  - remote: https://example.com/ci/x.yml\n  - project: group/tpl\n    ref: v1\n    file: /ci.yml\n  - template: Nope.gitlab-ci.yml\n",
        )],
        &[
            ("https://example.com/ci/x.yml", "remote-job:\n  script: x\n  unknown: 1\n"),
            ("project:group/tpl/ci.yml@v1", "project-job:\n  script: x\n"),
        ],
    );
    assert_eq!(asked, ["https://example.com/ci/x.yml", "project:group/tpl/ci.yml@v1", "template:Nope.gitlab-ci.yml"]);
    assert_eq!(jobs(&a), ["remote-job", "project-job"]);
    assert_eq!(
        at(&a, &files, "job-unknown-key"),
        ["https://example.com/ci/x.yml:3:3: jobs:remote-job config contains unknown keys: unknown"]
    );
    // What the front end could not get stays missing, and is said to be.
    assert_eq!(a.missing_includes.len(), 1);
    assert_eq!(a.missing_includes[0].kind, MissingKind::Template { name: "Nope.gitlab-ci.yml".into() });
    assert_eq!(a.missing_includes[0].span.line, 6);
    assert_eq!(at(&a, &files, "include-offline").len(), 1);
}

#[test]
fn a_child_pipelines_file_is_loaded_too() {
    let (a, _, asked) = run(
        &[
            (".gitlab-ci.yml", "docs:\n  trigger:\n    include: child.yml\n"),
            ("child.yml", "include: child-part.yml\nchild-job:\n  script: x\n"),
            ("child-part.yml", "part-job:\n  script: x\n"),
        ],
        &[],
    );
    assert_eq!(asked, ["child.yml", "child-part.yml"]);
    let child: Vec<&str> = a.children[0].analysis.pipeline.jobs.iter().map(|j| j.name.as_str()).collect();
    assert_eq!(child, ["part-job", "child-job"]);
}

#[test]
fn an_include_cycle_ends_the_loop() {
    let (a, _, asked) =
        run(&[(".gitlab-ci.yml", "include: a.yml\n"), ("a.yml", "include: .gitlab-ci.yml\nx:\n  script: y\n")], &[]);
    assert_eq!(asked, ["a.yml"]);
    assert!(a.diagnostics.iter().any(|d| d.code == "include-cycle"));
}

#[test]
fn loading_stops_at_the_total_byte_limit_and_says_so() {
    let (mut set, ctx, disk) = repo(&[
        (".gitlab-ci.yml", "include: [a.yml, b.yml]\n"),
        ("a.yml", "a:\n  script: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"),
        ("b.yml", "b:\n  script: x\n"),
    ]);
    let limits = Limits { max_total_bytes: 64, ..Limits::default() };
    let a = analyze_until_complete(&mut set, 0, &ctx, &limits, |m| Load::Bytes(disk[&m.key()].clone().into_bytes()));
    assert_eq!(jobs(&a), ["a"]);
    assert_eq!(
        at(&a, &set, "file-unreadable"),
        [".gitlab-ci.yml:1:18: could not read `b.yml`: not read: the files read total more than 64 bytes"]
    );
}

#[test]
fn unreadable_files_are_reported_where_they_are_included() {
    let (mut set, ctx, _) = repo(&[
        (".gitlab-ci.yml", "include:\n  - big.yml\n  - bad.yml\n  - gone.yml\n"),
        ("big.yml", ""),
        ("bad.yml", ""),
        ("gone.yml", ""),
    ]);
    let a = analyze_until_complete(&mut set, 0, &ctx, &Limits::default(), |m| match m.key().as_str() {
        "big.yml" => Load::Unreadable(Unreadable::TooLarge { bytes: 1 << 30 }),
        "bad.yml" => Load::Bytes(b"job:\n  script: \"\xff\"\n".to_vec()),
        _ => Load::Unreadable(Unreadable::Failed("permission denied".into())),
    });
    let errors: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let s = d.span.unwrap();
            format!("{}:{}:{}: {}[{}]", set.path(s.file), s.line, s.col, d.message, d.code)
        })
        .collect();
    assert_eq!(
        errors,
        [
            ".gitlab-ci.yml:2:5: `big.yml` is 1073741824 bytes; the limit is 4194304 bytes[input-too-large]",
            ".gitlab-ci.yml:4:5: could not read `gone.yml`: permission denied[file-unreadable]",
            "bad.yml:2:12: `bad.yml` is not valid UTF-8: the byte here does not start or continue a UTF-8 character[invalid-utf8]",
        ]
    );
}

#[test]
fn missing_include_keys() {
    let key = |kind: MissingKind| MissingInclude { kind, span: Default::default() }.key();
    assert_eq!(key(MissingKind::Local { path: "./ci//a.yml".into() }), "ci/a.yml");
    assert_eq!(key(MissingKind::Remote { url: "https://h/a.yml".into() }), "https://h/a.yml");
    assert_eq!(
        key(MissingKind::Project { project: "g/p".into(), r#ref: None, file: "a.yml".into() }),
        "project:g/p/a.yml"
    );
    assert_eq!(key(MissingKind::Component { path: "h/g/c@1".into() }), "component:h/g/c@1");
}

#[test]
fn loading_stops_at_the_number_of_loads_and_says_so() {
    let files: Vec<(String, String)> =
        std::iter::once((".gitlab-ci.yml".to_string(), "include: 'ci/*.yml'\n".to_string()))
            .chain((0..5).map(|i| (format!("ci/{i}.yml"), format!("job{i}:\n  script: x\n"))))
            .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let (mut set, ctx, disk) = repo(&refs);
    let limits = Limits { max_includes: 1, max_loaded_files: 3, ..Limits::default() };
    let mut loads = 0;
    let a = analyze_until_complete(&mut set, 0, &ctx, &limits, |m| {
        loads += 1;
        Load::Bytes(disk[&m.key()].clone().into_bytes())
    });
    assert_eq!(loads, 3);
    // The two refused files are stored as unreadable; the include limit is what is reported first.
    let refused =
        (3..5).filter_map(|i| set.find(&format!("ci/{i}.yml"))).map(|id| set.get(id).unwrap().unreadable.clone());
    let why = Unreadable::Failed("not read: more than 3 files were loaded".into());
    assert_eq!(refused.collect::<Vec<_>>(), [Some(why.clone()), Some(why)]);
    assert_eq!(at(&a, &set, "include-limit"), [".gitlab-ci.yml:1:10: Maximum of 1 nested includes are allowed!"]);
}
