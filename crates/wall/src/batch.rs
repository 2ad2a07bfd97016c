//! The batch run: one ref (with variables) triggered in many projects, each pipeline watched, a value
//! pulled out of one job's log per project (the image tag by default), and the results as YAML. Pure and
//! tested natively; the page (`batch_page.rs`) sends what [`Batch::plan`] asks for and reports the answers
//! back through the methods here, saving the batch after each change.
//!
//! A row goes `queued → creating → created(pipeline) → running → finished(status) → extracting →
//! value | no match | error`, or `creating → failed(GitLab's message)`. A creation whose answer is unknown
//! (the page was reloaded while it was sent, GitLab answered 429/5xx, unreadably or not at all) becomes
//! `unsure`: the page looks for the newest API pipeline on the ref created since the row was sent (with
//! [`CLOCK_SKEW_MS`] of slack between this browser's clock and GitLab's) and adopts it, or creates again
//! only when there is none. So a reload never creates a second pipeline for a row whose first one exists.

use crate::yaml::quote;
use pipelens_core::live::LiveStatus;
use pipelens_gitlab_api::ApiError;
use pipelens_joblog::Extractor;
use serde_json::{json, Value};

/// Creations (and `unsure` look-ups) in flight at once.
pub const MAX_CREATING: usize = 4;
/// Pipelines looked at per poll (one REST request each), the ones looked at longest ago first.
pub const WATCH_PER_POLL: usize = 10;
/// Logs read at once (two requests each: the pipeline's jobs, the job's log).
pub const MAX_EXTRACTING: usize = 4;
/// Projects in one batch at most.
pub const MAX_ROWS: usize = 200;
/// Variables at most, and the longest value kept.
pub const MAX_VARIABLES: usize = 50;
/// Slack allowed between this browser's clock and GitLab's when adopting a pipeline after a reload.
pub const CLOCK_SKEW_MS: f64 = 120_000.0;
/// The pause between polls while pipelines run, before backoff.
pub const POLL_MS: u32 = 5_000;

/// Where one project's row is.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Queued,
    Creating,
    /// Sent, answer unknown: look for the pipeline before creating again.
    Unsure,
    Created {
        pipeline: u64,
    },
    Running {
        pipeline: u64,
        status: String,
    },
    Finished {
        pipeline: u64,
        status: String,
    },
    Extracting {
        pipeline: u64,
        status: String,
    },
    Value {
        pipeline: u64,
        status: String,
        value: String,
    },
    NoMatch {
        pipeline: u64,
        status: String,
    },
    /// The pipeline ran but its job or log could not be read.
    Error {
        pipeline: u64,
        status: String,
        message: String,
    },
    /// GitLab refused to create the pipeline (its message).
    Failed {
        message: String,
    },
}

