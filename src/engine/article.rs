//! The article model: headline, deck, byline, dateline and body paragraphs, each with its
//! sentences and tokens, all as byte offsets into the original text.
//!
//! The trick that keeps offsets honest: `prose` is a copy of the text with the same length in
//! which everything that is not prose (Markdown markup, code, front matter, HTML comments, link
//! URLs, a BOM, the `\r` of CRLF) is overwritten with spaces. Checks read `prose`; a span into it
//! is a span into the file.

use super::dateline::{self, Dateline};
use super::finding::Span;
use super::sentences::BlockSentences;
use super::text::{split_sentences_reusing, Sentence, Token};
use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Markdown,
}

impl Format {
    /// Markdown for `.md`/`.markdown` paths, plain text otherwise.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdx") {
            Format::Markdown
        } else {
            Format::Plain
        }
    }
}

/// What a block of the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Headline,
    Deck,
    Byline,
    Body,
    /// A Markdown heading inside the body, or a short crosshead line.
    Subhead,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub role: Role,
    /// From the first to the last prose character of the block.
    pub span: Span,
    pub sentences: BlockSentences,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Shared with `prose` when masking changes nothing (most plain text): one copy, not two.
    pub text: Arc<String>,
    pub prose: Arc<String>,
    pub format: Format,
    /// Every block in order: headline, deck, byline, body paragraphs, subheads.
    pub blocks: Vec<Paragraph>,
    /// The dateline opening the first body paragraph, if any.
    pub dateline: Option<Dateline>,
    /// Dateline-shaped openings of later paragraphs (misplaced or repeated datelines).
    pub stray_datelines: Vec<Dateline>,
}

impl Article {
    pub fn parse(text: &str, format: Format) -> Article {
        Article::parse_with(text, format, &mut Fresh::default())
    }

    /// `parse`, with the per-block passes supplied: the incremental analyzer hands in ones that
    /// reuse what it found in paragraphs it has seen before.
    pub(crate) fn parse_with(text: &str, format: Format, blocks: &mut dyn BlockPasses) -> Article {
        Article::parse_shared(Arc::new(text.to_string()), format, blocks)
    }

    /// Frees the sentences' tokens and keeps their spans. For a caller that holds on to an
    /// analysis only for its findings, entities and spans (the language server, between
    /// keystrokes): the checks read the tokens while they run, so this is for after them.
    pub fn release_tokens(&mut self) {
        for block in &mut self.blocks {
            block.sentences.release_tokens();
        }
    }

    /// `parse_with`, keeping `owned` as the article's text.
    pub(crate) fn parse_shared(
        owned: Arc<String>,
        format: Format,
        blocks: &mut dyn BlockPasses,
    ) -> Article {
        let text = owned.as_str();
        let prose = match format {
            Format::Plain => mask_plain(text).map_or_else(|| owned.clone(), Arc::new),
            Format::Markdown => Arc::new(mask_markdown(text)),
        };
        let raw_blocks = match format {
            Format::Plain => plain_blocks(&prose),
            Format::Markdown => markdown_blocks(text, &prose),
        };
        let mut article = Article {
            text: owned,
            prose,
            format,
            blocks: Vec::new(),
            dateline: None,
            stray_datelines: Vec::new(),
        };
        article.assign_roles(raw_blocks, blocks);
        article
    }

