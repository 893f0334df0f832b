//! Where two versions of a text differ, and how a span of the old one moves in the new one.
//!
//! A keystroke changes one stretch of a text. Everything before it stays where it was and
//! everything after it moves by the change in length; a span inside the changed stretch, or
//! across one of its ends, has no place in the new text. A document-level pass whose inputs
//! all move this way gives the same answer moved the same way, if it reads positions only to
//! order and compare them: that is what lets such a pass skip a keystroke that changed none of
//! its inputs (see `entities::LinkMemo`).

use super::finding::Span;

/// The changed stretch between an old text and a new one: the common prefix, and where the
/// common suffix starts in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEdit {
    prefix: usize,
    old_tail: usize,
    new_tail: usize,
}

impl TextEdit {
    /// The single stretch that turns `old` into `new` (the longest common prefix, then the
    /// longest common suffix of what remains).
    pub fn between(old: &str, new: &str) -> TextEdit {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let prefix = common_prefix(a, b);
        let suffix = common_suffix(&a[prefix..], &b[prefix..]);
        TextEdit {
            prefix,
            old_tail: a.len() - suffix,
            new_tail: b.len() - suffix,
        }
    }

    /// Where the old text's `span` stands in the new text: unmoved if it ends before the
    /// change, moved with the suffix if it starts after it, `None` if it touches the change.
    pub fn map(&self, span: Span) -> Option<Span> {
        if span.end <= self.prefix {
            Some(span)
        } else if span.start >= self.old_tail {
            Some(Span::new(
                span.start - self.old_tail + self.new_tail,
                span.end - self.old_tail + self.new_tail,
            ))
        } else {
            None
        }
    }
}

/// Compared a block at a time: `memcmp` finds an equal block at memory speed.
const CHUNK: usize = 4096;

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut k = 0;
    while k + CHUNK <= n && a[n - k - CHUNK..n - k] == b[n - k - CHUNK..n - k] {
        k += CHUNK;
    }
    while k < n && a[n - k - 1] == b[n - k - 1] {
        k += 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, word: &str) -> Span {
        let at = text.find(word).expect("word in text");
        Span::new(at, at + word.len())
    }

    #[test]
    fn spans_before_the_change_stay_after_it_move_and_across_it_are_lost() {
        let old = "Kirby said the minister left. Netanyahu spoke.";
        let new = "Kirby said the prime minister left. Netanyahu spoke.";
        let edit = TextEdit::between(old, new);
        assert_eq!(edit.map(span_of(old, "Kirby")), Some(span_of(new, "Kirby")));
        assert_eq!(
            edit.map(span_of(old, "Netanyahu")),
            Some(span_of(new, "Netanyahu"))
        );
        // `the ` is common to both ends of the change; `the minister` reaches into it.
        assert_eq!(edit.map(span_of(old, "the")), Some(span_of(new, "the")));
        assert_eq!(edit.map(span_of(old, "the minister")), None);
    }

    #[test]
    fn deletions_replacements_and_no_change() {
        let old = "abc def ghi";
        let edit = TextEdit::between(old, "abc ghi");
        assert_eq!(edit.map(Span::new(8, 11)), Some(Span::new(4, 7)));
        assert_eq!(edit.map(Span::new(4, 7)), None);
        let edit = TextEdit::between(old, "abc dxf ghi");
        assert_eq!(edit.map(Span::new(4, 7)), None);
        assert_eq!(edit.map(Span::new(0, 3)), Some(Span::new(0, 3)));
        assert_eq!(edit.map(Span::new(8, 11)), Some(Span::new(8, 11)));
        let same = TextEdit::between(old, old);
        assert_eq!(same.map(Span::new(0, 11)), Some(Span::new(0, 11)));
    }

    #[test]
    fn long_texts_compare_by_chunks_to_the_exact_byte() {
        let old = "word ".repeat(5000);
        for at in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7, old.len()] {
            let mut new = old.clone();
            new.insert(at, 'x');
            let edit = TextEdit::between(&old, &new);
            assert_eq!(
                (edit.prefix, edit.old_tail, edit.new_tail),
                (at, at, at + 1),
                "insert at {at}"
            );
        }
    }
}
