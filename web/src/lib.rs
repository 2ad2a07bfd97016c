//! pipelens in the browser. Two wasm modules share this library (see `app`): the editor (`src/main.rs`,
//! `index.html`) and the GitLab pages (`src/bin/pipelens-gitlab.rs`, `gitlab.html`). Each page is a feature
//! under `features/`; the routes are in `route.rs`.

pub mod app;
pub mod features;
pub mod hooks;
pub mod route;
pub mod services;
