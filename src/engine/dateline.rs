//! Reading a dateline: `CITY, Region, Date (Credit) — ` at the start of a paragraph.
//!
//! The parser is deliberately lenient about form (mixed case, missing comma, postal codes,
//! hyphens, a missing dash) so that the dateline check can flag a malformed dateline rather than
//! miss it; it is strict about shape so that ordinary sentences are not taken for datelines.

use super::finding::Span;

/// The parts of a dateline, each as a byte span into the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// From the city to the end of the dash (or of the credit when there is no dash).
    pub span: Span,
    pub city: Span,
    pub region: Option<Span>,
    /// Whether a comma separates city and region (`SACRAMENTO Calif.` has none).
    pub comma_before_region: bool,
    /// A date such as `Sept 28` (Reuters form).
    pub date: Option<Span>,
    /// The credit without its parentheses: `AP`, `Reuters`.
    pub credit: Option<Span>,
    /// The credit with its parentheses: `(AP)`.
    pub credit_group: Option<Span>,
    /// The dash that ends the dateline: `—`, `–`, `--` or `-`.
    pub dash: Option<Span>,
    /// The white space between the dash and the story (empty when the story follows directly).
    pub after_dash: Option<Span>,
}

impl Dateline {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        self.span.text(source)
    }
}

const MONTHS: &[&str] = &[
    "Jan",
    "January",
    "Feb",
    "February",
    "Mar",
    "March",
    "Apr",
    "April",
    "May",
    "Jun",
    "June",
    "Jul",
    "July",
    "Aug",
    "August",
    "Sep",
    "Sept",
    "September",
    "Oct",
    "October",
    "Nov",
    "November",
    "Dec",
    "December",
];

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

/// Wire credits recognized in parentheses.
pub const CREDITS: &[&str] = &[
    "AP",
    "Reuters",
    "AFP",
    "UPI",
    "CNN",
    "Bloomberg",
    "dpa",
    "DPA",
    "Xinhua",
    "ANSA",
    "EFE",
    "Kyodo",
    "Yonhap",
    "PA",
    "CP",
    "Tass",
    "TASS",
    "Interfax",
    "IANS",
    "PTI",
    "ANI",
    "AAP",
    "CNA",
];

struct Cursor<'a> {
    text: &'a str,
    base: usize,
}

impl Cursor<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }
}

/// Finds the dash that ends a dateline in `line`: (start, end) within `line`.
fn find_dash(line: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, c) in line.char_indices() {
        if i > 90 {
            break;
        }
        let found = match c {
            '—' | '–' | '―' => Some((i, i + c.len_utf8())),
            '-' => {
                let before_space = i == 0 || line[..i].ends_with([' ', '\u{a0}']);
                let double = line[i + 1..].starts_with('-');
                let len = if double { 2 } else { 1 };
                let after = &line[i + len..];
                let after_space = after.is_empty() || after.starts_with([' ', '\u{a0}']);
                if double && (before_space || after_space) {
                    Some((i, i + 2))
                } else if before_space && after_space {
                    Some((i, i + 1))
                } else {
                    None
                }
            }
            _ => None,
        };
        if found.is_some() {
            best = found;
            break;
        }
    }
    best
}

