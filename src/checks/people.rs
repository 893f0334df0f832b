//! What the `names` and `titles` checks share: the article's tokens with quote and sentence
//! context, the word lists in `src/data/titles.txt`, and the people of the article regrouped
//! by surname with every mention read in context (title before it, courtesy title, inside a
//! quote, used as a modifier).
//!
//! The entity recognizer links a surname to the person introduced with it; this module only
//! adds what the copy-desk rules need on top: East Asian names (surname first), bare surnames
//! the recognizer kept apart, and a title read off each mention rather than the first one.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU16, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::engine::article::{Article, Role};
use crate::engine::lexicon::{fx_hash, FilteredSet, FxBuild};
use crate::engine::model::{Entity, EntityKind};
use crate::engine::settings::{list_lines, Style};
use crate::engine::text::{all_capitals, with_lowercase, Token, TokenKind};
pub use crate::engine::text::{deletion_keys, within_one_edit};
use crate::engine::{Context, Span};
use crate::kb::KbView;

// ------------------------------------------------------------------------------- word lists

/// The word lists of `src/data/titles.txt`.
pub struct Titles {
    /// Formal title phrase (lowercase) → AP's abbreviation before a full name, if any.
    pub formal: HashMap<String, Option<String>, FxBuild>,
    pub occupational: HashSet<String, FxBuild>,
    pub courtesy: HashSet<String, FxBuild>,
    pub modifier: HashSet<String, FxBuild>,
    pub qualifier: HashSet<String, FxBuild>,
    /// The longest formal phrase, in words.
    pub max_words: usize,
    /// The first word of every formal phrase: a phrase that starts with any other word is
    /// not one, and need not be joined to be looked up.
    pub formal_first: FilteredSet,
}

impl Titles {
    /// Is `lower` the first word of a formal title phrase (in [`Titles::formal_first`])?
    pub fn opens_formal(&self, lower: &str) -> bool {
        self.formal_first.contains(lower)
    }
}

pub fn titles() -> &'static Titles {
    static T: OnceLock<Titles> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Titles {
            formal: HashMap::default(),
            occupational: HashSet::default(),
            courtesy: HashSet::default(),
            modifier: HashSet::default(),
            qualifier: HashSet::default(),
            max_words: 1,
            formal_first: FilteredSet::from_iter([]),
        };
        let mut departments = Vec::new();
        let mut section = "";
        for line in list_lines(include_str!("../data/titles.txt")) {
            if line.starts_with('[') {
                section = line;
                continue;
            }
            let (title, abbrev) = match line.split_once('|') {
                Some((a, b)) => (a.trim().to_string(), Some(b.trim().to_string())),
                None => (line.to_string(), None),
            };
            match section {
                "[formal]" => {
                    t.formal.insert(title, abbrev);
                }
                "[department]" => departments.push(title),
                "[occupational]" => {
                    t.occupational.insert(title);
                }
                "[courtesy]" => {
                    t.courtesy.insert(title);
                }
                "[modifier]" => {
                    t.modifier.insert(title);
                }
                "[qualifier]" => {
                    t.qualifier.insert(title);
                }
                _ => {}
            }
        }
        // `Foreign Minister`, `Defense Secretary`, `Secretary of State`, `Minister of Finance`:
        // a department makes `minister` and `secretary` formal; alone (`press secretary`) they
        // are not.
        for d in departments {
            for head in ["minister", "secretary"] {
                t.formal.insert(format!("{d} {head}"), None);
                t.formal.insert(format!("{head} of {d}"), None);
            }
        }
        t.max_words = t
            .formal
            .keys()
            .map(|k| k.split_whitespace().count())
            .max()
            .unwrap_or(1);
        t.formal_first = t
            .formal
            .keys()
            .map(|k| k.split(' ').next().unwrap_or("").to_string())
            .collect();
        t
    })
}

/// The canonical form of a formal title, so `Sen.` and `Senator` compare equal.
pub fn canonical_title(lower: &str) -> String {
    let t = titles();
    if let Some(Some(abbrev)) = t.formal.get(lower) {
        return abbrev.trim_start_matches("the ").to_lowercase();
    }
    // `Rep.` for `congressman`: the abbreviation is shared, so is the canonical form.
    lower.to_string()
}

/// Surnames written first (Chinese, Korean).
pub fn is_east_asian_surname(word: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        list_lines(include_str!("../data/east_asian_surnames.txt"))
            .flat_map(str::split_whitespace)
            .collect()
    })
    .contains(word)
}

/// Lowercase nouns after a surname that make it a modifier, not a reference to the person:
/// `the Biden administration`, `the Trump campaign`.
fn is_modifier_noun(lower: &str) -> bool {
    matches!(
        lower,
        "administration"
            | "administrations"
            | "campaign"
            | "campaigns"
            | "camp"
            | "era"
            | "years"
            | "presidency"
            | "government"
            | "cabinet"
            | "doctrine"
            | "family"
            | "dynasty"
            | "regime"
            | "team"
            | "supporters"
            | "aides"
            | "allies"
            | "loyalists"
            | "voters"
            | "rally"
            | "rallies"
            | "policy"
            | "policies"
            | "plan"
            | "agenda"
            | "white"
            | "tower"
            | "foundation"
            | "organization"
            | "estate"
            | "brand"
            | "style"
            | "visit"
            | "trial"
            | "case"
            | "probe"
            | "investigation"
            | "impeachment"
            | "nomination"
            | "victory"
            | "win"
            | "loss"
            | "defeat"
            | "brothers"
            | "sisters"
            | "name"
            | "operation"
            | "network"
            | "machine"
            | "empire"
    )
}

// ------------------------------------------------------------------------------------ tokens

/// How an editor's note or a correction opens, in lowercase.
const NOTE_OPENINGS: [&str; 5] = [
    "editor's note",
    "editors' note",
    "correction:",
    "clarification:",
    "update:",
];

/// `Editor's note: …`, `Correction: …`: a paragraph appended to the story, not part of it.
fn is_note(paragraph: &str) -> bool {
    // Most paragraphs are ruled out by their first byte, before any copy is made.
    if paragraph.as_bytes().first().is_some_and(|b| {
        b.is_ascii()
            && !NOTE_OPENINGS
                .iter()
                .any(|p| p.as_bytes().first() == Some(&b.to_ascii_lowercase()))
    }) {
        return false;
    }
    let head: String = paragraph
        .chars()
        .take(24)
        .collect::<String>()
        .to_lowercase()
        .replace('’', "'");
    NOTE_OPENINGS.iter().any(|p| head.starts_with(p))
}

/// A token of the article with what the name checks ask of it: made on demand by
/// [`Tokens::get`] from its paragraph's [`BlockTokens`], so no list of them is built.
#[derive(Debug, Clone, Copy)]
pub struct Tk<'a> {
    pub span: Span,
    pub text: &'a str,
    /// The text in lowercase: the text itself when it has no capital (most words).
    pub lower: &'a str,
    pub word: bool,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// Has letters, all uppercase.
    pub upper: bool,
    pub block: usize,
    pub role: Role,
    /// Index of the sentence in the whole article.
    pub sentence: usize,
    /// The first word of its sentence (capitalized by position).
    pub first: bool,
    /// Inside a direct quotation.
    pub quoted: bool,
    /// The lowercase text opens a formal title phrase (is in [`Titles::formal_first`]).
    pub title_first: bool,
}

impl<'a> Tk<'a> {
    /// The word without a possessive `'s`.
    pub fn bare(&self) -> &'a str {
        bare(self.text)
    }
}

/// `text` without a possessive `'s`.
fn bare(text: &str) -> &str {
    // Every possessive ends in `s` or `S`: most words are out at one byte.
    if !matches!(text.as_bytes().last(), Some(b's' | b'S')) {
        return text;
    }
    for s in ["'s", "’s", "'S", "’S"] {
        if let Some(b) = text.strip_suffix(s) {
            if !b.is_empty() {
                return b;
            }
        }
    }
    text
}

/// What a token's bytes hold, one bit each: an ASCII capital, an ASCII lowercase letter, a byte
/// past ASCII. Read in one pass, for its lowercase text and its case at once.
const HAS_UPPER: u8 = 1;
const HAS_LOWER: u8 = 2;
const HAS_WIDE: u8 = 4;

fn byte_classes(text: &str) -> u8 {
    text.bytes()
        .fold(0, |all, b| all | BYTE_CLASSES[usize::from(b)])
}

/// The class of each byte value: a table read costs less than the comparisons at every byte.
const BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut b = 0;
    while b < 256 {
        classes[b] = match b as u8 {
            b'A'..=b'Z' => HAS_UPPER,
            b'a'..=b'z' => HAS_LOWER,
            0x80.. => HAS_WIDE,
            _ => 0,
        };
        b += 1;
    }
    classes
};

/// Appends `text` in lowercase to `lowered` and says where it stands there, or `None` when it
/// is in lowercase already. One buffer per paragraph, not a string per capitalized word.
#[cfg(test)]
fn lowercase_into(text: &str, lowered: &mut String) -> Option<(u32, u32)> {
    lowercase_classed_into(text, byte_classes(text), lowered)
}

/// [`lowercase_into`] with the text's [`byte_classes`] read already.
fn lowercase_classed_into(text: &str, classes: u8, lowered: &mut String) -> Option<(u32, u32)> {
    if classes & HAS_WIDE == 0 {
        if classes & HAS_UPPER == 0 {
            return None;
        }
        let start = small(lowered.len());
        lowered.push_str(text);
        lowered[start as usize..].make_ascii_lowercase();
        return Some((start, small(lowered.len())));
    }
    // A text none of whose characters has another lowercase form is its own lowercase text
    // (`Σ`, the one letter lowered by its context, has one): a dash or a curly quote is not
    // copied.
    if text
        .chars()
        .all(|c| c.is_ascii() && !c.is_ascii_uppercase() || c.to_lowercase().eq([c]))
    {
        return None;
    }
    let start = small(lowered.len());
    lowered.push_str(&text.to_lowercase());
    Some((start, small(lowered.len())))
}

/// The case of a word with [`byte_classes`] `classes`: (starts with an uppercase letter, has
/// letters all uppercase), as `char::is_uppercase` and [`all_capitals`] read them.
fn word_case(text: &str, classes: u8) -> (bool, bool) {
    if classes & HAS_WIDE != 0 {
        let lead = text.chars().next().unwrap_or(' ');
        return (lead.is_uppercase(), all_capitals(text));
    }
    let cap = text.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
    (cap, classes & (HAS_UPPER | HAS_LOWER) == HAS_UPPER)
}

/// Every token of the article, in order, with quotes and sentence starts marked: the
/// paragraphs' [`BlockTokens`] read through an index, not copied into one list.
pub struct Tokens<'a> {
    prose: &'a str,
    /// Per block, in order: its tokens and where they stand in the article.
    blocks: Vec<TokBlock<'a>>,
    /// The block of each token.
    of: Vec<u32>,
    /// Every word the story writes in lowercase: such a word capitalized is a common word at
    /// the start of a sentence or in a name of a thing, not a person's name.
    pub lowercase: LowerWords<'a>,
}

/// One block of [`Tokens`]: the cached block (whose memos [`People::with_tokens`] and the names
/// check consult) or one read for this analysis alone.
struct TokBlock<'a> {
    /// Index of its first token in the article.
    first: usize,
    /// Where the block starts in the prose.
    at: usize,
    /// Index of its first sentence in the article.
    sentence: usize,
    /// The flags its marked tokens have between them (see [`BlockTokens::marked`]): a pass
    /// for one flag passes over the paragraphs without it, not reading their tokens.
    marked: u8,
    toks: BlockSrc<'a>,
}

/// A block's tokens: the analyzer's cached ones, or read for this analysis alone (boxed: a
/// large article has thousands of blocks).
enum BlockSrc<'a> {
    Cached(&'a BlockTokens),
    Own(Box<BlockTokens>),
}

impl std::ops::Deref for BlockSrc<'_> {
    type Target = BlockTokens;

    fn deref(&self) -> &BlockTokens {
        match self {
            BlockSrc::Cached(b) => b,
            BlockSrc::Own(b) => b,
        }
    }
}

impl TokBlock<'_> {
    /// The block's start offset of token `k` of it.
    fn start(&self, k: usize) -> usize {
        self.at + self.toks.toks[k].start as usize
    }
}

/// The words a story writes in lowercase: collected from its tokens, or counted paragraph by
/// paragraph across keystrokes by the incremental analyzer ([`LowerCounts`]).
pub enum LowerWords<'a> {
    Own(WrittenLowercase<'a>),
    Counted(&'a LowerCounts),
}

impl LowerWords<'_> {
    pub fn contains(&self, word: &str) -> bool {
        match self {
            LowerWords::Own(words) => words.contains(word),
            LowerWords::Counted(c) => c.ids.contains_key(word),
        }
    }
}

