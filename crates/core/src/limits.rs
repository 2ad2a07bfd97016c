//! Every bound the engine enforces, in one place. Hitting one is reported as a diagnostic, never a hang.

#[derive(Debug, Clone)]
pub struct Limits {
    /// Bytes per file (GitLab's own default `max_yaml_size_bytes` is 2 MB; we allow more for generated configs).
    pub max_file_bytes: usize,
    /// YAML nesting depth (GitLab's `max_yaml_depth` default).
    pub max_depth: usize,
    /// Nodes that aliases may expand to, summed over a file.
    pub max_alias_nodes: usize,
    /// `extends` chain depth (GitLab's `MAX_NESTING_LEVELS`).
    pub max_extends_depth: usize,
    /// `!reference` nesting depth.
    pub max_reference_depth: usize,
    /// Included files per pipeline (GitLab's default `ci_max_includes`).
    pub max_includes: usize,
    /// Include nesting depth (GitLab's `MAX_INCLUDE_DEPTH`).
    pub max_include_depth: usize,
    /// Jobs from one `parallel` / `parallel:matrix` (GitLab's limit).
    pub max_parallel: usize,
    /// Entries in one job's `needs` (GitLab's default `ci_needs_size_limit`).
    pub max_needs: usize,
    /// Drawing: bends of `needs` lines, one wherever a line crosses a column it does not end in. Above it the
    /// jobs are drawn in their columns without the lines, and the drawing says why; the analysis is whole.
    pub max_drawn_bends: usize,
    /// Drawing: boxes above which every `needs` line is drawn, implied ones too (finding them keeps one bit
    /// per pair of boxes: 32 MiB at this bound).
    pub max_implied_check_boxes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 4 * 1024 * 1024,
            max_depth: 100,
            max_alias_nodes: 1_000_000,
            max_extends_depth: 10,
            max_reference_depth: 10,
            max_includes: 150,
            max_include_depth: 100,
            max_parallel: 200,
            max_needs: 50,
            max_drawn_bends: 100_000,
            max_implied_check_boxes: 16_384,
        }
    }
}
