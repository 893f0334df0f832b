//! A deliberately simple model of LSP positions, written apart from the server's converters so
//! that the property tests and the `edits` fuzz target check those against something else:
//! lines end at `\n`, `\r\n` or a lone `\r`; a line past the last is the end of the text; a
//! column past a line's end is the line's end (before its break); a column inside a character
//! (half a surrogate pair, a byte inside a UTF-8 sequence) is that character's start.
#![allow(dead_code)] // each user takes a different part

use copydesk::lines::Encoding;

pub fn width(c: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// Each line as (start, end of its content) in bytes.
pub fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// The byte offset of (line, column).
pub fn offset(text: &str, line: u32, col: u32, enc: Encoding) -> usize {
    let Some(&(start, end)) = lines(text).get(line as usize) else {
        return text.len();
    };
    let mut units = 0usize;
    for (i, c) in text[start..end].char_indices() {
        units += width(c, enc);
        if units > col as usize {
            return start + i;
        }
    }
    end
}

/// (line, column) of a byte offset on a character boundary that is not inside a `\r\n`.
pub fn position(text: &str, at: usize, enc: Encoding) -> (u32, u32) {
    let lines = lines(text);
    let line = lines
        .iter()
        .rposition(|&(start, _)| start <= at)
        .expect("the first line starts at 0");
    let col: usize = text[lines[line].0..at].chars().map(|c| width(c, enc)).sum();
    (line as u32, col as u32)
}

/// Whether `at` is a place an LSP position can name: a character boundary, not between the
/// `\r` and `\n` of a line break.
pub fn is_position(text: &str, at: usize) -> bool {
    text.is_char_boundary(at)
        && !(at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n'))
}

/// Strings made of what position conversion gets wrong: multi-unit characters, combining
/// marks, ZWJ sequences, every kind of line break, and Unicode line separators LSP does not
/// count as breaks.
pub const ATOMS: &[&str] = &[
    "a",
    "Z",
    " ",
    "\n",
    "\r",
    "\r\n",
    "é",
    "e\u{301}",
    "😀",
    "👍🏽",
    "👨\u{200d}👩\u{200d}👧",
    "中",
    "\t",
    "—",
    "\u{feff}",
    "\u{2028}",
    "\u{85}",
    "ǅ",
    "🇺🇸",
];
