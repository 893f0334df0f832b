//! Hover cards for people, places and organizations: Markdown the server shows when a reader
//! points at a name (or at a title reference such as `the spokesperson`).
//!
//! - Person: the name and the title as the article introduced them, the house list's preferred
//!   spelling and the spellings seen, where the person first appears, how often, and the
//!   figures attributed to them.
//! - Place: what and where it is (GeoNames), population and coordinates, the AP dateline form
//!   and whether it stands alone, and a warning when the name names several places.
//! - Organization: its name, how the article introduced it, and what the knowledge base says.
//!
//! [`entity_hover`] has the shape of the server's hover providers (analysis, settings, offset).

use super::article::Role;
use super::model::{Entity, EntityKind};
use super::outline::entity_at;
use super::{Analysis, Settings};
use crate::kb::{Case, KbView, Place, PlaceKind};

/// The card for the entity at `offset`, looked up through the settings' knowledge base.
pub fn entity_hover(analysis: &Analysis, settings: &Settings, offset: usize) -> Option<String> {
    entity_card(analysis, &settings.kb(), offset)
}

/// The card for the entity whose mention or title reference is at `offset` (UTF-8 bytes).
pub fn entity_card(analysis: &Analysis, kb: &KbView<'_>, offset: usize) -> Option<String> {
    let (_, entity) = entity_at(analysis, offset)?;
    Some(match entity.kind {
        EntityKind::Person => person_card(analysis, kb, entity),
        EntityKind::Place => place_card(analysis, kb, entity),
        EntityKind::Organization => org_card(analysis, kb, entity),
    })
}

/// Markdown-safe text: the characters that would start emphasis, code or links are escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '\\'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

