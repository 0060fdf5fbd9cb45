"""Every number in a news text, as written, with its hedge, bounds and kind.

``find_numbers(text)`` reads digits in every thousands style ("15,000", "9 300", "12,34,567",
"64'000"), suffixes ("1.2m", "30k", "1.5bn", "13 lakh"), number words ("Nine hundred and
twenty-one", "two-thirds of a million", "a million and a half"), vague amounts ("thousands",
"tens of thousands"), ranges ("between 500 and 1,000", "10,000-15,000", "13 or 14") and hedges
("Nearly", "up to", "more than", "or more"). Each mention says what kind of number it is
(count, percent, year, date_part, ordinal, money, measure, duration, age, fraction) so that the
figure extractor can ignore distances, dates and ages. A number broken by a typo ("120,00",
"1,2345") is not read at all: any value given for it would be a guess.

Conventions (see docs/numbers.md):

* ``text``/``start``/``end`` cover the number with its hedge words ("Nearly 3.4 million"); a
  currency sign before the number is reported in ``unit_text`` and stays out of ``text`` unless
  a hedge precedes it ("more than $5m"); the percent sign/word is part of ``text`` ("44%").
* exact: value = low = high.  approx ("about", "around", "some"...): value = low = high.
  approx from below ("nearly", "almost", "close to", "just under"): low None, high = value.
  at_most ("up to", "as many as", "fewer than"...): low None, high = value.
  at_least ("more than", "over", "at least", "x or more", "x+"...): low = value, high None.
  range ("between 500 and 1,000", "500-1,000", "13 or 14"): value = low, the conservative
  written figure.  vague ("thousands"): value None, low = the unit (1000), high None.
* A hedge before a range or before a number with its own trailing bound ("about 500 or more")
  is not part of the mention: the range or the trailing bound is what the text asserts.

The reader is pure and deterministic; regexes are compiled once at import. One pass of a
C-level regex finds number "cores"; only those are parsed in Python.
"""
from __future__ import annotations

import array
import codecs
import dataclasses
import functools
import math
import re
from typing import Optional

from .model import NumberMention

__all__ = ["find_numbers"]

# ---- lexicon ------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {
    "thousand": 10**3, "lakh": 10**5, "lakhs": 10**5, "million": 10**6, "crore": 10**7,
    "crores": 10**7, "billion": 10**9, "trillion": 10**12,
}
_DOZENS = ("dozen", "dozens", "dz", "dzs", "doz", "dozs")
# denominators; the singular ones from "third" on are also ordinals
_FRACTIONS = {
    "half": 2, "halves": 2, "quarter": 4, "quarters": 4, "third": 3, "thirds": 3, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 10**3, "millionth": 10**6, "billionth": 10**9,
}
_ORDINAL_UNITS = {w: v for w, v in _ORDINALS.items() if v < 10}
_SUFFIXES = {
    "k": 10**3, "K": 10**3, "m": 10**6, "M": 10**6, "MM": 10**6, "mn": 10**6, "mln": 10**6,
    "mil": 10**6, "b": 10**9, "B": 10**9, "bn": 10**9, "bln": 10**9, "tn": 10**12,
    "tln": 10**12, "G": 10**9,
}
_UNICODE_FRACTIONS = {
    "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5,
    "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅐": 1 / 7, "⅛": 1 / 8, "⅜": 3 / 8,
    "⅝": 5 / 8, "⅞": 7 / 8, "⅑": 1 / 9, "⅒": 1 / 10,
}

