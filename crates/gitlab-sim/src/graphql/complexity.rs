//! Query complexity as GitLab computes it (`app/graphql/types/base_field.rb`, `resolvers/base_resolver.rb`),
//! and its refusal. Every field costs 1 plus its children. A field with a resolver adds the resolver's
//! own cost (1, +1 with `sort`, +5 with `search`) and 1 more when it calls Gitaly; a connection then adds
//! `limit × 1 %` of that, `limit` being the smallest of `first`, `last` and the page size 100 (so 100
//! nodes double a connection's cost; looking up by `iid`/`iids` adds nothing). Nodes are not counted
//! per item: the score is known before anything runs.
//!
//! Over the limit, GitLab answers graphql-ruby's `Query has complexity of N, which exceeds max complexity
//! of 250` in `errors` (HTTP 200, no `data`). `queryComplexity { score limit }` reads the score.

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation};
use async_graphql::{ServerError, ValidationResult};
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

#[async_trait::async_trait]
impl Extension for Check {
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