impl State {
    /// The name in `data-state` and in storage.
    pub fn name(&self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::Creating => "creating",
            State::Unsure => "unsure",
            State::Created { .. } => "created",
            State::Running { .. } => "running",
            State::Finished { .. } => "finished",
            State::Extracting { .. } => "extracting",
            State::Value { .. } => "value",
            State::NoMatch { .. } => "no-match",
            State::Error { .. } => "error",
            State::Failed { .. } => "failed",
        }
    }

    pub fn pipeline(&self) -> Option<u64> {
        match self {
            State::Created { pipeline }
            | State::Running { pipeline, .. }
            | State::Finished { pipeline, .. }
            | State::Extracting { pipeline, .. }
            | State::Value { pipeline, .. }
            | State::NoMatch { pipeline, .. }
            | State::Error { pipeline, .. } => Some(*pipeline),
            _ => None,
        }
    }

    /// The pipeline's status as last seen.
    pub fn status(&self) -> Option<&str> {
        match self {
            State::Running { status, .. }
            | State::Finished { status, .. }
            | State::Extracting { status, .. }
            | State::Value { status, .. }
            | State::NoMatch { status, .. }
            | State::Error { status, .. } => Some(status),
            _ => None,
        }
    }

    /// Nothing more happens to the row.
    pub fn done(&self) -> bool {
        matches!(self, State::Value { .. } | State::NoMatch { .. } | State::Error { .. } | State::Failed { .. })
    }

    fn to_json(&self) -> Value {
        let mut v = json!({"state": self.name()});
        if let Some(p) = self.pipeline() {
            v["pipeline"] = json!(p);
        }
        if let Some(s) = self.status() {
            v["status"] = json!(s);
        }
        match self {
            State::Value { value, .. } => v["value"] = json!(value),
            State::Error { message, .. } | State::Failed { message } => v["message"] = json!(message),
            _ => {}
        }
        v
    }

    fn from_json(v: &Value) -> Option<State> {
        let pipeline = || v["pipeline"].as_u64();
        let text = |k: &str| v[k].as_str().map(str::to_string);
        Some(match v["state"].as_str()? {
            "queued" => State::Queued,
            "creating" => State::Creating,
            "unsure" => State::Unsure,
            "created" => State::Created { pipeline: pipeline()? },
            "running" => State::Running { pipeline: pipeline()?, status: text("status")? },
            "finished" => State::Finished { pipeline: pipeline()?, status: text("status")? },
            "extracting" => State::Extracting { pipeline: pipeline()?, status: text("status")? },
            "value" => State::Value { pipeline: pipeline()?, status: text("status")?, value: text("value")? },
            "no-match" => State::NoMatch { pipeline: pipeline()?, status: text("status")? },
            "error" => State::Error { pipeline: pipeline()?, status: text("status")?, message: text("message")? },
            "failed" => State::Failed { message: text("message")? },
            _ => return None,
        })
    }
}

/// One project of the batch.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Full path (`group/project`).
    pub project: String,
    pub state: State,
    /// When its creation was last sent (ms since the epoch), for adopting its pipeline after a reload.
    pub sent_ms: f64,
    /// When its pipeline was last looked at, so that each poll looks at the longest-unseen ones.
    pub looked_ms: f64,
}

/// What the page should send next.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Rows whose pipeline to create.
    pub create: Vec<usize>,
    /// `unsure` rows: look for their pipeline before creating again.
    pub lookup: Vec<usize>,
    /// Rows whose pipeline to look at (when a poll is due).
    pub watch: Vec<usize>,
    /// Rows whose job log to read.
    pub extract: Vec<usize>,
}

/// A batch run, as saved in `localStorage` (no token: the instance's address only).
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    /// The GitLab instance's base URL; its connection (and token) comes from the connections.
    pub instance: String,
    pub git_ref: String,
    pub variables: Vec<(String, String)>,
    /// The job whose log holds the value.
    pub job: String,
    pub pattern: String,
    pub started_ms: f64,
    pub rows: Vec<Row>,
    /// Polls in a row that GitLab refused with 429/5xx or did not answer (for backoff).
    pub failures: u32,
    /// When the next poll is due.
    pub next_poll_ms: f64,
}

/// `KEY=value` lines (blank lines skipped) as variables, or the first bad line.
pub fn parse_variables(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!("Variables, line {}: write KEY=value.", n + 1));
        };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("Variables, line {}: a key has only letters, digits and _.", n + 1));
        }
        out.push((key.to_string(), value.to_string()));
    }
    if out.len() > MAX_VARIABLES {
        return Err(format!("{} variables; at most {MAX_VARIABLES} are allowed.", out.len()));
    }
    Ok(out)
}

/// The projects' full paths, one per line or separated by spaces or commas; duplicates dropped.
pub fn parse_projects(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in text.split(|c: char| c.is_whitespace() || c == ',') {
        let p = p.trim_matches('/');
        if !p.is_empty() && !out.iter().any(|q| q == p) {
            out.push(p.to_string());
        }
    }
    out
}

fn valid_path(p: &str) -> bool {
    p.contains('/') && p.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c))
}

