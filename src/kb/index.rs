//! A case-insensitive name index: name or alias → entry ids, with no lowercased copy of any key.
//!
//! Start-up cost is the point. The built-in tables hold about 100,000 names; lowercasing each into
//! its own `String` (as a `HashMap<String, _>` needs) cost more than everything else at load time.
//! Here keys stay borrowed from the embedded text, the hash folds case as it goes, and equality
//! compares case-folded characters, so building is one pass with no allocation per key, and a
//! lookup of `RAFAH` or `Rafah` needs no lowercased copy either.

use std::borrow::Cow;

use crate::bits::Bits;

/// A name as the index keeps it: most names are borrowed from the embedded tables; the rest
/// (names of records built at load time, house lists) are owned by the index, by number.
#[derive(Debug, Clone, Copy)]
enum Key {
    Embedded(&'static str),
    Owned(u32),
}

/// One name: 24 bytes, for about 100,000 of them stay in memory for the server's lifetime.
#[derive(Debug)]
struct Entry {
    key: Key,
    /// The one entry id the name points to, or (with [`MANY`] set) the number of its list in
    /// `lists`: most names point to one entry, so that case needs no vector.
    ids: u32,
    /// The hash's high bits, compared before the key.
    short_hash: u32,
}

/// Marks [`Entry::ids`] as the number of a list rather than an id.
const MANY: u32 = 1 << 31;

/// Open addressing with linear probing over a power-of-two table of entry numbers (0 = empty).
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    slots: Vec<u32>,
    entries: Vec<Entry>,
    owned: Vec<Box<str>>,
    lists: Vec<Vec<u32>>,
}

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Hash of a name that ignores case: ASCII letters are lowercased, and every byte of a
/// non-ASCII character counts only as "some non-ASCII byte". Names equal under
/// [`caseless_eq`] thus hash alike (Latin capitals and their small letters have UTF-8 forms of the
/// same length), and no character tables are consulted: eight bytes are mixed at a time.
pub(crate) fn caseless_hash(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut h = b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
        h = (h.rotate_left(5) ^ fold_word(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h.rotate_left(5) ^ fold_word(super::builtin::load_tail(rest))).wrapping_mul(K);
    }
    finish(h)
}

/// Eight bytes with ASCII capitals lowercased and non-ASCII bytes replaced by 0x80.
fn fold_word(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let hi = x & HIGH;
    let non_ascii = (hi >> 7).wrapping_mul(0xFF);
    ascii_lower_word(x & !non_ascii) | hi
}

/// Lowercases the ASCII capitals among eight ASCII bytes at once.
fn ascii_lower_word(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit of a byte set when the byte is >= 'A', and when it is > 'Z'.
    let ge_a = x.wrapping_add(ONES * u64::from(0x80 - b'A'));
    let gt_z = x.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1));
    let upper = ge_a & !gt_z & HIGH;
    x | (upper >> 2)
}

