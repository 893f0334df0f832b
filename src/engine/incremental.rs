//! Incremental analysis: cost follows the edit, not the file.
//!
//! An [`Analyzer`] keeps, for every paragraph (block) of the last text it saw, what the
//! expensive passes found in it, keyed by the paragraph's prose and by the few things outside
//! the paragraph that those passes read. The next text is parsed into blocks again (masking and
//! block splitting are plain linear scans), and each block either finds its results in the cache
//! or is computed afresh; only the document-level passes (the checks, ordering findings,
//! indexing the cached tokens, and entity linking unless the edit left its inputs alone) run
//! over the whole article every time. The article shares its unchanged blocks' sentences with
//! the cache ([`super::sentences::BlockSentences`]) rather than copying them.
//!
//! What is cached per block, and what its key must hold for the result to be exactly what
//! [`super::analyze`] computes:
//!
//! | pass | reads | key |
//! |---|---|---|
//! | sentences and tokens | the block's prose | prose |
//! | figures | the block's sentences; the dateline if it lies in the block | + role, dateline |
//! | entity candidates, and the `the` spots references by title start from (relative to the block whatever the rest is moved by) | the block's sentences and role; the dateline if it lies in the block; whether the first block is a sports slug | + role, dateline, sports |
//! | attribution | the block's sentences and figures; the speaker carried from the previous body paragraph (an open quote, a closing `He said:`) | + carried speaker |
//! | tokens of the names and titles checks ([`BlockTokens`]) | the block's sentences and role; whether the block before leaves a quote open | + role, quote state |
//! | mentions of people read in the block (a memo in its [`BlockTokens`]) | the block's tokens; the raw text of the name and the few bytes after it | the tokens, + raw text (checked at each use) |
//! | the names check's capitalized words with their lowercase text, and its house-spelling hits (a memo in its [`BlockTokens`]) | the block's tokens; for the hits, the style and the house's spelling families | the tokens, + style and families for the hits (checked at each use) |
//!
//! Across blocks, the analyzer also keeps [`LowerCounts`]: the words the blocks' tokens write in
//! lowercase, each counted by the blocks holding it, and brought up to date each run with the
//! blocks' tokens that came and went (the names checks read the set of them).
//!
//! Entity linking, a document-level pass, is skipped when an edit changes none of what it
//! reads: the candidates of every block, the `the` spots that can start a reference by title,
//! the dateline's place. The last run's entities are then moved past the edit instead
//! ([`entities::LinkMemo`]); typing inside ordinary words does not link the article again.
//!
//! Results are stored with offsets relative to the block's start and moved to wherever the
//! block now stands. The carried speaker lies in an earlier paragraph, so its relative offsets
//! are "negative": all moves use wrapping arithmetic, which is exact both ways, and two keys are
//! equal exactly when the speaker stands at the same distance before the block.
//!
//! Entries not used by a run are dropped at its end, so the cache holds one text's worth of
//! blocks. Different settings or format clear it.

use super::article::{Article, BlockPasses, Format, Role};
use super::attribution::attribute_paragraph;
use super::dateline::{self, Dateline};
use super::entities::{self, BlockCandidates};
use super::figures::find_in_paragraph;
use super::finding::Span;
use super::lexicon::{FxHasher, Words};
use super::model::{Attribution, Figure};
use super::sentences::{BlockSentences, PackedSentences};
use super::settings::Settings;
use super::text::split_sentences;
use super::{finish, Analysis};
use crate::checks::people::{BlockTokens, LowerCounts};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// A long-lived analyzer for one document: call [`Analyzer::analyze`] with each new text.
#[derive(Default)]
pub struct Analyzer {
    /// What the cache was built under: another format or other settings clear it.
    built_for: Option<(Format, Settings)>,
    /// The cached blocks.
    blocks: Blocks,
    /// Runs so far: a slot used by the current run carries its number.
    run: u64,
    /// The words the blocks' tokens write in lowercase, counted by block.
    lowercase: LowerCounts,
    /// How many figures and attributions the last run found: the next is sized for them.
    found: (usize, usize),
    /// What entity linking read and gave last run: an edit that changes none of what it
    /// reads reuses what it gave.
    linked: Option<entities::LinkMemo>,
    /// The numbers of the cached candidates' names, which linking compares.
    keys: entities::NameKeys,
    /// How many paragraphs the last run attributed (for tests and statistics).
    attributed: usize,
    /// The last run's blocks' slots, in text order.
    order: Vec<u32>,
}

