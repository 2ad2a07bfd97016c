//! Predict, then run (`#/gitlab/<project>/-/pipelines/new`, GitLab's own "Run pipeline" path): the pipeline GitLab
//! would create for a branch, tag or merge request, GitLab's dry run beside it, and after Run the differences
//! from the created pipeline. *Must not know:* other features (it draws with `graph`), CI semantics (core and
//! `pipelens-predict` decide and compare), the token beyond handing the connection to the client.

mod page;
pub mod state;

pub use page::PredictPage;
