use super::*;

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::builtin()
}

#[test]
fn tables_are_all_loaded() {
    let s = kb().stats();
    assert!(s.places > 33_000, "{s:?}");
    assert!(s.countries > 240, "{s:?}");
    assert!(s.states >= 51, "{s:?}");
    assert!(s.people > 550, "{s:?}");
    assert!(s.organizations > 250, "{s:?}");
    assert!(s.first_names > 5_000, "{s:?}");
    assert_eq!(s.surnames, 50_000);
}

#[test]
fn every_embedded_row_parses() {
    // A hand edit that breaks a row would otherwise be skipped silently at load time.
    for (name, text, min_fields) in [
        ("cities", builtin_text::CITIES, 8),
        ("countries", builtin_text::COUNTRIES, 6),
        ("regions", builtin_text::REGIONS, 9),
        ("organizations", builtin_text::ORGS, 5),
        ("people", builtin_text::PEOPLE, 6),
        ("admin1", builtin_text::ADMIN1, 5),
        ("us_states", builtin_text::STATES, 6),
    ] {
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let n = line.split('\t').count();
            assert!(
                n >= min_fields,
                "{name}.tsv line {}: {n} fields: {line}",
                i + 1
            );
            assert!(!line.split('\t').next().unwrap_or("").trim().is_empty());
        }
    }
}

mod builtin_text {
    pub const CITIES: &str = include_str!("data/cities.tsv");
    pub const COUNTRIES: &str = include_str!("data/countries.tsv");
    pub const REGIONS: &str = include_str!("data/regions.tsv");
    pub const ORGS: &str = include_str!("data/organizations.tsv");
    pub const PEOPLE: &str = include_str!("data/people.tsv");
    pub const ADMIN1: &str = include_str!("data/admin1.tsv");
    pub const STATES: &str = include_str!("data/us_states.tsv");
}

#[test]
fn paris_is_ambiguous_and_france_comes_first() {
    let all = kb().places("Paris", Case::Sensitive);
    assert!(all.len() >= 2);
    assert_eq!(all[0].country_code.as_deref(), Some("FR"));
    assert!(all[0].standalone);
    let texas = all
        .iter()
        .find(|p| p.admin.as_deref() == Some("Texas"))
        .expect("Paris, Texas");
    assert_eq!(texas.dateline().as_deref(), Some("PARIS, Texas"));
    assert!(KbView::builtin().is_ambiguous_place("Paris"));
    assert!(
        !KbView::builtin().is_ambiguous_place("Rafah")
            || kb().places("Rafah", Case::Sensitive).len() == 2
    );
}

#[test]
fn rafah_is_a_city_in_the_gaza_strip() {
    let p = kb()
        .places("Rafah", Case::Sensitive)
        .into_iter()
        .find(|p| p.country_code.as_deref() == Some("PS"))
        .expect("Rafah in the Palestinian territories");
    assert_eq!(p.kind, PlaceKind::City);
    assert_eq!(p.admin.as_deref(), Some("Gaza Strip"));
    assert_eq!(p.country.as_deref(), Some("Palestinian territories"));
    assert!(p.population.unwrap_or(0) > 100_000);
    let (lat, lon) = p.coords.expect("coordinates");
    assert!((lat - 31.3).abs() < 0.1 && (lon - 34.24).abs() < 0.1);
    assert_eq!(p.dateline().as_deref(), Some("RAFAH, Gaza Strip"));
}

