//! The analysis engine: text and settings in; an article model, entities, figures and findings
//! out. It knows nothing of LSP, files or async: the CLI and the server are thin shells over it.

pub mod article;
pub mod attribution;
pub mod calendar;
pub mod checks_registry;
pub mod dateline;
pub mod edit;
pub mod entities;
pub mod figures;
pub mod finding;
pub mod hover;
pub mod hover_entities;
pub mod incremental;
pub mod lexicon;
pub mod model;
pub mod names;
pub mod outline;
pub mod sentences;
pub mod settings;
pub mod text;

pub use article::{Article, Format, Paragraph, Role};
pub use figures::hover as figure_hover;
pub use finding::{apply_edits, Finding, Fix, Related, Severity, Span, TextEdit};
pub use incremental::Analyzer;
pub use model::{
    Attribution, AttributionScope, CueKind, Entity, EntityKind, Figure, FigureCategory, Mention,
};
pub use settings::{Config, ConfigError, Settings, Style};

use std::panic::{catch_unwind, AssertUnwindSafe};

/// A rule a check can report: its code, default severity and a one-line summary.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

/// What a check sees: the parsed article, what the extractors found, and the settings.
pub struct Context<'a> {
    pub article: &'a Article,
    pub entities: &'a [Entity],
    pub figures: &'a [Figure],
    /// Every attribution cue in the body, in text order (vague ones included).
    pub attributions: &'a [Attribution],
    pub settings: &'a Settings,
    /// The article's people read in context, built once per analysis for the checks that read
    /// them (names, titles); `None` where they build their own.
    pub(crate) people: Option<&'a crate::checks::people::People<'a>>,
}

impl<'a> Context<'a> {
    /// A context over what the extractors found; the checks that need the article's people
    /// build them themselves.
    pub fn new(
        article: &'a Article,
        entities: &'a [Entity],
        figures: &'a [Figure],
        attributions: &'a [Attribution],
        settings: &'a Settings,
    ) -> Context<'a> {
        Context {
            article,
            entities,
            figures,
            attributions,
            settings,
            people: None,
        }
    }
}

/// One check: a module that reads the context and reports findings under its own code prefix.
pub trait Check: Send + Sync {
    /// The code prefix, e.g. `dateline`.
    fn name(&self) -> &'static str;
    /// Every rule this check can report.
    fn rules(&self) -> &'static [Rule];
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// A check that panicked on this text: its rule was turned off for this document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    pub check: String,
    pub message: String,
}

/// Everything the engine found in one article.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub article: Article,
    pub entities: Vec<Entity>,
    pub figures: Vec<Figure>,
    /// Every attribution cue in the body, in text order (vague ones included).
    pub attributions: Vec<Attribution>,
    /// Sorted by position, then code.
    pub findings: Vec<Finding>,
    pub failures: Vec<CheckFailure>,
    /// The people the article introduces in full, as the workspace index reads them (with the
    /// built-in knowledge base): filled from the checks' people when they are the same, else
    /// on first use.
    pub(crate) introduced: std::sync::OnceLock<Vec<names::Introduced>>,
}

