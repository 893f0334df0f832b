//! The CLI's outputs: the JSON contract (`check` and `analyze`), human output with source lines
//! and carets, and SARIF 2.1.0. Positions are computed here, at the edge.

use crate::engine::{checks_registry, Analysis, Finding, Severity};
use crate::lines::{Encoding, LineIndex};
use serde_json::{json, Value};

/// One checked file and what was found in it.
pub struct FileReport {
    pub path: String,
    pub text: String,
    pub analysis: Analysis,
}

/// A diagnostic as the JSON contract has it: byte offsets, 1-based lines, columns in
/// Unicode scalar values. Fields are declared in alphabetical order, the order the contract has
/// always printed them in (it was built as a `serde_json::Value`, whose maps are sorted).
#[derive(serde::Serialize)]
struct DiagnosticOut<'a> {
    code: &'a str,
    column: usize,
    end: usize,
    end_column: usize,
    end_line: usize,
    fixes: Vec<FixOut<'a>>,
    line: usize,
    message: &'a str,
    related: Vec<RelatedOut<'a>>,
    severity: &'static str,
    start: usize,
}

#[derive(serde::Serialize)]
struct FixOut<'a> {
    edits: Vec<EditOut<'a>>,
    title: &'a str,
}

#[derive(serde::Serialize)]
struct EditOut<'a> {
    end: usize,
    new_text: &'a str,
    start: usize,
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum RelatedOut<'a> {
    /// In another file: its offsets, not this file's lines and columns.
    Elsewhere {
        end: usize,
        message: &'a str,
        path: &'a str,
        start: usize,
    },
    Here {
        column: usize,
        end: usize,
        line: usize,
        message: &'a str,
        start: usize,
    },
}

impl<'a> DiagnosticOut<'a> {
    fn new(text: &str, index: &LineIndex, f: &'a Finding) -> Self {
        let (line, col) = index.position(text, f.span.start, Encoding::Utf32);
        let (end_line, end_col) = index.position(text, f.span.end, Encoding::Utf32);
        DiagnosticOut {
            code: &f.code,
            column: col + 1,
            end: f.span.end,
            end_column: end_col + 1,
            end_line: end_line + 1,
            fixes: f
                .fixes
                .iter()
                .map(|fix| FixOut {
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| EditOut {
                            end: e.span.end,
                            new_text: &e.new_text,
                            start: e.span.start,
                        })
                        .collect(),
                    title: &fix.title,
                })
                .collect(),
            line: line + 1,
            message: &f.message,
            related: f
                .related
                .iter()
                .map(|r| match &r.path {
                    Some(path) => RelatedOut::Elsewhere {
                        end: r.span.end,
                        message: &r.message,
                        path,
                        start: r.span.start,
                    },
                    None => {
                        let (l, c) = index.position(text, r.span.start, Encoding::Utf32);
                        RelatedOut::Here {
                            column: c + 1,
                            end: r.span.end,
                            line: l + 1,
                            message: &r.message,
                            start: r.span.start,
                        }
                    }
                })
                .collect(),
            severity: f.severity.as_str(),
            start: f.span.start,
        }
    }
}

/// One file of `check --format json`; `diagnostics` sorts before `path`, as in the contract.
#[derive(serde::Serialize)]
struct FileOut<'a> {
    diagnostics: Vec<DiagnosticOut<'a>>,
    path: &'a str,
}

fn file_out(report: &FileReport) -> FileOut<'_> {
    let index = LineIndex::new(&report.text);
    FileOut {
        diagnostics: report
            .analysis
            .findings
            .iter()
            .map(|f| DiagnosticOut::new(&report.text, &index, f))
            .collect(),
        path: &report.path,
    }
}

/// `copydesk check --format json`: one document for all files, `{"files":[…]}`. Each file is
/// written straight to text, on all cores, with no tree of JSON values built in between.
pub fn check_json(reports: &[FileReport]) -> String {
    use rayon::prelude::*;
    let files: Vec<String> = reports
        .par_iter()
        .map(|r| serde_json::to_string(&file_out(r)).unwrap_or_default())
        .collect();
    let mut out = String::with_capacity(files.iter().map(|f| f.len() + 1).sum::<usize>() + 12);
    out.push_str("{\"files\":[");
    for (i, f) in files.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(f);
    }
    out.push_str("]}");
    out
}

