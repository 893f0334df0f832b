//! The article's outline and navigation over its entities, as plain data the server maps to
//! `documentSymbol`, `documentHighlight`, `references` and `rename` (no LSP types here).
//!
//! Offsets are UTF-8 byte offsets into the article text, as everywhere in the engine.

use super::finding::{Span, TextEdit};
use super::model::{Entity, EntityKind};
use super::Analysis;
use crate::kb::surname_of;

/// What an outline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Dateline,
    Person,
    Place,
    Organization,
    Figure,
}

/// One entry of the article's outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub kind: SymbolKind,
    /// `John Kirby`, `WASHINGTON`, `1.4 million civilians`.
    pub name: String,
    /// The title as introduced, the number of mentions, or the attribution.
    pub detail: Option<String>,
    /// Where the outline jumps to: the first mention.
    pub span: Span,
}

/// The outline: the dateline, then people, places and organizations in order of first
/// mention, then figures.
pub fn symbols(analysis: &Analysis) -> Vec<Symbol> {
    let text = analysis.article.text.as_str();
    let mut out = Vec::new();
    if let Some(d) = &analysis.article.dateline {
        out.push(Symbol {
            kind: SymbolKind::Dateline,
            name: d
                .span
                .text(text)
                .trim()
                .trim_end_matches(['—', '–', '-'])
                .trim()
                .to_string(),
            detail: None,
            span: d.span,
        });
    }
    for kind in [
        EntityKind::Person,
        EntityKind::Place,
        EntityKind::Organization,
    ] {
        for e in analysis.entities.iter().filter(|e| e.kind == kind) {
            let Some(first) = e.mentions.first() else {
                continue;
            };
            let n = e.mentions.len() + e.references.len();
            let count = format!("{n} mention{}", if n == 1 { "" } else { "s" });
            out.push(Symbol {
                kind: match kind {
                    EntityKind::Person => SymbolKind::Person,
                    EntityKind::Place => SymbolKind::Place,
                    EntityKind::Organization => SymbolKind::Organization,
                },
                name: e.name.clone(),
                detail: Some(match &e.title {
                    Some(t) => format!("{t} · {count}"),
                    None => count,
                }),
                span: first.span,
            });
        }
    }
    for f in &analysis.figures {
        out.push(Symbol {
            kind: SymbolKind::Figure,
            name: f.span.text(text).to_string(),
            detail: Some(match &f.attribution {
                Some(a) => format!("attributed: {}", a.span.text(text)),
                None => "unattributed".to_string(),
            }),
            span: f.span,
        });
    }
    out
}

/// The entity whose mention or title reference is under `offset` (a cursor right after a name
/// counts), with its index in `analysis.entities`.
pub fn entity_at(analysis: &Analysis, offset: usize) -> Option<(usize, &Entity)> {
    analysis.entities.iter().enumerate().find(|(_, e)| {
        e.mentions
            .iter()
            .chain(e.references.iter())
            .any(|m| m.span.touches(offset))
    })
}

/// Every place the entity appears, in order: name mentions and title references. What
/// highlights and references show.
pub fn occurrences(entity: &Entity) -> Vec<Span> {
    let mut spans: Vec<Span> = entity
        .mentions
        .iter()
        .chain(entity.references.iter())
        .map(|m| m.span)
        .collect();
    spans.sort_by_key(|s| (s.start, s.end));
    spans.dedup();
    spans
}

/// Edits that rename a person across the article: each full-name mention becomes `new_name`, a
/// surname-only mention the new surname, a first-name-only mention the new first name.
/// Possessives stay possessives in AP form (`Kirby's` → `Smith's`, `Kirby's` → `Jones'`).
/// Title references (`the spokesperson`) are left alone. `None` when the name is empty or the
/// entity is not a person (places and organizations are named by the world, not the story).
pub fn rename_edits(analysis: &Analysis, entity: usize, new_name: &str) -> Option<Vec<TextEdit>> {
    let e = analysis.entities.get(entity)?;
    let new_name = new_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if e.kind != EntityKind::Person || new_name.is_empty() {
        return None;
    }
    let text = analysis.article.text.as_str();
    let old_last = surname_of(&e.name);
    let new_last = surname_of(&new_name).unwrap_or_else(|| new_name.clone());
    let old_first = e.name.split_whitespace().next().map(str::to_string);
    let new_first = new_name
        .split_whitespace()
        .next()
        .unwrap_or(&new_name)
        .to_string();
    let mut edits = Vec::new();
    for m in &e.mentions {
        let said = m.span.text(text);
        let replacement = if said == e.name || said.split_whitespace().count() > 1 {
            new_name.clone()
        } else if Some(said) == old_last.as_deref() || old_first.as_deref() != Some(said) {
            new_last.clone()
        } else {
            new_first.clone()
        };
        let (span, replacement) = keep_possessive(text, m.span, replacement);
        edits.push(TextEdit::replace(span, replacement));
    }
    Some(edits)
}

