//! Hover cards: Markdown the shells show when a reader points at something in the article.
//!
//! A card is produced by a *provider*: a plain function of the analysis, the settings and a byte
//! offset. The server asks each provider in [`providers`] in turn and shows the first card; a
//! provider that has nothing to say returns `None`, so the editor shows nothing rather than an
//! empty card. Entities and figures add their providers to the list as they land.

use super::dateline::{state_by_any_name, Dateline};
use super::{Analysis, Settings};
use std::panic::AssertUnwindSafe;

/// Markdown for the thing at `offset` (a UTF-8 byte offset into the article), if any.
pub type HoverProvider = fn(&Analysis, &Settings, usize) -> Option<String>;

static PROVIDERS: &[HoverProvider] = &[
    figure_card,
    dateline_card,
    super::hover_entities::entity_hover,
];

/// A figure: what it counts and who it is attributed to (`engine::figures::hover`).
fn figure_card(analysis: &Analysis, _settings: &Settings, offset: usize) -> Option<String> {
    super::figures::hover(analysis, offset)
}

/// Every provider, most specific first.
pub fn providers() -> &'static [HoverProvider] {
    PROVIDERS
}

/// The first card any provider gives for `offset`. A provider that panics is passed over, as
/// `analyze` passes over a panicking check: a hover must never take the server down.
pub fn hover_markdown(analysis: &Analysis, settings: &Settings, offset: usize) -> Option<String> {
    providers().iter().find_map(|provider| {
        std::panic::catch_unwind(AssertUnwindSafe(|| provider(analysis, settings, offset)))
            .ok()
            .flatten()
    })
}

/// Which built-in list, if any, lets a dateline city stand alone.
fn standalone_list(city: &str, settings: &Settings) -> Option<&'static str> {
    let same = |c: &String| c.eq_ignore_ascii_case(city);
    if settings.dateline.standalone_us.iter().any(same) {
        Some("US cities")
    } else if settings.dateline.standalone_foreign.iter().any(same) {
        Some("foreign cities")
    } else {
        None
    }
}

/// `WASHINGTON` → `Washington`, `NEW ORLEANS` → `New Orleans`, `ST. LOUIS` → `St. Louis`.
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The dateline card: where the story says it was filed, its parts, and whether the city stands
/// alone under the settings' lists.
pub fn dateline_card(analysis: &Analysis, settings: &Settings, offset: usize) -> Option<String> {
    let dateline: &Dateline = analysis.article.dateline.as_ref()?;
    if !dateline.span.touches(offset) {
        return None;
    }
    let prose = &analysis.article.prose;
    let city = dateline.city.text(prose).trim();
    if city.is_empty() {
        return None;
    }
    let region = dateline.region.map(|r| r.text(prose).trim());
    let credit = dateline.credit.map(|c| c.text(prose).trim());
    let date = dateline.date.map(|d| d.text(prose).trim());
    let place = match region {
        Some(r) => format!("{}, {}", title_case(city), r),
        None => title_case(city),
    };
    let style = settings.style.as_str().to_uppercase();
    let mut card = format!(
        "**Dateline** `{}`\n\nFiled from **{}**.\n\n",
        dateline.text(prose).trim(),
        place
    );
    card.push_str(&format!("- City: `{city}`\n"));
    match region {
        Some(r) => {
            let kind = match state_by_any_name(r) {
                Some(state) => format!(" (US state: {}, AP form `{}`)", state.name, state.ap),
                None => String::new(),
            };
            card.push_str(&format!("- Region: `{r}`{kind}\n"));
        }
        None => card.push_str("- Region: none\n"),
    }
    if let Some(d) = date {
        card.push_str(&format!("- Date: `{d}`\n"));
    }
    match credit {
        Some(c) => card.push_str(&format!("- Credit: `({c})`\n")),
        None => card.push_str("- Credit: none\n"),
    }
    let stands = match (standalone_list(city, settings), region) {
        (Some(list), None) => format!("yes (on the {style} list of {list} that stand alone)"),
        (Some(list), Some(_)) => {
            format!("yes (on the {style} list of {list} that stand alone), so it needs no region")
        }
        (None, Some(_)) => {
            "no (not on the stand-alone lists), so it takes its region, as here".to_string()
        }
        (None, None) => {
            "no (not on the stand-alone lists), so it needs a state or country".to_string()
        }
    };
    card.push_str(&format!("- Stands alone: {stands}\n"));
    Some(card)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyze, Format};

    fn card(text: &str, needle: &str) -> Option<String> {
        let settings = Settings::default();
        let analysis = analyze(text, Format::Plain, &settings);
        let at = text.find(needle)?;
        hover_markdown(&analysis, &settings, at)
    }

    #[test]
    fn washington_stands_alone() {
        let text = "Headline here\nWASHINGTON — Officials met on Thursday.\n";
        let c = card(text, "INGTON").unwrap();
        assert!(c.contains("Filed from **Washington**"), "{c}");
        assert!(c.contains("Stands alone: yes"), "{c}");
        assert!(c.contains("Region: none"), "{c}");
    }

    #[test]
    fn region_and_credit_are_shown() {
        let text = "Headline here\nRAFAH, Gaza Strip (AP) — Officials met on Thursday.\n";
        let c = card(text, "RAFAH").unwrap();
        assert!(c.contains("Filed from **Rafah, Gaza Strip**"), "{c}");
        assert!(c.contains("Credit: `(AP)`"), "{c}");
        assert!(c.contains("Stands alone: no"), "{c}");
    }

    #[test]
    fn nothing_outside_the_dateline() {
        let text = "Headline here\nWASHINGTON — Officials met on Thursday.\n";
        assert_eq!(card(text, "Officials met"), None);
        assert_eq!(card(text, "Headline"), None);
        assert_eq!(card("no dateline at all", "dateline"), None);
    }
}
