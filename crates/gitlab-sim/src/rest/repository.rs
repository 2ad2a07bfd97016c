//! Raw files at a ref (`doc/api/repository_files.md`) and compare (`doc/api/repositories.md`).

use super::{base_url, ok, Fail, Params, Reply};
use crate::auth::Caller;
use crate::world::RefState;
use crate::Sim;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{json, Value};

/// Percent-encodes one path segment (for `Link` URLs).
pub fn encode_segment(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A ref name, or a commit SHA of one of the project's refs.
fn resolve<'p>(refs: &'p std::collections::BTreeMap<String, RefState>, name: &str) -> Option<(&'p str, &'p RefState)> {
    refs.get_key_value(name)
        .or_else(|| refs.iter().find(|(_, r)| r.sha == name || (name.len() >= 7 && r.sha.starts_with(name))))
        .map(|(k, v)| (k.as_str(), v))
}

/// The file's bytes with the `X-Gitlab-*` headers; `ref` defaults to the default branch.
pub async fn raw_file(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, file)): Path<(String, String)>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    let params = Params::new(q);
    let git_ref = params.get("ref").unwrap_or(&p.default_branch);
    let (_, state) = resolve(&p.refs, git_ref).ok_or_else(|| Fail::not_found("File"))?;
    let content = state.files.get(&file).ok_or_else(|| Fail::not_found("File"))?;
    let name = file.rsplit('/').next().unwrap_or(&file).to_string();
    let headers = [
        ("content-type", "text/plain; charset=utf-8".to_string()),
        ("x-gitlab-file-path", file.clone()),
        ("x-gitlab-file-name", name),
        ("x-gitlab-ref", git_ref.to_string()),
        ("x-gitlab-commit-id", state.sha.clone()),
        ("x-gitlab-last-commit-id", state.sha.clone()),
        ("x-gitlab-size", content.len().to_string()),
        ("x-gitlab-encoding", "base64".to_string()),
    ];
    Ok((StatusCode::OK, headers, content.clone()).into_response())
}

/// `from`..`to`: the files added, removed or changed between the two refs' trees.
pub async fn compare(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(project): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    let params = Params::new(q);
    let (from, to) = match (params.get("from"), params.get("to")) {
        (Some(f), Some(t)) => (f, t),
        _ => return Err(Fail::bad_request("from, to are missing")),
    };
    let (_, a) = resolve(&p.refs, from).ok_or_else(|| Fail::not_found("Ref"))?;
    let (_, b) = resolve(&p.refs, to).ok_or_else(|| Fail::not_found("Ref"))?;
    let mut diffs = Vec::new();
    let paths: std::collections::BTreeSet<&String> = a.files.keys().chain(b.files.keys()).collect();
    for path in paths {
        let (old, new) = (a.files.get(path), b.files.get(path));
        if old == new {
            continue;
        }
        diffs.push(json!({
            "old_path": path, "new_path": path, "a_mode": old.map(|_| "100644"), "b_mode": new.map(|_| "100644"),
            "diff": unified(old.map(String::as_str).unwrap_or(""), new.map(String::as_str).unwrap_or("")),
            "new_file": old.is_none(), "renamed_file": false, "deleted_file": new.is_none(),
        }));
    }
    let same = a.sha == b.sha;
    let commit = (!same).then(|| commit_json(b, &a.sha));
    ok(json!({
        "commit": commit,
        "commits": commit.iter().cloned().collect::<Vec<Value>>(),
        "diffs": diffs,
        "compare_timeout": false,
        "compare_same_ref": same,
        "web_url": format!("{}/{}/-/compare/{}...{}", base_url(&headers), p.full_path, a.sha, b.sha),
    }))
}

fn commit_json(r: &RefState, parent: &str) -> Value {
    json!({"id": r.sha, "short_id": &r.sha[..r.sha.len().min(8)], "title": r.title, "message": r.title,
           "author_name": "Sim Developer", "parent_ids": [parent]})
}

/// A whole-file hunk: every old line removed, every new line added (enough for `rules:changes`).
fn unified(old: &str, new: &str) -> String {
    let (o, n) = (old.lines().count(), new.lines().count());
    let mut out = format!("@@ -{},{o} +{},{n} @@\n", usize::from(o > 0), usize::from(n > 0));
    old.lines().for_each(|l| out.push_str(&format!("-{l}\n")));
    new.lines().for_each(|l| out.push_str(&format!("+{l}\n")));
    out
}
