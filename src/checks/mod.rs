//! The checks, one module each. Each implements `engine::Check` and reports under its own
//! code prefix.

pub mod attribution;
pub mod dateline;
pub mod names;
pub(crate) mod people;
pub mod titles;

/// What the checks' unit tests share: run the engine and keep one check's findings, after
/// making sure each is a listed rule, points inside the text, and has fixes that apply.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::engine::{analyze, apply_edits, Finding, Format, Rule, Settings};

    pub fn findings_of(
        text: &str,
        settings: &Settings,
        check: &str,
        rules: &[Rule],
    ) -> Vec<Finding> {
        let analysis = analyze(text, Format::Plain, settings);
        assert!(analysis.failures.is_empty(), "{:?}", analysis.failures);
        let found: Vec<Finding> = analysis
            .findings
            .into_iter()
            .filter(|f| f.check_name() == check)
            .collect();
        for f in &found {
            assert!(
                rules.iter().any(|r| r.code == f.code),
                "{} not in RULES",
                f.code
            );
            assert!(text.get(f.span.range()).is_some(), "bad span {f:?}");
            for fix in &f.fixes {
                apply_edits(text, &fix.edits).expect("fix applies");
            }
        }
        found
    }
}
