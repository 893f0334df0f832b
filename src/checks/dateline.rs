//! Datelines (DOMAIN.md §2): present where required, at the start of the body, once, and in the
//! house's form. Every format finding offers the whole dateline rewritten in house form as its
//! fix (one edit over the dateline), so the fixes of several findings on one dateline agree.

use crate::engine::dateline::{
    self, credit_agency, find_state, house_dash, is_country, normalize_name, parse_date,
    render_date, same_region, title_case, BuiltinPlaces, Dateline, DatelineParts, PlaceClass,
    PlaceLookup, StateForm,
};
use crate::engine::settings::{CreditPolicy, DatelinePolicy, Settings, Style};
use crate::engine::{Check, Context, Finding, Fix, Rule, Severity, Span, TextEdit};

pub struct DatelineCheck;

static RULES: &[Rule] = &[
    Rule {
        code: "dateline.missing",
        severity: Severity::Warning,
        summary: "The story has no dateline where house style requires one (`[dateline] policy`; \
                  not reported when `home_city` is set, since home-city stories may omit it).",
    },
    Rule {
        code: "dateline.misplaced",
        severity: Severity::Warning,
        summary: "A dateline opens a later paragraph instead of the first paragraph of the story.",
    },
    Rule {
        code: "dateline.duplicated",
        severity: Severity::Warning,
        summary: "A second dateline: only the first paragraph of the story carries one.",
    },
    Rule {
        code: "dateline.city-case",
        severity: Severity::Warning,
        summary: "The dateline city is not in capitals (`London (AP) —` → `LONDON (AP) —`).",
    },
    Rule {
        code: "dateline.region-case",
        severity: Severity::Warning,
        summary: "The dateline region is in capitals; it is written in title case \
                  (`RAFAH, GAZA STRIP` → `RAFAH, Gaza Strip`).",
    },
    Rule {
        code: "dateline.dash",
        severity: Severity::Warning,
        summary:
            "The dateline ends with the wrong dash for the house (em dash for AP, NYT and the \
                  Guardian; ` - ` for Reuters), has no dash, or lacks the spaces around it.",
    },
    Rule {
        code: "dateline.comma",
        severity: Severity::Warning,
        summary: "A comma is missing between the city and its region (`SACRAMENTO Calif.`) or \
                  before the date.",
    },
    Rule {
        code: "dateline.postal-code",
        severity: Severity::Warning,
        summary: "A US state is written as a postal code or in a form other than the dateline \
                  abbreviation (`PEORIA, IL` → `PEORIA, Ill.`; `Tex.` → `Texas`).",
    },
    Rule {
        code: "dateline.standalone-with-region",
        severity: Severity::Warning,
        summary: "A city that stands alone in datelines is given its state or country \
                  (`CHICAGO, Ill. —` → `CHICAGO —`).",
    },
    Rule {
        code: "dateline.needs-region",
        severity: Severity::Warning,
        summary: "A city that does not stand alone lacks its state or country (`PEORIA —`). \
                  Places that are not cities (`ABOARD AIR FORCE ONE`) are exempt; Reuters style \
                  lets foreign cities stand alone.",
    },
    Rule {
        code: "dateline.credit",
        severity: Severity::Warning,
        summary: "The wire credit is malformed (`(Ap)`, `(AP )`), or, where `[dateline] credit = \
                  \"required\"`, missing or naming an unknown agency.",
    },
    Rule {
        code: "dateline.date",
        severity: Severity::Warning,
        summary: "The date in the dateline is not in house form (Reuters: `Sept 28`, `March 2`; \
                  AP: `Sept. 28`), is day-first, or has a misspelt month.",
    },
];

impl Check for DatelineCheck {
    fn name(&self) -> &'static str {
        "dateline"
    }

    fn rules(&self) -> &'static [Rule] {
        RULES
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let settings = &cx.settings.dateline;
        if settings.policy == DatelinePolicy::Off {
            return;
        }
        let places = places(cx);
        let article = cx.article;
        let prose = article.prose.as_str();
        // Later paragraphs that open like a dateline are only reported when they clearly are
        // one: a caps run-in subhead (`QUESTIONABLE MEDICAL CLAIMS — `) is not.
        let strays: Vec<&Dateline> = article
            .stray_datelines
            .iter()
            .filter(|d| is_credible(d, prose, cx.settings, places))
            .collect();
        // A dateline deep in a story without one opens an embedded piece (a live blog's post),
        // not a misplaced start: only the first paragraphs can hold a misplaced dateline.
        const MISPLACED_WITHIN: usize = 4;
        let misplaced_candidate = strays
            .first()
            .filter(|d| paragraph_number(cx, d.span.start) <= MISPLACED_WITHIN);
        match &article.dateline {
            Some(d) => {
                Review::new(cx, d, places).run(out);
                for stray in strays {
                    out.push(duplicated(cx, stray));
                }
            }
            None => {
                if let Some(first) = misplaced_candidate {
                    out.push(misplaced(cx, first));
                    for stray in &strays[1..] {
                        out.push(duplicated(cx, stray));
                    }
                } else if settings.policy == DatelinePolicy::Required
                    && settings.home_city.is_none()
                {
                    if let Some(f) = missing(cx) {
                        out.push(f);
                    }
                }
            }
        }
    }
}

/// Where the check learns what a place is. The built-in lists for now; when the knowledge base
/// (GeoNames places) reaches the engine's `Context`, return an adapter over it here that falls
/// back to `BuiltinPlaces` — nothing else in this check changes.
fn places<'a>(_cx: &Context<'a>) -> &'a dyn PlaceLookup {
    &BuiltinPlaces
}

