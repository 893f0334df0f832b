//! The house knowledge base: a newsroom's own people, places and organizations, in TOML.
//!
//! ```toml
//! [[person]]
//! name = "Volodymyr Zelenskyy"          # the preferred spelling
//! variants = ["Zelensky", "Zelenskiy"]  # spellings to correct to it
//! title = "Ukrainian president"
//! description = "President of Ukraine since 2019"
//!
//! [[place]]
//! name = "Rafah"
//! kind = "city"                          # city | country | state | region
//! country = "Palestinian territories"
//! region = "Gaza Strip"                  # admin region; also the dateline region
//! population = 275000
//! lat = 31.29
//! lon = 34.25
//!
//! [[organization]]
//! name = "Strategic Consultative Group"
//! aliases = ["SCG"]
//! kind = "government"
//! description = "U.S.-Israeli talks on Rafah"
//! ```
//!
//! The engine does no file I/O: the caller reads the file named in `copydesk.toml` and passes the
//! text to [`HouseKb::parse`].

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::builtin::{index_orgs, index_people, index_places, NameIndex};
use super::{Case, Organization, Person, Place, PlaceKind, Source};

/// A problem in a house knowledge base file: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KbError {
    /// 1-based line of the problem, when known.
    pub line: Option<usize>,
    /// The key at fault (`kind`, `person[2].name`), when known.
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for KbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("house knowledge base")?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ", key `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for KbError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, alias = "people", alias = "persons")]
    person: Vec<RawPerson>,
    #[serde(default, alias = "places")]
    place: Vec<RawPlace>,
    #[serde(default, alias = "organizations", alias = "org", alias = "orgs")]
    organization: Vec<RawOrg>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: Spanned<String>,
    #[serde(default, alias = "aliases")]
    variants: Vec<String>,
    first: Option<String>,
    last: Option<String>,
    title: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    name: Spanned<String>,
    #[serde(default, alias = "variants")]
    aliases: Vec<String>,
    kind: Option<Spanned<String>>,
    country: Option<String>,
    country_code: Option<String>,
    #[serde(alias = "admin", alias = "state")]
    region: Option<String>,
    population: Option<Spanned<i64>>,
    lat: Option<f64>,
    lon: Option<f64>,
    /// The full dateline form (`RAFAH, Gaza Strip`); overrides what `region`/`country` give.
    dateline: Option<String>,
    #[serde(default)]
    standalone: bool,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrg {
    name: Spanned<String>,
    #[serde(default, alias = "variants")]
    aliases: Vec<String>,
    kind: Option<String>,
    country: Option<String>,
    description: Option<String>,
}

/// A parsed house knowledge base.
#[derive(Debug, Default)]
pub struct HouseKb {
    pub(super) people: Vec<Person>,
    pub(super) places: Vec<Place>,
    pub(super) orgs: Vec<Organization>,
    people_index: NameIndex,
    surname_index: NameIndex,
    place_index: NameIndex,
    org_index: NameIndex,
}

/// Name suffixes that are not surnames (`Martin Luther King Jr.`).
const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "V"];

/// The surname of a full name: the last word that is not a suffix, with its particles
/// (`Charles de Gaulle` → `de Gaulle`, `Osama bin Laden` → `bin Laden`).
pub fn surname_of(full: &str) -> Option<String> {
    surname_in(full).map(Cow::into_owned)
}

/// [`surname_of`], borrowed from `full` where it stands there as it would be written (words
/// one space apart): the usual case, looked up for every name found, needs no string made.
pub fn surname_in(full: &str) -> Option<Cow<'_, str>> {
    // A name has a few words: they are kept on the stack unless there are many.
    let mut on_stack = [""; 12];
    let mut on_heap = Vec::new();
    let mut count = 0;
    for w in full.split_whitespace().map(|w| w.trim_end_matches(',')) {
        if count < on_stack.len() {
            on_stack[count] = w;
        } else {
            if on_heap.is_empty() {
                on_heap.extend_from_slice(&on_stack);
            }
            on_heap.push(w);
        }
        count += 1;
    }
    let mut words: &[&str] = if on_heap.is_empty() {
        &on_stack[..count]
    } else {
        &on_heap
    };
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        words = &words[..words.len() - 1];
    }
    if words.len() < 2 {
        return words.first().map(|w| Cow::Borrowed(*w));
    }
    let mut start = words.len() - 1;
    while start > 1 && is_particle(words[start - 1]) {
        start -= 1;
    }
    let surname = &words[start..];
    // Each word is a slice of `full`: where the words stand one space apart, with no comma
    // trimmed between them, the joined surname is the text from the first to the last.
    let offset = |w: &str| w.as_ptr() as usize - full.as_ptr() as usize;
    let one_apart = surname
        .windows(2)
        .all(|pair| full.get(offset(pair[0]) + pair[0].len()..offset(pair[1])) == Some(" "));
    if one_apart {
        let (first, last) = (surname[0], surname[surname.len() - 1]);
        if let Some(text) = full.get(offset(first)..offset(last) + last.len()) {
            return Some(Cow::Borrowed(text));
        }
    }
    Some(Cow::Owned(surname.join(" ")))
}

fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "da"
            | "di"
            | "del"
            | "della"
            | "der"
            | "van"
            | "von"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "la"
            | "le"
            | "du"
            | "dos"
            | "das"
            | "ten"
            | "ter"
            | "st."
            | "abu"
            | "ben"
    )
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn err(text: &str, span: std::ops::Range<usize>, key: String, message: &str) -> KbError {
    KbError {
        line: Some(line_of(text, span.start)),
        key: Some(key),
        message: message.to_string(),
    }
}

/// The key a serde message names (`unknown field `titel``, `missing field `name``).
fn key_in_message(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Two house lists are the same when they hold the same entries (the indexes follow from them).
impl PartialEq for HouseKb {
    fn eq(&self, other: &HouseKb) -> bool {
        // Settings are compared on every keystroke and share one Arc: no walk over the entries.
        if std::ptr::eq(self, other) {
            return true;
        }
        self.people == other.people && self.places == other.places && self.orgs == other.orgs
    }
}

/// A house knowledge base larger than this is refused before parsing: a newsroom's own list of
/// people, places and organizations runs to a few megabytes at most, and parsing is linear
/// but not free.
pub const MAX_HOUSE_KB_BYTES: usize = 16 * 1024 * 1024;

impl HouseKb {
    /// Parses a house knowledge base. Errors name the line and key at fault.
    pub fn parse(text: &str) -> Result<HouseKb, KbError> {
        if text.len() > MAX_HOUSE_KB_BYTES {
            return Err(KbError {
                line: None,
                key: None,
                message: format!(
                    "{} bytes is too large for a knowledge-base file ({} MiB at most)",
                    text.len(),
                    MAX_HOUSE_KB_BYTES / (1024 * 1024)
                ),
            });
        }
        let raw: RawFile = toml::from_str(text).map_err(|e| KbError {
            line: e.span().map(|s| line_of(text, s.start)),
            key: key_in_message(e.message()),
            message: e.message().trim().to_string(),
        })?;

        let mut people = Vec::with_capacity(raw.person.len());
        for (i, p) in raw.person.into_iter().enumerate() {
            let name = p.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(err(
                    text,
                    p.name.span(),
                    format!("person[{}].name", i + 1),
                    "a person needs a name",
                ));
            }
            let last = nonempty(p.last).or_else(|| surname_of(&name));
            let first = nonempty(p.first).or_else(|| {
                let w = name.split_whitespace().next()?;
                (Some(w) != last.as_deref()).then(|| w.to_string())
            });
            people.push(Person {
                variants: p
                    .variants
                    .into_iter()
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty() && *v != name)
                    .collect(),
                name,
                first,
                last,
                title: nonempty(p.title),
                description: nonempty(p.description),
                source: Source::House,
            });
        }

        let mut places = Vec::with_capacity(raw.place.len());
        for (i, p) in raw.place.into_iter().enumerate() {
            let name = p.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(err(
                    text,
                    p.name.span(),
                    format!("place[{}].name", i + 1),
                    "a place needs a name",
                ));
            }
            let (kind, class) = match &p.kind {
                None => (PlaceKind::City, "city".to_string()),
                Some(k) => {
                    let class = k.get_ref().trim().to_lowercase();
                    let kind =
                        match class.as_str() {
                            "city" | "town" | "village" => PlaceKind::City,
                            "country" | "nation-state" => PlaceKind::Country,
                            "state" | "us state" => PlaceKind::State,
                            "region" | "territory" | "province" | "nation" | "continent"
                            | "area" | "sea" | "ocean" | "river" | "island" | "county"
                            | "district" => PlaceKind::Region,
                            _ => return Err(err(
                                text,
                                k.span(),
                                format!("place[{}].kind", i + 1),
                                "unknown kind: use city, country, state or region (or territory, \
                                 province, nation, continent, area, sea, ocean, river, island, \
                                 county, district)",
                            )),
                        };
                    (kind, class)
                }
            };
            let population = match p.population {
                None => None,
                Some(pop) if *pop.get_ref() < 0 => {
                    return Err(err(
                        text,
                        pop.span(),
                        format!("place[{}].population", i + 1),
                        "population cannot be negative",
                    ))
                }
                Some(pop) => u64::try_from(*pop.get_ref()).ok(),
            };
            let country = nonempty(p.country);
            let region = nonempty(p.region);
            let mut standalone = p.standalone;
            let mut dateline_region = region.clone().or_else(|| country.clone());
            if let Some(form) = nonempty(p.dateline) {
                // `RAFAH, Gaza Strip` → region `Gaza Strip`; `WASHINGTON` → stands alone.
                match form.split_once(',') {
                    Some((_, r)) => dateline_region = Some(r.trim().to_string()),
                    None => standalone = true,
                }
            }
            places.push(Place {
                name,
                aliases: p
                    .aliases
                    .into_iter()
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect(),
                kind,
                class: Arc::from(class.as_str()),
                country: country.map(|c| Arc::from(c.as_str())),
                country_code: nonempty(p.country_code).map(|c| Arc::from(c.as_str())),
                admin: region.map(|r| Arc::from(r.as_str())),
                dateline_region: dateline_region.map(|r| Arc::from(r.as_str())),
                standalone,
                population,
                coords: p.lat.zip(p.lon),
                description: nonempty(p.description),
                source: Source::House,
            });
        }

        let mut orgs = Vec::with_capacity(raw.organization.len());
        for (i, o) in raw.organization.into_iter().enumerate() {
            let name = o.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(err(
                    text,
                    o.name.span(),
                    format!("organization[{}].name", i + 1),
                    "an organization needs a name",
                ));
            }
            orgs.push(Organization {
                name,
                aliases: o
                    .aliases
                    .into_iter()
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect(),
                kind: nonempty(o.kind).unwrap_or_else(|| "organization".to_string()),
                country_code: nonempty(o.country),
                description: nonempty(o.description),
                source: Source::House,
            });
        }

        Ok(HouseKb::from_entries(people, places, orgs))
    }

    /// One list from several files, in order: on a name two files both give, the earlier
    /// file's entry is found first.
    pub fn merge(parts: impl IntoIterator<Item = HouseKb>) -> HouseKb {
        let mut people = Vec::new();
        let mut places = Vec::new();
        let mut orgs = Vec::new();
        for p in parts {
            people.extend(p.people);
            places.extend(p.places);
            orgs.extend(p.orgs);
        }
        HouseKb::from_entries(people, places, orgs)
    }

    fn from_entries(people: Vec<Person>, places: Vec<Place>, orgs: Vec<Organization>) -> HouseKb {
        let (people_index, surname_index) = index_people(&people);
        let org_index = index_orgs(&orgs);
        let place_index = index_places(&places);
        HouseKb {
            people,
            places,
            orgs,
            people_index,
            surname_index,
            place_index,
            org_index,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.places.is_empty() && self.orgs.is_empty()
    }

    /// All people, places and organizations in file order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }
    pub fn places(&self) -> &[Place] {
        &self.places
    }
    pub fn organizations(&self) -> &[Organization] {
        &self.orgs
    }

    pub(super) fn places_named(&self, name: &str, case: Case) -> Vec<&Place> {
        self.place_index
            .get(name)
            .iter()
            .map(|&i| &self.places[i as usize])
            .filter(|p| case == Case::Insensitive || p.is_named(name, case))
            .collect()
    }

    pub(super) fn people_named(&self, name: &str, case: Case) -> Vec<&Person> {
        self.people_index
            .get(name)
            .iter()
            .map(|&i| &self.people[i as usize])
            .filter(|p| case == Case::Insensitive || super::person_named(p, name))
            .collect()
    }

    pub(super) fn people_with_surname(&self, last: &str) -> Vec<&Person> {
        self.surname_index
            .get(last)
            .iter()
            .map(|&i| &self.people[i as usize])
            .collect()
    }

    pub(super) fn orgs_named(&self, name: &str, case: Case) -> Vec<&Organization> {
        self.org_index
            .get(name)
            .iter()
            .map(|&i| &self.orgs[i as usize])
            .filter(|o| case == Case::Insensitive || super::org_named(o, name))
            .collect()
    }
}
