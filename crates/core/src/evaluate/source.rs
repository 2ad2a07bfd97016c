//! Building a [`PipelineContext`] from what a person chooses: the pipeline's source, its ref, the project.
//! Sets the predefined variables GitLab sets for that kind of pipeline ("Predefined CI/CD variables
//! reference"), so front ends never write `CI_*` names by hand.

use super::context::PipelineContext;
use crate::variables::Vars;

/// `CI_PIPELINE_SOURCE`: how the pipeline was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PipelineSource {
    /// A push to a branch or a tag.
    #[default]
    Push,
    MergeRequest,
    Schedule,
    /// "Run pipeline" in the UI.
    Web,
    /// The pipelines API.
    Api,
    /// A trigger token.
    Trigger,
    /// A child pipeline (`trigger:include`).
    ParentPipeline,
    /// A multi-project downstream pipeline (`trigger:project`).
    Pipeline,
    ExternalPullRequest,
    Chat,
}

impl PipelineSource {
    pub const ALL: [PipelineSource; 10] = [
        PipelineSource::Push,
        PipelineSource::MergeRequest,
        PipelineSource::Schedule,
        PipelineSource::Web,
        PipelineSource::Api,
        PipelineSource::Trigger,
        PipelineSource::ParentPipeline,
        PipelineSource::Pipeline,
        PipelineSource::ExternalPullRequest,
        PipelineSource::Chat,
    ];

    /// The value of `CI_PIPELINE_SOURCE`.
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineSource::Push => "push",
            PipelineSource::MergeRequest => "merge_request_event",
            PipelineSource::Schedule => "schedule",
            PipelineSource::Web => "web",
            PipelineSource::Api => "api",
            PipelineSource::Trigger => "trigger",
            PipelineSource::ParentPipeline => "parent_pipeline",
            PipelineSource::Pipeline => "pipeline",
            PipelineSource::ExternalPullRequest => "external_pull_request_event",
            PipelineSource::Chat => "chat",
        }
    }

    /// Accepts the `CI_PIPELINE_SOURCE` value, and `mr` for merge requests.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s == "mr" {
            return Some(PipelineSource::MergeRequest);
        }
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// A label for menus.
    pub fn label(self) -> &'static str {
        match self {
            PipelineSource::Push => "push",
            PipelineSource::MergeRequest => "merge request",
            PipelineSource::Schedule => "schedule",
            PipelineSource::Web => "web (Run pipeline)",
            PipelineSource::Api => "API",
            PipelineSource::Trigger => "trigger token",
            PipelineSource::ParentPipeline => "parent pipeline (child)",
            PipelineSource::Pipeline => "multi-project (downstream)",
            PipelineSource::ExternalPullRequest => "external pull request",
            PipelineSource::Chat => "ChatOps",
        }
    }
}

/// The merge request of a merge request pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeRequest {
    pub source_branch: String,
    pub target_branch: String,
    pub iid: u64,
    pub title: String,
    pub labels: Vec<String>,
    /// `detached` (the default), `merged_result` or `merge_train`.
    pub event_type: String,
}

/// The project a pipeline runs in (what `CI_PROJECT_*` say).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProjectInfo {
    /// `group/subgroup/project`.
    pub path: String,
    pub server_url: String,
    /// `CI_PROJECT_ID` when known (a project read from GitLab).
    pub id: Option<u64>,
    /// `CI_PROJECT_VISIBILITY`: `private`, `internal` or `public`; empty when unknown.
    pub visibility: String,
    /// `CI_CONFIG_PATH`: the project's CI configuration file; empty means `.gitlab-ci.yml`.
    pub config_path: String,
}

/// What a person chooses; [`ContextBuilder::build`] turns it into the variables GitLab sets.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContextBuilder {
    pub source: PipelineSource,
    /// The branch the pipeline runs for; empty means the default branch. Ignored for merge requests (the
    /// source branch is the ref) and when `tag` is set.
    pub branch: String,
    /// A tag pipeline when set (push, web, api, schedule, trigger can run for a tag).
    pub tag: String,
    /// Empty means `main`.
    pub default_branch: String,
    /// For [`PipelineSource::MergeRequest`] (and external pull requests); missing fields get defaults.
    pub merge_request: Option<MergeRequest>,
    pub project: ProjectInfo,
    /// Pipeline variables (run with variables, trigger variables, schedule variables): they outrank YAML.
    pub variables: Vars,
    /// Files changed by the push or merge request; `None` when unknown.
    pub changed_files: Option<Vec<String>>,
    /// Every path of the repository, for `rules:exists`.
    pub repo_files: Vec<String>,
    /// The commit (`CI_COMMIT_SHA`, `CI_COMMIT_SHORT_SHA`) when known; empty otherwise.
    pub sha: String,
}