/// One block's cached results, all relative to the block's start.
struct Slot {
    prose: Box<str>,
    sentences: Option<Arc<PackedSentences>>,
    /// The dateline opening the block: `None` until asked. Boxed, like `derived`, because
    /// a slot stands for every paragraph of a large article and most have neither.
    dateline: Option<Option<Box<Dateline>>>,
    derived: Option<Box<Derived>>,
    /// The block's entity candidates, made with `derived` (kept here, not in it: linking
    /// gathers every block's at every run). Shared with the last run's linking memo, which
    /// compares by identity first.
    candidates: Option<Arc<BlockCandidates>>,
    /// What the walk over every block at every run reads of `derived`, kept here so that an
    /// unchanged block's is not fetched: the role, sports flag and whether a dateline lies in
    /// the block that it was made for (as `derived` has them), and whether its first
    /// attribution was made with no speaker carried in and carries none out.
    derived_for: Option<(Role, bool, bool)>,
    quiet: bool,
    /// The block's tokens as the names and titles checks read them, with the quote state they
    /// were read under.
    tokens: Option<Box<BlockTokens>>,
    /// What the pass over every block at every run reads of `tokens`, kept here so that an
    /// unchanged block's are not fetched: the role and quote state they were read under, and
    /// the quote state they leave.
    tokens_for: Option<(Role, bool, bool)>,
    /// The last runs whose blocks read `derived` and `tokens` (0: none yet). A second block of
    /// the same prose in one run, under another role or quote state, must not overwrite what
    /// the first reads: it gets a twin slot (see [`Blocks::twin`]).
    derived_seen: u64,
    tokens_seen: u64,
    used: u64,
    /// The hash of `prose`, and the next slot whose prose hashes alike (almost always none).
    hash: u64,
    next: Option<u32>,
}

/// Every cached block, by number. A run finds each block's slot once, by its prose, and its
/// passes then go to the slot by number: over a long article each lookup through the hash
/// table was a cache miss or two, and the passes went through it four times per block.
#[derive(Default)]
struct Blocks {
    /// The first slot whose prose has this hash.
    by_hash: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>,
    /// `None` where a slot was dropped; its number is in `free`.
    slots: Vec<Option<Slot>>,
    free: Vec<u32>,
}

impl Blocks {
    fn get(&self, id: u32) -> Option<&Slot> {
        self.slots.get(id as usize)?.as_ref()
    }

    fn get_mut(&mut self, id: u32) -> Option<&mut Slot> {
        self.slots.get_mut(id as usize)?.as_mut()
    }

    /// The number of the slot holding `prose` (whose hash is `h`), made if new.
    fn find_or_add(&mut self, prose: &str, h: u64, run: u64) -> u32 {
        let head = self.by_hash.get(&h).copied();
        let mut at = head;
        while let Some(id) = at {
            match self.get(id) {
                Some(slot) if &*slot.prose == prose => return id,
                Some(slot) => at = slot.next,
                None => break,
            }
        }
        let slot = Slot {
            prose: prose.into(),
            sentences: None,
            dateline: None,
            derived: None,
            candidates: None,
            derived_for: None,
            quiet: false,
            tokens: None,
            tokens_for: None,
            derived_seen: 0,
            tokens_seen: 0,
            used: run,
            hash: h,
            next: head,
        };
        let id = self.put(slot);
        self.by_hash.insert(h, id);
        id
    }

    /// A second slot with what slot `id` holds but its tokens, outside the hash chain: for a
    /// block whose prose another block of the same run reads under another role or quote
    /// state (a subhead that repeats a paragraph, a paragraph repeated inside and outside a
    /// quote). The chain finds the first; a twin serves while the blocks stay in order, and
    /// is dropped, like any slot, by the first run that does not use it. `id` becomes the
    /// twin's number.
    fn twin(&mut self, id: &mut u32) -> Option<&mut Slot> {
        let s = self.get(*id)?;
        let twin = Slot {
            prose: s.prose.clone(),
            sentences: s.sentences.clone(),
            dateline: s.dateline.clone(),
            derived: s.derived.clone(),
            candidates: s.candidates.clone(),
            derived_for: s.derived_for,
            quiet: s.quiet,
            tokens: None,
            tokens_for: None,
            derived_seen: 0,
            tokens_seen: 0,
            used: s.used,
            hash: s.hash,
            next: None,
        };
        *id = self.put(twin);
        self.get_mut(*id)
    }

