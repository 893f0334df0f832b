//! Snapshot tests: the diagnostics a copy editor would see on each whole article in seeds/.
//! A change in any check shows up here as a reviewable diff (`cargo insta review`).

use copydesk::engine::{analyze, Format, Settings};
use copydesk::lines::{Encoding, LineIndex};
use std::path::Path;

fn render(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("seed readable");
    let analysis = analyze(
        &text,
        Format::from_path(&path.to_string_lossy()),
        &Settings::default(),
    );
    let index = LineIndex::new(&text);
    let mut out = String::new();
    for f in &analysis.findings {
        let (line, col) = index.position(&text, f.span.start, Encoding::Utf32);
        out.push_str(&format!(
            "{}:{} {} {} `{}`: {}\n",
            line + 1,
            col + 1,
            f.severity,
            f.code,
            f.span.text(&text),
            f.message
        ));
        for fix in &f.fixes {
            let edits: Vec<String> = fix
                .edits
                .iter()
                .map(|e| format!("`{}` → `{}`", e.span.text(&text), e.new_text))
                .collect();
            out.push_str(&format!("    fix: {} ({})\n", fix.title, edits.join(", ")));
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

#[test]
fn seed_articles() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .expect("seeds/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    assert!(names.len() >= 3);
    for path in names {
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace('.', "_");
        insta::assert_snapshot!(name, render(&path));
    }
}
