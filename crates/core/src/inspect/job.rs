//! One job as front ends show it (the editor's job panel, `jobs --json`): the evaluated job, its resolved
//! definition, the script lines the runner gets and its effective variables, for a pipeline and its child
//! pipelines alike. Borrowed from the [`Analysis`], built on demand.

use super::path::JobPath;
use crate::child::ChildPipeline;
use crate::evaluate::{Excluded, Job};
use crate::files::FileSet;
use crate::keywords::job::JobDef;
use crate::keywords::script;
use crate::keywords::when::When;
use crate::load::Node;
use crate::{Analysis, FileId};

#[derive(Debug, Clone)]
pub struct JobView<'a> {
    /// Unique across the pipeline and its children: `name`, or `trigger/name` in a child pipeline.
    pub path: JobPath,
    /// The job's name in its own pipeline.
    pub name: &'a str,
    /// The evaluated job; `None` for a job left out of its pipeline.
    pub job: Option<&'a Job>,
    pub excluded: Option<&'a Excluded>,
    pub def: &'a JobDef,
    /// The pipeline the job belongs to (a child's own analysis for child jobs).
    pub analysis: &'a Analysis,
    /// The files its spans refer to.
    pub files: &'a FileSet,
    /// For a `trigger:include` job: its child pipeline.
    pub child: Option<&'a ChildPipeline>,
}

/// The lines of the three script keywords after `!reference` and flattening, as the runner gets them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scripts {
    pub before_script: Vec<String>,
    pub script: Vec<String>,
    pub after_script: Vec<String>,
}

impl<'a> JobView<'a> {
    pub fn in_pipeline(&self) -> bool {
        self.job.is_some()
    }

    pub fn in_child(&self) -> bool {
        self.path.is_child()
    }

    pub fn stage(&self) -> &'a str {
        self.job.map(|j| j.stage.as_str()).unwrap_or(&self.def.stage)
    }

    /// As evaluated: rules may change `when`.
    pub fn when(&self) -> When {
        self.job.map(|j| j.when).unwrap_or(self.def.when)
    }

    pub fn allow_failure(&self) -> bool {
        self.job.map(|j| j.allow_failure).unwrap_or(self.def.allow_failure.unwrap_or(false))
    }

    /// `None`: no `needs` (waits for earlier stages). Expanded to job names for jobs in the pipeline.
    pub fn needs(&self) -> Option<Vec<String>> {
        match self.job {
            Some(j) => j.needs.clone(),
            None => self.def.needs.as_ref().map(|n| n.iter().map(|n| n.job.clone()).collect()),
        }
    }

    pub fn dependencies(&self) -> Option<&'a [String]> {
        self.job.and_then(|j| j.dependencies.as_deref()).or(self.def.dependencies.as_deref())
    }

    /// Which rule or clause decided.
    pub fn why(&self) -> &'a str {
        match (self.job, self.excluded) {
            (Some(j), _) => &j.why,
            (None, Some(e)) => &e.why,
            (None, None) => "",
        }
    }

    pub fn matrix(&self) -> &'a [(String, String)] {
        self.job.map(|j| j.matrix.as_slice()).unwrap_or(&[])
    }

    pub fn extends(&self) -> &'a [String] {
        &self.def.extends
    }

    /// The file the job is defined in, in [`JobView::files`].
    pub fn file(&self) -> FileId {
        self.def.span.file
    }

    pub fn file_path(&self) -> &'a str {
        self.files.path(self.def.span.file)
    }

    pub fn line(&self) -> u32 {
        self.def.span.line
    }

    /// The resolved definition: `extends`, `!reference` and `default` applied.
    pub fn definition(&self) -> &'a Node {
        &self.def.definition
    }

    /// The resolved definition as YAML text (a kept emitter; reads back as the same values).
    pub fn definition_yaml(&self) -> String {
        super::merged::to_yaml(&self.def.definition)
    }

    pub fn scripts(&self) -> Scripts {
        let lines = |key: &str| self.def.definition.get(key).map(script::lines).unwrap_or_default();
        Scripts { before_script: lines("before_script"), script: lines("script"), after_script: lines("after_script") }
    }

    /// The jobs of its child pipeline, for a `trigger:include` job.
    pub fn child_jobs(&self) -> Option<Vec<&'a str>> {
        self.child.map(|c| c.analysis.pipeline.jobs.iter().map(|j| j.name.as_str()).collect())
    }

    /// Its effective variables, each with where it came from, in GitLab's precedence.
    pub fn variables(&self) -> Vec<super::variables::Variable> {
        super::variables::effective(self)
    }
}

