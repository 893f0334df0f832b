//! A block's sentences as the article holds them: shared with the incremental analyzer's cache
//! and spelled out (with absolute offsets) only when a pass reads them.
//!
//! At a keystroke on a long article, almost every block is unchanged: the analyzer's cache
//! already holds its sentences, relative to the block, and no pass reads them again. Copying
//! them into each new article cost a fifth of a keystroke on a 1 MB article and a second copy
//! of every sentence in memory; sharing the packed form costs a reference count.

use super::finding::Span;
use super::text::{Sentence, Token, TokenKind};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// Sentences relative to their block's start, packed: a block is shorter than 4 GiB, so 32-bit
/// offsets, and all tokens in one array (half the size of `Sentence`s).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PackedSentences {
    /// Per sentence: its span and where its tokens end in `tokens`.
    sentences: Box<[(u32, u32, u32)]>,
    tokens: Box<[(u32, u32, TokenKind)]>,
}

impl PackedSentences {
    /// Packs `sentences`, whose offsets are relative to the block's start.
    pub(crate) fn new(sentences: &[Sentence]) -> PackedSentences {
        let small = |x: usize| u32::try_from(x).expect("a block shorter than 4 GiB");
        let mut tokens = Vec::with_capacity(sentences.iter().map(|s| s.tokens.len()).sum());
        let sentences = sentences
            .iter()
            .map(|s| {
                tokens.extend(
                    s.tokens
                        .iter()
                        .map(|t| (small(t.span.start), small(t.span.end), t.kind)),
                );
                (small(s.span.start), small(s.span.end), small(tokens.len()))
            })
            .collect();
        PackedSentences {
            sentences,
            tokens: tokens.into_boxed_slice(),
        }
    }

    /// The sentences with the block starting at `at`.
    fn at(&self, at: usize) -> Vec<Sentence> {
        let span = |a: u32, b: u32| Span::new(a as usize + at, b as usize + at);
        let mut from = 0;
        self.sentences
            .iter()
            .map(|&(a, b, end)| {
                let tokens = self.tokens[from..end as usize]
                    .iter()
                    .map(|&(a, b, kind)| Token {
                        span: span(a, b),
                        kind,
                    })
                    .collect();
                from = end as usize;
                Sentence {
                    span: span(a, b),
                    tokens,
                }
            })
            .collect()
    }
}

/// One block's sentences. Dereferences to `[Sentence]`, spelling them out on first use; their
/// count, their tokens' count and their spans are answered without that.
#[derive(Debug, Default)]
pub struct BlockSentences {
    /// The packed sentences and the block's start, when the cache holds them.
    packed: Option<(Arc<PackedSentences>, usize)>,
    spelled: OnceLock<Vec<Sentence>>,
}

impl BlockSentences {
    /// Sentences computed for this article alone.
    pub(crate) fn owned(sentences: Vec<Sentence>) -> BlockSentences {
        BlockSentences {
            packed: None,
            spelled: OnceLock::from(sentences),
        }
    }

    /// The packed sentences of a block starting at `at`, spelled out when first read.
    pub(crate) fn shared(packed: Arc<PackedSentences>, at: usize) -> BlockSentences {
        BlockSentences {
            packed: Some((packed, at)),
            spelled: OnceLock::new(),
        }
    }

    /// How many sentences.
    pub fn len(&self) -> usize {
        match (&self.packed, self.spelled.get()) {
            (_, Some(s)) => s.len(),
            (Some((p, _)), None) => p.sentences.len(),
            (None, None) => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many tokens, over all sentences.
    pub fn token_count(&self) -> usize {
        match (&self.packed, self.spelled.get()) {
            (_, Some(s)) => s.iter().map(|s| s.tokens.len()).sum(),
            (Some((p, _)), None) => p.tokens.len(),
            (None, None) => 0,
        }
    }

    /// The sentences' spans, in order.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        let spelled = self.spelled.get().map(|s| s.iter().map(|s| s.span));
        let packed = match (&self.packed, &spelled) {
            (Some((p, at)), None) => Some(
                p.sentences
                    .iter()
                    .map(move |&(a, b, _)| Span::new(a as usize + at, b as usize + at)),
            ),
            _ => None,
        };
        spelled
            .into_iter()
            .flatten()
            .chain(packed.into_iter().flatten())
    }

    /// Forgets the spelled-out sentences, which the packed ones can give again; sentences that
    /// are not packed keep their spans and lose their tokens.
    pub(crate) fn release_tokens(&mut self) {
        if self.packed.is_some() {
            self.spelled = OnceLock::new();
        } else if let Some(s) = self.spelled.get_mut() {
            for sentence in s {
                sentence.tokens = Vec::new();
            }
        }
    }
}

impl Deref for BlockSentences {
    type Target = [Sentence];

    fn deref(&self) -> &[Sentence] {
        self.spelled.get_or_init(|| match &self.packed {
            Some((p, at)) => p.at(*at),
            None => Vec::new(),
        })
    }
}

impl<'a> IntoIterator for &'a BlockSentences {
    type Item = &'a Sentence;
    type IntoIter = std::slice::Iter<'a, Sentence>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Clone for BlockSentences {
    fn clone(&self) -> Self {
        BlockSentences {
            packed: self.packed.clone(),
            spelled: self.spelled.clone(),
        }
    }
}

/// Equal when they spell out the same sentences, however each is held.
impl PartialEq for BlockSentences {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for BlockSentences {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::text::split_sentences;

    #[test]
    fn shared_sentences_spell_out_what_was_packed_moved_to_the_block() {
        let block = "He came. She left, said Kirby.";
        let relative = split_sentences(block, Span::new(0, block.len()));
        let text = format!("Headline\n\n{block}");
        let at = text.len() - block.len();
        let shared = BlockSentences::shared(Arc::new(PackedSentences::new(&relative)), at);
        // Counted and spanned before anything is spelled out.
        assert_eq!(shared.len(), 2);
        assert_eq!(
            shared.token_count(),
            relative.iter().map(|s| s.tokens.len()).sum::<usize>()
        );
        let spans: Vec<Span> = shared.spans().collect();
        assert_eq!(shared.spelled.get(), None);
        let absolute = split_sentences(&text, Span::new(at, text.len()));
        assert_eq!(&*shared, &absolute[..]);
        assert_eq!(spans, absolute.iter().map(|s| s.span).collect::<Vec<_>>());
        assert_eq!(shared, BlockSentences::owned(absolute));
    }

    #[test]
    fn released_tokens_come_back_from_the_packed_form_but_not_from_an_owned_one() {
        let block = "One. Two three.";
        let relative = split_sentences(block, Span::new(0, block.len()));
        let packed = Arc::new(PackedSentences::new(&relative));
        let mut shared = BlockSentences::shared(packed, 0);
        assert_eq!(&*shared, &relative[..]);
        shared.release_tokens();
        assert_eq!(&*shared, &relative[..]);
        let mut owned = BlockSentences::owned(relative.clone());
        owned.release_tokens();
        assert_eq!(owned.len(), 2);
        assert_eq!(owned.token_count(), 0);
        assert_eq!(
            owned.spans().collect::<Vec<_>>(),
            relative.iter().map(|s| s.span).collect::<Vec<_>>()
        );
    }
}
