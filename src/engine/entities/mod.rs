//! Recognizing people, places and organizations, and linking their mentions within an article.
//!
//! No statistical model: the way newsroom tools have long done it. Capitalized runs of words are
//! cut into candidates; titles (`Prime Minister`, `spokesperson`), cue words (`said`, `in`,
//! `-based`, `Ministry`, `Inc.`), the knowledge base (places, organizations, officials, census
//! first names) and the rest of the article decide what each is. A surname then links to the
//! person introduced with it. Every lookup is a hash lookup, so the cost is linear in the text.
//!
//! The classic traps are handled explicitly: sentence-initial capitals (common words are not
//! names), headlines in capitals (only known names and names seen in the body count there),
//! places named like people (`Washington`, `Jordan`: a person only with a first name or when
//! the article introduced such a person), possessives (`Hamas'`, `Rafah's`: the mention is the
//! name alone) and modifiers (`the Biden administration`: a person mention all the same).

mod cues;
mod keys;
mod link;
mod memo;
mod refs;

use crate::engine::article::{Article, Paragraph, Role};
use crate::engine::finding::Span;
use crate::engine::model::{Entity, EntityKind};
use crate::engine::text::{all_capitals, TokenKind};
use crate::kb::{Case, KbView, PlaceKind};

use cues::*;

pub use cues::{is_common_word, is_demonym, is_say_verb};
pub use keys::NameKeys;
pub use memo::{recognize_memoized, LinkMemo};

/// Whether recognition links the phrases that stand for a person by title (`the
/// spokesperson`) to that person, as each entity's `references`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleReferences {
    Linked,
    /// Not looked for: every `references` is empty. Hover cards and the outline show them;
    /// no check reads them, so a check of a folder leaves them out.
    Skipped,
}

/// Finds the people, places and organizations of `article`, each with all its mentions.
pub fn recognize(article: &Article, kb: &KbView<'_>) -> Vec<Entity> {
    recognize_with(article, kb, TitleReferences::Linked)
}

/// [`recognize`], with or without the references by title.
pub fn recognize_with(
    article: &Article,
    kb: &KbView<'_>,
    references: TitleReferences,
) -> Vec<Entity> {
    // Every word's lowercase form is a slice of this, at the word's own offsets.
    let lower_prose = lower_prose(&article.prose);
    let lower = Lower {
        text: &lower_prose,
        base: 0,
    };
    let dateline_span = article.dateline.as_ref().map(|d| d.span);
    let sports = is_sports_story(article);
    // News copy numbers a name (a candidate's spelling, lowercased, its surname) every few
    // dozen bytes, some of them again.
    let mut keys = NameKeys::with_capacity(article.prose.len() / 32);
    // A candidate every hundred bytes or so: room for most articles' without regrowing.
    let mut cands = Vec::with_capacity(article.prose.len() / 64);
    // Every block's `the` spots in one list, and each spot's block's start.
    let mut spots = Vec::new();
    let mut spot_blocks = Vec::new();
    // One sentence's words at a time, in one buffer for the whole article.
    let mut toks = Vec::new();
    let linked = references == TitleReferences::Linked;
    for block in &article.blocks {
        if linked {
            refs::the_spots(lower, block, &mut spots);
            spot_blocks.resize(spots.len(), block.span.start);
        }
        block_candidates(
            &article.prose,
            lower,
            block,
            dateline_span,
            sports,
            kb,
            &mut keys,
            &mut toks,
            &mut cands,
        );
    }
    link_candidates(
        article,
        sports,
        cands.iter().map(|c| (c, 0)),
        linked.then(|| spots.iter().zip(spot_blocks.iter().copied())),
        kb,
        &mut keys,
    )
}

/// The prose lowercased with every character's length kept (see `lower_in_place`): what
/// `BlockCandidates::find` reads lowercase words from (given a block's prose, the block's).
pub fn lower_prose(prose: &str) -> String {
    lower_in_place(prose)
}

/// Lowercased prose ([`lower_prose`]) from offset `base` of the prose on: a span of the prose
/// is the same span, moved down by `base`, of `text`.
#[derive(Clone, Copy)]
pub(crate) struct Lower<'a> {
    text: &'a str,
    base: usize,
}

impl<'a> Lower<'a> {
    fn get(&self, span: Span) -> Option<&'a str> {
        let start = span.start.checked_sub(self.base)?;
        let end = span.end.checked_sub(self.base)?;
        self.text.get(start..end)
    }
}

/// Wire sports stories open with a slug (`SOCCER - ...`, `CRICKET - ...`): names before
/// scores are teams there. Read off the first block; every block's candidates depend on it.
pub fn is_sports_story(article: &Article) -> bool {
    let prose = article.prose.as_str();
    article.blocks.first().is_some_and(|b| {
        let t = b.span.text(prose).trim_start();
        let slug: String = t
            .chars()
            .take_while(|c| c.is_alphabetic() || *c == ' ')
            .collect();
        slug.split_whitespace()
            .next()
            .is_some_and(|w| is_sport(&w.to_lowercase()))
            && t[slug.len()..].trim_start().starts_with(['-', ':', '—'])
    })
}

/// Name candidates of one block, in text order. They depend on the block's own text and role,
/// on the dateline when it opens the block and on whether the story is a sports story, nothing
/// else: the incremental analyzer caches them per paragraph under those, and only
/// `link_candidates` looks at the whole article.
/// A block's candidates (spans as found, moved with [`BlockCandidates::shift`]) and its `the`
/// spots for references by title (relative to the block's start, whatever the shift), and the
/// block's length: every span lies within it, from the block's start.
pub struct BlockCandidates(Vec<Cand>, Vec<refs::TheSpot>, usize);

impl BlockCandidates {
    /// `lower_block`: the block's own prose lowercased ([`lower_prose`]); `keys` numbers the
    /// candidates' names, and must be the one linking is given.
    #[allow(clippy::too_many_arguments)] // what a block's candidates depend on, and the keys
    pub fn find(
        prose: &str,
        lower_block: &str,
        block: &Paragraph,
        dateline: Option<Span>,
        sports: bool,
        kb: &KbView<'_>,
        keys: &mut NameKeys,
    ) -> BlockCandidates {
        let lower = Lower {
            text: lower_block,
            base: block.span.start,
        };
        let mut out = Vec::new();
        let mut toks = Vec::new();
        block_candidates(
            prose, lower, block, dateline, sports, kb, keys, &mut toks, &mut out,
        );
        let mut spots = Vec::new();
        refs::the_spots(lower, block, &mut spots);
        // Kept in the analyzer's cache for every paragraph: no room to spare.
        out.shrink_to_fit();
        spots.shrink_to_fit();
        BlockCandidates(out, spots, block.span.len())
    }

    /// How many candidates the block has.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Moves every span by `to - from` (wrapping, so a shift down and back up is exact).
    pub fn shift(&mut self, from: usize, to: usize) {
        for c in &mut self.0 {
            c.span = Span::new(
                c.span.start.wrapping_sub(from).wrapping_add(to),
                c.span.end.wrapping_sub(from).wrapping_add(to),
            );
        }
    }
}

impl Clone for BlockCandidates {
    fn clone(&self) -> Self {
        BlockCandidates(self.0.clone(), self.1.clone(), self.2)
    }
}

/// `recognize` from per-block candidates, given in block order; each is moved from offset 0
/// to the offset paired with it (the incremental analyzer keeps them relative to their block),
/// which must be the block's start.
pub fn recognize_from<'c>(
    article: &Article,
    sports: bool,
    blocks: impl IntoIterator<Item = (&'c BlockCandidates, usize)>,
    kb: &KbView<'_>,
    keys: &mut NameKeys,
) -> Vec<Entity> {
    let blocks: Vec<(&BlockCandidates, usize)> = blocks.into_iter().collect();
    let cands = blocks
        .iter()
        .flat_map(|&(block, at)| block.0.iter().map(move |c| (c, at)));
    let spots = blocks
        .iter()
        .flat_map(|&(block, at)| block.1.iter().map(move |s| (s, at)));
    link_candidates(article, sports, cands, Some(spots), kb, keys)
}