impl ContextBuilder {
    pub fn new(source: PipelineSource) -> Self {
        ContextBuilder { source, ..Default::default() }
    }

    /// Lifts predefined variables someone set by hand (`CI_PIPELINE_SOURCE`, `CI_COMMIT_TAG`,
    /// `CI_COMMIT_BRANCH`/`CI_COMMIT_REF_NAME`, `CI_DEFAULT_BRANCH`, `CI_MERGE_REQUEST_SOURCE_BRANCH_NAME`,
    /// `CI_MERGE_REQUEST_TARGET_BRANCH_NAME`, `CI_MERGE_REQUEST_IID`, `CI_PROJECT_PATH`) into the choices they
    /// stand for; every other variable stays a pipeline variable. An unknown source is kept as given.
    pub fn from_variables(mut vars: Vars) -> (Self, Option<String>) {
        let mut take = |k: &str| vars.remove(k).unwrap_or_default();
        let source_text = take("CI_PIPELINE_SOURCE");
        let source = PipelineSource::parse(&source_text);
        let unknown = (!source_text.is_empty() && source.is_none()).then_some(source_text);
        let mut b = ContextBuilder::new(source.unwrap_or_default());
        b.tag = take("CI_COMMIT_TAG");
        b.branch = take("CI_COMMIT_BRANCH");
        let ref_name = take("CI_COMMIT_REF_NAME");
        if b.branch.is_empty() && b.tag.is_empty() {
            b.branch = ref_name;
        }
        b.default_branch = take("CI_DEFAULT_BRANCH");
        let mr_source = take("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME");
        let mr_target = take("CI_MERGE_REQUEST_TARGET_BRANCH_NAME");
        let iid = take("CI_MERGE_REQUEST_IID").parse().unwrap_or(0);
        if b.source == PipelineSource::MergeRequest || !mr_source.is_empty() || !mr_target.is_empty() {
            let source_branch = if mr_source.is_empty() { b.branch.clone() } else { mr_source };
            b.merge_request = Some(MergeRequest { source_branch, target_branch: mr_target, iid, ..Default::default() });
        }
        b.project.path = take("CI_PROJECT_PATH");
        b.variables = vars;
        (b, unknown)
    }

