//! Attribution (DOMAIN.md §4): the reporting cues of an article with their sources, and which
//! figures each one covers.
//!
//! A cue covers a figure when
//! - it is in the figure's sentence (`Local health authorities report that more than 34,000
//!   …`, `… 40 people died, police said`, `according to the ministry`, `a Gallup poll`);
//! - the figure is inside a direct quote and the quote's speaker is given next to it (`"… 40
//!   …," Kirby said`, `Kirby said: "…"`), including quotes that run over several sentences
//!   and quotes continued into the next paragraph with an open quotation mark;
//! - the previous sentence of the same paragraph carries one and the figure's sentence carries
//!   its content on (see `carries_on`).
//!
//! A cue never reaches back from a later paragraph. `reportedly` and its kind are vague and
//! cover no figure: they hedge an event, and name no one who could have counted anything.
//! The word lists are in `src/data/attribution_cues.txt`.

use super::article::Paragraph;
use super::finding::Span;
use super::lexicon::{FilteredMap, FxBuild, Lexicon, ParagraphWords, SentenceStarts, Words};
use super::model::{Attribution, AttributionScope, CueKind, Figure};
use super::text::Sentence;
use std::collections::HashMap;
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(include_str!("../data/attribution_cues.txt")))
}

fn lx() -> &'static CueWords {
    CueWords::get()
}

crate::sections!(pub(crate) struct CueWords from lexicon {
    after_cue = "after-cue",
    ambiguous = "ambiguous",
    boundary = "boundary",
    carry_on = "carry-on",
    noun = "noun",
    noun_named = "noun-named",
    passive_vague = "passive-vague",
    put = "put",
    skip_before = "skip-before",
    source_after = "source-after",
    vague_adverb = "vague-adverb",
    vague_head = "vague-head",
    vague_phrase = "vague-phrase",
    verb = "verb",
    verb_strict = "verb-strict",
    verb_to = "verb-to",
    opinion = "opinion",
    opinion_noun = "opinion-noun",
    clause_only = "clause-only",
    document_noun = "document-noun",
    aside = "aside",
    method = "method",
    method_active = "method-active",
    sample_noun = "sample-noun",
    audience_before = "audience-before",
    audience_verb = "audience-verb",
    not_speaker = "not-speaker",
    voting = "voting",
    rule_noun = "rule-noun",
    rule_verb = "rule-verb",
    rule_prep = "rule-prep",
    bracket = "bracket",
    restating = "restating",
    aside_content = "aside-content",
    no_carry = "no-carry",
});

/// Which of the sections whose entries can start a cue have an entry starting with a word
/// (bits `STARTS_*`): one lookup per token rules most tokens out, and for the rest says which
/// kinds of cue to try.
type CueStarts = u16;
const STARTS_VAGUE_PHRASE: CueStarts = 1 << 0;
const STARTS_VAGUE_ADVERB: CueStarts = 1 << 1;
const STARTS_SOURCE_AFTER: CueStarts = 1 << 2;
const STARTS_PUT: CueStarts = 1 << 3;
const STARTS_VERB: CueStarts = 1 << 4;
const STARTS_DOCUMENT: CueStarts = 1 << 5;
const STARTS_RULE: CueStarts = 1 << 6;

/// Sections whose entries can start a cue, with the kind of cue each starts.
const CUE_SECTIONS: &[(&str, CueStarts)] = &[
    ("opinion", STARTS_VERB),
    ("vague-phrase", STARTS_VAGUE_PHRASE),
    ("vague-adverb", STARTS_VAGUE_ADVERB),
    ("source-after", STARTS_SOURCE_AFTER),
    ("put", STARTS_PUT),
    ("verb", STARTS_VERB),
    ("verb-strict", STARTS_VERB),
    ("noun", STARTS_DOCUMENT),
    ("noun-named", STARTS_DOCUMENT),
    ("rule-verb", STARTS_RULE),
    ("rule-prep", STARTS_RULE),
];

/// Every word that can start a cue, with the kinds of cue it can start.
fn cue_starts() -> &'static FilteredMap<CueStarts> {
    static MAP: OnceLock<FilteredMap<CueStarts>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut starts: HashMap<String, CueStarts, FxBuild> = HashMap::default();
        for &(section, kind) in CUE_SECTIONS {
            for word in lexicon().get(section).first_words() {
                *starts.entry(word.to_string()).or_default() |= kind;
            }
        }
        starts.into()
    })
}

const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "these", "those", "his", "her", "its", "their", "our", "my", "your",
];
const BE: &[&str] = &["is", "are", "was", "were", "been", "being", "be", "'s"];
const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you", "one"];

/// Every attribution in the body, in text order, and the figures they cover filled in: for the
/// tests (the engine runs this with figure finding, paragraph by paragraph, in
/// `engine::find_figures`).
#[cfg(test)]
pub fn attribute(
    article: &super::article::Article,
    lower: &str,
    figures: &mut [Figure],
) -> Vec<Attribution> {
    let mut all = Vec::new();
    let mut next_figure = 0;
    // What an open quote carries into the next paragraph: its speaker.
    let mut carried_quote: Option<Attribution> = None;
    for block in article.blocks.iter() {
        if block.role != super::article::Role::Body {
            continue;
        }
        // Figures of this paragraph: they are in text order, as are paragraphs.
        while next_figure < figures.len() && figures[next_figure].span.start < block.span.start {
            next_figure += 1;
        }
        let first = next_figure;
        while next_figure < figures.len() && figures[next_figure].span.start < block.span.end {
            next_figure += 1;
        }
        let words = Words::of_paragraph(block, &article.prose, lower);
        carried_quote = attribute_paragraph(
            &article.prose,
            lower,
            block,
            &words,
            &carried_quote,
            &mut figures[first..next_figure],
            &mut all,
        );
    }
    all
}

/// One body paragraph: appends its attribution cues to `out`, fills in the attribution of its
/// `figures`, and returns what it carries into the next body paragraph (the speaker of a quote
/// left open, or of a closing `He said:`). Nothing else crosses a paragraph, which is what
/// lets the incremental analyzer cache a paragraph's result under its text and `carried`.
/// `words` are its sentences' words ([`Words::of_paragraph`]), which the figures pass reads too.
pub(crate) fn attribute_paragraph(
    prose: &str,
    lower: &str,
    block: &Paragraph,
    words: &ParagraphWords,
    carried: &Option<Attribution>,
    figures: &mut [Figure],
    out: &mut Vec<Attribution>,
) -> Option<Attribution> {
    // The sentences' attributions go straight to `out`, one sentence after another.
    let first = out.len();
    let mut starts = SentenceStarts::with_room(words.len());
    for w in words.iter() {
        starts.push(out.len() - first);
        sentence_attributions(&w, out);
    }
    let per_sentence = PerSentence {
        all: &out[first..],
        starts,
    };
    let quotes = quotes_in(prose, block.span);
    let quote_speakers = quote_attributions(
        prose,
        &block.sentences,
        words,
        &per_sentence,
        &quotes,
        carried,
    );
    let speaker_label = words.first().and_then(|w| speaker_label(&w, block.span));
    let mut sentence_index = 0;
    for figure in figures.iter_mut() {
        let fig_start = figure.span.start;
        if let Some(label) = speaker_label.as_ref().filter(|l| l.span.end <= fig_start) {
            figure.attribution = Some(label.clone());
            figure.attribution_scope = Some(AttributionScope::Quote);
            continue;
        }
        while sentence_index + 1 < block.sentences.len()
            && block.sentences[sentence_index].span.end <= fig_start
        {
            sentence_index += 1;
        }
        let found = cover(
            lower,
            words,
            &per_sentence,
            sentence_index,
            &quotes,
            &quote_speakers,
            figure.span,
        );
        if let Some((a, scope)) = found {
            figure.attribution = Some(a);
            figure.attribution_scope = Some(scope);
        }
    }
    let last_sentence_start = block.sentences.last().map_or(usize::MAX, |s| s.span.start);
    let mut carried_out = match quotes.last() {
        Some(q) if q.close.is_none() => quote_speakers.last().cloned().flatten(),
        // `"…," he said.` closing a paragraph: by newsroom convention a quote opening the
        // next paragraph with no speaker of its own is the same speaker's (a new speaker
        // would be named).
        Some(q) if q.end >= last_sentence_start => quote_speakers.last().cloned().flatten(),
        _ => None,
    };
    // `He said:` closing a paragraph introduces a quote in the next one.
    if carried_out.is_none() {
        carried_out = colon_intro(prose, &block.sentences, words, &per_sentence);
    }
    carried_out
}

/// The attributions of a paragraph's sentences, one sentence's after another in one list (a
/// list each cost an allocation a sentence).
struct PerSentence<'a> {
    all: &'a [Attribution],
    /// Where each sentence's attributions start in `all`.
    starts: SentenceStarts,
}

impl<'a> PerSentence<'a> {
    /// Sentence `si`'s attributions, if there is such a sentence.
    fn get(&self, si: usize) -> Option<&'a [Attribution]> {
        self.all.get(self.starts.range(si, self.all.len())?)
    }

    /// The last sentence's attributions.
    fn last(&self) -> Option<&'a [Attribution]> {
        self.get(self.starts.len().checked_sub(1)?)
    }
}

impl std::ops::Index<usize> for PerSentence<'_> {
    type Output = [Attribution];

    fn index(&self, si: usize) -> &[Attribution] {
        self.get(si).expect("a sentence of the paragraph")
    }
}

/// The attribution that covers a figure, and how.
#[allow(clippy::too_many_arguments)]
fn cover(
    lower: &str,
    sentence_words: &ParagraphWords,
    per_sentence: &PerSentence,
    si: usize,
    quotes: &[Quote],
    quote_speakers: &[Option<Attribution>],
    figure: Span,
) -> Option<(Attribution, AttributionScope)> {
    // Inside a quote, the speaker of the quote comes first: in `"We found 20," said Kirby`
    // the figure is Kirby's.
    for (q, speaker) in quotes.iter().zip(quote_speakers) {
        if q.contains(figure.start) {
            if let Some(a) = speaker {
                return Some((a.clone(), AttributionScope::Quote));
            }
        }
    }
    let words = &sentence_words.sentence(si);
    if is_audience(words, figure) {
        return None;
    }
    let in_a_quote = quotes.iter().any(|q| q.contains(figure.start));
    // A cue inside a quote is the quoted speaker's: it covers nothing outside the quote
    // (`"I cannot believe it," Trump said 30 minutes into the debate`).
    let outside_its_quote = |a: &&Attribution| {
        let at = a.cue.unwrap_or(a.span).start;
        quotes
            .iter()
            .any(|q| q.contains(at) && !q.contains(figure.start))
    };
    let usable = per_sentence
        .get(si)?
        .iter()
        .filter(|a| !outside_its_quote(a))
        .filter(|a| in_a_quote || !in_writers_gloss(words, a, figure));
    if let Some(a) = best_in_sentence(usable, figure) {
        return Some((a.clone(), AttributionScope::Sentence));
    }
    if si > 0 && carries_on(words) {
        // What someone thinks or hopes is not a report whose content runs on (`… managers
        // who think they know better. And the plan ($469 billion) …`).
        let believes = |a: &Attribution| a.cue.is_some_and(|c| lx().no_carry.has(c.text(lower)));
        let previous = per_sentence[si - 1]
            .iter()
            .find(|a| a.kind != CueKind::VagueAdverb && !believes(a));
        if let Some(a) = previous {
            return Some((a.clone(), AttributionScope::PreviousSentence));
        }
    }
    None
}

/// `Mrs. Clinton told a crowd of 1,300`, `he told 2,267 people gathered at Purdue`: a figure
/// that counts a cue's audience is the writer's count, not what the cue reports.
fn is_audience(w: &Words, figure: Span) -> bool {
    let Some(f) = (0..w.len()).find(|&k| w.span(k).start >= figure.start) else {
        return false;
    };
    // `told 2,267 people`: straight after a verb of telling.
    if f > 0 && lx().audience_verb.has(w.low(f - 1)) {
        return true;
    }
    // `to a crowd of about 500`.
    let Some(n) = super::figures::FigureWords::get()
        .crowd_before
        .match_ending_at(w.lower, f)
    else {
        return false;
    };
    let mut k = f - n;
    if k > 0 && DETERMINERS.contains(&w.low(k - 1)) {
        k -= 1;
    }
    k > 0 && (lx().audience_before.has(w.low(k - 1)) || lx().audience_verb.has(w.low(k - 1)))
}

