use serde::{Deserialize, Serialize};

/// `GET /projects/:id` and the list entries (`simple=true` gives a subset, hence the defaults).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: u64,
    pub name: String,
    pub path: String,
    pub path_with_namespace: String,
    #[serde(default)]
    pub name_with_namespace: String,
    #[serde(default)]
    pub default_branch: Option<String>,
    pub web_url: String,
    /// Custom CI configuration path; absent or empty means `.gitlab-ci.yml`.
    #[serde(default)]
    pub ci_config_path: Option<String>,
    #[serde(default)]
    pub namespace: Option<Namespace>,
    #[serde(default)]
    pub last_activity_at: Option<String>,
    #[serde(default)]
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Namespace {
    pub id: u64,
    pub name: String,
    pub path: String,
    pub full_path: String,
    #[serde(default)]
    pub kind: String,
}

impl Project {
    /// The CI configuration file to read: `ci_config_path` when set, else `.gitlab-ci.yml`.
    pub fn config_path(&self) -> &str {
        match self.ci_config_path.as_deref() {
            Some(p) if !p.is_empty() => p,
            _ => ".gitlab-ci.yml",
        }
    }
}
