//! The edge between byte offsets (the engine's) and LSP positions (the editor's). Nothing past
//! this module sees a `Position`; everything here clamps instead of failing, because a client's
//! position may be stale or simply wrong and the server must not fall over on it.

use crate::engine::{Finding, Severity, Span};
use crate::lines::{Encoding, LineIndex};
use ropey::Rope;
use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::json;
use std::borrow::Cow;
use tower_lsp::lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, PositionEncodingKind, Range, Url,
};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "copydesk";

/// Picks the position encoding: UTF-8 when the client offers it (no conversion at all), else
/// UTF-16 (LSP's default, and what every client must support), else UTF-32 when that is all the
/// client offers.
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
    let Some(offered) = offered else {
        return Encoding::Utf16;
    };
    if offered.contains(&PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else if offered.is_empty() || offered.contains(&PositionEncodingKind::UTF16) {
        Encoding::Utf16
    } else if offered.contains(&PositionEncodingKind::UTF32) {
        Encoding::Utf32
    } else {
        Encoding::Utf16
    }
}

pub fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn char_width(c: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// Byte offset of an LSP position in a rope, clamped: a line past the end is the end of the
/// text, a column past the line's end is the end of the line (before its break), and a column
/// inside a character (half a surrogate pair, a byte inside a UTF-8 sequence) is that
/// character's start.
pub fn rope_offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let col = pos.character as usize;
    let mut units = 0;
    let mut bytes = 0;
    for c in rope.line(line).chars() {
        if c == '\n' || c == '\r' {
            break;
        }
        let w = char_width(c, enc);
        if units + w > col {
            break;
        }
        units += w;
        bytes += c.len_utf8();
    }
    start + bytes
}

/// Offset ↔ position conversion over one snapshot of a text.
pub struct Converter<'a> {
    text: &'a str,
    index: Cow<'a, LineIndex>,
    enc: Encoding,
}

impl<'a> Converter<'a> {
    pub fn new(text: &'a str, enc: Encoding) -> Self {
        Converter {
            text,
            index: Cow::Owned(LineIndex::new(text)),
            enc,
        }
    }

    /// Over a line index built before (a check keeps the one it made for its diagnostics, so
    /// hover and code actions on a large article do not scan it again).
    pub fn with_index(text: &'a str, index: &'a LineIndex, enc: Encoding) -> Self {
        Converter {
            text,
            index: Cow::Borrowed(index),
            enc,
        }
    }

    /// The converter of a check.
    pub fn of(checked: &'a super::documents::Checked, enc: Encoding) -> Self {
        Converter::with_index(checked.text(), &checked.lines, enc)
    }

    pub fn position(&self, offset: usize) -> Position {
        let (line, col) = self.index.position(self.text, offset, self.enc);
        Position::new(to_u32(line), to_u32(col))
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    pub fn offset(&self, pos: Position) -> usize {
        self.index.offset(
            self.text,
            pos.line as usize,
            pos.character as usize,
            self.enc,
        )
    }

    /// A byte span for an LSP range, ordered even if the client sent it backwards.
    pub fn span(&self, range: Range) -> Span {
        let a = self.offset(range.start);
        let b = self.offset(range.end);
        Span::new(a.min(b), a.max(b))
    }

    /// The range of the whole text.
    pub fn full_range(&self) -> Range {
        Range::new(Position::new(0, 0), self.position(self.text.len()))
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Hint => DiagnosticSeverity::HINT,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Error => DiagnosticSeverity::ERROR,
    }
}

/// The documentation link of a rule.
pub fn rule_docs(code: &str) -> Option<Url> {
    Url::parse(&crate::engine::settings::rule_doc_url(code)).ok()
}

/// A finding as an LSP diagnostic. `data` carries the rule code and byte span so a code action
/// request can find the very finding again, even when the editor sends the diagnostic back
/// after further edits.
pub fn diagnostic(finding: &Finding, conv: &Converter<'_>, uri: &Url) -> Diagnostic {
    diagnostic_in(finding, conv, uri, &|_, _| None)
}

/// Like `diagnostic`, for findings that may point into other articles: `locate` places a span
/// of another article (named by its label, a URI) from that article's text.
pub fn diagnostic_in(
    finding: &Finding,
    conv: &Converter<'_>,
    uri: &Url,
    locate: &dyn Fn(&str, Span) -> Option<Location>,
) -> Diagnostic {
    let related = related_in(finding, conv, uri, locate);
    Diagnostic {
        range: conv.range(finding.span),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_string())),
        code_description: rule_docs(&finding.code).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({
            "code": finding.code,
            "start": finding.span.start,
            "end": finding.span.end,
            "fixes": finding.fixes.len(),
        })),
    }
}

