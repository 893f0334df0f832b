//! Word lists kept as data (`src/data/*.txt`), read once into hash lookups.
//!
//! A list file has `[section]` headers. Under a plain header a line holds any number of single
//! words; under a header marked `[name phrases]` each line is one entry, possibly of several
//! words (`at least`). Matching is on lowercase token texts, so the lists are lowercase.

use super::article::Paragraph;
use super::finding::Span;
use super::settings::list_lines;
use super::text::{Sentence, Token, TokenKind};
use crate::bits::Bits;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

pub use crate::kb::FxHasher;

pub type FxBuild = BuildHasherDefault<FxHasher>;

/// The Fx hash of a word's bytes: a key made once and kept, where a word is looked up often.
pub fn fx_hash(word: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}
pub type FxSet = HashSet<String, FxBuild>;
type FxMap<V> = HashMap<String, V, FxBuild>;

/// Per first byte, bit `min(len, 63)` set for the lengths of the words starting with it: a word
/// whose first byte and length no word has is ruled out before it is hashed, as most are.
#[derive(Debug, Clone)]
struct LengthFilter(Box<[u64; 256]>);

impl Default for LengthFilter {
    fn default() -> Self {
        LengthFilter(Box::new([0; 256]))
    }
}

impl LengthFilter {
    fn add(&mut self, word: &str) {
        if let Some(&b) = word.as_bytes().first() {
            self.0[usize::from(b)] |= 1 << word.len().min(63);
        }
    }

    fn may_hold(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .is_some_and(|&b| self.0[usize::from(b)] >> word.len().min(63) & 1 == 1)
    }
}

/// A set of words looked up once per word of running text: a word whose first byte and length
/// no word of the set has is ruled out before it is hashed, as most words are.
#[derive(Debug, Clone)]
pub struct FilteredSet {
    words: FxSet,
    lengths: LengthFilter,
}

impl FilteredSet {
    pub fn contains(&self, word: &str) -> bool {
        self.lengths.may_hold(word) && self.words.contains(word)
    }

    pub fn words(&self) -> &FxSet {
        &self.words
    }
}

impl FromIterator<String> for FilteredSet {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let words: FxSet = iter.into_iter().collect();
        let mut lengths = LengthFilter::default();
        for w in &words {
            lengths.add(w);
        }
        FilteredSet { words, lengths }
    }
}

/// A one-bit-per-key filter on a word's first two bytes, last two bytes and length: sharper
/// than `LengthFilter` for keys that are common words (`a`, `in`, `is`, `said`), whose first
/// byte and length many other words share.
#[derive(Debug, Clone)]
struct ShapeFilter(Bits<256>);

impl ShapeFilter {
    /// One of the filter's 16,384 bits.
    #[inline]
    fn bit(word: &str) -> usize {
        let b = word.as_bytes();
        let at = |k: usize| u64::from(b.get(k).copied().unwrap_or(0));
        let n = b.len();
        let shape = at(0)
            | at(1) << 8
            | at(n.wrapping_sub(1)) << 16
            | at(n.wrapping_sub(2)) << 24
            | (n as u64) << 32;
        (shape.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 50) as usize
    }

    fn add(&mut self, word: &str) {
        self.0.set(Self::bit(word));
    }

    #[inline]
    fn may_hold(&self, word: &str) -> bool {
        self.0.get(Self::bit(word))
    }
}

/// A map from words, looked up once per word of running text: a word no key could be is
/// ruled out before it is hashed.
#[derive(Debug, Clone)]
pub struct FilteredMap<V> {
    map: FxMap<V>,
    shapes: ShapeFilter,
}

impl<V> FilteredMap<V> {
    #[inline]
    pub fn get(&self, word: &str) -> Option<&V> {
        if self.shapes.may_hold(word) {
            self.map.get(word)
        } else {
            None
        }
    }
}

impl<V> From<HashMap<String, V, FxBuild>> for FilteredMap<V> {
    fn from(map: HashMap<String, V, FxBuild>) -> Self {
        let mut shapes = ShapeFilter(Bits::new());
        for w in map.keys() {
            shapes.add(w);
        }
        FilteredMap { map, shapes }
    }
}

