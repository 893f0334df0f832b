//! Random sequences of incremental edits, applied to the server's rope store in each position
//! encoding and checked against a model: a `String` edited by byte offsets computed from the
//! LSP positions by `tests/model` (written apart from the server's converters). After every
//! edit the stored text must equal the model, and every place a position can name must survive
//! a round trip through an LSP position, by the model, the converter and the rope alike.
#![no_main]

use copydesk::lines::Encoding;
use copydesk::server::convert::{rope_offset, Converter};
use copydesk::server::documents::{ChangeOutcome, DocumentStore};
use libfuzzer_sys::fuzz_target;
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};

#[path = "../../tests/model/mod.rs"]
mod model;

use model::ATOMS;

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn text(&mut self) -> Option<String> {
        let n = self.byte()? % 12;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(ATOMS[self.byte()? as usize % ATOMS.len()]);
        }
        Some(s)
    }

    /// Small numbers mostly, a huge one now and then.
    fn coord(&mut self) -> Option<u32> {
        let b = self.byte()?;
        Some(match b {
            0xff => u32::MAX,
            0xfe => 1 << 20,
            _ => u32::from(b % 24),
        })
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes(data);
    let Some(first) = input.byte() else { return };
    let enc = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][first as usize % 3];
    let Some(initial) = input.text() else { return };
    let uri = Url::parse("file:///fuzz/story.txt").expect("static URL");
    let mut store = DocumentStore::default();
    store.open(uri.clone(), &initial, 1, "plaintext".into());
    let mut model = initial;
    let mut version = 1;
    while let (Some(kind), Some(l1), Some(c1), Some(l2), Some(c2), Some(new)) = (
        input.byte(),
        input.coord(),
        input.coord(),
        input.coord(),
        input.coord(),
        input.text(),
    ) {
        let range = Range::new(Position::new(l1, c1), Position::new(l2, c2));
        let change = TextDocumentContentChangeEvent {
            // One change in sixteen replaces the whole text, as a client may at any time.
            range: (kind % 16 != 0).then_some(range),
            range_length: None,
            text: new.clone(),
        };
        if change.range.is_some() {
            let a = model::offset(&model, l1, c1, enc);
            let b = model::offset(&model, l2, c2, enc);
            model.replace_range(a.min(b)..a.max(b), &new);
        } else {
            model = new;
        }
        // The version goes backwards now and then: applied in arrival order all the same.
        version = if kind & 0x80 != 0 { version - 1 } else { version + 1 };
        let outcome = store.change(&uri, version, &[change], enc);
        assert!(!matches!(outcome, ChangeOutcome::NotOpen));
        let doc = store.get(&uri).expect("open");
        let text = doc.text();
        assert_eq!(text, model, "after {range:?} in {enc:?}");
        assert_eq!(doc.rope.len_lines(), model::lines(&model).len());
        let conv = Converter::new(&model, enc);
        for o in (0..=model.len()).filter(|&o| model::is_position(&model, o)) {
            let pos = conv.position(o);
            assert_eq!((pos.line, pos.character), model::position(&model, o, enc));
            assert_eq!(conv.offset(pos), o, "{pos:?} in {enc:?}");
            assert_eq!(rope_offset(&doc.rope, pos, enc), o, "{pos:?} in {enc:?}");
        }
    }
});