/// `… who has pledged to ban all Muslims — 1.6 billion members of an entire religion — from
/// entering the U.S.`, `The center estimates that the top 1 percent -- those with incomes of
/// more than $750,000 -- would face …`: an aside set off by a pair of dashes after a reporting
/// verb, glossing a word of what the source says, is the writer's explanation, not the
/// source's claim. The aside stays the source's when it restates a share or a count (`the
/// vast majority – 55 percent – named Britain`) or goes on with the content (`— and 31
/// percent overall —`, `— including 40 children —`, `— from a $15 minimum wage to … —`).
/// Asides inside a direct quote are the speaker's: the caller leaves quotes out.
fn in_writers_gloss(w: &Words, a: &Attribution, figure: Span) -> bool {
    if a.kind != CueKind::Verb {
        return false;
    }
    let cue_end = a.cue.unwrap_or(a.span).end;
    if cue_end > figure.start {
        return false;
    }
    let is_dash = |k: usize| matches!(w.text[k], "—" | "–" | "―" | "-");
    let Some(f) = (0..w.len()).find(|&k| w.span(k).start >= figure.start) else {
        return false;
    };
    let Some(open) = (0..f)
        .rev()
        .take_while(|&k| w.span(k).start >= cue_end)
        .find(|&k| is_dash(k))
    else {
        return false;
    };
    if (open + 1..f).any(|k| matches!(w.text[k], "\"" | "“" | "”")) {
        return false;
    }
    let Some(close) = (f + 1..w.len()).find(|&k| is_dash(k)) else {
        return false;
    };
    let mut before = open;
    while before > 0 && is_dash(before - 1) {
        before -= 1;
    }
    if before == 0 || w.span(before - 1).end <= cue_end {
        return false; // the aside opens the content itself
    }
    let glossed = before - 1;
    if lx().restating.has(w.low(glossed)) || is_numeral(w, glossed) || !w.is_word(glossed) {
        return false;
    }
    let first = open + 1;
    first < close && !lx().aside_content.has(w.low(first))
}

/// The attribution of a sentence that best covers a figure in it: a named source before a
/// vague one, then the nearest cue.
fn best_in_sentence<'a>(
    attributions: impl Iterator<Item = &'a Attribution>,
    figure: Span,
) -> Option<&'a Attribution> {
    attributions
        .filter(|a| a.kind != CueKind::VagueAdverb)
        .filter(|a| a.content.start <= figure.start && figure.end <= a.content.end)
        .min_by_key(|a| {
            let at = a.cue.unwrap_or(a.span);
            let distance = if at.start >= figure.end {
                at.start - figure.end
            } else {
                figure.start.saturating_sub(at.end)
            };
            (a.vague, distance)
        })
}

/// Whether a sentence without a cue of its own goes on with the previous sentence's content:
/// it opens with a word that continues a list or an argument (`Also`, `And`, `But`, `In
/// addition`), or with a pronoun standing for what was just reported.
fn carries_on(w: &Words) -> bool {
    let first = w
        .lower
        .iter()
        .position(|t| !matches!(*t, "\"" | "“" | "‘" | "'" | "(" | "—" | "-"));
    let Some(first) = first else {
        return false;
    };
    lx().carry_on.match_at(w.lower, first).is_some()
}

/// `Lopez: Well, no one …`, `PENCE: I think …`, `A: Well, …`: a paragraph of an interview
/// transcript, opened by its speaker's name and a colon, is the speaker's direct quote. The
/// label is one to four capitalized words (not a heading such as `Update:` or `Editor's
/// note:`, listed in attribution_cues.txt).
fn speaker_label(w: &Words, paragraph: Span) -> Option<Attribution> {
    let colon = (0..w.len().min(6)).find(|&k| w.text[k] == ":")?;
    let mut name = (0..colon).filter(|&k| !w.is_punct(k) || w.text[k] == ".");
    let words = (0..colon).filter(|&k| w.is_word(k)).count();
    let all_capitals = (0..colon).all(|k| w.capitalized(k) || matches!(w.text[k], "." | "-"));
    let heading = (0..colon).any(|k| lx().not_speaker.has(w.low(k)));
    // A spoken line, not a tally (`Clinton: 1,769.`).
    let spoken = (colon + 1..w.len()).filter(|&k| w.is_word(k)).count() >= 4;
    if colon == 0 || words == 0 || words > 4 || !all_capitals || heading || !spoken {
        return None;
    }
    let (a, b) = (name.clone().next()?, name.next_back()?);
    let source = w.span_of(a, b);
    let cue = w.span(colon);
    Some(Attribution {
        span: Span::new(source.start, cue.end),
        source: Some(source),
        cue: Some(cue),
        kind: CueKind::Verb,
        vague: false,
        content: Span::new(cue.end, paragraph.end),
    })
}

/// `He said:` at the end of a paragraph: the speaker of the quote that opens the next one.
/// Without a reporting verb (`Sanders made the following comment:`), the named subject of the
/// introducing sentence is the speaker: the colon hands the next paragraph's quote to it.
fn colon_intro(
    prose: &str,
    sentences: &[Sentence],
    sentence_words: &ParagraphWords,
    per_sentence: &PerSentence,
) -> Option<Attribution> {
    let last = sentences.last()?;
    let text = last.span.text(prose).trim_end();
    if !text.ends_with(':') {
        return None;
    }
    let cued = per_sentence
        .last()?
        .iter()
        .rfind(|a| a.kind != CueKind::VagueAdverb)
        .cloned();
    cued.or_else(|| {
        let w = &sentence_words.last()?;
        let (a, b) = opening_subject(w)
            .filter(|&(a, b)| (a..=b).any(|k| !DETERMINERS.contains(&w.low(k))))?;
        // The introducing predicate (`made the following comment`) stands for the cue.
        let colon = (b + 1..w.len()).rfind(|&k| w.text[k] == ":")?;
        (colon > b + 1).then(|| named(w, w.span_of(b + 1, colon - 1), Some((a, b))))
    })
}

/// A direct quote inside a paragraph: byte offsets of its opening and closing marks. A quote
/// left open runs to the end of the paragraph (and, by newsroom convention, goes on in the
/// next paragraph when that one opens with a quotation mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Quote {
    open: usize,
    close: Option<usize>,
    end: usize,
}

impl Quote {
    fn contains(&self, offset: usize) -> bool {
        self.open < offset && offset < self.end
    }
}

fn quotes_in(prose: &str, span: Span) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let Some(text) = prose.get(span.range()) else {
        return quotes;
    };
    let mut open: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    // Only `"`, `'` and the first bytes of `“ ” « »` can start a quote mark: the bytes between
    // are skipped unread as characters. `memchr3` finds three of them; the next `« »` byte
    // (0xC2, rare) is found on its own and kept until passed.
    let mut next_guillemet = memchr::memchr(0xC2, bytes);
    loop {
        if next_guillemet.is_some_and(|g| g < i) {
            next_guillemet = memchr::memchr(0xC2, &bytes[i..]).map(|g| i + g);
        }
        let next_other = memchr::memchr3(b'"', b'\'', 0xE2, &bytes[i..]).map(|o| i + o);
        i = match (next_other, next_guillemet) {
            (Some(o), Some(g)) => o.min(g),
            (Some(o), None) => o,
            (None, Some(g)) => g,
            (None, None) => break,
        };
        let at = span.start + i;
        let raw = text[i..].chars().next().unwrap_or(' ');
        // Some wires (the NYT among them) write a double quote as two apostrophes: `''`.
        let (c, width) = if raw == '\'' && bytes.get(i + 1) == Some(&b'\'') {
            ('"', 2)
        } else {
            (raw, raw.len_utf8())
        };
        match c {
            '“' | '«' if open.is_none() => open = Some(at),
            '”' | '»' => {
                if let Some(o) = open.take() {
                    quotes.push(Quote {
                        open: o,
                        close: Some(at),
                        end: at + width,
                    });
                }
            }
            '"' => match open {
                // A straight quote opens after a space or an opener; otherwise it closes. The
                // character before is read as written: after a `''` pair it is `'`, where a
                // reading that turned the pair into `"` would see `"`; neither is a space or an
                // opener, so the answer is the same.
                None if i == 0 || {
                    let prev = text[..i].chars().next_back().unwrap_or(' ');
                    prev.is_whitespace() || "([—–-:".contains(prev)
                } =>
                {
                    open = Some(at)
                }
                Some(o) => {
                    open = None;
                    quotes.push(Quote {
                        open: o,
                        close: Some(at),
                        end: at + width,
                    });
                }
                None => {}
            },
            _ => {}
        }
        i += width;
    }
    if let Some(o) = open {
        quotes.push(Quote {
            open: o,
            close: None,
            end: span.end,
        });
    }
    quotes
}

/// The speaker of each quote in a paragraph: a cue right after it in the sentence where it
/// closes (`"…," Kirby said`), or right before it where it opens (`Kirby said: "…"`), or at
/// the start of the sentence after it (`"…?" Trump asked.`), or else the speaker of the
/// quote before it in the paragraph (`"…," he said. "…"`), or the quote carried over from
/// the previous paragraph when this paragraph opens with a quote. A quote after a colon is
/// the named subject's (`Rep. Trey Gowdy (R-S.C.): "…"`), and one that opens its sentence
/// goes on from a speaker in the sentence before (`Cruz tweeted a warning. "…"`).
fn quote_attributions(
    prose: &str,
    sentences: &[Sentence],
    sentence_words: &ParagraphWords,
    per_sentence: &PerSentence,
    quotes: &[Quote],
    carried: &Option<Attribution>,
) -> Vec<Option<Attribution>> {
    let mut out: Vec<Option<Attribution>> = Vec::with_capacity(quotes.len());
    let sentence_of = |offset: usize| sentences.iter().position(|s| s.span.touches(offset));
    for (qi, q) in quotes.iter().enumerate() {
        let mut speaker = None;
        let usable = |a: &&Attribution| a.kind != CueKind::VagueAdverb;
        if let Some(close) = q.close {
            if let Some(si) = sentence_of(close) {
                // After the close, before any other quote opens.
                let limit = quotes.get(qi + 1).map(|n| n.open).unwrap_or(usize::MAX);
                speaker = per_sentence[si]
                    .iter()
                    .filter(usable)
                    .find(|a| a.span.start > close && a.span.start < limit)
                    .cloned();
                if speaker.is_none() {
                    // `"…?" Trump asked.`: the next sentence opens with the attribution.
                    if let (Some(next), Some(attrs)) =
                        (sentences.get(si + 1), per_sentence.get(si + 1))
                    {
                        let opens_right_after = next.span.start <= close + 4
                            || prose.get(close..next.span.start).is_some_and(|gap| {
                                gap.trim_start_matches(['”', '"', '\'']).trim().is_empty()
                            });
                        let head = next
                            .tokens
                            .get(4)
                            .map(|t| t.span.start)
                            .unwrap_or(next.span.end);
                        if opens_right_after {
                            speaker = attrs
                                .iter()
                                .filter(usable)
                                .find(|a| a.cue.unwrap_or(a.span).start <= head)
                                .cloned();
                        }
                    }
                }
                if speaker.is_none() {
                    // `"…?" Hannity pressed.`: any speech tag closing the quote.
                    speaker = speech_tag(sentence_words, si, close)
                        .or_else(|| speech_tag(sentence_words, si + 1, close));
                }
            }
        }
        if speaker.is_none() {
            if let Some(si) = sentence_of(q.open) {
                let from = if qi > 0 { quotes[qi - 1].end } else { 0 };
                speaker = per_sentence[si]
                    .iter()
                    .filter(usable)
                    .rfind(|a| a.span.end <= q.open && a.span.start >= from)
                    .cloned();
                let sentence = &sentences[si];
                let after_colon = prose
                    .get(sentence.span.start..q.open)
                    .is_some_and(|t| t.trim_end().ends_with(':'));
                if speaker.is_none() && after_colon && qi == 0 {
                    let w = &sentence_words.sentence(si);
                    // The colon stands for the cue.
                    let colon =
                        (0..w.len()).rfind(|&k| w.text[k] == ":" && w.span(k).end <= q.open);
                    speaker = opening_subject(w)
                        .filter(|&(a, b)| (a..=b).any(|k| !DETERMINERS.contains(&w.low(k))))
                        .zip(colon)
                        .filter(|&((_, b), c)| b < c)
                        .map(|((a, b), c)| named(w, w.span(c), Some((a, b))));
                }
                let opens_sentence = q.open <= sentence.span.start + 1;
                if speaker.is_none() && opens_sentence && si > 0 {
                    speaker = per_sentence[si - 1].iter().rfind(|a| usable(a)).cloned();
                }
            }
        }
        if speaker.is_none() && qi > 0 {
            speaker = out[qi - 1].clone();
        }
        if speaker.is_none() && qi == 0 {
            let opens_paragraph = sentences
                .first()
                .is_some_and(|s| q.open <= s.span.start + 1);
            if opens_paragraph {
                speaker = carried.clone();
            }
        }
        out.push(speaker);
    }
    out
}

