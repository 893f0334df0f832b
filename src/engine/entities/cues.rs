//! Word lists the recognizer reads: titles, roles, organization and place key words, common
//! words that start sentences, demonyms. All lookups are hash lookups on lowercased words.

use std::sync::OnceLock;

use crate::kb::{FxMap, FxSet, KnowledgeBase, PlaceKind};

// One bit a word list; a word's bits come from one hash lookup (see [`word_flags`]), so the
// recognizer classifies each token once instead of asking a dozen sets.
pub const TITLE_HEAD: u32 = 1 << 0;
pub const ROLE_WORD: u32 = 1 << 1;
pub const ORG_HEAD: u32 = 1 << 2;
pub const ORG_LEAD: u32 = 1 << 3;
pub const PLACE_HEAD: u32 = 1 << 4;
pub const PLACE_LEAD: u32 = 1 << 5;
pub const MISC_HEAD: u32 = 1 << 6;
pub const SPORT: u32 = 1 << 7;
pub const PARTICLE: u32 = 1 << 8;
pub const SUFFIX: u32 = 1 << 9;
pub const SAY_VERB: u32 = 1 << 10;
pub const PLACE_PREP: u32 = 1 << 11;
pub const CALENDAR: u32 = 1 << 12;
pub const COMMON_WORD: u32 = 1 << 13;
pub const DEMONYM: u32 = 1 << 14;
pub const COMMON_NOUN: u32 = 1 << 15;

/// Every list a word is on, as bits (`TITLE_HEAD | ROLE` for `president`): one lookup.
#[inline]
pub fn word_flags(lower: &str) -> u32 {
    static MAP: OnceLock<FxMap<String, u32>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: FxMap<String, u32> = FxMap::default();
        for (words, flag) in [
            (TITLE_HEAD_WORDS, TITLE_HEAD),
            (ROLE_WORD_WORDS, ROLE_WORD),
            (ORG_HEAD_WORDS, ORG_HEAD),
            (ORG_LEAD_WORDS, ORG_LEAD),
            (PLACE_HEAD_WORDS, PLACE_HEAD),
            (PLACE_LEAD_WORDS, PLACE_LEAD),
            (MISC_HEAD_WORDS, MISC_HEAD),
            (SPORT_WORDS, SPORT),
            (PARTICLE_WORDS, PARTICLE),
            (SUFFIX_WORDS, SUFFIX),
            (SAY_VERB_WORDS, SAY_VERB),
            (PLACE_PREP_WORDS, PLACE_PREP),
            (COMMON_WORD_WORDS, COMMON_WORD),
        ] {
            for w in words {
                *map.entry(w.to_string()).or_default() |= flag;
            }
        }
        for w in crate::engine::calendar::calendar_words() {
            *map.entry(w).or_default() |= CALENDAR;
        }
        for d in build_demonyms() {
            *map.entry(d).or_default() |= DEMONYM;
        }
        for w in common_nouns() {
            *map.entry(w.to_string()).or_default() |= COMMON_NOUN;
        }
        map
    })
    .get(lower)
    .copied()
    .unwrap_or(0)
}

/// The words of `src/data/common_nouns.txt`: common nouns that end the names of things
/// (`Fox Business`, `Dow Chemical`), not of people.
fn common_nouns() -> impl Iterator<Item = &'static str> {
    crate::engine::settings::list_lines(include_str!("../../data/common_nouns.txt"))
        .filter(|l| !l.starts_with('['))
        .flat_map(str::split_whitespace)
}

macro_rules! word_set {
    // A list asked about every word of running text from outside this module (not through a
    // token's flags): its own set, which rules most words out by first byte and length before
    // hashing them.
    (filtered $name:ident, $flag:ident, $words:ident, $doc:literal, [$($w:literal),* $(,)?]) => {
        const $words: &[&str] = &[$($w),*];
        #[doc = $doc]
        pub fn $name(lower: &str) -> bool {
            static SET: OnceLock<crate::engine::lexicon::FilteredSet> = OnceLock::new();
            SET.get_or_init(|| $words.iter().map(|w| w.to_string()).collect())
                .contains(lower)
        }
    };
    ($name:ident, $flag:ident, $words:ident, $doc:literal, [$($w:literal),* $(,)?]) => {
        const $words: &[&str] = &[$($w),*];
        #[doc = $doc]
        // Tokens carry their flags; the function serves strings that are not one token.
        #[allow(dead_code)]
        pub fn $name(lower: &str) -> bool {
            word_flags(lower) & $flag != 0
        }
    };
}