# units written after a number (lower-cased, trailing dot stripped)
_MEASURE_WORDS = frozenset(
    """km km2 km² kms kilometre kilometres kilometer kilometers mile miles mi m m2 m² m3 metre metres
    meter meters cm mm centimetre centimetres centimeters millimetre millimetres millimeters ft feet
    foot inch inches yard yards sq square cubic kg kgs kilo kilos kilogram kilogrammes kilograms
    kilogramme g gram grams gramme grammes t tonne tonnes ton tons lb lbs ha hectare hectares acre
    acres l litre litres liter liters ml gallon gallons barrel barrels degree degrees ° °c °f celsius
    fahrenheit kph km/h mph knots magnitude mw kw gw kwh mwh mb gb tb""".split()
)
_DURATION_WORDS = frozenset(
    """second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks month
    months year years yr yrs decade decades century centuries fortnight fortnights""".split()
)
_CURRENCY_WORDS = frozenset(
    """dollar dollars usd euro euros eur gbp sterling rupee rupees rs inr pkr yuan rmb renminbi yen
    franc francs shilling shillings naira riyal riyals rial rials dinar dinars dirham dirhams lira
    liras peso pesos birr taka kyat kwacha cedi cedis rand ringgit baht rupiah afghani afghanis""".split()
)
_CLOCK_WORDS = frozenset({"a.m", "p.m", "am", "pm", "gmt", "utc"})
_MONTHS = frozenset(
    """January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split()
)
# a 4-digit number followed by one of these counts people or things, not a year
_COUNT_NOUNS = frozenset(
    """people persons person families family households household individuals residents civilians
    refugees children men women migrants displaced idps inhabitants villagers survivors victims
    soldiers fighters troops militants homes houses dwellings shelters tents buildings units
    students workers pilgrims patients cases deaths dead others""".split()
)
# words that are not a unit: the next noun is reported only when it is not one of these
_NOT_UNITS = frozenset(
    """a an the and or but nor of in on at by for from to into onto with without as than that this
    these those which who whom whose what when where while was were is are be been being am has have
    had do does did will would shall should can could may might must it its their his her our your
    my per so such not no if then also only just still already since between during after before
    about around over under up down out off more less most least each every all any some""".split()
)
_NOT_AFTER_ONE = re.compile(r"[ \t]+another\b|'s\b|’s\b")

# ---- regexes ------------------------------------------------------------------------------

_HS = r"[ \t\u00a0\u202f\u2009]"  # horizontal space: never join numbers across lines


def _alternation(words) -> str:
    """A case-tolerant (first letter) alternation grouped by first letter, longest first."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        by_first.setdefault(w[0], []).append(w[1:])
    parts = []
    for first, rests in sorted(by_first.items()):
        cls = f"[{first.upper()}{first}]" if first.isalpha() else re.escape(first)
        parts.append(cls + "(?:" + "|".join(re.escape(r) for r in rests) + ")")
    return "(?:" + "|".join(parts) + ")"


_UF_CLASS = "[" + "".join(_UNICODE_FRACTIONS) + "]"

# A number written in digits. Named groups are used by the tokenizer; the core scanner uses
# the same text with the names stripped (a pattern may not repeat group names).
#
# ``bad`` is a number broken by a slip of the keyboard. A comma after a lead of one to three
# digits is a thousands comma in English, so the group after it must have three digits:
# "120,00" was 12,000 or 120,000, and reading it as 120 (or "1,2345" as 1 and 2345) would state
# a figure nobody wrote, so the whole token is one broken number that never becomes a mention
# (see ``_unreadable``). The one decimal comma kept is the one after a single digit ("1,3",
# "5,00": the Recognizers specs read it); a list written without spaces ("1,2,3", "22,24,26")
# is still a list, and "May 5,2016" is a day and a year with the space left out. An apostrophe
# group that breaks off ("1'250'00") is broken the same way. The first lookahead only lets in
# a number whose grouping goes wrong, so a well-formed "15,000" costs one failed test.
# ``sw`` groups thousands with an apostrophe, as in Switzerland ("64'000", "1’250’000"); a
# decade ("1990's") or a possessive never has three digits after its apostrophe.
_DIGITS_T = r"""
(?P<sign>(?<![\w.])[-−])?
(?:
   (?P<eu>\d{1,3}(?:\.\d{3})+,\d+)(?![\d])                    # 1.111,11 (decimal comma)
 | (?=\d{1,3}+(?:(?:,\d{3}(?!\d))*+,(?!\d{3}(?!\d))|(?:['’]\d{3}(?!\d))++['’]\d))  # a group gone wrong
   (?<!\d,)(?!\d{1,2},(?:19|20)\d\d(?![\d]))                 # not "5,2016" (a day, a year)
   (?P<bad>\d{1,3}(?:,\d{3})*,(?:\.\d+|\d{4,}(?:\.\d+)?)(?![\d])  # 1,2345  9,.81  1,234,5678
     |\d{1,3}(?:,\d{3})+,\d{1,2}(?:\.\d+)?(?![\d]|,\d)         # 12,345,67
     |\d{2,3},\d{1,2}(?:\.\d+)?(?![\d]|,\d)                    # 120,00  12,5
     |\d{1,3}(?:['’]\d{3})+['’](?:\d{1,2}|\d{4,})(?![\d]|['’]\d))  # 1'250'00
 | (?P<chain>\d+(?:\.\d+){2,}(?![\d])                       # 192.168.1.2
     |\d+(?:[-/]\d+){2,}(?![\d])                                # 11/03/2016 2016-03-14 +1-222-2222
     |\d{1,2}(?::\d\d){1,2}(?![\d]))                           # 10:30
 | (?P<fn>\d+)/(?P<fd>\d+)(?![\d/])                          # 3/4
 | (?:
      (?P<us>\d{1,3}(?:,\d{3})+(?:\.\d+)?)(?![\d])             # 1,234,567.89
    | (?P<ind>\d{1,2},(?:\d{2},)+\d{3}(?:\.\d+)?)(?![\d])      # 12,34,567.89
    | (?P<spc>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:\.\d+)?)(?![\d])  # 1 234 567
    | (?P<sw>\d{1,3}(?:['’]\d{3})+(?:\.\d+)?)(?![\d])          # 64'000  1’250’000
    | (?<!\d,)(?P<dc>\d+,\d{1,2})(?![\d]|,\d)                   # 5,00  1,3
    | (?P<pl>\d+(?:\.\d+)?|\.\d+)                               # 15000  9.23  .08
   )
   (?:
      (?P<exp>[eE][+-]?\d+)(?![\w])                             # 1e10 12.32e+14
    | (?P<pow>(?:[ ]?[x×][ ]?10)?\^[+-]?\d+)                    # 1.3x10^6 1.1^23
   )?
   (?:
      (?P<sfx>k|K|mn|mln|mil|MM|M|m|bn|bln|b|B|tn|tln|G)(?![A-Za-z0-9])   # 10k 1.2m 1.5bn 10G
    | [ \t]{1,2}(?P<ssfx>k|K|MM|M|mn|mln|bn|bln|tn|tln|G)(?![\w])         # 2.33 k  1,674.5 G
    | (?P<ord>st|nd|rd|th)(?![A-Za-z])                                   # 19th
    | (?<=0)(?P<dec>'?s)(?![A-Za-z])                                      # 1980s 1,000s
   )?
)
"""
_DIGITS = re.sub(r"\(\?P<\w+>", "(?:", _DIGITS_T)

_WORD_LIST = (
    list(_UNITS) + list(_TEENS) + list(_TENS) + list(_SCALES) + ["hundred"] + list(_DOZENS)
    + list(_FRACTIONS) + list(_ORDINALS)
)
_WORDS = _alternation(_WORD_LIST) + r"(?![\w])"
_A_BEFORE = (
    r"[Aa]n?" + _HS + r"+(?=(?:hundred|thousand|million|billion|trillion|lakh|crore|dozen|half|"
    r"quarter|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?![\w]))"
)
# every number in digits starts with a sign, a digit or a decimal point: testing that first
# spares the engine a try of each of its many branches before a word
_ATOM = rf"(?:{_A_BEFORE})?(?:(?=[-−.\d]){_DIGITS}{_UF_CLASS}?|{_UF_CLASS}|{_WORDS})"
_JOIN = rf"(?:{_HS}*[-–—]{_HS}*|-(?:(?:and|of|an|a)-){{1,3}}|{_HS}+(?:(?:and|point|of|an|a){_HS}+){{0,3}})"
_CORE = rf"(?:(?:[Mm]inus|[Nn]egative){_HS}+)?{_ATOM}(?:{_JOIN}{_ATOM})*"

_VAGUE = (
    rf"(?:(?P<vq>[Ss]everal|[Aa]{_HS}+few|[Aa]{_HS}+couple(?:{_HS}+of)?|[Mm]any|[Ff]ew|[Ss]ome){_HS}+)?"
    rf"(?:(?P<vp>[Tt]ens(?={_HS}+of\b)|[Ss]cores(?={_HS}+of\b)|[Dd]ozens|[Hh]undreds|[Tt]housands|"
    rf"[Mm]illions|[Bb]illions|[Ll]akhs|[Cc]rores)"
    rf"(?:{_HS}+of{_HS}+(?P<vof>thousands|millions|billions|lakhs|crores))?"
    rf"|(?<=[a-z]{_HS})(?P<vs>dozen|hundred|thousand|million|billion)(?:{_HS}+(?P<vs2>thousand|million))?)"
    r"(?![\w])"
)
# "a year and a half": a duration whose number is not written as a number
_AYH = rf"(?:[Aa]n?|[Oo]ne){_HS}+(?P<ayhu>year|month|week|day|hour|decade){_HS}+and{_HS}+a{_HS}+half(?![\w])"

# A cheap gate: the scanner only enters its alternatives where a number may start (a digit, a
# number word, "a dozen"...). Every branch begins with a character class, so the regex engine
# skips the others at once; this makes the scan several times faster on news text.
_GATE_WORDS = _WORD_LIST + ["minus", "negative", "several", "few", "many", "some", "tens", "scores",
                            "hundreds", "thousands", "millions", "billions", "lakhs", "crores"]
_A_GATE = (
    rf"{_HS}+(?:hundred|thousand|million|billion|trillion|lakh|crore|dozen|half|quarter|third|"
    rf"fourth|fifth|sixth|seventh|eighth|ninth|tenth|few|couple|year|month|week|day|hour|decade)(?![\w])"
)
_GATE = rf"(?=\d|[-−.]\d|{_UF_CLASS}|{_alternation(_GATE_WORDS)}|[Aa]n?{_A_GATE})"
# the single scanner: vague amounts first ("dozens of" is vague, "3 dozens" is 36)
_SCAN = re.compile(rf"(?<![\w.]){_GATE}(?:(?P<v>{_VAGUE})|(?P<ayh>{_AYH})|(?P<core>{_CORE}))", re.X)


def _prefix_trie(words) -> str:
    """A regex that matches where one of ``words`` starts, factored by common prefixes
    ("t(?:en|h(?:ree|ird))"): the engine tests each character once instead of once per word."""
    children: dict[str, list[str]] = {}
    for w in words:
        if w:
            children.setdefault(w[0], []).append(w[1:])
    alts = [re.escape(c) + _prefix_trie(rests) for c, rests in sorted(children.items())]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in words:  # a word ends here: what follows is optional
        return (body if len(alts) > 1 or len(alts[0]) == 1 else "(?:" + body + ")") + "?"
    return body


def _separator_class() -> str:
    """The class [^\\w.] written as literal ranges of the BMP, plus every astral character.

    The regex engine tests such a class with one table lookup, where \\w costs several Unicode
    lookups per character: on a scan that tests every character of a text, that is most of the
    time. The astral planes are let in whole (letters too): use it only where a wrong
    character costs a test and no result.
    """
    codes = array.array("I", range(0x10000))
    codes[0xD800:0xE000] = array.array("I", [0x20]) * 0x800  # lone surrogates, separators too
    bmp = codecs.utf_32_le_decode(codes.tobytes())[0]  # (65536 chr() take several times longer)
    return "[" + "".join(re.escape(bmp[a]) + ("-" + re.escape(bmp[b - 1]) if b - a > 1 else "")
                         for a, b in (m.span() for m in re.finditer(r"[^\w.]+", bmp))) \
        + "\U00010000-\U0010ffff]"


# Where _SCAN may match: its lookbehind and gate turned into a pattern that begins with a
# character class, so that the engine finds candidates at C speed (the lookbehind alone makes it
# try every position of the text). It matches a separator (what the lookbehind allows before a
# number; astral letters too, which _SCAN's lookbehind then turns down) and the start of what
# the gate allows after it, consuming only word characters, or the sign of a number after a
# true separator: a sign is no loss, as _SCAN matches at "-5" whenever it matches at its "5".
# The words are tested by any first letter followed by the rest of any word and the end of a
# word (every word _SCAN starts with ends so), a superset of the gate that is cheaper than
# testing each first letter on its own.
_CANDIDATE = re.compile(
    _separator_class() + "(?:"
    + "[" + "".join(sorted({c for w in _GATE_WORDS for c in (w[0], w[0].upper())})) + "]"
    + _prefix_trie({w[1:] for w in _GATE_WORDS}) + r"(?![\w])"
    + rf"|[Aa]n?(?={_A_GATE})|\d|{_UF_CLASS}|[-−.](?<![\w.].)(?=\d))"
)


def _scan_matches(text):
    """The matches of ``_SCAN.finditer(text)``, found by trying _SCAN only at the candidates."""
    match = _SCAN.match
    out = []
    end = 0
    m = match(text)
    if m is not None:
        out.append(m)
        end = m.end()
    for c in _CANDIDATE.finditer(text):
        pos = c.start() + 1
        if pos >= end:
            m = match(text, pos)
            if m is not None:
                out.append(m)
                end = m.end()
    return out


# PDF text glues words to numbers ("with14,593", "least140,000", "Around1.6 million"): a number
# with a separator or a decimal may follow a lower-case letter (identifiers such as "MH17" stay
# out). Found digit-first (a fast scan), as such text is rare. The class is a superset of \d (no
# other decimal digit is below U+0100) that the engine tests with two comparisons instead of a
# Unicode lookup per character; the lookbehind checks the digit.
_GLUED_AT = re.compile("[0-9\u0100-\U0010ffff]" r"(?<=[a-z]\d)")
_GLUED = re.compile(rf"(?=\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+\.\d){_CORE}", re.X)
_SIMPLE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_TOKEN = re.compile(
    rf"(?=[-−.\d])(?P<d>{_DIGITS_T})(?P<duf>{_UF_CLASS})?|(?P<uf>{_UF_CLASS})|(?P<hy>[-–—])|(?P<w>[A-Za-z]+)", re.X
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
_VQ_LOW = {"several": 2, "few": 2, "couple": 2, "many": 1, "some": 1}
_VAGUE_UNIT = {
    "tens": 10, "scores": 20, "dozens": 12, "hundreds": 100, "thousands": 10**3, "millions": 10**6,
    "billions": 10**9, "lakhs": 10**5, "crores": 10**7, "dozen": 12, "hundred": 100,
    "thousand": 10**3, "million": 10**6, "billion": 10**9,
}

# hedges written before a number: phrase -> qualifier family
_HEDGES = {
    "approx_below": """nearly|almost|close to|just under|just below|just short of|not quite|slightly
        less than|slightly fewer than|a little under|a little less than""",
    "approx": """about|around|some|roughly|approximately|approx.|approx|an estimated|estimated|est.|
        circa|an approximate|approximate|in the region of|in the order of|on the order of|somewhere around""",
    "at_most": """up to|as many as|no more than|not more than|fewer than|less than|under|below|a maximum
        of|maximum of|max.|at most|at the most|smaller than|lower than|no greater than|not exceeding|
        less or equal than|smaller or equal than|lower or equal than|fewer or equal than|less than or
        equal to|smaller than or equal to|lower than or equal to|fewer than or equal to|equal to or
        less than|equal to or fewer than|equal to or lower than|equal to or smaller than|up to a
        maximum of""",
    "at_least": """more than|over|at least|upwards of|upward of|in excess of|exceeding|exceeds|exceeded|
        exceed|surpassing|surpasses|surpassed|surpass|above|a minimum of|minimum of|min.|greater
        than|larger than|bigger than|higher than|no less than|not less than|no fewer than|not fewer
        than|no smaller than|well over|well above|just over|just above|higher or equal than|bigger or
        equal than|greater or equal than|larger or equal than|more or equal than|greater than or equal
        to|more than or equal to|higher than or equal to|larger than or equal to|bigger than or equal
        to|equal to or more than|equal to or greater than|equal to or higher than|equal to or larger
        than|equal to or bigger than|at least or equal to""",
    "exact": """equal to|equals to|equals|equaling to|equalling to|equaling|equalling|exactly|precisely""",
}
_HEDGE_KIND = {
    p.strip(): family
    for family, phrases in _HEDGES.items()
    for p in " ".join(phrases.split()).split("|")
}
_SYMBOL_HEDGES = {"<": "at_most", "<=": "at_most", "≤": "at_most", ">": "at_least", ">=": "at_least", "≥": "at_least"}


# What precedes a number is read from a reversed window ending at the number, with anchored
# matches: far cheaper than searching the window forwards at every offset.
def _rev(phrases) -> str:
    """Alternation of the reversed phrases, longest first; a space stands for any blank run.

    Grouped by first character and literal except the phrase's own first letter (last here),
    which may be a capital ("Nearly"): each branch starts with a literal, which the regex engine
    skips at once when it does not match.
    """
    def piece(c):
        return f"{_HS}+" if c == " " else re.escape(c)

    groups: dict[str, list[str]] = {}
    singles = []
    for p in sorted({" ".join(p.split()) for p in phrases}, key=len, reverse=True):
        r = p[::-1]
        tail = f"[{r[-1]}{r[-1].upper()}]" if r[-1].islower() else re.escape(r[-1])
        if len(r) == 1:
            singles.append(tail)
        else:
            groups.setdefault(r[0], []).append("".join(piece(c) for c in r[1:-1]) + tail)
    parts = [re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()]
    return "(?:" + "|".join(parts + singles) + ")"


_WINDOW = 48
_R_PREFIX = re.compile(
    rf"{_HS}*(?P<cur>\$(?:SU|\.S\.U|UA|AC|ZN|KH|A|C|S)?|[€£¥₹₦₱]|(?:DSU|RUE|PBG|RNI|RKP|SEK|NGN|RAZ|FHC|YPJ|YNC|\.?sR)"
    rf"(?![A-Za-z]))?{_HS}*(?:(?P<the>(?i:eht))(?![\w]){_HS}*)?"
    rf"(?:(?P<h>{_rev(_HEDGE_KIND)})(?![\w])|(?P<hs>={_HS}*[<>]|[<>≤≥])(?![<>=]))?"
)
_R_RANGE_PRE = re.compile(rf"{_HS}*(?P<the>eht{_HS}+)?(?P<w>neewte[Bb]|mor[Ff]|rehti[Ee])(?![\w])")
_R_BY_PRE = re.compile(rf"{_HS}*yb(?![\w])")  # reversed "by" right before the first number
# "rose from 3,000 to 5,000": a change between two counts, each one a figure, not a range
_CHANGE_FROM = re.compile(
    r"\b(?:rise|rises|rising|rose|risen|increase[sd]?|increasing|grow|grows|growing|grew|grown|climb(?:s|ed|ing)?|"
    r"jump(?:s|ed|ing)?|swell(?:s|ed|ing)?|soar(?:s|ed|ing)?|surge[sd]?|surging|fall|falls|falling|fell|fallen|"
    r"drop(?:s|ped|ping)?|decrease[sd]?|decreasing|decline[sd]?|declining|went\s+up|gone\s+up|went\s+down|"
    r"shot\s+up|doubled|tripled|trebled|halved)\s+(?:\w+\s+){0,2}?from\s+(?:about\s+|some\s+|around\s+|nearly\s+"
    r"|over\s+|more\s+than\s+|less\s+than\s+|fewer\s+than\s+|roughly\s+|just\s+)?$",
    re.I,
)
_PERCENT_OF_WORDS = ["percent of", "percents of", "per cent of", "per cents of", "percentage of"]
_AGE_CUES = ["aged", "age", "ages", "age of", "ages of", "as young as", "as old as", "aged between",
             "between the ages of"]
_PRONOUN_CUES = "the this that which each every any no another what whichever whatever little".split()
_YEAR_CUES = """in since of from to until till by during before after early late mid end start and or the
    its their his her this that between through year fiscal spring summer autumn fall winter circa""".split()
_R_PERCENT_OF = re.compile(rf"{_HS}+{_rev(_PERCENT_OF_WORDS)}(?![\w])")
_R_AGE = re.compile(rf"{_HS}+{_rev(_AGE_CUES)}(?![\w])")
_R_PRONOUN_ONE = re.compile(rf"{_HS}+{_rev(_PRONOUN_CUES)}(?![\w])")
_R_POSSESSIVE = re.compile(rf"{_HS}+(?:rieht|sih|reh)(?![\w])")
_R_MONTH = re.compile(rf"{_HS}+,?\.?{_rev(_MONTHS)}(?![\w])")
_R_YEAR_CUE = re.compile(rf"{_HS}*(?:{_rev(_YEAR_CUES)}(?![\w])|,\d{{1,2}}(?![\d])|[(\[])|-(?i:dim)(?![\w])")
_POSTFIX = re.compile(
    rf"(?:(?P<plus>\+(?![\d+])|-?plus(?![\w]))"
    rf"|{_HS}*-?(?P<odd>odd)(?![\w])"
    rf"|{_HS}+(?i:(?P<conj>or|and){_HS}+(?P<cmp>more|greater|higher|larger|bigger|above|over|upwards|less|"
    rf"fewer|lower|smaller|below|under|so)(?P<than>{_HS}+than)?)(?![\w])"
    rf"|{_HS}+(?:(?P<amost>at{_HS}+most|max\.?)|(?P<aleast>at{_HS}+least))(?![\w]))"
)
_OR_EQUAL = re.compile(rf"{_HS}+(?i:or{_HS}+equal(?:{_HS}+to)?)(?![\w])")
_POST_KIND = {
    "more": "at_least", "greater": "at_least", "higher": "at_least", "larger": "at_least",
    "bigger": "at_least", "above": "at_least", "over": "at_least", "upwards": "at_least",
    "less": "at_most", "fewer": "at_most", "lower": "at_most", "smaller": "at_most",
    "below": "at_most", "under": "at_most", "so": "approx",
}
_RANGE_GAP = re.compile(
    rf"{_HS}*(?:(?P<dash>[-–—~]){_HS}*|(?P<word>to|through|thru|till|until|or|and){_HS}+(?P<the>the{_HS}+)?)\Z"
)
_DAY_GAP = re.compile(rf"{_HS}*(?:,|and|or|&|to|-|–){_HS}*\Z")
_COMPOUND_GAP = re.compile(rf"{_HS}*,?{_HS}*(?:(?:and|but){_HS}+)?\Z")
_AFTER = re.compile(
    rf"(?P<sp>{_HS}*)(?:"
    rf"(?P<pct>%|(?i:per{_HS}?cent(?:age)?s?|percentages?|pct)(?![\w]))"
    rf"|(?P<age>-?{_HS}?(?i:years?|yrs?|months?|weeks?|days?)(?:-|{_HS})olds?(?![\w]))"
    rf"|-?(?P<word>°[CF]?|[^\W\d_][\w'’./²³-]*)"
    r")"
)
_PLURAL_VERB = re.compile(rf"{_HS}+(?:were|are|have)(?![\w])")
_OF_NOUN = re.compile(rf"{_HS}+of{_HS}+(?P<word>[^\W\d_][\w'’-]*)")


# ---- parsing one core ---------------------------------------------------------------------

# token types
_D, _C, _UF, _U, _T, _X, _H, _S, _Z, _F, _O, _NEG, _AND, _A, _OF, _PT, _HY, _BAD = range(18)
_WORD_TYPE: dict[str, tuple[int, float]] = {}
for _w, _v in _UNITS.items():
    _WORD_TYPE[_w] = (_U, _v)
for _w, _v in _TEENS.items():
    _WORD_TYPE[_w] = (_T, _v)
for _w, _v in _TENS.items():
    _WORD_TYPE[_w] = (_X, _v)
for _w, _v in _SCALES.items():
    _WORD_TYPE[_w] = (_S, _v)
for _w in _DOZENS:
    _WORD_TYPE[_w] = (_Z, 12)
for _w, _v in _ORDINALS.items():
    _WORD_TYPE[_w] = (_O, _v)
for _w, _v in _FRACTIONS.items():
    _WORD_TYPE[_w] = (_F, _v)
_WORD_TYPE.update(
    {"hundred": (_H, 100), "minus": (_NEG, -1), "negative": (_NEG, -1), "and": (_AND, 0),
     "a": (_A, 1), "an": (_A, 1), "of": (_OF, 0), "point": (_PT, 0)}
)
_STARTERS = frozenset({_D, _UF, _U, _T, _X})
_SMALL_WORDS = frozenset({_U, _T, _X})


class _Num:
    """A number found in the text before hedges and ranges are attached."""

    __slots__ = ("start", "end", "value", "raw", "scale", "words", "plain4", "lead0", "kind",
                 "fraction", "vague_low", "unit_text", "chain", "broken")

    def __init__(self, start, end, value, raw=None, scale=1, words=False, kind=None, fraction=False):
        self.start = start
        self.end = end
        self.value = value
        self.raw = value if raw is None else raw  # the number before its scale word
        self.scale = scale
        self.words = words
        self.plain4 = False  # written as four plain digits: a year candidate
        self.lead0 = False  # written with a leading zero ("01"): a date part, not a range end
        self.kind = kind  # preset kind (ordinal, date_part, year, duration) or None
        self.fraction = fraction
        self.vague_low = None
        self.unit_text = None
        self.chain = False  # part of "192.168.1.2", "+1-222-2222": never a range end
        self.broken = False  # "120,00", "1,2345": unreadable, never a mention


def _broken(start, end):
    """A number broken by a typo ("120,00"): no mention, only a place in the list of numbers."""
    num = _Num(start, end, None)
    num.broken = True
    return num


class _DigitInfo:
    __slots__ = ("value", "scale", "is_int", "ordinal", "fraction", "decade", "plain4", "lead0")


def _tidy(v):
    """Float noise away (3.4 * 1e6 -> 3400000); integral values become int."""
    if isinstance(v, int):
        return v
    v = float(f"{v:.15g}")
    if v.is_integer() and abs(v) < 1e18:
        return int(v)
    return v


def _scaled(fraction, scale):
    """"two-thirds of a million" is a whole number of people: round once a scale word applies."""
    v = fraction * scale
    return int(round(v)) if scale >= 1000 else _tidy(v)


# what may stand between groups of three digits: "15,000", "9 300", "64'000"
_NO_GROUP_MARKS = str.maketrans("", "", ", \u00a0\u202f\u2009'’")


def _digit_token(m, out_tokens):
    """Turn a digits match into a token (or several for dotted/dashed chains)."""
    s, e = m.span("d")
    neg = m.group("sign") is not None
    if m.group("bad") is not None:  # "120,00": no figure, and no end of a range either
        out_tokens.append((_BAD, None, s, e, None))
        return
    chain = m.group("chain")
    if chain is not None:
        base = m.start("chain")
        for part in re.finditer(r"\d+", chain):
            out_tokens.append((_C, int(part.group()), base + part.start(), base + part.end(), part.group()))
        return
    fn = m.group("fn")
    if fn is not None:
        num, den = int(fn), int(m.group("fd"))
        if den and num < den:
            info = _DigitInfo()
            info.value, info.scale, info.is_int, info.ordinal = (-num if neg else num) / den, 1, False, False
            info.fraction, info.decade, info.plain4, info.lead0 = True, None, False, False
            out_tokens.append((_D, info.value, s, e, info))
        else:  # "24/7", "2222/2222": two numbers
            for name in ("fn", "fd"):
                a, b = m.span(name)
                out_tokens.append((_C, int(m.group(name)), a, b, m.group(name)))
        return
    info = _DigitInfo()
    info.fraction = info.ordinal = info.plain4 = info.lead0 = False
    info.decade = None
    info.scale = 1
    body_end = None
    eu = m.group("eu")
    if eu is not None:
        value = float(eu.replace(".", "").replace(",", "."))
        info.is_int = False
        body_end = m.end("eu")
    else:
        for name in ("us", "ind", "spc", "sw", "dc", "pl"):
            body = m.group(name)
            if body is not None:
                body_end = m.end(name)
                break
        if name == "dc":
            clean = body.replace(",", ".")
        elif name == "pl":
            clean = body
            info.plain4 = len(body) == 4 and body.isdigit()
            info.lead0 = len(body) > 1 and body[0] == "0" and body.isdigit()
        else:
            clean = body.translate(_NO_GROUP_MARKS)
        info.is_int = "." not in clean
        value = int(clean) if info.is_int else float(clean)
        exp = m.group("exp")
        pw = m.group("pow")
        if exp is not None:
            value = float(clean + exp)
            info.is_int = False
            info.plain4 = False
            body_end = m.end("exp")
        elif pw is not None:
            base_ten = "10^" in pw and ("x" in pw or "×" in pw)
            power = int(pw[pw.index("^") + 1:])
            try:
                value = value * 10.0**power if base_ten else float(value) ** power
            except (OverflowError, ZeroDivisionError):
                return  # "10^400": no number worth reporting
            info.is_int = False
            info.plain4 = False
            body_end = m.end("pow")
        sfx = m.group("sfx") or m.group("ssfx")
        if sfx is not None:
            if sfx == "G" and info.is_int and value < 10:  # "4G", "5G": telecom, not giga
                e = body_end
            else:
                info.scale = _SUFFIXES[sfx]
                info.plain4 = False
        if m.group("ord") is not None:
            info.ordinal = True
            info.plain4 = False
        if m.group("dec") is not None:
            # "1980s" a decade; "1,000s" / "100s" a vague amount; "the 90s" / "in their 50s"
            if info.plain4 and 1900 <= value <= 2100:
                info.decade = "year"
            elif info.is_int and value in (100, 1000, 10000, 100000, 1000000) and info.scale == 1:
                info.decade = "vague"
            elif info.is_int and 20 <= value <= 90 and len(body) == 2:
                info.decade = "age" if _R_POSSESSIVE.match(m.string[max(0, s - 12):s][::-1]) else "year"
            else:
                e = body_end
            info.plain4 = False
    if isinstance(value, float) and not math.isfinite(value):
        return  # "1e999"
    if neg:
        value = -value
    info.value = value
    out_tokens.append((_D, value, s, e, info))


def _tokens(text, cs, ce):
    toks = []
    hyphens = False
    for m in _TOKEN.finditer(text, cs, ce):
        if m.group("d") is not None:
            _digit_token(m, toks)
            duf = m.group("duf")
            if duf is not None and toks and toks[-1][0] == _D and toks[-1][4].is_int:
                # "2½": glue the unicode fraction onto the integer
                t = toks[-1]
                info = t[4]
                info.value = t[1] + (_UNICODE_FRACTIONS[duf] if t[1] >= 0 else -_UNICODE_FRACTIONS[duf])
                info.is_int, info.fraction, info.plain4 = False, True, False
                toks[-1] = (_D, info.value, t[2], m.end("duf"), info)
        elif m.group("uf") is not None:
            toks.append((_UF, _UNICODE_FRACTIONS[m.group("uf")], m.start(), m.end(), None))
        elif m.group("hy") is not None:
            toks.append((_HY, 0, m.start(), m.end(), None))
            hyphens = True
        else:
            word = m.group("w").lower()
            typ_val = _WORD_TYPE.get(word)
            if typ_val is not None:
                toks.append((typ_val[0], typ_val[1], m.start(), m.end(), word))
    return _spaced_connectors(toks) if hyphens else toks


_CONNECTORS = frozenset({_AND, _A, _OF})


def _spaced_connectors(toks):
    """"one-and-a-half million", "half-a-dozen": a hyphen beside "and", "a" or "of" is a space.

    The parser then reads them as it reads "one and a half million"; a hyphen between two
    numbers ("three-nought-four", "500-1,000") stays, as it separates them.
    """
    if len(toks) < 3:
        return toks
    last = len(toks) - 1
    return [t for k, t in enumerate(toks)
            if t[0] != _HY or not (0 < k < last and (toks[k - 1][0] in _CONNECTORS or toks[k + 1][0] in _CONNECTORS))]


def _scale_after(toks, j, n, direct=False):
    """A scale written after a fraction: "half a million", "two-thirds of a million".

    ``direct``: the scale may also follow at once, or after a hyphen ("a half million", "a
    quarter-million", "a half-dozen"). Only "half" and "quarter" ask for it: "a third million"
    is rather the third of several millions.
    """
    k = j
    if k < n and toks[k][0] == _OF:
        k += 1
    if k < n and toks[k][0] == _A:
        k += 1
    if k == j:
        if not direct:
            return 1, j
        if k < n and toks[k][0] == _HY:
            k += 1
    if k >= n or toks[k][0] not in (_S, _H, _Z):
        return 1, j
    scale = 1
    while k < n and toks[k][0] in (_S, _H, _Z) and toks[k][1] > scale:
        scale = toks[k][1] if scale == 1 else scale * toks[k][1]
        k += 1
    return scale, k


def _decimal_words(toks, j, n):
    """Digits spoken after "point": "nought four" -> "04", "seventy-one" -> "71"."""
    digits = []
    k = j
    while k < n:
        typ = toks[k][0]
        if typ in (_U, _T):
            digits.append(str(int(toks[k][1])))
            k += 1
        elif typ == _X:
            v = int(toks[k][1])
            k += 1
            m = k + 1 if k < n and toks[k][0] == _HY else k
            if m < n and toks[m][0] == _U and toks[m][1] > 0:
                v += int(toks[m][1])
                k = m + 1
            digits.append(str(v))
        elif typ == _D and toks[k][4].is_int and toks[k][4].scale == 1 and toks[k][1] >= 0:
            digits.append(str(toks[k][1]))
            k += 1
        else:
            break
    return "".join(digits), k


def _term(toks, i, n):
    """One additive term: small number [hundred [and tail]] [point ...] [fraction] [scales].

    Returns (value, scale, next_index, has_hundred, all_words, raw, fraction) or None.
    """
    t = toks[i]
    typ = t[0]
    words = typ not in (_D, _UF, _C)
    hund = False
    frac = False
    j = i + 1
    scale = 1
    if typ == _A:
        if j >= n or toks[j][0] not in (_H, _S, _Z):
            return None
        small = 1
    elif typ == _D:
        info = t[4]
        if info.ordinal:
            return None
        small = t[1]
        frac = info.fraction
        if info.is_int and j < n and toks[j][0] == _D and toks[j][4].fraction and toks[j][1] > 0 \
                and info.scale == 1 and toks[j][2] > t[3]:
            small = small + toks[j][1] if small >= 0 else small - toks[j][1]  # "2 1/4"
            frac = True
            j += 1
        if info.scale != 1:  # "1.2m", "30k": the suffix is the whole scale
            return small * info.scale, info.scale, j, False, False, small, False
    elif typ == _UF:
        small = t[1]
        frac = True
    elif typ in _SMALL_WORDS:
        small = t[1]
        if typ == _X and j < n:
            k = j + 1 if toks[j][0] == _HY else j
            if k < n:
                nt = toks[k]
                if nt[0] == _U and nt[1] > 0:
                    small += nt[1]
                    j = k + 1
    elif typ == _H:
        small = 1
        j = i
    else:
        return None
    # hundred (+ tail): "three hundred and two", "3 hundred and 21", "322 hundred"
    if not frac and j < n and toks[j][0] == _H and (typ != _D or t[4].is_int or small < 100):
        if typ in _SMALL_WORDS and small >= 100:
            pass
        else:
            small *= 100
            hund = True
            j += 1
            k = j + 1 if j < n and toks[j][0] == _AND else j
            if k < n and toks[k][0] in (_U, _T, _X, _D):
                tail_t = toks[k]
                tail = None
                m = k + 1
                if tail_t[0] in _SMALL_WORDS:
                    tail = tail_t[1]
                    if tail_t[0] == _X and m < n:
                        q = m + 1 if toks[m][0] == _HY else m
                        if q < n and toks[q][0] == _U and toks[q][1] > 0:
                            tail += toks[q][1]
                            m = q + 1
                elif tail_t[4].is_int and tail_t[4].scale == 1 and not tail_t[4].ordinal \
                        and 0 < tail_t[1] < 100:
                    tail = tail_t[1]
                    words = False
                if tail and not (m < n and toks[m][0] in (_H, _F, _O)):
                    if m < n and toks[m][0] == _Z:  # "three hundred and two dozens" = 300 + 24
                        tail *= 12
                        m += 1
                    small += tail
                    j = m
    # decimals spoken: "nine point nought four"
    if not frac and j + 1 < n and toks[j][0] == _PT and (typ != _D or t[4].is_int):
        digits, k = _decimal_words(toks, j + 1, n)
        if digits:
            small = float(f"{int(small)}.{digits}") if small >= 0 else -float(f"{int(-small)}.{digits}")
            j = k
    # "two and a half million"
    part, k = _and_a_part(toks, j, n) if j < n and toks[j][0] == _AND else (0, j)
    if part:
        small += part
        j = k
    # fractions: "two-thirds", "one quarter", "three quarters"
    elif typ in (_U, _T) and not hund and j < n:
        k = j + 1 if toks[j][0] == _HY else j
        if k < n and toks[k][0] == _F and small > 0:
            den = toks[k][1]
            small = small / den
            frac = True
            j = k + 1
            sc, j = _scale_after(toks, j, n)
            if sc != 1:
                return _scaled(small, sc), sc, j, hund, words, small, False
    # "1.5-lakh", "a 3-million-strong crowd": the scale word hyphenated to the number
    if j + 1 < n and toks[j][0] == _HY and toks[j + 1][0] in (_S, _Z):
        j += 1
    # scales: "million", "lakh crore", "hundred thousand", "dozens"
    while j < n and toks[j][0] in (_S, _Z, _H):
        sv = toks[j][1]
        if toks[j][0] == _H and (hund or frac):
            break
        if sv <= scale:
            break
        scale = sv if scale == 1 else scale * sv
        j += 1
    if typ == _H and scale == 1:  # a bare "hundred" with no scale after it is no number here
        return None
    # "a million and a half", "a dozen and a half": the part is of the scale (1.5 million, 18),
    # not a number of its own; "a million and a half million" is two numbers
    if scale > 1 and not frac and j < n and toks[j][0] == _AND:
        part, k = _and_a_part(toks, j, n)
        if part and not (k < n and toks[k][0] in (_S, _Z, _H)):
            small += part
            j = k
    return _tidy(small * scale), scale, j, hund, words, small, frac and scale == 1


def _and_a_part(toks, j, n):
    """"and a half" / "and a quarter" at toks[j]: (the part, index after it), else (0, j)."""
    if j + 2 < n and toks[j][0] == _AND and toks[j + 1][0] == _A and toks[j + 2][0] == _F \
            and toks[j + 2][4] in ("half", "quarter"):
        return 1 / toks[j + 2][1], j + 3
    return 0, j


def _parse_number(toks, i, n):
    """Parse one number starting at toks[i]; return (_Num or None, next index)."""
    t = toks[i]
    start = t[2]
    sign = 1
    if t[0] == _NEG:
        if i + 1 < n and toks[i + 1][0] in _STARTERS:
            sign = -1
            i += 1
            t = toks[i]
        else:
            return None, i + 1
    typ = t[0]
    if typ == _BAD:  # kept until the mentions are made: it takes the other end of its range along
        return _broken(t[2], t[3]), i + 1
    if typ == _C:
        num = _Num(t[2], t[3], t[1])
        num.chain = True
        num.lead0 = len(t[4]) > 1 and t[4][0] == "0"
        num.plain4 = len(t[4]) == 4
        return num, i + 1
    if typ == _O or (typ == _D and t[4].ordinal):
        return _Num(start, t[3], t[1], words=typ == _O, kind="ordinal"), i + 1
    if typ == _X and i + 2 < n and toks[i + 1][0] == _HY and toks[i + 2][0] in (_O, _F) \
            and toks[i + 2][4] in _ORDINAL_UNITS:  # "twenty-first"
        return _Num(start, toks[i + 2][3], t[1] + _ORDINAL_UNITS[toks[i + 2][4]], words=True, kind="ordinal"), i + 3
    if typ == _F or (typ == _A and i + 1 < n and toks[i + 1][0] == _F):
        return _fraction_led(toks, i, n, start, sign)
    if typ == _D and t[4].decade is not None:
        if t[4].decade == "vague":
            num = _Num(start, t[3], None)
            num.vague_low = t[1]
        else:
            num = _Num(start, t[3], t[1], kind=t[4].decade)
        return num, i + 1
    term = _term(toks, i, n)
    if term is None:
        return None, i + 1
    value, scale, j, hund, words, raw, frac = term
    total = value
    last_scale = scale
    all_words = words
    terms = 1
    while last_scale > 1 and j < n:
        k = j
        joined_and = toks[k][0] == _AND
        if joined_and:
            k += 1
        if k >= n or toks[k][0] not in (_U, _T, _X, _D, _A):
            break
        nxt = _term(toks, k, n)
        if nxt is None:
            break
        v2, s2, j2, h2, w2, _r2, f2 = nxt
        if f2 or v2 <= 0 or s2 >= last_scale or v2 >= last_scale:
            break
        if not (s2 > 1 or h2 or joined_and or (w2 and all_words)):
            break
        total += v2
        last_scale = s2
        all_words = all_words and w2
        j = j2
        terms += 1
    end = toks[j - 1][3]
    num = _Num(start, end, _tidy(sign * total), words=all_words, fraction=frac)
    if terms == 1:
        num.raw = sign * raw
        num.scale = scale
    else:
        num.raw, num.scale = num.value, 1
    if typ == _D and j == i + 1:
        num.plain4 = t[4].plain4 and sign == 1
        num.lead0 = t[4].lead0
    return num, j


def _fraction_led(toks, i, n, start, sign):
    """"half", "a half", "a quarter of a million", "half a dozen", "a third" (of ...)."""
    article = toks[i][0] == _A
    f = toks[i + 1] if article else toks[i]
    j = (i + 2) if article else (i + 1)
    word = f[4]
    den = f[1]
    if word.endswith("s") and word != "halves":  # "thirds" alone is no number
        return None, j
    sc, k = _scale_after(toks, j, n, direct=word not in _ORDINALS)
    if sc != 1:
        value = _scaled(sign / den, sc)
        return _Num(start, toks[k - 1][3], value, raw=sign / den, scale=sc, words=True), k
    if word in ("half", "quarter") or (article and word not in _ORDINALS):
        if word == "quarter" and not article:
            return None, j
        return _Num(start, f[3], _tidy(sign / den), words=True, fraction=True), j
    if article:  # "a third of", "a fifth" at the end: a fraction; "a third time": an ordinal
        nxt = toks[j][0] if j < n else None
        if nxt == _OF:
            return _Num(start, f[3], _tidy(sign / den), words=True, fraction=True), j
        return _Num(f[2], f[3], _ORDINALS[word], words=True, kind="ordinal"), j
    return _Num(start, f[3], _ORDINALS[word], words=True, kind="ordinal"), j


def _parse_core(text, cs, ce, out):
    toks = _tokens(text, cs, ce)
    n = len(toks)
    i = 0
    while i < n:
        typ = toks[i][0]
        if typ in (_AND, _OF, _PT, _HY) or (typ == _A and (i + 1 >= n or toks[i + 1][0] not in (_H, _S, _Z, _F))):
            i += 1
            continue
        num, i = _parse_number(toks, i, n)
        if num is not None:
            out.append(num)


def _chain_kinds(text, nums, first):
    """Parts of "11/03/2016", "2016-03-14", "5/17/2018" are dates; of "192.168.1.2" counts."""
    k = first
    while k < len(nums) and nums[k].chain:
        k += 1
        if k < len(nums) and nums[k].chain and nums[k].start - nums[k - 1].end != 1:
            break
    group = nums[first:k]
    if text[group[0].end:group[0].end + 1] == ":":  # a clock time "10:30"
        for x in group:
            x.kind = "date_part"
        return k
    years = [x for x in group if x.plain4 and 1900 <= x.value <= 2100]
    if len(group) == 3 and len(years) == 1 and all(x is years[0] or 1 <= x.value <= 31 for x in group):
        for x in group:
            x.kind = "year" if x is years[0] else "date_part"
    return k


# ---- assembling mentions ------------------------------------------------------------------


def _drop_inside(nums, spans):
    """The numbers (sorted by start) that do not start inside one of the sorted ``spans``."""
    kept = []
    k = 0
    for x in nums:
        while k < len(spans) and spans[k][1] <= x.start:
            k += 1
        if k < len(spans) and spans[k][0] <= x.start:
            continue
        kept.append(x)
    return kept


#: more digits than any count can have: such a run is no number at all (and converting it would
#: raise "Exceeds the limit (4300 digits)" or cost quadratic time)
_MAX_DIGITS = 24


_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=4096)
def _word_core_readings(core: str) -> tuple:
    """The numbers of a core written without digits ("one", "two-thirds", "first and second"),
    each as (start, end, value, raw, scale, words, kind, fraction) from the start of the core.

    Such a core reads the same wherever it stands (only digits are read with a look outside
    their core, at a sign or at a possessive before a decade), and the other fields of its
    numbers keep their defaults: the reading is memoised by its text.
    """
    nums: list[_Num] = []
    _parse_core(core, 0, len(core), nums)
    return tuple((x.start, x.end, x.value, x.raw, x.scale, x.words, x.kind, x.fraction) for x in nums)


def _scan(text):
    nums: list[_Num] = []
    simple = _SIMPLE.fullmatch
    for m in _scan_matches(text):
        if m.group("core") is not None:
            raw = m.group()
            if len(raw) > _MAX_DIGITS and sum(c.isdigit() for c in raw) > _MAX_DIGITS:
                continue
            if simple(raw):  # fast path for the common "15,000" / "2014"
                num = _Num(m.start(), m.end(), int(raw.replace(",", "")))
                if len(raw) == 4 and "," not in raw:
                    num.plain4 = True
                    num.lead0 = raw[0] == "0"
                elif len(raw) > 1 and raw[0] == "0" and "," not in raw:
                    num.lead0 = True
                nums.append(num)
            elif _DIGIT.search(raw) is None:
                cs = m.start()
                for s, e, value, raw_value, scale, words, kind, fraction in _word_core_readings(raw):
                    nums.append(_Num(cs + s, cs + e, value, raw_value, scale, words, kind, fraction))
            else:
                _parse_core(text, m.start(), m.end(), nums)
        elif m.group("v") is not None:
            q = m.group("vq")
            unit = (m.group("vp") or m.group("vs")).lower()
            low = _VAGUE_UNIT[unit]
            if m.group("vof"):
                low *= _VAGUE_UNIT[m.group("vof").lower()]
            if m.group("vs2"):
                low *= _VAGUE_UNIT[m.group("vs2")]
            if q is not None:
                words = q.lower().split()
                low *= _VQ_LOW["couple" if "couple" in words else words[-1]]
            num = _Num(m.start(), m.end(), None)
            num.vague_low = low
            nums.append(num)
        else:
            num = _Num(m.start(), m.end(), 1.5, kind="duration")
            num.unit_text = m.group("ayhu")
            nums.append(num)
    glued = []
    for g in _GLUED_AT.finditer(text):
        c = _GLUED.match(text, g.start())
        if c is not None:
            _parse_core(text, c.start(), c.end(), glued)
        else:  # "with120,00": broken as well as glued; its "00" is no number of its own
            b = _TOKEN.match(text, g.start())
            if b is not None and b.group("bad") is not None:
                glued.append(_broken(b.start(), b.end()))
    if glued:
        nums = _drop_inside(nums, [(x.start, x.end) for x in glued]) + glued
        nums.sort(key=lambda x: x.start)
    if ", " in text:
        nums = _join_spaced_thousands(text, nums)
    if "://" in text or "www." in text:
        urls = [u.span() for u in _URL.finditer(text)]
        if urls:
            nums = _drop_inside(nums, urls)
    k = 0
    while k < len(nums):
        if nums[k].chain:
            k = _chain_kinds(text, nums, k)
        else:
            k += 1
    return nums


# "2, 530 evacuees", "2,430, 445 people", "over 2, 000 others": a thousands separator followed by a
# stray space (local press). Joined only when every group after the first has exactly three digits,
# a word (not "and", "or", "to") follows, and the first group is not itself an item of a list of
# numbers or a day after its month ("June 12, 150 people")
_THOUSANDS_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})*")
_THREE_DIGITS = re.compile(r"\d{3}")
_SPACED_WORD_AFTER = re.compile(r"[ \t]+(?!(?:and|or|to|nor)\b)[A-Za-z]")
_LIST_OR_MONTH_BEFORE = re.compile(
    r"(?:\d[ \t]*,[ \t]*|[.,]|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[ \t]+)$", re.I)


