use super::*;
use crate::engine::apply_edits;
use crate::engine::settings::Config;

fn settings(style: Style) -> Settings {
    Settings::for_style(style)
}

fn run_with(text: &str, s: &Settings) -> Vec<Finding> {
    crate::checks::test_support::findings_of(text, s, "names", RULES)
}

fn run(text: &str) -> Vec<Finding> {
    run_with(text, &settings(Style::Ap))
}

fn with_code<'a>(found: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    found.iter().filter(|f| f.code == code).collect()
}

fn story(body: &str) -> String {
    format!("Talks resume in the capital\n\nWASHINGTON (AP) — {body}\n")
}

const SEED: &str = include_str!("../../../seeds/rafah-virtual-meeting.txt");

#[test]
fn seed_reports_the_repeated_netanyahu_and_nothing_else_it_should_not() {
    let found = run(SEED);
    let repeated = with_code(&found, "names.full-name-repeated");
    assert_eq!(repeated.len(), 1, "{found:#?}");
    let f = repeated[0];
    assert_eq!(f.severity, Severity::Information);
    assert_eq!(f.span.text(SEED), "Prime Minister Benjamin Netanyahu");
    let fixed = apply_edits(SEED, &f.fixes[0].edits).unwrap();
    assert!(fixed.contains("President Joe Biden warned Netanyahu that"));
    assert!(!f.related.is_empty());
    // `Biden administration` is a modifier; Kirby and Sullivan are introduced properly.
    for f in &found {
        let text = f.span.text(SEED);
        assert!(!text.contains("Biden"), "{f:?}");
        assert!(
            !text.contains("Kirby") && !text.contains("Sullivan"),
            "{f:?}"
        );
    }
}

#[test]
fn a_misspelt_second_reference_is_a_variant_with_a_fix() {
    let text = story(
        "Prime Minister Benjamin Netanyahu met envoys on Monday. Netanyahu said talks would go \
         on. Later Netanyau told reporters the talks had ended. Netanyahu left.",
    );
    let found = run(&text);
    let v = with_code(&found, "names.variant");
    assert_eq!(v.len(), 1, "{found:#?}");
    assert_eq!(v[0].span.text(&text), "Netanyau");
    assert_eq!(v[0].fixes[0].edits[0].new_text, "Netanyahu");
}

#[test]
fn a_misspelt_surname_in_sports_copy_is_a_variant() {
    // Sports copy reads unexplained words as teams; one letter off a player's surname is the
    // player misspelt.
    let text = "TENNIS - EDBERG STAYS ON.\n\nNEW YORK 1996-08-30\n\nStefan Edberg extended his \
                stay at the U.S. Open when his rival quit in the fourth set.\n\nThe 30-year-old \
                Edbmrg, a former champion, had taken control of the match.\n";
    let found = run(text);
    let v = with_code(&found, "names.variant");
    assert_eq!(v.len(), 1, "{found:#?}");
    assert_eq!(v[0].span.text(text), "Edbmrg");
    // Negative: a word a cue makes a company is not the player.
    let text = "TENNIS - EDBERG STAYS ON.\n\nNEW YORK 1996-08-30\n\nStefan Edberg extended his \
                stay at the U.S. Open when his rival quit in the fourth set.\n\nShares in Edberk \
                fell on the news, traders said.\n";
    assert!(with_code(&run(text), "names.variant").is_empty());
}

#[test]
fn a_rare_census_surname_beside_an_introduced_one_is_a_variant() {
    // `Brennen` (under 2 in 100,000) one letter off `Brennan`, opening a sentence.
    let text = story(
        "Plant manager Laura Brennan said the site would close in March. Mayor Rita Ali said \
         the city would help. Brennen did not say whether the company would sell the building.",
    );
    let found = run(&text);
    let v = with_code(&found, "names.variant");
    assert_eq!(v.len(), 1, "{found:#?}");
    assert_eq!(v[0].span.text(&text), "Brennen");
    // Negative: a common word one letter off a surname is the word (`Well` beside `Weld`).
    let text = story(
        "Former Gov. Bill Weld spoke on Monday. Weld said the race was open. \"Well, he is the \
         lesser evil,\" a voter said of the candidate.",
    );
    assert!(with_code(&run(&text), "names.variant").is_empty());
}

