//! People across the workspace: an index of who is named how in every article, and the
//! findings one article earns when it spells a person differently from the others
//! (`names.cross-article-variant`).
//!
//! Pure and incremental, so the CLI and the language server share it: the CLI builds it once
//! from every file it checked; the server keeps one, calls [`PeopleIndex::insert`] when a
//! document is analyzed (open or on disk) and [`PeopleIndex::remove`] when it goes away, then
//! asks [`cross_article_findings`] for the document it publishes. Lookups go through deletion
//! keys (a hash map), so the cost is linear in the number of people, never all pairs.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use super::finding::{Finding, Fix, Severity, Span, TextEdit};
use super::settings::Settings;
use super::Analysis;
use crate::checks::names::{compatible_first_names, house_preferred_spelling, same_family};
use crate::checks::people::{deletion_keys, within_one_edit, People};
use crate::kb::{FxMap, KbView};

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

/// One person an article introduces in full, without the article's label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduced {
    pub name: String,
    pub first: String,
    pub surname: String,
    pub span: Span,
}

/// The people of `pp` the index keeps: those with a first name and a mention in full.
pub(crate) fn introduced(pp: &People<'_>) -> Vec<Introduced> {
    pp.people
        .iter()
        .filter_map(|p| {
            let first = p.first.clone()?;
            let intro = p.mentions.iter().find(|m| m.words >= 2)?;
            Some(Introduced {
                name: p.name.clone(),
                first,
                surname: p.surname.clone(),
                span: intro.span,
            })
        })
        .collect()
}

/// Every person introduced in full in the articles of a workspace.
///
/// Entries are grouped by spelling of the surname and first name: an article's people are
/// compared with groups (a handful per surname), never with every article that names the same
/// person, so a folder of articles about the same people costs linear time, not quadratic.
#[derive(Debug, Default, Clone)]
pub struct PeopleIndex {
    /// In insertion order; `None` where an article was removed or re-indexed.
    entries: Vec<Option<Entry>>,
    live: usize,
    groups: Vec<Group>,
    // Fx hashing, not SipHash: the keys are the workspace's own names and labels.
    /// Surname → its groups (one per first name), looked up by `&str` with no key made.
    groups_of_surname: FxMap<String, Vec<usize>>,
    /// Deletion key of the lowercased surname → groups.
    by_key: FxMap<u64, Vec<usize>>,
    /// Groups whose surname is in a built-in spelling family.
    family: Vec<usize>,
    by_label: FxMap<String, Vec<usize>>,
}

/// The entries with one surname spelling and one first name.
#[derive(Debug, Clone)]
struct Group {
    surname: String,
    lower: String,
    first: String,
    /// Live entries, in insertion order.
    entries: Vec<usize>,
    /// Live entries per article label.
    labels: BTreeMap<Arc<str>, usize>,
    /// [`PeopleIndex::near`] this surname and first name, kept: many articles name the same
    /// person. It depends on the groups alone (never removed); a new group clears the ones
    /// it would join.
    near: OnceLock<Vec<Spelling>>,
}

/// One person as the index keeps them: the label is shared by the article's entries, and the
/// group stands for the surname and first name.
#[derive(Debug, Clone)]
struct Entry {
    label: Arc<str>,
    /// The full name as introduced.
    name: String,
    span: Span,
    group: usize,
}

/// The people an article introduces in full, as the index keeps them.
pub fn people_of(label: &str, analysis: &Analysis) -> Vec<PersonEntry> {
    introduced_in(analysis)
        .iter()
        .map(|p| PersonEntry {
            label: label.to_string(),
            name: p.name.clone(),
            first: p.first.clone(),
            surname: p.surname.clone(),
            span: p.span,
        })
        .collect()
}

/// The people an article introduces in full, found once per analysis.
pub(crate) fn introduced_in(analysis: &Analysis) -> &[Introduced] {
    analysis.introduced.get_or_init(|| {
        let kb = KbView::builtin();
        introduced(&People::new(&analysis.article, &analysis.entities, &kb))
    })
}

