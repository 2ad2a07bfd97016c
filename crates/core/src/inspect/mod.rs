//! What front ends show, computed once here so the web app and the CLI hold no CI semantics: a job's view
//! (evaluated values, resolved definition, runner script lines, effective variables with their origin),
//! the job paths that name jobs across child pipelines, and the merged YAML (GitLab's "full configuration").

pub mod job;
pub mod merged;
pub mod path;
pub mod variables;

pub use job::{find, jobs, jobs_of, JobView, Scripts};
pub use path::JobPath;
pub use variables::{Origin, Variable};