/// `"…?" Hannity pressed.`, `"…," quipped Mr. Sykes.`: right after a quote, a name and a
/// verb in the past that end the sentence (or go on after a comma) are the quote's speech
/// tag, whatever the verb (`pressed`, `quipped`, `snapped`), by newsroom convention. Looks in
/// sentence `si` from the quote's close.
fn speech_tag(sentence_words: &ParagraphWords, si: usize, close: usize) -> Option<Attribution> {
    let w = &sentence_words.get(si)?;
    let mut k = w.tokens.partition_point(|t| t.span.start <= close);
    // Skip the closing mark itself and punctuation glued to it.
    while k < w.len() && w.is_punct(k) && !matches!(w.text[k], "." | "!" | "?") {
        k += 1;
    }
    if k >= w.len() || w.span(k).start > close + 4 {
        return None;
    }
    let ends = |j: usize| j >= w.len() || matches!(w.text[j], "." | "," | "!" | "?" | ";");
    let past = |j: usize| {
        j < w.len() && is_lowercase(w, j) && w.low(j).len() > 3 && w.low(j).ends_with("ed")
    };
    let name_from = |j: usize| {
        let mut e = j;
        while e < w.len() && e < j + 4 && (w.capitalized(e) || (e > j && w.text[e] == ".")) {
            e += 1;
        }
        (e > j).then_some(e)
    };
    // `Hannity pressed.`, `he pressed.`
    let pronoun = PRONOUNS.contains(&w.low(k)) && w.low(k) != "it";
    let (source, cue) = if let Some(e) = name_from(k).or(pronoun.then_some(k + 1)) {
        if !(past(e) && ends(e + 1)) {
            return None;
        }
        ((k, e - 1), e)
    } else if past(k) {
        // `pressed Hannity.`
        let e = name_from(k + 1)?;
        if !ends(e) {
            return None;
        }
        ((k + 1, e - 1), k)
    } else {
        return None;
    };
    Some(named(w, w.span(cue), Some(source)))
}

/// Appends every attribution cue in one sentence to `out`.
fn sentence_attributions(w: &Words, out: &mut Vec<Attribution>) {
    let first = out.len();
    let mut i = 0;
    let cue_starts = cue_starts();
    while i < w.len() {
        let starts = match w.is_word(i).then(|| cue_starts.get(w.low(i))).flatten() {
            Some(&starts) => starts,
            None => {
                i += 1;
                continue;
            }
        };
        // Each finder below fails at once for a word that starts none of its entries: only
        // those that can match are tried.
        let may_start = |kind: CueStarts| starts & kind != 0;
        if let Some(n) = may_start(STARTS_VAGUE_PHRASE)
            .then(|| lx().vague_phrase.match_at(w.lower, i))
            .flatten()
        {
            let cue = w.span_of(i, i + n - 1);
            out.push(Attribution {
                span: cue,
                source: None,
                cue: Some(cue),
                kind: CueKind::Vague,
                vague: true,
                content: cue,
            });
            i += n;
            continue;
        }
        if may_start(STARTS_VAGUE_ADVERB) && lx().vague_adverb.has(w.low(i)) {
            let cue = w.span(i);
            out.push(Attribution {
                span: cue,
                source: None,
                cue: Some(cue),
                kind: CueKind::VagueAdverb,
                vague: true,
                content: cue,
            });
            i += 1;
            continue;
        }
        if let Some(n) = may_start(STARTS_SOURCE_AFTER)
            .then(|| lx().source_after.match_at(w.lower, i))
            .flatten()
        {
            if let Some(a) = source_after_cue(w, i, n) {
                out.push(a);
                i += n;
                continue;
            }
        }
        if let Some(a) = may_start(STARTS_PUT).then(|| put_cue(w, i)).flatten() {
            out.push(a);
            i += 1;
            continue;
        }
        if let Some((a, n)) = may_start(STARTS_VERB).then(|| verb_cue(w, i)).flatten() {
            out.push(a);
            i += n;
            continue;
        }
        if let Some((a, n)) = may_start(STARTS_DOCUMENT)
            .then(|| document_cue(w, i))
            .flatten()
        {
            out.push(a);
            i += n;
            continue;
        }
        if let Some(a) = may_start(STARTS_RULE).then(|| rule_cue(w, i)).flatten() {
            out.push(a);
            i += 1;
            continue;
        }
        i += 1;
    }
    for a in &mut out[first..] {
        // A rule's content, reaching past the cue, is fixed where it is found (`rule_cue`).
        if a.content.end <= a.span.end {
            a.content = content_of(w, a);
        }
    }
}

/// The part of the sentence a cue covers. A cue with its source at the end of a clause
/// (`…, police said.`, `… according to the ministry.`) covers what comes before it; one that
/// opens its clause (`Police said 40 died`, `where officials say four brigades remain`) covers
/// what follows, and not the clause before it (`the union took a 20 percent stake, which
/// Clarke says …`). Documents and impersonal phrases cover the whole sentence.
fn content_of(w: &Words, a: &Attribution) -> Span {
    let whole = match (w.tokens.first(), w.tokens.last()) {
        (Some(f), Some(l)) => Span::new(f.span.start, l.span.end),
        _ => return a.span,
    };
    if !matches!(a.kind, CueKind::Verb | CueKind::Put | CueKind::SourceAfter) {
        return whole;
    }
    let first = w.tokens.partition_point(|t| t.span.start < a.span.start);
    let last = w
        .tokens
        .partition_point(|t| t.span.end <= a.span.end)
        .saturating_sub(1);
    let material_before = (0..first).any(|k| !w.is_punct(k));
    // `The bank kept its rate at 5.25 percent, saying …`: the subject that speaks in the
    // participle is the one that acts in the main clause; the sentence is its.
    let cue_first = a
        .cue
        .map(|c| w.tokens.partition_point(|t| t.span.start < c.start));
    if let Some(c) = cue_first {
        if c > 0 && w.text[c - 1] == "," && w.low(c).ends_with("ing") && a.kind == CueKind::Verb {
            return whole;
        }
    }
    // `He survived 5 years in prison and says …`: a second predicate of its subject covers
    // what follows the cue, not the first predicate's figures.
    if let (Some(src), Some(c)) = (a.source, cue_first) {
        let between = w.tokens.partition_point(|t| t.span.start < src.end)..c;
        if between.clone().any(|k| matches!(w.low(k), "and" | "but")) {
            return Span::new(w.span(c).start, whole.end);
        }
    }
    // `Emanuel, who resisted release of the video for 13 months, said …`: a description of
    // the source set off between it and the cue is the writer's, not what the source says.
    // Poll respondents are the exception: `A third of independents, 33%, say` is the answer.
    let from = match (a.source, cue_first) {
        (Some(src), Some(c)) if src.end <= w.span(c).start => {
            let between = w.tokens.partition_point(|t| t.span.start < src.end)..c;
            let set_off = between
                .clone()
                .any(|k| matches!(w.text[k], "," | "(" | "—" | "–"));
            let share = between.clone().any(|k| matches!(w.low(k), "%" | "percent"));
            if set_off && !share {
                w.span(c).start
            } else {
                a.span.start
            }
        }
        _ => a.span.start,
    };
    if !material_before {
        return Span::new(from, whole.end);
    }
    // `"…," Trump said 30 minutes into the debate`, `"…," she told a crowd of 1,300`: after
    // a direct quote the cue reports the quote; what follows it in the sentence (a time, an
    // audience, a description of the speaker) is the writer's narrative.
    // The quote must be the sentence's own (open at its start, or run on from the sentence
    // before): `At an event billed as "Hard Hats," Clinton unveiled …` reports no quote.
    if a.kind == CueKind::Verb && !w.low(cue_first.unwrap_or(first)).ends_with("ing") {
        let is_quote = |k: usize| matches!(w.text[k], "\"" | "”" | "“" | "’" | "‘" | "'" | "''");
        let closes = |k: usize| {
            k >= 1
                && is_quote(k)
                && matches!(w.text[k - 1], "," | "?" | "!" | "." | "—" | "…")
                && w.adjacent(k - 1, k)
        };
        let mut start = first.min(cue_first.unwrap_or(first));
        // `,''`: two apostrophes close the quote in some wires' copy.
        if start > 1 && w.text[start - 1] == "'" && w.text[start - 2] == "'" {
            start -= 1;
        }
        if start > 0 && closes(start - 1) {
            let opened = (0..start - 1).find(|&k| is_quote(k));
            let own = opened.map_or(true, |o| (0..o).all(|k| w.is_punct(k)));
            // `"…," Tester said, referring to the 1 percent excuse, "…"`: the quote goes on
            // after the cue, and what stands between is its frame.
            let resumes = (last + 1..w.len()).any(is_quote);
            if own && !resumes {
                return Span::new(whole.start, a.span.end);
            }
        }
    }
    // `the minimum $20 million experts say it costs`: a figure right before the source, with
    // no punctuation between, is what the cue's clause is about (a relative without `that`).
    if a.kind == CueKind::Verb
        && a.source
            .is_some_and(|s| s.end <= w.span(cue_first.unwrap_or(first)).start)
    {
        let figure_before = (first.saturating_sub(3)..first)
            .rev()
            .take_while(|&k| {
                (!w.is_punct(k) || matches!(w.text[k], "$" | "%")) && !lx().boundary.has(w.low(k))
            })
            .find(|&k| is_numeral(w, k));
        // `even now at 86 she still says`: after a preposition the number is an adjunct of
        // its own, not the object the clause is about.
        let adjunct = figure_before.is_some_and(|k| {
            let mut b = k;
            while b > 0 && matches!(w.text[b - 1], "$" | "€" | "£") {
                b -= 1;
            }
            b > 0
                && matches!(
                    w.low(b - 1),
                    "at" | "in" | "on" | "by" | "for" | "from" | "to" | "with" | "of"
                )
        });
        if let Some(k) = figure_before.filter(|_| !adjunct) {
            let start = (0..k)
                .rev()
                .take_while(|&j| matches!(w.text[j], "$" | "€" | "£"))
                .last()
                .unwrap_or(k);
            return Span::new(w.span(start).start, whole.end);
        }
    }
    // `weighs 236 pounds, which classifies him as overweight according to his body mass
    // index`: inside a relative clause, `according to` sources that clause only.
    if a.kind == CueKind::SourceAfter {
        let relative = (0..first)
            .rev()
            .take_while(|&k| !matches!(w.text[k], ";" | "(" | ")" | "—" | "–"))
            .find(|&k| {
                k > 0
                    && w.text[k - 1] == ","
                    && matches!(w.low(k), "which" | "who" | "whom" | "where")
            });
        if let Some(k) = relative {
            return Span::new(w.span(k).start, whole.end);
        }
    }
    // `…15 states, according to unofficial results tallied through Wednesday.`: after a
    // comma, `according to` sources the clause it is attached to, whatever follows its
    // source; it opens no content of its own.
    if a.kind == CueKind::SourceAfter && first > 0 && w.text[first - 1] == "," {
        return whole;
    }
    // What follows the cue up to the end of its clause: content (`that …`, a quote, a
    // figure, a clause), or only a hearer, a time, a place (`told reporters`, `said on
    // Tuesday`, `according to polls at the time`).
    let after_cue = lx().after_cue;
    let mut k = last + 1;
    let mut only_adjuncts = true;
    let mut opens_content = false;
    while k < w.len() && !matches!(w.text[k], "." | "?" | "!" | "," | ";" | "—" | "–" | ")") {
        // `according to the Alliance to Reclaim Our Schools (AROS).`: a parenthesis after
        // the source is an aside, not content.
        if w.text[k] == "(" {
            if let Some(close) = (k + 1..w.len()).find(|&j| w.text[j] == ")") {
                k = close + 1;
                continue;
            }
        }
        let low = w.low(k);
        if is_numeral(w, k)
            || matches!(
                low,
                "that" | "\"" | "“" | "'" | ":" | "$" | "€" | "£" | "how" | "whether"
            )
            || low.starts_with(|c: char| c.is_ascii_digit())
        {
            opens_content = true;
            break;
        }
        if !(after_cue.has(low) || w.capitalized(k)) {
            only_adjuncts = false;
        }
        k += 1;
    }
    let adjunct_only = !opens_content && only_adjuncts;
    let ends_clause = adjunct_only
        && !w
            .text
            .get(k + 1)
            // `Kirby said, "…"`: the quote after the comma is the content.
            .is_some_and(|n| matches!(*n, "\"" | "“" | "‘" | "'"));
    if !ends_clause {
        return Span::new(from, whole.end);
    }
    // `As The Washington Post reported, …`: fronted, the cue covers its sentence.
    // `As Breitbart News' Michael Leahy reported, …`: an owner before the source that the
    // source phrase left out still stands between `As` and the cue.
    let opener = (0..first).find(|&k| !w.is_punct(k));
    let fronted = (0..first)
        .all(|k| w.is_punct(k) || matches!(w.low(k), "as" | "like" | "and" | "but" | "so"))
        || opener.is_some_and(|o| {
            matches!(w.low(o), "as" | "like")
                && (o + 1..first).all(|k| w.is_word(k) || matches!(w.text[k], "'" | "’"))
        });
    if fronted {
        return whole;
    }
    // `…, the group said, compared with …`: set off by commas, the cue covers its sentence.
    let set_off_before = first > 0 && matches!(w.text[first - 1], "," | "”" | "\"" | "'");
    let goes_on = k < w.len() && w.text[k] == "," && (k + 1..w.len()).any(|j| !w.is_punct(j));
    if set_off_before && goes_on {
        return whole;
    }
    Span::new(whole.start, a.span.end)
}

