//! `include`: local files (with globs), `include:rules`, `include:inputs`; non-local kinds through a [`Fetcher`].
//! Merge order as GitLab's `External::Processor`: included files deep-merge in order, the including file on top.

use super::inputs;
use super::{cost, Budget, Fetcher, Resolved};
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, FileId, Span};
use crate::evaluate::context::PipelineContext;
use crate::evaluate::rules::{first_match, RuleEnv};
use crate::files::{normalize, FileSet, Unreadable};
use crate::glob::Glob;
use crate::keywords::rules::parse_rules;
use crate::limits::Limits;
use crate::load::{deep_merge, load_documents, Node, Value};
use crate::variables;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A non-local include, as handed to a [`Fetcher`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternalInclude {
    Remote(String),
    Template(String),
    Project { project: String, file: String, r#ref: Option<String> },
    Component(String),
}

impl ExternalInclude {
    pub fn describe(&self) -> String {
        match self {
            ExternalInclude::Remote(u) => format!("remote `{u}`"),
            ExternalInclude::Template(t) => format!("template `{t}`"),
            ExternalInclude::Project { project, file, .. } => format!("project `{project}` file `{file}`"),
            ExternalInclude::Component(c) => format!("component `{c}`"),
        }
    }
}

/// An include the engine could not read from the files it was given: a front end can load it (a local file
/// that is in the repository listing but was not read, or a fetched one), add it to the [`FileSet`] under
/// [`MissingInclude::key`] and analyse again (see [`crate::analyze_until_complete`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingInclude {
    pub kind: MissingKind,
    /// The `include` entry (or `trigger:include`) that names it.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MissingKind {
    /// A repository file (normalized path) that is listed but not loaded.
    Local {
        path: String,
    },
    Project {
        project: String,
        r#ref: Option<String>,
        file: String,
    },
    Remote {
        url: String,
    },
    Template {
        name: String,
    },
    Component {
        path: String,
    },
}

impl MissingInclude {
    /// The path the file goes under in the [`FileSet`], and that its diagnostics show: the repository path, the
    /// URL, `project:<project>/<file>[@<ref>]`, `template:<name>` or `component:<path>`.
    pub fn key(&self) -> String {
        self.kind.key()
    }
}

impl MissingKind {
    pub fn key(&self) -> String {
        match self {
            MissingKind::Local { path } => normalize(path),
            MissingKind::Project { project, r#ref, file } => {
                let at = r#ref.as_deref().map(|r| format!("@{r}")).unwrap_or_default();
                normalize(&format!("project:{project}/{}{at}", normalize(file)))
            }
            MissingKind::Remote { url } => normalize(url),
            MissingKind::Template { name } => normalize(&format!("template:{name}")),
            MissingKind::Component { path } => normalize(&format!("component:{path}")),
        }
    }

    fn of(ext: &ExternalInclude) -> Self {
        match ext.clone() {
            ExternalInclude::Remote(url) => MissingKind::Remote { url },
            ExternalInclude::Template(name) => MissingKind::Template { name },
            ExternalInclude::Project { project, file, r#ref } => MissingKind::Project { project, r#ref, file },
            ExternalInclude::Component(path) => MissingKind::Component { path },
        }
    }
}

struct Ctx<'a> {
    files: &'a FileSet,
    env: RuleEnv<'a>,
    fetcher: Option<&'a dyn Fetcher>,
    limits: &'a Limits,
    budget: &'a mut Budget,
    count: usize,
    stack: Vec<String>,
    included: Vec<FileId>,
    unresolved: Vec<String>,
    missing: Vec<MissingInclude>,
    /// Fetched texts get ids after the real files.
    fetched: FileSet,
    /// Files loaded so far, and the parsed documents of those included more than once: a repeated include is a
    /// copy of the parsed file, paid from the budget, not a new parse.
    loaded: HashSet<FileId>,
    parsed: HashMap<FileId, (Vec<Node>, usize)>,
}

pub fn run(
    files: &FileSet,
    entry: FileId,
    ctx: &PipelineContext,
    fetcher: Option<&dyn Fetcher>,
    limits: &Limits,
    budget: &mut Budget,
    diags: &mut Diagnostics,
) -> Resolved {
    let mut c = Ctx {
        files,
        env: RuleEnv::new(ctx, files, limits),
        fetcher,
        limits,
        budget,
        count: 0,
        stack: vec![files.path(entry).to_string()],
        included: vec![entry],
        unresolved: Vec::new(),
        missing: Vec::new(),
        fetched: FileSet::new(),
        loaded: HashSet::new(),
        parsed: HashMap::new(),
    };
    let text = files.get(entry).map(|f| f.text.clone()).unwrap_or_default();
    let root = match file_content(&text, entry, None, Span::new(entry, 1, 1), &mut c, diags) {
        Some(content) => expand(content, &mut c, 0, diags),
        None => super::empty_map(entry),
    };
    Resolved { root, included: c.included, unresolved_includes: c.unresolved, missing_includes: c.missing }
}

/// A file a front end could not read is reported, at the bad byte or at the include that names it.
fn unreadable(file: FileId, include_span: Span, c: &Ctx, diags: &mut Diagnostics) -> bool {
    let Some(why) = c.files.get(file).and_then(|f| f.unreadable.as_ref()) else { return false };
    let path = c.path_of(file);
    match why {
        Unreadable::InvalidUtf8 { line, col } => diags.error(
            Code::InvalidUtf8,
            format!("`{path}` is not valid UTF-8: the byte here does not start or continue a UTF-8 character"),
            Span::new(file, *line, *col),
        ),
        Unreadable::TooLarge { bytes } => diags.error(
            Code::InputTooLarge,
            format!("`{path}` is {bytes} bytes; the limit is {} bytes", c.limits.max_file_bytes),
            include_span,
        ),
        Unreadable::Failed(why) => {
            diags.error(Code::FileUnreadable, format!("could not read `{path}`: {why}"), include_span)
        }
    }
    true
}

/// Loads a file's documents, splits off a `spec:` header and interpolates inputs. An empty file is reported in
/// GitLab's words, which differ for the pipeline's own configuration file and an included one. `None`: nothing
/// to merge.
fn file_content(
    text: &str,
    file: FileId,
    given_inputs: Option<Node>,
    include_span: Span,
    c: &mut Ctx,
    diags: &mut Diagnostics,
) -> Option<Node> {
    if unreadable(file, include_span, c, diags) {
        return None;
    }
    let included = file != c.included[0];
    // GitLab's `YamlProcessor` and `External::File::Base#validate_content_presence!`: a blank file.
    if text.trim().is_empty() {
        match included {
            false => diags.error(Code::ConfigEmpty, "Please provide content of .gitlab-ci.yml", Span::new(file, 1, 1)),
            true => diags.error(
                Code::IncludeEmpty,
                format!("Included file `{}` is empty or does not exist!", c.path_of(file)),
                include_span,
            ),
        }
        return None;
    }
    let reported = diags.len();
    let mut docs = documents(text, file, include_span, c, diags)?;
    if docs.is_empty() && diags.len() > reported {
        return Some(super::empty_map(file));
    }
    if docs.is_empty() {
        // Only comments: YAML's null.
        docs.push(Node::null(Span::new(file, 1, 1)));
    }
    let (header, content) = if docs.len() >= 2 && docs[0].get("spec").is_some() {
        let content = docs.remove(1);
        (Some(docs.remove(0)), content)
    } else {
        (None, docs.remove(0))
    };
    // GitLab's loader reads a `spec:` header and one configuration document; any other is never read.
    if let Some(extra) = docs.first() {
        diags.warning(
            Code::YamlExtraDocument,
            "this YAML document is ignored: GitLab reads only the first document (after a `spec:` header, the second)",
            extra.span,
        );
    }
    let empty = content.is_null() || content.as_map().is_some_and(|m| m.is_empty());
    if included && empty {
        // `External::File::Base#validate_hash!`: an included file must hold some configuration.
        diags.error(
            Code::IncludeEmpty,
            format!("Included file `{}` does not have valid YAML syntax!", c.path_of(file)),
            include_span,
        );
        return None;
    }
    if content.as_map().is_none() {
        // `Gitlab::Config::Loader::Yaml#load_raw!`: the configuration is not a hash (a comment-only file is null).
        diags.error(Code::ConfigNotHash, "Invalid configuration format", content.span);
        return None;
    }
    let mut content = content;
    match header {
        Some(h) => inputs::apply(&h, given_inputs, &mut content, include_span, &c.env, c.budget, diags),
        None if given_inputs.is_some() => diags.error(
            Code::IncludeInputs,
            "inputs were given, but the included file has no `spec:inputs` header",
            include_span,
        ),
        None => {}
    }
    Some(content)
}

/// The parsed documents of a file. The first include parses it; later ones copy the parsed documents, each copy
/// paid from the budget (the same file included a hundred times is a hundred copies).
fn documents(text: &str, file: FileId, at: Span, c: &mut Ctx, diags: &mut Diagnostics) -> Option<Vec<Node>> {
    if c.loaded.insert(file) {
        return Some(load_documents(text, file, c.limits, diags));
    }
    if c.budget.spent(at, diags) {
        return None;
    }
    if let Some((docs, size)) = c.parsed.get(&file) {
        return c.budget.pay(*size, at, diags).then(|| docs.clone());
    }
    let docs = load_documents(text, file, c.limits, diags);
    let size = docs.iter().map(cost).sum();
    if !c.budget.pay(size, at, diags) {
        return None;
    }
    c.parsed.insert(file, (docs.clone(), size));
    Some(docs)
}

/// Replaces the `include` key of `content` by the files it names, merged underneath `content`.
fn expand(mut content: Node, c: &mut Ctx, depth: usize, diags: &mut Diagnostics) -> Node {
    let Some(include) = content.as_map_mut().and_then(|m| m.shift_remove("include")) else {
        return content;
    };
    if depth >= c.limits.max_include_depth {
        diags.error(
            Code::IncludeDepth,
            format!("includes are nested more than {} levels deep", c.limits.max_include_depth),
            include.key_span,
        );
        return content;
    }
    let items: Vec<Node> = match include.value.value {
        Value::Seq(items) => items,
        _ => vec![include.value],
    };
    let mut merged: Option<Node> = None;
    for item in items {
        // The inputs move into the included file's interpolation: an input can be large, copies are not free.
        let mut item = item;
        let inputs_node = item.as_map_mut().and_then(|m| m.shift_remove("inputs")).map(|e| e.value);
        for (text, file, inputs_node, span) in read_item(&item, inputs_node, c, diags) {
            c.count += 1;
            if c.count > c.limits.max_includes {
                diags.error(
                    Code::IncludeLimit,
                    format!("Maximum of {} nested includes are allowed!", c.limits.max_includes),
                    span,
                );
                return content;
            }
            let path = c.path_of(file);
            if c.stack.contains(&path) {
                diags.error(Code::IncludeCycle, format!("include cycle: {} → {path}", c.stack.join(" → ")), span);
                continue;
            }
            let Some(sub) = file_content(&text, file, inputs_node, span, c, diags) else { continue };
            c.stack.push(path);
            let sub = expand(sub, c, depth + 1, diags);
            c.stack.pop();
            match &mut merged {
                Some(m) => deep_merge(m, &sub),
                None => merged = Some(sub),
            }
        }
    }
    match merged {
        Some(mut base) => {
            deep_merge(&mut base, &content);
            base.span = content.span;
            base
        }
        None => content,
    }
}

impl Ctx<'_> {
    /// Listed in the repository but not loaded: the front end is asked for it; until then, like an offline
    /// include, what it defines is unknown.
    fn missing_local(&mut self, path: String, span: Span, diags: &mut Diagnostics) {
        diags.warning(
            Code::IncludeNotLoaded,
            format!("local file `{path}` was not loaded; jobs it defines are not shown"),
            span,
        );
        self.unresolved.push(path.clone());
        self.missing.push(MissingInclude { kind: MissingKind::Local { path }, span });
    }

    fn path_of(&self, file: FileId) -> String {
        if (file as usize) < self.files.len() {
            self.files.path(file).to_string()
        } else {
            format!("fetched:{}", self.fetched.path(file - self.files.len() as FileId))
        }
    }
}

