//! Property tests over the engine: on any text — emoji, combining marks, CRLF, lone CR, BOMs,
//! Markdown — every span points at character boundaries inside the text, every offered fix
//! applies cleanly with no overlapping edits, and applying a fix yields valid text. And over
//! positions: byte offsets and UTF-8/UTF-16/UTF-32 positions convert back and forth the same
//! way in `lines::LineIndex`, the server's `convert` (over a rope) and an independent model
//! (`tests/model`), and a fix sent as LSP edits does to the text what the engine's edits do.
//!
//! Still to come with the performance work: "incremental analysis equals full analysis" (today
//! every check re-analyzes the whole text, so there is no incremental path to compare).

mod model;

use copydesk::engine::{analyze, apply_edits, Format, Settings, Style};
use copydesk::lines::{Encoding, LineIndex};
use copydesk::server::convert::{rope_offset, Converter};
use proptest::prelude::*;
use ropey::Rope;
use tower_lsp::lsp_types::Position;

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

/// Text made of the model's atoms: emoji, combining marks, ZWJ sequences, CRLF, lone CR.
fn atoms(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(model::ATOMS.to_vec()), 0..max)
        .prop_map(|v| v.concat())
}

/// Text that looks like news copy at the edges: datelines, figures, names, quotes, odd
/// characters and line ends, stitched together at random.
fn newsish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "WASHINGTON — ",
        "PEORIA, IL - ",
        "London (AP) — ",
        "LONDON, Sept 28 (Reuters) - ",
        "CHICAGO, Ill. — ",
        "Prime Minister Benjamin Netanyahu",
        "Netanyau",
        "the prime minister said",
        " said ",
        "according to officials",
        "1.4 million civilians",
        "at least 1,143 people",
        "$3 billion",
        "12%",
        "“Quote,” he said.",
        "\"Quote.\"",
        "Sen. Smith",
        "U.S. ",
        "Jan. 5",
        "…",
        "😀",
        "e\u{301}",
        "\r\n",
        "\r",
        "\n\n",
        "\n",
        "\u{feff}",
        "\u{a0}",
        "# ",
        "---\ntitle: x\n---\n",
        "```",
        "<!-- c -->",
        "[link](http://x)",
        ". ",
        ", ",
        "Kirby",
        "Rafah's ",
        "Hamas' ",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check_invariants(text: &str, format: Format, style: Style) -> Result<(), TestCaseError> {
    let analysis = analyze(text, format, &Settings::for_style(style));
    prop_assert!(analysis.failures.is_empty(), "{:?}", analysis.failures);
    for f in &analysis.findings {
        prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len());
        prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        for fix in &f.fixes {
            let mut spans: Vec<_> = fix.edits.iter().map(|e| e.span).collect();
            spans.sort();
            for w in spans.windows(2) {
                prop_assert!(w[0].end <= w[1].start, "overlapping edits in {:?}", fix);
            }
            let fixed = apply_edits(text, &fix.edits);
            prop_assert!(fixed.is_ok(), "fix does not apply: {:?}", fix);
            // The fixed text is a new article the engine must also take in its stride.
            let again = analyze(&fixed.unwrap(), format, &Settings::for_style(style));
            prop_assert!(again.failures.is_empty());
        }
    }
    for e in &analysis.entities {
        for m in &e.mentions {
            prop_assert!(m.span.end <= text.len() && text.is_char_boundary(m.span.start));
            prop_assert!(text.is_char_boundary(m.span.end));
        }
    }
    for fig in &analysis.figures {
        prop_assert!(fig.span.end <= text.len() && text.is_char_boundary(fig.span.start));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn engine_invariants_on_newsish_text(text in newsish(), md in any::<bool>(), s in 0usize..4) {
        let format = if md { Format::Markdown } else { Format::Plain };
        check_invariants(&text, format, Style::ALL[s])?;
    }

    #[test]
    fn engine_invariants_on_any_text(text in "\\PC{0,300}", md in any::<bool>()) {
        let format = if md { Format::Markdown } else { Format::Plain };
        check_invariants(&text, format, Style::Ap)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every place a position can name goes to (line, column) and back to itself, the same in
    /// the line index, the model and the rope; a byte inside a character or a CRLF clamps back
    /// to a place before it.
    #[test]
    fn offsets_and_positions_round_trip_in_every_encoding(text in atoms(40), e in 0usize..3) {
        let enc = ENCODINGS[e];
        let index = LineIndex::new(&text);
        let rope = Rope::from_str(&text);
        let conv = Converter::new(&text, enc);
        prop_assert_eq!(index.line_count(), model::lines(&text).len());
        prop_assert_eq!(rope.len_lines(), model::lines(&text).len());
        for at in 0..=text.len() {
            let (line, col) = index.position(&text, at, enc);
            let back = index.offset(&text, line, col, enc);
            if !model::is_position(&text, at) {
                prop_assert!(back < at && model::is_position(&text, back));
                continue;
            }
            prop_assert_eq!((line as u32, col as u32), model::position(&text, at, enc));
            prop_assert_eq!(back, at);
            let pos = conv.position(at);
            prop_assert_eq!(conv.offset(pos), at);
            prop_assert_eq!(rope_offset(&rope, pos, enc), at);
        }
    }

    /// Any position at all — past the end of a line or the text, inside a surrogate pair or a
    /// UTF-8 sequence — lands on the same place in all three, and that place is a position.
    #[test]
    fn any_position_clamps_alike(
        text in atoms(30),
        e in 0usize..3,
        line in prop_oneof![0u32..12, Just(u32::MAX)],
        col in prop_oneof![0u32..20, Just(u32::MAX)],
    ) {
        let enc = ENCODINGS[e];
        let want = model::offset(&text, line, col, enc);
        prop_assert!(model::is_position(&text, want));
        let index = LineIndex::new(&text);
        prop_assert_eq!(index.offset(&text, line as usize, col as usize, enc), want);
        let pos = Position::new(line, col);
        prop_assert_eq!(Converter::new(&text, enc).offset(pos), want);
        prop_assert_eq!(rope_offset(&Rope::from_str(&text), pos, enc), want);
    }

    /// A quick fix as the editor gets it (ranges in its encoding) and applies it (by the model,
    /// last edit first) yields the text the engine's own byte edits yield: no edit starts or
    /// ends where no position can say (inside a character or a CRLF).
    #[test]
    fn fixes_sent_as_lsp_edits_apply_like_the_engine_edits(
        text in newsish(),
        e in 0usize..3,
        s in 0usize..4,
    ) {
        let enc = ENCODINGS[e];
        let analysis = analyze(&text, Format::Plain, &Settings::for_style(Style::ALL[s]));
        let conv = Converter::new(&text, enc);
        for fix in analysis.findings.iter().flat_map(|f| f.fixes.iter()) {
            let want = apply_edits(&text, &fix.edits).expect("the engine's properties hold");
            let mut edits: Vec<_> = fix
                .edits
                .iter()
                .map(|edit| {
                    prop_assert!(model::is_position(&text, edit.span.start), "{:?}", edit);
                    prop_assert!(model::is_position(&text, edit.span.end), "{:?}", edit);
                    Ok((conv.range(edit.span), edit.new_text.clone()))
                })
                .collect::<Result<_, TestCaseError>>()?;
            edits.sort_by_key(|(r, _)| std::cmp::Reverse((r.start.line, r.start.character)));
            let mut got = text.clone();
            for (range, new) in edits {
                let a = model::offset(&text, range.start.line, range.start.character, enc);
                let b = model::offset(&text, range.end.line, range.end.character, enc);
                got.replace_range(a..b, &new);
            }
            prop_assert_eq!(got, want);
        }
    }
}
