//! `!reference [name, key, ...]`: replaced by the value found at that path in the extended configuration.
//! Referenced values may hold references themselves (nested up to the depth limit); cycles are reported. Every
//! copy is paid for from the resolve [`Budget`]: references fanned out level after level stop there.

use super::{cost, Budget};
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, Span};
use crate::limits::Limits;
use crate::load::{Node, Value};
use rustc_hash::{FxHashMap, FxHashSet};

pub fn run(root: &mut Node, limits: &Limits, offline: bool, budget: &mut Budget, diags: &mut Diagnostics) {
    if !contains_reference(root) {
        return;
    }
    // Look every reference up in the unresolved tree first, then write the values back.
    let mut found: Vec<(Vec<Seg>, Node)> = Vec::new();
    {
        let mut r = Resolver {
            root,
            limits,
            offline,
            budget,
            chain: Vec::new(),
            deepest: 0,
            cache: FxHashMap::default(),
            seen: FxHashSet::default(),
        };
        r.collect(root, &mut Vec::new(), &mut found, diags);
    }
    for (path, value) in found {
        if let Some(slot) = node_at_mut(root, &path) {
            *slot = value;
        }
    }
}

enum Seg {
    Key(String),
    Index(usize),
}

enum SegRef<'t> {
    Key(&'t str),
    Index(usize),
}

impl SegRef<'_> {
    fn to_owned(&self) -> Seg {
        match self {
            SegRef::Key(k) => Seg::Key(k.to_string()),
            SegRef::Index(i) => Seg::Index(*i),
        }
    }
}