/// The words one analysis's tokens write in lowercase, repeats and all, behind a filter. A
/// story asks after a few words (is a word of a name written in lowercase too?) and the filter
/// rules most of them out, so the story's vocabulary is not hashed into a set for them. A word
/// the filter lets through is looked for among the words, and past a few such questions in a
/// set made of them once.
pub struct WrittenLowercase<'a> {
    /// The words that are their own lowercase text (most), borrowed from the prose.
    own: Vec<&'a str>,
    /// The lowercase texts of the others (`mid-january`), one after another, and where each
    /// ends.
    lowered: String,
    lowered_ends: Vec<usize>,
    /// Two bits set per word, picked by its hash: a word with either bit clear is not here.
    /// Its length in bits is a power of two.
    filter: Box<[u64]>,
    /// Questions the filter let through so far.
    passed: AtomicUsize,
    /// The distinct words, by their index in [`WrittenLowercase::word`] and their hash: made
    /// at the first question the filter lets through past [`WrittenLowercase::SCANS`].
    set: OnceLock<hashbrown::HashTable<u32>>,
}

impl<'a> WrittenLowercase<'a> {
    /// Questions answered by a pass over the words before a set is made: a pass costs a few
    /// instructions a word, the set a hash and an insert a word.
    const SCANS: usize = 8;

    /// Filter bits reserved per word (repeats included): with two bits a word, about one
    /// word in 300 that is not among them passes.
    const BITS_PER_WORD: usize = 16;

    /// None yet, with a filter sized for up to `room` words (more are held, less well
    /// filtered).
    fn with_room(room: usize) -> Self {
        let bits = (room * Self::BITS_PER_WORD).next_power_of_two().max(64);
        WrittenLowercase {
            own: Vec::with_capacity(room),
            lowered: String::new(),
            lowered_ends: Vec::new(),
            filter: vec![0; bits / 64].into_boxed_slice(),
            passed: AtomicUsize::new(0),
            set: OnceLock::new(),
        }
    }

    /// Adds a word that is its own lowercase text.
    fn push_own(&mut self, word: &'a str) {
        self.mark(word);
        self.own.push(word);
    }

    /// Adds the lowercase text of a word that is not its own.
    fn push_lowered(&mut self, lower: &str) {
        self.mark(lower);
        self.lowered.push_str(lower);
        self.lowered_ends.push(self.lowered.len());
    }

    /// Sets the filter bits of `word`.
    fn mark(&mut self, word: &str) {
        for bit in Self::filter_bits(word, self.filter.len() * 64) {
            self.filter[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// The two filter bits of `word`, of `bits` (a power of two, 64 or more): from the high
    /// bits of two products of its hash, which are well mixed.
    fn filter_bits(word: &str, bits: usize) -> [usize; 2] {
        let h = fx_hash(word);
        let shift = 64 - bits.trailing_zeros();
        [
            h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift,
            h.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) >> shift,
        ]
        .map(|b| b as usize)
    }

    /// How many words there are, repeats included.
    fn len(&self) -> usize {
        self.own.len() + self.lowered_ends.len()
    }

    /// Word `i` of [`WrittenLowercase::words`].
    fn word(&self, i: usize) -> &str {
        match i.checked_sub(self.own.len()) {
            None => self.own[i],
            Some(k) => {
                let from = k.checked_sub(1).map_or(0, |p| self.lowered_ends[p]);
                self.lowered.get(from..self.lowered_ends[k]).unwrap_or("")
            }
        }
    }

    /// Every word, repeats included.
    fn words(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.lowered_ends.iter().copied());
        let lowered = starts
            .zip(&self.lowered_ends)
            .map(|(from, &to)| self.lowered.get(from..to).unwrap_or(""));
        self.own.iter().copied().chain(lowered)
    }

    pub fn contains(&self, word: &str) -> bool {
        let bits = self.filter.len() * 64;
        let passes = Self::filter_bits(word, bits)
            .iter()
            .all(|&bit| self.filter[bit / 64] >> (bit % 64) & 1 == 1);
        if !passes {
            return false;
        }
        if self.set.get().is_none() && self.passed.fetch_add(1, Ordering::Relaxed) < Self::SCANS {
            return self.words().any(|w| w == word);
        }
        let set = self.set.get_or_init(|| {
            let mut set = hashbrown::HashTable::with_capacity(self.len() / 2);
            for (i, w) in self.words().enumerate() {
                let hash = fx_hash(w);
                if set.find(hash, |&k| self.word(k as usize) == w).is_none() {
                    let k = u32::try_from(i).expect("fewer than 2^32 words");
                    set.insert_unique(hash, k, |&k| fx_hash(self.word(k as usize)));
                }
            }
            set
        });
        let hash = fx_hash(word);
        set.find(hash, |&k| self.word(k as usize) == word).is_some()
    }
}

/// The words the paragraphs of a text write in lowercase, each with how many of the
/// paragraphs' [`BlockTokens`] hold it: kept by the incremental analyzer and brought up to date
/// with the paragraphs that came and went, so a keystroke does not hash every word again. Each
/// distinct word is stored once, under a number; a paragraph keeps only its words' numbers.
#[derive(Default)]
pub struct LowerCounts {
    /// Words with a count above zero, and their numbers.
    ids: HashMap<Box<str>, u32, FxBuild>,
    /// By number: the word (empty when free) and how many paragraphs' tokens hold it.
    words: Vec<(Box<str>, u32)>,
    /// Numbers free for reuse.
    free: Vec<u32>,
    /// The numbers of the distinct lowercase words of each paragraph's tokens counted, by the
    /// tokens' id, with the update that last met the paragraph.
    live: HashMap<u64, (Box<[u32]>, u64), FxBuild>,
    /// Updates so far: a paragraph an update did not meet is gone.
    updates: u64,
}

impl LowerCounts {
    /// Counts the words of `blocks`, the tokens of each block of `article` in order, and no
    /// others.
    pub fn update(&mut self, article: &Article, blocks: &[&BlockTokens]) {
        self.updates += 1;
        let now = self.updates;
        // One probe a paragraph: those counted already are marked as met, the others counted.
        for (block, b) in article.blocks.iter().zip(blocks) {
            if let Some((_, met)) = self.live.get_mut(&b.id) {
                *met = now;
                continue;
            }
            let numbers: Box<[u32]> = b
                .lowercase_words(block.span.text(&article.prose))
                .into_iter()
                .map(|w| match self.ids.get(w) {
                    Some(&n) => {
                        self.words[n as usize].1 += 1;
                        n
                    }
                    None => {
                        let n = match self.free.pop() {
                            Some(n) => {
                                self.words[n as usize] = (w.into(), 1);
                                n
                            }
                            None => {
                                self.words.push((w.into(), 1));
                                small(self.words.len() - 1)
                            }
                        };
                        self.ids.insert(w.into(), n);
                        n
                    }
                })
                .collect();
            self.live.insert(b.id, (numbers, now));
        }
        // Then the paragraphs not met are uncounted.
        let (words, ids, free) = (&mut self.words, &mut self.ids, &mut self.free);
        self.live.retain(|_, (numbers, met)| {
            if *met == now {
                return true;
            }
            for &n in numbers.iter() {
                let (word, count) = &mut words[n as usize];
                *count -= 1;
                if *count == 0 {
                    ids.remove(&**word);
                    *word = Box::default();
                    free.push(n);
                }
            }
            false
        });
    }
}

/// One paragraph's tokens as [`Tokens`] reads them, with offsets relative to the paragraph's
/// start and sentences counted from its first: what does not change while the paragraph, its
/// role and the quote left open before it stay the same. The incremental analyzer keeps one per
/// paragraph and [`Tokens::from_blocks`] indexes them.
#[derive(Debug)]
pub struct BlockTokens {
    /// Unique among all tokens made (see [`LowerCounts`]).
    id: u64,
    /// The paragraph's role as parsed, and whether a quote was left open before it: what it was
    /// read under besides its prose.
    pub role_in: Role,
    pub open_in: bool,
    /// Whether it leaves a quote open for the next paragraph.
    pub open_out: bool,
    role: Role,
    toks: Box<[BlockTk]>,
    /// The tokens flagged `TITLE_FIRST`, `TITLE_START` or `ADVISOR`: the titles check visits
    /// these, not every token, at each keystroke.
    marked: Box<[u32]>,
    /// The flags of the marked tokens, together.
    marked_flags: u8,
    /// Per marked token, the length of the formal title phrase the titles check reads there,
    /// one byte per [`FormalAt`] (see [`Tokens::formal_len`]): 0 not read yet.
    formal: Box<[AtomicU16]>,
    /// Where the lowercase texts that are not the text itself stand in `lowered`
    /// (`BlockTk::lower` counts from 1).
    lowers: Box<[(u32, u32)]>,
    lowered: Box<str>,
    /// Mentions read in this paragraph so far (see [`MentionMemo`]).
    mentions: MentionMemo,
    /// Per sentence of the paragraph, its [`SentenceCounts`] packed once read (0: not yet):
    /// the names check asks for them at each mention, and a sentence lies in one paragraph.
    sentence_counts: OnceLock<Box<[AtomicU64]>>,
    /// What the names check found in this paragraph (see [`NamesMemo`]).
    names: NamesMemo,
}

/// What the names check reads of one paragraph's tokens alone, kept with them: the capitalized
/// words its variant pass looks up, and the words its house-spelling pass finds in a spelling
/// family. Token indices are relative to the paragraph's first token, offsets to the token.
#[derive(Debug, Default)]
pub(crate) struct NamesMemo {
    /// The words the variant pass looks up, each with its lowercase text.
    pub(crate) caps: OnceLock<super::names::VariantWords>,
    /// The house-spelling hits, with what they were found under (the style and the house's
    /// own spelling families): (token, offset of the name in it, its length, preferred form).
    pub(crate) house: Kept<HouseKey, Vec<HouseHit>>,
    /// Which of `caps` the variant pass acts on: the words that are a surname of someone
    /// introduced in full or one edit from one. That depends on those surnames alone, kept
    /// with the hits; most capitalized words are neither, and are not visited again while the
    /// story's surnames stay the same.
    pub(crate) surname_hits: Kept<Surnames, Box<[super::names::WordAt]>>,
}

/// A value kept with the key it was made under (the settings, the story's surnames), which
/// rarely changes while its paragraph stands. The first is read with a plain load; any later
/// one behind a lock. (A lock at every paragraph of a long story, at every keystroke, is two
/// atomic exchanges a paragraph, each a full fence.)
#[derive(Debug)]
pub(crate) struct Kept<K, V> {
    first: OnceLock<(K, V)>,
    /// Boxed: every paragraph has one, and few ever hold a value.
    later: std::sync::Mutex<Option<Box<(K, V)>>>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept {
            first: OnceLock::new(),
            later: std::sync::Mutex::new(None),
        }
    }
}

/// A value read from a [`Kept`].
pub(crate) enum KeptRef<'s, K, V> {
    First(&'s V),
    Later(std::sync::MutexGuard<'s, Option<Box<(K, V)>>>),
}

impl<K, V> std::ops::Deref for KeptRef<'_, K, V> {
    type Target = V;

    fn deref(&self) -> &V {
        match self {
            KeptRef::First(v) => v,
            KeptRef::Later(kept) => &kept.as_ref().expect("a kept value, matched").1,
        }
    }
}

impl<K, V> Kept<K, V> {
    /// The value kept under a key `matches` accepts, if any.
    pub(crate) fn get(&self, mut matches: impl FnMut(&K) -> bool) -> Option<KeptRef<'_, K, V>> {
        if let Some((key, value)) = self.first.get() {
            if matches(key) {
                return Some(KeptRef::First(value));
            }
        }
        let later = self.later.lock().unwrap_or_else(|e| e.into_inner());
        let found = later.as_ref().is_some_and(|kept| matches(&kept.0));
        found.then_some(KeptRef::Later(later))
    }

    /// Keeps `value`, made under `key`: as the first if there is none yet, else as the later.
    pub(crate) fn keep(&self, key: K, value: V) {
        if let Err(kept) = self.first.set((key, value)) {
            *self.later.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(kept));
        }
    }
}

/// The last words of the surnames of the people introduced in full, sorted and distinct: what
/// decides which words the variant pass acts on (see [`NamesMemo::surname_hits`]).
pub(crate) type Surnames = Arc<[Box<str>]>;

/// The settings the house-spelling pass reads: the style and the house's own families.
pub(crate) type HouseKey = (Style, Vec<Vec<String>>);