impl Batch {
    /// A new batch, every row queued; or what is wrong with the form.
    pub fn new(
        instance: &str,
        projects: &[String],
        git_ref: &str,
        variables: Vec<(String, String)>,
        job: &str,
        pattern: &str,
        now_ms: f64,
    ) -> Result<Batch, String> {
        if projects.is_empty() {
            return Err("Choose at least one project.".into());
        }
        if projects.len() > MAX_ROWS {
            return Err(format!("{} projects; at most {MAX_ROWS} in one batch.", projects.len()));
        }
        if let Some(bad) = projects.iter().find(|p| !valid_path(p)) {
            return Err(format!("Not a project's full path (group/project): {bad}"));
        }
        if git_ref.trim().is_empty() {
            return Err("Enter a branch or tag.".into());
        }
        if job.trim().is_empty() {
            return Err("Enter the job whose log holds the value.".into());
        }
        Extractor::new(pattern)?;
        Ok(Batch {
            instance: instance.to_string(),
            git_ref: git_ref.trim().to_string(),
            variables,
            job: job.trim().to_string(),
            pattern: pattern.to_string(),
            started_ms: now_ms,
            rows: projects
                .iter()
                .map(|p| Row { project: p.clone(), state: State::Queued, sent_ms: 0.0, looked_ms: 0.0 })
                .collect(),
            failures: 0,
            next_poll_ms: 0.0,
        })
    }

    /// After a reload: creations in flight become `unsure` (looked up, not sent again), extractions start
    /// over (they only read).
    pub fn resume(&mut self) {
        for r in &mut self.rows {
            r.state = match std::mem::replace(&mut r.state, State::Queued) {
                State::Creating => State::Unsure,
                State::Extracting { pipeline, status } => State::Finished { pipeline, status },
                other => other,
            };
        }
    }

    /// Rows done, of all.
    pub fn progress(&self) -> (usize, usize) {
        (self.rows.iter().filter(|r| r.state.done()).count(), self.rows.len())
    }

    pub fn finished(&self) -> bool {
        self.rows.iter().all(|r| r.state.done())
    }

    /// What to send now. Creations and look-ups share [`MAX_CREATING`] slots; pipelines are looked at
    /// when a poll is due, at most [`WATCH_PER_POLL`]; logs at most [`MAX_EXTRACTING`] at once.
    pub fn plan(&self, now_ms: f64) -> Plan {
        let count = |f: fn(&State) -> bool| self.rows.iter().filter(|r| f(&r.state)).count();
        // While GitLab is busy (429/5xx), nothing new is sent before the backoff's pause ends.
        let backing_off = self.failures > 0 && now_ms < self.next_poll_ms;
        let mut slots =
            if backing_off { 0 } else { MAX_CREATING.saturating_sub(count(|s| matches!(s, State::Creating))) };
        let mut plan = Plan::default();
        for (i, r) in self.rows.iter().enumerate() {
            if slots == 0 {
                break;
            }
            if r.state == State::Unsure {
                plan.lookup.push(i);
                slots -= 1;
            }
        }
        for (i, r) in self.rows.iter().enumerate() {
            if slots == 0 {
                break;
            }
            if r.state == State::Queued {
                plan.create.push(i);
                slots -= 1;
            }
        }
        if now_ms >= self.next_poll_ms {
            let mut left: Vec<usize> = (0..self.rows.len())
                .filter(|&i| matches!(self.rows[i].state, State::Created { .. } | State::Running { .. }))
                .collect();
            // The longest-unseen first, earlier rows first among equals (a selection: a sort would add
            // its code to the bundle for at most 200 rows).
            while plan.watch.len() < WATCH_PER_POLL && !left.is_empty() {
                let mut best = 0;
                for k in 1..left.len() {
                    if self.rows[left[k]].looked_ms < self.rows[left[best]].looked_ms {
                        best = k;
                    }
                }
                plan.watch.push(left.remove(best));
            }
        }
        let extracting = if backing_off { MAX_EXTRACTING } else { count(|s| matches!(s, State::Extracting { .. })) };
        plan.extract = (0..self.rows.len())
            .filter(|&i| matches!(self.rows[i].state, State::Finished { .. }))
            .take(MAX_EXTRACTING.saturating_sub(extracting))
            .collect();
        plan
    }

    /// The creation of row `i` is being sent.
    pub fn sending(&mut self, i: usize, now_ms: f64) {
        if let Some(r) = self.rows.get_mut(i) {
            r.state = State::Creating;
            r.sent_ms = now_ms;
        }
    }

