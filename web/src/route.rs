//! The app's addresses, in the URL fragment (the page is static; the fragment never reaches a server).
//! GitLab's own paths are mirrored under `#/gitlab/`, and a whole GitLab URL pasted after the `#` lands on the
//! same page, so a pipeline's address in GitLab is enough to open it here. Pure: parsed from and printed to
//! `location.hash` by `hooks::use_route`.

/// A GitLab pipeline or job, as its URL names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitLabRef {
    /// `https://gitlab.example.com` when a whole URL was pasted; otherwise the connected instance's.
    pub instance: Option<String>,
    /// The full project path: `group/subgroup/project`.
    pub project: String,
    pub id: u64,
}

/// A GitLab project, as its URL names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitLabProject {
    /// As in [`GitLabRef`].
    pub instance: Option<String>,
    pub project: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `#/editor`, or no fragment at all.
    Editor,
    /// `#share=…`: the editor with a shared workspace. The whole fragment; the editor's share codec reads it.
    Shared(String),
    /// `#/demo`: connect to the demo GitLab, then list its projects.
    Demo,
    /// `#/gitlab`: the connected instance's projects.
    GitLabProjects,
    /// `#/gitlab/<project>/-/pipelines`: a project's pipelines.
    GitLabPipelines(GitLabProject),
    /// `…/-/pipelines/new`: GitLab's "Run pipeline" page; here, predict then run.
    GitLabNewPipeline(GitLabProject),
    /// `#/gitlab/<project>/-/pipelines/<id>`
    GitLabPipeline(GitLabRef),
    /// `#/gitlab/<project>/-/jobs/<id>`
    GitLabJob(GitLabRef),
    /// `#/wall` with what follows a `?` (screen, kiosk, a shared configuration): the wall reads it.
    Wall(String),
    /// `#/wall/batch`: the batch run (trigger many projects' pipelines, collect a value from each).
    WallBatch,
    /// `#/demo/wall`: a wall over the demo GitLab's group `demo-wall`, same parameters.
    DemoWall(String),
    /// Anything else (without the `#`).
    NotFound(String),
}

/// Which wasm module draws an address: the editor's (`index.html`) or the GitLab pages' (`gitlab.html`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    Editor,
    GitLab,
}

impl Module {
    /// The module's page, relative to the other's (both are served from one folder).
    pub fn page(self) -> &'static str {
        match self {
            Module::Editor => "./",
            Module::GitLab => "gitlab.html",
        }
    }
}

impl Route {
    /// The module that draws this address. The demo's connect step is the editor's: it has no GitLab page of
    /// its own, and the connection it makes is kept in the tab's storage for the GitLab module.
    pub fn module(&self) -> Module {
        match self {
            Route::Editor | Route::Shared(_) | Route::Demo | Route::NotFound(_) => Module::Editor,
            Route::GitLabProjects
            | Route::GitLabPipelines(_)
            | Route::GitLabNewPipeline(_)
            | Route::GitLabPipeline(_)
            | Route::GitLabJob(_)
            | Route::Wall(_)
            | Route::WallBatch
            | Route::DemoWall(_) => Module::GitLab,
        }
    }
}

/// Where share links start; what follows is the share codec's (including its version).
const SHARE: &str = "share=";
const GITLAB: &str = "/gitlab/";

impl Route {
    /// The route a fragment (`location.hash`, with or without its `#`) names.
    pub fn parse(fragment: &str) -> Route {
        let f = fragment.strip_prefix('#').unwrap_or(fragment);
        if matches!(f, "" | "/" | "/editor" | "/editor/") {
            return Route::Editor;
        }
        match f {
            "/demo" | "/demo/" => return Route::Demo,
            "/gitlab" | "/gitlab/" => return Route::GitLabProjects,
            _ => {}
        }
        if f.starts_with(SHARE) {
            return Route::Shared(format!("#{f}"));
        }
        let (path, query) = f.split_once('?').unwrap_or((f, ""));
        match path.trim_end_matches('/') {
            "/wall" => return Route::Wall(query.to_string()),
            "/wall/batch" => return Route::WallBatch,
            "/demo/wall" => return Route::DemoWall(query.to_string()),
            _ => {}
        }
        let gitlab = if let Some(path) = f.strip_prefix(GITLAB) {
            gitlab_path(None, path)
        } else if let Some((scheme, rest)) = f.split_once("://").filter(|(s, _)| matches!(*s, "https" | "http")) {
            // A pasted GitLab URL: the instance, then the same path GitLab serves the page at.
            let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
            (!host.is_empty()).then(|| gitlab_path(Some(format!("{scheme}://{host}")), path)).flatten()
        } else {
            None
        };
        gitlab.unwrap_or_else(|| Route::NotFound(f.to_string()))
    }

