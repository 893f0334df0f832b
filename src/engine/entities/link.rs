//! Deciding what the undecided candidates are from the rest of the article, and linking
//! mentions into entities: a surname links to the person introduced with it.

use super::{Cand, Evidence, NameKeys};
use crate::engine::model::{Entity, EntityKind, Mention};
use crate::engine::text::{deletion_keys, filed_under, within_one_edit, LetterMasks};
use crate::kb::{Case, FxMap, FxSet, KbView};

/// A candidate as linking sees it: where it stands now and what linking decides of it, over
/// the candidate as extraction found it (borrowed: the incremental analyzer keeps candidates
/// per paragraph, and linking must not copy every name of the article on every keystroke).
/// Fields of its own shadow the candidate's; the rest are read through `Deref`. Those that
/// linking's passes read of every candidate are copied here, into one array read in order:
/// read through the candidate, each pass over a long article's 250,000 took a cache miss or
/// two for each.
pub(super) struct Linked<'a> {
    cand: &'a Cand,
    pub(super) span: crate::engine::finding::Span,
    kind: Option<EntityKind>,
    evidence: Evidence,
    key: u32,
    surname_key: Option<u32>,
    text_key: u32,
    words: usize,
    caps: bool,
    place_cue: bool,
    likely_common: bool,
}

impl<'a> Linked<'a> {
    /// `cand`, its span moved by `at` (wrapping: spans of cached paragraphs are relative).
    pub(super) fn new(cand: &'a Cand, at: usize) -> Linked<'a> {
        Linked {
            cand,
            span: crate::engine::finding::Span::new(
                cand.span.start.wrapping_add(at),
                cand.span.end.wrapping_add(at),
            ),
            kind: cand.kind,
            evidence: cand.evidence,
            key: cand.key,
            surname_key: cand.surname_key,
            text_key: cand.text_key,
            words: cand.words,
            caps: cand.caps,
            place_cue: cand.place_cue,
            likely_common: cand.likely_common,
        }
    }
}

impl std::ops::Deref for Linked<'_> {
    type Target = Cand;

    fn deref(&self) -> &Cand {
        self.cand
    }
}