#[test]
fn different_real_surnames_are_not_variants() {
    // `Johnston` is a surname of its own; `Johnsons` a plural.
    let text = story(
        "Sen. Mary Johnson spoke on Monday. Johnson said the vote would wait. Her aide, Peter \
         Johnston, agreed, and the Johnsons left early.",
    );
    assert!(with_code(&run(&text), "names.variant").is_empty());
}

#[test]
fn house_spellings_differ_by_preset() {
    let text = story(
        "President Volodymyr Zelensky spoke to lawmakers on Monday. Zelensky said aid must \
         continue through the winter.",
    );
    let ap = run(&text);
    let v = with_code(&ap, "names.variant");
    assert_eq!(v.len(), 1, "{ap:#?}");
    // Written throughout in another spelling: one finding, one fix for every occurrence.
    assert_eq!(v[0].fixes[0].edits.len(), 2);
    assert_eq!(v[0].fixes[0].edits[0].new_text, "Zelenskyy");
    let nyt = run_with(&text, &settings(Style::Nyt));
    assert!(with_code(&nyt, "names.variant").is_empty(), "{nyt:#?}");
    let reuters = run_with(&text, &settings(Style::Reuters));
    assert_eq!(
        with_code(&reuters, "names.variant")[0].fixes[0].edits[0].new_text,
        "Zelenskiy"
    );
}

#[test]
fn mixed_family_spellings_flag_each_off_house_one() {
    let text = story(
        "Libyan leader Moammar Gadhafi spoke on Monday. Gadhafi said the talks were over. \
         Qaddafi left the hall.",
    );
    let v = with_code(&run(&text), "names.variant").len();
    assert_eq!(v, 1);
}

#[test]
fn house_list_spellings_come_from_configuration() {
    let config = Config::from_toml("[names]\nspellings = [[\"Kuleba\", \"Kouleba\"]]\n").unwrap();
    let s = Settings::from_config(&config);
    let text = story("Foreign Minister Dmytro Kouleba spoke on Monday. Kouleba said more.");
    let found = run_with(&text, &s);
    assert_eq!(with_code(&found, "names.variant").len(), 1, "{found:#?}");
}

#[test]
fn a_changed_first_name_is_flagged() {
    let text = story(
        "National security adviser Jake Sullivan met envoys on Monday. Sullivan said talks \
         would go on through the week. Later John Sullivan told reporters the talks had ended.",
    );
    let found = run(&text);
    let f = with_code(&found, "names.first-name-mismatch");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].span.text(&text), "John Sullivan");
}

#[test]
fn a_known_person_written_with_a_middle_initial_is_someone_else() {
    // The knowledge base knows `George Bush`; `George W. Bush` is him, not a slip for `Jeb`.
    let text = story(
        "Former Florida Gov. Jeb Bush spoke on Monday in Iowa. Bush said the race was close. \
         The race recalls 2000, when John McCain upset George W. Bush to win the primary.",
    );
    let found = run(&text);
    assert!(
        with_code(&found, "names.first-name-mismatch").is_empty(),
        "{found:#?}"
    );
    // Negative: a middle initial on an unknown name still leaves the first name changed.
    let text = story(
        "Former Florida Gov. Jeb Zorbaugh spoke on Monday in Iowa. Zorbaugh said the race was \
         close. The race recalls 2000, when John McCain upset George W. Zorbaugh to win.",
    );
    assert_eq!(with_code(&run(&text), "names.first-name-mismatch").len(), 1);
}

#[test]
fn family_words_in_names_and_unpaired_ands_do_not_make_two_people() {
    // `& Sons` is a firm's name; `Heraf and Robert Ferguson` pairs two different surnames.
    let text = story(
        "\"It focuses attention on the bank,\" said James Weber, analyst at A.G. Edwards & \
         Sons.\n\nThe bank is the most coveted one out there, John Weber said on Monday.",
    );
    assert_eq!(
        with_code(&run(&text), "names.first-name-mismatch").len(),
        1,
        "{:#?}",
        run(&text)
    );
    let text = story(
        "Duncan Ferguson went close for Scotland in the first half.\n\nTwo players were shown \
         yellow cards, one for bringing down Andreas Heraf and Robert Ferguson for arguing \
         with the referee.",
    );
    assert_eq!(with_code(&run(&text), "names.first-name-mismatch").len(), 1);
    // Negatives: a lowercase family word, and two first names paired by `and`, still tell
    // the people apart.
    let text = story(
        "James Weber, analyst at the bank, spoke on Monday with his sons.\n\nThe bank is the \
         most coveted one out there, John Weber said on Monday.",
    );
    assert!(with_code(&run(&text), "names.first-name-mismatch").is_empty());
    let text = story(
        "President George Bush spoke on Monday about the talks and the week ahead.\n\nGeorge \
         Bush and Laura Bush were very much engaged in the talks through the week.",
    );
    assert!(with_code(&run(&text), "names.first-name-mismatch").is_empty());
}

