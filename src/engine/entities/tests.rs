use super::*;
use crate::engine::article::Format;

fn ents(text: &str) -> Vec<Entity> {
    let article = Article::parse(text, Format::Plain);
    recognize(&article, &KbView::builtin())
}

/// (kind, name, mention texts) of the entity whose mentions include `word`.
fn find<'a>(es: &'a [Entity], text: &str, word: &str) -> Option<&'a Entity> {
    es.iter()
        .find(|e| e.mentions.iter().any(|m| m.span.text(text) == word))
}

fn kind_of(text: &str, word: &str) -> Option<EntityKind> {
    let es = ents(text);
    find(&es, text, word).map(|e| e.kind)
}

const SEED: &str = include_str!("../../../seeds/rafah-virtual-meeting.txt");

#[test]
fn seed_people_with_titles_as_introduced() {
    let es = ents(SEED);
    let person = |surname: &str| {
        find(&es, SEED, surname)
            .filter(|e| e.kind == EntityKind::Person)
            .unwrap_or_else(|| panic!("{surname} is not a person: {es:#?}"))
    };
    let kirby = person("Kirby");
    assert_eq!(kirby.name, "John Kirby");
    assert_eq!(
        kirby.title.as_deref(),
        Some("National Security Council spokesperson")
    );
    assert_eq!(kirby.mentions.len(), 2);
    assert_eq!(
        person("Yahya Sinwar").title.as_deref(),
        Some("Hamas' military leader")
    );
    assert_eq!(
        person("Tzachi Hanegbi").title.as_deref(),
        Some("national security adviser")
    );
    assert_eq!(
        person("Benjamin Netanyahu").title.as_deref(),
        Some("Israeli Prime Minister")
    );
    assert_eq!(
        person("Ron Dermer").title.as_deref(),
        Some("Israeli Strategic Affairs Minister")
    );
    assert_eq!(
        person("Jake Sullivan").title.as_deref(),
        Some("US national security adviser")
    );
    assert_eq!(
        person("Dan Shapiro").title.as_deref(),
        Some("Middle East policy director")
    );
    assert_eq!(person("Joseph McGee").title.as_deref(), Some("Maj. Gen."));
    assert_eq!(
        person("Melissa Dalton").title.as_deref(),
        Some("Pentagon's top policy chief")
    );
    // `Biden administration` twice before `President Joe Biden`: one person, modifiers included.
    let biden = person("Joe Biden");
    assert_eq!(biden.title.as_deref(), Some("President"));
    assert!(biden.mentions.len() >= 3, "{biden:?}");
}

#[test]
fn seed_places_and_organizations() {
    let es = ents(SEED);
    for place in ["Washington", "Rafah", "Gaza", "Israel", "Iran"] {
        let e = find(&es, SEED, place).unwrap_or_else(|| panic!("{place} missing"));
        assert_eq!(e.kind, EntityKind::Place, "{place}");
    }
    for org in [
        "Hamas",
        "Pentagon",
        "White House",
        "National Security Council",
    ] {
        let e = find(&es, SEED, org).unwrap_or_else(|| panic!("{org} missing"));
        assert_eq!(e.kind, EntityKind::Organization, "{org}");
    }
    let us = find(&es, SEED, "US").expect("US is a place, not the pronoun");
    assert_eq!(us.kind, EntityKind::Place);
    assert!(find(&es, SEED, "Air Force One").is_none());
    // The dateline `WASHINGTON` and the body's `Washington` are one place.
    let wash = find(&es, SEED, "Washington").map(|e| e.mentions.len());
    assert_eq!(wash, Some(2));
    // Nothing is made of `Thursday`, `Officials` or `Speaking`.
    for word in ["Thursday", "Officials", "Speaking", "Participants", "Local"] {
        assert!(find(&es, SEED, word).is_none(), "{word}");
    }
}

#[test]
fn possessives_are_not_part_of_the_name() {
    let text = "Headline\n\nHamas' leaders met in Rafah. Rafah's mayor spoke. The Pentagon's chief agreed.";
    let es = ents(text);
    let hamas = find(&es, text, "Hamas").expect("Hamas");
    assert_eq!(hamas.kind, EntityKind::Organization);
    let rafah = find(&es, text, "Rafah").expect("Rafah");
    assert_eq!(rafah.mentions.len(), 2);
    assert!(rafah.mentions.iter().all(|m| m.span.text(text) == "Rafah"));
    assert!(find(&es, text, "Pentagon").is_some());
    assert!(find(&es, text, "Rafah's").is_none());
}

