//! A fixed array of bits: the one-bit-per-slot filters that rule a word or name out before it
//! is hashed and looked up (the word lists' shape filter, the knowledge base's name filter).

/// `64 × WORDS` bits, all clear at first; `WORDS` a power of two, so that a bit's word is
/// found without a bounds check (these are read for every word of running text).
#[derive(Clone)]
pub(crate) struct Bits<const WORDS: usize>(Box<[u64; WORDS]>);

impl<const WORDS: usize> Bits<WORDS> {
    pub(crate) fn new() -> Self {
        const { assert!(WORDS.is_power_of_two()) };
        Bits(
            vec![0; WORDS]
                .into_boxed_slice()
                .try_into()
                .expect("WORDS words"),
        )
    }

    pub(crate) fn set(&mut self, bit: usize) {
        self.0[bit / 64 % WORDS] |= 1 << (bit % 64);
    }

    #[inline]
    pub(crate) fn get(&self, bit: usize) -> bool {
        self.0[bit / 64 % WORDS] >> (bit % 64) & 1 == 1
    }

    /// How many bits are set.
    pub(crate) fn count(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }
}

impl<const WORDS: usize> std::fmt::Debug for Bits<WORDS> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bits({} of {} set)", self.count(), self.0.len() * 64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bit_set_is_read_back_and_no_other() {
        let mut bits = Bits::<16>::new();
        for b in [0, 63, 64, 1023] {
            bits.set(b);
        }
        assert!((0..1024).all(|b| bits.get(b) == [0, 63, 64, 1023].contains(&b)));
        assert_eq!(bits.count(), 4);
        assert_eq!(Bits::<1>::new().count(), 0);
    }
}
