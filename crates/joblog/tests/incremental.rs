//! Property: any split of a log into chunks reads the same as the whole log at once.

use pipelens_joblog::{LogIndex, LogParser};
use proptest::prelude::*;

/// Pieces real logs are made of, including broken ones.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        "[a-z $%<>]{0,12}".prop_map(String::into_bytes),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\r\n".to_vec()),
        (0u16..110).prop_map(|c| format!("\x1b[{c}m").into_bytes()),
        (0u16..300).prop_map(|n| format!("\x1b[38;5;{n}m").into_bytes()),
        Just(b"\x1b[0K".to_vec()),
        Just(b"\x1b[".to_vec()),
        Just(b"\x1b]8;;http://x\x1b\\".to_vec()),
        ("[ab]", 0u64..50, any::<bool>()).prop_map(|(n, t, start)| {
            let kind = if start { "start" } else { "end" };
            format!("\x1b[0Ksection_{kind}:{t}:{n}[collapsed=true]\r\x1b[0K").into_bytes()
        }),
        (any::<bool>())
            .prop_map(|c| { format!("2024-06-01T12:00:00.123456Z 00O{}", if c { '+' } else { ' ' }).into_bytes() }),
        Just(b"\x1b7".to_vec()),
        Just(b"\x1b\x18".to_vec()),
        Just(b"\x1b]0;title\x07".to_vec()),
        Just(b"\x1bP1$r0m\x1b\\".to_vec()),
        Just(b"\x1b".to_vec()),
        Just(vec![0xe2, 0x82, 0xac]),
        Just(vec![0xff, 0xc3]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn incremental_equals_whole(pieces in prop::collection::vec(piece(), 0..40), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6)) {
        let log: Vec<u8> = pieces.concat();
        let mut at: Vec<usize> = cuts.iter().map(|i| i.index(log.len() + 1)).collect();
        at.sort_unstable();
        let mut parser = LogParser::new();
        let mut from = 0;
        for cut in at {
            parser.push(&log[from..cut]);
            from = cut;
        }
        parser.push(&log[from..]);
        prop_assert_eq!(parser.finish(), LogIndex::parse(&log));
    }
}

proptest! {
    /// Any bytes at all: no panic, and a cut anywhere still reads as the whole.
    #[test]
    fn arbitrary_bytes(log in prop::collection::vec(any::<u8>(), 0..400), cut in any::<prop::sample::Index>()) {
        let cut = cut.index(log.len() + 1);
        let mut parser = LogParser::new();
        parser.push(&log[..cut]);
        parser.push(&log[cut..]);
        let index = parser.finish();
        for span in &index.spans {
            prop_assert!(span.range().end <= log.len() as u64);
        }
        prop_assert_eq!(index, LogIndex::parse(&log));
    }
}