    /// A number for `slot`: a free one, or a new one.
    fn put(&mut self, slot: Slot) -> u32 {
        match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = Some(slot);
                id
            }
            None => {
                self.slots.push(Some(slot));
                (self.slots.len() - 1) as u32
            }
        }
    }

    /// Drops the slots that run `run` did not use.
    fn drop_unused(&mut self, run: u64) {
        for id in 0..self.slots.len() as u32 {
            if !self.get(id).is_some_and(|s| s.used != run) {
                continue;
            }
            let Some(gone) = self.slots[id as usize].take() else {
                continue;
            };
            self.free.push(id);
            // Unlink it from its hash's chain.
            if self.by_hash.get(&gone.hash) == Some(&id) {
                match gone.next {
                    Some(next) => self.by_hash.insert(gone.hash, next),
                    None => self.by_hash.remove(&gone.hash),
                };
                continue;
            }
            let mut at = self.by_hash.get(&gone.hash).copied();
            while let Some(k) = at {
                let Some(slot) = self.get_mut(k) else { break };
                if slot.next == Some(id) {
                    slot.next = gone.next;
                    break;
                }
                at = slot.next;
            }
        }
    }

    fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

/// Article parsing's per-block passes, answered from the cache.
struct CachedPasses<'a> {
    blocks: &'a mut Blocks,
    run: u64,
    /// Each block's slot, in text order, as the sentences were asked for. Slots are only
    /// added during a run, so the numbers hold.
    ids: Vec<u32>,
    /// The last block looked up and its slot: parsing asks for a block's dateline, then its
    /// sentences, and finding its slot once is enough.
    last: Option<(Span, u32)>,
    /// The last run's slots in text order, and where in them this run's next block is likely
    /// to be: an edit changes a block or two, and the others are the last run's, in order.
    /// Comparing a block with the slot expected there spares hashing it and a lookup, each a
    /// cache miss or two over a long article.
    before: &'a [u32],
    cursor: usize,
}

impl CachedPasses<'_> {
    /// The slot of the block at `span`, made if new; `None` if `span` is not in `prose`.
    fn slot(&mut self, prose: &str, span: Span) -> Option<(u32, &mut Slot)> {
        let own = prose.get(span.range())?;
        // Asked for the same block again: its slot is where the last call found it.
        let id = match self.last {
            Some((s, id)) if s == span => id,
            _ => {
                let id = self.expected(own).unwrap_or_else(|| {
                    let id = self.blocks.find_or_add(own, hash(own), self.run);
                    // Blocks deleted since: pick the order up again after the one found.
                    let ahead = self.before.get(self.cursor..).unwrap_or_default();
                    if let Some(d) = ahead.iter().take(4).position(|&x| x == id) {
                        self.cursor += d + 1;
                    }
                    id
                });
                self.last = Some((span, id));
                id
            }
        };
        let slot = self.blocks.get_mut(id)?;
        slot.used = self.run;
        Some((id, slot))
    }

    /// The slot of `own` if it is the one the last run had next, or the one after (the next
    /// was changed or deleted); the cursor then moves past it.
    fn expected(&mut self, own: &str) -> Option<u32> {
        let blocks = &*self.blocks;
        let (d, &id) = self
            .before
            .get(self.cursor..)?
            .iter()
            .take(2)
            .enumerate()
            .find(|&(_, &id)| blocks.get(id).is_some_and(|s| *s.prose == *own))?;
        self.cursor += d + 1;
        Some(id)
    }
}

impl BlockPasses for CachedPasses<'_> {
    fn sentences(&mut self, prose: &str, span: Span) -> BlockSentences {
        let Some((id, slot)) = self.slot(prose, span) else {
            return BlockSentences::owned(split_sentences(prose, span));
        };
        let sentences = match &slot.sentences {
            Some(packed) => BlockSentences::shared(packed.clone(), span.start),
            None => {
                // A block not seen before: packed, then spelled out where it stands when its
                // passes first read it.
                let relative = split_sentences(&slot.prose, Span::new(0, slot.prose.len()));
                let packed = Arc::new(PackedSentences::new(&relative));
                slot.sentences = Some(packed.clone());
                BlockSentences::shared(packed, span.start)
            }
        };
        self.ids.push(id);
        sentences
    }

    fn dateline(&mut self, prose: &str, span: Span) -> Option<Dateline> {
        let Some((_, slot)) = self.slot(prose, span) else {
            return dateline::parse(prose, span);
        };
        let own = &slot.prose;
        let found = slot
            .dateline
            .get_or_insert_with(|| dateline::parse(own, Span::new(0, own.len())).map(Box::new));
        found.as_ref().map(|d| moved_dateline(d, 0, span.start))
    }
}

