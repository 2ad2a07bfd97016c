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
    /// Paths a front end lists from a repository folder (for `rules:exists` and to find includes); the
    /// listing stops there and says so.
    pub max_repo_paths: usize,
    /// Bytes of file text read for one analysis, summed over every file loaded for it.
    pub max_total_bytes: usize,
    /// Files a front end is asked to load for one analysis (the includes of the pipeline and of its child
    /// pipelines, each of which has its own `max_includes`).
    pub max_loaded_files: usize,
    /// Size the resolve phase may build by copying (a file included again, `extends` bases, `!reference` values,
    /// `spec:inputs` interpolation), summed over the configuration and its child pipelines: bytes of text plus
    /// [`NODE_COST`] per node.
    /// Stops expansion bombs (a reference fanned out level after level, an input doubled through nested includes,
    /// a large template extended by every job) the way `max_alias_nodes` stops alias bombs.
    pub max_expansion_bytes: usize,
    /// Characters the `{a,b}` alternatives of one `rules:changes`/`rules:exists`/`only:changes` pattern may expand
    /// to, every candidate counted (Ruby expands braces before matching: `{a,b}` twenty times is a million patterns).
    pub max_glob_expansion: usize,
    /// Drawing: bends of `needs` lines, one wherever a line crosses a column it does not end in. Above it the
    /// jobs are drawn in their columns without the lines, and the drawing says why; the analysis is whole.
    pub max_drawn_bends: usize,
    /// Drawing: boxes above which every `needs` line is drawn, implied ones too (finding them keeps one bit
    /// per pair of boxes: 32 MiB at this bound).
    pub max_implied_check_boxes: usize,
    /// Drawing a live pipeline: levels of downstream pipelines below it that may be drawn open (a bridge's
    /// downstream is fetched data, nested as deep as the front end fetched).
    pub max_live_depth: usize,
}

/// What one node counts for in [`Limits::max_expansion_bytes`]: roughly its size in memory.
pub const NODE_COST: usize = 64;

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
            max_repo_paths: 50_000,
            max_total_bytes: 64 * 1024 * 1024,
            max_loaded_files: 500,
            max_expansion_bytes: 32 * 1024 * 1024,
            max_glob_expansion: 10_000,
            max_drawn_bends: 100_000,
            max_implied_check_boxes: 16_384,
            max_live_depth: 3,
        }
    }
}
