//! Which jobs GitLab's pipeline graph draws as one group.

/// The group a job is drawn in, by GitLab's documented rule for grouping jobs in the pipeline graph: one or
/// more ` X Y`, ` X/Y`, ` X:Y`, ` X\\Y` or `: [...]` sequences are removed from the end of the name
/// (`rspec 3/8` → `rspec`, `build: [amd64, 3.12]` → `build`); other names are their own group.
pub fn group_name(name: &str) -> &str {
    static SUFFIX: std::sync::OnceLock<regex_lite::Regex> = std::sync::OnceLock::new();
    // GitLab's `([\b\s:]+((\[.*\])|(\d+[\s:\/\\]+\d+)))+\s*\z`; in a Ruby class `\b` is a backspace.
    let re = SUFFIX.get_or_init(|| {
        regex_lite::Regex::new(r"([\x08\s:]+((\[.*\])|(\d+[\s:/\\]+\d+)))+\s*\z").expect("valid pattern")
    });
    match re.find(name) {
        Some(m) if m.start() > 0 => &name[..m.start()],
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::scene;
    use super::super::Options;
    use super::group_name;

    #[test]
    fn jobs_group_by_gitlabs_name_rule() {
        assert_eq!(group_name("rspec-pg 3 28"), "rspec-pg");
        assert_eq!(group_name("build 1/3"), "build");
        assert_eq!(group_name("build ruby 2:3"), "build ruby");
        assert_eq!(group_name("build: [amd64, 3.12]"), "build");
        assert_eq!(group_name("test 1/2 2/3"), "test");
        assert_eq!(group_name("1/2 build"), "1/2 build", "only the end of a name counts");
        assert_eq!(group_name("deploy"), "deploy");
        assert_eq!(group_name("3/4"), "3/4", "nothing left: not a group");
        // Same group name in the same stage: one box; a lone member is an ordinary job.
        let yaml = "a 1 2:\n  script: x\na 2 2:\n  script: x\nb 1/1:\n  script: x\nlint:\n  script: x\n";
        let s = scene(yaml, &Options { collapse_groups: true, ..Options::default() });
        let boxes: Vec<(&str, usize)> = s.jobs.iter().map(|j| (j.name.as_str(), j.count)).collect();
        assert_eq!(boxes, [("a", 2), ("b 1/1", 1), ("lint", 1)]);
    }
}
