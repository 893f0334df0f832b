//! Attribution of figures (DOMAIN.md §4): figures stated as fact with no source, and sources
//! that name no one. The engine finds the figures and their attributions
//! (`engine::figures`, `engine::attribution`); this check only decides what to report.

use crate::engine::settings::AttributionSettings;
use crate::engine::{
    Article, Attribution, Check, Context, CueKind, Figure, FigureCategory, Finding, Rule, Severity,
};

pub struct AttributionCheck;

static RULES: &[Rule] = &[
    Rule {
        code: "attribution.unattributed-figure",
        severity: Severity::Warning,
        summary: "A figure is stated as fact with no source: a warning for casualty and crowd figures and in the lead, information otherwise.",
    },
    Rule {
        code: "attribution.vague-source",
        severity: Severity::Information,
        summary: "An attribution names no one (`sources say`, `reportedly`, `it is believed`).",
    },
];

impl Check for AttributionCheck {
    fn name(&self) -> &'static str {
        "attribution"
    }

    fn rules(&self) -> &'static [Rule] {
        RULES
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let settings = &cx.settings.attribution;
        let lead = cx.article.lead().map(|p| p.span);
        for figure in cx.figures {
            let in_lead = lead.is_some_and(|l| l.contains(figure.span.start));
            if let Some(finding) = unattributed(cx.article, figure, in_lead, settings) {
                out.push(finding);
            }
        }
        for a in cx.attributions.iter().filter(|a| a.vague) {
            out.push(vague(cx.article, a));
        }
    }
}

/// What kind of source a figure of this category wants, for the message.
fn wanted_source(category: FigureCategory) -> &'static str {
    match category {
        FigureCategory::Casualty => {
            "say who gave the count (health authorities, police, the military, a named official)"
        }
        FigureCategory::Crowd => "say whose estimate it is (police, organizers, a named official)",
        FigureCategory::Money => {
            "say where it comes from (a budget, a filing, a company report, a named official)"
        }
        FigureCategory::Percent => "say whose data, poll or study it comes from",
        FigureCategory::Measure | FigureCategory::Count | FigureCategory::Other => {
            "say who gives it or where it comes from"
        }
    }
}

/// Writes what the figure is (`casualty figure `12` (people)`) to `out`.
fn describe(out: &mut String, article: &Article, figure: &Figure) {
    // `count figure` and `measure figure` read oddly; the noun in brackets says enough.
    if let FigureCategory::Casualty
    | FigureCategory::Crowd
    | FigureCategory::Money
    | FigureCategory::Percent = figure.category
    {
        out.push_str(figure.category.as_str());
        out.push(' ');
    }
    out.push_str("figure `");
    out.push_str(article.slice(figure.span));
    out.push('`');
    if let Some(noun) = figure.noun {
        out.push_str(" (");
        out.push_str(article.slice(noun));
        out.push(')');
    }
}

fn unattributed(
    article: &Article,
    figure: &Figure,
    in_lead: bool,
    settings: &AttributionSettings,
) -> Option<Finding> {
    let warn_category = settings.warn_categories.contains(&figure.category);
    let vague_only = match &figure.attribution {
        None => false,
        // A vague source is enough except where a named authority is wanted.
        Some(a) if a.vague && warn_category && !settings.accept_vague => true,
        Some(_) => return None,
    };
    let severity = if warn_category || (in_lead && settings.lead_warning) {
        Severity::Warning
    } else {
        settings.other?
    };
    // Written piece by piece into one buffer: an article can hold thousands of figures, and
    // the message is built again at every keystroke. It opens with `The`, capitalized already.
    let wanted = wanted_source(figure.category);
    let mut message = String::with_capacity(160);
    message.push_str("The ");
    describe(&mut message, article, figure);
    if vague_only {
        let cue = figure
            .attribution
            .as_ref()
            .map(|a| article.slice(a.span))
            .unwrap_or_default();
        message.push_str(" is attributed only to an unnamed source (`");
        message.push_str(cue);
        message.push_str("`): ");
        message.push_str(figure.category.as_str());
        message.push_str(" needs a named authority; ");
    } else if in_lead {
        message.push_str(" in the lead paragraph has no source: ");
    } else {
        message.push_str(" has no source: ");
    }
    message.push_str(wanted);
    message.push('.');
    Some(Finding::new(
        "attribution.unattributed-figure",
        severity,
        figure.span,
        message,
    ))
}

fn vague(article: &Article, a: &Attribution) -> Finding {
    let text = article.slice(a.span);
    let message = match a.kind {
        CueKind::VagueAdverb => format!(
            "`{text}` names no source: say who reported it, or why the source cannot be named."
        ),
        _ => format!("Vague attribution `{text}`: name the source, or say why it cannot be named."),
    };
    Finding::new(
        "attribution.vague-source",
        Severity::Information,
        a.span,
        message,
    )
}

#[cfg(test)]
mod tests {
    use crate::engine::{analyze, Config, Format, Settings, Severity};