def _join_spaced_thousands(text, nums):
    out = []
    k = 0
    while k < len(nums):
        a = nums[k]
        j = k
        if (text.startswith(", ", a.end)  # the loop below needs it: the cheapest test first
                and a.value is not None and not a.words and not a.fraction and a.kind is None
                and _THOUSANDS_GROUPS.fullmatch(text, a.start, a.end)
                and not _LIST_OR_MONTH_BEFORE.search(text, max(0, a.start - 12), a.start)):
            while (j + 1 < len(nums) and text[nums[j].end:nums[j + 1].start] == ", "
                   and nums[j + 1].value is not None and nums[j + 1].kind is None
                   and _THREE_DIGITS.fullmatch(text, nums[j + 1].start, nums[j + 1].end)):
                j += 1
            if j > k and not _SPACED_WORD_AFTER.match(text, nums[j].end):
                j = k  # "1,200, 300 and 400": a list of numbers
        if j > k:
            digits = "".join(c for c in text[a.start:nums[j].end] if c.isdigit())
            out.append(_Num(a.start, nums[j].end, int(digits)))
            k = j + 1
        else:
            out.append(a)
            k += 1
    return out


def _after(text, pos, vague=False):
    """What is written right after a number: (kind or None, unit_text, end of a percent sign)."""
    m = _AFTER.match(text, pos)
    if m is None:
        return None, None, pos
    if m.group("pct") is not None:
        return "percent", m.group("pct"), m.end()
    if m.group("age") is not None:
        return "age", m.group("age").lstrip("- \t"), pos
    word = m.group("word").rstrip(".-'’")
    low = word.lower()
    if low in _NOT_UNITS:
        if vague and low == "of":
            o = _OF_NOUN.match(text, pos)
            if o is not None:
                return None, o.group("word"), pos
        return None, None, pos
    if low in _MEASURE_WORDS:
        return "measure", word, pos
    if low in _DURATION_WORDS:
        return "duration", word, pos
    if low in _CURRENCY_WORDS:
        return "money", word, pos
    if low == "pounds" or low == "pound":
        return None, word, pos  # money after "million", weight otherwise: decided in _kind
    if low in _CLOCK_WORDS:
        return "date_part", word, pos
    return None, word, pos


