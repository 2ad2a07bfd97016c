//! Extracting a value from a log: over visible text, not raw bytes.

use pipelens_joblog::extract::IMAGE_TAG;
use pipelens_joblog::{line_text, Extractor, Found, LogIndex};

#[test]
fn image_tag_from_docker_and_buildkit_output() {
    let e = Extractor::new(IMAGE_TAG).unwrap();
    assert_eq!(e.in_text("Successfully tagged registry.example.com/team/api:1.4.2").as_deref(), Some("1.4.2"));
    assert_eq!(
        e.in_text("#12 naming to docker.io/library/web:2026.11.22-abc123 done").as_deref(),
        Some("2026.11.22-abc123")
    );
    // A registry with a port: the tag is after the last colon.
    assert_eq!(e.in_text("Successfully tagged localhost:5000/app:v7").as_deref(), Some("v7"));
    assert_eq!(e.in_text("Step 3/9 : RUN make"), None);
}

#[test]
fn colours_and_timestamps_do_not_split_the_match() {
    let log = b"2026-11-22T10:00:00.000000Z 00O \x1b[32;1mSuccessfully tagged\x1b[0m reg/app:\x1b[1m9.9\x1b[0m\n";
    let index = LogIndex::parse(log);
    assert_eq!(line_text(log, &index, &index.lines[0]), "Successfully tagged reg/app:9.9");
    let e = Extractor::new(IMAGE_TAG).unwrap();
    assert_eq!(e.last(log, &index), Some(Found { line: 0, value: "9.9".into() }));
}

#[test]
fn last_and_all_in_line_order_with_a_limit() {
    let log = b"version=1\nnoise\nversion=2\nversion=3\n";
    let index = LogIndex::parse(log);
    let e = Extractor::new(r"version=(\d+)").unwrap();
    assert_eq!(e.last(log, &index).map(|f| (f.line, f.value)), Some((3, "3".to_string())));
    let all: Vec<_> = e.all(log, &index, 2).into_iter().map(|f| f.value).collect();
    assert_eq!(all, ["1", "2"]);
    // No group: the whole match.
    assert_eq!(Extractor::new(r"ver\w+").unwrap().in_text("a version b").as_deref(), Some("version"));
}

#[test]
fn bad_patterns_get_a_message() {
    assert!(Extractor::new("").unwrap_err().contains("Enter"));
    assert!(Extractor::new("(unclosed").unwrap_err().starts_with("Not a valid regular expression"));
    assert!(Extractor::new(&"a".repeat(1_001)).unwrap_err().contains("at most 1000"));
    // A pattern whose compiled program exceeds the budget is refused rather than built.
    assert!(Extractor::new(r"(\w{1000}){1000}").is_err());
}
