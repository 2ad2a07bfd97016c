//! Scenarios: a YAML file (serde_yaml_ng) describing users, tokens, groups, projects with their files,
//! merge requests, the jobs of their pipelines and pipelines that already ran, plus faults. Times are
//! offsets in seconds from the scenario's `start`, so "a pipeline created 10 minutes ago" is
//! `created: -600`; the clock then plays every pipeline forward to the start.
//!
//! A project may take its files from a folder of the shared corpus of real configurations
//! (`corpus: <folder>`), read in place.

use crate::clock::{parse_iso, Clock};
use crate::faults::Fault;
use crate::world::{Group, JobSpec, MergeRequest, Project, RefState, Role, Schedule, Scope, TokenGrant, User, World};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// ISO 8601 start of the manual clock (default 2026-01-01T12:00:00Z).
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub users: Vec<UserSpec>,
    #[serde(default)]
    pub tokens: Vec<TokenSpec>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub projects: Vec<ProjectSpec>,
    #[serde(default)]
    pub faults: Vec<Fault>,
    /// The instance's CI/CD templates (`include:template`), by name (`Jobs/Build.gitlab-ci.yml`).
    #[serde(default)]
    pub templates: BTreeMap<String, String>,
    /// Files another web server would serve (`include:remote`), under `/-/sim/remote/<path>`, without CORS.
    #[serde(default)]
    pub remote_files: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserSpec {
    pub username: String,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenSpec {
    pub token: String,
    pub user: String,
    /// `api` and/or `read_api`.
    pub scopes: Vec<String>,
    /// Full paths of the projects the user is a member of; all when absent.
    #[serde(default)]
    pub projects: Option<Vec<String>>,
    /// `reporter`, `developer` (default), `maintainer`.
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectSpec {
    pub path: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub default_branch: Option<String>,
    #[serde(default)]
    pub ci_config_path: Option<String>,
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    pub topics: Vec<String>,
    /// Branches and tags with their files. The default branch exists even when not listed.
    #[serde(default)]
    pub refs: BTreeMap<String, RefSpec>,
    /// A corpus folder whose YAML files become the default branch's files.
    #[serde(default)]
    pub corpus: Option<String>,
    #[serde(default)]
    pub merge_requests: Vec<MrSpec>,
    #[serde(default)]
    pub schedules: Vec<ScheduleSpec>,
    /// The jobs of every pipeline of this project.
    #[serde(default)]
    pub jobs: Vec<JobSpecIn>,
    /// Pipelines that exist at the start.
    #[serde(default)]
    pub pipelines: Vec<PipelineSpec>,
    /// A new pipeline on the default branch starts as soon as the latest one finishes.
    #[serde(default)]
    pub keep_running: bool,
    /// New pipelines take their jobs from the configuration at the ref (evaluated by pipelens-core, the
    /// simulator's stand-in for GitLab's engine) instead of `jobs`; CI lint dry runs evaluate it too.
    #[serde(default)]
    pub jobs_from_config: bool,
    /// Project CI/CD variables (Settings › CI/CD): seen by the pipelines GitLab creates and by CI lint,
    /// not readable with `read_api` by a Developer, so a prediction cannot know them.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefSpec {
    #[serde(default)]
    pub tag: bool,
    #[serde(default)]
    pub title: Option<String>,
    /// Start from another ref's files, then apply `files`.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub files: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSpec {
    pub description: String,
    #[serde(rename = "ref")]
    pub git_ref: String,
    #[serde(default = "nightly")]
    pub cron: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn nightly() -> String {
    "0 2 * * *".into()
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MrSpec {
    pub iid: u64,
    pub title: String,
    pub source_branch: String,
    pub target_branch: String,
    #[serde(default = "opened")]
    pub state: String,
}

fn opened() -> String {
    "opened".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobSpecIn {
    pub name: String,
    #[serde(default = "test_stage")]
    pub stage: String,
    #[serde(default)]
    pub needs: Option<Vec<String>>,
    #[serde(default = "on_success")]
    pub when: String,
    #[serde(default)]
    pub start_in: u64,
    #[serde(default)]
    pub allow_failure: Option<bool>,
    #[serde(default = "two")]
    pub queue: u64,
    #[serde(default = "thirty")]
    pub duration: u64,
    #[serde(default)]
    pub fails: bool,
    /// Keep this status forever (`waiting_for_callback`, `preparing`, a future value...).
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default = "twenty")]
    pub log_lines: u32,
    #[serde(default)]
    pub timestamps: bool,
    /// What the script prints, verbatim (escape sequences included), instead of generated lines.
    #[serde(default)]
    pub output: Option<String>,
    #[serde(default)]
    pub trigger: Option<String>,
    /// A `trigger:include` job: its child pipeline's jobs.
    #[serde(default)]
    pub child: Vec<JobSpecIn>,
    #[serde(default)]
    pub tags: Vec<String>,
}

fn test_stage() -> String {
    "test".into()
}
fn on_success() -> String {
    "on_success".into()
}
fn two() -> u64 {
    2
}
fn thirty() -> u64 {
    30
}
fn twenty() -> u32 {
    20
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSpec {
    #[serde(rename = "ref", default)]
    pub git_ref: Option<String>,
    #[serde(default = "push")]
    pub source: String,
    /// Seconds relative to `start` (negative: in the past).
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub user: Option<String>,
    /// The description of the project's schedule that created it (with `source: schedule`).
    #[serde(default)]
    pub schedule: Option<String>,
}

fn push() -> String {
    "push".into()
}

pub const DEFAULT_START: u64 = 1_767_268_800; // 2026-01-01T12:00:00Z

impl Scenario {
    pub fn from_yaml(text: &str) -> Result<Scenario, String> {
        serde_yaml_ng::from_str(text).map_err(|e| format!("scenario: {e}"))
    }

    /// Builds the world. `corpus` is the folder holding the corpus configurations.
    pub fn build(&self, corpus: Option<&Path>, real_time: bool) -> Result<World, String> {
        let start = match &self.start {
            Some(s) => parse_iso(s).ok_or_else(|| format!("scenario: bad start time {s}"))?,
            None => DEFAULT_START,
        };
        let mut w = World {
            clock: Clock::manual(start),
            users: Vec::new(),
            tokens: Vec::new(),
            groups: Vec::new(),
            projects: Vec::new(),
            pipelines: Vec::new(),
            jobs: Vec::new(),
            faults: self.faults.clone(),
            templates: self.templates.clone(),
            remote_files: self.remote_files.clone(),
            next_pipeline_id: 1000,
            next_job_id: 5000,
            restarts: 0,
        };
        for (i, u) in self.users.iter().enumerate() {
            let name = u.name.clone().unwrap_or_else(|| u.username.clone());
            w.users.push(User { id: i as u64 + 1, username: u.username.clone(), name });
        }
        if w.users.is_empty() {
            w.users.push(User { id: 1, username: "root".into(), name: "Administrator".into() });
        }
        let user_id = |w: &World, name: &str| {
            w.users
                .iter()
                .find(|u| u.username == name)
                .map(|u| u.id)
                .ok_or_else(|| format!("scenario: unknown user {name}"))
        };
        let mut groups: Vec<String> = self.groups.clone();
        for p in &self.projects {
            let mut ns = p.path.rsplit_once('/').map(|(ns, _)| ns.to_string());
            while let Some(n) = ns {
                groups.push(n.clone());
                ns = n.rsplit_once('/').map(|(a, _)| a.to_string());
            }
        }
        groups.sort();
        groups.dedup();
        for (i, g) in groups.iter().enumerate() {
            let name = g.rsplit('/').next().unwrap_or(g).to_string();
            w.groups.push(Group { id: 100 + i as u64, full_path: g.clone(), name });
        }
        for (i, spec) in self.projects.iter().enumerate() {
            let project = build_project(spec, 1 + i as u64, start, corpus)?;
            w.projects.push(project);
        }
        for t in &self.tokens {
            let uid = user_id(&w, &t.user)?;
            let scopes = t
                .scopes
                .iter()
                .map(|s| match s.as_str() {
                    "api" => Ok(Scope::Api),
                    "read_api" => Ok(Scope::ReadApi),
                    other => Err(format!("scenario: unknown scope {other}")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            let projects = match &t.projects {
                None => None,
                Some(paths) => Some(
                    paths
                        .iter()
                        .map(|p| {
                            w.find_project(p).map(|x| x.id).ok_or_else(|| format!("scenario: unknown project {p}"))
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                ),
            };
            let role = match t.role.as_deref().unwrap_or("developer") {
                "reporter" => Role::Reporter,
                "developer" => Role::Developer,
                "maintainer" => Role::Maintainer,
                other => return Err(format!("scenario: unknown role {other}")),
            };
            w.tokens.push(TokenGrant { token: t.token.clone(), user_id: uid, scopes, projects, role });
        }
        // Existing pipelines, oldest first, each played forward to its successor's creation.
        let mut planned: Vec<(i64, u64, String, String, u64, Option<u64>)> = Vec::new();
        for (spec, project) in self.projects.iter().zip(w.projects.iter()) {
            for pl in &spec.pipelines {
                let uid = match &pl.user {
                    Some(u) => user_id(&w, u)?,
                    None => 1,
                };
                let git_ref = pl.git_ref.clone().unwrap_or_else(|| project.default_branch.clone());
                let schedule = match &pl.schedule {
                    Some(d) => Some(
                        project
                            .schedules
                            .iter()
                            .find(|s| s.description == *d)
                            .ok_or_else(|| format!("scenario: {} has no schedule {d}", project.full_path))?
                            .id,
                    ),
                    None => None,
                };
                planned.push((pl.created, project.id, git_ref, pl.source.clone(), uid, schedule));
            }
        }
        planned.sort_by_key(|p| p.0);
        for (offset, project_id, git_ref, source, uid, schedule) in planned {
            let at = start.checked_add_signed(offset).ok_or("scenario: time out of range")?;
            let id = w
                .create_pipeline(project_id, &git_ref, &source, uid, at, Vec::new())
                .ok_or_else(|| format!("scenario: project {project_id} has no ref {git_ref}"))?;
            if let Some(p) = w.pipelines.iter_mut().find(|p| p.id == id) {
                p.schedule_id = schedule;
            }
        }
        w.advance();
        if real_time {
            w.clock = Clock::real_time();
            let offset = w.clock.now().saturating_sub(start);
            shift(&mut w, offset);
        }
        Ok(w)
    }
}

/// Moves every timestamp forward (a real-time world keeps the scenario's relative times).
fn shift(w: &mut World, by: u64) {
    for p in &mut w.projects {
        p.created_at += by;
    }
    for p in &mut w.pipelines {
        p.created_at += by;
        p.updated_at += by;
        p.started_at = p.started_at.map(|t| t + by);
        p.finished_at = p.finished_at.map(|t| t + by);
    }
    for j in &mut w.jobs {
        j.created_at += by;
        for t in
            [&mut j.queued_at, &mut j.started_at, &mut j.finished_at, &mut j.cancel_requested_at, &mut j.scheduled_at]
        {
            *t = t.map(|x| x + by);
        }
    }
}

fn build_project(spec: &ProjectSpec, id: u64, start: u64, corpus: Option<&Path>) -> Result<Project, String> {
    let default_branch = spec.default_branch.clone().unwrap_or_else(|| "main".into());
    let mut refs: BTreeMap<String, RefState> = BTreeMap::new();
    let mut base_files = BTreeMap::new();
    if let Some(folder) = &spec.corpus {
        let dir = corpus.ok_or("scenario: a project reads the corpus, but no corpus folder was found")?.join(folder);
        read_yaml_files(&dir, &dir, &mut base_files)?;
        if base_files.is_empty() {
            return Err(format!("scenario: no YAML files in {}", dir.display()));
        }
    }
    let mut names: Vec<&String> = spec.refs.keys().collect();
    if !spec.refs.contains_key(&default_branch) {
        names.insert(0, &default_branch);
    }
    // Refs built from others come after them.
    names.sort_by_key(|n| spec.refs.get(*n).and_then(|r| r.from.as_ref()).is_some());
    for name in names {
        let r = spec.refs.get(name);
        let parent = r.and_then(|r| r.from.as_ref()).and_then(|from| refs.get(from)).map(|x| x.sha.clone());
        let mut files = match r.and_then(|r| r.from.as_ref()) {
            Some(from) => refs
                .get(from)
                .map(|x| x.files.clone())
                .ok_or_else(|| format!("scenario: ref {name} from unknown {from}"))?,
            None if *name == default_branch => base_files.clone(),
            None => BTreeMap::new(),
        };
        if let Some(r) = r {
            files.extend(r.files.clone());
        }
        let sha = fake_sha(&format!("{}:{name}:{files:?}", spec.path));
        let title = r.and_then(|r| r.title.clone()).unwrap_or_else(|| format!("Update {name}"));
        refs.insert(name.clone(), RefState { sha, parent, title, tag: r.is_some_and(|r| r.tag), files });
    }
    let template = spec.jobs.iter().map(job_spec).collect();
    let name = spec.path.rsplit('/').next().unwrap_or(&spec.path).to_string();
    Ok(Project {
        id,
        full_path: spec.path.clone(),
        name,
        description: spec.description.clone(),
        default_branch,
        ci_config_path: spec.ci_config_path.clone(),
        public: spec.public,
        archived: spec.archived,
        topics: spec.topics.clone(),
        // A minute apart, in listing order, so `order_by=created_at` is well defined.
        created_at: start.saturating_sub(86_400 * 30) + id * 60,
        refs,
        merge_requests: spec
            .merge_requests
            .iter()
            .map(|m| MergeRequest {
                id: id * 1000 + m.iid,
                iid: m.iid,
                title: m.title.clone(),
                state: m.state.clone(),
                source_branch: m.source_branch.clone(),
                target_branch: m.target_branch.clone(),
            })
            .collect(),
        schedules: spec
            .schedules
            .iter()
            .enumerate()
            .map(|(i, s)| Schedule {
                id: id * 1000 + i as u64 + 1,
                description: s.description.clone(),
                git_ref: s.git_ref.clone(),
                cron: s.cron.clone(),
                cron_timezone: "UTC".into(),
                active: s.active,
            })
            .collect(),
        template,
        keep_running: spec.keep_running,
        jobs_from_config: spec.jobs_from_config,
        variables: spec.variables.clone(),
    })
}

fn job_spec(j: &JobSpecIn) -> JobSpec {
    JobSpec {
        name: j.name.clone(),
        stage: j.stage.clone(),
        needs: j.needs.clone(),
        when: j.when.clone(),
        start_in: j.start_in,
        // Manual jobs may fail by default (`doc/ci/yaml/_index.md`, `allow_failure`).
        allow_failure: j.allow_failure.unwrap_or(j.when == "manual"),
        queue: j.queue,
        duration: j.duration,
        fails: j.fails,
        pinned: j.status.clone(),
        log_lines: j.log_lines,
        timestamps: j.timestamps,
        output: j.output.clone(),
        trigger: j.trigger.clone(),
        child: j.child.iter().map(job_spec).collect(),
        tags: j.tags.clone(),
    }
}

/// Every `.yml`/`.yaml` file below `dir` (and the entry file), by path relative to `root`.
fn read_yaml_files(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_yaml_files(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            let rel = path.strip_prefix(root).map_err(|e| e.to_string())?.to_string_lossy().replace('\\', "/");
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.insert(rel, text);
            }
        }
    }
    Ok(())
}

/// A stable 40-hex-digit commit id from text (FNV-1a, repeated).
pub fn fake_sha(text: &str) -> String {
    let mut out = String::new();
    let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
    while out.len() < 40 {
        for b in text.bytes() {
            seed ^= u64::from(b);
            seed = seed.wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{seed:016x}"));
    }
    out.truncate(40);
    out
}

/// A scenario for walls of `projects` projects under `group` (a tenth of them in a subgroup), each with
/// a `build` and a `test` job and one pipeline on its default branch, every seventh one failing, ages
/// spread so that some still run. Tokens: `wall-read` (`read_api`) and `wall-api` (`api`) for user `wall`.
pub fn wall_yaml(group: &str, projects: usize) -> String {
    let mut yaml = String::from(
        "users: [{username: wall, name: Wall Watcher}]\n\
         tokens: [{token: wall-read, user: wall, scopes: [read_api]}, {token: wall-api, user: wall, scopes: [api]}]\n\
         projects:\n",
    );
    for i in 1..=projects {
        let ns = if i % 10 == 0 { format!("{group}/sub") } else { group.to_string() };
        let fails = if i % 7 == 0 { ", fails: true" } else { "" };
        let (more, pipelines) = WALL_REFS.get(i - 1).copied().unwrap_or(("", ""));
        yaml.push_str(&format!(
            "  - {{path: {ns}/service-{i:04}, jobs: [{{name: build, stage: build, duration: {}}}, \
             {{name: test, stage: test, duration: {}{fails}}}], pipelines: [{pipelines}{{created: -{}}}]{more}}}\n",
            20 + (i % 5) * 10,
            40 + (i % 3) * 20,
            10 + (i * 37) % 400,
        ));
    }
    yaml
}

/// Refs besides the default branch for a wall's first three projects (as the demo's `demo-wall` has them):
/// a release branch with two pipelines and a tag; an open merge request with a pipeline at its head and a
/// closed one; an active schedule with a pipeline and an inactive one. Each: more fields, more pipelines.
/// Their pipelines are older than the default branch's, so default-branch tiles are as without them.
const WALL_REFS: [(&str, &str); 3] = [
    (
        ", refs: {release/1.4: {from: main, title: Release 1.4, files: {VERSION: '1.4'}}, \
         v1.4.0: {tag: true, from: release/1.4}}",
        "{ref: release/1.4, created: -900}, {ref: release/1.4, created: -700}, {ref: v1.4.0, created: -650}, ",
    ),
    (
        ", refs: {feature/login: {from: main, title: Add the login page, files: {login.txt: '1'}}}, \
         merge_requests: [{iid: 1, title: Login page, source_branch: feature/login, target_branch: main}, \
         {iid: 2, title: Old idea, source_branch: feature/old, target_branch: main, state: closed}]",
        "{ref: feature/login, created: -800}, ",
    ),
    (
        ", schedules: [{description: Nightly, ref: main}, {description: Weekly, ref: main, active: false}]",
        "{source: schedule, schedule: Nightly, created: -3000}, ",
    ),
];
