//! `parallel: N` and `parallel: matrix:`: how one definition becomes several jobs, and their names.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::load::{Node, Value};
use indexmap::IndexMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Parallel {
    Count(usize),
    /// Each entry maps variable names to the values to combine.
    Matrix(Vec<IndexMap<String, Vec<String>>>),
}

pub fn parse(node: &Node, owner: &str, max: usize, diags: &mut Diagnostics) -> Option<Parallel> {
    match &node.value {
        Value::Int(n) if (1..=max as i64).contains(n) => Some(Parallel::Count(*n as usize)),
        Value::Int(_) => {
            diags.error(
                Code::ParallelInvalid,
                format!("{owner} parallel should be an integer from 1 to {max}"),
                node.span,
            );
            None
        }
        Value::Map(_) => {
            let Some(m) = node.get("matrix") else {
                diags.error(
                    Code::ParallelInvalid,
                    format!("{owner} parallel config should contain `matrix`"),
                    node.span,
                );
                return None;
            };
            let matrix = parse_checked(m, owner, diags)?;
            if jobs_generated(&matrix) > max {
                diags.error(
                    Code::ParallelInvalid,
                    format!("{owner} parallel:matrix config generates too many jobs (maximum is {max})"),
                    m.span,
                );
                return None;
            }
            if matrix.is_empty() {
                // GitLab accepts an empty matrix (its entry spec: "with empty config", 0 jobs) and creates nothing.
                diags.warning(
                    Code::ParallelEmpty,
                    format!("{owner} parallel:matrix is empty, so GitLab creates no job from it"),
                    m.span,
                );
            }
            Some(Parallel::Matrix(matrix))
        }
        _ => {
            diags.error(Code::ParallelInvalid, format!("{owner} parallel should be an integer or a hash"), node.span);
            None
        }
    }
}

/// GitLab's `Product::Matrix` and `Product::Variables` checks: an array of hashes, each with at least one variable,
/// every value a string or integer, or a non-empty list of them. Messages name the entry as GitLab's location does
/// (`…:parallel:matrix:variables`).
fn parse_checked(node: &Node, owner: &str, diags: &mut Diagnostics) -> Option<Vec<IndexMap<String, Vec<String>>>> {
    let Some(entries) = node.as_seq().filter(|e| e.iter().all(|e| e.as_map().is_some())) else {
        diags.error(
            Code::ParallelInvalid,
            format!("{owner} parallel:matrix config should be an array of hashes"),
            node.span,
        );
        return None;
    };
    let mut ok = true;
    for entry in entries {
        let m = entry.as_map().expect("checked above");
        // `validate_array_value_variables`: values present, strings or integers (`AlphanumericValidator`).
        let alphanumeric = |n: &Node| matches!(n.value, Value::Str(_) | Value::Int(_));
        let valid = m.values().all(|e| match &e.value.value {
            Value::Seq(items) => !items.is_empty() && items.iter().all(alphanumeric),
            _ => alphanumeric(&e.value),
        });
        if m.is_empty() {
            diags.error(
                Code::ParallelInvalid,
                format!("{owner} parallel:matrix:variables config requires at least 1 items"),
                entry.span,
            );
            ok = false;
        } else if !valid {
            diags.error(
                Code::ParallelInvalid,
                format!("{owner} parallel:matrix:variables config should be a hash of key value pairs, value can be an array"),
                entry.span,
            );
            ok = false;
        }
    }
    ok.then(|| parse_matrix(node))
}

/// How many jobs a matrix generates (GitLab's `number_of_generated_jobs`), saturating: 64 variables with 2 values
/// each must not wrap to 0 and slip under the limit.
pub fn jobs_generated(matrix: &[IndexMap<String, Vec<String>>]) -> usize {
    matrix
        .iter()
        .map(|e| e.values().fold(1usize, |acc, v| acc.saturating_mul(v.len())))
        .fold(0usize, usize::saturating_add)
}

pub fn parse_matrix(node: &Node) -> Vec<IndexMap<String, Vec<String>>> {
    node.as_seq()
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| {
            entry
                .as_map()
                .map(|m| m.iter().map(|(k, e)| (k.clone(), e.value.string_list().unwrap_or_default())).collect())
        })
        .collect()
}

/// One generated job: its name and the matrix variables it gets.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub name: String,
    pub vars: Vec<(String, String)>,
}

/// `job 1/3` … for a count; `job: [a, b]` (values in key order) for a matrix, as GitLab names them.
pub fn instances(base: &str, p: &Parallel) -> Vec<Instance> {
    match p {
        Parallel::Count(n) => {
            (1..=*n).map(|i| Instance { name: format!("{base} {i}/{n}"), vars: Vec::new() }).collect()
        }
        Parallel::Matrix(entries) => entries
            .iter()
            .flat_map(combinations)
            .map(|vars| {
                let values: Vec<&str> = vars.iter().map(|(_, v)| v.as_str()).collect();
                Instance { name: format!("{base}: [{}]", values.join(", ")), vars }
            })
            .collect(),
    }
}

fn combinations(entry: &IndexMap<String, Vec<String>>) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for (k, values) in entry {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    let mut next = prefix.clone();
                    next.push((k.clone(), v.clone()));
                    next
                })
            })
            .collect();
    }
    out
}

/// Does `instance` (matrix variables) match one of the filter entries of a `needs:parallel:matrix`?
pub fn matches_filter(instance: &[(String, String)], filter: &[IndexMap<String, Vec<String>>]) -> bool {
    filter
        .iter()
        .any(|entry| entry.iter().all(|(k, values)| instance.iter().any(|(ik, iv)| ik == k && values.contains(iv))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_jobs_saturate_instead_of_wrapping() {
        let entry: IndexMap<String, Vec<String>> =
            (0..64).map(|i| (format!("V{i}"), vec!["a".to_string(), "b".to_string()])).collect();
        assert_eq!(jobs_generated(&[entry.clone(), entry]), usize::MAX);
    }

    #[test]
    fn count_names() {
        let names: Vec<String> = instances("rspec", &Parallel::Count(3)).into_iter().map(|i| i.name).collect();
        assert_eq!(names, ["rspec 1/3", "rspec 2/3", "rspec 3/3"]);
    }

    #[test]
    fn matrix_names_follow_key_order_and_entries() {
        let mut e1 = IndexMap::new();
        e1.insert("PROVIDER".to_string(), vec!["aws".to_string()]);
        e1.insert("STACK".to_string(), vec!["monitoring".to_string(), "app1".to_string()]);
        let mut e2 = IndexMap::new();
        e2.insert("PROVIDER".to_string(), vec!["ovh".to_string()]);
        let names: Vec<String> =
            instances("deploy", &Parallel::Matrix(vec![e1, e2])).into_iter().map(|i| i.name).collect();
        assert_eq!(names, ["deploy: [aws, monitoring]", "deploy: [aws, app1]", "deploy: [ovh]"]);
    }
}
