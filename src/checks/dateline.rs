//! Datelines (DOMAIN.md §2): present where required, at the start of the body, in house form.

use crate::engine::settings::{DatelinePolicy, Style};
use crate::engine::{Check, Context, Finding, Fix, Rule, Severity, Span};

pub struct DatelineCheck;

static RULES: &[Rule] = &[
    Rule {
        code: "dateline.missing",
        severity: Severity::Warning,
        summary: "The story has no dateline where house style requires one.",
    },
    Rule {
        code: "dateline.city-case",
        severity: Severity::Warning,
        summary: "The dateline city is not in capitals.",
    },
    Rule {
        code: "dateline.dash",
        severity: Severity::Warning,
        summary: "The dateline ends with the wrong dash for the house style.",
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
        let article = cx.article;
        let Some(dateline) = &article.dateline else {
            if settings.policy == DatelinePolicy::Required {
                if let Some(lead) = article.lead() {
                    let first_word_end = article.prose[lead.span.range()]
                        .find(char::is_whitespace)
                        .map(|i| lead.span.start + i)
                        .unwrap_or(lead.span.end);
                    out.push(Finding::new(
                        "dateline.missing",
                        Severity::Warning,
                        Span::new(lead.span.start, first_word_end),
                        "The story has no dateline: open the first paragraph with where it was reported, e.g. `WASHINGTON — `.",
                    ));
                }
            }
            return;
        };
        let prose = &article.prose;
        let city = dateline.city.text(prose);
        if city.chars().any(char::is_lowercase) {
            out.push(
                Finding::new(
                    "dateline.city-case",
                    Severity::Warning,
                    dateline.city,
                    format!("The dateline city `{city}` should be in capitals."),
                )
                .with_fix(Fix::replace(
                    format!("Write `{}`", city.to_uppercase()),
                    dateline.city,
                    city.to_uppercase(),
                )),
            );
        }
        let want = match cx.settings.style {
            Style::Reuters => "-",
            _ => "—",
        };
        match dateline.dash {
            Some(dash) if dash.text(prose) != want => out.push(
                Finding::new(
                    "dateline.dash",
                    Severity::Warning,
                    dash,
                    format!(
                        "{} datelines end with {}: ` {want} `.",
                        cx.settings.style.as_str().to_uppercase(),
                        if want == "-" {
                            "a hyphen"
                        } else {
                            "an em dash"
                        }
                    ),
                )
                .with_fix(Fix::replace(format!("Use `{want}`"), dash, want)),
            ),
            _ => {}
        }
    }
}
