//! Names (DOMAIN.md §3): one person, one spelling and one first name; the full name once, then
//! the surname; no surname before the introduction; no bare surname two people share; courtesy
//! titles as the house has them; Chinese and Korean names surname first.
//!
//! False alarms cost more than misses, so every rule keeps to running text (the body, outside
//! quotes) and stands down where wire copy is right to differ: results lines and lists repeat
//! full names, relatives share surnames, a story written to a courtesy-title style uses them
//! throughout.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use super::people::{
    deletion_keys, gender_of, within_one_edit, Gender, HouseHit, HouseKey, PMention, People,
    Person, Surnames, Tk, Tokens,
};
use crate::engine::article::Role;
use crate::engine::lexicon::{FilteredMap, FxBuild};
use crate::engine::model::EntityKind;
use crate::engine::settings::{list_lines, CourtesyTitles, Settings, Style};
use crate::engine::text::{filed_under, with_lowercase, LetterMasks};
use crate::engine::{Check, Context, Finding, Fix, Rule, Severity, Span, TextEdit};
use crate::kb::{Case, KbView};

pub struct NamesCheck;

pub static RULES: &[Rule] = &[
    Rule {
        code: "names.variant",
        severity: Severity::Warning,
        summary: "One person spelled two ways in the story (`Netanyahu` … `Netanyau`), or a name \
                  in a spelling the house does not use (`Zelensky` in AP copy: `Zelenskyy`). The \
                  minority spelling is flagged, with a fix to the house form or to the spelling \
                  the story mostly uses.",
    },
    Rule {
        code: "names.first-name-mismatch",
        severity: Severity::Warning,
        summary: "A second first name with a surname already introduced (`Jake Sullivan` … \
                  `John Sullivan`), unless the story presents them as different people (a \
                  relative, a different title, both kept in full).",
    },
    Rule {
        code: "names.full-name-repeated",
        severity: Severity::Information,
        summary: "A later reference repeats the full name (and title) of someone already \
                  introduced: later references take the surname alone (NYT: `Mr.`/`Ms.` and \
                  the surname). Not reported in quotes, lists and results lines, or when two \
                  people share the surname.",
    },
    Rule {
        code: "names.title-repeated",
        severity: Severity::Information,
        summary: "A later reference repeats a formal title before the surname (`President \
                  Biden` after `President Joe Biden`): later references take the surname alone. \
                  Not reported in NYT style, which keeps titles on later references.",
    },
    Rule {
        code: "names.before-introduction",
        severity: Severity::Warning,
        summary: "A surname stands alone before the story introduces the person in full. \
                  Modifiers (`the Biden administration`, `Obama-era`), quotes, the headline and \
                  the deck are exempt.",
    },
    Rule {
        code: "names.ambiguous-surname",
        severity: Severity::Warning,
        summary: "A bare surname that two people in the story share (`Biden` with `Hunter \
                  Biden` and `Joe Biden` both mentioned nearby): keep first names on later \
                  references.",
    },
    Rule {
        code: "names.courtesy-title",
        severity: Severity::Warning,
        summary: "Courtesy titles against house style: AP, Reuters and the Guardian use none \
                  outside quotes (a story written throughout with them is left alone); the NYT \
                  uses `Mr.`/`Ms.` on later references (information, fixed only when the first \
                  name says which) and none with the full name. `[names] courtesy_titles`.",
    },
    Rule {
        code: "names.name-order",
        severity: Severity::Warning,
        summary: "A Chinese or Korean name referred to by its given name (`Jinping said`): the \
                  surname comes first and is the later reference (`Xi`, `Kim`, `Moon`).",
    },
    Rule {
        code: "names.cross-article-variant",
        severity: Severity::Warning,
        summary: "A person spelled differently in other articles of the workspace (`copydesk \
                  check DIR` and the language server); related information points at the other \
                  files. Reported on the spelling fewer files use.",
    },
];

impl Check for NamesCheck {
    fn name(&self) -> &'static str {
        "names"
    }

    fn rules(&self) -> &'static [Rule] {
        RULES
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let kb = cx.settings.kb();
        let mut built = None;
        let pp = People::of(cx, &mut built, &kb);
        let families = Families::from_settings(cx.settings);
        let unkept = UnkeptWords::read(&pp.tokens, cx.settings, families.as_ref());
        let r = Review {
            cx,
            pp,
            kb: &kb,
            families,
            unkept,
            by_surname: pp.by_surname(),
            names_per_block: names_per_block(pp),
            newlines: std::sync::OnceLock::new(),
        };
        // The passes read the same people and nothing of each other: on a long article the
        // variant pass, the longest, runs beside the others, their findings kept in order.
        let (variants, (house, referred)) = crate::engine::join(
            crate::engine::side_by_side(cx.article),
            || {
                let mut found = Vec::new();
                r.variants(&mut found);
                found
            },
            || {
                let mut house = Vec::new();
                r.house_spellings(&mut house);
                let mut found = Vec::new();
                r.first_names(&mut found);
                r.later_references(&mut found);
                r.before_introduction(&mut found);
                r.ambiguous(&mut found);
                r.courtesy(&mut found);
                r.name_order(&mut found);
                (house, found)
            },
        );
        out.extend(house);
        out.extend(variants);
        out.extend(referred);
    }
}

// --------------------------------------------------------------------- spelling families

/// Families of spellings of one name; the preferred form per preset.
pub struct Families {
    /// Each family: preferred forms for AP, Reuters, NYT, Guardian, then every spelling.
    families: Vec<([String; 4], Vec<String>)>,
    /// Family by spelling: looked up for every capitalized word, most of which a word's shape
    /// rules out before it is hashed.
    by_spelling: FilteredMap<usize>,
}

impl Families {
    fn builtin() -> &'static Families {
        static F: OnceLock<Families> = OnceLock::new();
        F.get_or_init(|| {
            let mut families = Vec::new();
            for line in list_lines(include_str!("../data/name_variants.tsv")) {
                let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
                if cols.len() < 4 {
                    continue;
                }
                let preferred = [0, 1, 2, 3].map(|i| cols[i].to_string());
                let mut all: Vec<String> = cols[..4].iter().map(|s| s.to_string()).collect();
                if let Some(more) = cols.get(4) {
                    all.extend(more.split_whitespace().map(str::to_string));
                }
                all.sort();
                all.dedup();
                families.push((preferred, all));
            }
            Families::index(families)
        })
    }

    fn index(families: Vec<([String; 4], Vec<String>)>) -> Families {
        let mut by_spelling: HashMap<String, usize, FxBuild> = HashMap::default();
        for (i, (_, all)) in families.iter().enumerate() {
            for s in all {
                by_spelling.entry(s.clone()).or_insert(i);
            }
        }
        Families {
            families,
            by_spelling: by_spelling.into(),
        }
    }

    /// The house's families from settings, each with its first spelling preferred everywhere.
    fn from_settings(settings: &Settings) -> Option<Families> {
        if settings.names.spellings.is_empty() {
            return None;
        }
        let families = settings
            .names
            .spellings
            .iter()
            .filter(|f| !f.is_empty())
            .map(|f| {
                let p = f[0].clone();
                ([p.clone(), p.clone(), p.clone(), p], f.clone())
            })
            .collect();
        Some(Families::index(families))
    }

    /// The preferred spelling of `word`'s family for `style`, when `word` belongs to one.
    fn preferred(&self, word: &str, style: Style) -> Option<&str> {
        let i = *self.by_spelling.get(word)?;
        let col = match style {
            Style::Ap => 0,
            Style::Reuters => 1,
            Style::Nyt => 2,
            Style::Guardian => 3,
        };
        Some(self.families[i].0[col].as_str())
    }

    fn same_family(&self, a: &str, b: &str) -> bool {
        matches!((self.by_spelling.get(a), self.by_spelling.get(b)), (Some(x), Some(y)) if x == y)
    }
}

/// The preferred spelling of a word for the house: configured families first, then built-in.
fn house_preferred<'s>(
    word: &str,
    settings: &'s Settings,
    own: Option<&'s Families>,
) -> Option<String> {
    if let Some(p) = own.and_then(|f| f.preferred(word, settings.style)) {
        return Some(p.to_string());
    }
    Families::builtin()
        .preferred(word, settings.style)
        .map(str::to_string)
}