/// A word of a spelling family: (token, offset of the name in it, its length, preferred form).
pub(crate) type HouseHit = (u32, u32, u32, Box<str>);

/// The mentions [`read_mention`] read in one paragraph, by the span asked for relative to the
/// paragraph's start, with offsets relative to its start and token indices relative to its
/// first token. A mention is read from the tokens of its own sentence (which the paragraph's
/// [`BlockTokens`] are), the raw text of the name and the few characters after it: an entry
/// holds while those stay the same, and the memo lives and dies with the paragraph's tokens.
#[derive(Debug, Default)]
struct MentionMemo(std::sync::Mutex<Vec<MemoEntry>>);

/// A paragraph holds a few mentions: a list, sized to them, costs less than a map.
#[derive(Debug)]
struct MemoEntry {
    /// The span asked for, relative to the paragraph.
    key: (usize, usize),
    /// The raw text from where the mention starts to the end of the span asked for, when it
    /// is not the mention's own text (no mention read; else always, as `read_mention` reads).
    raw: Option<Box<str>>,
    /// The bytes after where the mention ends.
    after: After,
    mention: Option<PMention>,
}

/// Up to eight bytes, kept inline.
#[derive(Debug, PartialEq, Eq)]
struct After([u8; 8], u8);

/// The raw bytes right after a mention ending at `end`: all `is_modifier` reads of them.
fn bytes_after(text: &str, end: usize) -> After {
    let bytes = text.as_bytes();
    let after = bytes
        .get(end..end.saturating_add(8).min(bytes.len()))
        .unwrap_or(&[]);
    let mut out = After([0; 8], 0);
    out.0[..after.len()].copy_from_slice(after);
    out.1 = after.len() as u8;
    out
}

/// A token of a [`BlockTokens`], small: a large article's paragraphs stay in the cache.
#[derive(Debug, Clone, Copy)]
struct BlockTk {
    start: u32,
    end: u32,
    sentence: u32,
    /// 0: the lowercase text is the text itself; `i`: it is at `lowers[i - 1]` in `lowered`.
    lower: u32,
    /// `WORD`, `CAP`, `UPPER`, `FIRST`, `QUOTED`, `TITLE_FIRST`, `TITLE_START`, `ADVISOR`.
    flags: u8,
}

const WORD: u8 = 1;
const CAP: u8 = 2;
const UPPER: u8 = 4;
const FIRST: u8 = 8;
const QUOTED: u8 = 16;
const TITLE_FIRST: u8 = 32;
const TITLE_START: u8 = 64;
/// A word whose lowercase text starts with `advisor` (the titles check's `titles.adviser`).
const ADVISOR: u8 = 128;

fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl BlockTokens {
    /// The lowercase text kept at `lowers[i]`.
    fn lowered_at(&self, i: u32) -> &str {
        let (start, end) = self.lowers[i as usize];
        self.lowered.get(start as usize..end as usize).unwrap_or("")
    }

    /// The distinct words the paragraph writes in lowercase; `own` is its prose.
    fn lowercase_words<'s>(&'s self, own: &'s str) -> Vec<&'s str> {
        let mut seen: HashSet<&str, FxBuild> = HashSet::default();
        let mut out = Vec::new();
        for t in &self.toks {
            if t.flags & WORD == 0 || t.flags & CAP != 0 {
                continue;
            }
            let lower = match t.lower.checked_sub(1) {
                Some(i) => self.lowered_at(i),
                None => own.get(t.start as usize..t.end as usize).unwrap_or(""),
            };
            if seen.insert(lower) {
                out.push(lower);
            }
        }
        out
    }
}

/// Which formal title phrase the titles check reads at a token (see [`Tokens::formal_len`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum FormalAt {
    /// Every word capitalized but `of`, the last without a possessive (a title standing alone).
    Capitalized = 0,
    /// Every word in lowercase (a lowercase title before a name).
    Lowercase = 1,
}

/// The working lists of [`BlockTokens::read`], kept from one paragraph of an article to the
/// next: they grow once per article, not once per paragraph, and what is kept of them is
/// copied out at its final size.
#[derive(Default)]
struct TokenScratch<'t> {
    /// The paragraph's tokens, each with the index of its sentence there.
    placed: Vec<Placed<'t>>,
    /// Each token's part in quotation marks.
    marks: Vec<QuoteMark>,
    /// The lowercase texts that are not the token's own, one after another, and where each
    /// stands.
    lowered: String,
    lowers: Vec<(u32, u32)>,
    /// The tokens flagged `TITLE_FIRST`, `TITLE_START` or `ADVISOR`.
    marked: Vec<u32>,
}

/// An offset or count within one paragraph, held in 32 bits.
fn small(x: usize) -> u32 {
    u32::try_from(x).expect("a paragraph shorter than 4 GiB")
}

impl BlockTokens {
    /// The tokens of `article.blocks[bi]`, read with a quote left open before it or not.
    ///
    /// One pass packs them. `sen.` and `gov.` in lowercase are no abbreviations the sentence
    /// splitter knows: it cuts the word from its period and ends a sentence there. The word is
    /// joined to its period here, and the sentence after it to the word's.
    pub fn new(article: &Article, bi: usize, left_open: bool) -> BlockTokens {
        BlockTokens::read(article, bi, left_open, &mut TokenScratch::default())
    }

    /// [`BlockTokens::new`], working in `scratch` (left holding this paragraph's work).
    fn read<'t>(
        article: &'t Article,
        bi: usize,
        left_open: bool,
        scratch: &mut TokenScratch<'t>,
    ) -> BlockTokens {
        let prose = article.prose.as_str();
        let block = &article.blocks[bi];
        let at = block.span.start;
        let TokenScratch {
            placed: all,
            marks,
            lowered,
            lowers,
            marked,
        } = scratch;
        all.clear();
        for (sentence, s) in block.sentences.iter().enumerate() {
            all.extend(s.tokens.iter().map(|t| (sentence, t)));
        }
        // Straight quotes toggle; curly quotes say which way they go. A quote left open
        // runs to the end of the paragraph (the next paragraph reopens it, as news does).
        // A paragraph after one left open that does not reopen it but holds an odd number
        // of straight quotes continues the quote: its first quote mark closes it
        // (`…today, " an Israeli soldier yelled`).
        let (straight, all_straight) = quote_marks(prose, all, marks);
        let opens_with_quote = matches!(marks.first(), Some(QuoteMark::Straight | QuoteMark::Open))
            && block
                .sentences
                .first()
                .is_some_and(|s| !s.tokens.is_empty());
        // An editor's note or a correction appended to the story stands apart from it,
        // like a deck: it names people afresh.
        let role = if block.role == Role::Body && is_note(block.span.text(prose)) {
            Role::Deck
        } else {
            block.role
        };
        let mut open = left_open && !opens_with_quote && all_straight && straight % 2 == 1;
        let titles = titles();
        let is_abbrev =
            |lower: &str| titles.formal.contains_key(lower) || titles.courtesy.contains(lower);
        lowered.clear();
        lowers.clear();
        marked.clear();
        let mut toks: Vec<BlockTk> = Vec::with_capacity(all.len());
        let mut marked_flags = 0;
        // The sentence (as split) of the token read last, and whether no word of it has been
        // read yet.
        let mut split_sentence = usize::MAX;
        let mut first = true;
        // The sentence (as split) of the token kept last, and the sentence it is counted in:
        // the first of those joined.
        let mut kept_sentence = usize::MAX;
        let mut counted_in = 0;
        // The token kept last is a word ending in a period: its lowercase text.
        let mut ends_in_period: Option<(u32, u32, bool)> = None;
        let mut k = 0;
        while let Some(&(sentence, t)) = all.get(k) {
            let mark = marks[k];
            k += 1;
            if sentence != split_sentence {
                split_sentence = sentence;
                first = true;
            }
            let is_quote = mark != QuoteMark::None;
            let quoted_before = open;
            open = match mark {
                QuoteMark::Open => true,
                QuoteMark::Close => false,
                QuoteMark::Straight => !open,
                QuoteMark::None | QuoteMark::Tail => open,
            };
            let quoted = quoted_before && open || is_quote;
            let word = t.kind == TokenKind::Word;
            let mut span = t.span;
            let mut text = t.text(prose);
            let classes = byte_classes(text);
            let mut lower = lowercase_classed_into(text, classes, lowered);
            let (cap, upper) = if word {
                word_case(text, classes)
            } else {
                (false, false)
            };
            let is_first = word && first;
            if word {
                first = false;
            }
            // A word and the period right after it that make an abbreviation are one token
            // (the period may open the next sentence as split).
            let dot = all
                .get(k)
                .filter(|(_, d)| word && d.span.start == span.end && d.text(prose) == ".");
            if let Some(&(dot_sentence, dot)) = dot {
                let joined = match lower {
                    // Lowercase ASCII: the word and its period are their own lowercase text.
                    None => is_abbrev(&prose[span.start..dot.span.end]).then_some(None),
                    Some((from, to)) => {
                        lowered.push('.');
                        if is_abbrev(&lowered[from as usize..]) {
                            Some(Some((from, to + 1)))
                        } else {
                            lowered.pop();
                            None
                        }
                    }
                };
                if let Some(joined_lower) = joined {
                    span = Span::new(span.start, dot.span.end);
                    text = prose.get(span.range()).unwrap_or(text);
                    lower = joined_lower;
                    // The period is read with the word: it is no quote mark and no word.
                    k += 1;
                    if dot_sentence != split_sentence {
                        split_sentence = dot_sentence;
                        first = true;
                    }
                }
            }
            let lower_text = match lower {
                Some((from, to)) => &lowered[from as usize..to as usize],
                None => text,
            };
            // A sentence that starts after an abbreviation is the abbreviation's.
            let mut first_flag = is_first;
            if sentence != kept_sentence {
                let joins = kept_sentence != usize::MAX
                    && ends_in_period.is_some_and(|(from, to, own)| {
                        is_abbrev(match own {
                            true => &prose[from as usize..to as usize],
                            false => &lowered[from as usize..to as usize],
                        })
                    });
                if joins {
                    first_flag = false;
                } else {
                    counted_in = sentence;
                }
                kept_sentence = sentence;
            }
            ends_in_period = (word && text.ends_with('.')).then(|| match lower {
                Some((from, to)) => (from, to, false),
                None => (small(span.start), small(span.end), true),
            });
            // Looked up here, once per paragraph, rather than by the checks at every keystroke.
            let title_first = titles.opens_formal(lower_text);
            // Every possessive ends in `s` or `S`: most tokens are out at one byte.
            let possessive = matches!(text.as_bytes().last(), Some(b's' | b'S'));
            let title_start = title_first
                || possessive && {
                    let bare = bare(text);
                    bare.len() != text.len()
                        && match bare.is_ascii() {
                            // An ASCII word's lowercase text starts with its bare word's.
                            true => titles.opens_formal(&lower_text[..bare.len()]),
                            false => titles.opens_formal(&bare.to_lowercase()),
                        }
                };
            let advisor = word && lower_text.starts_with("advisor");
            let lower = match lower {
                Some(at) => {
                    lowers.push(at);
                    small(lowers.len())
                }
                None => 0,
            };
            let flag = |on: bool, f: u8| if on { f } else { 0 };
            let flags = flag(word, WORD)
                | flag(cap, CAP)
                | flag(upper, UPPER)
                | flag(first_flag, FIRST)
                | flag(quoted, QUOTED)
                | flag(title_first, TITLE_FIRST)
                | flag(title_start, TITLE_START)
                | flag(advisor, ADVISOR);
            if flags & (TITLE_FIRST | TITLE_START | ADVISOR) != 0 {
                marked.push(small(toks.len()));
                marked_flags |= flags;
            }
            toks.push(BlockTk {
                start: small(span.start - at),
                end: small(span.end - at),
                sentence: small(counted_in),
                lower,
                flags,
            });
        }
        let formal = marked.iter().map(|_| AtomicU16::new(0)).collect();
        BlockTokens {
            id: next_id(),
            role_in: block.role,
            open_in: left_open,
            open_out: open,
            role,
            toks: toks.into_boxed_slice(),
            marked: marked.as_slice().into(),
            marked_flags,
            formal,
            lowers: lowers.as_slice().into(),
            lowered: lowered.as_str().into(),
            mentions: MentionMemo::default(),
            sentence_counts: OnceLock::new(),
            names: NamesMemo::default(),
        }
    }
}

