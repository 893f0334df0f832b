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
/// Unicode scalar values.
pub fn diagnostic_json(text: &str, index: &LineIndex, f: &Finding) -> Value {
    let (line, col) = index.position(text, f.span.start, Encoding::Utf32);
    let (end_line, end_col) = index.position(text, f.span.end, Encoding::Utf32);
    json!({
        "code": f.code,
        "severity": f.severity.as_str(),
        "message": f.message,
        "start": f.span.start,
        "end": f.span.end,
        "line": line + 1,
        "column": col + 1,
        "end_line": end_line + 1,
        "end_column": end_col + 1,
        "fixes": f.fixes.iter().map(|fix| json!({
            "title": fix.title,
            "edits": fix.edits.iter().map(|e| json!({
                "start": e.span.start,
                "end": e.span.end,
                "new_text": e.new_text,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "related": f.related.iter().map(|r| {
            let (l, c) = index.position(text, r.span.start, Encoding::Utf32);
            match &r.path {
                // In another file: its offsets, not this file's lines and columns.
                Some(path) => json!({"path": path, "start": r.span.start, "end": r.span.end, "message": r.message}),
                None => json!({"start": r.span.start, "end": r.span.end, "line": l + 1, "column": c + 1, "message": r.message}),
            }
        }).collect::<Vec<_>>(),
    })
}

fn diagnostics_json(report: &FileReport) -> Vec<Value> {
    let index = LineIndex::new(&report.text);
    report
        .analysis
        .findings
        .iter()
        .map(|f| diagnostic_json(&report.text, &index, f))
        .collect()
}

/// `copydesk check --format json`: one document for all files.
pub fn check_json(reports: &[FileReport]) -> Value {
    json!({
        "files": reports.iter().map(|r| json!({
            "path": r.path,
            "diagnostics": diagnostics_json(r),
        })).collect::<Vec<_>>()
    })
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
        "diagnostics": diagnostics_json(report),
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
