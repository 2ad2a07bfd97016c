//! `stages` (and its deprecated alias `types`): the default list, and `.pre`/`.post` always first and last.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostics;
use crate::load::Node;

pub const DEFAULT_STAGES: &[&str] = &[".pre", "build", "test", "deploy", ".post"];
pub const DEFAULT_JOB_STAGE: &str = "test";

pub fn parse(node: Option<&Node>, diags: &mut Diagnostics) -> Vec<String> {
    let Some(node) = node else {
        return DEFAULT_STAGES.iter().map(|s| s.to_string()).collect();
    };
    let list = match node.string_list() {
        Some(l) => l,
        None => {
            diags.error(Code::StagesInvalid, "stages config should be an array of strings", node.span);
            return DEFAULT_STAGES.iter().map(|s| s.to_string()).collect();
        }
    };
    let mut stages = vec![".pre".to_string()];
    for s in list {
        if s != ".pre" && s != ".post" && !stages.contains(&s) {
            stages.push(s);
        }
    }
    stages.push(".post".to_string());
    stages
}