    /// GitLab created row `i`'s pipeline (or a look-up found it).
    pub fn created(&mut self, i: usize, pipeline: u64) {
        if let Some(r) = self.rows.get_mut(i) {
            r.state = State::Created { pipeline };
        }
    }

    /// GitLab refused row `i`'s pipeline, with its message.
    pub fn refused(&mut self, i: usize, message: String) {
        if let Some(r) = self.rows.get_mut(i) {
            r.state = State::Failed { message };
        }
    }

    /// Row `i`'s creation got no usable answer (429, 5xx, the network): look before creating again.
    pub fn unsure(&mut self, i: usize) {
        if let Some(r) = self.rows.get_mut(i) {
            r.state = State::Unsure;
        }
    }

    /// A creation or look-up for row `i` failed with `error`: GitLab busy (429, 5xx, no answer) or an
    /// answer that cannot be read (the pipeline may exist) make the row `unsure`, looked up before anything
    /// is sent again, after a backoff when busy; anything else is GitLab's refusal, `message` on the row.
    pub fn creation_failed(&mut self, i: usize, error: &ApiError, message: String, now_ms: f64) {
        if busy(error) {
            self.unsure(i);
            self.polled(true, now_ms);
        } else if matches!(error, ApiError::Malformed { .. }) {
            self.unsure(i);
        } else {
            self.refused(i, message);
        }
    }

    /// A look-up for an `unsure` row: its pipeline, or none (it is created again).
    pub fn looked_up(&mut self, i: usize, found: Option<u64>) {
        if let Some(r) = self.rows.get_mut(i) {
            r.state = match found {
                Some(pipeline) => State::Created { pipeline },
                None => State::Queued,
            };
        }
    }

    /// The newest pipeline in a project's `GET …/pipelines?ref=…&source=api&order_by=id` answer that was
    /// created since row `i` was sent (allowing for clock skew), to adopt after a reload.
    pub fn adoptable(&self, i: usize, pipelines: &[Value]) -> Option<u64> {
        let since = self.rows.get(i)?.sent_ms - CLOCK_SKEW_MS;
        pipelines
            .iter()
            .filter(|p| p["ref"].as_str() == Some(self.git_ref.as_str()))
            .filter(|p| p["created_at"].as_str().and_then(iso_ms).is_some_and(|t| t >= since))
            .filter_map(|p| p["id"].as_u64())
            .max()
    }

    /// Row `i`'s pipeline has `status` now.
    pub fn status(&mut self, i: usize, status: &str, now_ms: f64) {
        if let Some(r) = self.rows.get_mut(i) {
            r.looked_ms = now_ms;
            let Some(pipeline) = r.state.pipeline() else { return };
            let s = LiveStatus::parse(status);
            // A pipeline held at a manual job will not move by itself: its earlier jobs' logs are read.
            r.state = if s.is_completed() || status == "manual" {
                State::Finished { pipeline, status: status.to_string() }
            } else {
                State::Running { pipeline, status: status.to_string() }
            };
        }
    }

    /// A poll ended: backoff after 429/5xx/no answer, the normal pace otherwise.
    pub fn polled(&mut self, throttled: bool, now_ms: f64) {
        self.failures = if throttled { self.failures.saturating_add(1) } else { 0 };
        self.next_poll_ms = now_ms + f64::from(crate::poll::next_delay(POLL_MS, true, self.failures));
    }

    /// Row `i`'s log is being read.
    pub fn extracting(&mut self, i: usize) {
        if let Some(r) = self.rows.get_mut(i) {
            if let State::Finished { pipeline, status } = &r.state {
                r.state = State::Extracting { pipeline: *pipeline, status: status.clone() };
            }
        }
    }

    /// What reading row `i`'s log gave: the value, no match, or why it could not be read.
    pub fn extracted(&mut self, i: usize, result: Result<Option<String>, String>) {
        if let Some(r) = self.rows.get_mut(i) {
            let (Some(pipeline), Some(status)) = (r.state.pipeline(), r.state.status().map(str::to_string)) else {
                return;
            };
            r.state = match result {
                Ok(Some(value)) => State::Value { pipeline, status, value },
                Ok(None) => State::NoMatch { pipeline, status },
                Err(message) => State::Error { pipeline, status, message },
            };
        }
    }