/// `according to the Health Ministry`.
fn source_after_cue(w: &Words, i: usize, n: usize) -> Option<Attribution> {
    let cue = w.span_of(i, i + n - 1);
    let (a, b) = phrase_after(w, i + n)?;
    let source = w.span_of(a, b);
    Some(Attribution {
        span: Span::new(cue.start, source.end),
        source: Some(source),
        cue: Some(cue),
        kind: CueKind::SourceAfter,
        vague: is_vague_source(w, a, b),
        content: cue,
    })
}

/// `The ministry put the toll at 40`.
fn put_cue(w: &Words, i: usize) -> Option<Attribution> {
    if !lx().put.has(w.low(i)) || !is_lowercase(w, i) {
        return None;
    }
    let at = (i + 1..w.len().min(i + 6))
        .take_while(|&k| w.is_word(k))
        .find(|&k| w.low(k) == "at")?;
    let (a, b) = subject_before(w, i)?;
    let source = w.span_of(a, b);
    Some(Attribution {
        span: Span::new(source.start, w.span(at).end),
        source: Some(source),
        cue: Some(w.span_of(i, at)),
        kind: CueKind::Put,
        vague: is_vague_source(w, a, b),
        content: source,
    })
}

fn is_lowercase(w: &Words, i: usize) -> bool {
    w.text
        .get(i)
        .and_then(|t| t.chars().next())
        .is_some_and(|c| c.is_lowercase())
}

fn is_numeral(w: &Words, i: usize) -> bool {
    w.tokens
        .get(i)
        .is_some_and(|t| t.kind == super::text::TokenKind::Number)
        || super::figures::FigureWords::get().cardinal.has(w.low(i))
}

/// Whether the token after an ambiguous verb form fits a verb (`reports that`, `shows 40
/// percent`, `estimates the cost`) rather than a noun (`11 swing states vote`).
fn verb_follows(w: &Words, k: usize) -> bool {
    if k >= w.len() {
        return true;
    }
    if w.is_punct(k) {
        return true;
    }
    let next = w.low(k);
    // `claims he's worth $10 billion`: a pronoun with its verb run on is a pronoun.
    let bare = next.split(['\'', '’']).next().unwrap_or(next);
    is_numeral(w, k)
        // `polls show Clinton up`, `a poll shows both men`
        || (w.capitalized(k) && k > 0)
        || matches!(next, "both" | "most" | "many" | "some" | "half" | "two-thirds" | "majority")
        || DETERMINERS.contains(&next)
        || PRONOUNS.contains(&bare)
        || matches!(
            next,
            "that" | "how" | "why" | "what" | "whether" | "about" | "on" | "him" | "them" | "us"
        )
        || super::figures::FigureWords::get().hedge
            .match_at(w.lower, k)
            .is_some()
}

/// Whether the subject of the verb at `i` is a share of poll respondents (`46 percent would
/// choose`, `38% of likely voters oppose`, `6 in 10 Republicans back`): their answers are
/// what the poll reports, so the opinion verb is a cue with the respondents as its source.
fn respondents_before(w: &Words, i: usize) -> bool {
    // `48% support`, `his 32% support`: straight after a share, these forms are nouns.
    let after_share =
        i > 0 && (matches!(w.low(i - 1), "%" | "percent" | "points") || is_numeral(w, i - 1));
    if after_share && lx().opinion_noun.has(w.low(i)) {
        return false;
    }
    // `The top 1 percent would see a cut`: a bracket of the population, not respondents.
    let bracket =
        |a: usize, b: usize| (a.saturating_sub(1)..=b).any(|k| lx().bracket.has(w.low(k)));
    subject_before(w, i).is_some_and(|(a, b)| {
        !bracket(a, b)
            && (a..=b).any(|k| {
                matches!(w.low(k), "%" | "percent")
                    || (w.low(k) == "in" && k > a && is_numeral(w, k - 1) && w.low(k + 1) == "10")
            })
    })
}

/// A reporting verb with its source: `Local health authorities report`, `, said Kirby`,
/// `was reported by the ministry`. Returns the attribution and how many tokens the cue takes.
fn verb_cue(w: &Words, i: usize) -> Option<(Attribution, usize)> {
    let (n, strict) = if let Some(n) = lx().verb_strict.match_at(w.lower, i) {
        (n, true)
    } else if lx().verb.has(w.low(i)) || (lx().opinion.has(w.low(i)) && respondents_before(w, i)) {
        (1, false)
    } else {
        return None;
    };
    // Capitalized forms are names or headings (`United States`, `State Department`).
    if !is_lowercase(w, i) {
        return None;
    }
    let prev = i.checked_sub(1);
    if let Some(p) = prev {
        let pl = w.low(p);
        // `the report`, `an estimated 40`: nouns and adjectives.
        if DETERMINERS.contains(&pl) {
            return None;
        }
        // `834 registered voters`, `three counts`; but `nine out of 10 say so` is a verb.
        let adjectival = w.low(i).ends_with("ed")
            && is_lowercase(w, i + 1)
            && !matches!(
                w.low(i + 1),
                "that"
                    | "so"
                    | "it"
                    | "they"
                    | "he"
                    | "she"
                    | "we"
                    | "on"
                    | "in"
                    | "at"
                    | "to"
                    | "by"
            );
        // `$36.5 billion estimated total`: a scale or a percent counts as the number.
        let counted = is_numeral(w, p)
            || matches!(pl, "%" | "percent")
            || super::figures::FigureWords::get().scale.has(pl);
        if counted && (lx().ambiguous.has(w.low(i)) || adjectival) {
            return None;
        }
        // `by 0.1 percentage points to 4.2 percent`: a unit, not `point to`.
        if matches!(pl, "percentage" | "basis") || (is_numeral(w, p) && n > 1) {
            return None;
        }
        // `former state GOP chair`, `Battleground state Florida`: a noun unless a clause
        // follows (`the filings state that …`).
        if lx().clause_only.has(w.low(i)) && !matches!(w.low(i + 1), "that" | ":") {
            return None;
        }
    }
    let after = i + n;
    // `with 94 percent of precincts reporting.`: a bare participle closing a phrase is a
    // description, not a cue.
    if w.low(i).ends_with("ing")
        && w.is_punct(after)
        && !prev.is_some_and(|p| w.text[p] == "," || BE.contains(&w.low(p)))
    {
        return None;
    }
    // `for anyone wanting to borrow $25,000`: a participle with `to` straight after a noun
    // describes the noun (a reduced relative); it reports nothing.
    if w.low(i).ends_with("ing")
        && w.low(after) == "to"
        && prev.is_some_and(|p| {
            w.is_word(p) && is_lowercase(w, p) && !BE.contains(&w.low(p)) && !skippable(w, p)
        })
    {
        return None;
    }
    let inverted_position = match prev {
        None => false,
        Some(p) => matches!(w.text[p], "," | "”" | "\"" | "’" | "'" | "—" | "–"),
    };
    // `11 swing states.`: an ambiguous form before a full stop is a noun unless it is an
    // inverted attribution (`…, the report states.`). `Clinton wants to sign up 5 million
    // people`: a want, a plan or a pledge with `to` is a verb, unless owned (`Clinton's plans
    // to`).
    let owned = prev.is_some_and(|p| matches!(w.low(p), "'s" | "’s") || w.low(p).ends_with("'s"));
    let takes_to = w.low(after) == "to" && lx().verb_to.has(w.low(i)) && !owned;
    // `…, records show.`, `G-III reports show.`: after a document noun the form is a verb.
    let after_document = prev.is_some_and(|p| lx().document_noun.has(w.low(p)));
    // `Editor's note:`, `Trump's claims`: after a possessive the form is a noun.
    if owned && lx().ambiguous.has(w.low(i)) && !takes_to {
        return None;
    }
    if lx().ambiguous.has(w.low(i))
        && !takes_to
        && !after_document
        && !(verb_follows(w, after)
            && (!w.is_punct(after) || w.text[after] == ":" || inverted_position))
    {
        return None;
    }
    // `called for reducing the rate to 28 percent`, `pointed to the 1994 bill`: a phrase that
    // ends in its preposition takes its content as the object; only a lone verb is strict.
    if strict && n == 1 {
        let clause_follows = after >= w.len()
            || w.is_punct(after)
            || matches!(w.low(after), "that" | "in" | "on" | "to");
        if !(clause_follows || inverted_position) {
            return None;
        }
    }
    let cue = w.span_of(i, after - 1);
    let found = |source: Option<(usize, usize)>| Some((named(w, cue, source), n));
    // Passive: `was reported by the ministry`; without `by`, an agentless, vague attribution.
    let mut k = i;
    while k > 0 && skippable(w, k - 1) {
        k -= 1;
    }
    let progressive = w.low(i).ends_with("ing");
    if k > 0 && BE.contains(&w.low(k - 1)) && !progressive {
        if w.low(after) == "by" {
            return found(Some(phrase_after(w, after + 1)?));
        }
        if !lx().passive_vague.has(w.low(i)) {
            return None; // `were found`, `was asked`: an event, not a source
        }
        let start = w.span(k - 1).start;
        let span = Span::new(start, cue.end);
        return Some((
            Attribution {
                span,
                source: None,
                cue: Some(cue),
                kind: CueKind::Vague,
                vague: true,
                content: span,
            },
            n,
        ));
    }
    // `the $36.5 billion estimated by Forbes`: a participle with its agent after it.
    if w.low(i).ends_with("ed") && w.low(after) == "by" {
        if let Some(agent) = phrase_after(w, after + 1) {
            return found(Some(agent));
        }
    }
    if let Some(subject) = subject_before(w, i) {
        return found(Some(subject));
    }
    // `"…," said John Kirby`, `…, says a report`.
    if inverted_position {
        if let Some((a, b)) = phrase_after(w, after) {
            let first_ok = (a..=b).any(|k| w.capitalized(k))
                || DETERMINERS.contains(&w.low(a))
                || PRONOUNS.contains(&w.low(a))
                || lx().vague_head.has(w.low(a));
            if first_ok {
                return found(Some((a, b)));
            }
        }
    }
    let before = w.low(k.wrapping_sub(1));
    // `…, noting that nearly 200 countries signed`: a participle whose subject is the
    // sentence's; the cue stands, its source is the main clause's subject.
    if progressive && before == "," {
        return found(opening_subject(w));
    }
    // `Clinton erred in saying that …`: the same, after a preposition.
    if progressive && matches!(before, "in" | "by" | "after" | "while" | "when" | "before") {
        return found(Some(opening_subject(w)?));
    }
    // `TheBlaze did the math, and found that …`: a second predicate of the opening subject.
    if matches!(before, "and" | "but") {
        return found(Some(opening_subject(w)?));
    }
    None
}

/// A verb attribution with its source (token indices), the span covering both.
fn named(w: &Words, cue: Span, source: Option<(usize, usize)>) -> Attribution {
    let src = source.map(|(a, b)| w.span_of(a, b));
    let span = match src {
        Some(s) => Span::new(s.start.min(cue.start), s.end.max(cue.end)),
        None => cue,
    };
    Attribution {
        span,
        source: src,
        cue: Some(cue),
        kind: CueKind::Verb,
        vague: source.is_some_and(|(a, b)| is_vague_source(w, a, b)),
        content: cue,
    }
}