    fn findings(text: &str, settings: &Settings) -> Vec<(String, String, Severity)> {
        let a = analyze(text, Format::Plain, settings);
        a.findings
            .iter()
            .filter(|f| f.code.starts_with("attribution."))
            .map(|f| {
                (
                    f.code.to_string(),
                    a.article.slice(f.span).to_string(),
                    f.severity,
                )
            })
            .collect()
    }

    const SEED: &str = include_str!("../../seeds/rafah-virtual-meeting.txt");

    #[test]
    fn seed_article_as_the_copy_desk_marks_it() {
        let f = findings(SEED, &Settings::default());
        let figures: Vec<_> = f
            .iter()
            .filter(|(code, _, _)| code == "attribution.unattributed-figure")
            .map(|(_, text, sev)| (text.as_str(), *sev))
            .collect();
        assert_eq!(
            figures,
            vec![
                ("1.4 million", Severity::Warning),
                ("more than 1 million", Severity::Information),
                ("1,143", Severity::Warning),
                ("more than 760", Severity::Warning),
                ("247", Severity::Warning),
            ]
        );
        for not_flagged in ["34,000", "four", "April 1", "second", "Air Force One"] {
            assert!(
                !figures.iter().any(|(t, _)| t.contains(not_flagged)),
                "{not_flagged} flagged"
            );
        }
    }

    #[test]
    fn seed_figures_and_their_sources() {
        let a = analyze(SEED, Format::Plain, &Settings::default());
        let attributed: Vec<_> = a
            .figures
            .iter()
            .filter_map(|f| {
                let at = f.attribution.as_ref()?;
                Some((
                    a.article.slice(f.span),
                    a.article.slice(at.source?),
                    a.article.slice(at.cue?),
                ))
            })
            .collect();
        assert_eq!(
            attributed,
            vec![
                ("at least four", "Israeli officials", "say"),
                ("more than 34,000", "Local health authorities", "report"),
            ]
        );
    }

    #[test]
    fn messages_name_the_figure_and_the_missing_source() {
        let a = analyze(
            "Head\n\nWASHINGTON — It rained.\n\nStorms killed 40 people. The fund holds $3 billion.",
            Format::Plain,
            &Settings::default(),
        );
        let msgs: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.code == "attribution.unattributed-figure")
            .map(|f| f.message.as_str())
            .collect();
        assert!(
            msgs[0].contains("`40`") && msgs[0].contains("casualty") && msgs[0].contains("police"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].contains("`$3 billion`") && msgs[1].contains("budget"),
            "{msgs:?}"
        );
    }

    #[test]
    fn vague_sources_are_information() {
        let text = "Head\n\nWASHINGTON — It rained.\n\nSources say the plan is dead. He reportedly left. The leader is believed to be in Rafah. It is estimated that the cost rose. Experts say it will pass.";
        let f = findings(text, &Settings::default());
        let vague: Vec<_> = f
            .iter()
            .filter(|(c, _, _)| c == "attribution.vague-source")
            .map(|(_, t, s)| (t.as_str(), *s))
            .collect();
        assert_eq!(
            vague,
            vec![
                ("Sources say", Severity::Information),
                ("reportedly", Severity::Information),
                ("is believed to", Severity::Information),
                ("It is estimated", Severity::Information),
                ("Experts say", Severity::Information),
            ]
        );
        // Named sources are not vague.
        let f = findings(
            "Head\n\nWASHINGTON — Israeli officials say the plan is dead. Pentagon sources said so.",
            &Settings::default(),
        );
        assert!(
            f.iter().all(|(c, _, _)| c != "attribution.vague-source"),
            "{f:?}"
        );
    }

    #[test]
    fn casualty_figures_need_a_named_authority() {
        let text = "Head\n\nWASHINGTON — It rained.\n\nSources said 40 people were killed. Sources said 12 schools closed.";
        let f = findings(text, &Settings::default());
        assert!(f.contains(&(
            "attribution.unattributed-figure".into(),
            "40".into(),
            Severity::Warning
        )));
        assert!(!f
            .iter()
            .any(|(c, t, _)| c == "attribution.unattributed-figure" && t == "12"));
        let lenient = Settings::from_config(
            &Config::from_toml("[attribution]\naccept_vague = true\n").unwrap(),
        );
        let f = findings(text, &lenient);
        assert!(!f
            .iter()
            .any(|(c, _, _)| c == "attribution.unattributed-figure"));
    }

    #[test]
    fn settings_change_levels() {
        let text = "Head\n\nWASHINGTON — 40 schools closed.\n\nStorms killed 40 people. 12 schools closed.";
        let f = findings(text, &Settings::default());
        let levels: Vec<_> = f
            .iter()
            .filter(|(c, _, _)| c == "attribution.unattributed-figure")
            .map(|(_, _, s)| *s)
            .collect();
        assert_eq!(
            levels,
            vec![Severity::Warning, Severity::Warning, Severity::Information]
        );
        let quiet = Settings::from_config(
            &Config::from_toml(
                "[attribution]\nlead_warning = false\nother = \"off\"\nwarn_categories = []\n",
            )
            .unwrap(),
        );
        assert!(findings(text, &quiet).is_empty());
    }
}