    /// Row `i`'s pipeline could not be read (deleted, access lost): an error on the row.
    pub fn lost(&mut self, i: usize, message: String) {
        if let Some(r) = self.rows.get_mut(i) {
            if let Some(pipeline) = r.state.pipeline() {
                let status = r.state.status().unwrap_or("unknown").to_string();
                r.state = State::Error { pipeline, status, message };
            }
        }
    }

    /// Reading row `i`'s log met a busy GitLab: read it again later.
    pub fn retry_extract(&mut self, i: usize) {
        if let Some(r) = self.rows.get_mut(i) {
            if let State::Extracting { pipeline, status } = &r.state {
                r.state = State::Finished { pipeline: *pipeline, status: status.clone() };
            }
        }
    }

    /// "Retry failed": rows whose creation GitLab refused are queued again; the others are untouched.
    /// Returns how many.
    pub fn retry_failed(&mut self) -> usize {
        let mut n = 0;
        for r in &mut self.rows {
            if matches!(r.state, State::Failed { .. }) {
                r.state = State::Queued;
                n += 1;
            }
        }
        n
    }

    pub fn to_json(&self) -> Value {
        json!({
            "instance": self.instance, "ref": self.git_ref,
            "variables": self.variables.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
            "job": self.job, "pattern": self.pattern, "started": self.started_ms,
            "failures": self.failures, "next_poll": self.next_poll_ms,
            "rows": self.rows.iter().map(|r| {
                let mut v = r.state.to_json();
                v["project"] = json!(r.project);
                v["sent"] = json!(r.sent_ms);
                v["looked"] = json!(r.looked_ms);
                v
            }).collect::<Vec<_>>(),
        })
    }

    /// A saved batch; `None` when it is not one (an older or damaged save).
    pub fn from_json(v: &Value) -> Option<Batch> {
        let text = |k: &str| v[k].as_str().map(str::to_string);
        let mut variables = Vec::new();
        for pair in v["variables"].as_array()? {
            variables.push((pair[0].as_str()?.to_string(), pair[1].as_str()?.to_string()));
        }
        let mut rows = Vec::new();
        for r in v["rows"].as_array()? {
            rows.push(Row {
                project: r["project"].as_str()?.to_string(),
                state: State::from_json(r)?,
                sent_ms: r["sent"].as_f64().unwrap_or_default(),
                looked_ms: r["looked"].as_f64().unwrap_or_default(),
            });
        }
        if rows.is_empty() || rows.len() > MAX_ROWS {
            return None;
        }
        Some(Batch {
            instance: text("instance")?,
            git_ref: text("ref")?,
            variables,
            job: text("job")?,
            pattern: text("pattern")?,
            started_ms: v["started"].as_f64()?,
            rows,
            failures: v["failures"].as_u64().unwrap_or_default() as u32,
            next_poll_ms: v["next_poll"].as_f64().unwrap_or_default(),
        })
    }

    /// The results as YAML, one entry per project keyed by its service name (the path's last part, or
    /// the whole path when two projects share it):
    ///
    /// ```yaml
    /// # pipelens batch run: ref "main", job "build"
    /// "api":
    ///   project: "shop/api"
    ///   version: "1.4.2"
    /// ```
    ///
    /// A project without a value has `version: null`. Every text is a double-quoted scalar (see
    /// [`quote`]), so no project name or log text can change the document's structure.
    pub fn yaml(&self) -> String {
        let mut out = format!("# pipelens batch run: ref {}, job {}\n", quote(&self.git_ref), quote(&self.job));
        for r in &self.rows {
            let short = r.project.rsplit('/').next().unwrap_or(&r.project);
            let shared = self.rows.iter().filter(|o| o.project.rsplit('/').next() == Some(short)).count() > 1;
            let key = if shared { r.project.as_str() } else { short };
            let version = match &r.state {
                State::Value { value, .. } => quote(value),
                _ => "null".to_string(),
            };
            out.push_str(&format!("{}:\n  project: {}\n  version: {version}\n", quote(key), quote(&r.project)));
        }
        out
    }
}