/// Surnames of the people a full name introduced (`kirby` → `John Kirby`), by number: the
/// number of the full name as written.
fn people_by_surname(cands: &[Linked<'_>]) -> FxMap<u32, u32> {
    let mut map = FxMap::default();
    for c in cands {
        if c.kind == Some(EntityKind::Person) && c.words >= 2 {
            if let Some(last) = c.surname_key {
                map.entry(last).or_insert(c.text_key);
            }
        }
    }
    map
}

/// Settles each candidate's kind from what the whole article says.
pub(super) fn resolve(cands: &mut Vec<Linked<'_>>, kb: &KbView<'_>, keys: &NameKeys, sports: bool) {
    let surnames = people_by_surname(cands);
    // Full names of people, and whether a title or a role introduced them (`Deputy Prime
    // Minister Tareq Aziz`), not just a `said` after them (`Zycie Warszawy said`, a newspaper).
    let mut full_names: FxMap<u32, bool> = FxMap::default();
    for c in cands
        .iter()
        .filter(|c| c.kind == Some(EntityKind::Person) && c.words >= 2)
    {
        *full_names.entry(c.key).or_default() |= c.evidence == Evidence::Strong;
    }
    let introduced = |k: u32| full_names.get(&k).copied().unwrap_or(false);
    // What each spelling was decided as elsewhere, with how sure.
    let mut votes: FxMap<u32, [u32; 3]> = FxMap::default();
    // Spellings some mention calls an organization outright (`Zycie Warszawy daily said`).
    let mut called_organization: FxSet<u32> = FxSet::default();
    for c in cands.iter() {
        if let Some(k) = c.kind {
            if c.evidence >= Evidence::Weak {
                let slot = match k {
                    EntityKind::Person => 0,
                    EntityKind::Place => 1,
                    EntityKind::Organization => 2,
                };
                let w = if c.evidence == Evidence::Strong { 2 } else { 1 };
                votes.entry(c.key).or_default()[slot] += w;
                if k == EntityKind::Organization && c.evidence == Evidence::Strong {
                    called_organization.insert(c.key);
                }
            }
        }
    }
    for c in cands.iter_mut() {
        let k = c.key;
        let is_person_name =
            c.words == 1 && surnames.contains_key(&k) || full_names.contains_key(&k);
        // A person the article introduced claims their surname (`Dalton`, `Biden`) unless a cue
        // makes this mention a place (`in Washington`, `Washington-based`, the dateline).
        if is_person_name && !c.place_cue && c.kind != Some(EntityKind::Person) {
            // A cue around one mention (`"Tareq Aziz said in a statement`) does not outweigh
            // the same full name introduced as a person; the knowledge base does.
            let same_full_name = c.words >= 2
                && introduced(k)
                && kb
                    .organization(keys.name(c.text_key), Case::Sensitive)
                    .is_none();
            if c.words == 1 || c.evidence < Evidence::Strong || same_full_name {
                c.kind = Some(EntityKind::Person);
                c.evidence = Evidence::Weak;
            }
            continue;
        }
        // `Zycie Warszawy daily said` … `Zycie Warszawy said`: a name the article calls an
        // organization outright is one wherever only a `said` made it a person.
        if c.kind == Some(EntityKind::Person)
            && c.evidence < Evidence::Strong
            && c.words >= 2
            && !introduced(k)
            && (called_organization.contains(&k) || votes.get(&k).is_some_and(|v| v[2] > v[0]))
        {
            c.kind = Some(EntityKind::Organization);
            c.evidence = Evidence::Weak;
            continue;
        }
        if c.kind.is_none() || c.evidence == Evidence::None {
            if let Some(v) = votes.get(&k) {
                let best = (0..3).max_by_key(|&i| v[i]).unwrap_or(0);
                if v[best] > 0 {
                    c.kind = Some(match best {
                        0 => EntityKind::Person,
                        1 => EntityKind::Place,
                        _ => EntityKind::Organization,
                    });
                    c.evidence = Evidence::Weak;
                    continue;
                }
            }
        }
        if c.kind.is_none() && c.words == 1 && !c.caps {
            // A known official's surname used alone (`the Biden administration`).
            let text = keys.name(c.text_key);
            if !kb.people_with_surname(text).is_empty() && kb.place(text, Case::Sensitive).is_none()
            {
                c.kind = Some(EntityKind::Person);
                c.evidence = Evidence::Weak;
            }
        }
    }
    misspelt_surnames(cands, &surnames, kb, keys);
    if sports {
        // In sports stories a city or county standing alone names its team (`Ajax`,
        // `Barcelona beat Lens`, `Essex`); countries, continents and places after a preposition
        // stay places. A name nothing else explains, mid-sentence, is a team too.
        for c in cands.iter_mut() {
            if c.kind == Some(EntityKind::Place) && !c.place_cue && c.words <= 3 {
                let city = kb
                    .place(keys.name(c.text_key), Case::Insensitive)
                    .map_or(true, |p| {
                        p.kind == crate::kb::PlaceKind::City
                            || p.kind == crate::kb::PlaceKind::State
                    });
                if city {
                    c.kind = Some(EntityKind::Organization);
                }
            } else if c.kind.is_none() && !c.likely_common && !c.caps && c.words <= 3 {
                c.kind = Some(EntityKind::Organization);
                c.evidence = Evidence::Weak;
            }
        }
    }
    cands.retain(|c| c.kind.is_some());
}

/// Up to how many surnames `misspelt_surnames` compares a word with one by one.
const COMPARED_ONE_BY_ONE: usize = 32;

/// `Edbmrg` after `Stefan Edberg`: one word nothing vouches for (no knowledge base entry, no
/// cue), one letter off the surname of a person the story introduced in full, is that person
/// misspelt, not a team or a company (the names check then reports the spelling). A word that
/// is itself a census surname of some currency (`Webber` beside `Weber`) is someone else; a
/// rare one (`Brennen` beside `Brennan`, under 2 in 100,000) is likelier the slip. Short
/// surnames have too many neighbours to tell.
fn misspelt_surnames(
    cands: &mut [Linked<'_>],
    surnames: &FxMap<u32, u32>,
    kb: &KbView<'_>,
    keys: &NameKeys,
) {
    let surnames_compared: Vec<&str> = surnames
        .keys()
        .map(|&id| keys.name(id))
        .filter(|s| s.chars().count() >= 4 && !s.contains(['.', '-', ' ']))
        .collect();
    if surnames_compared.is_empty() {
        return;
    }
    // The surnames' letters: a word whose letters are too far from every one's is near none.
    let masks = LetterMasks::of(surnames_compared.iter().copied());
    // Most stories introduce a few people: a word is compared with each surname. Past that,
    // the surnames are filed by deletion key, (key, surname) sorted by key in one list, and a
    // word is compared only with those sharing one of its keys (all a surname one edit away
    // does).
    let mut index: Vec<(u64, &str)> = Vec::new();
    if surnames_compared.len() > COMPARED_ONE_BY_ONE {
        for &s in &surnames_compared {
            index.extend(deletion_keys(s).into_iter().map(|k| (k, s)));
        }
        index.sort_unstable_by_key(|&(k, _)| k);
    }
    let one_letter_off = |s: &str, k: &str| {
        s.chars().next() == k.chars().next()
            && within_one_edit(s, k)
            && s.strip_suffix('s') != Some(k)
            && k.strip_suffix('s') != Some(s)
    };
    // Whether a word is one letter off an introduced surname: a long story writes the same
    // words again and again.
    let mut near_of: FxMap<u32, bool> = FxMap::default();
    for c in cands.iter_mut() {
        if c.words != 1
            || c.kind == Some(EntityKind::Person)
            || c.evidence == Evidence::Strong
            || c.place_cue
            || c.caps
            || surnames.contains_key(&c.key)
        {
            continue;
        }
        let k = keys.name(c.key);
        let text = keys.name(c.text_key);
        if k.chars().count() < 4
            || !text.starts_with(char::is_uppercase)
            || text.chars().skip(1).any(char::is_uppercase)
        {
            continue;
        }
        let near = *near_of.entry(c.key).or_insert_with(|| {
            masks.may_be_near(k)
                && if index.is_empty() {
                    surnames_compared.iter().any(|s| one_letter_off(s, k))
                } else {
                    deletion_keys(k)
                        .iter()
                        .any(|&d| filed_under(&index, d).any(|s| one_letter_off(s, k)))
                }
        });
        if near
            && !kb.surname(text).is_some_and(|f| f.per_100k >= 2)
            && kb.first_name(text).is_none()
            && !kb.is_place_name(text)
            && kb.organization(text, Case::Sensitive).is_none()
        {
            c.kind = Some(EntityKind::Person);
            c.evidence = Evidence::Weak;
        }
    }
}

struct Building {
    /// The entity, its mentions not yet in it (see `entities`).
    entity: Entity,
    /// Built from a surname alone so far; a later full name completes it.
    partial: bool,
    /// How many mentions it has, and where the last starts.
    mentions: usize,
    last_mention: usize,
}

impl Building {
    /// An entity first mentioned at `start`.
    fn new(entity: Entity, partial: bool, start: usize) -> Building {
        Building {
            entity,
            partial,
            mentions: 1,
            last_mention: start,
        }
    }

    /// Counts a mention at `start`, after all before it.
    fn add(&mut self, start: usize) {
        self.mentions += 1;
        self.last_mention = start;
    }
}

/// Groups candidates into entities in order of first mention.
pub(super) fn entities(
    cands: Vec<Linked<'_>>,
    kb: &KbView<'_>,
    keys: &mut NameKeys,
) -> Vec<Entity> {
    let surnames = people_by_surname(&cands);
    let mut built: Vec<Building> = Vec::with_capacity(cands.len());
    // Every mention with its entity's index, in order: each entity's list is made at the end,
    // at its size, not grown one mention at a time.
    let mut mentions: Vec<(usize, crate::engine::finding::Span)> = Vec::with_capacity(cands.len());
    // Entities by kind and lowercased name, by its number: one map a kind.
    let mut by_key: [FxMap<u32, usize>; 3] = Default::default();
    let kind_at = |kind: EntityKind| match kind {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Organization => 2,
    };
    // Lowercased surname or single name → people with it.
    let mut people_by_word: FxMap<u32, Vec<usize>> = FxMap::default();
    // Lowercased surname → people named so far by it alone (partial), in order: a full name
    // looks its surname up here rather than scanning every entity built.
    let mut partial_by_surname: FxMap<u32, Vec<usize>> = FxMap::default();
    // The knowledge base's name for a spelling: an article names the same places and
    // organizations again and again, and each lookup lowercases and hashes.
    // With the number of the name's key (the knowledge base's name, else the spelling,
    // lowercased). By the spelling's own number: organizations are looked up as written.
    let mut canonical_of: FxMap<(EntityKind, bool, u32), (Option<String>, u32)> = FxMap::default();
    for c in &cands {
        let Some(kind) = c.kind else { continue };
        match kind {
            EntityKind::Person => {
                let k = c.key;
                let by_key = &mut by_key[kind_at(kind)];
                let idx = if c.words >= 2 {
                    if let Some(&i) = by_key.get(&k) {
                        // A surname first (`Yeltsin` in the headline) named after this full
                        // name: the full name now stands, and another first name with the
                        // surname (`Naina Yeltsin`) is someone else.
                        built[i].partial = false;
                        Some(i)
                    } else if let Some(i) = c
                        .surname_key
                        .and_then(|l| partial_by_surname.get(&l))
                        .and_then(|ids| ids.iter().copied().find(|&i| built[i].partial))
                    {
                        // `Biden administration` … `President Joe Biden`: the same person.
                        built[i].partial = false;
                        built[i].entity.name = keys.name(c.text_key).to_string();
                        by_key.insert(k, i);
                        Some(i)
                    } else {
                        None
                    }
                } else {
                    // The person most recently mentioned with this surname or name.
                    people_by_word
                        .get(&k)
                        .and_then(|ids| ids.iter().copied().max_by_key(|&i| built[i].last_mention))
                };
                match idx {
                    Some(i) => {
                        let b = &mut built[i];
                        if b.entity.title.is_none() {
                            b.entity.title = c.title.clone();
                        }
                        b.add(c.span.start);
                        mentions.push((i, c.span));
                    }
                    None => {
                        let (written, partial) = if c.words >= 2 {
                            (c.text_key, false)
                        } else {
                            (surnames.get(&k).copied().unwrap_or(c.text_key), true)
                        };
                        let surname = keys.surname_of(written);
                        let name_key = keys.id_lowercase_of(written);
                        for w in surname.into_iter().chain([name_key]) {
                            people_by_word.entry(w).or_default().push(built.len());
                        }
                        by_key.insert(name_key, built.len());
                        if let Some(s) = surname.filter(|_| partial) {
                            partial_by_surname.entry(s).or_default().push(built.len());
                        }
                        mentions.push((built.len(), c.span));
                        built.push(Building::new(
                            Entity {
                                kind,
                                name: keys.name(written).to_string(),
                                title: c.title.clone(),
                                mentions: Vec::new(),
                                references: Vec::new(),
                            },
                            partial,
                            c.span.start,
                        ));
                    }
                }
            }
            EntityKind::Place | EntityKind::Organization => {
                let (canonical, k) = canonical_of
                    .entry((kind, c.caps, c.text_key))
                    .or_insert_with(|| {
                        let text = keys.name(c.text_key);
                        let canonical = match kind {
                            EntityKind::Place => {
                                kb.place(text, Case::Insensitive).map(|p| p.name.clone())
                            }
                            _ => kb
                                .organization(
                                    text,
                                    if c.caps {
                                        Case::Insensitive
                                    } else {
                                        Case::Sensitive
                                    },
                                )
                                .map(|o| o.name.clone()),
                        };
                        let k = match &canonical {
                            Some(name) => keys.id_lowercase(name),
                            None => keys.id_lowercase_of(c.text_key),
                        };
                        (canonical, k)
                    });
                let k = *k;
                let text = keys.name(c.text_key);
                let by_key = &mut by_key[kind_at(kind)];
                match by_key.get(&k) {
                    Some(&i) => {
                        let b = &mut built[i];
                        if b.partial && !c.caps {
                            // The first mention was in capitals (a dateline, a headline): name the
                            // entity as the body writes it.
                            b.entity.name = text.to_string();
                            b.partial = false;
                        }
                        b.add(c.span.start);
                        mentions.push((i, c.span));
                    }
                    None => {
                        let caps = c.caps
                            || text
                                .chars()
                                .filter(|ch| ch.is_alphabetic())
                                .all(char::is_uppercase)
                                && text.len() > 4;
                        let name = if caps {
                            canonical.clone().unwrap_or_else(|| text.to_string())
                        } else {
                            text.to_string()
                        };
                        by_key.insert(k, built.len());
                        mentions.push((built.len(), c.span));
                        built.push(Building::new(
                            Entity {
                                kind,
                                name,
                                title: c.title.clone(),
                                mentions: Vec::new(),
                                references: Vec::new(),
                            },
                            caps,
                            c.span.start,
                        ));
                    }
                }
            }
        }
    }
    let mut out: Vec<Entity> = built
        .into_iter()
        .map(|mut b| {
            b.entity.mentions = Vec::with_capacity(b.mentions);
            b.entity
        })
        .collect();
    for (i, span) in mentions {
        out[i].mentions.push(Mention { span });
    }
    for e in &mut out {
        e.mentions.sort_by_key(|m| m.span.start);
    }
    out.sort_by_key(|e| e.mentions.first().map(|m| m.span.start));
    out
}
