//! The configuration at the pipeline's commit, analysed with every include it names read through the API:
//! the engine says which includes it needs (`Analysis::missing_includes`), [`ApiIncludes`] reads them and the
//! engine runs again, until nothing new is missing (core's `IncludeLoader` bounds the rounds and the reads).

use crate::gather::Prepared;
use crate::includes::ApiIncludes;
use pipelens_core::files::{Load, Unreadable};
use pipelens_core::{analyze_with, Analysis, FileId, FileSet, IncludeLoader, Limits, PipelineContext};
use pipelens_gitlab_api::endpoints::RawFile;
use pipelens_gitlab_api::{ApiError, Client, Transport};

/// The predicted pipeline and what it was made from.
pub struct Prediction {
    pub files: FileSet,
    pub entry: FileId,
    pub analysis: Analysis,
    /// Includes left missing with a reason for the person (a remote file the browser may not read).
    pub notes: Vec<String>,
}

/// The configuration file's text at the prepared commit. A missing file is GitLab's "no configuration".
pub async fn config_text<T: Transport>(
    client: &Client,
    transport: &T,
    prepared: &Prepared,
) -> Result<Vec<u8>, ApiError> {
    let mut e = RawFile::new(prepared.project.path.as_str(), prepared.project.config_path.as_str());
    e.git_ref = Some(prepared.sha.clone());
    let response = client.execute(transport, &client.prepare(&e)).await?;
    if !(200..300).contains(&response.status) {
        return Err(ApiError::from_status(&response));
    }
    Ok(response.body)
}

/// Analyses `config` (the entry file's bytes) for `ctx`, loading its includes through the API.
pub async fn predict<T: Transport>(
    client: &Client,
    transport: &T,
    prepared: &Prepared,
    config: Vec<u8>,
    ctx: &PipelineContext,
    limits: &Limits,
) -> Prediction {
    let mut files = FileSet::new();
    let entry = files.add_bytes(&prepared.project.config_path, config);
    complete(client, transport, prepared, files, entry, ctx, limits).await
}

/// Analyses again for another context, starting from the files an earlier prediction read (only includes it
/// did not need are fetched).
pub async fn again<T: Transport>(
    client: &Client,
    transport: &T,
    prepared: &Prepared,
    earlier: &Prediction,
    ctx: &PipelineContext,
    limits: &Limits,
) -> Prediction {
    complete(client, transport, prepared, earlier.files.clone(), earlier.entry, ctx, limits).await
}

async fn complete<T: Transport>(
    client: &Client,
    transport: &T,
    prepared: &Prepared,
    mut files: FileSet,
    entry: FileId,
    ctx: &PipelineContext,
    limits: &Limits,
) -> Prediction {
    let fqdn = ctx.vars.get("CI_SERVER_FQDN").cloned().unwrap_or_default();
    let includes =
        ApiIncludes { client, transport, project: prepared.project.path.clone(), sha: prepared.sha.clone(), fqdn };
    let mut loader = IncludeLoader::default();
    let mut notes = Vec::new();
    loop {
        let analysis = analyze_with(&files, entry, ctx, None, limits);
        let Some(wanted) = loader.next(&analysis.missing_includes, &mut files, limits) else {
            return Prediction { files, entry, analysis, notes };
        };
        for m in wanted {
            let loaded = if files.total_bytes() >= limits.max_total_bytes {
                Load::Unreadable(Unreadable::Failed(format!(
                    "not read: the files read total more than {} bytes",
                    limits.max_total_bytes
                )))
            } else {
                let loaded = includes.load(&m, limits).await;
                notes.extend(loaded.note);
                loaded.load
            };
            files.supply(&m.key(), loaded);
        }
    }
}
