//! Days, months and holidays: one list (`src/data/calendar.txt`) for the figure recognizer
//! (a number next to a month is a date) and the entity recognizer (calendar words are never
//! names).

use super::lexicon::Lexicon;
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(include_str!("../data/calendar.txt")))
}

crate::sections!(struct CalendarWords from lexicon {
    weekday = "weekday",
    month = "month",
    month_abbreviation = "month-abbreviation",
    bare_ambiguous = "bare-ambiguous",
    holiday = "holiday",
});

/// `april`, `sept.`, `sept`: a month's name or abbreviation, lowercase, with or without its
/// period.
pub fn is_month(lower: &str) -> bool {
    let c = CalendarWords::get();
    let bare = lower.strip_suffix('.').unwrap_or(lower);
    c.month.has(bare) || c.month_abbreviation.has(bare)
}

/// `monday`, `april`: a weekday or a month written out, lowercase.
pub fn is_day_or_month(lower: &str) -> bool {
    let c = CalendarWords::get();
    c.weekday.has(lower) || c.month.has(lower)
}

/// `april`, `may`: a month written out, lowercase.
pub fn is_month_name(lower: &str) -> bool {
    CalendarWords::get().month.has(lower)
}

/// Every calendar word the entity recognizer treats as never a name: weekdays, months,
/// holidays, and month abbreviations with their period (`sept.`) and, unless ambiguous
/// without it, without (`sept`).
pub fn calendar_words() -> Vec<String> {
    let c = CalendarWords::get();
    let mut out: Vec<String> = c
        .weekday
        .first_words()
        .chain(c.month.first_words())
        .chain(c.holiday.first_words())
        .map(str::to_string)
        .collect();
    for abbreviation in c.month_abbreviation.first_words() {
        out.push(format!("{abbreviation}."));
        if !c.bare_ambiguous.has(abbreviation) {
            out.push(abbreviation.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_with_and_without_periods() {
        for m in ["april", "may", "sept.", "sept", "dec", "jan."] {
            assert!(is_month(m), "{m}");
        }
        for w in ["monday", "christmas", "aprill", "se", "."] {
            assert!(!is_month(w), "{w}");
        }
        assert!(is_day_or_month("monday") && is_day_or_month("april"));
        assert!(!is_day_or_month("sept") && !is_day_or_month("christmas"));
    }

    #[test]
    fn calendar_words_keep_ambiguous_abbreviations_to_their_period() {
        let words = calendar_words();
        for w in [
            "monday",
            "march",
            "mar.",
            "sept",
            "sept.",
            "christmas",
            "dec",
        ] {
            assert!(words.iter().any(|x| x == w), "{w}");
        }
        for w in ["mar", "jun", "sep"] {
            assert!(!words.iter().any(|x| x == w), "{w}");
        }
    }
}