fn is_month_day(piece: &str) -> bool {
    let mut words = piece.split_whitespace();
    let (Some(month), Some(day), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    let month = month.trim_end_matches('.');
    MONTHS.iter().any(|m| m.eq_ignore_ascii_case(month))
        && day.len() <= 2
        && day.chars().all(|c| c.is_ascii_digit())
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

/// Parses a dateline at the start of `prose[block]`.
pub fn parse(prose: &str, block: Span) -> Option<Dateline> {
    let text = prose.get(block.start..block.end)?;
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    let cur = Cursor {
        text: line,
        base: block.start,
    };
    // Where the dateline head ends: at a dash, or after a parenthesized credit.
    let (head_end, dash) = match find_dash(line) {
        Some((s, e)) => (s, Some((s, e))),
        None => {
            let open = line.find('(')?;
            let close = open + line[open..].find(')')?;
            if close > 80 {
                return None;
            }
            let inner = line[open + 1..close].trim();
            if !CREDITS.iter().any(|c| c.eq_ignore_ascii_case(inner)) {
                return None;
            }
            (close + 1, None)
        }
    };
    let head = &cur.text[..head_end];
    if head.trim().is_empty() || head.len() > 90 {
        return None;
    }
    // A credit in parentheses at the end of the head.
    let head_trimmed = head.trim_end();
    let (place_part_end, credit, credit_group) = if head_trimmed.ends_with(')') {
        let open = head_trimmed.rfind('(')?;
        let inner = &head_trimmed[open + 1..head_trimmed.len() - 1];
        let inner_lead = inner.len() - inner.trim_start().len();
        let inner_t = inner.trim();
        if inner_t.is_empty()
            || inner_t.len() > 30
            || !inner_t
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '.')
        {
            return None;
        }
        let cs = open + 1 + inner_lead;
        (
            open,
            Some(cur.span(cs, cs + inner_t.len())),
            Some(cur.span(open, head_trimmed.len())),
        )
    } else {
        if head_trimmed.contains(['(', ')']) {
            return None;
        }
        (head_trimmed.len(), None, None)
    };
    let place_part = &head[..place_part_end];
    if place_part.trim().is_empty() {
        return None;
    }
    // Split on commas into the city, then a region and/or a date.
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
    let (city_off, city_piece) = pieces[0];
    let city_words = words_of(city_piece);
    if city_words.is_empty() || city_words.len() > 7 {
        return None;
    }
    if city_piece.starts_with(char::is_whitespace) {
        return None; // the dateline starts the paragraph
    }
    let mut region: Option<Span> = None;
    let mut comma_before_region = false;
    let mut date: Option<Span> = None;
    let mut city_end_word = city_words.len();
    // No comma: a caps city followed by a title-case or postal region (`SACRAMENTO Calif.`).
    if pieces.len() == 1 && city_words.len() >= 2 && is_upper_word(city_words[0].1) {
        let split = city_words
            .iter()
            .position(|(_, w)| !is_upper_word(w))
            .or_else(|| {
                let last = city_words.len() - 1;
                POSTAL_CODES.contains(&city_words[last].1).then_some(last)
            });
        if let Some(k) = split.filter(|&k| k > 0) {
            city_end_word = k;
            let (rs, _) = city_words[k];
            let (le, lw) = city_words[city_words.len() - 1];
            region = Some(cur.span(city_off + rs, city_off + le + lw.len()));
        }
    }
    for (n, (w_off, w)) in city_words.iter().enumerate() {
        let in_city = n < city_end_word;
        if !is_name_word(w, n == 0) && in_city {
            return None;
        }
        if !in_city && !is_name_word(w, false) {
            return None;
        }
        let _ = w_off;
    }
    let (cs, _) = city_words[0];
    let (ce_off, ce_w) = city_words[city_end_word - 1];
    let city = cur.span(city_off + cs, city_off + ce_off + ce_w.len());
    for &(off, piece) in &pieces[1..] {
        let t = piece.trim();
        if t.is_empty() {
            return None;
        }
        let lead = piece.len() - piece.trim_start().len();
        let span = cur.span(off + lead, off + lead + t.len());
        if is_month_day(t) && date.is_none() {
            date = Some(span);
        } else if region.is_none() && date.is_none() {
            let words = words_of(t);
            if words.is_empty()
                || words.len() > 4
                || !words.iter().all(|(_, w)| is_name_word(w, false))
            {
                return None;
            }
            region = Some(span);
            comma_before_region = true;
        } else {
            return None;
        }
    }
    // Shape is right; now make sure this is a dateline and not a sentence.
    let city_text = city.text(prose);
    let all_caps =
        is_upper_word(city_text) && city_text.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let has_credit = credit
        .map(|c| {
            let t = c.text(prose);
            CREDITS.iter().any(|k| k.eq_ignore_ascii_case(t))
        })
        .unwrap_or(false);
    let region_is_state = region.is_some_and(|r| looks_like_state(r.text(prose)));
    if !(all_caps || has_credit || date.is_some() || region_is_state) {
        return None;
    }
    // Too many words for a caps dateline without anything else is a shouted sentence.
    if all_caps && !has_credit && region.is_none() && date.is_none() && city_words.len() > 5 {
        return None;
    }
    let (dash_span, after_dash, end) = match dash {
        Some((s, e)) => {
            let rest = &line[e..];
            let ws = rest.len() - rest.trim_start().len();
            (Some(cur.span(s, e)), Some(cur.span(e, e + ws)), e)
        }
        None => (
            None,
            None,
            credit_group
                .map(|g| g.end - block.start)
                .unwrap_or(head_end),
        ),
    };
    // A dash at the very end of the paragraph with nothing after it is not a dateline.
    if dash.is_some() && line[end..].trim().is_empty() && text[line_end..].trim().is_empty() {
        return None;
    }
    Some(Dateline {
        span: cur.span(city_off + cs, end),
        city,
        region,
        comma_before_region,
        date,
        credit,
        credit_group,
        dash: dash_span,
        after_dash,
    })
}

/// A US state written any way a reporter might: `Ill.`, `IL`, `Illinois`, `Texas`, `Tex.`.
pub fn looks_like_state(region: &str) -> bool {
    let r = region.trim();
    POSTAL_CODES.contains(&r) || state_by_any_name(r).is_some()
}

/// A US state: (name, postal code, AP abbreviation), from the AP table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub name: &'static str,
    pub postal: &'static str,
    pub ap: &'static str,
}