def _back(text, pos, floor=0):
    """The text just before ``pos`` (not before ``floor``), reversed, for the ``_R_*`` regexes."""
    return text[max(floor, pos - _WINDOW):pos][::-1]


def _hedge(w):
    """The hedge written before a number, from its reversed window.

    Returns (family or None, length of the hedge span back from the number, currency, "the").
    """
    m = _R_PREFIX.match(w)
    h = m.group("h")
    hs = m.group("hs")
    family = None
    if h is not None:
        family = _HEDGE_KIND.get(" ".join(h[::-1].lower().split()))
    elif hs is not None:
        family = _SYMBOL_HEDGES["".join(hs[::-1].split())]
    cur = m.group("cur")
    return family, m.end(), (cur[::-1] if cur else None), m.group("the") is not None


def _is_year(text, num, w, unit_text):
    """A plain four-digit number 1900-2100 is a year unless it counts something."""
    if not (num.plain4 and 1900 <= num.value <= 2100):
        return False
    if unit_text is not None and unit_text.lower() in _COUNT_NOUNS:
        return False
    if _R_YEAR_CUE.match(w) or _R_MONTH.match(w):
        return True
    if unit_text is None:  # "2014 was...", "in 2014, ..." but "2000 were killed"
        return _PLURAL_VERB.match(text, num.end) is None
    return not unit_text[:1].islower()