/// A sentence's tokens with their texts as written and in lowercase, ready for list lookups:
/// a view into its paragraph's [`ParagraphWords`].
#[derive(Clone, Copy)]
pub struct Words<'w, 'a> {
    pub tokens: &'a [Token],
    /// Token texts as written.
    pub text: &'w [&'a str],
    /// Token texts in ASCII lowercase (the lists are ASCII, so offsets stay those of `text`).
    pub lower: &'w [&'a str],
}

/// Each sentence's words of a paragraph, made once: the figures and attribution passes both
/// read them. The texts of all the paragraph's tokens are in one list (a pair of lists a
/// sentence cost two allocations each).
pub struct ParagraphWords<'a> {
    sentences: &'a [Sentence],
    /// Every token's text as written, then every token's text in lowercase.
    texts: Vec<&'a str>,
    /// Where each sentence starts in either half of `texts`.
    starts: SentenceStarts,
}

/// Where each sentence's items start in a list that holds a paragraph's sentences' items one
/// sentence after another. Kept for the sentences after the first only: a paragraph of one
/// sentence (most) allocates nothing.
#[derive(Debug, Default)]
pub(crate) struct SentenceStarts {
    sentences: usize,
    later: Vec<usize>,
}

impl SentenceStarts {
    /// None yet, with room for `sentences`.
    pub(crate) fn with_room(sentences: usize) -> Self {
        SentenceStarts {
            sentences: 0,
            later: Vec::with_capacity(sentences.saturating_sub(1)),
        }
    }

    /// The next sentence's items start at `at` of the list.
    pub(crate) fn push(&mut self, at: usize) {
        if self.sentences > 0 {
            self.later.push(at);
        }
        self.sentences += 1;
    }

    /// The number of sentences.
    pub(crate) fn len(&self) -> usize {
        self.sentences
    }

    /// Where sentence `si`'s items are in the list, of `total` items in all.
    pub(crate) fn range(&self, si: usize, total: usize) -> Option<std::ops::Range<usize>> {
        if si >= self.sentences {
            return None;
        }
        let start = si.checked_sub(1).map_or(0, |before| self.later[before]);
        let end = self.later.get(si).copied().unwrap_or(total);
        Some(start..end)
    }
}

impl<'a> ParagraphWords<'a> {
    /// The number of sentences.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// Sentence `si`'s words.
    pub fn get(&self, si: usize) -> Option<Words<'_, 'a>> {
        let sentence = self.sentences.get(si)?;
        let half = self.texts.len() / 2;
        let range = self.starts.range(si, half)?;
        Some(Words {
            tokens: &sentence.tokens,
            text: &self.texts[range.clone()],
            lower: &self.texts[half + range.start..half + range.end],
        })
    }

    /// Sentence `si`'s words; `si` must be one of the paragraph's sentences.
    pub fn sentence(&self, si: usize) -> Words<'_, 'a> {
        self.get(si).expect("a sentence of the paragraph")
    }

    pub fn first(&self) -> Option<Words<'_, 'a>> {
        self.get(0)
    }

    pub fn last(&self) -> Option<Words<'_, 'a>> {
        self.get(self.len().checked_sub(1)?)
    }

    /// Each sentence's words, in order.
    pub fn iter(&self) -> impl Iterator<Item = Words<'_, 'a>> + '_ {
        (0..self.len()).filter_map(|si| self.get(si))
    }
}

impl<'w, 'a> Words<'w, 'a> {
    /// Each sentence's words of a paragraph. `lower` is the article's prose lowercased with
    /// `to_ascii_lowercase`, so spans agree.
    pub fn of_paragraph(
        block: &'a Paragraph,
        prose: &'a str,
        lower: &'a str,
    ) -> ParagraphWords<'a> {
        let sentences = &block.sentences[..];
        let count = sentences.iter().map(|s| s.tokens.len()).sum::<usize>();
        let mut texts = Vec::with_capacity(2 * count);
        for source in [prose, lower] {
            // Sentence by sentence: a slice's length is known, so each is copied in without a
            // check per token (a flattened iterator's is not).
            for s in sentences {
                texts.extend(s.tokens.iter().map(|t| t.span.text(source)));
            }
        }
        let mut starts = SentenceStarts::with_room(sentences.len());
        let mut start = 0;
        for s in sentences {
            starts.push(start);
            start += s.tokens.len();
        }
        ParagraphWords {
            sentences,
            texts,
            starts,
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn span(&self, i: usize) -> Span {
        self.tokens[i].span
    }

    /// From the start of token `a` to the end of token `b` (inclusive).
    pub fn span_of(&self, a: usize, b: usize) -> Span {
        Span::new(self.tokens[a].span.start, self.tokens[b].span.end)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    pub fn is_punct(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct)
    }

    /// The lowercase text of token `i`, or "" past either end.
    pub fn low(&self, i: usize) -> &'a str {
        self.lower.get(i).copied().unwrap_or("")
    }