    pub fn build(&self) -> PipelineContext {
        let mut vars = Vars::new();
        let default_branch = non_empty(&self.default_branch).unwrap_or("main");
        vars.insert("CI_PIPELINE_SOURCE".into(), self.source.as_str().into());
        vars.insert("CI_DEFAULT_BRANCH".into(), default_branch.into());
        let mr_like = matches!(self.source, PipelineSource::MergeRequest | PipelineSource::ExternalPullRequest);
        if mr_like {
            let mr = self.merge_request.clone().unwrap_or_default();
            let source = non_empty(&mr.source_branch).or(non_empty(&self.branch)).unwrap_or("feature");
            let target = non_empty(&mr.target_branch).unwrap_or(default_branch);
            if self.source == PipelineSource::MergeRequest {
                // MR pipelines have no CI_COMMIT_BRANCH; the ref is the source branch.
                vars.insert("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME".into(), source.into());
                vars.insert("CI_MERGE_REQUEST_TARGET_BRANCH_NAME".into(), target.into());
                vars.insert("CI_MERGE_REQUEST_IID".into(), mr.iid.max(1).to_string());
                let event = non_empty(&mr.event_type).unwrap_or("detached");
                vars.insert("CI_MERGE_REQUEST_EVENT_TYPE".into(), event.into());
                vars.insert("CI_MERGE_REQUEST_TITLE".into(), mr.title.clone());
                if !mr.labels.is_empty() {
                    vars.insert("CI_MERGE_REQUEST_LABELS".into(), mr.labels.join(","));
                }
                if !self.project.path.is_empty() {
                    vars.insert("CI_MERGE_REQUEST_PROJECT_PATH".into(), self.project.path.clone());
                    vars.insert("CI_MERGE_REQUEST_SOURCE_PROJECT_PATH".into(), self.project.path.clone());
                }
            } else {
                // External pull requests run as branch pipelines of the source branch.
                vars.insert("CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME".into(), source.into());
                vars.insert("CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME".into(), target.into());
                vars.insert("CI_EXTERNAL_PULL_REQUEST_IID".into(), mr.iid.max(1).to_string());
                vars.insert("CI_COMMIT_BRANCH".into(), source.into());
            }
            vars.insert("CI_COMMIT_REF_NAME".into(), source.into());
        } else if let Some(tag) = non_empty(&self.tag) {
            vars.insert("CI_COMMIT_TAG".into(), tag.into());
            vars.insert("CI_COMMIT_REF_NAME".into(), tag.into());
        } else {
            let branch = non_empty(&self.branch).unwrap_or(default_branch);
            vars.insert("CI_COMMIT_BRANCH".into(), branch.into());
            vars.insert("CI_COMMIT_REF_NAME".into(), branch.into());
        }
        if matches!(self.source, PipelineSource::Trigger | PipelineSource::Pipeline) {
            vars.insert("CI_PIPELINE_TRIGGERED".into(), "true".into());
        }
        if !self.project.path.is_empty() {
            let path = self.project.path.trim_matches('/');
            let (namespace, name) = path.rsplit_once('/').unwrap_or(("", path));
            vars.insert("CI_PROJECT_PATH".into(), path.into());
            vars.insert("CI_PROJECT_NAMESPACE".into(), namespace.into());
            vars.insert("CI_PROJECT_NAME".into(), name.into());
            vars.insert("CI_PROJECT_PATH_SLUG".into(), super::context::slug(path));
            if let Some(root) = namespace.split('/').next().filter(|r| !r.is_empty()) {
                vars.insert("CI_PROJECT_ROOT_NAMESPACE".into(), root.into());
            }
        }
        if let Some(id) = self.project.id {
            vars.insert("CI_PROJECT_ID".into(), id.to_string());
        }
        if let Some(v) = non_empty(&self.project.visibility) {
            vars.insert("CI_PROJECT_VISIBILITY".into(), v.into());
        }
        let config_path = non_empty(&self.project.config_path).unwrap_or(".gitlab-ci.yml");
        if self.project.id.is_some() || !self.project.config_path.is_empty() {
            vars.insert("CI_CONFIG_PATH".into(), config_path.into());
        }
        if let Some(sha) = non_empty(&self.sha) {
            vars.insert("CI_COMMIT_SHA".into(), sha.into());
            vars.insert("CI_COMMIT_SHORT_SHA".into(), sha.chars().take(8).collect());
        }
        if !self.project.server_url.is_empty() {
            let url = self.project.server_url.trim_end_matches('/');
            vars.insert("CI_SERVER_URL".into(), url.into());
            let host = url.split("://").nth(1).unwrap_or(url).split(['/', ':']).next().unwrap_or("");
            vars.insert("CI_SERVER_HOST".into(), host.into());
            // The host with its port, if any (`include:component` addresses start with it).
            let fqdn = url.split("://").nth(1).unwrap_or(url).split('/').next().unwrap_or("");
            vars.insert("CI_SERVER_FQDN".into(), fqdn.into());
            if !self.project.path.is_empty() {
                vars.insert("CI_PROJECT_URL".into(), format!("{url}/{}", self.project.path.trim_matches('/')));
            }
        }
        // Pipeline variables the person set win over what GitLab predefines only where GitLab lets them;
        // predefined names are not overridden here so the source and ref stay coherent.
        for (k, v) in &self.variables {
            vars.entry(k.clone()).or_insert_with(|| v.clone());
        }
        let mut ctx = PipelineContext::from_vars(vars);
        ctx.changed_files = self.changed_files.clone();
        ctx.repo_files = self.repo_files.clone();
        ctx
    }
}

