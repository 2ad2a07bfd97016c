//! Parser behaviour against GitLab's documented log format: `doc/ci/jobs/job_logs.md`
//! ("Custom collapsible sections", "Job log timestamps") and the server-side converter
//! `lib/gitlab/ci/ansi2json/` (which SGR codes count, `\r`, sections, timestamps).

use pipelens_joblog::{attr, line_text, Color, LogIndex, LogParser, Style};

/// The visible text of each line.
fn texts(log: &[u8]) -> Vec<String> {
    let index = LogIndex::parse(log);
    index.lines.iter().map(|l| line_text(log, &index, l)).collect()
}

/// The style of the single span of a one-line log.
fn style_of(log: &str) -> Style {
    let index = LogIndex::parse(log.as_bytes());
    assert_eq!(index.spans.len(), 1, "{log:?}: {:?}", index.spans);
    index.spans[0].style
}

fn fg(c: Color) -> Style {
    Style { fg: Some(c), ..Style::default() }
}
fn bg(c: Color) -> Style {
    Style { bg: Some(c), ..Style::default() }
}
fn attrs(a: u8) -> Style {
    Style { attrs: a, ..Style::default() }
}

#[test]
fn lines_end_at_newline_and_crlf_and_blank_lines_are_dropped() {
    // converter_spec: "adds new line when encountering \n" / "\r\n"; `Line#empty?` lines are not emitted.
    assert_eq!(texts(b"Hello\nworld"), ["Hello", "world"]);
    assert_eq!(texts(b"Hello\r\nworld\r\r\n"), ["Hello", "world"]);
    assert_eq!(texts(b"a\n\n\nb\n"), ["a", "b"]);
    let index = LogIndex::parse(b"Hello\r\nworld\n");
    assert_eq!(index.lines[1].raw, 7..12);
}