word_set!(
    is_title_head,
    TITLE_HEAD,
    TITLE_HEAD_WORDS,
    "Titles that stand capitalized before a name (`Prime Minister Benjamin Netanyahu`, `Maj. Gen. Joseph McGee`). The last one in a run ends the title.",
    [
        "president", "minister", "secretary", "sen.", "senator", "rep.", "representative",
        "gov.", "governor", "mayor", "gen.", "general", "lt.", "col.", "colonel", "maj.", "major",
        "capt.", "captain", "sgt.", "sergeant", "adm.", "admiral", "cmdr.", "commander", "dr.",
        "mr.", "mrs.", "ms.", "miss", "prof.", "professor", "rev.", "reverend", "pope", "king",
        "queen", "prince", "princess", "sheikh", "sheik", "chancellor", "ambassador", "judge",
        "justice", "chairman", "chairwoman", "chairperson", "director", "commissioner", "speaker",
        "premier", "coach", "lord", "lady", "sir", "dame", "archbishop", "bishop", "cardinal",
        "ayatollah", "emir", "sultan", "detective", "officer", "inspector", "superintendent",
        "spokesman", "spokeswoman", "spokesperson", "envoy", "deputy", "chief", "leader", "ceo",
        "cpl.", "pvt.", "pfc.", "ens.", "atty.", "lt.gen.", "gov.-elect", "president-elect",
        "mullah", "rabbi", "imam", "agent", "trooper", "executive", "mr", "mrs", "ms", "dr",
        "lieutenant", "brigadier", "lieutenant-colonel", "lieutenant-general", "major-general",
        "brigadier-general", "rear-admiral", "vice-admiral", "fullback", "winger", "flanker",
        "lock", "prop", "hooker", "scrum-half", "fly-half", "centre", "striker", "midfielder",
        "defender", "goalkeeper", "keeper", "pitcher", "catcher", "shortstop", "outfielder",
        "infielder", "quarterback", "linebacker", "economist", "analyst",
        "councilman", "councilwoman", "councillor", "alderman", "comptroller", "treasurer",
        "counsel", "attorney", "prosecutor", "dean", "provost", "chairmen", "marshal", "brig.",
        "sgt.maj.", "duke", "duchess", "countess", "baron",
        "patriarch", "metropolitan", "monsignor", "msgr.", "fr.", "cmdt.", "supt.", "insp.",
        "det.", "amb.", "hon.", "mme.", "mme", "herr", "frau", "mister", "messrs.",
    ]
);