/// The house's preferred spelling of a name in a spelling family, if it is in one.
pub(crate) fn house_preferred_spelling(word: &str, settings: &Settings) -> Option<String> {
    let own = Families::from_settings(settings);
    house_preferred(word, settings, own.as_ref())
}

/// Are two spellings of one built-in family (`Gadhafi`, `Qaddafi`)?
pub(crate) fn same_family(a: &str, b: &str) -> bool {
    Families::builtin().same_family(a, b)
}

/// Where a spelling stands: (token, the spelling as written).
type Occurrences<'a> = Vec<(usize, &'a str)>;

/// The words of a paragraph the variant pass looks up, with their lowercase texts one after
/// another in one string (a paragraph's capitalized words are many; a string each cost more
/// than reading them). Made once with the paragraph's memo.
#[derive(Debug, Default)]
pub(crate) struct VariantWords {
    words: Vec<VariantWord>,
    lowered: String,
}

/// A word the variant pass looks up, and where its lowercase text ends in
/// [`VariantWords::lowered`] (it starts where the word before's ends).
#[derive(Debug)]
struct VariantWord {
    at: WordAt,
    lower_end: u32,
}

impl VariantWords {
    /// The word at `index` in lowercase.
    fn lower(&self, index: usize) -> Option<&str> {
        let end = self.words.get(index)?.lower_end as usize;
        let start = index
            .checked_sub(1)
            .map_or(0, |before| self.words[before].lower_end as usize);
        self.lowered.get(start..end)
    }
}

/// Where a word the variant pass looks up stands, relative to its paragraph (its token's index
/// from the paragraph's first, the word's offset from the paragraph's start and its length,
/// without a possessive), and the hash of the word as written: all that the pass reads of a
/// word already met, kept packed so that a long story's walk reads no token or word list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordAt {
    token: u32,
    start: u32,
    len: u32,
    /// Its place in the paragraph's list of [`VariantWord`]s.
    index: u32,
    hash: u64,
}

/// A word keyed by the hash its [`WordAt`] carries: a probe hashes eight bytes, not the word.
struct Keyed<'a> {
    hash: u64,
    word: &'a str,
}

impl std::hash::Hash for Keyed<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Keyed<'_> {
    fn eq(&self, other: &Self) -> bool {
        // The hash is the word's: equal words have equal hashes.
        self.word == other.word
    }
}

impl Eq for Keyed<'_> {}

/// The words of a paragraph's tokens the variant pass looks up, each with its lowercase text:
/// capitalized words outside the byline, not all capitals, of four characters or more and
/// without a dot. Indices are into `toks`.
fn variant_words(toks: &Tokens<'_>, range: std::ops::Range<usize>, at: usize) -> VariantWords {
    let mut out = VariantWords::default();
    out.read(toks, range, at);
    out
}

impl VariantWords {
    /// Appends the words of a paragraph's tokens `range`, the paragraph starting at `at` (see
    /// [`variant_words`]).
    fn read(&mut self, toks: &Tokens<'_>, range: std::ops::Range<usize>, at: usize) {
        let from = range.start;
        for (i, t) in toks.capitalized_words(range) {
            self.take(i - from, &t, at);
        }
    }

    /// Appends capitalized word `t`, token `ti` of the paragraph starting at `at`, if it is one
    /// the variant pass looks up. Each word's place counts from the first word of `self`, so
    /// words of several paragraphs can share one list.
    #[inline]
    fn take(&mut self, ti: usize, t: &Tk<'_>, at: usize) {
        if t.upper || t.role == Role::Byline {
            return;
        }
        let word = t.bare();
        // Under four characters (a character is four bytes at most).
        let short = word.len() < 4 || word.len() < 16 && word.chars().count() < 4;
        if short || word.contains('.') {
            return;
        }
        let Ok(start) = u32::try_from(t.span.start - at) else {
            return;
        };
        if self.words.is_empty() {
            // Room for a paragraph's usual few names at once, not grown from eight bytes
            // (a paragraph with none allocates nothing; the server keeps these per
            // paragraph, so not much more).
            self.words.reserve(4);
            self.lowered.reserve(48);
        }
        let lower_start = self.lowered.len();
        if word.is_ascii() {
            self.lowered.push_str(word);
            self.lowered[lower_start..].make_ascii_lowercase();
        } else {
            self.lowered.push_str(&word.to_lowercase());
        }
        let Ok(lower_end) = u32::try_from(self.lowered.len()) else {
            return;
        };
        self.words.push(VariantWord {
            at: WordAt {
                token: ti as u32,
                start,
                len: word.len() as u32,
                index: self.words.len() as u32,
                hash: crate::engine::lexicon::fx_hash(word),
            },
            lower_end,
        });
    }
}

/// The house-spelling hit of capitalized word `t`, token `ti` of its paragraph: a name in a
/// spelling family, where it stands in the token, and the house's form of it.
#[inline]
fn house_hit(
    ti: usize,
    t: &Tk<'_>,
    settings: &Settings,
    own: Option<&Families>,
) -> Option<HouseHit> {
    if t.upper && t.text.chars().count() > 1 {
        return None;
    }
    let (name, offset) = strip_particle(t.bare());
    let preferred = house_preferred(name, settings, own)?;
    Some((
        ti as u32,
        offset as u32,
        name.len() as u32,
        preferred.into_boxed_str(),
    ))
}

/// What the two spelling passes read of the paragraphs no memo keeps (every paragraph outside
/// the server), found in one walk of their capitalized words: the variant pass's words and the
/// house-spelling hits, each in one list (a list a paragraph cost an allocation or two each),
/// with where each paragraph's part ends.
#[derive(Default)]
struct UnkeptWords {
    caps: VariantWords,
    caps_ends: Vec<usize>,
    house: Vec<HouseHit>,
    house_ends: Vec<usize>,
}

impl UnkeptWords {
    fn read(toks: &Tokens<'_>, settings: &Settings, own: Option<&Families>) -> UnkeptWords {
        let mut out = UnkeptWords::default();
        for (range, at, memo) in toks.names_memos() {
            if memo.is_some() {
                continue;
            }
            let from = range.start;
            for (i, t) in toks.capitalized_words(range) {
                out.caps.take(i - from, &t, at);
                out.house.extend(house_hit(i - from, &t, settings, own));
            }
            out.caps_ends.push(out.caps.words.len());
            out.house_ends.push(out.house.len());
        }
        out
    }
}

/// `al-Zawahiri` → (`Zawahiri`, offset 3): a name's particle prefix does not change its family.
fn strip_particle(word: &str) -> (&str, usize) {
    // Every particle has a hyphen third: most words are out at one byte.
    if word.as_bytes().get(2) != Some(&b'-') {
        return (word, 0);
    }
    for p in ["al-", "Al-", "el-", "El-"] {
        if let Some(rest) = word.strip_prefix(p) {
            if rest.starts_with(char::is_uppercase) {
                return (rest, p.len());
            }
        }
    }
    (word, 0)
}

// ------------------------------------------------------------------------------- review

struct Review<'a> {
    cx: &'a Context<'a>,
    pp: &'a People<'a>,
    kb: &'a KbView<'a>,
    /// The house's own spelling families, from the settings.
    families: Option<Families>,
    /// The capitalized words of paragraphs no memo keeps, read once for both spelling passes.
    unkept: UnkeptWords,
    by_surname: HashMap<String, Vec<usize>, FxBuild>,
    /// Per paragraph: mentions by surname alone of people introduced in an earlier
    /// paragraph, and mentions by full name (see `in_surname_list`).
    names_per_block: Vec<(u32, u32)>,
    /// Where the text's line breaks are, found on the first finding that names a line.
    newlines: std::sync::OnceLock<Vec<usize>>,
}

fn style_name(style: Style) -> &'static str {
    match style {
        Style::Ap => "AP",
        Style::Reuters => "Reuters",
        Style::Nyt => "NYT",
        Style::Guardian => "Guardian",
    }
}

/// A fix that is most likely right but changes a name: offered first, never applied by
/// `--fix` on its own.
fn likely_fix(title: String, span: Span, new_text: &str) -> Fix {
    Fix {
        title,
        edits: vec![TextEdit::replace(span, new_text)],
        safe: false,
        preferred: true,
    }
}