/// The places a finding points to besides its own span.
fn related_in(
    finding: &Finding,
    conv: &Converter<'_>,
    uri: &Url,
    locate: &dyn Fn(&str, Span) -> Option<Location>,
) -> Vec<DiagnosticRelatedInformation> {
    finding
        .related
        .iter()
        .filter_map(|r| {
            let location = match &r.path {
                None => Location::new(uri.clone(), conv.range(r.span)),
                // Another article: placed from its own text, else at its top.
                Some(label) => locate(label, r.span).or_else(|| {
                    Url::parse(label)
                        .ok()
                        .map(|u| Location::new(u, Range::default()))
                })?,
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect()
}

/// The diagnostics of `findings` as JSON, each converted as it is written: the same JSON as a
/// `Vec` of [`diagnostic_in`] would give, without building that vector (a `Diagnostic` is a
/// dozen allocations: its strings, a link, a map for `data`), nor keeping it.
pub struct DiagnosticsJson<'a> {
    pub findings: &'a [Finding],
    pub conv: &'a Converter<'a>,
    pub uri: &'a Url,
    pub locate: &'a (dyn Fn(&str, Span) -> Option<Location> + Sync),
}

/// One diagnostic, borrowed from its finding: `Diagnostic`'s fields and names.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DiagnosticJson<'a> {
    range: Range,
    severity: DiagnosticSeverity,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_description: Option<Href<'a>>,
    source: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_information: Vec<DiagnosticRelatedInformation>,
    data: DataJson<'a>,
}

#[derive(Serialize)]
struct Href<'a> {
    href: &'a str,
}

/// What `data` carries (see [`diagnostic_in`]).
#[derive(Serialize)]
struct DataJson<'a> {
    code: &'a str,
    start: usize,
    end: usize,
    fixes: usize,
}

/// Rule documentation links by code: a few rules make thousands of findings, and each link is
/// made once.
type Links<'a> = crate::kb::FxMap<&'a str, Option<String>>;

impl<'a> DiagnosticsJson<'a> {
    fn element<'l>(&self, f: &'a Finding, links: &'l mut Links<'a>) -> DiagnosticJson<'l>
    where
        'a: 'l,
    {
        let link = links
            .entry(&*f.code)
            .or_insert_with(|| rule_docs(&f.code).map(String::from));
        DiagnosticJson {
            range: self.conv.range(f.span),
            severity: severity(f.severity),
            code: &f.code,
            code_description: link.as_deref().map(|href| Href { href }),
            source: SOURCE,
            message: &f.message,
            related_information: related_in(f, self.conv, self.uri, self.locate),
            data: DataJson {
                code: &f.code,
                start: f.span.start,
                end: f.span.end,
                fixes: f.fixes.len(),
            },
        }
    }

    /// The array's elements, comma-separated and without the brackets, in pieces written one
    /// after another: a piece a run of findings, serialized side by side when there are
    /// thousands (a 10 MB article has 30,000 diagnostics, 15 MB of JSON).
    pub fn pieces(&self) -> serde_json::Result<Vec<Vec<u8>>> {
        use rayon::prelude::*;
        const PIECE: usize = 1024;
        let n = self.findings.len();
        let pieces = (n / PIECE).clamp(1, 4 * rayon::current_num_threads());
        let per_piece = n.div_ceil(pieces).max(1);
        let write = |(i, run): (usize, &'a [Finding])| {
            // A diagnostic is about 480 bytes of JSON.
            let mut out = Vec::with_capacity(run.len() * 480);
            let mut links = Links::default();
            for (k, f) in run.iter().enumerate() {
                if i > 0 || k > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut out, &self.element(f, &mut links))?;
            }
            Ok(out)
        };
        if pieces == 1 {
            return write((0, self.findings)).map(|piece| vec![piece]);
        }
        self.findings
            .par_chunks(per_piece)
            .enumerate()
            .map(write)
            .collect()
    }
}

