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

use super::article::{Article, Role};
use super::finding::Span;
use super::lexicon::{Lexicon, Words};
use super::model::{Attribution, AttributionScope, CueKind, Figure};
use super::text::Sentence;
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(include_str!("../data/attribution_cues.txt")))
}

const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "these", "those", "his", "her", "its", "their", "our", "my", "your",
];
const BE: &[&str] = &["is", "are", "was", "were", "been", "being", "be", "'s"];
const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you", "one"];

/// Every attribution in the body, in text order, and the figures they cover filled in.
pub fn attribute(article: &Article, lower: &str, figures: &mut [Figure]) -> Vec<Attribution> {
    let mut all = Vec::new();
    let mut next_figure = 0;
    // What an open quote carries into the next paragraph: its speaker.
    let mut carried_quote: Option<Attribution> = None;
    for block in article.blocks.iter() {
        if block.role != Role::Body {
            continue;
        }
        let per_sentence: Vec<Vec<Attribution>> = block
            .sentences
            .iter()
            .map(|s| sentence_attributions(&Words::new(&s.tokens, &article.prose, lower)))
            .collect();
        let quotes = quotes_in(&article.prose, block.span);
        let quote_speakers = quote_attributions(
            &article.prose,
            &block.sentences,
            &per_sentence,
            &quotes,
            &carried_quote,
        );
        // Figures of this paragraph: they are in text order, as are paragraphs.
        while next_figure < figures.len() && figures[next_figure].span.start < block.span.start {
            next_figure += 1;
        }
        let mut sentence_index = 0;
        while next_figure < figures.len() && figures[next_figure].span.start < block.span.end {
            let fig_start = figures[next_figure].span.start;
            while sentence_index + 1 < block.sentences.len()
                && block.sentences[sentence_index].span.end <= fig_start
            {
                sentence_index += 1;
            }
            let found = cover(
                article,
                lower,
                &block.sentences,
                &per_sentence,
                sentence_index,
                &quotes,
                &quote_speakers,
                figures[next_figure].span,
            );
            if let Some((a, scope)) = found {
                figures[next_figure].attribution = Some(a);
                figures[next_figure].attribution_scope = Some(scope);
            }
            next_figure += 1;
        }
        carried_quote = match quotes.last() {
            Some(q) if q.close.is_none() => quote_speakers.last().cloned().flatten(),
            _ => None,
        };
        // `He said:` closing a paragraph introduces a quote in the next one.
        if carried_quote.is_none() {
            carried_quote = colon_intro(&article.prose, &block.sentences, &per_sentence);
        }
        all.extend(per_sentence.into_iter().flatten());
    }
    all
}

/// The attribution that covers a figure, and how.
#[allow(clippy::too_many_arguments)]
fn cover(
    article: &Article,
    lower: &str,
    sentences: &[Sentence],
    per_sentence: &[Vec<Attribution>],
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
    if let Some(a) = best_in_sentence(per_sentence.get(si)?, figure) {
        return Some((a.clone(), AttributionScope::Sentence));
    }
    if si > 0 {
        let words = Words::new(&sentences[si].tokens, &article.prose, lower);
        if carries_on(&words) {
            if let Some(a) = best_in_sentence(&per_sentence[si - 1], figure) {
                return Some((a.clone(), AttributionScope::PreviousSentence));
            }
        }
    }
    None
}

/// The attribution of a sentence that best covers a figure in it: a named source before a
/// vague one, then the nearest cue.
fn best_in_sentence(attributions: &[Attribution], figure: Span) -> Option<&Attribution> {
    attributions
        .iter()
        .filter(|a| a.kind != CueKind::VagueAdverb)
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
    lexicon()
        .get("carry-on")
        .match_at(&w.lower, first)
        .is_some()
}

