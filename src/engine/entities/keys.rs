//! Numbers for the names linking compares: each candidate carries the number of its name
//! lowercased (and of its surname, and of its name as written), given when the candidate is
//! found. Linking, which runs over every candidate of the article whenever an edit changes
//! one, then compares and looks up numbers rather than hashing strings it must first fetch.
//!
//! The same string always gets the same number from the same `NameKeys`, so comparing numbers
//! is comparing strings, as long as every candidate compared was numbered by one `NameKeys`:
//! the incremental analyzer keeps one for as long as it keeps candidates, and a one-shot
//! analysis makes its own.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::engine::lexicon::FxBuild;

#[derive(Default)]
pub struct NameKeys {
    /// Numbers, found by the hash of the name they stand for.
    ids: HashTable<u32>,
    /// Every name numbered, one after another: the name numbered `i` is
    /// `text[ends[i - 1]..ends[i]]`. One buffer rather than a string per name, since a story
    /// numbers thousands of names and a one-off analysis drops them all at once.
    text: String,
    ends: Vec<u32>,
    /// For each name numbered, the numbers of what is derived from it, found the first time
    /// they are asked for: a story names the same people and places again and again.
    derived: Vec<Derived>,
    /// Where a name is lowercased to be looked up: most are known already.
    scratch: String,
}

/// The numbers of a name's lowercase and of its lowercased surname, [`NOT_YET`] until asked.
#[derive(Clone, Copy)]
struct Derived {
    lowercase: u32,
    /// [`NO_SURNAME`] when the name has none.
    surname: u32,
}

/// Not yet numbered (no name gets this number: there are fewer than 4 billion).
const NOT_YET: u32 = u32::MAX;
/// [`Derived::surname`] of a name without one.
const NO_SURNAME: u32 = u32::MAX - 1;

fn hash_of(name: &str) -> u64 {
    FxBuild::default().hash_one(name)
}

impl NameKeys {
    /// Keys with room for about `names` names before they grow: every growth hashes each name
    /// numbered so far again.
    pub(super) fn with_capacity(names: usize) -> NameKeys {
        NameKeys {
            ids: HashTable::with_capacity(names),
            // Names of people, places and organizations run about 16 bytes.
            text: String::with_capacity(names * 16),
            ends: Vec::with_capacity(names),
            derived: Vec::with_capacity(names),
            scratch: String::new(),
        }
    }

    /// The number of `name` lowercased (as `str::to_lowercase` does), given now if it has none.
    pub(super) fn id_lowercase(&mut self, name: &str) -> u32 {
        let mut lower = std::mem::take(&mut self.scratch);
        lowercase_into(name, &mut lower);
        let id = self.id(&lower);
        self.scratch = lower;
        id
    }

    /// The number of the name numbered `id`, lowercased ([`NameKeys::id_lowercase`]).
    pub(super) fn id_lowercase_of(&mut self, id: u32) -> u32 {
        let known = self.derived[id as usize].lowercase;
        if known != NOT_YET {
            return known;
        }
        let mut lower = std::mem::take(&mut self.scratch);
        lowercase_into(name_at(&self.text, &self.ends, id), &mut lower);
        let lowercase = self.id(&lower);
        self.scratch = lower;
        self.derived[id as usize].lowercase = lowercase;
        lowercase
    }

    /// The number of the surname ([`crate::kb::surname_in`]) of the name numbered `id`,
    /// lowercased, if it has one.
    pub(super) fn surname_of(&mut self, id: u32) -> Option<u32> {
        let known = self.derived[id as usize].surname;
        if known == NOT_YET {
            let mut lower = std::mem::take(&mut self.scratch);
            let surname = crate::kb::surname_in(name_at(&self.text, &self.ends, id))
                .map(|s| lowercase_into(&s, &mut lower));
            let surname = surname.map_or(NO_SURNAME, |()| self.id(&lower));
            self.scratch = lower;
            self.derived[id as usize].surname = surname;
            return (surname != NO_SURNAME).then_some(surname);
        }
        (known != NO_SURNAME).then_some(known)
    }

    /// The number of `name`, given now if it has none.
    pub(super) fn id(&mut self, name: &str) -> u32 {
        let hash = hash_of(name);
        let (text, ends) = (&self.text, &self.ends);
        let name_of = |id: u32| name_at(text, ends, id);
        if let Some(&id) = self.ids.find(hash, |&id| name_of(id) == name) {
            return id;
        }
        let id = u32::try_from(self.ends.len()).expect("fewer than 4 billion names");
        self.text.push_str(name);
        self.ends
            .push(u32::try_from(self.text.len()).expect("names shorter than 4 GiB in all"));
        self.derived.push(Derived {
            lowercase: NOT_YET,
            surname: NOT_YET,
        });
        let (text, ends) = (&self.text, &self.ends);
        self.ids
            .insert_unique(hash, id, |&id| hash_of(name_at(text, ends, id)));
        id
    }

    /// The name numbered `id`.
    pub(super) fn name(&self, id: u32) -> &str {
        name_at(&self.text, &self.ends, id)
    }

    /// How many names have numbers: the analyzer starts afresh when the names typed and
    /// deleted over a long session far outnumber those standing.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Replaces `out`'s contents with `name` lowercased as `str::to_lowercase` does.
fn lowercase_into(name: &str, out: &mut String) {
    out.clear();
    if name.is_ascii() {
        out.push_str(name);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&name.to_lowercase());
    }
}

/// The name numbered `id` in `text`, whose names end at `ends`.
fn name_at<'t>(text: &'t str, ends: &[u32], id: u32) -> &'t str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] as usize };
    &text[start..ends[id] as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_name_gets_the_same_number() {
        let mut keys = NameKeys::default();
        let a = keys.id("netanyahu");
        let b = keys.id("kirby");
        assert_ne!(a, b);
        assert_eq!(keys.id("netanyahu"), a);
        assert_eq!(keys.name(b), "kirby");
        assert_eq!(keys.len(), 2);
        assert_eq!(keys.id_lowercase("Kirby"), b);
        // As `to_lowercase` has it, final sigma and all.
        let greek = keys.id_lowercase("ΟΔΥΣΣΕΥΣ");
        assert_eq!(keys.name(greek), "ΟΔΥΣΣΕΥΣ".to_lowercase());
    }
}
