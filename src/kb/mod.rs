//! The knowledge base: places, people, organizations and name frequencies that recognition and
//! hover cards draw on.
//!
//! The built-in part is compiled into the binary (TSV files in `src/kb/data/`, derived from open
//! data by `src/kb/generate.py` or written by hand; sources in `src/kb/data/SOURCES.md`) and parsed
//! once on first use ([`KnowledgeBase::builtin`]). A newsroom's own list (a "house knowledge base",
//! TOML, [`HouseKb::parse`]) is layered over it with [`KbView`]: a house entry with the same name
//! as a built-in one replaces it.
//!
//! Lookups take a [`Case`]: `Insensitive` for all-capitals headlines and hover on any spelling,
//! `Sensitive` where capitalisation carries meaning (`WHO` the agency, `who` the pronoun).

mod builtin;
pub mod files;
mod house;
mod index;
mod view;

use std::sync::{Arc, OnceLock};

pub use builtin::FxHasher;
pub(crate) use builtin::{FxMap, FxSet};
pub use house::{surname_in, surname_of, HouseKb, KbError, MAX_HOUSE_KB_BYTES};
pub use view::KbView;

/// How a lookup compares names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// The name must match a name or alias exactly.
    Sensitive,
    /// Any capitalisation matches (Unicode lowercase comparison).
    Insensitive,
}

/// Where an entry came from: the house list wins over the built-in data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Builtin,
    House,
}

/// The broad kind of a place; `Place::class` holds the finer one (territory, continent, sea …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    City,
    Country,
    /// A US state, DC or territory from the state table.
    State,
    /// Everything else: territories, provinces, nations of the UK, continents, seas, areas.
    Region,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Country => "country",
            PlaceKind::State => "state",
            PlaceKind::Region => "region",
        }
    }
}

/// A place record, as a hover card shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The desk's spelling: English exonym or ASCII form (`Cologne`, `Sao Paulo`, `Rafah`).
    pub name: String,
    /// Other spellings that name the same place (`Köln`, `Rafaḩ`, `St. Louis`).
    pub aliases: Vec<String>,
    pub kind: PlaceKind,
    /// Finer kind: `city`, `country`, `state`, `territory`, `province`, `nation`, `continent`, …
    pub class: Arc<str>,
    /// The country's display name (`Palestinian territories`), if the place lies in one.
    pub country: Option<Arc<str>>,
    /// ISO 3166 code of the country (`PS`).
    pub country_code: Option<Arc<str>>,
    /// State, province or region within the country (`Illinois`, `Gaza Strip`, `England`).
    pub admin: Option<Arc<str>>,
    /// What follows the city in a dateline when it does not stand alone (`Ill.`, `Gaza Strip`,
    /// `Venezuela`); `None` when unknown.
    pub dateline_region: Option<Arc<str>>,
    /// AP lets the city stand alone in a dateline (`WASHINGTON —`).
    pub standalone: bool,
    pub population: Option<u64>,
    /// Latitude and longitude in degrees.
    pub coords: Option<(f64, f64)>,
    /// Free text from the house list.
    pub description: Option<String>,
    pub source: Source,
}

impl Place {
    /// The AP dateline form of a city: `WASHINGTON`, `PEORIA, Ill.`, `RAFAH, Gaza Strip`.
    /// `None` for places that are not cities or whose region is unknown.
    pub fn dateline(&self) -> Option<String> {
        if self.kind != PlaceKind::City {
            return None;
        }
        let city = self.name.to_uppercase();
        if self.standalone {
            return Some(city);
        }
        self.dateline_region
            .as_ref()
            .map(|region| format!("{city}, {region}"))
    }

    /// Does this name (as written) name the place?
    pub fn is_named(&self, name: &str, case: Case) -> bool {
        std::iter::once(&self.name)
            .chain(self.aliases.iter())
            .any(|n| match case {
                Case::Sensitive => n == name,
                Case::Insensitive => n.to_lowercase() == name.to_lowercase(),
            })
    }
}

/// A US state, DC or territory with the forms the dateline check needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsState {
    pub name: String,
    /// Postal code (`IL`): wrong in a dateline.
    pub postal: String,
    /// AP dateline abbreviation (`Ill.`), or the full name for states AP never abbreviates
    /// (`Texas`) and for territories.
    pub ap_abbr: String,
    pub capital: String,
    /// `state` or `territory` (DC counts as a state here, as AP treats it in datelines).
    pub kind: String,
    /// Other abbreviations seen in copy that AP does not use (`Tex.`, `Penn.`).
    pub other_abbrs: Vec<String>,
}

/// Which form of a state's name a piece of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateForm {
    /// The full name (`Illinois`).
    Name,
    /// AP's abbreviation (`Ill.`); for states AP never abbreviates this is the full name too and
    /// `Name` is reported.
    Ap,
    /// The postal code (`IL`).
    Postal,
    /// Another abbreviation (`Tex.`).
    Other,
}

