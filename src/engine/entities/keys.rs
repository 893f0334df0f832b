//! Numbers for the names linking compares: each candidate carries the number of its name
//! lowercased (and of its surname, and of its name as written), given when the candidate is
//! found. Linking, which runs over every candidate of the article whenever an edit changes
//! one, then compares and looks up numbers rather than hashing strings it must first fetch.
//!
//! The same string always gets the same number from the same `NameKeys`, so comparing numbers
//! is comparing strings, as long as every candidate compared was numbered by one `NameKeys`:
//! the incremental analyzer keeps one for as long as it keeps candidates, and a one-shot
//! analysis makes its own.

use crate::kb::FxMap;

#[derive(Default)]
pub struct NameKeys {
    ids: FxMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    /// Where a name is lowercased to be looked up: most are known already.
    scratch: String,
}

impl NameKeys {
    /// The number of `name` lowercased (as `str::to_lowercase` does), given now if it has none.
    pub(super) fn id_lowercase(&mut self, name: &str) -> u32 {
        let mut lower = std::mem::take(&mut self.scratch);
        lower.clear();
        if name.is_ascii() {
            lower.push_str(name);
            lower.make_ascii_lowercase();
        } else {
            lower = name.to_lowercase();
        }
        let id = self.id(&lower);
        self.scratch = lower;
        id
    }

    /// The number of `name`, given now if it has none.
    pub(super) fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).expect("fewer than 4 billion names");
        self.names.push(name.into());
        self.ids.insert(name.into(), id);
        id
    }

    /// The name numbered `id`.
    pub(super) fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// How many names have numbers: the analyzer starts afresh when the names typed and
    /// deleted over a long session far outnumber those standing.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
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