/// A multiply-rotate hash keeps its entropy in the high bits; fold them down so the table can
/// use the low bits for the slot (without this, slots followed the last letters only).
fn finish(h: u64) -> u64 {
    (h ^ (h >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (h >> 29)
}

/// Do two names match when case is ignored (Unicode lowercase comparison)?
pub(crate) fn caseless_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

impl NameIndex {
    pub(crate) fn with_capacity(n: usize) -> Self {
        let cap = (n.max(4) * 2).next_power_of_two();
        NameIndex {
            slots: vec![0; cap],
            entries: Vec::with_capacity(n),
            owned: Vec::new(),
            lists: Vec::new(),
        }
    }

    fn key<'a>(&'a self, entry: &Entry) -> &'a str {
        match entry.key {
            Key::Embedded(name) => name,
            Key::Owned(i) => &self.owned[i as usize],
        }
    }

    fn ids<'a>(&'a self, entry: &'a Entry) -> &'a [u32] {
        if entry.ids & MANY == 0 {
            std::slice::from_ref(&entry.ids)
        } else {
            &self.lists[(entry.ids & !MANY) as usize]
        }
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The slot holding `name`'s entry, or the empty slot where it would go.
    fn find(&self, name: &str, hash: u64) -> (usize, Option<usize>) {
        let mask = self.mask();
        let mut i = (hash as usize) & mask;
        let short = (hash >> 40) as u32;
        loop {
            let e = self.slots[i];
            if e == 0 {
                return (i, None);
            }
            let idx = e as usize - 1;
            let entry = &self.entries[idx];
            if entry.short_hash == short && caseless_eq(self.key(entry), name) {
                return (i, Some(idx));
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(8);
        let mut slots = vec![0u32; cap];
        for (idx, e) in self.entries.iter().enumerate() {
            let mut i = (caseless_hash(self.key(e)) as usize) & (cap - 1);
            while slots[i] != 0 {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = idx as u32 + 1;
        }
        self.slots = slots;
    }

    pub(crate) fn insert(&mut self, name: impl Into<Cow<'static, str>>, id: u32) {
        let name = name.into();
        if name.is_empty() {
            return;
        }
        assert!(id & MANY == 0, "an entry id below 2^31");
        if self.slots.is_empty() || (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let hash = caseless_hash(&name);
        match self.find(&name, hash) {
            (_, Some(idx)) => {
                let entry = &mut self.entries[idx];
                if entry.ids & MANY == 0 {
                    let existing = entry.ids;
                    if existing != id {
                        entry.ids = MANY | self.lists.len() as u32;
                        self.lists.push(vec![existing, id]);
                    }
                } else {
                    let list = &mut self.lists[(entry.ids & !MANY) as usize];
                    if !list.contains(&id) {
                        list.push(id);
                    }
                }
            }
            (slot, None) => {
                self.slots[slot] = self.entries.len() as u32 + 1;
                let key = match name {
                    Cow::Borrowed(name) => Key::Embedded(name),
                    Cow::Owned(name) => {
                        self.owned.push(name.into_boxed_str());
                        Key::Owned(self.owned.len() as u32 - 1)
                    }
                };
                self.entries.push(Entry {
                    key,
                    ids: id,
                    short_hash: (hash >> 40) as u32,
                });
            }
        }
    }

    /// Entries named `name`, any capitalisation.
    pub(crate) fn get(&self, name: &str) -> &[u32] {
        if self.slots.is_empty() {
            return &[];
        }
        match self.find(name, caseless_hash(name)) {
            (_, Some(idx)) => self.ids(&self.entries[idx]),
            (_, None) => &[],
        }
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Marks every name of the index in `filter`.
    pub(crate) fn mark_in(&self, filter: &mut NameFilter) {
        for e in &self.entries {
            filter.mark_short_hash(e.short_hash);
        }
    }

    /// Orders every multi-entry list by `key` (computed once per entry).
    pub(crate) fn sort_lists_by_key<T: Ord>(&mut self, mut key: impl FnMut(u32) -> T) {
        for list in &mut self.lists {
            list.sort_by_cached_key(|&id| key(id));
        }
    }

    /// Orders every multi-entry list with `cmp` (most likely reading first).
    pub(crate) fn sort_lists_by(&mut self, mut cmp: impl FnMut(u32, u32) -> std::cmp::Ordering) {
        for list in &mut self.lists {
            list.sort_by(|&a, &b| cmp(a, b));
        }
    }
}

/// A one-bit-per-slot filter over the names of several indexes: a name whose bit is clear is
/// in none of them, told with one hash instead of a hash and a probe in each. Recognition asks
/// the knowledge base about most capitalized runs, and most are in no list.
#[derive(Debug)]
pub(crate) struct NameFilter {
    bits: Bits<{ 1 << (FILTER_BITS - 6) }>,
}

/// Bits of the filter: 2^20 (128 KB), a few percent of them set by the built-in names.
const FILTER_BITS: u32 = 20;

impl NameFilter {
    pub(crate) fn new() -> NameFilter {
        NameFilter { bits: Bits::new() }
    }

    /// The filter's bit for a name of that [`Entry::short_hash`] (the hash's top 24 bits).
    fn bit(short_hash: u32) -> usize {
        (short_hash >> (24 - FILTER_BITS)) as usize
    }

    fn mark_short_hash(&mut self, short_hash: u32) {
        self.bits.set(Self::bit(short_hash));
    }

    /// Might `name`, in any capitalisation, be in an index marked here? False only when it
    /// is in none.
    pub(crate) fn may_contain(&self, name: &str) -> bool {
        self.bits.get(Self::bit((caseless_hash(name) >> 40) as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tail_loads_as_its_bytes_zero_padded() {
        use crate::kb::builtin::load_tail;
        let bytes: Vec<u8> = (0..7u8)
            .map(|i| 0x81u8.wrapping_mul(i + 3) ^ 0x5a)
            .collect();
        for n in 1..8 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                load_tail(&bytes[..n]),
                u64::from_le_bytes(padded),
                "{n} bytes"
            );
        }
    }

    #[test]
    fn hashing_a_byte_is_hashing_a_one_byte_slice() {
        use crate::kb::FxHasher;
        use std::hash::Hasher;
        for b in [0u8, 1, 0x7f, 0xff] {
            let (mut one, mut slice) = (FxHasher::default(), FxHasher::default());
            one.write_u8(b);
            slice.write(&[b]);
            assert_eq!(one.finish(), slice.finish());
        }
    }

    #[test]
    fn any_capitalisation_finds_the_entry() {
        let mut idx = NameIndex::with_capacity(2);
        idx.insert("Rafah", 1);
        idx.insert("Köln", 2);
        idx.insert("rafah", 3);
        assert_eq!(idx.get("RAFAH"), &[1, 3]);
        assert_eq!(idx.get("rafah"), &[1, 3]);
        assert_eq!(idx.get("KÖLN"), &[2]);
        assert!(idx.get("Rafa").is_empty());
        assert!(idx.get("").is_empty());
    }

    #[test]
    fn grows_past_its_capacity() {
        let mut idx = NameIndex::default();
        let names: Vec<String> = (0..1000).map(|i| format!("Name{i}")).collect();
        for (i, n) in names.iter().enumerate() {
            idx.insert(n.clone(), i as u32);
        }
        assert_eq!(idx.len(), 1000);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(idx.get(&n.to_uppercase()), &[i as u32]);
        }
    }

    #[test]
    fn hash_agrees_with_equality() {
        for (a, b) in [("ÉLYSÉE", "élysée"), ("Straße", "STRASSE"), ("Ab", "aB")] {
            if caseless_eq(a, b) {
                assert_eq!(caseless_hash(a), caseless_hash(b), "{a} {b}");
            }
        }
        assert!(caseless_eq("ÉLYSÉE", "élysée"));
        {
            let (a, b) = (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{",
                "abcdefghijklmnopqrstuvwxyz@[`{",
            );
            assert_eq!(caseless_hash(a), caseless_hash(b));
        }
        assert_ne!(caseless_hash("@"), caseless_hash("`"));
        assert_ne!(caseless_hash("["), caseless_hash("{"));
    }
}