    fn assign_roles(&mut self, raw: Vec<RawBlock>, passes: &mut dyn BlockPasses) {
        let prose = self.prose.as_str();
        let mut roles: Vec<Role> = vec![Role::Body; raw.len()];
        for (i, b) in raw.iter().enumerate() {
            if b.heading_level.is_some() {
                roles[i] = Role::Subhead;
            }
        }
        // The headline: a front-matter title, a first heading, or a first short line.
        let mut first_body = 0;
        if let Some(first) = raw.first() {
            let starts_with_dateline = passes.dateline(prose, first.span).is_some();
            // A caps headline can look like a dateline (`ECONOMIC SPOTLIGHT - BANKAMERICA
            // CORP`); when the next block opens with a dateline, the first is the headline.
            // Wire copy may put the dateline on a line of its own (`CANBERRA 1996-08-23`).
            let next_is_dateline = raw.get(1).is_some_and(|b| {
                passes.dateline(prose, b.span).is_some() || is_dateline_line(b.span.text(prose))
            });
            let single_line = !first.span.text(prose).contains('\n');
            let is_headline = first.from_front_matter
                || first.heading_level.is_some()
                || (self.format == Format::Plain
                    && raw.len() > 1
                    && single_line
                    && first.span.len() <= 300
                    && (!starts_with_dateline || next_is_dateline));
            if is_headline {
                roles[0] = Role::Headline;
                first_body = 1;
            }
        }
        // Bylines, and a deck when a dateline paragraph follows close behind the headline.
        let look = (first_body..raw.len().min(first_body + 4)).collect::<Vec<_>>();
        for &i in &look {
            if is_byline(raw[i].span.text(prose)) {
                roles[i] = Role::Byline;
            }
        }
        // Decks, standfirsts and notes (`ABSTRACT.`, `FULL TEXT.`, `Correction Appended.`) can
        // stand between headline and dateline; each is short. A long paragraph before the
        // dateline is the lead, and the dateline after it is misplaced, not the story's start.
        const DECK_MAX_CHARS: usize = 250;
        let dateline_at = (first_body..raw.len().min(first_body + 6))
            .find(|&i| roles[i] == Role::Body && passes.dateline(prose, raw[i].span).is_some())
            .filter(|&d| {
                (first_body..d).all(|i| {
                    roles[i] != Role::Body
                        || raw[i].span.text(prose).chars().count() <= DECK_MAX_CHARS
                })
            });
        if let Some(d) = dateline_at {
            for role in &mut roles[first_body..d] {
                if *role == Role::Body || *role == Role::Subhead {
                    *role = Role::Deck;
                }
            }
        } else if first_body == 1 {
            // A Markdown subheading straight under the title is the deck.
            if let Some(next) = raw.get(1) {
                if next.heading_level.is_some_and(|l| l >= 2) {
                    roles[1] = Role::Deck;
                }
            }
        }
        let first_body_index = roles.iter().position(|r| *r == Role::Body);
        self.blocks.reserve_exact(raw.len());
        for (i, b) in raw.into_iter().enumerate() {
            let role = roles[i];
            if role == Role::Body {
                if let Some(d) = passes.dateline(prose, b.span) {
                    if Some(i) == first_body_index {
                        self.dateline = Some(d);
                    } else {
                        self.stray_datelines.push(d);
                    }
                }
            }
            self.blocks.push(Paragraph {
                role,
                span: b.span,
                sentences: passes.sentences(prose, b.span),
            });
        }
    }

    pub fn headline(&self) -> Option<&Paragraph> {
        self.blocks.iter().find(|b| b.role == Role::Headline)
    }

    pub fn deck(&self) -> Option<&Paragraph> {
        self.blocks.iter().find(|b| b.role == Role::Deck)
    }

    pub fn byline(&self) -> Option<&Paragraph> {
        self.blocks.iter().find(|b| b.role == Role::Byline)
    }

    /// Body paragraphs in order (subheads excluded).
    pub fn body(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter(|b| b.role == Role::Body)
    }

    /// The lead: the first body paragraph.
    pub fn lead(&self) -> Option<&Paragraph> {
        self.body().next()
    }

    /// The block holding `offset`.
    pub fn block_at(&self, offset: usize) -> Option<&Paragraph> {
        let i = self.blocks.partition_point(|b| b.span.end < offset);
        self.blocks.get(i).filter(|b| b.span.touches(offset))
    }

    /// The sentence holding `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<&Sentence> {
        let block = self.block_at(offset)?;
        let i = block.sentences.partition_point(|s| s.span.end < offset);
        block.sentences.get(i).filter(|s| s.span.touches(offset))
    }

    /// Text of a span (from the original text).
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }
}

/// The passes of article parsing that read one block and nothing else. Each must return what
/// the function it stands for (`split_sentences`, `dateline::parse`) returns for the block.
pub(crate) trait BlockPasses {
    /// The block's sentences; called once a block, in text order.
    fn sentences(&mut self, prose: &str, block: Span) -> BlockSentences;
    /// The dateline opening the block, if any.
    fn dateline(&mut self, prose: &str, block: Span) -> Option<Dateline>;
}

