//! A tile: one ref of a project (its default branch, a branch, a tag, an open merge request or a schedule)
//! and that ref's latest pipeline, read from the wall documents' JSON; the wall's order (failing first, then
//! running, then the rest), the text filter, grouping, and what changed between two polls. Pure.

use crate::config::RefFilter;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Which of a project's refs a tile shows.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum RefKind {
    #[default]
    DefaultBranch,
    Branch,
    Tag,
    /// An open merge request: its iid and title (the ref is its source branch).
    MergeRequest {
        iid: u64,
        title: String,
    },
    /// An active pipeline schedule: its global id and description (the ref is the schedule's).
    Schedule {
        id: String,
        description: String,
    },
}

impl RefKind {
    /// Where the kind sorts within a project: default branch, branches, merge requests, tags, schedules.
    fn order(&self) -> u8 {
        match self {
            RefKind::DefaultBranch => 0,
            RefKind::Branch => 1,
            RefKind::MergeRequest { .. } => 2,
            RefKind::Tag => 3,
            RefKind::Schedule { .. } => 4,
        }
    }

    /// The kind's name in the page's `data-ref-kind`.
    pub fn id(&self) -> &'static str {
        match self {
            RefKind::DefaultBranch => "default",
            RefKind::Branch => "branch",
            RefKind::Tag => "tag",
            RefKind::MergeRequest { .. } => "merge_request",
            RefKind::Schedule { .. } => "schedule",
        }
    }

    fn to_json(&self) -> Value {
        match self {
            RefKind::MergeRequest { iid, title } => json!(["mr", iid, title]),
            RefKind::Schedule { id, description } => json!(["schedule", id, description]),
            other => json!([other.id()]),
        }
    }

    fn from_json(v: &Value) -> Option<RefKind> {
        Some(match v[0].as_str() {
            None | Some("default") => RefKind::DefaultBranch,
            Some("branch") => RefKind::Branch,
            Some("tag") => RefKind::Tag,
            Some("mr") => RefKind::MergeRequest { iid: v[1].as_u64()?, title: v[2].as_str()?.to_string() },
            Some("schedule") => {
                RefKind::Schedule { id: v[1].as_str()?.to_string(), description: v[2].as_str()?.to_string() }
            }
            Some(_) => return None,
        })
    }
}

/// One project on the wall.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Tile {
    /// The instance's base URL.
    pub instance: String,
    /// `gid://gitlab/Project/<n>`.
    pub gid: String,
    pub project: String,
    pub kind: RefKind,
    pub git_ref: String,
    /// GitLab's REST status (lowercase); `none` when the head commit has no pipeline.
    pub status: String,
    pub pipeline: Option<u64>,
    pub title: String,
    pub author: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub duration: Option<u64>,
    pub updated_at: String,
    /// Filled in by the details query for a pipeline that changed.
    pub details: Option<Details>,
    /// The last finished status seen (`success`, `failed`, `canceled`, `skipped`), kept while a new
    /// pipeline runs: a failed project that is retried recovers when the retry passes.
    pub settled: Option<String>,
}

/// Stages (name, status) and failed jobs (id, name) of a tile's pipeline.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Details {
    pub pipeline: u64,
    pub stages: Vec<(String, String)>,
    pub failed: Vec<(u64, String)>,
}

