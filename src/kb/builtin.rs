//! Parsing the embedded TSV files into a [`KnowledgeBase`].
//!
//! The files are ours (generated or hand-written and checked by tests), so a malformed line is
//! skipped rather than reported: the binary must start even if a hand edit went wrong.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

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
const WORLD_FIRST_NAMES: &str = include_str!("data/world_first_names.tsv");
const SURNAMES: &str = include_str!("data/surnames.tsv");
const STANDALONE: &str = include_str!("data/ap_standalone.tsv");

/// FxHash (as in rustc) for maps of our own keys: short words and names, hashed on the hot
/// path of every token, where SipHash's protection against crafted keys buys nothing.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(load_tail(rest));
        }
    }
    // The same values as `write` of the bytes, with no slice to chop up: `str`'s hash ends
    // with a `write_u8`, so every lookup of a word makes one.
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn write_usize(&mut self, n: usize) {
        self.write(&n.to_le_bytes());
    }
    fn finish(&self) -> u64 {
        // The multiply leaves the high bits well mixed and the low ones poorly; the table
        // picks buckets by the low bits (as rustc-hash 2 does).
        self.0.rotate_left(26)
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

/// Up to seven bytes as a little-endian number, as if zero-padded to eight: the tail of a
/// hashed word, read in two overlapping loads rather than copied (a `memcpy` call per
/// lookup, for the short words hashed on every token).
#[inline]
pub(crate) fn load_tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    debug_assert!(n < 8);
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes(rest[..4].try_into().unwrap_or_default()));
        let hi = u64::from(u32::from_le_bytes(
            rest[n - 4..].try_into().unwrap_or_default(),
        ));
        lo | (hi << ((n - 4) * 8))
    } else if n >= 2 {
        let lo = u64::from(u16::from_le_bytes([rest[0], rest[1]]));
        let hi = u64::from(u16::from_le_bytes([rest[n - 2], rest[n - 1]]));
        lo | (hi << ((n - 2) * 8))
    } else {
        rest.first().map_or(0, |&b| u64::from(b))
    }
}

pub(crate) type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub(crate) type FxMap<K, V> = HashMap<K, V, FxBuild>;
pub(crate) type FxSet<K> = std::collections::HashSet<K, FxBuild>;

pub(crate) use super::index::{NameFilter, NameIndex};

/// The most fields any embedded file has.
const MAX_FIELDS: usize = 9;

/// Data lines of a TSV file: no comments, no blank lines, fields split on tabs (into a fixed
/// array, so the 90,000 lines cost no allocation of their own).
fn rows(text: &'static str) -> impl Iterator<Item = [&'static str; MAX_FIELDS]> {
    let mut out = Vec::new();
    for_each_row(text, |_, f| out.push(f));
    out.into_iter()
}

/// Calls `each` with every data line (no comments, no blank lines) and its tab-separated
/// fields, in one pass over the bytes. (`str::lines` with `split('\t')`, or a SIMD search, set
/// up a search per field; fields here are a few bytes long, so that cost more than all the rest
/// of loading.)
fn for_each_row(
    text: &'static str,
    mut each: impl FnMut(&'static str, [&'static str; MAX_FIELDS]),
) {
    let bytes = text.as_bytes();
    let mut fields = [""; MAX_FIELDS];
    let mut k = 0;
    let mut field_start = 0;
    let mut line_start = 0;
    while field_start <= bytes.len() {
        // Tab (9) and line feed (10) are the only bytes below 11 in these files.
        let len = bytes[field_start..]
            .iter()
            .position(|&b| b < 11)
            .unwrap_or(bytes.len() - field_start);
        let i = field_start + len;
        let eol = bytes.get(i) != Some(&b'\t');
        // Tabs and line ends are ASCII, so every cut is on a character boundary.
        let mut field = text.get(field_start..i).unwrap_or("");
        if eol {
            field = field.strip_suffix('\r').unwrap_or(field);
        }
        if let Some(slot) = fields.get_mut(k) {
            *slot = field;
        }
        k += 1;
        field_start = i + 1;
        if eol {
            let line = text.get(line_start..i).unwrap_or("");
            if !line.starts_with('#') && !line.trim_ascii().is_empty() {
                each(line, fields);
            }
            fields = [""; MAX_FIELDS];
            k = 0;
            line_start = i + 1;
        }
    }
}

fn split_tabs(line: &'static str) -> [&'static str; MAX_FIELDS] {
    let mut f = [""; MAX_FIELDS];
    for (slot, part) in f.iter_mut().zip(line.split('\t')) {
        *slot = part;
    }
    f
}