#[test]
fn relatives_and_initials_are_different_people() {
    let text = story(
        "President Joe Biden spoke on Monday about the economy and jobs. His son Hunter Biden \
         was not at the event in the capital.",
    );
    assert!(with_code(&run(&text), "names.first-name-mismatch").is_empty());
    let text = story(
        "Mark Taylor spoke to the club on Monday about the season. Mark and Steve Taylor played \
         together for years before the two brothers retired.",
    );
    assert!(with_code(&run(&text), "names.first-name-mismatch").is_empty());
}

#[test]
fn a_repeated_full_name_is_information_and_nyt_uses_a_courtesy_title() {
    let text = story(
        "Sen. John Smith met envoys on Monday. Smith said the talks would go on through the \
         week. John Smith later told reporters that the talks had ended for now.",
    );
    let found = run(&text);
    let f = with_code(&found, "names.full-name-repeated");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Smith");
    let nyt = run_with(&text, &settings(Style::Nyt));
    let f = with_code(&nyt, "names.full-name-repeated");
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Mr. Smith");
    // A first name that does not say which: no courtesy title is guessed.
    let text = text.replace("John Smith", "Jordan Smith");
    let nyt = run_with(&text, &settings(Style::Nyt));
    let f = with_code(&nyt, "names.full-name-repeated");
    assert_eq!(f.len(), 1);
    assert!(f[0].fixes.is_empty());
}

#[test]
fn full_names_in_quotes_and_lists_are_not_repeats() {
    let text = story(
        "Sen. John Smith met envoys on Monday. Smith said the talks would go on. \"John Smith \
         is a patient man,\" an aide said of the senator on Tuesday.",
    );
    assert!(with_code(&run(&text), "names.full-name-repeated").is_empty());
}

#[test]
fn two_apostrophes_are_a_quotation_mark() {
    // Archives such as the NYT's write `"` as `''`: a full name inside is quoted.
    let text = story(
        "Sen. John Smith met envoys on Monday. Smith said the talks would go on. ''John Smith \
         is a patient man,'' an aide said of the senator on Tuesday.",
    );
    let found = run(&text);
    assert!(
        with_code(&found, "names.full-name-repeated").is_empty(),
        "{found:#?}"
    );
    // A closing pair whose opening mark is elsewhere ends the quote: what follows is the
    // writer's (`Magnificent,'' said Sean Fitzpatrick`).
    let text = story(
        "Sen. John Smith met envoys on Monday. Smith said the talks would go on.\n\nPatient,'' \
         said John Smith on Tuesday.",
    );
    let found = run(&text);
    assert_eq!(
        with_code(&found, "names.full-name-repeated").len(),
        1,
        "{found:#?}"
    );
    // Negative: one apostrophe is not a quotation mark (`the senators' aide`).
    let text = story(
        "Sen. John Smith met envoys on Monday. Smith said the talks would go on. The senators' \
         aide said John Smith would stay on.",
    );
    assert_eq!(with_code(&run(&text), "names.full-name-repeated").len(), 1);
}

#[test]
fn a_quote_carried_over_from_the_paragraph_before_closes_at_its_first_mark() {
    // The paragraph continues a quote left open without reopening it: its first quote mark
    // closes the quote, and the name after it is running text.
    let text = story(
        "Sen. John Smith met envoys on Monday. Smith said the talks would go on.\n\n\"Go \
         home.\n\nThere are no prayers today, \" a soldier yelled at John Smith in Hebrew.",
    );
    let found = run(&text);
    let f = with_code(&found, "names.full-name-repeated");
    assert_eq!(f.len(), 1, "{found:#?}");
    // Negative: what comes before that mark is still the quote.
    let text = story(
        "Sen. John Smith met envoys on Monday. Smith said the talks would go on.\n\n\"Go \
         home.\n\nJohn Smith cannot pray today, \" a soldier yelled in Hebrew.",
    );
    assert!(with_code(&run(&text), "names.full-name-repeated").is_empty());
}

