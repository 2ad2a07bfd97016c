//! The few fields the live pages show, read from GitLab's JSON (`doc/api/projects.md`, `doc/api/pipelines.md`,
//! `doc/api/jobs.md`). Missing or odd fields read as empty, never as an error: a newer or older GitLab may
//! send more or less. Plain Rust, tested natively.

use serde_json::Value;

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectRow {
    pub path: String,
    pub last_activity: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PipelineRow {
    pub id: u64,
    /// GitLab's REST spelling (lowercase), whatever the value.
    pub status: String,
    pub git_ref: String,
    pub source: String,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct JobRow {
    pub id: u64,
    pub name: String,
    pub stage: String,
    pub status: String,
    /// Whole seconds.
    pub duration: Option<u64>,
    /// A trigger job (bridge).
    pub bridge: bool,
}

pub fn project(v: &Value) -> Option<ProjectRow> {
    Some(ProjectRow {
        path: v["path_with_namespace"].as_str()?.to_string(),
        last_activity: text(v, "last_activity_at"),
    })
}

pub fn pipeline(v: &Value) -> Option<PipelineRow> {
    Some(PipelineRow {
        id: v["id"].as_u64()?,
        status: text(v, "status"),
        git_ref: text(v, "ref"),
        source: text(v, "source"),
        created_at: text(v, "created_at"),
    })
}

pub fn job(v: &Value, bridge: bool) -> Option<JobRow> {
    Some(JobRow {
        id: v["id"].as_u64()?,
        name: v["name"].as_str()?.to_string(),
        stage: text(v, "stage"),
        status: text(v, "status"),
        duration: v["duration"].as_f64().filter(|d| d.is_finite() && *d >= 0.0).map(|d| d.round() as u64),
        bridge,
    })
}

/// A pipeline's jobs, then its trigger jobs, each oldest first (GitLab lists them newest first). Reversed
/// rather than sorted: a sort would add its code to the bundle for what the API already orders.
pub fn jobs(jobs: &[Value], bridges: &[Value]) -> Vec<JobRow> {
    let jobs = jobs.iter().rev().filter_map(|j| job(j, false));
    jobs.chain(bridges.iter().rev().filter_map(|b| job(b, true))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_fields_shown_and_tolerates_the_rest() {
        let p = json!({"id": 7, "path_with_namespace": "g/p", "last_activity_at": "2026-01-01T00:00:00Z", "extra": 1});
        assert_eq!(
            project(&p).unwrap(),
            ProjectRow { path: "g/p".into(), last_activity: "2026-01-01T00:00:00Z".into() }
        );
        assert_eq!(project(&json!({"id": 7})), None, "a project without a path is skipped");
        let pl = json!({"id": 12, "status": "waiting_for_callback", "ref": "main", "source": "push"});
        let row = pipeline(&pl).unwrap();
        assert_eq!(
            (row.id, row.status.as_str(), row.git_ref.as_str(), row.created_at.as_str()),
            (12, "waiting_for_callback", "main", "")
        );
    }

    #[test]
    fn jobs_then_bridges_oldest_first_with_whole_seconds() {
        // As `GET .../jobs` and `.../bridges` list them: newest (highest id) first.
        let jobs_json = [
            json!({"id": 3, "name": "test", "stage": "test", "status": "running", "duration": 12.6}),
            json!({"id": 1, "name": "build", "stage": "build", "status": "success", "duration": null}),
        ];
        let bridges = [
            json!({"id": 5, "name": "deploy-b", "stage": "deploy", "status": "created"}),
            json!({"id": 4, "name": "deploy-a", "stage": "deploy", "status": "created"}),
        ];
        let rows = jobs(&jobs_json, &bridges);
        let names: Vec<(&str, bool, Option<u64>)> =
            rows.iter().map(|r| (r.name.as_str(), r.bridge, r.duration)).collect();
        let expected =
            [("build", false, None), ("test", false, Some(13)), ("deploy-a", true, None), ("deploy-b", true, None)];
        assert_eq!(names, expected);
        assert_eq!(job(&json!({"id": 1, "name": "x", "duration": -3.0}), false).unwrap().duration, None);
    }
}