    /// Whether token `i` is a word that starts with a capital letter.
    pub fn capitalized(&self, i: usize) -> bool {
        self.is_word(i)
            && self.text[i]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase())
    }

    /// Whether tokens `a` and `b` touch (no space between).
    pub fn adjacent(&self, a: usize, b: usize) -> bool {
        match (self.tokens.get(a), self.tokens.get(b)) {
            (Some(x), Some(y)) => x.span.end == y.span.start,
            _ => false,
        }
    }
}

/// The entries of a section that start (or end) with one word: whether the word is an entry by
/// itself, and the phrases of two or more words, longest first.
#[derive(Debug, Default)]
struct Entries {
    single: bool,
    phrases: Vec<Vec<String>>,
}

/// Single words and multi-word phrases of one section.
#[derive(Debug, Default)]
pub struct WordSet {
    /// Single words and phrases, keyed by their first word: one lookup answers both.
    by_first: FxMap<Entries>,
    /// The same keyed by their last word, for matching backwards from a figure.
    by_last: FxMap<Entries>,
    /// Rules out, before hashing, a word that is no key of either map.
    keys: LengthFilter,
}

impl WordSet {
    fn add(&mut self, entry: &str) {
        let parts: Vec<String> = entry.split_whitespace().map(str::to_string).collect();
        match parts.len() {
            0 => {}
            1 => {
                self.keys.add(&parts[0]);
                self.by_first.entry(parts[0].clone()).or_default().single = true;
                self.by_last.entry(parts[0].clone()).or_default().single = true;
            }
            _ => {
                let last = parts[parts.len() - 1].clone();
                self.keys.add(&parts[0]);
                self.keys.add(&last);
                self.by_first
                    .entry(parts[0].clone())
                    .or_default()
                    .phrases
                    .push(parts.clone());
                self.by_last.entry(last).or_default().phrases.push(parts);
            }
        }
    }

