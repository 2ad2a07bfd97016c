//! The viewer's pure parts: rows with folded sections, the window in view, search, first error,
//! permalinks, durations and whether a log fetched again only grew.

use pipelens_joblog::view::{
    duration, first_error, growth, scroll_for, viewport, window, Folds, Growth, LineRange, RowMap, Search,
    MAX_SCROLL_PX,
};
use pipelens_joblog::LogIndex;

/// 0 `intro`, 1 header of `a` (collapsed), 2–3 its body, 4 header of `b` (nested in `a`), 5 its body,
/// 6 `a` body again, 7 `outro`, 8 header of `c` (open by default), 9 its body.
const LOG: &[u8] = b"intro\n\
\x1b[0Ksection_start:100:a[collapsed=true]\r\x1b[0KA header\n\
a1\n\
a2\n\
\x1b[0Ksection_start:101:b\r\x1b[0KB header\n\
b1\n\
\x1b[0Ksection_end:102:b\r\x1b[0K\n\
a3\n\
\x1b[0Ksection_end:165:a\r\x1b[0K\n\
outro\n\
\x1b[0Ksection_start:200:c\r\x1b[0KC header\n\
c1 \x1b[31mERROR: it broke\x1b[0m\n";

fn rows(map: &RowMap) -> Vec<u32> {
    map.lines(0..map.rows()).collect()
}

#[test]
fn folded_sections_leave_the_mapping_but_keep_their_header() {
    let index = LogIndex::parse(LOG);
    assert_eq!(index.lines.len(), 10);
    let mut folds = Folds::default();
    // `a` is folded by the log: intro, its header, outro, c's header and body.
    let map = RowMap::new(&index, &folds);
    assert_eq!(rows(&map), [0, 1, 7, 8, 9]);
    assert_eq!(map.rows(), 5);
    assert_eq!(map.row_of(7), Some(2));
    assert_eq!(map.row_of(3), None, "hidden by the fold");
    assert_eq!(map.line_at(4), Some(9));
    assert_eq!(map.line_at(5), None);

    // Opening `a` shows everything, `b` included.
    folds.toggle(&index, 0);
    let map = RowMap::new(&index, &folds);
    assert_eq!(rows(&map), (0..10).collect::<Vec<_>>());
    // Folding `b` (nested) hides only its body; folding `c`, still open at the end, hides to the end.
    folds.toggle(&index, 1);
    folds.toggle(&index, 2);
    let map = RowMap::new(&index, &folds);
    assert_eq!(rows(&map), [0, 1, 2, 3, 4, 6, 7, 8]);
    // Folding `a` again hides `b` inside it, whatever b's own fold.
    folds.toggle(&index, 0);
    assert_eq!(rows(&RowMap::new(&index, &folds)), [0, 1, 7, 8]);
}

#[test]
fn revealing_a_line_opens_the_sections_around_it() {
    let index = LogIndex::parse(LOG);
    let mut folds = Folds::default();
    folds.toggle(&index, 1); // fold b too
    folds.reveal(&index, 5); // b1, inside b inside a
    assert!(!folds.is_collapsed(&index, 0) && !folds.is_collapsed(&index, 1));
    assert_eq!(RowMap::new(&index, &folds).row_of(5), Some(5));
    // A header line is shown by its own folded section: revealing it leaves that one folded.
    let mut folds = Folds::default();
    folds.reveal(&index, 1);
    assert!(folds.is_collapsed(&index, 0));
}

#[test]
fn a_growing_log_keeps_the_user_s_folds_and_new_sections_get_their_own() {
    let mut parser = pipelens_joblog::LogParser::new();
    parser.push(&LOG[..60]);
    let mut folds = Folds::default();
    parser.push(&LOG[60..]);
    let index = parser.finish();
    folds.toggle(&index, 2); // c, open by default, folded by the user
    assert!(folds.is_collapsed(&index, 0), "a keeps collapsed=true");
    assert!(folds.is_collapsed(&index, 2));
}

#[test]
fn the_window_is_the_rows_in_view_plus_overscan() {
    assert_eq!(window(0.0, 400.0, 20.0, 1000, 0), 0..21);
    assert_eq!(window(2000.0, 400.0, 20.0, 1000, 10), 90..131);
    assert_eq!(window(19_990.0, 400.0, 20.0, 1000, 10), 989..1000, "clamped at the end");
    assert_eq!(window(-50.0, 400.0, 20.0, 5, 10), 0..5);
    assert_eq!(window(0.0, 400.0, 20.0, 0, 10), 0..0);
    // Uncompressed, the first drawn row sits at its own offset.
    let v = viewport(2000.0, 400.0, 20.0, 1000, 10);
    assert_eq!((v.top, v.spacer, v.row_px), (1800.0, 20_000.0, 20.0));
}