#[test]
fn dateline_forms() {
    let peoria = kb()
        .places("Peoria", Case::Sensitive)
        .into_iter()
        .find(|p| p.admin.as_deref() == Some("Illinois"))
        .expect("Peoria, Ill.");
    assert_eq!(peoria.dateline().as_deref(), Some("PEORIA, Ill."));
    let washington = kb()
        .place("Washington", Case::Sensitive)
        .expect("Washington");
    assert_eq!(washington.kind, PlaceKind::City);
    assert_eq!(washington.dateline().as_deref(), Some("WASHINGTON"));
    let caracas = kb().place("Caracas", Case::Sensitive).expect("Caracas");
    assert_eq!(caracas.dateline().as_deref(), Some("CARACAS, Venezuela"));
    let palermo = kb().place("Palermo", Case::Sensitive).expect("Palermo");
    assert_eq!(palermo.dateline().as_deref(), Some("PALERMO, Sicily"));
    let southampton = kb()
        .place("Southampton", Case::Sensitive)
        .expect("Southampton");
    assert_eq!(
        southampton.dateline().as_deref(),
        Some("SOUTHAMPTON, England")
    );
    let toronto = kb().place("Toronto", Case::Sensitive).expect("Toronto");
    assert_eq!(toronto.dateline().as_deref(), Some("TORONTO"));
    let austin = kb()
        .places("Austin", Case::Sensitive)
        .into_iter()
        .find(|p| p.admin.as_deref() == Some("Texas"))
        .expect("Austin, Texas");
    assert_eq!(austin.dateline().as_deref(), Some("AUSTIN, Texas"));
    let san_juan = kb()
        .places("San Juan", Case::Sensitive)
        .into_iter()
        .find(|p| p.country_code.as_deref() == Some("PR"))
        .expect("San Juan, Puerto Rico");
    assert_eq!(
        san_juan.dateline().as_deref(),
        Some("SAN JUAN, Puerto Rico")
    );
    // Not cities: no dateline form.
    assert_eq!(
        kb().country("Israel", Case::Sensitive)
            .and_then(Place::dateline),
        None
    );
}

#[test]
fn exonyms_and_ascii_forms() {
    assert_eq!(
        kb().place("Cologne", Case::Sensitive)
            .map(|p| p.name.as_str()),
        Some("Cologne")
    );
    assert_eq!(
        kb().place("Köln", Case::Sensitive).map(|p| p.name.as_str()),
        Some("Cologne")
    );
    assert_eq!(
        kb().place("Kiev", Case::Sensitive).map(|p| p.name.as_str()),
        Some("Kyiv")
    );
    let sp = kb().place("São Paulo", Case::Sensitive).expect("Sao Paulo");
    assert_eq!(sp.name, "Sao Paulo");
    assert_eq!(sp.dateline().as_deref(), Some("SAO PAULO"));
    assert!(kb()
        .place("St. Louis", Case::Sensitive)
        .is_some_and(|p| p.standalone));
    assert_eq!(
        kb().place("New York", Case::Sensitive).map(|p| p.kind),
        Some(PlaceKind::City)
    );
}

#[test]
fn case_insensitive_lookup_for_capital_headlines() {
    assert!(kb().places("RAFAH", Case::Sensitive).is_empty());
    assert!(!kb().places("RAFAH", Case::Insensitive).is_empty());
    assert!(kb().is_place_name_lower("gaza"));
    assert!(kb().is_place_name_lower("GAZA"));
}

#[test]
fn countries_and_short_forms() {
    for (name, iso) in [
        ("U.S.", "US"),
        ("US", "US"),
        ("United States", "US"),
        ("Britain", "GB"),
        ("UK", "GB"),
        ("Russia", "RU"),
        ("South Korea", "KR"),
        ("Palestinian territories", "PS"),
        ("Israel", "IL"),
        ("Iran", "IR"),
        ("Jordan", "JO"),
    ] {
        let c = kb().country(name, Case::Sensitive);
        assert_eq!(
            c.and_then(|c| c.country_code.as_deref()),
            Some(iso),
            "{name}"
        );
    }
    assert_eq!(
        kb().country_by_code("GB").map(|c| c.name.as_str()),
        Some("Britain")
    );
    // Georgia the country is the first reading; the state is there too.
    let georgia = kb().places("Georgia", Case::Sensitive);
    assert_eq!(georgia[0].kind, PlaceKind::Country);
    assert!(georgia.iter().any(|p| p.kind == PlaceKind::State));
    assert!(kb().country("Paris", Case::Sensitive).is_none());
}

#[test]
fn regions_a_desk_needs() {
    for name in [
        "Gaza Strip",
        "West Bank",
        "Crimea",
        "Kashmir",
        "Donbas",
        "Sinai",
        "Darfur",
        "Kurdistan",
        "Tibet",
        "Catalonia",
        "Sicily",
        "Scotland",
        "England",
        "Wales",
        "Northern Ireland",
        "Puerto Rico",
        "Hong Kong",
        "Middle East",
        "Europe",
        "Africa",
        "Asia",
    ] {
        assert!(kb().place(name, Case::Sensitive).is_some(), "{name}");
    }
    let gaza = kb().places("Gaza", Case::Sensitive);
    assert!(gaza.iter().any(|p| p.kind == PlaceKind::Region));
    assert!(gaza.iter().any(|p| p.kind == PlaceKind::City));
}

