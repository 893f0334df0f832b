//! Tokens and sentences of news prose, with byte offsets into the article text.
//!
//! News copy is full of periods that do not end sentences (`U.S.`, `Sen.`, `Maj. Gen.`, `Jan.`,
//! `St. Louis`, initials, decimals), and of sentences that end inside quotes. The splitter works
//! on the masked prose (see `article`), so its offsets are the article's own.

use super::finding::Span;
use super::settings::list_lines;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with digits, apostrophes, hyphens and abbreviation periods.
    Word,
    /// Starts with a digit and holds only digits, `,` and `.` (`1,143`, `1.4`).
    Number,
    /// Anything else, one character at a time.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        self.span.text(source)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Vec<Token>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    Title,
    Month,
    Place,
    Terminal,
}

/// The longest abbreviation the table can hold: its words are looked up packed into a `u128`,
/// with their length in the top byte, so no string is hashed or made for a lookup.
const MAX_ABBREVIATION_LEN: usize = 15;

/// `word` packed for the table: its bytes little-endian, its length in the top byte.
fn packed_word(word: &[u8]) -> Option<u128> {
    let mut buf = [0u8; 16];
    buf.get_mut(..word.len())
        .filter(|_| word.len() <= MAX_ABBREVIATION_LEN)?
        .copy_from_slice(word);
    buf[15] = word.len() as u8;
    Some(u128::from_le_bytes(buf))
}

/// A hasher for packed words: they are few and short, and the table is built into the
/// binary, so a multiply spreads them well enough.
#[derive(Default)]
struct PackedWordHasher(u64);

impl std::hash::Hasher for PackedWordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u128(&mut self, n: u128) {
        let folded = (n as u64) ^ ((n >> 64) as u64).rotate_left(29);
        self.0 = folded.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type AbbreviationTable = HashMap<u128, AbbrevKind, std::hash::BuildHasherDefault<PackedWordHasher>>;

/// Every word of `src/data/abbreviations.txt` with the kind its section gives it, in order.
fn abbreviation_entries() -> Vec<(&'static str, AbbrevKind)> {
    let mut entries = Vec::new();
    let mut kind = AbbrevKind::Terminal;
    for line in list_lines(include_str!("../data/abbreviations.txt")) {
        match line {
            "[title]" => kind = AbbrevKind::Title,
            "[month]" => kind = AbbrevKind::Month,
            "[place]" => kind = AbbrevKind::Place,
            "[terminal]" => kind = AbbrevKind::Terminal,
            words => entries.extend(words.split_whitespace().map(|w| (w, kind))),
        }
    }
    entries
}

fn abbreviations() -> &'static AbbreviationTable {
    static TABLE: OnceLock<AbbreviationTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = AbbreviationTable::default();
        for (w, kind) in abbreviation_entries() {
            let key = packed_word(w.as_bytes()).expect("abbreviations are short");
            table.entry(key).or_insert(kind);
        }
        table
    })
}

/// The kind of abbreviation `word` (without its final period) is, if any. Case matters for
/// the listed words (`No.` yes, `no.` no), except that all-caps copy is accepted.
pub fn abbreviation_kind(word: &str) -> Option<AbbrevKind> {
    // Longer than any abbreviation, in any case.
    let key = packed_word(word.as_bytes())?;
    let table = abbreviations();
    if let Some(k) = table.get(&key) {
        return Some(*k);
    }
    if word.len() > 1 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        // Title case: every letter after the first lowered (ASCII capitals | 0x20).
        let after_first = (u128::MAX >> (8 * (16 - word.len()))) & !0xFF;
        let title = key | (0x2020_2020_2020_2020_2020_2020_2020_2020 & after_first);
        return table.get(&title).copied();
    }
    None
}

/// Dotted abbreviations and initials: `U.S`, `a.m`, `e.g`, `J` (the final period excluded).
fn is_dotted_or_initial(word: &str) -> bool {
    let mut letters = 0;
    let mut prev_dot = true;
    for c in word.chars() {
        if c == '.' {
            if prev_dot {
                return false;
            }
            prev_dot = true;
        } else if c.is_alphabetic() {
            if !prev_dot {
                return false; // two letters in a row: an ordinary word
            }
            letters += 1;
            prev_dot = false;
        } else {
            return false;
        }
    }
    letters >= 1 && !prev_dot
}

fn is_word_char(c: char) -> bool {
    // Curly quotes, dashes and the ellipsis (General Punctuation, U+2000 to U+206F) are most
    // of the non-ASCII characters in English copy, and none is a letter, digit or mark: they
    // are answered before the Unicode tables are searched.
    if ('\u{2000}'..='\u{206F}').contains(&c) {
        return false;
    }
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    // Combining marks keep a word whole (`é` written as `e` + U+0301).
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The text with its first character in upper case (`local health authorities` → `Local …`).
pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => {
            // The rest copied as it is, not a character at a time.
            let mut out = String::with_capacity(s.len() + 3);
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
        None => String::new(),
    }
}

