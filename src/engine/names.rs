//! People across the workspace: an index of who is named how in every article, and the
//! findings one article earns when it spells a person differently from the others
//! (`names.cross-article-variant`).
//!
//! Pure and incremental, so the CLI and the language server share it: the CLI builds it once
//! from every file it checked; the server keeps one, calls [`PeopleIndex::insert`] when a
//! document is analyzed (open or on disk) and [`PeopleIndex::remove`] when it goes away, then
//! asks [`cross_article_findings`] for the document it publishes. Lookups go through deletion
//! keys (a hash map), so the cost is linear in the number of people, never all pairs.

use std::collections::{BTreeSet, HashMap};

use super::finding::{Finding, Fix, Severity, Span, TextEdit};
use super::settings::Settings;
use super::Analysis;
use crate::checks::names::{compatible_first_names, house_preferred_spelling, same_family};
use crate::checks::people::{deletion_keys, within_one_edit, People};
use crate::kb::KbView;

/// One person as one article names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonEntry {
    /// The article's label (its path as the caller names it).
    pub label: String,
    /// The full name as introduced (`Volodymyr Zelensky`).
    pub name: String,
    pub first: String,
    /// The surname as spelled there (`Zelensky`).
    pub surname: String,
    /// The introduction: the first mention with the full name.
    pub span: Span,
}

/// Every person introduced in full in the articles of a workspace.
#[derive(Debug, Default, Clone)]
pub struct PeopleIndex {
    /// `None` where an article was removed or re-indexed.
    entries: Vec<Option<PersonEntry>>,
    /// Deletion key of the lowercased surname → entries.
    by_key: HashMap<String, Vec<usize>>,
    by_label: HashMap<String, Vec<usize>>,
}

/// The people an article introduces in full, as the index keeps them.
pub fn people_of(label: &str, analysis: &Analysis) -> Vec<PersonEntry> {
    let kb = KbView::builtin();
    let pp = People::new(&analysis.article, &analysis.entities, &kb);
    pp.people
        .iter()
        .filter_map(|p| {
            let first = p.first.clone()?;
            let intro = p.mentions.iter().find(|m| m.words >= 2)?;
            Some(PersonEntry {
                label: label.to_string(),
                name: p.name.clone(),
                first,
                surname: p.surname.clone(),
                span: intro.span,
            })
        })
        .collect()
}

impl PeopleIndex {
    pub fn new() -> PeopleIndex {
        PeopleIndex::default()
    }

    /// An index over many analyzed articles, each with its label.
    pub fn from_analyses<'a>(
        articles: impl IntoIterator<Item = (&'a str, &'a Analysis)>,
    ) -> PeopleIndex {
        let mut index = PeopleIndex::new();
        for (label, analysis) in articles {
            index.insert(label, analysis);
        }
        index
    }

    /// Indexes (or re-indexes) one article.
    pub fn insert(&mut self, label: &str, analysis: &Analysis) {
        self.remove(label);
        for entry in people_of(label, analysis) {
            let i = self.entries.len();
            for k in deletion_keys(&entry.surname.to_lowercase()) {
                self.by_key.entry(k).or_default().push(i);
            }
            self.by_label.entry(label.to_string()).or_default().push(i);
            self.entries.push(Some(entry));
        }
    }

    /// Forgets one article (closed and deleted, or about to be re-indexed).
    pub fn remove(&mut self, label: &str) {
        for i in self.by_label.remove(label).unwrap_or_default() {
            self.entries[i] = None;
        }
    }

    /// People indexed, over all articles.
    pub fn len(&self) -> usize {
        self.entries.iter().flatten().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entries of other articles whose surname is within one edit of `surname`, or of its
    /// spelling family.
    fn near(&self, label: &str, surname: &str) -> Vec<&PersonEntry> {
        let lower = surname.to_lowercase();
        let mut ids: Vec<usize> = deletion_keys(&lower)
            .iter()
            .filter_map(|k| self.by_key.get(k))
            .flatten()
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        // The same spelling comes back too: callers count the files that agree with it.
        let mut out: Vec<&PersonEntry> = ids
            .into_iter()
            .filter_map(|i| self.entries[i].as_ref())
            .filter(|e| e.label != label && within_one_edit(&e.surname.to_lowercase(), &lower))
            .collect();
        // Families (`Gadhafi`/`Qaddafi`) are more than one edit apart; only names in a family
        // pay for this scan.
        if !same_family(surname, surname) {
            return out;
        }
        out.extend(self.entries.iter().flatten().filter(|e| {
            e.label != label && e.surname != surname && same_family(&e.surname, surname)
        }));
        out
    }
}

