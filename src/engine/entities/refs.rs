//! Title references: `the prime minister`, `the senator`, `the spokesperson` stand for the person
//! the article introduced with that title. They are kept apart from name mentions
//! ([`Entity::references`]): a name check or a scorer counting names must not see them, while
//! hover, highlights and references in an editor should.

use crate::engine::article::Paragraph;
use crate::engine::finding::Span;
use crate::engine::model::{Entity, EntityKind, Mention};
use crate::engine::text::{Token, TokenKind};
use crate::kb::{FxMap, FxSet};

/// Words a title may carry that a later reference drops (`former President` → `the president`).
const DROPPED: &[&str] = &[
    "former", "acting", "interim", "then", "late", "outgoing", "incoming",
];

/// The lowercase role phrases a person's title can be referred back to with, longest first:
/// `Israeli Prime Minister` → `prime minister`, `minister`; `Sen.` → `senator`.
fn role_phrases(title: &str) -> Vec<Vec<String>> {
    let words: Vec<String> = title
        .split_whitespace()
        .map(|w| {
            let lower = w.to_lowercase();
            expand(&lower).unwrap_or(lower)
        })
        .filter(|w| !DROPPED.contains(&w.as_str()))
        .collect();
    let mut out = Vec::new();
    for n in (1..=words.len().min(MAX_PHRASE)).rev() {
        let phrase = &words[words.len() - n..];
        // Only plain words refer back (`prime minister`, not `council's spokesperson`); the
        // phrase must end in a role (`national security adviser`, not `Israeli`).
        if phrase
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
            && phrase
                .last()
                .is_some_and(|w| super::cues::is_role_word(w) || super::cues::is_title_head(w))
        {
            out.push(phrase.to_vec());
        }
    }
    out
}

/// The word a title abbreviation stands for in running text.
fn expand(abbr: &str) -> Option<String> {
    let full = match abbr {
        "sen." => "senator",
        "rep." => "representative",
        "gov." => "governor",
        "gen." => "general",
        "lt." => "lieutenant",
        "col." => "colonel",
        "maj." => "major",
        "capt." => "captain",
        "adm." => "admiral",
        "sgt." => "sergeant",
        "cmdr." => "commander",
        "prof." => "professor",
        "amb." => "ambassador",
        "supt." => "superintendent",
        "det." => "detective",
        _ => return None,
    };
    Some(full.to_string())
}

/// A word without its possessive ending (`minister's`, `ministers'`).
fn stem(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
        .trim_end_matches(['\'', '’'])
}

/// A role phrase (`prime minister`) and the people whose title it refers back to.
type PhrasePeople = (Vec<String>, Vec<usize>);

/// The most words a role phrase has ([`role_phrases`]).
const MAX_PHRASE: usize = 3;

/// A `the` and the words after it in its sentence: enough for the longest role phrase and
/// the word after it. Offsets are relative to the block's start: what a paragraph holds does
/// not change while its prose stays the same, so the incremental analyzer keeps them.
#[derive(Clone, Debug)]
pub(crate) struct TheSpot {
    words: [(u32, u32); MAX_PHRASE + 2],
    n: u8,
    /// The hash ([`word_key`]) of the word after `the` as linking reads it, lowercased and
    /// without a possessive: `None` if there is none to read.
    second: Option<u64>,
}

impl TheSpot {
    /// The spot's word spans (`the` first), relative to its block.
    pub(super) fn words(&self) -> impl ExactSizeIterator<Item = Span> + '_ {
        self.words[..usize::from(self.n)]
            .iter()
            .map(|&(s, e)| Span::new(s as usize, e as usize))
    }
}

/// Appends `text` lowercased as the entity pass reads it (`lower_prose`) to `out`.
fn lower_word(text: &str, out: &mut String) {
    if text.is_ascii() {
        let at = out.len();
        out.push_str(text);
        out[at..].make_ascii_lowercase();
    } else {
        super::lower_into(text, out);
    }
}

/// An offset within one paragraph, in 32 bits.
fn small(x: usize) -> u32 {
    u32::try_from(x).expect("a paragraph shorter than 4 GiB")
}