/// Calls `read` with `word` in lowercase (`str::to_lowercase`), lowered on the stack when it
/// is short ASCII: names and title words are looked up lowercased thousands of times a
/// keystroke, and a string for each costs more than the lookup.
pub fn with_lowercase<R>(word: &str, read: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 40];
    match buf.get_mut(..word.len()) {
        Some(lower) if word.is_ascii() => {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            // ASCII bytes lowered are ASCII still.
            read(std::str::from_utf8(lower).unwrap_or_default())
        }
        _ => read(&word.to_lowercase()),
    }
}

/// A word written in capitals: it has letters and none of them is lowercase (`NATO`, `F-16`).
#[inline]
pub fn all_capitals(text: &str) -> bool {
    // Byte by byte while the text is ASCII: most words are decided by their first two letters.
    let mut letters = false;
    for &b in text.as_bytes() {
        if !b.is_ascii() {
            return text.chars().any(char::is_alphabetic)
                && text
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
        }
        if b.is_ascii_lowercase() {
            return false;
        }
        letters |= b.is_ascii_uppercase();
    }
    letters
}

/// Damerau–Levenshtein distance is at most one (one letter changed, added, dropped or two
/// neighbours swapped), compared by characters.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    // ASCII (most names) is compared as bytes, with no list of characters made.
    if a.is_ascii() && b.is_ascii() {
        return slices_within_one_edit(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    slices_within_one_edit(&a, &b)
}

fn slices_within_one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if la == lb {
        let rest_eq = |from: usize| a[from..] == b[from..];
        // One substitution, or one swap of neighbours.
        return rest_eq(prefix + 1)
            || (prefix + 1 < la
                && a[prefix] == b[prefix + 1]
                && a[prefix + 1] == b[prefix]
                && rest_eq(prefix + 2));
    }
    let (long, short) = if la > lb { (a, b) } else { (b, a) };
    long[prefix + 1..] == short[prefix..]
}