/// What depends on the block's role and the dateline besides its prose, and (for a body
/// paragraph) on the speaker carried in from the previous body paragraph. The role and sports
/// flag it was made for are in its slot's `derived_for`.
#[derive(Clone)]
struct Derived {
    dateline: Option<Span>,
    /// The block's attribution under the speaker carried in, and under others: a paragraph
    /// that stands in the article more than once (a repeated line, wire boilerplate) is met
    /// under as many speakers, and one result a slot had each occurrence attribute again
    /// at every keystroke. Numbered from 0, `attributed` first.
    attributed: Attributed,
    more: Vec<Attributed>,
}

impl Derived {
    fn variant(&self, k: u32) -> Option<&Attributed> {
        match k {
            0 => Some(&self.attributed),
            _ => self.more.get(k as usize - 1),
        }
    }

    fn variant_mut(&mut self, k: u32) -> Option<&mut Attributed> {
        match k {
            0 => Some(&mut self.attributed),
            _ => self.more.get_mut(k as usize - 1),
        }
    }

    /// The number of the attribution under `carried_in`, if the slot has it.
    fn find(&self, carried_in: Option<&Attribution>) -> Option<u32> {
        std::iter::once(&self.attributed)
            .chain(&self.more)
            .position(|a| a.carried_in.as_deref() == carried_in)
            .map(|k| k as u32)
    }

    /// A number for a new attribution: one of the others that run `run` has not used, else
    /// a new one. The first is never given again, so that a run need not mark its use.
    fn spare(&mut self, run: u64) -> u32 {
        match self.more.iter().position(|a| a.used != run) {
            Some(k) => k as u32 + 1,
            None => {
                self.more.push(Attributed::default());
                self.more.len() as u32
            }
        }
    }
}

/// A body paragraph's figures and attribution cues under one speaker carried in.
#[derive(Default, Clone)]
struct Attributed {
    /// Boxed: most paragraphs carry no speaker, and a slot stands for every paragraph.
    carried_in: Option<Box<Attribution>>,
    /// Figures with the attribution `carried_in` leaves them.
    figures: Vec<Figure>,
    attributions: Vec<Attribution>,
    carried_out: Option<Box<Attribution>>,
    /// The last run that read it (kept for all but the first).
    used: u64,
}