/// Per paragraph, how its people are named: (by surname alone, people introduced in an
/// earlier paragraph; by full name).
fn names_per_block(pp: &People<'_>) -> Vec<(u32, u32)> {
    let toks = &pp.tokens;
    let mut out = vec![(0, 0); toks.blocks()];
    for p in pp.people.iter().filter(|p| p.has_full_name()) {
        let intro_block = p.named_in_full().map(|m| toks.block_of(m.first_tok));
        for m in &p.mentions {
            let block = toks.block_of(m.first_tok);
            let Some(e) = out.get_mut(block) else {
                continue;
            };
            if m.words >= 2 {
                e.1 += 1;
            } else if intro_block.is_some_and(|b| b < block) {
                e.0 += 1;
            }
        }
    }
    out
}

impl<'a> Review<'a> {
    fn text(&self) -> &'a str {
        self.cx.article.text.as_str()
    }

    fn tokens(&self) -> &'a Tokens<'a> {
        &self.pp.tokens
    }

    fn line_of(&self, offset: usize) -> usize {
        let newlines = self
            .newlines
            .get_or_init(|| memchr::memchr_iter(b'\n', self.text().as_bytes()).collect());
        newlines.partition_point(|&n| n < offset) + 1
    }

    /// A list or results line that names people introduced earlier by surname alone
    /// (`Given, Breen, Staunton, Irwin`, `Penalties: Honiball (2), Joubert (3)`): a full name
    /// in it, other than `m`, breaks the list's own convention. Lists that give full names
    /// throughout (results, line-ups), and the full name leading a table's line, are left
    /// alone.
    fn in_surname_list(&self, m: &PMention) -> bool {
        let toks = self.tokens();
        let block = toks.block_of(m.first_tok);
        // A line led by a full name is an entry of a table (a scorecard's batsman, a
        // finisher): the names after it are the references.
        let from = m
            .title
            .as_ref()
            .and_then(|t| self.tokens().at(t.start))
            .unwrap_or(m.first_tok);
        let leads = toks
            .iter(0..from)
            .rev()
            .take_while(|t| t.block == block)
            .all(|t| !t.word);
        if leads {
            return false;
        }
        let (bare, full) = self.names_per_block.get(block).copied().unwrap_or((0, 0));
        let full_others = full.saturating_sub(u32::from(m.words >= 2));
        bare >= 1 && bare >= full_others
    }

    /// Names of a spelling family written other than the house way (`Zelensky` in AP). When
    /// the story mixes spellings, each off-house one is flagged; when it keeps to another
    /// house's spelling throughout, one finding at the first carries a fix for all of them.
    fn house_spellings(&self, out: &mut Vec<Finding>) {
        let settings = self.cx.settings;
        let own = self.families.as_ref();
        // Per preferred form: every occurrence of the family (span, spelling).
        let mut families: Vec<(String, Vec<(Span, String)>)> = Vec::new();
        let toks = self.tokens();
        // A paragraph's hits depend on its tokens and the settings alone: a cached paragraph
        // keeps them, with the settings they were found under.
        let hits_in = |range: std::ops::Range<usize>| -> Vec<HouseHit> {
            let from = range.start;
            (toks.capitalized_words(range))
                .filter_map(|(i, t)| house_hit(i - from, &t, settings, own))
                .collect()
        };
        let key: HouseKey = (settings.style, settings.names.spellings.clone());
        let mut add = |first: usize, hits: &[HouseHit]| {
            for (ti, offset, len, preferred) in hits {
                let t = toks.get(first + *ti as usize);
                let start = t.span.start + *offset as usize;
                let span = Span::new(start, start + *len as usize);
                let name = &t.text[*offset as usize..*offset as usize + *len as usize];
                match families.iter_mut().find(|(p, _)| **p == **preferred) {
                    Some((_, occ)) => occ.push((span, name.to_string())),
                    None => families.push((preferred.to_string(), vec![(span, name.to_string())])),
                }
            }
        };
        let mut unkept_ends = self.unkept.house_ends.iter();
        let mut unkept_start = 0;
        for (range, _, memo) in self.tokens().names_memos() {
            let first = range.start;
            match memo {
                Some(memo) => match memo.house.get(|k| *k == key) {
                    Some(hits) => add(first, &hits),
                    None => {
                        let hits = hits_in(range);
                        add(first, &hits);
                        memo.house.keep(key.clone(), hits);
                    }
                },
                None => {
                    let end = unkept_ends.next().copied().unwrap_or(unkept_start);
                    add(first, &self.unkept.house[unkept_start..end]);
                    unkept_start = end;
                }
            }
        }
        let style = style_name(settings.style);
        for (preferred, occ) in families {
            let off: Vec<&(Span, String)> = occ.iter().filter(|(_, n)| *n != preferred).collect();
            let Some(first) = off.first() else { continue };
            if off.len() < occ.len() {
                for (span, name) in &off {
                    out.push(
                        Finding::new(
                            "names.variant",
                            Severity::Warning,
                            *span,
                            format!("`{name}`: {style} style spells this name `{preferred}`"),
                        )
                        .with_fix(Fix::replace(
                            format!("Spell it `{preferred}`"),
                            *span,
                            &preferred,
                        )),
                    );
                }
                continue;
            }
            let (span, name) = first;
            let n = off.len();
            let mut f = Finding::new(
                "names.variant",
                Severity::Warning,
                *span,
                format!(
                    "`{name}`: {style} style spells this name `{preferred}`{}",
                    if n > 1 {
                        format!(" ({n} times in the story)")
                    } else {
                        String::new()
                    }
                ),
            );
            f = f.with_fix(Fix {
                title: format!("Spell it `{preferred}` throughout"),
                edits: off
                    .iter()
                    .map(|(s, _)| TextEdit::replace(*s, &preferred))
                    .collect(),
                safe: true,
                preferred: true,
            });
            out.push(f);
        }
    }

    /// One person spelled two ways within the story. Neighbours within one edit are found
    /// through deletion keys (a hash map), so the cost stays linear in the text.
    fn variants(&self, out: &mut Vec<Finding>) {
        let toks = self.tokens();
        let settings = self.cx.settings;
        let own = self.families.as_ref();
        // People introduced in full, by lowercased last word of the surname, in order: looked
        // up for every capitalized word of the article, so built once (a scan of all people
        // per word made a book-length article quadratic).
        let people = &self.pp.people;
        let full_names = people.iter().filter(|p| p.has_full_name()).count();
        let mut owners: HashMap<String, Vec<usize>, FxBuild> =
            HashMap::with_capacity_and_hasher(full_names, FxBuild::default());
        for (pi, p) in people.iter().enumerate() {
            if p.has_full_name() {
                owners
                    .entry(last_word(&p.surname).to_lowercase())
                    .or_default()
                    .push(pi);
            }
        }
        // Surnames of people introduced in full; short ones have too many neighbours.
        let near_able = |pi: usize| {
            let s = last_word(&people[pi].surname);
            s.chars().count() >= 4 && !s.contains(['.', '-'])
        };
        // (deletion key, person), sorted by key: one list, not a list per key in a map. Many
        // people share a surname (a family, a long story): its keys are made once.
        let mut index: Vec<(u64, usize)> = Vec::new();
        let mut near_surnames: Vec<&str> = Vec::new();
        for (ls, owning) in &owners {
            let mut keys = None;
            for &pi in owning.iter().filter(|&&pi| near_able(pi)) {
                let keys = keys.get_or_insert_with(|| deletion_keys(ls));
                index.extend(keys.iter().map(|&k| (k, pi)));
            }
            if keys.is_some() {
                near_surnames.push(ls);
            }
        }
        if index.is_empty() {
            return;
        }
        index.sort_unstable();
        // The letters of each surname: a word whose letters differ from every one's by more
        // than one removed and one added is near no one, and its keys are not made.
        let masks = LetterMasks::of(near_surnames.into_iter());
        // Words the story writes in lowercase are common words, not misspelt names.
        let lower_words = &self.tokens().lowercase;
        // Spans of places and organizations: a name inside one is not a person's. Gathered
        // when a near spelling first needs them (most keystrokes meet none).
        let other_spans: std::cell::OnceCell<Vec<Span>> = std::cell::OnceCell::new();
        let in_other = |s: Span| {
            let other_spans = other_spans.get_or_init(|| {
                let mut spans: Vec<Span> = self
                    .cx
                    .entities
                    .iter()
                    .filter(|e| e.kind != EntityKind::Person)
                    .flat_map(|e| e.mentions.iter().map(|m| m.span))
                    .collect();
                // Equal spans are alike: an unstable sort orders them the same.
                spans.sort_unstable();
                spans
            });
            let i = other_spans.partition_point(|o| o.end <= s.start);
            other_spans[i..]
                .iter()
                .take_while(|o| o.start < s.end)
                .any(|o| o.overlaps(s))
        };
        // Occurrences of each spelling, per person: (token, spelling). A surname as written
        // counts for everyone who shares it, so its occurrences are kept once, by surname
        // (`by_surname`), and each person's own list holds only the near spellings taken for
        // them; `order` is the order in which people first had an occurrence.
        let mut near: Vec<Occurrences<'_>> = vec![Vec::new(); self.pp.people.len()];
        let mut order: Vec<usize> = Vec::new();
        let mut listed = vec![false; self.pp.people.len()];
        // Per word in lowercase, what it is: a surname of people introduced in full (the
        // number of its list of occurrences in `surname_occ`), or a word with the people whose
        // surname it is one edit from. A word comes back many times in a long story: it is
        // looked up once, and each occurrence finds it with one probe of its hash, made when
        // its paragraph was read.
        enum Seen<'w> {
            Surname(usize),
            /// The word in lowercase, and the people whose surname it is one edit from.
            Near(&'w str, Vec<usize>),
        }
        let mut seen_words: HashMap<Keyed<'_>, Seen, FxBuild> = HashMap::default();
        // Per surname met: the surname, its people, its occurrences.
        let mut surname_occ: Vec<(&str, &[usize], Occurrences<'_>)> = Vec::new();
        // The words looked up, each with its lowercase text: a cached paragraph keeps them;
        // those of paragraphs read for this analysis alone were read with the review.
        let memos: Vec<_> = self.tokens().names_memos().collect();
        let owned = &self.unkept.caps;
        // Room for every word read (the distinct ones are fewer): the map is not grown step by
        // step, rehashing as it goes.
        seen_words.reserve(owned.words.len());
        // Each surname's list of occurrences in `surname_occ`, by the surname in lowercase.
        let mut surname_slots: HashMap<&str, usize, FxBuild> = HashMap::default();
        let prose = toks.prose();
        let mut owned_ends = self.unkept.caps_ends.iter().copied();
        let mut owned_start = 0;
        // What decides which words matter (see `NamesMemo::surname_hits`): shared with the
        // paragraphs' memos once one is found to hold the same, so the rest compare pointers.
        let mut surnames: Surnames = {
            let mut words: Vec<&str> = (self.pp.people.iter())
                .filter(|p| p.has_full_name())
                .map(|p| last_word(&p.surname))
                .collect();
            words.sort_unstable();
            words.dedup();
            words.into_iter().map(Box::from).collect()
        };
        // The walk, in a block: what its closure borrows is free again after it.
        {
            // Looks up one word; says whether it is a surname or near one. Its word is `at` in
            // the paragraph starting at `from`, whose first token is `first` and whose words
            // are `caps` (read only for a word not met before: its lowercase text).
            // `seen_words` keeps what it is keyed by, so the closure must be told that the
            // words outlive it.
            fn outliving<'w>(
                f: impl FnMut(usize, usize, WordAt, &'w VariantWords) -> bool,
            ) -> impl FnMut(usize, usize, WordAt, &'w VariantWords) -> bool {
                f
            }
            let mut visit = outliving(|first, from, at: WordAt, caps: &VariantWords| -> bool {
                let ti = first + at.token as usize;
                let start = from + at.start as usize;
                let word = prose.get(start..start + at.len as usize).unwrap_or("");
                let keyed = Keyed {
                    hash: at.hash,
                    word,
                };
                let seen = match seen_words.get(&keyed) {
                    Some(seen) => seen,
                    None => {
                        let Some(lw) = caps.lower(at.index as usize) else {
                            return false;
                        };
                        let seen = match owners.get_key_value(lw) {
                            Some((key, people)) => {
                                let k = *surname_slots.entry(key.as_str()).or_insert_with(|| {
                                    surname_occ.push((key.as_str(), people, Vec::new()));
                                    surname_occ.len() - 1
                                });
                                Seen::Surname(k)
                            }
                            None if !masks.may_be_near(lw) => Seen::Near(lw, Vec::new()),
                            None => {
                                let mut cands: Vec<usize> = deletion_keys(lw)
                                    .iter()
                                    .flat_map(|&d| filed_under(&index, d))
                                    .collect();
                                cands.sort_unstable();
                                cands.dedup();
                                Seen::Near(lw, cands)
                            }
                        };
                        seen_words.entry(keyed).or_insert(seen)
                    }
                };
                let cands = match seen {
                    // A surname of someone introduced in full.
                    Seen::Surname(k) => {
                        let (_, people, occ) = &mut surname_occ[*k];
                        if occ.is_empty() {
                            for &pi in people.iter() {
                                if !std::mem::replace(&mut listed[pi], true) {
                                    order.push(pi);
                                }
                            }
                        }
                        occ.push((ti, word));
                        return true;
                    }
                    // Most capitalized words are near no one's surname.
                    Seen::Near(_, cands) if cands.is_empty() => return false,
                    Seen::Near(lw, cands) => (*lw, cands),
                };
                let (lw, cands) = cands;
                let t = toks.get(ti);
                for &pi in cands.iter() {
                    let p = &self.pp.people[pi];
                    let s = last_word(&p.surname);
                    let same_initial = match (s.chars().next(), lw.chars().next()) {
                        (Some(a), Some(b)) => a.to_lowercase().eq([b]),
                        (a, b) => a == b,
                    };
                    let misspelt = |ls: &str| {
                        // In quotes a longer or shorter form is a nickname (`"Bolesy told
                        // me"`); only a letter changed or swapped is a misspelling there.
                        within_one_edit(lw, ls)
                            && !(t.quoted && lw.chars().count() != ls.chars().count())
                            // `Clintons`, `Republican`/`Republicans`: a plural, not a spelling.
                            && lw.strip_suffix('s') != Some(ls)
                            && ls.strip_suffix('s') != Some(lw)
                    };
                    if !same_initial || !with_lowercase(s, misspelt) {
                        continue;
                    }
                    if Families::builtin().same_family(word, s)
                        || own.is_some_and(|f| f.same_family(word, s))
                    {
                        continue; // the house-spelling rule speaks for families
                    }
                    if self.is_other_word(ti, word, lower_words, p) || in_other(t.span) {
                        continue;
                    }
                    if !std::mem::replace(&mut listed[pi], true) {
                        order.push(pi);
                    }
                    near[pi].push((ti, word));
                }
                true
            });
            for (range, from, memo) in memos {
                let first = range.start;
                let Some(memo) = memo else {
                    let end = owned_ends.next().unwrap_or(owned_start);
                    for vw in &owned.words[owned_start..end] {
                        visit(first, from, vw.at, owned);
                    }
                    owned_start = end;
                    continue;
                };
                let caps: &VariantWords =
                    memo.caps.get_or_init(|| variant_words(toks, range, from));
                let kept = memo.surname_hits.get(|under| {
                    if Arc::ptr_eq(under, &surnames) {
                        true
                    } else if **under == *surnames {
                        surnames = under.clone();
                        true
                    } else {
                        false
                    }
                });
                match kept {
                    Some(hits) => {
                        // A hit is read from its `WordAt` alone; its lowercase text only if
                        // no word before it was written the same.
                        for &at in hits.iter() {
                            visit(first, from, at, caps);
                        }
                    }
                    None => {
                        let hits = caps
                            .words
                            .iter()
                            .filter(|vw| visit(first, from, vw.at, caps))
                            .map(|vw| vw.at)
                            .collect();
                        memo.surname_hits.keep(surnames.clone(), hits);
                    }
                }
            }
        }
        let by_surname: HashMap<&str, Occurrences<'_>, FxBuild> = surname_occ
            .into_iter()
            .map(|(key, _, occ)| (key, occ))
            .collect();
        // Whether each surname is written one way throughout.
        let one_way: HashMap<&str, bool, FxBuild> = by_surname
            .iter()
            .map(|(k, occ)| (*k, occ.iter().all(|(_, w)| *w == occ[0].1)))
            .collect();
        // People in the order a map filled as occurrences came would list them (findings at
        // one place for two people keep that order).
        let mut seen: HashMap<usize, Vec<(usize, &str)>, FxBuild> = HashMap::default();
        for &pi in &order {
            seen.insert(pi, Vec::new());
        }
        for (pi, _) in seen {
            let key = last_word(&self.pp.people[pi].surname).to_lowercase();
            let shared = by_surname.get(key.as_str()).map_or(&[][..], |o| &o[..]);
            let own_near = &near[pi];
            // One spelling throughout: nothing to count.
            if own_near.is_empty() && one_way.get(key.as_str()).copied().unwrap_or(true) {
                continue;
            }
            // The person's occurrences in text order: the surname's and their near spellings.
            let mut occ: Vec<(usize, &str)> = Vec::with_capacity(shared.len() + own_near.len());
            let (mut a, mut b) = (0, 0);
            while a < shared.len() || b < own_near.len() {
                if b == own_near.len() || a < shared.len() && shared[a].0 < own_near[b].0 {
                    occ.push(shared[a]);
                    a += 1;
                } else {
                    occ.push(own_near[b]);
                    b += 1;
                }
            }
            if occ.iter().all(|(_, w)| *w == occ[0].1) {
                continue;
            }
            let p = &self.pp.people[pi];
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for (_, w) in &occ {
                *counts.entry(*w).or_default() += 1;
            }
            if counts.len() < 2 {
                continue;
            }
            let introduced = last_word(&p.surname);
            // The house form wins; then the spelling used most; a tie goes to the introduction.
            let governing = counts
                .keys()
                .find(|w| house_preferred(w, settings, own).as_deref() == Some(**w))
                .copied()
                .unwrap_or_else(|| {
                    counts
                        .iter()
                        .max_by_key(|(w, n)| (**n, **w == introduced))
                        .map(|(w, _)| *w)
                        .unwrap_or(introduced)
                });
            let first_governing = occ
                .iter()
                .find(|(_, w)| *w == governing)
                .map(|(ti, _)| toks.get(*ti).span);
            for (ti, w) in &occ {
                if *w == governing {
                    continue;
                }
                let t = toks.get(*ti);
                let span = Span::new(t.span.start, t.span.start + w.len());
                let mut f = Finding::new(
                    "names.variant",
                    Severity::Warning,
                    span,
                    format!(
                        "`{w}` is spelled `{governing}` elsewhere in the story ({} time{}): one \
                         person, one spelling",
                        counts[governing],
                        if counts[governing] == 1 { "" } else { "s" }
                    ),
                )
                .with_fix(likely_fix(
                    format!("Spell it `{governing}`"),
                    span,
                    governing,
                ));
                if let Some(g) = first_governing {
                    f = f.with_related(g, format!("`{governing}` here"));
                }
                out.push(f);
            }
        }
    }

    /// Is the word near a surname something else: a surname, place, organization or common
    /// word of its own, or part of another person's name?
    fn is_other_word(
        &self,
        ti: usize,
        word: &str,
        lower_words: &super::people::LowerWords<'_>,
        person: &Person,
    ) -> bool {
        let kb = self.kb;
        let toks = self.tokens();
        // A rare census surname (`Brennen`, under 2 in 100,000) beside an introduced one
        // (`Brennan`) is likelier the slip than a second family.
        let common = |lower: &str| {
            lower_words.contains(lower)
                || crate::engine::entities::is_common_word(lower)
                || super::people::titles().formal.contains_key(lower)
        };
        if with_lowercase(word, common)
            || kb.surname(word).is_some_and(|f| f.per_100k >= 2)
            || kb.is_place_name(word)
            || kb.organization(word, Case::Sensitive).is_some()
            || kb.first_name(word).is_some_and(|f| f.male + f.female >= 20)
        {
            return true;
        }
        // `Smiht Corp.`, `Osama bin Laden`: a longer name is another name.
        if let Some(n) = self.tokens().next(ti) {
            let next = toks.get(n);
            let particle = matches!(
                next.lower,
                "bin" | "ibn" | "de" | "van" | "von" | "al" | "el" | "da" | "di" | "del"
            );
            if next.word && (next.cap || particle) {
                return true;
            }
        }
        // `Ann Smiht` beside `John Smith`: another person; `John Smiht` is the same one.
        if let Some(p) = self.tokens().prev(ti) {
            let prev = toks.get(p);
            if prev.word && prev.cap {
                let is_title = super::people::titles().formal.contains_key(prev.lower)
                    || super::people::titles().courtesy.contains(prev.lower);
                if !is_title && kb.first_name(prev.bare()).is_some() {
                    return person
                        .first
                        .as_deref()
                        .is_some_and(|f| !f.eq_ignore_ascii_case(prev.bare()));
                }
            }
        }
        false
    }

    /// `Jake Sullivan` … `John Sullivan`: a second first name for a surname already introduced.
    fn first_names(&self, out: &mut Vec<Finding>) {
        let mut groups: Vec<&Vec<usize>> =
            self.by_surname.values().filter(|g| g.len() > 1).collect();
        groups.sort_by_key(|g| g.first().copied());
        for group in groups {
            let mut ps: Vec<&Person> = group.iter().map(|&i| &self.pp.people[i]).collect();
            ps.sort_by_key(|p| p.mentions.first().map(|m| m.span.start));
            let base = ps[0];
            let (Some(base_first), Some(base_intro)) =
                (base.first.as_deref(), base.mentions.first())
            else {
                continue;
            };
            for other in &ps[1..] {
                let Some(first) = other.first.as_deref() else {
                    continue;
                };
                let Some(m) = other.named_in_full() else {
                    continue;
                };
                // In quotes too: a first name is a fact, not a matter of style.
                if m.role != Role::Body || compatible_first_names(base_first, first) {
                    continue;
                }
                // Lists, line-ups and results put many people side by side, unless the list
                // names people by surname alone.
                if !self.tokens().is_prose_sentence(m.first_tok) && !self.in_surname_list(m) {
                    continue;
                }
                // `Van Poppel` after `Todd Van Poppel`, `Suu Kyi` after `Aung San Suu Kyi`.
                if ends_with_words(&base.name, &other.name)
                    || ends_with_words(&other.name, &base.name)
                {
                    continue;
                }
                if self.introduced_as_different(base, other) {
                    continue;
                }
                let first_span = Span::new(m.span.start, m.span.start + first.len());
                let mut f = Finding::new(
                    "names.first-name-mismatch",
                    Severity::Warning,
                    m.span,
                    format!(
                        "`{}`: the story introduced {} as `{}` {}; same person?",
                        m.text,
                        base.surname,
                        base.name,
                        self.where_(base_intro.span.start)
                    ),
                )
                .with_related(base_intro.span, format!("`{}` introduced here", base.name));
                if first_span.text(self.text()) == first {
                    f = f.with_fix(
                        likely_fix(format!("Use `{base_first}`"), first_span, base_first)
                            .unsafe_choice(),
                    );
                }
                out.push(f);
            }
        }
    }

    fn where_(&self, offset: usize) -> String {
        format!("on line {}", self.line_of(offset))
    }

    /// Does the story present two people who share a surname as different people?
    fn introduced_as_different(&self, a: &Person, b: &Person) -> bool {
        let kb = self.kb;
        // A person the knowledge base knows under this very name is a real, separate person
        // (`Bill Clinton`, `Andrew Jackson`), not a slip of the first name.
        // `George W. Bush` is the knowledge base's `George Bush`: a middle name or initial
        // left out, the first name and surname still say who.
        let known = |p: &Person| {
            kb.person(&p.name, Case::Sensitive)
                .or_else(|| {
                    let first = p.first.as_deref()?.split_whitespace().next()?;
                    // Most names are just the two: no other name to look up.
                    let just_two = (p.name.strip_prefix(first))
                        .and_then(|rest| rest.strip_prefix(' '))
                        .is_some_and(|rest| rest == p.surname);
                    if just_two {
                        return None;
                    }
                    kb.person(&format!("{first} {}", p.surname), Case::Sensitive)
                })
                .map(|k| k.name.clone())
        };
        match (known(a), known(b)) {
            (Some(x), Some(y)) if x != y => return true,
            (Some(_), None) | (None, Some(_)) => return true,
            _ => {}
        }
        // Initials on both sides: a scorecard (`M. Waugh`, `S. Waugh`).
        let initial = |p: &Person| p.first.as_deref().is_some_and(|f| f.ends_with('.'));
        if initial(a) && initial(b) {
            return true;
        }
        // Each introduced with a title or description, and not the same one.
        let title = |p: &Person| {
            p.named_in_full()
                .and_then(|m| m.title.as_ref().map(|t| t.phrase.clone()))
        };
        match (title(a), title(b)) {
            (Some(x), Some(y)) if x != y => return true,
            // A formal title on the second name only: the story introduces someone new.
            (None, Some(_)) => {
                let formal = b
                    .named_in_full()
                    .and_then(|m| m.title.as_ref())
                    .is_some_and(|t| t.formal);
                if formal {
                    return true;
                }
            }
            _ => {}
        }
        // Both kept in full after both were introduced: the writer is telling them apart.
        let full_count = |p: &Person| p.mentions.iter().filter(|m| m.words >= 2).count();
        if full_count(a) >= 2 && full_count(b) >= 2 {
            return true;
        }
        // A family word near either introduction (`his son Hunter Biden`, `Mark and Steve
        // Waugh`, `no relation`).
        [a, b].iter().any(|p| {
            p.mentions
                .iter()
                .filter(|m| m.words >= 2)
                .take(2)
                .any(|m| self.family_word_near(m))
        })
    }

    fn family_word_near(&self, m: &PMention) -> bool {
        let toks = self.tokens();
        let s = toks.get(m.first_tok).sentence;
        let from = m.first_tok.saturating_sub(12);
        let to = (m.last_tok + 8).min(toks.len());
        // `Mark and Steve Waugh`, `George Bush and Laura Bush`: two first names sharing one
        // surname (not `Andreas Heraf and Robert Ferguson`).
        let surname = m.text.split_whitespace().last().unwrap_or("");
        let pair = self.tokens().prev(m.first_tok).is_some_and(|p| {
            matches!(toks.get(p).text, "and" | "&")
                && self.tokens().prev(p).is_some_and(|q| {
                    toks.get(q).cap
                        && (toks.get(q).bare() == surname
                            || self.kb.first_name(toks.get(q).bare()).is_some()
                                && !self.tokens().prev(q).is_some_and(|r| toks.get(r).cap))
                })
        });
        // The sentence and the one before it (`…and his father, Rafael. Trump accused Rafael
        // Cruz…`). A family word in a name (`A.G. Edwards & Sons`, a slogan's `Kids in Back`)
        // says nothing, nor does one that belongs to no one (`Two children in Sakai died`,
        // `the father of the family`): only someone's relative counts (`his son`, `Biden's
        // wife`, `wife of`, `no relation`).

        pair || (from..to).any(|i| {
            let t = toks.get(i);
            t.word
                && (t.sentence == s || t.sentence + 1 == s)
                && (!t.cap || t.first)
                && is_family_word(t.bare().to_lowercase().as_str())
                && self.owned_relation(i)
        })
    }

    /// Is the family word at `i` somebody's (`his sons`, `Biden's son`, `son of`, `married`,
    /// `no relation`)?
    fn owned_relation(&self, i: usize) -> bool {
        let toks = self.tokens();
        let word = toks.get(i).lower;
        if matches!(word, "relation" | "related" | "relative" | "married") {
            return true;
        }
        // The owner may stand one word off (`his 16-year-old son`, `her late husband`).
        let prev = self.tokens().prev(i);
        let owner = [prev, prev.and_then(|p| self.tokens().prev(p))]
            .into_iter()
            .flatten()
            .any(|p| {
                let p = toks.get(p);
                matches!(p.lower, "his" | "her" | "their" | "whose" | "its")
                    || p.bare().len() < p.text.len()
                    || p.text.ends_with("s'")
            });
        let of = self
            .tokens()
            .next(i)
            .is_some_and(|n| matches!(toks.get(n).lower, "of" | "to"));
        owner || of
    }

    /// Later references with the full name or a formal title again.
    fn later_references(&self, out: &mut Vec<Finding>) {
        let nyt = self.cx.settings.names.courtesy_titles == CourtesyTitles::LaterReferences;
        for p in &self.pp.people {
            if !p.has_full_name() {
                continue;
            }
            // A story that names someone in full again and again does it on purpose (a
            // column, a profile, two people to keep apart): nothing to report, so neither the
            // introduction nor the later mentions' sentences are read. A full name repeated
            // needs two; a title repeated needs a titled bare surname.
            let full = p.mentions.iter().filter(|m| m.words >= 2).count();
            let titled_bare = || {
                !nyt && (p.mentions.iter())
                    .any(|m| m.words == 1 && m.title.as_ref().is_some_and(|t| t.formal))
            };
            if full >= 4 || full < 2 && !titled_bare() || self.shares_surname(p) {
                continue;
            }
            // A line-up or table (`Walter Little, Frank Bunce, …`) names everyone in full;
            // the first full name in prose after it introduces the person to the reader.
            let in_body = |m: &&PMention| m.words >= 2 && m.role == Role::Body;
            let Some(intro) = p
                .mentions
                .iter()
                .filter(in_body)
                .find(|m| !self.tokens().is_list_sentence(m.first_tok))
                .or_else(|| p.mentions.iter().find(in_body))
            else {
                continue;
            };
            // So does a story where the bare surname already meant someone else before this
            // person came in (`Yeltsin` … `Naina Yeltsin`).
            let bare_before = p.mentions.iter().any(|m| {
                m.span.start < intro.span.start
                    && m.words == 1
                    && m.role == Role::Body
                    && !m.modifier
            });
            let deliberate = full >= 4 || bare_before;
            let mut full_reported = false;
            let mut title_reported = deliberate;
            let later = p
                .mentions
                .iter()
                .filter(|m| m.span.start > intro.span.end && m.in_running_text() && !m.modifier);
            // Prose, or a full name breaking a list's convention: read last, once a mention
            // would otherwise be reported (reading a sentence costs more than the rest).
            let in_prose = |m: &PMention| {
                self.tokens().is_prose_sentence(m.first_tok)
                    || m.words >= 2 && self.in_surname_list(m)
            };
            for m in later {
                if m.words >= 2 && m.text.ends_with(last_word(&p.surname)) {
                    // One finding a person: the first repeat says what the desk needs to know.
                    if deliberate || full_reported {
                        continue;
                    }
                    // `The Carl Vinson leads a battle group`: a ship, a prize or a building
                    // named after the person, not the person.
                    let toks = self.tokens();
                    if m.title.is_none()
                        && self
                            .tokens()
                            .prev(m.first_tok)
                            .is_some_and(|p| toks.get(p).lower == "the")
                    {
                        continue;
                    }
                    if !in_prose(m) {
                        continue;
                    }
                    full_reported = true;
                    let start = m.title.as_ref().map_or(m.span.start, |t| t.start);
                    let span = Span::new(start, m.span.end);
                    let written = span.text(self.text());
                    let mut f = Finding::new(
                        "names.full-name-repeated",
                        Severity::Information,
                        span,
                        format!(
                            "`{written}` was introduced {}; later references use the surname{}",
                            self.where_(intro.span.start),
                            if nyt {
                                " with a courtesy title"
                            } else {
                                " alone"
                            }
                        ),
                    )
                    .with_related(intro.span, format!("`{}` introduced here", p.name));
                    if let Some(mut new) = self.later_form(p, nyt) {
                        // `de Gaulle` opening a sentence is `De Gaulle`.
                        let opens = self
                            .tokens()
                            .at(span.start)
                            .is_some_and(|i| self.tokens().get(i).first);
                        if opens {
                            new = upper_first(&new);
                        }
                        f = f.with_fix(Fix::replace(
                            format!("Replace with `{new}`"),
                            span,
                            new.clone(),
                        ));
                    }
                    out.push(f);
                } else if m.words == 1 && !nyt && !title_reported {
                    let Some(t) = m.title.as_ref().filter(|t| t.formal) else {
                        continue;
                    };
                    if !self.tokens().get(t.head_tok).cap || !in_prose(m) {
                        continue;
                    }
                    let span = Span::new(t.start, m.span.end);
                    title_reported = true;
                    out.push(
                        Finding::new(
                            "names.title-repeated",
                            Severity::Information,
                            span,
                            format!(
                                "`{}` repeats the title on a later reference ({} introduced {}); \
                                 use the surname alone",
                                span.text(self.text()),
                                p.name,
                                self.where_(intro.span.start)
                            ),
                        )
                        .with_related(intro.span, format!("`{}` introduced here", p.name))
                        .with_fix(Fix::replace(
                            format!("Replace with `{}`", m.text),
                            span,
                            m.text.to_string(),
                        )),
                    );
                }
            }
        }
    }

    /// What a later reference to `p` looks like in this house, when it can be known: the
    /// surname, or in NYT style `Mr.`/`Ms.` and the surname when the first name tells which.
    fn later_form(&self, p: &Person, nyt: bool) -> Option<String> {
        let surname = p.surname.clone();
        if !nyt {
            return Some(surname);
        }
        let first = p.first.as_deref()?;
        match gender_of(first.split_whitespace().next().unwrap_or(first), self.kb)? {
            Gender::Male => Some(format!("Mr. {surname}")),
            Gender::Female => Some(format!("Ms. {surname}")),
        }
    }

    fn shares_surname(&self, p: &Person) -> bool {
        self.by_surname
            .get(&p.surname.to_lowercase())
            .is_some_and(|g| g.len() > 1)
    }

    /// A bare surname before the story introduces the person.
    fn before_introduction(&self, out: &mut Vec<Finding>) {
        for p in &self.pp.people {
            if !p.has_full_name() {
                continue;
            }
            let Some(intro) = p.introduction() else {
                continue;
            };
            let toks = self.tokens();
            let intro_block = toks.block_of(intro.first_tok);
            for m in p
                .mentions
                .iter()
                .take_while(|m| m.span.start < intro.span.start)
            {
                if m.words != 1 || !m.in_running_text() || m.modifier {
                    continue;
                }
                if *m.text != *last_word(&p.surname) && *m.text != *p.surname {
                    continue;
                }
                // `President Obama`, `Mr. Trump`: a title introduces well enough; results
                // lines and line-ups name players by surname.
                if m.courtesy.is_some()
                    || m.title.as_ref().is_some_and(|t| t.formal)
                    || !self.tokens().is_prose_sentence(m.first_tok)
                {
                    continue;
                }
                // Part of a longer name (`bin Laden`, `Robert C. "Bobby" Scott`).
                if let Some(pi) = self.tokens().prev(m.first_tok) {
                    let prev = toks.get(pi);
                    let particle = matches!(
                        prev.lower,
                        "bin"
                            | "de"
                            | "van"
                            | "von"
                            | "al"
                            | "el"
                            | "da"
                            | "di"
                            | "del"
                            | "le"
                            | "la"
                    );
                    if prev.word && (prev.cap && !prev.first || particle)
                        || matches!(prev.text, "\"" | "”" | "'" | "’")
                    {
                        continue;
                    }
                }
                // A surname far ahead of a full name is someone the reader already knows (a
                // president by surname); the full name later is a relative or namesake.
                let block = toks.block_of(m.first_tok);
                if intro_block > block + 3 || self.is_deck_like(block) {
                    continue;
                }
                out.push(
                    Finding::new(
                        "names.before-introduction",
                        Severity::Warning,
                        m.span,
                        format!(
                            "`{}` before the story introduces {} ({})",
                            m.text,
                            p.name,
                            self.where_(intro.span.start)
                        ),
                    )
                    .with_related(intro.span, format!("`{}` introduced here", p.name))
                    .with_fix(
                        Fix::replace(format!("Use the full name `{}`", p.name), m.span, &p.name)
                            .unsafe_choice(),
                    ),
                );
            }
        }
    }

    /// A short first body paragraph with no dateline standing between the headline and the
    /// story: a deck or an abstract the parser could not tell from the body.
    fn is_deck_like(&self, block: usize) -> bool {
        let article = self.cx.article;
        let first_body = article.blocks.iter().position(|b| b.role == Role::Body);
        first_body == Some(block)
            && article.dateline.is_none()
            && article
                .blocks
                .get(block)
                .is_some_and(|b| b.span.len() <= 250)
            && article.body().count() > 1
    }

    /// A bare surname when two people with it were both mentioned in this paragraph or the one
    /// before: the reader cannot tell which is meant.
    /// `Mr. Clinton` beside Hillary and Bill Clinton: a courtesy title that fits exactly one
    /// of the people sharing the surname, the others known by their first names to be of the
    /// other sex, says which one the story means (the NYT's reason for using them).
    fn courtesy_says_which(&self, m: &PMention, people: &[&Person]) -> bool {
        let Some(c) = m.courtesy else {
            return false;
        };
        let sex = match self.tokens().get(c).lower.trim_end_matches('.') {
            "mr" | "messrs" => Gender::Male,
            "mrs" | "ms" | "miss" => Gender::Female,
            _ => return false,
        };
        let gender = |p: &&Person| p.first.as_deref().and_then(|f| gender_of(f, self.kb));
        let fitting = people.iter().filter(|p| gender(p) == Some(sex)).count();
        fitting == 1 && people.iter().all(|p| gender(p).is_some())
    }

    fn ambiguous(&self, out: &mut Vec<Finding>) {
        let toks = self.tokens();
        let mut reported: HashSet<usize, FxBuild> = HashSet::default();
        // Those named near a bare mention: one list, refilled for each (most have one).
        let mut nearby: Vec<&Person> = Vec::new();
        for group in self.by_surname.values().filter(|g| g.len() > 1) {
            let ps: Vec<&Person> = group.iter().map(|&i| &self.pp.people[i]).collect();
            // Where each one is first named in full (mentions are in text order): read once per
            // person, not once per bare mention (a long story's people have thousands).
            let full_from: Vec<Option<usize>> = ps
                .iter()
                .map(|p| p.named_in_full().map(|m| m.span.start))
                .collect();
            let Some(both_in) = full_from.iter().flatten().copied().max() else {
                continue;
            };
            if full_from.iter().flatten().count() < 2 {
                continue;
            }
            // Each one's mentions as (start, paragraph), packed: every bare mention asks which
            // of them was named nearby, and over the mentions themselves each step of that
            // search was a cache miss in a long story.
            let placed: Vec<Vec<(usize, usize)>> = ps
                .iter()
                .map(|p| {
                    p.mentions
                        .iter()
                        .map(|o| (o.span.start, toks.block_of(o.first_tok)))
                        .collect()
                })
                .collect();
            let bare = ps
                .iter()
                .flat_map(|p| p.mentions.iter())
                .filter(|m| m.span.start > both_in && m.words == 1);
            for m in bare {
                if !m.in_running_text() || m.modifier || !reported.insert(m.span.start) {
                    continue;
                }
                let block = toks.block_of(m.first_tok);
                // Mentions are in text order, and so are their paragraphs: the last mention
                // before this one is the nearest (a scan of all of them was quadratic).
                let near = |k: usize| {
                    let before = placed[k].partition_point(|&(start, _)| start < m.span.start);
                    before
                        .checked_sub(1)
                        .is_some_and(|i| block.saturating_sub(placed[k][i].1) <= 1)
                };
                nearby.clear();
                nearby.extend((0..ps.len()).filter(|&k| near(k)).map(|k| ps[k]));
                if nearby.len() < 2 || self.courtesy_says_which(m, &nearby) {
                    continue;
                }
                // The choice is among those named nearby and everyone else the story has
                // introduced with the surname by now (`Cruz` after Ted Cruz's father and wife
                // come in may still be Ted).
                let choices: Vec<&&Person> = (0..ps.len())
                    .filter(|&k| full_from[k].is_some_and(|at| at < m.span.start) || near(k))
                    .map(|k| &ps[k])
                    .collect();
                let names: Vec<&str> = choices.iter().map(|p| p.name.as_str()).collect();
                let mut f = Finding::new(
                    "names.ambiguous-surname",
                    Severity::Warning,
                    m.span,
                    format!(
                        "`{}` could be {}: keep the first name when two people share a surname",
                        m.text,
                        match names.split_last() {
                            Some((last, rest)) if !rest.is_empty() =>
                                format!("{} or {last}", rest.join(", ")),
                            _ => names.join(""),
                        }
                    ),
                );
                for p in &choices {
                    f = f.with_fix(
                        Fix::replace(format!("Use `{}`", p.name), m.span, &p.name).unsafe_choice(),
                    );
                }
                out.push(f);
            }
        }
    }

    /// Courtesy titles against the house style.
    fn courtesy(&self, out: &mut Vec<Finding>) {
        let toks = self.tokens();
        let policy = self.cx.settings.names.courtesy_titles;
        let style = style_name(self.cx.settings.style);
        match policy {
            CourtesyTitles::None => {
                let uses: Vec<(&PMention, usize)> = self
                    .pp
                    .people
                    .iter()
                    .flat_map(|p| p.mentions.iter())
                    .filter(|m| m.in_running_text())
                    .filter_map(|m| m.courtesy.map(|c| (m, c)))
                    .collect();
                let bare_later = self
                    .pp
                    .people
                    .iter()
                    .flat_map(|p| {
                        let intro = p.introduction().map(|i| i.span.end);
                        p.mentions.iter().filter(move |m| {
                            intro.is_some_and(|e| m.span.start > e)
                                && m.words == 1
                                && m.courtesy.is_none()
                                && m.in_running_text()
                        })
                    })
                    .count();
                // A story written throughout with courtesy titles follows another house's
                // style on purpose; a stray `Mr.` in AP copy is the slip to catch.
                if uses.len() >= 3 && uses.len() >= bare_later {
                    return;
                }
                for (m, c) in uses {
                    let ct = toks.get(c);
                    let span = Span::new(ct.span.start, m.span.start);
                    out.push(
                        Finding::new(
                            "names.courtesy-title",
                            Severity::Warning,
                            Span::new(ct.span.start, m.span.end),
                            format!(
                                "`{}`: {style} style uses no courtesy titles outside quotes",
                                Span::new(ct.span.start, m.span.end).text(self.text())
                            ),
                        )
                        .with_fix(Fix::replace(
                            format!("Remove `{}`", ct.text),
                            span,
                            "",
                        )),
                    );
                }
            }
            CourtesyTitles::LaterReferences => {
                for p in self.pp.people.iter().filter(|p| p.has_full_name()) {
                    let Some(intro) = p.introduction() else {
                        continue;
                    };
                    for m in &p.mentions {
                        if !m.in_running_text() || m.modifier {
                            continue;
                        }
                        if let (Some(c), true) = (m.courtesy, m.words >= 2) {
                            let span = Span::new(toks.get(c).span.start, m.span.start);
                            out.push(
                                Finding::new(
                                    "names.courtesy-title",
                                    Severity::Warning,
                                    Span::new(span.start, m.span.end),
                                    format!(
                                        "`{}`: no courtesy title with the full name; {style} \
                                         style adds it on later references",
                                        Span::new(span.start, m.span.end).text(self.text())
                                    ),
                                )
                                .with_fix(Fix::replace(
                                    format!("Remove `{}`", toks.get(c).text),
                                    span,
                                    "",
                                )),
                            );
                            continue;
                        }
                        let later = m.span.start > intro.span.end && m.words == 1;
                        if !later
                            || m.courtesy.is_some()
                            || m.title.as_ref().is_some_and(|t| t.formal)
                        {
                            continue;
                        }
                        if !self.tokens().is_prose_sentence(m.first_tok) {
                            continue;
                        }
                        let mut f = Finding::new(
                            "names.courtesy-title",
                            Severity::Information,
                            m.span,
                            format!(
                                "`{}`: {style} style uses `Mr.` or `Ms.` with the surname on \
                                 later references",
                                m.text
                            ),
                        );
                        if let Some(new) = self.later_form(p, true) {
                            f = f.with_fix(Fix::replace(
                                format!("Replace with `{new}`"),
                                m.span,
                                new,
                            ));
                        }
                        out.push(f);
                    }
                }
            }
        }
    }

    /// `Jinping said`: a Chinese or Korean given name used as the later reference.
    fn name_order(&self, out: &mut Vec<Finding>) {
        for p in self.pp.people.iter().filter(|p| p.east_asian) {
            let Some(given) = p.first.as_deref() else {
                continue;
            };
            let given_last = last_word(given);
            for m in &p.mentions {
                if m.words != 1 || &*m.text != given_last || m.quoted || m.role == Role::Byline {
                    continue;
                }
                out.push(
                    Finding::new(
                        "names.name-order",
                        Severity::Warning,
                        m.span,
                        format!(
                            "`{}` is part of {}'s given name: in Chinese and Korean names the \
                             surname comes first, so the later reference is `{}`",
                            m.text, p.name, p.surname
                        ),
                    )
                    .with_fix(Fix::replace(
                        format!("Replace with `{}`", p.surname),
                        m.span,
                        &p.surname,
                    )),
                );
            }
        }
    }
}