word_set!(
    is_role_word,
    ROLE_WORD,
    ROLE_WORD_WORDS,
    "Role nouns that make a lowercase description a title (`spokesperson`, `national security adviser`, `military leader`).",
    [
        "spokesperson", "spokesman", "spokeswoman", "adviser", "advisor", "minister", "president",
        "secretary", "director", "chief", "leader", "head", "chairman", "chairwoman", "chair",
        "commander", "general", "official", "officer", "envoy", "ambassador", "diplomat",
        "negotiator", "analyst", "economist", "strategist", "lawyer", "attorney", "prosecutor",
        "judge", "justice", "senator", "lawmaker", "legislator", "representative", "congressman",
        "congresswoman", "governor", "mayor", "chancellor", "premier", "king", "queen", "prince",
        "ceo", "executive", "founder", "owner", "manager", "coach", "captain", "player",
        "striker", "midfielder", "defender", "goalkeeper", "pitcher", "quarterback", "driver",
        "rider", "champion", "reporter", "correspondent", "editor", "columnist", "writer",
        "author", "professor", "researcher", "scientist", "expert", "doctor", "surgeon",
        "nurse", "activist", "campaigner", "organizer", "member", "deputy", "aide", "staffer",
        "candidate", "nominee", "counsel", "investigator", "inspector", "detective", "sheriff",
        "commissioner", "administrator", "coordinator", "militant", "commander-in-chief",
        "president-elect", "speaker", "whip", "partner", "vice", "resident", "witness",
        "survivor", "victim", "father", "mother", "son", "daughter", "wife", "husband", "brother",
        "sister", "cleric", "rabbi", "imam", "priest", "bishop", "pope", "actor", "actress",
        "singer", "musician", "artist", "director-general", "secretary-general", "chairperson",
        "treasurer", "comptroller", "historian", "pollster", "consultant", "lobbyist", "banker",
        "trader", "investor", "dealer", "broker", "student", "teacher", "worker", "farmer",
        "soldier", "pilot", "physician", "architect", "designer", "planner", "auditor",
        "regulator", "monitor", "observer", "mediator", "ruler", "dictator", "monarch",
        "emperor", "warlord", "commentator", "host", "anchor", "producer", "publisher",
        "trainer", "opener", "batsman", "bowler", "winger", "skipper", "jockey", "boxer",
        "cyclist", "sprinter", "scrum-half", "fly-half", "fullback", "flanker",
        "finalist", "semifinalist", "golfer", "swimmer", "runner-up", "teenager", "veteran",
    ]
);

word_set!(
    is_org_head,
    ORG_HEAD,
    ORG_HEAD_WORDS,
    "Last words that make a capitalized run an organization (`Foreign Ministry`, `Acme Inc.`).",
    [
        "inc.",
        "inc",
        "corp.",
        "corp",
        "corporation",
        "co.",
        "ltd.",
        "ltd",
        "plc",
        "llc",
        "llp",
        "ag",
        "sa",
        "nv",
        "gmbh",
        "group",
        "party",
        "ministry",
        "council",
        "bank",
        "union",
        "association",
        "university",
        "committee",
        "agency",
        "department",
        "commission",
        "court",
        "club",
        "airlines",
        "airways",
        "motors",
        "industries",
        "holdings",
        "bancorp",
        "securities",
        "exchange",
        "institute",
        "foundation",
        "fund",
        "federation",
        "organisation",
        "organization",
        "authority",
        "board",
        "office",
        "services",
        "army",
        "navy",
        "police",
        "forces",
        "front",
        "movement",
        "assembly",
        "parliament",
        "congress",
        "senate",
        "church",
        "hospital",
        "team",
        "company",
        "companies",
        "brigades",
        "brigade",
        "guard",
        "command",
        "systems",
        "technologies",
        "pharmaceuticals",
        "communications",
        "electric",
        "energy",
        "oil",
        "petroleum",
        "steel",
        "airline",
        "bureau",
        "cabinet",
        "tribunal",
        "chamber",
        "society",
        "league",
        "academy",
        "college",
        "school",
        "times",
        "news",
        "post",
        "journal",
        "herald",
        "tribune",
        "gazette",
        "telegraph",
        "press",
        "television",
        "radio",
        "network",
        "broadcasting",
        "studios",
        "records",
        "partners",
        "capital",
        "investments",
        "trust",
        "insurance",
        "telecom",
        "media",
        "mining",
        "resources",
        "foods",
        "stores",
        "brothers",
        "bros.",
        "mission",
        "administration",
        "directorate",
        "secretariat",
        "coalition",
        "alliance",
        "junta",
        "government",
        "regime",
        "ministries",
        "courts",
        "legislature",
        "bloc",
        "faction",
        "militia",
        "cartel",
        "consortium",
        "syndicate",
        "federal",
        "reserve",
        "fc",
        "f.c.",
        "united",
        "rovers",
        "wanderers",
        "athletic",
        "albion",
        "hotspur",
        "sporting",
        "service",
        "desk",
        "newsroom",
        "institution",
        "firm",
        "maker",
        "motor",
        "railway",
        "railways",
        "shipping",
        "lines",
        "mutual",
        "agencies",
        "council's",
    ]
);

