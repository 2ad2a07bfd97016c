//! Share links: the open files and the pipeline context, deflated and base64url-encoded into the URL
//! fragment (`#share=1.…`). The fragment never reaches a server, and the state written here has no place
//! for a token. Decoding is bounded at every step (link length, inflated size, entry count and sizes), so a
//! hostile link yields an error message, not a hang or an out-of-memory tab.

use super::state::{ContextForm, OpenFile, MAX_FILES};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use pipelens_core::Limits;

pub const PREFIX: &str = "#share=1.";
/// Longest fragment read; Chromium keeps URLs up to 2 MB.
pub const MAX_LINK: usize = 2 * 1024 * 1024;
/// Largest payload after inflating: a few files at the engine's per-file limit.
pub const MAX_INFLATED: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shared {
    pub files: Vec<(String, String)>,
    pub context: ContextForm,
}

impl Shared {
    /// The open files (path, text) and the context, as a link or the tab's kept workspace holds them.
    pub fn of(files: &[OpenFile], context: &ContextForm) -> Shared {
        Shared { files: files.iter().map(|f| (f.path.clone(), f.text.to_string())).collect(), context: context.clone() }
    }
}

// Payload: `key<TAB>byte-length<LF>value` records. Keys: `file:<path>` or a context field name.
fn record(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push('\t');
    out.push_str(&value.len().to_string());
    out.push('\n');
    out.push_str(value);
}

/// The link for a workspace, or why there is none: what the decoder would refuse is never handed out.
pub fn encode(s: &Shared) -> Result<String, String> {
    let link = encode_unchecked(s);
    if link.len() > MAX_LINK {
        return Err(format!(
            "these files are too large for a link ({} MB compressed, the limit is {} MB)",
            link.len() / (1024 * 1024),
            MAX_LINK / (1024 * 1024)
        ));
    }
    Ok(link)
}

fn encode_unchecked(s: &Shared) -> String {
    let mut payload = String::new();
    for (path, text) in &s.files {
        record(&mut payload, &format!("file:{path}"), text);
    }
    let c = &s.context;
    for (k, v) in [
        ("source", &c.source),
        ("branch", &c.branch),
        ("target_branch", &c.target_branch),
        ("tag", &c.tag),
        ("default_branch", &c.default_branch),
        ("variables", &c.variables),
        ("changed", &c.changed),
    ] {
        if !v.is_empty() {
            record(&mut payload, k, v);
        }
    }
    let packed = miniz_oxide::deflate::compress_to_vec(payload.as_bytes(), 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// `Ok(None)` when the fragment is not a share link at all.
pub fn decode(fragment: &str) -> Result<Option<Shared>, String> {
    let Some(body) = fragment.strip_prefix(PREFIX) else {
        return if fragment.starts_with("#share=") {
            Err("this share link was made by a different version of pipelens".into())
        } else {
            Ok(None)
        };
    };
    if body.len() > MAX_LINK {
        return Err(format!("the share link is longer than {} MB", MAX_LINK / (1024 * 1024)));
    }
    let packed = URL_SAFE_NO_PAD.decode(body.trim_end_matches('=')).map_err(|_| "the share link is damaged")?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED)
        .map_err(|_| format!("the share link is damaged or inflates past {} MB", MAX_INFLATED / (1024 * 1024)))?;
    let text = String::from_utf8(bytes).map_err(|_| "the share link does not hold text")?;
    parse(&text).map(Some)
}

fn parse(mut rest: &str) -> Result<Shared, String> {
    let damaged = || "the share link is damaged".to_string();
    let max_file = Limits::default().max_file_bytes;
    let mut out = Shared::default();
    while !rest.is_empty() {
        let (head, tail) = rest.split_once('\n').ok_or_else(damaged)?;
        let (key, len) = head.split_once('\t').ok_or_else(damaged)?;
        let len: usize = len.parse().map_err(|_| damaged())?;
        let value = tail.get(..len).ok_or_else(damaged)?;
        rest = &tail[len..];
        let c = &mut out.context;
        match key {
            _ if key.starts_with("file:") => {
                if out.files.len() >= MAX_FILES {
                    return Err(format!("the share link holds more than {MAX_FILES} files"));
                }
                if len > max_file {
                    return Err(format!("a file in the share link is over {} MiB", max_file / (1024 * 1024)));
                }
                out.files.push((key["file:".len()..].to_string(), value.to_string()));
            }
            "source" => c.source = value.into(),
            "branch" => c.branch = value.into(),
            "target_branch" => c.target_branch = value.into(),
            "tag" => c.tag = value.into(),
            "default_branch" => c.default_branch = value.into(),
            "variables" => c.variables = value.into(),
            "changed" => c.changed = value.into(),
            // A newer writer's field: skipped, so old links keep working and new ones degrade gently.
            _ => {}
        }
    }
    if out.files.is_empty() {
        return Err("the share link holds no files".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Shared {
        Shared {
            files: vec![
                (".gitlab-ci.yml".into(), "include: ci/a.yml\nbuild:\n  script: echo \"é\t✓\"\n".into()),
                ("ci/a.yml".into(), "test:\n  script: x\n".into()),
            ],
            context: ContextForm {
                source: "merge_request_event".into(),
                branch: "feat".into(),
                target_branch: "develop".into(),
                variables: "A=1\nB=two words".into(),
                ..ContextForm::default()
            },
        }
    }

    #[test]
    fn round_trips_files_and_context_through_a_url_safe_fragment() {
        let link = encode(&sample()).unwrap();
        assert!(link.starts_with(PREFIX));
        let body = &link[PREFIX.len()..];
        assert!(body.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{body}");
        assert_eq!(decode(&link).unwrap(), Some(sample()));
    }

    #[test]
    fn other_fragments_are_not_share_links() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#job=build"), Ok(None));
        assert!(decode("#share=9.abc").unwrap_err().contains("different version"));
    }

    #[test]
    fn damaged_links_are_errors_not_panics() {
        let link = encode(&sample()).unwrap();
        for cut in [PREFIX.len(), PREFIX.len() + 3, link.len() / 2, link.len() - 1] {
            assert!(decode(&link[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode(&format!("{PREFIX}!!!")).is_err());
        // Valid deflate, but a record claims more bytes than follow.
        let bad = miniz_oxide::deflate::compress_to_vec(b"file:a\t999\nshort", 6);
        assert!(decode(&format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bad))).unwrap_err().contains("damaged"));
    }

    #[test]
    fn a_decompression_bomb_stops_at_the_limit() {
        // 24 MiB of one byte deflates to ~24 KB; inflating must stop at MAX_INFLATED.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b'a'; 24 * 1024 * 1024], 9);
        let link = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(link.len() < MAX_LINK);
        assert!(decode(&link).unwrap_err().contains("inflates past"));
    }

    #[test]
    fn a_workspace_too_large_for_a_link_is_refused_when_sharing() {
        // Incompressible text (a simple generator's bytes), 3 MiB: more than the link limit once encoded.
        let mut x: u32 = 1;
        let noise: String = (0..3 * 1024 * 1024)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from(b'!' + (x % 90) as u8)
            })
            .collect();
        let big = Shared { files: vec![(".gitlab-ci.yml".into(), noise)], context: ContextForm::default() };
        assert!(encode(&big).unwrap_err().contains("too large"));
    }
}