/// A person the knowledge base knows (officials, house list entries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Full name in the preferred spelling (`Joe Biden`).
    pub name: String,
    /// Other full names and spellings of the same person (`Joseph Biden`, `Zelensky`).
    pub variants: Vec<String>,
    /// The name used in address (`Joe`; the nickname where there is one).
    pub first: Option<String>,
    /// The surname used on later references (`Biden`, `de Gaulle`).
    pub last: Option<String>,
    /// Short role (`senator`, `president`, or the house list's title).
    pub title: Option<String>,
    /// One line for a hover card.
    pub description: Option<String>,
    pub source: Source,
}

/// An organization the knowledge base knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organization {
    pub name: String,
    /// Other names and acronyms (`NSC`, `Department of Defense`).
    pub aliases: Vec<String>,
    /// `government`, `military`, `party`, `international`, `armed group`, `company`, …
    pub kind: String,
    /// ISO code of its home country; `None` for international bodies.
    pub country_code: Option<String>,
    pub description: Option<String>,
    pub source: Source,
}

/// How common a first name is in the 1990 US Census, per 100,000 people of each sex.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FirstNameFreq {
    pub male: u32,
    pub female: u32,
}

/// How common a surname is in the 1990 US Census.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SurnameFreq {
    /// 1 = most common (Smith).
    pub rank: u32,
    /// Per 100,000 people; 0 below one.
    pub per_100k: u32,
}

/// The built-in knowledge base: immutable, shared, indexed once; city records are built on
/// first use.
pub struct KnowledgeBase {
    /// Countries, US states and regions (cities live in `cities`).
    places: Vec<Place>,
    place_index: builtin::NameIndex,
    cities: builtin::Cities,
    countries: Vec<u32>,
    states: Vec<UsState>,
    people: Vec<Person>,
    people_index: builtin::NameIndex,
    surname_index: builtin::NameIndex,
    orgs: Vec<Organization>,
    org_index: builtin::NameIndex,
    /// Every name of the places, cities, people and organizations, to rule a name out at once.
    any_name: builtin::NameFilter,
    first_names: builtin::Freqs<FirstNameFreq>,
    surnames: builtin::Freqs<SurnameFreq>,
    standalone: Vec<(&'static str, bool)>,
}

impl KnowledgeBase {
    /// The knowledge base compiled into the binary, parsed on first use.
    pub fn builtin() -> &'static KnowledgeBase {
        static KB: OnceLock<KnowledgeBase> = OnceLock::new();
        KB.get_or_init(builtin::load)
    }

    /// A fresh copy of the built-in data, indexed anew: for benchmarks of the start-up cost.
    /// Everything else shares [`KnowledgeBase::builtin`].
    #[doc(hidden)]
    pub fn build() -> KnowledgeBase {
        builtin::load()
    }

    /// Every place named `name` (several for `Paris`: France, Texas, …), most likely first.
    pub fn places(&self, name: &str, case: Case) -> Vec<&Place> {
        let mut out: Vec<&Place> = self
            .place_index
            .get(name)
            .iter()
            .map(|&i| &self.places[i as usize])
            .chain(self.cities.ids(name).iter().map(|&i| self.cities.get(i)))
            .filter(|p| case == Case::Insensitive || p.is_named(name, case))
            .collect();
        // Both lists are in order already; merging them is a stable sort of a handful.
        out.sort_by(|a, b| builtin::place_order(a, b));
        out
    }

    /// The best-known place of that name: a country before a state before a region before the
    /// biggest city. The order a reader assumes when a story says only `Georgia` or `Paris`.
    /// (No list is built: recognition asks this of every capitalized word.)
    pub fn place(&self, name: &str, case: Case) -> Option<&Place> {
        if !self.may_name(name) {
            return None;
        }
        let named = |p: &&Place| case == Case::Insensitive || p.is_named(name, case);
        let other = self
            .place_index
            .get(name)
            .iter()
            .map(|&i| &self.places[i as usize])
            .find(named);
        let city = self
            .cities
            .ids(name)
            .iter()
            .map(|&i| self.cities.get(i))
            .find(named);
        match (other, city) {
            (Some(o), Some(c)) => {
                if builtin::place_order(c, o) == std::cmp::Ordering::Less {
                    Some(c)
                } else {
                    Some(o)
                }
            }
            (o, c) => o.or(c),
        }
    }

    /// Might `name` (any capitalisation) name a place, city, person or organization of the
    /// built-in lists? False only when it names none: the lookups can be skipped.
    pub fn may_name(&self, name: &str) -> bool {
        self.any_name.may_contain(name)
    }

    /// Is `name` the name or alias of any place, in any capitalisation? Cheap: no record is
    /// built.
    pub fn is_place_name_lower(&self, name: &str) -> bool {
        self.may_name(name) && (self.place_index.contains(name) || self.cities.contains(name))
    }