/// One spelling of a surname near the one asked about: its groups whose first name fits.
#[derive(Debug, Clone)]
struct Spelling {
    /// Group ids, none empty: the first one's surname is the spelling.
    groups: Vec<usize>,
    /// Found through the spelling family as well as within one edit: the entries of this
    /// spelling come twice in the list `related` is taken from.
    twice: bool,
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
        let people = introduced_in(analysis);
        if people.is_empty() {
            return;
        }
        // One copy of the label for all the article's entries.
        let shared: Arc<str> = Arc::from(label);
        let mut ids = Vec::with_capacity(people.len());
        for p in people {
            let i = self.entries.len();
            let g = self.group(&p.surname, &p.first);
            let group = &mut self.groups[g];
            group.entries.push(i);
            match group.labels.get_mut(label) {
                Some(n) => *n += 1,
                None => {
                    group.labels.insert(Arc::clone(&shared), 1);
                }
            }
            ids.push(i);
            self.entries.push(Some(Entry {
                label: Arc::clone(&shared),
                name: p.name.clone(),
                span: p.span,
                group: g,
            }));
            self.live += 1;
        }
        self.by_label.insert(label.to_string(), ids);
    }

    /// The group of `surname` with `first`, made if new.
    fn group(&mut self, surname: &str, first: &str) -> usize {
        if let Some(gs) = self.groups_of_surname.get(surname) {
            if let Some(&g) = gs.iter().find(|&&g| self.groups[g].first == first) {
                return g;
            }
        }
        let g = self.groups.len();
        let lower = surname.to_lowercase();
        let family = same_family(surname, surname);
        // The groups whose `near` the new one joins: within one edit (so under one of its
        // keys), or any in a family when it is in one.
        for k in deletion_keys(&lower) {
            let filed = self.by_key.entry(k).or_default();
            for &h in filed.iter() {
                self.groups[h].near.take();
            }
            filed.push(g);
        }
        if family {
            for &h in &self.family {
                self.groups[h].near.take();
            }
            self.family.push(g);
        }
        self.groups.push(Group {
            surname: surname.to_string(),
            lower,
            first: first.to_string(),
            entries: Vec::new(),
            labels: BTreeMap::new(),
            near: OnceLock::new(),
        });
        self.groups_of_surname
            .entry(surname.to_string())
            .or_default()
            .push(g);
        g
    }

    /// Forgets one article (closed and deleted, or about to be re-indexed).
    pub fn remove(&mut self, label: &str) {
        let ids = self.by_label.remove(label).unwrap_or_default();
        for &i in &ids {
            let Some(entry) = self.entries[i].take() else {
                continue;
            };
            self.live -= 1;
            let group = &mut self.groups[entry.group];
            group.entries.retain(|&e| e != i);
            if let Some(n) = group.labels.get_mut(label) {
                *n -= 1;
                if *n == 0 {
                    group.labels.remove(label);
                }
            }
        }
        // A server re-indexes an article at every keystroke: drop the dead entries once they
        // outnumber the live ones (the order of the rest, which `related` follows, stays).
        if self.entries.len() > 2 * self.live + 1024 {
            self.compact();
        }
    }

    fn compact(&mut self) {
        let mut new_id = vec![usize::MAX; self.entries.len()];
        let mut entries = Vec::with_capacity(self.live);
        for (i, e) in std::mem::take(&mut self.entries).into_iter().enumerate() {
            if let Some(e) = e {
                new_id[i] = entries.len();
                entries.push(Some(e));
            }
        }
        self.entries = entries;
        for g in &mut self.groups {
            for e in &mut g.entries {
                *e = new_id[*e];
            }
        }
        for ids in self.by_label.values_mut() {
            ids.retain(|&i| new_id[i] != usize::MAX);
            for i in ids {
                *i = new_id[*i];
            }
        }
    }

    /// People indexed, over all articles.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Spellings of other people whose surname is within one edit of `surname` (the same
    /// spelling included: callers count the files that agree with it), or in its spelling
    /// family, with a first name compatible with `first`.
    /// In the order of their surnames.
    fn near(&self, surname: &str, first: &str) -> Cow<'_, [Spelling]> {
        let group = self
            .groups_of_surname
            .get(surname)
            .and_then(|gs| gs.iter().find(|&&g| self.groups[g].first == first));
        match group {
            Some(&g) => Cow::Borrowed(
                self.groups[g]
                    .near
                    .get_or_init(|| self.find_near(surname, first)),
            ),
            None => Cow::Owned(self.find_near(surname, first)),
        }
    }

    fn find_near(&self, surname: &str, first: &str) -> Vec<Spelling> {
        let lower = surname.to_lowercase();
        let mut ids: Vec<usize> = deletion_keys(&lower)
            .iter()
            .filter_map(|k| self.by_key.get(k))
            .flatten()
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out: BTreeMap<&str, Spelling> = BTreeMap::new();
        for (id, g) in ids.into_iter().map(|g| (g, &self.groups[g])) {
            if within_one_edit(&g.lower, &lower) && compatible_first_names(&g.first, first) {
                out.entry(g.surname.as_str())
                    .or_insert_with(|| Spelling {
                        groups: Vec::new(),
                        twice: false,
                    })
                    .groups
                    .push(id);
            }
        }
        // Families (`Gadhafi`/`Qaddafi`) are more than one edit apart; only names in a family
        // pay for this scan.
        if !same_family(surname, surname) {
            return out.into_values().collect();
        }
        for (id, g) in self.family.iter().map(|&g| (g, &self.groups[g])) {
            if g.surname == surname
                || !same_family(&g.surname, surname)
                || !compatible_first_names(&g.first, first)
            {
                continue;
            }
            let s = out.entry(g.surname.as_str()).or_insert_with(|| Spelling {
                groups: Vec::new(),
                twice: false,
            });
            if within_one_edit(&g.lower, &lower) {
                s.twice = true;
            } else {
                s.groups.push(id);
            }
        }
        out.into_values().collect()
    }
}