/// `O'Malley` and `O’Malley` (one apostrophe straight, one curly), `Rican` and `Ricans`: the
/// same spelling as far as a name goes.
fn same_but_typography(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace('’', "'");
    let (a, b) = (norm(a), norm(b));
    a == b || a.strip_suffix('s') == Some(b.as_str()) || b.strip_suffix('s') == Some(a.as_str())
}

/// Findings for the article `label`: a person it spells differently from other articles of
/// the workspace, reported on the spelling fewer articles use (both, on a tie), never on the
/// house's preferred spelling. Rule levels from `settings` apply.
pub fn cross_article_findings(
    label: &str,
    analysis: &Analysis,
    index: &PeopleIndex,
    settings: &Settings,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let text = analysis.article.text.as_str();
    let kb = KbView::builtin();
    // `Weber` and `Webber`, both census surnames: two people, not one spelled two ways
    // (spelling families are the house rule's to judge).
    let two_surnames =
        |a: &str, b: &str| kb.surname(a).is_some() && kb.surname(b).is_some() && !same_family(a, b);
    for p in people_of(label, analysis) {
        if p.surname.chars().count() < 4 {
            continue;
        }
        let (same, others): (Vec<&PersonEntry>, Vec<&PersonEntry>) = index
            .near(label, &p.surname)
            .into_iter()
            .filter(|e| compatible_first_names(&e.first, &p.first))
            .filter(|e| e.surname == p.surname || !two_surnames(&e.surname, &p.surname))
            .filter(|e| e.surname == p.surname || !same_but_typography(&e.surname, &p.surname))
            .partition(|e| e.surname == p.surname);
        if others.is_empty() {
            continue;
        }
        // Files per spelling: this one, and each other spelling.
        let mut files: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for e in &others {
            files.entry(&e.surname).or_default().insert(&e.label);
        }
        let ours = same
            .iter()
            .map(|e| e.label.as_str())
            .collect::<BTreeSet<_>>()
            .len()
            + 1;
        let preferred = house_preferred_spelling(&p.surname, settings);
        if preferred.as_deref() == Some(p.surname.as_str()) {
            continue;
        }
        let Some((spelling, labels)) = files
            .iter()
            .filter(|(s, l)| l.len() >= ours || preferred.as_deref() == Some(**s))
            .max_by_key(|(s, l)| {
                (
                    preferred.as_deref() == Some(**s),
                    l.len(),
                    std::cmp::Reverse(**s),
                )
            })
        else {
            continue;
        };
        // Every occurrence of this spelling in the article, for the fix.
        let edits: Vec<TextEdit> = word_occurrences(text, &p.surname)
            .into_iter()
            .map(|s| TextEdit::replace(s, *spelling))
            .collect();
        let at = word_occurrences(p.span.text(text), &p.surname)
            .first()
            .map(|s| s.shifted(p.span.start))
            .unwrap_or(p.span);
        let list: Vec<&str> = labels.iter().take(3).copied().collect();
        let mut f = Finding::new(
            "names.cross-article-variant",
            Severity::Warning,
            at,
            format!(
                "`{}` is spelled `{spelling}` in {} other article{} ({}{})",
                p.surname,
                labels.len(),
                if labels.len() == 1 { "" } else { "s" },
                list.join(", "),
                if labels.len() > 3 { ", …" } else { "" }
            ),
        );
        if !edits.is_empty() {
            f = f.with_fix(Fix {
                title: format!("Spell it `{spelling}` throughout"),
                edits,
                safe: false,
                preferred: true,
            });
        }
        for e in others.iter().filter(|e| e.surname == *spelling).take(5) {
            f = f.with_related_in(&e.label, e.span, format!("`{}` in {}", e.name, e.label));
        }
        out.push(f);
    }
    super::apply_rule_levels(out, settings)
}