impl<'a> Tokens<'a> {
    pub fn new(article: &'a Article) -> Tokens<'a> {
        let mut left_open = false;
        let mut scratch = TokenScratch::default();
        let blocks = (0..article.blocks.len()).map(move |bi| {
            let b = BlockTokens::read(article, bi, left_open, &mut scratch);
            left_open = b.open_out;
            BlockSrc::Own(Box::new(b))
        });
        Tokens::index(article, blocks, None)
    }

    /// The tokens of `article` from each of its blocks' [`BlockTokens`], in order, each read
    /// with the quote state the block before it leaves: the same as [`Tokens::new`].
    /// `lowercase`: the blocks' lowercase words, counted (else collected here).
    pub fn from_blocks(
        article: &'a Article,
        blocks: &[&'a BlockTokens],
        lowercase: Option<&'a LowerCounts>,
    ) -> Tokens<'a> {
        Tokens::index(
            article,
            blocks.iter().map(|&b| BlockSrc::Cached(b)),
            lowercase,
        )
    }

    fn index(
        article: &'a Article,
        blocks: impl Iterator<Item = BlockSrc<'a>>,
        counted: Option<&'a LowerCounts>,
    ) -> Tokens<'a> {
        let mut of = Vec::with_capacity(
            article
                .blocks
                .iter()
                .map(|b| b.sentences.token_count())
                .sum(),
        );
        let mut index = Vec::with_capacity(article.blocks.len());
        let mut sentence = 0;
        for ((bi, block), b) in article.blocks.iter().enumerate().zip(blocks) {
            let first = of.len();
            of.resize(first + b.toks.len(), small(bi));
            index.push(TokBlock {
                first,
                at: block.span.start,
                sentence,
                marked: b.marked_flags,
                toks: b,
            });
            sentence += block.sentences.len();
        }
        let prose = article.prose.as_str();
        let lowercase = match counted {
            Some(c) => LowerWords::Counted(c),
            None => {
                // Room for every token: most are words in lowercase.
                let mut words = WrittenLowercase::with_room(of.len());
                // Read from the packed tokens, not assembled as `Tk`s: every word is visited.
                for b in &index {
                    let bt: &BlockTokens = &b.toks;
                    for t in bt.toks.iter().filter(|t| t.flags & (WORD | CAP) == WORD) {
                        match t.lower.checked_sub(1) {
                            Some(i) => words.push_lowered(bt.lowered_at(i)),
                            None => {
                                let text =
                                    prose.get(b.at + t.start as usize..b.at + t.end as usize);
                                words.push_own(text.unwrap_or(""));
                            }
                        }
                    }
                }
                LowerWords::Own(words)
            }
        };
        Tokens {
            prose,
            blocks: index,
            of,
            lowercase,
        }
    }

    /// The article's prose, which the tokens' spans index.
    pub(crate) fn prose(&self) -> &'a str {
        self.prose
    }

    /// How many tokens the article has.
    pub fn len(&self) -> usize {
        self.of.len()
    }

    /// The capitalized words among tokens `range` (`WORD` and `CAP` set), with their indices:
    /// the flags are read first, so the other tokens are never assembled.
    pub fn capitalized_words(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (usize, Tk<'_>)> + '_ {
        self.with_flags(range, WORD | CAP, WORD | CAP)
    }

    /// Tokens `range` whose flags, masked by `mask`, are `want`, with their indices.
    fn with_flags(
        &self,
        range: std::ops::Range<usize>,
        mask: u8,
        want: u8,
    ) -> impl Iterator<Item = (usize, Tk<'_>)> + '_ {
        // Block by block, through each block's packed tokens: a lookup of every token's block
        // cost more than the test of its flags.
        let first_block = match range.is_empty() {
            true => self.blocks.len(),
            false => self.of[range.start] as usize,
        };
        let end = range.end;
        self.blocks[first_block..]
            .iter()
            .take_while(move |b| b.first < end)
            .flat_map(move |b| {
                let toks = &b.toks.toks;
                let from = range.start.max(b.first);
                let to = end.min(b.first + toks.len());
                let slice = toks.get(from - b.first..to.max(from) - b.first);
                (slice.unwrap_or(&[]).iter().enumerate())
                    .filter(move |(_, t)| t.flags & mask == want)
                    .map(move |(k, _)| from + k)
            })
            .map(move |i| (i, self.get(i)))
    }

    /// How many blocks the tokens are read from (the article's).
    pub fn blocks(&self) -> usize {
        self.blocks.len()
    }

    /// The block of token `i` (what `get(i).block` says, without reading the token).
    pub fn block_of(&self, i: usize) -> usize {
        self.of[i] as usize
    }

    /// Token `i`. Inlined so that callers compute only the fields they read.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Tk<'_> {
        let bi = self.of[i] as usize;
        let b = &self.blocks[bi];
        let bt: &BlockTokens = &b.toks;
        let t = &bt.toks[i - b.first];
        let span = Span::new(b.at + t.start as usize, b.at + t.end as usize);
        let text = self.prose.get(span.range()).unwrap_or("");
        let lower = match t.lower.checked_sub(1) {
            Some(k) => bt.lowered_at(k),
            None => text,
        };
        Tk {
            span,
            text,
            lower,
            word: t.flags & WORD != 0,
            cap: t.flags & CAP != 0,
            upper: t.flags & UPPER != 0,
            block: bi,
            role: bt.role,
            sentence: b.sentence + t.sentence as usize,
            first: t.flags & FIRST != 0,
            quoted: t.flags & QUOTED != 0,
            title_first: t.flags & TITLE_FIRST != 0,
        }
    }

    /// The tokens that open a formal title phrase ([`Tk::title_first`]), in order: read off
    /// the paragraphs' flags, without making every token.
    pub fn title_firsts(&self) -> impl Iterator<Item = usize> + '_ {
        self.flagged(TITLE_FIRST)
    }

    /// The tokens where a capitalized title standing alone may start: the lowercase text, or
    /// the word without a possessive in lowercase, opens a formal title phrase.
    pub fn title_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.flagged(TITLE_START)
    }

    /// The words whose lowercase text starts with `advisor`, in order.
    pub fn advisor_words(&self) -> impl Iterator<Item = usize> + '_ {
        self.flagged(ADVISOR)
    }

    fn flagged(&self, flag: u8) -> impl Iterator<Item = usize> + '_ {
        let with_flag = move |b: &&TokBlock<'_>| b.marked & flag != 0;
        self.blocks.iter().filter(with_flag).flat_map(move |b| {
            let bt: &BlockTokens = &b.toks;
            bt.marked
                .iter()
                .map(|&k| k as usize)
                .filter(move |&k| bt.toks[k].flags & flag != 0)
                .map(move |k| b.first + k)
        })
    }

    /// The length in words of the formal title phrase the titles check reads at token `i`,
    /// as `at` reads it: `read` makes it. The phrase is read within the token's sentence, so a
    /// cached paragraph keeps it for each of its marked tokens (those [`Self::title_firsts`]
    /// and [`Self::title_starts`] give).
    pub(crate) fn formal_len(
        &self,
        i: usize,
        at: FormalAt,
        read: impl FnOnce() -> Option<usize>,
    ) -> Option<usize> {
        let Some(b) = self.of.get(i).and_then(|&bi| self.blocks.get(bi as usize)) else {
            return read();
        };
        let BlockSrc::Cached(bt) = &b.toks else {
            return read();
        };
        let Some(kept) = u32::try_from(i - b.first)
            .ok()
            .and_then(|k| bt.marked.binary_search(&k).ok())
            .map(|j| &bt.formal[j])
        else {
            return read();
        };
        // One byte per reading: 0 not read yet, 255 no phrase, else the length plus one.
        let shift = at as u16 * 8;
        match (kept.load(Ordering::Relaxed) >> shift) & 0xff {
            0 => {}
            255 => return None,
            n => return Some(n as usize - 1),
        }
        let found = read();
        let code = match found {
            None => 255,
            Some(n) if n < 254 => n as u16 + 1,
            Some(_) => return found,
        };
        // Two readers writing at once write the same value.
        kept.fetch_or(code << shift, Ordering::Relaxed);
        found
    }

    /// The tokens in `range`, in order.
    pub fn iter(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl DoubleEndedIterator<Item = Tk<'_>> + ExactSizeIterator + '_ {
        range.map(move |i| self.get(i))
    }

    /// The sentence of token `i`, without reading the rest of it.
    fn sentence(&self, i: usize) -> usize {
        let b = &self.blocks[self.of[i] as usize];
        b.sentence + b.toks.toks[i - b.first].sentence as usize
    }

    /// Per block: the range of its tokens, where it starts in the article, and the names
    /// check's memo of the cached block it was read from, if any.
    pub(crate) fn names_memos(
        &self,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, usize, Option<&'a NamesMemo>)> + '_ {
        self.blocks.iter().enumerate().map(|(k, b)| {
            let memo = match &b.toks {
                BlockSrc::Cached(bt) => Some(&bt.names),
                BlockSrc::Own(_) => None,
            };
            // A block's tokens end where the next block's start (read from this packed list,
            // not from the block's own tokens: a cache miss a block over a long article).
            let end = self
                .blocks
                .get(k + 1)
                .map_or(self.of.len(), |next| next.first);
            (b.first..end, b.at, memo)
        })
    }

    /// How many tokens start before `offset`.
    fn starting_before(&self, offset: usize) -> usize {
        // Tokens lie inside their block, and blocks are in text order: every token of the
        // blocks before the last one starting before `offset` starts before it too.
        let k = self.blocks.partition_point(|b| b.at < offset);
        let Some(b) = k.checked_sub(1).map(|k| &self.blocks[k]) else {
            return 0;
        };
        let n = b.toks.toks.len();
        let mut lo = 0;
        let mut hi = n;
        while lo < hi {
            let mid = (lo + hi) / 2;
            if b.start(mid) < offset {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        b.first + lo
    }

    /// The start of token `i`.
    fn start(&self, i: usize) -> usize {
        let b = &self.blocks[self.of[i] as usize];
        b.start(i - b.first)
    }

    /// The token starting at `offset`. Tokens are in text order and start apart.
    pub fn at(&self, offset: usize) -> Option<usize> {
        let i = self.starting_before(offset);
        (i < self.len() && self.start(i) == offset).then_some(i)
    }

    /// The token holding the byte before `offset` (the last token of a span ending there).
    pub fn ending_at(&self, offset: usize) -> Option<usize> {
        self.last_before(self.starting_before(offset), offset)
    }

    /// [`Self::ending_at`] for a span starting at token `first`: a name's few tokens read on
    /// from there, rather than searched for among all.
    fn ending_at_from(&self, first: usize, offset: usize) -> Option<usize> {
        if self.start(first) >= offset {
            return self.ending_at(offset);
        }
        // Every token up to `first` starts before `offset`.
        let mut i = first + 1;
        while i < self.len() && self.start(i) < offset {
            i += 1;
        }
        self.last_before(i, offset)
    }

    /// The last of the `i` tokens starting before `offset`, if it holds the byte before it.
    fn last_before(&self, i: usize, offset: usize) -> Option<usize> {
        i.checked_sub(1).filter(|&k| {
            let t = self.get(k);
            t.span.end >= offset && t.span.start < offset
        })
    }

    /// The previous token in the same sentence.
    pub fn prev(&self, i: usize) -> Option<usize> {
        i.checked_sub(1)
            .filter(|&p| self.sentence(p) == self.sentence(i))
    }

    pub fn next(&self, i: usize) -> Option<usize> {
        Some(i + 1).filter(|&n| n < self.len() && self.sentence(n) == self.sentence(i))
    }

    /// A sentence that reads as prose, not a results line or a list of names: enough lowercase
    /// words, few numbers (a year is not one). Wire copy repeats full names in tables and
    /// agate, rightly. A short sentence that reports speech is prose too (`Scott Randall
    /// said.`), unlike a subhead (`Sanders: Win in a walk.`).
    pub fn is_prose_sentence(&self, i: usize) -> bool {
        let c = self.sentence_counts(i);
        let long = c.lower >= 4 && c.lower * 3 >= c.caps && c.numbers * 2 <= c.lower;
        // Whether it reports speech is read only where it decides.
        long || c.numbers == 0 && c.caps <= c.lower + 2 && self.reports_speech(i)
    }

    /// A line-up, list of names or results line: names or numbers far outnumber the
    /// lowercase words (`New Zealand: Christian Cullen, Jeff Wilson, Walter Little.`).
    pub fn is_list_sentence(&self, i: usize) -> bool {
        let c = self.sentence_counts(i);
        c.caps >= 5 && c.caps > 2 * c.lower || c.numbers >= 2 && c.numbers * 2 > c.lower
    }

    fn sentence_counts(&self, i: usize) -> SentenceCounts {
        let b = &self.blocks[self.of[i] as usize];
        b.toks.sentence_counts(self.prose, b.at, i - b.first)
    }

    /// Whether the sentence of token `i` has a verb of saying.
    fn reports_speech(&self, i: usize) -> bool {
        let b = &self.blocks[self.of[i] as usize];
        b.toks.reports_speech(self.prose, b.at, i - b.first)
    }
}

impl BlockTokens {
    /// The slot keeping what is read of the sentence of token `k` (see
    /// [`SentenceCounts::pack`]), if the paragraph's table has one.
    fn sentence_slot(&self, k: usize) -> Option<&AtomicU64> {
        let kept = self.sentence_counts.get_or_init(|| {
            let sentences = self.toks.last().map_or(0, |t| t.sentence as usize + 1);
            (0..sentences).map(|_| AtomicU64::new(0)).collect()
        });
        kept.get(self.toks[k].sentence as usize)
    }

    /// The tokens of the sentence of token `k`: a sentence lies within its paragraph, so they
    /// are a run of the paragraph's.
    fn sentence_tokens(&self, k: usize) -> &[BlockTk] {
        let s = self.toks[k].sentence;
        let from = (self.toks[..k].iter())
            .rposition(|t| t.sentence != s)
            .map_or(0, |p| p + 1);
        let len = self.toks[from..]
            .iter()
            .take_while(|t| t.sentence == s)
            .count();
        &self.toks[from..from + len]
    }

    /// The text of token `t` of the paragraph standing at `at` in `prose`.
    fn text_of<'s>(prose: &'s str, at: usize, t: &BlockTk) -> &'s str {
        prose
            .get(at + t.start as usize..at + t.end as usize)
            .unwrap_or("")
    }

    /// The [`SentenceCounts`] of the sentence of token `k`, the paragraph standing at `at` in
    /// `prose`: read once, then kept with the paragraph's tokens.
    fn sentence_counts(&self, prose: &str, at: usize, k: usize) -> SentenceCounts {
        let slot = self.sentence_slot(k);
        if let Some(c) = slot.and_then(|c| SentenceCounts::unpack(c.load(Ordering::Relaxed))) {
            return c;
        }
        let mut c = SentenceCounts::default();
        for t in self.sentence_tokens(k) {
            let text = Self::text_of(prose, at, t);
            if t.flags & WORD != 0 {
                let lowercase = match text.as_bytes().first() {
                    Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
                    _ => text.chars().next().is_some_and(char::is_lowercase),
                };
                if lowercase {
                    c.lower += 1;
                } else {
                    c.caps += 1;
                }
            } else if text.starts_with(|c: char| c.is_ascii_digit())
                && !crate::engine::dateline::is_year(text)
            {
                c.numbers += 1;
            }
        }
        if let (Some(slot), Some(packed)) = (slot, c.pack()) {
            // Two readers at once set the same bits.
            slot.fetch_or(packed, Ordering::Relaxed);
        }
        c
    }

    /// Whether the sentence of token `k` has a verb of saying: read once, then kept with the
    /// paragraph's tokens.
    fn reports_speech(&self, prose: &str, at: usize, k: usize) -> bool {
        let slot = self.sentence_slot(k);
        let kept = slot.map_or(0, |c| c.load(Ordering::Relaxed));
        if kept & SentenceCounts::SPEECH_READ != 0 {
            return kept & SentenceCounts::SPEECH != 0;
        }
        let reports = (self.sentence_tokens(k).iter())
            .filter(|t| t.flags & WORD != 0)
            .any(|t| {
                let lower = match t.lower.checked_sub(1) {
                    Some(i) => self.lowered_at(i),
                    None => Self::text_of(prose, at, t),
                };
                crate::engine::entities::is_say_verb(lower)
            });
        if let Some(slot) = slot {
            let bit = if reports { SentenceCounts::SPEECH } else { 0 };
            slot.fetch_or(SentenceCounts::SPEECH_READ | bit, Ordering::Relaxed);
        }
        reports
    }
}

/// What a sentence is made of: lowercase words, capitalized words, numbers (not years).
#[derive(Default)]
struct SentenceCounts {
    lower: usize,
    caps: usize,
    numbers: usize,
}

impl SentenceCounts {
    /// Bits per count when packed, and the bit that marks packed counts as read.
    const BITS: u32 = 20;
    const READ: u64 = 1 << 63;
    /// Kept in the same word, apart: whether the sentence has a verb of saying, and that
    /// this was read ([`BlockTokens::reports_speech`]).
    const SPEECH: u64 = 1 << 61;
    const SPEECH_READ: u64 = 1 << 62;

    /// The counts in one word, with [`Self::READ`] set; `None` when a count does not fit
    /// (such a sentence is counted at each ask).
    fn pack(&self) -> Option<u64> {
        let limit = 1 << Self::BITS;
        if self.lower >= limit || self.caps >= limit || self.numbers >= limit {
            return None;
        }
        Some(
            Self::READ
                | self.lower as u64
                | (self.caps as u64) << Self::BITS
                | (self.numbers as u64) << (2 * Self::BITS),
        )
    }

    /// The counts [`Self::pack`] packed; `None` for a sentence not read yet.
    fn unpack(packed: u64) -> Option<SentenceCounts> {
        if packed & Self::READ == 0 {
            return None;
        }
        let field = |n: u32| (packed >> (n * Self::BITS) & ((1 << Self::BITS) - 1)) as usize;
        Some(SentenceCounts {
            lower: field(0),
            caps: field(1),
            numbers: field(2),
        })
    }
}

// -------------------------------------------------------------------------------- mentions

/// A title read off the words right before a name.
#[derive(Debug, Clone)]
pub struct TitleBefore {
    /// The title phrase itself (`Prime Minister`, `Sen.`, `spokesperson`).
    pub head: Span,
    /// Lowercase phrase as written (`prime minister`).
    /// Shared, like [`PMention::text`].
    pub phrase: Arc<str>,
    pub formal: bool,
    pub occupational: bool,
    /// Where the whole description starts: modifiers, qualifiers, a demonym or `the` before
    /// the phrase (`the Israeli Prime Minister`). A later-reference fix deletes from here.
    pub start: usize,
    /// First token of the phrase.
    pub head_tok: usize,
}

/// One mention of a person, read in context.
#[derive(Debug, Clone)]
pub struct PMention {
    pub span: Span,
    pub first_tok: usize,
    pub last_tok: usize,
    /// Words in the name as written (`Benjamin Netanyahu`: 2).
    pub words: usize,
    /// Shared: the paragraph's memo hands the same mention out at every keystroke.
    pub text: Arc<str>,
    pub role: Role,
    pub quoted: bool,
    /// `the Biden administration`, `Obama-era`: names an institution, not the person.
    pub modifier: bool,
    pub title: Option<TitleBefore>,
    /// A courtesy title right before the name (`Mr.`), as a token index.
    pub courtesy: Option<usize>,
}

impl PMention {
    /// In the body, outside quotes: where the copy desk's reference rules apply.
    pub fn in_running_text(&self) -> bool {
        self.role == Role::Body && !self.quoted
    }
}

/// A person of the article.
#[derive(Debug, Clone)]
pub struct Person {
    /// The full name as introduced (`Benjamin Netanyahu`), or a bare surname when the article
    /// never gives one.
    pub name: String,
    /// The surname as introduced: the last word with its particles, or the first word of a
    /// Chinese or Korean name.
    pub surname: String,
    /// The first name (or given name) as introduced, if any.
    pub first: Option<String>,
    pub east_asian: bool,
    /// Mentions in order.
    pub mentions: Vec<PMention>,
}

impl Person {
    pub fn has_full_name(&self) -> bool {
        self.first.is_some()
    }

    /// The first mention with the full name in the body, outside quotes.
    pub fn introduction(&self) -> Option<&PMention> {
        self.mentions
            .iter()
            .find(|m| m.words >= 2 && m.role == Role::Body)
    }

    /// The first mention with the full name, anywhere (a headline, a quote).
    pub fn named_in_full(&self) -> Option<&PMention> {
        self.mentions.iter().find(|m| m.words >= 2)
    }
}

/// The surname and first name of a full name, reading Chinese and Korean names surname first.
pub fn split_name(name: &str, kb: &KbView<'_>) -> (String, Option<String>, bool) {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return (name.to_string(), None, false);
    }
    let last = *words.last().unwrap_or(&"");
    // `Xi Jinping`, `Kim Jong Un`, `Moon Jae-in`: a listed surname first and a given name
    // that is no common Western surname (`Lee Harvey Oswald`, `Kang Smith` read Western).
    // Read only for a listed surname first: most names are Western.
    if is_east_asian_surname(words[0]) && words.len() <= 3 {
        let rest_western = || {
            words[1..]
                .iter()
                .any(|w| kb.surname(w).is_some_and(|f| f.rank <= 5_000))
        };
        let given_hyphenated = words[1..].iter().any(|w| w.contains('-'));
        // `Kim` and `Lee` are Western first names too (`Kim Clijsters`): for them only a
        // hyphenated or three-part given name says the order is Korean.
        let western_first = || {
            kb.first_name(words[0])
                .is_some_and(|f| f.male + f.female >= 5)
        };
        if given_hyphenated || !rest_western() && (words.len() == 3 || !western_first()) {
            return (words[0].to_string(), Some(words[1..].join(" ")), true);
        }
    }
    let surname = crate::kb::surname_of(name).unwrap_or_else(|| last.to_string());
    let first = words[0].to_string();
    (surname, Some(first), false)
}

