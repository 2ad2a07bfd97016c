//! `--gitlab`: the configuration and its includes read through the GitLab API by the shared predictor
//! (`pipelens-predict`), over the native transport. The token is read from `GITLAB_TOKEN` and goes only in
//! the client's header to the given instance; nothing here prints it.

use crate::args::{Args, GitLabArgs};
use pipelens_core::variables::Vars;
use pipelens_core::{Analysis, FileId, FileSet, Limits, PipelineContext, PipelineSource};
use pipelens_gitlab_api::native::NativeTransport;
use pipelens_gitlab_api::{ApiError, Client, Token};
use pipelens_predict::{config_text, describe, gather, predict, Target};
use std::time::Duration;

pub struct Loaded {
    pub files: FileSet,
    pub entry: FileId,
    pub ctx: PipelineContext,
    pub analysis: Analysis,
    /// What the person should know that is no diagnostic (a listing cut short).
    pub notes: Vec<String>,
}

pub fn load(g: &GitLabArgs, args: &Args, limits: &Limits) -> Result<Loaded, String> {
    let token = std::env::var("GITLAB_TOKEN").ok().filter(|t| !t.trim().is_empty()).map(|t| Token::private(t.trim()));
    let client = Client::new(&g.url, token).map_err(|e| format!("--gitlab: {}", describe(&e)))?;
    let transport = NativeTransport::new(Duration::from_secs(30));
    let source = match &args.source {
        Some(name) => Some(PipelineSource::parse(name).ok_or_else(|| format!("unknown pipeline source `{name}`"))?),
        None if g.git_ref.is_some() => Some(PipelineSource::Push),
        None => None,
    };
    let at = |what: &str, e: ApiError| format!("{what}: {}", describe(&e));
    pollster::block_on(async {
        let prepared = match (&g.git_ref, g.merge_request) {
            (_, Some(iid)) => gather(&client, &transport, &g.project, &Target::MergeRequest(iid), source, limits)
                .await
                .map_err(|e| at(&format!("merge request !{iid} of {}", g.project), e))?,
            (Some(r), None) => {
                let branch = gather(&client, &transport, &g.project, &Target::Branch(r.clone()), source, limits).await;
                match branch {
                    // Not a branch: a tag of that name, else the branch's error.
                    Err(ApiError::NotFound { message }) if message.contains("Branch") => {
                        gather(&client, &transport, &g.project, &Target::Tag(r.clone()), source, limits)
                            .await
                            .map_err(|e| at(&format!("{} has no branch or tag `{r}`", g.project), e))?
                    }
                    other => other.map_err(|e| at(&g.project, e))?,
                }
            }
            (None, None) => return Err("--gitlab needs --ref or --merge-request".to_string()),
        };
        let config = config_text(&client, &transport, &prepared)
            .await
            .map_err(|e| at(&format!("{} at {}", prepared.project.config_path, prepared.git_ref), e))?;
        let vars: Vars = args.vars.clone();
        let mut ctx = prepared.context(prepared.source, &vars);
        if let Some(changed) = &args.changed {
            ctx.changed_files = Some(changed.clone());
        }
        let p = predict(&client, &transport, &prepared, config, &ctx, limits).await;
        let mut notes = prepared.notes.clone();
        notes.extend(p.notes);
        Ok(Loaded { files: p.files, entry: p.entry, ctx, analysis: p.analysis, notes })
    })
}
