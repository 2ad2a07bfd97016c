use serde::{Deserialize, Serialize};

/// `GET /projects/:id/repository/compare`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Compare {
    #[serde(default)]
    pub commit: Option<Commit>,
    #[serde(default)]
    pub commits: Vec<Commit>,
    #[serde(default)]
    pub diffs: Vec<Diff>,
    #[serde(default)]
    pub compare_timeout: bool,
    #[serde(default)]
    pub compare_same_ref: bool,
    #[serde(default)]
    pub web_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    pub id: String,
    pub short_id: String,
    pub title: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub author_name: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub parent_ids: Vec<String>,
    #[serde(default)]
    pub web_url: Option<String>,
}

/// One changed file (compare `diffs`, merge request `changes`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub old_path: String,
    pub new_path: String,
    #[serde(default)]
    pub a_mode: Option<String>,
    #[serde(default)]
    pub b_mode: Option<String>,
    #[serde(default)]
    pub diff: String,
    #[serde(default)]
    pub new_file: bool,
    #[serde(default)]
    pub renamed_file: bool,
    #[serde(default)]
    pub deleted_file: bool,
}

/// `POST /projects/:id/ci/lint` (`lib/api/entities/ci/lint/result.rb`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LintResult {
    pub valid: bool,
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default)]
    pub merged_yaml: Option<String>,
    #[serde(default)]
    pub includes: Vec<serde_json::Value>,
    /// Only with `include_jobs=true`.
    #[serde(default)]
    pub jobs: Vec<LintJob>,
}

/// A job as CI lint lists it (`only`/`except`/`needs` are absent in dry runs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LintJob {
    pub name: String,
    pub stage: String,
    #[serde(default)]
    pub when: Option<String>,
    #[serde(default)]
    pub allow_failure: bool,
    #[serde(default)]
    pub needs: Option<serde_json::Value>,
}