/// A person entity as [`People::with_tokens`] reads it, before people with the same name are
/// gathered into one.
enum Reading<'t> {
    /// Never named in full: a bare surname, which joins the person introduced with it.
    Bare,
    /// Named in full, but not a person's name after all (`Tax Policy Center`).
    NotAPerson,
    Named {
        /// The first full name, as written.
        full: &'t str,
        /// `full` without a nickname.
        plain: Cow<'t, str>,
        mentions: Vec<PMention>,
    },
}

/// Reads the mentions of the article's people in context.
pub struct People<'a> {
    pub tokens: Tokens<'a>,
    pub people: Vec<Person>,
}

impl<'a> People<'a> {
    /// The people `cx` carries (built once for all the checks), or when it has none (a context
    /// made without them, or building them failed), people built into `slot`.
    pub fn of<'s>(
        cx: &'s Context<'a>,
        slot: &'s mut Option<People<'a>>,
        kb: &KbView<'_>,
    ) -> &'s People<'a> {
        match cx.people {
            Some(pp) => pp,
            None => slot.insert(People::new(cx.article, cx.entities, kb)),
        }
    }

    pub fn new(article: &'a Article, entities: &[Entity], kb: &KbView<'_>) -> People<'a> {
        People::with_tokens(Tokens::new(article), article, entities, kb)
    }

    /// The people of `article` read over `tokens`, its tokens (made by [`Tokens::new`] or
    /// read from cached blocks by [`Tokens::from_blocks`]).
    pub fn with_tokens(
        tokens: Tokens<'a>,
        article: &'a Article,
        entities: &[Entity],
        kb: &KbView<'_>,
    ) -> People<'a> {
        let text = article.text.as_str();
        // Each block's span and cached tokens, packed: every mention finds its block here, and
        // over a long article's blocks and tokens themselves each step was a cache miss.
        let places: Vec<BlockPlace<'a>> = article
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| BlockPlace {
                span: b.span,
                cached: tokens.blocks.get(i).and_then(|t| match t.toks {
                    BlockSrc::Cached(bt) => Some((t.first, bt)),
                    BlockSrc::Own(_) => None,
                }),
            })
            .collect();
        // Each person entity read on its own (side by side on a long article), then gathered
        // in order below.
        let read = |e: &'_ Entity| -> Reading {
            // How the last few names as written trim (`trim_name` reads nothing but the
            // name): an entity repeats its few spellings again and again. A few kept in place
            // cost less than a map made for every entity.
            let mut trims: [Option<(&str, (usize, usize))>; 4] = [None; 4];
            let mut oldest = 0;
            let mut trim = |span: Span| {
                let name = span.text(text);
                if name.len() != span.end.wrapping_sub(span.start) {
                    // Not on character boundaries: as `trim_name` reads it.
                    return trim_name(span, text);
                }
                let kept = trims.iter().flatten().find(|(n, _)| *n == name);
                let (from, to) = match kept {
                    Some(&(_, at)) => at,
                    None => {
                        let t = trim_name(Span::new(0, name.len()), name);
                        trims[oldest] = Some((name, (t.start, t.end)));
                        oldest = (oldest + 1) % trims.len();
                        (t.start, t.end)
                    }
                };
                Span::new(span.start + from, span.start + to)
            };
            // The recognizer may keep a title or a place in the name (`Major-General Nikolai
            // Sherbatov`, `Economist Joel Naroff`, `Tono Eitel of Germany`): trim to the name.
            let spans: Vec<Span> = e.mentions.iter().map(|m| trim(m.span)).collect();
            let full = spans
                .iter()
                .map(|s| s.text(text))
                .find(|t| t.split_whitespace().count() >= 2);
            let Some(full) = full else {
                return Reading::Bare;
            };
            // `Roberto "Hands of Stone" Duran` is judged and split as `Roberto Duran`.
            let plain = without_nickname(full);
            if !plausible_person(&tokens, e, full, &plain, text, kb) {
                return Reading::NotAPerson;
            }
            let mut blocks = BlockFinder::new(&places);
            let mentions: Vec<PMention> = spans
                .iter()
                .filter_map(|s| read_mention_memo(&tokens, article, &mut blocks, *s, kb))
                .collect();
            Reading::Named {
                full,
                plain,
                mentions,
            }
        };
        let persons: Vec<&Entity> = entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .collect();
        let readings: Vec<Reading> = if crate::engine::side_by_side(article) {
            use rayon::prelude::*;
            persons.par_iter().map(|e| read(e)).collect()
        } else {
            persons.iter().map(|e| read(e)).collect()
        };
        // At most one person per person entity.
        let mut people: Vec<Person> = Vec::with_capacity(persons.len());
        // People by full name, so an entity with a name already seen joins its person.
        let mut by_name: HashMap<String, usize, FxBuild> =
            HashMap::with_capacity_and_hasher(persons.len(), FxBuild::default());
        let mut bare: Vec<&Entity> = Vec::new();
        for (e, reading) in persons.into_iter().zip(readings) {
            let (full, plain, mentions) = match reading {
                Reading::Named {
                    full,
                    plain,
                    mentions,
                } => (full, plain, mentions),
                Reading::Bare => {
                    bare.push(e);
                    continue;
                }
                Reading::NotAPerson => continue,
            };
            // The same name under two entities (one had a title in it, or a middle initial:
            // `Donald J. Trump`, `Donald Trump`) is one person.
            let key = name_key(full);
            if let Some(&i) = by_name.get(&key) {
                people[i].mentions.extend(mentions);
                continue;
            }
            by_name.insert(key, people.len());
            let (surname, first, east_asian) = split_name(&plain, kb);
            people.push(Person {
                name: full.to_string(),
                surname,
                first,
                east_asian,
                mentions,
            });
        }
        // A bare surname the recognizer kept apart (`Xi`, when it linked `Jinping` to
        // `Xi Jinping`) joins the one person introduced with it. By lowercased surname: the
        // one person with it, or `None` when several have it. Made only for a bare surname.
        let mut owner_by_surname: HashMap<String, Option<usize>, FxBuild> = HashMap::default();
        if !bare.is_empty() {
            for (i, p) in people.iter().enumerate() {
                owner_by_surname
                    .entry(p.surname.to_lowercase())
                    .and_modify(|owner| *owner = None)
                    .or_insert(Some(i));
            }
        }
        for e in bare {
            let mut blocks = BlockFinder::new(&places);
            let mentions: Vec<PMention> = e
                .mentions
                .iter()
                .filter_map(|m| read_mention_memo(&tokens, article, &mut blocks, m.span, kb))
                .collect();
            let key = e.name.to_lowercase();
            match owner_by_surname.get(&key) {
                Some(&Some(owner)) => people[owner].mentions.extend(mentions),
                seen => {
                    let owner = if seen.is_some() {
                        None
                    } else {
                        Some(people.len())
                    };
                    owner_by_surname.insert(key, owner);
                    people.push(Person {
                        name: e.name.clone(),
                        surname: e.name.clone(),
                        first: None,
                        east_asian: false,
                        mentions,
                    });
                }
            }
        }
        for p in &mut people {
            p.mentions.sort_by_key(|m| m.span.start);
            p.mentions.dedup_by_key(|m| m.span.start);
        }
        People { tokens, people }
    }

    /// People with a full name, by lowercased surname.
    pub fn by_surname(&self) -> HashMap<String, Vec<usize>, FxBuild> {
        let mut map: HashMap<String, Vec<usize>, FxBuild> =
            HashMap::with_capacity_and_hasher(self.people.len(), FxBuild::default());
        for (i, p) in self.people.iter().enumerate() {
            if p.has_full_name() {
                map.entry(p.surname.to_lowercase()).or_default().push(i);
            }
        }
        map
    }
}