/// Every job of the pipeline, then the excluded ones, with each trigger job followed by its child
/// pipeline's jobs (at every depth).
pub fn jobs<'a>(a: &'a Analysis, files: &'a FileSet) -> Vec<JobView<'a>> {
    let mut out = Vec::new();
    collect(a, files, &JobPath::root(), &mut out);
    out
}

/// One job by its path (`name` or `trigger/name`).
pub fn find<'a>(a: &'a Analysis, files: &'a FileSet, path: &str) -> Option<JobView<'a>> {
    // Children are searched only along the path's trigger jobs, not all of them.
    let (mut analysis, mut files, mut prefix) = (a, files, JobPath::root());
    let mut rest = path;
    loop {
        if let Some(v) = views_of(analysis, files, &prefix).find(|v| v.name == rest) {
            return Some(v);
        }
        let child =
            analysis.children.iter().find(|c| rest.starts_with(&c.job) && rest[c.job.len()..].starts_with('/'))?;
        rest = &rest[child.job.len() + 1..];
        prefix = prefix.child(&child.job);
        files = child.files.as_ref().unwrap_or(files);
        analysis = &child.analysis;
    }
}

/// The jobs of one pipeline (not its children): evaluated jobs, then excluded ones, named under `prefix`.
pub fn jobs_of<'a>(a: &'a Analysis, files: &'a FileSet, prefix: &JobPath) -> Vec<JobView<'a>> {
    views_of(a, files, prefix).collect()
}

fn views_of<'a, 'p>(a: &'a Analysis, files: &'a FileSet, prefix: &'p JobPath) -> impl Iterator<Item = JobView<'a>> + 'p
where
    'a: 'p,
{
    let jobs = a.pipeline.jobs.iter().map(move |j| JobView {
        path: prefix.job(&j.name),
        name: &j.name,
        job: Some(j),
        excluded: None,
        def: &a.config.jobs[j.def],
        analysis: a,
        files,
        child: a.children.iter().find(|c| c.job == j.name),
    });
    let excluded = a.pipeline.excluded.iter().filter_map(move |e| {
        Some(JobView {
            path: prefix.job(&e.name),
            name: &e.name,
            job: None,
            excluded: Some(e),
            def: a.config.jobs.get(e.def)?,
            analysis: a,
            files,
            child: None,
        })
    });
    jobs.chain(excluded)
}

fn collect<'a>(a: &'a Analysis, files: &'a FileSet, prefix: &JobPath, out: &mut Vec<JobView<'a>>) {
    for v in views_of(a, files, prefix) {
        let child = v.child;
        let path = v.path.clone();
        out.push(v);
        if let Some(c) = child {
            collect(&c.analysis, c.files.as_ref().unwrap_or(files), &path.as_prefix(), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, analyze_text, PipelineContext};

    #[test]
    fn views_cover_jobs_excluded_jobs_and_children() {
        let mut files = FileSet::new();
        let root = files.add(
            ".gitlab-ci.yml",
            "kid:\n  trigger:\n    include: child.yml\nlater:\n  script: x\n  rules:\n    - if: $CI_COMMIT_TAG\n",
        );
        files.add("child.yml", "inner:\n  script: [a, [b, c]]\n");
        let a = analyze(&files, root, &PipelineContext::default_push());
        let v = jobs(&a, &files);
        let paths: Vec<&str> = v.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["kid", "kid/inner", "later"]);
        assert_eq!(v[0].child_jobs(), Some(vec!["inner"]));
        assert!(v[1].in_child() && v[1].in_pipeline());
        assert_eq!(v[1].file_path(), "child.yml");
        assert_eq!(v[1].scripts().script, ["a", "b", "c"]);
        assert!(!v[2].in_pipeline());
        assert_eq!(v[2].why(), "rules: no rule matched");
        let found = find(&a, &files, "kid/inner").unwrap();
        assert_eq!(found.name, "inner");
        assert!(find(&a, &files, "kid/nope").is_none());
        assert!(find(&a, &files, "nope/inner").is_none());
    }

    #[test]
    fn references_flatten_into_the_runner_lines() {
        let yaml = ".setup:\n  script: [one, two]\njob:\n  before_script: [b]\n  script:\n    - !reference [.setup, script]\n    - three\n  after_script: done\n";
        let (files, a) = analyze_text(yaml, &PipelineContext::default_push());
        let j = find(&a, &files, "job").unwrap();
        let s = j.scripts();
        assert_eq!(s.script, ["one", "two", "three"]);
        assert_eq!(s.before_script, ["b"]);
        assert_eq!(s.after_script, ["done"]);
    }
}
