//! Figure recognition (DOMAIN.md §4): every quantity the body of an article states as fact,
//! with its hedge, what it counts and what kind of figure it is. Attribution is filled in
//! afterwards, paragraph by paragraph, by `attribution::attribute_paragraph` (see
//! `engine::find_figures`).
//!
//! What is a figure:
//! - **Digits** (`1,143`, `34,000`, `1.4 million`, `$3 billion`, `12%`, `3.5 percent`,
//!   `$23million`) are figures unless an exclusion below applies. A copy editor wants every
//!   stated number sourced, and digits are how news copy states numbers from 10 up.
//! - **Words** (`four`, `two million`, `dozens`, `thousands`) are figures only when something
//!   marks them as a quantity stated as fact: a hedge (`at least four brigades`), a scale
//!   (`two million`), a percent or money unit, or a casualty or crowd noun or verb (`three
//!   soldiers were killed`, `thousands of protesters`). AP spells out one to nine, so bare
//!   words are everywhere (`the two men`, `three children`, `four years`): flagging each would
//!   bury the warnings that matter. `one` is never a figure on its own (a pronoun and an article
//!   far more often than a count), and a capitalized number word inside a sentence is a name
//!   (`Air Force One`, `Big Ten`).
//!
//! Not figures (each rule has its own test): years (`2016`), dates (`April 1`, `Sept. 11`,
//! `9/11`), clock times (`10:30`, `9 p.m.`), ages (`Doe, 42,`, `aged 42`, `42 years old`,
//! `ages 55 to 65`), ordinals (`second`, `5th`: not numbers to the tokenizer), street
//! addresses (`1600 Pennsylvania Avenue`), numbers inside names (`Boeing 737`, `Section 8`,
//! `Round 2`, `No. 2`; `COVID-19` and `I-95` are single words to the tokenizer), identifiers
//! of seven or more digits without separators (tweet ids, phone numbers: counts that large are
//! written with commas), and anything in the headline, deck, byline, subheads or dateline.

use super::finding::Span;
use super::lexicon::{FxSet, Lexicon, ParagraphWords, WordSet, Words};
use super::model::{AttributionScope, Figure, FigureCategory};
use super::Analysis;
use std::sync::OnceLock;

pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(include_str!("../data/figures.txt")))
}

fn lx() -> &'static FigureWords {
    FigureWords::get()
}

crate::sections!(pub(crate) struct FigureWords from lexicon {
    age_before = "age-before",
    cardinal = "cardinal",
    casualty_noun = "casualty-noun",
    casualty_verb = "casualty-verb",
    crowd_before = "crowd-before",
    crowd_noun = "crowd-noun",
    crowd_verb = "crowd-verb",
    currency = "currency",
    hedge = "hedge",
    measure = "measure",
    modifier = "modifier",
    name_starter = "name-starter",
    percent = "percent",
    scale = "scale",
    stop = "stop",
    street = "street",
    time_after = "time-after",
    time_unit = "time-unit",
    vague_plural = "vague-plural",
});

/// Why a number is not a figure. Public so tests (and curious callers) can ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    Year,
    Date,
    Time,
    Age,
    Address,
    Name,
    Identifier,
}

/// Every figure in the body of the article, in text order, without attribution: for the
/// tests (the engine finds figures and their attribution together, in `engine::find_figures`).
#[cfg(test)]
pub fn find(article: &super::article::Article, lower: &str) -> Vec<Figure> {
    let mut figures = Vec::new();
    let dateline = article.dateline.as_ref().map(|d| d.span);
    for block in article
        .blocks
        .iter()
        .filter(|b| b.role == super::article::Role::Body)
    {
        let words = Words::of_paragraph(block, &article.prose, lower);
        find_in_paragraph(&words, dateline, &mut figures);
    }
    figures
}

/// The figures of one body paragraph, from its sentences' words ([`Words::of_paragraph`]).
/// Only the paragraph's own text (and the dateline, when it opens this paragraph) decides
/// them, so the incremental analyzer caches them per paragraph.
pub(crate) fn find_in_paragraph(
    sentence_words: &ParagraphWords,
    dateline: Option<Span>,
    out: &mut Vec<Figure>,
) {
    // The number of the last list item seen in the paragraph (`1. … 2. …`).
    let mut list_item: Option<u32> = None;
    for w in sentence_words.iter() {
        let w = &w;
        let mut prev_age: Option<usize> = None;
        let mut i = 0;
        while i < w.len() {
            if dateline.is_some_and(|d| d.contains(w.span(i).start))
                || is_list_number(w, i, &mut list_item)
            {
                i += 1;
                continue;
            }
            let next = match recognize(w, i, &mut prev_age) {
                Some((figure, last)) => {
                    out.push(figure);
                    last + 1
                }
                None => i + 1,
            };
            i = next;
        }
    }
}

