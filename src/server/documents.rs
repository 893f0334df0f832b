//! The document store: every article the server knows, open in the editor or read from disk,
//! as a rope. Mutations here are synchronous and cheap so that handlers can apply them before
//! their first `.await`, in the order the messages arrived.

use super::convert::rope_offset;
use crate::engine::{Analysis, Analyzer, Finding, Settings};
use crate::lines::{Encoding, LineIndex};
use ropey::Rope;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower_lsp::lsp_types::{Diagnostic, TextDocumentContentChangeEvent, Url};

/// The result of checking one generation of a document.
#[derive(Debug)]
pub struct Checked {
    pub generation: u64,
    pub version: Option<i32>,
    /// The text when it was not analyzed (too large); otherwise the analysis holds it, and
    /// one copy of a large article is enough.
    pub unchecked_text: String,
    /// Line starts of the text, built once for the diagnostics and kept for hover and actions.
    pub lines: LineIndex,
    /// `None` when the file was too large to check.
    pub analysis: Option<Analysis>,
    pub settings: Settings,
    /// What is published for a file that was not analyzed (too large). An analyzed file's
    /// diagnostics are made from its findings as they are sent or asked for: a `Diagnostic`
    /// per finding kept here would be a second copy of every message, and a dozen
    /// allocations each (a 1 MB article has about 2,700).
    pub notes: Vec<Diagnostic>,
}

impl Checked {
    /// What the check found (nothing when the file was not analyzed).
    pub fn findings(&self) -> &[Finding] {
        self.analysis.as_ref().map_or(&[], |a| &a.findings)
    }

    /// The text that was checked.
    pub fn text(&self) -> &str {
        match &self.analysis {
            Some(a) => &a.article.text,
            None => &self.unchecked_text,
        }
    }
}

#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    /// The editor's version; `None` for a file known only from disk.
    pub version: Option<i32>,
    /// Open in the editor: the editor's text wins over the disk.
    pub open: bool,
    pub language_id: String,
    /// Bumped on every change of text or settings; a check publishes only if its generation is
    /// still the document's, which is what keeps stale diagnostics off the screen.
    pub generation: u64,
    /// The last completed check, reused by hover and code actions while it is current.
    pub checked: Option<Arc<Checked>>,
    /// Checks that panicked on this document: left out of its later checks (a check that
    /// failed on one keystroke would fail, and be logged, on every keystroke after it). A
    /// fresh `didOpen` gives them another chance.
    pub failed_checks: Vec<String>,
    /// The document's incremental analyzer: what it found per paragraph last time. Shared
    /// with the check in flight, which runs on the blocking pool.
    pub analyzer: Arc<Mutex<Analyzer>>,
}

impl Document {
    pub fn text(&self) -> String {
        // Sized once (`to_string` grows by doubling: up to twice the text, and copies).
        String::from(&self.rope)
    }

    /// The last check, if it is of the current text and settings.
    pub fn current_check(&self) -> Option<Arc<Checked>> {
        self.checked
            .as_ref()
            .filter(|c| c.generation == self.generation)
            .cloned()
    }
}

/// What `change` did.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeOutcome {
    Applied {
        generation: u64,
    },
    /// The document is not open: the change is dropped (and logged by the caller).
    NotOpen,
    /// Applied, though the version did not increase (the client broke the protocol); the
    /// caller logs it. The text still follows the client's edits in arrival order.
    AppliedOutOfOrder {
        generation: u64,
        previous: i32,
    },
}

#[derive(Debug, Default)]
pub struct DocumentStore {
    docs: HashMap<Url, Document>,
    next_generation: u64,
    /// Checks that an edit made stale, for the caller to free off the message loop (freeing
    /// the analysis of a 1 MB article takes milliseconds): see [`DocumentStore::take_retired`].
    retired: Vec<Arc<Checked>>,
}

