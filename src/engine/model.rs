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

/// What kind of cue an attribution rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CueKind {
    /// A reporting verb with its subject: `Local health authorities report`, `said Kirby`.
    Verb,
    /// A phrase whose source follows: `according to the ministry`.
    SourceAfter,
    /// A document or count that is a source in itself: `a Gallup poll`, `in a statement`,
    /// `data from the bureau`.
    Document,
    /// `put the toll at`.
    Put,
    /// An attribution that names no one: `sources said`, `it is believed`, `is said to`.
    Vague,
    /// `reportedly`, `allegedly`: a hedge on an event. Vague, and attributes no figure.
    VagueAdverb,
}

/// Where the article sources something: a cue and, when named, who is cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    /// The attribution as it stands in the text (source and cue together).
    pub span: Span,
    /// Who is cited (`Local health authorities`), when named.
    pub source: Option<Span>,
    /// The reporting cue (`report`, `said`, `according to`).
    pub cue: Option<Span>,
    pub kind: CueKind,
    /// Names no one (`sources say`, `reportedly`): reported as `attribution.vague-source`.
    pub vague: bool,
    /// The part of its sentence the cue covers: after `Police said`, before `, police said.`
    pub content: Span,
}

/// How a figure came to be covered by an attribution (DOMAIN.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttributionScope {
    /// The cue is in the figure's own sentence.
    Sentence,
    /// The figure's sentence carries on the content of the previous sentence's attribution.
    PreviousSentence,
    /// The figure is inside a direct quote whose speaker is given.
    Quote,
}

/// What a figure counts, which decides how badly it needs a source.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FigureCategory {
    /// People killed, injured, arrested, displaced, sheltered, held hostage.
    Casualty,
    /// People gathered: protesters, marchers, a crowd, a turnout.
    Crowd,
    Money,
    /// Percentages and changes in points.
    Percent,
    /// Units of measure: acres, tons, miles.
    Measure,
    /// A count of some other thing (`four Hamas brigades`, `10 judges`).
    Count,
    /// A number with nothing counted after it.
    Other,
}

impl FigureCategory {
    pub fn as_str(&self) -> &'static str {
        match self {
            FigureCategory::Casualty => "casualty",
            FigureCategory::Crowd => "crowd",
            FigureCategory::Money => "money",
            FigureCategory::Percent => "percent",
            FigureCategory::Measure => "measure",
            FigureCategory::Count => "count",
            FigureCategory::Other => "other",
        }
    }
}

/// A quantity stated as fact (`1.4 million civilians`, `more than 760 civilians`, `12%`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The figure with its hedge, scale and unit: `more than 760`, `$3 billion`, `3.5 percent`.
    pub span: Span,
    /// The hedge inside `span` (`more than`), if any.
    pub hedge: Option<Span>,
    /// What is counted (`civilians`, `brigades`), when the words after the figure say.
    pub noun: Option<Span>,
    pub category: FigureCategory,
    pub attribution: Option<Attribution>,
    /// How `attribution` reaches the figure.
    pub attribution_scope: Option<AttributionScope>,
}