/// Last words that make a capitalized run a thing, not a person (`Tax Policy Center`).
fn is_thing_head(lower: &str) -> bool {
    matches!(
        lower,
        "center"
            | "centre"
            | "caucus"
            | "circuit"
            | "amendment"
            | "committee"
            | "council"
            | "party"
            | "group"
            | "corp"
            | "corp."
            | "inc"
            | "inc."
            | "co."
            | "company"
            | "association"
            | "foundation"
            | "institute"
            | "university"
            | "college"
            | "school"
            | "coal"
            | "oil"
            | "bank"
            | "union"
            | "league"
            | "club"
            | "debates"
            | "matter"
            | "warriors"
            | "sox"
            | "news"
            | "times"
            | "post"
            | "hedge"
            | "democrats"
            | "republicans"
            | "democrat"
            | "republican"
    )
}

/// What makes two full names one person's: the name without middle initials (`Donald J.
/// Trump` and `Donald Trump` share `Donald Trump`) when two words or more are left, else the
/// name as written.
fn name_key(full: &str) -> String {
    let initial =
        |w: &str| w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() == 1;
    let words = full.split_whitespace().count();
    if words < 2 {
        return full.to_string();
    }
    // The first and last words are always kept: two words or more are left.
    let mut key = String::with_capacity(full.len());
    for (k, w) in full.split_whitespace().enumerate() {
        if k == 0 || k + 1 == words || !initial(w) {
            if k > 0 {
                key.push(' ');
            }
            key.push_str(w);
        }
    }
    key
}

/// `Robert C. "Bobby" Scott` → `Robert C. Scott`: a name without the nickname quoted inside
/// it (the recognizer keeps it only between a first name and a surname).
fn without_nickname(full: &str) -> Cow<'_, str> {
    let (Some(open), Some(close)) = (full.find(['"', '“']), full.rfind(['"', '”'])) else {
        return Cow::Borrowed(full);
    };
    let after = close + full[close..].chars().next().map_or(1, char::len_utf8);
    if close <= open || !full[..open].ends_with(' ') || !full[after..].starts_with(' ') {
        return Cow::Borrowed(full);
    }
    Cow::Owned(format!("{}{}", &full[..open], full[after..].trim_start()))
}

/// Does a full name the recognizer tagged as a person read like one? The rules that compare
/// people would otherwise speak of `Air France` or `Neither Clinton`. `full` is the name as
/// written, `plain` without a nickname.
fn plausible_person(
    tokens: &Tokens<'_>,
    e: &Entity,
    full: &str,
    plain: &str,
    text: &str,
    kb: &KbView<'_>,
) -> bool {
    if plain.contains(['&', '(', ')', '"', '“', '”']) {
        return false;
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let particle = |w: &str| {
        matches!(
            w,
            "de" | "da" | "di" | "del" | "der" | "van" | "von" | "bin" | "al" | "el" | "la" | "le"
        )
    };
    let known = kb.has_person(plain, crate::kb::Case::Sensitive);
    for (k, w) in words.iter().enumerate() {
        let initial = w.ends_with('.') && w.chars().count() <= 3;
        let roman = matches!(*w, "II" | "III" | "IV" | "Jr." | "Sr.");
        if initial || roman || particle(w) {
            continue;
        }
        // `Bill Clinton` in a story about a bill: a common first name, or a name the
        // knowledge base knows, is a name whatever else the story writes in lowercase.
        let first_name = k == 0
            && words.len() >= 2
            && kb.first_name(w).is_some_and(|f| f.male + f.female >= 20)
            && words.last().is_some_and(|l| kb.is_known_surname(l));
        if known || first_name {
            continue;
        }
        if with_lowercase(w, |l| tokens.lowercase.contains(l))
            || w.chars().count() > 1 && w.chars().all(|c| c.is_uppercase())
        {
            return false;
        }
    }
    if words
        .last()
        .is_some_and(|w| with_lowercase(w, is_thing_head))
    {
        return false;
    }
    if kb.organization(full, crate::kb::Case::Sensitive).is_some() {
        return false;
    }
    // A first word capitalized only because it opens a sentence must be a known first name.
    let intro = e.mentions.iter().find(|m| m.span.text(text) == full);
    let opens_sentence = intro
        .and_then(|m| tokens.at(m.span.start))
        .is_some_and(|i| tokens.get(i).first);
    // `Van Voorhis`, `Der Spiegel`, `All Blacks`: a capitalized particle or article first is a
    // surname alone or a title of a thing, with no first name to compare.
    let particle_first = |first: &str| {
        matches!(
            first,
            "van"
                | "von"
                | "der"
                | "de"
                | "den"
                | "la"
                | "le"
                | "el"
                | "al"
                | "all"
                | "the"
                | "die"
                | "das"
        )
    };
    let (wordlike, particle_first) = with_lowercase(words[0], |first| {
        let wordlike = first.ends_with("ing")
            || first.ends_with("ly")
            || first.ends_with("ed")
            || matches!(
                first,
                "neither"
                    | "whether"
                    | "either"
                    | "unlike"
                    | "like"
                    | "beyond"
                    | "rival"
                    | "candidate"
                    | "activist"
                    | "nominee"
                    | "senator"
                    | "retired"
                    | "meanwhile"
                    | "even"
                    | "only"
                    | "both"
                    | "new"
                    | "dear"
                    | "sell"
                    | "buy"
                    | "real"
                    | "outside"
                    | "inside"
                    | "our"
                    | "house"
                    | "team"
            );
        (wordlike, particle_first(first))
    });
    if wordlike && kb.first_name(words[0]).is_none() {
        return false;
    }
    // `Derelict Obama`, `Beyond Trump`: a public figure's surname after a word that is no
    // first name, nor this person's, is the surname after a common word.
    // Mid-sentence only for a surname few people share (`Team Clinton`, not `Nate Miller`).
    let rare_surname = words
        .get(1)
        .is_some_and(|w| kb.surname(w).map_or(true, |f| f.rank > 1_000));
    if words.len() == 2
        && (opens_sentence || rare_surname)
        && !known
        && kb.first_name(words[0]).is_none()
    {
        let public = kb.people_with_surname(words[1]);
        if !public.is_empty()
            && public
                .iter()
                .all(|p| p.first.as_deref() != Some(words[0]) && !p.name.starts_with(words[0]))
        {
            return false;
        }
    }
    // A particle or article first: not a person (see `particle_first`).
    !particle_first
}

/// A person's name without the title or place the recognizer kept with it.
fn trim_name(span: Span, text: &str) -> Span {
    let name = span.text(text);
    let start = span.start;
    // `Tono Eitel of Germany`; not the `of` of a nickname (`Roberto "Hands of Stone" Duran`).
    let from = name.rfind(['"', '”']).map_or(0, |q| {
        q + name[q..].chars().next().map_or(1, char::len_utf8)
    });
    // A byte search: a string searcher costs more to set up than a short name takes to scan.
    let of = name.as_bytes()[from..]
        .windows(4)
        .position(|w| w == b" of ");
    let end = match of {
        Some(at) => span.start + from + at,
        None => span.end,
    };
    let t = titles();
    // Cut after the last title word that still leaves a first name and a surname:
    // `National Security Adviser Jake Sullivan` → `Jake Sullivan`.
    let rest = text.get(start..end).unwrap_or("");
    // Only a word with two more after it may be cut after: most names have none.
    let words = rest.split(' ').count();
    let mut cut = None;
    // Where the word after this one starts in `rest`.
    let mut next_at = 0;
    for word in rest.split(' ').take(words.saturating_sub(2)) {
        next_at += word.len() + 1;
        let lower = word.to_lowercase();
        let title_word = t.formal.contains_key(&lower)
            || t.occupational.contains(&lower)
            || t.courtesy.contains(&lower)
            || lower.contains("general")
            || lower.contains("colonel")
            || matches!(
                lower.as_str(),
                "economist" | "ceo" | "chairman" | "chief" | "dr." | "prof." | "professor"
            );
        if title_word {
            cut = Some(next_at);
        }
    }
    let start = cut.map_or(start, |at| start + at);
    Span::new(start, end.max(start))
}

/// Finds the block of each of a run of spans among the article's blocks, packed. A person's
/// mentions come in text order: the next one's block is found by galloping on from the last
/// one's, a few steps in memory just read, where a binary search over every block made its
/// first steps, each a cache miss on a long article, for every mention.
struct BlockFinder<'e, 'a> {
    blocks: &'e [BlockPlace<'a>],
    /// Every block before this one ends before the last span looked up.
    last: usize,
}