/// Where `word` stands as a whole word in `text`.
fn word_occurrences(text: &str, word: &str) -> Vec<Span> {
    if word.is_empty() {
        return Vec::new();
    }
    let boundary = |c: Option<char>| c.map_or(true, |c| !c.is_alphanumeric());
    text.match_indices(word)
        .filter(|(i, _)| {
            boundary(text[..*i].chars().next_back())
                && boundary(text[i + word.len()..].chars().next())
        })
        .map(|(i, _)| Span::new(i, i + word.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyze, Format};

    fn analysis(text: &str) -> Analysis {
        analyze(text, Format::Plain, &Settings::default())
    }

    const A: &str = "Minister meets envoys\n\nKYIV, Ukraine (AP) — Foreign Minister Dmytro Kuleba met envoys on Monday. Kuleba said talks would go on.\n";
    const B: &str = "Talks go on\n\nKYIV, Ukraine (AP) — Foreign Minister Dmytro Kuleba spoke on Tuesday. Kuleba said more.\n";
    const C: &str = "Talks end\n\nKYIV, Ukraine (AP) — Foreign Minister Dmytro Kulebo spoke on Friday. Kulebo said little.\n";

    #[test]
    fn the_minority_spelling_is_reported_with_the_other_files() {
        let (a, b, c) = (analysis(A), analysis(B), analysis(C));
        let index = PeopleIndex::from_analyses([("a.txt", &a), ("b.txt", &b), ("c.txt", &c)]);
        let s = Settings::default();
        assert!(cross_article_findings("a.txt", &a, &index, &s).is_empty());
        assert!(cross_article_findings("b.txt", &b, &index, &s).is_empty());
        let found = cross_article_findings("c.txt", &c, &index, &s);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.code, "names.cross-article-variant");
        assert_eq!(f.span.text(C), "Kulebo");
        assert!(f.related.iter().all(|r| r.path.is_some()));
        assert_eq!(f.related.len(), 2);
        let fixed = crate::engine::apply_edits(C, &f.fixes[0].edits).unwrap();
        assert!(!fixed.contains("Kulebo") && fixed.contains("Dmytro Kuleba"));
    }

    #[test]
    fn different_first_names_are_different_people() {
        let d = analysis("Talks end\n\nKYIV, Ukraine (AP) — Lawyer Olena Kulebo spoke on Friday. Kulebo said little.\n");
        let a = analysis(A);
        let index = PeopleIndex::from_analyses([("a.txt", &a), ("d.txt", &d)]);
        assert!(cross_article_findings("d.txt", &d, &index, &Settings::default()).is_empty());
    }

    #[test]
    fn two_census_surnames_are_two_people() {
        // `Weber` and `Webber` are both surnames: an analyst in one story and another in the
        // next are two people, even when the first names agree (`James`, `Jim`).
        let w1 = analysis("Banks rise\n\nNEW YORK (AP) — \"It focuses attention,\" said James Weber, analyst at a bank. Weber said more.\n");
        let w2 = analysis("Bonds rise\n\nTORONTO (AP) — \"It is supportive,\" said Jim Webber, director at a bank. Webber said more.\n");
        let w3 = analysis("Bonds fall\n\nTORONTO (AP) — \"It is weak,\" said Jim Webber, director at a bank. Webber said less.\n");
        let index = PeopleIndex::from_analyses([("1.txt", &w1), ("2.txt", &w2), ("3.txt", &w3)]);
        let s = Settings::default();
        assert!(cross_article_findings("1.txt", &w1, &index, &s).is_empty());
        // Negative: a spelling no census lists is still a variant (`Kulebo`, above).
    }

    #[test]
    fn apostrophes_and_plurals_are_no_spelling() {
        assert!(same_but_typography("O'Malley", "O’Malley"));
        assert!(same_but_typography("Rican", "Ricans"));
        // Negative: a letter changed is a spelling.
        assert!(!same_but_typography("Kuleba", "Kulebo"));
    }

    #[test]
    fn removing_an_article_forgets_its_people() {
        let (a, c) = (analysis(A), analysis(C));
        let mut index = PeopleIndex::from_analyses([("a.txt", &a), ("c.txt", &c)]);
        let n = index.len();
        index.remove("a.txt");
        assert!(index.len() < n);
        assert!(cross_article_findings("c.txt", &c, &index, &Settings::default()).is_empty());
        index.insert("a.txt", &a);
        assert_eq!(index.len(), n);
    }
}