    /// The fragment (with its `#`) that [`Route::parse`] reads back as this route.
    pub fn to_fragment(&self) -> String {
        let gitlab = |r: &GitLabRef, what: &str| match &r.instance {
            Some(instance) => format!("#{instance}/{}/-/{what}/{}", r.project, r.id),
            None => format!("#{GITLAB}{}/-/{what}/{}", r.project, r.id),
        };
        match self {
            Route::Editor => "#/editor".into(),
            Route::Demo => "#/demo".into(),
            Route::GitLabProjects => "#/gitlab".into(),
            Route::GitLabPipelines(p) => match &p.instance {
                Some(instance) => format!("#{instance}/{}/-/pipelines", p.project),
                None => format!("#{GITLAB}{}/-/pipelines", p.project),
            },
            Route::GitLabNewPipeline(p) => match &p.instance {
                Some(instance) => format!("#{instance}/{}/-/pipelines/new", p.project),
                None => format!("#{GITLAB}{}/-/pipelines/new", p.project),
            },
            Route::Shared(fragment) => fragment.clone(),
            Route::Wall(q) if q.is_empty() => "#/wall".into(),
            Route::Wall(q) => format!("#/wall?{q}"),
            Route::WallBatch => "#/wall/batch".into(),
            Route::DemoWall(q) if q.is_empty() => "#/demo/wall".into(),
            Route::DemoWall(q) => format!("#/demo/wall?{q}"),
            Route::GitLabPipeline(r) => gitlab(r, "pipelines"),
            Route::GitLabJob(r) => gitlab(r, "jobs"),
            Route::NotFound(f) => format!("#{f}"),
        }
    }
}

