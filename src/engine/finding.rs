//! What a check reports: a finding with a code, a severity, a byte span and optional fixes.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// A byte range into the article text. Engine-wide, offsets are UTF-8 byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Like `contains`, but also true at the end offset: a cursor right after a word is "on" it.
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn shifted(&self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    /// The text this span covers, or "" when the span does not fall on character boundaries.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or("")
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// How much a finding matters. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Information => "information",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Accepts the names used in configuration (`info` is a common shorthand).
    pub fn parse(name: &str) -> Option<Severity> {
        match name.trim().to_ascii_lowercase().as_str() {
            "hint" => Some(Severity::Hint),
            "information" | "info" => Some(Severity::Information),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Replace `span` of the text with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

impl TextEdit {
    pub fn replace(span: Span, new_text: impl Into<String>) -> Self {
        TextEdit {
            span,
            new_text: new_text.into(),
        }
    }
}

/// A correction a user can apply: a title for the menu and the edits it makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// Safe fixes are applied by `copydesk check --fix`; others only on a user's explicit choice.
    pub safe: bool,
    /// The one right fix for the finding (the editor may apply it with a single key).
    pub preferred: bool,
}

impl Fix {
    /// A single replacement that is the one right correction.
    pub fn replace(title: impl Into<String>, span: Span, new_text: impl Into<String>) -> Self {
        Fix {
            title: title.into(),
            edits: vec![TextEdit::replace(span, new_text)],
            safe: true,
            preferred: true,
        }
    }

    /// Marks a fix as needing a human decision (not applied by `--fix`, not preferred).
    pub fn unsafe_choice(mut self) -> Self {
        self.safe = false;
        self.preferred = false;
        self
    }
}

/// Another place that a finding refers to: in the same article (the first mention of a name,
/// say), or in another file of the workspace when `path` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub span: Span,
    pub message: String,
    /// The other file's label (its path as the caller named it); `None` for this article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// One thing a copy editor would mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Dotted rule code, e.g. `dateline.missing`. The part before the first dot names the check.
    /// Borrowed from the rule tables: a large article holds thousands of findings, made again
    /// at every keystroke.
    pub code: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(
        code: impl Into<Cow<'static, str>>,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            code: code.into(),
            severity,
            message: message.into(),
            span,
            fixes: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
            path: None,
        });
        self
    }

    /// Points at a place in another file of the workspace.
    pub fn with_related_in(
        mut self,
        path: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
            path: Some(path.into()),
        });
        self
    }

    /// The check this finding belongs to: the code up to the first dot.
    pub fn check_name(&self) -> &str {
        self.code.split('.').next().unwrap_or(&self.code)
    }
}

/// Applies edits to `text`. Edits are applied from the end so earlier offsets stay valid;
/// overlapping edits or edits off character boundaries are rejected, never half-applied.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Result<String, String> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    // Several findings on one span may offer the same edit (every dateline finding offers the
    // whole corrected dateline); applying their fixes together applies it once.
    sorted.dedup_by(|a, b| a == b);
    for pair in sorted.windows(2) {
        if pair[0].span.end > pair[1].span.start {
            return Err(format!(
                "edits overlap at bytes {}..{} and {}..{}",
                pair[0].span.start, pair[0].span.end, pair[1].span.start, pair[1].span.end
            ));
        }
    }
    let mut out = text.to_string();
    for edit in sorted.iter().rev() {
        let Span { start, end } = edit.span;
        if start > end
            || end > out.len()
            || !out.is_char_boundary(start)
            || !out.is_char_boundary(end)
        {
            return Err(format!("edit {start}..{end} is outside the text"));
        }
        out.replace_range(start..end, &edit.new_text);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_from_the_end() {
        let edits = vec![
            TextEdit::replace(Span::new(0, 1), "A"),
            TextEdit::replace(Span::new(4, 5), "E"),
        ];
        assert_eq!(apply_edits("abcde", &edits).unwrap(), "AbcdE");
    }

    #[test]
    fn identical_edits_apply_once() {
        let edit = TextEdit::replace(Span::new(0, 3), "ABC");
        assert_eq!(
            apply_edits("abcde", &[edit.clone(), edit]).unwrap(),
            "ABCde"
        );
    }

    #[test]
    fn overlapping_edits_are_rejected() {
        let edits = vec![
            TextEdit::replace(Span::new(0, 3), "x"),
            TextEdit::replace(Span::new(2, 4), "y"),
        ];
        assert!(apply_edits("abcde", &edits).is_err());
    }

    #[test]
    fn edits_off_char_boundaries_are_rejected() {
        let edits = vec![TextEdit::replace(Span::new(1, 2), "x")];
        assert!(apply_edits("é", &edits).is_err());
    }

    #[test]
    fn severity_names_round_trip() {
        for s in [
            Severity::Hint,
            Severity::Information,
            Severity::Warning,
            Severity::Error,
        ] {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
        }
        assert_eq!(Severity::parse("info"), Some(Severity::Information));
        assert_eq!(Severity::parse("loud"), None);
    }
}