#[test]
fn a_ship_named_for_a_person_is_not_a_repeat() {
    let text = story(
        "Sen. Carl Vinson backed the bill on Monday. Vinson said the vote would wait. The Carl \
         Vinson leads a battle group of seven ships in the Gulf this week.",
    );
    assert!(with_code(&run(&text), "names.full-name-repeated").is_empty());
    // Negative: without `the` it is the person again.
    let text = story(
        "Sen. Carl Vinson backed the bill on Monday. Vinson said the vote would wait. Later Carl \
         Vinson told reporters that the vote would go ahead this week.",
    );
    assert_eq!(with_code(&run(&text), "names.full-name-repeated").len(), 1);
}

#[test]
fn a_channel_named_like_a_person_is_not_a_repeat() {
    // `Fox Business` is no person: naming it twice repeats no full name, and `Business` is
    // no surname to shorten it to.
    let text = story(
        "The senator spoke to Fox Business on Monday about the budget.\n\n\"We will pass it,\" \
         Sen. John Smith told Fox Business later.\n\nSmith said the vote was close.",
    );
    let found = run(&text);
    assert!(
        with_code(&found, "names.full-name-repeated").is_empty(),
        "{found:#?}"
    );
    // Negative: the senator's full name again is a repeat (and the channel's is not).
    let text = story(
        "Sen. John Smith spoke to Fox Business about the budget on Monday. Smith said the vote \
         was close.\n\nJohn Smith later told Fox Business the vote would wait.",
    );
    let found = run(&text);
    let f = with_code(&found, "names.full-name-repeated");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].span.text(&text), "John Smith");
}

#[test]
fn a_full_name_in_a_list_written_in_surnames_is_a_repeat() {
    let intro = "Gary Breen was selected ahead of Phil Babb in defence on Monday. Steve Staunton \
                 and Denis Irwin kept their places in the side.";
    let text = story(&format!(
        "{intro}\n\nThe team is as follows:\n\nGiven, Gary Breen, Staunton, Irwin, Babb.\n"
    ));
    let found = run(&text);
    let f = with_code(&found, "names.full-name-repeated");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].span.text(&text), "Gary Breen");
    let text = story(&format!(
        "{intro}\n\nThe team is as follows:\n\nGiven, Richard Breen, Staunton, Irwin, Babb.\n"
    ));
    assert_eq!(with_code(&run(&text), "names.first-name-mismatch").len(), 1);
    // Negatives: a list in full names, and a table line led by the full name.
    let text = story(&format!(
        "{intro}\n\nThe team is as follows:\n\nShay Given, Gary Breen, Steve Staunton, Denis \
         Irwin.\n"
    ));
    assert!(with_code(&run(&text), "names.full-name-repeated").is_empty());
    let text = story(&format!("{intro}\n\nGary Breen c Staunton b Irwin 12\n"));
    assert!(with_code(&run(&text), "names.full-name-repeated").is_empty());
}

#[test]
fn an_editors_note_after_the_story_names_people_afresh() {
    let body = "Sen. John Smith met envoys on Monday. Smith said the talks would go on.";
    let text = story(&format!(
        "{body}\n\nEditor’s note: John Smith is a former contributor to this newspaper."
    ));
    assert!(with_code(&run(&text), "names.full-name-repeated").is_empty());
    // Negative: the same sentence in the story is a repeat.
    let text = story(&format!(
        "{body}\n\nNotably, John Smith is a former contributor to this newspaper."
    ));
    assert_eq!(with_code(&run(&text), "names.full-name-repeated").len(), 1);
}

#[test]
fn a_common_word_before_a_public_surname_is_no_first_name() {
    // `Derelict Obama` in the headline, `Team Clinton` in the body: no people of their own.
    let text = "Derelict Obama and Clinton\n\nWASHINGTON (AP) — President Obama and Hillary \
                Clinton did not react to the attacks on Monday, aides said. Later Team \
                Clinton's contention was that the vote went well. President Obama left.\n";
    let found = run(text);
    assert!(
        with_code(&found, "names.title-repeated").is_empty()
            && with_code(&found, "names.first-name-mismatch").is_empty(),
        "{found:#?}"
    );
    // `Bill Clinton` in a story about a bill is still a person (so Hillary Clinton shares
    // her surname and keeps her full name).
    let text = story(
        "Former President Bill Clinton criticized the bill on Monday, campaigning for his wife \
         Hillary Clinton. Clinton said the bill was a crazy system. Hillary Clinton agreed.",
    );
    assert!(with_code(&run(&text), "names.full-name-repeated").is_empty());
    // Negative: an uncommon first name before a common surname mid-sentence is a name.
    let text = story(
        "A right hook gave champion Nate Miller a win over James Heath on Saturday. Later Nate \
         Miller said he had taken charge from the opening bell of the fight.",
    );
    assert_eq!(with_code(&run(&text), "names.full-name-repeated").len(), 1);
}

