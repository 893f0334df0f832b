//! The incremental analyzer gives exactly what a full analysis gives, after any sequence of
//! edits: inserts and deletes that split and merge paragraphs, move quotes across paragraph
//! ends, change the dateline and the headline, in plain text and Markdown, with CRLF.

use copydesk::engine::{analyze, Analysis, Analyzer, Format, Settings, Style};
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    include_str!("../seeds/rafah-virtual-meeting.txt"),
    include_str!("../seeds/london-wire-hardwrapped.txt"),
    include_str!("../seeds/peoria-plant-closing.md"),
    "Storm hits coast\n\nMIAMI (AP) — At least 40 people died, police said. \"We found 20 more \
     bodies,\" Mayor Jane Doe said.\n\n\"The water rose fast. About 3,000 homes flooded.\n\n\
     \"We will rebuild,\" she said. He said:\n\n\"1,200 people are in shelters.\"\n\n\
     Also, 12% of roads are closed. Sources said 500 troops were sent.\n",
    // A paragraph that stands twice, after two speakers it carries on.
    "Flood waters rise\n\nMANILA (AP) — \"We lost 40 homes,\" Mayor Ana Cruz said.\n\n\"About \
     300 people are still missing.\"\n\n\"The river rose overnight,\" Gov. Tom Reyes said.\n\n\
     \"About 300 people are still missing.\"\n\nThe rain stopped on Tuesday.\n",
];

const PIECES: &[&str] = &[
    "\n\n",
    "\n",
    "\r\n",
    "\r\n\r\n",
    "\"",
    "“",
    "”",
    " said Kirby.",
    " He said: ",
    "1,400 people were killed",
    " more than 760 civilians ",
    "WASHINGTON — ",
    "LONDON, Sept 28 (Reuters) - ",
    "# ",
    "## Subhead\n\n",
    "- ",
    "*",
    "[the report](http://x.org/12-people)",
    "Prime Minister Benjamin Netanyahu",
    // A reference by title, and the words after a `the` it is read from.
    " the prime minister ",
    "minister",
    "according to the ministry",
    " Also 3.5 percent. ",
    "By Jane Doe\n",
    "x",
    ". ",
    "é",
    "  ",
    // A sports slug opening the story changes how every paragraph's names are read.
    "SOCCER - ",
    "Leeds 2 Chelsea 1\n\n",
    // A paragraph the article may already hold, after whatever speaker precedes it.
    "\n\n\"About 300 people are still missing.\"\n\n",
];

/// `default` cases, or `PROPTEST_CASES` for a longer run (`PROPTEST_CASES=2000 cargo test
/// --release --test incremental`).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

#[derive(Debug, Clone)]
enum Edit {
    /// Insert piece `p` at a fraction of the text.
    Insert(usize, f64),
    /// Delete from a fraction of the text, up to `n` characters.
    Delete(f64, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0..PIECES.len(), 0.0..1.0f64).prop_map(|(p, at)| Edit::Insert(p, at)),
        2 => (0.0..1.0f64, 1..40usize).prop_map(|(at, n)| Edit::Delete(at, n)),
    ]
}

fn boundary(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, e: &Edit) {
    match *e {
        Edit::Insert(p, at) => {
            let i = boundary(text, at);
            text.insert_str(i, PIECES[p]);
        }
        Edit::Delete(at, n) => {
            let i = boundary(text, at);
            let end = text[i..]
                .char_indices()
                .nth(n)
                .map(|(k, _)| i + k)
                .unwrap_or(text.len());
            text.replace_range(i..end, "");
        }
    }
}