/// The keys are already hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn hash(text: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(text.as_bytes());
    h.write_usize(text.len());
    h.finish()
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("cached_blocks", &self.cached_blocks())
            .field("run", &self.run)
            .finish()
    }
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// Forgets every cached block.
    pub fn clear(&mut self) {
        self.blocks = Blocks::default();
        self.built_for = None;
        self.lowercase = LowerCounts::default();
        self.linked = None;
        self.keys = entities::NameKeys::default();
        self.order = Vec::new();
    }

    /// How many paragraphs the last run attributed rather than took from the cache (for tests
    /// and statistics).
    pub fn paragraphs_attributed(&self) -> usize {
        self.attributed
    }

    /// Cached blocks (for tests and statistics).
    pub fn cached_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// How many runs in a row, up to the last, reused the entities of the one before (an edit
    /// that changed nothing entity linking reads), for tests and statistics.
    pub fn linking_reused(&self) -> u64 {
        self.linked.as_ref().map_or(0, entities::LinkMemo::reused)
    }

    /// Analyzes `text`: the same result as [`super::analyze`], reusing what earlier calls found
    /// in paragraphs that have not changed.
    pub fn analyze(&mut self, text: &str, format: Format, settings: &Settings) -> Analysis {
        self.analyze_with_checks(text, format, settings, super::checks_registry::all_checks())
    }

    /// Like [`Analyzer::analyze`], with the given checks only (the server leaves out a check
    /// that failed on this document before).
    pub fn analyze_with_checks(
        &mut self,
        text: &str,
        format: Format,
        settings: &Settings,
        checks: &[&dyn super::Check],
    ) -> Analysis {
        self.analyze_owned_with_checks(text.to_string(), format, settings, checks)
    }

    /// Like [`Analyzer::analyze_with_checks`], keeping `text` as the analysis's own copy
    /// rather than copying it (a caller that made a `String` for the call saves one copy).
    pub fn analyze_owned_with_checks(
        &mut self,
        text: String,
        format: Format,
        settings: &Settings,
        checks: &[&dyn super::Check],
    ) -> Analysis {
        let text = Arc::new(text);
        let same = self
            .built_for
            .as_ref()
            .is_some_and(|(f, s)| *f == format && s == settings);
        if !same {
            self.clear();
            self.built_for = Some((format, settings.clone()));
        }
        self.run += 1;
        match catch_unwind(AssertUnwindSafe(|| {
            self.analyze_cached(text.clone(), format, settings, checks)
        })) {
            Ok(analysis) => analysis,
            Err(_) => {
                // A pass panicked on this text. The one-shot path isolates each pass and
                // reports which failed; the cache may be half-written, so it goes.
                self.clear();
                super::analyze_with_checks(&text, format, settings, checks)
            }
        }
    }

    fn analyze_cached(
        &mut self,
        text: Arc<String>,
        format: Format,
        settings: &Settings,
        checks: &[&dyn super::Check],
    ) -> Analysis {
        let run = self.run;
        let mut passes = CachedPasses {
            blocks: &mut self.blocks,
            run,
            ids: Vec::with_capacity(self.order.len() + 16),
            last: None,
            before: &self.order,
            cursor: 0,
        };
        let article = Article::parse_shared(text.clone(), format, &mut passes);
        let mut ids = passes.ids;
        let kb = settings.kb();
        // The lowercase prose for the word lists, made only if some block needs computing.
        let lower: OnceCell<String> = OnceCell::new();
        let dateline = article.dateline.as_ref().map(|d| d.span);
        let sports = entities::is_sports_story(&article);
        let mut carried: Option<Attribution> = None;
        // Which of its slot's attributions each block reads.
        let mut variants: Vec<u32> = Vec::with_capacity(article.blocks.len());
        self.attributed = 0;
        for (i, block) in article.blocks.iter().enumerate() {
            let at = block.span.start;
            let own = block.span.text(&article.prose);
            // Every block was met by the splitter; if one somehow was not, no cache.
            let Some(mut slot) = ids
                .get(i)
                .and_then(|&id| self.blocks.get_mut(id))
                // Built from this very block: its length is check enough.
                .filter(|s| s.prose.len() == own.len())
            else {
                return super::analyze(&text, format, settings);
            };
            let dateline_here = dateline
                .filter(|d| d.start <= block.span.end && d.end >= block.span.start)
                .map(|d| moved(d, at, 0));
            let made_for = Some((block.role, sports, dateline_here.is_some()));
            let fresh = slot.derived_for != made_for
                || dateline_here.is_some()
                    && !slot
                        .derived
                        .as_ref()
                        .is_some_and(|d| d.dateline == dateline_here);
            if fresh && slot.derived_seen == run {
                // An earlier block of this run reads the slot as it is.
                let Some(twin) = self.blocks.twin(&mut ids[i]) else {
                    return super::analyze(&text, format, settings);
                };
                slot = twin;
            }
            slot.derived_seen = run;
            let carried_in = match block.role {
                Role::Body => carried.as_ref().map(|a| moved_attribution(a, at, 0)),
                _ => None,
            };
            // Most blocks: unchanged, with no speaker carried in or out, or not body text.
            if !fresh && (block.role != Role::Body || carried_in.is_none() && slot.quiet) {
                variants.push(0);
                if block.role == Role::Body {
                    carried = None;
                }
                continue;
            }
            // The attribution the block reads: one the slot has under this speaker (its number),
            // or one to make from these figures.
            // A fresh body block's sentences' words, made once for figures and attribution.
            let mut words = None;
            let (known, unattributed): (Option<u32>, Option<Vec<Figure>>) = if fresh {
                let mut found = Vec::new();
                if block.role == Role::Body {
                    let lower = lower.get_or_init(|| article.prose.to_ascii_lowercase());
                    let made = words.insert(Words::of_paragraph(block, &article.prose, lower));
                    find_in_paragraph(made, dateline, &mut found);
                }
                // Entity recognition reads the block's words lowercased from this.
                let lower_block = entities::lower_prose(own);
                let mut candidates = BlockCandidates::find(
                    &article.prose,
                    &lower_block,
                    block,
                    dateline,
                    sports,
                    &kb,
                    &mut self.keys,
                );
                candidates.shift(at, 0);
                slot.derived = Some(Box::new(Derived {
                    dateline: dateline_here,
                    attributed: Attributed::default(),
                    more: Vec::new(),
                }));
                slot.candidates = Some(Arc::new(candidates));
                slot.derived_for = made_for;
                slot.quiet = false;
                (None, Some(found))
            } else {
                match slot.derived.as_deref() {
                    Some(d) => match d.find(carried_in.as_ref()) {
                        Some(k) => (Some(k), None),
                        // Not yet under this speaker: attribution again, from figures without it.
                        None => (
                            None,
                            Some(
                                d.attributed
                                    .figures
                                    .iter()
                                    .map(|f| {
                                        let mut f = moved_figure(f, 0, at);
                                        f.attribution = None;
                                        f.attribution_scope = None;
                                        f
                                    })
                                    .collect(),
                            ),
                        ),
                    },
                    None => (None, None),
                }
            };
            let Some(derived) = slot.derived.as_deref_mut() else {
                variants.push(0);
                continue;
            };
            if block.role != Role::Body {
                variants.push(0);
                continue;
            }
            let k = match known {
                Some(k) => k,
                None if fresh => 0,
                None => derived.spare(run),
            };
            variants.push(k);
            let Some(variant) = derived.variant_mut(k) else {
                continue;
            };
            if k > 0 {
                variant.used = run;
            }
            if let Some(mut figs) = unattributed {
                self.attributed += 1;
                let lower = lower.get_or_init(|| article.prose.to_ascii_lowercase());
                let words =
                    words.unwrap_or_else(|| Words::of_paragraph(block, &article.prose, lower));
                let mut attrs = Vec::new();
                let out = attribute_paragraph(
                    &article.prose,
                    lower,
                    block,
                    &words,
                    &carried,
                    &mut figs,
                    &mut attrs,
                );
                variant.carried_in = carried_in.map(Box::new);
                variant.figures = figs.iter().map(|f| moved_figure(f, at, 0)).collect();
                variant.attributions = attrs.iter().map(|a| moved_attribution(a, at, 0)).collect();
                variant.carried_out = out.as_ref().map(|a| Box::new(moved_attribution(a, at, 0)));
            }
            let quiet = k == 0 && variant.carried_in.is_none() && variant.carried_out.is_none();
            carried = variant
                .carried_out
                .as_ref()
                .map(|x| moved_attribution(x, 0, at));
            if k == 0 {
                slot.quiet = quiet;
            }
        }
        drop(lower);
        // The blocks' tokens for the names and titles checks: a block is read again when its
        // prose, its role or the quote state the block before leaves it changed.
        let mut left_open = false;
        for (i, block) in article.blocks.iter().enumerate() {
            let Some(mut slot) = ids.get(i).and_then(|&id| self.blocks.get_mut(id)) else {
                return super::analyze(&text, format, settings);
            };
            let fresh = !slot
                .tokens_for
                .is_some_and(|(role, open_in, _)| role == block.role && open_in == left_open);
            if fresh && slot.tokens_seen == run {
                // An earlier block of this run reads the slot's tokens as they are; the twin
                // keeps the figures this block was given above.
                let Some(twin) = self.blocks.twin(&mut ids[i]) else {
                    return super::analyze(&text, format, settings);
                };
                slot = twin;
            }
            slot.tokens_seen = run;
            if fresh {
                let tokens = BlockTokens::new(&article, i, left_open);
                slot.tokens_for = Some((tokens.role_in, tokens.open_in, tokens.open_out));
                slot.tokens = Some(Box::new(tokens));
            }
            left_open = slot.tokens_for.is_some_and(|(_, _, open_out)| open_out);
        }
        // Every block is computed: what is left reads the cache. Linking, the one long
        // document-level pass before the checks, runs beside gathering the blocks' figures,
        // attributions and tokens, which it does not read.
        let blocks = &self.blocks;
        let slots: Vec<&Slot> = match ids.iter().map(|&id| blocks.get(id)).collect() {
            Some(slots) => slots,
            None => return super::analyze(&text, format, settings),
        };
        let (slots, parsed, kb) = (&slots, &article, &kb);
        let (linked, keys, lowercase, found) = (
            &mut self.linked,
            &mut self.keys,
            &mut self.lowercase,
            self.found,
        );
        let link = move || {
            let per_block = slots
                .iter()
                .zip(&parsed.blocks)
                .filter_map(|(slot, b)| Some((slot.candidates.clone()?, b.span.start)))
                .collect();
            entities::recognize_memoized(parsed, sports, per_block, kb, keys, linked)
        };
        let gather = move || {
            // A keystroke rarely adds more than a few: room for them, so the vectors (kept by
            // the analysis) are not grown, and copied, paragraph by paragraph.
            let mut figures = Vec::with_capacity(found.0 + 16);
            let mut attributions = Vec::with_capacity(found.1 + 16);
            for ((slot, block), k) in slots.iter().zip(&parsed.blocks).zip(variants) {
                let Some(derived) = slot.derived.as_deref().and_then(|d| d.variant(k)) else {
                    continue;
                };
                if block.role != Role::Body {
                    continue;
                }
                let at = block.span.start;
                figures.extend(derived.figures.iter().map(|f| moved_figure(f, 0, at)));
                attributions.extend(
                    derived
                        .attributions
                        .iter()
                        .map(|x| moved_attribution(x, 0, at)),
                );
            }
            // The analysis keeps them: no room to spare.
            figures.shrink_to_fit();
            attributions.shrink_to_fit();
            let tokens = slots
                .iter()
                .map(|&slot| slot.tokens.as_deref())
                .collect::<Option<Vec<_>>>();
            if let Some(t) = &tokens {
                lowercase.update(parsed, t);
            }
            (figures, attributions, tokens)
        };
        let parallel = super::side_by_side(&article);
        let (entities, (figures, attributions, tokens)) = super::join(parallel, link, gather);
        self.found = (figures.len(), attributions.len());
        let tokens = tokens.map(|t| (t, &self.lowercase));
        let analysis = finish(
            article,
            entities,
            figures,
            attributions,
            Vec::new(),
            settings,
            checks,
            tokens,
        );
        // Blocks of earlier texts that this one no longer has.
        self.blocks.drop_unused(run);
        self.order = ids;
        // Names typed letter by letter each took a number: when those standing are far
        // outnumbered, the next run starts afresh (each candidate holds at most three).
        let standing = || -> usize {
            (0..self.blocks.slots.len() as u32)
                .filter_map(|id| self.blocks.get(id)?.candidates.as_ref())
                .map(|c| c.len())
                .sum()
        };
        if self.keys.len() > 50_000 && self.keys.len() > 6 * standing() + 50_000 {
            self.clear();
        }
        analysis
    }
}