    fn finish(&mut self) {
        for entries in self.by_first.values_mut().chain(self.by_last.values_mut()) {
            entries.phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
    }

    fn starting(&self, word: &str) -> Option<&Entries> {
        if self.keys.may_hold(word) {
            self.by_first.get(word)
        } else {
            None
        }
    }

    /// Whether a single word is listed.
    pub fn has(&self, word: &str) -> bool {
        self.starting(word).is_some_and(|e| e.single)
    }

    /// Whether any entry, single word or phrase, starts with `word`.
    pub fn starts_with(&self, word: &str) -> bool {
        self.starting(word).is_some()
    }

    /// Every word that starts an entry, for building a quick filter over several sets.
    pub fn first_words(&self) -> impl Iterator<Item = &str> {
        self.by_first.keys().map(String::as_str)
    }

    /// The length (in words) of the longest entry starting at `words[i]`, if any.
    pub fn match_at(&self, words: &[&str], i: usize) -> Option<usize> {
        let entries = self.starting(words.get(i)?)?;
        // The first word is the key: only the words after it are compared.
        for p in &entries.phrases {
            if words.len() >= i + p.len() && p[1..].iter().zip(&words[i + 1..]).all(|(a, b)| a == b)
            {
                return Some(p.len());
            }
        }
        entries.single.then_some(1)
    }

    /// The length of the longest entry ending at `words[end - 1]`, if any.
    pub fn match_ending_at(&self, words: &[&str], end: usize) -> Option<usize> {
        let last = *words.get(end.checked_sub(1)?)?;
        if !self.keys.may_hold(last) {
            return None;
        }
        let entries = self.by_last.get(last)?;
        // The last word is the key: only the words before it are compared.
        for p in &entries.phrases {
            if end >= p.len()
                && p[..p.len() - 1]
                    .iter()
                    .zip(&words[end - p.len()..end - 1])
                    .all(|(a, b)| a == b)
            {
                return Some(p.len());
            }
        }
        entries.single.then_some(1)
    }
}

/// Declares a struct holding `&'static WordSet`s of a lexicon's sections, resolved once, so
/// hot loops do not look section names up: `sections!(pub struct W from lexicon { hedge =
/// "hedge" })`, then `W::get().hedge`.
#[macro_export]
macro_rules! sections {
    ($vis:vis struct $name:ident from $lexicon:path { $($field:ident = $section:literal),* $(,)? }) => {
        $vis struct $name {
            $(pub $field: &'static $crate::engine::lexicon::WordSet,)*
        }

        impl $name {
            pub fn get() -> &'static $name {
                static CELL: std::sync::OnceLock<$name> = std::sync::OnceLock::new();
                CELL.get_or_init(|| {
                    let lexicon: &'static $crate::engine::lexicon::Lexicon = $lexicon();
                    $name { $($field: lexicon.get($section),)* }
                })
            }
        }
    };
}

/// All sections of one list file.
#[derive(Debug, Default)]
pub struct Lexicon {
    sections: FxMap<WordSet>,
    empty: WordSet,
}

impl Lexicon {
    /// Parses a list file.
    pub fn parse(data: &str) -> Lexicon {
        let mut lexicon = Lexicon::default();
        let mut current = String::new();
        let mut phrases = false;
        for line in list_lines(data) {
            if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let (name, mode) = header.split_once(' ').unwrap_or((header, ""));
                current = name.to_string();
                phrases = mode.trim() == "phrases";
                continue;
            }
            let set = lexicon.sections.entry(current.clone()).or_default();
            if phrases {
                set.add(line);
            } else {
                for word in line.split_whitespace() {
                    set.add(word);
                }
            }
        }
        for set in lexicon.sections.values_mut() {
            set.finish();
        }
        lexicon
    }

    /// A section; an unknown name is an empty set (the lists are ours, so a typo shows in tests).
    pub fn get(&self, section: &str) -> &WordSet {
        self.sections.get(section).unwrap_or(&self.empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_starts_give_each_sentence_its_items() {
        let mut starts = SentenceStarts::with_room(3);
        assert_eq!(starts.range(0, 0), None);
        for at in [0, 2, 2] {
            starts.push(at);
        }
        assert_eq!(starts.len(), 3);
        assert_eq!(starts.range(0, 5), Some(0..2));
        assert_eq!(starts.range(1, 5), Some(2..2));
        assert_eq!(starts.range(2, 5), Some(2..5));
        assert_eq!(starts.range(3, 5), None);
        let mut one = SentenceStarts::default();
        one.push(0);
        assert_eq!(one.range(0, 4), Some(0..4));
        assert_eq!(one.later.capacity(), 0);
    }

    #[test]
    fn a_filtered_set_holds_what_its_words_hold() {
        let long = "x".repeat(70);
        let set: FilteredSet = ["said", "according", "é", &*long, "a"]
            .map(String::from)
            .into_iter()
            .collect();
        for w in [
            "said",
            "sai",
            "saids",
            "said.",
            "according",
            "é",
            "e",
            "a",
            "",
            "b",
            &*long,
            &long[..69],
            "x",
        ] {
            assert_eq!(set.contains(w), set.words().contains(w), "{w:?}");
        }
        assert!(set.contains("said") && set.contains(&long) && !set.contains("sad"));
    }

    #[test]
    fn words_and_phrases() {
        let lx = Lexicon::parse(
            "[hedge phrases]\nat least\nmore than\nnearly\n[scale]\nmillion billion\n",
        );
        let words = ["killing", "at", "least", "40", "million"];
        assert_eq!(lx.get("hedge").match_ending_at(&words, 3), Some(2));
        assert_eq!(lx.get("hedge").match_at(&words, 1), Some(2));
        assert_eq!(lx.get("hedge").match_at(&words, 0), None);
        assert!(lx.get("scale").has("billion"));
        assert!(!lx.get("nothing").has("billion"));
        assert_eq!(lx.get("hedge").match_ending_at(&words, 0), None);
    }
}
