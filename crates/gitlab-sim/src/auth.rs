//! Who is calling (`doc/api/rest/authentication.md`): a token in `PRIVATE-TOKEN` or
//! `Authorization: Bearer`. A wrong token is 401 `{"message":"401 Unauthorized"}`; no token is an
//! anonymous caller who sees public projects only. GET needs `read_api` or `api`; writes need `api`
//! (403 `insufficient_scope`) and the Developer role (403). A project the caller may not see is
//! 404 "Project Not Found", as GitLab hides its existence (`doc/api/rest/troubleshooting.md`,
//! status codes: 404 "the user is not authorized to access the resource").

use crate::rest::Fail;
use crate::world::{Project, Role, Scope, World};
use axum::http::HeaderMap;

#[derive(Clone, Debug)]
pub struct Caller {
    /// `None`: anonymous.
    pub user_id: Option<u64>,
    pub scopes: Vec<Scope>,
    pub projects: Option<Vec<u64>>,
    pub role: Role,
}

impl Caller {
    pub fn anonymous() -> Self {
        Caller { user_id: None, scopes: vec![Scope::ReadApi], projects: Some(Vec::new()), role: Role::Reporter }
    }

    /// The caller from the request headers; 401 for a token the instance does not know.
    pub fn from_headers(world: &World, headers: &HeaderMap) -> Result<Caller, Fail> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let token = match (header("private-token"), header("authorization")) {
            (Some(t), _) => Some(t.to_string()),
            (None, Some(a)) => match a.split_once(' ') {
                Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") => Some(t.trim().to_string()),
                _ => return Err(Fail::unauthorized()),
            },
            (None, None) => None,
        };
        let Some(token) = token else { return Ok(Caller::anonymous()) };
        let grant = world.tokens.iter().find(|g| g.token == token).ok_or_else(Fail::unauthorized)?;
        Ok(Caller {
            user_id: Some(grant.user_id),
            scopes: grant.scopes.clone(),
            projects: grant.projects.clone(),
            role: grant.role,
        })
    }

    /// Anonymous callers get 401 where GitLab calls `authenticate!` (jobs API, every write).
    pub fn require_user(&self) -> Result<u64, Fail> {
        self.user_id.ok_or_else(Fail::unauthorized)
    }

    pub fn is_member(&self, project: &Project) -> bool {
        self.user_id.is_some() && self.projects.as_ref().is_none_or(|ids| ids.contains(&project.id))
    }

    pub fn can_see(&self, project: &Project) -> bool {
        project.public || self.is_member(project)
    }

    /// A project the caller may read, by id or full path.
    pub fn read<'w>(&self, world: &'w World, key: &str) -> Result<&'w Project, Fail> {
        match world.find_project(key) {
            Some(p) if self.can_see(p) => Ok(p),
            _ => Err(Fail::not_found("Project")),
        }
    }

    /// A project the caller may run pipelines in: `api` scope and Developer membership.
    pub fn write<'w>(&self, world: &'w World, key: &str) -> Result<&'w Project, Fail> {
        self.require_user()?;
        let project = self.read(world, key)?;
        if !self.scopes.contains(&Scope::Api) {
            return Err(Fail::insufficient_scope());
        }
        if !self.is_member(project) || self.role < Role::Developer {
            return Err(Fail::forbidden("403 Forbidden"));
        }
        Ok(project)
    }
}