#[test]
fn sentence_initial_capitals_are_not_names() {
    let text =
        "Headline\n\nYesterday the talks ended. Dealers said prices fell. Most traders left.";
    let es = ents(text);
    assert!(es.is_empty(), "{es:?}");
}

#[test]
fn places_named_like_people() {
    // A place unless a person of that name is introduced.
    let t1 = "Headline\n\nOfficials in Washington met on Monday. Jordan and Egypt agreed.";
    assert_eq!(kind_of(t1, "Washington"), Some(EntityKind::Place));
    assert_eq!(kind_of(t1, "Jordan"), Some(EntityKind::Place));
    let t2 = "Headline\n\nMichael Jordan scored 40 points. Jordan said he was tired.";
    assert_eq!(kind_of(t2, "Jordan"), Some(EntityKind::Person));
    assert_eq!(kind_of(t2, "Michael Jordan"), Some(EntityKind::Person));
    let t3 = "Headline\n\nParis Hilton arrived. Paris is the capital of France.";
    assert_eq!(kind_of(t3, "Paris Hilton"), Some(EntityKind::Person));
    // A place cue keeps the place a place even with a namesake person in the story.
    let t4 = "Headline\n\nGeorge Washington was president. The firm is based in Washington.";
    let es = ents(t4);
    let places: Vec<_> = es.iter().filter(|e| e.kind == EntityKind::Place).collect();
    assert!(
        places
            .iter()
            .any(|e| e.mentions.iter().any(|m| m.span.text(t4) == "Washington")),
        "{es:?}"
    );
}

#[test]
fn capital_headlines_use_known_names_only() {
    let text = "ISRAEL AND HAMAS AGREE TO TALKS IN CAIRO\n\nIsraeli and Hamas negotiators met in Cairo on Monday.";
    let es = ents(text);
    assert_eq!(kind_of(text, "ISRAEL"), Some(EntityKind::Place));
    assert_eq!(kind_of(text, "CAIRO"), Some(EntityKind::Place));
    assert_eq!(kind_of(text, "HAMAS"), Some(EntityKind::Organization));
    for word in ["AGREE", "TALKS", "AND"] {
        assert!(find(&es, text, word).is_none(), "{word}");
    }
}

#[test]
fn modifier_surnames_are_person_mentions() {
    let text = "Headline\n\nThe Biden administration said no. Later, President Joe Biden spoke.";
    let es = ents(text);
    let biden = find(&es, text, "Biden").expect("Biden");
    assert_eq!(biden.kind, EntityKind::Person);
    assert_eq!(biden.name, "Joe Biden");
    assert_eq!(biden.mentions.len(), 2);
}

#[test]
fn role_cues_and_linking() {
    let text = "Headline\n\nCompany spokesperson Jane Roe declined to comment. \
                \"We are fine,\" said Alan Smithee, a director of the firm. Roe said later that Smithee agreed.";
    let es = ents(text);
    let roe = find(&es, text, "Jane Roe").expect("Jane Roe");
    assert_eq!(roe.kind, EntityKind::Person);
    assert!(roe.mentions.iter().any(|m| m.span.text(text) == "Roe"));
    let smithee = find(&es, text, "Smithee").expect("Smithee");
    assert_eq!(smithee.name, "Alan Smithee");
}

#[test]
fn particles_suffixes_and_initials() {
    let text = "Headline\n\nCharles de Gaulle led France. Later de Gaulle resigned. \
                Martin Luther King Jr. spoke in Atlanta. J.R. Ewing laughed.";
    let es = ents(text);
    assert_eq!(
        find(&es, text, "Charles de Gaulle").map(|e| e.kind),
        Some(EntityKind::Person)
    );
    assert_eq!(
        find(&es, text, "Martin Luther King Jr.").map(|e| e.kind),
        Some(EntityKind::Person)
    );
    assert_eq!(
        find(&es, text, "J.R. Ewing").map(|e| e.kind),
        Some(EntityKind::Person)
    );
    assert_eq!(
        find(&es, text, "Atlanta").map(|e| e.kind),
        Some(EntityKind::Place)
    );
}