#[test]
fn us_states_in_every_form() {
    let (il, form) = kb().us_state("Illinois").expect("Illinois");
    assert_eq!(
        (il.postal.as_str(), il.ap_abbr.as_str(), form),
        ("IL", "Ill.", StateForm::Name)
    );
    assert_eq!(
        kb().us_state("IL").map(|(s, f)| (s.name.as_str(), f)),
        Some(("Illinois", StateForm::Postal))
    );
    assert_eq!(
        kb().us_state("Ill.").map(|(s, f)| (s.name.as_str(), f)),
        Some(("Illinois", StateForm::Ap))
    );
    // Texas is never abbreviated; Tex. is a form to correct.
    let (tx, form) = kb().us_state("Tex.").expect("Tex.");
    assert_eq!((tx.ap_abbr.as_str(), form), ("Texas", StateForm::Other));
    assert_eq!(
        kb().us_state("TX").map(|(s, _)| s.ap_abbr.as_str()),
        Some("Texas")
    );
    // Postal codes are capitals only: "in" and "me" are words.
    assert!(kb().us_state("in").is_none());
    assert!(kb().us_state("Me").is_none());
    assert!(kb().us_state("Narnia").is_none());
}

#[test]
fn ap_standalone_lists() {
    assert_eq!(kb().ap_standalone("Chicago"), Some(true));
    assert_eq!(kb().ap_standalone("London"), Some(false));
    assert_eq!(kb().ap_standalone("Peoria"), None);
    assert_eq!(kb().ap_standalone("Kansas City"), None);
}

#[test]
fn name_frequencies() {
    let john = kb().first_name("John").expect("John");
    assert!(john.male > 3000 && john.female < john.male);
    assert!(kb().first_name("MARY").is_some_and(|m| m.female > m.male));
    assert_eq!(kb().surname("smith").map(|s| s.rank), Some(1));
    assert!(kb().surname("Kirby").is_some_and(|s| s.rank < 1000));
    assert!(kb().surname("Xyzzyq").is_none());
    assert!(kb().first_name("Xyzzyq").is_none());
}

#[test]
fn officials_from_congress_data() {
    let biden = kb().people("Joe Biden", Case::Sensitive);
    assert_eq!(biden.len(), 1);
    assert!(biden[0]
        .description
        .as_deref()
        .is_some_and(|d| d.contains("46th U.S. president")));
    assert_eq!(biden[0].last.as_deref(), Some("Biden"));
    assert!(!kb().people("Joseph Biden", Case::Sensitive).is_empty());
    assert!(kb().people_with_surname("Sanders").iter().any(|p| p
        .description
        .as_deref()
        .is_some_and(|d| d.contains("senator from Vermont"))));
    assert!(!kb().people("Bernie Sanders", Case::Sensitive).is_empty());
    assert!(kb().people("joe biden", Case::Sensitive).is_empty());
    assert!(!kb().people("joe biden", Case::Insensitive).is_empty());
}

#[test]
fn organizations_and_acronyms() {
    let nsc = kb().organization("NSC", Case::Sensitive).expect("NSC");
    assert_eq!(nsc.name, "National Security Council");
    for name in [
        "Pentagon",
        "White House",
        "State Department",
        "Congress",
        "Senate",
        "Knesset",
        "Kremlin",
        "UN",
        "NATO",
        "EU",
        "WHO",
        "IMF",
        "World Bank",
        "OPEC",
        "Hamas",
        "Hezbollah",
        "Taliban",
        "Islamic State",
        "Reuters",
        "Associated Press",
        "Federal Reserve",
        "New York Stock Exchange",
    ] {
        assert!(kb().organization(name, Case::Sensitive).is_some(), "{name}");
    }
    // The pronoun is not the agency unless the caller asks for any capitalisation.
    assert!(kb().organization("who", Case::Sensitive).is_none());
    assert!(kb().is_org_name_lower("hamas"));
}

#[test]
fn surname_with_particles_and_suffixes() {
    use house::surname_of;
    assert_eq!(
        surname_of("Charles de Gaulle").as_deref(),
        Some("de Gaulle")
    );
    assert_eq!(surname_of("Osama bin Laden").as_deref(), Some("bin Laden"));
    assert_eq!(
        surname_of("Martin Luther King Jr.").as_deref(),
        Some("King")
    );
    assert_eq!(
        surname_of("Ayman al-Zawahri").as_deref(),
        Some("al-Zawahri")
    );
    assert_eq!(surname_of("Cher").as_deref(), Some("Cher"));
}

