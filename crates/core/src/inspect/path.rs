//! The one place that names a job across a pipeline and its child pipelines: `job` in the pipeline itself,
//! `trigger/job` in the child pipeline of `trigger`, `trigger/inner/job` one level deeper. The web app's
//! selection, highlight and open-child sets, and the CLI's `--children`, all use these paths.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct JobPath {
    /// The full path; for a prefix (the pipeline a job is in) it is empty or ends with `/`.
    path: String,
    /// How many trigger jobs lead to it.
    depth: usize,
}

impl JobPath {
    /// The prefix of the pipeline itself.
    pub fn root() -> Self {
        JobPath::default()
    }

    /// A job of the pipeline this prefix names.
    pub fn job(&self, name: &str) -> JobPath {
        JobPath { path: format!("{}{name}", self.path), depth: self.depth }
    }

    /// The prefix of a trigger job's child pipeline, when this is a prefix.
    pub fn child(&self, trigger: &str) -> JobPath {
        JobPath { path: format!("{}{trigger}/", self.path), depth: self.depth + 1 }
    }

    /// The prefix of the child pipeline this trigger job starts.
    pub fn as_prefix(&self) -> JobPath {
        JobPath { path: format!("{}/", self.path), depth: self.depth + 1 }
    }

    pub fn as_str(&self) -> &str {
        &self.path
    }

    /// Whether the job is in a child pipeline.
    pub fn is_child(&self) -> bool {
        self.depth > 0
    }
}

impl fmt::Display for JobPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_nest_with_slashes() {
        let root = JobPath::root();
        assert_eq!(root.job("build").as_str(), "build");
        assert!(!root.job("build").is_child());
        let kid = root.job("kid");
        let inner = kid.as_prefix().job("inner");
        assert_eq!(inner.as_str(), "kid/inner");
        assert!(inner.is_child());
        assert_eq!(root.child("kid").child("deeper").job("x").as_str(), "kid/deeper/x");
    }
}
