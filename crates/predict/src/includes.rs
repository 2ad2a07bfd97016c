//! Answers the engine's include requests through the GitLab API, as GitLab itself reads them when it creates
//! a pipeline (`lib/gitlab/ci/config/external/file/*.rb`):
//!
//! | include | read as |
//! |---|---|
//! | `local` | the project's file at the pipeline's commit (`repository/files/:path/raw?ref=<sha>`) |
//! | `project` (+`ref`) | that project's file at `ref`, else at its default branch's head |
//! | `template` | the instance's template (`GET /templates/gitlab_ci_ymls/:key`, the name without `.gitlab-ci.yml`) |
//! | `component` | `<fqdn>/<project>/<name>@<version>` → that project's `templates/<name>.yml`, else `templates/<name>/template.yml`, at `<version>` (a tag, branch or commit) |
//! | `remote` | the URL, without the token (in a browser only when the server allows CORS) |
//!
//! A failure is stored as the include's reason ([`Load::Unreadable`]), so the engine reports it at the
//! `include` with GitLab's message where GitLab has one. A remote include the browser may not read stays
//! missing (the engine's warning) with a note saying why.

use crate::describe;
use pipelens_core::files::{Load, Unreadable};
use pipelens_core::{Limits, MissingInclude, MissingKind};
use pipelens_gitlab_api::endpoints::{CiTemplate, RawFile};
use pipelens_gitlab_api::{ApiError, Client, Request, Transport, TransportError};

/// The include fetcher for one pipeline: its project and commit on one instance.
pub struct ApiIncludes<'a, T: Transport> {
    pub client: &'a Client,
    pub transport: &'a T,
    /// The project's full path.
    pub project: String,
    /// The pipeline's commit (`local` includes are read there).
    pub sha: String,
    /// The instance's host and port, as `CI_SERVER_FQDN` (components must live on this instance).
    pub fqdn: String,
}

/// What loading one include gave: the engine's answer, and a note for the person when it stays missing.
pub struct Loaded {
    pub load: Load,
    pub note: Option<String>,
}

impl Loaded {
    fn text(load: Load) -> Self {
        Loaded { load, note: None }
    }

    fn failed(why: String) -> Self {
        Loaded { load: Load::Unreadable(Unreadable::Failed(why)), note: None }
    }
}

impl<T: Transport> ApiIncludes<'_, T> {
    pub async fn load(&self, include: &MissingInclude, limits: &Limits) -> Loaded {
        match &include.kind {
            MissingKind::Local { path } => match self.raw(&self.project, path, Some(&self.sha), limits).await {
                Err(ApiError::NotFound { .. }) => Loaded::failed(format!("Local file `{path}` does not exist!")),
                other => self.answer(other),
            },
            MissingKind::Project { project, r#ref, file } => {
                match self.raw(project, file, r#ref.as_deref(), limits).await {
                    Err(ApiError::NotFound { message }) if message.contains("File") => {
                        Loaded::failed(format!("Project `{project}` file `{file}` does not exist!"))
                    }
                    // GitLab says the same for a project the user may not see as for one that is not there.
                    Err(ApiError::NotFound { .. } | ApiError::Forbidden { .. }) => Loaded::failed(format!(
                        "Project `{project}` not found or access denied! Make sure any includes in the pipeline \
                         configuration are correctly defined."
                    )),
                    other => self.answer(other),
                }
            }
            MissingKind::Template { name } => self.template(name, limits).await,
            MissingKind::Component { path } => self.component(path, limits).await,
            MissingKind::Remote { url } => self.remote(url, limits).await,
        }
    }

    fn answer(&self, result: Result<Load, ApiError>) -> Loaded {
        match result {
            Ok(load) => Loaded::text(load),
            Err(e) => Loaded::failed(describe(&e)),
        }
    }

    /// A repository file's bytes; larger than the file limit is refused by its size.
    async fn raw(&self, project: &str, path: &str, git_ref: Option<&str>, limits: &Limits) -> Result<Load, ApiError> {
        let mut e = RawFile::new(project, path);
        e.git_ref = git_ref.map(str::to_string);
        let response = self.client.execute(self.transport, &self.client.prepare(&e)).await?;
        if !(200..300).contains(&response.status) {
            return Err(ApiError::from_status(&response));
        }
        Ok(sized(response.body, limits))
    }

    async fn template(&self, name: &str, limits: &Limits) -> Loaded {
        let Some(key) = name.strip_suffix(".gitlab-ci.yml") else {
            return Loaded::failed(format!("Template file `{name}` is not a valid location!"));
        };
        let request = self.client.prepare(&CiTemplate::new(key));
        match crate::json::page(self.client, self.transport, &request).await {
            Ok((v, _)) => match v.get("content").and_then(|c| c.as_str()) {
                Some(text) if !text.is_empty() => Loaded::text(sized(text.as_bytes().to_vec(), limits)),
                _ => Loaded::failed(format!("Included file `{name}` is empty or does not exist!")),
            },
            Err(ApiError::NotFound { .. }) => {
                Loaded::failed(format!("Included file `{name}` is empty or does not exist!"))
            }
            Err(e) => Loaded::failed(describe(&e)),
        }
    }

    async fn component(&self, path: &str, limits: &Limits) -> Loaded {
        let parsed = match parse_component(path, &self.fqdn) {
            Ok(p) => p,
            Err(why) => return Loaded::failed(why),
        };
        let (project, name, version) = parsed;
        let mut last = None;
        for file in [format!("templates/{name}.yml"), format!("templates/{name}/template.yml")] {
            match self.raw(&project, &file, Some(&version), limits).await {
                Ok(load) => return Loaded::text(load),
                Err(ApiError::NotFound { .. }) => {}
                Err(e) => last = Some(e),
            }
        }
        match last {
            Some(e) => Loaded::failed(describe(&e)),
            None => Loaded::failed(format!("Component '{path}' - content not found")),
        }
    }

    async fn remote(&self, url: &str, limits: &Limits) -> Loaded {
        let Some((origin, rest)) = split_url(url) else {
            return Loaded::failed(format!("Remote file `{url}` is not a valid address!"));
        };
        // Sent as is, without the client: the token stays with its own instance.
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let mut request = Request::get(path);
        request.origin = origin.to_string();
        request.query = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (pipelens_gitlab_api::url::decode(k), pipelens_gitlab_api::url::decode(v))
            })
            .collect();
        match self.transport.send(request).await {
            Ok(r) if r.status >= 400 => Loaded::failed(format!(
                "Remote file `{url}` could not be fetched because of HTTP code `{}` error!",
                r.status
            )),
            Ok(r) if (300..400).contains(&r.status) => Loaded::failed(format!(
                "Remote file `{url}` could not be fetched because of HTTP code `{}` error!",
                r.status
            )),
            Ok(r) => Loaded::text(sized(r.body, limits)),
            Err(TransportError::Timeout) => {
                Loaded::failed(format!("Remote file `{url}` could not be fetched because of a timeout error!"))
            }
            Err(TransportError::Network(_)) => {
                Loaded::failed(format!("Remote file `{url}` could not be fetched because of a socket error!"))
            }
            Err(TransportError::Cors(_)) => Loaded {
                load: Load::Unavailable,
                note: Some(format!(
                    "remote include {url}: the browser may not read it (its server sends no CORS headers); \
                     GitLab reads it on its side, so the jobs it defines are missing here only"
                )),
            },
        }
    }
}

