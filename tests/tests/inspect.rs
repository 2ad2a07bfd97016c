//! What the editor shows about a configuration beyond the graph: a job's runner script lines and variables
//! with their origin, the merged YAML, and the pipeline source choices, all from core.

use pipelens_e2e::{harness, set_editor_text, set_field, wait_value};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

const YAML: &str = "variables:\n  GREETING: hello\n.setup:\n  script: [echo setup]\njob:\n  variables:\n    GREETING: hi\n  script:\n    - !reference [.setup, script]\n    - echo \"$GREETING\"\n  rules:\n    - if: $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == \"develop\"\n      variables:\n        PY: \"3.10\"\n";

#[test]
fn the_job_panel_shows_runner_lines_and_variables_and_the_merged_yaml_reads_as_written() {
    let Some(h) = harness() else { return };
    h.session.goto(&h.url("/")).unwrap();
    h.session.wait_for(r#"g[data-job="build"]"#, WAIT).unwrap();
    set_editor_text(&h.session, YAML);
    // The job only runs in a merge request pipeline targeting develop: choose that context.
    set_field(&h.session, "[data-testid=ctx-source]", "merge_request_event");
    h.session.wait_for("[data-testid=ctx-target-branch]", WAIT).unwrap();
    set_field(&h.session, "[data-testid=ctx-target-branch]", "develop");
    let job = h.session.wait_for(r#"g[data-job="job"]"#, WAIT).unwrap();
    h.session.click(&job).unwrap();
    let script = h.session.wait_for("[data-testid=job-script]", WAIT).unwrap();
    assert_eq!(h.session.text(&script).unwrap(), "echo setup\necho \"$GREETING\"");
    let origin = |name: &str| {
        wait_value(
            &h.session,
            &format!(
                "const r = document.querySelector('[data-variable=\"{name}\"]'); return r ? r.dataset.origin : null"
            ),
            WAIT,
        )
    };
    assert_eq!(origin("GREETING"), json!("job"));
    assert_eq!(origin("PY"), json!("rule"));
    assert_eq!(origin("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"), json!("predefined"));

    let toggle = h.session.wait_for("[data-testid=toggle-merged]", WAIT).unwrap();
    h.session.click(&toggle).unwrap();
    let merged = h.session.wait_for("[data-testid=merged-yaml]", WAIT).unwrap();
    let text = h.session.text(&merged).unwrap();
    assert!(text.contains("PY: \"3.10\""), "a string that looks like a number stays quoted:\n{text}");
    assert!(!text.contains("!reference"), "references resolved:\n{text}");
    // Back to the editor: the text typed is still there.
    let toggle = h.session.wait_for("[data-testid=toggle-merged]", WAIT).unwrap();
    h.session.click(&toggle).unwrap();
    let editor = wait_value(
        &h.session,
        "const a = document.querySelector('[data-testid=yaml-editor]'); return a ? a.value : null",
        WAIT,
    );
    assert_eq!(editor, json!(YAML));
}