fn ordinal(n: usize) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    match WORDS.get(n.wrapping_sub(1)) {
        Some(w) => w.to_string(),
        None => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// `line 5, the second body paragraph` (or `the headline`) for an offset.
fn place_in_article(analysis: &Analysis, offset: usize) -> String {
    let text = &analysis.article.text;
    let line = text
        .get(..offset.min(text.len()))
        .map_or(1, |b| b.matches('\n').count() + 1);
    let mut body = 0;
    for block in &analysis.article.blocks {
        if block.role == Role::Body {
            body += 1;
        }
        if block.span.touches(offset) {
            let where_ = match block.role {
                Role::Headline => "the headline".to_string(),
                Role::Deck => "the deck".to_string(),
                Role::Byline => "the byline".to_string(),
                Role::Subhead => "a subhead".to_string(),
                Role::Body => format!("the {} body paragraph", ordinal(body)),
            };
            return format!("line {line}, {where_}");
        }
    }
    format!("line {line}")
}

fn mention_count(e: &Entity) -> String {
    let n = e.mentions.len();
    let mut s = format!("{n} mention{}", if n == 1 { "" } else { "s" });
    let r = e.references.len();
    if r > 0 {
        s.push_str(&format!(
            " and {r} title reference{}",
            if r == 1 { "" } else { "s" }
        ));
    }
    s
}

/// The spellings of the name the article uses, in order of first use.
fn spellings(analysis: &Analysis, e: &Entity) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in &e.mentions {
        let s = m.span.text(&analysis.article.text).to_string();
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn first_mention(analysis: &Analysis, e: &Entity) -> Option<String> {
    e.mentions.first().map(|m| {
        format!(
            "First mentioned: {}",
            place_in_article(analysis, m.span.start)
        )
    })
}

fn person_card(analysis: &Analysis, kb: &KbView<'_>, e: &Entity) -> String {
    let mut card = format!("**{}**", md(&e.name));
    if let Some(t) = &e.title {
        card.push_str(&format!(", {}", md(t)));
    }
    card.push_str("\n\n");
    let mut lines: Vec<String> = Vec::new();
    let known = kb.person(&e.name, Case::Sensitive);
    if let Some(p) = kb.preferred_person(&e.name) {
        lines.push(format!(
            "House spelling: **{}** (not {})",
            md(&p.name),
            md(&e.name)
        ));
    } else if let Some(p) = known.filter(|p| p.source == crate::kb::Source::House) {
        lines.push(format!("House spelling: **{}**", md(&p.name)));
    }
    if let Some(desc) = known.and_then(|p| p.description.as_deref().or(p.title.as_deref())) {
        lines.push(md(desc));
    }
    let seen = spellings(analysis, e);
    if seen.len() > 1 || seen.first().is_some_and(|s| *s != e.name) {
        let list: Vec<String> = seen
            .iter()
            .map(|s| format!("`{}`", s.replace('`', "'")))
            .collect();
        lines.push(format!("Written as: {}", list.join(", ")));
    }
    lines.extend(first_mention(analysis, e));
    lines.push(format!("Mentions: {}", mention_count(e)));
    let attributed = attributed_figures(analysis, e);
    if !attributed.is_empty() {
        lines.push(format!("Figures attributed: {}", attributed.join("; ")));
    }
    card.push_str(&bullets(&lines));
    card
}

/// Figures whose attribution's source names the entity (`…, Kirby said`).
fn attributed_figures(analysis: &Analysis, e: &Entity) -> Vec<String> {
    let text = &analysis.article.text;
    analysis
        .figures
        .iter()
        .filter(|f| {
            f.attribution.as_ref().is_some_and(|a| {
                let source = a.source.unwrap_or(a.span);
                e.mentions
                    .iter()
                    .chain(e.references.iter())
                    .any(|m| m.span.overlaps(source))
            })
        })
        .map(|f| format!("`{}`", f.span.text(text).replace('`', "'")))
        .collect()
}

fn bullets(lines: &[String]) -> String {
    lines.iter().map(|l| format!("- {l}\n")).collect()
}

/// `city in the Gaza Strip (Palestinian territories)`, `country in Europe`, `US state`.
fn place_kind_line(p: &Place) -> String {
    let class = p.class.as_ref();
    match p.kind {
        PlaceKind::City => {
            let mut s = "city".to_string();
            match (&p.admin, &p.country) {
                (Some(admin), Some(country)) if admin.as_ref() != country.as_ref() => {
                    let the = if admin.ends_with("Strip") || admin.ends_with("Bank") {
                        "the "
                    } else {
                        ""
                    };
                    s.push_str(&format!(" in {the}{}, {}", md(admin), md(country)));
                }
                (_, Some(country)) => s.push_str(&format!(" in {}", md(country))),
                (Some(admin), None) => s.push_str(&format!(" in {}", md(admin))),
                (None, None) => {}
            }
            s
        }
        PlaceKind::Country => "country".to_string(),
        PlaceKind::State => format!("US {class}"),
        PlaceKind::Region => match &p.country {
            Some(c) if c.as_ref() != p.name => format!("{class} ({})", md(c)),
            _ => class.to_string(),
        },
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn coords(lat: f64, lon: f64) -> String {
    format!(
        "{:.2}°{}, {:.2}°{}",
        lat.abs(),
        if lat >= 0.0 { 'N' } else { 'S' },
        lon.abs(),
        if lon >= 0.0 { 'E' } else { 'W' }
    )
}

fn place_card(analysis: &Analysis, kb: &KbView<'_>, e: &Entity) -> String {
    let mut card = format!("**{}**", md(&e.name));
    let all = kb.places(&e.name, Case::Insensitive);
    let Some(p) = all.first().copied() else {
        card.push_str(" (place)\n\n");
        let mut lines: Vec<String> = first_mention(analysis, e).into_iter().collect();
        lines.push(format!("Mentions: {}", mention_count(e)));
        card.push_str(&bullets(&lines));
        return card;
    };
    card.push_str(&format!(", {}\n\n", place_kind_line(p)));
    let mut lines = Vec::new();
    if let Some(desc) = &p.description {
        lines.push(md(desc));
    }
    if let Some(pop) = p.population {
        lines.push(format!("Population: {}", thousands(pop)));
    }
    if let Some((lat, lon)) = p.coords {
        lines.push(format!("Coordinates: {}", coords(lat, lon)));
    }
    if p.kind == PlaceKind::City {
        let standalone = kb.ap_standalone(&p.name).is_some() || p.standalone;
        match (p.dateline(), standalone) {
            (Some(form), true) => lines.push(format!("AP dateline: `{form}` (stands alone)")),
            (Some(form), false) => {
                lines.push(format!("AP dateline: `{form}` (does not stand alone)"))
            }
            (None, _) => {}
        }
    }
    let others: Vec<String> = all
        .iter()
        .skip(1)
        .filter(|o| o.name == p.name || o.kind == PlaceKind::City)
        .take(3)
        .map(|o| match o.kind {
            PlaceKind::City => {
                let region = o.admin.as_deref().or(o.country.as_deref()).unwrap_or("");
                format!("{}, {}", md(&o.name), md(region))
            }
            _ => format!("{} ({})", md(&o.name), place_kind_line(o)),
        })
        .collect();
    if !others.is_empty() {
        lines.push(format!(
            "⚠ Ambiguous: also {}{}; say which in copy",
            others.join("; "),
            if all.len() > 4 { "; …" } else { "" }
        ));
    }
    lines.extend(first_mention(analysis, e));
    lines.push(format!("Mentions: {}", mention_count(e)));
    card.push_str(&bullets(&lines));
    card
}

fn org_card(analysis: &Analysis, kb: &KbView<'_>, e: &Entity) -> String {
    let mut card = format!("**{}** (organization)\n\n", md(&e.name));
    let mut lines = Vec::new();
    if let Some(o) = kb.organization(&e.name, Case::Insensitive) {
        let mut what = o.kind.clone();
        if let Some(d) = &o.description {
            what = format!("{what}: {d}");
        }
        lines.push(md(&what));
        if !o.aliases.is_empty() {
            lines.push(format!("Also: {}", md(&o.aliases.join(", "))));
        }
    }
    if let Some(first) = e.mentions.first() {
        lines.push(format!(
            "Introduced: “{}”",
            md(&sentence_around(analysis, first.span.start))
        ));
    }
    lines.extend(first_mention(analysis, e));
    lines.push(format!("Mentions: {}", mention_count(e)));
    card.push_str(&bullets(&lines));
    card
}

/// The sentence holding `offset`, cut to about 70 characters either side of it.
fn sentence_around(analysis: &Analysis, offset: usize) -> String {
    const SIDE: usize = 70;
    let text = &analysis.article.text;
    let span = analysis
        .article
        .blocks
        .iter()
        .flat_map(|b| b.sentences.spans())
        .find(|s| s.touches(offset));
    let Some(span) = span else {
        return String::new();
    };
    let sentence = span.text(text);
    let at = offset.saturating_sub(span.start).min(sentence.len());
    let (before, after) = (
        sentence.get(..at).unwrap_or(""),
        sentence.get(at..).unwrap_or(""),
    );
    let head: String = {
        let n = before.chars().count();
        let kept: String = before.chars().skip(n.saturating_sub(SIDE)).collect();
        if n > SIDE {
            // Start at a whole word.
            let whole = kept.split_once(' ').map_or(kept.as_str(), |(_, r)| r);
            format!("…{}", whole.trim_start())
        } else {
            kept.trim_start().to_string()
        }
    };
    let tail: String = {
        let kept: String = after.chars().take(SIDE).collect();
        if after.chars().count() > SIDE {
            let whole = kept.rsplit_once(' ').map_or(kept.as_str(), |(l, _)| l);
            format!("{}…", whole.trim_end())
        } else {
            kept.trim_end().to_string()
        }
    };
    format!("{head}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyze, Format};

    const SEED: &str = include_str!("../../seeds/rafah-virtual-meeting.txt");

    fn card_at(text: &str, needle: &str, settings: &Settings) -> String {
        let a = analyze(text, Format::Plain, settings);
        let at = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in text"));
        entity_hover(&a, settings, at + 1).unwrap_or_else(|| panic!("no card at {needle}"))
    }

    #[test]
    fn kirby_in_kirby_said() {
        let card = card_at(SEED, "Kirby said", &Settings::default());
        assert!(
            card.starts_with("**John Kirby**, National Security Council spokesperson"),
            "{card}"
        );
        assert!(card.contains("the second body paragraph"), "{card}");
        assert!(card.contains("Mentions: 2 mentions"), "{card}");
    }

    #[test]
    fn rafah_is_a_city_in_the_gaza_strip_with_population_and_coordinates() {
        let card = card_at(SEED, "Rafah", &Settings::default());
        assert!(
            card.contains("city in the Gaza Strip, Palestinian territories"),
            "{card}"
        );
        assert!(card.contains("Population: "), "{card}");
        assert!(card.contains("Coordinates: 31."), "{card}");
        assert!(card.contains("AP dateline: `RAFAH, Gaza Strip`"), "{card}");
    }

    #[test]
    fn sinwar_is_hamas_military_leader() {
        let card = card_at(SEED, "Sinwar", &Settings::default());
        assert!(
            card.starts_with("**Yahya Sinwar**, Hamas' military leader"),
            "{card}"
        );
    }

    #[test]
    fn organizations_say_how_they_were_introduced() {
        let card = card_at(SEED, "Pentagon", &Settings::default());
        assert!(card.starts_with("**Pentagon** (organization)"), "{card}");
        assert!(card.contains("Introduced: "), "{card}");
    }

    #[test]
    fn ambiguous_places_warn() {
        let text = "Headline\n\nPARIS (AP) — Officials in Paris said the fair would open.\n";
        let card = card_at(text, "Paris said", &Settings::default());
        assert!(card.contains("⚠ Ambiguous"), "{card}");
        assert!(card.contains("Texas"), "{card}");
    }

    #[test]
    fn house_spelling_shows_on_a_variant() {
        let house = crate::kb::HouseKb::parse(
            "[[person]]\nname = \"Volodymyr Zelenskyy\"\nvariants = [\"Volodymyr Zelensky\"]\n\
             title = \"Ukrainian president\"\n",
        )
        .unwrap();
        let settings = Settings {
            house_kb: Some(std::sync::Arc::new(house)),
            ..Settings::default()
        };
        let text = "Headline\n\nKYIV — Volodymyr Zelensky spoke on Friday.\n";
        let card = card_at(text, "Zelensky", &settings);
        assert!(
            card.contains("House spelling: **Volodymyr Zelenskyy**"),
            "{card}"
        );
    }

    #[test]
    fn title_references_show_the_person() {
        let text = "Headline\n\nWASHINGTON — Spokesperson John Kirby spoke. Later the \
                    spokesperson added more.\n";
        let card = card_at(text, "spokesperson added", &Settings::default());
        assert!(card.starts_with("**John Kirby**"), "{card}");
        assert!(card.contains("1 title reference"), "{card}");
    }

    #[test]
    fn nothing_under_plain_words_and_no_panic_anywhere() {
        let a = analyze(SEED, Format::Plain, &Settings::default());
        let kb = KbView::builtin();
        assert!(entity_card(&a, &kb, SEED.find("virtual").unwrap()).is_none());
        for offset in 0..=SEED.len() + 2 {
            let _ = entity_card(&a, &kb, offset);
        }
    }
}
