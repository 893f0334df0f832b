//! What the extractors find in an article: entities with their mentions, figures with their
//! attribution. Checks read these; `copydesk analyze` prints them; the server builds hover
//! cards and symbols from them.

use super::finding::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Organization,
}

impl EntityKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organization => "organization",
        }
    }
}

/// One occurrence of an entity. The span covers the name only: not a title before it, not a
/// possessive `'s` after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub span: Span,
}

/// A person, place or organization, with every mention of it in the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub kind: EntityKind,
    /// The name as the article introduced it (`John Kirby`).
    pub name: String,
    /// The title or description as introduced (`National Security Council spokesperson`).
    pub title: Option<String>,
    /// Every mention of the name (`Kirby`, `John Kirby`, `Biden administration`'s `Biden`).
    pub mentions: Vec<Mention>,
    /// Phrases that stand for the person without naming them, by the title the article gave
    /// them (`the spokesperson`, `the prime minister`): the span covers the role words. Kept
    /// apart from `mentions` so name checks and name counts never see them.
    pub references: Vec<Mention>,
}

/// Where the article sources a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    /// The attribution as it stands in the text (source and cue together).
    pub span: Span,
    /// Who is cited (`Local health authorities`), when named.
    pub source: Option<Span>,
    /// The reporting cue (`report`, `said`, `according to`).
    pub cue: Option<Span>,
}

/// A quantity stated as fact (`1.4 million civilians`, `more than 760 civilians`, `12%`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    pub span: Span,
    pub attribution: Option<Attribution>,
}