/// Hashes of the strings one deletion away from `word` (and of `word` itself), sorted: two
/// words within one edit share one of them, so a hash map of them finds neighbours without
/// comparing all pairs. Hashes, not strings, so a word costs no allocation per letter; callers
/// confirm each neighbour with [`within_one_edit`], which a rare collision cannot fool.
pub fn deletion_keys(word: &str) -> Vec<u64> {
    // Byte by byte, so the hash depends only on the bytes, not on where a deletion split them.
    fn mix(h: u64, bytes: &[u8]) -> u64 {
        bytes.iter().fold(h, |h, &b| {
            (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
        })
    }
    let mut out = Vec::with_capacity(word.len() + 1);
    out.push(mix(0, word.as_bytes()));
    // The hash of the bytes before each character, carried from one to the next.
    let mut head = 0;
    let mut head_end = 0;
    for (i, c) in word.char_indices() {
        head = mix(head, &word.as_bytes()[head_end..i]);
        head_end = i;
        out.push(mix(head, &word.as_bytes()[i + c.len_utf8()..]));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The values filed under the deletion key `key` in `index`, a list of (key, value) sorted by
/// key: one list for all of a story's keys rather than a list per key in a map.
pub fn filed_under<T: Copy>(index: &[(u64, T)], key: u64) -> impl Iterator<Item = T> + '_ {
    let from = index.partition_point(|&(k, _)| k < key);
    index[from..]
        .iter()
        .take_while(move |&&(k, _)| k == key)
        .map(|&(_, v)| v)
}

/// Which characters a word holds, one bit for each (by its code point, modulo 64). Two words
/// that share a deletion key ([`deletion_keys`]) are one letter apart at most, removed from
/// one and added to the other, so their masks differ in two bits at most: a check that rules
/// out most words before their keys are made.
#[inline]
pub fn letter_mask(word: &str) -> u64 {
    word.chars()
        .fold(0, |mask, c| mask | 1 << (u32::from(c) & 63))
}

/// Can `a` and `b` share a deletion key, by their [`letter_mask`]s? At most two bits differ:
/// told by clearing the two lowest set bits and finding none left, cheaper than a bit count on
/// a CPU without one (most words are compared with every surname's mask).
#[inline]
pub fn masks_within_one_edit(a: u64, b: u64) -> bool {
    let differ = a ^ b;
    let rest = differ & differ.wrapping_sub(1);
    rest & rest.wrapping_sub(1) == 0
}

/// The [`letter_mask`]s of a story's surnames, to rule out a word near none of them before its
/// deletion keys are made. Past a few dozen surnames (a book) the keys alone are cheaper than
/// a check against each, and every word may be near.
pub struct LetterMasks(Option<Vec<u64>>);

impl LetterMasks {
    pub fn of<'w>(surnames: impl ExactSizeIterator<Item = &'w str>) -> LetterMasks {
        LetterMasks((surnames.len() <= 64).then(|| surnames.map(letter_mask).collect()))
    }

    /// Might `word` be one edit from a surname?
    #[inline]
    pub fn may_be_near(&self, word: &str) -> bool {
        self.0.as_ref().map_or(true, |masks| {
            let mask = letter_mask(word);
            masks.iter().any(|&m| masks_within_one_edit(m, mask))
        })
    }
}

/// What an ASCII byte is to the tokenizer, from a table rather than range tests: most bytes
/// of English copy are read through it, and only bytes from 0x80 up (`NON_ASCII`) are
/// decoded into characters and asked.
const SPACE: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const OTHER: u8 = 3;
const NON_ASCII: u8 = 4;

static BYTE_CLASS: [u8; 256] = {
    let mut table = [NON_ASCII; 256];
    let mut b = 0;
    while b < 0x80 {
        table[b] = match b as u8 {
            // `char::is_whitespace` in ASCII: tab to carriage return (vertical tab too) and space.
            b'\t'..=b'\r' | b' ' => SPACE,
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => DIGIT,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

#[inline]
fn byte_class(b: u8) -> u8 {
    BYTE_CLASS[usize::from(b)]
}

/// True for the bytes that, after a run of ASCII letters and digits that starts with a letter,
/// end the word there: white space, and punctuation other than the `'` `-` `.` that may join
/// or end an abbreviation (`,` joins digits only, and the word holds a letter).
static ENDS_A_LETTER_RUN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match BYTE_CLASS[b] {
            SPACE => true,
            OTHER => !matches!(b as u8, b'\'' | b'-' | b'.'),
            _ => false,
        };
        b += 1;
    }
    table
};

/// Splits `text[range]` into tokens. Offsets are into `text`.
pub fn tokenize(text: &str, range: Span) -> Vec<Token> {
    let mut tokens = Vec::new();
    tokenize_into(text, range, &mut tokens);
    tokens
}

/// [`tokenize`] into `tokens`, cleared first: one list serves every paragraph of an article.
fn tokenize_into(text: &str, range: Span, tokens: &mut Vec<Token>) {
    tokens.clear();
    let Some(slice) = text.get(range.start..range.end) else {
        return;
    };
    let bytes = slice.as_bytes();
    let token = |start: usize, end: usize, kind| Token {
        span: Span::new(range.start + start, range.start + end),
        kind,
    };
    // Room for a token every four bytes, so that few paragraphs grow the list (English runs to
    // about one every five and a half).
    tokens.reserve(slice.len() / 4 + 1);
    let mut o = 0;
    while let Some(&b) = bytes.get(o) {
        let start = o;
        let class = byte_class(b);
        if class == LETTER {
            // Most words are ASCII letters and digits ended by a space or a punctuation mark
            // that cannot join them to more (`'` `-` `.` and non-ASCII can), and need nothing
            // more than the run read.
            let end = ascii_alphanumeric_end(bytes, o);
            match bytes.get(end) {
                Some(&after) if !ENDS_A_LETTER_RUN[usize::from(after)] => {}
                after => {
                    tokens.push(token(start, end, TokenKind::Word));
                    o = end + usize::from(after == Some(&b' '));
                    continue;
                }
            }
        }
        let first_is_digit = match class {
            SPACE => {
                o += 1;
                continue;
            }
            OTHER => {
                o += 1;
                tokens.push(token(start, o, TokenKind::Punct));
                continue;
            }
            LETTER => {
                o += 1;
                false
            }
            DIGIT => {
                o += 1;
                true
            }
            _ => {
                let Some(c) = char_at(slice, o) else { break };
                o += c.len_utf8();
                if c.is_whitespace() {
                    continue;
                }
                if !is_word_char(c) {
                    tokens.push(token(start, o, TokenKind::Punct));
                    continue;
                }
                false
            }
        };
        let (end, all_digits) = word_end(slice, start, o, first_is_digit);
        tokens.push(token(
            start,
            end,
            if all_digits {
                TokenKind::Number
            } else {
                TokenKind::Word
            },
        ));
        o = end;
        // The space after a word, skipped here rather than through the match again.
        if bytes.get(o) == Some(&b' ') {
            o += 1;
        }
    }
}

/// The end of the word or number starting at byte `start` of `s`, whose first character ends
/// at `after_first`, and whether it is a number (ASCII digits, `,` and `.` only): runs of word
/// characters joined by ' ’ - ‑ . , when a word character follows (`don't`, `al-Zawahri`,
/// `U.S`, `1,143`, `1.4`), and the final period of an abbreviation or initial (`Sen.`, `U.S.`,
/// `J.`).
fn word_end(s: &str, start: usize, after_first: usize, first_is_digit: bool) -> (usize, bool) {
    let bytes = s.as_bytes();
    let mut j = after_first;
    let mut all_digits = first_is_digit;
    loop {
        (j, all_digits) = word_run(s, j, all_digits);
        let Some(&sep) = bytes.get(j) else { break };
        let (sep_len, joins) = match sep {
            b'\'' | b'-' => (1, char_at(s, j + 1).is_some_and(is_word_char)),
            // Decimal and thousands separators join digits only (the run before a separator
            // ends in a digit when all of it is digits).
            b',' => (
                1,
                all_digits && bytes.get(j + 1).is_some_and(u8::is_ascii_digit),
            ),
            b'.' => {
                let joins = if all_digits && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
                    true
                } else {
                    char_at(s, j + 1).is_some_and(char::is_alphabetic)
                        && s[..j].chars().next_back().is_some_and(char::is_alphabetic)
                        && dotted_so_far(&s[start..j])
                };
                (1, joins)
            }
            // The first byte of `’` and of the non-breaking hyphen `‑`.
            0xE2 => match char_at(s, j) {
                Some(c @ ('’' | '‑')) => {
                    let sep_len = c.len_utf8();
                    (sep_len, char_at(s, j + sep_len).is_some_and(is_word_char))
                }
                _ => break,
            },
            _ => break,
        };
        if !joins {
            break;
        }
        if sep != b',' && sep != b'.' {
            all_digits = false;
        }
        j += sep_len;
    }
    // The final period belongs to an abbreviation or an initial. The cheap test first: most
    // words before a period are neither, and fail it at their second letter.
    if !all_digits && bytes.get(j) == Some(&b'.') {
        let word = &s[start..j];
        if is_dotted_or_initial(word) || abbreviation_kind(word).is_some() {
            return (j + 1, false);
        }
    }
    (j, all_digits)
}

/// The end of the run of word characters from byte `j` of `s`, and whether all of them and
/// the run before (`all_digits`) are ASCII digits. ASCII is read a byte at a time through
/// the table; another character is decoded and asked.
#[inline]
fn word_run(s: &str, mut j: usize, mut all_digits: bool) -> (usize, bool) {
    let bytes = s.as_bytes();
    loop {
        if all_digits {
            while bytes.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
        }
        // Past the digits of a number, a letter or digit read here makes it a word.
        let run_end = ascii_alphanumeric_end(bytes, j);
        if run_end != j {
            j = run_end;
            all_digits = false;
        }
        match bytes.get(j) {
            Some(&b) if b >= 0x80 => match char_at(s, j).filter(|&c| is_word_char(c)) {
                Some(c) => {
                    all_digits = false;
                    j += c.len_utf8();
                }
                None => return (j, all_digits),
            },
            _ => return (j, all_digits),
        }
    }
}

/// The end of the run of ASCII letters and digits from byte `j` of `bytes`. Eight bytes are
/// tested at once (most words end within the first eight), the last few one at a time.
#[inline]
fn ascii_alphanumeric_end(bytes: &[u8], mut j: usize) -> usize {
    while let Some(chunk) = bytes.get(j..j + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let others = !ascii_alphanumeric_mask(word) & HIGH_BITS;
        if others != 0 {
            return j + (others.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while bytes
        .get(j)
        .is_some_and(|&b| matches!(byte_class(b), LETTER | DIGIT))
    {
        j += 1;
    }
    j
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` set when that byte is an ASCII letter or digit, the other
/// bits clear. Each test adds to 7-bit values only, so no carry crosses into the next byte.
#[inline]
fn ascii_alphanumeric_mask(x: u64) -> u64 {
    let seven_bits = x & !HIGH_BITS;
    // The high bit set when a byte is at least `low`, or above `high`.
    let at_least = |v: u64, low: u8| v + LOW_BITS * u64::from(0x80 - low);
    let above = |v: u64, high: u8| v + LOW_BITS * u64::from(0x7F - high);
    let lowered = seven_bits | (LOW_BITS * 0x20);
    let letter = at_least(lowered, b'a') & !above(lowered, b'z');
    let digit = at_least(seven_bits, b'0') & !above(seven_bits, b'9');
    (letter | digit) & !x & HIGH_BITS
}

/// The character at byte offset `o` of `s` (a character boundary), if any.
#[inline]
fn char_at(s: &str, o: usize) -> Option<char> {
    match *s.as_bytes().get(o)? {
        b if b < 0x80 => Some(char::from(b)),
        _ => s.get(o..)?.chars().next(),
    }
}

/// True while the text so far looks like `U.S` / `a.m` (single letters between dots).
fn dotted_so_far(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c == '.' {
            if run != 1 {
                return false;
            }
            run = 0;
        } else if c.is_alphabetic() {
            run += 1;
        } else {
            return false;
        }
    }
    run == 1
}

const OPENERS: &[char] = &['"', '“', '‘', '\'', '(', '[', '«'];
const CLOSERS: &[char] = &['"', '”', '’', '\'', ')', ']', '»'];

/// Capitalized words that start sentences, used after abbreviations that may end one.
fn starts_a_sentence(word: &str) -> bool {
    const STARTERS: &[&str] = &[
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "But",
        "And",
        "Or",
        "In",
        "On",
        "At",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Their",
        "His",
        "Her",
        "Its",
        "Our",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "As",
        "For",
        "So",
        "Yet",
        "Some",
        "Many",
        "Most",
        "Other",
        "Officials",
        "Police",
        "Authorities",
        "Meanwhile",
        "However",
        "Still",
        "Now",
        "Last",
        "Earlier",
        "Later",
        "According",
        "Under",
        "With",
        "Without",
        "Since",
        "Although",
        "Both",
        "Each",
        "All",
        "No",
        "Not",
        "What",
        "Who",
        "Why",
        "How",
        "Where",
        "Such",
    ];
    STARTERS.contains(&word)
}

/// Splits a paragraph (`text[range]`) into sentences.
pub fn split_sentences(text: &str, range: Span) -> Vec<Sentence> {
    split_sentences_reusing(text, range, &mut Vec::new())
}

/// [`split_sentences`] with `tokens` as the paragraph's working list: a caller splitting many
/// paragraphs keeps one, rather than allocate one the size of each (larger than the
/// allocator's fast sizes) and free it.
pub(crate) fn split_sentences_reusing(
    text: &str,
    range: Span,
    tokens: &mut Vec<Token>,
) -> Vec<Sentence> {
    tokenize_into(text, range, tokens);
    let tokens = &tokens[..];
    let mut sentences = Vec::new();
    let mut start_tok = 0;
    let mut i = 0;
    while i < tokens.len() {
        // Most tokens cannot end a sentence, which one byte tells.
        if !may_end_sentence(text.as_bytes(), tokens[i]) {
            i += 1;
            continue;
        }
        let Some(boundary_end) = is_terminal(text, tokens, i) else {
            i += 1;
            continue;
        };
        sentences.push(make_sentence(&tokens[start_tok..=boundary_end]));
        start_tok = boundary_end + 1;
        i = boundary_end + 1;
    }
    if start_tok < tokens.len() {
        sentences.push(make_sentence(&tokens[start_tok..]));
    }
    sentences
}

/// False for a token that [`is_terminal`] would turn down at once: one that is neither
/// `.` `?` `!` `…` nor a word ending in an absorbed period.
#[inline]
fn may_end_sentence(text: &[u8], token: Token) -> bool {
    match token.kind {
        // `…` is E2 80 A6.
        TokenKind::Punct => matches!(text.get(token.span.start), Some(b'.' | b'?' | b'!' | 0xE2)),
        TokenKind::Word => text.get(token.span.end.wrapping_sub(1)) == Some(&b'.'),
        TokenKind::Number => false,
    }
}

fn make_sentence(tokens: &[Token]) -> Sentence {
    let start = tokens.first().map(|t| t.span.start).unwrap_or(0);
    let end = tokens.last().map(|t| t.span.end).unwrap_or(start);
    Sentence {
        span: Span::new(start, end),
        tokens: tokens.to_vec(),
    }
}

/// If token `i` ends a sentence, the index of the sentence's last token (closing quotes and
/// brackets included).
fn is_terminal(text: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let tok = tokens[i];
    let t = tok.text(text);
    let mut abbreviation_end = None;
    match tok.kind {
        TokenKind::Punct => {
            if !matches!(t, "." | "?" | "!" | "…") {
                return None;
            }
        }
        TokenKind::Word if t.ends_with('.') => {
            // The period was absorbed by an abbreviation or initial.
            let bare = &t[..t.len() - 1];
            match abbreviation_kind(bare) {
                Some(AbbrevKind::Title) | Some(AbbrevKind::Month) | Some(AbbrevKind::Place) => {
                    return None
                }
                _ => {}
            }
            if bare.chars().count() == 1 {
                return None; // an initial: `John F. Kennedy`
            }
            abbreviation_end = Some(bare);
        }
        _ => return None,
    }
    // Runs of terminal punctuation (`?!`, `...`) and closing quotes/brackets stay together.
    let mut last = i;
    while let Some(next) = tokens.get(last + 1) {
        let nt = next.text(text);
        let adjacent = next.span.start == tokens[last].span.end;
        let is_closer = nt.chars().count() == 1 && nt.chars().all(|c| CLOSERS.contains(&c));
        if adjacent && (matches!(nt, "." | "?" | "!" | "…") || is_closer) {
            // A straight quote right after the period closes; but `."` followed by a word
            // without a space would be an opener of the next sentence, which is rare enough.
            last += 1;
        } else {
            break;
        }
    }
    let Some(next) = tokens.get(last + 1) else {
        return Some(last); // end of paragraph
    };
    // There must be white space before the next sentence.
    if next.span.start == tokens[last].span.end {
        return None;
    }
    let nt = next.text(text);
    let first = nt.chars().next().unwrap_or(' ');
    let opens =
        first.is_uppercase() || first.is_ascii_digit() || OPENERS.contains(&first) || first == '—';
    if !opens {
        return None;
    }
    if let Some(bare) = abbreviation_end {
        // `Inc.`, `U.S.` and the like end a sentence only when a sentence plainly begins.
        let next_word = if OPENERS.contains(&first) {
            tokens.get(last + 2).map(|t| t.text(text)).unwrap_or("")
        } else {
            nt
        };
        let _ = bare;
        if !starts_a_sentence(next_word) {
            return None;
        }
    }
    // An ellipsis followed by a lowercase word carries on; by a capital, it ends.
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_read_lowercased_as_to_lowercase_writes_it() {
        let long = "A".repeat(40) + "B";
        for word in [
            "",
            "Netanyahu",
            "NATO",
            "al-Sisi",
            "Ünal",
            "İstanbul",
            "ΣΟΦΙΑ",
            &long,
        ] {
            assert_eq!(
                with_lowercase(word, str::to_string),
                word.to_lowercase(),
                "{word}"
            );
        }
    }

    /// `tokenize` as it was first written, a character at a time: the reference the byte
    /// tables must agree with.
    fn tokenize_by_chars(text: &str, range: Span) -> Vec<Token> {
        let Some(slice) = text.get(range.start..range.end) else {
            return Vec::new();
        };
        let at = |o: usize| char_at(slice, o);
        let mut tokens = Vec::new();
        let mut o = 0;
        while let Some(c) = at(o) {
            let start = o;
            o += c.len_utf8();
            if c.is_whitespace() {
                continue;
            }
            if !is_word_char(c) {
                tokens.push(Token {
                    span: Span::new(range.start + start, range.start + o),
                    kind: TokenKind::Punct,
                });
                continue;
            }
            let mut j = o;
            let mut last = c;
            let mut all_digits = c.is_ascii_digit();
            loop {
                while let Some(c) = at(j).filter(|&c| is_word_char(c)) {
                    all_digits &= c.is_ascii_digit();
                    last = c;
                    j += c.len_utf8();
                }
                let Some(sep) = at(j) else { break };
                let Some(next) = at(j + sep.len_utf8()).filter(|&n| is_word_char(n)) else {
                    break;
                };
                let joins = match sep {
                    '\'' | '’' | '-' | '‑' => true,
                    ',' => all_digits && next.is_ascii_digit() && last.is_ascii_digit(),
                    '.' => {
                        (all_digits && next.is_ascii_digit())
                            || (next.is_alphabetic()
                                && last.is_alphabetic()
                                && dotted_so_far(&slice[start..j]))
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                if sep != ',' && sep != '.' {
                    all_digits = false;
                }
                j += sep.len_utf8();
            }
            let word = &slice[start..j];
            let mut end = j;
            if !all_digits
                && at(j) == Some('.')
                && (abbreviation_kind(word).is_some() || is_dotted_or_initial(word))
            {
                end = j + 1;
            }
            tokens.push(Token {
                span: Span::new(range.start + start, range.start + end),
                kind: if c.is_ascii_digit() && all_digits {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
            });
            o = end;
        }
        tokens
    }

    #[test]
    fn general_punctuation_holds_no_word_characters() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!(c.is_alphanumeric() || is_mark(c)), "{c:?}");
        }
    }

    #[test]
    fn ascii_runs_are_read_eight_bytes_as_one_at_a_time() {
        let by_bytes = |bytes: &[u8]| {
            bytes
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count()
        };
        // Every byte value at every place of a run of letters, and runs of every length.
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'k'; len];
                    bytes[at] = b;
                    assert_eq!(
                        ascii_alphanumeric_end(&bytes, 0),
                        by_bytes(&bytes),
                        "{bytes:?}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_read_eight_as_one_at_a_time(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            for from in 0..=bytes.len() {
                let by_bytes = from + bytes[from..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                proptest::prop_assert_eq!(ascii_alphanumeric_end(&bytes, from), by_bytes);
            }
        }
    }

    const ODD_TEXTS: &[&str] = &[
        "Sen. John Smith said 1,143 people, or 4.5%, left on Sept. 3 at 2 p.m. in the U.S.",
        "Al-Zawahri's aides don't say; O’Brien’s men said 12,000-strong.",
        "Café owners in Zürich said 3½ tons; naïve e\u{301}lan; ŞİŞLİ İstanbul 1.000,5",
        "x9 9x a.b.c. 1,2,3 ١٢٣ 中文 😀 ok 1.a a.1 1,a 1-2 1’2 a‑b 1‑2 9.9.9 1,,2 a..b",
        "SEN. Smith, GOV-ELECT Jones, Gov-elect Brown, INC. LLC. No. no. NO. \u{b}x\u{c}y\u{85}z",
        "J.R.R. Tolkien, e.g. U.S.A. U.S.a. é.b. A.é. a.\u{301}b x\u{301}.y.z. ’’ '' -- ‑‑",
        "1.5.  2,5, ..1 .a „quote“ — – … 12ab34 ab12.5 3.14abc 1’000 \u{a0}x\u{2003}y\u{3000}",
    ];

    #[test]
    fn tokens_are_read_as_character_by_character() {
        for text in ODD_TEXTS {
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let range = Span::new(start, text.len());
                assert_eq!(
                    tokenize(text, range),
                    tokenize_by_chars(text, range),
                    "{:?}",
                    &text[start..]
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn tokens_of_any_text_are_read_as_character_by_character(
            text in "([a-zA-Z0-9 .,'\\-’‑é\u{301}ŞİßΣ١½\u{b}\u{85}\u{a0}\u{2003}…“”\"?!()$%]|Sen|U\\.S|NO|Inc|Jan|St|Gov-elect|a\\.m|p\\.m|1,143|3\\.5){0,40}"
        ) {
            let range = Span::new(0, text.len());
            proptest::prop_assert_eq!(tokenize(&text, range), tokenize_by_chars(&text, range));
        }
    }

    #[test]
    fn abbreviations_are_looked_up_as_strings_were() {
        // The table as it was first written: strings hashed, all-caps words title-cased.
        let mut by_string = HashMap::new();
        for (w, kind) in abbreviation_entries() {
            by_string.entry(w.to_string()).or_insert(kind);
        }
        let reference = |word: &str| {
            if let Some(k) = by_string.get(word) {
                return Some(*k);
            }
            if word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
                let mut chars = word.chars();
                let title: String = chars
                    .next()
                    .into_iter()
                    .chain(chars.map(|c| c.to_ascii_lowercase()))
                    .collect();
                return by_string.get(&title).copied();
            }
            None
        };
        let mut words: Vec<String> = by_string.keys().cloned().collect();
        for w in by_string.keys() {
            words.push(w.to_uppercase());
            words.push(w.to_lowercase());
            words.push(format!("{w}\0"));
            words.push(format!("{w}s"));
            words.push(w[..w.len() - 1].to_string());
        }
        let extra = [
            "",
            "A",
            "I",
            "NATO",
            "SAID",
            "said",
            "MESSRS",
            "GOV-ELECT",
            "É",
            "ÉD",
        ];
        words.extend(extra.iter().map(|w| w.to_string()));
        words.push("ABCDEFGHIJKLMNOPQRST".to_string());
        words.push("Gov-electorate".to_string());
        for word in &words {
            assert_eq!(abbreviation_kind(word), reference(word), "{word:?}");
        }
    }

    #[test]
    fn deletion_keys_depend_on_the_letters_left_not_on_where_one_went() {
        // `book` loses either `o` to the same `bok`: one key, not two.
        assert_eq!(deletion_keys("book").len(), 4);
        // A deletion from each side meets in the middle (`smith`/`smyth` share `smth`).
        let meet = |a: &str, b: &str| {
            deletion_keys(a)
                .iter()
                .any(|k| deletion_keys(b).contains(k))
        };
        assert!(meet("smith", "smyth"));
        assert!(meet("zelensky", "zelenskyy"));
        assert!(meet("müller", "muller"));
        assert!(!meet("smith", "jones"));
        assert!(!meet("gadhafi", "qaddafi"));
    }

    #[test]
    fn values_are_found_under_their_key_in_a_sorted_list() {
        let index = [(1u64, 'a'), (3, 'b'), (3, 'c'), (7, 'd')];
        assert_eq!(filed_under(&index, 3).collect::<String>(), "bc");
        assert_eq!(filed_under(&index, 7).collect::<String>(), "d");
        assert_eq!(filed_under(&index, 2).count(), 0);
        assert_eq!(filed_under(&index, 9).count(), 0);
        assert_eq!(filed_under::<char>(&[], 1).count(), 0);
    }

    #[test]
    fn deletion_keys_are_each_deletion_hashed_whole() {
        // The hash of the bytes before each deletion is carried along; the keys are as if
        // each were hashed from the start.
        fn mix(h: u64, bytes: &[u8]) -> u64 {
            bytes.iter().fold(h, |h, &b| {
                (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
            })
        }
        for word in [
            "",
            "a",
            "book",
            "zelenskyy",
            "müller",
            "Łódź",
            "ΣΟΦΙΑ",
            "a-b",
        ] {
            let mut expected = vec![mix(0, word.as_bytes())];
            for (i, c) in word.char_indices() {
                let mut rest = word[..i].to_string();
                rest.push_str(&word[i + c.len_utf8()..]);
                expected.push(mix(0, rest.as_bytes()));
            }
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(deletion_keys(word), expected, "{word:?}");
        }
    }

    proptest::proptest! {
        /// Words that share a deletion key pass the letter-mask check.
        #[test]
        fn words_sharing_a_deletion_key_pass_the_mask_check(
            a in "[a-eé]{0,7}",
            b in "[a-eé]{0,7}",
        ) {
            let share = deletion_keys(&a).iter().any(|k| deletion_keys(&b).contains(k));
            if share {
                proptest::prop_assert!(masks_within_one_edit(letter_mask(&a), letter_mask(&b)));
            }
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| s.span.text(text))
            .collect()
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .into_iter()
            .map(|t| t.text(text))
            .collect()
    }

    #[test]
    fn tokens_keep_abbreviations_numbers_and_names_whole() {
        assert_eq!(
            words("U.S. Sen. al-Zawahri's 1,143 people, 1.4 million; $3 12%"),
            vec![
                "U.S.",
                "Sen.",
                "al-Zawahri's",
                "1,143",
                "people",
                ",",
                "1.4",
                "million",
                ";",
                "$",
                "3",
                "12",
                "%"
            ]
        );
        assert_eq!(words("COVID-19 I-95"), vec!["COVID-19", "I-95"]);
        assert_eq!(words("end."), vec!["end", "."]);
        assert_eq!(words("Rafah’s"), vec!["Rafah’s"]);
    }

    #[test]
    fn number_kind() {
        let t = "1,143 and 3.5 but 737s";
        let toks = tokenize(t, Span::new(0, t.len()));
        assert_eq!(toks[0].kind, TokenKind::Number);
        assert_eq!(toks[2].kind, TokenKind::Number);
        assert_eq!(toks[4].kind, TokenKind::Word);
    }

    #[test]
    fn titles_months_and_places_do_not_end_sentences() {
        assert_eq!(
            sentences("Maj. Gen. Joseph McGee spoke. Sen. Smith met him on Jan. 5 in St. Louis."),
            vec![
                "Maj. Gen. Joseph McGee spoke.",
                "Sen. Smith met him on Jan. 5 in St. Louis."
            ]
        );
    }

    #[test]
    fn initials_and_dotted_abbreviations() {
        assert_eq!(
            sentences("John F. Kennedy visited the U.S. Capitol. He left."),
            vec!["John F. Kennedy visited the U.S. Capitol.", "He left."]
        );
        assert_eq!(
            sentences("He moved to the U.S. The move was hard."),
            vec!["He moved to the U.S.", "The move was hard."]
        );
        assert_eq!(
            sentences("J.R.R. Tolkien wrote it at 9 a.m. on Monday."),
            vec!["J.R.R. Tolkien wrote it at 9 a.m. on Monday."]
        );
    }

    #[test]
    fn decimals_do_not_split() {
        assert_eq!(
            sentences("It rose 3.5 percent. Then it fell."),
            vec!["It rose 3.5 percent.", "Then it fell."]
        );
    }

    #[test]
    fn quotes_that_end_sentences() {
        assert_eq!(
            sentences("\"We will go,\" he said. \"It is over.\" Then he left."),
            vec![
                "\"We will go,\" he said.",
                "\"It is over.\"",
                "Then he left."
            ]
        );
        assert_eq!(
            sentences("“Is it over?” she asked. “Yes.”"),
            vec!["“Is it over?” she asked.", "“Yes.”"]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sentences("to talk about Rafah … and also share. Then … Later he went."),
            vec![
                "to talk about Rafah … and also share.",
                "Then …",
                "Later he went."
            ]
        );
        assert_eq!(
            sentences("He paused... Then he spoke."),
            vec!["He paused...", "Then he spoke."]
        );
    }

    #[test]
    fn company_abbreviations_end_only_before_a_new_sentence() {
        assert_eq!(
            sentences(
                "He joined Acme Inc. The company grew. Acme Inc. Chief Executive Jo Smith said so."
            ),
            vec![
                "He joined Acme Inc.",
                "The company grew.",
                "Acme Inc. Chief Executive Jo Smith said so."
            ]
        );
    }

    #[test]
    fn no_panic_on_odd_text() {
        for t in [
            "",
            ".",
            "...",
            "\u{301}.",
            "a.\u{301}",
            "\"",
            "1.",
            ".1",
            "A. B. C.",
            "—",
        ] {
            let _ = sentences(t);
        }
    }
}