/// `group/project/-/pipelines/123` (optionally a tab after the id, a query or an anchor) as a route. The pipeline
/// page's tabs (`builds`, `failures`, `dag`, `test_report`) are member routes of the same pipeline in GitLab's
/// `config/routes/pipelines.rb`, under the project's `/-/` scope.
fn gitlab_path(instance: Option<String>, path: &str) -> Option<Route> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let (project, page) = path.split_once("/-/")?;
    let project = project.trim_matches('/');
    // A project lives in a user's or a group's namespace: at least two segments, none of them GitLab's `-`.
    let segments: Vec<&str> = project.split('/').collect();
    let valid = |s: &&str| {
        !s.is_empty() && *s != "-" && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    if segments.len() < 2 || !segments.iter().all(valid) {
        return None;
    }
    let mut parts = page.split('/');
    let kind = parts.next()?;
    let Some(id) = parts.next() else {
        // The project's pipeline list.
        let project = GitLabProject { instance, project: project.to_string() };
        return (kind == "pipelines").then_some(Route::GitLabPipelines(project));
    };
    if kind == "pipelines" && id == "new" && parts.next().is_none_or(str::is_empty) {
        return Some(Route::GitLabNewPipeline(GitLabProject { instance, project: project.to_string() }));
    }
    // Digits only: `u64::from_str` would also take a leading `+`.
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let r = GitLabRef { instance, project: project.to_string(), id: id.parse().ok()? };
    match kind {
        "pipelines" => Some(Route::GitLabPipeline(r)),
        // A job page has no tabs; `/raw` and the like are not pages this app mirrors.
        "jobs" if parts.next().is_none_or(str::is_empty) => Some(Route::GitLabJob(r)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline(instance: Option<&str>, project: &str, id: u64) -> Route {
        Route::GitLabPipeline(GitLabRef { instance: instance.map(String::from), project: project.into(), id })
    }

    #[test]
    fn the_demo_the_project_list_and_a_project_s_pipelines() {
        assert_eq!(Route::parse("#/demo"), Route::Demo);
        assert_eq!(Route::parse("#/gitlab"), Route::GitLabProjects);
        assert_eq!(Route::parse("#/gitlab/"), Route::GitLabProjects);
        let list = Route::parse("#/gitlab/g/sub/p/-/pipelines");
        assert_eq!(list, Route::GitLabPipelines(GitLabProject { instance: None, project: "g/sub/p".into() }));
        let new = Route::parse("#/gitlab/g/sub/p/-/pipelines/new");
        assert_eq!(new, Route::GitLabNewPipeline(GitLabProject { instance: None, project: "g/sub/p".into() }));
        assert_eq!(new.to_fragment(), "#/gitlab/g/sub/p/-/pipelines/new");
        assert_eq!(list.to_fragment(), "#/gitlab/g/sub/p/-/pipelines");
        let pasted = Route::parse("#https://gitlab.example.com/g/p/-/pipelines?scope=all");
        let expected = GitLabProject { instance: Some("https://gitlab.example.com".into()), project: "g/p".into() };
        assert_eq!(pasted, Route::GitLabPipelines(expected));
        assert_eq!(pasted.to_fragment(), "#https://gitlab.example.com/g/p/-/pipelines");
        for f in [Route::Demo, Route::GitLabProjects] {
            assert_eq!(Route::parse(&f.to_fragment()), f);
        }
        assert!(matches!(Route::parse("#/gitlab/g/p/-/jobs"), Route::NotFound(_)), "no job list page");
    }

    #[test]
    fn each_address_belongs_to_one_module() {
        for (fragment, module) in [
            ("", Module::Editor),
            ("#/editor", Module::Editor),
            ("#share=abc", Module::Editor),
            ("#/demo", Module::Editor),
            ("#/nowhere", Module::Editor),
            ("#/gitlab", Module::GitLab),
            ("#/gitlab/g/p/-/pipelines", Module::GitLab),
            ("#/gitlab/g/p/-/pipelines/new", Module::GitLab),
            ("#/gitlab/g/p/-/pipelines/7", Module::GitLab),
            ("#/gitlab/g/p/-/jobs/7#L3", Module::GitLab),
            ("#/wall?kiosk=1", Module::GitLab),
            ("#/wall/batch", Module::GitLab),
            ("#/demo/wall", Module::GitLab),
        ] {
            assert_eq!(Route::parse(fragment).module(), module, "{fragment}");
        }
        assert_eq!((Module::Editor.page(), Module::GitLab.page()), ("./", "gitlab.html"));
    }

    #[test]
    fn the_wall_and_the_demo_wall_keep_their_parameters() {
        assert_eq!(Route::parse("#/wall"), Route::Wall(String::new()));
        assert_eq!(Route::parse("#/wall/"), Route::Wall(String::new()));
        assert_eq!(Route::parse("#/wall?screen=2/3&kiosk=1"), Route::Wall("screen=2/3&kiosk=1".into()));
        assert_eq!(Route::parse("#/demo/wall?kiosk=1"), Route::DemoWall("kiosk=1".into()));
        for r in [Route::Wall(String::new()), Route::Wall("screen=1/2".into()), Route::DemoWall(String::new())] {
            assert_eq!(Route::parse(&r.to_fragment()), r);
        }
        assert!(matches!(Route::parse("#/wallx"), Route::NotFound(_)));
        assert_eq!(Route::parse("#/wall/batch"), Route::WallBatch);
        assert_eq!(Route::parse(&Route::WallBatch.to_fragment()), Route::WallBatch);
    }

    #[test]
    fn the_empty_fragment_and_editor_open_the_editor() {
        for f in ["", "#", "#/", "#/editor", "/editor/"] {
            assert_eq!(Route::parse(f), Route::Editor, "{f:?}");
        }
        assert_eq!(Route::Editor.to_fragment(), "#/editor");
    }

    #[test]
    fn gitlab_paths_are_mirrored_under_gitlab() {
        assert_eq!(Route::parse("#/gitlab/group/sub/proj/-/pipelines/123"), pipeline(None, "group/sub/proj", 123));
        let job = Route::parse("#/gitlab/alice/tool/-/jobs/456");
        assert_eq!(job, Route::GitLabJob(GitLabRef { instance: None, project: "alice/tool".into(), id: 456 }));
        assert_eq!(job.to_fragment(), "#/gitlab/alice/tool/-/jobs/456");
        assert_eq!(Route::parse(&job.to_fragment()), job);
    }

    #[test]
    fn a_pasted_gitlab_url_lands_on_its_page() {
        let url = "https://gitlab.example.com/group/sub/proj/-/pipelines/123";
        let r = Route::parse(&format!("#{url}"));
        assert_eq!(r, pipeline(Some("https://gitlab.example.com"), "group/sub/proj", 123));
        assert_eq!(r.to_fragment(), format!("#{url}"), "printed back as the URL that was pasted");
        // The pipeline's tabs, a query or an anchor still name the same pipeline.
        for tail in ["/builds", "/failures", "?tab=dag", "#top", "/"] {
            assert_eq!(Route::parse(&format!("#{url}{tail}")), r, "{tail}");
        }
        let job = Route::parse("http://localhost:8080/a.b/c_d-e/-/jobs/456");
        assert_eq!(
            job,
            Route::GitLabJob(GitLabRef {
                instance: Some("http://localhost:8080".into()),
                project: "a.b/c_d-e".into(),
                id: 456
            })
        );
    }

    #[test]
    fn a_job_address_with_a_line_anchor_is_the_job() {
        // The log viewer reads `#L10-20` from the address itself; the route is the job's.
        let job = GitLabRef { instance: None, project: "g/p".into(), id: 5 };
        assert_eq!(Route::parse("#/gitlab/g/p/-/jobs/5#L10-20"), Route::GitLabJob(job.clone()));
        let pasted = Route::parse("#https://gitlab.com/g/p/-/jobs/5#L123");
        assert_eq!(pasted, Route::GitLabJob(GitLabRef { instance: Some("https://gitlab.com".into()), ..job }));
    }

    #[test]
    fn what_is_not_a_pipeline_or_job_page_is_not_found() {
        for f in [
            "#/gitlab/proj/-/pipelines/1",                          // no namespace
            "#/gitlab/group/proj/-/pipelines/",                     // no id
            "#/gitlab/group/proj/-/pipelines/+1",                   // not digits
            "#/gitlab/group/proj/-/pipelines/99999999999999999999", // past u64
            "#/gitlab/group/proj/-/merge_requests/1",
            "#/gitlab/group/proj/-/jobs/4/raw",
            "#/gitlab/group//proj/-/jobs/4",
            "#/gitlab/gr oup/proj/-/jobs/4",
            "#https:///group/proj/-/jobs/4",
            "#ftp://host/group/proj/-/jobs/4",
            "#/somewhere",
        ] {
            assert!(matches!(Route::parse(f), Route::NotFound(_)), "{f}");
        }
        assert_eq!(Route::parse("#/somewhere").to_fragment(), "#/somewhere");
    }

    #[test]
    fn share_links_open_the_editor_with_the_whole_fragment() {
        use crate::features::editor::share::{self, Shared};
        let link = share::encode(&Shared { files: vec![("a.yml".into(), "x: 1\n".into())], ..Default::default() });
        let link = link.expect("small enough");
        assert_eq!(Route::parse(&link), Route::Shared(link.clone()));
        assert_eq!(Route::Shared(link.clone()).to_fragment(), link);
        // Another version's link is still the editor's to refuse, with its message.
        assert_eq!(Route::parse("#share=9.abc"), Route::Shared("#share=9.abc".into()));
    }
}