/// `toks`: room for a sentence's words, reused from sentence to sentence (its contents are
/// replaced).
#[allow(clippy::too_many_arguments)] // as `BlockCandidates::find`, and where to put them
fn block_candidates<'a>(
    prose: &'a str,
    lower: Lower<'a>,
    block: &Paragraph,
    dateline_span: Option<Span>,
    sports: bool,
    kb: &KbView<'_>,
    keys: &mut NameKeys,
    toks: &mut Vec<W<'a>>,
    out: &mut Vec<Cand>,
) {
    for sentence in &block.sentences {
        words(prose, lower, &sentence.tokens, dateline_span, toks);
        let toks = &toks[..];
        if toks.is_empty() {
            continue;
        }
        let caps = (block.role == Role::Headline || toks.len() >= 3) && is_caps_text(toks);
        let mut s = SentenceCx {
            kb,
            keys: &mut *keys,
            prose,
            toks,
            out,
            caps,
            score_line: is_score_line(toks),
            sports,
        };
        if caps {
            s.caps_sentence();
        } else {
            s.sentence();
        }
    }
}

/// The document-level pass: the dateline's place, overlaps, then linking surnames to people
/// and mentions to entities, and references by title.
fn link_candidates<'c>(
    article: &Article,
    sports: bool,
    block_cands: impl Iterator<Item = (&'c Cand, usize)>,
    spots: Option<impl Iterator<Item = (&'c refs::TheSpot, usize)>>,
    kb: &KbView<'_>,
    keys: &mut NameKeys,
) -> Vec<Entity> {
    let mut from_dateline = Vec::new();
    let prose = article.prose.as_str();
    if let Some(d) = &article.dateline {
        // A headline slug can look like a dateline (`SOCCER - JAPAN GET LUCKY WIN`): the city
        // counts only when the gazetteer knows it or a region follows it.
        let city = d.city.text(prose).trim();
        let known_city = d.region.is_some() || kb.is_place_name(city);
        let spans = if known_city { vec![d.city] } else { Vec::new() };
        for span in spans.into_iter().chain(d.region.filter(|_| known_city)) {
            let text = span.text(prose).trim();
            if !text.is_empty() {
                let mut c = Cand::new(keys, span, text, Some(EntityKind::Place), Evidence::Strong);
                c.place_cue = true;
                c.caps = text
                    .chars()
                    .filter(|ch| ch.is_alphabetic())
                    .all(char::is_uppercase);
                from_dateline.push(c);
            }
        }
    }
    let mut cands: Vec<link::Linked<'_>> = from_dateline
        .iter()
        .map(|c| link::Linked::new(c, 0))
        .chain(block_cands.map(|(c, at)| link::Linked::new(c, at)))
        .collect();
    // Stable: at equal keys the dateline's candidates stay first.
    cands.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    // Overlaps can arise from the dateline and a run over the same words: keep the first.
    let mut last_end = 0;
    cands.retain(|c| {
        let keep = c.span.start >= last_end;
        if keep {
            last_end = c.span.end;
        }
        keep
    });
    link::resolve(&mut cands, kb, keys, sports);
    let mut entities = link::entities(cands, kb, keys);
    if let Some(spots) = spots {
        refs::link_title_references(&article.prose, spots, &mut entities);
    }
    entities
}

/// How sure a candidate's kind is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// Nothing but capitals: the rest of the article must say what it is.
    None,
    /// A hint (a verb of saying after it, a preposition before it, a structure).
    Weak,
    /// The knowledge base or a title, suffix or cue says so.
    Strong,
}

/// A name found in the text, before linking.
#[derive(Clone, Debug)]
struct Cand {
    /// The name only: no title, no possessive. Its text, as the run reads it (one space
    /// between words), is the name numbered `text_key`.
    span: Span,
    kind: Option<EntityKind>,
    evidence: Evidence,
    /// Title or description as introduced next to this mention.
    title: Option<String>,
    /// Words in the name.
    words: usize,
    /// Found in an all-capitals sentence: compare case-insensitively.
    caps: bool,
    /// A cue says this is a place (a preposition, `-based`, the dateline), so a person of the
    /// same surname does not claim it.
    place_cue: bool,
    /// The number ([`NameKeys`]) of `text` lowercased, the key linking compares by. Given
    /// here, with the candidate, so the document-level pass (which runs on every keystroke)
    /// neither lowercases nor hashes every mention.
    key: u32,
    /// The number of the lowercased surname of a name of two or more words.
    surname_key: Option<u32>,
    /// The number of the name as written, for the knowledge base's case-sensitive lookups,
    /// and where its text is kept ([`NameKeys::name`]): not a string of each candidate's own.
    text_key: u32,
    /// Undecided because it reads as common words: a capitalized first word nothing vouches
    /// for (`Dealers said`), or a run ending in a common noun (`Fox Business`). Likelier a
    /// common word or a thing than a name, so document-level rules that name undecided words
    /// (a sports story's teams) leave it alone.
    likely_common: bool,
}

impl Cand {
    fn new(
        keys: &mut NameKeys,
        span: Span,
        text: &str,
        kind: Option<EntityKind>,
        ev: Evidence,
    ) -> Cand {
        Cand::of_words(keys, span, text, text.split_whitespace().count(), kind, ev)
    }

    /// [`Cand::new`] given the number of words in `text`, where the caller knows it.
    fn of_words(
        keys: &mut NameKeys,
        span: Span,
        text: &str,
        words: usize,
        kind: Option<EntityKind>,
        ev: Evidence,
    ) -> Cand {
        let text_key = keys.id(text);
        Cand {
            span,
            kind,
            evidence: ev,
            title: None,
            words,
            caps: false,
            place_cue: false,
            key: keys.id_lowercase_of(text_key),
            surname_key: if words >= 2 {
                keys.surname_of(text_key)
            } else {
                None
            },
            text_key,
            likely_common: false,
        }
    }
}

/// `text` lowercased character by character where that keeps each character's UTF-8 length
/// (all but a handful of letters), so any span of `text` is the same span of the result. One
/// pass for the whole article instead of a lowercased copy of every word.
fn lower_in_place(text: &str) -> String {
    // Every ASCII letter at once, the other bytes as they are; then the other characters,
    // found eight bytes at a time (most of any English text is ASCII).
    let mut out = text.to_ascii_lowercase();
    if text.is_ascii() {
        return out;
    }
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    // Always at a character's start: it moves past ASCII bytes and whole characters only.
    let mut at = 0;
    while at < bytes.len() {
        if let Some(eight) = bytes.get(at..at + 8) {
            let eight: [u8; 8] = eight.try_into().expect("eight bytes");
            if u64::from_le_bytes(eight) & HIGH_BITS == 0 {
                at += 8;
                continue;
            }
        }
        if bytes[at].is_ascii() {
            at += 1;
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let lower = lower_keeping_length(c);
        if lower != c {
            out.replace_range(at..at + c.len_utf8(), lower.encode_utf8(&mut [0; 4]));
        }
        at += c.len_utf8();
    }
    out
}

/// `c` lowercased, if its lowercase is one character of the same UTF-8 length; else `c`.
fn lower_keeping_length(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// Appends `text` lowercased as [`lower_in_place`] does to `out`.
pub(crate) fn lower_into(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        // A run of ASCII at once (most of any English text), then one other character.
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let at = out.len();
        out.push_str(&rest[..run]);
        out[at..].make_ascii_lowercase();
        rest = &rest[run..];
        let Some(c) = rest.chars().next() else { break };
        out.push(lower_keeping_length(c));
        rest = &rest[c.len_utf8()..];
    }
}

/// A word or punctuation token with what the recognizer asks of it, computed once.
#[derive(Clone, Debug)]
struct W<'a> {
    span: Span,
    text: &'a str,
    lower: &'a str,
    word: bool,
    /// Starts with a capital letter.
    cap: bool,
    /// Has letters, all capitals.
    upper: bool,
    /// Length of the name part, without a possessive `'s`/`’s`.
    name_len: usize,
    /// Ends in a possessive (`Rafah's`, or `Hamas` followed by a lone apostrophe).
    possessive: bool,
    /// The word lists `lower` is on ([`cues::word_flags`]), looked up the first time they are
    /// asked for ([`NOT_LOOKED_UP`] until then): most lowercase words stand far from any name
    /// and are never asked about.
    flags: std::cell::Cell<u32>,
}

