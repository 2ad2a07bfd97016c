//! Diagnostics are plain data. Core never renders them; the CLI and the web app each have a renderer.

use std::fmt;

/// Index of a file in the [`crate::FileSet`] an analysis ran on.
pub type FileId = u32;

/// A range in a source file. `line` and `col` are 1-based (col counts characters); the end is exclusive.
/// A span whose end equals its start marks a position whose extent is not known (the editor underlines the
/// token there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

impl Span {
    /// A position (an empty range).
    pub const fn new(file: FileId, line: u32, col: u32) -> Self {
        Span { file, line, col, end_line: line, end_col: col }
    }

    /// The same start, ending where `end` ends.
    pub const fn to(self, end: Span) -> Self {
        Span { end_line: end.end_line, end_col: end.end_col, ..self }
    }

    /// Whether the end is known (the range is not empty).
    pub fn has_extent(&self) -> bool {
        (self.end_line, self.end_col) > (self.line, self.col)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares every diagnostic code once: the variant, and the stable kebab-case string tools match on
/// (`lint` output, `--json`, the editor).
macro_rules! codes {
    ($($variant:ident = $text:literal,)*) => {
        /// The registry of diagnostic codes. A code's string never changes once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// The code with this string, if there is one.
            pub fn parse(s: &str) -> Option<Code> {
                Self::ALL.iter().copied().find(|c| c.as_str() == s)
            }
        }
    };
}

codes! {
    AliasExpansionLimit = "alias-expansion-limit",
    ChildNotFound = "child-not-found",
    ChildOffline = "child-offline",
    ConfigEmpty = "config-empty",
    ConfigNotHash = "config-not-hash",
    DefaultConflict = "default-conflict",
    DefaultInvalid = "default-invalid",
    DefaultUnknownKey = "default-unknown-key",
    DependenciesNotInNeeds = "dependencies-not-in-needs",
    DuplicateKey = "duplicate-key",
    ExpansionLimit = "expansion-limit",
    ExpressionRegex = "expression-regex",
    ExpressionSyntax = "expression-syntax",
    ExtendsCycle = "extends-cycle",
    ExtendsDepth = "extends-depth",
    ExtendsInvalid = "extends-invalid",
    ExtendsUnknown = "extends-unknown",
    FileUnreadable = "file-unreadable",
    GlobLimit = "glob-limit",
    IncludeCycle = "include-cycle",
    IncludeDepth = "include-depth",
    IncludeEmpty = "include-empty",
    IncludeFetch = "include-fetch",
    IncludeInputs = "include-inputs",
    IncludeInvalid = "include-invalid",
    IncludeLimit = "include-limit",
    IncludeNotFound = "include-not-found",
    IncludeNotLoaded = "include-not-loaded",
    IncludeOffline = "include-offline",
    InheritInvalid = "inherit-invalid",
    InputInterpolation = "input-interpolation",
    InputMissing = "input-missing",
    InputOptions = "input-options",
    InputRegex = "input-regex",
    InputTooLarge = "input-too-large",
    InputType = "input-type",
    InputUnknown = "input-unknown",
    InvalidUtf8 = "invalid-utf8",
    JobIncomplete = "job-incomplete",
    JobInvalid = "job-invalid",
    JobNoScript = "job-no-script",
    JobRulesConflict = "job-rules-conflict",
    JobStartIn = "job-start-in",
    JobUnknownKey = "job-unknown-key",
    JobsNoneVisible = "jobs-none-visible",
    NeedsCycle = "needs-cycle",
    NeedsDuplicated = "needs-duplicated",
    NeedsInvalid = "needs-invalid",
    NeedsLaterStage = "needs-later-stage",
    NeedsLimit = "needs-limit",
    NeedsMatrixExpression = "needs-matrix-expression",
    NeedsUnknownJob = "needs-unknown-job",
    NestingLimit = "nesting-limit",
    ParallelEmpty = "parallel-empty",
    ParallelInvalid = "parallel-invalid",
    PolicyInvalid = "policy-invalid",
    PolicyRegex = "policy-regex",
    PolicyUnknownKey = "policy-unknown-key",
    ReferenceCycle = "reference-cycle",
    ReferenceDepth = "reference-depth",
    ReferenceInvalid = "reference-invalid",
    ReferenceNotFound = "reference-not-found",
    RepoListingLimit = "repo-listing-limit",
    RulesInvalid = "rules-invalid",
    RulesMultiplePipelines = "rules-multiple-pipelines",
    RulesStartIn = "rules-start-in",
    RulesUnknownKey = "rules-unknown-key",
    ScriptInvalid = "script-invalid",
    StageUnknown = "stage-unknown",
    StagesInvalid = "stages-invalid",
    StartInInvalid = "start-in-invalid",
    TriggerInvalid = "trigger-invalid",
    VariablesInvalid = "variables-invalid",
    WhenInvalid = "when-invalid",
    WorkflowInvalid = "workflow-invalid",
    WorkflowUnknownKey = "workflow-unknown-key",
    YamlControlCharacter = "yaml-control-character",
    YamlExtraDocument = "yaml-extra-document",
    YamlSyntax = "yaml-syntax",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tests and tools compare codes with their strings.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// One finding. `code` is from the [`Code`] registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub span: Option<Span>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>, span: impl Into<Option<Span>>) -> Self {
        Diagnostic { severity: Severity::Error, code, message: message.into(), span: span.into() }
    }

    pub fn warning(code: Code, message: impl Into<String>, span: impl Into<Option<Span>>) -> Self {
        Diagnostic { severity: Severity::Warning, code, message: message.into(), span: span.into() }
    }
}

/// Collects diagnostics while a phase runs; phases never stop at the first problem.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn error(&mut self, code: Code, message: impl Into<String>, span: impl Into<Option<Span>>) {
        self.push(Diagnostic::error(code, message, span));
    }
    pub fn warning(&mut self, code: Code, message: impl Into<String>, span: impl Into<Option<Span>>) {
        self.push(Diagnostic::warning(code, message, span));
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
    /// How many were reported so far (a phase compares before and after to see whether it reported any).
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Sorted by position then code, duplicates removed: same input, same output.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| (a.span, a.severity, a.code, &a.message).cmp(&(b.span, b.severity, b.code, &b.message)));
        self.0.dedup();
        self.0
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

#[cfg(test)]
mod code_tests {
    use super::Code;

    #[test]
    fn codes_are_unique_kebab_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for &c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                !s.is_empty()
                    && s.split('-')
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{s}"
            );
            assert_eq!(Code::parse(s), Some(c));
        }
        assert_eq!(Code::parse("no-such-code"), None);
        assert!(Code::YamlSyntax == "yaml-syntax");
    }
}