fn assert_same(inc: &Analysis, full: &Analysis, text: &str) {
    assert_eq!(inc.article, full.article, "article of {text:?}");
    assert_eq!(inc.figures, full.figures, "figures of {text:?}");
    assert_eq!(
        inc.attributions, full.attributions,
        "attributions of {text:?}"
    );
    assert_eq!(inc.entities, full.entities, "entities of {text:?}");
    assert_eq!(inc.findings, full.findings, "findings of {text:?}");
    assert_eq!(inc.failures, full.failures, "failures of {text:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full_after_random_edits(
        seed in 0..SEEDS.len(),
        markdown in any::<bool>(),
        crlf in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..12),
        style_switch in prop::option::of(0..12usize),
    ) {
        let format = if markdown { Format::Markdown } else { Format::Plain };
        let mut text = SEEDS[seed].to_string();
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut settings = Settings::default();
        let mut analyzer = Analyzer::new();
        assert_same(&analyzer.analyze(&text, format, &settings), &analyze(&text, format, &settings), &text);
        for (k, e) in edits.iter().enumerate() {
            apply(&mut text, e);
            if style_switch == Some(k) {
                // Settings change: the analyzer must not reuse what it found under others.
                settings = Settings::default();
                settings.style = Style::Reuters;
            }
            let inc = analyzer.analyze(&text, format, &settings);
            let full = analyze(&text, format, &settings);
            assert_same(&inc, &full, &text);
        }
    }
}

#[test]
fn unchanged_paragraphs_are_reused_and_stale_ones_dropped() {
    let settings = Settings::default();
    let mut analyzer = Analyzer::new();
    let text = SEEDS[0].to_string();
    analyzer.analyze(&text, Format::Plain, &settings);
    let blocks = analyzer.cached_blocks();
    assert!(blocks > 3);
    // An edit inside one paragraph replaces one entry.
    let at = text.find("Kirby").unwrap_or(text.len() / 2);
    let mut edited = text.clone();
    edited.insert(at, 'x');
    let inc = analyzer.analyze(&edited, Format::Plain, &settings);
    assert_eq!(analyzer.cached_blocks(), blocks);
    let full = analyze(&edited, Format::Plain, &settings);
    assert_same(&inc, &full, &edited);
}

#[test]
fn references_by_title_follow_edits_in_and_before_their_paragraphs() {
    // `the prime minister` is read off each paragraph once and kept relative to it: edits
    // before it move it, edits in it read it again, a name after it makes it a title.
    let settings = Settings::default();
    let mut analyzer = Analyzer::new();
    let mut text = String::from(
        "Head\n\nLONDON — Israeli Prime Minister Benjamin Netanyahu met Sen. Tom Cole on Monday.\n\n\
         The prime minister said the talks went well. The senator's office agreed.\n\n\
         Later the prime minister's aides left, and the minister stayed.\n",
    );
    let refs = |a: &Analysis| a.entities.iter().map(|e| e.references.len()).sum::<usize>();
    let first = analyzer.analyze(&text, Format::Plain, &settings);
    assert!(refs(&first) >= 3, "{:?}", first.entities);
    for (at, insert) in [
        ("Head", "x"),
        ("Later", "Then "),
        ("minister stayed", "prime "),
        ("aides", "Benjamin Netanyahu "),
        ("The senator's", "\n\n"),
        ("said the talks", "the "),
    ] {
        let i = text.find(at).unwrap_or(0);
        text.insert_str(i, insert);
        let inc = analyzer.analyze(&text, Format::Plain, &settings);
        assert_same(&inc, &analyze(&text, Format::Plain, &settings), &text);
    }
}

#[test]
fn quote_carried_into_the_next_paragraph_follows_edits_before_it() {
    let settings = Settings::default();
    let mut analyzer = Analyzer::new();
    let mut text = String::from(
        "Head\n\nMIAMI — Intro here.\n\n\"We counted 40 bodies,\" Doe said. \"And then 30 more.\n\n\"Another 20 were found.\"\n",
    );
    for insert in ["Mayor ", "x", "\n\n", "\""] {
        let at = text.find("Doe").unwrap_or(0);
        text.insert_str(at, insert);
        let inc = analyzer.analyze(&text, Format::Plain, &settings);
        assert_same(&inc, &analyze(&text, Format::Plain, &settings), &text);
    }
}

