//! Real-looking news copy of any size, for benchmarks. Names, places and figures vary from
//! paragraph to paragraph (a small deterministic generator, no `rand`), so no cache can cheat.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const FIRST: &[&str] = &[
    "Maria", "James", "Aisha", "Chen", "Olga", "David", "Fatima", "Luis", "Sarah", "Kwame",
    "Elena", "Tomasz", "Priya", "Jonah", "Mei", "Ahmed", "Laura", "Pedro", "Ingrid", "Samuel",
];
const LAST: &[&str] = &[
    "Alvarez",
    "Brennan",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Nakamura",
    "Kowalski",
    "Mensah",
    "Fischer",
    "Rahman",
    "Dubois",
    "Castillo",
    "Novak",
    "Petrov",
    "Oyelaran",
    "Whitaker",
    "Moreau",
    "Takahashi",
    "Sorensen",
    "Iqbal",
];
const TITLES: &[&str] = &[
    "Mayor",
    "Gov.",
    "Sen.",
    "Health Minister",
    "Police Chief",
    "Rep.",
    "Interior Minister",
];
const ROLES: &[&str] = &[
    "a spokesperson for the agency",
    "the county's emergency manager",
    "an economist at the central bank",
    "a senior aid official",
    "the company's chief financial officer",
];
const PLACES: &[&str] = &[
    "Peoria",
    "Rafah",
    "Kharkiv",
    "Lagos",
    "Manila",
    "Cordoba",
    "Mosul",
    "Tacloban",
    "Hebron",
    "Dnipro",
    "Aleppo",
    "Port-au-Prince",
    "Maiduguri",
    "Goma",
    "Khartoum",
];
const ORGS: &[&str] = &[
    "the Health Ministry",
    "the United Nations",
    "the Red Cross",
    "the World Bank",
    "the Interior Ministry",
    "the state Department of Transportation",
];
const NOUNS: &[&str] = &[
    "people",
    "civilians",
    "homes",
    "workers",
    "families",
    "children",
    "buildings",
    "vehicles",
];
const VERBS: &[&str] = &[
    "were killed",
    "were displaced",
    "were injured",
    "lost power",
    "were evacuated",
];
const CUES: &[&str] = &["said", "told reporters", "said in a statement", "estimated"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

fn figure(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!("{},{:03}", 1 + rng.below(90), rng.below(1000)),
        1 => format!("{}.{} million", 1 + rng.below(9), rng.below(10)),
        2 => format!("more than {}", 10 + rng.below(900)),
        3 => format!("{}%", 1 + rng.below(99)),
        _ => format!("at least {}", 2 + rng.below(80)),
    }
}

/// One paragraph of copy. Some figures are attributed, some not; people are introduced and
/// referred to again; quotes and datelines-like openings are mixed in.
pub fn paragraph(rng: &mut Rng) -> String {
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let place = rng.pick(PLACES);
    match rng.below(6) {
        0 => format!(
            "{} {} {} {} {} in {} on {}, {} {}.",
            figure(rng),
            rng.pick(NOUNS),
            rng.pick(VERBS),
            "after the storm hit",
            "the coast",
            place,
            rng.pick(DAYS),
            rng.pick(ORGS),
            rng.pick(CUES)
        ),
        1 => format!(
            "{} {} {}, {}, said the response in {} had been slow. \"We did what we could with {} trucks,\" {} said.",
            rng.pick(TITLES),
            first,
            last,
            rng.pick(ROLES),
            place,
            figure(rng),
            last
        ),
        2 => format!(
            "Officials in {} put the cost of the damage at ${} million. Repairs to {} {} could take {} years, according to {}.",
            place,
            10 + rng.below(900),
            figure(rng),
            rng.pick(NOUNS),
            2 + rng.below(8),
            rng.pick(ORGS)
        ),
        3 => format!(
            "{} {} met {} {} in {} on {} to discuss the aid convoy, the second such meeting this month. Neither gave details.",
            first,
            last,
            rng.pick(FIRST),
            rng.pick(LAST),
            place,
            rng.pick(DAYS)
        ),
        4 => format!(
            "About {} {} remain in shelters across {}, and {} said food would run short within a week. {} has asked for help.",
            figure(rng),
            rng.pick(NOUNS),
            place,
            last,
            rng.pick(ORGS).trim_start_matches("the ")
        ),
        _ => format!(
            "Prices rose {} in {} last year, the fastest pace since 2008, {} {} {}.",
            figure(rng),
            place,
            rng.pick(ROLES),
            first,
            last
        ),
    }
}

/// An article of about `bytes` bytes: headline, dateline, paragraphs separated by blank lines.
pub fn article(bytes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 512);
    out.push_str("Storm leaves trail of damage across the region\n\n");
    out.push_str("MANILA, Philippines (AP) — ");
    while out.len() < bytes {
        out.push_str(&paragraph(&mut rng));
        out.push_str("\n\n");
    }
    out
}
