//! Synthetic pipelines for scaling benchmarks: `groups` × 10 jobs, using `extends` (two levels), `rules`,
//! `needs`, `parallel:matrix` and `!reference`.

pub fn config(jobs: usize) -> String {
    let groups = jobs.div_ceil(10);
    let mut y = String::from(
        "stages: [build, test, deploy]\nvariables:\n  GLOBAL: \"1\"\n.base:\n  image: rust:1.85\n  before_script: [echo setup]\n  variables:\n    CARGO_HOME: .cargo\n.test:\n  extends: .base\n  stage: test\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"schedule\"\n      when: never\n    - if: $CI_COMMIT_BRANCH =~ /^(main|release-.*)$/\n    - when: manual\n      allow_failure: true\n.scripts:\n  run: [cargo test]\n",
    );
    for k in 0..groups {
        y.push_str(&format!("build-{k}:\n  extends: .base\n  stage: build\n  script: [cargo build -p crate{k}]\n"));
        for j in 0..5 {
            y.push_str(&format!(
                "test-{k}-{j}:\n  extends: .test\n  needs: [build-{k}]\n  script: !reference [.scripts, run]\n"
            ));
        }
        y.push_str(&format!(
            "lint-{k}:\n  extends: .test\n  needs:\n    - job: build-{k}\n      artifacts: false\n  parallel:\n    matrix:\n      - TOOL: [clippy, fmt]\n        MODE: [strict, lenient]\n  script: [cargo $TOOL]\n"
        ));
    }
    y
}