/// A block as a mention's lookup reads it: where it stands, and its cached tokens with the
/// index of their first token in the article.
#[derive(Clone, Copy)]
struct BlockPlace<'a> {
    span: Span,
    cached: Option<(usize, &'a BlockTokens)>,
}

impl<'e, 'a> BlockFinder<'e, 'a> {
    fn new(blocks: &'e [BlockPlace<'a>]) -> Self {
        BlockFinder { blocks, last: 0 }
    }

    /// The first block ending at or after `end` (`partition_point`), and the block.
    fn find(&mut self, end: usize) -> (usize, Option<&'e BlockPlace<'a>>) {
        let blocks = self.blocks;
        let before = |b: &BlockPlace<'_>| b.span.end < end;
        let mut lo = self.last.min(blocks.len());
        if lo > 0 && !before(&blocks[lo - 1]) {
            // Out of order: search them all.
            lo = 0;
        }
        // Every block before `lo` ends before `end`.
        let mut step = 1;
        while lo + step <= blocks.len() && before(&blocks[lo + step - 1]) {
            lo += step;
            step *= 2;
        }
        let hi = (lo + step).min(blocks.len());
        self.last = lo + blocks[lo..hi].partition_point(before);
        (self.last, blocks.get(self.last))
    }
}

/// [`read_mention`] through the memo of the paragraph that holds `span`, when the tokens are
/// cached paragraphs': the same mention, read once while the paragraph stands. `blocks` finds
/// the paragraph.
fn read_mention_memo(
    tokens: &Tokens<'_>,
    article: &Article,
    blocks: &mut BlockFinder<'_, '_>,
    span: Span,
    kb: &KbView<'_>,
) -> Option<PMention> {
    let text = article.text.as_str();
    let (_, block) = blocks.find(span.end);
    let cached = block
        .filter(|b| b.span.start <= span.start && span.start < b.span.end.min(span.end + 1))
        .and_then(|b| b.cached.map(|(first, bt)| (b.span.start, first, bt)));
    let Some((at, first, bt)) = cached else {
        return read_mention(tokens, text, span, kb);
    };
    let key = (span.start - at, span.end - at);
    let mut memo = bt.mentions.0.lock().unwrap_or_else(|e| e.into_inner());
    let at_key = memo.iter().position(|e| e.key == key);
    if let Some(e) = at_key.map(|i| &memo[i]) {
        let (from, end) = e
            .mention
            .as_ref()
            .map_or((key.0, key.1), |m| (m.span.start, m.span.end));
        let raw = match (&e.raw, &e.mention) {
            (Some(raw), _) => &**raw,
            (None, Some(m)) => &*m.text,
            (None, None) => "",
        };
        if raw == text.get(mv(from, 0, at)..span.end).unwrap_or("")
            && e.after == bytes_after(text, mv(end, 0, at))
        {
            return e
                .mention
                .as_ref()
                .map(|m| moved_mention(m, (0, at), (0, first)));
        }
    }
    let found = read_mention(tokens, text, span, kb);
    let (from, end) = found
        .as_ref()
        .map_or((span.start, span.end), |m| (m.span.start, m.span.end));
    let raw = text.get(from..span.end).unwrap_or("");
    let entry = MemoEntry {
        key,
        raw: match &found {
            Some(m) if &*m.text == raw => None,
            _ => Some(raw.into()),
        },
        after: bytes_after(text, end),
        mention: found
            .as_ref()
            .map(|m| moved_mention(m, (at, 0), (first, 0))),
    };
    match at_key {
        Some(i) => memo[i] = entry,
        None => {
            memo.reserve_exact(1);
            memo.push(entry);
        }
    }
    found
}

fn mv(x: usize, from: usize, to: usize) -> usize {
    x.wrapping_sub(from).wrapping_add(to)
}

/// `m` with its offsets moved from `at.0` to `at.1` and its token indices from `tok.0` to
/// `tok.1` (wrapping: exact both ways).
fn moved_mention(m: &PMention, at: (usize, usize), tok: (usize, usize)) -> PMention {
    let span = |s: Span| Span::new(mv(s.start, at.0, at.1), mv(s.end, at.0, at.1));
    let t = |i: usize| mv(i, tok.0, tok.1);
    PMention {
        span: span(m.span),
        first_tok: t(m.first_tok),
        last_tok: t(m.last_tok),
        words: m.words,
        text: m.text.clone(),
        role: m.role,
        quoted: m.quoted,
        modifier: m.modifier,
        title: m.title.as_ref().map(|x| TitleBefore {
            head: span(x.head),
            phrase: x.phrase.clone(),
            formal: x.formal,
            occupational: x.occupational,
            start: mv(x.start, at.0, at.1),
            head_tok: t(x.head_tok),
        }),
        courtesy: m.courtesy.map(t),
    }
}

fn read_mention(tokens: &Tokens<'_>, text: &str, span: Span, kb: &KbView<'_>) -> Option<PMention> {
    let mut span = span;
    let mut first_tok = tokens.at(span.start)?;
    let mut words = span.text(text).split_whitespace().count();
    // `Mark Nerweyi said`: a first name the recognizer left out at the start of a sentence.
    if words == 1 {
        if let Some(p) = tokens.prev(first_tok) {
            let w = tokens.get(p);
            let t = titles();
            if w.word
                && w.cap
                && !w.upper
                && !t.formal.contains_key(w.lower)
                && !t.courtesy.contains(w.lower)
                && kb
                    .first_name(w.text)
                    .is_some_and(|f| f.male + f.female >= 20)
                && w.span.end + 1 == span.start
            {
                span = Span::new(w.span.start, span.end);
                first_tok = p;
                words = span.text(text).split_whitespace().count();
            }
        }
    }
    let last_tok = tokens
        .ending_at_from(first_tok, span.end)
        .unwrap_or(first_tok)
        .max(first_tok);
    let name = span.text(text);
    let t = tokens.get(first_tok);
    let mut courtesy = None;
    let mut before = first_tok;
    if let Some(p) = tokens.prev(first_tok) {
        if titles().courtesy.contains(tokens.get(p).lower) {
            courtesy = Some(p);
            before = p;
        }
    }
    let title = if courtesy.is_none() {
        title_before(tokens, before)
    } else {
        None
    };
    Some(PMention {
        span,
        first_tok,
        last_tok,
        words,
        text: name.into(),
        role: t.role,
        quoted: t.quoted,
        modifier: is_modifier(tokens, text, span, last_tok),
        title,
        courtesy,
    })
}

/// `the Biden administration`, `Obama-era`, `the Trump campaign's`: the name qualifies a noun.
fn is_modifier(tokens: &Tokens<'_>, text: &str, span: Span, last_tok: usize) -> bool {
    let after = text.get(span.end..).unwrap_or("");
    if after.starts_with('-') && after[1..].starts_with(char::is_lowercase) {
        return true;
    }
    let last = tokens.get(last_tok);
    if last.span.end > span.end {
        // A possessive: `Biden's administration` still names the person's government.
        return tokens
            .next(last_tok)
            .is_some_and(|n| is_modifier_noun(tokens.get(n).lower));
    }
    tokens.next(last_tok).is_some_and(|n| {
        let t = tokens.get(n);
        // The lowercase text without its possessive: the bare word lowercased, for the ASCII
        // nouns compared, without a string made for it.
        t.word && is_modifier_noun(bare(t.lower))
    })
}

/// The title right before the token `name_tok`: the longest formal or occupational phrase
/// ending there, and how far its description reaches back.
pub fn title_before(tokens: &Tokens<'_>, name_tok: usize) -> Option<TitleBefore> {
    let t = titles();
    let toks = tokens;
    let sentence = toks.get(name_tok).sentence;
    let mut best: Option<(usize, bool, bool)> = None;
    for len in (1..=t.max_words.min(name_tok)).rev() {
        let from = name_tok - len;
        let opens_formal = toks.get(from).title_first;
        if len > 1 && !opens_formal {
            continue;
        }
        if toks
            .iter(from..name_tok)
            .any(|w| !w.word || w.sentence != sentence)
        {
            continue;
        }
        if len == 1 {
            let lower = toks.get(from).lower;
            // A formal title opens with a word flagged `title_first`: no other is looked up.
            if opens_formal && t.formal.contains_key(lower) {
                best = Some((from, true, false));
            } else if t.occupational.contains(lower) {
                best = Some((from, false, true));
            }
            break;
        }
        let phrase = (toks.iter(from..name_tok))
            .map(|w| w.lower)
            .collect::<Vec<_>>()
            .join(" ");
        if t.formal.contains_key(&phrase) {
            best = Some((from, true, false));
            break;
        }
    }
    let (from, formal, occupational) = best?;
    // `Pentagon's top policy chief`: a possessive or a qualifier word. Title case words before
    // a title belong to it (`Israeli Strategic Affairs Minister`).
    let mut start = from;
    let mut steps = 0;
    while let Some(p) = tokens.prev(start) {
        let w = toks.get(p);
        let take = w.word
            && (t.modifier.contains(w.lower)
                || t.qualifier.contains(w.lower)
                || w.cap && !t.courtesy.contains(w.lower)
                || w.lower == "the"
                || w.lower.starts_with("then-"));
        if !take || steps >= 6 {
            break;
        }
        start = p;
        steps += 1;
        if w.lower == "the" {
            break;
        }
    }
    let phrase = toks
        .iter(from..name_tok)
        .map(|w| w.lower)
        .collect::<Vec<_>>()
        .join(" ")
        .into();
    Some(TitleBefore {
        head: Span::new(toks.get(from).span.start, toks.get(name_tok - 1).span.end),
        phrase,
        formal,
        occupational,
        start: toks.get(start).span.start,
        head_tok: from,
    })
}

/// A token of a paragraph with the index of its sentence there.
type Placed<'t> = (usize, &'t Token);

/// How a token reads as a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteMark {
    None,
    /// `"`, or the first apostrophe of `''`: opens or closes by what came before.
    Straight,
    /// `“`
    Open,
    /// `”`
    Close,
    /// The second apostrophe of `''`.
    Tail,
}

/// Each token's part in quotation marks, into `out`. Some archives (the NYT's among them) write a
/// straight double quote as two apostrophes, `''Some staffer screwed up,''`: the pair counts as
/// one mark. Returns how many quote marks there are (tails not counted) and whether all of
/// them are straight.
fn quote_marks(prose: &str, tokens: &[Placed<'_>], out: &mut Vec<QuoteMark>) -> (usize, bool) {
    out.clear();
    let (mut quotes, mut all_straight) = (0, true);
    let apostrophe = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|(_, t)| t.kind == TokenKind::Punct && t.text(prose) == "'")
    };
    for (k, &(_, t)) in tokens.iter().enumerate() {
        // Words are no quote marks: their text is not read.
        if t.kind != TokenKind::Punct {
            out.push(QuoteMark::None);
            continue;
        }
        let mark = match t.text(prose) {
            "\"" => QuoteMark::Straight,
            "“" => QuoteMark::Open,
            "”" => QuoteMark::Close,
            "'" if matches!(
                out.last(),
                Some(QuoteMark::Straight | QuoteMark::Open | QuoteMark::Close)
            ) && apostrophe(k - 1)
                && tokens[k - 1].1.span.end == t.span.start =>
            {
                QuoteMark::Tail
            }
            "'" if apostrophe(k + 1) && t.span.end == tokens[k + 1].1.span.start => {
                // Which way the pair faces, by the spacing around it: `''When` opens,
                // `that,''` closes (a quote whose opening mark is elsewhere, or written as
                // ``` `` ``` in wire copy).
                let before = prose[..t.span.start].chars().next_back();
                let after = prose[tokens[k + 1].1.span.end..].chars().next();
                let space_before =
                    before.map_or(true, |c| c.is_whitespace() || "([{—–".contains(c));
                let space_after = after.map_or(true, char::is_whitespace);
                match (space_before, space_after) {
                    (true, false) => QuoteMark::Open,
                    (false, _) => QuoteMark::Close,
                    (true, true) => QuoteMark::Straight,
                }
            }
            _ => QuoteMark::None,
        };
        if matches!(
            mark,
            QuoteMark::Straight | QuoteMark::Open | QuoteMark::Close
        ) {
            quotes += 1;
            all_straight &= mark == QuoteMark::Straight;
        }
        out.push(mark);
    }
    (quotes, all_straight)
}

