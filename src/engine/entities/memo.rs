//! Linking reused across keystrokes: when an edit leaves every input of the document-level
//! linking pass as it was, only moved, the last run's entities, moved the same way, are what
//! linking would give again.
//!
//! Linking reads the candidates of every block and their `the` spots (with the prose of the
//! spots' words), the dateline's place, whether the story is a sports story, and the knowledge
//! base; it reads positions only to order and compare them. An edit moves everything after it
//! by the same amount and keeps every order and equality among spans that do not touch it
//! (`TextEdit::map`). So if each new candidate and spot is the old one with its spans mapped,
//! and the rest is equal, the new entities are the old ones with their spans mapped. Anything
//! else (a candidate added, lost, renamed, or touching the edit) runs linking again.

use super::{BlockCandidates, Cand, NameKeys};
use crate::engine::article::Article;
use crate::engine::edit::TextEdit;
use crate::engine::finding::Span;
use crate::engine::model::Entity;
use crate::kb::{FxSet, KbView};
use std::sync::Arc;

/// What linking read last time, and what it gave.
pub struct LinkMemo {
    prose: Arc<String>,
    sports: bool,
    /// The dateline's city and region.
    dateline: Option<(Span, Option<Span>)>,
    blocks: Vec<(Arc<BlockCandidates>, usize)>,
    entities: Vec<Entity>,
    /// The words a reference by title can start with, given the people's titles: a `the`
    /// followed by any other word is passed over (see `refs::spot_is_inert`).
    first_words: FxSet<u64>,
    /// How many runs in a row reused what linking gave (for tests and statistics).
    reused: u64,
}

impl LinkMemo {
    /// How many runs in a row, up to the last, reused the entities instead of linking.
    pub fn reused(&self) -> u64 {
        self.reused
    }
}

/// [`super::recognize_from`], reusing `memo`'s entities when the edit since changed none of
/// linking's inputs, and leaving in `memo` what this run read and gave.
pub fn recognize_memoized(
    article: &Article,
    sports: bool,
    blocks: Vec<(Arc<BlockCandidates>, usize)>,
    kb: &KbView<'_>,
    keys: &mut NameKeys,
    memo: &mut Option<LinkMemo>,
) -> Vec<Entity> {
    let dateline = article.dateline.as_ref().map(|d| (d.city, d.region));
    let mut streak = 0;
    let mut first_words = None;
    let reused = memo.take().and_then(|old| {
        streak = old.reused;
        let edit = TextEdit::between(&old.prose, &article.prose);
        let same = old.sports == sports
            && same_dateline(&edit, old.dateline, dateline)
            && same_candidates(&edit, &old.blocks, &blocks)
            && same_spots(&edit, &old.first_words, &old.blocks, &blocks);
        if !same {
            return None;
        }
        let mut entities = old.entities;
        for e in &mut entities {
            for m in e.mentions.iter_mut().chain(e.references.iter_mut()) {
                m.span = edit.map(m.span)?;
            }
        }
        first_words = Some(old.first_words);
        Some(entities)
    });
    let (entities, reused) = reused.map(|e| (e, streak + 1)).unwrap_or_else(|| {
        let blocks = blocks.iter().map(|(b, at)| (&**b, *at));
        (super::recognize_from(article, sports, blocks, kb, keys), 0)
    });
    let first_words = first_words
        .unwrap_or_else(|| super::refs::first_word_keys(&super::refs::phrases_by_first(&entities)));
    *memo = Some(LinkMemo {
        prose: article.prose.clone(),
        sports,
        dateline,
        blocks,
        entities: entities.clone(),
        first_words,
        reused,
    });
    entities
}

fn same_dateline(
    edit: &TextEdit,
    old: Option<(Span, Option<Span>)>,
    new: Option<(Span, Option<Span>)>,
) -> bool {
    match (old, new) {
        (None, None) => true,
        (Some((city, region)), Some((new_city, new_region))) => {
            edit.map(city) == Some(new_city)
                && match (region, new_region) {
                    (None, None) => true,
                    (Some(r), Some(n)) => edit.map(r) == Some(n),
                    _ => false,
                }
        }
        _ => false,
    }
}

/// Linking reads the candidates of all blocks as one sequence: a block with none (a new empty
/// paragraph) changes nothing, so the sequences are compared, not the blocks.
type Blocks = [(Arc<BlockCandidates>, usize)];

/// Moves a block-relative span to the block's offset.
fn at(s: Span, at: usize) -> Span {
    Span::new(s.start.wrapping_add(at), s.end.wrapping_add(at))
}

