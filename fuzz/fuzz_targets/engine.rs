//! The engine on arbitrary UTF-8, as plain text and Markdown, in every house style: it must not
//! panic, and everything it reports must point inside the text and apply cleanly.
#![no_main]

use copydesk::engine::{analyze, apply_edits, Format, Settings, Style};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for format in [Format::Plain, Format::Markdown] {
        for style in Style::ALL {
            let analysis = analyze(text, format, &Settings::for_style(style));
            assert!(analysis.failures.is_empty(), "{:?}", analysis.failures);
            for f in &analysis.findings {
                assert!(f.span.start <= f.span.end && f.span.end <= text.len());
                assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
                for fix in &f.fixes {
                    apply_edits(text, &fix.edits).expect("an offered fix applies");
                }
            }
            for e in &analysis.entities {
                for m in &e.mentions {
                    assert!(m.span.end <= text.len() && text.is_char_boundary(m.span.start));
                }
            }
            for fig in &analysis.figures {
                assert!(fig.span.end <= text.len() && text.is_char_boundary(fig.span.start));
            }
        }
    }
});