/// Gender read from US census first-name frequencies, only when one sex outnumbers the other
/// tenfold and the name is not rare; `None` otherwise (no courtesy title is guessed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

pub fn gender_of(first: &str, kb: &KbView<'_>) -> Option<Gender> {
    let f = kb.first_name(first.trim_end_matches('.'))?;
    if f.male >= 5 && f.male >= 10 * f.female.max(1) {
        Some(Gender::Male)
    } else if f.female >= 5 && f.female >= 10 * f.male.max(1) {
        Some(Gender::Female)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_told_by_how_they_open() {
        for note in [
            "Editor's note: This story was updated.",
            "Editor’s Note: An earlier version misspelled a name.",
            "CORRECTION: The minister's name is Smith.",
            "Update: Police later said…",
            "Clarification: the figure was an estimate.",
        ] {
            assert!(is_note(note), "{note}");
        }
        for prose in [
            "",
            "Earlier, the minister said",
            "Updated figures",
            "Élan",
            "“Correction:",
        ] {
            assert!(!is_note(prose), "{prose}");
        }
    }

    #[test]
    fn a_paragraph_s_lowercase_words_and_capitals_read_as_the_character_rules_do() {
        let mut lowered = String::new();
        let words = [
            "Netanyahu",
            "NATO",
            "F-16",
            "iPhone",
            "said",
            "3M",
            "1990s",
            "Ünal",
            "İstanbul",
            "ΣΟΦΙΑ",
            "Łódź",
            "—",
            "'S",
        ];
        for w in words {
            let at = lowercase_into(w, &mut lowered);
            let lower = at.map_or(w, |(s, e)| &lowered[s as usize..e as usize]);
            assert_eq!(lower, w.to_lowercase(), "{w}");
            let by_chars = w.chars().any(char::is_alphabetic)
                && w.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
            assert_eq!(all_capitals(w), by_chars, "{w}");
        }
        assert_eq!(lowercase_into("said", &mut lowered), None);
    }

    #[test]
    fn written_lowercase_words_answer_as_a_set_of_them_does() {
        // Enough words that the filter rules most others out, and more questions than are
        // answered by a pass over the words, so the set made later answers too.
        let own: Vec<String> = (0..300).map(|i| format!("w{}", i % 120)).collect();
        let others = ["mid-january", "al-qaeda", "mid-january", "ébay"];
        // Less room than words: the filter still holds every word.
        let mut words = WrittenLowercase::with_room(200);
        for w in &own {
            words.push_own(w);
        }
        for w in others {
            words.push_lowered(w);
        }
        let set: HashSet<&str> = own.iter().map(String::as_str).chain(others).collect();
        for round in 0..3 {
            for i in 0..400 {
                let w = format!("w{i}");
                assert_eq!(words.contains(&w), set.contains(w.as_str()), "{w} {round}");
            }
            for w in ["mid-january", "al-qaeda", "ébay", "mid", "", "al-qaed"] {
                assert_eq!(words.contains(w), set.contains(w), "{w} {round}");
            }
        }
        assert!(words.set.get().is_some());
        let none = WrittenLowercase::with_room(0);
        assert!(!none.contains("said") && !none.contains(""));
    }

    #[test]
    fn opens_formal_is_membership_in_formal_first() {
        let t = titles();
        let mut words: Vec<String> = t.formal_first.words().iter().cloned().collect();
        for w in t.formal_first.words().iter().take(40) {
            words.push(format!("{w}s"));
            words.push(w[..w.len() - 1].to_string());
            words.push(w.to_uppercase());
        }
        words.extend(["", "a", "of", "the", "1st", "—", "é", "sen", "sen."].map(String::from));
        for w in &words {
            assert_eq!(
                t.opens_formal(w),
                t.formal_first.words().contains(w),
                "{w:?}"
            );
        }
        assert!(t.opens_formal("president") && t.opens_formal("sen."));
    }

    #[test]
    fn block_finder_finds_what_a_binary_search_finds_in_any_order() {
        let ends: [usize; 10] = [3, 7, 7, 12, 20, 21, 40, 41, 42, 90];
        let places: Vec<BlockPlace<'_>> = ends
            .iter()
            .map(|&end| BlockPlace {
                span: Span::new(end.saturating_sub(2), end),
                cached: None,
            })
            .collect();
        let expect = |end: usize| ends.partition_point(|&e| e < end);
        // In order, as a person's mentions come; repeated; then going back and past the last.
        let runs: [&[usize]; 4] = [
            &[
                0, 1, 3, 4, 7, 8, 12, 13, 20, 21, 22, 40, 41, 42, 43, 89, 90, 91, 200,
            ],
            &[7, 7, 7, 90, 90],
            &[42, 5, 41, 3, 100, 0, 20],
            &[],
        ];
        for run in runs {
            let mut finder = BlockFinder::new(&places);
            for &end in run {
                let (i, block) = finder.find(end);
                assert_eq!(i, expect(end), "end {end} in {run:?}");
                assert_eq!(block.map(|b| b.span.end), ends.get(i).copied());
            }
        }
        assert_eq!(BlockFinder::new(&[]).find(5).0, 0);
    }

    /// The words of `text`'s paragraphs, counted by `counts` over paragraphs kept from the
    /// last update where the text still has them (as the analyzer keeps them).
    fn count_again(
        counts: &mut LowerCounts,
        kept: &mut Vec<(String, Box<BlockTokens>)>,
        text: &str,
    ) {
        use crate::engine::article::{Article, Format};
        let article = Article::parse(text, Format::Plain);
        let mut now = Vec::new();
        for (bi, b) in article.blocks.iter().enumerate() {
            let own = b.span.text(&article.prose).to_string();
            let tokens = match kept.iter().position(|(p, _)| *p == own) {
                Some(k) => kept.swap_remove(k).1,
                None => Box::new(BlockTokens::new(&article, bi, false)),
            };
            now.push((own, tokens));
        }
        let blocks: Vec<&BlockTokens> = now.iter().map(|(_, t)| &**t).collect();
        counts.update(&article, &blocks);
        *kept = now;
    }

    #[test]
    fn a_kept_value_is_read_under_its_key_only() {
        let kept: Kept<u32, &str> = Kept::default();
        assert!(kept.get(|_| true).is_none());
        kept.keep(1, "one");
        assert_eq!(kept.get(|k| *k == 1).as_deref(), Some(&"one"));
        assert!(kept.get(|k| *k == 2).is_none());
        // A second key is kept beside the first, and a third replaces the second.
        kept.keep(2, "two");
        assert_eq!(kept.get(|k| *k == 2).as_deref(), Some(&"two"));
        assert_eq!(kept.get(|k| *k == 1).as_deref(), Some(&"one"));
        kept.keep(3, "three");
        assert!(kept.get(|k| *k == 2).is_none());
        assert_eq!(kept.get(|k| *k == 3).as_deref(), Some(&"three"));
        // `matches` sees the first key, then the later one.
        let mut asked = Vec::new();
        kept.get(|k| {
            asked.push(*k);
            false
        });
        assert_eq!(asked, [1, 3]);
    }

    #[test]
    fn formal_lengths_are_kept_per_paragraph_and_reading() {
        use crate::engine::article::{Article, Format};
        let article = Article::parse(
            "Talks\n\nThe Prime Minister spoke.\n\nThe President's aide and the prime \
             minister agreed.\n",
            Format::Plain,
        );
        let blocks: Vec<BlockTokens> = (0..article.blocks.len())
            .map(|bi| BlockTokens::new(&article, bi, false))
            .collect();
        let cached: Vec<&BlockTokens> = blocks.iter().collect();
        let toks = Tokens::from_blocks(&article, &cached, None);
        let mut marked: Vec<usize> = toks.title_starts().chain(toks.title_firsts()).collect();
        marked.sort_unstable();
        marked.dedup();
        assert!(marked.len() >= 4, "{marked:?}");
        for (n, &i) in marked.iter().enumerate() {
            let want = (n % 2 == 0).then_some(n + 1);
            assert_eq!(toks.formal_len(i, FormalAt::Capitalized, || want), want);
            let again = toks.formal_len(i, FormalAt::Capitalized, || panic!("read again"));
            assert_eq!(again, want);
            // The other reading is kept apart from it.
            assert_eq!(toks.formal_len(i, FormalAt::Lowercase, || Some(3)), Some(3));
            let again = toks.formal_len(i, FormalAt::Capitalized, || panic!("read again"));
            assert_eq!(again, want);
        }
        // Tokens read for one analysis alone, and unmarked tokens, are read each time.
        let own = Tokens::new(&article);
        let reads = std::cell::Cell::new(0);
        let read = || {
            reads.set(reads.get() + 1);
            Some(2)
        };
        own.formal_len(marked[0], FormalAt::Capitalized, read);
        own.formal_len(marked[0], FormalAt::Capitalized, read);
        let unmarked = (0..toks.len()).find(|i| !marked.contains(i)).unwrap();
        toks.formal_len(unmarked, FormalAt::Capitalized, read);
        toks.formal_len(unmarked, FormalAt::Capitalized, read);
        assert_eq!(reads.get(), 4);
    }

    #[test]
    fn lowercase_counts_follow_paragraphs_that_come_and_go() {
        let mut counts = LowerCounts::default();
        let mut kept = Vec::new();
        count_again(
            &mut counts,
            &mut kept,
            "The dog ran home.\n\nThe cat sat down.\n",
        );
        let has = |c: &LowerCounts, w: &str| LowerWords::Counted(c).contains(w);
        assert!(has(&counts, "dog") && has(&counts, "cat") && has(&counts, "sat"));
        // The first paragraph changes: its old words go unless another paragraph holds them.
        count_again(
            &mut counts,
            &mut kept,
            "The bird sat still.\n\nThe cat sat down.\n",
        );
        assert!(!has(&counts, "dog") && !has(&counts, "ran") && !has(&counts, "home"));
        assert!(has(&counts, "bird") && has(&counts, "still") && has(&counts, "sat"));
        // The paragraph holding `down` goes; `sat` is still in the other.
        count_again(&mut counts, &mut kept, "The bird sat still.\n");
        assert!(!has(&counts, "down") && !has(&counts, "cat") && has(&counts, "sat"));
        assert_eq!(counts.live.len(), 1);
        // A word gone and back again is counted again, under a reused number.
        count_again(
            &mut counts,
            &mut kept,
            "The bird sat still.\n\nThe dog ran home.\n",
        );
        assert!(has(&counts, "dog") && has(&counts, "home"));
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("Netanyahu", "Netanyau"));
        assert!(within_one_edit("Smith", "Smiht"));
        assert!(within_one_edit("Smith", "Smoth"));
        assert!(within_one_edit("Zelensky", "Zelenskyy"));
        assert!(!within_one_edit("Smith", "Smythe"));
        assert!(!within_one_edit("Gadhafi", "Qaddafi"));
        // Compared by characters, not bytes, once a name is not ASCII.
        assert!(within_one_edit("Calderón", "Calderon"));
        assert!(within_one_edit("Calderón", "Calderóm"));
        assert!(within_one_edit("Łukasz", "Lukasz"));
        assert!(within_one_edit("Müller", "Mülelr"));
        assert!(!within_one_edit("Müller", "Mueller"));
        assert!(within_one_edit("", "a") && within_one_edit("", "") && !within_one_edit("", "ab"));
    }

    #[test]
    fn deletion_keys_meet_for_neighbours() {
        let a: HashSet<u64> = deletion_keys("netanyahu").into_iter().collect();
        assert!(deletion_keys("netanyau").iter().any(|k| a.contains(k)));
        assert!(deletion_keys("netanyahy").iter().any(|k| a.contains(k)));
    }

    #[test]
    fn names_split_surname_first_for_chinese_and_korean() {
        let kb = KbView::builtin();
        assert_eq!(split_name("Xi Jinping", &kb).0, "Xi");
        assert_eq!(split_name("Kim Jong Un", &kb).0, "Kim");
        assert_eq!(split_name("Moon Jae-in", &kb).0, "Moon");
        assert_eq!(split_name("Charles de Gaulle", &kb).0, "de Gaulle");
        assert_eq!(split_name("Jake Sullivan", &kb).0, "Sullivan");
        assert_eq!(split_name("Martin Luther King Jr.", &kb).0, "King");
    }

    #[test]
    fn gender_needs_a_clear_margin() {
        let kb = KbView::builtin();
        assert_eq!(gender_of("John", &kb), Some(Gender::Male));
        assert_eq!(gender_of("Mary", &kb), Some(Gender::Female));
        assert_eq!(gender_of("Jordan", &kb), None);
        assert_eq!(gender_of("Benjamin", &kb), Some(Gender::Male));
    }
}