word_set!(
    is_org_lead,
    ORG_LEAD,
    ORG_LEAD_WORDS,
    "First words of organization names (`Bank of England`, `Ministry of Defence`, `University of Texas`).",
    [
        "bank", "ministry", "university", "department", "council", "union", "federation",
        "association", "office", "house", "institute", "organization", "organisation", "league",
        "party", "committee", "board", "bureau", "court", "college", "school", "academy",
        "society", "church", "museum", "order", "army", "friends", "church", "national",
        "international", "royal", "federal", "central", "united", "american", "european",
        "secretary",
    ]
);

word_set!(
    is_place_head,
    PLACE_HEAD,
    PLACE_HEAD_WORDS,
    "Last words that make a capitalized run a place (`Mississippi River`, `Gaza Strip`).",
    [
        "river",
        "lake",
        "mountains",
        "mountain",
        "mount",
        "island",
        "islands",
        "sea",
        "ocean",
        "valley",
        "street",
        "avenue",
        "square",
        "bay",
        "gulf",
        "province",
        "county",
        "region",
        "desert",
        "peninsula",
        "strait",
        "straits",
        "coast",
        "canal",
        "airport",
        "stadium",
        "state",
        "states",
        "district",
        "heights",
        "hills",
        "plain",
        "plains",
        "forest",
        "park",
        "bridge",
        "border",
        "crossing",
        "strip",
        "bank",
        "territory",
        "territories",
        "basin",
        "delta",
        "falls",
        "beach",
        "harbor",
        "harbour",
        "port",
        "peak",
        "pass",
        "road",
        "boulevard",
        "highway",
        "prefecture",
        "oblast",
        "governorate",
        "canton",
        "municipality",
        "township",
        "village",
        "city",
        "town",
        "camp",
        "range",
        "cape",
        "channel",
        "glacier",
        "reef",
        "volcano",
        "archipelago",
    ]
);

word_set!(
    is_place_lead,
    PLACE_LEAD,
    PLACE_LEAD_WORDS,
    "First words of place names (`Mount Everest`, `Lake Victoria`, `Cape Town`).",
    [
        "mount", "mt.", "lake", "cape", "fort", "ft.", "port", "gulf", "sea", "isle", "san",
        "santa", "st.", "saint", "sao", "los", "las", "el", "new", "north", "south", "east",
        "west", "upper", "lower", "greater"
    ]
);

word_set!(
    is_misc_head,
    MISC_HEAD,
    MISC_HEAD_WORDS,
    "Last words of names that are neither people, places nor organizations in the CoNLL sense: events, prizes, products (`World Cup`, `Grand Prix`, `U.S. Open`).",
    [
        "open", "cup", "championship", "championships", "prix", "games", "olympics", "series",
        "trophy", "classic", "tournament", "rally", "award", "awards", "prize", "masters",
        "marathon", "derby", "slam", "war", "treaty", "accord", "accords", "act", "index",
        "festival", "show", "challenge", "invitational", "grand", "bowl", "tour", "plan",
        "doctrine", "agreement", "protocol", "convention", "charter", "declaration", "summit",
        "conference", "day", "week", "era", "age", "empire", "dynasty", "revolution",
        "crisis", "affair", "scandal", "program", "programme", "initiative", "strategy",
        "cup's",
    ]
);

word_set!(
    is_sport,
    SPORT,
    SPORT_WORDS,
    "Sports slugs that open wire headlines (`SOCCER - ...`): team names in such stories are organizations.",
    [
        "soccer", "football", "cricket", "tennis", "golf", "rugby", "baseball", "basketball",
        "cycling", "athletics", "boxing", "racing", "skiing", "swimming", "hockey", "rallying",
        "motorcycling", "badminton", "squash", "volleyball", "handball", "sailing", "rowing",
        "olympics", "sport", "sports", "nfl", "nba", "nhl", "mlb", "motor",
    ]
);