#[test]
fn every_sgr_code_gitlab_honours() {
    // parser.rb: the codes GitLab maps to classes; expectations written from its table.
    let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];
    for i in 0..8u8 {
        let n = names[i as usize];
        assert_eq!(style_of(&format!("\x1b[{}m{n}", 30 + i)), fg(Color::Basic(i)));
        assert_eq!(style_of(&format!("\x1b[{}m{n}", 40 + i)), bg(Color::Basic(i)));
        assert_eq!(style_of(&format!("\x1b[{}m{n}", 90 + i)), fg(Color::Bright(i)));
        assert_eq!(style_of(&format!("\x1b[{}m{n}", 100 + i)), bg(Color::Bright(i)));
    }
    assert_eq!(style_of("\x1b[1mx"), attrs(attr::BOLD));
    assert_eq!(style_of("\x1b[3mx"), attrs(attr::ITALIC));
    assert_eq!(style_of("\x1b[4mx"), attrs(attr::UNDERLINE));
    assert_eq!(style_of("\x1b[8mx"), attrs(attr::CONCEAL));
    assert_eq!(style_of("\x1b[9mx"), attrs(attr::STRIKE));
    assert_eq!(style_of("\x1b[1;3;4;8;9mx"), attrs(31));
    // Each reset turns off only its own attribute.
    assert_eq!(style_of("\x1b[1;3;4;8;9;21mx"), attrs(30));
    assert_eq!(style_of("\x1b[1;3;4;8;9;22mx"), attrs(30));
    assert_eq!(style_of("\x1b[1;3;4;8;9;23mx"), attrs(29));
    assert_eq!(style_of("\x1b[1;3;4;8;9;24mx"), attrs(27));
    assert_eq!(style_of("\x1b[1;3;4;8;9;28mx"), attrs(23));
    assert_eq!(style_of("\x1b[1;3;4;8;9;29mx"), attrs(15));
    assert_eq!(style_of("\x1b[31;42;39mx"), bg(Color::Basic(2)));
    assert_eq!(style_of("\x1b[31;42;49mx"), fg(Color::Basic(1)));
    assert_eq!(style_of("\x1b[1;31;42;0mx"), Style::default());
    let index = LogIndex::parse(b"\x1b[1;31;42mx\x1b[my");
    assert_eq!(index.spans[1].style, Style::default(), "\\e[m is \\e[0m");
    assert_eq!(style_of("\x1b[38;5;208mx"), fg(Color::Xterm(208)));
    assert_eq!(style_of("\x1b[48;5;16mx"), bg(Color::Xterm(16)));
    assert_eq!(style_of("\x1b[31;101;99mx"), bg(Color::Bright(1)), "99 resets the foreground");
    assert_eq!(style_of("\x1b[31;101;109mx"), fg(Color::Basic(1)), "109 resets the background");
    // Bold does not change the colour in the state (a renderer may lighten it).
    let bold = |c| Style { fg: Some(c), attrs: attr::BOLD, bg: None };
    assert_eq!(style_of("\x1b[31;1mx"), bold(Color::Basic(1)));
    assert_eq!(style_of("\x1b[1;38;5;1mx"), bold(Color::Xterm(1)));
    // Truecolor is not honoured: the colour stays and `2;r;g;b` are read as codes.
    assert_eq!(style_of("\x1b[31;38;2;10;20;25mx"), fg(Color::Basic(1)));
    assert_eq!(style_of("\x1b[31;38;2;10;20;30mx"), fg(Color::Basic(0)), "30 is black");
    assert_eq!(
        style_of("\x1b[42;48;2;10;20;31mx"),
        Style { fg: Some(Color::Basic(1)), bg: Some(Color::Basic(2)), attrs: 0 }
    );
    assert_eq!(style_of("\x1b[3;38;2;255;0;0mx"), Style::default(), "0 resets");
    assert_eq!(style_of("\x1b[3;38;2;255;2;2mx"), attrs(attr::ITALIC));
    // An xterm index above 255 is consumed and changes nothing; a lone `5` is code 5.
    assert_eq!(style_of("\x1b[31;38;5;300mx"), fg(Color::Basic(1)));
    assert_eq!(style_of("\x1b[31;38;5mx"), fg(Color::Basic(1)));
    // Codes GitLab has no method for change nothing.
    assert_eq!(style_of("\x1b[5;7;53mx"), Style::default());
    assert_eq!(style_of("\x1b[4;5;7;53mx"), attrs(attr::UNDERLINE));
}

#[test]
fn style_carries_across_lines_and_splits_spans() {
    let log = b"\x1b[32;1mgreen\nstill\x1b[0m plain\n";
    let index = LogIndex::parse(log);
    let green = Style { fg: Some(Color::Basic(2)), attrs: attr::BOLD, bg: None };
    assert_eq!(index.spans_of(&index.lines[0])[0].style, green);
    let second = index.spans_of(&index.lines[1]);
    assert_eq!((second[0].style, second[1].style), (green, Style::default()));
    assert_eq!(texts(log), ["green", "still plain"]);
}

#[test]
fn other_sequences_are_stripped_and_markup_stays_text() {
    // Only `ESC [ … m` counts; erase, cursor moves, OSC titles and OSC 8 links are removed.
    assert_eq!(texts(b"\x1b[0Ka\x1b[2Kb\x1b[1Ac\x1b[?25ld\n"), ["abcd"]);
    assert_eq!(texts(b"\x1b]0;title\x07shown\n"), ["shown"]);
    assert_eq!(texts(b"\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\n"), ["link"]);
    // A byte after ESC outside `@`..`_` is no sequence: only the ESC goes.
    assert_eq!(texts(b"a\x1b7b\x1bxc\n"), ["a7bxc"]);
    assert_eq!(texts(b"<b>\x1b[31m<script>alert(1)</script>\n"), ["<b><script>alert(1)</script>"]);
}

#[test]
fn unterminated_escape_ends_reading_of_the_line_and_joins_the_next() {
    // converter.rb: `\e(?:[@-_].*?)?$` terminates the scanner, the `\n` with it.
    assert_eq!(texts(b"before\x1b[31\nnext\n"), ["beforenext"]);
}