/// Every `the` of `block` (read lowercased from `lower`) with the words after it in its
/// sentence.
pub(crate) fn the_spots(lower: super::Lower<'_>, block: &Paragraph, out: &mut Vec<TheSpot>) {
    let at = block.span.start;
    // The words linking reads: those with a lowercase reading.
    let is_word = |t: &&Token| t.kind == TokenKind::Word && lower.get(t.span).is_some();
    for sentence in &block.sentences {
        for (k, t) in sentence.tokens.iter().enumerate() {
            // Most words are not three letters long: ruled out before reading them.
            if t.span.len() != 3 || t.kind != TokenKind::Word || lower.get(t.span) != Some("the") {
                continue;
            }
            let mut words = sentence.tokens[k..].iter().filter(is_word).map(|t| t.span);
            let mut spot = TheSpot {
                words: [(0, 0); MAX_PHRASE + 2],
                n: 0,
                second: None,
            };
            for (slot, w) in spot.words.iter_mut().zip(&mut words) {
                *slot = (small(w.start - at), small(w.end - at));
                spot.n += 1;
            }
            // Read as `link_title_references` reads it: lowercased as `lower_word` does, which
            // is what the lowercased prose holds at the word (both lower character by
            // character), so it is read from there rather than lowercased again.
            spot.second = (spot.n > 1)
                .then(|| spot.words[1])
                .and_then(|(s, e)| lower.get(Span::new(at + s as usize, at + e as usize)))
                .map(|lowered| word_key(stem(lowered)));
            out.push(spot);
        }
    }
}

/// Adds to each person the spans of `the <title>` phrases that refer back to them: after their
/// first mention, to the person of that title mentioned most recently. A phrase right before a
/// name (`the Prime Minister Benjamin Netanyahu`) is that name's title, not a reference.
/// `spots`: every `the` of the article ([`the_spots`]) in text order, each with the offset of
/// its block.
pub(super) fn link_title_references<'s>(
    prose: &str,
    spots: impl Iterator<Item = (&'s TheSpot, usize)>,
    entities: &mut [Entity],
) {
    let mut by_first = phrases_by_first(entities);
    if by_first.is_empty() {
        return;
    }
    for list in by_first.values_mut() {
        // Longest phrases first: `prime minister` wins over `minister`.
        list.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    }
    // Most spots start no role phrase: passed over by the key of their second word, kept
    // with the spot, before their words are read from the prose.
    let first_words = first_word_keys(&by_first);
    // Where names start: gathered and sorted when a phrase first matches.
    let mut name_starts: Option<Vec<usize>> = None;
    let mut found: Vec<(usize, Span)> = Vec::new();
    // The spot's words lowercased, one after another, and where each ends: the word after
    // `the` first, the rest only when a role phrase starts with it.
    let mut lowered = String::new();
    for (spot, at) in spots {
        if spot.is_inert(&first_words) {
            continue;
        }
        let spans = spot.words().map(|w| Span::new(w.start + at, w.end + at));
        let mut words = [(Span::new(0, 0), ""); MAX_PHRASE + 2];
        let mut ends = [0; MAX_PHRASE + 2];
        let mut n = 0;
        lowered.clear();
        for (i, span) in spans.enumerate() {
            let Some(text) = prose.get(span.range()) else {
                if i == 0 {
                    break;
                }
                continue;
            };
            if i == 1 {
                lower_word(text, &mut lowered);
                if !by_first.contains_key(stem(&lowered)) {
                    break;
                }
            } else if i > 1 {
                lower_word(text, &mut lowered);
            }
            words[n].0 = span;
            ends[n] = lowered.len();
            n += 1;
        }
        // The spot's `the` was read from this very prose (its paragraph is unchanged).
        let mut from = 0;
        for (i, w) in words.iter_mut().enumerate().take(n) {
            w.1 = if i == 0 {
                "the"
            } else {
                &lowered[from..ends[i]]
            };
            from = ends[i];
        }
        let words = &words[..n];
        let Some(list) = words.get(1).and_then(|(_, w)| by_first.get(stem(w))) else {
            continue;
        };
        for (phrase, people) in list {
            let n = phrase.len();
            let Some(window) = words.get(1..1 + n) else {
                continue;
            };
            if !window.iter().zip(phrase).all(|((_, w), p)| stem(w) == p) {
                continue;
            }
            let start = window[0].0.start;
            let (last_span, last_word) = window[n - 1];
            // The span stops before a possessive: `the prime minister's office`.
            let end = last_span.start + stem(last_word).len();
            // A name straight after makes this its title, not a reference.
            let next_is_name = words.get(1 + n).is_some_and(|(s, _)| {
                name_starts
                    .get_or_insert_with(|| {
                        let mut starts: Vec<usize> = entities
                            .iter()
                            .flat_map(|e| e.mentions.iter().map(|m| m.span.start))
                            .collect();
                        starts.sort_unstable();
                        starts
                    })
                    .binary_search(&s.start)
                    .is_ok()
            });
            if next_is_name {
                break;
            }
            // The person of that title mentioned most recently before the phrase
            // (mentions are in order of position).
            let best = people
                .iter()
                .filter_map(|&i| {
                    let m = &entities[i].mentions;
                    let before = m.partition_point(|m| m.span.start < start);
                    Some((m.get(before.checked_sub(1)?)?.span.start, i))
                })
                .max();
            if let Some((_, i)) = best {
                found.push((i, Span::new(start, end)));
            }
            break;
        }
    }
    for (i, span) in found {
        entities[i].references.push(Mention { span });
    }
}