/// [`W::flags`] before the word's lists are looked up (no word is on every list).
const NOT_LOOKED_UP: u32 = u32::MAX;

impl W<'_> {
    /// Is the word on the list `flag` (`cues::COMMON_WORD`, `cues::TITLE_HEAD`, …)?
    fn is(&self, flag: u32) -> bool {
        self.flags() & flag != 0
    }

    /// The word lists the word is on (none for punctuation and numbers).
    fn flags(&self) -> u32 {
        let mut flags = self.flags.get();
        if flags == NOT_LOOKED_UP {
            flags = if self.word {
                cues::word_flags(self.lower)
            } else {
                0
            };
            self.flags.set(flags);
        }
        flags
    }
}

/// Replaces `out`'s contents with the words of `tokens` (but those overlapping `skip`).
fn words<'a>(
    prose: &'a str,
    lowered: Lower<'a>,
    tokens: &[crate::engine::text::Token],
    skip: Option<Span>,
    out: &mut Vec<W<'a>>,
) {
    out.clear();
    out.reserve(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        if skip.is_some_and(|s| t.span.start < s.end && t.span.end > s.start) {
            continue;
        }
        let text = t.text(prose);
        let word = t.kind == TokenKind::Word;
        let possessive_len = if word { possessive_suffix(text) } else { 0 };
        let name_len = text.len() - possessive_len;
        let mut possessive = possessive_len > 0;
        // `Hamas' military leader`: a lone apostrophe right after the word (asked only of words
        // ending in `s`).
        if word && !possessive && text.ends_with('s') {
            if let Some(next) = tokens.get(i + 1) {
                let follows = next.span.start == t.span.end;
                possessive = follows
                    && matches!(next.text(prose), "'" | "’")
                    && tokens
                        .get(i + 2)
                        .map_or(true, |n2| n2.span.start > next.span.end);
            }
        }
        let lower = lowered.get(t.span).unwrap_or(text);
        let cap = word
            && match text.as_bytes().first() {
                Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                _ => text.chars().next().is_some_and(char::is_uppercase),
            };
        out.push(W {
            span: t.span,
            text,
            lower,
            flags: std::cell::Cell::new(NOT_LOOKED_UP),
            word,
            cap,
            upper: word && all_capitals(text),
            name_len,
            possessive,
        });
    }
}

/// The length of a possessive ending (`'s`, `’s`, in either case) that a word longer than it
/// ends in, else 0.
fn possessive_suffix(text: &str) -> usize {
    let b = text.as_bytes();
    let n = b.len();
    if n < 3 || !matches!(b[n - 1], b's' | b'S') {
        return 0;
    }
    if b[n - 2] == b'\'' {
        2
    } else if n > 4 && b[n - 4..n - 1] == *"’".as_bytes() {
        4
    } else {
        0
    }
}

/// A sentence (or headline) written in capitals: capitals say nothing there.
fn is_caps_text(toks: &[W<'_>]) -> bool {
    let mut caps = 0;
    let mut lower = 0;
    for t in toks.iter().filter(|t| t.word && more_than_one_char(t.text)) {
        if t.upper {
            caps += 1;
        } else {
            lower += 1;
        }
    }
    caps >= 2 && caps > 3 * lower
}

/// Has `text` a second character? (Told by the length when the first is ASCII.)
fn more_than_one_char(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b) if b.is_ascii() => text.len() > 1,
        _ => text.chars().nth(1).is_some(),
    }
}

/// A line of results (`Bologna 3 Lazio 1`, `Leicestershire 22 points, Somerset 4`): team names
/// there are organizations even when they are cities.
fn is_score_line(toks: &[W<'_>]) -> bool {
    let mut pairs = 0;
    for w in toks.windows(2) {
        if w[0].cap && !w[1].word && w[1].text.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            pairs += 1;
        }
    }
    pairs >= 2
}

struct SentenceCx<'a, 'k> {
    kb: &'a KbView<'k>,
    keys: &'a mut NameKeys,
    prose: &'a str,
    toks: &'a [W<'a>],
    out: &'a mut Vec<Cand>,
    caps: bool,
    score_line: bool,
    /// A sports story (wire slug `SOCCER -`): names before scores and standings are teams.
    sports: bool,
}

/// The longest name the gazetteers hold, in words.
const MAX_GAZ_WORDS: usize = 6;