#[test]
fn organizations_by_suffix_and_gazetteer() {
    let text = "Headline\n\nThe Foreign Ministry and Acme Widgets Inc. said the Bank of England \
                and NATO would meet.";
    assert_eq!(
        kind_of(text, "Foreign Ministry"),
        Some(EntityKind::Organization)
    );
    assert_eq!(
        kind_of(text, "Acme Widgets Inc."),
        Some(EntityKind::Organization)
    );
    assert_eq!(
        kind_of(text, "Bank of England"),
        Some(EntityKind::Organization)
    );
    assert_eq!(kind_of(text, "NATO"), Some(EntityKind::Organization));
}

#[test]
fn based_and_prepositions_mark_places() {
    let text = "Headline\n\nThe Boston-based group said aid came from Amman.";
    assert_eq!(kind_of(text, "Boston"), Some(EntityKind::Place));
    assert_eq!(kind_of(text, "Amman"), Some(EntityKind::Place));
}

#[test]
fn events_and_demonyms_are_not_tagged() {
    let text = "Headline\n\nThe World Cup and the U.S. Open drew Israeli and Palestinian fans.";
    let es = ents(text);
    for w in [
        "World Cup",
        "Cup",
        "Open",
        "Israeli",
        "Palestinian",
        "U.S. Open",
    ] {
        assert!(find(&es, text, w).is_none(), "{w}: {es:?}");
    }
}

#[test]
fn no_panics_on_odd_input() {
    for text in [
        "",
        "\n\n\n",
        "A",
        "'s",
        "Hamas'",
        "— — —",
        "Mr.",
        "of the",
        "É'",
        "X-",
        "-based",
    ] {
        let _ = ents(text);
    }
}

#[test]
fn organization_context_cues() {
    let t = "Headline here\n\nTraders bought shares in Petofi on Friday. The daily Zycie Warszawy said the deal was off. Comelf said in a statement that output rose. Magna's chief executive resigned.\n";
    for org in ["Petofi", "Zycie Warszawy", "Comelf", "Magna"] {
        assert_eq!(kind_of(t, org), Some(EntityKind::Organization), "{org}");
    }
}

#[test]
fn unknown_acronyms_are_organizations_not_numerals_or_zones() {
    let t = "Headline here\n\nThe KDP accused its rivals at 1400 GMT, officials said. Henry VIII was king.\n";
    assert_eq!(kind_of(t, "KDP"), Some(EntityKind::Organization));
    assert_eq!(kind_of(t, "GMT"), None);
    assert_ne!(kind_of(t, "VIII"), Some(EntityKind::Organization));
}

#[test]
fn sports_standings_and_team_names() {
    let t = "SOCCER - SCOTTISH LEAGUE STANDINGS.\n\nGLASGOW 1996-08-31\n\nCowdenbeath 3 2 0 1 4 3 6\n\nArbroath 3 1 2 0 4 2 5\n\nThe Mets lost again as Essex reached 372.\n";
    for org in ["Cowdenbeath", "Arbroath", "Mets", "Essex"] {
        assert_eq!(kind_of(t, org), Some(EntityKind::Organization), "{org}");
    }
}

#[test]
fn quoted_titles_and_index_names_are_not_people() {
    let t = "Headline here\n\nHis film \"Michael Collins\" opened as the Dow Jones industrial average fell.\n";
    assert_eq!(kind_of(t, "Michael Collins"), None);
    assert_eq!(kind_of(t, "Dow Jones"), None);
}

#[test]
fn common_first_names_that_are_also_words_months_or_peoples() {
    let t = "Headline here\n\nMark Brooks beat Jan Kroslak, and Christian Karembeu scored. Mr Massoud Barzani said so.\n";
    for person in [
        "Mark Brooks",
        "Jan Kroslak",
        "Christian Karembeu",
        "Massoud Barzani",
    ] {
        assert_eq!(kind_of(t, person), Some(EntityKind::Person), "{person}");
    }
}