def _kind(text, first, last, w, after_kind, unit_text, currency, hedged):
    """The kind of a mention spanning numbers ``first``..``last``; ``w`` is the reversed text
    before the mention."""
    if last.kind is not None and last.kind != "year":
        return last.kind
    if first.kind == "year" or last.kind == "year":
        return "year"
    if after_kind == "percent":
        return "percent"
    if currency or after_kind == "money":
        return "money"
    if after_kind == "age" or (first.value >= 0 and _R_AGE.match(w)):
        return "age"
    if after_kind in ("duration", "measure"):
        return after_kind
    if unit_text in ("pounds", "pound"):
        return "money" if last.scale >= 10**6 else "measure"
    if after_kind == "date_part":
        return "date_part"
    if first.fraction and last.fraction:
        return "fraction"
    v = last.value
    if isinstance(v, int) and v >= 0:
        if unit_text in _MONTHS and 1 <= v <= 31:
            return "date_part"
        if (1 <= v <= 31 or last.plain4) and _R_MONTH.match(w):
            return "year" if last.plain4 else "date_part"
        if not hedged and _is_year(text, last, w, unit_text):
            return "year"
    return "count"


def _mention(text, start, end, value, low, high, qualifier, kind, unit_text):
    return NumberMention(text[start:end], start, end, value, low, high, qualifier, kind, unit_text)