#[test]
fn carriage_return_rewrites_the_line() {
    // converter.rb: a lone `\r` clears the current line; `\r*\n` ends it.
    assert_eq!(texts(b"10%\r20%\r30%\ndone\n"), ["30%", "done"]);
    assert_eq!(texts(b"\x1b[32m50%\r\x1b[0m100%\r\n"), ["100%"]);
    let index = LogIndex::parse(b"\x1b[32m50%\r100%\n");
    assert_eq!(index.spans[0].style, fg(Color::Basic(2)), "the style survives the rewrite");
    // A progress bar still drawing at the end of the log leaves nothing.
    assert_eq!(texts(b"a\n99%\r"), ["a"]);
}

/// The example in `doc/ci/jobs/job_logs.md`, "Custom collapsible sections".
const DOC_SECTIONS: &[u8] =
    b"\x1b[0Ksection_start:1560896352:my_first_section\r\x1b[0KHeader of the 1st collapsible section\n\
echo 'this line should be hidden when collapsed'\n\
\x1b[0Ksection_end:1560896353:my_first_section\r\x1b[0K\n\
after\n";

#[test]
fn sections_from_gitlab_docs() {
    let index = LogIndex::parse(DOC_SECTIONS);
    assert_eq!(
        texts(DOC_SECTIONS),
        ["Header of the 1st collapsible section", "echo 'this line should be hidden when collapsed'", "after"]
    );
    let s = &index.sections[0];
    assert_eq!(s.name, "my-first-section");
    assert_eq!((s.start_line, s.end_line), (0, Some(2)));
    assert_eq!(s.duration(), Some(1));
    assert_eq!(index.lines[0].header_of, Some(0));
    assert_eq!(index.lines[1].section, Some(0));
    assert_eq!(index.lines[1].header_of, None);
    assert_eq!(index.lines[2].section, None);
}

#[test]
fn section_options_nesting_and_unmatched_markers() {
    let log = b"\x1b[0Ksection_start:10:outer[collapsed=true, hide_duration=true]\r\x1b[0KOuter\n\
\x1b[0Ksection_start:12:Inner.Step\r\x1b[0KInner\n\
in inner\n\
\x1b[0Ksection_end:99:nope\r\x1b[0K\n\
\x1b[0Ksection_end:15:inner_step\r\x1b[0K\n\
in outer\n\
\x1b[0Ksection_start:20:never_closed\r\x1b[0K\n\
tail\n";
    let index = LogIndex::parse(log);
    assert_eq!(texts(log), ["Outer", "Inner", "in inner", "in outer", "tail"]);
    let [outer, inner, open] = &index.sections[..] else { panic!("{:?}", index.sections) };
    assert!(outer.options.collapsed && outer.options.hide_duration);
    assert_eq!((outer.parent, outer.end_line, outer.duration()), (None, None, None));
    assert_eq!(inner.name, "inner-step");
    assert_eq!((inner.parent, inner.start_line, inner.end_line, inner.duration()), (Some(0), 1, Some(3), Some(3)));
    assert_eq!((open.parent, open.start_line, open.end_line), (Some(0), 4, None));
    let sections: Vec<_> = index.lines.iter().map(|l| l.section).collect();
    assert_eq!(sections, [Some(0), Some(1), Some(1), Some(0), Some(2)]);
    // A marker without the `\r\e[0K` suffix, or with a bad option list, is text.
    assert_eq!(texts(b"section_start:1:x\n"), ["section_start:1:x"]);
    assert_eq!(texts(b"section_start:1:x[a]\r\x1b[0Ky\n"), ["y"]);
    assert!(LogIndex::parse(b"section_start:1:x[a]\r\x1b[0Ky\n").sections.is_empty());
}