impl<'a> SentenceCx<'a, '_> {
    /// The words `toks[a..b]` as one string (single spaces where the text has any white space),
    /// the last without its possessive.
    fn text(&self, a: usize, b: usize) -> std::borrow::Cow<'a, str> {
        // Words one space apart (nearly always) are a slice of the article as they stand.
        let toks = &self.toks[a..b];
        let single_spaced = toks
            .windows(2)
            .all(|w| w[1].span.start == w[0].span.end + 1 && self.byte_before(&w[1]) == b' ');
        if single_spaced {
            if let (Some(first), Some(last)) = (toks.first(), toks.last()) {
                let end = last.span.start + last.name_len;
                if let Some(s) = self.prose.get(first.span.start..end) {
                    return std::borrow::Cow::Borrowed(s);
                }
            }
        }
        std::borrow::Cow::Owned(self.join(a, b, true))
    }

    fn byte_before(&self, t: &W<'_>) -> u8 {
        t.span
            .start
            .checked_sub(1)
            .and_then(|i| self.prose.as_bytes().get(i))
            .copied()
            .unwrap_or(0)
    }

    fn join(&self, a: usize, b: usize, strip_possessive: bool) -> String {
        let mut out = String::new();
        for (k, t) in self.toks[a..b].iter().enumerate() {
            if k > 0 && t.span.start > self.toks[a + k - 1].span.end {
                out.push(' ');
            }
            if strip_possessive && a + k + 1 == b {
                out.push_str(&t.text[..t.name_len]);
            } else {
                out.push_str(t.text);
            }
        }
        out
    }

    /// A normal sentence: runs of capitalized words.
    fn sentence(&mut self) {
        let n = self.toks.len();
        let first_word = self
            .toks
            .iter()
            .position(|t| t.word || t.text.chars().next().is_some_and(char::is_alphanumeric))
            .unwrap_or(0);
        let mut i = 0;
        while i < n {
            let t = &self.toks[i];
            if !(t.word && (t.cap || self.particle_starts_name(i)))
                || hyphen_suffix(t.text).is_some()
            {
                // `X-based`, `Obama-era`: a capitalized word joined to a lowercase one is left
                // to `hyphen_prefixes`.
                i += 1;
                continue;
            }
            let j = self.extend(i);
            self.run(i, j, i == first_word || self.after_opening(i));
            i = j;
        }
        self.hyphen_prefixes();
    }

    /// `al-Zawahri`-like tokens start with a lowercase particle; `de Gaulle` with a particle.
    // Always inlined: asked of every lowercase word, and most are ruled out by one byte.
    #[inline(always)]
    fn particle_starts_name(&self, i: usize) -> bool {
        let t = &self.toks[i];
        // Asked of every lowercase word: most have no hyphen third.
        t.lower.as_bytes().get(2) == Some(&b'-')
            && (t.lower.starts_with("al-") || t.lower.starts_with("el-"))
            && t.text.len() > 3
            && t.text[3..].starts_with(char::is_uppercase)
    }

    fn after_opening(&self, i: usize) -> bool {
        i > 0
            && !self.toks[i - 1].word
            && matches!(
                self.toks[i - 1].text,
                "\"" | "“" | "'" | "‘" | "(" | "[" | "-" | "—" | "–" | ":"
            )
    }

    /// Where the capitalized run starting at `i` ends (exclusive).
    fn extend(&self, i: usize) -> usize {
        let n = self.toks.len();
        let mut j = i + 1;
        if self.toks[i].possessive {
            return self.past_possessive(j).unwrap_or(j);
        }
        while j < n {
            let t = &self.toks[j];
            let prev_end = self.toks[j - 1].span.end;
            if t.span.start > prev_end + 1 && !self.toks[j - 1].text.ends_with('.') {
                // A line break or double space inside a run is still one run; more is not.
                if t.span.start > prev_end + 2 {
                    break;
                }
            }
            if hyphen_suffix(t.text).is_some() {
                break;
            }
            if let Some(k) = self.nickname_after(i, j) {
                j = k;
                continue;
            }
            if t.word && t.cap && (!t.is(cues::CALENDAR) || self.month_as_surname(j)) {
                j += 1;
                if t.possessive {
                    if let Some(k) = self.past_possessive(j) {
                        j = k;
                        continue;
                    }
                    break;
                }
                continue;
            }
            // Particles and connectors inside names: `de Gaulle`, `Bank of England`,
            // `Johnson & Johnson`.
            let next_cap = self
                .toks
                .get(j + 1)
                .is_some_and(|n| n.word && n.cap && !n.is(cues::CALENDAR));
            if next_cap && t.word && t.is(cues::PARTICLE) {
                j += 2;
                continue;
            }
            let in_org = self.toks[i..j]
                .iter()
                .any(|w| w.lower == "of" || w.lower == "for");
            let next_known = self.toks.get(j + 1).is_some_and(|n| {
                n.upper
                    || self.kb.is_place_name(n.text)
                    || self.kb.organization(n.text, Case::Sensitive).is_some()
            });
            if next_cap
                && t.lower == "and"
                && in_org
                && !next_known
                && !self.toks[j - 1].is(cues::ORG_HEAD)
            {
                // `Organisation for Security and Cooperation in Europe`
                j += 2;
                continue;
            }
            if next_cap && (t.lower == "of" || t.lower == "for" || t.text == "&") {
                let head = &self.toks[j - 1].lower;
                let lead = &self.toks[i].lower;
                let orgish = is_org_lead(lead)
                    || is_org_head(head)
                    || self.toks[i..j].iter().any(|w| w.is(cues::ORG_LEAD))
                    || t.text == "&"
                    || is_title_head(head);
                if orgish {
                    j += 2;
                    continue;
                }
            }
            break;
        }
        j
    }

    /// `Roberto "Hands of Stone" Duran`, `Robert C. "Bobby" Scott`: a nickname in quotes
    /// between a first name and a surname is part of the name. Where the run goes on (the
    /// surname's index) when the quote at `j` opens one.
    fn nickname_after(&self, i: usize, j: usize) -> Option<usize> {
        let open = &self.toks[j];
        if !matches!(open.text, "\"" | "“") || open.span.start != self.toks[j - 1].span.end + 1 {
            return None;
        }
        if !(i..j).any(|k| self.common_first_name_at(k)) {
            return None;
        }
        let close = (j + 2..(j + 6).min(self.toks.len()))
            .find(|&k| matches!(self.toks[k].text, "\"" | "”"))?;
        let inside = &self.toks[j + 1..close];
        let surname = self.toks.get(close + 1)?;
        let tight = inside.first()?.span.start == open.span.end
            && self.toks[close].span.start == inside.last()?.span.end
            && surname.span.start == self.toks[close].span.end + 1;
        (tight
            && inside[0].cap
            && inside.iter().all(|t| t.word)
            && surname.word
            && surname.cap
            && !surname.upper)
            .then_some(close + 1)
    }

    /// The tokens of `toks[a..b]` outside quotation marks.
    fn words_outside_quotes(&self, a: usize, b: usize) -> usize {
        let mut inside = false;
        let mut n = 0;
        for t in &self.toks[a..b] {
            if matches!(t.text, "\"" | "“" | "”") {
                inside = !inside;
            } else if !inside {
                n += 1;
            }
        }
        n
    }

    /// `Theresa May`, `Brian May`: a month that is a common surname, right after a common first
    /// name and not before a day's number (`Kim May 5`), is the surname. Weekdays and holidays
    /// are not read so (`Bill Clinton Monday`).
    fn month_as_surname(&self, k: usize) -> bool {
        let t = &self.toks[k];
        let Some(prev) = k.checked_sub(1).map(|p| &self.toks[p]) else {
            return false;
        };
        let day_after = self
            .toks
            .get(k + 1)
            .is_some_and(|n| n.text.starts_with(|c: char| c.is_ascii_digit()));
        t.is(cues::CALENDAR)
            && t.cap
            && !t.upper
            && prev.word
            && prev.cap
            && !prev.upper
            && !day_after
            && crate::engine::calendar::is_month_name(&t.lower[..t.name_len])
            && self.common_first_name_at(k - 1)
            && self.kb.is_common_surname(&t.text[..t.name_len])
    }

    /// Is `toks[k]` a common first name (the start of a person's name)?
    fn common_first_name_at(&self, k: usize) -> bool {
        self.kb
            .first_name(self.toks[k].text)
            .is_some_and(|f| f.male.max(f.female) >= 20)
    }

    /// `Moody's Investors Service`, `Lloyd's Register`: a possessive inside an organization's
    /// name. Where the longer run ends, when it ends in an organization word.
    fn past_possessive(&self, j: usize) -> Option<usize> {
        let mut k = j;
        while k < self.toks.len()
            && self.toks[k].word
            && self.toks[k].cap
            && !self.toks[k].possessive
        {
            k += 1;
        }
        (k > j && self.toks[k - 1].is(cues::ORG_HEAD)).then_some(k)
    }

    /// Classifies the capitalized run `toks[a..b]`.
    fn run(&mut self, mut a: usize, b: usize, sentence_start: bool) {
        // Calendar words split a run: `Thursday`, `April` (not `Jan Kroslak`, `April Smith`:
        // a first name before a surname; not `Theresa May`: a surname after a first name).
        if let Some(k) = (a..b).find(|&k| {
            self.toks[k].is(cues::CALENDAR)
                && !(k + 1 < b && k == a && self.common_first_name(k))
                && !(k > a && self.month_as_surname(k))
        }) {
            if k > a {
                self.run(a, k, sentence_start);
            }
            if k + 1 < b {
                self.run(k + 1, b, false);
            }
            return;
        }
        // Whole run known as it stands (`The New York Times`, `Bank of England`)?
        if b - a >= 2 && self.known(a, b) {
            return;
        }
        // Common words capitalized by position: `The`, `Officials`, `Speaking` (but `Mark
        // Brooks`, `Will Smith`: a common first name before a name is the name's start).
        while a < b
            && (self.toks[a].lower == "the"
                || (sentence_start || self.toks[a].upper)
                    && self.toks[a].is(cues::COMMON_WORD)
                    && !self.acronym_known(a)
                    && !(a + 1 < b && self.common_first_name(a))
                || !self.toks[a].cap
                    && !self.toks[a].is(cues::PARTICLE)
                    && !self.particle_starts_name(a))
        {
            a += 1;
            if a + 1 < b && self.known(a, b) {
                return;
            }
        }
        if a >= b {
            return;
        }
        // `Trainer Berti Vogts`, `Opener Graham Gooch`: a role noun capitalized by position
        // before a first name and a surname describes the person (titles proper, `Prince
        // Charles`, are read below).
        if b - a >= 3
            && self.toks[a].is(cues::ROLE_WORD)
            && !self.toks[a].is(cues::TITLE_HEAD)
            && (self.kb.first_name(self.toks[a + 1].text).is_some()
                || sentence_start
                    && b - a == 3
                    && self.toks[a + 1..b].iter().all(|t| t.cap && !t.upper)
                    && !is_org_head(self.toks[b - 1].lower)
                    && !is_place_head(self.toks[b - 1].lower))
        {
            let title = self.text(a, a + 1).into_owned();
            self.person(a + 1, b, Some(title), Evidence::Strong);
            return;
        }
        // `Opener Gooch's decision`: the same role noun before a surname alone.
        if sentence_start
            && b - a == 2
            && self.toks[a].is(cues::ROLE_WORD)
            && !self.toks[a].is(cues::TITLE_HEAD)
            && self.toks[a + 1].cap
            && !self.toks[a + 1].upper
            && !self.toks[a + 1].is(cues::COMMON_WORD)
            && !self.toks[a + 1].is(cues::CALENDAR)
            && !is_org_head(self.toks[a + 1].lower)
            && !is_place_head(self.toks[a + 1].lower)
            && !self
                .kb
                .is_place_name(&self.toks[a + 1].text[..self.toks[a + 1].name_len])
            && self.kb.first_name(self.toks[a].text).is_none()
        {
            let title = self.text(a, a + 1).into_owned();
            self.person(a + 1, b, Some(title), Evidence::Weak);
            return;
        }
        if self.known(a, b) {
            return;
        }
        // `Outspoken Andrei Medvedev`, `Teenager Yuuichi Takeda`: a word capitalized only by
        // position, then a common first name and a surname; the name starts at the first name
        // (not `San Jose Sharks`: a place).
        if sentence_start
            && b - a == 3
            && self.kb.first_name(self.toks[a].text).is_none()
            && self.common_first_name_at(a + 1)
            && !self.toks[a].upper
            && !self.toks[a].possessive
            && !self.kb.is_place_name(self.toks[a].text)
            && !self.kb.is_place_name(&self.text(a, a + 2))
            && !is_org_head(self.toks[b - 1].lower)
            && !is_place_head(self.toks[b - 1].lower)
        {
            self.run(a + 1, b, false);
            return;
        }
        // Events, prizes and products: `World Cup`, `Grand Prix`, `U.S. Open`.
        if self.toks[b - 1].is(cues::MISC_HEAD) && (b - a >= 2 || self.toks[b - 1].upper) {
            return;
        }
        if self.org_context(a, b) && self.title_in_run(a, b).is_none() {
            self.push(a, b, Some(EntityKind::Organization), Evidence::Strong);
            return;
        }
        // Title before the name: `Prime Minister Benjamin Netanyahu`, `Maj. Gen. Joseph McGee`,
        // `Secretary of State Antony Blinken`.
        if let Some((k, name_from)) = self.title_in_run(a, b) {
            let title = self.title_text(a, k + 1);
            // `Cofinec CEO Stephen Frater`: the company comes before its chief executive.
            if self.toks[k].lower == "ceo" && k > a {
                self.push(a, k, Some(EntityKind::Organization), Evidence::Weak);
            }
            self.person(name_from, b, Some(title), Evidence::Strong);
            return;
        }
        // A work's title in quotes (`"The Crying Game"`, `"Michael Collins"`) names no one here.
        if self.quoted(a, b) {
            return;
        }
        // `The Dow Jones industrial average`: an index, not the people or firm it is named for.
        if matches!(
            self.after(b, 1),
            Some("industrial" | "industrials" | "average" | "index" | "composite")
        ) {
            return;
        }
        // A demonym or country before a name: `Israeli` (not tagged), `U.S.` (a place); but
        // `Christian Karembeu`, `Chad Curtis`: a common first name before a name starts it.
        if b - a >= 3 && sentence_start {
            // `Controversial Australian Anthony Hill`: an adjective opening the sentence, a
            // demonym, then a first name: the name starts after the demonym.
            if let Some(k) = (a + 1..b - 1).find(|&k| {
                is_demonym(self.toks[k].lower)
                    && !self.toks[k].possessive
                    && self.kb.first_name(self.toks[k + 1].text).is_some()
            }) {
                self.run(k + 1, b, false);
                return;
            }
        }
        if b - a >= 2 && !self.common_first_name(a) {
            let first = &self.toks[a].lower;
            if is_demonym(first) && !self.toks[a].possessive {
                self.run(a + 1, b, false);
                return;
            }
            if self.country_word(a) && !self.toks[a].possessive {
                self.push(a, a + 1, Some(EntityKind::Place), Evidence::Strong);
                self.run(a + 1, b, false);
                return;
            }
        }
        // `South Korean`, `Roman Catholic`: peoples and faiths, not names (`R. Irani` is one).
        if self.toks[b - 1].is(cues::DEMONYM)
            && !(b - a >= 2 && (is_initial(self.toks[a].text) || self.common_first_name(a)))
        {
            return;
        }
        let last = &self.toks[b - 1].lower;
        let first = &self.toks[a].lower;
        // A nickname in quotes (`Roberto "Hands of Stone" Duran`) is not counted.
        let n = self.words_outside_quotes(a, b);
        // Sports results and standings: teams are organizations, countries stay places.
        if (self.score_line || self.sports)
            && self
                .toks
                .get(b)
                .is_some_and(|t| !t.word && t.text.starts_with(|c: char| c.is_ascii_digit()))
        {
            let kind = if self.is_country(a, b) {
                EntityKind::Place
            } else if b - a >= 2 && (is_initial(self.toks[a].text) || self.common_first_name_at(a))
            {
                // A scorecard's `G. Kersey c Smith b Jones 12`, an averages table's `Mike
                // Atherton 3 5 0 162`.
                EntityKind::Person
            } else {
                EntityKind::Organization
            };
            self.push(a, b, Some(kind), Evidence::Weak);
            return;
        }
        if n >= 2 && (is_org_head(last) || is_org_lead(first) && self.has_of(a, b)) {
            self.push(a, b, Some(EntityKind::Organization), Evidence::Strong);
            return;
        }
        if n >= 2
            && (is_place_head(last)
                || is_place_lead(first) && self.kb.is_place_name(&self.text(a + 1, b)))
        {
            self.push(a, b, Some(EntityKind::Place), Evidence::Weak);
            return;
        }
        // (Not after a role: `finalist MaliVai Washington`, `11th-seeded MaliVai Washington`.)
        let role_before = a.checked_sub(1).is_some_and(|p| {
            let t = &self.toks[p];
            !t.cap && (t.is(cues::ROLE_WORD) || t.lower.ends_with("-seeded"))
        });
        if (2..=3).contains(&n) && !role_before && self.kb.first_name(self.toks[a].text).is_none() {
            // `Bayern Munich`, `Feyenoord Rotterdam`, `Ajax Amsterdam`: a place inside a name
            // that is not a person's (no first name) is a club or company.
            let has_place = self.toks[a..b].iter().any(|t| {
                self.kb.place(t.text, Case::Sensitive).is_some_and(|p| {
                    p.population.unwrap_or(0) >= 100_000 || p.kind != PlaceKind::City
                })
            });
            if has_place {
                self.push(a, b, Some(EntityKind::Organization), Evidence::Weak);
                return;
            }
        }
        if n >= 2 {
            // Two known names side by side (`Gaza City Hamas`) are rare; a person is likelier.
            let looks_person = self.toks[a..b].iter().all(|t| {
                t.cap && !t.upper
                    || t.is(cues::PARTICLE)
                    || t.is(cues::SUFFIX)
                    || is_initial(t.text)
            }) || self.kb.first_name(self.toks[a].text).is_some();
            // `Air Force One`, `Boeing 737`: a numbered thing is no one's name.
            let numbered = self.toks[a..b].iter().any(|t| {
                matches!(
                    t.lower,
                    "one" | "two" | "three" | "four" | "five" | "ii" | "iii"
                ) && !t.is(cues::SUFFIX)
            });
            if looks_person && n <= 5 && !numbered {
                let ev = if self.kb.first_name(self.toks[a].text).is_some()
                    || is_initial(self.toks[a].text)
                {
                    Evidence::Strong
                } else {
                    Evidence::Weak
                };
                let title = self.title_before(a);
                // `Fox Business`, `Dow Chemical`, `Changi Prison`: no first name or title vouches
                // for a person, and the last word is a common noun, not a surname.
                if ev == Evidence::Weak && title.is_none() && self.ends_in_common_noun(b) {
                    self.push(a, b, None, Evidence::None);
                    if let Some(c) = self.out.last_mut() {
                        c.likely_common = true;
                    }
                    return;
                }
                self.person(a, b, title, ev);
                return;
            }
            self.push(a, b, None, Evidence::None);
            return;
        }
        // One word.
        self.single(a, sentence_start);
    }

    /// Does the run ending before `b` end in a common noun that is not a surname of some
    /// currency (`Fox Business`, `Dow Chemical`; not `Tim Cook`)? See `src/data/common_nouns.txt`.
    fn ends_in_common_noun(&self, b: usize) -> bool {
        let last = &self.toks[b - 1];
        let flags = if last.possessive && last.name_len < last.lower.len() {
            cues::word_flags(&last.lower[..last.name_len])
        } else {
            last.flags()
        };
        let common = cues::COMMON_NOUN | cues::COMMON_WORD | cues::ROLE_WORD;
        flags & common != 0 && !self.kb.is_common_surname(&last.text[..last.name_len])
    }

    /// `US`, `UN`, `WHO` written as acronyms: known names, not the common words `us`, `un`, `who`.
    fn acronym_known(&self, a: usize) -> bool {
        let t = &self.toks[a];
        t.upper
            && t.text.len() >= 2
            && (self.kb.place(t.text, Case::Sensitive).is_some()
                || self.kb.organization(t.text, Case::Sensitive).is_some())
    }

    /// `U.S.`, `US`, `Britain`… as the first word of a longer run.
    fn country_word(&self, a: usize) -> bool {
        let t = self.toks[a].text;
        self.kb
            .places(t, Case::Sensitive)
            .first()
            .is_some_and(|p| p.kind == PlaceKind::Country)
    }

    fn is_country(&self, a: usize, b: usize) -> bool {
        self.kb
            .places(&self.text(a, b), Case::Sensitive)
            .first()
            .is_some_and(|p| matches!(p.kind, PlaceKind::Country | PlaceKind::Region))
    }

    fn has_of(&self, a: usize, b: usize) -> bool {
        self.toks[a..b]
            .iter()
            .any(|t| t.lower == "of" || t.lower == "for")
    }

    /// Is the whole run a name the knowledge base knows? Pushes it if so.
    fn known(&mut self, a: usize, b: usize) -> bool {
        if a >= b || b - a > MAX_GAZ_WORDS {
            return false;
        }
        let text = self.text(a, b);
        // Most runs are in no list: ruled out with one hash, not a lookup in each.
        if !self.kb.may_know(&text) {
            return false;
        }
        if b - a >= 2 && self.kb.has_person(&text, Case::Sensitive) {
            self.person(a, b, self.title_before(a), Evidence::Strong);
            return true;
        }
        if (b - a >= 2 || !self.toks[a].is(cues::COMMON_WORD))
            && self.kb.organization(&text, Case::Sensitive).is_some()
        {
            self.push(a, b, Some(EntityKind::Organization), Evidence::Strong);
            return true;
        }
        if let Some(p) = self.kb.place(&text, Case::Sensitive) {
            // One word that names a small town is more often a surname (`Dalton`, `Clinton`).
            let big =
                p.kind != PlaceKind::City || p.population.unwrap_or(0) >= 100_000 || p.standalone;
            if b - a >= 2 || big && !self.score_line {
                self.push(a, b, Some(EntityKind::Place), Evidence::Strong);
                return true;
            }
        }
        // `LONDON 1996-08-30`, `NEW YORK`: capitals in ordinary text are compared without case.
        if self.toks[a..b].iter().all(|t| t.upper)
            && !(b - a == 1 && self.toks[a].is(cues::COMMON_WORD))
        {
            if let Some(kind) = self.caps_lookup(&text, b - a) {
                self.push(a, b, Some(kind), Evidence::Weak);
                return true;
            }
        }
        false
    }

    /// A title head inside the run followed by at least one name word: the head's index and
    /// where the name starts.
    fn title_in_run(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let mut found = None;
        let mut k = a;
        while k + 1 < b {
            let t = &self.toks[k];
            if t.is(cues::TITLE_HEAD) || t.lower == "executive" {
                let mut name_from = k + 1;
                // `Secretary of State Antony Blinken`, `Minister for Foreign Affairs X`.
                if matches!(self.toks[name_from].lower, "of" | "for") {
                    name_from += 2;
                    while name_from < b
                        && (self.toks[name_from].lower == "and"
                            || matches!(
                                self.toks[name_from].lower,
                                "affairs"
                                    | "defense"
                                    | "defence"
                                    | "state"
                                    | "security"
                                    | "development"
                            ))
                    {
                        name_from += 1;
                    }
                }
                if name_from < b {
                    found = Some((k, name_from));
                }
            }
            k += 1;
        }
        let (k, name_from) = found?;
        // The name must be a name: not only suffixes, not an organization (`General Motors`).
        let rest = &self.toks[name_from..b];
        if rest.iter().all(|t| t.is(cues::SUFFIX)) {
            return None;
        }
        if rest.last().is_some_and(|t| t.is(cues::ORG_HEAD)) {
            return None;
        }
        // A first name that is also a title word (`Dean Smith`, `Major Owens`) starts a name.
        if k == a
            && b - name_from == 1
            && self
                .kb
                .first_name(self.toks[k].text)
                .is_some_and(|f| f.male + f.female > 20)
            && !self.toks[k].text.ends_with('.')
        {
            return None;
        }
        Some((k, name_from))
    }

    /// The title words `toks[a..b]`, with lowercase modifiers before them (`former President`).
    fn title_text(&self, a: usize, b: usize) -> String {
        let mut start = a;
        while start > 0 {
            let p = &self.toks[start - 1];
            if p.word
                && matches!(
                    p.lower,
                    "former"
                        | "acting"
                        | "interim"
                        | "then"
                        | "late"
                        | "deputy"
                        | "outgoing"
                        | "incoming"
                )
            {
                start -= 1;
            } else {
                break;
            }
        }
        let pre = self.title_before(start);
        let own = self.text(start, b);
        match pre {
            Some(p) if start == a => format!("{p} {own}"),
            _ => own.into_owned(),
        }
    }

    /// A lowercase description right before a name: `spokesperson John Kirby`, `national security
    /// adviser Tzachi Hanegbi`, `National Security Council spokesperson`, `Hamas' military
    /// leader, Yahya Sinwar`.
    fn title_before(&self, a: usize) -> Option<String> {
        let mut k = a;
        // An appositive: `Hamas' military leader, Yahya Sinwar,`
        if k >= 2 && self.toks[k - 1].text == "," {
            k -= 1;
        }
        let end = k;
        let mut has_role = false;
        while k > 0 {
            let p = &self.toks[k - 1];
            let lower = p.lower;
            if p.word && (is_role_word(lower) || is_title_head(lower)) {
                has_role = true;
                k -= 1;
            } else if p.word
                && !p.cap
                && matches!(
                    lower,
                    "national"
                        | "security"
                        | "top"
                        | "policy"
                        | "military"
                        | "political"
                        | "foreign"
                        | "defense"
                        | "defence"
                        | "senior"
                        | "former"
                        | "deputy"
                        | "chief"
                        | "acting"
                        | "interim"
                        | "press"
                        | "communications"
                        | "economic"
                        | "trade"
                        | "finance"
                        | "health"
                        | "justice"
                        | "state"
                        | "vice"
                        | "assistant"
                        | "associate"
                        | "executive"
                        | "general"
                        | "strategic"
                        | "regional"
                        | "local"
                        | "federal"
                        | "international"
                        | "human"
                        | "rights"
                        | "party"
                        | "opposition"
                        | "government"
                        | "army"
                        | "police"
                        | "intelligence"
                        | "legal"
                        | "campaign"
                        | "team"
                        | "club"
                        | "union"
                        | "company"
                        | "development"
                        | "research"
                        | "sales"
                        | "marketing"
                        | "public"
                        | "affairs"
                        | "energy"
                        | "oil"
                        | "budget"
                        | "treasury"
                        | "cabinet"
                        | "lead"
                        | "head"
                )
            {
                k -= 1;
            } else if p.word && p.cap && has_role_ahead(self.toks, k, end) {
                // `National Security Council spokesperson`, `Middle East policy director`,
                // `Israeli`, `Hamas'` (its apostrophe comes next).
                k -= 1;
            } else if !p.word && (p.text == "'" || p.text == "’") && k >= 2 && self.toks[k - 2].word
            {
                k -= 1;
            } else {
                break;
            }
        }
        if !has_role || k == end {
            return None;
        }
        // An appositive title needs a name set off after it, and a bare title needs its head
        // right before the name (`spokesperson John Kirby`).
        let s = self.join(k, end, false);
        let s = s.trim();
        let s = s
            .strip_prefix("the ")
            .or_else(|| s.strip_prefix("The "))
            .unwrap_or(s)
            .trim()
            .to_string();
        (!s.is_empty()).then_some(s)
    }

    fn person(&mut self, a: usize, b: usize, title: Option<String>, ev: Evidence) {
        // A suffix after a comma is not part of the run; inside the run it belongs to the name.
        self.push_titled(a, b, Some(EntityKind::Person), ev, title);
    }

    fn push(&mut self, a: usize, b: usize, kind: Option<EntityKind>, ev: Evidence) {
        self.push_titled(a, b, kind, ev, None);
    }

    fn push_titled(
        &mut self,
        a: usize,
        b: usize,
        kind: Option<EntityKind>,
        ev: Evidence,
        title: Option<String>,
    ) {
        if a >= b {
            return;
        }
        let start = self.toks[a].span.start;
        let last = &self.toks[b - 1];
        let end = last.span.start + last.name_len;
        let text = self.text(a, b);
        // Tokens hold no white space: `text` has a word more than it has gaps between tokens.
        let gaps = self.toks[a..b]
            .windows(2)
            .filter(|w| w[1].span.start > w[0].span.end)
            .count();
        let span = Span::new(start, end);
        let mut c = Cand::of_words(self.keys, span, &text, gaps + 1, kind, ev);
        c.title = title;
        c.caps = self.caps;
        let prev = a.checked_sub(1).map(|p| &self.toks[p]);
        if prev.is_some_and(|p| p.is(cues::PLACE_PREP)) && kind != Some(EntityKind::Person) {
            c.place_cue = true;
        }
        // A dateline line of its own: `LONDON 1996-08-30`.
        let date_after = b + 1 == self.toks.len()
            && self.toks[b]
                .text
                .starts_with(|ch: char| ch.is_ascii_digit())
            && self.toks[b].text.contains('-');
        if a == 0 && date_after {
            c.place_cue = true;
        }
        self.out.push(c);
    }

    /// Is `toks[k]` a first name common enough to start a name even where the word is also a
    /// common word, month, demonym or country (`Mark`, `Jan`, `Christian`, `Chad`)? Only when a
    /// capitalized word that is not a place follows.
    fn common_first_name(&self, k: usize) -> bool {
        let t = &self.toks[k];
        let next = self.toks.get(k + 1);
        !t.upper
            && next.is_some_and(|n| {
                n.word && n.cap && !n.upper && !n.is(cues::CALENDAR) && !n.is(cues::COMMON_WORD)
            })
            && next.is_some_and(|n| {
                self.kb
                    .place(&n.text[..n.name_len], Case::Sensitive)
                    .is_none()
            })
            && self
                .kb
                .first_name(t.text)
                .is_some_and(|f| f.male.max(f.female) >= 20)
    }

    /// Is `toks[a..b]` exactly what a pair of quotation marks holds?
    fn quoted(&self, a: usize, b: usize) -> bool {
        let open = a.checked_sub(1).map(|i| self.toks[i].text);
        let close = self.toks.get(b).map(|t| t.text);
        let close2 = self.toks.get(b + 1).map(|t| t.text);
        matches!(open, Some("\"" | "“"))
            && (matches!(close, Some("\"" | "”"))
                || matches!(close, Some("," | ".")) && matches!(close2, Some("\"" | "”")))
    }

    /// The lowercase word `k` places after the name `toks[a..b]` (1 = right after), looking past
    /// a possessive's lone apostrophe (`Hamas' leader`).
    fn after(&self, b: usize, k: usize) -> Option<&'a str> {
        let mut i = b;
        if self
            .toks
            .get(i)
            .is_some_and(|t| !t.word && (t.text == "'" || t.text == "’"))
        {
            i += 1;
        }
        self.toks.get(i + k - 1).map(|t| t.lower)
    }

    fn before(&self, a: usize, k: usize) -> Option<&'a str> {
        a.checked_sub(k).map(|i| self.toks[i].lower)
    }

    /// Words around a name that say it is an organization, whatever the name: `shares in X`,
    /// `the daily X`, `X said in a statement`, `X shares`, `X's chief executive`, `the X`
    /// plural in sports copy (`the Mets`).
    fn org_context(&self, a: usize, b: usize) -> bool {
        let last = &self.toks[b - 1];
        let p1 = self.before(a, 1);
        let p2 = self.before(a, 2);
        let n1 = self.after(b, 1);
        if matches!(p1, Some("in" | "of" | "for"))
            && matches!(
                p2,
                Some("shares" | "stake" | "stakes" | "shareholders" | "bid" | "offer" | "takeover")
            )
        {
            return true;
        }
        if matches!(
            p1,
            Some(
                "daily"
                    | "newspaper"
                    | "weekly"
                    | "magazine"
                    | "agency"
                    | "broadcaster"
                    | "carrier"
                    | "airline"
                    | "insurer"
                    | "retailer"
                    | "brokerage"
                    | "conglomerate"
                    | "automaker"
                    | "carmaker"
                    | "bank"
                    | "firm"
                    | "club"
                    | "clubs"
                    | "champions"
                    | "side"
                    | "sides"
            )
        ) && !self.toks[a].upper
        {
            return true;
        }
        let corporate_next = matches!(
            n1,
            Some(
                "shares"
                    | "stock"
                    | "newspaper"
                    | "daily"
                    | "weekly"
                    | "shareholders"
                    | "subsidiary"
                    | "unit"
                    | "plc"
                    | "spokesman"
                    | "spokeswoman"
                    | "spokesperson"
                    | "chairman"
                    | "executives"
                    | "management"
                    | "directors"
            )
        );
        if corporate_next && !last.possessive {
            return true;
        }
        // People issue statements too: not a name that opens with a common first name.
        if n1 == Some("said")
            && self.after(b, 2) == Some("in")
            && self.after(b, 4) == Some("statement")
            && !(b - a >= 2 && self.common_first_name_at(a))
        {
            return true;
        }
        if last.possessive
            && matches!(
                n1,
                Some(
                    "chief"
                        | "chairman"
                        | "shares"
                        | "board"
                        | "shareholders"
                        | "subsidiary"
                        | "unit"
                        | "profit"
                        | "profits"
                        | "earnings"
                        | "sales"
                        | "revenue"
                        | "revenues"
                        | "stock"
                        | "headquarters"
                        | "coach"
                        | "manager"
                        | "striker"
                        | "midfielder"
                        | "goalkeeper"
                        | "captain"
                        | "defender"
                )
            )
        {
            return true;
        }
        // `the Mets`, `the All Blacks`, `the White Sox`: a team's plural name.
        if self.sports
            && matches!(p1, Some("the"))
            && !last.possessive
            && (last.lower.ends_with('s') && !last.lower.ends_with("ss") || last.lower == "sox")
            && !self.kb.is_place_name(&self.text(a, b))
            && !last.is(cues::DEMONYM)
        {
            return true;
        }
        false
    }

    /// One capitalized word.
    fn single(&mut self, a: usize, sentence_start: bool) {
        let t = &self.toks[a];
        let name = &t.text[..t.name_len];
        if t.is(cues::COMMON_WORD) && (sentence_start || t.upper) || t.is(cues::DEMONYM) {
            return;
        }
        if name.chars().nth(1).is_none() || t.is(cues::CALENDAR) {
            return;
        }
        let next = self.toks.get(a + 1);
        let prev = a.checked_sub(1).map(|p| &self.toks[p]);
        let said = next.is_some_and(|n| n.is(cues::SAY_VERB));
        let after_said =
            prev.is_some_and(|p| matches!(p.lower, "said" | "says" | "told" | "according"));
        let prep = prev.is_some_and(|p| p.is(cues::PLACE_PREP));
        if let Some(title) = self.title_before(a) {
            // `spokesperson Kirby`: lowercase role right before.
            if prev.is_some_and(|p| p.is(cues::ROLE_WORD) || p.is(cues::TITLE_HEAD)) {
                self.person(a, a + 1, Some(title), Evidence::Strong);
                return;
            }
        }
        if self.kb.has_person(name, Case::Sensitive) {
            // A one-word variant a house list gives (`Zelensky`).
            self.person(a, a + 1, None, Evidence::Strong);
            return;
        }
        let place = self.kb.place(name, Case::Sensitive);
        if self.kb.organization(name, Case::Sensitive).is_some() {
            self.push(a, a + 1, Some(EntityKind::Organization), Evidence::Strong);
            return;
        }
        let country = place.is_some_and(|p| p.kind != PlaceKind::City);
        if !country && self.org_context(a, a + 1) {
            self.push(a, a + 1, Some(EntityKind::Organization), Evidence::Strong);
            return;
        }
        if place.is_none() && is_acronym(t.text) && !self.caps && !is_roman(t.lower) {
            // `KDP`, `FOMC`, `NLD`: an unknown acronym in running text names a body far more
            // often than a person or a place.
            self.push(a, a + 1, Some(EntityKind::Organization), Evidence::Weak);
            return;
        }
        if place.is_none() && t.lower.ends_with("shire") && t.lower.len() > 6 {
            // English counties (`Derbyshire`): places, or in sports copy their sides.
            self.push(a, a + 1, Some(EntityKind::Place), Evidence::Weak);
            return;
        }
        if let Some(p) = place {
            let big =
                p.kind != PlaceKind::City || p.population.unwrap_or(0) >= 100_000 || p.standalone;
            if big || prep {
                self.push(
                    a,
                    a + 1,
                    Some(EntityKind::Place),
                    if big {
                        Evidence::Strong
                    } else {
                        Evidence::Weak
                    },
                );
                return;
            }
        }
        if sentence_start
            && self.kb.first_name(name).is_none()
            && self.kb.surname(name).is_none()
            && place.is_none()
        {
            // A capitalized first word nothing else vouches for is most likely a common word
            // (`Dealers said`); the rest of the article may still show it is a name.
            self.push(a, a + 1, None, Evidence::None);
            if let Some(c) = self.out.last_mut() {
                c.likely_common = true;
            }
            return;
        }
        if said || after_said {
            self.person(a, a + 1, None, Evidence::Weak);
            return;
        }
        if prep && place.is_some() {
            self.push(a, a + 1, Some(EntityKind::Place), Evidence::Weak);
            return;
        }
        self.push(a, a + 1, None, Evidence::None);
    }

    /// `Washington-based`, `Obama-era`, `Israeli-led`: the capitalized part before a lowercase
    /// suffix is a name of its own.
    fn hyphen_prefixes(&mut self) {
        for i in 0..self.toks.len() {
            let t = &self.toks[i];
            if !t.word || !t.cap {
                continue;
            }
            let Some(dash) = hyphen_suffix(t.text) else {
                continue;
            };
            let suffix = &t.text[dash + 1..];
            let prefix = &t.text[..dash];
            if prefix.contains('-') || is_demonym(&prefix.to_lowercase()) {
                continue;
            }
            let span = Span::new(t.span.start, t.span.start + dash);
            let (kind, ev) = if suffix == "based" {
                (Some(EntityKind::Place), Evidence::Strong)
            } else if let Some(p) = self.kb.place(prefix, Case::Sensitive) {
                let _ = p;
                (Some(EntityKind::Place), Evidence::Weak)
            } else if self.kb.organization(prefix, Case::Sensitive).is_some() {
                (Some(EntityKind::Organization), Evidence::Strong)
            } else {
                (None, Evidence::None)
            };
            let mut c = Cand::new(self.keys, span, prefix, kind, ev);
            c.place_cue = suffix == "based";
            self.out.push(c);
        }
    }

    /// An all-capitals sentence: only names the knowledge base knows, and words the body will
    /// explain, count.
    fn caps_sentence(&mut self) {
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            let t = &self.toks[i];
            if !t.word || !t.text.starts_with(char::is_alphabetic) {
                i += 1;
                continue;
            }
            let mut matched = false;
            for len in (1..=MAX_GAZ_WORDS.min(n - i)).rev() {
                if !self.toks[i..i + len].iter().all(|w| w.word) {
                    continue;
                }
                if len == 1 && t.is(cues::COMMON_WORD) {
                    break;
                }
                let text = self.text(i, i + len);
                if let Some(kind) = self.caps_lookup(&text, len) {
                    self.push(i, i + len, Some(kind), Evidence::Weak);
                    i += len;
                    matched = true;
                    break;
                }
            }
            if !matched {
                if !t.is(cues::COMMON_WORD)
                    && !t.is(cues::DEMONYM)
                    && t.text.chars().nth(1).is_some()
                {
                    self.push(i, i + 1, None, Evidence::None);
                }
                i += 1;
            }
        }
    }

    fn caps_lookup(&self, text: &str, words: usize) -> Option<EntityKind> {
        if words >= 2 && self.kb.has_person(text, Case::Insensitive) {
            return Some(EntityKind::Person);
        }
        if let Some(p) = self.kb.place(text, Case::Insensitive) {
            if p.kind != PlaceKind::City || p.population.unwrap_or(0) >= 200_000 || p.standalone {
                return Some(EntityKind::Place);
            }
        }
        let orgs = self.kb.organizations(text, Case::Insensitive);
        if orgs
            .iter()
            .any(|o| words >= 2 || o.name.eq_ignore_ascii_case(text) && text.len() > 3)
        {
            return Some(EntityKind::Organization);
        }
        None
    }
}