/// The name that opens a sentence (`TheBlaze`, `The State Department`): capitalized words and
/// determiners from the first token.
fn opening_subject(w: &Words) -> Option<(usize, usize)> {
    let first = (0..w.len()).find(|&k| !w.is_punct(k))?;
    let mut end = None;
    for k in first..w.len().min(first + 6) {
        if w.capitalized(k) || (k == first && DETERMINERS.contains(&w.low(k))) {
            end = Some(k);
        } else {
            break;
        }
    }
    end.filter(|&e| w.capitalized(e)).map(|e| (first, e))
}

/// Words that may stand between a subject and its verb (`has also said`, `previously
/// reported`, `flatly denied`).
fn skippable(w: &Words, k: usize) -> bool {
    let low = w.low(k);
    lx().skip_before.has(low)
        || (w.is_word(k) && is_lowercase(w, k) && low.len() > 4 && low.ends_with("ly"))
}

/// The subject before a cue: from the cue back over auxiliaries and adverbs, then back over
/// the noun phrase to the start of its clause. Token indices, inclusive.
fn subject_before(w: &Words, cue: usize) -> Option<(usize, usize)> {
    let mut k = cue;
    // `is proposing`, `were planning`: the progressive's auxiliary stands before the subject.
    let progressive = w.low(cue).ends_with("ing");
    while k > 0 && (skippable(w, k - 1) || (progressive && BE.contains(&w.low(k - 1)))) {
        k -= 1;
    }
    // `The coalition, which represents 20 million Americans, wants …`: the subject stands
    // before a parenthetical set off by commas.
    if k >= 2 && w.text[k - 1] == "," {
        let open = (k.saturating_sub(30)..k - 1)
            .rev()
            .find(|&c| w.text[c] == ",")?;
        let starts = w.low(open + 1);
        // An appositive name is short: `A Twitter spokesman, Christopher Abboud, said`.
        let appositive_name = w.capitalized(open + 1) && k - open <= 8;
        // `Rep. Elijah Cummings (D-Md.), chair of the Platform Committee, said`: a role after
        // a name.
        let role_after_name =
            open > 0 && (w.capitalized(open - 1) || w.text[open - 1] == ")") && k - open <= 14;
        // `A third of independents, 33%, say`: the figure restates the subject.
        let appositive_figure = is_numeral(w, open + 1)
            && k - open <= 5
            && (open + 2..k - 1).any(|j| matches!(w.low(j), "%" | "percent"));
        // `Cement makers, for instance, argue`: an aside, not a clause.
        let aside = lx().aside.match_at(w.lower, open + 1) == Some(k - 2 - open);
        if matches!(starts, "which" | "who" | "whose")
            || DETERMINERS.contains(&starts)
            || appositive_name
            || appositive_figure
            || aside
            || role_after_name
        {
            return subject_before_end(w, open);
        }
        return None;
    }
    subject_before_end(w, k)
}

/// The noun phrase ending just before token `k`.
fn subject_before_end(w: &Words, k: usize) -> Option<(usize, usize)> {
    let end = k.checked_sub(1)?;
    // `Sen. Ted Cruz (R-Texas) said`, `Rep. Elijah Cummings (D-Md.), chair of …, said`: a
    // short parenthesis after a name (party and state, an age, an acronym) is no boundary.
    if w.text[end] == ")" {
        let open = (end.saturating_sub(8)..end)
            .rev()
            .find(|&c| w.text[c] == "(")?;
        if open > 0 && w.capitalized(open - 1) {
            return subject_before_end(w, open);
        }
        return None;
    }
    let counted = |t: usize| is_numeral(w, t) || w.text[t] == "%";
    if !(w.is_word(end) || counted(end)) || BE.contains(&w.low(end)) {
        return None;
    }
    // `a poll that shows`, `officials who said`: the subject stands before the relative word.
    if matches!(w.low(end), "that" | "which" | "who") {
        // `Kasich, who brags …`: the noun before the comma.
        if end >= 2 && w.text[end - 1] == "," {
            return subject_before_end(w, end - 1);
        }
        return subject_before(w, end);
    }
    let verb = |low: &str| lx().verb.has(low) && !lx().ambiguous.has(low);
    if lx().boundary.has(w.low(end)) || verb(w.low(end)) {
        return None;
    }
    // A pronoun is the whole subject: in `even now at 86 she still says`, the age before it
    // is no share of respondents.
    if PRONOUNS.contains(&w.low(end)) && w.low(end) != "one" {
        return Some((end, end));
    }
    let mut start = end;
    while start > 0 && end - start < 9 {
        let p = start - 1;
        let low = w.low(p);
        let joins = matches!(w.text[p], "-" | "&" | "/" | "’s" | "'s")
            || (w.is_word(p)
                && !lx().boundary.has(low)
                && (!verb(low) || (low.ends_with("ed") && w.is_word(p + 1)))
                && !BE.contains(&low))
            // `nine out of 10`
            || (low == "out" && w.low(p + 1) == "of" && p > 0 && counted(p - 1))
            // `$20 million experts`: the currency of a figure in the subject.
            || (matches!(w.text[p], "$" | "€" | "£") && counted(p + 1))
            // `the Ministry of Health`: `of` between capitals.
            || (low == "of" && p > 0 && w.capitalized(p - 1) && w.capitalized(start))
            // Poll respondents as the subject: `42% say`, `6 in 10 voters said`, `30
            // percent of all voters consider`.
            || counted(p)
            || (matches!(low, "in" | "of")
                && p > 0
                && (counted(p - 1)
                    || matches!(w.low(p - 1), "percent" | "half" | "majority" | "out")));
        if !joins {
            break;
        }
        start = p;
    }
    // The hedge of a figure in the subject: `More than 6 in 10 voters`.
    if counted(start) {
        if let Some(n) = super::figures::FigureWords::get()
            .hedge
            .match_ending_at(w.lower, start)
        {
            start -= n;
        }
    }
    Some((start, end))
}

/// A noun phrase after a cue, up to punctuation or a clause word. Token indices, inclusive.
fn phrase_after(w: &Words, from: usize) -> Option<(usize, usize)> {
    let mut end = None;
    let mut k = from;
    while k < w.len() && k < from + 10 {
        let low = w.low(k);
        let joins = matches!(w.text[k], "-" | "&" | "/" | "’s" | "'s")
            || (end.is_some() && is_numeral(w, k))
            // `said 9/11 widow Terry Strada`: a number that opens a description.
            || (end.is_none()
                && is_numeral(w, k)
                && (w.is_word(k + 1) || w.text.get(k + 1) == Some(&"/")))
            || (w.is_word(k)
                && !lx().boundary.has(low)
                && (!lx().verb.has(low) || lx().ambiguous.has(low))
                && !lx().put.has(low))
            || (matches!(low, "of" | "for" | "on" | "at" | "by" | "from")
                && end.is_some()
                && w.capitalized(k + 1))
            || (low == "of" && end.is_some());
        if !joins {
            break;
        }
        end = Some(k);
        k += 1;
    }
    let end = end?;
    // Do not end on a connecting word.
    let mut end = end;
    while end > from && matches!(w.low(end), "of" | "for" | "on" | "at" | "by" | "from") {
        end -= 1;
    }
    (w.is_word(from) || is_numeral(w, from)).then_some((from, end))
}

/// `sources`, `some experts`, `a source`: a source whose head names no one and that carries no
/// capitalized name (`Pentagon sources` is named).
fn is_vague_source(w: &Words, a: usize, b: usize) -> bool {
    if !lx().vague_head.has(w.low(b)) {
        return false;
    }
    let named = (a..=b).any(|k| {
        w.capitalized(k) && !(k == a && (lx().vague_head.has(w.low(k)) || is_function(w.low(k))))
    });
    !named
}

fn is_function(low: &str) -> bool {
    DETERMINERS.contains(&low)
        || matches!(
            low,
            "some"
                | "many"
                | "several"
                | "other"
                | "unnamed"
                | "anonymous"
                | "senior"
                | "top"
                | "most"
                | "few"
                | "two"
                | "three"
                | "one"
        )
}

/// `The program, called EB-5, allows investors to invest $500,000`, `Under Missouri law,
/// …`: a law, a rule or a program that sets a figure is its source.
fn rule_cue(w: &Words, i: usize) -> Option<Attribution> {
    if !is_lowercase(w, i) && i > 0 {
        return None;
    }
    let is_rule = |(a, b): (usize, usize)| (a..=b).any(|k| lx().rule_noun.has(w.low(k)));
    let opens = (0..i).all(|k| w.is_punct(k));
    let (source, kind) = if lx().rule_prep.has(w.low(i)) && opens {
        let (a, b) = phrase_after(w, i + 1)?;
        (Some((a, b)).filter(|&p| is_rule(p))?, CueKind::SourceAfter)
    } else if lx().rule_verb.has(w.low(i)) && is_lowercase(w, i) {
        // The subject, over an appositive set off by commas (`The program, called EB-5,`).
        let subject = subject_before(w, i).or_else(|| {
            let open = (i.saturating_sub(8)..i.saturating_sub(1))
                .rev()
                .find(|&c| w.text[c] == ",")?;
            (i >= 1 && w.text[i - 1] == ",").then_some(())?;
            subject_before_end(w, open)
        })?;
        (
            Some(subject).filter(|&(_, b)| lx().rule_noun.has(w.low(b)))?,
            CueKind::Verb,
        )
    } else {
        return None;
    };
    let cue = w.span(i);
    let src = w.span_of(source.0, source.1);
    let span = Span::new(src.start.min(cue.start), src.end.max(cue.end));
    let end = w.span(w.len() - 1).end;
    // What the rule sets follows its verb; `Under …,` opening a sentence sets the sentence.
    let content = if kind == CueKind::SourceAfter {
        Span::new(w.span(0).start, end)
    } else {
        Span::new(cue.start, end)
    };
    Some(Attribution {
        span,
        source: Some(src),
        cue: Some(cue),
        kind,
        vague: false,
        content,
    })
}

/// `The poll was conducted Sept. 19 to 22 among 1,001 adults`, `Edison Research conducted
/// the survey`, `voters went to the polls`: a document (tokens `i..=last`) whose sentence only
/// says how it was made, or polls where people vote. Neither reports a figure.
fn describes_method(w: &Words, i: usize, last: usize) -> bool {
    if !lx().sample_noun.has(w.low(last)) {
        return false;
    }
    let next = w.low(last + 1);
    if lx().method_active.has(next) || (BE.contains(&next) && lx().method.has(w.low(last + 2))) {
        return true;
    }
    // `a phone survey of 1,704 adults`: the document named by its sample.
    if next == "of" {
        let hedge = super::figures::FigureWords::get()
            .hedge
            .match_at(w.lower, last + 2)
            .unwrap_or(0);
        if is_numeral(w, last + 2 + hedge) {
            return true;
        }
    }
    // `conducted the poll`, `conducted its nationwide survey`.
    let object_of = (i.saturating_sub(3)..i)
        .rev()
        .take_while(|&p| w.is_word(p))
        .any(|p| lx().method_active.has(w.low(p)));
    let voting = (i.saturating_sub(2)..=i)
        .any(|s| lx().voting.match_at(w.lower, s).is_some_and(|n| s + n > i));
    object_of || voting
}

