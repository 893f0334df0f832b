//! Reading a dateline: `CITY, Region, Date (Credit) — ` at the start of a paragraph; knowing
//! what its place is; and writing it back in a house's form.
//!
//! The parser is deliberately lenient about form (mixed case, missing comma, postal codes,
//! hyphens, missing spaces, a missing dash, a misspelt month) so that the dateline check can flag
//! a malformed dateline rather than miss it; it is strict about shape so that ordinary sentences,
//! shouted headlines and run-in subheads are not taken for datelines. A false dateline costs more
//! than a missed one: every dateline rule would then fire on a sentence.

use super::finding::Span;
use super::settings::{list_lines, Style};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The parts of a dateline, each as a byte span into the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// From the city to the end of the dash (or of the credit when there is no dash).
    pub span: Span,
    pub city: Span,
    pub region: Option<Span>,
    /// Whether a comma separates city and region (`SACRAMENTO Calif.` has none).
    pub comma_before_region: bool,
    /// A date such as `Sept 28`, `2 March` or `Feb. 3, 2024`.
    pub date: Option<Span>,
    /// Whether a comma separates the date from what precedes it (`RICHMOND, Va. Feb 26` has none).
    pub comma_before_date: bool,
    /// The credit without its parentheses: `AP`, `Reuters`.
    pub credit: Option<Span>,
    /// The credit with its parentheses: `(AP)`.
    pub credit_group: Option<Span>,
    /// The dash that ends the dateline: `—`, `–`, `―`, `--` or `-`.
    pub dash: Option<Span>,
    /// Whether white space separates the dash from the head (`WASHINGTON— ` has none).
    pub space_before_dash: bool,
    /// The white space between the dash and the story (empty when the story follows directly).
    pub after_dash: Option<Span>,
}

impl Dateline {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        self.span.text(source)
    }
}

// ------------------------------------------------------------------------------------------
// Word lists (data in src/data/)

struct Words {
    labels: HashSet<String>,
    sentence: HashSet<String>,
    locative: HashSet<String>,
    feature: HashSet<String>,
    non_city: HashSet<String>,
    countries: HashSet<String>,
}

/// Upper case, accents dropped, curly apostrophes straightened, runs of space collapsed: how
/// names are compared (`SÃO PAULO` is `Sao Paulo` on the list, `ZÜRICH` is `Zurich`).
pub fn normalize_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars().flat_map(char::to_uppercase) {
            out.push(fold_accent(c));
        }
    }
    out
}

/// The unaccented capital for the Latin letters datelines carry; other characters unchanged.
fn fold_accent(c: char) -> char {
    match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
        'Ç' | 'Ć' | 'Č' => 'C',
        'Ď' | 'Đ' => 'D',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'Ğ' => 'G',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => 'I',
        'Ł' => 'L',
        'Ñ' | 'Ń' | 'Ň' => 'N',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => 'O',
        'Ř' => 'R',
        'Ś' | 'Š' | 'Ş' | 'Ș' => 'S',
        'Ť' | 'Ţ' | 'Ț' => 'T',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => 'U',
        'Ý' | 'Ÿ' => 'Y',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        '’' | '‘' => '\'',
        other => other,
    }
}

fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut w = Words {
            labels: HashSet::new(),
            sentence: HashSet::new(),
            locative: HashSet::new(),
            feature: HashSet::new(),
            non_city: HashSet::new(),
            countries: HashSet::new(),
        };
        let mut section = "";
        for line in list_lines(include_str!("../data/dateline_words.txt")) {
            if line.starts_with('[') {
                section = line;
                continue;
            }
            match section {
                "[label]" => {
                    w.labels.insert(normalize_name(line));
                }
                "[non-city]" => {
                    w.non_city.insert(normalize_name(line));
                }
                "[sentence]" | "[locative]" | "[feature]" => {
                    let set = match section {
                        "[sentence]" => &mut w.sentence,
                        "[locative]" => &mut w.locative,
                        _ => &mut w.feature,
                    };
                    set.extend(line.split_whitespace().map(normalize_name));
                }
                _ => {}
            }
        }
        w.countries = list_lines(include_str!("../data/countries.txt"))
            .map(normalize_name)
            .collect();
        w
    })
}

/// A word as the lists hold it: upper case, without surrounding punctuation.
fn list_key(word: &str) -> String {
    normalize_name(word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
}

/// Is `name` a country or territory (`Israel`, `Gaza Strip`)?
pub fn is_country(name: &str) -> bool {
    words().countries.contains(&normalize_name(name))
}

// ------------------------------------------------------------------------------------------
// Wire credits

/// A news agency as a dateline credits it: `AP`, with other spellings of it.
#[derive(Debug, Clone)]
pub struct Agency {
    /// The form written in a dateline: `AP`, `Reuters`.
    pub name: String,
    pub aliases: Vec<String>,
}

fn agencies() -> &'static [Agency] {
    static TABLE: OnceLock<Vec<Agency>> = OnceLock::new();
    TABLE.get_or_init(|| {
        list_lines(include_str!("../data/wire_credits.txt"))
            .filter_map(|line| {
                let (name, aliases) = line.split_once('=').unwrap_or((line, ""));
                let name = name.trim();
                let aliases = aliases.split('|').map(|s| s.trim().to_string());
                (!name.is_empty()).then(|| Agency {
                    name: name.to_string(),
                    aliases: aliases.filter(|a| !a.is_empty()).collect(),
                })
            })
            .collect()
    })
}