#[test]
fn house_knowledge_base_counts_in_incremental_analysis_too() {
    let house =
        copydesk::kb::HouseKb::parse("[[organization]]\nname = \"Zyxquor\"\nkind = \"company\"\n")
            .expect("valid house file");
    let settings = Settings {
        house_kb: Some(std::sync::Arc::new(house)),
        ..Settings::default()
    };
    let text = "Merger talks\n\nLONDON (AP) — Zyxquor announced a merger.\n\nShares rose.\n";
    let is_org = |a: &Analysis| {
        a.entities
            .iter()
            .any(|e| e.kind == copydesk::engine::EntityKind::Organization && e.name == "Zyxquor")
    };
    // Without the house list, `Zyxquor announced` reads as a person.
    assert!(!is_org(&analyze(text, Format::Plain, &Settings::default())));
    let mut analyzer = Analyzer::new();
    let first = analyzer.analyze(text, Format::Plain, &settings);
    assert!(is_org(&first));
    // And after an edit elsewhere, from the cache.
    let edited = text.replace("Shares rose.", "Shares rose 4%.");
    let again = analyzer.analyze(&edited, Format::Plain, &settings);
    assert!(is_org(&again));
    assert_same(&again, &analyze(&edited, Format::Plain, &settings), &edited);
}

#[test]
fn names_in_a_paragraph_follow_a_quote_opened_or_closed_before_it() {
    // The names checks read `Mr. Smith` as quoted while the paragraph before leaves a quote
    // open: its tokens, cached with that state, must be read again when the state changes.
    let settings = Settings::default();
    let mut analyzer = Analyzer::new();
    let open = "Plumber sues city\n\nSPRINGFIELD — John Smith, a plumber, said the city failed \
                him.\n\n\"The pipes burst and nobody came.\n\nMr. Smith would sue, he said.\" \
                The city declined to comment.\n";
    let closed = open.replace("\"The pipes", "The pipes");
    let courtesy = |a: &Analysis| a.findings.iter().any(|f| f.code == "names.courtesy-title");
    for (text, flagged) in [(open, false), (&closed, true), (open, false)] {
        let inc = analyzer.analyze(text, Format::Plain, &settings);
        assert_same(&inc, &analyze(text, Format::Plain, &settings), text);
        assert_eq!(courtesy(&inc), flagged, "{text:?}");
    }
}

/// A story full of people: full names, surnames alone, titles before them, a misspelt surname,
/// a surname the story also writes in lowercase, a courtesy title, a modifier use.
const PEOPLE_SEED: &str = "Council votes on budget\n\nPEORIA, Ill. (AP) — Mayor Jane Brennan \
    said on Tuesday the city would cut 40 jobs. Brennan said the cuts were painful.\n\n\
    Sen. Tom Okafor, a Democrat, opposed the plan. \"We can do better,\" Okafor said.\n\n\
    The Brennan administration declined to say more. Brennen later said 12% of staff would \
    go.\n\nMr. Okafor said Jane Brennan had not called him. Economist Luis Haddad said the \
    bill would pass; a bill like it passed in 2019.\n\nThe mayor said Haddad was wrong.\n";

/// Pieces that introduce, repeat, misspell and retitle people, and move their first mention.
const PEOPLE_PIECES: &[&str] = &[
    "\n\n",
    "\r\n",
    "\"",
    "Jane Brennan ",
    "Brennan ",
    "Brenan ",
    "Mayor ",
    "mayor ",
    "Gov. ",
    "Mr. ",
    "Ms. ",
    "Tom Okafor said. ",
    "Okafor",
    "brennan ",
    "bill ",
    "Bill Haddad ",
    "Maria Alvarez, a spokesperson, said. ",
    "\n\nAlvarez said 30 people left.\n\n",
    "-led ",
    "'s ",
    "😀",
    "é",
    "x",
    ". ",
];