fn states() -> &'static [State] {
    use std::sync::OnceLock;
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

/// Looks a state up by name, postal code, AP abbreviation, or a common other abbreviation.
pub fn state_by_any_name(s: &str) -> Option<State> {
    let t = s.trim();
    let other = |st: &State| -> bool {
        // Abbreviations other styles use, which the AP table does not list.
        matches!(
            (st.postal, t),
            ("TX", "Tex.")
                | ("ME", "Me.")
                | ("OH", "O.")
                | ("IA", "Ia.")
                | ("UT", "Ut.")
                | ("ID", "Ida.")
                | ("AK", "Alas.")
                | ("HI", "Haw.")
                | ("OK", "Ok.")
                | ("PA", "Penn.")
                | ("PA", "Penna.")
                | ("WI", "Wisc.")
                | ("KS", "Kans.")
                | ("OR", "Oreg.")
                | ("NE", "Nebr.")
                | ("WV", "W. Va.")
                | ("ND", "N. Dak.")
                | ("SD", "S. Dak.")
                | ("CA", "Cal.")
                | ("CO", "Col.")
        )
    };
    states()
        .iter()
        .find(|st| st.name == t || st.postal == t || st.ap == t || other(st))
        .copied()
}

pub fn all_states() -> &'static [State] {
    states()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<Dateline> {
        parse(s, Span::new(0, s.len()))
    }

    fn parts(
        s: &str,
    ) -> (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) {
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
        assert_eq!(
            parts("ABOARD AIR FORCE ONE — Text.").0,
            "ABOARD AIR FORCE ONE"
        );
    }

    #[test]
    fn reuters_forms() {
        let (city, _, date, credit, dash) = parts("LONDON, Sept 28 (Reuters) - Text.");
        assert_eq!(city, "LONDON");
        assert_eq!(date.as_deref(), Some("Sept 28"));
        assert_eq!(credit.as_deref(), Some("Reuters"));
        assert_eq!(dash.as_deref(), Some("-"));
        let (city, region, date, _, _) = parts("BAHIA BLANCA, Argentina, Feb 26 - Text.");
        assert_eq!(city, "BAHIA BLANCA");
        assert_eq!(region.as_deref(), Some("Argentina"));
        assert_eq!(date.as_deref(), Some("Feb 26"));
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
        let d = p("LONDON (AP) The story.").unwrap();
        assert!(d.dash.is_none());
    }

    #[test]
    fn sentences_are_not_datelines() {
        for s in [
            "White House officials convened — a meeting.",
            "Officials in Washington have been pressing — hard.",
            "The president, who spoke — briefly — left.",
            "Biden — who was there — said so.",
            "It was a long-term plan - said one.",
            "NATO",
            "WASHINGTON —",
            "He said (AP) — nothing.",
        ] {
            assert!(p(s).is_none(), "{s:?} read as a dateline");
        }
    }

    #[test]
    fn states_by_any_name() {
        assert_eq!(state_by_any_name("IL").unwrap().ap, "Ill.");
        assert_eq!(state_by_any_name("Tex.").unwrap().ap, "Texas");
        assert_eq!(state_by_any_name("Texas").unwrap().postal, "TX");
        assert!(state_by_any_name("Gaza Strip").is_none());
    }
}
