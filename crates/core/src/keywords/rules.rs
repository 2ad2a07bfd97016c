//! `rules` (job, workflow and include level): each rule's clauses and its outcome.

use super::needs::{self, Need};
use super::when::{When, RULE_WHEN};
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostics, Span};
use crate::load::{Node, Value};
use crate::variables::Vars;

/// Where a `rules` list stands: GitLab hands each its own allowed keys and `when` values
/// (`Entry::Processable` and `Entry::Workflow` metadata for `Entry::Rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesOf {
    Job,
    Workflow,
    /// `include:rules`, checked where includes are read.
    Include,
}

impl RulesOf {
    fn allowed_keys(self) -> &'static [&'static str] {
        match self {
            RulesOf::Job => {
                &["if", "changes", "exists", "when", "start_in", "allow_failure", "variables", "needs", "interruptible"]
            }
            RulesOf::Workflow => {
                &["if", "changes", "exists", "when", "start_in", "allow_failure", "variables", "needs", "auto_cancel"]
            }
            // `Entry::Include::Rules::Rule`.
            RulesOf::Include => &["if", "exists", "when", "changes"],
        }
    }

    fn allowed_when(self) -> &'static [&'static str] {
        match self {
            RulesOf::Workflow | RulesOf::Include => &["always", "never"],
            RulesOf::Job => RULE_WHEN,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Rule {
    pub span: Span,
    /// The keys the rule was written with, in order.
    pub keys: Vec<String>,
    pub if_expr: Option<(String, Span)>,
    pub changes: Option<Vec<String>>,
    /// `changes:compare_to`: the ref the changes are computed against instead of the pipeline's own diff.
    pub compare_to: Option<String>,
    pub exists: Option<Vec<String>>,
    /// `exists:project` / `exists:ref`: look for the files in another project (at a ref).
    pub exists_project: Option<String>,
    pub exists_ref: Option<String>,
    /// Kept as text so include/workflow rules can share this type; jobs read it through [`Rule::when`].
    pub when: Option<String>,
    pub start_in: Option<String>,
    pub allow_failure: Option<bool>,
    pub variables: Vars,
    /// `rules:needs`: replaces the job's `needs` when this rule matches (`[]` included).
    pub needs: Option<Vec<Need>>,
}

impl Rule {
    pub fn when(&self) -> Option<When> {
        let mut d = Diagnostics::default();
        self.when
            .as_ref()
            .and_then(|w| When::parse(&Node::new(Value::Str(w.clone()), self.span), RULE_WHEN, "rules", &mut d))
    }

    /// Human description of the rule for "why" traces.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some((e, _)) = &self.if_expr {
            parts.push(format!("if: {e}"));
        }
        if let Some(c) = &self.changes {
            match &self.compare_to {
                Some(to) => parts.push(format!("changes: [{}] compared to {to}", c.join(", "))),
                None => parts.push(format!("changes: [{}]", c.join(", "))),
            }
        }
        if let Some(c) = &self.exists {
            match &self.exists_project {
                Some(p) => parts.push(format!("exists: [{}] in {p}", c.join(", "))),
                None => parts.push(format!("exists: [{}]", c.join(", "))),
            }
        }
        if parts.is_empty() {
            parts.push("(no conditions)".into());
        }
        parts.join(", ")
    }
}

/// `include:rules`. Nested arrays (from `!reference` or anchors) are flattened, as GitLab does.
pub fn parse_rules(node: &Node, diags: &mut Diagnostics) -> Vec<Rule> {
    parse_rules_of(node, RulesOf::Include, diags)
}

/// Messages follow `Entry::Rules::Rule` and its `changes`/`exists` entries.
pub fn parse_rules_of(node: &Node, of: RulesOf, diags: &mut Diagnostics) -> Vec<Rule> {
    let mut out = Vec::new();
    let Some(items) = node.as_seq() else {
        diags.error(Code::RulesInvalid, "rules config should be an array of hashes", node.span);
        return out;
    };
    for item in items {
        match &item.value {
            Value::Seq(_) => out.extend(parse_rules_of(item, of, diags)),
            Value::Map(m) => out.push(parse_rule(item, m, of, diags)),
            _ => diags.error(Code::RulesInvalid, "rules:rule config should be a hash", item.span),
        }
    }
    out
}

