//! Deciding what the undecided candidates are from the rest of the article, and linking
//! mentions into entities: a surname links to the person introduced with it.

use super::{Cand, Evidence};
use crate::engine::model::{Entity, EntityKind, Mention};
use crate::kb::{surname_of, Case, FxMap as HashMap, KbView};

fn key(s: &str) -> String {
    s.to_lowercase()
}

/// Surnames of the people a full name introduced (`kirby` → `John Kirby`).
fn people_by_surname(cands: &[Cand]) -> HashMap<String, String> {
    let mut map = HashMap::default();
    for c in cands {
        if c.kind == Some(EntityKind::Person) && c.words >= 2 {
            if let Some(last) = surname_of(&c.text) {
                map.entry(key(&last)).or_insert_with(|| c.text.clone());
            }
        }
    }
    map
}

/// Settles each candidate's kind from what the whole article says.
pub(super) fn resolve(cands: &mut Vec<Cand>, kb: &KbView<'_>, sports: bool) {
    let surnames = people_by_surname(cands);
    let full_names: HashMap<String, ()> = cands
        .iter()
        .filter(|c| c.kind == Some(EntityKind::Person) && c.words >= 2)
        .map(|c| (key(&c.text), ()))
        .collect();
    // What each spelling was decided as elsewhere, with how sure.
    let mut votes: HashMap<String, [u32; 3]> = HashMap::default();
    for c in cands.iter() {
        if let Some(k) = c.kind {
            if c.evidence >= Evidence::Weak {
                let slot = match k {
                    EntityKind::Person => 0,
                    EntityKind::Place => 1,
                    EntityKind::Organization => 2,
                };
                let w = if c.evidence == Evidence::Strong { 2 } else { 1 };
                votes.entry(key(&c.text)).or_default()[slot] += w;
            }
        }
    }
    for c in cands.iter_mut() {
        let k = key(&c.text);
        let is_person_name =
            c.words == 1 && surnames.contains_key(&k) || full_names.contains_key(&k);
        // A person the article introduced claims their surname (`Dalton`, `Biden`) unless a cue
        // makes this mention a place (`in Washington`, `Washington-based`, the dateline).
        if is_person_name && !c.place_cue && c.kind != Some(EntityKind::Person) {
            if c.words == 1 || c.evidence < Evidence::Strong {
                c.kind = Some(EntityKind::Person);
                c.evidence = Evidence::Weak;
            }
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
            if !kb.people_with_surname(&c.text).is_empty()
                && kb.place(&c.text, Case::Sensitive).is_none()
            {
                c.kind = Some(EntityKind::Person);
                c.evidence = Evidence::Weak;
            }
        }
    }
    if sports {
        // In sports stories a city or county standing alone names its team (`Ajax`,
        // `Barcelona beat Lens`, `Essex`); countries, continents and places after a preposition
        // stay places. A name nothing else explains, mid-sentence, is a team too.
        for c in cands.iter_mut() {
            if c.kind == Some(EntityKind::Place) && !c.place_cue && c.words <= 3 {
                let city = kb.place(&c.text, Case::Insensitive).map_or(true, |p| {
                    p.kind == crate::kb::PlaceKind::City || p.kind == crate::kb::PlaceKind::State
                });
                if city {
                    c.kind = Some(EntityKind::Organization);
                }
            } else if c.kind.is_none() && !c.sentence_start && !c.caps && c.words <= 3 {
                c.kind = Some(EntityKind::Organization);
                c.evidence = Evidence::Weak;
            }
        }
    }
    cands.retain(|c| c.kind.is_some());
}

struct Building {
    entity: Entity,
    /// Lowercased name, for linking surname-only mentions.
    name_key: String,
    surname: Option<String>,
    /// Built from a surname alone so far; a later full name completes it.
    partial: bool,
}