#[test]
fn title_references_link_to_the_person_with_that_title() {
    let t =
        "Headline here\n\nIsraeli Prime Minister Benjamin Netanyahu met spokesperson John Kirby. \
             The prime minister's office said the spokesperson was late. The Prime Minister \
             Benjamin Netanyahu spoke again.\n";
    let es = ents(t);
    let refs = |name: &str| -> Vec<&str> {
        let e = es.iter().find(|e| e.name == name).expect(name);
        e.references.iter().map(|m| m.span.text(t)).collect()
    };
    assert_eq!(refs("Benjamin Netanyahu"), vec!["prime minister"]);
    assert_eq!(refs("John Kirby"), vec!["spokesperson"]);
    // References never count as name mentions.
    let bibi = es.iter().find(|e| e.name == "Benjamin Netanyahu").unwrap();
    assert!(bibi
        .mentions
        .iter()
        .all(|m| m.span.text(t).contains("Netanyahu")));
}

#[test]
fn no_reference_before_the_person_is_introduced() {
    let t = "Headline here\n\nThe senator arrived. Sen. Jane Doe spoke, and the senator left.\n";
    let es = ents(t);
    let doe = es.iter().find(|e| e.name == "Jane Doe").expect("Jane Doe");
    let spans: Vec<&str> = doe.references.iter().map(|m| m.span.text(t)).collect();
    assert_eq!(spans, vec!["senator"]);
    assert!(doe.references[0].span.start > t.find("Jane").unwrap());
}

#[test]
fn a_surname_misspelt_in_sports_copy_is_still_the_person() {
    // A word one letter off an introduced surname is that person, not a team.
    let t = "TENNIS - EDBERG WINS.\n\nNEW YORK 1996-08-30\n\nStefan Edberg won on Friday in New York.\n\nThe 30-year-old Edbmrg, a former champion, took control early.\n";
    assert_eq!(kind_of(t, "Edbmrg"), Some(EntityKind::Person));
    // Negative: a word a cue names as a company stays one.
    let t = "TENNIS - EDBERG WINS.\n\nNEW YORK 1996-08-30\n\nStefan Edberg won on Friday.\n\nShares in Edberk fell.\n";
    assert_eq!(kind_of(t, "Edberk"), Some(EntityKind::Organization));
}

#[test]
fn a_surname_in_the_headline_does_not_merge_two_people_who_share_it() {
    let t = "Yeltsin visits wife Naina in hospital.\n\nMOSCOW 1996-08-30\n\nRussian President Boris Yeltsin visited his wife on Friday.\n\nNaina Yeltsin had a kidney operation last Saturday.\n\nYeltsin spoke to her by telephone.\n";
    let es = ents(t);
    let boris = find(&es, t, "Boris Yeltsin").expect("Boris Yeltsin");
    assert_eq!(boris.name, "Boris Yeltsin");
    assert!(!boris
        .mentions
        .iter()
        .any(|m| m.span.text(t) == "Naina Yeltsin"));
    assert!(find(&es, t, "Naina Yeltsin").is_some_and(|e| e.name == "Naina Yeltsin"));
    // Negative: with one Yeltsin, the headline's surname and the full name are one person.
    let t = "Yeltsin back at work.\n\nMOSCOW 1996-08-30\n\nRussian President Boris Yeltsin returned on Friday.\n\nYeltsin met ministers.\n";
    let es = ents(t);
    let boris = find(&es, t, "Boris Yeltsin").expect("Boris Yeltsin");
    assert_eq!(boris.mentions.len(), 3, "{es:#?}");
}

#[test]
fn the_same_full_name_stays_a_person_whatever_one_cue_says() {
    let t = "Headline\n\nIraqi Deputy Prime Minister Tareq Aziz met envoys. \"We will help,\" Tareq Aziz said in a statement.\n";
    let es = ents(t);
    let aziz: Vec<&Entity> = es
        .iter()
        .filter(|e| e.mentions.iter().any(|m| m.span.text(t) == "Tareq Aziz"))
        .collect();
    assert_eq!(aziz.len(), 1, "{es:#?}");
    assert_eq!(aziz[0].kind, EntityKind::Person);
    assert_eq!(aziz[0].mentions.len(), 2);
    // A name opening with a common first name issues a statement as a person.
    let t = "Headline\n\nJohn Aziz said in a statement that the talks had ended.\n";
    assert_eq!(kind_of(t, "John Aziz"), Some(EntityKind::Person));
    // Negative: the cue still makes an unknown name an organization.
    let t = "Headline\n\nAcme Holdings said in a statement that profits fell.\n";
    assert_eq!(kind_of(t, "Acme Holdings"), Some(EntityKind::Organization));
}