/// Folds a credit for comparison: case, spaces and periods do not matter (`Ap`, `A.P.`, `AP `).
fn credit_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The agency a credit names, however it is written: `Ap`, `AP `, `A.P.`, `Associated Press`
/// all name `AP`. Returns the agency and whether the credit was written in its own form.
pub fn credit_agency(credit: &str) -> Option<(&'static Agency, bool)> {
    // Every parenthesis in an opening line is asked about: the agencies' keys are computed once.
    static KEYS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        agencies()
            .iter()
            .map(|a| {
                std::iter::once(&a.name)
                    .chain(a.aliases.iter())
                    .map(|n| credit_key(n))
                    .collect()
            })
            .collect()
    });
    let key = credit_key(credit);
    if key.is_empty() {
        return None;
    }
    agencies().iter().zip(keys).find_map(|(a, k)| {
        if a.name == credit {
            Some((a, true))
        } else if k.contains(&key) {
            Some((a, false))
        } else {
            None
        }
    })
}

// ------------------------------------------------------------------------------------------
// Months and dates

const FULL_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// AP's forms with a date: abbreviated with a period, March–July spelled out.
const AP_MONTHS: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];

/// Reuters' forms: Jan Feb Aug Sept Oct Nov Dec without a period, March–July spelled out.
const REUTERS_MONTHS: [&str; 12] = [
    "Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec",
];

fn edit_distance_at_most_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let mut i = 0;
    while i < short.len() && short[i] == long[i] {
        i += 1;
    }
    if short.len() == long.len() {
        short[i..].iter().skip(1).eq(long[i..].iter().skip(1))
    } else {
        short[i..].iter().eq(long[i + 1..].iter())
    }
}

/// The month a word names (1–12), and whether it is spelt as some style writes a month
/// (`Sept`, `Sept.`, `Sep`, `September`, `Mar`) rather than misspelt (`Narch`, `Marc`).
pub fn month_number(word: &str) -> Option<(u8, bool)> {
    let w = word.strip_suffix('.').unwrap_or(word);
    if w.len() < 3 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let lower = w.to_ascii_lowercase();
    for (i, full) in FULL_MONTHS.iter().enumerate() {
        let full_l = full.to_ascii_lowercase();
        if lower == full_l || lower == full_l[..3] || (i == 8 && lower == "sept") {
            return Some((i as u8 + 1, true));
        }
    }
    // Misspellings seen on the wire: a truncated month (`Marc`) or one letter off (`Narch`).
    let mut found = None;
    for (i, full) in FULL_MONTHS.iter().enumerate() {
        let full_l = full.to_ascii_lowercase();
        let truncated = lower.len() >= 4 && full_l.starts_with(&lower);
        if truncated || (lower.len() >= 4 && edit_distance_at_most_one(&lower, &full_l)) {
            if found.is_some() {
                return None; // ambiguous
            }
            found = Some((i as u8 + 1, false));
        }
    }
    found
}

/// How a house writes month `m` (1–12) in a dateline date; `None` when the house has no rule.
pub fn month_in_style(m: u8, style: Style) -> Option<&'static str> {
    let i = usize::from(m.checked_sub(1)?);
    match style {
        Style::Ap | Style::Nyt => AP_MONTHS.get(i).copied(),
        Style::Reuters => REUTERS_MONTHS.get(i).copied(),
        Style::Guardian => None,
    }
}

/// A date in a dateline: `Sept 28`, `2 March`, `Feb. 3, 2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts<'a> {
    pub month: u8,
    /// The month word as written.
    pub month_text: &'a str,
    /// False for a misspelt month (`Narch`).
    pub month_exact: bool,
    pub day: &'a str,
    /// `2 March` rather than `March 2`.
    pub day_first: bool,
    pub year: Option<&'a str>,
}

fn is_day(s: &str) -> bool {
    (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()) && s != "0" && s != "00"
}

pub(crate) fn is_year(s: &str) -> bool {
    s.len() == 4 && s.chars().all(|c| c.is_ascii_digit())
}

/// Reads a dateline date: month and day in either order, optionally `, YEAR`.
pub fn parse_date(text: &str) -> Option<DateParts<'_>> {
    let (main, year) = match text.split_once(',') {
        Some((m, y)) if is_year(y.trim()) => (m, Some(y.trim())),
        Some(_) => return None,
        None => (text, None),
    };
    let mut w = main.split_whitespace();
    let (Some(a), Some(b), None) = (w.next(), w.next(), w.next()) else {
        return None;
    };
    let (month_text, day, day_first) = if is_day(b) {
        (a, b, false)
    } else if is_day(a) {
        (b, a, true)
    } else {
        return None;
    };
    let (month, month_exact) = month_number(month_text)?;
    Some(DateParts {
        month,
        month_text,
        month_exact,
        day,
        day_first,
        year,
    })
}

/// A date in the house's form (`Sept. 28` AP, `Sept 28` Reuters); `None` when the house has no
/// rule for dates, so the date is kept as written.
pub fn render_date(date: &DateParts<'_>, style: Style) -> Option<String> {
    let month = month_in_style(date.month, style)?;
    let day = date.day.trim_start_matches('0');
    Some(match date.year {
        Some(y) => format!("{month} {day}, {y}"),
        None => format!("{month} {day}"),
    })
}

// ------------------------------------------------------------------------------------------
// US states

/// A US state: (name, postal code, AP abbreviation), from the AP table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub name: &'static str,
    pub postal: &'static str,
    /// The dateline form: `Ill.`, or the name for states AP never abbreviates (`Texas`).
    pub ap: &'static str,
}