/// `He said:` at the end of a paragraph: the speaker of the quote that opens the next one.
fn colon_intro(
    prose: &str,
    sentences: &[Sentence],
    per_sentence: &[Vec<Attribution>],
) -> Option<Attribution> {
    let last = sentences.last()?;
    let text = last.span.text(prose).trim_end();
    if !text.ends_with(':') {
        return None;
    }
    per_sentence
        .last()?
        .iter()
        .rfind(|a| a.kind != CueKind::VagueAdverb)
        .cloned()
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
    let mut prev: char = ' ';
    for (i, c) in text.char_indices() {
        let at = span.start + i;
        match c {
            '“' | '«' if open.is_none() => open = Some(at),
            '”' | '»' => {
                if let Some(o) = open.take() {
                    quotes.push(Quote {
                        open: o,
                        close: Some(at),
                        end: at + c.len_utf8(),
                    });
                }
            }
            '"' => match open {
                // A straight quote opens after a space or an opener; otherwise it closes.
                None if prev.is_whitespace() || "([—–-:".contains(prev) || i == 0 => {
                    open = Some(at)
                }
                Some(o) => {
                    open = None;
                    quotes.push(Quote {
                        open: o,
                        close: Some(at),
                        end: at + 1,
                    });
                }
                None => {}
            },
            _ => {}
        }
        prev = c;
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
/// the previous paragraph when this paragraph opens with a quote.
fn quote_attributions(
    prose: &str,
    sentences: &[Sentence],
    per_sentence: &[Vec<Attribution>],
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
                                gap.trim_start_matches(['”', '"']).trim().is_empty()
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

/// Every attribution cue in one sentence.
fn sentence_attributions(w: &Words) -> Vec<Attribution> {
    let lx = lexicon();
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        if !w.is_word(i) {
            i += 1;
            continue;
        }
        if let Some(n) = lx.get("vague-phrase").match_at(&w.lower, i) {
            let cue = w.span_of(i, i + n - 1);
            out.push(Attribution {
                span: cue,
                source: None,
                cue: Some(cue),
                kind: CueKind::Vague,
                vague: true,
            });
            i += n;
            continue;
        }
        if lx.get("vague-adverb").has(w.low(i)) {
            let cue = w.span(i);
            out.push(Attribution {
                span: cue,
                source: None,
                cue: Some(cue),
                kind: CueKind::VagueAdverb,
                vague: true,
            });
            i += 1;
            continue;
        }
        if let Some(n) = lx.get("source-after").match_at(&w.lower, i) {
            if let Some(a) = source_after_cue(w, i, n) {
                out.push(a);
                i += n;
                continue;
            }
        }
        if let Some(a) = put_cue(w, i) {
            out.push(a);
            i += 1;
            continue;
        }
        if let Some((a, n)) = verb_cue(w, i) {
            out.push(a);
            i += n;
            continue;
        }
        if let Some((a, n)) = document_cue(w, i) {
            out.push(a);
            i += n;
            continue;
        }
        i += 1;
    }
    out
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
    })
}