impl Analysis {
    /// Lets go of the article's model (its blocks, entities, figures and attributions),
    /// keeping the findings, the failures, the text, and the people the article introduces,
    /// which the cross-article pass reads. For a check over a folder, which holds every
    /// file's analysis until its report: its memory then grows with the findings, not the
    /// models, and each article is analyzed in memory the last one gave back (still in the
    /// cache) rather than in fresh pages.
    pub fn release_model(&mut self) {
        names::introduced_in(self);
        self.entities = Vec::new();
        self.figures = Vec::new();
        self.attributions = Vec::new();
        self.article.blocks = Vec::new();
        self.article.dateline = None;
        self.article.stray_datelines = Vec::new();
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// Analyzes one article with every check of the registry.
pub fn analyze(text: &str, format: Format, settings: &Settings) -> Analysis {
    analyze_with_checks(text, format, settings, checks_registry::all_checks())
}

/// The findings of one article as a report over many files reads them: [`analyze`], without
/// what only the model shows (references to people by title, which no check reads), and with
/// the model released once the checks have run ([`Analysis::release_model`]).
pub fn analyze_for_report(text: &str, format: Format, settings: &Settings) -> Analysis {
    let mut analysis = analyze_to(
        text,
        format,
        settings,
        checks_registry::all_checks(),
        entities::TitleReferences::Skipped,
    );
    analysis.release_model();
    analysis
}

/// Analyzes one article with the given checks only. The shells use it to leave out a check
/// that failed on a document before; tests use it to add a check that panics.
pub fn analyze_with_checks(
    text: &str,
    format: Format,
    settings: &Settings,
    checks: &[&dyn Check],
) -> Analysis {
    analyze_to(
        text,
        format,
        settings,
        checks,
        entities::TitleReferences::Linked,
    )
}

fn analyze_to(
    text: &str,
    format: Format,
    settings: &Settings,
    checks: &[&dyn Check],
    references: entities::TitleReferences,
) -> Analysis {
    let mut failures = Vec::new();
    let article = match catch_unwind(|| Article::parse(text, format)) {
        Ok(a) => a,
        Err(payload) => {
            // The article model is the base of everything; without it, report nothing rather
            // than take the caller down.
            failures.push(CheckFailure {
                check: "article".into(),
                message: panic_message(payload.as_ref()),
            });
            let text = std::sync::Arc::new(text.to_string());
            Article {
                prose: text.clone(),
                text,
                format,
                blocks: Vec::new(),
                dateline: None,
                stray_datelines: Vec::new(),
            }
        }
    };
    let kb = settings.kb();
    let entities: Vec<Entity> = catch_unwind(AssertUnwindSafe(|| {
        entities::recognize_with(&article, &kb, references)
    }))
    .unwrap_or_else(|payload| {
        failures.push(CheckFailure {
            check: "entities".into(),
            message: panic_message(payload.as_ref()),
        });
        Vec::new()
    });
    let (figures, attributions) = match catch_unwind(|| find_figures(&article)) {
        Ok(found) => found,
        Err(payload) => {
            failures.push(CheckFailure {
                check: "figures".into(),
                message: panic_message(payload.as_ref()),
            });
            (Vec::new(), Vec::new())
        }
    };
    finish(
        article,
        entities,
        figures,
        attributions,
        failures,
        settings,
        checks,
        None,
    )
}

/// The document-level tail of an analysis, shared by `analyze` and `Analyzer::analyze`: runs
/// the checks over what the extractors found and orders the findings. `block_tokens`: the
/// incremental analyzer's tokens of each block for the names and titles checks, if it has them.
#[allow(clippy::too_many_arguments)] // what the extractors found, one argument each
pub(crate) fn finish(
    article: Article,
    entities: Vec<Entity>,
    figures: Vec<Figure>,
    attributions: Vec<Attribution>,
    mut failures: Vec<CheckFailure>,
    settings: &Settings,
    checks: &[&dyn Check],
    block_tokens: Option<(
        Vec<&crate::checks::people::BlockTokens>,
        &crate::checks::people::LowerCounts,
    )>,
) -> Analysis {
    let enabled: Vec<(usize, &dyn Check)> = checks
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let codes: Vec<&str> = c.rules().iter().map(|r| r.code).collect();
            settings.check_enabled(c.name(), &codes)
        })
        .map(|(i, c)| (i, *c))
        .collect();
    let (with_people, alone): (Vec<_>, Vec<_>) = enabled
        .into_iter()
        .partition(|(_, c)| matches!(c.name(), "names" | "titles"));
    // The names and titles checks read the same people: built once, here. A panic building
    // them leaves `None`, and each check then builds (and fails) on its own, as it would alone.
    let reads_people = !with_people.is_empty();
    let kb = settings.kb();
    let build_people = || {
        reads_people
            .then(|| {
                catch_unwind(AssertUnwindSafe(|| {
                    use crate::checks::people::{People, Tokens};
                    // The incremental analyzer's tokens, one per block, when it has them.
                    let tokens = match &block_tokens {
                        Some((blocks, lowercase)) if blocks.len() == article.blocks.len() => {
                            Tokens::from_blocks(&article, blocks, Some(lowercase))
                        }
                        _ => Tokens::new(&article),
                    };
                    People::with_tokens(tokens, &article, &entities, &kb)
                }))
                .ok()
            })
            .flatten()
    };
    let cx = Context {
        article: &article,
        entities: &entities,
        figures: &figures,
        attributions: &attributions,
        settings,
        people: None,
    };
    // The checks are independent of each other: on a long article they run side by side,
    // those that read no people while the people are read. Each check's findings are kept
    // under its place in `checks`, so the order (and every tie the sort below keeps) is the
    // same as one after another.
    let parallel = side_by_side(&article);
    let (people, mut ran) = join(parallel, build_people, || run_checks(&cx, &alone, parallel));
    let cx = Context {
        people: people.as_ref(),
        ..cx
    };
    ran.extend(run_checks(&cx, &with_people, parallel));
    ran.sort_by_key(|(i, _)| *i);
    let mut findings = Vec::new();
    for (_, result) in ran {
        match result {
            Ok(out) => findings.extend(out),
            Err(failure) => failures.push(failure),
        }
    }
    // The workspace index reads the people the checks read (with the house knowledge base, if
    // any); when neither names nor titles ran, it reads them itself, with the built-in one.
    let introduced = std::sync::OnceLock::new();
    if let Some(pp) = &people {
        let _ = introduced.set(names::introduced(pp));
    }
    drop(people);
    let mut findings = apply_rule_levels(findings, settings);
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
    });
    Analysis {
        article,
        entities,
        figures,
        attributions,
        findings,
        failures,
        introduced,
    }
}

/// Whether the passes of an analysis of `article` run side by side: waking another thread
/// costs more than a short article's whole analysis.
pub(crate) fn side_by_side(article: &Article) -> bool {
    article.prose.len() >= 64 * 1024
}