#[test]
fn a_name_called_a_newspaper_outright_is_one_where_only_said_follows_it() {
    let t = "Ruch sale\n\nWARSAW 1996-08-31\n\nThe state will sell Ruch SA, Zycie Warszawy daily said on Saturday.\n\nZycie Warszawy said its own publisher was interested.\n";
    let es = ents(t);
    let zw: Vec<&Entity> = es
        .iter()
        .filter(|e| {
            e.mentions
                .iter()
                .any(|m| m.span.text(t) == "Zycie Warszawy")
        })
        .collect();
    assert_eq!(zw.len(), 1, "{es:#?}");
    assert_eq!(zw[0].kind, EntityKind::Organization);
    assert_eq!(zw[0].mentions.len(), 2);
    // Negative: a person introduced with a title stays a person beside an organization cue
    // (`the_same_full_name_stays_a_person_whatever_one_cue_says`), and a `said` alone still
    // makes a person of a name nothing calls an organization.
    let t = "Headline\n\nZycie Warszawy said the talks had ended.\n";
    assert_eq!(kind_of(t, "Zycie Warszawy"), Some(EntityKind::Person));
    // Called a daily once, it stays one however many times a `said` follows it later.
    let t = "Ruch sale\n\nWARSAW 1996-08-31\n\nThe state will sell Ruch SA, Zycie Warszawy daily said on Saturday.\n\nZycie Warszawy said its own publisher was interested.\n\nZycie Warszawy said the bid would be made on Monday.\n";
    let es = ents(t);
    let zw = find(&es, t, "Zycie Warszawy").expect("Zycie Warszawy");
    assert_eq!(zw.kind, EntityKind::Organization, "{es:#?}");
    assert_eq!(zw.mentions.len(), 3);
}

#[test]
fn ceo_and_a_leading_demonym_are_not_part_of_the_name() {
    let t =
        "Headline\n\nCofinec CEO Stephen Frater told reporters the group would miss its goal.\n";
    let es = ents(t);
    let frater = find(&es, t, "Stephen Frater").expect("Stephen Frater");
    assert_eq!(frater.kind, EntityKind::Person);
    let t = "Headline\n\nControversial Australian Anthony Hill called his rival a cheat.\n";
    let es = ents(t);
    let hill = find(&es, t, "Anthony Hill").expect("Anthony Hill");
    assert_eq!(hill.kind, EntityKind::Person);
    // Negatives: mid-sentence the demonym rule of old applies; no name after the title.
    let t = "Headline\n\nHe beat Australian Anthony Hill in four sets.\n";
    assert_eq!(
        find(&ents(t), t, "Anthony Hill").map(|e| e.kind),
        Some(EntityKind::Person)
    );
    let t = "Headline\n\nThe CEO said the group would miss its goal.\n";
    assert!(ents(t).iter().all(|e| e.kind != EntityKind::Person));
}

#[test]
fn a_nickname_in_quotes_is_part_of_the_name() {
    let t = "Headline\n\nBoxing legend Roberto \"Hands of Stone\" Duran climbs into the ring on Saturday.\n\nDuran, 45, takes on Ariel Cruz.\n";
    let es = ents(t);
    let duran = find(&es, t, "Duran").expect("Duran");
    assert_eq!(duran.kind, EntityKind::Person);
    assert_eq!(duran.name, "Roberto \"Hands of Stone\" Duran");
    let t = "Headline\n\nRep. Robert C. “Bobby” Scott threw open his yard.\n\nScott spoke.\n";
    let es = ents(t);
    assert!(find(&es, t, "Scott").is_some_and(|e| e.name == "Robert C. “Bobby” Scott"));
    // Negative: a quote after a word that is no first name opens a title or a quote.
    let t = "Headline\n\nThe Senate \"Yes\" Campaign met on Monday.\n";
    assert!(ents(t)
        .iter()
        .all(|e| !e.name.contains('"') && e.kind != EntityKind::Person));
}

