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
pub(crate) fn resolve<'p>(
    refs: &'p std::collections::BTreeMap<String, RefState>,
    name: &str,
) -> Option<(&'p str, &'p RefState)> {
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

/// `GET /projects/:id/repository/tree?ref=&recursive=` (`doc/api/repositories.md`): blobs and the folders
/// above them (every level with `recursive=true`, else the top), paginated. 404 "Tree Not Found" for an
/// unknown ref.
pub async fn tree(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(project): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    let params = Params::new(q);
    let git_ref = params.get("ref").unwrap_or(&p.default_branch);
    let (_, state) = resolve(&p.refs, git_ref).ok_or_else(|| Fail::not_found("Tree"))?;
    let recursive = params.flag("recursive").unwrap_or(false);
    let mut entries: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    for path in state.files.keys() {
        let mut folder = path.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            entries.insert(parent.to_string(), "tree");
            folder = parent;
        }
        entries.insert(path.clone(), "blob");
    }
    let items = entries
        .into_iter()
        .filter(|(path, _)| recursive || !path.contains('/'))
        .map(|(path, kind)| {
            let name = path.rsplit('/').next().unwrap_or(&path).to_string();
            let mode = if kind == "tree" { "040000" } else { "100644" };
            json!({"id": crate::scenario::fake_sha(&path), "name": name, "type": kind, "path": path, "mode": mode})
        })
        .collect();
    let base = base_url(&headers);
    let path = format!("/api/v4/projects/{}/repository/tree", encode_segment(&project));
    Ok(crate::pagination::page(items, &params, &base, &path))
}

/// A branch (`doc/api/branches.md`) or a tag (`doc/api/tags.md`: `target`, `message`, `release`) with its commit.
fn ref_json(name: &str, r: &RefState, default: bool) -> Value {
    let parents: Vec<&String> = r.parent.iter().collect();
    let commit = json!({"id": r.sha, "short_id": &r.sha[..r.sha.len().min(8)], "title": r.title,
                        "message": r.title, "parent_ids": parents});
    if r.tag {
        return json!({"name": name, "message": "", "target": r.sha, "commit": commit, "release": Value::Null,
                      "protected": false});
    }
    json!({"name": name, "merged": false, "protected": default, "default": default,
           "developers_can_push": false, "developers_can_merge": false, "can_push": true, "commit": commit})
}

/// `GET /projects/:id/repository/branches` (`doc/api/branches.md`), `search` by name.
pub async fn branches(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(project): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    refs_list(sim, headers, project, q, false).await
}

/// `GET /projects/:id/repository/tags` (`doc/api/tags.md`).
pub async fn tags(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path(project): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Reply {
    refs_list(sim, headers, project, q, true).await
}

async fn refs_list(sim: Sim, headers: HeaderMap, project: String, q: Vec<(String, String)>, tags: bool) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    let params = Params::new(q);
    let search = params.get("search").unwrap_or("").to_lowercase();
    let items = p
        .refs
        .iter()
        .filter(|(name, r)| r.tag == tags && name.to_lowercase().contains(&search))
        .map(|(name, r)| ref_json(name, r, *name == p.default_branch))
        .collect();
    let kind = if tags { "tags" } else { "branches" };
    let path = format!("/api/v4/projects/{}/repository/{kind}", encode_segment(&project));
    Ok(crate::pagination::page(items, &params, &base_url(&headers), &path))
}

/// `GET /projects/:id/repository/branches/:branch`: 404 "Branch Not Found".
pub async fn branch(
    State(sim): State<Sim>,
    headers: HeaderMap,
    Path((project, name)): Path<(String, String)>,
) -> Reply {
    one_ref(sim, headers, project, name, false)
}

/// `GET /projects/:id/repository/tags/:tag_name`: 404 "Tag Not Found".
pub async fn tag(State(sim): State<Sim>, headers: HeaderMap, Path((project, name)): Path<(String, String)>) -> Reply {
    one_ref(sim, headers, project, name, true)
}

fn one_ref(sim: Sim, headers: HeaderMap, project: String, name: String, tag: bool) -> Reply {
    let w = sim.lock();
    let caller = Caller::from_headers(&w, &headers)?;
    let p = caller.read(&w, &project)?;
    match p.refs.get(&name) {
        Some(r) if r.tag == tag => ok(ref_json(&name, r, name == p.default_branch)),
        _ => Err(Fail::not_found(if tag { "Tag" } else { "Branch" })),
    }
}

/// `GET /templates/gitlab_ci_ymls/:key` (`doc/api/templates/gitlab_ci_ymls.md`): `{name, content}`; the
/// key is the template's name without `.gitlab-ci.yml`. 404 "Template Not Found".
pub async fn template(State(sim): State<Sim>, headers: HeaderMap, Path(key): Path<String>) -> Reply {
    let w = sim.lock();
    Caller::from_headers(&w, &headers)?;
    let name = format!("{key}.gitlab-ci.yml");
    let content = w.templates.get(&name).ok_or_else(|| Fail::not_found("Template"))?;
    ok(json!({"name": key.rsplit('/').next().unwrap_or(&key), "content": content}))
}

/// A file on "another web server" for `include:remote`: plain text, no CORS headers (the `/api/*` rule does
/// not apply), 404 when absent.
pub async fn remote(State(sim): State<Sim>, Path(path): Path<String>) -> axum::response::Response {
    let w = sim.lock();
    match w.remote_files.get(&path) {
        Some(text) => (StatusCode::OK, [("content-type", "text/plain; charset=utf-8")], text.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    }
}