/// GitLab asked to slow down, is failing, or did not answer: try again later rather than give up.
pub fn busy(e: &ApiError) -> bool {
    matches!(e, ApiError::RateLimited { .. } | ApiError::Server { .. } | ApiError::Network(_) | ApiError::Timeout)
}

/// Milliseconds since the epoch of one of GitLab's times (`2024-05-01T12:00:00.000Z`, `+02:00` honoured).
pub fn iso_ms(s: &str) -> Option<f64> {
    pipelens_gitlab_api::time::epoch_seconds(s).map(|t| (t * 1000.0).round())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipelens_joblog::extract::IMAGE_TAG;

    fn five() -> Batch {
        let projects: Vec<String> = (1..=5).map(|i| format!("shop/svc-{i}")).collect();
        Batch::new(
            "https://gitlab.example.com",
            &projects,
            "main",
            vec![("A".into(), "1".into())],
            "build",
            IMAGE_TAG,
            1000.0,
        )
        .unwrap()
    }

    #[test]
    fn the_form_is_checked() {
        let p = vec!["a/b".to_string()];
        assert!(Batch::new("u", &[], "main", vec![], "build", IMAGE_TAG, 0.0).unwrap_err().contains("at least one"));
        assert!(Batch::new("u", &p, " ", vec![], "build", IMAGE_TAG, 0.0).unwrap_err().contains("branch"));
        assert!(Batch::new("u", &p, "main", vec![], "", IMAGE_TAG, 0.0).unwrap_err().contains("job"));
        assert!(Batch::new("u", &p, "main", vec![], "build", "(", 0.0).unwrap_err().contains("regular expression"));
        let bad = vec!["a/b c".to_string()];
        assert!(Batch::new("u", &bad, "main", vec![], "build", IMAGE_TAG, 0.0).unwrap_err().contains("a/b c"));
        let many: Vec<String> = (0..=MAX_ROWS).map(|i| format!("g/p{i}")).collect();
        assert!(Batch::new("u", &many, "main", vec![], "build", IMAGE_TAG, 0.0).is_err());
    }

    #[test]
    fn variables_and_projects_are_read_from_text() {
        assert_eq!(
            parse_variables("A=1\n\n B = x=y\nEMPTY=").unwrap(),
            vec![("A".into(), "1".into()), ("B".into(), " x=y".into()), ("EMPTY".into(), "".into())]
        );
        assert_eq!(parse_variables("A=1\nnope").unwrap_err(), "Variables, line 2: write KEY=value.");
        assert!(parse_variables("A-B=1").unwrap_err().contains("line 1"));
        assert_eq!(parse_projects("a/b\n a/c, a/b /a/d/ "), vec!["a/b", "a/c", "a/d"]);
    }

    #[test]
    fn creations_are_bounded_and_look_ups_come_first() {
        let mut b = five();
        let p = b.plan(0.0);
        assert_eq!(p.create, vec![0, 1, 2, 3], "four at once");
        for i in p.create {
            b.sending(i, 10.0);
        }
        assert_eq!(b.plan(0.0).create, Vec::<usize>::new(), "all slots taken");
        b.created(0, 100);
        assert_eq!(b.plan(0.0).create, vec![4]);
        b.unsure(1);
        let p = b.plan(0.0);
        assert_eq!((p.lookup, p.create), (vec![1], vec![4]));
        b.looked_up(1, None);
        assert_eq!(b.rows[1].state, State::Queued);
        b.refused(2, "400 Bad request - Reference not found".into());
        assert_eq!(b.rows[2].state.name(), "failed");
    }

    #[test]
    fn a_row_runs_to_its_value() {
        let mut b = five();
        b.sending(0, 10.0);
        b.created(0, 7);
        assert_eq!(b.plan(0.0).watch, vec![0]);
        b.status(0, "running", 20.0);
        assert_eq!(b.rows[0].state, State::Running { pipeline: 7, status: "running".into() });
        b.polled(false, 20.0);
        assert!(b.plan(21.0).watch.is_empty(), "not due before the pause");
        assert_eq!(b.plan(20.0 + f64::from(POLL_MS)).watch, vec![0]);
        b.status(0, "failed", 30.0);
        assert_eq!(b.plan(0.0).extract, vec![0], "a failed pipeline's build job may still have tagged");
        b.extracting(0);
        assert!(b.plan(0.0).extract.is_empty());
        b.extracted(0, Ok(Some("1.2.3".into())));
        assert_eq!(b.rows[0].state, State::Value { pipeline: 7, status: "failed".into(), value: "1.2.3".into() });
        assert_eq!(b.progress(), (1, 5));
        b.status(1, "success", 0.0);
        assert_eq!(b.rows[1].state, State::Queued, "no pipeline yet: nothing to update");
    }

    #[test]
    fn watching_is_bounded_and_takes_the_longest_unseen_first() {
        let projects: Vec<String> = (0..15).map(|i| format!("g/p{i}")).collect();
        let mut b = Batch::new("u", &projects, "main", vec![], "build", IMAGE_TAG, 0.0).unwrap();
        for i in 0..15 {
            b.created(i, i as u64 + 1);
        }
        let first = b.plan(0.0).watch;
        assert_eq!(first, (0..10).collect::<Vec<_>>());
        for i in first {
            b.status(i, "running", 50.0);
        }
        assert_eq!(b.plan(0.0).watch, vec![10, 11, 12, 13, 14, 0, 1, 2, 3, 4]);
    }

    #[test]
    fn backoff_after_throttling() {
        let mut b = five();
        b.polled(true, 0.0);
        b.polled(true, 0.0);
        assert_eq!(b.next_poll_ms, f64::from(POLL_MS * 4));
        b.polled(false, 0.0);
        assert_eq!(b.next_poll_ms, f64::from(POLL_MS));
    }

    #[test]
    fn a_reload_does_not_create_twice() {
        let mut b = five();
        b.sending(0, 1000.0);
        b.sending(1, 1000.0);
        b.created(1, 9);
        b.rows[2].state = State::Extracting { pipeline: 3, status: "success".into() };
        let mut back = Batch::from_json(&serde_json::from_str(&b.to_json().to_string()).unwrap()).unwrap();
        assert_eq!(back, b);
        back.resume();
        assert_eq!(back.rows[0].state, State::Unsure);
        assert_eq!(back.rows[1].state, State::Created { pipeline: 9 });
        assert_eq!(back.rows[2].state, State::Finished { pipeline: 3, status: "success".into() });
        let p = back.plan(0.0);
        assert_eq!(p.lookup, vec![0]);
        assert!(!p.create.contains(&0));
        // The look-up: the newest API pipeline on the ref created since the row was sent (less the skew).
        let sent = iso_ms("1970-01-01T00:00:01Z").unwrap();
        assert_eq!(sent, 1000.0);
        let list = json!([
            {"id": 12, "ref": "other", "created_at": "1970-01-01T00:00:02Z"},
            {"id": 11, "ref": "main", "created_at": "1970-01-01T00:00:01.500Z"},
            {"id": 10, "ref": "main", "created_at": "1970-01-01T00:00:00Z"},
        ]);
        assert_eq!(back.adoptable(0, list.as_array().unwrap()), Some(11));
        let old = json!([{"id": 4, "ref": "main", "created_at": "1969-12-31T23:50:00Z"}]);
        assert_eq!(back.adoptable(0, old.as_array().unwrap()), None, "older than the skew allows");
        back.looked_up(0, Some(11));
        assert_eq!(back.rows[0].state, State::Created { pipeline: 11 });
    }

    #[test]
    fn saved_batches_hold_no_token_and_damaged_ones_are_refused() {
        let text = five().to_json().to_string();
        assert!(!text.contains("token") && !text.contains("glpat"));
        assert_eq!(Batch::from_json(&json!({})), None);
        let mut v = five().to_json();
        v["rows"][0]["state"] = json!("exploded");
        assert_eq!(Batch::from_json(&v), None);
    }

    #[test]
    fn retry_failed_requeues_only_refused_rows() {
        let mut b = five();
        b.refused(0, "no".into());
        b.created(1, 5);
        b.extracted(1, Err("x".into()));
        b.rows[1].state = State::Error { pipeline: 5, status: "success".into(), message: "x".into() };
        assert_eq!(b.retry_failed(), 1);
        assert_eq!(b.rows[0].state, State::Queued);
        assert_eq!(b.rows[1].state.name(), "error");
    }

    #[test]
    fn a_failed_creation_is_refused_or_looked_up() {
        use pipelens_gitlab_api::Response;
        let mut b = five();
        let refusal =
            ApiError::from_status(&Response::new(400, r#"{"message":"400 Bad request - Reference not found"}"#));
        b.creation_failed(0, &refusal, "Reference not found".into(), 0.0);
        assert_eq!(b.rows[0].state, State::Failed { message: "Reference not found".into() });
        b.creation_failed(1, &ApiError::from_status(&Response::new(503, "")), String::new(), 0.0);
        assert_eq!((b.rows[1].state.name(), b.failures), ("unsure", 1), "busy: looked up after a backoff");
        assert!(b.plan(1.0).lookup.is_empty(), "nothing is sent during the backoff");
        b.creation_failed(2, &ApiError::Malformed { detail: "cut".into() }, String::new(), 0.0);
        assert_eq!((b.rows[2].state.name(), b.failures), ("unsure", 1), "unreadable: it may exist");
        b.creation_failed(3, &ApiError::Unauthorized, "no".into(), 0.0);
        assert_eq!(b.rows[3].state.name(), "failed");
        assert_eq!(b.plan(f64::from(POLL_MS * 2)).lookup, vec![1, 2]);
    }

    #[test]
    fn dates_read_as_gitlab_writes_them() {
        assert_eq!(iso_ms("2024-05-01T12:00:00.250Z"), Some(1_714_564_800_250.0));
        assert_eq!(iso_ms("2024-05-01T14:00:00.000+02:00"), Some(1_714_564_800_000.0));
        assert_eq!(iso_ms("yesterday"), None);
    }

    #[test]
    fn the_yaml_is_exact_and_valid() {
        let mut b = five();
        b.rows[1].project = "other/svc-1".into();
        b.rows[2].project = "shop/we\"ird\\\u{2028}:#\n".into();
        for (i, v) in [(0, "1.0.0"), (1, "2.0"), (2, "x\ty: \u{85}#z")] {
            b.created(i, i as u64 + 1);
            b.status(i, "success", 0.0);
            b.extracted(i, Ok(Some(v.into())));
        }
        b.refused(3, "no".into());
        let yaml = b.yaml();
        assert_eq!(
            yaml,
            "# pipelens batch run: ref \"main\", job \"build\"\n\
             \"shop/svc-1\":\n  project: \"shop/svc-1\"\n  version: \"1.0.0\"\n\
             \"other/svc-1\":\n  project: \"other/svc-1\"\n  version: \"2.0\"\n\
             \"we\\\"ird\\\\\\u2028:#\\n\":\n  project: \"shop/we\\\"ird\\\\\\u2028:#\\n\"\n  version: \"x\\ty: \\u0085#z\"\n\
             \"svc-4\":\n  project: \"shop/svc-4\"\n  version: null\n\
             \"svc-5\":\n  project: \"shop/svc-5\"\n  version: null\n"
        );
        // Read back by a YAML parser: the same projects and values.
        let parsed: serde_yaml_ng::Value = serde_yaml_ng::from_str(&yaml).unwrap();
        let m = parsed.as_mapping().unwrap();
        assert_eq!(m.len(), 5);
        let entry = |k: &str| m.get(serde_yaml_ng::Value::String(k.into())).unwrap().clone();
        assert_eq!(entry("shop/svc-1")["version"].as_str(), Some("1.0.0"));
        assert_eq!(entry("other/svc-1")["project"].as_str(), Some("other/svc-1"));
        let weird = entry("we\"ird\\\u{2028}:#\n");
        assert_eq!(weird["project"].as_str(), Some("shop/we\"ird\\\u{2028}:#\n"));
        assert_eq!(weird["version"].as_str(), Some("x\ty: \u{85}#z"));
        assert!(entry("svc-4")["version"].is_null());
    }
}