#[test]
fn a_first_name_in_a_table_line_is_a_player_not_a_team() {
    let t = "CRICKET - ENGLAND AVERAGES.\n\nLONDON 1996-08-30\n\nMike Atherton 3 5 0 162 64 32.40\n\nNasser Hussain 3 5 1 318 105 79.50\n";
    assert_eq!(kind_of(t, "Mike Atherton"), Some(EntityKind::Person));
    // Negative: a team in a standings line stays a team.
    let t = "SOCCER - ENGLISH STANDINGS.\n\nLONDON 1996-08-30\n\nLeicester City 3 2 0 1 4 3 6\n\nAston Villa 3 1 2 0 4 2 5\n";
    assert_eq!(kind_of(t, "Leicester City"), Some(EntityKind::Organization));
}

#[test]
fn a_role_noun_opening_the_sentence_is_not_part_of_the_name() {
    let t = "Headline\n\nTrainer Berti Vogts kept faith with his squad.\n\nBerti Vogts picked no new players.\n";
    let es = ents(t);
    let vogts = find(&es, t, "Berti Vogts").expect("Berti Vogts");
    assert_eq!(vogts.name, "Berti Vogts");
    assert_eq!(vogts.mentions.len(), 2, "{es:#?}");
    // Negative: a title proper stays the person's title, and the name is not cut.
    let t = "Headline\n\nPrince Charles Windsor visited the school.\n";
    assert!(ents(t)
        .iter()
        .any(|e| e.kind == EntityKind::Person && e.name.ends_with("Windsor")));
    // Before the surname alone: `Opener Gooch's decision` is Graham Gooch's.
    let t = "Headline\n\nGraham Gooch will play on.\n\nOpener Gooch's decision came late.\n";
    let es = ents(t);
    let gooch = find(&es, t, "Graham Gooch").expect("Graham Gooch");
    assert_eq!(gooch.mentions.len(), 2, "{es:#?}");
    // Negative: a role noun before a place names no person.
    let t = "Headline\n\nDriver Nevada was the best car of the year.\n";
    assert!(
        !ents(t).iter().any(|e| e.kind == EntityKind::Person),
        "{:#?}",
        ents(t)
    );
}

#[test]
fn given_names_from_outside_the_census_start_a_name() {
    // `Vladimir` is also a Russian city; `Leonid` and `Yasushi` are in no US census list.
    let text = "Goal keeps Lens top\n\nPARIS — Vladimir Smicer pushed the ball home in injury \
                time. Later Leonid Kuchma told a ceremony that Yasushi Akashi would come.\n";
    for name in ["Vladimir Smicer", "Leonid Kuchma", "Yasushi Akashi"] {
        assert_eq!(kind_of(text, name), Some(EntityKind::Person), "{name}");
    }
    // Negative: a club named for its city is still no person.
    let text = "Match report\n\nPARIS — Dynamo Kiev beat Bayern Munich on Wednesday.\n";
    assert_ne!(kind_of(text, "Bayern Munich"), Some(EntityKind::Person));
}

#[test]
fn a_word_capitalized_by_position_before_a_first_name_is_not_the_name() {
    let text = "Tennis\n\nNEW YORK — Outspoken Andrei Medvedev won on Tuesday. Teenager \
                Yuuichi Takeda won the race.\n";
    let es = ents(text);
    for name in ["Andrei Medvedev", "Yuuichi Takeda"] {
        let e = find(&es, text, name).unwrap_or_else(|| panic!("{name}: {es:#?}"));
        assert_eq!((e.kind, e.name.as_str()), (EntityKind::Person, name));
    }
    // Negative: a place that holds a first name (`San Jose`) is not cut.
    let text = "Hockey\n\nNEW YORK — San Jose Sharks won on Tuesday.\n";
    assert!(ents(text).iter().all(|e| e.name != "Jose Sharks"));
}

#[test]
fn a_role_before_a_name_with_a_city_in_it_makes_a_person() {
    // `Washington` is a big city, but a finalist is a person, not a club.
    for text in [
        "Tennis\n\nNEW YORK — Wimbledon finalist MaliVai Washington lost on Thursday.\n",
        "Tennis\n\nNEW YORK — The 11th-seeded MaliVai Washington lost on Thursday.\n",
    ] {
        assert_eq!(
            kind_of(text, "MaliVai Washington"),
            Some(EntityKind::Person),
            "{text}"
        );
    }
    // Negative: without a role the club reading stands.
    let text = "Soccer\n\nMUNICH — Bayern Munich won on Saturday.\n";
    assert_ne!(kind_of(text, "Bayern Munich"), Some(EntityKind::Person));
}