type Included = (Arc<str>, FileId, Option<Node>, Span);

/// One `include` entry → the texts it stands for (several for a glob, none when rules say no).
fn read_item(item: &Node, inputs_node: Option<Node>, c: &mut Ctx, diags: &mut Diagnostics) -> Vec<Included> {
    let span = item.span;
    let (kind, location, map) = match &item.value {
        Value::Str(s) if s.starts_with("http://") || s.starts_with("https://") => ("remote", s.clone(), None),
        Value::Str(s) => ("local", s.clone(), None),
        Value::Map(m) => {
            let kinds = ["local", "remote", "template", "project", "component"];
            let Some(kind) = kinds.into_iter().find(|k| m.contains_key(*k)) else {
                diags.error(
                    Code::IncludeInvalid,
                    "include config should contain one of: local, remote, template, project, component",
                    span,
                );
                return Vec::new();
            };
            let loc = m[kind].value.scalar_string().unwrap_or_default();
            (kind, loc, Some(m))
        }
        _ => {
            diags.error(Code::IncludeInvalid, "include config should be a string or a hash", span);
            return Vec::new();
        }
    };
    if let Some(rules) = map.and_then(|m| m.get("rules")) {
        let rules = parse_rules(&rules.value, diags);
        match first_match(&rules, &c.env, diags) {
            Some(rule) if rule.when.as_deref() != Some("never") => {}
            _ => return Vec::new(),
        }
    }
    let location = variables::expand(&location, &c.env.ctx.vars);
    match kind {
        "local" => read_local(&location, span, inputs_node, c, diags),
        _ => {
            let external = match kind {
                "remote" => ExternalInclude::Remote(location),
                "template" => ExternalInclude::Template(location),
                "component" => ExternalInclude::Component(location),
                _ => {
                    let m = map.expect("project includes are hashes");
                    let r#ref = m.get("ref").and_then(|e| e.value.scalar_string());
                    let files = m.get("file").and_then(|e| e.value.string_list()).unwrap_or_default();
                    return files
                        .into_iter()
                        .flat_map(|file| {
                            let ext =
                                ExternalInclude::Project { project: location.clone(), file, r#ref: r#ref.clone() };
                            read_external(ext, span, inputs_node.clone(), c, diags)
                        })
                        .collect();
                }
            };
            read_external(external, span, inputs_node, c, diags)
        }
    }
}

/// A path with `*` is a wildcard (GitLab's `LocationExpander`: `**` spans directories, `*` does not); any other
/// path names one file.
fn read_local(path: &str, span: Span, inputs: Option<Node>, c: &mut Ctx, diags: &mut Diagnostics) -> Vec<Included> {
    // The repository listing (`env.repo_files`, loaded files included) may hold paths not loaded yet.
    let listed: Vec<String> = if path.contains('*') {
        let wildcard = Glob::wildcard(path);
        // Only YAML can be included (GitLab's `YAML_ALLOWLIST_EXTENSION`); the cheap test goes first.
        let yaml = |p: &&String| p.ends_with(".yml") || p.ends_with(".yaml");
        let mut found: Vec<String> =
            c.env.repo_files.iter().filter(yaml).filter(|p| wildcard.matches(p)).cloned().collect();
        found.sort();
        found.dedup();
        found
    } else {
        let path = normalize(path);
        if c.files.find(&path).is_none() && !c.env.repo_files.contains(&path) {
            diags.error(Code::IncludeNotFound, format!("Local file `{path}` does not exist!"), span);
            return Vec::new();
        }
        vec![path]
    };
    let mut out = Vec::new();
    let mut inputs = inputs;
    let last = listed.len().saturating_sub(1);
    for (i, p) in listed.into_iter().enumerate() {
        let Some(id) = c.files.find(&p) else {
            c.missing_local(p, span, diags);
            continue;
        };
        let text = c.files.get(id).map(|f| f.text.clone()).unwrap_or_default();
        if !c.included.contains(&id) {
            c.included.push(id);
        }
        let inputs = if i == last { inputs.take() } else { inputs.clone() };
        out.push((text, id, inputs, span));
    }
    out
}

fn read_external(
    ext: ExternalInclude,
    span: Span,
    inputs: Option<Node>,
    c: &mut Ctx,
    diags: &mut Diagnostics,
) -> Vec<Included> {
    let kind = MissingKind::of(&ext);
    // A front end that loaded it put it in the file set under its key: its diagnostics name it.
    if let Some(id) = c.files.find(&kind.key()) {
        let text = c.files.get(id).map(|f| f.text.clone()).unwrap_or_default();
        if !c.included.contains(&id) {
            c.included.push(id);
        }
        return vec![(text, id, inputs, span)];
    }
    let described = ext.describe();
    match c.fetcher.map(|f| f.fetch(&ext)) {
        Some(Ok(text)) => {
            let text: Arc<str> = text.into();
            let id = c.fetched.add(&described, text.clone()) + c.files.len() as FileId;
            vec![(text, id, inputs, span)]
        }
        Some(Err(e)) => {
            diags.error(Code::IncludeFetch, format!("could not read include {described}: {e}"), span);
            c.unresolved.push(described);
            Vec::new()
        }
        None => {
            diags.warning(
                Code::IncludeOffline,
                format!("include {described} is not available offline; jobs it defines are not shown"),
                span,
            );
            c.unresolved.push(described);
            c.missing.push(MissingInclude { kind, span });
            Vec::new()
        }
    }
}