fn span_json(text: &str, span: crate::engine::Span) -> Value {
    json!({"start": span.start, "end": span.end, "text": span.text(text)})
}

fn attribution_json(text: &str, at: &crate::engine::Attribution) -> Value {
    json!({
        "start": at.span.start,
        "end": at.span.end,
        "text": at.span.text(text),
        "source": at.source.map(|s| s.text(text)),
        "cue": at.cue.map(|c| c.text(text)),
        "kind": at.kind,
        "vague": at.vague,
        "content": span_json(text, at.content),
    })
}

/// `copydesk analyze --format json`: one JSON object per file (JSON Lines).
pub fn analyze_json(report: &FileReport) -> Value {
    let a = &report.analysis;
    let text = &report.text;
    let headline = a.article.headline().map(|h| span_json(text, h.span));
    let dateline = a.article.dateline.as_ref().map(|d| {
        json!({
            "start": d.span.start,
            "end": d.span.end,
            "text": d.span.text(text),
            "city": d.city.text(text),
            "region": d.region.map(|r| r.text(text)),
            "date": d.date.map(|r| r.text(text)),
            "credit": d.credit.map(|r| r.text(text)),
        })
    });
    json!({
        "path": report.path,
        "headline": headline,
        "dateline": dateline,
        "entities": a.entities.iter().map(|e| json!({
            "kind": e.kind.as_str(),
            "name": e.name,
            "title": e.title,
            "mentions": e.mentions.iter().map(|m| span_json(text, m.span)).collect::<Vec<_>>(),
            // `the prime minister`: never in `mentions`, which list the name only.
            "references": e.references.iter().map(|m| span_json(text, m.span)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "figures": a.figures.iter().map(|f| json!({
            "start": f.span.start,
            "end": f.span.end,
            "text": f.span.text(text),
            "category": f.category.as_str(),
            "hedge": f.hedge.map(|h| h.text(text)),
            "noun": f.noun.map(|n| n.text(text)),
            "attribution": f.attribution.as_ref().map(|at| {
                let mut value = attribution_json(text, at);
                value["scope"] = json!(f.attribution_scope);
                value
            }),
        })).collect::<Vec<_>>(),
        "attributions": a.attributions.iter().map(|at| attribution_json(text, at)).collect::<Vec<_>>(),
        "diagnostics": file_out(report).diagnostics,
    })
}

fn level(sev: Severity) -> annotate_snippets::Level {
    use annotate_snippets::Level;
    match sev {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Information => Level::Info,
        Severity::Hint => Level::Help,
    }
}

/// `copydesk check` for people: each finding with its source line and a caret, like a compiler.
pub fn human(reports: &[FileReport], color: bool) -> String {
    use rayon::prelude::*;
    // Files render independently: on all cores, like their analysis, then in order.
    reports
        .par_iter()
        .map(|r| human_file(r, color))
        .collect::<Vec<String>>()
        .concat()
}

/// One file's findings as `human` prints them.
fn human_file(r: &FileReport, color: bool) -> String {
    use annotate_snippets::{Renderer, Snippet};
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let index = LineIndex::new(&r.text);
    for f in &r.analysis.findings {
        let (line, _) = index.position(&r.text, f.span.start, Encoding::Utf8);
        let (end_line, _) = index.position(&r.text, f.span.end, Encoding::Utf8);
        // Show only the lines the finding covers, so long files render fast.
        let first = index.offset(&r.text, line, 0, Encoding::Utf8);
        let last_end = index.offset(&r.text, end_line, usize::MAX, Encoding::Utf8);
        let source = &r.text[first..last_end.max(first)];
        let start = f.span.start.saturating_sub(first).min(source.len());
        let end = f.span.end.saturating_sub(first).clamp(start, source.len());
        let fix_note = f
            .fixes
            .first()
            .map(|fix| format!("fix: {}", fix.title))
            .unwrap_or_default();
        let lvl = level(f.severity);
        let mut snippet = Snippet::source(source)
            .line_start(line + 1)
            .origin(&r.path)
            .annotation(lvl.span(start..end).label(&f.code));
        if !fix_note.is_empty() {
            snippet = snippet.fold(false);
        }
        let mut message = lvl.title(&f.message).id(&f.code).snippet(snippet);
        if !fix_note.is_empty() {
            message = message.footer(annotate_snippets::Level::Help.title(&fix_note));
        }
        out.push_str(&renderer.render(message).to_string());
        out.push_str("\n\n");
    }
    out
}

/// One-line summary for the end of human output.
pub fn summary(reports: &[FileReport]) -> String {
    let mut counts = [0usize; 4];
    for r in reports {
        for f in &r.analysis.findings {
            counts[f.severity as usize] += 1;
        }
    }
    let [hints, infos, warnings, errors] = counts;
    let files = reports.len();
    format!(
        "{files} file{} checked: {errors} error{}, {warnings} warning{}, {infos} information, {hints} hint{}",
        if files == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
        if hints == 1 { "" } else { "s" },
    )
}

/// An anchor in RULES.md for a rule code: `dateline.missing` → `dateline-missing`.
pub fn rule_anchor(code: &str) -> String {
    code.replace('.', "-")
}

/// SARIF 2.1.0, as GitHub code scanning reads it.
pub fn sarif(reports: &[FileReport]) -> Value {
    let rules: Vec<_> = checks_registry::all_checks()
        .iter()
        .flat_map(|c| c.rules().iter())
        .collect();
    let rule_index = |code: &str| rules.iter().position(|r| r.code == code);
    let sarif_level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    };
    let mut results = Vec::new();
    for r in reports {
        let index = LineIndex::new(&r.text);
        let uri = r.path.replace('\\', "/");
        for f in &r.analysis.findings {
            let (l, c) = index.position(&r.text, f.span.start, Encoding::Utf32);
            let (el, ec) = index.position(&r.text, f.span.end, Encoding::Utf32);
            let mut result = json!({
                "ruleId": f.code,
                "level": sarif_level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {
                            "startLine": l + 1, "startColumn": c + 1,
                            "endLine": el + 1, "endColumn": ec + 1,
                            "byteOffset": f.span.start, "byteLength": f.span.len(),
                        }
                    }
                }],
            });
            if let Some(i) = rule_index(&f.code) {
                result["ruleIndex"] = json!(i);
            }
            if !f.fixes.is_empty() {
                result["fixes"] = json!(f.fixes.iter().map(|fix| json!({
                    "description": {"text": fix.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": fix.edits.iter().map(|e| json!({
                            "deletedRegion": {"byteOffset": e.span.start, "byteLength": e.span.len()},
                            "insertedContent": {"text": e.new_text},
                        })).collect::<Vec<_>>(),
                    }],
                })).collect::<Vec<_>>());
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/RULES.md"),
                "rules": rules.iter().map(|rule| json!({
                    "id": rule.code,
                    "name": rule.code,
                    "shortDescription": {"text": rule.summary},
                    "helpUri": crate::engine::settings::rule_doc_url(rule.code),
                    "defaultConfiguration": {"level": sarif_level(rule.severity)},
                })).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// RULES.md: every rule with its default severity and summary, generated from the registry.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# copydesk rules\n\nGenerated by `copydesk rules --format markdown`; do not edit by hand.\n\
         Every rule can be turned off or re-graded in `copydesk.toml` under `[rules]`, by its code\n\
         or by its check's name (see README.md, Configuration).\n",
    );
    for check in checks_registry::all_checks() {
        out.push_str(&format!("\n## {}\n", check.name()));
        for rule in check.rules() {
            out.push_str(&format!(
                "\n### {}\n\n<a id=\"{}\"></a>Default severity: **{}**. {}\n",
                rule.code,
                rule_anchor(rule.code),
                rule.severity,
                rule.summary
            ));
        }
    }
    out
}