/// `1. The GOP is fracturing.`, `two accomplishments—1. Welfare reform 2. Two justices`: the
/// number of a list item counts nothing. It opens its sentence (or follows a dash or a colon)
/// with a full stop glued to it, or it is the next number after the item before it.
fn is_list_number(w: &Words, i: usize, list_item: &mut Option<u32>) -> bool {
    // Most tokens are words: ruled out before they are parsed (`+` is the one other byte
    // `u32::from_str` can start with).
    let text = w.text[i];
    if !text
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_digit() || b == b'+')
    {
        return false;
    }
    let Ok(n) = text.parse::<u32>() else {
        return false;
    };
    let stop_after = w.text.get(i + 1) == Some(&".") && w.adjacent(i, i + 1);
    if !((1..=30).contains(&n) && stop_after) {
        return false;
    }
    // A capital, a quotation mark or nothing after the stop: `40. Police said` ends a
    // sentence just the same, hence the position test below.
    let next_opens = match w.text.get(i + 2) {
        None => true,
        Some(t) => t.starts_with(|c: char| c.is_uppercase() || "\"“‘'(".contains(c)),
    };
    let opens =
        (0..i).all(|k| w.is_punct(k)) || (i > 0 && matches!(w.text[i - 1], "—" | "–" | ":" | ";"));
    let follows_item = list_item.is_some_and(|m| m + 1 == n);
    if next_opens && (opens || follows_item) {
        *list_item = Some(n);
        return true;
    }
    false
}

/// The digits of a numeral token, when it is one: `1,143`, `1.4`, and `23million` (a scale
/// glued on, as some copy writes money). This runs on every word of the article: the common
/// case, a word that is no number, is kept small enough to inline.
#[inline(always)]
fn numeral(w: &Words, i: usize) -> Option<NumeralKind> {
    match w.tokens.get(i)?.kind {
        super::text::TokenKind::Number => return Some(NumeralKind::Digits),
        super::text::TokenKind::Word => {}
        _ => return None,
    }
    let low = w.low(i);
    if low.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return digits_with_suffix(low);
    }
    NumberWords::get().has(low).then_some(NumeralKind::Words)
}