#[test]
fn a_nickname_inside_a_name_introduces_the_person() {
    let text = story(
        "Rep. Robert C. “Bobby” Scott threw open his yard on Monday for a cookout.\n\nScott, \
         69, welcomed several hundred guests. Later Robert C. “Bobby” Scott thanked them.",
    );
    let found = run(&text);
    assert!(
        with_code(&found, "names.before-introduction").is_empty(),
        "{found:#?}"
    );
    let f = with_code(&found, "names.full-name-repeated");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Scott");
    // Negative: a quote that is not a nickname is still a quote.
    let text = story(
        "Rep. Robert Scott threw open his yard on Monday. Scott said \"Robert Scott is home\" \
         to the guests.",
    );
    assert!(with_code(&run(&text), "names.full-name-repeated").is_empty());
}

#[test]
fn a_middle_initial_does_not_make_a_second_person() {
    // `Donald J. Trump` and `Donald Trump` are one person: the bare surname is no ambiguity.
    let text = story(
        "Donald J. Trump spoke on Monday. Trump said the talks would go on.\n\nDonald Trump \
         later met envoys in the capital. Trump left on Tuesday for the coast.",
    );
    let found = run(&text);
    assert!(
        with_code(&found, "names.ambiguous-surname").is_empty(),
        "{found:#?}"
    );
    // Negative: two first names are two people.
    let text = story(
        "Donald J. Trump spoke on Monday. Trump said the talks would go on.\n\nHis son Eric \
         Trump later met envoys in the capital. Trump left on Tuesday for the coast.",
    );
    assert_eq!(with_code(&run(&text), "names.ambiguous-surname").len(), 1);
}

#[test]
fn family_and_brand_modifiers_and_clubs_are_no_early_surnames() {
    // `the Koch brothers`, `the Trump name`: the surname qualifies a noun; `Real Madrid` is
    // a club, not a person named Madrid.
    for body in [
        "Officials attacked the Koch brothers on Monday from the Senate floor for months.\n\n\
         Charles Koch spoke later to reporters about it.",
        "Despite the Trump name on the tower, the owners said the talks would go on.\n\nDonald \
         Trump spoke later to reporters about it.",
        "The match was played in Madrid on Monday because of pitch problems at the ground.\n\n\
         Real Madrid won the game later in the week.",
    ] {
        let text = story(body);
        let found = run(&text);
        assert!(
            with_code(&found, "names.before-introduction").is_empty(),
            "{body}: {found:#?}"
        );
    }
    // Negative: the surname as a subject is early.
    let text = story(
        "Officials met on Monday and Koch said the talks would go on for the rest of the \
         week.\n\nCharles Koch spoke later to reporters about it.",
    );
    assert_eq!(with_code(&run(&text), "names.before-introduction").len(), 1);
}

#[test]
fn a_repeated_title_is_information_except_in_nyt() {
    let text = story(
        "President Joe Biden met envoys on Monday and spoke about the talks. Later President \
         Biden told reporters that the talks had ended for the week.",
    );
    let found = run(&text);
    let f = with_code(&found, "names.title-repeated");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Biden");
    assert!(with_code(
        &run_with(&text, &settings(Style::Nyt)),
        "names.title-repeated"
    )
    .is_empty());
}

#[test]
fn a_surname_before_the_introduction_is_a_warning_but_modifiers_are_not() {
    let text = story(
        "Officials met on Monday and Dalton said the talks would go on for the rest of the \
         week.\n\nPentagon policy chief Melissa Dalton spoke later to reporters about it.",
    );
    let found = run(&text);
    assert_eq!(
        with_code(&found, "names.before-introduction").len(),
        1,
        "{found:#?}"
    );
    let text = story(
        "The Biden administration met envoys on Monday and officials said the talks would go \
         on.\n\nPresident Joe Biden spoke later to reporters about it.",
    );
    assert!(with_code(&run(&text), "names.before-introduction").is_empty());
}