const HOUSE: &str = r#"
[[person]]
name = "Volodymyr Zelenskyy"
variants = ["Zelensky", "Zelenskiy", "Volodymyr Zelensky"]
title = "Ukrainian president"

[[person]]
name = "Joe Biden"
description = "house description"

[[place]]
name = "Paris"
kind = "city"
country = "France"
dateline = "PARIS"

[[place]]
name = "Springfield"
country = "United States"
region = "Ill."

[[organization]]
name = "Strategic Consultative Group"
aliases = ["SCG"]
kind = "government"
"#;

#[test]
fn house_entries_add_and_override() {
    let house = HouseKb::parse(HOUSE).expect("valid house file");
    let view = KbView::with_house(&house);
    // Override: only the house's Paris, so no ambiguity warning for this desk.
    assert_eq!(view.places("Paris", Case::Sensitive).len(), 1);
    assert!(!view.is_ambiguous_place("Paris"));
    let paris = view.place("Paris", Case::Sensitive).expect("Paris");
    assert_eq!(paris.source, Source::House);
    assert_eq!(paris.dateline().as_deref(), Some("PARIS"));
    // Built-ins still answer what the house list does not mention.
    assert!(view.place("Rafah", Case::Sensitive).is_some());
    assert_eq!(
        view.person("Joe Biden", Case::Sensitive)
            .and_then(|p| p.description.as_deref()),
        Some("house description")
    );
    let z = view.preferred_person("Zelensky").expect("variant known");
    assert_eq!(z.name, "Volodymyr Zelenskyy");
    assert_eq!(z.last.as_deref(), Some("Zelenskyy"));
    assert!(view.preferred_person("Volodymyr Zelenskyy").is_none());
    assert!(view.is_known_surname("Zelenskyy"));
    assert_eq!(
        view.organization("SCG", Case::Sensitive)
            .map(|o| o.name.as_str()),
        Some("Strategic Consultative Group")
    );
    let springfield = view
        .place("Springfield", Case::Sensitive)
        .expect("house Springfield");
    assert_eq!(springfield.dateline().as_deref(), Some("SPRINGFIELD, Ill."));
    assert_eq!(view.ap_standalone("Paris"), Some(false));
}

#[test]
fn house_errors_name_line_and_key() {
    let e = HouseKb::parse("[[person]]\nname = \"A B\"\ntitel = \"x\"\n").expect_err("unknown key");
    assert_eq!(e.line, Some(3), "{e}");
    assert_eq!(e.key.as_deref(), Some("titel"), "{e}");

    let e = HouseKb::parse("[[place]]\nname = \"X\"\nkind = \"planet\"\n").expect_err("bad kind");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(3), Some("place[1].kind")),
        "{e}"
    );

    let e = HouseKb::parse("\n[[organization]]\nkind = \"company\"\n").expect_err("no name");
    assert_eq!(e.key.as_deref(), Some("name"), "{e}");
    assert!(e.line.is_some(), "{e}");

    let e = HouseKb::parse("[[person]]\nname = \"  \"\n").expect_err("empty name");
    assert_eq!(
        (e.line, e.key.as_deref()),
        (Some(2), Some("person[1].name")),
        "{e}"
    );

    let e = HouseKb::parse("[[place]]\nname = \"X\"\npopulation = -4\n").expect_err("negative");
    assert_eq!(e.line, Some(3), "{e}");

    let e = HouseKb::parse("[[person]\nname = 1").expect_err("syntax");
    assert!(e.line.is_some(), "{e}");
    assert!(
        e.to_string().starts_with("house knowledge base, line"),
        "{e}"
    );
}

#[test]
fn empty_house_file_is_fine() {
    let house = HouseKb::parse("").expect("empty file");
    assert!(house.is_empty());
    let view = KbView::with_house(&house);
    assert!(view.place("Rafah", Case::Sensitive).is_some());
}

#[test]
fn one_shared_instance() {
    // Load time is measured in the `kb` criterion bench (benches/engine.rs), not here.
    let fresh = KnowledgeBase::build();
    assert_eq!(fresh.stats(), KnowledgeBase::builtin().stats());
    let a = KnowledgeBase::builtin() as *const _;
    let b = KnowledgeBase::builtin() as *const _;
    assert_eq!(a, b);
}