fn non_empty(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var<'a>(c: &'a PipelineContext, k: &str) -> Option<&'a str> {
        c.vars.get(k).map(String::as_str)
    }

    #[test]
    fn branch_push_defaults_to_the_default_branch() {
        let c = ContextBuilder::new(PipelineSource::Push).build();
        assert_eq!(var(&c, "CI_PIPELINE_SOURCE"), Some("push"));
        assert_eq!(var(&c, "CI_COMMIT_BRANCH"), Some("main"));
        assert_eq!(var(&c, "CI_COMMIT_REF_NAME"), Some("main"));
        assert_eq!(var(&c, "CI_COMMIT_TAG"), None);
    }

    #[test]
    fn tags_have_no_branch() {
        let c =
            ContextBuilder { tag: "v1.2".into(), branch: "ignored".into(), ..ContextBuilder::new(PipelineSource::Web) }
                .build();
        assert_eq!(var(&c, "CI_COMMIT_TAG"), Some("v1.2"));
        assert_eq!(var(&c, "CI_COMMIT_REF_NAME"), Some("v1.2"));
        assert_eq!(var(&c, "CI_COMMIT_REF_SLUG"), Some("v1-2"));
        assert_eq!(var(&c, "CI_COMMIT_BRANCH"), None);
        assert_eq!(var(&c, "CI_PIPELINE_SOURCE"), Some("web"));
    }

    #[test]
    fn merge_requests_set_the_mr_variables_and_no_commit_branch() {
        let b = ContextBuilder {
            merge_request: Some(MergeRequest {
                source_branch: "feat/x".into(),
                target_branch: "develop".into(),
                iid: 7,
                labels: vec!["a".into(), "b".into()],
                ..Default::default()
            }),
            project: ProjectInfo {
                path: "g/sub/p".into(),
                server_url: "https://gitlab.example.com/".into(),
                id: Some(42),
                visibility: "internal".into(),
                ..Default::default()
            },
            sha: "0123456789abcdef0123456789abcdef01234567".into(),
            ..ContextBuilder::new(PipelineSource::MergeRequest)
        };
        let c = b.build();
        assert_eq!(var(&c, "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"), Some("feat/x"));
        assert_eq!(var(&c, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"), Some("develop"));
        assert_eq!(var(&c, "CI_MERGE_REQUEST_IID"), Some("7"));
        assert_eq!(var(&c, "CI_MERGE_REQUEST_LABELS"), Some("a,b"));
        assert_eq!(var(&c, "CI_MERGE_REQUEST_EVENT_TYPE"), Some("detached"));
        assert_eq!(var(&c, "CI_COMMIT_REF_NAME"), Some("feat/x"));
        assert_eq!(var(&c, "CI_COMMIT_BRANCH"), None);
        assert_eq!(var(&c, "CI_PROJECT_NAMESPACE"), Some("g/sub"));
        assert_eq!(var(&c, "CI_PROJECT_ROOT_NAMESPACE"), Some("g"));
        assert_eq!(var(&c, "CI_PROJECT_NAME"), Some("p"));
        assert_eq!(var(&c, "CI_SERVER_HOST"), Some("gitlab.example.com"));
        assert_eq!(var(&c, "CI_SERVER_FQDN"), Some("gitlab.example.com"));
        assert_eq!(var(&c, "CI_PROJECT_URL"), Some("https://gitlab.example.com/g/sub/p"));
        assert_eq!(var(&c, "CI_PROJECT_ID"), Some("42"));
        assert_eq!(var(&c, "CI_PROJECT_VISIBILITY"), Some("internal"));
        assert_eq!(var(&c, "CI_CONFIG_PATH"), Some(".gitlab-ci.yml"));
        assert_eq!(var(&c, "CI_COMMIT_SHORT_SHA"), Some("01234567"));
    }

    #[test]
    fn every_source_round_trips_and_user_variables_do_not_break_the_ref() {
        for s in PipelineSource::ALL {
            assert_eq!(PipelineSource::parse(s.as_str()), Some(s));
            let mut b = ContextBuilder::new(s);
            b.variables.insert("CI_PIPELINE_SOURCE".into(), "bogus".into());
            b.variables.insert("DEPLOY".into(), "1".into());
            let c = b.build();
            assert_eq!(c.source(), s.as_str());
            assert_eq!(var(&c, "DEPLOY"), Some("1"));
            assert!(!c.ref_name().is_empty());
        }
        assert_eq!(PipelineSource::parse("mr"), Some(PipelineSource::MergeRequest));
        assert_eq!(PipelineSource::parse("nope"), None);
        let t = ContextBuilder::new(PipelineSource::Trigger).build();
        assert_eq!(var(&t, "CI_PIPELINE_TRIGGERED"), Some("true"));
    }

    #[test]
    fn predefined_variables_set_by_hand_become_choices() {
        let vars: Vars = [
            ("CI_PIPELINE_SOURCE", "merge_request_event"),
            ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feat"),
            ("DEPLOY", "yes"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (b, unknown) = ContextBuilder::from_variables(vars);
        assert_eq!(unknown, None);
        assert_eq!(b.source, PipelineSource::MergeRequest);
        assert_eq!(b.merge_request.as_ref().unwrap().source_branch, "feat");
        assert_eq!(b.variables.keys().collect::<Vec<_>>(), ["DEPLOY"]);
        let c = b.build();
        assert_eq!(var(&c, "CI_COMMIT_REF_NAME"), Some("feat"));
        let (b, unknown) = ContextBuilder::from_variables([("CI_PIPELINE_SOURCE".to_string(), "x".to_string())].into());
        assert_eq!((b.source, unknown.as_deref()), (PipelineSource::Push, Some("x")));
    }
}
