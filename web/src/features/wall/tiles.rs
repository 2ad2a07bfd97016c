//! A tile: one project's default branch and its latest pipeline, read from the wall documents' JSON; the
//! wall's order (failing first, then running, then the rest), the text filter, grouping, and what changed
//! between two polls. Pure.

use serde_json::{json, Value};
use std::collections::HashMap;

/// One project on the wall.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Tile {
    /// The instance's base URL.
    pub instance: String,
    /// `gid://gitlab/Project/<n>`.
    pub gid: String,
    pub project: String,
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
        let project = node["fullPath"].as_str()?.to_string();
        let repository = &node["repository"];
        let commit = &repository["tree"]["lastCommit"];
        let pipeline = &commit["pipelines"]["nodes"][0];
        let status = pipeline["status"].as_str().map(str::to_ascii_lowercase).unwrap_or_else(|| "none".into());
        Some(Tile {
            instance: instance.to_string(),
            gid: s(&node["id"]),
            project,
            git_ref: pipeline["ref"].as_str().or(repository["rootRef"].as_str()).unwrap_or_default().to_string(),
            status,
            pipeline: pipeline["id"].as_str().and_then(gid_number),
            title: s(&commit["title"]),
            author: s(&commit["authorName"]),
            started_at: pipeline["startedAt"].as_str().map(String::from),
            finished_at: pipeline["finishedAt"].as_str().map(String::from),
            duration: pipeline["duration"].as_u64(),
            updated_at: s(&pipeline["updatedAt"]),
            details: None,
        })
    }

    /// Instance and project: a tile's identity across polls.
    pub fn key(&self) -> String {
        format!("{}\n{}", self.instance, self.project)
    }

    /// What a poll compares: a new pipeline, a new status or a new update time needs new details.
    pub fn version(&self) -> (Option<u64>, &str, &str) {
        (self.pipeline, &self.status, &self.updated_at)
    }

    /// The project's namespace.
    pub fn group(&self) -> &str {
        self.project.rsplit_once('/').map(|(g, _)| g).unwrap_or("")
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
        json!({"i": self.instance, "g": self.gid, "p": self.project, "r": self.git_ref, "s": self.status,
               "id": self.pipeline, "t": self.title, "a": self.author, "sa": self.started_at,
               "fa": self.finished_at, "d": self.duration, "u": self.updated_at, "x": details})
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
    Some((s(&node["id"]), Details { pipeline: gid_number(pipeline["id"].as_str()?)?, stages, failed }))
}

/// The wall's order: failing, running, the rest; by path within each.
pub fn sort(tiles: &mut [Tile]) {
    tiles.sort_by(|a, b| {
        a.rank().cmp(&b.rank()).then_with(|| a.project.cmp(&b.project)).then_with(|| a.instance.cmp(&b.instance))
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

/// A pipeline that newly failed, or a project that recovered from a failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transition {
    Failed(String),
    Recovered(String),
}

/// What to notify between two polls (nothing on the first one).
pub fn transitions(old: &[Tile], new: &[Tile]) -> Vec<Transition> {
    let before: HashMap<String, &Tile> = old.iter().map(|t| (t.key(), t)).collect();
    new.iter()
        .filter_map(|t| {
            let o = before.get(&t.key())?;
            if t.failing() && !o.failing() {
                Some(Transition::Failed(t.project.clone()))
            } else if o.failing() && t.status == "success" {
                Some(Transition::Recovered(t.project.clone()))
            } else {
                None
            }
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
        let old = vec![tile("g/a", "running"), tile("g/b", "failed"), tile("g/c", "success")];
        let mut new =
            vec![tile("g/a", "failed"), tile("g/b", "success"), tile("g/c", "success"), tile("g/d", "success")];
        let changed: Vec<&str> = changed(&old, &new).iter().map(|t| t.project.as_str()).collect();
        // `g/c` is unchanged but has no details yet, so it is asked for once.
        assert_eq!(changed, ["g/a", "g/b", "g/c", "g/d"]);
        assert_eq!(transitions(&old, &new), [Transition::Failed("g/a".into()), Transition::Recovered("g/b".into())]);
        let mut with = old.clone();
        with[2].details = Some(Details { pipeline: 1, ..Default::default() });
        carry_details(&with, &mut new);
        assert!(new[2].details.is_some() && new[0].details.is_none());
        let changed: Vec<&str> = super::changed(&with, &new).iter().map(|t| t.project.as_str()).collect();
        assert_eq!(changed, ["g/a", "g/b", "g/d"]);
    }
}