/// `a` and `b`, side by side (on rayon's threads) when `parallel`, else one after the other.
pub(crate) fn join<A, B, RA, RB>(parallel: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if parallel {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// What each check (by its place in the list) found, or how it failed, each guarded on its
/// own; side by side when `parallel`.
fn run_checks(
    cx: &Context<'_>,
    checks: &[(usize, &dyn Check)],
    parallel: bool,
) -> Vec<(usize, Result<Vec<Finding>, CheckFailure>)> {
    use rayon::prelude::*;
    let run = |&(i, check): &(usize, &dyn Check)| {
        let mut out = Vec::new();
        let result = match catch_unwind(AssertUnwindSafe(|| check.run(cx, &mut out))) {
            Ok(()) => Ok(out),
            Err(payload) => Err(CheckFailure {
                check: check.name().to_string(),
                message: panic_message(payload.as_ref()),
            }),
        };
        (i, result)
    };
    if parallel {
        checks.par_iter().map(run).collect()
    } else {
        checks.iter().map(run).collect()
    }
}

/// Figures of the body with the attribution that covers each, and every attribution cue.
pub fn find_figures(article: &Article) -> (Vec<Figure>, Vec<Attribution>) {
    // One lowercase copy for all list lookups; ASCII lowercasing keeps every byte offset.
    let lower = article.prose.to_ascii_lowercase();
    let dateline = article.dateline.as_ref().map(|d| d.span);
    let mut figures = Vec::new();
    let mut attributions = Vec::new();
    // What an open quote carries into the next paragraph: its speaker.
    let mut carried = None;
    for block in article.blocks.iter().filter(|b| b.role == Role::Body) {
        // Each sentence's words, made once for both passes.
        let words = lexicon::Words::of_paragraph(block, &article.prose, &lower);
        let first = figures.len();
        figures::find_in_paragraph(&words, dateline, &mut figures);
        carried = attribution::attribute_paragraph(
            &article.prose,
            &lower,
            block,
            &words,
            &carried,
            &mut figures[first..],
            &mut attributions,
        );
    }
    (figures, attributions)
}

/// Drops findings whose rule is off and re-grades those given a severity in configuration.
pub(crate) fn apply_rule_levels(findings: Vec<Finding>, settings: &Settings) -> Vec<Finding> {
    // No levels set (the usual case): every finding stands as it is, none moved.
    if settings.rules.is_empty() {
        return findings;
    }
    findings
        .into_iter()
        .filter_map(|mut f| match settings.rule_level(&f.code) {
            Some(settings::RuleLevel::Off) => None,
            Some(level) => {
                if let Some(sev) = level.severity() {
                    f.severity = sev;
                }
                Some(f)
            }
            None => Some(f),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check that always panics, for the fault-isolation test.
    struct Panics;

    impl Check for Panics {
        fn name(&self) -> &'static str {
            "panics"
        }

        fn rules(&self) -> &'static [Rule] {
            &[]
        }

        fn run(&self, _: &Context<'_>, _: &mut Vec<Finding>) {
            panic!("a bug in a check");
        }
    }

    #[test]
    fn a_panicking_check_is_reported_and_the_others_still_run() {
        let text = "Headline\n\nWASHINGTON - The story.\n";
        let mut checks: Vec<&dyn Check> = vec![&Panics];
        checks.extend(checks_registry::all_checks());
        let a = analyze_with_checks(text, Format::Plain, &Settings::default(), &checks);
        assert_eq!(
            a.failures,
            [CheckFailure {
                check: "panics".into(),
                message: "a bug in a check".into()
            }]
        );
        assert!(a.findings.iter().any(|f| f.code == "dateline.dash"));
        // The same findings as without the broken check.
        let clean = analyze(text, Format::Plain, &Settings::default());
        assert_eq!(a.findings, clean.findings);
    }

    /// On a long article the checks run side by side: a panicking one is still reported alone,
    /// and the others' findings are those and in the order of a short article's one-by-one run.
    #[test]
    fn side_by_side_checks_report_a_panic_and_keep_the_order() {
        let paragraph = "Mayor Ana Cruz said 40 homes were lost. \"We will rebuild,\" Cruz said. \
            About 300 people are missing.\n\n";
        let text = format!(
            "Flood waters rise\n\nMANILA (AP) — {}",
            paragraph.repeat(64 * 1024 / paragraph.len() + 1)
        );
        let article = Article::parse(&text, Format::Plain);
        assert!(side_by_side(&article));
        let mut checks: Vec<&dyn Check> = checks_registry::all_checks().to_vec();
        checks.insert(1, &Panics);
        let settings = Settings::default();
        let a = analyze_with_checks(&text, Format::Plain, &settings, &checks);
        assert_eq!(a.failures.len(), 1);
        assert_eq!(a.failures[0].check, "panics");
        let clean = analyze(&text, Format::Plain, &settings);
        assert!(!clean.findings.is_empty());
        assert_eq!(a.findings, clean.findings);
        let mut analyzer = Analyzer::new();
        let incremental =
            analyzer.analyze_owned_with_checks(text.clone(), Format::Plain, &settings, &checks);
        assert_eq!(incremental.findings, clean.findings);
        assert_eq!(incremental.failures, a.failures);
    }
}