/// A word that starts with a digit: `23million`, `28,000-plus`, `1,100-mile`, or none.
#[inline(never)]
fn digits_with_suffix(low: &str) -> Option<NumeralKind> {
    let digits_end = low
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(low.len());
    let suffix = &low[digits_end..];
    if lx().scale.has(suffix) {
        return Some(NumeralKind::DigitsWithScale);
    }
    // `28,000-plus`, `a 150,000-square-foot center`, `a 1,100-mile border`: a count or a
    // measure joined to its unit (`a 19-year-old`, `a 24-point lead` are not: ages and
    // margins).
    if let Some(unit) = suffix.strip_prefix('-') {
        let unit = unit.split('-').next().unwrap_or("");
        if digits_end > 0 && unit == "plus" {
            return Some(NumeralKind::Digits);
        }
        if digits_end > 0 && lx().measure.has(unit) {
            return Some(NumeralKind::DigitsWithMeasure);
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumeralKind {
    Digits,
    DigitsWithScale,
    DigitsWithMeasure,
    Words,
}

/// Cardinals and vague plurals, looked up for every word of the article: a word whose first
/// byte and length no number word has is ruled out before it is hashed, as most words are.
struct NumberWords {
    /// Cardinals and vague plurals in one set: one lookup for the common case.
    whole: FxSet,
    /// Per first byte, and per last byte, bit `min(len, 63)` set for the lengths of the
    /// words in `whole`: a word must match both to be looked up.
    whole_lengths: [u64; 256],
    whole_lengths_by_last: [u64; 256],
    /// Per first byte, bit `min(len, 63)` set for the lengths of the cardinals: where the
    /// hyphen of `twenty-five` can stand.
    cardinal_lengths: [u64; 256],
}

impl NumberWords {
    fn get() -> &'static NumberWords {
        static WORDS: OnceLock<NumberWords> = OnceLock::new();
        WORDS.get_or_init(|| {
            // Per first (or last) byte, the lengths of the words.
            let lengths = |words: &mut dyn Iterator<Item = &str>, last: bool| {
                let mut lengths = [0u64; 256];
                for word in words {
                    let end = if last {
                        word.as_bytes().last()
                    } else {
                        word.as_bytes().first()
                    };
                    if let Some(&b) = end {
                        lengths[usize::from(b)] |= 1 << word.len().min(63);
                    }
                }
                lengths
            };
            let numbers = || {
                lx().cardinal
                    .first_words()
                    .chain(lx().vague_plural.first_words())
            };
            NumberWords {
                whole: numbers().map(str::to_string).collect(),
                whole_lengths: lengths(&mut numbers(), false),
                whole_lengths_by_last: lengths(&mut numbers(), true),
                cardinal_lengths: lengths(&mut lx().cardinal.first_words(), false),
            }
        })
    }

    #[inline(always)]
    fn has(&self, low: &str) -> bool {
        let bytes = low.as_bytes();
        let Some(&first) = bytes.first() else {
            return false;
        };
        let first = usize::from(first);
        let len = bytes.len().min(63);
        let last = usize::from(bytes[bytes.len() - 1]);
        let lengths = self.whole_lengths[first] & self.whole_lengths_by_last[last];
        if lengths >> len & 1 == 1 && self.is_listed(low) {
            return true;
        }
        // `twenty-five`, `forty-one`: tens joined to a unit. The tens are a cardinal, so the
        // first hyphen stands where a cardinal starting with this byte ends, or they are not;
        // only lengths short of the word's own can hold one.
        let mut tens_lengths = self.cardinal_lengths[first] & ((1u64 << len) - 1);
        while tens_lengths != 0 {
            let k = tens_lengths.trailing_zeros() as usize;
            if bytes.get(k) == Some(&b'-') {
                return is_joined_number(low);
            }
            tens_lengths &= tens_lengths - 1;
        }
        false
    }
}

impl NumberWords {
    /// Kept out of line: most words never get this far.
    #[inline(never)]
    fn is_listed(&self, low: &str) -> bool {
        self.whole.contains(low)
    }
}

/// `twenty-five`, `forty-one`: tens joined to a unit at the first hyphen.
fn is_joined_number(low: &str) -> bool {
    match low.bytes().position(|b| b == b'-') {
        Some(k) => {
            let (tens, unit) = (&low[..k], &low[k + 1..]);
            lx().cardinal.has(tens) && (lx().cardinal.has(unit) || unit == "one")
        }
        None => false,
    }
}

const CURRENCY_SYMBOLS: &[&str] = &["$", "€", "£", "¥", "₹", "₪"];

/// Recognizes a figure whose numeral is token `i`; returns it and its last token.
fn recognize(w: &Words, i: usize, prev_age: &mut Option<usize>) -> Option<(Figure, usize)> {
    let kind = numeral(w, i)?;
    let mut first = i;
    let mut last = i;
    let mut money = false;
    let mut percent = false;
    let mut scaled = kind == NumeralKind::DigitsWithScale;
    if i > 0 && CURRENCY_SYMBOLS.contains(&w.text[i - 1]) && w.adjacent(i - 1, i) {
        money = true;
        first = i - 1;
    }
    if kind != NumeralKind::Words {
        if let Some(why) = exclusion(w, i, money, prev_age) {
            if why == Exclusion::Age {
                *prev_age = Some(i);
            }
            return None;
        }
    } else if i > 0 && w.capitalized(i) {
        return None; // `Air Force One`, `the Big Ten`: a name
    }
    // A scale (`1.4 million`, `two hundred thousand`).
    while lx().scale.has(w.low(last + 1)) || (w.low(last + 1) == "dozen") {
        last += 1;
        scaled = true;
    }
    // A percent or money unit after the number.
    if w.text.get(last + 1) == Some(&"%") {
        last += 1;
        percent = true;
    } else if let Some(n) = lx().percent.match_at(w.lower, last + 1) {
        last += n;
        percent = true;
    } else if lx().currency.has(w.low(last + 1)) {
        last += 1;
        money = true;
    }
    // A hedge before (`at least`, `more than`), and an article before a vague plural is not
    // part of it.
    let mut hedge = None;
    if let Some(n) = lx().hedge.match_ending_at(w.lower, first) {
        if first >= n && (first - n..first).all(|k| w.is_word(k)) {
            hedge = Some(w.span_of(first - n, first - 1));
            first -= n;
        }
    }
    let noun = counted_noun(w, last + 1);
    let category = if kind == NumeralKind::DigitsWithMeasure {
        FigureCategory::Measure
    } else if money {
        FigureCategory::Money
    } else if percent {
        FigureCategory::Percent
    } else {
        category(w, first, last, noun)
    };
    if kind == NumeralKind::Words {
        // Spelled-out durations (`over four years`) are the story's timeline, not figures.
        let duration = noun.is_some_and(|k| lx().time_unit.has(w.low(k)));
        let marked = !duration
            && (hedge.is_some()
                || scaled
                || money
                || percent
                || matches!(category, FigureCategory::Casualty | FigureCategory::Crowd));
        if !marked {
            return None;
        }
    }
    Some((
        Figure {
            span: w.span_of(first, last),
            hedge,
            noun: noun.map(|k| w.span(k)),
            category,
            attribution: None,
            attribution_scope: None,
        },
        last,
    ))
}

fn is_month(w: &Words, i: usize) -> bool {
    w.capitalized(i) && super::calendar::is_month(w.low(i))
}

/// Why the digit numeral at `i` is not a figure, if it is not.
fn exclusion(w: &Words, i: usize, money: bool, prev_age: &mut Option<usize>) -> Option<Exclusion> {
    let text = w.text[i];
    let low = |k: usize| w.low(k);
    let digits_only = text.bytes().all(|b| b.is_ascii_digit());
    let followed_by_unit = w.text.get(i + 1) == Some(&"%")
        || lx().percent.match_at(w.lower, i + 1).is_some()
        || lx().scale.has(low(i + 1));
    // `9/11`, `24/7`: dates and ratios written with a slash.
    let slash_before = i > 0 && w.text[i - 1] == "/" && w.adjacent(i - 1, i);
    let slash_after = w.text.get(i + 1) == Some(&"/") && w.adjacent(i, i + 1);
    if slash_before || slash_after {
        return Some(Exclusion::Date);
    }
    // Clock times: `10:30`, `9 p.m.`
    let colon_after = w.text.get(i + 1) == Some(&":")
        && w.adjacent(i, i + 1)
        && w.tokens
            .get(i + 2)
            .is_some_and(|_| w.adjacent(i + 1, i + 2))
        && w.low(i + 2).starts_with(|c: char| c.is_ascii_digit());
    let colon_before = i >= 2 && w.text[i - 1] == ":" && w.adjacent(i - 1, i);
    if colon_after || colon_before || lx().time_after.has(low(i + 1)) {
        return Some(Exclusion::Time);
    }
    if !money && !followed_by_unit && digits_only && text.len() == 4 {
        if let Ok(y) = text.parse::<u32>() {
            if (1600..=2099).contains(&y) {
                return Some(Exclusion::Year);
            }
        }
    }
    // `in ’08`, `the class of '16`: a year cut to two digits. After a mark that also opens
    // a quote (`'`, `‘`), only where no word follows that the quote could hold (`‘40
    // people’` is a quoted figure).
    let apostrophe_before = i > 0
        && w.adjacent(i - 1, i)
        && (i < 2 || !w.adjacent(i - 2, i - 1))
        && match w.text[i - 1] {
            "’" => true,
            "'" | "‘" => {
                !w.is_word(i + 1)
                    || matches!(low(i + 1), "that" | "and" | "or" | "when" | "to" | "as")
            }
            _ => false,
        };
    if apostrophe_before && digits_only && text.len() == 2 && !followed_by_unit {
        return Some(Exclusion::Year);
    }
    if (i > 0 && is_month(w, i - 1)) || is_month(w, i + 1) {
        return Some(Exclusion::Date);
    }
    if !money && digits_only && text.len() >= 7 {
        return Some(Exclusion::Identifier);
    }
    if !money && !followed_by_unit && is_age(w, i, prev_age) {
        return Some(Exclusion::Age);
    }
    if is_address(w, i) {
        return Some(Exclusion::Address);
    }
    if !money && !followed_by_unit && is_in_name(w, i) {
        return Some(Exclusion::Name);
    }
    // `401(k)`: a plan named by a section of the tax code.
    let section_letter = w.text.get(i + 1) == Some(&"(")
        && w.adjacent(i, i + 1)
        && w.text
            .get(i + 2)
            .is_some_and(|t| t.len() == 1 && t.chars().all(|c| c.is_ascii_lowercase()))
        && w.text.get(i + 3) == Some(&")");
    if section_letter {
        return Some(Exclusion::Name);
    }
    None
}

fn is_age(w: &Words, i: usize, prev_age: &Option<usize>) -> bool {
    let small = w.text[i].parse::<u32>().is_ok_and(|n| n <= 120);
    if !small {
        return false;
    }
    // `42 years old`, `42 years of age`.
    if matches!(w.low(i + 1), "years" | "year")
        && (w.low(i + 2) == "old" || (w.low(i + 2) == "of" && w.low(i + 3) == "age"))
    {
        return true;
    }
    // `aged 42`, `ages 55 to 65`, `the ages of 17 and 20`.
    if i > 0 && lx().age_before.has(w.low(i - 1)) {
        return true;
    }
    if i > 1 && w.low(i - 1) == "of" && lx().age_before.has(w.low(i - 2)) {
        return true;
    }
    // The second number of an age range: `27 and 29 years old` read backwards is caught by
    // the first rule on 29; `ages 55 to 65` by remembering the age before.
    if i >= 2 && matches!(w.low(i - 1), "to" | "and" | "or" | "-") && *prev_age == Some(i - 2) {
        return true;
    }
    // `27 and 29 years old`: the first of a pair whose second is an age.
    if matches!(w.low(i + 1), "and" | "or" | "to")
        && w.text.get(i + 2).is_some_and(|t| t.parse::<u32>().is_ok())
        && matches!(w.low(i + 3), "years" | "year")
        && w.low(i + 4) == "old"
    {
        return true;
    }
    // `Jimmy Tompkins, 31, tossed`: a number set off by commas straight after a name, or
    // after a description (`Trump's eldest daughter, 34, has`), or `Sperling, then 38,` and
    // `Mr. Daniloff, now 81 and retired`.
    let after_comma = if i >= 3 && matches!(w.low(i - 1), "then" | "now") && w.text[i - 2] == "," {
        Some(i - 3)
    } else if i >= 2 && w.text[i - 1] == "," {
        Some(i - 2)
    } else {
        None
    };
    if let Some(before) = after_comma {
        let next = w.text.get(i + 1).copied();
        let closes = match next {
            None => true,
            Some(t) => matches!(t, "," | "." | ";" | ")" | "—") || t == "and",
        };
        let named = w.capitalized(before) || w.text[before] == ")";
        let described = w.is_word(before) && next == Some(",");
        if closes && (named || described) {
            return true;
        }
    }
    // `John Smith (42)`.
    if i >= 2 && w.text[i - 1] == "(" && w.capitalized(i - 2) && w.text.get(i + 1) == Some(&")") {
        return true;
    }
    false
}

/// `1600 Pennsylvania Avenue`, `10 Downing St.`
fn is_address(w: &Words, i: usize) -> bool {
    let street = lx().street;
    let mut k = i + 1;
    while k < w.len() && k <= i + 3 && w.capitalized(k) {
        if k > i + 1 && street.has(w.low(k)) {
            return true;
        }
        k += 1;
    }
    false
}

/// `Boeing 737`, `Section 8`, `Round 2`, `No. 2`: a number straight after a capitalized word
/// that is not a sentence opener, a weekday or a possessive.
fn is_in_name(w: &Words, i: usize) -> bool {
    if i == 0 || !w.capitalized(i - 1) {
        return false;
    }
    // Names and models do not group thousands (`Boeing 737`, `Fortune 500`): `Boasting
    // 108,000 residents` counts.
    if w.text[i].contains(',') {
        return false;
    }
    let prev = w.low(i - 1);
    if prev.ends_with("'s") || prev.ends_with("’s") {
        return false; // `Trump's 40 …`: a possessive, not a name
    }
    if lx().name_starter.has(prev) {
        return false; // `About 40 people`, `On Monday 300 marched`
    }
    // `Fully 250 companies`: an adverb opening the sentence names nothing (a participle
    // might: `Boeing 737`).
    let opens = (0..i - 1).all(|k| w.is_punct(k));
    if opens && prev.len() > 4 && prev.ends_with("ly") {
        return false;
    }
    // A tally, not a name: `Clinton leads Trump 45 to 40`.
    if w.low(i + 1) == "to" && numeral(w, i + 2).is_some() {
        return false;
    }
    true
}

/// The word a figure counts: the head of the noun phrase after it (`Hamas brigades` →
/// `brigades`; `millions of people` → `people`).
fn counted_noun(w: &Words, from: usize) -> Option<usize> {
    let stop = lx().stop;
    let modifier = lx().modifier;
    let mut k = from;
    if w.low(k) == "of" {
        k += 1;
        if matches!(
            w.low(k),
            "the" | "these" | "those" | "his" | "her" | "their" | "its"
        ) {
            k += 1;
        }
    }
    let mut noun = None;
    let limit = k + 4;
    while k < w.len() && k < limit && w.is_word(k) && !stop.has(w.low(k)) {
        if modifier.has(w.low(k)) {
            k += 1;
            continue;
        }
        noun = Some(k);
        if !w.capitalized(k) {
            // A lowercase word ends the phrase, unless it modifies a plural after it
            // (`swing states`, `coal miners`).
            let next = k + 1;
            let plural_next = w.is_word(next)
                && !w.capitalized(next)
                && !stop.has(w.low(next))
                && w.low(next).ends_with('s')
                && !w.low(k).ends_with('s');
            if plural_next {
                noun = Some(next);
            }
            break;
        }
        k += 1;
    }
    noun
}

/// Casualty, crowd, measure or count, from the counted noun and the verbs around the figure.
fn category(w: &Words, first: usize, last: usize, noun: Option<usize>) -> FigureCategory {
    let noun_low = noun.map(|k| w.low(k)).unwrap_or("");
    let after_from = noun.map(|k| k + 1).unwrap_or(last + 1);
    // Verbs close after the noun (`have been killed`, `are sheltered`) or just before the
    // figure (`killing 1,143 people`), inside the clause.
    let window_after = (after_from..w.len().min(after_from + 4)).take_while(|&k| w.is_word(k));
    let window_before = (first.saturating_sub(3)..first)
        .rev()
        .take_while(|&k| w.is_word(k));
    let near = |set: &WordSet| {
        let s = set;
        window_after.clone().any(|k| s.has(w.low(k)))
            || window_before.clone().any(|k| s.has(w.low(k)))
    };
    if lx().casualty_noun.has(noun_low) || near(lx().casualty_verb) {
        return FigureCategory::Casualty;
    }
    let crowd_before = lx().crowd_before.match_ending_at(w.lower, first).is_some();
    if lx().crowd_noun.has(noun_low) || crowd_before || near(lx().crowd_verb) {
        return FigureCategory::Crowd;
    }
    if lx().measure.has(noun_low) {
        return FigureCategory::Measure;
    }
    if noun.is_some() {
        FigureCategory::Count
    } else {
        FigureCategory::Other
    }
}

/// The hover card for the figure at `offset` (a byte offset into the text), as Markdown: the
/// figure, what it counts and who it is attributed to, or that no attribution was found. The
/// server calls this on a hover request; `None` when there is no figure at `offset`.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<String> {
    let i = analysis.figures.partition_point(|f| f.span.end < offset);
    let figure = analysis.figures.get(i).filter(|f| f.span.touches(offset))?;
    let article = &analysis.article;
    let mut card = format!("**Figure** `{}`", article.slice(figure.span));
    match figure.noun {
        Some(noun) => card.push_str(&format!(
            " — {} ({})",
            figure.category.as_str(),
            article.slice(noun)
        )),
        None => card.push_str(&format!(" — {}", figure.category.as_str())),
    }
    card.push_str("\n\n");
    match &figure.attribution {
        Some(a) => {
            let who = a
                .source
                .map(|s| super::text::capitalize_first(article.slice(s)))
                .unwrap_or_else(|| "an unnamed source".to_string());
            let cue = a.cue.map(|c| article.slice(c)).unwrap_or("");
            card.push_str(&format!("According to: {who} ({cue})"));
            let how = match figure.attribution_scope {
                Some(AttributionScope::PreviousSentence) => " — from the previous sentence",
                Some(AttributionScope::Quote) => " — the speaker of the quote",
                _ => "",
            };
            card.push_str(how);
            if a.vague {
                card.push_str("\n\nThe source is vague: it names no one.");
            }
        }
        None => card.push_str(
            "No attribution found in its sentence, the sentence before it or a quote around it.",
        ),
    }
    Some(card)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::article::Article;
    use crate::engine::{analyze, Format, Settings};

    fn figures(body: &str) -> Vec<(String, FigureCategory)> {
        let text = format!("Headline\n\n{body}\n");
        let article = Article::parse(&text, Format::Plain);
        let lower = article.prose.to_ascii_lowercase();
        find(&article, &lower)
            .into_iter()
            .map(|f| (article.slice(f.span).to_string(), f.category))
            .collect()
    }

    fn texts(body: &str) -> Vec<String> {
        figures(body).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn digits_money_percent_and_scale() {
        assert_eq!(
            texts("They counted 1,143 bodies, $3 billion, 12% and 3.5 percent and 1.4 million."),
            vec!["1,143", "$3 billion", "12%", "3.5 percent", "1.4 million"]
        );
        assert_eq!(texts("It raised $23million."), vec!["$23million"]);
        assert_eq!(
            texts("A 4 percentage points lead."),
            vec!["4 percentage points"]
        );
    }

    #[test]
    fn hedges_are_part_of_the_span() {
        assert_eq!(
            texts("At least 40 died and more than 760 fled and nearly 3,000 and up to 12 left."),
            vec!["At least 40", "more than 760", "nearly 3,000", "up to 12"]
        );
        assert_eq!(
            texts("an estimated 40,000 people"),
            vec!["an estimated 40,000"]
        );
    }

    #[test]
    fn categories() {
        let f = figures(
            "Rebels were killing 1,143 people, including more than 760 civilians, and took 247 hostages.",
        );
        assert!(
            f.iter().all(|(_, c)| *c == FigureCategory::Casualty),
            "{f:?}"
        );
        let f = figures("A crowd of 5,000 gathered, and 300 protesters marched.");
        assert!(f.iter().all(|(_, c)| *c == FigureCategory::Crowd), "{f:?}");
        assert_eq!(
            figures("He bought 60 acres and 10 judges heard it and $5 went, 7% more.")
                .into_iter()
                .map(|(_, c)| c)
                .collect::<Vec<_>>(),
            vec![
                FigureCategory::Measure,
                FigureCategory::Count,
                FigureCategory::Money,
                FigureCategory::Percent
            ]
        );
        assert_eq!(
            figures("where 1.4 million civilians are sheltered")[0].1,
            FigureCategory::Casualty
        );
    }

    #[test]
    fn counted_nouns() {
        let text = "Headline\n\nOfficials say at least four Hamas brigades remain and 11 swing states vote and thousands of protesters left.\n";
        let article = Article::parse(text, Format::Plain);
        let lower = article.prose.to_ascii_lowercase();
        let nouns: Vec<_> = find(&article, &lower)
            .into_iter()
            .map(|f| f.noun.map(|n| article.slice(n).to_string()))
            .collect();
        assert_eq!(
            nouns,
            vec![
                Some("brigades".to_string()),
                Some("states".to_string()),
                Some("protesters".to_string())
            ]
        );
    }

    #[test]
    fn word_numbers_only_when_marked_as_figures() {
        assert_eq!(
            texts("at least four Hamas brigades, two million people, three soldiers were killed, thousands of protesters"),
            vec!["at least four", "two million", "three", "thousands"]
        );
        // Bare counts, durations, `one` and names are not figures.
        assert!(texts("The two men met three times over four years; one said so.").is_empty());
        assert!(texts("He flew on Air Force One with the Big Ten team.").is_empty());
        assert_eq!(texts("Four people were killed."), vec!["Four"]);
        assert_eq!(
            texts("twenty-five people were injured"),
            vec!["twenty-five"]
        );
    }

    #[test]
    fn years_dates_and_times_are_not_figures() {
        assert!(texts("In 2014, on April 1 and Sept. 11 and 9/11, at 10:30 and 9 p.m.").is_empty());
        assert!(texts("On July 6, 2015, it met at 6 o'clock.").is_empty());
        assert!(texts("It happened 11 September.").is_empty());
        assert!(texts("Johnson said in ’08 and in '16 that it was so.").is_empty());
        // A quoted number is still a number.
        assert_eq!(texts("He said ‘40 people’ died."), vec!["40"]);
        // Four digits with money or percent are not years.
        assert_eq!(
            texts("It cost $2016 and 2000 percent."),
            vec!["$2016", "2000 percent"]
        );
    }

    #[test]
    fn ages_are_not_figures() {
        assert!(texts("Jimmy Tompkins, 31, tossed a ball.").is_empty());
        assert!(texts("Peter Kaisen, 76, died.").is_empty());
        assert!(texts("Sarah and Tim Rogers, 27 and 29 years old, rode.").is_empty());
        assert!(texts("people ages 55 to 65 and the ages of 17 and 20 and aged 42").is_empty());
        assert!(texts("He is 42 years old. John Smith (42) left.").is_empty());
        assert!(texts("Trump's eldest daughter, 34, has a brand.").is_empty());
        assert!(texts("Mr. Sperling, then 38, said so.").is_empty());
        assert!(texts("Mr. Daniloff, now 81 and retired, said so.").is_empty());
        assert_eq!(texts("Until now, 81 people had left."), vec!["81"]);
        // Not ages: a count after a comma, a large number.
        assert_eq!(texts("In Ohio, 42 percent voted."), vec!["42 percent"]);
        assert_eq!(texts("On Friday, 40 people had left."), vec!["40"]);
    }

    #[test]
    fn names_addresses_and_identifiers_are_not_figures() {
        assert!(texts("A Boeing 737 crashed near Section 8 housing in Round 2.").is_empty());
        assert!(
            texts("He works at 1600 Pennsylvania Avenue and Federal mine No. 2 near I-95.")
                .is_empty()
        );
        assert!(texts("COVID-19 and World War II and tweet 783491630540001280").is_empty());
        assert!(texts("My 401(k) is speculation.").is_empty());
        assert_eq!(
            texts("The 401 (a) list had 40 (b) items."),
            vec!["401", "40"]
        );
        // Capitalized words that do not name: sentence openers, weekdays, possessives.
        assert_eq!(texts("About 40 people came."), vec!["About 40"]);
        assert_eq!(texts("On Monday 300 people came."), vec!["300"]);
        assert_eq!(texts("Clinton leads Trump 45 to 40."), vec!["45", "40"]);
        assert_eq!(texts("Iowa 45 percent"), vec!["45 percent"]);
    }

    #[test]
    fn counts_and_measures_joined_to_their_unit() {
        assert_eq!(
            texts("It drew an estimated 28,000-plus to a 150,000-square-foot hall by a 1,100-mile border."),
            vec!["an estimated 28,000-plus", "150,000-square-foot", "1,100-mile"]
        );
        // Ages, margins and durations joined the same way are not figures.
        assert!(texts("A 19-year-old won by a 24-point lead in a 10-year plan.").is_empty());
    }

    #[test]
    fn sentence_openers_that_name_nothing() {
        assert_eq!(
            texts("Although 15 of the 19 men left, Fully 250 stayed."),
            vec!["15", "19"]
        );
        assert_eq!(texts("Fully 250 companies came."), vec!["250"]);
        assert_eq!(
            texts("Boasting 108,000 residents, the county votes."),
            vec!["108,000"]
        );
        // A name stays a name.
        assert!(texts("Boeing 737 jets flew. Anderson Cooper 360 aired.").is_empty());
    }

    #[test]
    fn list_numbers_are_not_figures() {
        assert!(texts("1. The GOP is fracturing.\n\n2. Democrats face a gap.").is_empty());
        assert_eq!(
            texts("He cites two feats—1. Welfare reform 2. Two justices, and 40 others."),
            vec!["40"]
        );
        // A number ending a sentence is a figure, even before a capital.
        assert_eq!(texts("The toll rose to 40. Police left."), vec!["40"]);
        assert_eq!(texts("They won 3. Then 4. Then more."), vec!["3", "4"]);
    }

    #[test]
    fn headline_dateline_and_byline_have_no_figures() {
        let text =
            "40 killed in storm\n\nBy Jo Smith 3\n\nLONDON, Sept 28 (Reuters) - 12 people died.\n";
        let article = Article::parse(text, Format::Plain);
        let lower = article.prose.to_ascii_lowercase();
        let found: Vec<_> = find(&article, &lower)
            .into_iter()
            .map(|f| article.slice(f.span).to_string())
            .collect();
        assert_eq!(found, vec!["12"]);
    }

    #[test]
    fn hover_shows_the_attribution_or_says_none_was_found() {
        let seed = include_str!("../../seeds/rafah-virtual-meeting.txt");
        let a = analyze(seed, Format::Plain, &Settings::default());
        let at = seed.find("34,000").unwrap() + 2;
        let card = hover(&a, at).unwrap();
        assert!(
            card.contains("According to: Local health authorities (report)"),
            "{card}"
        );
        assert!(card.contains("casualty (Palestinians)"), "{card}");
        let card = hover(&a, seed.find("1,143").unwrap()).unwrap();
        assert!(card.contains("No attribution found"), "{card}");
        assert_eq!(hover(&a, seed.find("Air Force One").unwrap()), None);
        assert_eq!(hover(&a, seed.len() + 10), None);
    }

    #[test]
    fn no_panic_on_odd_input() {
        for t in [
            "$", "%", "$ %", "1,", ",1", "at least", "1/", "/1", ":1", "1:", "(1)", "1 -",
        ] {
            let _ = texts(t);
        }
    }
}