impl Serialize for DiagnosticsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut links = Links::default();
        let mut seq = serializer.serialize_seq(Some(self.findings.len()))?;
        for f in self.findings {
            seq.serialize_element(&self.element(f, &mut links))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_prefers_utf8_then_utf16() {
        use PositionEncodingKind as K;
        assert_eq!(negotiate(None), Encoding::Utf16);
        assert_eq!(negotiate(Some(&[K::UTF16, K::UTF8])), Encoding::Utf8);
        assert_eq!(negotiate(Some(&[K::UTF32, K::UTF16])), Encoding::Utf16);
        assert_eq!(negotiate(Some(&[K::UTF32])), Encoding::Utf32);
        assert_eq!(negotiate(Some(&[K::new("utf-7")])), Encoding::Utf16);
    }

    #[test]
    fn findings_become_diagnostics_with_links_and_related_places() {
        let text = "Netanyahu said.\nLater, 😀 Prime Minister Benjamin Netanyahu said.";
        let later = text.rfind("Netanyahu").expect("second mention");
        let finding = Finding::new(
            "names.repeated-full-name",
            Severity::Information,
            Span::new(later, later + "Netanyahu".len()),
            "Later references use the surname only.",
        )
        .with_related(Span::new(0, 9), "first mention");
        let uri = Url::parse("file:///a.txt").expect("static URL");
        let d = diagnostic(&finding, &Converter::new(text, Encoding::Utf16), &uri);
        assert_eq!(d.source.as_deref(), Some("copydesk"));
        assert_eq!(
            d.code,
            Some(NumberOrString::String("names.repeated-full-name".into()))
        );
        let href = d.code_description.expect("a link").href;
        assert!(
            href.as_str().ends_with("RULES.md#names-repeated-full-name"),
            "{href}"
        );
        let related = d.related_information.expect("related");
        assert_eq!(
            related[0].location.range,
            Range::new(Position::new(0, 0), Position::new(0, 9))
        );
        assert_eq!(related[0].message, "first mention");
        // `Later, 😀 Prime Minister Benjamin ` is 34 UTF-16 units (the emoji is two).
        assert_eq!(d.range.start, Position::new(1, 34));
        assert_eq!(d.severity, Some(DiagnosticSeverity::INFORMATION));
        assert_eq!(d.data.expect("data")["start"], later);
    }

    #[test]
    fn diagnostics_written_from_findings_are_the_diagnostics_as_json() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/rafah-virtual-meeting.txt"
        ))
        .expect("the seed")
        .replacen("WASHINGTON — ", "WASHINGTON - ", 1)
            + "\nLater, 😀 Prime Minister Benjamin Netanyahu said.\n";
        let settings = crate::engine::Settings::default();
        let mut findings =
            crate::engine::analyze(&text, crate::engine::Format::Plain, &settings).findings;
        assert!(findings.len() > 3, "{findings:?}");
        let at = text.rfind("Netanyahu").expect("mention");
        findings.push(
            Finding::new(
                "names.repeated-full-name",
                Severity::Information,
                Span::new(at, at + "Netanyahu".len()),
                "Later references use the surname only.",
            )
            .with_related(Span::new(0, 9), "first mention"),
        );
        let uri = Url::parse("file:///a.txt").expect("static URL");
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let conv = Converter::new(&text, enc);
            let locate = |_: &str, _: Span| None;
            let vec: Vec<Diagnostic> = findings
                .iter()
                .map(|f| diagnostic_in(f, &conv, &uri, &locate))
                .collect();
            let streamed = DiagnosticsJson {
                findings: &findings,
                conv: &conv,
                uri: &uri,
                locate: &locate,
            };
            assert_eq!(
                serde_json::to_value(&streamed).expect("JSON"),
                serde_json::to_value(&vec).expect("JSON")
            );
        }
    }

    #[test]
    fn diagnostics_written_in_pieces_side_by_side_are_the_same_bytes() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seeds/rafah-virtual-meeting.txt"
        ))
        .expect("the seed")
        .replacen("WASHINGTON — ", "WASHINGTON - ", 1);
        let settings = crate::engine::Settings::default();
        let findings =
            crate::engine::analyze(&text, crate::engine::Format::Plain, &settings).findings;
        assert!(!findings.is_empty());
        // Enough for several pieces, serialized on several threads.
        let many: Vec<Finding> = findings.iter().cycle().take(5000).cloned().collect();
        let uri = Url::parse("file:///tmp/a%20b.txt").expect("static URL");
        let conv = Converter::new(&text, Encoding::Utf16);
        let locate = |_: &str, _: Span| None;
        for count in [0, 1, 3, 1500, 5000] {
            let json = DiagnosticsJson {
                findings: &many[..count],
                conv: &conv,
                uri: &uri,
                locate: &locate,
            };
            let pieces = json.pieces().expect("JSON");
            if count == 5000 {
                assert!(pieces.len() > 2, "{} pieces", pieces.len());
            }
            for version in [Some(3), None] {
                let body = super::super::output::publish_pieces(&uri, pieces.clone(), version);
                let whole = super::super::output::publish_body(&uri, &json, version);
                assert!(
                    body.0.concat() == whole,
                    "{count} diagnostics, version {version:?}"
                );
            }
        }
    }

    #[test]
    fn rope_offsets_clamp() {
        let text = "a😀b\r\ncé\rx";
        let rope = Rope::from_str(text);
        let p = |l, c| Position::new(l, c);
        assert_eq!(rope_offset(&rope, p(0, 3), Encoding::Utf16), 5);
        assert_eq!(
            rope_offset(&rope, p(0, 2), Encoding::Utf16),
            1,
            "inside a pair"
        );
        assert_eq!(
            rope_offset(&rope, p(0, 99), Encoding::Utf16),
            6,
            "before CRLF"
        );
        assert_eq!(rope_offset(&rope, p(1, 2), Encoding::Utf8), 9, "inside é");
        assert_eq!(
            rope_offset(&rope, p(2, 0), Encoding::Utf32),
            12,
            "after lone CR"
        );
        assert_eq!(rope_offset(&rope, p(9, 9), Encoding::Utf32), text.len());
        for (l, c) in [(0u32, 0u32), (0, 3), (1, 1), (2, 1)] {
            let o = rope_offset(&rope, p(l, c), Encoding::Utf16);
            assert_eq!(Converter::new(text, Encoding::Utf16).offset(p(l, c)), o);
        }
    }
}
