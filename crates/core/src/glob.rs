//! Ruby `File.fnmatch?` with `FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB`, the matcher GitLab uses for
//! `include` globs, `rules:exists` and `rules:changes`: `*` stays within a path segment, `**/` spans segments,
//! `?`, `[...]` and `{a,b}` work as in a shell.

pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.strip_prefix('/').unwrap_or(pattern);
    let path = path.strip_prefix('/').unwrap_or(path);
    expand_braces(pattern).iter().any(|p| {
        let pat: Vec<&str> = p.split('/').collect();
        let segs: Vec<&str> = path.split('/').collect();
        match_segments(&pat, &segs)
    })
}

pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

fn match_segments(pat: &[&str], segs: &[&str]) -> bool {
    match pat.split_first() {
        None => segs.is_empty(),
        Some((&"**", rest)) => {
            // `**/` matches zero or more directories; a trailing `**` acts like `*`.
            if rest.is_empty() {
                return segs.len() == 1;
            }
            (0..segs.len()).any(|i| match_segments(rest, &segs[i..]))
        }
        Some((first, rest)) => match segs.split_first() {
            Some((seg, srest)) => match_segment(first.as_bytes(), seg.as_bytes()) && match_segments(rest, srest),
            None => false,
        },
    }
}

fn match_segment(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() {
            match p[pi] {
                b'*' => {
                    star = Some((pi, si));
                    pi += 1;
                    continue;
                }
                b'?' => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                b'[' => {
                    if let Some((ok, next)) = match_class(&p[pi..], s[si]) {
                        if ok {
                            pi += next;
                            si += 1;
                            continue;
                        }
                    } else if s[si] == b'[' {
                        pi += 1;
                        si += 1;
                        continue;
                    }
                }
                b'\\' if pi + 1 < p.len() && p[pi + 1] == s[si] => {
                    pi += 2;
                    si += 1;
                    continue;
                }
                c if c == s[si] => {
                    pi += 1;
                    si += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, ss)) => {
                pi = sp + 1;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// `[abc]`, `[a-z]`, `[!x]`/`[^x]`: returns (matched, pattern bytes consumed), or None if unterminated.
fn match_class(p: &[u8], c: u8) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(p.get(1), Some(b'!') | Some(b'^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == b']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if i + 2 < p.len() && p[i + 1] == b'-' && p[i + 2] != b']' {
            if p[i] <= c && c <= p[i + 2] {
                matched = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                matched = true;
            }
            i += 1;
        }
    }
    None
}

fn expand_braces(p: &str) -> Vec<String> {
    let bytes = p.as_bytes();
    let Some(open) = p.find('{') else { return vec![p.to_string()] };
    let mut depth = 0;
    let mut parts = Vec::new();
    let mut start = open + 1;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    parts.push(&p[start..i]);
                    let (pre, post) = (&p[..open], &p[i + 1..]);
                    return parts.iter().flat_map(|alt| expand_braces(&format!("{pre}{alt}{post}"))).collect();
                }
            }
            b',' if depth == 1 => {
                parts.push(&p[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    vec![p.to_string()]
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn star_stays_in_segment() {
        assert!(matches("*.yml", "a.yml"));
        assert!(!matches("*.yml", "dir/a.yml"));
        assert!(matches("ci/*.yml", "ci/a.yml"));
    }

    #[test]
    fn double_star_spans_directories() {
        assert!(matches("src/**/ci/gitlab-ci.yml", "src/amd/ci/gitlab-ci.yml"));
        assert!(matches("src/**/ci/gitlab-ci.yml", "src/gallium/drivers/zink/ci/gitlab-ci.yml"));
        assert!(matches("**/*.md", "README.md"));
        assert!(matches("docs/**/*", "docs/a/b.txt"));
        assert!(!matches("src/**/ci/x.yml", "lib/amd/ci/x.yml"));
    }

    #[test]
    fn braces_classes_and_dotfiles() {
        assert!(matches("{Dockerfile,*.sh}", "build.sh"));
        assert!(matches("file[0-9].txt", "file3.txt"));
        assert!(!matches("file[!0-9].txt", "file3.txt"));
        assert!(matches("*", ".hidden"));
        assert!(matches("/Gemfile", "Gemfile"));
    }
}