/// The one-shot passes: everything computed.
#[derive(Default)]
struct Fresh {
    /// The working list of each block's tokens, one for all blocks.
    tokens: Vec<Token>,
}

impl BlockPasses for Fresh {
    fn sentences(&mut self, prose: &str, block: Span) -> BlockSentences {
        BlockSentences::owned(split_sentences_reusing(prose, block, &mut self.tokens))
    }

    fn dateline(&mut self, prose: &str, block: Span) -> Option<Dateline> {
        dateline::parse(prose, block)
    }
}

fn is_byline(block: &str) -> bool {
    let t = block.trim();
    let Some(rest) = t.strip_prefix("By ").or_else(|| t.strip_prefix("BY ")) else {
        return false;
    };
    t.len() <= 120 && rest.chars().next().is_some_and(|c| c.is_uppercase()) && !t.ends_with('.')
        || (t.len() <= 120 && rest.split_whitespace().count() <= 8 && !rest.contains(". "))
}

#[derive(Debug)]
struct RawBlock {
    span: Span,
    heading_level: Option<u8>,
    from_front_matter: bool,
}

/// Overwrites `range` of `bytes` with spaces, keeping newlines (so lines stay lines).
fn blank(bytes: &mut [u8], start: usize, end: usize) {
    let end = end.min(bytes.len());
    for b in &mut bytes[start.min(end)..end] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// Plain text: a BOM and the `\r` of CRLF are not prose. `None`: the prose is the text.
fn mask_plain(text: &str) -> Option<String> {
    // Whole characters are replaced by as many spaces, so the text stays valid and need not be
    // checked again; most texts have no `\r`, and the scan for one is `memchr`'s.
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("   ", rest),
        None if memchr::memchr(b'\r', text.as_bytes()).is_none() => return None,
        None => ("", text),
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(bom);
    let mut from = 0;
    for cr in memchr::memchr_iter(b'\r', rest.as_bytes()) {
        out.push_str(&rest[from..cr]);
        out.push(' ');
        from = cr + 1;
    }
    out.push_str(&rest[from..]);
    Some(out)
}

/// Markdown: only text events are prose; markup, code, HTML and front matter are blanked.
fn mask_markdown(text: &str) -> String {
    let mut keep = vec![false; text.len()];
    let mut in_metadata = false;
    let mut in_code_block = false;
    let mut options = Options::empty();
    options.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    options.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_SMART_PUNCTUATION);
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(_) if !in_metadata && !in_code_block => {
                let end = range.end.min(text.len());
                for k in &mut keep[range.start.min(end)..end] {
                    *k = true;
                }
            }
            _ => {}
        }
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if !keep[i] || bytes[i] == b'\r' {
            // Blank whole characters only, so the result stays valid UTF-8.
            let len = text[i..].chars().next().map(char::len_utf8).unwrap_or(1);
            blank(&mut bytes, i, i + len);
            i += len;
        } else {
            i += 1;
        }
    }
    let mut prose = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    // The front matter's title is the headline: let it through as prose.
    if let Some(title) = front_matter_title(text) {
        prose.replace_range(title.range(), &text[title.range()]);
    }
    prose
}

/// The span of the `title:` value in YAML (`---`) or TOML (`+++`) front matter.
fn front_matter_title(text: &str) -> Option<Span> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = text.len() - body.len();
    let fence = if body.starts_with("---") {
        "---"
    } else if body.starts_with("+++") {
        "+++"
    } else {
        return None;
    };
    let mut pos = offset;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if n > 0 && trimmed.trim() == fence {
            return None;
        }
        if n > 0 {
            let key_len = trimmed
                .find(':')
                .or_else(|| trimmed.find('='))
                .filter(|&k| trimmed[..k].trim().eq_ignore_ascii_case("title"));
            if let Some(k) = key_len {
                let value = &trimmed[k + 1..];
                let lead = value.len() - value.trim_start().len();
                let v = value.trim();
                let (q_start, q_end) = if v.len() >= 2
                    && ((v.starts_with('"') && v.ends_with('"'))
                        || (v.starts_with('\'') && v.ends_with('\'')))
                {
                    (1, 1)
                } else {
                    (0, 0)
                };
                let start = pos + k + 1 + lead + q_start;
                let end = pos + k + 1 + lead + v.len() - q_end;
                if end > start {
                    return Some(Span::new(start, end));
                }
                return None;
            }
        }
        pos += line.len();
    }
    None
}