def _leads_into(text, q, nxt):
    """Do the words after a number belong to the hedge of the next one? ("5000 or less than 6000")"""
    if text[q.end():nxt].strip(" \t\u00a0") == "":
        return True
    if nxt - q.start() > _WINDOW:
        return False
    family, back, _cur, _the = _hedge(_back(text, nxt, q.start()))
    return family is not None and nxt - back < q.end()


def _postfix(text, end, nxt):
    """A bound written after the number: "or more", "+", "-odd", "at most". (family, end) or None."""
    q = _POSTFIX.match(text, end)
    if q is None:
        return None
    if q.group("plus") is not None:
        family = "at_least"
    elif q.group("odd") is not None:
        family = "approx"
    elif q.group("cmp") is not None:
        cmp = q.group("cmp").lower()
        if cmp == "so" and q.group("conj").lower() != "or":
            return None
        family = _POST_KIND[cmp]
    elif q.group("amost") is not None:
        family = "at_most"
    else:
        family = "at_least"
    if family != "approx" and nxt is not None and _leads_into(text, q, nxt):
        return None
    return family, q.end()


def _single(text, nums, i, floor):
    """A single number with its hedges: (mention or None, hedge family written before it)."""
    a = nums[i]
    nxt = nums[i + 1].start if i + 1 < len(nums) else None
    if a.value is None:  # vague
        _k, unit, _e = _after(text, a.end, vague=True)
        return _mention(text, a.start, a.end, None, a.vague_low, None, "vague", "count", unit), None
    w = _back(text, a.start)  # context for the kind: may reach into the previous mention
    wh = w[:a.start - floor]  # what a hedge may take: not the previous mention
    if a.words and a.value == 1 and text[a.start:a.end].lower() == "one":
        if _R_PRONOUN_ONE.match(wh) or _NOT_AFTER_ONE.match(text, a.end):
            return None, None  # "the one you mentioned", "one another"
    start = a.start
    end = a.end
    family, back, currency, the = _hedge(wh)
    if the and family is not None:
        words = text[a.start - back:a.start].split()
        if a.kind != "ordinal" or len(words) < 3 or words[-2].lower() != "than":
            family = None  # only "higher than the tenth": a bound on a rank
    if family == "exact" and floor > 0 and text[floor:a.start - back].strip() == "":
        family = None  # "0.03 plus 0.08 equals 0.11": an equation, not a qualifier
    if family is not None:
        start = a.start - back
    after_kind, unit, pct_end = _after(text, a.end)
    if family is None and a.kind is None:
        po = _R_PERCENT_OF.match(wh)
        if po is not None:  # "percent of 10" (Recognizers writes the sign first)
            start = a.start - po.end()
            after_kind = "percent"
    if a.unit_text is not None:
        unit = a.unit_text
    if after_kind == "percent":
        end = pct_end
    post = _postfix(text, end, nxt)
    post_family = None
    if post is not None:
        post_family, end = post
        if after_kind is None:
            after_kind, unit, _e = _after(text, end)
    if currency is not None and unit is None:
        unit = currency
    kind = _kind(text, a, a, w, after_kind, unit, currency, family is not None or post_family is not None)
    if family == "at_least" and kind == "duration" and text[start:a.start].strip().lower() == "over":
        family, start = None, a.start  # "over 3 years" is during, not more than
    if post_family is not None:
        if family not in (None, "exact", post_family):
            start = a.start  # "about 500 or more": the trailing bound is what is asserted
        family = post_family
    elif family in ("at_least", "at_most"):
        oe = _OR_EQUAL.match(text, end)
        if oe is not None and (nxt is None or text[oe.end():nxt].strip(" \t\u00a0") != ""):
            end = oe.end()  # "less than 5000 or equal"
    v = a.value
    if family is None or family == "exact":
        m = _mention(text, start, end, v, v, v, "exact", kind, unit)
    elif family == "approx":
        m = _mention(text, start, end, v, v, v, "approx", kind, unit)
    elif family == "approx_below":
        m = _mention(text, start, end, v, None, v, "approx", kind, unit)
    elif family == "at_most":
        m = _mention(text, start, end, v, None, v, "at_most", kind, unit)
    else:
        m = _mention(text, start, end, v, v, None, "at_least", kind, unit)
    return m, (family if post_family is None else None)


