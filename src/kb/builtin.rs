//! Parsing the embedded TSV files into a [`KnowledgeBase`].
//!
//! The files are ours (generated or hand-written and checked by tests), so a malformed line is
//! skipped rather than reported: the binary must start even if a hand edit went wrong.

use std::collections::HashMap;
use std::sync::Arc;

use super::{
    FirstNameFreq, KnowledgeBase, Organization, Person, Place, PlaceKind, Source, SurnameFreq,
    UsState,
};

const CITIES: &str = include_str!("data/cities.tsv");
const COUNTRIES: &str = include_str!("data/countries.tsv");
const STATES: &str = include_str!("data/us_states.tsv");
const ADMIN1: &str = include_str!("data/admin1.tsv");
const REGIONS: &str = include_str!("data/regions.tsv");
const PEOPLE: &str = include_str!("data/people.tsv");
const ORGS: &str = include_str!("data/organizations.tsv");
const FIRST_NAMES: &str = include_str!("data/first_names.tsv");
const SURNAMES: &str = include_str!("data/surnames.tsv");
const STANDALONE: &str = include_str!("data/ap_standalone.tsv");

/// A fast, non-cryptographic hasher for the name tables (the FxHash mixing step used in rustc):
/// keys are our own data and short, so SipHash's DoS protection buys nothing and costs a third
/// of the load time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub(crate) type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// Lowercase, without the Unicode tables when the text is ASCII (almost all keys).
pub(crate) fn lower(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

/// Ids of the entries one lowercased name points to. Most names point to one entry, so the
/// common case needs no second allocation.
#[derive(Debug)]
enum Ids {
    One(u32),
    Many(Vec<u32>),
}

/// Lowercased name or alias → entry ids.
#[derive(Debug, Default)]
pub(super) struct NameIndex {
    map: FxMap<Box<str>, Ids>,
}

impl NameIndex {
    pub(super) fn with_capacity(n: usize) -> Self {
        NameIndex {
            map: FxMap::with_capacity_and_hasher(n, FxBuild::default()),
        }
    }

    pub(super) fn insert(&mut self, name: &str, id: u32) {
        let key = lower(name);
        if key.is_empty() {
            return;
        }
        match self.map.get_mut(key.as_str()) {
            None => {
                self.map.insert(key.into_boxed_str(), Ids::One(id));
            }
            Some(Ids::One(existing)) => {
                if *existing != id {
                    let first = *existing;
                    self.map
                        .insert(key.into_boxed_str(), Ids::Many(vec![first, id]));
                }
            }
            Some(Ids::Many(v)) => {
                if !v.contains(&id) {
                    v.push(id);
                }
            }
        }
    }

    /// Entries named `name`, any capitalisation.
    pub(super) fn get(&self, name: &str) -> &[u32] {
        let found = if name.chars().any(char::is_uppercase) {
            self.map.get(lower(name).as_str())
        } else {
            self.map.get(name)
        };
        match found {
            None => &[],
            Some(Ids::One(id)) => std::slice::from_ref(id),
            Some(Ids::Many(v)) => v,
        }
    }

    pub(super) fn contains_lower(&self, lower: &str) -> bool {
        self.map.contains_key(lower)
    }

    /// Orders every multi-entry list with `cmp` (most likely reading first).
    pub(super) fn sort_lists_by(&mut self, mut cmp: impl FnMut(u32, u32) -> std::cmp::Ordering) {
        for ids in self.map.values_mut() {
            if let Ids::Many(v) = ids {
                v.sort_by(|&a, &b| cmp(a, b));
            }
        }
    }
}

/// The most fields any embedded file has.
const MAX_FIELDS: usize = 9;

/// Data lines of a TSV file: no comments, no blank lines, fields split on tabs (into a fixed
/// array, so the 90,000 lines cost no allocation of their own).
fn rows(text: &'static str) -> impl Iterator<Item = [&'static str; MAX_FIELDS]> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut f = [""; MAX_FIELDS];
            for (slot, part) in f.iter_mut().zip(l.split('\t')) {
                *slot = part;
            }
            f
        })
}

