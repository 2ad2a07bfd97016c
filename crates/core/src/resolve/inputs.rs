//! `spec:inputs` headers and `$[[ inputs.name ]]` interpolation in the file that declares them.
//! Defaults, `type` (string, number, boolean, array), `options` and `regex` are checked; a value that is exactly
//! one interpolation keeps its type, otherwise it is spliced into the string. Supported functions:
//! `expand_vars`, `truncate(offset,length)`, `posix_escape`. Every interpolated value is paid for from the resolve
//! [`Budget`]: a large input used thousands of times, or one doubled through nested includes, stops there.

use super::{cost, Budget};
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, Span};
use crate::evaluate::rules::RuleEnv;
use crate::load::{Map, Node, Value};
use crate::variables;
use indexmap::IndexMap;

pub fn apply(
    header: &Node,
    given: Option<Node>,
    content: &mut Node,
    at: Span,
    env: &RuleEnv,
    budget: &mut Budget,
    diags: &mut Diagnostics,
) {
    let spec = header.get("spec").and_then(|s| s.get("inputs"));
    let none = Map::default();
    let declared: &Map = spec.and_then(|s| s.as_map()).unwrap_or(&none);
    let mut given: Map = match given.map(|g| g.value) {
        Some(Value::Map(m)) => m,
        _ => Map::default(),
    };
    for (name, e) in &given {
        if !declared.contains_key(name) {
            diags.error(Code::InputUnknown, format!("unknown input arguments: {name}"), e.key_span);
        }
    }
    let mut values: Values = IndexMap::new();
    for (name, decl) in declared {
        let value = match (given.swap_remove(name), decl.value.get("default")) {
            (Some(v), _) => v.value,
            (None, Some(d)) => d.clone(),
            (None, None) => {
                diags.error(Code::InputMissing, format!("`{name}` input: required value has not been provided"), at);
                continue;
            }
        };
        check(name, &decl.value, &value, diags);
        let size = cost(&value);
        values.insert(name.clone(), (value, size));
    }
    interpolate(content, &values, env, budget, diags);
}

/// Input values by name, each with its [`cost`].
type Values = IndexMap<String, (Node, usize)>;

fn check(name: &str, decl: &Node, value: &Node, diags: &mut Diagnostics) {
    let ty = decl.get("type").and_then(Node::as_str).unwrap_or("string");
    let ok = match ty {
        "string" => matches!(value.value, Value::Str(_)),
        "number" => matches!(value.value, Value::Int(_) | Value::Float(_)),
        "boolean" => matches!(value.value, Value::Bool(_)),
        "array" => matches!(value.value, Value::Seq(_)),
        _ => true,
    };
    if !ok {
        diags.error(Code::InputType, format!("`{name}` input: provided value is not a {ty}"), value.span);
    }
    if let Some(options) = decl.get("options").and_then(Node::string_list) {
        if let Some(v) = value.scalar_string() {
            if !options.contains(&v) {
                diags.error(
                    Code::InputOptions,
                    format!("`{name}` input: `{v}` cannot be used because it is not in the list of allowed options"),
                    value.span,
                );
            }
        }
    }
    if let (Some(re), Some(v)) = (decl.get("regex").and_then(Node::as_str), value.scalar_string()) {
        let pattern = re.trim_start_matches('/').trim_end_matches('/');
        if let Ok(re) = regex_lite::Regex::new(pattern) {
            if !re.is_match(&v) {
                diags.error(
                    Code::InputRegex,
                    format!("`{name}` input: provided value does not match required RegEx pattern"),
                    value.span,
                );
            }
        }
    }
}

fn interpolate(node: &mut Node, values: &Values, env: &RuleEnv, budget: &mut Budget, diags: &mut Diagnostics) {
    match &mut node.value {
        Value::Str(s) if s.contains("$[[") => {
            let span = node.span;
            if let Some(whole) = single_interpolation(s) {
                if let Some(v) = evaluate(whole, values, env, span, budget, diags) {
                    *node = Node::new(v.value, span);
                }
                return;
            }
            *s = splice(s, values, env, span, budget, diags);
        }
        Value::Seq(items) | Value::Reference(items) => {
            items.iter_mut().for_each(|n| interpolate(n, values, env, budget, diags))
        }
        Value::Map(m) => {
            let old = std::mem::take(m);
            for (k, mut e) in old {
                let key = if k.contains("$[[") { splice(&k, values, env, e.key_span, budget, diags) } else { k };
                interpolate(&mut e.value, values, env, budget, diags);
                m.insert(key, e);
            }
        }
        _ => {}
    }
}

/// `"$[[ inputs.x ]]"` alone (whitespace aside) → the inner expression.
fn single_interpolation(s: &str) -> Option<&str> {
    let t = s.trim();
    let inner = t.strip_prefix("$[[")?.strip_suffix("]]")?;
    (!inner.contains("$[[")).then_some(inner)
}

fn splice(s: &str, values: &Values, env: &RuleEnv, span: Span, budget: &mut Budget, diags: &mut Diagnostics) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("$[[") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("]]") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let expr = &rest[start + 3..start + end];
        match evaluate(expr, values, env, span, budget, diags) {
            Some(v) => out.push_str(&v.scalar_string().unwrap_or_default()),
            None => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

fn evaluate(
    expr: &str,
    values: &Values,
    env: &RuleEnv,
    span: Span,
    budget: &mut Budget,
    diags: &mut Diagnostics,
) -> Option<Node> {
    let mut parts = expr.split('|').map(str::trim);
    let access = parts.next().unwrap_or("");
    let Some(name) = access.strip_prefix("inputs.") else {
        diags.error(Code::InputInterpolation, format!("unknown interpolation key: `{access}`"), span);
        return None;
    };
    let Some((value, size)) = values.get(name) else {
        diags.error(Code::InputInterpolation, format!("unknown interpolation key: `{name}`"), span);
        return None;
    };
    if !budget.pay(*size, span, diags) {
        return None;
    }
    let mut value = value.clone();
    for func in parts {
        let s = value.scalar_string().unwrap_or_default();
        let out = if func == "expand_vars" {
            variables::expand(&s, &env.ctx.vars)
        } else if func == "posix_escape" {
            s.chars().fold(String::new(), |mut acc, c| {
                if !(c.is_ascii_alphanumeric() || "_-./=,:@%+".contains(c)) {
                    acc.push('\\');
                }
                acc.push(c);
                acc
            })
        } else if let Some(args) = func.strip_prefix("truncate(").and_then(|a| a.strip_suffix(')')) {
            let nums: Vec<usize> = args.split(',').filter_map(|a| a.trim().parse().ok()).collect();
            match nums.as_slice() {
                [offset, len] => s.chars().skip(*offset).take(*len).collect(),
                _ => {
                    diags.error(Code::InputInterpolation, format!("invalid function arguments: `{func}`"), span);
                    return None;
                }
            }
        } else {
            diags.error(Code::InputInterpolation, format!("no function matching `{func}`"), span);
            return None;
        };
        if !budget.pay(out.len(), span, diags) {
            return None;
        }
        value = Node::new(Value::Str(out), span);
    }
    Some(value)
}
