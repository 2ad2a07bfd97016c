//! Command-line parsing and validation only; nothing here runs the engine.

use pipelens_core::variables::Vars;

pub const USAGE: &str = "\
usage: pipelens <command> PATH [options]
       pipelens <command> --gitlab URL --project PATH (--ref REF | --merge-request IID) [options]

commands:
  jobs PATH    list the jobs of the pipeline GitLab would create
  lint PATH    check the configuration; prints file:line:col: severity[code]: message
  graph PATH   draw the pipeline (--format svg|dot|mermaid|json, --view stages|needs)
  merged PATH  print the configuration with includes, extends and !reference resolved (GitLab's
               \"Full configuration\")

PATH is a repository folder (its .gitlab-ci.yml is read) or a YAML file; local includes and
rules:exists resolve against the folder.

GitLab (instead of PATH): the configuration at the ref's commit and every include (local, project,
template, component, remote) are read through the API; the token comes from the environment variable
GITLAB_TOKEN (read_api scope; none for public projects) and is sent only to URL.
  --gitlab URL            the instance, e.g. https://gitlab.com
  --project PATH          the project's full path (group/project)
  --ref REF               a branch or tag (the pipeline source defaults to push)
  --merge-request IID     a merge request (a merge request pipeline, with its changes)

pipeline context (default: a push to the default branch):
  --source SOURCE   push, merge_request_event (or mr), schedule, web, api, trigger, parent_pipeline,
                    pipeline, external_pull_request_event, chat
  --branch NAME     the branch (for a merge request: its source branch)
  --tag NAME        a tag pipeline
  --target-branch NAME   a merge request's target branch (default: the default branch)
  --default-branch NAME  the project's default branch (default: main)
  --var KEY=VALUE   pipeline variable (repeatable); predefined ones such as CI_COMMIT_TAG set the
                    context as the options above do
  --changed FILE    a changed file, for rules:changes (repeatable)

options:
  --json            jobs: print one JSON object
  --format FORMAT   graph: svg (default), dot, mermaid or json
  --view VIEW       graph: stages (default) or needs
  --excluded        graph: also draw the jobs left out of this pipeline (greyed)
  --children        graph: draw child pipelines (trigger:include) open below the graph
  --groups          graph: one box per group of similarly named jobs (`test 1/3`…), as GitLab draws them

exit status: 0 no errors, 1 the configuration has errors, 2 usage or read failure";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Jobs,
    Lint,
    Graph,
    Merged,
}

#[derive(Debug, Clone)]
pub struct Args {
    pub command: Command,
    pub path: String,
    pub vars: Vars,
    /// `--source`, `--branch`, `--tag`, `--target-branch`, `--default-branch`, as given.
    pub source: Option<String>,
    pub branch: Option<String>,
    pub tag: Option<String>,
    pub target_branch: Option<String>,
    pub default_branch: Option<String>,
    pub changed: Option<Vec<String>>,
    pub json: bool,
    pub format: String,
    pub view: String,
    pub excluded: bool,
    pub children: bool,
    pub groups: bool,
    /// `--gitlab URL --project PATH --ref REF | --merge-request IID`.
    pub gitlab: Option<GitLabArgs>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitLabArgs {
    pub url: String,
    pub project: String,
    pub git_ref: Option<String>,
    pub merge_request: Option<u64>,
}

pub fn parse(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = match argv.next().as_deref() {
        Some("jobs") => Command::Jobs,
        Some("lint") => Command::Lint,
        Some("graph") => Command::Graph,
        Some("merged") => Command::Merged,
        Some("-h" | "--help" | "help") | None => return Err(String::new()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    };
    let mut args = Args {
        command,
        path: String::new(),
        vars: Vars::new(),
        source: None,
        branch: None,
        tag: None,
        target_branch: None,
        default_branch: None,
        changed: None,
        json: false,
        format: "svg".into(),
        view: "stages".into(),
        excluded: false,
        children: false,
        groups: false,
        gitlab: None,
    };
    let mut path = None;
    let (mut url, mut project, mut git_ref, mut mr) = (None, None, None, None);
    while let Some(a) = argv.next() {
        let mut value = |name: &str| argv.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--var" => {
                let kv = value("--var")?;
                let (k, v) = kv.split_once('=').ok_or_else(|| format!("--var expects KEY=VALUE, got `{kv}`"))?;
                if k.is_empty() {
                    return Err(format!("--var expects KEY=VALUE, got `{kv}`"));
                }
                args.vars.insert(k.to_string(), v.to_string());
            }
            "--source" => args.source = Some(value("--source")?),
            "--branch" => args.branch = Some(value("--branch")?),
            "--tag" => args.tag = Some(value("--tag")?),
            "--target-branch" => args.target_branch = Some(value("--target-branch")?),
            "--default-branch" => args.default_branch = Some(value("--default-branch")?),
            "--changed" => args.changed.get_or_insert_with(Vec::new).push(value("--changed")?),
            "--gitlab" => url = Some(value("--gitlab")?),
            "--project" => project = Some(value("--project")?),
            "--ref" => git_ref = Some(value("--ref")?),
            "--merge-request" => {
                let v = value("--merge-request")?;
                mr = Some(v.parse::<u64>().map_err(|_| format!("--merge-request expects an iid, got `{v}`"))?);
            }
            "--json" => args.json = true,
            "--excluded" => args.excluded = true,
            "--children" => args.children = true,
            "--groups" => args.groups = true,
            "--format" => {
                args.format = value("--format")?;
                if !["svg", "dot", "mermaid", "json"].contains(&args.format.as_str()) {
                    return Err(format!("unknown format `{}`", args.format));
                }
            }
            "--view" => {
                args.view = value("--view")?;
                if !["stages", "needs"].contains(&args.view.as_str()) {
                    return Err(format!("unknown view `{}`", args.view));
                }
            }
            s if s.starts_with("--") => return Err(format!("unknown option `{s}`")),
            s if path.is_none() => path = Some(s.to_string()),
            s => return Err(format!("unexpected argument `{s}`")),
        }
    }
    match (url, project) {
        (Some(url), Some(project)) => {
            if path.is_some() {
                return Err("give PATH or --gitlab, not both".into());
            }
            if git_ref.is_some() == mr.is_some() {
                return Err("--gitlab needs one of --ref or --merge-request".into());
            }
            args.gitlab = Some(GitLabArgs { url, project, git_ref, merge_request: mr });
        }
        (Some(_), None) => return Err("--gitlab needs --project".into()),
        (None, p) if p.is_some() || git_ref.is_some() || mr.is_some() => {
            return Err("--project, --ref and --merge-request go with --gitlab".into())
        }
        (None, _) => args.path = path.ok_or("missing PATH")?,
    }
    Ok(args)
}