fn mv(x: usize, from: usize, to: usize) -> usize {
    x.wrapping_sub(from).wrapping_add(to)
}

/// `span` as it stands when its base moves from `from` to `to`.
fn moved(span: Span, from: usize, to: usize) -> Span {
    Span::new(mv(span.start, from, to), mv(span.end, from, to))
}

fn moved_dateline(d: &Dateline, from: usize, to: usize) -> Dateline {
    let m = |s: Span| moved(s, from, to);
    Dateline {
        span: m(d.span),
        city: m(d.city),
        region: d.region.map(m),
        date: d.date.map(m),
        credit: d.credit.map(m),
        credit_group: d.credit_group.map(m),
        dash: d.dash.map(m),
        after_dash: d.after_dash.map(m),
        ..d.clone()
    }
}

fn moved_attribution(a: &Attribution, from: usize, to: usize) -> Attribution {
    Attribution {
        span: moved(a.span, from, to),
        source: a.source.map(|s| moved(s, from, to)),
        cue: a.cue.map(|s| moved(s, from, to)),
        kind: a.kind,
        vague: a.vague,
        content: moved(a.content, from, to),
    }
}

fn moved_figure(f: &Figure, from: usize, to: usize) -> Figure {
    Figure {
        span: moved(f.span, from, to),
        hedge: f.hedge.map(|s| moved(s, from, to)),
        noun: f.noun.map(|s| moved(s, from, to)),
        category: f.category,
        attribution: f
            .attribution
            .as_ref()
            .map(|a| moved_attribution(a, from, to)),
        attribution_scope: f.attribution_scope,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze;

    const STORY: &str = "Talks resume\n\nWASHINGTON (AP) — Prime Minister Benjamin Netanyahu met \
        John Kirby on Monday, officials said.\n\nThe prime minister spoke for an hour. Kirby \
        said the talks were useful.\n\nNetanyahu left for Jerusalem.\n";

    /// Blocks whose prose hashes alike share a chain: each is found by its prose, and dropping
    /// any of them (first, middle or last of the chain) leaves the others found; a dropped
    /// slot's number is reused.
    #[test]
    fn colliding_blocks_are_found_and_dropped_by_prose() {
        let mut blocks = Blocks::default();
        let h = 42;
        let ids: Vec<u32> = ["a", "b", "c", "d"]
            .iter()
            .map(|p| blocks.find_or_add(p, h, 1))
            .collect();
        assert_eq!(ids, [0, 1, 2, 3]);
        assert_eq!(blocks.find_or_add("c", h, 1), 2);
        // Run 2 uses only `b` and `d`: `a` (the chain's tail) and `c` (its middle) go.
        for id in [1, 3] {
            blocks.get_mut(id).expect("live").used = 2;
        }
        blocks.drop_unused(2);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks.find_or_add("b", h, 2), 1);
        assert_eq!(blocks.find_or_add("d", h, 2), 3);
        // A new block takes a freed number, and the chain still holds the rest.
        let e = blocks.find_or_add("e", h, 2);
        assert!(e == 0 || e == 2, "{e}");
        assert_eq!(blocks.len(), 3);
        // Run 3 keeps only `e`: the chain's head (`e`) stays, the others go.
        blocks.get_mut(e).expect("live").used = 3;
        blocks.drop_unused(3);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks.find_or_add("e", h, 3), e);
        assert_eq!(blocks.by_hash.len(), 1);
        // Dropping the last leaves the table empty.
        blocks.drop_unused(4);
        assert_eq!(blocks.len(), 0);
        assert!(blocks.by_hash.is_empty());
    }

    /// Analyzes each text in turn, checking each against a full analysis, and gives how many
    /// runs in a row reused the linking before it.
    fn streaks(texts: &[String]) -> Vec<u64> {
        let settings = Settings::default();
        let mut analyzer = Analyzer::new();
        texts
            .iter()
            .map(|t| {
                let a = analyzer.analyze(t, Format::Plain, &settings);
                let full = analyze(t, Format::Plain, &settings);
                assert_eq!(a.entities, full.entities, "{t}");
                assert_eq!(a.findings, full.findings, "{t}");
                analyzer.linking_reused()
            })
            .collect()
    }

    fn edited(from: &str, to: &str) -> String {
        assert!(STORY.contains(from));
        STORY.replacen(from, to, 1)
    }

    #[test]
    fn linking_is_reused_when_an_edit_touches_no_name_and_moves_the_rest() {
        let hours = edited("for an hour", "for two hours");
        let later = hours.replacen("officials said", "officials later said", 1);
        let texts = [
            STORY.to_string(),
            hours,
            later.clone(),
            // After a `the` that starts no title (`the talks`): nothing linking reads.
            later.replacen("were useful", "were very useful", 1),
            later.clone(),
            // A new paragraph with no name adds no candidate; taking it away removes none.
            later.clone() + "\n\nx\n",
            later,
        ];
        assert_eq!(streaks(&texts), [0, 1, 2, 3, 4, 5, 6]);
    }

    /// A paragraph that stands twice, each time after a quote whose speaker it carries on: each
    /// occurrence keeps its own attribution, and an edit elsewhere attributes only the edited
    /// paragraph (one result per slot had both occurrences attributed again at every run).
    #[test]
    fn a_repeated_paragraph_keeps_an_attribution_for_each_speaker_it_follows() {
        let settings = Settings::default();
        let story = "Flood waters rise\n\nMANILA (AP) — \"We lost 40 homes,\" Mayor Ana Cruz \
            said.\n\n\"About 300 people are still missing.\"\n\n\"The river rose \
            overnight,\" Gov. Tom Reyes said.\n\n\"About 300 people are still missing.\"\n\n\
            The rain stopped on Tuesday.\n";
        let mut analyzer = Analyzer::new();
        let first = analyzer.analyze(story, Format::Plain, &settings);
        let speakers: Vec<&str> = first
            .figures
            .iter()
            .filter(|f| f.span.text(story).contains("300"))
            .filter_map(|f| f.attribution.as_ref()?.source)
            .map(|s| s.text(story))
            .collect();
        assert_eq!(speakers, ["Mayor Ana Cruz", "Gov. Tom Reyes"]);
        for text in [
            story.replace("stopped on Tuesday", "stopped late on Tuesday"),
            story.replace("stopped on Tuesday", "stopped on Tuesday night"),
        ] {
            let a = analyzer.analyze(&text, Format::Plain, &settings);
            assert_eq!(analyzer.paragraphs_attributed(), 1);
            let full = analyze(&text, Format::Plain, &settings);
            assert_eq!(a.figures, full.figures);
            assert_eq!(a.attributions, full.attributions);
            assert_eq!(a.findings, full.findings);
        }
    }

    #[test]
    fn linking_runs_again_when_an_edit_touches_a_name_a_cue_or_a_title_reference() {
        for (from, to) in [
            ("Kirby said", "Kirbi said"),
            ("for Jerusalem", "at Jerusalem"),
            ("The prime minister", "The minister"),
        ] {
            let texts = [STORY.to_string(), edited(from, to)];
            assert_eq!(streaks(&texts), [0, 0], "{from} -> {to}");
        }
    }
}