fn node_at_mut<'a>(mut node: &'a mut Node, path: &[Seg]) -> Option<&'a mut Node> {
    for seg in path {
        node = match (&mut node.value, seg) {
            (Value::Map(m), Seg::Key(k)) => &mut m.get_mut(k)?.value,
            (Value::Seq(items), Seg::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn contains_reference(node: &Node) -> bool {
    match &node.value {
        Value::Reference(_) => true,
        Value::Seq(items) => items.iter().any(contains_reference),
        Value::Map(m) => m.values().any(|e| contains_reference(&e.value)),
        _ => false,
    }
}

struct Resolver<'a> {
    root: &'a Node,
    limits: &'a Limits,
    offline: bool,
    budget: &'a mut Budget,
    chain: Vec<Vec<String>>,
    /// Longest chain reached so far (for the cache's depth bookkeeping).
    deepest: usize,
    /// Resolved values by path, with how many levels of nesting resolving them took and their [`cost`]. Real
    /// configurations reference the same few rule lists hundreds of times; each is resolved once, then copied.
    cache: FxHashMap<Vec<String>, (Node, usize, usize)>,
    seen: FxHashSet<Vec<String>>,
}

impl Resolver<'_> {
    /// Finds the references in the tree as written, with the value each one stands for. The path is kept
    /// as borrowed keys and only copied for the (few) places that hold a reference.
    fn collect<'t>(
        &mut self,
        node: &'t Node,
        path: &mut Vec<SegRef<'t>>,
        found: &mut Vec<(Vec<Seg>, Node)>,
        diags: &mut Diagnostics,
    ) {
        match &node.value {
            Value::Reference(items) => {
                let value = self.lookup(items, node.span, diags).unwrap_or_else(|| Node::null(node.span));
                found.push((path.iter().map(SegRef::to_owned).collect(), value));
            }
            Value::Seq(items) => {
                for (i, n) in items.iter().enumerate() {
                    path.push(SegRef::Index(i));
                    self.collect(n, path, found, diags);
                    path.pop();
                }
            }
            Value::Map(m) => {
                for (k, e) in m {
                    path.push(SegRef::Key(k));
                    self.collect(&e.value, path, found, diags);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// Resolves the references inside a value copied out of the tree.
    fn walk(&mut self, node: &mut Node, diags: &mut Diagnostics) {
        match &mut node.value {
            Value::Reference(items) => {
                let span = node.span;
                let items = std::mem::take(items);
                *node = self.lookup(&items, span, diags).unwrap_or_else(|| Node::null(span));
            }
            Value::Seq(items) => items.iter_mut().for_each(|n| self.walk(n, diags)),
            Value::Map(m) => m.values_mut().for_each(|e| self.walk(&mut e.value, diags)),
            _ => {}
        }
    }

    fn lookup(&mut self, items: &[Node], span: Span, diags: &mut Diagnostics) -> Option<Node> {
        if self.budget.spent(span, diags) {
            return None;
        }
        let Some(path) = items.iter().map(Node::scalar_string).collect::<Option<Vec<String>>>() else {
            diags.error(Code::ReferenceInvalid, "!reference should be an array of strings", span);
            return None;
        };
        let shown = format!("!reference [{}]", path.join(", "));
        if path.is_empty() {
            diags.error(Code::ReferenceInvalid, format!("{shown} should not be empty"), span);
            return None;
        }
        if self.chain.contains(&path) {
            diags.error(Code::ReferenceCycle, format!("{shown} is part of a circular chain"), span);
            return None;
        }
        self.deepest = self.deepest.max(self.chain.len());
        if self.chain.len() >= self.limits.max_reference_depth {
            diags.error(
                Code::ReferenceDepth,
                format!("{shown}: !reference is nested more than {} levels deep", self.limits.max_reference_depth),
                span,
            );
            return None;
        }
        let mut found = self.root;
        for key in &path {
            match found.get(key) {
                Some(n) => found = n,
                None => {
                    let msg = format!("{shown} could not be found");
                    if self.offline && self.root.get(&path[0]).is_none() {
                        diags.warning(
                            Code::ReferenceNotFound,
                            format!("{msg}; it may be defined in an include that is not available offline"),
                            span,
                        );
                    } else {
                        diags.error(Code::ReferenceNotFound, msg, span);
                    }
                    return None;
                }
            }
        }
        if let Some((value, levels, size)) = self.cache.get(&path) {
            // Only where the same nesting would still fit under the depth limit from here.
            if self.chain.len() + levels <= self.limits.max_reference_depth {
                self.deepest = self.deepest.max(self.chain.len() + levels);
                return self.budget.pay(*size, span, diags).then(|| value.clone());
            }
        }
        if !self.budget.pay(cost(found), span, diags) {
            return None;
        }
        let mut value = found.clone();
        let (errors_before, outer_deepest) = (diags.len(), self.deepest);
        self.deepest = self.chain.len() + 1;
        self.chain.push(path);
        self.walk(&mut value, diags);
        let path = self.chain.pop().expect("pushed above");
        let levels = self.deepest - self.chain.len();
        self.deepest = self.deepest.max(outer_deepest);
        // A value whose resolution reported something is not reused: each use reports at its own place. Only
        // paths seen before are kept, so configurations without repeats pay no extra copy.
        if diags.len() == errors_before && !self.seen.insert(path.clone()) {
            self.cache.insert(path, (value.clone(), levels, cost(&value)));
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use crate::limits::Limits;
    use crate::load::load_documents;

    fn resolve(text: &str) -> (crate::load::Node, Vec<crate::Diagnostic>) {
        let mut d = Diagnostics::default();
        let mut root = load_documents(text, 0, &Limits::default(), &mut d).remove(0);
        let mut budget = crate::resolve::Budget::new(&Limits::default());
        super::run(&mut root, &Limits::default(), false, &mut budget, &mut d);
        (root, d.into_sorted())
    }

    #[test]
    fn nested_references_resolve() {
        let (root, d) = resolve(
            ".a: {script: [echo a]}\n.b: {script: [!reference [.a, script], echo b]}\njob: {script: !reference [.b, script]}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let script = root.get("job").unwrap().get("script").unwrap().as_seq().unwrap();
        assert_eq!(script[0].as_seq().unwrap()[0].as_str(), Some("echo a"));
        assert_eq!(script[1].as_str(), Some("echo b"));
    }

    #[test]
    fn missing_and_circular_references_are_errors() {
        let (_, d) = resolve("job: {script: !reference [.nope, script]}\n");
        assert_eq!(d[0].message, "!reference [.nope, script] could not be found");
        assert_eq!((d[0].span.unwrap().line, d[0].span.unwrap().col), (1, 15));
        let (_, d) = resolve(".a: {x: !reference [.b, x]}\n.b: {x: !reference [.a, x]}\n");
        assert!(d.iter().any(|d| d.code == "reference-cycle"));
    }

    #[test]
    fn a_reused_reference_resolves_the_same_everywhere_and_keeps_the_depth_limit() {
        let (root, d) = resolve(
            ".r: {rules: [{if: $A}]}\n.t: {rules: [!reference [.r, rules], {when: never}]}\n\
             a: {rules: !reference [.t, rules]}\nb: {rules: !reference [.t, rules]}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let rules = |job: &str| root.get(job).and_then(|j| j.get("rules")).and_then(|r| r.as_seq()).map(|r| r.len());
        assert_eq!((rules("a"), rules("b")), (Some(2), Some(2)));
        // A chain of 10 nested references is the limit; a cached inner value must not let an 11th through.
        let mut yaml = String::from(".l0: {x: [1]}\n");
        for i in 1..=11 {
            yaml += &format!(".l{i}: {{x: !reference [.l{}, x]}}\n", i - 1);
        }
        yaml += "job: {x: !reference [.l11, x]}\n";
        let (_, d) = resolve(&yaml);
        assert!(d.iter().any(|d| d.code == "reference-depth"), "{d:?}");
    }
}
