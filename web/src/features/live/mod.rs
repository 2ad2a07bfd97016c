//! GitLab pipelines and jobs as they run. Not connected yet: a GitLab route shows what it names and says so.

mod not_connected;

pub use not_connected::NotConnected;