/// Trims a range of `prose` to its first and last non-space characters.
fn trim_span(prose: &str, start: usize, end: usize) -> Option<Span> {
    let slice = prose.get(start..end)?;
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail >= slice.len() {
        return None;
    }
    Some(Span::new(start + lead, end - trail))
}

/// Whether `line` has more than `n` characters, without counting past them: a line of no
/// more than `n` bytes has no more characters, and most lines are short.
fn more_chars_than(line: &str, n: usize) -> bool {
    line.len() > n && line.chars().nth(n).is_some()
}

/// Plain text: blank lines separate blocks. Inside a block, lines are one paragraph when the
/// text is hard-wrapped (wire copy); when lines are long, each line is a paragraph (one
/// paragraph a line, like the seed); an indented line starts a new paragraph.
fn plain_blocks(prose: &str) -> Vec<RawBlock> {
    // Lines without their `\n`, as `split_inclusive('\n')` gives them (no empty last line).
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for nl in memchr::memchr_iter(b'\n', prose.as_bytes()) {
        lines.push((pos, nl));
        pos = nl + 1;
    }
    if pos < prose.len() {
        lines.push((pos, prose.len()));
    }
    // A file with no blank line between its lines has one paragraph a line.
    let first = lines
        .iter()
        .position(|&(s, e)| !prose[s..e].trim().is_empty());
    let last = lines
        .iter()
        .rposition(|&(s, e)| !prose[s..e].trim().is_empty());
    let no_blank_lines = match (first, last) {
        (Some(a), Some(b)) => lines[a..=b]
            .iter()
            .all(|&(s, e)| !prose[s..e].trim().is_empty()),
        _ => true,
    };
    let mut blocks = Vec::new();
    let mut group: Vec<(usize, usize)> = Vec::new();
    let flush = |group: &mut Vec<(usize, usize)>, blocks: &mut Vec<RawBlock>| {
        if group.is_empty() {
            return;
        }
        const WRAP_WIDTH: usize = 100;
        let long_lines = no_blank_lines
            || group
                .iter()
                .any(|&(s, e)| more_chars_than(&prose[s..e], WRAP_WIDTH));
        let mut para_start = group[0].0;
        let mut para_end = group[0].1;
        let push = |s: usize, e: usize, blocks: &mut Vec<RawBlock>| {
            if let Some(span) = trim_span(prose, s, e) {
                blocks.push(RawBlock {
                    span,
                    heading_level: None,
                    from_front_matter: false,
                });
            }
        };
        for &(s, e) in &group[1..] {
            let indented = prose[s..e].starts_with([' ', '\t']) && !prose[s..e].trim().is_empty();
            if long_lines || indented {
                push(para_start, para_end, blocks);
                para_start = s;
            }
            para_end = e;
        }
        push(para_start, para_end, blocks);
        group.clear();
    };
    for &(s, e) in &lines {
        if prose[s..e].trim().is_empty() {
            flush(&mut group, &mut blocks);
        } else {
            group.push((s, e));
        }
    }
    flush(&mut group, &mut blocks);
    blocks
}

/// Markdown: paragraphs, headings and list items as the parser sees them; the front matter's
/// title first when there is one.
fn markdown_blocks(text: &str, prose: &str) -> Vec<RawBlock> {
    let mut blocks = Vec::new();
    if let Some(title) = front_matter_title(text) {
        blocks.push(RawBlock {
            span: title,
            heading_level: None,
            from_front_matter: true,
        });
    }
    let mut options = Options::empty();
    options.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    options.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);
    options.insert(Options::ENABLE_TABLES);
    let mut open: Option<(usize, Option<u8>)> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) if open.is_none() => open = Some((range.start, None)),
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some((range.start, Some(level as u8)))
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Heading(_)) => {
                if let Some((start, level)) = open.take() {
                    if let Some(span) = trim_span(prose, start, range.end.min(prose.len())) {
                        blocks.push(RawBlock {
                            span,
                            heading_level: level,
                            from_front_matter: false,
                        });
                    }
                }
            }
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle))
            | Event::Start(Tag::MetadataBlock(MetadataBlockKind::PlusesStyle)) => {}
            _ => {}
        }
    }
    // A title from front matter makes a later `#` heading a subhead, not a second headline.
    if blocks.first().is_some_and(|b| b.from_front_matter) {
        for b in blocks.iter_mut().skip(1) {
            if b.heading_level == Some(1) {
                b.heading_level = Some(2);
            }
        }
    } else if let Some(first) = blocks.first_mut() {
        if first.heading_level.is_some() {
            first.from_front_matter = false;
        }
    }
    blocks
}