fn field(f: &[&'static str; MAX_FIELDS], i: usize) -> &'static str {
    f.get(i).copied().unwrap_or("").trim()
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// Interns repeated strings (country names, classes) so 34,000 cities share a few hundred.
#[derive(Default)]
struct Interner(HashMap<String, Arc<str>>);

impl Interner {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.0.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.0.insert(s.to_string(), a.clone());
        a
    }
}

pub(super) fn load() -> KnowledgeBase {
    let mut interner = Interner::default();
    let mut places: Vec<Place> = Vec::with_capacity(35_000);

    // Countries first: cities refer to them by ISO code.
    let mut country_name: HashMap<&'static str, Arc<str>> = HashMap::new();
    let mut countries = Vec::new();
    for f in rows(COUNTRIES) {
        let iso = field(&f, 0);
        let name = field(&f, 1);
        if iso.is_empty() || name.is_empty() {
            continue;
        }
        let name_arc = interner.get(name);
        country_name.insert(iso, name_arc.clone());
        let capital = field(&f, 3);
        let continent = field(&f, 5);
        let description = match (capital.is_empty(), continent.is_empty()) {
            (false, false) => Some(format!("capital {capital}; {continent}")),
            (false, true) => Some(format!("capital {capital}")),
            (true, false) => Some(continent.to_string()),
            (true, true) => None,
        };
        countries.push(places.len() as u32);
        places.push(Place {
            name: name.to_string(),
            aliases: list(field(&f, 2)),
            kind: PlaceKind::Country,
            class: interner.get("country"),
            country: Some(name_arc),
            country_code: Some(interner.get(iso)),
            admin: None,
            dateline_region: None,
            standalone: false,
            population: field(&f, 4).parse().ok().filter(|&p| p > 0),
            coords: None,
            description,
            source: Source::Builtin,
        });
    }

    let mut states = Vec::new();
    let mut state_by_postal: HashMap<&'static str, (Arc<str>, Arc<str>)> = HashMap::new();
    for f in rows(STATES) {
        let (name, postal, ap) = (field(&f, 0), field(&f, 1), field(&f, 2));
        if name.is_empty() || postal.is_empty() {
            continue;
        }
        let ap = if ap.is_empty() { name } else { ap };
        state_by_postal.insert(postal, (interner.get(name), interner.get(ap)));
        let state = UsState {
            name: name.to_string(),
            postal: postal.to_string(),
            ap_abbr: ap.to_string(),
            capital: field(&f, 3).to_string(),
            kind: field(&f, 4).to_string(),
            other_abbrs: list(field(&f, 5)),
        };
        let mut aliases = Vec::new();
        if state.ap_abbr != state.name {
            aliases.push(state.ap_abbr.clone());
        }
        places.push(Place {
            name: state.name.clone(),
            aliases,
            kind: PlaceKind::State,
            class: interner.get(&state.kind),
            country: country_name.get("US").cloned(),
            country_code: Some(interner.get("US")),
            admin: None,
            dateline_region: None,
            standalone: false,
            population: None,
            coords: None,
            description: Some(format!(
                "capital {}; postal code {}; AP abbreviation {}",
                state.capital, state.postal, state.ap_abbr
            )),
            source: Source::Builtin,
        });
        states.push(state);
    }

    let mut admin1: HashMap<(&'static str, &'static str), (Arc<str>, bool)> = HashMap::new();
    for f in rows(ADMIN1) {
        let (cc, code, name) = (field(&f, 0), field(&f, 1), field(&f, 2));
        if !cc.is_empty() && !code.is_empty() && !name.is_empty() {
            admin1.insert((cc, code), (interner.get(name), field(&f, 4) == "1"));
        }
    }

    for f in rows(REGIONS) {
        let name = field(&f, 0);
        if name.is_empty() {
            continue;
        }
        let cc = field(&f, 3);
        let part_of = field(&f, 4);
        let country = if !part_of.is_empty() {
            Some(interner.get(part_of))
        } else {
            country_name.get(cc).cloned()
        };
        let coords = match (field(&f, 6).parse::<f64>(), field(&f, 7).parse::<f64>()) {
            (Ok(lat), Ok(lon)) => Some((lat, lon)),
            _ => None,
        };
        let dateline = field(&f, 8);
        places.push(Place {
            name: name.to_string(),
            aliases: list(field(&f, 1)),
            kind: PlaceKind::Region,
            class: interner.get(field(&f, 2)),
            country,
            country_code: (!cc.is_empty()).then(|| interner.get(cc)),
            admin: None,
            dateline_region: (!dateline.is_empty()).then(|| interner.get(dateline)),
            standalone: false,
            population: field(&f, 5).parse().ok().filter(|&p| p > 0),
            coords,
            description: None,
            source: Source::Builtin,
        });
    }

    let city_class = interner.get("city");
    for f in rows(CITIES) {
        let name = field(&f, 0);
        let cc = field(&f, 2);
        if name.is_empty() || cc.is_empty() {
            continue;
        }
        let code = field(&f, 3);
        let country = country_name.get(cc).cloned();
        let (admin, dateline_region) = if cc == "US" {
            match state_by_postal.get(code) {
                Some((state, ap)) => (Some(state.clone()), Some(ap.clone())),
                None => (None, None),
            }
        } else {
            match admin1.get(&(cc, code)) {
                Some((region, true)) => (Some(region.clone()), Some(region.clone())),
                Some((region, false)) => (Some(region.clone()), country.clone()),
                None => (None, country.clone()),
            }
        };
        let coords = match (field(&f, 5).parse::<f64>(), field(&f, 6).parse::<f64>()) {
            (Ok(lat), Ok(lon)) => Some((lat, lon)),
            _ => None,
        };
        places.push(Place {
            name: name.to_string(),
            aliases: list(field(&f, 1)),
            kind: PlaceKind::City,
            class: city_class.clone(),
            country,
            country_code: Some(interner.get(cc)),
            admin,
            dateline_region,
            standalone: field(&f, 7).contains('S'),
            population: field(&f, 4).parse().ok().filter(|&p| p > 0),
            coords,
            description: None,
            source: Source::Builtin,
        });
    }

    let mut place_index = NameIndex::with_capacity(places.len() * 2);
    for (i, p) in places.iter().enumerate() {
        place_index.insert(&p.name, i as u32);
        for a in &p.aliases {
            place_index.insert(a, i as u32);
        }
    }
    place_index.sort_lists_by(|a, b| place_order(&places[a as usize], &places[b as usize]));

    let mut people = Vec::new();
    for f in rows(PEOPLE) {
        let name = field(&f, 0);
        if name.is_empty() {
            continue;
        }
        people.push(Person {
            name: name.to_string(),
            variants: list(field(&f, 1)),
            first: opt(field(&f, 2)),
            last: opt(field(&f, 3)),
            title: opt(field(&f, 4)),
            description: opt(field(&f, 5)),
            source: Source::Builtin,
        });
    }
    let (people_index, surname_index) = index_people(&people);

    let mut orgs = Vec::new();
    for f in rows(ORGS) {
        let name = field(&f, 0);
        if name.is_empty() {
            continue;
        }
        orgs.push(Organization {
            name: name.to_string(),
            aliases: list(field(&f, 1)),
            kind: field(&f, 2).to_string(),
            country_code: opt(field(&f, 3)),
            description: opt(field(&f, 4)),
            source: Source::Builtin,
        });
    }
    let org_index = index_orgs(&orgs);

    let mut first_names = FxMap::with_capacity_and_hasher(5_500, FxBuild::default());
    for f in rows(FIRST_NAMES) {
        let name = field(&f, 0);
        if !name.is_empty() {
            first_names.insert(
                name,
                FirstNameFreq {
                    male: field(&f, 1).parse().unwrap_or(0),
                    female: field(&f, 2).parse().unwrap_or(0),
                },
            );
        }
    }
    let mut surnames = FxMap::with_capacity_and_hasher(50_000, FxBuild::default());
    for (rank, f) in rows(SURNAMES).enumerate() {
        let name = field(&f, 0);
        if !name.is_empty() {
            surnames.entry(name).or_insert(SurnameFreq {
                rank: rank as u32 + 1,
                per_100k: field(&f, 1).parse().unwrap_or(0),
            });
        }
    }

    let standalone = rows(STANDALONE)
        .filter_map(|f| {
            let name = field(&f, 0);
            (!name.is_empty()).then(|| (name, field(&f, 1) == "us"))
        })
        .collect();

    KnowledgeBase {
        places,
        place_index,
        countries,
        states,
        people,
        people_index,
        surname_index,
        orgs,
        org_index,
        first_names,
        surnames,
        standalone,
    }
}

/// The reading a reader assumes for a bare place name: a city that stands alone in datelines
/// (`Washington`, `New York`), then a country (`Georgia`, `Jordan`), a US state, a region, and
/// other cities by size.
pub(super) fn place_order(a: &Place, b: &Place) -> std::cmp::Ordering {
    fn rank(p: &Place) -> u8 {
        match p.kind {
            PlaceKind::City if p.standalone => 0,
            PlaceKind::Country => 1,
            PlaceKind::State => 2,
            PlaceKind::Region => 3,
            PlaceKind::City => 4,
        }
    }
    rank(a)
        .cmp(&rank(b))
        .then_with(|| b.population.unwrap_or(0).cmp(&a.population.unwrap_or(0)))
}

pub(super) fn index_people(people: &[Person]) -> (NameIndex, NameIndex) {
    let mut by_name = NameIndex::with_capacity(people.len() * 3);
    let mut by_last = NameIndex::with_capacity(people.len());
    for (i, p) in people.iter().enumerate() {
        by_name.insert(&p.name, i as u32);
        for v in &p.variants {
            by_name.insert(v, i as u32);
        }
        if let Some(last) = &p.last {
            by_last.insert(last, i as u32);
        }
    }
    (by_name, by_last)
}

pub(super) fn index_orgs(orgs: &[Organization]) -> NameIndex {
    let mut idx = NameIndex::with_capacity(orgs.len() * 3);
    for (i, o) in orgs.iter().enumerate() {
        idx.insert(&o.name, i as u32);
        for a in &o.aliases {
            idx.insert(a, i as u32);
        }
    }
    idx
}