word_set!(
    is_particle,
    PARTICLE,
    PARTICLE_WORDS,
    "Lowercase particles inside names (`Charles de Gaulle`, `Osama bin Laden`, `Vincent van Gogh`).",
    [
        "de", "da", "di", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al", "el",
        "la", "le", "du", "dos", "das", "do", "ten", "ter", "y", "bint", "abu", "ben", "st.",
        "zu", "des", "degli", "lo",
    ]
);

word_set!(
    is_suffix,
    SUFFIX,
    SUFFIX_WORDS,
    "Name suffixes that are not surnames.",
    ["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"]
);

word_set!(
    filtered is_say_verb,
    SAY_VERB,
    SAY_VERB_WORDS,
    "Verbs after a name that mark a person (`Kirby said`).",
    [
        "said",
        "says",
        "told",
        "added",
        "asked",
        "wrote",
        "explained",
        "noted",
        "argued",
        "insisted",
        "stated",
        "recalled",
        "replied",
        "warned",
        "declared",
        "acknowledged",
        "admitted",
        "claimed",
        "continued",
        "confirmed",
        "denied",
        "tweeted",
        "posted",
        "testified",
        "remarked",
        "responded",
        "urged",
        "predicted",
        "believes",
        "thinks",
        "smiled",
        "laughed",
        "sighed",
        "shouted",
        "whispered",
        "scored",
        "beat",
        "defeated",
        "won",
        "lost",
        "finished",
        "shot",
        "struck",
        "hit",
        "signed",
        "resigned",
        "died",
        "married",
        "announced",
        "visited",
        "met",
        "praised",
        "criticized",
        "criticised",
    ]
);

word_set!(
    is_place_prep,
    PLACE_PREP,
    PLACE_PREP_WORDS,
    "Prepositions before a place (`in Rafah`, `from Gaza`, `near Kyiv`).",
    [
        "in",
        "from",
        "near",
        "at",
        "to",
        "across",
        "outside",
        "inside",
        "into",
        "throughout",
        "toward",
        "towards",
        "via",
        "around",
        "through",
        "between",
        "within",
        "off",
    ]
);

/// Days and months: capitalized, never entities here. From the engine's one calendar list
/// (`src/data/calendar.txt`).
#[allow(dead_code)]
pub fn is_calendar(lower: &str) -> bool {
    word_flags(lower) & CALENDAR != 0
}