/// Runner output with `FF_TIMESTAMPS`: the shape in `doc/ci/jobs/job_logs.md`, "Job log timestamps".
const STAMPED: &[u8] = b"2024-06-01T12:00:00.123456Z 00O Running with gitlab-runner 17.2.0\n\
2024-06-01T12:00:01.000001Z 01E a long li\n\
2024-06-01T12:00:01.000002Z 01E+ne continued\n\
2024-06-01T12:00:02.000000Z 00O \x1b[0Ksection_start:1717243202:step_script\r\x1b[0K\x1b[32;1m$ make\x1b[0;m\n\
2024-06-01T12:00:03.000000Z 00O 40%\r\n\
2024-06-01T12:00:03.500000Z 00O+\r\n\
2024-06-01T12:00:04.000000Z 00O \x1b[0Ksection_end:1717243204:step_script\r\x1b[0K\n";

#[test]
fn timestamps_with_continuations() {
    let index = LogIndex::parse(STAMPED);
    assert!(index.timestamps);
    assert_eq!(texts(STAMPED), ["Running with gitlab-runner 17.2.0", "a long line continued", "$ make", "40%"]);
    // A held `\r` followed by more text clears, as in GitLab's joined buffer.
    let rewrite = b"2024-06-01T12:00:00.123456Z 00O 1%\r\n2024-06-01T12:00:00.123456Z 00O+2%\n";
    assert_eq!(texts(rewrite), ["2%"]);
    assert_eq!(index.lines[1].continuations, 1);
    let ts = index.lines[1].timestamp.unwrap() as usize;
    assert_eq!(&STAMPED[ts..ts + 27], b"2024-06-01T12:00:01.000002Z");
    assert_eq!(index.lines[2].header_of, Some(0));
    assert_eq!(index.sections[0].duration(), Some(2));
    // A prefix after an escape or a `\r`, while the line has no text, is a prefix too.
    let late = b"2024-06-01T12:00:00.123456Z 00O a\n\x1b[0K2024-06-01T12:00:01.000000Z 00O b\r2024-06-01T12:00:02.000000Z 00O c\n";
    assert_eq!(texts(late), ["a", "c"]);
    assert_eq!(LogIndex::parse(late).lines[1].timestamp, Some(72), "the last prefix");
    // Prefixes are looked for only when the first line has one (anywhere in it).
    assert!(LogIndex::parse(b"\x1b[0K2024-06-01T12:00:00.123456Z 00O x\n").timestamps);
    assert_eq!(texts(b"plain\n2024-06-01T12:00:00.123456Z 00O x\n")[1].len(), 33);
}

#[test]
fn invalid_utf8_is_kept_as_bytes() {
    let log = b"\xff\xfe ok \xe2\x82\n";
    let index = LogIndex::parse(log);
    assert_eq!(index.spans[0].range(), 0..8);
}

/// A sample with every feature; each cut must read the same as the whole.
fn sample() -> Vec<u8> {
    let mut log = STAMPED.to_vec();
    let mut plain = DOC_SECTIONS.to_vec();
    plain.extend_from_slice(
        "\x1b[38;5;208m\u{e9}t\u{e9}\x1b[m 10%\r20%\r\n\x1b]8;;u\x1b\\l\x1b]8;;\x1b\\\nbad\x1b[\nend".as_bytes(),
    );
    log.extend_from_slice(&plain);
    log
}

#[test]
fn a_cut_at_every_byte_reads_the_same_as_the_whole() {
    for log in [sample(), DOC_SECTIONS.to_vec(), b"x\x1b[31;1mab\r\ncd\x1b]0;t\x07e\r\xe2\x82\xacf".to_vec()] {
        let whole = LogIndex::parse(&log);
        for cut in 0..=log.len() {
            let mut p = LogParser::new();
            p.push(&log[..cut]);
            p.push(&log[cut..]);
            assert_eq!(p.finish(), whole, "cut at {cut}");
        }
    }
    // Byte by byte, too.
    let log = sample();
    let mut p = LogParser::new();
    log.chunks(1).for_each(|c| p.push(c));
    assert_eq!(p.finish(), LogIndex::parse(&log));
}

#[test]
fn lines_appear_as_they_complete() {
    let mut p = LogParser::new();
    p.push(b"one\ntw");
    assert_eq!(p.index().lines.len(), 1);
    p.push(b"o\n");
    assert_eq!(p.index().lines.len(), 2);
    assert_eq!(p.len(), 8);
}