fn people_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0..PEOPLE_PIECES.len(), 0.0..1.0f64).prop_map(|(p, at)| Edit::Insert(p, at)),
        2 => (0.0..1.0f64, 1..30usize).prop_map(|(at, n)| Edit::Delete(at, n)),
    ]
}

fn apply_people(text: &mut String, e: &Edit) {
    match *e {
        Edit::Insert(p, at) => {
            let i = boundary(text, at);
            text.insert_str(i, PEOPLE_PIECES[p]);
        }
        Edit::Delete(..) => apply(text, e),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    /// The names and titles checks read cached paragraphs (tokens, mentions read in them, the
    /// words written in lowercase): after edits that add, drop, misspell and retitle people,
    /// what they find equals a full analysis.
    #[test]
    fn people_follow_edits_incrementally(
        crlf in any::<bool>(),
        edits in prop::collection::vec(people_edit(), 1..16),
    ) {
        let mut text = PEOPLE_SEED.to_string();
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let settings = Settings::default();
        let mut analyzer = Analyzer::new();
        assert_same(&analyzer.analyze(&text, Format::Plain, &settings), &analyze(&text, Format::Plain, &settings), &text);
        for e in &edits {
            apply_people(&mut text, e);
            let inc = analyzer.analyze(&text, Format::Plain, &settings);
            assert_same(&inc, &analyze(&text, Format::Plain, &settings), &text);
        }
    }
}

#[test]
fn a_paragraph_that_introduces_a_person_comes_and_goes() {
    // The first mention of `Haddad` moves: introduced in full, then by surname alone before
    // the introduction, then the introduction is gone and back; the lowercase `bill` comes and
    // goes with its paragraph.
    let settings = Settings::default();
    let mut analyzer = Analyzer::new();
    let intro = " Economist Luis Haddad said the \
                 bill would pass; a bill like it passed in 2019.";
    assert!(PEOPLE_SEED.contains(intro));
    let base = PEOPLE_SEED.replace(intro, "");
    let early = PEOPLE_SEED.replace("Sen. Tom Okafor", "Haddad and Sen. Tom Okafor");
    for text in [PEOPLE_SEED, &base, PEOPLE_SEED, &early, &base, &early] {
        let inc = analyzer.analyze(text, Format::Plain, &settings);
        assert_same(&inc, &analyze(text, Format::Plain, &settings), text);
    }
}

#[test]
fn house_spellings_follow_settings_and_edits() {
    // The names check keeps, per cached paragraph, the words in a spelling family with the
    // house form they take and the capitalized words its variant pass looks up: a style or a
    // house list that changes, and edits that make or unmake a variant, must be seen.
    let text = "Talks in Kyiv\n\nKYIV, Ukraine (AP) — President Volodymyr Zelensky met \
                Dmytro Kouleba on Tuesday. Zelenskyy said the talks went well.\n\n\
                Kuleba said Zelensky would travel. Economist Luis Haddad agreed.\n\n\
                The ministry said Haddad was wrong.\n";
    let house = copydesk::engine::Config::from_toml(
        "[names]\nspellings = [[\"Kuleba\", \"Kouleba\"], [\"Zelensky\", \"Zelenskyy\"]]\n",
    )
    .expect("valid configuration");
    let own = Settings::from_config(&house);
    let reuters = Settings {
        style: Style::Reuters,
        ..Settings::default()
    };
    let mut analyzer = Analyzer::new();
    let variant = |a: &Analysis| {
        a.findings
            .iter()
            .filter(|f| f.code == "names.variant")
            .count()
    };
    let misspelt = text.replace("The ministry said Haddad", "The ministry said Hadad");
    let mut counts = Vec::new();
    for (t, settings) in [
        (text, Settings::default()),
        (text, reuters.clone()),
        (&misspelt, reuters.clone()),
        (&misspelt, own.clone()),
        (text, own.clone()),
        (&misspelt, Settings::default()),
        (text, Settings::default()),
    ] {
        let inc = analyzer.analyze(t, Format::Plain, &settings);
        assert_same(&inc, &analyze(t, Format::Plain, &settings), t);
        counts.push(variant(&inc));
    }
    // Different styles give different findings, and the misspelling one more.
    assert_ne!(counts[0], counts[1], "{counts:?}");
    assert!(counts[2] > counts[1], "{counts:?}");
    assert!(counts[5] > counts[6], "{counts:?}");
}

#[test]
fn a_misspelling_in_an_unchanged_paragraph_follows_the_people_introduced_elsewhere() {
    // Which capitalized words the variant pass acts on is kept per paragraph under the set of
    // surnames introduced in full: `Hadad` in a paragraph no edit touches is a variant while
    // Luis Haddad is introduced, and not once his paragraph is gone or renamed.
    let settings = Settings::default();
    let mut analyzer = Analyzer::new();
    let text = "Budget vote\n\nPEORIA, Ill. (AP) — Economist Luis Haddad said the bill would \
                pass.\n\nThe mayor said Haddad was wrong.\n\nCritics said Hadad had misread \
                the numbers.\n";
    let gone = text.replace("Economist Luis Haddad said", "Economists said");
    let other = text.replace("Luis Haddad", "Luis Haddam");
    let variants = |a: &Analysis| {
        a.findings
            .iter()
            .filter(|f| f.code == "names.variant")
            .count()
    };
    let mut counts = Vec::new();
    // Each text after one under which `Hadad` is near no one's surname (with no one's at
    // all the pass stops before the paragraphs).
    for t in [&other, text, &other, text, &gone, text] {
        let inc = analyzer.analyze(t, Format::Plain, &settings);
        assert_same(&inc, &analyze(t, Format::Plain, &settings), t);
        counts.push(variants(&inc));
    }
    assert_eq!(counts, [0, 1, 0, 1, 0, 1], "{counts:?}");
}

#[test]
fn a_paragraph_repeated_under_another_role_or_quote_state_is_read_under_each() {
    // The cache keeps a paragraph's figures and tokens by its prose. The same prose twice in
    // one text, once as a subhead (no figures) and once as body text, or once continuing a
    // quote left open and once not, is read under each: one must not take the other's.
    let settings = Settings::default();
    let body = "\"About 300 people are still missing.\"";
    let subhead = format!(
        "Flood waters rise\n\nMANILA (AP) — \"We lost 40 homes,\" Mayor Ana Cruz said.\n\n\
         {body}\n\nThe rain stopped.\n\n# {body}\n\nThe river fell.\n"
    );
    // After a quote left open the paragraph continues it, and `Ana Cruz` is in running text
    // (a full name repeated); after a closed one its quote opens, and the name is quoted.
    let quoted = "Flood waters rise\n\nMANILA (AP) — Mayor Ana Cruz said 40 homes were lost.\n\n\
                  \"We lost everything.\n\nThe water rose fast, \" Ana Cruz said.\n\nThe rain \
                  stopped.\n\nThe water rose fast, \" Ana Cruz said.\n";
    for (text, format) in [
        (subhead.as_str(), Format::Markdown),
        (quoted, Format::Plain),
    ] {
        let full = analyze(text, format, &settings);
        let mut analyzer = Analyzer::new();
        assert_same(&analyzer.analyze(text, format, &settings), &full, text);
        // And after an edit elsewhere, with the paragraphs cached.
        let edited = text.replace("The rain stopped.", "The rain stopped on Monday.");
        let inc = analyzer.analyze(&edited, format, &settings);
        assert_same(&inc, &analyze(&edited, format, &settings), &edited);
    }
}
