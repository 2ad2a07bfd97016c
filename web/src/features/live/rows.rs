//! The few fields the live pages show, read from GitLab's JSON (`doc/api/projects.md`, `doc/api/pipelines.md`). Missing or odd fields read as empty, never as an error: a newer or older GitLab may
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
}