/// The number at the end of a global id (`gid://gitlab/Ci::Pipeline/12` → 12).
pub fn gid_number(gid: &str) -> Option<u64> {
    gid.rsplit('/').next()?.parse().ok()
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

impl Tile {
    /// A project node of `wall_group.graphql` / `wall_projects.graphql`.
    pub fn from_node(instance: &str, node: &Value) -> Option<Tile> {
        // A node without a path is no project.
        node["fullPath"].as_str()?;
        let repository = &node["repository"];
        let commit = &repository["tree"]["lastCommit"];
        let pipeline = &commit["pipelines"]["nodes"][0];
        let git_ref = pipeline["ref"].as_str().or(repository["rootRef"].as_str()).unwrap_or_default();
        Some(Tile::from_pipeline(instance, node, RefKind::DefaultBranch, git_ref, pipeline, commit))
    }

    /// A tile for one pipeline node of `wall_refs.graphql` (`null`: the ref has no pipeline yet).
    fn from_ref(instance: &str, project: &Value, kind: RefKind, git_ref: &str, pipeline: &Value) -> Tile {
        Tile::from_pipeline(instance, project, kind, git_ref, pipeline, &pipeline["commit"])
    }

    /// A tile from a project node, a `WallPipeline` node (`null`: none) and the commit that names it.
    fn from_pipeline(
        instance: &str,
        project: &Value,
        kind: RefKind,
        git_ref: &str,
        pipeline: &Value,
        commit: &Value,
    ) -> Tile {
        Tile {
            instance: instance.to_string(),
            gid: s(&project["id"]),
            project: s(&project["fullPath"]),
            kind,
            git_ref: git_ref.to_string(),
            status: pipeline["status"].as_str().map(str::to_ascii_lowercase).unwrap_or_else(|| "none".into()),
            pipeline: pipeline["id"].as_str().and_then(gid_number),
            title: s(&commit["title"]),
            author: s(&commit["authorName"]),
            started_at: pipeline["startedAt"].as_str().map(String::from),
            finished_at: pipeline["finishedAt"].as_str().map(String::from),
            duration: pipeline["duration"].as_u64(),
            updated_at: s(&pipeline["updatedAt"]),
            details: None,
            settled: None,
        }
    }

    /// Instance, project and ref: a tile's identity across polls.
    pub fn key(&self) -> String {
        let which = match &self.kind {
            RefKind::DefaultBranch => String::new(),
            RefKind::Branch => format!("branch {}", self.git_ref),
            RefKind::Tag => format!("tag {}", self.git_ref),
            RefKind::MergeRequest { iid, .. } => format!("!{iid}"),
            RefKind::Schedule { id, .. } => format!("schedule {id}"),
        };
        format!("{}\n{}\n{which}", self.instance, self.project)
    }

    /// What the tile calls its ref: the branch or tag, `!12 Title` for a merge request, the schedule's
    /// description.
    pub fn ref_label(&self) -> String {
        match &self.kind {
            RefKind::DefaultBranch | RefKind::Branch => self.git_ref.clone(),
            RefKind::Tag => format!("tag {}", self.git_ref),
            RefKind::MergeRequest { iid, title } => format!("!{iid} {title}"),
            RefKind::Schedule { description, .. } => format!("schedule {description} ({})", self.git_ref),
        }
    }

    /// The project and, but for the default branch, the ref: what a notification names.
    pub fn name(&self) -> String {
        match self.kind {
            RefKind::DefaultBranch => self.project.clone(),
            _ => format!("{} {}", self.project, self.ref_label()),
        }
    }

    /// What a poll compares: a new pipeline, a new status or a new update time needs new details.
    pub fn version(&self) -> (Option<u64>, &str, &str) {
        (self.pipeline, &self.status, &self.updated_at)
    }

    /// The project's namespace.
    pub fn group(&self) -> &str {
        self.project.rsplit_once('/').map(|(g, _)| g).unwrap_or("")
    }

    pub fn finished(&self) -> bool {
        matches!(self.status.as_str(), "success" | "failed" | "canceled" | "skipped")
    }

    pub fn failing(&self) -> bool {
        matches!(self.status.as_str(), "failed")
    }

    pub fn running(&self) -> bool {
        matches!(
            self.status.as_str(),
            "running"
                | "pending"
                | "preparing"
                | "created"
                | "waiting_for_resource"
                | "waiting_for_callback"
                | "canceling"
        )
    }

    /// Failing first, then running, then the rest.
    fn rank(&self) -> u8 {
        if self.failing() {
            0
        } else if self.running() {
            1
        } else {
            2
        }
    }

    /// Whether the filter text (lowercase) is in the project's path or a failed job's name.
    pub fn matches(&self, text: &str) -> bool {
        text.is_empty()
            || self.project.to_lowercase().contains(text)
            || self.details.iter().flat_map(|d| &d.failed).any(|(_, n)| n.to_lowercase().contains(text))
    }

    pub fn to_json(&self) -> Value {
        let details =
            self.details.as_ref().map(|d| json!({"pipeline": d.pipeline, "stages": d.stages, "failed": d.failed}));
        json!({"i": self.instance, "g": self.gid, "p": self.project, "k": self.kind.to_json(), "r": self.git_ref,
               "s": self.status,
               "id": self.pipeline, "t": self.title, "a": self.author, "sa": self.started_at,
               "fa": self.finished_at, "d": self.duration, "u": self.updated_at, "x": details, "st": self.settled})
    }

    pub fn from_json(v: &Value) -> Option<Tile> {
        let opt = |k: &str| v[k].as_str().map(String::from);
        let details = v["x"].as_object().map(|d| Details {
            pipeline: d.get("pipeline").and_then(Value::as_u64).unwrap_or_default(),
            stages: pairs(d.get("stages"), |x| x.as_str().map(String::from)),
            failed: pairs(d.get("failed"), Value::as_u64),
        });
        Some(Tile {
            instance: opt("i")?,
            gid: opt("g")?,
            project: opt("p")?,
            kind: RefKind::from_json(&v["k"])?,
            git_ref: opt("r")?,
            status: opt("s")?,
            pipeline: v["id"].as_u64(),
            title: opt("t").unwrap_or_default(),
            author: opt("a").unwrap_or_default(),
            started_at: opt("sa"),
            finished_at: opt("fa"),
            duration: v["d"].as_u64(),
            updated_at: opt("u").unwrap_or_default(),
            details,
            settled: opt("st"),
        })
    }
}

fn pairs<T>(v: Option<&Value>, first: impl Fn(&Value) -> Option<T>) -> Vec<(T, String)> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| Some((first(&p[0])?, p[1].as_str()?.to_string())))
        .collect()
}

