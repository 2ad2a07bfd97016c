//! A diagnostic's span as the textarea's selection.

/// A span as a textarea selection: UTF-16 offsets of its start and end (columns count characters). A span
/// without an extent is a caret at its start.
pub fn selection_range(text: &str, span: &pipelens_core::Span) -> (u32, u32) {
    let offset = |line: u32, col: u32| -> u32 {
        let mut at = 0usize;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i + 1 == line as usize {
                let content = l.strip_suffix('\n').unwrap_or(l);
                return (at + content.chars().take(col.saturating_sub(1) as usize).map(char::len_utf16).sum::<usize>())
                    as u32;
            }
            at += l.encode_utf16().count();
        }
        at as u32
    };
    let start = offset(span.line, span.col);
    let end = if span.has_extent() { offset(span.end_line, span.end_col) } else { start };
    (start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::selection_range;
    use crate::features::editor::state::EditorState;
    use std::rc::Rc;

    #[test]
    fn a_diagnostic_selects_its_exact_range() {
        use pipelens_core::Span;
        let text = "é: 1\njob:\n  needs: [ghöst]\n";
        // `ghöst` is line 3, columns 11..16 (characters); é and ö are one UTF-16 unit each.
        let span = Span { file: 0, line: 3, col: 11, end_line: 3, end_col: 16 };
        let (start, end) = selection_range(text, &span);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[start as usize..end as usize]).unwrap(), "ghöst");
        assert_eq!(selection_range(text, &Span::new(0, 2, 1)), (5, 5), "a position is a caret");
        let s = Rc::new(EditorState::new("job:\n  script: x\n  needs: [ghost]\n"));
        let d = s.diagnostics.iter().find(|d| d.code == "needs-unknown-job").expect("reported");
        let (a, b) = selection_range(s.text(), &d.span.unwrap());
        assert_eq!(&s.text()[a as usize..b as usize], "ghost", "the engine's span is the name's range");
    }
}
