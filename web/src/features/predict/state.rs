//! The predict page's pure parts (tested natively): the form read as a target and variables, GitLab's
//! created jobs read as core's `LivePipeline`, and the differences core finds put in words.

use pipelens_core::live::{JobDiff, LiveJob, LivePipeline, LiveStatus};
use pipelens_core::variables::Vars;
use pipelens_predict::Target;
use serde_json::Value;

/// The form's choice: `branch`, `tag` or `mr` and the name or iid typed.
pub fn target(kind: &str, value: &str) -> Result<Target, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("Choose a branch, a tag or a merge request.".into());
    }
    match kind {
        "tag" => Ok(Target::Tag(value.into())),
        "mr" => value
            .trim_start_matches('!')
            .parse()
            .map(Target::MergeRequest)
            .map_err(|_| format!("`{value}` is not a merge request iid.")),
        _ => Ok(Target::Branch(value.into())),
    }
}

/// `KEY=VALUE` lines; blank lines and lines without `=` or a key are skipped.
pub fn variables(text: &str) -> Vars {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| !k.trim().is_empty())
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .collect()
}

/// The jobs of a created pipeline (`GET …/pipelines/:id/jobs`) as core's input for `live::diff`.
pub fn created(jobs: &[Value]) -> LivePipeline {
    let text = |j: &Value, k: &str| j.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    LivePipeline {
        jobs: jobs
            .iter()
            .map(|j| LiveJob {
                name: text(j, "name"),
                stage: text(j, "stage"),
                status: LiveStatus::parse(&text(j, "status")),
                ..LiveJob::default()
            })
            .collect(),
        ..LivePipeline::default()
    }
}

pub fn lines(diffs: &[JobDiff], other: &str) -> Vec<String> {
    diffs.iter().map(|d| d.describe(other)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipelens_core::keywords::when::When;
    use pipelens_core::live::Difference;

    #[test]
    fn the_form_reads_as_a_target() {
        assert_eq!(target("branch", " main "), Ok(Target::Branch("main".into())));
        assert_eq!(target("tag", "v1.0"), Ok(Target::Tag("v1.0".into())));
        assert_eq!(target("mr", "!12"), Ok(Target::MergeRequest(12)));
        assert!(target("mr", "twelve").is_err());
        assert!(target("branch", "  ").is_err());
    }

    #[test]
    fn variables_are_key_value_lines() {
        let v = variables("A=1\n\nnot a variable\n B = x=y\n=skipped\n");
        assert_eq!(v.get("A").map(String::as_str), Some("1"));
        assert_eq!(v.get("B").map(String::as_str), Some(" x=y"));
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn created_jobs_read_as_a_live_pipeline() {
        let jobs: Vec<Value> = serde_json::from_str(
            r#"[{"name": "deploy", "stage": "deploy", "status": "manual"}, {"name": "build", "stage": "build", "status": "pending"}]"#,
        )
        .unwrap();
        let p = created(&jobs);
        assert_eq!(p.jobs.len(), 2);
        assert_eq!(p.jobs[0].status, LiveStatus::Manual);
        let d = [JobDiff { name: "deploy".into(), difference: Difference::When(When::OnSuccess, When::Manual) }];
        assert_eq!(lines(&d, "created"), ["deploy: on_success predicted, manual created"]);
    }
}