/// A line that is only a place in capitals and a date: the dateline of wire copy set on a
/// line of its own (`CANBERRA 1996-08-23`).
fn is_dateline_line(block: &str) -> bool {
    let line = block.trim();
    if line.contains('\n') || line.len() > 60 {
        return false;
    }
    let place = line.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == ' ');
    let dated = line[place.len()..].trim().len() >= 8;
    dated
        && place.len() >= 3
        && place.chars().any(|c| c.is_ascii_uppercase())
        && place
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, ' ' | '.' | ',' | '\'' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_chars_than_counts_characters_not_bytes() {
        assert!(!more_chars_than("abc", 3));
        assert!(more_chars_than("abcd", 3));
        // Six bytes, three characters.
        assert!(!more_chars_than("ééé", 3));
        assert!(more_chars_than("éééé", 3));
        assert!(!more_chars_than("", 0));
        assert!(more_chars_than("a", 0));
    }

    #[test]
    fn plain_blocks_split_at_blank_lines() {
        for text in ["", "a", "a\n", "a\n\nb", "\n\n", "one\r\ntwo\n\nthree"] {
            let blocks: Vec<Span> = plain_blocks(text).iter().map(|b| b.span).collect();
            let words: Vec<&str> = blocks.iter().map(|s| s.text(text)).collect();
            let expected: Vec<&str> = text
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            assert_eq!(words, expected, "{text:?}");
        }
    }

    fn roles(a: &Article) -> Vec<(Role, &str)> {
        a.blocks.iter().map(|b| (b.role, a.slice(b.span))).collect()
    }

    #[test]
    fn plain_mask_blanks_a_bom_and_carriage_returns_in_place() {
        assert_eq!(
            mask_plain("\u{feff}A\r\nb\r\r\n\u{e9}\r").as_deref(),
            Some("   A \nb  \n\u{e9} ")
        );
        // Nothing to blank: the prose is the text itself, not a copy.
        assert_eq!(mask_plain("a\u{feff}b\n"), None);
        assert_eq!(mask_plain(""), None);
        assert_eq!(mask_plain("\r").as_deref(), Some(" "));
        let a = Article::parse("Headline\n\nBody.\n", Format::Plain);
        assert!(Arc::ptr_eq(&a.text, &a.prose));
    }

    #[test]
    fn seed_shape_one_paragraph_a_line() {
        let text = "US, Israel hold second meeting\nOfficials denied it.\nWASHINGTON — White House officials met on Thursday. They talked.\nSecond paragraph here.\n";
        let a = Article::parse(text, Format::Plain);
        let r = roles(&a);
        assert_eq!(r[0], (Role::Headline, "US, Israel hold second meeting"));
        assert_eq!(r[1], (Role::Deck, "Officials denied it."));
        assert_eq!(r[2].0, Role::Body);
        assert_eq!(a.blocks[2].sentences.len(), 2);
        assert_eq!(r[3], (Role::Body, "Second paragraph here."));
        let d = a.dateline.as_ref().unwrap();
        assert_eq!(d.city.text(text), "WASHINGTON");
    }

    #[test]
    fn hard_wrapped_wire_copy_is_one_paragraph_until_a_blank_line() {
        let text = "Headline here\n\nLONDON (Reuters) - The first line of a wrapped\nparagraph goes on here. And ends.\n\nA second paragraph.\n";
        let a = Article::parse(text, Format::Plain);
        let body: Vec<_> = a.body().map(|b| a.slice(b.span)).collect();
        assert_eq!(body.len(), 2);
        assert!(body[0].starts_with("LONDON"));
        assert!(body[0].ends_with("And ends."));
    }

    #[test]
    fn indented_lines_start_paragraphs() {
        let text = "Head\n\n  First para line one\nline two.\n  Second para.\n";
        let a = Article::parse(text, Format::Plain);
        assert_eq!(a.body().count(), 2);
    }

    #[test]
    fn byline_is_recognized() {
        let text = "Headline\nBy Jane Doe\nPEORIA, Ill. (AP) — Text here.\n";
        let a = Article::parse(text, Format::Plain);
        assert_eq!(a.byline().map(|b| a.slice(b.span)), Some("By Jane Doe"));
        assert!(a.dateline.is_some());
    }

    #[test]
    fn crlf_and_bom_keep_offsets() {
        let text = "\u{feff}Headline\r\n\r\nCHICAGO — Body text here.\r\n";
        let a = Article::parse(text, Format::Plain);
        assert_eq!(a.prose.len(), text.len());
        assert_eq!(a.headline().map(|b| a.slice(b.span)), Some("Headline"));
        assert_eq!(a.dateline.as_ref().unwrap().city.text(text), "CHICAGO");
        assert_eq!(a.slice(a.lead().unwrap().span), "CHICAGO — Body text here.");
    }

    #[test]
    fn markdown_front_matter_code_and_comments_are_not_prose() {
        let text = "---\ntitle: \"Storm hits coast\"\nauthor: x\n---\n\nMIAMI — Winds rose. <!-- note: 40 dead? -->\n\n```\ncode 12 people\n```\n\nSee [the report](http://x.org/12-people).\n";
        let a = Article::parse(text, Format::Markdown);
        assert_eq!(a.prose.len(), text.len());
        assert_eq!(
            a.headline().map(|b| a.slice(b.span)),
            Some("Storm hits coast")
        );
        assert!(!a.prose.contains("40 dead"));
        assert!(!a.prose.contains("code 12"));
        assert!(!a.prose.contains("x.org"));
        assert!(a.prose.contains("the report"));
        assert_eq!(a.dateline.as_ref().unwrap().city.text(text), "MIAMI");
    }

    #[test]
    fn markdown_heading_is_the_headline() {
        let text = "# Storm hits coast\n\n## Thousands flee\n\nMIAMI — Winds rose.\n\nMore text.\n";
        let a = Article::parse(text, Format::Markdown);
        let r = roles(&a);
        assert_eq!(r[0], (Role::Headline, "Storm hits coast"));
        assert_eq!(r[1], (Role::Deck, "Thousands flee"));
        assert_eq!(a.body().count(), 2);
    }

    #[test]
    fn a_wire_headline_that_reads_like_a_dateline() {
        // The dateline on its own line below says the first line is the headline.
        let text = "RTRS - Australia Senate jeopardises rate cut - Howard.\n\nCANBERRA \
                    1996-08-23\n\nAustralian Prime Minister John Howard said on Friday.\n";
        let a = Article::parse(text, Format::Plain);
        assert_eq!(
            a.headline().map(|b| a.slice(b.span)),
            Some("RTRS - Australia Senate jeopardises rate cut - Howard.")
        );
        // Negative: a dateline lead followed by a subhead in capitals stays the lead.
        let text = "WASHINGTON — The lead paragraph.\n\nBACKGROUND\n\nMore text here.\n";
        let a = Article::parse(text, Format::Plain);
        assert!(a.headline().is_none());
    }

    #[test]
    fn a_story_with_no_headline_line() {
        let text = "WASHINGTON — The only paragraph.\n";
        let a = Article::parse(text, Format::Plain);
        assert!(a.headline().is_none());
        assert!(a.dateline.is_some());
    }

    #[test]
    fn lookups_by_offset() {
        let text = "Head\n\nOne two. Three four.\n";
        let a = Article::parse(text, Format::Plain);
        let at = text.find("Three").unwrap();
        assert_eq!(a.slice(a.sentence_at(at).unwrap().span), "Three four.");
        assert!(a.sentence_at(0).is_some());
    }

    #[test]
    fn no_panic_on_odd_input() {
        for t in [
            "",
            "\n\n\n",
            "\u{feff}",
            "\r\r\r",
            "---\n",
            "# ",
            "```",
            "é\u{301}\r\n",
            "<!--",
        ] {
            let _ = Article::parse(t, Format::Plain);
            let _ = Article::parse(t, Format::Markdown);
        }
    }
}
