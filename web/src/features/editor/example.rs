//! The pipeline a newcomer sees first: four stages, `needs`, a manual job and a hidden job used by `extends`.

pub const EXAMPLE: &str = r#"# Edit me: the graph follows as you type.
stages: [build, test, review, deploy]

.rust:
  image: rust:1.85
  before_script:
    - cargo --version

build:
  extends: .rust
  stage: build
  script: cargo build --release

unit-tests:
  extends: .rust
  stage: test
  needs: [build]
  script: cargo test

lint:
  extends: .rust
  stage: test
  needs: []
  script: cargo clippy -- -D warnings

review-app:
  stage: review
  needs: [build]
  script: ./deploy.sh review
  when: manual

deploy:
  stage: deploy
  needs: [unit-tests, lint]
  script: ./deploy.sh production
"#;