word_set!(
    is_common_word,
    COMMON_WORD,
    COMMON_WORD_WORDS,
    "Common English words that are capitalized only at the start of a sentence or in a headline; never a name on their own.",
    [
        "a", "an", "the", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i",
        "you", "his", "her", "its", "their", "our", "my", "your", "him", "them", "us", "me",
        "but", "and", "or", "nor", "so", "yet", "if", "when", "while", "after", "before", "as",
        "for", "of", "in", "on", "at", "to", "by", "with", "without", "from", "into", "over",
        "under", "about", "against", "between", "during", "since", "until", "through", "than",
        "then", "there", "here", "where", "what", "who", "whom", "whose", "which", "why", "how",
        "all", "some", "many", "most", "other", "others", "another", "both", "each", "every",
        "no", "not", "none", "any", "such", "only", "also", "even", "still", "now", "just",
        "last", "next", "first", "second", "third", "new", "old", "more", "less", "few",
        "several", "much", "very", "meanwhile", "however", "although", "though", "because",
        "earlier", "later", "according", "despite", "instead", "indeed", "perhaps", "maybe",
        "yes", "today", "tomorrow", "yesterday", "tonight", "once", "twice", "officials",
        "police", "authorities", "government", "people", "president", "prime", "minister",
        "sources", "reports", "speaking", "asked", "told", "said", "says", "is", "are", "was",
        "were", "be", "been", "has", "have", "had", "do", "does", "did", "will", "would",
        "can", "could", "should", "may", "might", "must", "shall", "let", "get", "got", "make",
        "take", "give", "go", "come", "see", "say", "win", "wins", "won", "beat", "beats",
        "lose", "loses", "lost", "draw", "draws", "hold", "holds", "held", "set", "sets",
        "top", "up", "down", "out", "off", "back", "away", "home", "again", "ahead", "above",
        "below", "near", "far", "well", "good", "bad", "big", "small", "high", "low", "long",
        "short", "early", "late", "major", "minor", "key", "main", "full", "half", "one",
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few", "own",
        "same", "former", "acting", "interim", "senior", "junior", "chief", "deputy", "vice",
        "general", "national", "international", "local", "federal", "state", "city", "world",
        "team", "group", "party", "house", "court", "office", "market", "markets", "shares",
        "stocks", "prices", "oil", "gold", "trade", "talks", "war", "peace", "deal", "plan",
        "vote", "poll", "polls", "election", "elections", "results", "result", "report",
        "news", "update", "updates", "summary", "note", "editors", "attention",
        "section", "table", "page", "total", "net", "profit", "loss", "sales", "revenue",
        "share", "index", "rate", "rates", "bond", "bonds", "dollar", "yen", "mark", "francs",
        "percent", "pct", "million", "billion", "year", "years", "month", "months", "week",
        "weeks", "day", "days", "time", "times", "morning", "afternoon", "evening", "night",
        "north", "south", "east", "west", "northern", "southern", "eastern", "western",
        "central", "upper", "lower", "inner", "outer", "left", "right", "centre", "center",
        "soccer", "football", "cricket", "tennis", "golf", "rugby", "baseball", "basketball",
        "hockey", "cycling", "athletics", "boxing", "racing", "skiing", "swimming", "sport",
        "sports", "league", "cup", "championship", "championships", "open", "round", "final",
        "finals", "semifinal", "quarterfinal", "match", "game", "games", "season", "standings",
        "scores", "score", "leading", "leaders", "wins", "victory", "defeat", "lead", "leads",
        "points", "goals", "runs", "innings", "result", "played", "won", "drawn", "division",
        "premier", "first", "second", "third", "fourth", "fifth", "group", "pool", "tour",
        "race", "stage", "overall", "rank", "ranking", "rankings", "seed", "seeded", "women",
        "men", "boys", "girls", "junior", "juniors", "mr", "mrs", "ms", "dr", "st",
        "note", "corrects", "correction", "repeat", "refile", "urgent", "flash", "advisory",
        "breaking", "exclusive", "analysis", "interview", "preview", "factbox", "timeline",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "monday",
        "please", "thank", "thanks", "dear", "welcome", "hello", "happy", "sorry", "like",
        "let's", "we're", "it's", "there's", "that's", "here's", "i'm", "don't", "can't",
        "won't", "isn't", "aren't", "wasn't", "weren't", "didn't", "doesn't", "he's", "she's",
        "they're", "you're", "we've", "i've", "they've", "what's", "who's", "add", "neither",
        "either", "except", "data", "figures", "overnight",
    ]
);

/// Words that name nationalities or peoples (`Israeli`, `Palestinian`, `West Indian`): tagged
/// neither person nor place. Regular forms are derived from country names; the rest are listed.
pub fn is_demonym(lower: &str) -> bool {
    word_flags(lower) & DEMONYM != 0
}