/// `a Gallup poll`, `data from the bureau`, `in a statement`: documents and counts that are
/// sources of figures in their own right. The source is the name before the noun or the
/// phrase after `by`/`from`/`of`.
fn document_cue(w: &Words, i: usize) -> Option<(Attribution, usize)> {
    let (n, needs_owner) = match lx().noun.match_at(w.lower, i) {
        Some(n) => (n, false),
        None => (lx().noun_named.match_at(w.lower, i)?, true),
    };
    let cue = w.span_of(i, i + n - 1);
    let last = i + n - 1;
    if describes_method(w, i, last) {
        return None;
    }
    // A name before the noun, over a word or two of description: `a new CNN/ORC poll`, `a
    // Reuters rolling poll`.
    let mut a = i;
    let mut k = i;
    let mut described = 0;
    while k > 0 {
        let p = k - 1;
        if w.capitalized(p) || (a < i && matches!(w.text[p], "/" | "&" | "-")) {
            a = p;
        } else if a == i && described < 2 && w.is_word(p) && !DETERMINERS.contains(&w.low(p)) {
            described += 1;
        } else {
            break;
        }
        k = p;
    }
    let mut far_owner = None;
    if needs_owner {
        // Only a possessive owner makes a plan or a claim a source: `Clinton's plan`, `his
        // plan`; `the Israeli proposal` names a side, not who put the figures in it.
        // The owner may stand a few words before the noun, over a description or the plan's
        // own figure: `his infamous comment about`, `Trump's $10 million arbitration claim`.
        let owns = |p: usize| {
            let low = w.low(p);
            low.ends_with("'s")
                || low.ends_with("’s")
                || matches!(low, "his" | "her" | "their" | "its" | "whose")
        };
        let describes = |p: usize| {
            let low = w.low(p);
            is_numeral(w, p)
                || matches!(w.text[p], "$" | "%" | "-" | "," | "€" | "£")
                || (w.is_word(p)
                    && !w.capitalized(p)
                    && !lx().boundary.has(low)
                    && !DETERMINERS.contains(&low)
                    && !BE.contains(&low)
                    && !lx().verb.has(low))
        };
        let owner = (i.saturating_sub(9)..i)
            .rev()
            .take_while(|&p| owns(p) || describes(p))
            .find(|&p| owns(p))?;
        if owner + 1 == i {
            a = a.min(owner);
        } else {
            far_owner = Some(owner);
        }
    }
    // A capital that only opens the sentence names nothing (`National polls`).
    if a == 0 && a + 1 == i {
        a = i;
    }
    let mut source = (a < i).then(|| (a, i - 1));
    // `the union's statement`: the owner is the phrase ending in the possessive.
    let possessive = |t: &str| t.ends_with("'s") || t.ends_with("’s");
    if source.is_none() && i > 0 && possessive(w.low(i - 1)) {
        source = subject_before_end(w, i);
    }
    if let Some(o) = far_owner {
        source = if possessive(w.low(o)) {
            subject_before_end(w, o + 1)
        } else {
            Some((o, o))
        };
    }
    let ends_with_link = matches!(w.low(last), "from" | "by" | "of");
    if source.is_none() || ends_with_link {
        let from = if ends_with_link {
            last + 1
        } else if matches!(w.low(last + 1), "by" | "from" | "of") {
            last + 2
        } else {
            usize::MAX
        };
        if from != usize::MAX {
            source = phrase_after(w, from).or(source);
        }
    }
    // `the poll`, `a study`: a document the article names elsewhere, most often; it covers
    // its sentence even when its owner is not named here.
    let mut a = named(w, cue, source);
    a.kind = CueKind::Document;
    Some((a, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::article::Article;
    use crate::engine::figures;

    /// `quotes_in` as it was first written, character by character: the byte-skipping one
    /// must find the same quotes.
    fn quotes_char_by_char(prose: &str, span: Span) -> Vec<Quote> {
        let mut quotes = Vec::new();
        let text = &prose[span.range()];
        let mut open: Option<usize> = None;
        let mut prev: char = ' ';
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let at = span.start + i;
            let c = if c == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
                '"'
            } else {
                c
            };
            let width = if c == '"' && text[i..].starts_with("''") {
                2
            } else {
                c.len_utf8()
            };
            let close = |o| Quote {
                open: o,
                close: Some(at),
                end: at + width,
            };
            match c {
                '“' | '«' if open.is_none() => open = Some(at),
                '”' | '»' => quotes.extend(open.take().map(close)),
                '"' => match open {
                    None if prev.is_whitespace() || "([—–-:".contains(prev) || i == 0 => {
                        open = Some(at)
                    }
                    Some(o) => {
                        open = None;
                        quotes.push(close(o));
                    }
                    None => {}
                },
                _ => {}
            }
            prev = c;
        }
        quotes.extend(open.map(|o| Quote {
            open: o,
            close: None,
            end: span.end,
        }));
        quotes
    }

    #[test]
    fn quotes_are_found_as_character_by_character() {
        let cases = [
            r#"He said, "We will stay." Then "no" and "yes"#,
            "“Open” and «guillemets» and ’curly’ apostrophes: “unclosed",
            "''When the NYT,'' he said, ''writes them so.'' And ''' three, '''' four.",
            r#""Starts" (“at” the edge), x"y" z:"w" —"v" é"é" 5'6" tall"#,
            "Ünïcödé “quote” «after» ÿ'' ''",
            "",
            "'",
            "\"",
        ];
        for prose in cases {
            for start in (0..=prose.len()).filter(|&k| prose.is_char_boundary(k)) {
                let span = Span::new(start, prose.len());
                assert_eq!(
                    quotes_in(prose, span),
                    quotes_char_by_char(prose, span),
                    "{prose:?} from {start}"
                );
            }
        }
    }
    use crate::engine::Format;

    struct Found {
        text: String,
        figures: Vec<Figure>,
        attributions: Vec<Attribution>,
    }

    fn run(body: &str) -> Found {
        let text = format!("Headline\n\n{body}\n");
        let article = Article::parse(&text, Format::Plain);
        let lower = article.prose.to_ascii_lowercase();
        let mut figs = figures::find(&article, &lower);
        let attributions = attribute(&article, &lower, &mut figs);
        Found {
            text,
            figures: figs,
            attributions,
        }
    }

    impl Found {
        /// (figure, source, cue) for each figure.
        fn covered(&self) -> Vec<(String, Option<String>, Option<String>)> {
            self.figures
                .iter()
                .map(|f| {
                    let a = f.attribution.as_ref();
                    (
                        f.span.text(&self.text).to_string(),
                        a.and_then(|a| a.source)
                            .map(|s| s.text(&self.text).to_string()),
                        a.and_then(|a| a.cue)
                            .map(|s| s.text(&self.text).to_string()),
                    )
                })
                .collect()
        }

        fn source_of(&self, figure: &str) -> Option<String> {
            self.covered()
                .into_iter()
                .find(|(f, _, _)| f == figure)
                .and_then(|(_, s, c)| s.or(c))
        }

        fn attributed(&self, figure: &str) -> bool {
            self.figures
                .iter()
                .any(|f| f.span.text(&self.text) == figure && f.attribution.is_some())
        }

        fn unattributed(&self, figure: &str) -> bool {
            self.figures
                .iter()
                .any(|f| f.span.text(&self.text) == figure && f.attribution.is_none())
        }
    }

    #[test]
    fn said_says_told_with_source_before_or_after() {
        let f = run("Police said 40 people died. The mayor says 12 were hurt. He told reporters 30 fled. \"We found 20,\" said John Kirby, a spokesman.");
        assert_eq!(f.source_of("40"), Some("Police".into()));
        assert_eq!(f.source_of("12"), Some("The mayor".into()));
        assert_eq!(f.source_of("30"), Some("He".into()));
        assert_eq!(f.source_of("20"), Some("John Kirby".into()));
    }

    #[test]
    fn report_estimated_announced_confirmed_cited() {
        let f = run("Local health authorities report that more than 34,000 Palestinians have been killed. The agency estimated 3,000 homes were lost. The company announced 200 layoffs. Officials confirmed 12 deaths. She cited 45 cases.");
        assert_eq!(
            f.source_of("more than 34,000"),
            Some("Local health authorities".into())
        );
        assert_eq!(f.source_of("3,000"), Some("The agency".into()));
        assert_eq!(f.source_of("200"), Some("The company".into()));
        assert_eq!(f.source_of("12"), Some("Officials".into()));
        assert_eq!(f.source_of("45"), Some("She".into()));
    }

    #[test]
    fn according_to_data_from_figures_released_by_statement_report_by() {
        let f = run("About 40 people died, according to the Health Ministry. Data from the Census Bureau show 12% growth. Figures released by the army put 300 missing. The union's statement named 50 workers. A report by Amnesty counted 70 dead.");
        assert_eq!(f.source_of("About 40"), Some("the Health Ministry".into()));
        assert_eq!(f.source_of("12%"), Some("the Census Bureau".into()));
        assert_eq!(f.source_of("300"), Some("the army".into()));
        assert_eq!(f.source_of("50"), Some("The union's".into()));
        assert_eq!(f.source_of("70"), Some("Amnesty".into()));
        // A document covers its sentence even when its owner was named earlier; a capital
        // that only opens the sentence is no owner.
        let f = run("National polls put him near 40 percent.");
        assert_eq!(f.source_of("40 percent"), Some("polls".into()));
    }

    #[test]
    fn put_the_toll_at_and_polls() {
        let f = run("The ministry put the death toll at 45. A new Quinnipiac poll has Clinton at 48 percent.");
        assert_eq!(f.source_of("45"), Some("The ministry".into()));
        assert_eq!(f.source_of("48 percent"), Some("Quinnipiac".into()));
    }

    #[test]
    fn passive_with_and_without_agent() {
        let f = run(
            "Twelve deaths, 40 in all, were reported by the ministry. 30 arrests were reported.",
        );
        assert_eq!(f.source_of("40"), Some("the ministry".into()));
        let a = f
            .figures
            .iter()
            .find(|x| x.span.text(&f.text) == "30")
            .unwrap();
        assert!(a.attribution.as_ref().is_some_and(|a| a.vague));
    }

    #[test]
    fn noun_forms_are_not_cues() {
        // `states`, `registered`, `the report` as nouns and adjectives.
        let f = run("The race is in 11 swing states. He won 834 registered voters. The report card had 40 marks. State officials met 12 times, with 30 aides.");
        assert!(f.unattributed("11"));
        assert!(f.unattributed("834"));
        assert!(f.unattributed("30"));
        // `added` in its ordinary sense.
        let f = run("The economy added 200,000 jobs.");
        assert!(f.unattributed("200,000"));
        let f = run("The economy grew 3 percent, he added.");
        assert!(f.attributed("3 percent"));
    }

    #[test]
    fn vague_sources_attribute_but_are_marked_vague() {
        let f = run("Sources said 40 people died. It is estimated that 3,000 attended.");
        for fig in &f.figures {
            assert!(fig.attribution.as_ref().is_some_and(|a| a.vague));
        }
        let f = run("Pentagon sources said 40 people died.");
        assert!(f.figures[0].attribution.as_ref().is_some_and(|a| !a.vague));
    }

    #[test]
    fn reportedly_attributes_no_figure() {
        let f = run("US officials reportedly pushed back on a plan to feed Rafah's more than 1 million inhabitants.");
        assert!(f.unattributed("more than 1 million"));
        assert!(f
            .attributions
            .iter()
            .any(|a| a.kind == CueKind::VagueAdverb));
    }

    #[test]
    fn scope_same_sentence_only_not_other_sentences_or_paragraphs() {
        let f = run("Police said the road was closed. Then 40 people died.\n\nOfficials said so.");
        assert!(f.unattributed("40"));
        // A later paragraph never attributes.
        let f = run("40 people died.\n\nThe ministry said the toll was high.");
        assert!(f.unattributed("40"));
    }

    #[test]
    fn scope_previous_sentence_when_it_carries_on() {
        let f = run("The ministry said 40 people died. It also said 12 were missing.");
        assert!(f.attributed("12"));
        let f = run("The report found 40 schools closed. In addition, 12 hospitals shut.");
        let fig = f
            .figures
            .iter()
            .find(|x| x.span.text(&f.text) == "12")
            .unwrap();
        assert_eq!(
            fig.attribution_scope,
            Some(AttributionScope::PreviousSentence)
        );
        // Not from the previous paragraph, even when carrying on.
        let f = run("The report found 40 schools closed.\n\nIn addition, 12 hospitals shut.");
        assert!(f.unattributed("12"));
    }

    #[test]
    fn quotes_over_several_sentences_and_paragraphs() {
        let f = run("\"We lost 40 men. Then 12 more died,\" the general said.");
        assert!(f.attributed("40"));
        assert!(f.attributed("12"));
        let f = run("The general said: \"We lost 40 men.\" Then he left. \"Another 12 died.\"");
        assert!(f.attributed("40"));
        assert!(f.attributed("Another 12"));
        let f = run("“Who would have believed we would get 14 million votes?” Trump asked.");
        assert!(f.attributed("14 million"));
        let f = run("“We lost 40 men,” he said. “And 12 more.\n\n“Then 30 more.”");
        assert!(f.attributed("30"));
        let f = run("He said:\n\n“We lost 40 men.”");
        assert!(f.attributed("40"));
        // A quote with no speaker anywhere before it attributes nothing.
        let f = run("“We lost 40 men.”");
        assert!(f.unattributed("40"));
    }

    #[test]
    fn content_side_of_the_cue() {
        // A cue that opens its clause covers what follows, not the clause before it.
        let f =
            run("The union took a 20 percent stake in the mine, which Clarke says he will keep.");
        assert!(f.unattributed("20 percent"));
        let f = run("Heading into the debate in 10 days, Sanders told MSNBC that 40 staff quit.");
        assert!(f.unattributed("10"));
        assert!(f.attributed("40"));
        // A cue closing its clause covers what came before; set off by commas, the sentence.
        let f = run("Forty people, 12 of them children, died on Tuesday, police said.");
        assert!(f.attributed("12"));
        let f = run("The cut was $275,000, the group said, compared with $2,700 for others.");
        assert!(f.attributed("$2,700"));
        let f = run("Military Times found Democrats favored Clinton, 72 percent to 8 percent.");
        assert!(f.attributed("72 percent"));
    }

    #[test]
    fn sources_that_are_hard_to_find() {
        // Respondents as the subject.
        let f = run("Still, 52 percent of registered voters say they would. Nearly nine out of 10 say so. 42% say yes.");
        assert!(f.attributed("52 percent"));
        assert!(f.attributed("10"));
        assert!(f.attributed("42%"));
        // A parenthetical between the subject and the cue.
        let f = run(
            "The coalition, which represents more than 20 million Americans, says 40 members quit.",
        );
        assert_eq!(f.source_of("40"), Some("The coalition".into()));
        let f = run("A Twitter spokesman, Christopher Abboud, said there were 10 posts.");
        assert_eq!(f.source_of("10"), Some("A Twitter spokesman".into()));
        // A second predicate of the opening subject; a participle after a comma.
        let f = run("TheBlaze did the math, and found that the odds are 1 in 64.");
        assert_eq!(f.source_of("64"), Some("TheBlaze".into()));
        let f = run("\"It is over,\" he added, noting that nearly 200 countries signed.");
        assert!(f.attributed("nearly 200"));
        // Two apostrophes as a quotation mark.
        let f = run("''He will make it like it was 15 years ago,'' said Ms. Samour.");
        assert!(f.attributed("15"));
        // `according to` with a source that reads like a verb.
        let f = run(
            "Clinton has at least 723 delegates, according to a count by The Associated Press.",
        );
        assert_eq!(
            f.source_of("at least 723"),
            Some("a count by The Associated Press".into())
        );
    }

    #[test]
    fn owned_plans_and_claims_are_sources_but_not_sides() {
        let f = run("Clinton's plan would cap deductions at 28 percent.");
        assert_eq!(f.source_of("28 percent"), Some("Clinton's".into()));
        let f = run("They pushed back on the Israeli proposal for the needs of 1 million people.");
        assert!(f.unattributed("1 million"));
    }

    #[test]
    fn a_quote_paragraph_after_a_speaker_is_the_same_speaker() {
        let f = run("“We lost 40 men,” he said.\n\n“Then 30 more died.”");
        assert!(f.attributed("30"));
        // The speaker did not close the paragraph before: no carrying over.
        let f = run("“We lost 40 men,” he said. The army left.\n\n“Then 30 more died.”");
        assert!(f.unattributed("30"));
        // A new speaker named in the quote's own paragraph wins.
        let f = run("“We lost 40 men,” he said.\n\n“Then 30 more died,” the mayor said.");
        assert_eq!(f.source_of("30"), Some("the mayor".into()));
    }

    #[test]
    fn wants_plans_and_calls_for() {
        let f = run("Clinton wants to sign up 5 million people.");
        assert_eq!(f.source_of("5 million"), Some("Clinton".into()));
        let f = run("Obama called for cutting the rate to 28 percent.");
        assert!(f.attributed("28 percent"));
        // Nouns stay nouns, with or without `to`.
        let f = run("The plans to hire 5,000 agents stalled.");
        assert!(f.unattributed("5,000"));
        let f = run("The wants of 40 families went unmet.");
        assert!(f.unattributed("40"));
    }

    #[test]
    fn asides_parentheses_and_owners_at_a_distance() {
        let f = run("Cement makers, for instance, argue that imports grew to 40 percent.");
        assert_eq!(f.source_of("40 percent"), Some("Cement makers".into()));
        let f = run("A third of independents, 33%, say they feel that way.");
        assert!(f.attributed("33%"));
        let f = run("More than 100,000 people took part, according to the Alliance to Reclaim Our Schools (AROS).");
        assert!(f.attributed("More than 100,000"));
        let f = run("Clinton's $350 billion, 10-year plan was unveiled.");
        assert_eq!(f.source_of("$350 billion"), Some("Clinton's".into()));
        // An appositive that is not a share of the subject, a claim with no owner.
        let f = run("The bill, 40 pages long, says nothing about it.");
        assert!(f.unattributed("40"));
        let f = run("Trump's lawyers filed a $10 million plan.");
        assert!(f.unattributed("$10 million"));
    }

    #[test]
    fn a_dash_aside_glossing_the_content_is_the_writer_s() {
        let f = run("Trump has pledged to ban all Muslims — 1.6 billion members of an entire religion — from entering the U.S.");
        assert!(f.unattributed("1.6 billion"));
        let f = run("The center estimates that the top 1 percent of taxpayers -- those with incomes of more than $750,000 -- would face an average increase of $78,000.");
        assert!(f.unattributed("more than $750,000"));
        assert!(f.attributed("$78,000"));
        // Restating a share, going on with the content, or no closing dash: the source's.
        let f = run(
            "Asked about allies, the vast majority – 55 percent – named Britain, the poll found.",
        );
        assert!(f.attributed("55 percent"));
        let f = run("The poll found that 46 percent of Republicans — and 31 percent of voters overall — remain undecided.");
        assert!(f.attributed("31 percent"));
        let f = run("Officials said 100 people died — including 40 children — in the fire.");
        assert!(f.attributed("40"));
        let f = run("Sanders said he wants changes — from a $15 minimum wage to a ban on fracking — in the platform.");
        assert!(f.attributed("$15"));
        let f = run("Officials said the storm killed 12 people — more than last year.");
        assert!(f.attributed("12"));
        // Inside a direct quote the aside is the speaker's.
        let f = run("\"We banned all of them — 40 groups — last year,\" Kirby said.");
        assert!(f.attributed("40"));
        // A dash aside before the cue is another matter (a description of the source).
        let f = run("Police said the fire — the third this year — killed 40 people.");
        assert!(f.attributed("40"));
    }

    #[test]
    fn a_pronoun_run_on_with_its_verb_makes_the_form_a_verb() {
        let f = run("Trump claims he's worth $10 billion.");
        assert_eq!(f.source_of("$10 billion"), Some("Trump".into()));
        // The noun stays a noun.
        let f = run("Trump's claims are worth $10 billion to him.");
        assert!(f.unattributed("$10 billion"));
    }

    #[test]
    fn a_fronted_as_clause_with_an_owner_before_the_source() {
        let f = run("As Breitbart News’ Michael Leahy previously reported, the foundation refused to release the names of 1,076 foreign donors.");
        assert!(f.attributed("1,076"));
        // Not fronted: a clause of its own between `As` and the cue.
        let f = run("As prices, 40 percent higher, reached a peak, Leahy reported on Tuesday that the foundation refused.");
        assert!(f.unattributed("40 percent"));
    }

    #[test]
    fn according_to_in_a_relative_clause_sources_that_clause() {
        let f = run("Trump weighs 236 pounds, which classifies him as overweight according to his body mass index.");
        assert!(f.unattributed("236"));
        let f = run("The fund, which lost 40 percent according to its filings, closed.");
        assert!(f.attributed("40 percent"));
        // Outside a relative clause it covers its sentence.
        let f = run("Trump weighs 236 pounds according to his doctor.");
        assert!(f.attributed("236"));
    }

    #[test]
    fn beliefs_do_not_carry_into_the_next_sentence() {
        let f = run("He avoided managers who think they know better. And the plan has $469 billion in assets.");
        assert!(f.unattributed("$469 billion"));
        // A report does.
        let f = run("Police said 40 people died. And 12 were hurt.");
        assert!(f.attributed("12"));
    }

    #[test]
    fn a_party_and_state_after_the_name_is_part_of_the_source() {
        let f = run("Sen. Ted Cruz (R-Texas) said 40 people died.");
        assert_eq!(f.source_of("40"), Some("Sen. Ted Cruz".into()));
        let f = run("Rep. Elijah Cummings (D-Md.), chair of the Platform Committee, said that it was “100 percent committed to an open process.”");
        assert!(f.attributed("100 percent"));
        // A parenthesis after a common noun is not a name's label.
        let f = run("The fee (a flat rate) said nothing; 40 people paid it.");
        assert!(f.unattributed("40"));
    }

    #[test]
    fn more_verbs_of_saying() {
        let f = run("Trump reiterated that 40 people died. Clinton echoed the 12 percent figure. Sanders advocates a tax increase of $15 trillion. The mayor cautioned that 30 homes were lost. Obama hailed the streak of 71 months of job growth.");
        assert!(f.attributed("40"));
        assert!(f.attributed("12 percent"));
        assert!(f.attributed("$15 trillion"));
        assert!(f.attributed("30"));
        assert!(f.attributed("71"));
        // Nouns and adjectives of the same forms are not cues.
        let f = run("After repeated attacks, 40 people left. The answer was 12 percent. His remarks drew 3,000 people. Consumer advocates tax $15 trillion of goods.");
        assert!(f.unattributed("40"));
        assert!(f.unattributed("12 percent"));
        assert!(f.unattributed("3,000"));
        assert!(f.unattributed("$15 trillion"));
    }

    #[test]
    fn respondents_opinions_are_their_answers() {
        let f = run("Among likely voters, 46 percent would choose Clinton. Only 32 percent of Canadians opposed the tax. About 6 in 10 white men supported Sanders.");
        assert_eq!(f.source_of("46 percent"), Some("46 percent".into()));
        assert!(
            f.figures.iter().all(|x| x.attribution.is_some()),
            "{:?}",
            f.covered()
        );
        // Opinion verbs need respondents as their subject; after a share, the forms are nouns.
        let f = run("Senators opposed the $40 billion bill. He won with 60% support in Ohio.");
        assert!(f.unattributed("$40 billion"));
        assert!(f.unattributed("60%"));
    }

    #[test]
    fn according_to_after_a_comma_sources_its_clause() {
        let f = run("Turnout fell in the 15 states, according to unofficial results tallied through Wednesday.");
        assert!(f.attributed("15"));
        // Fronted, it covers what follows; a later clause with its own subject stays its own.
        let f = run("According to the ministry, 40 people died.");
        assert!(f.attributed("40"));
    }

    #[test]
    fn a_number_can_open_the_speaker_s_description() {
        let f = run("“They are 100 percent wrong,” said 9/11 widow Terry Strada.");
        assert_eq!(
            f.source_of("100 percent"),
            Some("9/11 widow Terry Strada".into())
        );
        let f = run("“They are 100 percent wrong,” he said, 40 times.");
        assert_eq!(f.source_of("100 percent"), Some("he".into()));
    }

    #[test]
    fn nouns_that_look_like_cues() {
        // Units and descriptions, not `point to` and `state`.
        let f = run("Turnout rose by 3 percentage points to 45 percent.");
        assert!(f.unattributed("3 percentage points"));
        let f = run("Former state GOP chair Tom Del Beccaro is at 8 percent.");
        assert!(f.unattributed("8 percent"));
        let f = run("The filings state that 40 donors gave.");
        assert!(f.attributed("40"));
        // `charged` a price, `was confirmed` by a vote: no source.
        let f = run("The club charged a $100,000 fee. He was confirmed 92 to 0.");
        assert!(f.unattributed("$100,000"));
        assert!(f.unattributed("92"));
        let f = run("Prosecutors charged that 74 investors were defrauded.");
        assert!(f.attributed("74"));
    }

    #[test]
    fn a_second_predicate_covers_what_follows_it() {
        let f = run("McCain survived 5 years in prison and says 40 others did too.");
        assert!(f.unattributed("5"));
        assert_eq!(f.source_of("40"), Some("McCain".into()));
        // A subject right before its cue covers the sentence as before.
        let f = run("Officials said 40 people died and 12 fled.");
        assert!(f.attributed("12"));
    }

    #[test]
    fn agents_roles_records_and_owned_calls() {
        let f = run("Bloomberg is worth less than the $36.5 billion estimated by Forbes.");
        assert_eq!(f.source_of("$36.5 billion"), Some("Forbes".into()));
        let f = run(
            "Rep. Elijah Cummings (D-Md.), chair of the committee, said it was 100 percent open.",
        );
        assert!(f.attributed("100 percent"));
        let f = run("The jet was insured for $35 million in 2011, records show, and it flew on.");
        assert_eq!(f.source_of("$35 million"), Some("records".into()));
        let f = run("Clinton erred in saying that the 90 percent figure was right.");
        assert_eq!(f.source_of("90 percent"), Some("Clinton".into()));
        let f = run("His call to deport more than 11 million people drew fire.");
        assert!(f.attributed("more than 11 million"));
        // Negatives: a participle without `by`, a place before an aside, a call with no owner,
        // a noun before a full stop.
        let f = run("The $36.5 billion estimated total stood.");
        assert!(f.unattributed("$36.5 billion"));
        let f = run("A call to deport 11 million people drew fire.");
        assert!(f.unattributed("11 million"));
        let f = run("The race is in 11 swing states.");
        assert!(f.unattributed("11"));
    }

    #[test]
    fn a_colon_hands_the_next_quote_to_the_named_subject() {
        let f = run("Sanders made the following comment:\n\n“The jobless rate is 33 percent.”");
        assert_eq!(f.source_of("33 percent"), Some("Sanders".into()));
        // No name to hand it to, or no colon: nothing.
        let f = run("The following was posted:\n\n“The jobless rate is 33 percent.”");
        assert!(f.unattributed("33 percent"));
        let f = run("Sanders made a comment.\n\n“The jobless rate is 33 percent.”");
        assert!(f.unattributed("33 percent"));
    }

    #[test]
    fn a_figure_right_before_its_source_is_the_cue_s() {
        let f = run("That is a fraction of the $20 million experts say it costs.");
        assert!(f.attributed("$20 million"));
        let f = run("It was far short of the 50,000 a day officials estimated.");
        assert!(f.attributed("50,000"));
        // Across a clause word, the figure is not the cue's.
        let f = run("He hired 300 aides and the department proposed cuts.");
        assert!(f.unattributed("300"));
    }

    #[test]
    fn quotes_after_a_colon_or_a_speaker_s_sentence() {
        let f = run("Rep. Trey Gowdy (R-S.C.): \"Who told you that 90 percent were kept?\"");
        assert_eq!(f.source_of("90 percent"), Some("Rep. Trey Gowdy".into()));
        let f = run("Cruz tweeted a warning. \"They filibustered over 30 hours.\"");
        assert_eq!(f.source_of("over 30"), Some("Cruz".into()));
        let f = run("At the bottom it reads, “Chip in $35 today.”");
        assert!(f.attributed("$35"));
        // No name before the colon; no speaker in the sentence before.
        let f = run("The bottom line: \"They filibustered over 30 hours.\"");
        assert!(f.unattributed("over 30"));
        let f = run("The vote failed. \"They filibustered over 30 hours.\"");
        assert!(f.unattributed("over 30"));
    }

    #[test]
    fn a_description_of_the_source_is_the_writer_s() {
        let f = run("Emanuel, who resisted release of the video for 13 months, said he waited.");
        assert!(f.unattributed("13"));
        let f = run(
            "The coalition, which represents more than 20 million Americans, says 40 members quit.",
        );
        assert!(f.unattributed("more than 20 million"));
        assert!(f.attributed("40"));
        // Poll respondents are the exception: the share set off is their answer.
        let f = run("A third of independents, 33%, say they will vote.");
        assert!(f.attributed("33%"));
        // A pronoun is the whole subject: the age before it is no share of respondents.
        let f = run("Even now at 86 she still says 12 were lost.");
        assert_eq!(f.source_of("12"), Some("she".into()));
        assert!(f.unattributed("86"));
    }

    #[test]
    fn after_a_quote_the_cue_reports_the_quote_only() {
        let f = run("“I cannot believe it,” Trump said 30 minutes into the debate.");
        assert!(f.unattributed("30"));
        let f = run("''I am going to say it again,'' Mr. Rubio said 30 minutes later.");
        assert!(f.unattributed("30"));
        // Nor does a cue inside the quote reach out of it.
        let f = run("“I think we won,” Trump said 30 minutes into the debate.");
        assert!(f.unattributed("30"));
        let f = run("“We will win,” she told a crowd of 1,300 in Boston.");
        assert!(f.unattributed("1,300"));
        let f = run("\"We will win,\" said Jack Mozloom, whose group has 325,000 members.");
        assert!(f.unattributed("325,000"));
        // A quote that is not the sentence's own (a name in quotes) leaves the cue alone; a
        // participle after the quote is a cue of its own.
        let f = run("At an event billed as “Hard Hats,” Clinton unveiled a $275 billion plan.");
        assert!(f.attributed("$275 billion"));
        let f = run("“It is over,” he added, noting that nearly 200 countries signed.");
        assert!(f.attributed("nearly 200"));
        let f = run("Police said 40 people died.");
        assert!(f.attributed("40"));
        let f = run("“Every time,” Tester said, citing the 1 percent excuse, “you lose.”");
        assert!(f.attributed("1 percent"));
    }

    #[test]
    fn how_a_poll_was_made_and_voting_polls_report_nothing() {
        let f = run("The poll was conducted Sept. 19 to 22 among 1,001 adults.");
        assert!(f.unattributed("1,001"));
        let f = run("The survey interviewed 600 respondents.");
        assert!(f.unattributed("600"));
        let f = run("Edison Research conducted the survey at 35 precincts.");
        assert!(f.unattributed("35"));
        let f = run("Turnout rose as 475 voters went to the polls.");
        assert!(f.unattributed("475"));
        let f = run("More than 500 supporters roared when the polls closed.");
        assert!(f.unattributed("More than 500"));
        let f = run("The poll included 996 likely voters.");
        assert!(f.unattributed("996"));
        let f = run("It was a phone survey of 1,704 adults.");
        assert!(f.unattributed("1,704"));
        // The sample names the poll; a finding still has its cue.
        let f = run("A CNN poll of 1,000 adults shows 40 percent agree.");
        assert!(f.attributed("40 percent"));
        // Only polls, surveys and studies are made by sampling.
        let f = run("People were outraged by reports of more than 100 assaults.");
        assert!(f.attributed("more than 100"));
        let f = run("Clinton's $350 billion plan includes free tuition.");
        assert!(f.attributed("$350 billion"));
        // A poll that reports: named, as a subject of `has`, or with `in`.
        let f = run("In a CNN poll conducted on Thursday, 73 percent agreed.");
        assert!(f.attributed("73 percent"));
        let f = run("A new Quinnipiac poll has Clinton at 48 percent.");
        assert!(f.attributed("48 percent"));
        let f = run("The Fox poll found 45 percent backed him.");
        assert!(f.attributed("45 percent"));
    }

    #[test]
    fn allegations_ratings_and_judgments_in_the_passive_are_vague_sources() {
        let f = run("Quiros was accused of using $50 million for himself.");
        assert!(f.figures[0].attribution.as_ref().is_some_and(|a| a.vague));
        let f = run("A majority of statements (54%) were rated as true.");
        assert!(f.figures[0].attribution.as_ref().is_some_and(|a| a.vague));
        let f = run("More than 1,200 emails have now been deemed classified.");
        assert!(f.attributed("More than 1,200"));
        let f = run("The State Department has deemed about 1,500 pages personal.");
        assert_eq!(
            f.source_of("about 1,500"),
            Some("The State Department".into())
        );
        // Other passives are events, not sources.
        let f = run("Once a petition tops 100,000 signatures, it must be considered for debate.");
        assert!(f.unattributed("100,000"));
        let f = run("About 40 bodies were found.");
        assert!(f.unattributed("About 40"));
    }

    #[test]
    fn laws_rules_and_programs_source_what_they_set() {
        let f = run("The program, called EB-5, allows investors to invest $500,000 in a firm.");
        assert_eq!(f.source_of("$500,000"), Some("The program".into()));
        let f = run("A new Labor Department rule will require overtime above $47,476 a year.");
        assert!(f.attributed("$47,476"));
        let f = run("Under Missouri law, a margin of less than 0.5 percent allows a recount.");
        assert_eq!(
            f.source_of("less than 0.5 percent"),
            Some("Missouri law".into())
        );
        // Not a rule: another subject, `under` as a hedge or not opening the sentence, and
        // what comes before the rule's verb.
        let f = run("The stadium allows 50,000 fans inside.");
        assert!(f.unattributed("50,000"));
        let f = run("Under 30 people came.");
        assert!(f.unattributed("Under 30"));
        let f = run("More than 17 million people have coverage under Mr. Obama's program.");
        assert!(f.unattributed("More than 17 million"));
        let f = run("Corn ethanol makes up 14 billion gallons, less than the law requires.");
        assert!(f.unattributed("14 billion"));
    }

    #[test]
    fn hearing_wanting_and_brackets_that_report_nothing() {
        // `hear` reports only with `that`: a court or an audience hears otherwise.
        let f = run("The case will be heard by 10 judges rather than 11.");
        assert!(f.unattributed("10"));
        let f = run("His radio program heard on more than 100 stations is popular.");
        assert!(f.unattributed("more than 100"));
        let f = run("Voters heard that 20 veterans die each day.");
        assert!(f.attributed("20"));
        // A participle with `to` after a noun describes the noun.
        let f = run("The advice is simple for anyone wanting to borrow $25,000.");
        assert!(f.unattributed("$25,000"));
        let f = run("Clinton is planning to sign up 5 million people.");
        assert!(f.attributed("5 million"));
        // A bracket of the population is not a share of respondents.
        let f = run("The top 1 percent would see an average cut.");
        assert!(f.unattributed("1 percent"));
        let f = run("Still, 52 percent would see a cut as fair.");
        assert!(f.attributed("52 percent"));
    }

    #[test]
    fn a_document_before_an_ambiguous_form_makes_it_a_verb() {
        let f = run("\"Leave,\" the document states, comes \"after 1 year of work.\"");
        assert!(f.attributed("1"));
        let f = run("The study finds 40 percent agree.");
        assert!(f.attributed("40 percent"));
        // A noun after a plain noun stays a noun.
        let f = run("The race is in 11 swing states.");
        assert!(f.unattributed("11"));
    }

    #[test]
    fn any_speech_tag_closing_a_quote_names_its_speaker() {
        let f = run("“Would it be negotiable about the 11 million?” Hannity pressed.");
        assert_eq!(f.source_of("11 million"), Some("Hannity".into()));
        let f = run("“We lost 40 men,” quipped Mr. Sykes.");
        assert!(f.attributed("40"));
        let f = run("“We lost 40 men,” he snapped, and left.");
        assert!(f.attributed("40"));
        // Not a speech tag: the sentence goes on, or no name.
        let f = run("“Hard Hats” Clinton visited 40 towns.");
        assert!(f.unattributed("40"));
        let f = run("“We lost 40 men.” The crowd cheered.");
        assert!(f.unattributed("40"));
    }

    #[test]
    fn the_audience_of_a_cue_is_the_writer_s_count() {
        let f = run("Mrs. Clinton told a crowd of 1,300 that she would win.");
        assert!(f.unattributed("1,300"));
        let f = run("Mr. Rubio said in front of a crowd of about 1,000 people that he would win.");
        assert!(f.unattributed("about 1,000"));
        let f = run("He told 2,267 people gathered at Purdue that he would win.");
        assert!(f.unattributed("2,267"));
        // What the cue reports about a crowd is its content.
        let f = run("Police said a crowd of 5,000 gathered.");
        assert!(f.attributed("5,000"));
        let f = run("Organizers told reporters 300 protesters marched.");
        assert!(f.attributed("300"));
    }

    #[test]
    fn a_transcript_line_is_its_speaker_s_quote() {
        let f = run("Lopez: Well, no one has 40 accounts.");
        assert_eq!(f.source_of("40"), Some("Lopez".into()));
        let f = run("MIKE PENCE: We were in the rain with 650 people.");
        assert!(f.attributed("650"));
        let f = run("A: I don't know how you round up 11 million people.");
        assert!(f.attributed("11 million"));
        // Headings and sentences with a colon are no speakers.
        let f = run("Update: 40 people died.");
        assert!(f.unattributed("40"));
        let f = run("Editor's note: 40 people died.");
        assert!(f.unattributed("40"));
        let f = run("The result: 40 people died.");
        assert!(f.unattributed("40"));
        let f = run("Clinton: 1,769.");
        assert!(f.unattributed("1,769"));
    }

    #[test]
    fn no_panic_on_odd_input() {
        for t in [
            "said",
            "\" said",
            "“",
            "according to",
            "put at",
            "by",
            ", said",
            "was reported by",
            "” said “",
        ] {
            let _ = run(t);
        }
    }
}