/// Where the lowercase suffix of `Boston-based` or `Obama-era` starts (the hyphen's index).
// Always inlined: asked of every capitalized word, and most have no hyphen.
#[inline(always)]
fn hyphen_suffix(text: &str) -> Option<usize> {
    // Asked of every token: most start in lowercase or with no hyphen, told by their bytes.
    if text
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return None;
    }
    let dash = text.bytes().rposition(|b| b == b'-')?;
    let suffix = &text[dash + 1..];
    (dash > 0 && suffix.starts_with(char::is_lowercase) && text.starts_with(char::is_uppercase))
        .then_some(dash)
}

fn has_role_ahead(toks: &[W<'_>], k: usize, end: usize) -> bool {
    toks[k..end].iter().any(|t| t.is(cues::ROLE_WORD) && !t.cap)
}

/// `KDP`, `FOMC`: three to six capitals, nothing else (not `U.S.`, not `A`).
fn is_acronym(t: &str) -> bool {
    (3..=6).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase())
}

/// Roman numerals and the like that are written in capitals but name nothing.
fn is_roman(lower: &str) -> bool {
    lower
        .bytes()
        .all(|b| matches!(b, b'i' | b'v' | b'x' | b'l' | b'c' | b'm' | b'd'))
        || matches!(
            lower,
            "gmt"
                | "est"
                | "edt"
                | "cet"
                | "bst"
                | "pdt"
                | "pst"
                | "cdt"
                | "cst"
                | "utc"
                | "ceo"
                | "cfo"
                | "coo"
                | "gdp"
                | "gnp"
                | "cpi"
                | "ppi"
                | "vat"
                | "ipo"
                | "usd"
                | "aids"
                | "hiv"
                | "dna"
                | "tv"
                | "atp"
                | "wta"
                | "rbi"
                | "era"
                | "mph"
                | "kph"
                | "fob"
                | "cif"
                | "eps"
                | "ebit"
                | "nav"
                | "ytd"
                | "yoy"
                | "pct"
                | "mln"
                | "bln"
                | "dlr"
                | "dlrs"
                | "nil"
                | "and"
                | "the"
                | "for"
                | "not"
                | "new"
                | "oct"
                | "nov"
                | "dec"
        )
}

/// `J.`, `J.R.`: initials.
fn is_initial(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 2
        && b[b.len() - 1] == b'.'
        && t.chars().filter(|c| c.is_alphabetic()).count() <= 3
        && t.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests;
