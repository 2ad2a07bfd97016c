//! Which pipelines a `scope` selects, as GitLab's `Ci::PipelinesFinder#by_scope` does for REST's `scope=` and
//! GraphQL's `scope:`: `running`, `pending`, `finished` by status; `branches` and `tags` the **latest
//! pipeline of each ref** (`where(ref: …).group(:ref).select('max(id)')`) among the refs that are existing
//! branches or tags, so a merge request's `refs/merge-requests/…` pipelines are in neither.

use crate::status;
use crate::world::{Pipeline, World};

pub fn in_scope(w: &World, pl: &Pipeline, scope: &str) -> bool {
    let kind = |tag: bool| {
        let is_ref = w.project(pl.project_id).and_then(|p| p.refs.get(&pl.git_ref)).is_some_and(|r| r.tag == tag);
        is_ref
            && !w.pipelines.iter().any(|o| {
                o.project_id == pl.project_id
                    && o.git_ref == pl.git_ref
                    && o.id > pl.id
                    && o.source != "parent_pipeline"
            })
    };
    match scope {
        "running" => pl.status == "running",
        "pending" => pl.status == "pending",
        "finished" => status::is_completed(&pl.status),
        "branches" => kind(false),
        "tags" => kind(true),
        _ => true,
    }
}