impl DocumentStore {
    fn bump(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    /// What a replaced document hands on to its successor: its last check and its analyzer
    /// (whose cache still fits most paragraphs of the new text).
    fn take(&mut self, uri: &Url) -> (Option<Arc<Checked>>, Arc<Mutex<Analyzer>>) {
        let (checked, analyzer, _) = self.take_all(uri);
        (checked, analyzer)
    }

    /// Like `take`, with the checks that failed on the document (kept across disk reloads).
    fn take_all(&mut self, uri: &Url) -> (Option<Arc<Checked>>, Arc<Mutex<Analyzer>>, Vec<String>) {
        match self.docs.remove(uri) {
            Some(d) => (d.checked, d.analyzer, d.failed_checks),
            None => (None, Arc::default(), Vec::new()),
        }
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.docs.get(uri)
    }

    pub fn uris(&self) -> Vec<Url> {
        self.docs.keys().cloned().collect()
    }

    pub fn is_open(&self, uri: &Url) -> bool {
        self.docs.get(uri).is_some_and(|d| d.open)
    }

    /// `didOpen`: the editor's text replaces whatever was read from disk.
    pub fn open(&mut self, uri: Url, text: &str, version: i32, language_id: String) -> u64 {
        let generation = self.bump();
        let (checked, analyzer) = self.take(&uri);
        self.docs.insert(
            uri,
            Document {
                rope: Rope::from_str(text),
                version: Some(version),
                open: true,
                language_id,
                generation,
                checked,
                failed_checks: Vec::new(),
                analyzer,
            },
        );
        generation
    }

    /// `didChange`: applies the content changes in order. Ranges are clamped to the text.
    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> ChangeOutcome {
        if !self.is_open(uri) {
            return ChangeOutcome::NotOpen;
        }
        let generation = self.bump();
        let Some(doc) = self.docs.get_mut(uri) else {
            return ChangeOutcome::NotOpen;
        };
        for change in changes {
            apply_change(&mut doc.rope, change, enc);
        }
        let previous = doc.version.unwrap_or(i32::MIN);
        doc.version = Some(version);
        doc.generation = generation;
        // The last check is of another text now and is never served again: letting it go here
        // keeps one analysis per document in memory, not the old one beside the new.
        self.retired.extend(doc.checked.take());
        if version <= previous {
            ChangeOutcome::AppliedOutOfOrder {
                generation,
                previous,
            }
        } else {
            ChangeOutcome::Applied { generation }
        }
    }

    /// `didClose`: the document leaves the editor. It stays known (as a disk document) only if
    /// the caller gives its disk text.
    pub fn close(&mut self, uri: &Url, disk_text: Option<String>) -> Option<u64> {
        match disk_text {
            Some(text) => {
                let generation = self.bump();
                let doc = self.docs.get_mut(uri)?;
                doc.rope = Rope::from_str(&text);
                doc.version = None;
                doc.open = false;
                doc.generation = generation;
                Some(generation)
            }
            None => {
                self.docs.remove(uri);
                None
            }
        }
    }

    /// A file's text on disk. Ignored (returns `None`) while the editor has it open.
    pub fn set_disk(&mut self, uri: Url, text: &str) -> Option<u64> {
        if self.is_open(&uri) {
            return None;
        }
        let generation = self.bump();
        let (checked, analyzer, failed_checks) = self.take_all(&uri);
        self.docs.insert(
            uri,
            Document {
                rope: Rope::from_str(text),
                version: None,
                open: false,
                language_id: String::new(),
                generation,
                checked,
                failed_checks,
                analyzer,
            },
        );
        Some(generation)
    }

    /// A file deleted on disk. Returns whether a disk document was dropped.
    pub fn remove_disk(&mut self, uri: &Url) -> bool {
        if self.docs.get(uri).is_some_and(|d| !d.open) {
            self.docs.remove(uri);
            true
        } else {
            false
        }
    }

    /// Settings changed: every document gets a new generation. Returns them all.
    pub fn bump_all(&mut self) -> Vec<(Url, u64)> {
        let uris = self.uris();
        uris.into_iter()
            .filter_map(|uri| {
                let generation = self.bump();
                let doc = self.docs.get_mut(&uri)?;
                doc.generation = generation;
                Some((uri, generation))
            })
            .collect()
    }

    /// A check panicked on this document: it is left out of the document's later checks.
    /// Returns whether it was newly turned off.
    pub fn turn_off_check(&mut self, uri: &Url, check: &str) -> bool {
        match self.docs.get_mut(uri) {
            Some(doc) if !doc.failed_checks.iter().any(|c| c == check) => {
                doc.failed_checks.push(check.to_string());
                true
            }
            _ => false,
        }
    }

    /// Stores a finished check if it is still current; returns whether it was.
    /// The checks made stale by edits since the last call, to be freed by the caller.
    pub fn take_retired(&mut self) -> Vec<Arc<Checked>> {
        std::mem::take(&mut self.retired)
    }

    pub fn store_check(&mut self, uri: &Url, checked: Arc<Checked>) -> bool {
        match self.docs.get_mut(uri) {
            Some(doc) if doc.generation == checked.generation => {
                doc.checked = Some(checked);
                true
            }
            _ => false,
        }
    }
}

/// One content change: a ranged edit, or (without a range) the whole new text.
pub fn apply_change(rope: &mut Rope, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    let Some(range) = change.range else {
        *rope = Rope::from_str(&change.text);
        return;
    };
    let a = rope_offset(rope, range.start, enc);
    let b = rope_offset(rope, range.end, enc);
    let (start, end) = (a.min(b), a.max(b));
    // Offsets from `rope_offset` fall on character boundaries, so these conversions are exact.
    let cs = rope.byte_to_char(start);
    let ce = rope.byte_to_char(end);
    rope.remove(cs..ce);
    rope.insert(cs, &change.text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::{Position, Range};

    fn edit(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        }
    }

    fn uri() -> Url {
        Url::parse("file:///tmp/a.txt").expect("static URL")
    }

    #[test]
    fn edits_with_emoji_combining_marks_and_crlf() {
        let mut store = DocumentStore::default();
        store.open(uri(), "a😀b\r\ne\u{301}x\r\n", 1, "plaintext".into());
        // UTF-16: after the emoji is column 3.
        store.change(&uri(), 2, &[edit(0, 3, 0, 4, "B")], Encoding::Utf16);
        // After the combining mark (e + U+0301) is column 2 in UTF-16 and 3 in UTF-8.
        store.change(&uri(), 3, &[edit(1, 2, 1, 3, "y")], Encoding::Utf16);
        store.change(&uri(), 4, &[edit(1, 0, 1, 3, "É")], Encoding::Utf8);
        // Join the lines across the CRLF.
        store.change(&uri(), 5, &[edit(0, 4, 1, 0, " ")], Encoding::Utf16);
        let doc = store.get(&uri()).expect("open");
        assert_eq!(doc.text(), "a😀B Éy\r\n");
        assert_eq!(doc.version, Some(5));
    }

    #[test]
    fn out_of_range_edits_clamp() {
        let mut store = DocumentStore::default();
        store.open(uri(), "ab\ncd", 1, "plaintext".into());
        store.change(&uri(), 2, &[edit(9, 9, 9, 9, "!")], Encoding::Utf16);
        store.change(&uri(), 3, &[edit(0, 99, 0, 1, "-")], Encoding::Utf16);
        assert_eq!(store.get(&uri()).expect("open").text(), "a-\ncd!");
        let outcome = store.change(&uri(), 3, &[], Encoding::Utf16);
        assert!(matches!(outcome, ChangeOutcome::AppliedOutOfOrder { .. }));
        let other = Url::parse("file:///tmp/b.txt").expect("static URL");
        assert_eq!(
            store.change(&other, 1, &[], Encoding::Utf16),
            ChangeOutcome::NotOpen
        );
    }

    proptest::proptest! {
        /// Any positions at all (past the end, inside a surrogate pair or a UTF-8 sequence,
        /// backwards) apply without a panic; the text stays what the clamped edit says.
        #[test]
        fn arbitrary_edits_never_panic(
            text in "[a-zé😀\u{301}\r\n ]{0,40}",
            edits in proptest::collection::vec((0u32..6, 0u32..12, 0u32..6, 0u32..12, "[x😀\r\n]{0,3}", 0usize..3), 1..20),
        ) {
            let mut rope = Rope::from_str(&text);
            for (l1, c1, l2, c2, new, enc) in edits {
                let enc = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][enc];
                let before = rope.to_string();
                let change = edit(l1, c1, l2, c2, &new);
                let conv = crate::server::convert::Converter::new(&before, enc);
                let span = conv.span(change.range.expect("ranged"));
                apply_change(&mut rope, &change, enc);
                let mut want = before.clone();
                want.replace_range(span.range(), &new);
                proptest::prop_assert_eq!(rope.to_string(), want);
            }
        }
    }

    #[test]
    fn open_text_wins_and_close_reverts() {
        let mut store = DocumentStore::default();
        assert!(store.set_disk(uri(), "disk").is_some());
        store.open(uri(), "editor", 1, "plaintext".into());
        assert!(store.set_disk(uri(), "disk 2").is_none());
        assert_eq!(store.get(&uri()).expect("open").text(), "editor");
        store.close(&uri(), Some("disk 2".into()));
        let doc = store.get(&uri()).expect("known");
        assert_eq!(
            (doc.text().as_str(), doc.open, doc.version),
            ("disk 2", false, None)
        );
        store.close(&uri(), None);
        assert!(store.get(&uri()).is_none());
    }
}