fn sized(body: Vec<u8>, limits: &Limits) -> Load {
    if body.len() > limits.max_file_bytes {
        Load::Unreadable(Unreadable::TooLarge { bytes: body.len() as u64 })
    } else {
        Load::Bytes(body)
    }
}

/// `https://host:port/path?q` → (`https://host:port`, `/path?q`).
fn split_url(url: &str) -> Option<(&str, &str)> {
    let scheme_end = url.find("://")? + 3;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return None;
    }
    let slash = url[scheme_end..].find('/').map(|i| i + scheme_end).unwrap_or(url.len());
    let (origin, rest) = url.split_at(slash);
    (origin.len() > scheme_end).then_some((origin, if rest.is_empty() { "/" } else { rest }))
}

/// `<fqdn>/<project path>/<name>@<version>` → (project path, name, version), for a component on this
/// instance at a tag, branch or commit.
pub fn parse_component(path: &str, fqdn: &str) -> Result<(String, String, String), String> {
    let Some((address, version)) = path.rsplit_once('@') else {
        return Err(format!("component `{path}`: a version is required (`@<tag, branch or commit>`)"));
    };
    if version.starts_with('~') || version.is_empty() {
        return Err(format!(
            "component `{path}`: the version `{version}` needs the CI/CD catalog's releases; give a tag, branch or commit"
        ));
    }
    let Some((host, rest)) = address.split_once('/') else {
        return Err(format!("component `{path}`: not `<instance>/<project>/<name>@<version>`"));
    };
    if !host.eq_ignore_ascii_case(fqdn) {
        return Err(format!("component `{path}`: components can only be included from this instance ({fqdn})"));
    }
    let Some((project, name)) = rest.rsplit_once('/') else {
        return Err(format!("component `{path}`: not `<instance>/<project>/<name>@<version>`"));
    };
    Ok((project.to_string(), name.to_string(), version.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_addresses() {
        assert_eq!(
            parse_component("gitlab.example.com/group/sub/components/build@1.0", "gitlab.example.com"),
            Ok(("group/sub/components".into(), "build".into(), "1.0".into()))
        );
        assert!(parse_component("gitlab.com/g/p/c@1.0", "gitlab.example.com").unwrap_err().contains("this instance"));
        assert!(parse_component("gitlab.example.com/g/p/c@~latest", "gitlab.example.com")
            .unwrap_err()
            .contains("catalog"));
        assert!(parse_component("gitlab.example.com/g/p/c", "gitlab.example.com").unwrap_err().contains("version"));
        assert!(parse_component("gitlab.example.com/c@1", "gitlab.example.com").is_err());
    }

    #[test]
    fn urls_split_at_the_origin() {
        assert_eq!(split_url("https://h:8080/a/b.yml?x=1"), Some(("https://h:8080", "/a/b.yml?x=1")));
        assert_eq!(split_url("http://h"), Some(("http://h", "/")));
        assert_eq!(split_url("ftp://h/x"), None);
        assert_eq!(split_url("https:///x"), None);
    }
}
