//! The spanned YAML tree every later phase works on.

use crate::diagnostics::Span;
use indexmap::IndexMap;

/// A YAML value with the position it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// Mapping keys are strings (GitLab configuration keys always are); each keeps its own span.
/// Fx hashing: keys are short and trusted-size, and SipHash showed up in profiles.
pub type Map = IndexMap<String, Entry, rustc_hash::FxBuildHasher>;

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key_span: Span,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Map),
    /// `!reference [job, key, ...]`, resolved by `resolve::reference`.
    Reference(Vec<Node>),
}

impl Node {
    pub fn new(value: Value, span: Span) -> Self {
        Node { value, span }
    }

    /// Equal values, wherever they were written (spans ignored; NaN equals NaN).
    pub fn same_value(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Value::Map(x), Value::Map(y)) => {
                x.len() == y.len()
                    && x.iter().zip(y).all(|((k1, e1), (k2, e2))| k1 == k2 && e1.value.same_value(&e2.value))
            }
            (Value::Seq(x), Value::Seq(y)) | (Value::Reference(x), Value::Reference(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.same_value(q))
            }
            (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
            (x, y) => x == y,
        }
    }

    pub fn null(span: Span) -> Self {
        Node::new(Value::Null, span)
    }

    pub fn as_map(&self) -> Option<&Map> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match &mut self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Child of a mapping by key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map().and_then(|m| m.get(key)).map(|e| &e.value)
    }

    /// Scalar as GitLab would stringify it (variables, refs, names): numbers and booleans keep their text form.
    pub fn scalar_string(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(super::scalar::ruby_float_string(*f)),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => None,
            _ => None,
        }
    }

    /// A string or a list of strings (GitLab accepts both for many keywords).
    pub fn string_list(&self) -> Option<Vec<String>> {
        match &self.value {
            Value::Seq(items) => items.iter().map(|n| n.scalar_string()).collect(),
            _ => self.scalar_string().map(|s| vec![s]),
        }
    }

    /// Human name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "hash",
            Value::Reference(_) => "!reference",
        }
    }

    /// Number of nodes in this subtree (used to bound alias expansion).
    pub fn size(&self) -> usize {
        1 + match &self.value {
            Value::Seq(items) | Value::Reference(items) => items.iter().map(Node::size).sum(),
            Value::Map(m) => m.values().map(|e| e.value.size()).sum(),
            _ => 0,
        }
    }
}

/// GitLab's hash deep merge (`Hash#deep_merge`): hashes merge key by key, anything else is replaced by `over`.
pub fn deep_merge(base: &mut Node, over: &Node) {
    match (&mut base.value, &over.value) {
        (Value::Map(b), Value::Map(o)) => {
            for (k, entry) in o {
                match b.get_mut(k) {
                    Some(existing) => {
                        deep_merge(&mut existing.value, &entry.value);
                        existing.key_span = entry.key_span;
                    }
                    None => {
                        b.insert(k.clone(), entry.clone());
                    }
                }
            }
        }
        _ => *base = over.clone(),
    }
}