#[test]
fn every_city_is_found_by_its_name_in_any_case() {
    // City records are built lazily from the index: check the index points at the right rows.
    for line in builtin_text::CITIES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .step_by(97)
    {
        let mut f = line.split('\t');
        let name = f.next().unwrap_or("");
        let alts: Vec<&str> = f.next().unwrap_or("").split('|').collect();
        let cc = f.next().unwrap_or("");
        for spelling in [name.to_string(), name.to_uppercase()] {
            let found = kb().places(&spelling, Case::Insensitive);
            assert!(
                found.iter().any(|p| p.name == name
                    && p.kind == PlaceKind::City
                    && p.country_code.as_deref() == Some(cc)),
                "{spelling}: {found:?}"
            );
        }
        for alt in alts.iter().filter(|a| !a.is_empty()) {
            assert!(
                kb().places(alt, Case::Sensitive)
                    .iter()
                    .any(|p| p.name == name),
                "{alt} → {name}"
            );
        }
    }
}

#[test]
fn a_surname_is_borrowed_where_it_stands_as_written_and_made_where_it_does_not() {
    use house::surname_in;
    use std::borrow::Cow;
    assert!(matches!(
        surname_in("Charles de Gaulle"),
        Some(Cow::Borrowed("de Gaulle"))
    ));
    assert!(matches!(surname_in("Cher,"), Some(Cow::Borrowed("Cher"))));
    // Two spaces, a line break or a comma between the words: joined with one space.
    assert_eq!(
        surname_in("Charles de  Gaulle").as_deref(),
        Some("de Gaulle")
    );
    assert_eq!(surname_in("Osama bin\nLaden").as_deref(), Some("bin Laden"));
    assert_eq!(surname_in("Osama bin, Laden").as_deref(), Some("bin Laden"));
    // More words than the stack holds.
    let long = "a b c d e f g h i j k l m n o p de Gaulle Jr.";
    assert_eq!(surname_in(long).as_deref(), Some("de Gaulle"));
    // The same as the words split, trimmed and joined, whatever the spacing.
    fn joined(full: &str) -> Option<String> {
        let mut words: Vec<&str> = full
            .split_whitespace()
            .map(|w| w.trim_end_matches(','))
            .collect();
        while words.len() > 1
            && words
                .last()
                .is_some_and(|w| ["Jr.", "Jr", "III"].contains(w))
        {
            words.pop();
        }
        if words.len() < 2 {
            return words.first().map(|w| w.to_string());
        }
        let mut start = words.len() - 1;
        while start > 1 && ["de", "la", "van", "der", "bin"].contains(&words[start - 1]) {
            start -= 1;
        }
        Some(words[start..].join(" "))
    }
    for name in [
        "",
        " ",
        ",",
        "Jr.",
        "A B",
        "x , Smith",
        "de  la  Cruz",
        "Ann van der Berg III",
        "Ann van der, Berg",
        "Ann van\tder Berg",
        "Amr bin Laden Jr",
        "Ann , ,",
    ] {
        assert_eq!(
            surname_in(name).map(Cow::into_owned),
            joined(name),
            "{name:?}"
        );
    }
}

#[test]
fn the_name_filter_passes_every_known_name_in_any_capitalisation() {
    let kb = kb();
    let mut names: Vec<&str> = Vec::new();
    names.extend(kb.places.iter().map(|p| p.name.as_str()));
    names.extend(kb.people.iter().map(|p| p.name.as_str()));
    names.extend(kb.orgs.iter().map(|o| o.name.as_str()));
    names.extend(
        kb.orgs
            .iter()
            .flat_map(|o| o.aliases.iter().map(String::as_str)),
    );
    let cities: Vec<&Place> = (0..kb.cities.len() as u32)
        .map(|i| kb.cities.get(i))
        .collect();
    names.extend(cities.iter().map(|p| p.name.as_str()));
    assert!(names.len() > 30_000, "{}", names.len());
    for name in names {
        for form in [name.to_string(), name.to_uppercase(), name.to_lowercase()] {
            assert!(kb.may_name(&form), "{form:?}");
        }
    }
    // And it rules out most words that name nothing.
    let ruled_out = (0..2_000)
        .map(|i| format!("Qx{i}vz"))
        .filter(|w| !kb.may_name(w))
        .count();
    assert!(ruled_out > 1_800, "{ruled_out}");
}