#[test]
fn a_log_taller_than_a_browser_lays_out_is_compressed() {
    let rows = 5_000_000;
    let v = viewport(0.0, 400.0, 20.0, rows, 10);
    assert_eq!(v.spacer, MAX_SCROLL_PX);
    assert_eq!((v.rows.clone(), v.top), (0..31, 0.0));
    // Halfway down the scrollbar is halfway down the log.
    let half = viewport((MAX_SCROLL_PX - 400.0) / 2.0, 400.0, 20.0, rows, 10);
    assert_eq!(half.rows, 2_499_980..2_500_021);
    // The end of the scrollbar is the log's end: the last row is drawn, at the spacer's bottom.
    let end = viewport(MAX_SCROLL_PX - 400.0, 400.0, 20.0, rows, 10);
    assert_eq!(end.rows.end, rows);
    assert_eq!(end.top + f64::from(end.rows.end - end.rows.start) * 20.0, MAX_SCROLL_PX);
    // A jump to a row scrolls to where that row is drawn at the top.
    let at = scroll_for(1_234_567, 400.0, 20.0, rows);
    let v = viewport(at, 400.0, 20.0, rows, 0);
    assert_eq!(v.rows.start, 1_234_567);
    assert_eq!(scroll_for(40, 400.0, 20.0, 1000), 800.0, "uncompressed: rows times their height");
}

#[test]
fn search_counts_lines_over_visible_text_case_insensitively() {
    let index = LogIndex::parse(LOG);
    let mut s = Search::new("header").unwrap();
    assert_eq!(s.lines(LOG, &index, 0..10), [1, 4, 8]);
    // Escape sequences are not text: `[31m` is not found, the red text is.
    assert!(Search::new("[31m").unwrap().lines(LOG, &index, 0..10).is_empty());
    assert_eq!(Search::new("error: IT").unwrap().lines(LOG, &index, 0..10), [9]);
    // A match across two spans of one line (colour changes mid-word).
    let log = b"Buil\x1b[1mding\x1b[0m x\nbuilding y\n";
    let index = LogIndex::parse(log);
    assert_eq!(Search::new("BUILDING").unwrap().lines(log, &index, 0..2), [0, 1]);
    assert_eq!(Search::new("BUILDING").unwrap().lines(log, &index, 1..2), [1], "only the lines asked for");
    assert!(Search::new("").is_none());
}

#[test]
fn the_first_error_is_a_word_not_part_of_one() {
    let index = LogIndex::parse(LOG);
    assert_eq!(first_error(LOG, &index, 0..10), Some(9));
    let log =
        b"no_error: fine\nterrors: none\nnpm ERR! not matched\nerror[E0425]: cannot find value\nERROR: Job failed\n";
    let index = LogIndex::parse(log);
    assert_eq!(first_error(log, &index, 0..5), Some(3));
    assert_eq!(first_error(log, &index, 4..5), Some(4));
    assert_eq!(first_error(b"all good\n", &LogIndex::parse(b"all good\n"), 0..1), None);
}

#[test]
fn permalinks_in_gitlab_s_forms() {
    assert_eq!(LineRange::parse("L123"), Some(LineRange { first: 123, last: 123 }));
    assert_eq!(LineRange::parse("#L10-20"), Some(LineRange { first: 10, last: 20 }));
    assert_eq!(LineRange::parse("L10-L20"), Some(LineRange { first: 10, last: 20 }));
    assert_eq!(LineRange::parse("L20-10"), Some(LineRange { first: 10, last: 20 }));
    for bad in ["", "L", "L0", "123", "L1x", "L-3", "L+3", "L1-", "L99999999999", "l5"] {
        assert_eq!(LineRange::parse(bad), None, "{bad}");
    }
    let r = LineRange { first: 10, last: 20 };
    assert_eq!(r.anchor(), "L10-20");
    assert_eq!(LineRange::parse(&r.anchor()), Some(r));
    assert_eq!(LineRange { first: 7, last: 7 }.anchor(), "L7");
    assert!(r.contains(9) && r.contains(19) && !r.contains(20) && !r.contains(8));

    // In the app's address, and in a GitLab job URL pasted after the `#`.
    assert_eq!(LineRange::in_fragment("#/gitlab/g/p/-/jobs/5#L10-20"), Some(r));
    assert_eq!(
        LineRange::in_fragment("#https://gitlab.com/g/p/-/jobs/5#L123"),
        Some(LineRange { first: 123, last: 123 })
    );
    assert_eq!(LineRange::in_fragment("#/gitlab/g/p/-/jobs/5"), None);
    assert_eq!(LineRange::in_fragment("#L5"), None, "the route itself is not an anchor");
}

#[test]
fn durations_as_gitlab_prints_them() {
    assert_eq!(duration(65), "01:05");
    assert_eq!(duration(0), "00:00");
    assert_eq!(duration(3723), "1:02:03");
}

#[test]
fn a_log_fetched_again_grew_stayed_or_was_rewritten() {
    assert_eq!(growth(b"abc", b"abcdef"), Growth::Appended(3));
    assert_eq!(growth(b"abc", b"abc"), Growth::Same);
    assert_eq!(growth(b"", b"x"), Growth::Appended(0));
    assert_eq!(growth(b"abc", b"ab"), Growth::Rewritten, "shrunk");
    assert_eq!(growth(b"abc", b"xbcdef"), Growth::Rewritten, "its start changed");
    assert_eq!(growth(b"abc", b"abXdef"), Growth::Rewritten, "its end changed");
    // A change in the middle of a long log shows at neither end; checked at both ends only.
    let old = vec![b'a'; 200_000];
    let mut new = old.clone();
    new.extend_from_slice(b"more");
    assert_eq!(growth(&old, &new), Growth::Appended(200_000));
    new[199_999] = b'z';
    assert_eq!(growth(&old, &new), Growth::Rewritten);
}