fn style_label(style: Style) -> &'static str {
    match style {
        Style::Ap => "AP",
        Style::Reuters => "Reuters",
        Style::Nyt => "NYT",
        Style::Guardian => "Guardian",
    }
}

/// Is `city` one of the cities the house lets stand alone (lists from settings)?
fn is_standalone(settings: &Settings, city: &str) -> bool {
    let name = normalize_name(city);
    let d = &settings.dateline;
    d.standalone_us
        .iter()
        .chain(d.standalone_foreign.iter())
        .any(|c| normalize_name(c) == name)
}

fn is_home_city(settings: &Settings, city: &str) -> bool {
    settings.dateline.home_city.as_deref().is_some_and(|home| {
        let home = home.split(',').next().unwrap_or(home);
        normalize_name(home) == normalize_name(city)
    })
}

fn is_credible(d: &Dateline, prose: &str, settings: &Settings, places: &dyn PlaceLookup) -> bool {
    let city = d.city.text(prose);
    d.region.is_some()
        || d.date.is_some()
        || d.credit
            .is_some_and(|c| credit_agency(c.text(prose)).is_some())
        || is_standalone(settings, city)
        || is_home_city(settings, city)
        || matches!(places.classify(city), PlaceClass::City(_))
}

/// The span a dateline fix replaces, and the white space to write after the dash: the spaces
/// after the dash are replaced too (so `WASHINGTON -  The` becomes `WASHINGTON — The`), unless
/// the story starts on the next line.
fn replacement_span(text: &str, d: &Dateline) -> (Span, &'static str) {
    let mut span = d.span;
    if let Some(after) = d.after_dash.filter(|a| !a.is_empty()) {
        let ws = after.text(text);
        if !ws.is_empty() && ws.chars().all(|c| matches!(c, ' ' | '\t' | '\u{a0}')) {
            span.end = after.end;
            return (span, " ");
        }
    }
    let next = text.get(span.end..).and_then(|r| r.chars().next());
    match next {
        Some(c) if c.is_whitespace() => (span, ""),
        None => (span, ""),
        Some(_) => (span, " "),
    }
}

/// One dateline, read against the house's rules: the findings, and the dateline as it should
/// read.
struct Review<'a> {
    cx: &'a Context<'a>,
    d: &'a Dateline,
    places: &'a dyn PlaceLookup,
    style: Style,
    /// The dateline as it should read, built up as the rules go.
    parts: DatelineParts,
    findings: Vec<Finding>,
    /// Fixes that need a human choice (`KANSAS CITY` takes Mo. or Kan.), attached to one finding.
    choices: Vec<(usize, Vec<DatelineParts>)>,
}

impl<'a> Review<'a> {
    fn new(cx: &'a Context<'a>, d: &'a Dateline, places: &'a dyn PlaceLookup) -> Self {
        let prose = cx.article.prose.as_str();
        let text = |s: Option<Span>| s.map(|s| s.text(prose).to_string());
        Review {
            cx,
            d,
            places,
            style: cx.settings.style,
            parts: DatelineParts {
                city: d.city.text(prose).to_string(),
                region: text(d.region),
                date: text(d.date),
                credit: text(d.credit),
            },
            findings: Vec::new(),
            choices: Vec::new(),
        }
    }