/// Whether `new` holds `old`'s candidates in order, each alike and moved by the edit.
fn same_candidates(edit: &TextEdit, old: &Blocks, new: &Blocks) -> bool {
    same_in_order(
        edit,
        old,
        new,
        |b| &b.0,
        |_| true,
        |(o, o_at), (n, n_at), shared| {
            edit.map(at(o.span, o_at)) == Some(at(n.span, n_at))
            // The cache's own entry, unchanged: only where it stands can differ.
            && (shared || same_but_span(o, n))
        },
    )
}

/// Whether `new` holds `old`'s `the` spots that can refer to someone, in order, each word
/// moved by the edit (so each word reads the same in the new prose). Spots that can refer to
/// no one are passed over in both: linking reads no more of them than their second word.
fn same_spots(edit: &TextEdit, first_words: &FxSet<u64>, old: &Blocks, new: &Blocks) -> bool {
    same_in_order(
        edit,
        old,
        new,
        |b| &b.1,
        |s| !s.is_inert(first_words),
        |(o, o_at), (n, n_at), _| {
            pairwise(o.words(), n.words(), |ow, nw| {
                edit.map(at(ow, o_at)) == Some(at(nw, n_at))
            })
        },
    )
}

/// Whether the items of `new`'s blocks (those `live` keeps) are, as one sequence, `old`'s, each
/// pair `same` (given each item's block offset, and whether both come from one cache entry).
/// A block both sides share, standing where the edit moves it and not touching the edit, is
/// passed over whole: its items are the same, each moved as the block is. Over a long article
/// that is nearly every block, and comparing their items one by one fetched them all.
fn same_in_order<'b, T: 'b>(
    edit: &TextEdit,
    old: &'b Blocks,
    new: &'b Blocks,
    items: impl Fn(&'b BlockCandidates) -> &'b [T],
    live: impl Fn(&T) -> bool,
    mut same: impl FnMut((&'b T, usize), (&'b T, usize), bool) -> bool,
) -> bool {
    // Each side's place: a block, and an item in it.
    let (mut o, mut n) = ((0, 0), (0, 0));
    // The next live item of the block at `at`, from the item at `at`.
    let next_live = |blocks: &'b Blocks, (b, k): (usize, usize)| {
        let (block, _) = blocks.get(b)?;
        let from = items(block).get(k..)?;
        from.iter().position(&live).map(|d| k + d)
    };
    let whole = |b: &BlockCandidates, at: usize| Span::new(at, at.wrapping_add(b.2));
    loop {
        if let (Some((ob, o_at)), Some((nb, n_at))) = (old.get(o.0), new.get(n.0)) {
            if o.1 == 0
                && n.1 == 0
                && Arc::ptr_eq(ob, nb)
                && edit.map(whole(ob, *o_at)) == Some(whole(nb, *n_at))
            {
                (o, n) = ((o.0 + 1, 0), (n.0 + 1, 0));
                continue;
            }
        }
        let (o_end, n_end) = (o.0 >= old.len(), n.0 >= new.len());
        match (next_live(old, o), next_live(new, n)) {
            (Some(ok), Some(nk)) => {
                let ((ob, o_at), (nb, n_at)) = (&old[o.0], &new[n.0]);
                let pair = ((&items(ob)[ok], *o_at), (&items(nb)[nk], *n_at));
                if !same(pair.0, pair.1, Arc::ptr_eq(ob, nb)) {
                    return false;
                }
                (o, n) = ((o.0, ok + 1), (n.0, nk + 1));
            }
            // A side whose block has no live item left goes on to its next block (both at
            // once when both have none, so that a block both share can be passed over).
            (None, None) if o_end && n_end => return true,
            (None, None) => {
                if !o_end {
                    o = (o.0 + 1, 0);
                }
                if !n_end {
                    n = (n.0 + 1, 0);
                }
            }
            (None, Some(_)) if !o_end => o = (o.0 + 1, 0),
            (Some(_), None) if !n_end => n = (n.0 + 1, 0),
            _ => return false,
        }
    }
}

/// Whether `a` and `b` have as many items and each pair is `same`.
fn pairwise<A, B>(
    mut a: impl Iterator<Item = A>,
    mut b: impl Iterator<Item = B>,
    mut same: impl FnMut(A, B) -> bool,
) -> bool {
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                if !same(x, y) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Two candidates alike in everything linking reads but where they stand.
fn same_but_span(a: &Cand, b: &Cand) -> bool {
    let Cand {
        span: _,
        kind,
        evidence,
        title,
        words,
        caps,
        place_cue,
        key,
        surname_key,
        text_key,
        likely_common,
    } = a;
    // The same text has the same `text_key`: both were numbered by the analyzer's one keys.
    *kind == b.kind
        && *evidence == b.evidence
        && *title == b.title
        && *words == b.words
        && *caps == b.caps
        && *place_cue == b.place_cue
        && *key == b.key
        && *surname_key == b.surname_key
        && *text_key == b.text_key
        && *likely_common == b.likely_common
}