def _year_like(num):
    return num.plain4 and 1900 <= num.value <= 2100


_GROUPED_THOUSANDS = re.compile(r"\d[,\u00a0\u202f\u2009 '’]\d{3}")


def _thousands_shorthand(text, a, b) -> bool:
    """"6-7,000": the low end is written without its thousands, when it is one to three bare
    digits and, read as thousands, below the high end and of its order of magnitude."""
    a_raw, b_raw = text[a.start:a.end], text[b.start:b.end]
    if a.scale != 1 or b.scale != 1 or a.words or b.words or not a_raw.isdigit() or len(a_raw) > 3:
        return False
    if not _GROUPED_THOUSANDS.fullmatch(b_raw[-5:]):
        return False
    low = a.value * 1000
    return low < b.value and low * 10 >= b.value


def _range(text, nums, i, floor):
    """"between 500 and 1,000", "500-1,000", "2 to 3 million", "13 or 14" -> mention or None."""
    a, b = nums[i], nums[i + 1]
    if a.value is None or b.value is None or a.chain or b.chain:
        return None
    g = _RANGE_GAP.match(text[a.end:b.start])
    if g is None:
        return None
    word = g.group("word")
    dash = g.group("dash") is not None
    ordinals = a.kind == "ordinal" and b.kind == "ordinal"
    if (a.kind == "ordinal") != (b.kind == "ordinal"):
        return None
    if g.group("the") is not None and not ordinals:
        return None
    if dash and (a.words or b.words):
        return None  # "three-nought-four" is three numbers; word ranges are written "to"/"or"
    w = _back(text, a.start, floor)
    pre = _R_RANGE_PRE.match(w)
    pre_word = pre.group("w")[::-1].lower() if pre is not None else None
    if pre is not None and pre.group("the") is not None and not ordinals:
        return None
    if ordinals and pre_word != "between":
        return None
    if word == "and" and pre_word != "between":
        return None
    if word == "or" and pre_word == "either":
        return None
    if word in ("till", "until") and pre_word == "between":
        return None  # ("between 30,000 to 40,000", a common slip, is read as the range it means)
    if word == "to" and _R_BY_PRE.match(_back(text, a.start, floor)) and _after(text, b.end)[0] != "percent":
        return None  # "had risen by 18,000 to 128,000": the change, then the new total
    if word == "to" and pre_word == "from" and _CHANGE_FROM.search(text, max(floor, a.start - 60), a.start):
        return None  # "rose from 3,000 to 5,000": the count before, then the count after
    low, high = a.value, b.value
    if _year_like(a) != _year_like(b) and not (dash and _year_like(a) and b.end - b.start == 2):
        return None  # "from 2,000 in 2015 to 5,000": a year is no end of a range of counts
    years = False
    if dash and a.plain4 and not a.lead0 and 1900 <= low <= 2100:
        braw = text[b.start:b.end]
        if b.lead0 and len(braw) == 2 and 1 <= high <= 12:
            a.kind, b.kind = "year", "date_part"  # "1995-01": a date
            return None
        if len(braw) == 2 and braw.isdigit():  # "2014-15"
            high = (low // 100) * 100 + high
            years = True
    if a.scale == 1 and b.scale > 1 and not a.fraction and 0 <= a.raw < b.raw:
        low = _tidy(a.value * b.scale)  # "2 to 3 million", "between 2 and 3 million"
    elif _thousands_shorthand(text, a, b):
        low = a.value * 1000  # "6-7,000", "20-30,000 people": the thousands are written once
    if not low < high:
        return None
    start = a.start
    if pre_word in ("between", "from"):
        start = a.start - pre.end()
    w = _back(text, start)
    after_kind, unit, pct_end = _after(text, b.end)
    end = pct_end if after_kind == "percent" else b.end
    _family, _back_len, currency, _the = _hedge(w[:start - floor])
    kind = _kind(text, a, b, w, after_kind, unit, currency, False)
    if years and kind == "count" and _is_year(text, a, w, unit):
        kind = "year"
    if kind == "year" and not (a.plain4 or a.kind == "year"):
        kind = "count"
    return _mention(text, start, end, low, low, high, "range", kind, unit)


def _unreadable(text, nums, i):
    """How many numbers from nums[i] on a broken number leaves unread (0, 1 or 2).

    A broken number is no figure ("120,00 people"), and neither is the other end of a range
    it is written in ("120,00-150,000", "between 1,2345 and 2,000"): alone, that end would
    claim an exact figure the text does not give.
    """
    a = nums[i]
    if i + 1 < len(nums) and (a.broken or nums[i + 1].broken):
        b = nums[i + 1]
        g = _RANGE_GAP.match(text[a.end:b.start])
        if g is not None and (g.group("word") != "and" or _between(text, a.start)):
            return 2
    return 1 if a.broken else 0


def _between(text, pos):
    """Is the number at ``pos`` written after "between"?"""
    pre = _R_RANGE_PRE.match(_back(text, pos))
    return pre is not None and pre.group("w")[::-1].lower() == "between"


def _merge_bounds(text, out, families):
    """"more than 10 and less than 40" -> one range; "at most 100 and at least 20" too."""
    merged = []
    k = 0
    while k < len(out):
        m1 = out[k]
        if k + 1 < len(out) and families[k] in ("at_least", "at_most") and families[k + 1] in ("at_least", "at_most") \
                and families[k] != families[k + 1] and _COMPOUND_GAP.match(text[m1.end:out[k + 1].start]):
            m2 = out[k + 1]
            lo_m, hi_m = (m1, m2) if families[k] == "at_least" else (m2, m1)
            if lo_m.low < hi_m.high:
                kind = m2.kind if m1.kind == m2.kind else "count"
                merged.append(_mention(text, m1.start, m2.end, lo_m.low, lo_m.low, hi_m.high, "range", kind,
                                       m2.unit_text or m1.unit_text))
                k += 2
                continue
        merged.append(m1)
        k += 1
    return merged


def find_numbers(text: str) -> list[NumberMention]:
    """Every number written in ``text``, sorted by start, never overlapping.

    Pure and deterministic. See the module docstring for the value/low/high conventions.
    """
    if not text:
        return []
    nums = _scan(text)
    out: list[NumberMention] = []
    families: list[Optional[str]] = []
    floor = 0
    i = 0
    n = len(nums)
    while i < n:
        if nums[i].start < floor:  # swallowed by the previous mention's trailing words
            i += 1
            continue
        if nums[i].broken or (i + 1 < n and nums[i + 1].broken):
            skip = _unreadable(text, nums, i)
            if skip:
                i += skip
                continue
        if i + 1 < n:
            r = _range(text, nums, i, floor)
            if r is not None:
                out.append(r)
                families.append(None)
                floor = r.end
                i += 2
                continue
        m, family = _single(text, nums, i, floor)
        if m is not None:
            out.append(m)
            families.append(family)
            floor = m.end
        i += 1
    if len(out) > 1:
        out = _merge_bounds(text, out, families)
        out = _day_lists(text, out)
    return [m for m in out if _finite(m)]


def _finite(m: NumberMention) -> bool:
    """A mention whose numbers are finite and of a size text can mean ("1e308 people" is not)."""
    for v in (m.value, m.low, m.high):
        if v is not None and (not math.isfinite(v) or abs(v) > _LARGEST):
            return False
    return True


_LARGEST = 1e18  # beyond this a value is no reading of a count, a sum or a date


def _day_lists(text, out):
    """"on 22 and 23 February": the first day is a date part too."""
    for k in range(len(out) - 2, -1, -1):
        m, nxt = out[k], out[k + 1]
        if m.kind == "count" and m.qualifier == "exact" and isinstance(m.value, int) and 1 <= m.value <= 31 \
                and nxt.kind == "date_part" and _DAY_GAP.match(text, m.end, nxt.start):
            out[k] = dataclasses.replace(m, kind="date_part")
    return out