/// A mention followed by a possessive: the edit takes in the apostrophe and writes the new
/// name's possessive the AP way (`'s`, or a lone apostrophe after a final `s`).
fn keep_possessive(text: &str, span: Span, name: String) -> (Span, String) {
    let rest = text.get(span.end..).unwrap_or("");
    let apostrophe = ["'s", "’s", "'S", "’S", "'", "’"]
        .into_iter()
        .find(|a| rest.starts_with(a));
    match apostrophe {
        Some(a) => {
            // A lone apostrophe that opens a quotation is not a possessive (`Hamas 'no'`).
            let lone = !a.ends_with(['s', 'S']);
            let after = rest[a.len()..].chars().next();
            if lone && after.is_some_and(char::is_alphanumeric) {
                return (span, name);
            }
            let mark = if a.starts_with('’') { '’' } else { '\'' };
            let possessive = if name.ends_with(['s', 'S']) {
                format!("{name}{mark}")
            } else {
                format!("{name}{mark}s")
            };
            (Span::new(span.start, span.end + a.len()), possessive)
        }
        None => (span, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyze, Format, Settings};

    const SEED: &str = include_str!("../../seeds/rafah-virtual-meeting.txt");

    fn seed() -> Analysis {
        analyze(SEED, Format::Plain, &Settings::default())
    }

    #[test]
    fn outline_has_dateline_then_people_places_organizations() {
        let a = seed();
        let s = symbols(&a);
        assert_eq!(s[0].kind, SymbolKind::Dateline);
        assert_eq!(s[0].name, "WASHINGTON");
        let kirby = s.iter().find(|s| s.name == "John Kirby").unwrap();
        assert_eq!(kirby.kind, SymbolKind::Person);
        assert!(kirby.detail.as_deref().unwrap().contains("spokesperson"));
        let first_place = s.iter().position(|s| s.kind == SymbolKind::Place).unwrap();
        let last_person = s
            .iter()
            .rposition(|s| s.kind == SymbolKind::Person)
            .unwrap();
        assert!(last_person < first_place);
    }

    #[test]
    fn entity_under_the_cursor_and_all_its_occurrences() {
        let a = seed();
        let at = SEED.find("Kirby said").unwrap();
        let (i, e) = entity_at(&a, at + 2).unwrap();
        assert_eq!(e.name, "John Kirby");
        assert_eq!(entity_at(&a, at + 5).map(|(j, _)| j), Some(i)); // right after the name
        let spans = occurrences(e);
        assert_eq!(spans.len(), 2);
        assert!(spans.iter().all(|s| s.text(SEED).contains("Kirby")));
        assert!(entity_at(&a, 0).map_or(true, |(_, e)| e.kind != EntityKind::Person));
    }

    #[test]
    fn rename_keeps_possessives_and_surnames() {
        let text = "Headline\n\nWASHINGTON (AP) — Spokesperson John Kirby spoke. Kirby's aide \
                    said Kirby would return.\n";
        let a = analyze(text, Format::Plain, &Settings::default());
        let (i, _) = entity_at(&a, text.find("Kirby's").unwrap()).unwrap();
        let edits = rename_edits(&a, i, "Jane Jones").unwrap();
        let out = crate::engine::apply_edits(text, &edits).unwrap();
        assert!(
            out.contains("Spokesperson Jane Jones spoke. Jones' aide said Jones would"),
            "{out}"
        );
        let edits = rename_edits(&a, i, "Ann Smith").unwrap();
        let out = crate::engine::apply_edits(text, &edits).unwrap();
        assert!(out.contains("Smith's aide said Smith would"), "{out}");
        assert!(rename_edits(&a, i, "  ").is_none());
    }

    #[test]
    fn places_are_not_renamed() {
        let a = seed();
        let (i, e) = entity_at(&a, SEED.find("Rafah").unwrap()).unwrap();
        assert_eq!(e.kind, EntityKind::Place);
        assert!(rename_edits(&a, i, "Gaza City").is_none());
    }
}
