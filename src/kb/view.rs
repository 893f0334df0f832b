//! The built-in knowledge base with a house list layered over it.

use super::{
    Case, FirstNameFreq, HouseKb, KnowledgeBase, Organization, Person, Place, StateForm,
    SurnameFreq, UsState,
};

/// What the engine and the server look names up in: the house list first, then the built-in
/// data. A house entry replaces every built-in entry of the same name, so a newsroom can say what
/// `Paris` or `Kirby` means for its readers.
#[derive(Clone, Copy)]
pub struct KbView<'a> {
    pub builtin: &'static KnowledgeBase,
    pub house: Option<&'a HouseKb>,
}

impl Default for KbView<'_> {
    fn default() -> Self {
        KbView::builtin()
    }
}

impl<'a> KbView<'a> {
    /// The built-in data alone.
    pub fn builtin() -> KbView<'static> {
        KbView {
            builtin: KnowledgeBase::builtin(),
            house: None,
        }
    }

    /// The built-in data with `house` over it.
    pub fn with_house(house: &'a HouseKb) -> KbView<'a> {
        KbView {
            builtin: KnowledgeBase::builtin(),
            house: Some(house),
        }
    }

    /// Every place named `name`, most likely reading first; the house list's entries alone when
    /// it has any.
    pub fn places(&self, name: &str, case: Case) -> Vec<&'a Place> {
        if let Some(h) = self.house {
            let found = h.places_named(name, case);
            if !found.is_empty() {
                return found;
            }
        }
        self.builtin.places(name, case)
    }

    /// The most likely reading of a place name. (No list is built: recognition asks this of
    /// every capitalized word.)
    pub fn place(&self, name: &str, case: Case) -> Option<&'a Place> {
        if let Some(h) = self.house {
            if let Some(p) = h.places_named(name, case).into_iter().next() {
                return Some(p);
            }
        }
        self.builtin.place(name, case)
    }

    /// True when `name` names more than one place (`Paris`: France and Texas), so a hover card
    /// should warn.
    pub fn is_ambiguous_place(&self, name: &str) -> bool {
        self.places(name, Case::Sensitive).len() > 1
    }

    /// Might `name` (any capitalisation) name a place, person or organization either list
    /// knows? False only when it names none, told with one hash: [`KbView::place`],
    /// [`KbView::organization`] and [`KbView::has_person`] would find nothing.
    pub fn may_know(&self, name: &str) -> bool {
        self.house.is_some() || self.builtin.may_name(name)
    }

    /// Is `name` a place name in either list (any capitalisation)?
    pub fn is_place_name(&self, name: &str) -> bool {
        self.house
            .is_some_and(|h| !h.places_named(name, Case::Insensitive).is_empty())
            || self.builtin.is_place_name_lower(name)
    }

    /// Known people whose full name or a variant is `name`.
    pub fn people(&self, name: &str, case: Case) -> Vec<&'a Person> {
        if let Some(h) = self.house {
            let found = h.people_named(name, case);
            if !found.is_empty() {
                return found;
            }
        }
        self.builtin.people(name, case)
    }

    /// Is `name` the full name or a variant of a person either list knows?
    pub fn has_person(&self, name: &str, case: Case) -> bool {
        self.house
            .is_some_and(|h| !h.people_named(name, case).is_empty())
            || self.builtin.has_person(name, case)
    }

    /// The known person with that full name or variant, if any.
    pub fn person(&self, name: &str, case: Case) -> Option<&'a Person> {
        self.people(name, case).into_iter().next()
    }

    /// Known people with that surname: the house list's and the built-in ones.
    pub fn people_with_surname(&self, last: &str) -> Vec<&'a Person> {
        let mut out = match self.house {
            Some(h) => h.people_with_surname(last),
            None => Vec::new(),
        };
        for p in self.builtin.people_with_surname(last) {
            if !out.iter().any(|q| q.name == p.name) {
                out.push(p);
            }
        }
        out
    }

    /// Organizations whose name or alias is `name`; the house list's alone when it has any.
    pub fn organizations(&self, name: &str, case: Case) -> Vec<&'a Organization> {
        if let Some(h) = self.house {
            let found = h.orgs_named(name, case);
            if !found.is_empty() {
                return found;
            }
        }
        self.builtin.organizations(name, case)
    }

    #[inline]
    pub fn organization(&self, name: &str, case: Case) -> Option<&'a Organization> {
        if let Some(h) = self.house {
            if let Some(o) = h.orgs_named(name, case).into_iter().next() {
                return Some(o);
            }
        }
        self.builtin.organization(name, case)
    }

    /// The preferred spelling of a person's name when `name` is a known variant (`Zelensky` →
    /// `Volodymyr Zelenskyy` in a house list that prefers AP's spelling). Matches full names and
    /// variants; `None` when `name` is already preferred or unknown.
    pub fn preferred_person(&self, name: &str) -> Option<&'a Person> {
        self.people(name, Case::Sensitive)
            .into_iter()
            .find(|p| p.name != name)
    }

    pub fn first_name(&self, name: &str) -> Option<FirstNameFreq> {
        self.builtin.first_name(name)
    }

    pub fn surname(&self, name: &str) -> Option<SurnameFreq> {
        self.builtin.surname(name)
    }

    /// Is `word` a surname of a person either list knows, or a census surname?
    pub fn is_known_surname(&self, word: &str) -> bool {
        self.house
            .is_some_and(|h| !h.people_with_surname(word).is_empty())
            || self.builtin.surname(word).is_some()
            || !self.builtin.people_with_surname(word).is_empty()
    }

    /// Is `word` a surname of some currency: of a person either list knows, or a census surname
    /// of 2 or more in 100,000 (`Cook`, `Gates`, `May`; not `Music`, a rare one)?
    pub fn is_common_surname(&self, word: &str) -> bool {
        self.builtin.surname(word).is_some_and(|f| f.per_100k >= 2)
            || !self.builtin.people_with_surname(word).is_empty()
            || self
                .house
                .is_some_and(|h| !h.people_with_surname(word).is_empty())
    }

    pub fn us_state(&self, text: &str) -> Option<(&'static UsState, StateForm)> {
        self.builtin.us_state(text)
    }

    pub fn ap_standalone(&self, city: &str) -> Option<bool> {
        if let Some(h) = self.house {
            if let Some(p) = h
                .places_named(city, Case::Insensitive)
                .into_iter()
                .find(|p| p.kind == super::PlaceKind::City)
            {
                return p
                    .standalone
                    .then(|| p.country_code.as_deref() == Some("US"));
            }
        }
        self.builtin.ap_standalone(city)
    }
}