/// Which form of a state's name a region is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateForm {
    /// AP's dateline form (`Ill.`, `Texas`).
    Ap,
    /// The full name where AP abbreviates (`Illinois`).
    Name,
    /// The postal code (`IL`).
    Postal,
    /// Another abbreviation (`Tex.`, `Penn.`, `Calif` without its period).
    Other,
}

fn states() -> &'static [State] {
    static TABLE: OnceLock<Vec<State>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../data/us_states_ap.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(State {
                    name: f.next()?,
                    postal: f.next()?,
                    ap: f.next()?,
                })
            })
            .collect()
    })
}

/// Abbreviations other styles use, which the AP table does not list.
const OTHER_ABBREVIATIONS: &[(&str, &str)] = &[
    ("TX", "Tex."),
    ("ME", "Me."),
    ("OH", "O."),
    ("IA", "Ia."),
    ("UT", "Ut."),
    ("ID", "Ida."),
    ("AK", "Alas."),
    ("HI", "Haw."),
    ("OK", "Ok."),
    ("PA", "Penn."),
    ("PA", "Penna."),
    ("WI", "Wisc."),
    ("KS", "Kans."),
    ("OR", "Oreg."),
    ("NE", "Nebr."),
    ("WV", "W. Va."),
    ("ND", "N. Dak."),
    ("SD", "S. Dak."),
    ("CA", "Cal."),
    ("CO", "Col."),
    ("DC", "Washington, D.C."),
];

/// Reads a region as a US state, any way a reporter might write it, and says which form it is
/// in and whether it is written exactly so (`ILL.` is AP's form in the wrong case).
pub fn find_state(region: &str) -> Option<(State, StateForm, bool)> {
    let t = region.trim();
    let exact = |st: &State| -> Option<StateForm> {
        if st.ap == t {
            Some(StateForm::Ap)
        } else if st.name == t {
            Some(StateForm::Name)
        } else if st.postal == t {
            Some(StateForm::Postal)
        } else if OTHER_ABBREVIATIONS
            .iter()
            .any(|(p, a)| *p == st.postal && *a == t)
        {
            Some(StateForm::Other)
        } else {
            None
        }
    };
    if let Some((st, form)) = states().iter().find_map(|st| exact(st).map(|f| (*st, f))) {
        return Some((st, form, true));
    }
    // Any case, and with or without a final period (`CALIF.`, `Calif`, `il`).
    let fold = |s: &str| -> String {
        s.trim_end_matches('.')
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let key = fold(t);
    if key.is_empty() {
        return None;
    }
    states().iter().find_map(|st| {
        let form = if fold(st.ap) == key {
            // `Calif` (no period) is not AP's form but reads as it; `ILL.` is AP's in caps.
            if st.ap.ends_with('.') && !t.ends_with('.') {
                StateForm::Other
            } else {
                StateForm::Ap
            }
        } else if fold(st.name) == key {
            StateForm::Name
        } else if fold(st.postal) == key {
            StateForm::Postal
        } else if OTHER_ABBREVIATIONS
            .iter()
            .any(|(p, a)| *p == st.postal && fold(a) == key)
        {
            StateForm::Other
        } else {
            return None;
        };
        Some((*st, form, false))
    })
}

/// A US state written any way a reporter might: `Ill.`, `IL`, `Illinois`, `Texas`, `Tex.`.
pub fn looks_like_state(region: &str) -> bool {
    find_state(region).is_some()
}

/// Looks a state up by name, postal code, AP abbreviation, or a common other abbreviation
/// (exact case).
pub fn state_by_any_name(s: &str) -> Option<State> {
    find_state(s)
        .filter(|(_, _, exact)| *exact)
        .map(|(st, _, _)| st)
}

pub fn all_states() -> &'static [State] {
    states()
}

// ------------------------------------------------------------------------------------------
// What a dateline's place is

/// What the place data says of a dateline city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityInfo {
    /// In the United States (`Some(true)`), abroad (`Some(false)`), or not known.
    pub us: Option<bool>,
    /// The regions that would follow the city in a dateline, house form first (`Ill.`;
    /// `England`, `Britain`). Two-letter codes are US postal codes. Empty when unknown.
    pub regions: Vec<String>,
}

/// What a dateline's place is, as far as the data knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceClass {
    City(CityInfo),
    /// Not a city, and fine by itself: `ABOARD AIR FORCE ONE`, `UNITED NATIONS`, a country.
    NotCity,
    /// Nothing is known: it looks like a city name that no list holds.
    Unknown,
}

/// Where the dateline check learns what a place is. The built-in implementation knows the
/// stand-alone cities and their regions; a gazetteer (the knowledge base) can implement this
/// and fall back to [`BuiltinPlaces`] for what it does not know.
pub trait PlaceLookup {
    /// `city` as written in the dateline, any case.
    fn classify(&self, city: &str) -> PlaceClass;

    /// Whether this lookup knows cities broadly (a gazetteer). When it does, a name it does not
    /// know is probably not a city, and a missing region is reported only as information; the
    /// built-in lists know few cities, so there an unknown name is most likely a city.
    fn knows_cities(&self) -> bool {
        false
    }
}

/// The place data compiled in: stand-alone cities with their regions
/// (src/data/standalone_regions.tsv), countries, US states and non-city forms.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinPlaces;

fn standalone_regions() -> &'static [(String, Vec<String>)] {
    static TABLE: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        list_lines(include_str!("../data/standalone_regions.tsv"))
            .filter_map(|l| {
                let (city, regions) = l.split_once('\t')?;
                Some((
                    normalize_name(city),
                    regions.split('|').map(|r| r.trim().to_string()).collect(),
                ))
            })
            .collect()
    })
}

