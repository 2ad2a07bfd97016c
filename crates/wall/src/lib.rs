//! The team wall and the batch run without a browser (the web app's `features/wall` draws them and talks to
//! GitLab): `config` (what a wall shows: sources, refs, patterns; JSON, YAML and share link), `tiles` (a
//! ref's tile from GitLab's answers, order, filter, what changed, what to tell), `poll` (pace, backoff, page
//! size under GitLab's complexity limit), `lease` (which tab polls), `layout` (kiosk grid, screen split),
//! `snapshot` (one look's result, shared between tabs), `batch` (the batch run: rows, plan, results as
//! YAML), `yaml` (YAML in and out of exports and imports).

pub mod batch;
pub mod config;
pub mod layout;
pub mod lease;
pub mod poll;
pub mod snapshot;
pub mod tiles;
pub mod yaml;
