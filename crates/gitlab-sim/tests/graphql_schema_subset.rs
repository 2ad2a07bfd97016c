//! The simulator's GraphQL schema is a subset of GitLab's published one: every type, field,
//! argument and enum value it serves exists there with the same type. The only exceptions are
//! the status values GitLab added after that schema was published, listed here by name.

use apollo_compiler::schema::ExtendedType;
use apollo_compiler::Schema;
use std::path::Path;

/// Values newer than the 16.x schema: `waiting_for_callback` (gitlab-org/gitlab!134605, 16.6) and
/// `canceling` (gitlab-org/gitlab#399215, 16.x/17.x). Real servers send them, so the simulator does.
const NEWER_ENUM_VALUES: [(&str, &str); 4] = [
    ("CiJobStatus", "CANCELING"),
    ("CiJobStatus", "WAITING_FOR_CALLBACK"),
    ("PipelineStatusEnum", "CANCELING"),
    ("PipelineStatusEnum", "WAITING_FOR_CALLBACK"),
];

fn gitlab() -> Option<Schema> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gitlab-schema/gitlab-16.graphql");
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var("PIPELENS_CORPUS_REQUIRED").as_deref() != Ok("1"),
            "PIPELENS_CORPUS_REQUIRED=1 but GitLab's schema is not at {}",
            path.display()
        );
        eprintln!("note: GitLab schema not found at {}; test skipped", path.display());
        return None;
    };
    Some(Schema::parse(text, "gitlab-16.graphql").unwrap_or_else(|e| e.partial))
}

fn differences(ours: &Schema, theirs: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    for (name, ty) in &ours.types {
        if ty.is_built_in() || name.starts_with("__") {
            continue;
        }
        let Some(their) = theirs.types.get(name) else {
            out.push(format!("type {name} is not in GitLab's schema"));
            continue;
        };
        match (ty, their) {
            (ExtendedType::Object(a), ExtendedType::Object(b)) => {
                for (fname, f) in &a.fields {
                    let Some(g) = b.fields.get(fname) else {
                        out.push(format!("{name}.{fname} is not in GitLab's schema"));
                        continue;
                    };
                    if f.ty != g.ty {
                        out.push(format!("{name}.{fname}: ours {} , GitLab's {}", f.ty, g.ty));
                    }
                    for arg in &f.arguments {
                        match g.arguments.iter().find(|x| x.name == arg.name) {
                            None => out.push(format!("{name}.{fname}({}) is not in GitLab's schema", arg.name)),
                            Some(x) if x.ty != arg.ty => {
                                out.push(format!("{name}.{fname}({}): ours {}, GitLab's {}", arg.name, arg.ty, x.ty))
                            }
                            Some(_) => {}
                        }
                    }
                }
            }
            (ExtendedType::Enum(a), ExtendedType::Enum(b)) => {
                for value in a.values.keys() {
                    let newer = NEWER_ENUM_VALUES.contains(&(name.as_str(), value.as_str()));
                    if !b.values.contains_key(value) && !newer {
                        out.push(format!("{name}.{value} is not in GitLab's schema"));
                    }
                }
            }
            (ExtendedType::Scalar(_), ExtendedType::Scalar(_)) => {}
            _ => out.push(format!("{name} is a different kind of type in GitLab's schema")),
        }
    }
    out
}

#[test]
fn simulator_schema_is_a_subset_of_gitlabs() {
    let Some(theirs) = gitlab() else { return };
    let sdl = pipelens_gitlab_sim::graphql::sdl();
    let ours =
        Schema::parse(&sdl, "sim.graphql").unwrap_or_else(|e| panic!("the simulator's SDL parses: {}", e.errors));
    assert!(ours.types.contains_key("CiJob") && ours.types.contains_key("Pipeline"), "{sdl}");
    let diff = differences(&ours, &theirs);
    assert!(diff.is_empty(), "the simulator's schema differs from GitLab's:\n{}", diff.join("\n"));
}

#[test]
fn the_check_catches_a_made_up_field_and_a_wrong_type() {
    let Some(theirs) = gitlab() else { return };
    let fake = Schema::parse(
        "type Query { project(fullPath: ID!): Project }\n\
         type Project { id: ID!, madeUp: String, name: String }\n\
         enum CiJobKind { BUILD, ROCKET }",
        "fake.graphql",
    )
    .unwrap_or_else(|e| e.partial);
    let diff = differences(&fake, &theirs);
    assert_eq!(
        diff,
        [
            "Project.madeUp is not in GitLab's schema",
            "Project.name: ours String , GitLab's String!",
            "CiJobKind.ROCKET is not in GitLab's schema"
        ]
    );
}