    /// The country named `name` (`Britain`, `U.S.`, `Palestinian territories`).
    pub fn country(&self, name: &str, case: Case) -> Option<&Place> {
        self.places(name, case)
            .into_iter()
            .find(|p| p.kind == PlaceKind::Country)
    }

    /// The country with ISO code `iso` (`GB`).
    pub fn country_by_code(&self, iso: &str) -> Option<&Place> {
        self.countries
            .iter()
            .map(|&i| &self.places[i as usize])
            .find(|p| p.country_code.as_deref() == Some(iso))
    }

    /// All countries, in ISO code order.
    pub fn countries(&self) -> impl Iterator<Item = &Place> {
        self.countries.iter().map(|&i| &self.places[i as usize])
    }

    /// A US state by any of its forms: name (`Illinois`), postal code (`IL`, capitals only), AP
    /// abbreviation (`Ill.`) or another abbreviation (`Tex.`). Returns the state and which form
    /// the text is.
    pub fn us_state(&self, text: &str) -> Option<(&UsState, StateForm)> {
        let t = text.trim();
        self.states.iter().find_map(|s| {
            if s.name.eq_ignore_ascii_case(t) {
                Some((s, StateForm::Name))
            } else if s.ap_abbr == t {
                Some((s, StateForm::Ap))
            } else if s.postal == t {
                Some((s, StateForm::Postal))
            } else if s.other_abbrs.iter().any(|a| a == t) {
                Some((s, StateForm::Other))
            } else {
                None
            }
        })
    }

    /// All US states, DC and territories.
    pub fn us_states(&self) -> &[UsState] {
        &self.states
    }

    /// Does AP let this city stand alone in a dateline? `Some(true)` for a US city on the list,
    /// `Some(false)` for a foreign one, `None` when it is not on the list.
    pub fn ap_standalone(&self, city: &str) -> Option<bool> {
        self.standalone
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(city))
            .map(|&(_, us)| us)
    }

    /// Known people whose full name or a variant is `name`.
    pub fn people(&self, name: &str, case: Case) -> Vec<&Person> {
        self.people_index
            .get(name)
            .iter()
            .map(|&i| &self.people[i as usize])
            .filter(|p| case == Case::Insensitive || person_named(p, name))
            .collect()
    }

    /// Known people with that surname (case-insensitive).
    pub fn people_with_surname(&self, last: &str) -> Vec<&Person> {
        self.surname_index
            .get(last)
            .iter()
            .map(|&i| &self.people[i as usize])
            .collect()
    }

    /// Is `name` the full name or a variant of a known person? (No list is built.)
    pub fn has_person(&self, name: &str, case: Case) -> bool {
        self.may_name(name)
            && self
                .people_index
                .get(name)
                .iter()
                .any(|&i| case == Case::Insensitive || person_named(&self.people[i as usize], name))
    }

    /// Organizations whose name or alias is `name`.
    pub fn organizations(&self, name: &str, case: Case) -> Vec<&Organization> {
        self.org_index
            .get(name)
            .iter()
            .map(|&i| &self.orgs[i as usize])
            .filter(|o| case == Case::Insensitive || org_named(o, name))
            .collect()
    }

    /// The organization named `name`, if exactly one or the first listed.
    pub fn organization(&self, name: &str, case: Case) -> Option<&Organization> {
        if !self.may_name(name) {
            return None;
        }
        self.org_index
            .get(name)
            .iter()
            .map(|&i| &self.orgs[i as usize])
            .find(|o| case == Case::Insensitive || org_named(o, name))
    }

    /// Is `lower` the name or alias of any organization (any capitalisation)?
    pub fn is_org_name_lower(&self, lower: &str) -> bool {
        self.org_index.contains(lower)
    }

    /// How common `name` is as a first name (any capitalisation).
    pub fn first_name(&self, name: &str) -> Option<FirstNameFreq> {
        self.first_names.get(name)
    }

    /// How common `name` is as a surname (any capitalisation); only the 50,000 most common.
    pub fn surname(&self, name: &str) -> Option<SurnameFreq> {
        self.surnames.get(name)
    }

    /// Counts of each table, for diagnostics and tests.
    pub fn stats(&self) -> KbStats {
        KbStats {
            places: self.places.len() + self.cities.len(),
            countries: self.countries.len(),
            states: self.states.len(),
            people: self.people.len(),
            organizations: self.orgs.len(),
            first_names: self.first_names.len(),
            surnames: self.surnames.len(),
        }
    }
}

/// Sizes of the built-in tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KbStats {
    pub places: usize,
    pub countries: usize,
    pub states: usize,
    pub people: usize,
    pub organizations: usize,
    pub first_names: usize,
    pub surnames: usize,
}

fn person_named(p: &Person, name: &str) -> bool {
    p.name == name || p.variants.iter().any(|v| v == name)
}

fn org_named(o: &Organization, name: &str) -> bool {
    o.name == name || o.aliases.iter().any(|a| a == name)
}

#[cfg(test)]
mod tests;