    fn prose(&self) -> &'a str {
        self.cx.article.prose.as_str()
    }

    fn flag(&mut self, code: &'static str, span: Span, message: String) -> usize {
        let severity = RULES
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.severity)
            .unwrap_or(Severity::Warning);
        self.findings
            .push(Finding::new(code, severity, span, message));
        self.findings.len() - 1
    }

    fn run(mut self, out: &mut Vec<Finding>) {
        self.city();
        self.region();
        self.date();
        self.credit();
        self.dash();
        self.finish(out);
    }

    fn city(&mut self) {
        let city = self.d.city.text(self.prose());
        if city.chars().any(char::is_lowercase) {
            let upper = city.to_uppercase();
            self.flag(
                "dateline.city-case",
                self.d.city,
                format!("The dateline city is written in capitals: `{upper}`, not `{city}`."),
            );
            self.parts.city = upper;
        }
    }

    fn region(&mut self) {
        let prose = self.prose();
        let city = self.d.city.text(prose);
        let settings = self.cx.settings;
        let class = self.places.classify(city);
        let standalone = is_standalone(settings, city);
        let upper_city = city.to_uppercase();
        let Some(region_span) = self.d.region else {
            if standalone || is_home_city(settings, city) {
                return;
            }
            self.needs_region(&upper_city, class);
            return;
        };
        let region = region_span.text(prose);
        if !self.d.comma_before_region {
            let gap = Span::new(self.d.city.end, region_span.start);
            self.flag(
                "dateline.comma",
                gap,
                format!("A comma goes between the city and its region: `{upper_city}, {region}`."),
            );
        }
        // A stand-alone city given its own region. `PARIS, Texas` and `LONDON, Ontario` are
        // other cities: only the region the data gives for this city counts.
        if standalone {
            if let PlaceClass::City(info) = &class {
                if info.regions.iter().any(|r| same_region(region, r)) {
                    self.flag(
                        "dateline.standalone-with-region",
                        region_span,
                        format!(
                            "{upper_city} stands alone in {} datelines: drop `{region}`.",
                            style_label(self.style)
                        ),
                    );
                    self.parts.region = None;
                    return;
                }
            }
        }
        let known_us = matches!(&class, PlaceClass::City(info) if info.us == Some(true));
        let known_foreign = matches!(&class, PlaceClass::City(info) if info.us == Some(false));
        let state = find_state(region)
            // `TBILISI, Georgia` is the country: a state name that is also a country is only a
            // state after a city known to be American.
            .filter(|(_, form, _)| !(*form == StateForm::Name && is_country(region)) || known_us)
            .filter(|_| !known_foreign);
        if let Some((st, form, _)) = state {
            if region != st.ap {
                let never = st.ap == st.name;
                let message = match form {
                    StateForm::Postal if never => format!(
                        "`{region}` is a postal code: {} is never abbreviated in datelines.",
                        st.name
                    ),
                    StateForm::Postal => format!("`{region}` is a postal code: write `{}`.", st.ap),
                    StateForm::Other if never => {
                        format!("`{region}`: {} is never abbreviated in datelines.", st.name)
                    }
                    StateForm::Other => format!(
                        "`{region}` is not the dateline abbreviation: write `{}`.",
                        st.ap
                    ),
                    StateForm::Name => {
                        format!("Datelines abbreviate {}: write `{}`.", st.name, st.ap)
                    }
                    StateForm::Ap => format!("Write the state `{}`, not `{region}`.", st.ap),
                };
                self.flag("dateline.postal-code", region_span, message);
                self.parts.region = Some(st.ap.to_string());
            }
            return;
        }
        let letters = region.chars().filter(|c| c.is_alphabetic()).count();
        let dotted = region.contains('.') && letters <= 3;
        if letters >= 3 && !dotted && !region.chars().any(char::is_lowercase) {
            let title = title_case(region);
            self.flag(
                "dateline.region-case",
                region_span,
                format!("The region is written in title case: `{title}`."),
            );
            self.parts.region = Some(title);
        }
    }

    fn needs_region(&mut self, upper_city: &str, class: PlaceClass) {
        let house = style_label(self.style);
        let span = self.d.city;
        match class {
            PlaceClass::NotCity => {}
            PlaceClass::City(info) => {
                // Reuters lets many foreign cities stand alone; it still wants US states.
                if self.style == Style::Reuters && info.us != Some(true) {
                    return;
                }
                let what = match info.us {
                    Some(true) => "its state",
                    Some(false) => "its country",
                    None => "its state or country",
                };
                let regions: Vec<&String> = info.regions.iter().take(2).collect();
                let example = regions
                    .iter()
                    .map(|r| format!("`{upper_city}, {r}`"))
                    .collect::<Vec<_>>()
                    .join(" or ");
                let message = if example.is_empty() {
                    format!("{upper_city} does not stand alone in {house} datelines: add {what}.")
                } else {
                    format!(
                        "{upper_city} does not stand alone in {house} datelines: write {example}."
                    )
                };
                let i = self.flag("dateline.needs-region", span, message);
                match regions.as_slice() {
                    [one] if info.regions.len() == 1 => self.parts.region = Some((*one).clone()),
                    [] => {}
                    several => {
                        let options = several
                            .iter()
                            .map(|r| DatelineParts {
                                region: Some((*r).clone()),
                                ..self.parts.clone()
                            })
                            .collect();
                        self.choices.push((i, options));
                    }
                }
            }
            PlaceClass::Unknown => {
                // Without a gazetteer nothing says whether `PEORIA` is American or foreign; the
                // house rule is the same for both unless the house is Reuters.
                if self.style == Style::Reuters {
                    return;
                }
                let i = self.flag(
                    "dateline.needs-region",
                    span,
                    format!(
                        "{upper_city} is not on the {house} list of cities that stand alone: add \
                         its state or country, as in `PEORIA, Ill.` or `CARACAS, Venezuela`."
                    ),
                );
                if self.places.knows_cities() {
                    // A gazetteer that does not know the name: likely not a city at all.
                    self.findings[i].severity = Severity::Information;
                }
            }
        }
    }

    fn date(&mut self) {
        let Some(date_span) = self.d.date else {
            return;
        };
        let written = date_span.text(self.prose());
        if !self.d.comma_before_date {
            let start = self.d.region.unwrap_or(self.d.city).end;
            self.flag(
                "dateline.comma",
                Span::new(start, date_span.start),
                format!("A comma goes before the date: `, {written}`."),
            );
        }
        let Some(parts) = parse_date(written) else {
            return;
        };
        let Some(house) = render_date(&parts, self.style) else {
            return;
        };
        if house != written {
            let label = style_label(self.style);
            let message = if !parts.month_exact {
                format!("`{}` is not a month: `{house}`?", parts.month_text)
            } else if parts.day_first {
                format!("{label} datelines put the month first: `{house}`.")
            } else if self.style == Style::Reuters {
                format!(
                    "Reuters datelines write Jan Feb Aug Sept Oct Nov Dec without a period and \
                     March to July in full: `{house}`."
                )
            } else {
                format!(
                    "{label} datelines write Jan. Feb. Aug. Sept. Oct. Nov. Dec. and March to \
                     July in full: `{house}`."
                )
            };
            self.flag("dateline.date", date_span, message);
            self.parts.date = Some(house);
        }
    }

    fn credit(&mut self) {
        let prose = self.prose();
        let settings = &self.cx.settings.dateline;
        let house = self.style.wire_name();
        match (self.d.credit, self.d.credit_group) {
            (Some(credit), Some(group)) => {
                let written = credit.text(prose);
                match credit_agency(written) {
                    Some((agency, _)) => {
                        let want = format!("({})", agency.name);
                        if group.text(prose) != want {
                            self.flag(
                                "dateline.credit",
                                group,
                                format!("The credit is written `{want}`."),
                            );
                            self.parts.credit = Some(agency.name.clone());
                        }
                    }
                    None if settings.credit == CreditPolicy::Required => {
                        let message = match house {
                            Some(h) => format!(
                                "`{}` is not a known agency credit; the house credit is `({h})`.",
                                group.text(prose)
                            ),
                            None => {
                                format!("`{}` is not a known agency credit.", group.text(prose))
                            }
                        };
                        let i = self.flag("dateline.credit", group, message);
                        if let Some(h) = house {
                            let option = DatelineParts {
                                credit: Some(h.to_string()),
                                ..self.parts.clone()
                            };
                            self.choices.push((i, vec![option]));
                        }
                    }
                    None => {}
                }
            }
            _ if settings.credit == CreditPolicy::Required => {
                let message = match house {
                    Some(h) => format!("The house requires a wire credit: `({h})`."),
                    None => "The house requires a wire credit in the dateline.".to_string(),
                };
                self.flag("dateline.credit", self.d.span, message);
                if let Some(h) = house {
                    self.parts.credit = Some(h.to_string());
                }
            }
            _ => {}
        }
    }

    fn dash(&mut self) {
        let want = house_dash(self.style);
        let label = style_label(self.style);
        let named = if want == "-" {
            "a hyphen between spaces: ` - `"
        } else {
            "an em dash between spaces: ` — `"
        };
        let text = self.cx.article.text.as_str();
        let Some(dash) = self.d.dash else {
            let end = self.d.span.end;
            self.flag(
                "dateline.dash",
                Span::new(self.d.span.start, end),
                format!("The dateline has no dash: {label} datelines end with {named}."),
            );
            return;
        };
        let written = dash.text(self.prose());
        if written != want {
            self.flag(
                "dateline.dash",
                dash,
                format!("{label} datelines end with {named}, not `{written}`."),
            );
            return;
        }
        let story_glued = text
            .get(dash.end..)
            .and_then(|r| r.chars().next())
            .is_some_and(|c| !c.is_whitespace());
        if !self.d.space_before_dash || story_glued {
            self.flag(
                "dateline.dash",
                dash,
                format!("The dateline dash needs a space on each side: ` {want} `."),
            );
        }
    }

    /// Attaches the corrected dateline to every format finding and hands the findings out.
    fn finish(self, out: &mut Vec<Finding>) {
        let text = self.cx.article.text.as_str();
        let prose = self.prose();
        let (span, trailing) = replacement_span(text, self.d);
        // Markup inside the dateline (`**WASHINGTON** —`) would be lost by a whole-span edit.
        let editable = span.text(text) == span.text(prose) && !span.text(text).is_empty();
        let render =
            |parts: &DatelineParts| format!("{}{trailing}", dateline::render(parts, self.style));
        let fixed = render(&self.parts);
        let fix = (editable && fixed != span.text(text))
            .then(|| Fix::replace(format!("Write `{}`", fixed.trim_end()), span, fixed.clone()));
        let mut findings = self.findings;
        for (i, options) in self.choices {
            if !editable {
                continue;
            }
            for parts in options {
                let new = render(&parts);
                let title = format!("Write `{}`", new.trim_end());
                findings[i]
                    .fixes
                    .push(Fix::replace(title, span, new).unsafe_choice());
            }
        }
        for mut f in findings {
            if f.fixes.is_empty() {
                if let Some(fix) = &fix {
                    f.fixes.push(fix.clone());
                }
            }
            out.push(f);
        }
    }
}