/// `name` ends with the words `tail`, after a space (`Todd Van Poppel`, `Van Poppel`).
fn ends_with_words(name: &str, tail: &str) -> bool {
    name.strip_suffix(tail)
        .is_some_and(|head| head.ends_with(' '))
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The last word of a surname (`de Gaulle` → `Gaulle`), for spelling comparisons.
fn last_word(s: &str) -> &str {
    s.split_whitespace().last().unwrap_or(s)
}

/// Are these first names the same person's (`J.` and `John`, `Joe` and `Joe`)?
pub(crate) fn compatible_first_names(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_end_matches('.'), b.trim_end_matches('.'));
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let initial =
        |s: &str| s.chars().count() <= 2 && s.chars().all(|c| c.is_uppercase() || c == '.');
    let first = |s: &str| s.chars().next().map(|c| c.to_ascii_lowercase());
    if (initial(a) || initial(b)) && first(a) == first(b) {
        return true;
    }
    // `Joe`/`Joseph`, `Mike`/`Michael`, `Bill`/`William`: short forms the desk accepts.
    // The list is in ASCII lowercase: an ASCII name is compared without a lowercased copy.
    fn lower(s: &str) -> std::borrow::Cow<'_, str> {
        if s.is_ascii() {
            s.into()
        } else {
            s.to_lowercase().into()
        }
    }
    let (x, y) = (lower(a), lower(b));
    let is = |s: &str, n: &str| s.eq_ignore_ascii_case(n);
    NICKNAMES
        .iter()
        .any(|(n, f)| (is(&x, n) && is(&y, f)) || (is(&x, f) && is(&y, n)))
}

