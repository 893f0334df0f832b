//! Titles (DOMAIN.md §3): formal titles capitalized directly before a name and lowercase
//! standing alone; occupational titles lowercase everywhere; one title per person; `adviser`.
//!
//! Headlines and decks follow their own capitalization, and quotes are the speaker's words, so
//! the capitalization rules read the body outside quotes only.

use std::collections::HashSet;

use super::people::{
    canonical_title, title_before, titles, FormalAt, People, TitleBefore, Tk, Tokens,
};
use crate::engine::article::Role;
use crate::engine::entities::is_demonym;
use crate::engine::lexicon::FxBuild;
use crate::engine::model::EntityKind;
use crate::engine::settings::Style;
use crate::engine::text::with_lowercase;
use crate::engine::{Check, Context, Finding, Fix, Rule, Severity, Span};
use crate::kb::KbView;

pub struct TitlesCheck;

pub static RULES: &[Rule] = &[
    Rule {
        code: "titles.lowercase-before-name",
        severity: Severity::Warning,
        summary: "A formal title directly before a name is lowercase (`president Joe Biden`, \
                  `prime minister Benjamin Netanyahu`): capitalize it (AP abbreviates some \
                  before a full name: `Sen.`, `Gov.`, `Rep.`, `Gen.`). Descriptions (`a former \
                  senator`, `company president`) are left alone.",
    },
    Rule {
        code: "titles.capitalized-alone",
        severity: Severity::Warning,
        summary: "A formal title standing alone is capitalized (`the Prime Minister said`): \
                  lowercase it (`the prime minister said`).",
    },
    Rule {
        code: "titles.occupational-capitalized",
        severity: Severity::Warning,
        summary: "An occupational title is capitalized before a name (`Spokesperson John \
                  Kirby`, `National Security Adviser Jake Sullivan`): these stay lowercase even \
                  before a name.",
    },
    Rule {
        code: "titles.changed",
        severity: Severity::Warning,
        summary: "One person's formal title changes between mentions (`Sen. Smith` … `Rep. \
                  Smith`).",
    },
    Rule {
        code: "titles.adviser",
        severity: Severity::Warning,
        summary: "`advisor`: the house spelling is `adviser` (AP, Reuters, the NYT and the \
                  Guardian alike).",
    },
];

impl Check for TitlesCheck {
    fn name(&self) -> &'static str {
        "titles"
    }

    fn rules(&self) -> &'static [Rule] {
        RULES
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let kb = cx.settings.kb();
        let mut built = None;
        let pp = People::of(cx, &mut built, &kb);
        let r = Review { cx, pp, kb };
        r.before_names(out);
        r.standing_alone(out);
        r.changed(out);
        r.adviser(out);
    }
}

/// The length in words of the longest formal title starting at token `i` whose words `fits`
/// accepts. Those words are a run from `i`, so every shorter phrase is a prefix of the longest:
/// the run is measured once and the phrases are made in one buffer. `push_last` writes a phrase's
/// last word into it; the others are written in lowercase.
fn longest_formal_at(
    toks: &Tokens<'_>,
    i: usize,
    fits: impl Fn(&Tk<'_>) -> bool,
    push_last: impl Fn(&Tk<'_>, &mut String),
) -> Option<usize> {
    let t = titles();
    let run = toks
        .iter(i..toks.len().min(i + t.max_words))
        .take_while(|x| fits(x))
        .count();
    let mut phrase = String::new();
    (1..=run).rev().find(|&len| {
        phrase.clear();
        for x in toks.iter(i..i + len - 1) {
            phrase.push_str(x.lower);
            phrase.push(' ');
        }
        push_last(&toks.get(i + len - 1), &mut phrase);
        t.formal.contains_key(phrase.as_str())
    })
}

struct Review<'a> {
    cx: &'a Context<'a>,
    pp: &'a People<'a>,
    kb: KbView<'a>,
}

/// Words before a lowercase title that make it a description, not a title: an article or
/// `as` (`a former senator`, `as president`), or an institution that is not a government
/// (`company president Tim Cook`, `keynote speaker`, `student body president`).
fn is_description_word(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "an"
            | "as"
            | "another"
            | "one"
            | "each"
            | "every"
            | "any"
            | "no"
            | "company"
            | "club"
            | "team"
            | "student"
            | "body"
            | "keynote"
            | "guest"
            | "featured"
            | "network"
            | "board"
            | "bank"
            | "firm"
            | "union"
            | "league"
            | "association"
            | "university"
            | "college"
            | "school"
            | "museum"
            | "foundation"
            | "chapter"
            | "society"
            | "church"
            | "class"
            | "group"
            | "corporate"
            | "federation"
            | "alumni"
            | "chamber"
            | "institute"
            | "lodge"
            | "organization"
            | "commencement"
            | "event"
            | "conference"
    )
}