fn field(f: &[&'static str; MAX_FIELDS], i: usize) -> &'static str {
    f.get(i).copied().unwrap_or("").trim_ascii()
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
    let mut places: Vec<Place> = Vec::new();

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
    let mut state_by_postal: FxMap<&'static str, (Arc<str>, Arc<str>)> = FxMap::default();
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

    let mut admin1: FxMap<(&'static str, &'static str), (Arc<str>, bool)> = FxMap::default();
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

    let place_index = index_places(&places);

    // Cities are most of the data: index their names now, build a record only when asked.
    let mut countries_by_iso = FxMap::default();
    for (iso, name) in &country_name {
        countries_by_iso.insert(*iso, (name.clone(), interner.get(iso)));
    }
    let city_cx = CityCx {
        country: countries_by_iso,
        state: state_by_postal,
        admin1,
        class: interner.get("city"),
    };
    // The two big indexes (cities; census names) share nothing: build them side by side, so a
    // second core halves the first-use wait (the server's first diagnostics wait on this).
    let (cities, (first_names, surnames)) = std::thread::scope(|scope| {
        let names = std::thread::Builder::new()
            .name("copydesk-kb".into())
            .spawn_scoped(scope, name_tables);
        let cities = Cities::index(city_cx);
        let names = match names {
            Ok(handle) => handle.join().unwrap_or_else(|_| name_tables()),
            // No thread to be had (a sandbox, a limit): build them here.
            Err(_) => name_tables(),
        };
        (cities, names)
    });

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

    let standalone = rows(STANDALONE)
        .filter_map(|f| {
            let name = field(&f, 0);
            (!name.is_empty()).then(|| (name, field(&f, 1) == "us"))
        })
        .collect();

    let mut any_name = NameFilter::new();
    for index in [&place_index, &cities.index, &people_index, &org_index] {
        index.mark_in(&mut any_name);
    }
    KnowledgeBase {
        places,
        place_index,
        cities,
        any_name,
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

/// The census first-name and surname tables.
fn name_tables() -> (Freqs<FirstNameFreq>, Freqs<SurnameFreq>) {
    let first_names = Freqs::index(&[FIRST_NAMES, WORLD_FIRST_NAMES], 6_200, |_, f| {
        FirstNameFreq {
            male: field(&f, 1).parse().unwrap_or(0),
            female: field(&f, 2).parse().unwrap_or(0),
        }
    });
    let surnames = Freqs::index(&[SURNAMES], 50_000, |row, f| SurnameFreq {
        rank: row as u32 + 1,
        per_100k: field(&f, 1).parse().unwrap_or(0),
    });
    (first_names, surnames)
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

/// Places by name and alias, the likeliest place first under each name.
pub(super) fn index_places(places: &[Place]) -> NameIndex {
    let mut index = NameIndex::with_capacity(places.len() * 2);
    for (i, p) in places.iter().enumerate() {
        index.insert(p.name.clone(), i as u32);
        for a in &p.aliases {
            index.insert(a.clone(), i as u32);
        }
    }
    index.sort_lists_by(|a, b| place_order(&places[a as usize], &places[b as usize]));
    index
}

pub(super) fn index_people(people: &[Person]) -> (NameIndex, NameIndex) {
    let mut by_name = NameIndex::with_capacity(people.len() * 3);
    let mut by_last = NameIndex::with_capacity(people.len());
    for (i, p) in people.iter().enumerate() {
        by_name.insert(p.name.clone(), i as u32);
        for v in &p.variants {
            by_name.insert(v.clone(), i as u32);
        }
        if let Some(last) = &p.last {
            by_last.insert(last.clone(), i as u32);
        }
    }
    (by_name, by_last)
}

pub(super) fn index_orgs(orgs: &[Organization]) -> NameIndex {
    let mut idx = NameIndex::with_capacity(orgs.len() * 3);
    for (i, o) in orgs.iter().enumerate() {
        idx.insert(o.name.clone(), i as u32);
        for a in &o.aliases {
            idx.insert(a.clone(), i as u32);
        }
    }
    idx
}

/// What a city record refers to, shared by every city (interned once at load time).
pub(super) struct CityCx {
    /// ISO code → (display name, code).
    country: FxMap<&'static str, (Arc<str>, Arc<str>)>,
    /// Postal code → (state name, AP abbreviation).
    state: FxMap<&'static str, (Arc<str>, Arc<str>)>,
    /// (country, admin1 code) → (region name, named in datelines).
    admin1: FxMap<(&'static str, &'static str), (Arc<str>, bool)>,
    class: Arc<str>,
}

/// The 34,000 cities: their names indexed at load time, their records built on first use.
///
/// Building every record up front (strings, alias vectors, parsed coordinates) was most of the
/// knowledge base's start-up cost, yet an article touches a few dozen cities.
pub(super) struct Cities {
    /// Where each city's line of `cities.tsv` starts (a 4-byte offset, not a 16-byte slice:
    /// there are 34,000 of them for the server's lifetime).
    rows: Vec<u32>,
    index: NameIndex,
    records: Vec<OnceLock<Box<Place>>>,
    cx: CityCx,
}

/// The line of `cities.tsv` that starts at `start`.
fn city_line(start: u32) -> &'static str {
    let rest = CITIES.get(start as usize..).unwrap_or("");
    &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())]
}

impl Cities {
    fn index(cx: CityCx) -> Cities {
        let mut rows: Vec<u32> = Vec::with_capacity(34_000);
        let mut index = NameIndex::with_capacity(45_000);
        let mut rest = CITIES;
        while !rest.is_empty() {
            let start = (CITIES.len() - rest.len()) as u32;
            let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
            let line = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or("");
            if line.starts_with('#') {
                continue;
            }
            // Only the names are read now: the name, then `|`-separated alternates.
            let b = line.as_bytes();
            let tab1 = b.iter().position(|&c| c == b'\t').unwrap_or(b.len());
            let name = line[..tab1].trim_ascii();
            if name.is_empty() {
                continue;
            }
            let id = rows.len() as u32;
            index.insert(name, id);
            let alts = line.get(tab1 + 1..).unwrap_or("");
            let alts = &alts[..alts.bytes().position(|c| c == b'\t').unwrap_or(alts.len())];
            if !alts.is_empty() {
                for a in alts.split('|') {
                    let a = a.trim_ascii();
                    if !a.is_empty() {
                        index.insert(a, id);
                    }
                }
            }
            rows.push(start);
        }
        // Cities sharing a name: the AP stand-alone one first, then by population. Only these
        // few thousand rows have their fields read at load time.
        let rank = |id: u32| {
            let f = split_tabs(city_line(rows[id as usize]));
            let pop: u64 = field(&f, 4).parse().unwrap_or(0);
            (field(&f, 7).contains('S'), pop)
        };
        index.sort_lists_by_key(|id| std::cmp::Reverse(rank(id)));
        let records = (0..rows.len()).map(|_| OnceLock::new()).collect();
        Cities {
            rows,
            index,
            records,
            cx,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Ids of the cities named `name` (any capitalisation), most likely reading first.
    pub(super) fn ids(&self, name: &str) -> &[u32] {
        self.index.get(name)
    }

    pub(super) fn contains(&self, name: &str) -> bool {
        self.index.contains(name)
    }

    /// The record of city `id`, built the first time it is asked for.
    pub(super) fn get(&self, id: u32) -> &Place {
        let slot = &self.records[id as usize];
        slot.get_or_init(|| Box::new(self.build(city_line(self.rows[id as usize]))))
    }

    fn build(&self, line: &'static str) -> Place {
        let f = split_tabs(line);
        let name = field(&f, 0);
        let cc = field(&f, 2);
        let code = field(&f, 3);
        let (country, country_code) = match self.cx.country.get(cc) {
            Some((n, iso)) => (Some(n.clone()), Some(iso.clone())),
            None => (None, (!cc.is_empty()).then(|| Arc::from(cc))),
        };
        let (admin, dateline_region) = if cc == "US" {
            match self.cx.state.get(code) {
                Some((state, ap)) => (Some(state.clone()), Some(ap.clone())),
                None => (None, None),
            }
        } else {
            match self.cx.admin1.get(&(cc, code)) {
                Some((region, true)) => (Some(region.clone()), Some(region.clone())),
                Some((region, false)) => (Some(region.clone()), country.clone()),
                None => (None, country.clone()),
            }
        };
        let coords = match (field(&f, 5).parse::<f64>(), field(&f, 6).parse::<f64>()) {
            (Ok(lat), Ok(lon)) => Some((lat, lon)),
            _ => None,
        };
        Place {
            name: name.to_string(),
            aliases: list(field(&f, 1)),
            kind: PlaceKind::City,
            class: self.cx.class.clone(),
            country,
            country_code,
            admin,
            dateline_region,
            standalone: field(&f, 7).contains('S'),
            population: field(&f, 4).parse().ok().filter(|&p| p > 0),
            coords,
            description: None,
            source: Source::Builtin,
        }
    }
}

/// A name-frequency table (first names, surnames): names indexed in place, one value a row.
pub(super) struct Freqs<V> {
    index: NameIndex,
    values: Vec<V>,
}

impl<V: Copy> Freqs<V> {
    /// Rows of all `texts`, in order; a name in an earlier one wins.
    fn index(
        texts: &[&'static str],
        capacity: usize,
        value: impl Fn(usize, [&'static str; MAX_FIELDS]) -> V,
    ) -> Freqs<V> {
        let mut index = NameIndex::with_capacity(capacity);
        let mut values = Vec::with_capacity(capacity);
        let mut row = 0;
        for text in texts {
            for_each_row(text, |_, f| {
                let name = field(&f, 0);
                if !name.is_empty() {
                    // A repeated name keeps its first (most common) row.
                    index.insert(name, values.len() as u32);
                    values.push(value(row, f));
                }
                row += 1;
            });
        }
        Freqs { index, values }
    }

    /// The value for `name`, any capitalisation.
    pub(super) fn get(&self, name: &str) -> Option<V> {
        self.index
            .get(name)
            .first()
            .and_then(|&i| self.values.get(i as usize))
            .copied()
    }

    pub(super) fn len(&self) -> usize {
        self.index.len()
    }
}