const NICKNAMES: &[(&str, &str)] = &[
    ("joe", "joseph"),
    ("mike", "michael"),
    ("bill", "william"),
    ("bob", "robert"),
    ("jim", "james"),
    ("tom", "thomas"),
    ("dick", "richard"),
    ("dan", "daniel"),
    ("dave", "david"),
    ("chris", "christopher"),
    ("tony", "anthony"),
    ("ted", "edward"),
    ("ed", "edward"),
    ("liz", "elizabeth"),
    ("kate", "katherine"),
    ("jake", "jacob"),
    ("nick", "nicholas"),
    ("steve", "stephen"),
    ("steve", "steven"),
    ("sam", "samuel"),
    ("ben", "benjamin"),
    ("bibi", "benjamin"),
    ("hillary", "hillary"),
    ("al", "albert"),
    ("pat", "patrick"),
    ("chuck", "charles"),
    ("charlie", "charles"),
    ("jeb", "john"),
    ("rick", "richard"),
    ("ron", "ronald"),
    ("don", "donald"),
];

fn is_family_word(lower: &str) -> bool {
    matches!(
        lower,
        "brother"
            | "brothers"
            | "sister"
            | "sisters"
            | "son"
            | "sons"
            | "daughter"
            | "daughters"
            | "wife"
            | "husband"
            | "father"
            | "mother"
            | "twin"
            | "twins"
            | "cousin"
            | "nephew"
            | "niece"
            | "uncle"
            | "aunt"
            | "grandson"
            | "granddaughter"
            | "grandfather"
            | "grandmother"
            | "relative"
            | "related"
            | "relation"
            | "widow"
            | "widower"
            | "stepfather"
            | "stepmother"
            | "stepson"
            | "stepdaughter"
            | "sibling"
            | "siblings"
            | "family"
            | "dad"
            | "mom"
            | "mum"
            | "spouse"
            | "partner"
            | "fiancee"
            | "fiance"
            | "brother-in-law"
            | "sister-in-law"
            | "son-in-law"
            | "daughter-in-law"
            | "father-in-law"
            | "mother-in-law"
            | "parents"
            | "children"
            | "kids"
            | "grandchildren"
            | "married"
            | "girlfriend"
            | "boyfriend"
    )
}

#[cfg(test)]
mod tests;
