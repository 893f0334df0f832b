//! Property tests over the engine: on any text — emoji, combining marks, CRLF, lone CR, BOMs,
//! Markdown — every span points at character boundaries inside the text, every offered fix
//! applies cleanly with no overlapping edits, and applying a fix yields valid text.

use copydesk::engine::{analyze, apply_edits, Format, Settings, Style};
use proptest::prelude::*;

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