/// A details node of `wall_details.graphql`: the project's global id and the details.
pub fn details_from_node(node: &Value) -> Option<(String, Details)> {
    let pipeline = &node["repository"]["tree"]["lastCommit"]["pipelines"]["nodes"][0];
    Some((s(&node["id"]), pipeline_details(pipeline)?))
}

/// A pipeline's stages and failed jobs (failures allowed to fail left out).
fn pipeline_details(pipeline: &Value) -> Option<Details> {
    let list = |v: &Value| v["nodes"].as_array().cloned().unwrap_or_default();
    let stages = list(&pipeline["stages"])
        .iter()
        .filter_map(|st| Some((st["name"].as_str()?.to_string(), st["status"].as_str()?.to_ascii_lowercase())))
        .collect();
    let failed = list(&pipeline["jobs"])
        .iter()
        .filter(|j| j["allowFailure"] != true)
        .filter_map(|j| Some((gid_number(j["id"].as_str()?)?, j["name"].as_str()?.to_string())))
        .collect();
    Some(Details { pipeline: gid_number(pipeline["id"].as_str()?)?, stages, failed })
}

/// The tiles of one project node of `wall_refs.graphql`: each branch and tag the filter keeps (the default
/// branch is left to its own tile), each open merge request and each active schedule if the filter keeps
/// them.
pub fn ref_tiles(instance: &str, node: &Value, filter: &RefFilter, default_branch: &str) -> Vec<Tile> {
    let list = |v: &Value| v["nodes"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for p in list(&node["branches"]) {
        let name = p["ref"].as_str().unwrap_or_default();
        if name != default_branch && filter.branch(name) {
            out.push(Tile::from_ref(instance, node, RefKind::Branch, name, &p));
        }
    }
    for p in list(&node["tags"]) {
        let name = p["ref"].as_str().unwrap_or_default();
        if filter.tag(name) {
            out.push(Tile::from_ref(instance, node, RefKind::Tag, name, &p));
        }
    }
    for mr in list(&node["mergeRequests"]).into_iter().filter(|_| filter.merge_requests) {
        let Some(iid) = mr["iid"].as_str().and_then(|i| i.parse().ok()) else { continue };
        let kind = RefKind::MergeRequest { iid, title: s(&mr["title"]) };
        out.push(Tile::from_ref(
            instance,
            node,
            kind,
            mr["sourceBranch"].as_str().unwrap_or_default(),
            &mr["headPipeline"],
        ));
    }
    for sc in list(&node["pipelineSchedules"]).into_iter().filter(|_| filter.schedules) {
        let kind = RefKind::Schedule { id: s(&sc["id"]), description: s(&sc["description"]) };
        // Newer schedules keep the full ref (`refs/heads/main`); `refForDisplay` is the branch or tag.
        let git_ref = sc["refForDisplay"].as_str().or(sc["ref"].as_str()).unwrap_or_default();
        out.push(Tile::from_ref(instance, node, kind, git_ref, &sc["lastPipeline"]));
    }
    out
}

/// A details node of `wall_ref_details.graphql`: the details of each of the project's pipelines in it.
pub fn ref_details_from_node(node: &Value) -> Vec<Details> {
    node["pipelines"]["nodes"].as_array().into_iter().flatten().filter_map(pipeline_details).collect()
}

/// The wall's order: failing, running, the rest; by path, then ref, within each.
pub fn sort(tiles: &mut [Tile]) {
    tiles.sort_by(|a, b| {
        a.rank()
            .cmp(&b.rank())
            .then_with(|| a.project.cmp(&b.project))
            .then_with(|| a.instance.cmp(&b.instance))
            .then_with(|| a.kind.order().cmp(&b.kind.order()))
            .then_with(|| a.git_ref.cmp(&b.git_ref))
            .then_with(|| a.key().cmp(&b.key()))
    });
}

/// Tiles of `new` whose pipeline is not the one `old` had, or changed (these get their details asked for),
/// by global id and instance.
pub fn changed<'a>(old: &[Tile], new: &'a [Tile]) -> Vec<&'a Tile> {
    let before: HashMap<String, &Tile> = old.iter().map(|t| (t.key(), t)).collect();
    new.iter()
        .filter(|t| t.pipeline.is_some())
        .filter(|t| match before.get(&t.key()) {
            Some(o) => o.version() != t.version() || o.details.as_ref().map(|d| d.pipeline) != t.pipeline,
            None => true,
        })
        .collect()
}

