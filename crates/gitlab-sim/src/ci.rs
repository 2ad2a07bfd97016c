//! The simulator's CI engine, for projects with `jobs_from_config`: the configuration at the pipeline's ref,
//! its includes read from the world (the project's files, other projects' files, the instance's templates,
//! components, the remote files), evaluated by pipelens-core for the pipeline's context with the project's
//! CI/CD variables. It stands in for GitLab's own engine so that a prediction made through the API can be
//! compared with the pipeline the simulator creates; it is not a reference for semantics (GitLab is).

use crate::rest::repository::resolve;
use crate::world::{JobSpec, MergeRequest, Project, World};
use pipelens_core::resolve::include::ExternalInclude;
use pipelens_core::{analyze_with, ContextBuilder, Fetcher, FileSet, Limits, PipelineSource, ProjectInfo, Severity};

/// What the engine made of a configuration: the jobs (with their stage index) or why none.
pub struct Evaluated {
    pub jobs: Vec<(JobSpec, usize)>,
    pub created: bool,
    pub why: String,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// The context GitLab gives a pipeline of `source` on `git_ref` (a branch or tag of `p`), or of a merge
/// request; `variables`: the pipeline's own, over the project's CI/CD variables.
pub fn context(
    p: &Project,
    git_ref: &str,
    source: PipelineSource,
    server_url: &str,
    variables: &[(String, String)],
    mr: Option<&MergeRequest>,
) -> ContextBuilder {
    let mut b = ContextBuilder::new(source);
    b.default_branch = p.default_branch.clone();
    b.project = ProjectInfo {
        path: p.full_path.clone(),
        server_url: server_url.to_string(),
        id: Some(p.id),
        visibility: if p.public { "public" } else { "private" }.into(),
        config_path: p.ci_config_path.clone().unwrap_or_default(),
    };
    let state = resolve(&p.refs, git_ref).map(|(_, s)| s);
    b.sha = state.map(|s| s.sha.clone()).unwrap_or_default();
    match mr {
        Some(m) => {
            b.branch = m.source_branch.clone();
            b.merge_request = Some(pipelens_core::MergeRequest {
                source_branch: m.source_branch.clone(),
                target_branch: m.target_branch.clone(),
                iid: m.iid,
                title: m.title.clone(),
                ..Default::default()
            });
        }
        None if state.is_some_and(|s| s.tag) => b.tag = git_ref.to_string(),
        None => b.branch = git_ref.to_string(),
    }
    b.variables = p.variables.clone().into_iter().collect();
    b.variables.extend(variables.iter().cloned());
    b
}

/// Evaluates the configuration of `p` at `git_ref` (or `content` in its place, as CI lint does) for `ctx`.
/// `changed`: the files the merge request changes (`None`: no diff).
pub fn evaluate(
    w: &World,
    p: &Project,
    git_ref: &str,
    content: Option<&str>,
    mut ctx: ContextBuilder,
    changed: Option<Vec<String>>,
) -> Evaluated {
    let config_path = p.ci_config_path.clone().unwrap_or_else(|| ".gitlab-ci.yml".into());
    let mut files = FileSet::new();
    let mut entry = None;
    if let Some((_, state)) = resolve(&p.refs, git_ref) {
        for (path, text) in &state.files {
            let id = files.add(path, text.as_str());
            if *path == config_path {
                entry = Some(id);
            }
        }
        ctx.repo_files = state.files.keys().cloned().collect();
    }
    if let Some(text) = content {
        entry = Some(files.add(&config_path, text));
    }
    let Some(entry) = entry else {
        return Evaluated {
            jobs: Vec::new(),
            created: false,
            why: "no configuration".into(),
            errors: vec!["Please provide content of .gitlab-ci.yml".into()],
            warnings: Vec::new(),
        };
    };
    ctx.changed_files = changed;
    let ctx = ctx.build();
    let fqdn = ctx.vars.get("CI_SERVER_FQDN").cloned().unwrap_or_default();
    let fetcher = WorldFetcher { w, fqdn };
    let analysis = analyze_with(&files, entry, &ctx, Some(&fetcher), &Limits::default());
    let messages = |severity: Severity| -> Vec<String> {
        analysis.diagnostics.iter().filter(|d| d.severity == severity).map(|d| d.message.clone()).collect()
    };
    let jobs = analysis.pipeline.jobs.iter().map(|j| (job_spec(j), j.stage_index)).collect();
    Evaluated {
        jobs,
        created: analysis.pipeline.created,
        why: analysis.pipeline.why.clone(),
        errors: messages(Severity::Error),
        warnings: messages(Severity::Warning),
    }
}

fn job_spec(j: &pipelens_core::Job) -> JobSpec {
    JobSpec {
        name: j.name.clone(),
        stage: j.stage.clone(),
        needs: j.needs.clone(),
        when: j.when.as_str().to_string(),
        start_in: 0,
        allow_failure: j.allow_failure,
        queue: 2,
        duration: 30,
        fails: false,
        pinned: None,
        log_lines: 20,
        timestamps: false,
        trigger: None,
        child: Vec::new(),
        output: None,
        tags: Vec::new(),
    }
}

/// Reads includes from the world, as GitLab reads them from its repositories.
struct WorldFetcher<'w> {
    w: &'w World,
    fqdn: String,
}

impl Fetcher for WorldFetcher<'_> {
    fn fetch(&self, include: &ExternalInclude) -> Result<String, String> {
        match include {
            ExternalInclude::Project { project, file, r#ref } => {
                let denied = || {
                    format!(
                        "Project `{project}` not found or access denied! Make sure any includes in the pipeline \
                         configuration are correctly defined."
                    )
                };
                let p = self.w.find_project(project).ok_or_else(denied)?;
                let git_ref = r#ref.clone().unwrap_or_else(|| p.default_branch.clone());
                let (_, state) = resolve(&p.refs, &git_ref)
                    .ok_or_else(|| format!("Project `{project}` reference `{git_ref}` does not exist!"))?;
                state
                    .files
                    .get(file)
                    .cloned()
                    .ok_or_else(|| format!("Project `{project}` file `{file}` does not exist!"))
            }
            ExternalInclude::Template(name) => self
                .w
                .templates
                .get(name)
                .cloned()
                .ok_or_else(|| format!("Included file `{name}` is empty or does not exist!")),
            ExternalInclude::Component(path) => {
                let not_found = || format!("Component '{path}' - content not found");
                let (address, version) = path.rsplit_once('@').ok_or_else(not_found)?;
                let (host, rest) = address.split_once('/').ok_or_else(not_found)?;
                let (project, name) = rest.rsplit_once('/').ok_or_else(not_found)?;
                if !host.eq_ignore_ascii_case(&self.fqdn) {
                    return Err(not_found());
                }
                let p = self.w.find_project(project).ok_or_else(not_found)?;
                let (_, state) = resolve(&p.refs, version).ok_or_else(not_found)?;
                [format!("templates/{name}.yml"), format!("templates/{name}/template.yml")]
                    .iter()
                    .find_map(|f| state.files.get(f).cloned())
                    .ok_or_else(not_found)
            }
            ExternalInclude::Remote(url) => url
                .split_once("/-/sim/remote/")
                .and_then(|(_, path)| self.w.remote_files.get(path).cloned())
                .ok_or_else(|| format!("Remote file `{url}` could not be fetched because of HTTP code `404` error!")),
        }
    }
}