/// Groups candidates into entities in order of first mention.
pub(super) fn entities(cands: Vec<Cand>, kb: &KbView<'_>) -> Vec<Entity> {
    let surnames = people_by_surname(&cands);
    let mut built: Vec<Building> = Vec::new();
    let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::default();
    // Lowercased surname or single name → people with it.
    let mut people_by_word: HashMap<String, Vec<usize>> = HashMap::default();
    for c in cands {
        let Some(kind) = c.kind else { continue };
        let mention = Mention { span: c.span };
        match kind {
            EntityKind::Person => {
                let k = key(&c.text);
                let idx = if c.words >= 2 {
                    let last = surname_of(&c.text).map(|s| key(&s));
                    if let Some(&i) = by_key.get(&(kind, k.clone())) {
                        Some(i)
                    } else if let Some(i) = built.iter().position(|b| {
                        b.partial
                            && b.surname.is_some()
                            && b.surname == last
                            && b.entity.kind == kind
                    }) {
                        // `Biden administration` … `President Joe Biden`: the same person.
                        built[i].partial = false;
                        built[i].entity.name = c.text.clone();
                        built[i].name_key = k.clone();
                        by_key.insert((kind, k.clone()), i);
                        Some(i)
                    } else {
                        None
                    }
                } else {
                    // The person most recently mentioned with this surname or name.
                    people_by_word.get(&k).and_then(|ids| {
                        ids.iter()
                            .copied()
                            .max_by_key(|&i| built[i].entity.mentions.last().map(|m| m.span.start))
                    })
                };
                match idx {
                    Some(i) => {
                        let b = &mut built[i];
                        if b.entity.title.is_none() {
                            b.entity.title = c.title.clone();
                        }
                        b.entity.mentions.push(mention);
                    }
                    None => {
                        let (name, partial) = if c.words >= 2 {
                            (c.text.clone(), false)
                        } else {
                            match surnames.get(&k) {
                                Some(full) => (full.clone(), true),
                                None => (c.text.clone(), true),
                            }
                        };
                        let surname = surname_of(&name).map(|s| key(&s));
                        let name_key = key(&name);
                        for w in surname.iter().chain(std::iter::once(&name_key)) {
                            people_by_word
                                .entry(w.clone())
                                .or_default()
                                .push(built.len());
                        }
                        by_key.insert((kind, name_key.clone()), built.len());
                        built.push(Building {
                            name_key,
                            entity: Entity {
                                kind,
                                name,
                                title: c.title.clone(),
                                mentions: vec![mention],
                                references: Vec::new(),
                            },
                            surname,
                            partial,
                        });
                    }
                }
            }
            EntityKind::Place | EntityKind::Organization => {
                let canonical = match kind {
                    EntityKind::Place => {
                        kb.place(&c.text, Case::Insensitive).map(|p| p.name.clone())
                    }
                    _ => kb
                        .organization(
                            &c.text,
                            if c.caps {
                                Case::Insensitive
                            } else {
                                Case::Sensitive
                            },
                        )
                        .map(|o| o.name.clone()),
                };
                let k = (kind, key(canonical.as_deref().unwrap_or(&c.text)));
                match by_key.get(&k) {
                    Some(&i) => {
                        let b = &mut built[i];
                        if b.partial && !c.caps {
                            // The first mention was in capitals (a dateline, a headline): name the
                            // entity as the body writes it.
                            b.entity.name = c.text.clone();
                            b.partial = false;
                        }
                        b.entity.mentions.push(mention);
                    }
                    None => {
                        let caps = c.caps
                            || c.text
                                .chars()
                                .filter(|ch| ch.is_alphabetic())
                                .all(char::is_uppercase)
                                && c.text.len() > 4;
                        let name = if caps {
                            canonical.clone().unwrap_or_else(|| c.text.clone())
                        } else {
                            c.text.clone()
                        };
                        by_key.insert(k, built.len());
                        built.push(Building {
                            name_key: String::new(),
                            entity: Entity {
                                kind,
                                name,
                                title: c.title.clone(),
                                mentions: vec![mention],
                                references: Vec::new(),
                            },
                            surname: None,
                            partial: caps,
                        });
                    }
                }
            }
        }
    }
    let mut out: Vec<Entity> = built.into_iter().map(|b| b.entity).collect();
    for e in &mut out {
        e.mentions.sort_by_key(|m| m.span.start);
    }
    out.sort_by_key(|e| e.mentions.first().map(|m| m.span.start));
    out
}
