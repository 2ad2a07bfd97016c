//! Query complexity as GitLab computes it (`app/graphql/types/base_field.rb`, `resolvers/base_resolver.rb`),
//! and its refusal. Every field costs 1 plus its children. A field with a resolver adds the resolver's
//! own cost (1, +1 with `sort`, +5 with `search`) and 1 more when it calls Gitaly; a connection then adds
//! `limit × 1 %` of that, `limit` being the smallest of `first`, `last` and the page size 100 (so 100
//! nodes double a connection's cost; looking up by `iid`/`iids` adds nothing). Nodes are not counted
//! per item: the score is known before anything runs.
//!
//! Fields left out by `@include(if: false)` or `@skip(if: true)` cost nothing, as graphql-ruby's analyzer
//! skips them (`return if visitor.skipping?`); async-graphql would count them, so they are taken out of the
//! parsed query before validation (with the variable definitions and fragments only they used). What they
//! held is then not validated here; the app's documents are validated against GitLab's schema in
//! `crates/gitlab-api`.
//!
//! Over the limit, GitLab answers graphql-ruby's `Query has complexity of N, which exceeds max complexity
//! of 250` in `errors` (HTTP 200, no `data`). `queryComplexity { score limit }` reads the score.

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::parser::Positioned;
use async_graphql::{Name, ServerError, ServerResult, ValidationResult, Value, Variables};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The page size a connection's cost is computed with when neither `first` nor `last` says less.
const PAGE_SIZE: usize = 100;

/// A connection field's cost: children, the resolver's own (`search` adds 5), Gitaly, then 1 % per node.
pub fn connection(child: usize, first: Option<i32>, last: Option<i32>, search: bool, gitaly: bool) -> usize {
    let mut c = child as f64 + 1.0 + if search { 5.0 } else { 0.0 } + if gitaly { 1.0 } else { 0.0 };
    let limit = [first, last].into_iter().flatten().map(|n| n.max(0) as usize).fold(PAGE_SIZE, usize::min);
    c += c * limit as f64 * 0.01;
    c as usize
}

/// A field whose resolver calls Gitaly (repository reads): children + 1 + 1.
pub fn gitaly(child: usize) -> usize {
    child + 2
}

/// Refuses a query over `limit` with GitLab's message, and keeps the score for `queryComplexity`.
pub struct GitLabComplexity {
    pub limit: usize,
    pub score: Arc<AtomicUsize>,
}

impl ExtensionFactory for GitLabComplexity {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Check { limit: self.limit, score: self.score.clone() })
    }
}

struct Check {
    limit: usize,
    score: Arc<AtomicUsize>,
}

/// Whether a selection's directives leave it out for these variables.
fn skipped(directives: &[Positioned<async_graphql::parser::types::Directive>], variables: &Variables) -> bool {
    directives.iter().any(|d| {
        let condition = d.node.get_argument("if").and_then(|v| {
            match v.node.clone().into_const_with(|name| variables.get(&name).cloned().ok_or(())) {
                Ok(Value::Boolean(b)) => Some(b),
                _ => None,
            }
        });
        matches!((d.node.name.node.as_str(), condition), ("include", Some(false)) | ("skip", Some(true)))
    })
}

/// Removes the fields the variables leave out, everywhere below `set`.
fn strip(set: &mut SelectionSet, variables: &Variables) {
    set.items.retain(|item| match &item.node {
        Selection::Field(f) => !skipped(&f.node.directives, variables),
        _ => true,
    });
    for item in &mut set.items {
        match &mut item.node {
            Selection::Field(f) => strip(&mut f.node.selection_set.node, variables),
            Selection::InlineFragment(f) => strip(&mut f.node.selection_set.node, variables),
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// Notes the variables a value refers to.
fn note_variables(v: &Positioned<async_graphql_value::Value>, vars: &mut HashSet<Name>) {
    let _ = v.node.clone().into_const_with(|name| {
        vars.insert(name);
        Ok::<_, ()>(Value::Null)
    });
}

/// The variables and fragments a selection set still uses.
fn uses(set: &SelectionSet, vars: &mut HashSet<Name>, fragments: &mut HashSet<Name>) {
    for item in &set.items {
        for d in item.node.directives() {
            d.node.arguments.iter().for_each(|(_, a)| note_variables(a, vars));
        }
        match &item.node {
            Selection::Field(f) => {
                f.node.arguments.iter().for_each(|(_, a)| note_variables(a, vars));
                uses(&f.node.selection_set.node, vars, fragments);
            }
            Selection::InlineFragment(f) => uses(&f.node.selection_set.node, vars, fragments),
            Selection::FragmentSpread(s) => {
                fragments.insert(s.node.fragment_name.node.clone());
            }
        }
    }
}

/// Takes out the fields `@include(if: false)` / `@skip(if: true)` leave out, then the variable definitions
/// and fragments only they used (so the rest validates as GitLab validates the whole).
fn strip_skipped(doc: &mut ExecutableDocument, variables: &Variables) {
    use async_graphql::parser::types::DocumentOperations;
    let ops: Vec<&mut Positioned<async_graphql::parser::types::OperationDefinition>> = match &mut doc.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(ops) => ops.values_mut().collect(),
    };
    for fragment in doc.fragments.values_mut() {
        strip(&mut fragment.node.selection_set.node, variables);
    }
    let mut used_fragments = HashSet::new();
    for op in ops {
        strip(&mut op.node.selection_set.node, variables);
        let mut vars = HashSet::new();
        let mut fragments = HashSet::new();
        uses(&op.node.selection_set.node, &mut vars, &mut fragments);
        // Fragments used by used fragments.
        let mut queue: Vec<Name> = fragments.iter().cloned().collect();
        while let Some(name) = queue.pop() {
            if let Some(f) = doc.fragments.get(&name) {
                let mut more = HashSet::new();
                uses(&f.node.selection_set.node, &mut vars, &mut more);
                queue.extend(more.into_iter().filter(|m| fragments.insert(m.clone())));
            }
        }
        op.node.variable_definitions.retain(|d| vars.contains(&d.node.name.node));
        used_fragments.extend(fragments);
    }
    doc.fragments.retain(|name, _| used_fragments.contains(name));
}

#[async_trait::async_trait]
impl Extension for Check {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let mut doc = next.run(ctx, query, variables).await?;
        strip_skipped(&mut doc, variables);
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        self.score.store(result.complexity, Ordering::Relaxed);
        if result.complexity > self.limit {
            let message = format!(
                "Query has complexity of {}, which exceeds max complexity of {}",
                result.complexity, self.limit
            );
            return Err(vec![ServerError::new(message, None)]);
        }
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hundred_nodes_double_a_connection_and_search_costs_five() {
        // With the base resolver's own 1: (1 + 1) × 2, × 1.5, × 1.01.
        assert_eq!(connection(1, None, None, false, false), 4);
        assert_eq!(connection(1, Some(50), None, false, false), 3);
        assert_eq!(connection(1, Some(1), None, false, false), 2);
        assert_eq!(connection(1, Some(500), Some(10), true, false), 7, "(1 + 1 + 5) × 1.1");
    }
}