/// The paragraph number (1-based, body paragraphs) holding `offset`, for messages.
fn paragraph_number(cx: &Context<'_>, offset: usize) -> usize {
    cx.article
        .body()
        .position(|b| b.span.touches(offset))
        .map(|i| i + 1)
        .unwrap_or(0)
}

/// The dateline and the white space after it, when it holds no markup: what removing it takes.
fn removal_span(cx: &Context<'_>, d: &Dateline) -> Option<Span> {
    let text = cx.article.text.as_str();
    let end = d.after_dash.map(|a| a.end).unwrap_or(d.span.end);
    let span = Span::new(d.span.start, end);
    let clean = span.text(text) == span.text(&cx.article.prose) && !span.text(text).is_empty();
    clean.then_some(span)
}

fn duplicated(cx: &Context<'_>, d: &Dateline) -> Finding {
    let n = paragraph_number(cx, d.span.start);
    let mut f = Finding::new(
        "dateline.duplicated",
        Severity::Warning,
        d.span,
        format!(
            "A second dateline, in paragraph {n}: only the first paragraph of the story carries one."
        ),
    );
    if let Some(span) = removal_span(cx, d) {
        f.fixes
            .push(Fix::replace("Remove the second dateline", span, "").unsafe_choice());
    }
    f
}

fn misplaced(cx: &Context<'_>, d: &Dateline) -> Finding {
    let text = cx.article.text.as_str();
    let n = paragraph_number(cx, d.span.start);
    let mut f = Finding::new(
        "dateline.misplaced",
        Severity::Warning,
        d.span,
        format!(
            "The dateline opens paragraph {n}; it belongs at the start of the story's first paragraph."
        ),
    );
    if let (Some(remove), Some(lead)) = (removal_span(cx, d), cx.article.lead()) {
        if lead.span.start < remove.start {
            let moved = format!("{} ", d.span.text(text));
            f.fixes.push(
                Fix {
                    title: "Move the dateline to the start of the story".to_string(),
                    edits: vec![
                        TextEdit::replace(Span::new(lead.span.start, lead.span.start), moved),
                        TextEdit::replace(remove, ""),
                    ],
                    safe: false,
                    preferred: false,
                }
                .unsafe_choice(),
            );
        }
    }
    f
}