/// Words that end the name of a government body or armed force (`House`, `City Council`,
/// `Air Force`): a title after one is a public office, not an organization's.
fn is_government_body(lower: &str) -> bool {
    matches!(
        lower,
        "house"
            | "senate"
            | "assembly"
            | "parliament"
            | "congress"
            | "council"
            | "city"
            | "state"
            | "county"
            | "government"
            | "force"
            | "army"
            | "navy"
            | "corps"
            | "guard"
            | "marines"
            | "department"
            | "ministry"
    )
}

fn is_calendar(lower: &str) -> bool {
    crate::engine::calendar::is_day_or_month(lower)
}

/// Title case for a title phrase: `prime minister` → `Prime Minister`, `secretary of state` →
/// `Secretary of State`, `president-elect` → `President-elect`.
fn title_case(phrase: &str) -> String {
    phrase
        .split(' ')
        .map(|w| {
            if matches!(w, "of" | "and" | "for") {
                return w.to_string();
            }
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl<'a> Review<'a> {
    fn tokens(&self) -> &'a Tokens<'a> {
        &self.pp.tokens
    }

    fn text(&self) -> &'a str {
        self.cx.article.text.as_str()
    }

    /// Titles right before a name: formal ones lowercase, occupational ones capitalized.
    fn before_names(&self, out: &mut Vec<Finding>) {
        let toks = self.tokens();
        for p in &self.pp.people {
            for m in &p.mentions {
                if m.role != Role::Body || m.quoted {
                    continue;
                }
                let Some(t) = &m.title else { continue };
                let head = toks.get(t.head_tok);
                if t.occupational && head.cap && !head.first {
                    if let Some(f) = self.capitalized_occupational(t) {
                        out.push(f);
                    }
                }
            }
        }
        // Lowercase formal titles are read off the tokens, not the people: the recognizer may
        // not know `Vladimir Putin` is a person when the title before him is lowercase.
        // Made when a name first asks, sized once.
        let person_starts: std::cell::OnceCell<HashSet<usize, FxBuild>> = Default::default();
        let is_person_start = |at: usize| {
            person_starts
                .get_or_init(|| {
                    let people = || {
                        let entities = self.cx.entities.iter();
                        entities.filter(|e| e.kind == EntityKind::Person)
                    };
                    let n = people().map(|e| e.mentions.len()).sum();
                    let mut set = HashSet::with_capacity_and_hasher(n, FxBuild::default());
                    set.extend(people().flat_map(|e| e.mentions.iter().map(|m| m.span.start)));
                    set
                })
                .contains(&at)
        };
        let tk = self.tokens();
        // Only a token that opens a formal title starts a phrase: the others are passed over.
        let mut next = 0;
        for i in toks.title_firsts() {
            if i < next {
                continue;
            }
            let w = toks.get(i);
            if !w.word || w.cap || w.quoted || w.role != Role::Body {
                continue;
            }
            let Some(len) = self.lowercase_phrase_at(i) else {
                continue;
            };
            let name = i + len;
            let Some(first) = (name < toks.len())
                .then(|| toks.get(name))
                .filter(|n| n.sentence == w.sentence)
            else {
                continue;
            };
            let two_caps = tk.next(name).is_some_and(|k| {
                toks.get(k).word && toks.get(k).cap && !is_calendar(toks.get(k).lower)
            });
            let name_like = first.word
                && first.cap
                && !is_calendar(first.lower)
                && (is_person_start(first.span.start)
                    || two_caps
                    || !self.kb.is_place_name(first.bare())
                        && self.kb.is_known_surname(first.bare()));
            if name_like {
                if let Some(mut t) = title_before(tk, name) {
                    // `House speaker Paul Ryan`: the formal phrase reaches back over the
                    // capitalized body; the lowercase part is what to fix.
                    if t.formal
                        && t.head_tok < i
                        && toks.iter(t.head_tok..i).all(|w| w.word && w.cap)
                    {
                        t.head = Span::new(toks.get(i).span.start, t.head.end);
                        t.phrase = toks
                            .iter(i..name)
                            .map(|w| w.lower)
                            .collect::<Vec<_>>()
                            .join(" ")
                            .into();
                        t.head_tok = i;
                    }
                    if t.formal && t.head_tok == i && self.used_as_title(&t) {
                        out.push(self.lowercase_formal(&t, two_caps));
                    }
                }
            }
            next = name;
        }
    }

    /// The length in words of a lowercase formal title starting at token `i`.
    fn lowercase_phrase_at(&self, i: usize) -> Option<usize> {
        let toks = self.tokens();
        let first = toks.get(i);
        if !first.title_first {
            return None;
        }
        let len = toks.formal_len(i, FormalAt::Lowercase, || {
            longest_formal_at(
                toks,
                i,
                |x| x.word && !x.cap && x.sentence == first.sentence,
                |x, phrase| phrase.push_str(x.lower),
            )
        })?;
        // Spelled-out ranks are also sports and business words (`captain Gary McAllister`,
        // `retired general`): only their abbreviations count here.
        let rank = len == 1
            && matches!(
                first.lower,
                "general" | "major" | "captain" | "colonel" | "sergeant" | "admiral"
            );
        (!rank).then_some(len)
    }

    /// Is a lowercase formal title before a name used as a title, not as a description?
    fn used_as_title(&self, t: &TitleBefore) -> bool {
        // An abbreviated title (`rep.`, `Lt. gen.`) is only ever a title before a name.
        if t.head.text(self.text()).ends_with('.') {
            return true;
        }
        let toks = self.tokens();
        let Some(p) = self.tokens().prev(t.head_tok) else {
            return true;
        };
        let prev = toks.get(p);
        if !prev.word {
            // `(president Biden`, `— president Biden`, but not `“president`.
            return !matches!(prev.text, "\"" | "“" | "'" | "‘");
        }
        if prev.lower.starts_with("then-") {
            return true;
        }
        if is_description_word(prev.lower) {
            return false;
        }
        // `PDSR executive president`: look past lowercase qualifiers to what the title
        // belongs to.
        let t = titles();
        let mut owner = p;
        let mut modified = false;
        while t.qualifier.contains(toks.get(owner).lower)
            || t.modifier.contains(toks.get(owner).lower)
            || matches!(toks.get(owner).lower, "executive" | "vice")
        {
            modified |= t.modifier.contains(toks.get(owner).lower);
            match self.tokens().prev(owner) {
                Some(q) if toks.get(q).word => owner = q,
                _ => return true,
            }
        }
        let owner = toks.get(owner);
        if t.modifier.contains(owner.lower)
            || t.formal.contains_key(owner.lower)
            || t.occupational.contains(owner.lower)
            || with_lowercase(owner.bare(), is_government_body)
        {
            // `Former president`, `panel Chairman rep.`, `House speaker`, `Air Force gen.`
            return true;
        }
        if owner.cap && !owner.first {
            // `Israeli president`, `U.S. president`, `Florida governor` belong to a
            // government; `Club president`, `MDS president`, `Cato Institute president`,
            // `Planned Parenthood's president` to an organization, whose officers' titles are
            // descriptions.
            let name = owner.bare();
            return with_lowercase(name, is_demonym) || self.kb.is_place_name(name);
        }
        // `as former president Bill Clinton's assistant`: `former` makes it the title.
        modified || !is_description_word(owner.lower)
    }

    fn lowercase_formal(&self, t: &TitleBefore, full_name: bool) -> Finding {
        let toks = self.tokens();
        let written = t.head.text(self.text());
        let abbrev = titles().formal.get(&*t.phrase).cloned().flatten();
        // AP abbreviates some titles before a full name; `the Rev.` keeps its article.
        let new = match abbrev {
            Some(a) if self.cx.settings.style == Style::Ap && full_name => {
                let after_the = self
                    .tokens()
                    .prev(t.head_tok)
                    .is_some_and(|p| toks.get(p).lower == "the");
                if after_the {
                    a.trim_start_matches("the ").to_string()
                } else {
                    a
                }
            }
            _ => {
                // Keep an abbreviation's period: `sen.` → `Sen.`
                title_case(written)
            }
        };
        Finding::new(
            "titles.lowercase-before-name",
            Severity::Warning,
            t.head,
            format!("`{written}` is a formal title before a name: capitalize it"),
        )
        .with_fix(Fix::replace(format!("Write `{new}`"), t.head, new.clone()))
    }

    fn capitalized_occupational(&self, t: &TitleBefore) -> Option<Finding> {
        let toks = self.tokens();
        if let Some(p) = self.tokens().prev(t.head_tok) {
            if !toks.get(p).word && matches!(toks.get(p).text, "\"" | "“" | ":" | "(") {
                return None;
            }
        }
        // Lowercase the head and the generic words before it that title case raised
        // (`National Security Adviser`), not the proper names (`National Security Council`).
        let mut from = t.head_tok;
        while let Some(p) = self.tokens().prev(from) {
            let w = toks.get(p);
            if w.word && w.cap && !w.first && titles().qualifier.contains(w.lower) {
                from = p;
            } else {
                break;
            }
        }
        let span = Span::new(toks.get(from).span.start, t.head.end);
        let written = span.text(self.text());
        let new = written.to_lowercase();
        Some(
            Finding::new(
                "titles.occupational-capitalized",
                Severity::Warning,
                span,
                format!("`{written}` is an occupational title: lowercase even before a name"),
            )
            .with_fix(Fix::replace(format!("Write `{new}`"), span, new.clone())),
        )
    }

    /// `the Prime Minister said`: a formal title standing alone, capitalized.
    fn standing_alone(&self, out: &mut Vec<Finding>) {
        let toks = self.tokens();
        // Only where a title may start can one stand alone: the other tokens are passed over.
        let mut next = 0;
        for i in toks.title_starts() {
            if i < next {
                continue;
            }
            let w = toks.get(i);
            if !(w.word && w.cap && !w.first && !w.quoted && w.role == Role::Body) {
                continue;
            }
            // Longest formal phrase starting here, every word capitalized but `of`, the last
            // read without a possessive.
            let fits = |x: &Tk<'_>| {
                x.sentence == w.sentence
                    && x.word
                    && (x.cap || x.lower == "of")
                    && !x.text.contains('.')
            };
            let last =
                |x: &Tk<'_>, phrase: &mut String| with_lowercase(x.bare(), |l| phrase.push_str(l));
            let read = || longest_formal_at(toks, i, fits, last);
            let Some(end) = toks
                .formal_len(i, FormalAt::Capitalized, read)
                .map(|len| i + len)
            else {
                continue;
            };
            if self.stands_alone(i, end) {
                let last = toks.get(end - 1);
                let span = Span::new(w.span.start, last.span.start + last.bare().len());
                let written = span.text(self.text());
                let new = written.to_lowercase();
                out.push(
                    Finding::new(
                        "titles.capitalized-alone",
                        Severity::Warning,
                        span,
                        format!("`{written}` stands alone here: lowercase it"),
                    )
                    .with_fix(Fix::replace(
                        format!("Write `{new}`"),
                        span,
                        new.clone(),
                    )),
                );
            }
            next = end;
        }
    }

    /// `the President said`, `the former Prime Minister's`: after `the`, with no name, no
    /// `of` (`President of Iran`) and no further capitalized word (`the President's Council`).
    fn stands_alone(&self, from: usize, end: usize) -> bool {
        let toks = self.tokens();
        let mut p = toks.prev(from);
        if let Some(k) = p.filter(|&k| titles().modifier.contains(toks.get(k).lower)) {
            p = toks.prev(k);
        }
        if !p.is_some_and(|k| toks.get(k).lower == "the") {
            return false;
        }
        match toks.next(end - 1) {
            None => true,
            Some(n) => {
                let next = toks.get(n);
                !(next.word && (next.cap || next.lower == "of"))
            }
        }
    }

    /// One person, two formal titles.
    fn changed(&self, out: &mut Vec<Finding>) {
        let toks = self.tokens();
        for p in &self.pp.people {
            let mut first: Option<(String, Span)> = None;
            for m in &p.mentions {
                if m.role != Role::Body || m.quoted {
                    continue;
                }
                let Some(t) = m.title.as_ref().filter(|t| t.formal) else {
                    continue;
                };
                // `former President` names a past title alongside the present one.
                let modified = self.tokens().prev(t.head_tok).is_some_and(|k| {
                    titles().modifier.contains(toks.get(k).lower)
                        || toks.get(k).lower.starts_with("then-")
                });
                if modified {
                    continue;
                }
                let canon = canonical_title(&t.phrase);
                match &first {
                    None => first = Some((canon, t.head)),
                    Some((c, span)) if *c != canon => {
                        // Read off the text only for a finding: most mentions repeat the title.
                        let w = span.text(self.text());
                        let written = t.head.text(self.text());
                        out.push(
                            Finding::new(
                                "titles.changed",
                                Severity::Warning,
                                t.head,
                                format!(
                                    "{} was introduced as `{w}`; here the title is `{written}`",
                                    p.name
                                ),
                            )
                            .with_related(*span, format!("`{w}` here"))
                            .with_fix(
                                Fix::replace(format!("Use `{w}`"), t.head, w.to_string())
                                    .unsafe_choice(),
                            ),
                        );
                        break;
                    }
                    _ => {}
                }
            }
        }
    }

    /// `advisor` → `adviser`. Capitalized mid-sentence it is part of a name (`Capital Advisors`).
    fn adviser(&self, out: &mut Vec<Finding>) {
        let toks = self.tokens();
        for i in toks.advisor_words() {
            let t = toks.get(i);
            if !t.word || t.role == Role::Byline || !t.lower.starts_with("advisor") {
                continue;
            }
            if t.cap && !t.first || t.upper {
                continue;
            }
            let rest = &t.lower["advisor".len()..];
            if !matches!(rest, "" | "s" | "'s" | "’s" | "s'") {
                continue;
            }
            let span = Span::new(t.span.start, t.span.start + "advisor".len());
            let written = span.text(self.text());
            let new = if t.cap { "Adviser" } else { "adviser" };
            out.push(
                Finding::new(
                    "titles.adviser",
                    Severity::Warning,
                    span,
                    format!("`{written}`: the house spelling is `{new}`"),
                )
                .with_fix(Fix::replace(format!("Write `{new}`"), span, new)),
            );
        }
    }
}

#[cfg(test)]
mod tests;