/// `The ministry put the toll at 40`.
fn put_cue(w: &Words, i: usize) -> Option<Attribution> {
    if !lexicon().get("put").has(w.low(i)) || !is_lowercase(w, i) {
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
        || super::figures::lexicon().get("cardinal").has(w.low(i))
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
    is_numeral(w, k)
        || DETERMINERS.contains(&next)
        || PRONOUNS.contains(&next)
        || matches!(
            next,
            "that" | "how" | "why" | "what" | "whether" | "about" | "on" | "him" | "them" | "us"
        )
        || super::figures::lexicon()
            .get("hedge")
            .match_at(&w.lower, k)
            .is_some()
}

/// A reporting verb with its source: `Local health authorities report`, `, said Kirby`,
/// `was reported by the ministry`. Returns the attribution and how many tokens the cue takes.
fn verb_cue(w: &Words, i: usize) -> Option<(Attribution, usize)> {
    let lx = lexicon();
    let (n, strict) = if let Some(n) = lx.get("verb-strict").match_at(&w.lower, i) {
        (n, true)
    } else if lx.get("verb").has(w.low(i)) {
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
        // `the report`, `an estimated 40`, `834 registered voters`: nouns and adjectives.
        if DETERMINERS.contains(&pl) || is_numeral(w, p) {
            return None;
        }
    }
    let after = i + n;
    let inverted_position = match prev {
        None => false,
        Some(p) => matches!(w.text[p], "," | "”" | "\"" | "’" | "—" | "–"),
    };
    // `11 swing states.`: an ambiguous form before a full stop is a noun unless it is an
    // inverted attribution (`…, the report states.`).
    if lx.get("ambiguous").has(w.low(i))
        && !(verb_follows(w, after)
            && (!w.is_punct(after) || w.text[after] == ":" || inverted_position))
    {
        return None;
    }
    if strict {
        let clause_follows = after >= w.len()
            || w.is_punct(after)
            || matches!(w.low(after), "that" | "in" | "on" | "to");
        if !(clause_follows || inverted_position) {
            return None;
        }
    }
    let cue = w.span_of(i, after - 1);
    // Passive: `was reported by the ministry`; without `by`, an agentless, vague attribution.
    let mut k = i;
    while k > 0 && skippable(w, k - 1) {
        k -= 1;
    }
    if k > 0 && BE.contains(&w.low(k - 1)) {
        if w.low(after) == "by" {
            let (a, b) = phrase_after(w, after + 1)?;
            let source = w.span_of(a, b);
            return Some((
                Attribution {
                    span: Span::new(cue.start, source.end),
                    source: Some(source),
                    cue: Some(cue),
                    kind: CueKind::Verb,
                    vague: is_vague_source(w, a, b),
                },
                n,
            ));
        }
        if !lx.get("passive-vague").has(w.low(i)) {
            return None; // `were found`, `was asked`: an event, not a source
        }
        let start = w.span(k - 1).start;
        return Some((
            Attribution {
                span: Span::new(start, cue.end),
                source: None,
                cue: Some(cue),
                kind: CueKind::Vague,
                vague: true,
            },
            n,
        ));
    }
    if let Some((a, b)) = subject_before(w, i) {
        let source = w.span_of(a, b);
        return Some((
            Attribution {
                span: Span::new(source.start, cue.end),
                source: Some(source),
                cue: Some(cue),
                kind: CueKind::Verb,
                vague: is_vague_source(w, a, b),
            },
            n,
        ));
    }
    // `"…," said John Kirby`, `…, says a report`.
    if inverted_position {
        let (a, b) = phrase_after(w, after)?;
        let first_ok = w.capitalized(a)
            || DETERMINERS.contains(&w.low(a))
            || PRONOUNS.contains(&w.low(a))
            || lx.get("vague-head").has(w.low(a));
        if first_ok {
            let source = w.span_of(a, b);
            return Some((
                Attribution {
                    span: Span::new(cue.start, source.end),
                    source: Some(source),
                    cue: Some(cue),
                    kind: CueKind::Verb,
                    vague: is_vague_source(w, a, b),
                },
                n,
            ));
        }
    }
    None
}

/// Words that may stand between a subject and its verb (`has also said`, `previously
/// reported`, `flatly denied`).
fn skippable(w: &Words, k: usize) -> bool {
    let low = w.low(k);
    lexicon().get("skip-before").has(low)
        || (w.is_word(k) && is_lowercase(w, k) && low.len() > 4 && low.ends_with("ly"))
}

/// The subject before a cue: from the cue back over auxiliaries and adverbs, then back over
/// the noun phrase to the start of its clause. Token indices, inclusive.
fn subject_before(w: &Words, cue: usize) -> Option<(usize, usize)> {
    let lx = lexicon();
    let mut k = cue;
    while k > 0 && skippable(w, k - 1) {
        k -= 1;
    }
    let end = k.checked_sub(1)?;
    if !w.is_word(end) || BE.contains(&w.low(end)) {
        return None;
    }
    // `a poll that shows`, `officials who said`: the subject stands before the relative word.
    if matches!(w.low(end), "that" | "which" | "who") {
        let (a, b) = subject_before(w, end)?;
        return Some((a, b));
    }
    if lx.get("boundary").has(w.low(end)) || lx.get("verb").has(w.low(end)) {
        return None;
    }
    let mut start = end;
    while start > 0 && end - start < 9 {
        let p = start - 1;
        let low = w.low(p);
        let joins = matches!(w.text[p], "-" | "&" | "/" | "’s" | "'s")
            || (w.is_word(p)
                && !lx.get("boundary").has(low)
                && !lx.get("verb").has(low)
                && !BE.contains(&low))
            // `the Ministry of Health`: `of` between capitals.
            || (low == "of" && p > 0 && w.capitalized(p - 1) && w.capitalized(start));
        if !joins {
            break;
        }
        start = p;
    }
    Some((start, end))
}

/// A noun phrase after a cue, up to punctuation or a clause word. Token indices, inclusive.
fn phrase_after(w: &Words, from: usize) -> Option<(usize, usize)> {
    let lx = lexicon();
    let mut end = None;
    let mut k = from;
    while k < w.len() && k < from + 10 {
        let low = w.low(k);
        let joins = matches!(w.text[k], "-" | "&" | "/" | "’s" | "'s")
            || (w.is_word(k)
                && !lx.get("boundary").has(low)
                && !lx.get("verb").has(low)
                && !lx.get("put").has(low))
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
    w.is_word(from).then_some((from, end))
}

/// `sources`, `some experts`, `a source`: a source whose head names no one and that carries no
/// capitalized name (`Pentagon sources` is named).
fn is_vague_source(w: &Words, a: usize, b: usize) -> bool {
    let lx = lexicon();
    if !lx.get("vague-head").has(w.low(b)) {
        return false;
    }
    let named = (a..=b).any(|k| {
        w.capitalized(k)
            && !(k == a && (lx.get("vague-head").has(w.low(k)) || is_function(w.low(k))))
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

/// `a Gallup poll`, `data from the bureau`, `in a statement`: documents and counts that are
/// sources of figures in their own right. The source is the name before the noun or the
/// phrase after `by`/`from`/`of`.
fn document_cue(w: &Words, i: usize) -> Option<(Attribution, usize)> {
    let n = lexicon().get("noun").match_at(&w.lower, i)?;
    let cue = w.span_of(i, i + n - 1);
    let last = i + n - 1;
    // A name right before the noun: `a new CNN/ORC poll`, `the Pentagon's report`.
    let mut a = i;
    while a > 0 && (w.capitalized(a - 1) || matches!(w.text[a - 1], "/" | "&" | "-")) {
        a -= 1;
    }
    let mut source = (a < i).then(|| (a, i - 1));
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
    let src = source.map(|(a, b)| w.span_of(a, b));
    let span = match src {
        Some(s) => Span::new(s.start.min(cue.start), s.end.max(cue.end)),
        None => cue,
    };
    Some((
        Attribution {
            span,
            source: src,
            cue: Some(cue),
            kind: CueKind::Document,
            vague: source.is_some_and(|(a, b)| is_vague_source(w, a, b)),
        },
        n,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::figures;
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
        let f = run("About 40 people died, according to the Health Ministry. Data from the Census Bureau show 12% growth. Figures released by the army put 300 missing. In a statement, 50 workers were named. A report by Amnesty counted 70 dead.");
        assert_eq!(f.source_of("About 40"), Some("the Health Ministry".into()));
        assert_eq!(f.source_of("12%"), Some("the Census Bureau".into()));
        assert_eq!(f.source_of("300"), Some("the army".into()));
        assert!(f.attributed("50"));
        assert_eq!(f.source_of("70"), Some("Amnesty".into()));
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