#[test]
fn a_name_ending_in_a_common_noun_is_no_person() {
    // `Fox` is no first name and `Business`, `Sports` are common nouns, not surnames: channels.
    let text = "Budget talks\n\nWASHINGTON (AP) — The senator spoke to Fox Business on Monday. \
                Later Fox Sports carried the game, and Dow Chemical paid for it.\n";
    for name in ["Fox Business", "Fox Sports", "Dow Chemical"] {
        assert_ne!(kind_of(text, name), Some(EntityKind::Person), "{name}");
    }
    // Negative: organization heads still make organizations.
    let text = "Budget talks\n\nWASHINGTON (AP) — Later Fox News, Sky News and Bloomberg \
                Television carried the vote.\n";
    for name in ["Fox News", "Sky News", "Bloomberg Television"] {
        assert_eq!(
            kind_of(text, name),
            Some(EntityKind::Organization),
            "{name}"
        );
    }
}

#[test]
fn people_whose_surnames_are_words_stay_people() {
    // A first name opens each.
    let text = "Budget talks\n\nLONDON — Later Theresa May met Tim Cook and Bill Gates, and \
                John Price said the talks went well.\n";
    for name in ["Theresa May", "Tim Cook", "Bill Gates", "John Price"] {
        assert_eq!(kind_of(text, name), Some(EntityKind::Person), "{name}");
    }
    // With a given name no list holds, a common surname that is also a common noun still
    // vouches for the person (`Hall`, `Mills`).
    let text = "Budget talks\n\nLONDON — Later Ngozi Hall met Kwadwo Mills on Monday.\n";
    for name in ["Ngozi Hall", "Kwadwo Mills"] {
        assert_eq!(kind_of(text, name), Some(EntityKind::Person), "{name}");
    }
}

#[test]
fn a_name_ending_in_a_common_noun_is_no_team_in_sports_copy() {
    // A sports story names its teams mid-sentence; a venue ending in a common noun is none.
    let text = "TENNIS - SELES WINS\n\nNEW YORK 1996-08-30\n\nSeles won at the Kalani Tennis \
                Centre on Friday.\n";
    assert_eq!(
        kind_of(text, "Kalani Tennis Centre"),
        None,
        "{:#?}",
        ents(text)
    );
    // Negative: a name nothing explains there is still a team.
    let text = "SOCCER - LATE GOAL\n\nLONDON 1996-08-30\n\nThe goal came against Tolamu on \
                Friday.\n";
    assert_eq!(
        kind_of(text, "Tolamu"),
        Some(EntityKind::Organization),
        "{:#?}",
        ents(text)
    );
}

#[test]
fn a_possessive_ending_is_measured_as_the_suffixes_read() {
    for word in [
        "Rafah's",
        "Rafah’s",
        "NATO'S",
        "NATO’S",
        "'s",
        "’s",
        "a's",
        "a’s",
        "s",
        "Hamas",
        "it’",
        "Chávez's",
        "’’s",
        "x'S",
        "",
    ] {
        let mut expected = 0;
        for suffix in ["'s", "’s", "'S", "’S"] {
            if word.len() > suffix.len() && word.ends_with(suffix) {
                expected = suffix.len();
            }
        }
        assert_eq!(possessive_suffix(word), expected, "{word:?}");
    }
}

#[test]
fn lowered_prose_keeps_every_character_where_it_stands() {
    for text in [
        "Plain ASCII Text, 12 WORDS.",
        "ÉCOLE Münster São Paulo “Quoted” — Δ ΣΟΦΙΑ",
        "İstanbul ẞ Ω K: lowercase of another length stays as written",
        "ünïcödé at the start, then eight ASCII bytes ABCDEFGH and Ö at the end Ö",
        "",
    ] {
        let lowered = lower_in_place(text);
        assert_eq!(lowered.len(), text.len(), "{text:?}");
        let mut one_by_one = String::new();
        lower_into(text, &mut one_by_one);
        assert_eq!(lowered, one_by_one, "{text:?}");
        for (c, l) in text.chars().zip(lowered.chars()) {
            let mut lower = c.to_lowercase();
            let expected = match (lower.next(), lower.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                _ => c,
            };
            assert_eq!(l, expected, "{text:?}");
        }
    }
}
