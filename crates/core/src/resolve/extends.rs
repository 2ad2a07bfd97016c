//! `extends`: multi-level, multi-parent inheritance between top-level entries (GitLab's `Extendable`).
//! Parents deep-merge in the order listed (later parents win), the job's own keys on top; arrays are replaced.

use crate::diagnostics::Diagnostics;
use crate::limits::Limits;
use crate::load::{deep_merge, Map, Node, Value};
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq)]
enum State {
    InProgress,
    Done,
}

pub fn run(root: &mut Node, limits: &Limits, offline: bool, diags: &mut Diagnostics) {
    // Resolve against the untouched mapping first, then write back: no copy of the whole config.
    let done = {
        let Some(map) = root.as_map() else { return };
        let mut done: HashMap<String, (Node, usize)> = HashMap::new();
        let mut state: HashMap<String, State> = HashMap::new();
        for (name, e) in map {
            if e.value.get("extends").is_some() {
                resolve_one(name, map, &mut done, &mut state, limits, offline, diags);
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

/// Returns the fully extended value of `name` and the length of its longest `extends` chain, memoized.
fn resolve_one(
    name: &str,
    original: &Map,
    done: &mut HashMap<String, (Node, usize)>,
    state: &mut HashMap<String, State>,
    limits: &Limits,
    offline: bool,
    diags: &mut Diagnostics,
) -> Option<(Node, usize)> {
    if let Some(n) = done.get(name) {
        return Some(n.clone());
    }
    let entry = original.get(name)?;
    let own = &entry.value;
    let Some(ext) = own.get("extends") else { return Some((own.clone(), 0)) };
    match state.get(name) {
        Some(State::InProgress) => {
            diags.error("extends-cycle", format!("{name}: circular dependency detected in `extends`"), ext.span);
            return None;
        }
        Some(State::Done) => return Some((own.clone(), 0)),
        None => {}
    }
    let Some(parents) = ext.string_list() else {
        diags.error(
            "extends-invalid",
            format!("{name}: `extends` should be a string or an array of strings"),
            ext.span,
        );
        return Some((own.clone(), 0));
    };
    state.insert(name.to_string(), State::InProgress);
    let mut merged: Option<Node> = None;
    let mut depth = 1;
    for parent in &parents {
        let base = match original.get(parent.as_str()) {
            None => {
                let msg = format!("{name}: unknown key in `extends` ({parent})");
                if offline {
                    diags.warning(
                        "extends-unknown",
                        format!("{msg}; it may be defined in an include that is not available offline"),
                        ext.span,
                    );
                } else {
                    diags.error("extends-unknown", msg, ext.span);
                }
                continue;
            }
            Some(e) if !matches!(e.value.value, Value::Map(_)) => {
                diags.error("extends-invalid", format!("{name}: invalid base hash in `extends` ({parent})"), ext.span);
                continue;
            }
            Some(_) => match resolve_one(parent, original, done, state, limits, offline, diags) {
                Some((n, d)) => {
                    depth = depth.max(d + 1);
                    n
                }
                None => continue,
            },
        };
        match &mut merged {
            Some(m) => deep_merge(m, &base),
            None => merged = Some(base),
        }
    }
    let result = match merged {
        Some(mut m) => {
            deep_merge(&mut m, own);
            m.span = own.span;
            m
        }
        None => own.clone(),
    };
    state.insert(name.to_string(), State::Done);
    if depth > limits.max_extends_depth {
        diags.error(
            "extends-depth",
            format!("{name}: nesting too deep in `extends` (more than {} levels)", limits.max_extends_depth),
            ext.span,
        );
        done.insert(name.to_string(), (own.clone(), 0));
        return None;
    }
    done.insert(name.to_string(), (result.clone(), depth));
    Some((result, depth))
}