#[test]
fn a_bare_surname_two_people_share_is_ambiguous() {
    let text = story(
        "President Joe Biden spoke on Monday about the economy. His son Hunter Biden was not at \
         the event, and Biden said nothing more about the matter.",
    );
    let found = run(&text);
    let f = with_code(&found, "names.ambiguous-surname");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].fixes.len(), 2);
    // The choices are everyone introduced with the surname so far, the subject named a while
    // back included.
    let text = story(
        "Sen. Ted Cruz endorsed the nominee on Friday.\n\nCruz said he had disagreed with \
         him.\n\nCruz was booed in July.\n\nTrump had attacked his wife, Heidi Cruz, and his \
         father, Rafael Cruz.\n\nCruz said he would not forget it.",
    );
    let found = run(&text);
    let f = with_code(&found, "names.ambiguous-surname");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert!(
        f[0].message.contains("Ted Cruz, Heidi Cruz or Rafael Cruz"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].fixes.len(), 3);
}

#[test]
fn a_courtesy_title_that_fits_one_of_two_people_is_not_ambiguous() {
    let text = story(
        "Hillary Clinton spoke in Ohio on Monday. Her husband, Bill Clinton, spoke in Iowa. \
         Later Mrs. Clinton said the race was close.",
    );
    let nyt = run_with(&text, &settings(Style::Nyt));
    assert!(
        with_code(&nyt, "names.ambiguous-surname").is_empty(),
        "{nyt:#?}"
    );
    // Negative: `Mr.` fits neither's sex alone when both are men.
    let text = story(
        "President Joe Biden spoke on Monday about the economy. His son Hunter Biden was not at \
         the event, and Mr. Biden said nothing more about the matter.",
    );
    let nyt = run_with(&text, &settings(Style::Nyt));
    assert_eq!(
        with_code(&nyt, "names.ambiguous-surname").len(),
        1,
        "{nyt:#?}"
    );
}

#[test]
fn courtesy_titles_by_preset() {
    let text = story(
        "Sen. John Smith met envoys on Monday about the budget. Smith said the talks would go \
         on. Later Mr. Smith told reporters the talks had ended. Smith left the hall.",
    );
    let ap = run(&text);
    let f = with_code(&ap, "names.courtesy-title");
    assert_eq!(f.len(), 1, "{ap:#?}");
    let fixed = apply_edits(&text, &f[0].fixes[0].edits).unwrap();
    assert!(fixed.contains("Later Smith told"));
    // The NYT wants the courtesy title on the bare later references instead.
    let nyt = run_with(&text, &settings(Style::Nyt));
    let f = with_code(&nyt, "names.courtesy-title");
    assert!(!f.is_empty(), "{nyt:#?}");
    assert!(f.iter().all(|f| f.span.text(&text) == "Smith"));
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Mr. Smith");
    // A story written throughout with courtesy titles is another house's, left alone in AP.
    let text = story(
        "Sen. John Smith met envoys on Monday. Mr. Smith said the talks would go on. Mr. Smith \
         told reporters the talks had ended. Mr. Smith left the hall.",
    );
    assert!(with_code(&run(&text), "names.courtesy-title").is_empty());
}

#[test]
fn chinese_names_take_the_surname_first() {
    let text = story(
        "Chinese President Xi Jinping met envoys on Monday about trade. Jinping said the talks \
         would go on. Xi left the hall.",
    );
    let found = run(&text);
    let f = with_code(&found, "names.name-order");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].span.text(&text), "Jinping");
    assert_eq!(f[0].fixes[0].edits[0].new_text, "Xi");
    assert!(with_code(&found, "names.before-introduction").is_empty());
}

#[test]
fn rules_can_be_turned_off() {
    let config = Config::from_toml("[rules]\n\"names.full-name-repeated\" = \"off\"\n").unwrap();
    let s = Settings::from_config(&config);
    assert!(with_code(&run_with(SEED, &s), "names.full-name-repeated").is_empty());
}

