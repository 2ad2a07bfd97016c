//! `default:` and the legacy top-level `image`/`services`/`before_script`/`after_script`/`cache`, plus
//! `inherit:default` / `inherit:variables` (true, false, or a list of names).

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::load::{Map, Node, Value};

pub const ALLOWED_KEYS: &[&str] = &[
    "after_script",
    "artifacts",
    "before_script",
    "cache",
    "hooks",
    "id_tokens",
    "identity",
    "image",
    "interruptible",
    "retry",
    "services",
    "tags",
    "timeout",
];
/// Top-level keywords that act as defaults when `default:` does not set them.
pub const LEGACY_GLOBAL_KEYS: &[&str] = &["image", "services", "before_script", "after_script", "cache"];

/// The effective defaults: `default:` keys, then legacy globals for keys it leaves unset.
pub fn parse(root: &Map, diags: &mut Diagnostics) -> Map {
    let mut out = Map::default();
    if let Some(e) = root.get("default") {
        match e.value.as_map() {
            Some(m) => {
                for (k, v) in m {
                    if ALLOWED_KEYS.contains(&k.as_str()) {
                        out.insert(k.clone(), v.clone());
                    } else {
                        diags.error(
                            Code::DefaultUnknownKey,
                            format!("default config contains unknown keys: {k}"),
                            v.key_span,
                        );
                    }
                }
            }
            None if e.value.is_null() => {}
            None => diags.error(Code::DefaultInvalid, "default config should be a hash", e.value.span),
        }
    }
    for key in LEGACY_GLOBAL_KEYS {
        if let Some(v) = root.get(*key) {
            if out.contains_key(*key) {
                diags.error(
                    Code::DefaultConflict,
                    format!("global keyword `{key}` cannot be used together with `default:{key}`"),
                    v.key_span,
                );
            } else {
                out.insert(key.to_string(), v.clone());
            }
        }
    }
    out
}

/// Which names a job inherits: `inherit:<what>` true (default), false, or a list.
#[derive(Debug, Clone)]
pub enum Inherit {
    All,
    None,
    Only(Vec<String>),
}

impl Inherit {
    pub fn from_job(job: &Node, what: &str, owner: &str, diags: &mut Diagnostics) -> Inherit {
        let Some(n) = job.get("inherit").and_then(|i| i.get(what)) else { return Inherit::All };
        match &n.value {
            Value::Bool(true) => Inherit::All,
            Value::Bool(false) => Inherit::None,
            _ => match n.string_list() {
                Some(l) => Inherit::Only(l),
                None => {
                    diags.error(
                        Code::InheritInvalid,
                        format!("{owner} inherit:{what} should be a boolean or an array of strings"),
                        n.span,
                    );
                    Inherit::All
                }
            },
        }
    }

    pub fn allows(&self, name: &str) -> bool {
        match self {
            Inherit::All => true,
            Inherit::None => false,
            Inherit::Only(l) => l.iter().any(|n| n == name),
        }
    }
}

/// Copies every inherited default the job does not set itself into its definition.
pub fn apply(job: &mut Node, defaults: &Map, inherit: &Inherit) {
    let Some(m) = job.as_map_mut() else { return };
    for (k, v) in defaults {
        if inherit.allows(k) && !m.contains_key(k) {
            m.insert(k.clone(), v.clone());
        }
    }
}