fn build_demonyms() -> FxSet<String> {
    const IRREGULAR: &[&str] = &[
        "british",
        "french",
        "dutch",
        "swiss",
        "greek",
        "turkish",
        "polish",
        "danish",
        "swedish",
        "finnish",
        "irish",
        "scottish",
        "scots",
        "welsh",
        "english",
        "thai",
        "afghan",
        "filipino",
        "portuguese",
        "belgian",
        "norwegian",
        "czech",
        "slovak",
        "serb",
        "croat",
        "bosnian",
        "kurd",
        "kurdish",
        "kurds",
        "arab",
        "arabs",
        "arabic",
        "muslim",
        "muslims",
        "moslem",
        "moslems",
        "afrikaner",
        "afrikaners",
        "jewish",
        "jew",
        "jews",
        "christian",
        "christians",
        "catholic",
        "catholics",
        "protestant",
        "sunni",
        "sunnis",
        "shiite",
        "shiites",
        "shia",
        "european",
        "african",
        "asian",
        "latin",
        "western",
        "eastern",
        "soviet",
        "yemeni",
        "omani",
        "saudi",
        "saudis",
        "emirati",
        "qatari",
        "kuwaiti",
        "bahraini",
        "iraqi",
        "iraqis",
        "israeli",
        "israelis",
        "palestinian",
        "palestinians",
        "iranian",
        "iranians",
        "lebanese",
        "syrian",
        "egyptian",
        "libyan",
        "tunisian",
        "algerian",
        "moroccan",
        "sudanese",
        "somali",
        "ethiopian",
        "kenyan",
        "nigerian",
        "ghanaian",
        "congolese",
        "zimbabwean",
        "zambian",
        "ugandan",
        "rwandan",
        "malian",
        "senegalese",
        "cameroonian",
        "angolan",
        "mozambican",
        "namibian",
        "american",
        "americans",
        "canadian",
        "mexican",
        "cuban",
        "haitian",
        "brazilian",
        "argentine",
        "argentinian",
        "chilean",
        "peruvian",
        "colombian",
        "venezuelan",
        "bolivian",
        "ecuadorean",
        "ecuadorian",
        "uruguayan",
        "paraguayan",
        "chinese",
        "japanese",
        "korean",
        "taiwanese",
        "vietnamese",
        "cambodian",
        "laotian",
        "burmese",
        "malaysian",
        "indonesian",
        "singaporean",
        "indian",
        "pakistani",
        "bangladeshi",
        "sri",
        "lankan",
        "nepali",
        "nepalese",
        "tibetan",
        "mongolian",
        "kazakh",
        "uzbek",
        "russian",
        "russians",
        "ukrainian",
        "ukrainians",
        "belarusian",
        "georgian",
        "armenian",
        "azeri",
        "chechen",
        "german",
        "germans",
        "austrian",
        "italian",
        "italians",
        "spanish",
        "spaniard",
        "hungarian",
        "romanian",
        "bulgarian",
        "albanian",
        "macedonian",
        "slovenian",
        "slovene",
        "croatian",
        "serbian",
        "montenegrin",
        "estonian",
        "latvian",
        "lithuanian",
        "icelandic",
        "australian",
        "zealander",
        "hispanic",
        "latino",
        "latina",
        "asian-american",
        "african-american",
        "nordic",
        "baltic",
        "balkan",
        "caucasian",
        "scandinavian",
        "iberian",
        "gulf",
        "mideast",
        "middle-east",
        "pan-arab",
        "islamist",
        "islamic",
        "hindu",
        "sikh",
        "buddhist",
        "jihadist",
        "zionist",
        "marxist",
        "communist",
        "socialist",
        "republican",
        "democrat",
        "democratic",
        "conservative",
        "liberal",
        "labour",
        "tory",
        "gaullist",
        "olympic",
        "paralympic",
        "pakistanis",
        "afghans",
        "britons",
        "briton",
        "frenchman",
        "englishman",
        "dutchman",
        "yankee",
        "west",
        "east",
    ];
    let mut out: FxSet<String> = IRREGULAR.iter().map(|s| s.to_string()).collect();
    for p in KnowledgeBase::builtin().countries() {
        let names = std::iter::once(&p.name).chain(p.aliases.iter());
        for n in names {
            let l = n.to_lowercase();
            if l.contains(' ') || l.len() < 4 {
                continue;
            }
            let stem = &l[..l.len() - 1];
            for form in [
                format!("{l}i"),
                format!("{l}n"),
                format!("{l}ian"),
                format!("{l}ese"),
                format!("{stem}ian"),
                format!("{stem}an"),
                format!("{stem}ese"),
                format!("{stem}ish"),
                format!("{stem}i"),
            ] {
                if form != l && !is_place_lower(&form) {
                    out.insert(form.clone());
                    out.insert(format!("{form}s"));
                }
            }
        }
    }
    out
}

fn is_place_lower(lower: &str) -> bool {
    KnowledgeBase::builtin()
        .places(lower, crate::kb::Case::Insensitive)
        .iter()
        .any(|p| p.kind != PlaceKind::City || p.population.unwrap_or(0) > 100_000)
}
