//! `extends`: multi-level, multi-parent inheritance between top-level entries (GitLab's `Extendable`).
//! Parents deep-merge in the order listed (later parents win), the job's own keys on top; arrays are replaced.

use super::{cost, Budget};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::limits::Limits;
use crate::load::{deep_merge, Map, Node, Value};
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq)]
enum State {
    InProgress,
    Done,
}

pub fn run(root: &mut Node, limits: &Limits, offline: bool, budget: &mut Budget, diags: &mut Diagnostics) {
    // Resolve against the untouched mapping first, then write back: no copy of the whole config.
    let done = {
        let Some(map) = root.as_map() else { return };
        let mut done: HashMap<String, (Node, usize)> = HashMap::new();
        let mut state: HashMap<String, State> = HashMap::new();
        for (name, e) in map {
            // Each extended entry is a copy of its bases: a large template extended by many jobs is paid for.
            if e.value.get("extends").is_some() && !done.contains_key(name) && !budget.spent(e.value.span, diags) {
                resolve_one(name, map, &mut done, &mut state, limits, offline, diags);
                if let Some((node, _)) = done.get(name) {
                    budget.pay(cost(node), node.span, diags);
                }
            }
        }
        done
    };
    let map = root.as_map_mut().expect("checked above");
    for (name, (node, _)) in done {
        if let Some(e) = map.get_mut(&name) {
            e.value = node;
        }
    }
}

/// Resolves `name` into `done` (its fully extended value) and returns the length of its longest `extends`
/// chain; entries without `extends` are not copied and count 0. `None` after an error.
fn resolve_one(
    name: &str,
    original: &Map,
    done: &mut HashMap<String, (Node, usize)>,
    state: &mut HashMap<String, State>,
    limits: &Limits,
    offline: bool,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some((_, d)) = done.get(name) {
        return Some(*d);
    }
    let own = &original.get(name)?.value;
    let Some(ext) = own.get("extends") else { return Some(0) };
    match state.get(name) {
        Some(State::InProgress) => {
            diags.error(Code::ExtendsCycle, format!("{name}: circular dependency detected in `extends`"), ext.span);
            return None;
        }
        Some(State::Done) => return None,
        None => {}
    }
    let Some(parents) = ext.string_list() else {
        diags.error(
            Code::ExtendsInvalid,
            format!("{name}: `extends` should be a string or an array of strings"),
            ext.span,
        );
        return None;
    };
    state.insert(name.to_string(), State::InProgress);
    let mut merged: Option<Node> = None;
    let mut depth = 1;
    for parent in &parents {
        match original.get(parent.as_str()) {
            None => {
                let msg = format!("{name}: unknown key in `extends` ({parent})");
                if offline {
                    diags.warning(
                        Code::ExtendsUnknown,
                        format!("{msg}; it may be defined in an include that is not available offline"),
                        ext.span,
                    );
                } else {
                    diags.error(Code::ExtendsUnknown, msg, ext.span);
                }
                continue;
            }
            Some(e) if !matches!(e.value.value, Value::Map(_)) => {
                diags.error(
                    Code::ExtendsInvalid,
                    format!("{name}: invalid base hash in `extends` ({parent})"),
                    ext.span,
                );
                continue;
            }
            Some(e) => {
                let Some(d) = resolve_one(parent, original, done, state, limits, offline, diags) else { continue };
                depth = depth.max(d + 1);
                let base = done.get(parent.as_str()).map(|(n, _)| n).unwrap_or(&e.value);
                match &mut merged {
                    Some(m) => deep_merge(m, base),
                    None => merged = Some(base.clone()),
                }
            }
        }
    }
    state.insert(name.to_string(), State::Done);
    if depth > limits.max_extends_depth {
        diags.error(
            Code::ExtendsDepth,
            format!("{name}: nesting too deep in `extends` (more than {} levels)", limits.max_extends_depth),
            ext.span,
        );
        return None;
    }
    let result = match merged {
        Some(mut m) => {
            deep_merge(&mut m, own);
            m.span = own.span;
            m
        }
        None => own.clone(),
    };
    done.insert(name.to_string(), (result, depth));
    Some(depth)
}