/// Role phrase → the people given a title it refers back to. Keyed by the phrase's first
/// word, so each `the` in the article costs one lookup, however many people have titles.
pub(super) fn phrases_by_first(entities: &[Entity]) -> FxMap<String, Vec<PhrasePeople>> {
    let mut by_first: FxMap<String, Vec<PhrasePeople>> = FxMap::default();
    for (i, e) in entities.iter().enumerate() {
        if e.kind != EntityKind::Person {
            continue;
        }
        let Some(title) = &e.title else { continue };
        for p in role_phrases(title) {
            let list = by_first.entry(p[0].clone()).or_default();
            match list.iter_mut().find(|(q, _)| *q == p) {
                Some((_, people)) => {
                    if !people.contains(&i) {
                        people.push(i)
                    }
                }
                None => list.push((p, vec![i])),
            }
        }
    }
    by_first
}

/// The keys ([`word_key`]) of the words role phrases start with, from [`phrases_by_first`].
pub(super) fn first_word_keys(by_first: &FxMap<String, Vec<PhrasePeople>>) -> FxSet<u64> {
    by_first.keys().map(|w| word_key(w)).collect()
}

/// The key of a word in [`TheSpot::second`] and in the first words of role phrases.
pub(super) fn word_key(word: &str) -> u64 {
    crate::engine::lexicon::fx_hash(word)
}

impl TheSpot {
    /// Whether the spot can refer to no one: the word after its `the` starts no role phrase
    /// of `first_words` (the [`word_key`]s of [`phrases_by_first`]'s keys), so linking reads
    /// nothing more of it. A key shared by chance keeps a spot that could have been passed
    /// over: never the other way.
    pub(super) fn is_inert(&self, first_words: &crate::kb::FxSet<u64>) -> bool {
        self.second.is_some_and(|k| !first_words.contains(&k)) || self.n < 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_phrases_from_titles() {
        let p = role_phrases("Israeli Prime Minister");
        assert_eq!(p[0], vec!["israeli", "prime", "minister"]);
        assert!(p.contains(&vec!["prime".to_string(), "minister".to_string()]));
        assert!(p.contains(&vec!["minister".to_string()]));
        assert_eq!(role_phrases("Sen.")[0], vec!["senator"]);
        assert_eq!(
            role_phrases("National Security Council spokesperson").last(),
            Some(&vec!["spokesperson".to_string()])
        );
        assert_eq!(role_phrases("former President")[0], vec!["president"]);
        assert!(role_phrases("Hamas'").is_empty());
    }
}