/// Keeps the details of tiles whose pipeline did not change.
pub fn carry_details(old: &[Tile], new: &mut [Tile]) {
    let before: HashMap<String, &Tile> = old.iter().map(|t| (t.key(), t)).collect();
    for t in new.iter_mut() {
        if let Some(o) = before.get(&t.key()) {
            if o.version() == t.version() {
                t.details = o.details.clone();
            }
        }
    }
}

/// Sets each tile's last finished status: its own when finished, the one it had otherwise.
pub fn carry_settled(old: &[Tile], new: &mut [Tile]) {
    let before: HashMap<String, &Tile> = old.iter().map(|t| (t.key(), t)).collect();
    for t in new.iter_mut() {
        t.settled =
            if t.finished() { Some(t.status.clone()) } else { before.get(&t.key()).and_then(|o| o.settled.clone()) };
    }
}

/// A tile whose pipeline newly failed (`failed`), or that recovered from a failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The tile's [`Tile::key`].
    pub key: String,
    /// The tile's [`Tile::name`].
    pub name: String,
    pub failed: bool,
}

/// What to notify between two polls (nothing on the first one), from the tiles' last finished statuses
/// ([`carry_settled`]): a failure after anything but a failure, a success after a failure, even with a
/// running pipeline seen in between.
pub fn transitions(old: &[Tile], new: &[Tile]) -> Vec<Transition> {
    let before: HashMap<String, &Tile> = old.iter().map(|t| (t.key(), t)).collect();
    new.iter()
        .filter_map(|t| {
            let o = before.get(&t.key())?;
            let (was, now) = (o.settled.as_deref(), t.settled.as_deref());
            let failed = match (was, now) {
                (w, Some("failed")) if w != Some("failed") => true,
                (Some("failed"), Some("success")) => false,
                _ => return None,
            };
            Some(Transition { key: t.key(), name: t.name(), failed })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tile(project: &str, status: &str) -> Tile {
        Tile {
            instance: "https://g".into(),
            gid: format!("gid://gitlab/Project/{}", project.len()),
            project: project.into(),
            status: status.into(),
            pipeline: Some(1),
            ..Default::default()
        }
    }

    #[test]
    fn a_project_node_becomes_a_tile() {
        let node = json!({"id": "gid://gitlab/Project/7", "fullPath": "g/api", "repository": {"rootRef": "main",
            "tree": {"lastCommit": {"sha": "abc", "title": "Fix it", "authorName": "Ann",
            "pipelines": {"nodes": [{"id": "gid://gitlab/Ci::Pipeline/42", "iid": "3", "status": "FAILED", "ref": "main",
            "startedAt": "2026-01-01T12:00:00Z", "finishedAt": null, "duration": 30, "updatedAt": "2026-01-01T12:00:30Z"}]}}}}});
        let t = Tile::from_node("https://g", &node).unwrap();
        assert_eq!(
            (t.project.as_str(), t.status.as_str(), t.pipeline, t.git_ref.as_str()),
            ("g/api", "failed", Some(42), "main")
        );
        assert_eq!((t.title.as_str(), t.author.as_str(), t.duration), ("Fix it", "Ann", Some(30)));
        assert_eq!(Tile::from_json(&t.to_json()).unwrap(), t);
        let none = json!({"id": "gid://gitlab/Project/8", "fullPath": "g/new", "repository": {"rootRef": "main",
            "tree": {"lastCommit": {"pipelines": {"nodes": []}}}}});
        let t = Tile::from_node("https://g", &none).unwrap();
        assert_eq!((t.status.as_str(), t.pipeline, t.git_ref.as_str()), ("none", None, "main"));
    }

    #[test]
    fn details_name_stages_and_failed_jobs_but_not_allowed_failures() {
        let node = json!({"id": "gid://gitlab/Project/7", "repository": {"tree": {"lastCommit": {"pipelines": {"nodes": [
            {"id": "gid://gitlab/Ci::Pipeline/42", "stages": {"nodes": [{"name": "build", "status": "success"}, {"name": "test", "status": "failed"}]},
             "jobs": {"nodes": [{"id": "gid://gitlab/Ci::Build/9", "name": "rspec", "allowFailure": false},
                                {"id": "gid://gitlab/Ci::Build/10", "name": "lint", "allowFailure": true}]}}]}}}}});
        let (gid, d) = details_from_node(&node).unwrap();
        assert_eq!(gid, "gid://gitlab/Project/7");
        assert_eq!(d.pipeline, 42);
        assert_eq!(d.stages, [("build".to_string(), "success".to_string()), ("test".into(), "failed".into())]);
        assert_eq!(d.failed, [(9, "rspec".to_string())]);
    }

    #[test]
    fn a_refs_node_becomes_one_tile_per_wanted_ref() {
        let pipeline = |id: u64, status: &str, git_ref: &str| {
            json!({"id": format!("gid://gitlab/Ci::Pipeline/{id}"), "iid": "1", "status": status, "ref": git_ref,
                   "startedAt": null, "finishedAt": null, "duration": null, "updatedAt": "2026-01-01T12:00:00Z",
                   "commit": {"title": format!("on {git_ref}"), "authorName": "Ann"}})
        };
        let node = json!({"id": "gid://gitlab/Project/7", "fullPath": "shop/api",
            "branches": {"nodes": [pipeline(9, "RUNNING", "release/1.4"), pipeline(8, "SUCCESS", "main"),
                                   pipeline(7, "FAILED", "spike")]},
            "tags": {"nodes": [pipeline(6, "SUCCESS", "v1.4.0")]},
            "mergeRequests": {"nodes": [
                {"iid": "12", "title": "Login page", "sourceBranch": "feature/login", "headPipeline": pipeline(5, "FAILED", "refs/merge-requests/12/head")},
                {"iid": "13", "title": "Draft", "sourceBranch": "wip", "headPipeline": null}]},
            "pipelineSchedules": {"nodes": [{"id": "gid://gitlab/Ci::PipelineSchedule/3", "description": "Nightly", "ref": "main",
                "lastPipeline": pipeline(4, "FAILED", "main")}]}});
        let refs = crate::config::Refs {
            default_branch: true,
            branches: Some("^release/|^main$".into()),
            tags: Some(String::new()),
            merge_requests: true,
            schedules: true,
        };
        let tiles = ref_tiles("https://g", &node, &refs.filter().unwrap(), "main");
        let seen: Vec<(String, &str, Option<u64>)> =
            tiles.iter().map(|t| (t.ref_label(), t.status.as_str(), t.pipeline)).collect();
        // `main` is the default branch's own tile; `spike` does not match the pattern.
        assert_eq!(
            seen,
            [
                ("release/1.4".to_string(), "running", Some(9)),
                ("tag v1.4.0".to_string(), "success", Some(6)),
                ("!12 Login page".to_string(), "failed", Some(5)),
                ("!13 Draft".to_string(), "none", None),
                ("schedule Nightly (main)".to_string(), "failed", Some(4)),
            ]
        );
        assert_eq!(tiles[2].git_ref, "feature/login");
        assert_eq!((tiles[0].title.as_str(), tiles[0].author.as_str()), ("on release/1.4", "Ann"));
        assert_eq!(tiles[4].name(), "shop/api schedule Nightly (main)");
        // Every tile has its own key, kept across a round trip through the snapshot.
        let mut keys: Vec<String> = tiles.iter().map(Tile::key).collect();
        keys.dedup();
        assert_eq!(keys.len(), 5);
        for t in &tiles {
            assert_eq!(Tile::from_json(&t.to_json()).as_ref(), Some(t));
        }
        let details = json!({"id": "gid://gitlab/Project/7", "pipelines": {"nodes": [
            {"id": "gid://gitlab/Ci::Pipeline/5", "stages": {"nodes": [{"name": "test", "status": "failed"}]},
             "jobs": {"nodes": [{"id": "gid://gitlab/Ci::Build/50", "name": "e2e", "allowFailure": false}]}}]}});
        let d = ref_details_from_node(&details);
        assert_eq!((d.len(), d[0].pipeline, d[0].failed.clone()), (1, 5, vec![(50, "e2e".to_string())]));
    }

    #[test]
    fn failing_first_then_running_then_the_rest() {
        let mut tiles = vec![
            tile("g/c", "success"),
            tile("g/b", "running"),
            tile("g/z", "failed"),
            tile("g/a", "failed"),
            tile("g/d", "pending"),
        ];
        sort(&mut tiles);
        let order: Vec<&str> = tiles.iter().map(|t| t.project.as_str()).collect();
        assert_eq!(order, ["g/a", "g/z", "g/b", "g/d", "g/c"]);
    }

    #[test]
    fn the_filter_reads_paths_and_failed_job_names() {
        let mut t = tile("team/api", "failed");
        t.details = Some(Details { pipeline: 1, stages: vec![], failed: vec![(9, "Integration-Tests".into())] });
        assert!(t.matches("api") && t.matches("integration") && t.matches(""));
        assert!(!t.matches("web"));
    }

    #[test]
    fn changes_and_transitions_between_polls() {
        let mut old = vec![tile("g/a", "running"), tile("g/b", "failed"), tile("g/c", "success")];
        carry_settled(&[], &mut old);
        let mut new =
            vec![tile("g/a", "failed"), tile("g/b", "success"), tile("g/c", "success"), tile("g/d", "success")];
        carry_settled(&old, &mut new);
        let changed: Vec<&str> = changed(&old, &new).iter().map(|t| t.project.as_str()).collect();
        // `g/c` is unchanged but has no details yet, so it is asked for once.
        assert_eq!(changed, ["g/a", "g/b", "g/c", "g/d"]);
        let named: Vec<(String, bool)> = transitions(&old, &new).into_iter().map(|t| (t.name, t.failed)).collect();
        assert_eq!(named, [("g/a".to_string(), true), ("g/b".to_string(), false)]);
        let mut with = old.clone();
        with[2].details = Some(Details { pipeline: 1, ..Default::default() });
        carry_details(&with, &mut new);
        assert!(new[2].details.is_some() && new[0].details.is_none());
        let changed: Vec<&str> = super::changed(&with, &new).iter().map(|t| t.project.as_str()).collect();
        assert_eq!(changed, ["g/a", "g/b", "g/d"]);
    }

    #[test]
    fn a_running_pipeline_between_two_finished_ones_does_not_hide_the_change() {
        // (statuses poll by poll, what is told at the last poll)
        let cases = [
            (["failed", "running", "success"], Some(false)),
            (["failed", "running", "failed"], None),
            (["success", "running", "failed"], Some(true)),
            (["running", "pending", "failed"], Some(true)),
            (["canceled", "running", "success"], None),
            (["success", "running", "success"], None),
        ];
        for (statuses, told) in cases {
            let mut polls: Vec<Vec<Tile>> = Vec::new();
            for st in statuses {
                let mut next = vec![tile("g/a", st)];
                carry_settled(polls.last().map_or(&[][..], |p| &p[..]), &mut next);
                polls.push(next);
            }
            let last = transitions(&polls[1], &polls[2]);
            assert_eq!(last.first().map(|t| t.failed), told, "{statuses:?}");
            assert!(transitions(&polls[0], &polls[1]).is_empty(), "{statuses:?}: nothing while it runs");
            let round_trip = Tile::from_json(&polls[1][0].to_json()).unwrap();
            assert_eq!(round_trip.settled, polls[1][0].settled, "kept in the shared snapshot");
        }
    }
}