/// Whether a place name is not a city: a description (`ABOARD AIR FORCE ONE`, `ON THE
/// MISSISSIPPI RIVER`), a listed non-city (`UNITED NATIONS`), a country or a US state.
pub fn is_non_city(city: &str) -> bool {
    let w = words();
    let name = normalize_name(city);
    if w.non_city.contains(&name) || w.countries.contains(&name) {
        return true;
    }
    if states().iter().any(|st| normalize_name(st.name) == name) {
        return true; // a state by itself (`IOWA`)
    }
    let mut it = name.split(' ');
    if it.next().is_some_and(|first| w.locative.contains(first)) && name.contains(' ') {
        return true;
    }
    name.split(' ').skip(1).any(|word| w.feature.contains(word))
}

impl PlaceLookup for BuiltinPlaces {
    fn classify(&self, city: &str) -> PlaceClass {
        let name = normalize_name(city);
        if let Some((_, regions)) = standalone_regions().iter().find(|(c, _)| *c == name) {
            let us = regions
                .first()
                .map(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase()));
            return PlaceClass::City(CityInfo {
                us,
                regions: regions
                    .iter()
                    .map(|r| match state_by_any_name(r) {
                        Some(st) if r.len() == 2 => st.ap.to_string(),
                        _ => r.clone(),
                    })
                    .collect(),
            });
        }
        if is_non_city(city) {
            return PlaceClass::NotCity;
        }
        PlaceClass::Unknown
    }
}

/// Does a written region name the same region as `expected` (`Ill.`, `IL`, `Illinois` are one
/// state; `U.K.` and `UK` one country)?
pub fn same_region(written: &str, expected: &str) -> bool {
    if let (Some((a, _, _)), Some((b, _, _))) = (find_state(written), find_state(expected)) {
        return a.postal == b.postal;
    }
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (w, e) = (fold(written), fold(expected));
    !w.is_empty() && (w == e || w.strip_prefix("the") == Some(e.as_str()))
}

// ------------------------------------------------------------------------------------------
// Writing a dateline in house form

/// The dash that ends a dateline in a house's style.
pub fn house_dash(style: Style) -> &'static str {
    match style {
        Style::Reuters => "-",
        Style::Ap | Style::Nyt | Style::Guardian => "—",
    }
}

/// The parts of a dateline as they should read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DatelineParts {
    pub city: String,
    pub region: Option<String>,
    pub date: Option<String>,
    pub credit: Option<String>,
}

/// Writes a dateline in the house form, without the space that follows the dash:
/// `PEORIA, Ill. (AP) —`, `LONDON, Sept 28 (Reuters) -`.
pub fn render(parts: &DatelineParts, style: Style) -> String {
    let mut out = parts.city.clone();
    for piece in [&parts.region, &parts.date].into_iter().flatten() {
        out.push_str(", ");
        out.push_str(piece);
    }
    if let Some(credit) = &parts.credit {
        out.push_str(" (");
        out.push_str(credit);
        out.push(')');
    }
    out.push(' ');
    out.push_str(house_dash(style));
    out
}

/// Title case for a region written in capitals (`GAZA STRIP` → `Gaza Strip`), keeping
/// particles low (`Bosnia and Herzegovina`) and dotted abbreviations as they are (`U.K.`).
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        if i > 0 && (PARTICLES.contains(&lower.as_str()) || lower == "and") {
            out.push_str(&lower);
        } else if word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 3 {
            out.push_str(word);
        } else {
            let mut cap = true;
            for c in word.chars() {
                if cap {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                cap = matches!(c, '-' | '/' | '.' | ' ');
            }
        }
    }
    out
}

// ------------------------------------------------------------------------------------------
// Parsing

pub const POSTAL_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC",
];

/// Lowercase words allowed inside a place name (`Rio de Janeiro`, `Stratford-upon-Avon`).
const PARTICLES: &[&str] = &[
    "de", "da", "do", "dos", "das", "di", "del", "della", "la", "le", "les", "el", "al", "of",
    "the", "on", "upon", "sur", "am", "an", "im", "en", "y", "van", "von", "der", "aan",
];

/// How far into a line a dateline's dash may be (bytes): the longest real datelines
/// (`GUANTANAMO BAY NAVAL BASE, Cuba, Sept. 28 (Reuters) -`) fit well within it.
const MAX_HEAD: usize = 100;