#[test]
fn no_panics_on_odd_input() {
    for t in [
        "",
        "Mr.",
        "Mr. Mr. Mr.",
        "President\n\nthe President said",
        "é\u{301} Xi Jinping Jinping Jinping",
        "\"\"\"“”",
        "Sen. A B. Sen. A C. A said.",
    ] {
        let _ = run(t);
        let _ = run_with(t, &settings(Style::Nyt));
    }
}

#[test]
fn a_short_reporting_sentence_is_prose_but_a_subhead_is_not() {
    // `Scott Randall said.` reads as prose: a full name there is a repeat.
    let text = story(
        "Analyst Scott Randall of the bank spoke to clients on Monday about the chip market.\n\n\
         \"The question is whether they can grow,\" he added.\n\nScott Randall said.",
    );
    assert_eq!(with_code(&run(&text), "names.full-name-repeated").len(), 1);
    // A year is no table figure: `since 1992` leaves the sentence prose.
    let text = story(
        "Coach Albert Emon was sacked on Monday after a string of poor results.\n\nA former \
         player for Marseille and Monaco, Albert Emon, 43, has coached Nice since 1992.",
    );
    assert_eq!(with_code(&run(&text), "names.full-name-repeated").len(), 1);
    // Negative: a subhead that names a candidate is no reference before the introduction.
    let text = story(
        "Voters go to the polls on Tuesday in five states.\n\nSanders: Win in a walk.\n\nVermont \
         Sen. Bernie Sanders leads the polls there by 20 points, the survey found.",
    );
    assert!(with_code(&run(&text), "names.before-introduction").is_empty());
}

#[test]
fn a_family_word_that_is_nobodys_relative_does_not_make_two_people() {
    // `Two children … died` is about the outbreak, not about Kan's family.
    let text = story(
        "Health Minister Naoto Kan met officials on Monday about the outbreak.\n\nTwo children \
         in Sakai have died of the disease. Karen Kan told a cabinet meeting that no new cases \
         were found.",
    );
    assert_eq!(
        with_code(&run(&text), "names.first-name-mismatch").len(),
        1,
        "{:#?}",
        run(&text)
    );
    // Negative: `his daughter` is a relative.
    let text = story(
        "Health Minister Naoto Kan met officials on Monday about the outbreak.\n\nHis daughter \
         Karen Kan told a cabinet meeting that no new cases were found.",
    );
    assert!(with_code(&run(&text), "names.first-name-mismatch").is_empty());
}

#[test]
fn a_full_name_in_a_line_up_does_not_introduce_the_person() {
    // The squad list names everyone in full; the first full name in prose is the
    // introduction, the second in prose the repeat.
    let text = story(
        "The teams were:\n\nNew Zealand: Christian Cullen, Jeff Wilson, Walter Little, Frank \
         Bunce, Glen Osborne.\n\nThe visitors scored twice, through centre Walter Little in the \
         first half.\n\nLate on Walter Little went over again for the visitors on Saturday.",
    );
    let found = run(&text);
    let f = with_code(&found, "names.full-name-repeated");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert!(text[f[0].span.start..].starts_with("Walter Little went"));
}

#[test]
fn first_names_compatible_by_case_initial_or_short_form() {
    assert!(compatible_first_names("Joe", "Joseph"));
    assert!(compatible_first_names("JOSEPH", "joe"));
    assert!(compatible_first_names("William", "Bill"));
    assert!(compatible_first_names("J.", "Joseph"));
    assert!(compatible_first_names("Ana", "ANA"));
    assert!(!compatible_first_names("Joe", "William"));
    assert!(!compatible_first_names("Joey", "Joseph"));
    // Not ASCII: lowercased as Unicode before the short forms are compared.
    assert!(!compatible_first_names("José", "Joseph"));
    assert!(compatible_first_names("JOSÉ", "J."));
}

#[test]
fn a_name_ends_with_the_words_of_another_only_after_a_space() {
    for (name, tail, want) in [
        ("Todd Van Poppel", "Van Poppel", true),
        ("Aung San Suu Kyi", "Suu Kyi", true),
        ("Todd Van Poppel", "an Poppel", false),
        ("Van Poppel", "Van Poppel", false),
        ("Ann Smith", "Smith", true),
        ("Ann Goldsmith", "Smith", false),
    ] {
        assert_eq!(
            ends_with_words(name, tail),
            name.ends_with(&format!(" {tail}")),
            "{name} / {tail}"
        );
        assert_eq!(ends_with_words(name, tail), want, "{name} / {tail}");
    }
}
