use super::*;
use crate::engine::Settings;

fn run_with(text: &str, style: Style) -> Vec<Finding> {
    crate::checks::test_support::findings_of(text, &Settings::for_style(style), "titles", RULES)
}

fn run(text: &str) -> Vec<Finding> {
    run_with(text, Style::Ap)
}

fn codes(text: &str) -> Vec<String> {
    run(text).into_iter().map(|f| f.code.into_owned()).collect()
}

fn story(body: &str) -> String {
    format!("Talks resume in the capital\n\nWASHINGTON (AP) — {body}\n")
}

const SEED: &str = include_str!("../../../seeds/rafah-virtual-meeting.txt");

#[test]
fn the_seed_has_no_title_findings() {
    let found = run(SEED);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_lowercase_formal_title_before_a_name_is_capitalized() {
    let text = story("The group also views president Barack Obama favorably, officials said.");
    let found = run(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "titles.lowercase-before-name");
    assert_eq!(found[0].fixes[0].edits[0].new_text, "President");
    // AP abbreviates before a full name; the Guardian spells it out.
    let text = story("Massachusetts sen. Elizabeth Warren grilled the bank's chief on Tuesday.");
    let ap = run(&text);
    assert_eq!(ap[0].fixes[0].edits[0].new_text, "Sen.", "{ap:#?}");
    let guardian = run_with(&text, Style::Guardian);
    assert_eq!(guardian[0].fixes[0].edits[0].new_text, "Sen.");
    let text = story("Trump admires Russian president Vladimir Putin, he said.");
    assert_eq!(codes(&text), ["titles.lowercase-before-name"]);
}

#[test]
fn descriptions_and_sports_captains_stay_lowercase() {
    for body in [
        "The company president Tim Cook spoke on Monday.",
        "He met a former senator, John Smith, on Monday.",
        "Surrey captain Chris Lewis continued to silence his critics.",
        "The president said on Monday that talks would go on.",
        "He spoke as president on Monday, officials said.",
    ] {
        let text = story(body);
        assert!(codes(&text).is_empty(), "{body}: {:?}", run(&text));
    }
}

#[test]
fn a_formal_title_standing_alone_is_lowercased() {
    let text = story("Officials met on Monday. Later the Prime Minister said the talks were over.");
    let found = run(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "titles.capitalized-alone");
    assert_eq!(found[0].fixes[0].edits[0].new_text, "prime minister");
    for body in [
        "Officials met the President of Iran on Monday.",
        "Officials met on Monday. \"The President said no,\" an aide said.",
        "Officials met at the President's Council on Monday.",
        "Prime Minister Benjamin Netanyahu met envoys on Monday.",
    ] {
        let text = story(body);
        assert!(codes(&text).is_empty(), "{body}: {:?}", run(&text));
    }
}

#[test]
fn occupational_titles_stay_lowercase_before_a_name() {
    let text = story("Officials met on Monday, and National Security Adviser Jake Sullivan spoke.");
    let found = run(&text);
    assert_eq!(
        codes(&text),
        ["titles.occupational-capitalized"],
        "{found:#?}"
    );
    assert_eq!(
        found[0].fixes[0].edits[0].new_text,
        "national security adviser"
    );
    let text = story("Officials met on Monday, and spokesperson John Kirby spoke.");
    assert!(codes(&text).is_empty());
}

#[test]
fn a_changed_title_is_a_warning() {
    let text = story(
        "Sen. John Smith met envoys on Monday. Smith said the talks would go on. Later Rep. Smith \
         told reporters the talks had ended.",
    );
    let found = run(&text);
    assert_eq!(codes(&text), ["titles.changed"], "{found:#?}");
    let text = story(
        "Sen. John Smith met envoys on Monday. Smith said the talks would go on. Later Senator \
         Smith told reporters the talks had ended.",
    );
    assert!(!codes(&text).contains(&"titles.changed".to_string()));
}

#[test]
fn advisor_is_spelled_adviser() {
    let text = story("A senior trade advisor said on Monday that Capital Advisors would bid.");
    let found = run(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].span.text(&text), "advisor");
    assert_eq!(found[0].fixes[0].edits[0].new_text, "adviser");
}

/// The text of the one `titles.lowercase-before-name` finding in a story of `body`; fails
/// unless there is exactly one.
fn the_lowercase_title(body: &str) -> String {
    let text = story(body);
    let found = run(&text);
    let f: Vec<&Finding> = found
        .iter()
        .filter(|f| f.code == "titles.lowercase-before-name")
        .collect();
    assert_eq!(f.len(), 1, "{body}: {found:#?}");
    f[0].span.text(&text).to_string()
}

#[test]
fn an_organization_officer_keeps_a_lowercase_title_but_a_public_office_does_not() {
    // A club's, a party's or an institute's president is described, not titled.
    for body in [
        "Club president Gilbert Facchinetti said he was astonished by the decision.",
        "MDS president Mohamed Moada was sentenced last February to 11 years in jail.",
        "The group was founded by former Cato Institute president Ed Crane last year.",
        "\"This treaty is good,\" said PDSR executive president Adrian Nastase on Monday.",
    ] {
        let text = story(body);
        assert!(
            !codes(&text).contains(&"titles.lowercase-before-name".to_string()),
            "{body}: {:#?}",
            run(&text)
        );
    }
    // Negatives: a place, a legislature or `former` before the title makes it an office.
    for (body, title) in [
        (
            "Former Florida governor Jeb Bush tweeted on Monday.",
            "governor",
        ),
        (
            "In an interview, House speaker Paul Ryan said the bill would wait.",
            "speaker",
        ),
        (
            "The visit pleased Chicago mayor Rahm Emanuel, aides said.",
            "mayor",
        ),
        (
            "He acted as former president Bill Clinton's assistant for years.",
            "president",
        ),
    ] {
        assert_eq!(the_lowercase_title(body), title);
    }
}

#[test]
fn a_lowercase_abbreviated_title_after_capitalized_words_is_still_a_title() {
    // `Lt. gen.`, `Chairman rep.`: an abbreviation before a name is only ever a title.
    for (body, head) in [
        (
            "Retired Lt. gen. Michael Flynn said the plan was sound.",
            "gen.",
        ),
        (
            "The panel Chairman rep. Jason Chaffetz said the talks failed.",
            "rep.",
        ),
    ] {
        assert_eq!(the_lowercase_title(body), head);
    }
    // Negative: the capitalized abbreviation is right.
    assert!(codes(&story(
        "Retired Lt. Gen. Michael Flynn said the plan was sound."
    ))
    .is_empty());
}