fn parse_rule(item: &Node, m: &crate::load::Map, of: RulesOf, diags: &mut Diagnostics) -> Rule {
    let allowed = of.allowed_keys();
    let unknown: Vec<&str> = m.keys().map(String::as_str).filter(|k| !allowed.contains(k)).collect();
    if !unknown.is_empty() {
        let span = m.get(unknown[0]).map(|e| e.key_span);
        diags.error(
            Code::RulesUnknownKey,
            format!("rules:rule config contains unknown keys: {}", unknown.join(", ")),
            span,
        );
    }
    let mut rule = Rule { span: item.span, keys: m.keys().cloned().collect(), ..Rule::default() };
    if let Some(n) = item.get("if") {
        match n.scalar_string() {
            Some(s) => {
                // `validates :if, expression: true`: checked when the configuration is read, whether or not
                // the rule is ever reached.
                if let Err(msg) = crate::evaluate::expr::parse(&s) {
                    diags.error(
                        Code::ExpressionSyntax,
                        format!("rules:rule if Invalid expression syntax: `{s}`: {msg}"),
                        n.span,
                    );
                }
                rule.if_expr = Some((s, n.span))
            }
            None => diags.error(Code::RulesInvalid, "rules:rule if should be a string", n.span),
        }
    }
    if let Some(n) = item.get("changes") {
        let (paths, compare_to) = changes(n, diags);
        rule.changes = Some(paths);
        rule.compare_to = compare_to;
    }
    if let Some(n) = item.get("exists") {
        let (paths, project, r#ref) = exists(n, diags);
        rule.exists = Some(paths);
        rule.exists_project = project;
        rule.exists_ref = r#ref;
    }
    if let Some(n) = item.get("when") {
        match n.as_str().filter(|w| of.allowed_when().contains(w)) {
            Some(w) => rule.when = Some(w.to_string()),
            None => {
                let shown = n.scalar_string().unwrap_or_else(|| n.type_name().to_string());
                diags.error(Code::WhenInvalid, format!("rules:rule when unknown value: {shown}"), n.span)
            }
        }
    }
    // `start_in` belongs to `when: delayed` and nothing else (`validates :config, disallowed_keys: start_in`).
    let delayed = rule.when.as_deref() == Some("delayed");
    match (item.get("start_in"), delayed) {
        (Some(n), true) => {
            super::when::check_start_in(n, "rules:rule", diags);
            rule.start_in = n.scalar_string()
        }
        (Some(_), false) => {
            let span = m.get("start_in").map(|e| e.key_span);
            diags.error(Code::RulesStartIn, "rules:rule config contains disallowed keys: start_in", span)
        }
        (None, true) => diags.error(Code::RulesStartIn, "rules:rule start in can't be blank", item.span),
        (None, false) => {}
    }
    if let Some(n) = item.get("allow_failure") {
        match n.as_bool() {
            Some(b) => rule.allow_failure = Some(b),
            None => diags.error(Code::RulesInvalid, "rules:rule allow failure should be a boolean value", n.span),
        }
    }
    if let Some(v) = item.get("variables") {
        rule.variables = super::variables::parse(v, "rules:rule", diags);
    }
    rule.needs = item.get("needs").map(|n| needs::parse(n, diags));
    rule
}

/// `changes`: a list of globs, or `{paths: [...], compare_to: ref}` (`Rules::Rule::Changes`).
fn changes(node: &Node, diags: &mut Diagnostics) -> (Vec<String>, Option<String>) {
    const OWNER: &str = "rules:rule:changes";
    if let Value::Str(s) = &node.value {
        diags.error(Code::RulesInvalid, format!("{OWNER} should be an array or a hash"), node.span);
        return (vec![s.clone()], None);
    }
    let Some(m) = node.as_map() else { return (path_list(node, OWNER, diags), None) };
    check_keys(node, m, OWNER, &["paths", "compare_to"], diags);
    let compare_to = node.get("compare_to").and_then(|n| {
        let s = n.as_str().map(String::from);
        if s.is_none() {
            diags.error(Code::RulesInvalid, format!("{OWNER} compare to should be a string"), n.span);
        }
        s
    });
    let paths = node.get("paths").map(|n| path_list(n, OWNER, diags)).unwrap_or_default();
    (paths, compare_to)
}

/// `exists`: a glob, a list of globs, or `{paths, project, ref}` (`Rules::Rule::Exists`).
fn exists(node: &Node, diags: &mut Diagnostics) -> (Vec<String>, Option<String>, Option<String>) {
    const OWNER: &str = "rules:rule:exists";
    let Some(m) = node.as_map() else { return (path_list(node, OWNER, diags), None, None) };
    check_keys(node, m, OWNER, &["paths", "project", "ref"], diags);
    let text = |key: &str, diags: &mut Diagnostics| {
        node.get(key).and_then(|n| {
            let s = n.as_str().map(String::from);
            if s.is_none() {
                diags.error(Code::RulesInvalid, format!("{OWNER} {key} should be a string"), n.span);
            }
            s
        })
    };
    let project = text("project", diags);
    let r#ref = text("ref", diags);
    if m.contains_key("ref") && !m.contains_key("project") {
        diags.error(Code::RulesInvalid, format!("{OWNER} config missing required keys: project"), node.span);
    }
    let paths = node.get("paths").map(|n| path_list(n, OWNER, diags)).unwrap_or_default();
    (paths, project, r#ref)
}

fn check_keys(node: &Node, m: &crate::load::Map, owner: &str, allowed: &[&str], diags: &mut Diagnostics) {
    let unknown: Vec<&str> = m.keys().map(String::as_str).filter(|k| !allowed.contains(k)).collect();
    if !unknown.is_empty() {
        diags.error(
            Code::RulesUnknownKey,
            format!("{owner} config contains unknown keys: {}", unknown.join(", ")),
            node.span,
        );
    }
    if !m.contains_key("paths") {
        diags.error(Code::RulesInvalid, format!("{owner} config missing required keys: paths"), node.span);
    }
}

fn path_list(node: &Node, owner: &str, diags: &mut Diagnostics) -> Vec<String> {
    match &node.value {
        Value::Seq(items) if items.iter().all(|i| matches!(i.value, Value::Str(_))) => {
            items.iter().filter_map(|i| i.as_str().map(String::from)).collect()
        }
        Value::Str(s) => vec![s.clone()],
        _ => {
            diags.error(Code::RulesInvalid, format!("{owner} should be an array of strings"), node.span);
            Vec::new()
        }
    }
}