impl Spelling {
    fn surname<'i>(&self, index: &'i PeopleIndex) -> &'i str {
        &index.groups[self.groups[0]].surname
    }

    /// The articles other than `label` that use this spelling, in order.
    fn labels<'i>(&self, index: &'i PeopleIndex, label: &str) -> Vec<&'i str> {
        let mut all: Vec<&str> = self
            .groups
            .iter()
            .flat_map(|&g| index.groups[g].labels.keys())
            .map(|l| &**l)
            .filter(|l| *l != label)
            .collect();
        if self.groups.len() > 1 {
            all.sort_unstable();
            all.dedup();
        }
        all
    }

    /// How many articles other than `label` use this spelling.
    fn count(&self, index: &PeopleIndex, label: &str) -> usize {
        match self.groups.as_slice() {
            &[g] => {
                let labels = &index.groups[g].labels;
                labels.len() - usize::from(labels.contains_key(label))
            }
            _ => self.labels(index, label).len(),
        }
    }

    /// The first `n` entries of other articles with this spelling, in the order a scan of the
    /// index meets them.
    fn entries<'i>(&self, index: &'i PeopleIndex, label: &str, n: usize) -> Vec<&'i Entry> {
        let mut ids: Vec<usize> = self
            .groups
            .iter()
            .flat_map(|&g| {
                index.groups[g]
                    .entries
                    .iter()
                    .copied()
                    .filter(|&i| {
                        index.entries[i]
                            .as_ref()
                            .is_some_and(|e| &*e.label != label)
                    })
                    .take(n)
            })
            .collect();
        ids.sort_unstable();
        ids.truncate(n);
        let once: Vec<&Entry> = ids
            .into_iter()
            .filter_map(|i| index.entries[i].as_ref())
            .collect();
        if self.twice {
            once.iter().chain(&once).take(n).copied().collect()
        } else {
            once
        }
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
    let kb = settings.kb();
    // `Weber` and `Webber`, both census surnames: two people, not one spelled two ways
    // (spelling families are the house rule's to judge).
    let two_surnames =
        |a: &str, b: &str| kb.surname(a).is_some() && kb.surname(b).is_some() && !same_family(a, b);
    for p in introduced_in(analysis) {
        if p.surname.chars().count() < 4 {
            continue;
        }
        let near = index.near(&p.surname, &p.first);
        // Files per other spelling, and the files that agree with this one.
        let files: Vec<(&str, &Spelling, usize)> = near
            .iter()
            .map(|sp| (sp.surname(index), sp))
            .filter(|(s, _)| *s != p.surname)
            .filter(|(s, _)| !two_surnames(s, &p.surname) && !same_but_typography(s, &p.surname))
            .map(|(s, sp)| (s, sp, sp.count(index, label)))
            .filter(|(_, _, n)| *n > 0)
            .collect();
        if files.is_empty() {
            continue;
        }
        let ours = near
            .iter()
            .find(|sp| sp.surname(index) == p.surname)
            .map_or(0, |sp| sp.count(index, label))
            + 1;
        let preferred = house_preferred_spelling(&p.surname, settings);
        if preferred.as_deref() == Some(p.surname.as_str()) {
            continue;
        }
        let Some(&(spelling, chosen, n)) = files
            .iter()
            .filter(|(s, _, n)| *n >= ours || preferred.as_deref() == Some(*s))
            .max_by_key(|(s, _, n)| (preferred.as_deref() == Some(*s), *n, std::cmp::Reverse(*s)))
        else {
            continue;
        };
        // Every occurrence of this spelling in the article, for the fix.
        let edits: Vec<TextEdit> = word_occurrences(text, &p.surname)
            .into_iter()
            .map(|s| TextEdit::replace(s, spelling))
            .collect();
        let at = word_occurrences(p.span.text(text), &p.surname)
            .first()
            .map(|s| s.shifted(p.span.start))
            .unwrap_or(p.span);
        let labels = chosen.labels(index, label);
        let list: Vec<&str> = labels.iter().take(3).copied().collect();
        let mut f = Finding::new(
            "names.cross-article-variant",
            Severity::Warning,
            at,
            format!(
                "`{}` is spelled `{spelling}` in {} other article{} ({}{})",
                p.surname,
                n,
                if n == 1 { "" } else { "s" },
                list.join(", "),
                if n > 3 { ", …" } else { "" }
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
        for e in chosen.entries(index, label, 5) {
            f = f.with_related_in(&*e.label, e.span, format!("`{}` in {}", e.name, e.label));
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
    fn analyses_that_released_their_models_find_the_same() {
        let s = Settings::default();
        // With the names check, which reads the people, and with no check at all, when the
        // people are read from the model as it is released.
        let with_checks: [fn(&str) -> Analysis; 2] = [analysis, |text| {
            crate::engine::analyze_with_checks(text, Format::Plain, &Settings::default(), &[])
        }];
        for analyzed in with_checks {
            let full = [A, B, C].map(analyzed);
            let released = [A, B, C].map(|text| {
                let mut a = analyzed(text);
                a.release_model();
                assert!(a.article.blocks.is_empty() && a.entities.is_empty());
                a
            });
            let labels = ["a.txt", "b.txt", "c.txt"];
            let index = |of: &[Analysis; 3]| {
                PeopleIndex::from_analyses(labels.iter().copied().zip(of.iter()))
            };
            let (full_index, released_index) = (index(&full), index(&released));
            for (i, label) in labels.iter().enumerate() {
                let found = cross_article_findings(label, &released[i], &released_index, &s);
                assert_eq!(
                    found,
                    cross_article_findings(label, &full[i], &full_index, &s)
                );
                assert_eq!(found.len(), usize::from(*label == "c.txt"));
                assert_eq!(released[i].findings, full[i].findings);
            }
        }
    }

    #[test]
    fn different_first_names_are_different_people() {
        let d = analysis("Talks end\n\nKYIV, Ukraine (AP) — Lawyer Olena Kulebo spoke on Friday. Kulebo said little.\n");
        let a = analysis(A);
        let index = PeopleIndex::from_analyses([("a.txt", &a), ("d.txt", &d)]);
        assert!(cross_article_findings("d.txt", &d, &index, &Settings::default()).is_empty());
    }

    #[test]
    fn re_indexing_an_article_many_times_keeps_the_index_small_and_the_findings() {
        let (a, b, c) = (analysis(A), analysis(B), analysis(C));
        let mut index = PeopleIndex::from_analyses([("a.txt", &a), ("b.txt", &b), ("c.txt", &c)]);
        // A server re-indexes the article being edited at every keystroke.
        for _ in 0..3000 {
            index.insert("b.txt", &b);
        }
        assert!(
            index.entries.len() < 2 * index.len() + 1100,
            "not compacted"
        );
        // The same as an index that met the articles in the order they now stand.
        let fresh = PeopleIndex::from_analyses([("a.txt", &a), ("c.txt", &c), ("b.txt", &b)]);
        let s = Settings::default();
        assert_eq!(
            cross_article_findings("c.txt", &c, &index, &s),
            cross_article_findings("c.txt", &c, &fresh, &s)
        );
        assert_eq!(index.len(), fresh.len());
    }

    #[test]
    fn an_index_edited_in_any_order_finds_what_a_fresh_one_finds() {
        // Spellings kept per group must follow articles added, removed and re-added: the
        // server's index meets them in whatever order the reporter opens and edits files.
        let texts = [
            A,
            B,
            C,
            "Talks resume\n\nKYIV, Ukraine (AP) — Foreign Minister Dmytro Kulyba spoke. Kulyba said more.\n",
            "Talks stall\n\nKYIV, Ukraine (AP) — Foreign Minister Dmytro Kuleba left. Kuleba said nothing.\n",
            "Envoy speaks\n\nKYIV, Ukraine (AP) — Lawyer Olena Kulebo spoke. Kulebo said little.\n",
        ];
        let analyses: Vec<Analysis> = texts.iter().map(|t| analysis(t)).collect();
        let labels: Vec<String> = (0..texts.len()).map(|i| format!("{i}.txt")).collect();
        let s = Settings::default();
        // A fixed shuffle of inserts and removals, ending with every article in.
        let steps: &[(bool, usize)] = &[
            (true, 2),
            (true, 0),
            (false, 2),
            (true, 5),
            (true, 3),
            (false, 0),
            (true, 1),
            (true, 2),
            (false, 5),
            (true, 4),
            (true, 0),
            (false, 3),
            (true, 5),
            (true, 3),
        ];
        let mut index = PeopleIndex::new();
        for &(add, i) in steps {
            if add {
                index.insert(&labels[i], &analyses[i]);
            } else {
                index.remove(&labels[i]);
            }
        }
        let fresh =
            PeopleIndex::from_analyses(labels.iter().map(String::as_str).zip(analyses.iter()));
        assert_eq!(index.len(), fresh.len());
        // Related places come in the order the index met their articles: compared as sets.
        let found = |index: &PeopleIndex, label: &str, a: &Analysis| {
            let mut found = cross_article_findings(label, a, index, &s);
            for f in &mut found {
                f.related
                    .sort_by(|x, y| (&x.path, x.span).cmp(&(&y.path, y.span)));
            }
            found
        };
        for (label, a) in labels.iter().zip(&analyses) {
            assert_eq!(found(&index, label, a), found(&fresh, label, a), "{label}");
        }
        assert!(!found(&index, "2.txt", &analyses[2]).is_empty());
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