/// Finds the dash that ends a dateline in `line`: (start, end) within `line`. Em and en dashes
/// and the horizontal bar always count; a double hyphen too; a single hyphen only with a space
/// on at least one side, since `SAINT-DENIS` and `Stratford-upon-Avon` are names, while
/// `Feb 26- Shr` is a dateline missing a space.
fn find_dash(line: &str) -> Option<(usize, usize)> {
    // Asked of every paragraph: only a hyphen or the lead byte of a long dash (U+2013 to
    // U+2015 start with 0xE2) is looked at, found with memchr; a character starts there.
    let bytes = line.as_bytes();
    let head = &bytes[..bytes.len().min(MAX_HEAD + 1)];
    for i in memchr::memchr2_iter(b'-', 0xE2, head) {
        let c = line[i..].chars().next().unwrap_or(' ');
        match c {
            '—' | '–' | '―' => return Some((i, i + c.len_utf8())),
            '-' => {
                let double = line[i + 1..].starts_with('-');
                if double {
                    return Some((i, i + 2));
                }
                let before_space = i == 0 || line[..i].ends_with(char::is_whitespace);
                let after = &line[i + 1..];
                let after_space = after.is_empty() || after.starts_with(char::is_whitespace);
                if before_space || after_space {
                    return Some((i, i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

fn is_name_word(word: &str, first: bool) -> bool {
    let Some(c) = word.chars().next() else {
        return false;
    };
    let chars_ok = word
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-' | '/'));
    if !chars_ok {
        return false;
    }
    c.is_uppercase() || (!first && PARTICLES.contains(&word))
}

/// A city word on a line that also carries a date, where wire copy is known to be sloppy
/// (`New york, March 2`, `ME}LBOURNE, March 3`): any word without digits or sentence
/// punctuation, the first one capitalized.
fn is_loose_city_word(word: &str, first: bool) -> bool {
    let ok = word.chars().all(|c| {
        !c.is_ascii_digit() && !c.is_whitespace() && !matches!(c, ';' | ':' | '!' | '?' | '"')
    }) && word.chars().any(char::is_alphabetic);
    ok && (!first || word.chars().next().is_some_and(char::is_uppercase))
}

fn is_upper_word(word: &str) -> bool {
    word.chars().any(|c| c.is_alphabetic()) && !word.chars().any(|c| c.is_lowercase())
}

/// The words of a piece with their offsets within the piece.
fn words_of(piece: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in piece.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &piece[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &piece[s..]));
    }
    out
}

/// Whether a letter follows that is not a capital: the story begins. A caps headline
/// (`ECONOMIC SPOTLIGHT - BANKAMERICA <BAC>`) has none.
fn story_follows(rest: &str) -> bool {
    rest.chars().any(|c| c.is_alphabetic() && !c.is_uppercase())
}

/// Parses a dateline at the start of `prose[block]`.
pub fn parse(prose: &str, block: Span) -> Option<Dateline> {
    let text = prose.get(block.start..block.end)?;
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    let at = |start: usize, end: usize| Span::new(block.start + start, block.start + end);
    // Where the dateline head ends: at a dash, or after a parenthesized credit.
    let dash = find_dash(line);
    let head_end = match dash {
        Some((s, _)) => s,
        None => {
            let open = line.find('(')?;
            let close = open + line[open..].find(')')?;
            if close > 80 || credit_agency(&line[open + 1..close]).is_none() {
                return None;
            }
            close + 1
        }
    };
    let head = &line[..head_end];
    if head.trim().is_empty() || head.starts_with(char::is_whitespace) {
        return None;
    }
    let space_before_dash = head.ends_with(char::is_whitespace);
    // A credit in parentheses at the end of the head.
    let head_trimmed = head.trim_end();
    let (place_end, credit, credit_group) = if head_trimmed.ends_with(')') {
        let open = head_trimmed.rfind('(')?;
        let inner = &head_trimmed[open + 1..head_trimmed.len() - 1];
        let inner_lead = inner.len() - inner.trim_start().len();
        let inner_t = inner.trim();
        if inner_t.is_empty()
            || inner_t.len() > 30
            || !inner_t
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '&'))
        {
            return None;
        }
        let cs = open + 1 + inner_lead;
        (
            open,
            Some(at(cs, cs + inner_t.len())),
            Some(at(open, head_trimmed.len())),
        )
    } else {
        if head_trimmed.contains(['(', ')']) {
            return None;
        }
        (head_trimmed.len(), None, None)
    };
    let place_part = &head[..place_end];
    // Split on commas into the city, then a region and/or a date (and a year).
    let mut pieces: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    for (i, c) in place_part.char_indices() {
        if c == ',' {
            pieces.push((start, &place_part[start..i]));
            start = i + 1;
        }
    }
    pieces.push((start, &place_part[start..]));
    if pieces.len() > 4 {
        return None;
    }
    let mut region: Option<Span> = None;
    let mut comma_before_region = false;
    let mut date: Option<Span> = None;
    let mut comma_before_date = false;
    let mut year_taken = false;
    for &(off, piece) in &pieces[1..] {
        let t = piece.trim();
        if t.is_empty() {
            return None;
        }
        let lead = piece.len() - piece.trim_start().len();
        let span = at(off + lead, off + lead + t.len());
        if let Some(d) = date.as_mut().filter(|_| !year_taken && is_year(t)) {
            d.end = span.end; // `Feb. 3, 2024`
            year_taken = true;
        } else if date.is_none() && parse_date(t).is_some() {
            date = Some(span);
            comma_before_date = true;
        } else if region.is_none() && date.is_none() {
            // A date glued to the region: `RICHMOND, Va. Feb 26`.
            let words = words_of(t);
            let glued = (words.len() >= 3)
                .then(|| {
                    let (ds, _) = words[words.len() - 2];
                    parse_date(&t[ds..]).map(|_| ds)
                })
                .flatten();
            let region_text = match glued {
                Some(ds) => {
                    date = Some(Span::new(span.start + ds, span.end));
                    t[..ds].trim_end()
                }
                None => t,
            };
            let rw = words_of(region_text);
            if rw.is_empty() || rw.len() > 4 || !rw.iter().all(|(_, w)| is_name_word(w, false)) {
                return None;
            }
            region = Some(Span::new(span.start, span.start + region_text.len()));
            comma_before_region = true;
        } else {
            return None;
        }
    }
    let (city_off, city_piece) = pieces[0];
    let city_words = words_of(city_piece);
    if city_words.is_empty() || city_words.len() > 7 {
        return None;
    }
    let mut city_end_word = city_words.len();
    // No comma: a caps city followed by a title-case or postal region (`SACRAMENTO Calif.`,
    // `PEORIA IL`). Particles do not start a region (`RIO de JANEIRO` is a city).
    // A title-case city takes a postal code only (`Peoria IL`): `Peoria Heights` is a city.
    if region.is_none() && city_words.len() >= 2 {
        let caps = is_upper_word(city_words[0].1);
        let split = city_words
            .iter()
            .position(|(_, w)| caps && !is_upper_word(w) && !PARTICLES.contains(w))
            .or_else(|| {
                let last = city_words.len() - 1;
                POSTAL_CODES.contains(&city_words[last].1).then_some(last)
            });
        if let Some(k) = split.filter(|&k| k > 0) {
            if city_words[k..].iter().all(|(_, w)| is_name_word(w, false)) {
                city_end_word = k;
                let (rs, _) = city_words[k];
                let (le, lw) = city_words[city_words.len() - 1];
                region = Some(at(city_off + rs, city_off + le + lw.len()));
            }
        }
    }
    let loose = date.is_some() && city_end_word <= 3;
    for (n, (_, w)) in city_words[..city_end_word].iter().enumerate() {
        if !(is_name_word(w, n == 0) || loose && is_loose_city_word(w, n == 0)) {
            return None;
        }
    }
    let (cs, _) = city_words[0];
    let (ce_off, ce_w) = city_words[city_end_word - 1];
    let city = at(city_off + cs, city_off + ce_off + ce_w.len());
    // Shape is right; now make sure this is a dateline and not a sentence or a headline.
    let city_text = city.text(prose);
    let lists = words();
    let city_key = normalize_name(city_text);
    if lists.labels.contains(&city_key) || lists.labels.contains(&normalize_name(head.trim())) {
        return None;
    }
    let region_text = region.map(|r| r.text(prose)).unwrap_or("");
    if city_text
        .split_whitespace()
        .chain(region_text.split_whitespace())
        .any(|w| lists.sentence.contains(&list_key(w)))
    {
        return None;
    }
    let all_caps =
        is_upper_word(city_text) && city_text.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let has_credit = credit.is_some_and(|c| credit_agency(c.text(prose)).is_some());
    let region_is_state = region.is_some_and(|r| looks_like_state(r.text(prose)));
    if !(all_caps || has_credit || date.is_some() || region_is_state) {
        return None;
    }
    // Too many words for a caps dateline without anything else is a shouted sentence.
    if all_caps && !has_credit && region.is_none() && date.is_none() && city_end_word > 5 {
        return None;
    }
    let (dash_span, after_dash, end) = match dash {
        Some((s, e)) => {
            let rest = &line[e..];
            let ws = rest.len() - rest.trim_start().len();
            (Some(at(s, e)), Some(at(e, e + ws)), e)
        }
        None => (
            None,
            None,
            credit_group
                .map(|g| g.end - block.start)
                .unwrap_or(head_end),
        ),
    };
    if !story_follows(&text[end..]) {
        return None;
    }
    // A double hyphen glued to both words (`SIEGEL--Jerome Arthur, 98,` in a death notice)
    // is a dateline only with more to go on than capitals: a region, date, credit or a city
    // the lists know.
    let glued = dash.is_some_and(|(s, e)| {
        &line[s..e] == "--" && !space_before_dash && !line[e..].starts_with(char::is_whitespace)
    });
    if glued
        && !(has_credit || region.is_some() || date.is_some())
        && !matches!(BuiltinPlaces.classify(city_text), PlaceClass::City(_))
    {
        return None;
    }
    Some(Dateline {
        span: at(city_off + cs, end),
        city,
        region,
        comma_before_region,
        date,
        comma_before_date,
        credit,
        credit_group,
        dash: dash_span,
        space_before_dash,
        after_dash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `find_dash` as it read every character: the reference for the memchr version.
    fn find_dash_by_chars(line: &str) -> Option<(usize, usize)> {
        for (i, c) in line.char_indices() {
            if i > MAX_HEAD {
                break;
            }
            match c {
                '—' | '–' | '―' => return Some((i, i + c.len_utf8())),
                '-' => {
                    if line[i + 1..].starts_with('-') {
                        return Some((i, i + 2));
                    }
                    let before_space = i == 0 || line[..i].ends_with(char::is_whitespace);
                    let after = &line[i + 1..];
                    if before_space || after.is_empty() || after.starts_with(char::is_whitespace) {
                        return Some((i, i + 1));
                    }
                }
                _ => {}
            }
        }
        None
    }

    #[test]
    fn a_dash_is_found_where_reading_every_character_finds_it() {
        let mut lines: Vec<String> = [
            "WASHINGTON — The",
            "PEORIA, Ill. (AP) -- A",
            "X-ray - no",
            "a-b-c",
            "-",
            "",
            "GAZA CITY – Hamas",
            "Zürich ― x",
            "é-é",
            "Kyiv\u{a0}- x",
            "—",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Dashes about the limit of the head, after one- and three-byte characters.
        for pad in ["a", "é", "€"] {
            for n in 95..105 {
                for dash in [" - x", "—x", "-x", " -- x"] {
                    lines.push(format!("{}{dash}", pad.repeat(n / pad.len())));
                }
            }
        }
        for line in &lines {
            assert_eq!(find_dash(line), find_dash_by_chars(line), "{line:?}");
        }
    }

    fn p(s: &str) -> Option<Dateline> {
        parse(s, Span::new(0, s.len()))
    }

    type Parts = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );

    fn parts(s: &str) -> Parts {
        let d = p(s).unwrap_or_else(|| panic!("no dateline in {s:?}"));
        (
            d.city.text(s).to_string(),
            d.region.map(|r| r.text(s).to_string()),
            d.date.map(|r| r.text(s).to_string()),
            d.credit.map(|r| r.text(s).to_string()),
            d.dash.map(|r| r.text(s).to_string()),
        )
    }

    #[test]
    fn ap_forms() {
        let (city, region, _, credit, dash) = parts("RAFAH, Gaza Strip (AP) — Text.");
        assert_eq!(city, "RAFAH");
        assert_eq!(region.as_deref(), Some("Gaza Strip"));
        assert_eq!(credit.as_deref(), Some("AP"));
        assert_eq!(dash.as_deref(), Some("—"));
        assert_eq!(parts("WASHINGTON — Text.").0, "WASHINGTON");
        assert_eq!(parts("PEORIA, Ill. — Text.").1.as_deref(), Some("Ill."));
        assert_eq!(parts("ST. LOUIS — Text.").0, "ST. LOUIS");
        assert_eq!(parts("RIO DE JANEIRO — Text.").0, "RIO DE JANEIRO");
        assert_eq!(
            parts("ABOARD AIR FORCE ONE — Text.").0,
            "ABOARD AIR FORCE ONE"
        );
        assert_eq!(
            parts("ON THE MISSISSIPPI RIVER — Text.").0,
            "ON THE MISSISSIPPI RIVER"
        );
        assert_eq!(parts("WASHINGTON ― Text.").4.as_deref(), Some("―"));
    }

    #[test]
    fn reuters_and_other_wire_forms() {
        let (city, _, date, credit, dash) = parts("LONDON, Sept 28 (Reuters) - Text.");
        assert_eq!(city, "LONDON");
        assert_eq!(date.as_deref(), Some("Sept 28"));
        assert_eq!(credit.as_deref(), Some("Reuters"));
        assert_eq!(dash.as_deref(), Some("-"));
        let (city, region, date, _, _) = parts("BAHIA BLANCA, Argentina, Feb 26 - Text.");
        assert_eq!(city, "BAHIA BLANCA");
        assert_eq!(region.as_deref(), Some("Argentina"));
        assert_eq!(date.as_deref(), Some("Feb 26"));
        let (city, region, date, credit, _) =
            parts("HEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party candidate");
        assert_eq!(
            (city.as_str(), region.as_deref(), date.as_deref()),
            ("HEMPSTEAD", Some("N.Y."), Some("Sept. 26"))
        );
        assert_eq!(credit.as_deref(), Some("UPI"));
        assert_eq!(parts("Washington (CNN) — Text.").0, "Washington");
        assert_eq!(
            parts("WASHINGTON, Feb. 3, 2024 — Text.").2.as_deref(),
            Some("Feb. 3, 2024")
        );
    }

    #[test]
    fn sloppy_wire_forms_are_read() {
        // Dates without a comma, day first, misspelt months, dashes without a space.
        let (city, region, date, _, _) = parts("RICHMOND, Va. Feb 26 - Qtly div eights cts");
        assert_eq!(
            (city.as_str(), region.as_deref(), date.as_deref()),
            ("RICHMOND", Some("Va."), Some("Feb 26"))
        );
        assert!(
            !p("RICHMOND, Va. Feb 26 - Qtly div")
                .unwrap()
                .comma_before_date
        );
        assert_eq!(parts("MONTREAL, Feb 26- Shr 1.11 dlrs").0, "MONTREAL");
        assert!(!p("WASHINGTON- The story.").unwrap().space_before_dash);
        assert_eq!(
            parts("AMSTERDAM, 2 March - The bank said").2.as_deref(),
            Some("2 March")
        );
        assert_eq!(parts("NEW YORK, Narch 2 - Qtr ended Jan 31").0, "NEW YORK");
        assert_eq!(parts("ALBANY, N.Y., Marc 3 - KeyCorp said").0, "ALBANY");
        assert_eq!(parts("New york, March 2 - Chicago physician").0, "New york");
        assert_eq!(parts("WASHINGTON—The story.").0, "WASHINGTON");
        assert_eq!(parts("WASHINGTON--The story.").0, "WASHINGTON");
    }

    #[test]
    fn malformed_forms_are_still_read() {
        let (city, _, _, credit, _) = parts("London (AP) — Text.");
        assert_eq!((city.as_str(), credit.as_deref()), ("London", Some("AP")));
        let d = p("SACRAMENTO Calif. — Text.").unwrap();
        assert!(!d.comma_before_region);
        assert_eq!(
            d.region.unwrap().text("SACRAMENTO Calif. — Text."),
            "Calif."
        );
        assert_eq!(parts("PEORIA, IL — Text.").1.as_deref(), Some("IL"));
        assert_eq!(parts("PEORIA IL — Text.").1.as_deref(), Some("IL"));
        assert_eq!(parts("WASHINGTON -- Text.").4.as_deref(), Some("--"));
        assert_eq!(parts("WASHINGTON – Text.").4.as_deref(), Some("–"));
        assert_eq!(parts("CHICAGO (Ap) — Text.").3.as_deref(), Some("Ap"));
        assert_eq!(parts("CHICAGO (AP ) — Text.").3.as_deref(), Some("AP"));
        let d = p("LONDON (AP) The story.").unwrap();
        assert!(d.dash.is_none());
    }

    #[test]
    fn sentences_headlines_and_subheads_are_not_datelines() {
        for s in [
            "White House officials convened — a meeting.",
            "Officials in Washington have been pressing — hard.",
            "The president, who spoke — briefly — left.",
            "Biden — who was there — said so.",
            "It was a long-term plan - said one.",
            "NATO",
            "WASHINGTON —",
            "He said (AP) — nothing.",
            "ECONOMIC SPOTLIGHT - BANKAMERICA <BAC>",
            "CHINESE PORK OUTPUT SEEN LOWER -- USDA",
            "EXCLUSIVE – Roger Stone: Don’t Trust the Voting Machines.",
            "CORRECTED - BANKAMERICA NEGOTIATING SALE OF UNITS",
            "EDITOR’S NOTE — This story contains material.",
            "IOWA POLLS NOT NECESSARILY WRONG, JUST TOO EARLY - Mark Blumenthal said",
            "HE’S BEEN CALLED OUT BY FELLOW DOCTORS — He’s been dragged",
            "Q — What did you see?",
            "SAINT-DENIS is a suburb.",
            "SIEGEL--Jerome Arthur, 98, of Mamaroneck, died.",
        ] {
            assert!(p(s).is_none(), "{s:?} read as a dateline");
        }
    }

    #[test]
    fn no_panic_on_odd_heads() {
        for s in [
            "é—",
            "—",
            "-",
            "--x",
            "(AP)",
            "( ) — x",
            "A, , — x",
            "É, 1 — x",
            "X (—) y",
            "(",
            "ÉÉ (AP",
            ",,,,,,— x",
        ] {
            let _ = p(s);
        }
    }

    #[test]
    fn states_by_any_name() {
        assert_eq!(state_by_any_name("IL").unwrap().ap, "Ill.");
        assert_eq!(state_by_any_name("Tex.").unwrap().ap, "Texas");
        assert_eq!(state_by_any_name("Texas").unwrap().postal, "TX");
        assert!(state_by_any_name("Gaza Strip").is_none());
        assert_eq!(
            find_state("ILL.").map(|(s, f, e)| (s.ap, f, e)),
            Some(("Ill.", StateForm::Ap, false))
        );
        assert_eq!(
            find_state("Calif").map(|(s, f, _)| (s.ap, f)),
            Some(("Calif.", StateForm::Other))
        );
        assert_eq!(find_state("Illinois").unwrap().1, StateForm::Name);
    }

    #[test]
    fn months_and_dates() {
        assert_eq!(month_number("Sept."), Some((9, true)));
        assert_eq!(month_number("Sep"), Some((9, true)));
        assert_eq!(month_number("Narch"), Some((3, false)));
        assert_eq!(month_number("Marc"), Some((3, false)));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("June"), Some((6, true)));
        assert_eq!(month_number("Jul"), Some((7, true)));
        assert_eq!(month_number("Jule"), None); // June or July: ambiguous
        let d = parse_date("2 March").unwrap();
        assert!(d.day_first);
        assert_eq!(render_date(&d, Style::Reuters).as_deref(), Some("March 2"));
        let d = parse_date("Sept. 28").unwrap();
        assert_eq!(render_date(&d, Style::Reuters).as_deref(), Some("Sept 28"));
        assert_eq!(render_date(&d, Style::Ap).as_deref(), Some("Sept. 28"));
        assert_eq!(render_date(&d, Style::Guardian), None);
        assert!(parse_date("Gaza Strip").is_none());
    }

    #[test]
    fn credits_by_any_spelling() {
        assert_eq!(
            credit_agency("AP").map(|(a, e)| (a.name.as_str(), e)),
            Some(("AP", true))
        );
        assert_eq!(
            credit_agency("Ap").map(|(a, e)| (a.name.as_str(), e)),
            Some(("AP", false))
        );
        assert_eq!(credit_agency("A.P.").unwrap().0.name, "AP");
        assert_eq!(credit_agency("Associated Press").unwrap().0.name, "AP");
        assert_eq!(credit_agency("REUTERS").unwrap().0.name, "Reuters");
        assert!(credit_agency("Assoc Press").is_none());
    }

    #[test]
    fn places_are_classified() {
        let b = BuiltinPlaces;
        match b.classify("CHICAGO") {
            PlaceClass::City(info) => {
                assert_eq!(info.us, Some(true));
                assert_eq!(info.regions, vec!["Ill.".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        match b.classify("LONDON") {
            PlaceClass::City(info) => assert_eq!(info.us, Some(false)),
            other => panic!("{other:?}"),
        }
        assert_eq!(b.classify("ABOARD AIR FORCE ONE"), PlaceClass::NotCity);
        assert_eq!(b.classify("ON THE MISSISSIPPI RIVER"), PlaceClass::NotCity);
        assert_eq!(b.classify("UNITED NATIONS"), PlaceClass::NotCity);
        assert_eq!(b.classify("ISRAEL"), PlaceClass::NotCity);
        assert_eq!(b.classify("IOWA"), PlaceClass::NotCity);
        assert_eq!(b.classify("PEORIA"), PlaceClass::Unknown);
        assert!(matches!(b.classify("SÃO PAULO"), PlaceClass::City(_)));
        assert!(matches!(b.classify("ZÜRICH"), PlaceClass::City(_)));
        assert!(same_region("IL", "Ill."));
        assert!(same_region("U.K.", "UK"));
        assert!(!same_region("Texas", "France"));
    }

    #[test]
    fn rendering_in_house_form() {
        let parts = DatelineParts {
            city: "PEORIA".into(),
            region: Some("Ill.".into()),
            date: None,
            credit: Some("AP".into()),
        };
        assert_eq!(render(&parts, Style::Ap), "PEORIA, Ill. (AP) —");
        let parts = DatelineParts {
            city: "LONDON".into(),
            region: None,
            date: Some("Sept 28".into()),
            credit: Some("Reuters".into()),
        };
        assert_eq!(
            render(&parts, Style::Reuters),
            "LONDON, Sept 28 (Reuters) -"
        );
        assert_eq!(title_case("GAZA STRIP"), "Gaza Strip");
        assert_eq!(
            title_case("BOSNIA AND HERZEGOVINA"),
            "Bosnia and Herzegovina"
        );
    }
}
