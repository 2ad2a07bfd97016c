//! The merged YAML of every corpus configuration reads back as exactly the configuration it was printed
//! from (GitLab's "Full configuration" view must not change a value: `"3.10"` stays a string), in the
//! contexts that change which includes apply.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use pipelens_core::diagnostics::Diagnostics;
use pipelens_core::inspect::merged::to_yaml;
use pipelens_core::load::load_documents;
use pipelens_core::{ContextBuilder, Limits, PipelineSource};

#[test]
fn every_corpus_configuration_round_trips_through_its_merged_yaml() {
    let mut checked = 0;
    for (name, dir) in corpus::corpus_folders() {
        let (files, entry, paths) = corpus::read_folder(&dir).unwrap_or_else(|| panic!("{name}: not readable"));
        for source in [PipelineSource::Push, PipelineSource::MergeRequest] {
            let ctx = ContextBuilder { repo_files: paths.clone(), ..ContextBuilder::new(source) }.build();
            let mut diags = Diagnostics::default();
            let resolved = pipelens_core::resolve::resolve(&files, entry, &ctx, None, &Limits::default(), &mut diags);
            let text = to_yaml(&resolved.root);
            let mut again = Diagnostics::default();
            let docs = load_documents(&text, 0, &Limits::default(), &mut again);
            assert!(!again.has_errors(), "{name}: merged YAML does not load: {:?}", again.iter().next());
            assert_eq!(docs.len(), 1, "{name}: one document");
            assert!(docs[0].same_value(&resolved.root), "{name} ({source:?}): merged YAML reads back differently");
            checked += 1;
        }
    }
    eprintln!("merged: {checked} corpus configurations round-tripped");
}
