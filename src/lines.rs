//! Converting byte offsets to line/column positions and back, for the shells. The engine only
//! speaks byte offsets; UTF-8, UTF-16 and UTF-32 positions exist only at the edges.

/// How a column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (LSP's default).
    Utf16,
    /// Unicode scalar values (characters).
    Utf32,
}

/// Line starts of a text, for offset ↔ (line, column) conversion. Lines end at `\n`; a `\r`
/// before it belongs to the line's end, and a lone `\r` also ends a line (as LSP says).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // By line break, not by byte: the server indexes a large article at every keystroke.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line and column of a byte offset (clamped to the text), column in `enc` units.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> (usize, usize) {
        let mut offset = offset.min(self.len).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col_text = &text[start..offset];
        let col = match enc {
            Encoding::Utf8 => col_text.len(),
            Encoding::Utf16 => col_text.encode_utf16().count(),
            Encoding::Utf32 => col_text.chars().count(),
        };
        (line, col)
    }

    /// Byte offset of a 0-based (line, column). Out-of-range lines clamp to the end of the text;
    /// columns past the line's end clamp to the end of the line (before its line break); a
    /// column inside a character clamps to that character's start.
    pub fn offset(&self, text: &str, line: usize, col: usize, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        let line_text = &text[start..end];
        let content = line_text.trim_end_matches(['\n', '\r']);
        let mut units = 0;
        for (i, c) in content.char_indices() {
            let w = match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if units + w > col {
                return start + i;
            }
            units += w;
        }
        start + content.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_all_encodings() {
        let text = "a😀b\r\nsecond é line\rthird";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let b = text.find('b').unwrap();
        assert_eq!(idx.position(text, b, Encoding::Utf8), (0, 5));
        assert_eq!(idx.position(text, b, Encoding::Utf16), (0, 3));
        assert_eq!(idx.position(text, b, Encoding::Utf32), (0, 2));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let (l, c) = idx.position(text, b, enc);
            assert_eq!(idx.offset(text, l, c, enc), b);
        }
        let t = text.find("third").unwrap();
        assert_eq!(idx.position(text, t, Encoding::Utf16), (2, 0));
    }

    /// Lines end at `\n`, at `\r\n` and at a lone `\r`, wherever they fall.
    #[test]
    fn line_starts_at_every_kind_of_break() {
        let starts = |t: &str| LineIndex::new(t).starts;
        assert_eq!(starts(""), [0]);
        assert_eq!(starts("\r"), [0, 1]);
        assert_eq!(starts("\r\n"), [0, 2]);
        assert_eq!(starts("\n\r"), [0, 1, 2]);
        assert_eq!(starts("a\r\r\nb\n\nc\r"), [0, 2, 4, 6, 7, 9]);
    }

    #[test]
    fn clamping() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(text, 0, 99, Encoding::Utf16), 2);
        assert_eq!(idx.offset(text, 9, 0, Encoding::Utf16), 5);
        assert_eq!(idx.position(text, 99, Encoding::Utf16), (1, 2));
        let emoji = "😀";
        let idx = LineIndex::new(emoji);
        // A column in the middle of a surrogate pair lands on the character's start.
        assert_eq!(idx.offset(emoji, 0, 1, Encoding::Utf16), 0);
        assert_eq!(idx.position(emoji, 2, Encoding::Utf8), (0, 0));
    }
}