fn missing(cx: &Context<'_>) -> Option<Finding> {
    let lead = cx.article.lead()?;
    let prose = cx.article.prose.as_str();
    let first_word_end = lead
        .span
        .text(prose)
        .find(char::is_whitespace)
        .map(|i| lead.span.start + i)
        .unwrap_or(lead.span.end);
    let dash = house_dash(cx.settings.style);
    Some(Finding::new(
        "dateline.missing",
        Severity::Warning,
        Span::new(lead.span.start, first_word_end),
        format!(
            "The story has no dateline: open the first paragraph with where it was reported, \
             e.g. `WASHINGTON {dash} `."
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyze, apply_edits, Config, Format};

    fn settings(style: Style, toml: &str) -> Settings {
        let mut config = Config::from_toml(toml).expect("test config");
        config.style = Some(style);
        Settings::from_config(&config)
    }

    fn run_with(text: &str, format: Format, settings: &Settings) -> Vec<Finding> {
        let analysis = analyze(text, format, settings);
        assert!(analysis.failures.is_empty(), "{:?}", analysis.failures);
        let found: Vec<Finding> = analysis
            .findings
            .into_iter()
            .filter(|f| f.check_name() == "dateline")
            .collect();
        for f in &found {
            assert!(
                RULES.iter().any(|r| r.code == f.code),
                "{} is not in RULES",
                f.code
            );
            assert!(text.get(f.span.range()).is_some(), "bad span {f:?}");
        }
        found
    }

    fn run(text: &str, style: Style) -> Vec<Finding> {
        run_with(text, Format::Plain, &settings(style, ""))
    }

    fn codes_of(found: &[Finding]) -> Vec<&str> {
        found.iter().map(|f| &*f.code).collect()
    }

    fn codes(text: &str, style: Style) -> Vec<String> {
        run(text, style)
            .into_iter()
            .map(|f| f.code.into_owned())
            .collect()
    }

    /// A story around `lead`: a headline and a second paragraph.
    fn story(lead: &str) -> String {
        format!("Storm hits the coast\n\n{lead} Winds rose overnight, officials said.\n\nMore text follows here.\n")
    }

    /// Applies the preferred fixes of every finding at once, as `--fix` would.
    fn fixed_with(text: &str, found: &[Finding]) -> String {
        let edits: Vec<TextEdit> = found
            .iter()
            .filter_map(|f| f.fixes.iter().find(|x| x.safe))
            .flat_map(|x| x.edits.clone())
            .collect();
        apply_edits(text, &edits).expect("fixes apply")
    }

    fn fixed(text: &str, style: Style) -> String {
        fixed_with(text, &run(text, style))
    }

    #[track_caller]
    fn assert_clean(lead: &str, style: Style) {
        let found = run(&story(lead), style);
        assert!(found.is_empty(), "{lead:?} in {style}: {found:#?}");
    }

    #[track_caller]
    fn assert_flags(lead: &str, style: Style, code: &str, corrected: &str) {
        let text = story(lead);
        let found = run(&text, style);
        assert!(
            found.iter().any(|f| f.code == code),
            "{lead:?} in {style}: expected {code}, got {:?}",
            codes_of(&found)
        );
        assert!(
            found.iter().all(|f| !f.fixes.is_empty()),
            "every format finding offers a fix: {found:#?}"
        );
        assert_eq!(
            fixed_with(&text, &found),
            story(corrected),
            "{lead:?} in {style}"
        );
    }

    #[test]
    fn standalone_cities_stand_alone() {
        assert_clean("CHICAGO —", Style::Ap);
        assert_clean("WASHINGTON —", Style::Ap);
        assert_clean("NEW YORK (AP) —", Style::Ap);
        assert_clean("ST. LOUIS —", Style::Ap);
        assert_clean("LONDON (AP) —", Style::Ap);
        assert_flags(
            "CHICAGO, Ill. —",
            Style::Ap,
            "dateline.standalone-with-region",
            "CHICAGO —",
        );
        assert_flags(
            "DALLAS, TX —",
            Style::Ap,
            "dateline.standalone-with-region",
            "DALLAS —",
        );
        assert_flags(
            "WASHINGTON, D.C. —",
            Style::Ap,
            "dateline.standalone-with-region",
            "WASHINGTON —",
        );
        assert_flags(
            "LONDON, England (AP) —",
            Style::Ap,
            "dateline.standalone-with-region",
            "LONDON (AP) —",
        );
        assert_flags(
            "LONDON, England (Reuters) -",
            Style::Reuters,
            "dateline.standalone-with-region",
            "LONDON (Reuters) -",
        );
    }

    #[test]
    fn namesakes_of_standalone_cities_keep_their_region() {
        assert_clean("CLEVELAND, Tenn. —", Style::Ap);
        assert_clean("PARIS, Texas —", Style::Ap);
        assert_clean("LONDON, Ontario —", Style::Ap);
        assert_clean("PANAMA CITY, Fla. —", Style::Ap);
        assert_clean("KANSAS CITY, Mo. —", Style::Ap);
    }

    #[test]
    fn other_cities_need_a_region() {
        assert_clean("PEORIA, Ill. —", Style::Ap);
        assert_clean("RAFAH, Gaza Strip (AP) —", Style::Ap);
        assert_clean("CARACAS, Venezuela —", Style::Ap);
        assert_clean("SOUTHAMPTON, England —", Style::Ap);
        let found = run(&story("PEORIA —"), Style::Ap);
        assert_eq!(codes_of(&found), ["dateline.needs-region"]);
        assert_eq!(found[0].severity, Severity::Warning);
        // Nothing says which state Peoria is in: no fix is offered rather than a guess.
        assert!(found[0].fixes.is_empty());
        assert_eq!(
            codes(&story("CARACAS (AP) —"), Style::Ap),
            ["dateline.needs-region"]
        );
        // Kansas City always takes Mo. or Kan.: two choices, neither applied blindly.
        let found = run(&story("KANSAS CITY —"), Style::Ap);
        assert_eq!(codes_of(&found), ["dateline.needs-region"]);
        let titles: Vec<&str> = found[0].fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Write `KANSAS CITY, Mo. —`", "Write `KANSAS CITY, Kan. —`"]
        );
        assert!(found[0].fixes.iter().all(|f| !f.safe));
    }

    #[test]
    fn non_city_datelines_need_no_region() {
        assert_clean("ABOARD AIR FORCE ONE —", Style::Ap);
        assert_clean("ON THE MISSISSIPPI RIVER —", Style::Ap);
        assert_clean("UNITED NATIONS (AP) —", Style::Ap);
        assert_clean("AT SEA —", Style::Ap);
    }

    #[test]
    fn reuters_lets_foreign_cities_stand_alone() {
        assert_clean("CARACAS (Reuters) -", Style::Reuters);
        assert_clean(
            "BAHIA BLANCA, Argentina, Feb 26 (Reuters) -",
            Style::Reuters,
        );
        assert_clean("LONDON, Sept 28 (Reuters) -", Style::Reuters);
        assert_clean("NEW YORK, March 2 -", Style::Reuters);
        // ... but not US cities that the data knows need their state.
        assert_eq!(
            codes(&story("KANSAS CITY (Reuters) -"), Style::Reuters),
            ["dateline.needs-region"]
        );
    }

    #[test]
    fn postal_codes_and_other_abbreviations() {
        assert_flags(
            "PEORIA, IL —",
            Style::Ap,
            "dateline.postal-code",
            "PEORIA, Ill. —",
        );
        assert_flags(
            "AUSTIN, TX —",
            Style::Ap,
            "dateline.postal-code",
            "AUSTIN, Texas —",
        );
        assert_flags(
            "AUSTIN, Tex. —",
            Style::Ap,
            "dateline.postal-code",
            "AUSTIN, Texas —",
        );
        assert_flags(
            "HARRISBURG, Penn. —",
            Style::Ap,
            "dateline.postal-code",
            "HARRISBURG, Pa. —",
        );
        assert_flags(
            "PEORIA, Illinois —",
            Style::Ap,
            "dateline.postal-code",
            "PEORIA, Ill. —",
        );
        assert_flags(
            "PEORIA, ILL. —",
            Style::Ap,
            "dateline.postal-code",
            "PEORIA, Ill. —",
        );
        assert_flags(
            "FRESNO, Calif (Reuters) -",
            Style::Reuters,
            "dateline.postal-code",
            "FRESNO, Calif. (Reuters) -",
        );
        assert_clean("BOISE, Idaho —", Style::Ap);
        assert_clean("AUSTIN, Texas —", Style::Ap);
        // Georgia the country is not Georgia the state.
        assert_clean("TBILISI, Georgia —", Style::Ap);
        let found = run(&story("PEORIA, IL —"), Style::Ap);
        assert_eq!(found[0].message, "`IL` is a postal code: write `Ill.`.");
    }

    #[test]
    fn the_comma_before_the_region_and_date() {
        assert_flags(
            "SACRAMENTO Calif. —",
            Style::Ap,
            "dateline.comma",
            "SACRAMENTO, Calif. —",
        );
        assert_flags("PEORIA IL —", Style::Ap, "dateline.comma", "PEORIA, Ill. —");
        assert_flags(
            "RICHMOND, Va. Feb 26 -",
            Style::Reuters,
            "dateline.comma",
            "RICHMOND, Va., Feb 26 -",
        );
    }

    #[test]
    fn city_and_region_case() {
        assert_flags(
            "London (AP) —",
            Style::Ap,
            "dateline.city-case",
            "LONDON (AP) —",
        );
        assert_flags(
            "Peoria, Ill. (AP) —",
            Style::Ap,
            "dateline.city-case",
            "PEORIA, Ill. (AP) —",
        );
        assert_flags(
            "Washington (CNN) —",
            Style::Ap,
            "dateline.city-case",
            "WASHINGTON (CNN) —",
        );
        assert_flags(
            "RAFAH, GAZA STRIP (AP) —",
            Style::Ap,
            "dateline.region-case",
            "RAFAH, Gaza Strip (AP) —",
        );
    }

    #[test]
    fn the_house_dash() {
        assert_flags("WASHINGTON -", Style::Ap, "dateline.dash", "WASHINGTON —");
        assert_flags("WASHINGTON --", Style::Ap, "dateline.dash", "WASHINGTON —");
        assert_flags("WASHINGTON –", Style::Ap, "dateline.dash", "WASHINGTON —");
        assert_flags("WASHINGTON ―", Style::Nyt, "dateline.dash", "WASHINGTON —");
        assert_clean("WASHINGTON -", Style::Reuters);
        assert_clean("WASHINGTON (Reuters) -", Style::Reuters);
        assert_flags(
            "LONDON (Reuters) —",
            Style::Reuters,
            "dateline.dash",
            "LONDON (Reuters) -",
        );
        assert_flags(
            "LONDON (Reuters) --",
            Style::Reuters,
            "dateline.dash",
            "LONDON (Reuters) -",
        );
        assert_clean("WASHINGTON —", Style::Guardian);
        // Missing spaces, and a missing dash.
        let text = story("WASHINGTON—Winds.");
        assert_eq!(codes(&text, Style::Ap), ["dateline.dash"]);
        assert!(fixed(&text, Style::Ap).contains("\nWASHINGTON — Winds."));
        let text = story("WASHINGTON  -  ");
        assert!(fixed(&text, Style::Ap).contains("\nWASHINGTON — Winds"));
        let text = "Head\n\nLONDON (AP) The story starts here.\n";
        assert_eq!(codes(text, Style::Ap), ["dateline.dash"]);
        assert_eq!(
            fixed(text, Style::Ap),
            "Head\n\nLONDON (AP) — The story starts here.\n"
        );
        let text = "Head\n\nMONTREAL, Feb 26- Shr 1.11 dlrs vs 1.04 dlrs\n";
        assert_eq!(codes(text, Style::Reuters), ["dateline.dash"]);
        assert_eq!(
            fixed(text, Style::Reuters),
            "Head\n\nMONTREAL, Feb 26 - Shr 1.11 dlrs vs 1.04 dlrs\n"
        );
    }

    #[test]
    fn wire_credits() {
        assert_flags(
            "CHICAGO (Ap) —",
            Style::Ap,
            "dateline.credit",
            "CHICAGO (AP) —",
        );
        assert_flags(
            "CHICAGO (AP ) —",
            Style::Ap,
            "dateline.credit",
            "CHICAGO (AP) —",
        );
        assert_flags(
            "LONDON (REUTERS) -",
            Style::Reuters,
            "dateline.credit",
            "LONDON (Reuters) -",
        );
        // An unknown agency is the house's business only when it requires a credit.
        assert_clean("CHICAGO (Tribune News Service) —", Style::Ap);
        let required = settings(Style::Ap, "[dateline]\ncredit = \"required\"\n");
        let text = story("CHICAGO (Assoc Press) —");
        let found = run_with(&text, Format::Plain, &required);
        assert_eq!(codes_of(&found), ["dateline.credit"]);
        assert!(
            found[0].fixes.iter().all(|f| !f.safe),
            "a different agency is a choice"
        );
        let text = story("CHICAGO —");
        let found = run_with(&text, Format::Plain, &required);
        assert_eq!(codes_of(&found), ["dateline.credit"]);
        assert_eq!(fixed_with(&text, &found), story("CHICAGO (AP) —"));
        assert!(run_with(&story("CHICAGO (AP) —"), Format::Plain, &required).is_empty());
        assert!(run_with(&story("LONDON (Reuters) —"), Format::Plain, &required).is_empty());
        // Optional by default: no credit is fine.
        assert_clean("CHICAGO —", Style::Ap);
    }

    #[test]
    fn reuters_dates() {
        assert_flags(
            "LONDON, Sept. 28 (Reuters) -",
            Style::Reuters,
            "dateline.date",
            "LONDON, Sept 28 (Reuters) -",
        );
        assert_flags(
            "LONDON, Mar 3 (Reuters) -",
            Style::Reuters,
            "dateline.date",
            "LONDON, March 3 (Reuters) -",
        );
        assert_flags(
            "FRANKFURT, February 27 -",
            Style::Reuters,
            "dateline.date",
            "FRANKFURT, Feb 27 -",
        );
        assert_flags(
            "AMSTERDAM, 2 March -",
            Style::Reuters,
            "dateline.date",
            "AMSTERDAM, March 2 -",
        );
        assert_flags(
            "ALBANY, N.Y., Marc 3 -",
            Style::Reuters,
            "dateline.date",
            "ALBANY, N.Y., March 3 -",
        );
        assert_clean("LONDON, June 3 (Reuters) -", Style::Reuters);
        assert_clean("LONDON, Dec 3 (Reuters) -", Style::Reuters);
        // AP writes the period.
        assert_clean("HEMPSTEAD, N.Y., Sept. 26 (UPI) —", Style::Ap);
        assert_flags(
            "HEMPSTEAD, N.Y., Sept 26 (UPI) —",
            Style::Ap,
            "dateline.date",
            "HEMPSTEAD, N.Y., Sept. 26 (UPI) —",
        );
    }

    #[test]
    fn every_fault_at_once_gets_one_corrected_dateline() {
        let text = story("Peoria IL -");
        let found = run(&text, Style::Ap);
        let mut c = codes_of(&found);
        c.sort_unstable();
        assert_eq!(
            c,
            [
                "dateline.city-case",
                "dateline.comma",
                "dateline.dash",
                "dateline.postal-code"
            ]
        );
        let edits: Vec<&TextEdit> = found.iter().map(|f| &f.fixes[0].edits[0]).collect();
        assert!(edits.windows(2).all(|w| w[0] == w[1]), "one edit, shared");
        assert_eq!(found[0].fixes[0].edits.len(), 1);
        assert_eq!(fixed_with(&text, &found), story("PEORIA, Ill. —"));
    }

    #[test]
    fn missing_dateline_follows_the_policy_and_home_city() {
        let text = "Storm hits the coast\n\nWinds rose overnight, officials said.\n";
        assert_eq!(codes(text, Style::Ap), ["dateline.missing"]);
        let optional = settings(Style::Ap, "[dateline]\npolicy = \"optional\"\n");
        assert!(run_with(text, Format::Plain, &optional).is_empty());
        let off = settings(Style::Ap, "[dateline]\npolicy = \"off\"\n");
        assert!(run_with(&story("Peoria IL -"), Format::Plain, &off).is_empty());
        // Stories from the home city may omit the dateline, and may name it alone.
        let home = settings(Style::Ap, "[dateline]\nhome_city = \"Peoria\"\n");
        assert!(run_with(text, Format::Plain, &home).is_empty());
        assert!(run_with(&story("PEORIA —"), Format::Plain, &home).is_empty());
        assert_eq!(
            codes_of(&run_with(&story("DECATUR —"), Format::Plain, &home)),
            ["dateline.needs-region"]
        );
    }

    #[test]
    fn standalone_lists_come_from_configuration() {
        let extra = settings(Style::Ap, "[dateline]\nextra_standalone = [\"Peoria\"]\n");
        assert!(run_with(&story("PEORIA —"), Format::Plain, &extra).is_empty());
        let only = settings(Style::Ap, "[dateline]\nstandalone_us = [\"Washington\"]\n");
        assert_eq!(
            codes_of(&run_with(&story("CHICAGO —"), Format::Plain, &only)),
            ["dateline.needs-region"]
        );
    }

    #[test]
    fn misplaced_and_duplicated_datelines() {
        let lead = "Officials met on Thursday to discuss the storm that hit the coast overnight, \
                    leaving thousands without power. The governor said crews were at work. \
                    Residents were told to stay indoors until the winds died down, and schools \
                    in three counties stayed closed.";
        let text = format!("Storm hits the coast\n\n{lead}\n\nWASHINGTON — A second paragraph.\n");
        let found = run(&text, Style::Ap);
        assert_eq!(codes_of(&found), ["dateline.misplaced"]);
        assert!(
            found[0].message.contains("paragraph 2"),
            "{}",
            found[0].message
        );
        let moved = apply_edits(&text, &found[0].fixes[0].edits).unwrap();
        assert_eq!(
            moved,
            format!("Storm hits the coast\n\nWASHINGTON — {lead}\n\nA second paragraph.\n")
        );
        let text = "Storm hits\n\nWASHINGTON — First.\n\nMore here.\n\nCHICAGO (AP) — Again.\n";
        let found = run(text, Style::Ap);
        assert_eq!(codes_of(&found), ["dateline.duplicated"]);
        assert_eq!(found[0].span.text(text), "CHICAGO (AP) —");
        // Deep in a story without one, a dateline opens an embedded piece: the story is
        // missing its own, nothing is misplaced.
        let text = format!("Storm\n\n{lead}\n\nTwo.\n\nThree.\n\nFour.\n\nCHICAGO — Five.\n");
        assert_eq!(codes(&text, Style::Ap), ["dateline.missing"]);
        // A caps run-in subhead is not a second dateline.
        let text = "Storm hits\n\nWASHINGTON — First.\n\nQUESTIONABLE MEDICAL CLAIMS — For years, he said.\n\nTHE FIGHT GOES ON — More.\n";
        assert!(run(text, Style::Ap).is_empty());
    }

    #[test]
    fn markdown_with_front_matter() {
        let text = "---\ntitle: \"Storm hits coast\"\nauthor: x\n---\n\nPEORIA, IL — Winds rose.\n\nMore text.\n";
        let found = run_with(text, Format::Markdown, &Settings::default());
        assert_eq!(codes_of(&found), ["dateline.postal-code"]);
        assert_eq!(
            fixed_with(text, &found),
            text.replace("PEORIA, IL —", "PEORIA, Ill. —")
        );
        let text = "---\ntitle: Storm\n---\n\nCHICAGO — Winds rose.\n";
        assert!(run_with(text, Format::Markdown, &Settings::default()).is_empty());
        // Markup inside a dateline: reported, but a whole-dateline edit would break the markup.
        let text = "# Storm\n\n**WASHINGTON** - Winds rose.\n";
        let found = run_with(text, Format::Markdown, &Settings::default());
        assert_eq!(codes_of(&found), ["dateline.dash"]);
        assert!(found[0].fixes.is_empty());
    }

    #[test]
    fn crlf_with_a_bom() {
        let text = "\u{feff}Storm hits\r\n\r\nPEORIA, IL — Winds rose.\r\n\r\nMore.\r\n";
        let found = run(text, Style::Ap);
        assert_eq!(codes_of(&found), ["dateline.postal-code"]);
        assert_eq!(
            fixed_with(text, &found),
            "\u{feff}Storm hits\r\n\r\nPEORIA, Ill. — Winds rose.\r\n\r\nMore.\r\n"
        );
        let text = "\u{feff}Storm hits\r\n\r\nCHICAGO —\r\nWinds rose.\r\n";
        assert!(run(text, Style::Ap).is_empty());
        let text = "\u{feff}Storm hits\r\n\r\nWASHINGTON -\r\nWinds rose.\r\n";
        assert_eq!(
            fixed(text, Style::Ap),
            "\u{feff}Storm hits\r\n\r\nWASHINGTON —\r\nWinds rose.\r\n"
        );
    }

    #[test]
    fn the_seed_article_has_a_correct_dateline() {
        let text = include_str!("../../seeds/rafah-virtual-meeting.txt");
        let analysis = analyze(text, Format::Plain, &Settings::default());
        let d = analysis.article.dateline.as_ref().expect("a dateline");
        assert_eq!(d.city.text(text), "WASHINGTON");
        assert!(run(text, Style::Ap).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Dateline-shaped noise: capitals, commas, parentheses, every dash, multibyte letters,
        /// CR, BOM and non-breaking spaces. No check may panic, and every fix must apply.
        #[test]
        fn no_panic_and_fixes_apply(
            lead in "[A-ZÉÃa-z.,()\\- —–―\u{a0}\r\u{feff}]{0,40}",
            body in "[A-Za-z ,.—-]{0,20}",
            style in 0usize..4,
        ) {
            let text = format!("Head\n\n{lead} {body}\n\nMore.\n");
            let found = run(&text, Style::ALL[style]);
            for f in &found {
                for fix in &f.fixes {
                    proptest::prop_assert!(apply_edits(&text, &fix.edits).is_ok());
                }
            }
            let _ = run_with(&text, Format::Markdown, &settings(Style::ALL[style], ""));
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for lead in [
            "É —",
            "— x",
            "ÉÉ, Ñ (AP) —",
            "X, , —",
            "A (B) (C) — x",
            "ÜBER, Ä. (Äp) –x",
            "PEORIA, IL —",
            "(AP) —",
            "WASHINGTON —\u{a0}x",
            "ZÜRICH—ß",
        ] {
            for style in Style::ALL {
                let _ = run(&story(lead), style);
                let _ = run(lead, style);
                let _ = run_with(lead, Format::Markdown, &settings(style, ""));
            }
        }
    }
}
