"""Dates: when an article was published, and which period each figure covers.

Pure functions: the reference date (the publication date) is always passed in, the clock is
never read. Common English date formats are read by compiled regexes built from the
``lexicon/dates_*`` files; ``dateparser`` is only a fallback for publication dates written in
other formats or languages (feed metadata, datelines), on short strings, and is cached.

Conventions (see docs/dates.md):

* partial ISO dates carry their precision: ``2016-03-14`` (day), ``2016-03`` (month), ``2016``
  (year); ``to_day`` turns them into a full day (the first day of the month / year);
* a figure's ``date`` is always a full ISO day or None, and ``date_precision`` says how exact
  it is; a month-precision date is the 1st of the month, a year-precision date is 1 January;
* nothing is invented: a date without a year needs a publication date, relative phrases
  ("last week") need a publication date precise enough to count from.
"""
from __future__ import annotations

import bisect
import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Optional

from .model import Period
from .textscan import literal_starts, trie_pattern

__all__ = [
    "DateFormatError",
    "LexiconError",
    "publication_date",
    "figure_period",
    "to_day",
    "date_spans",
]

PRECISIONS = ("day", "month", "year")
DATELINE_WINDOW = 600  # a dateline must start within this many characters of the text
_MAX_DATELINE = 120  # longer lines are prose, not datelines
_MAX_COST = 300  # a time phrase further than this from the number is not its period
_MAX_DECADE_COST = 60  # "in the 1980s" only dates a number in the same clause


class DateFormatError(ValueError):
    """A date string that should be ISO (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) is not."""


class LexiconError(ValueError):
    """A malformed line in one of the ``lexicon/dates_*`` files."""


# ---------------------------------------------------------------------------------------------
# Vocabulary (lexicon/dates_*.txt|tsv)
# ---------------------------------------------------------------------------------------------
_LEXICON = Path(__file__).parent / "lexicon"


def _rows(name: str, ncols: int) -> list[list[str]]:
    """Non-comment lines of a lexicon file, split on tabs into exactly ``ncols`` columns."""
    path = _LEXICON / name
    rows = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) != ncols:
            raise LexiconError(f"{path}:{lineno}: expected {ncols} tab-separated columns, got {raw!r}")
        rows.append(cols)
    return rows


def _words(name: str) -> list[str]:
    return [row[0] for row in _rows(name, 1)]


def _load_months() -> tuple[dict[str, int], list[str], list[str]]:
    months: dict[str, int] = {}
    for name, num in _rows("dates_months.tsv", 2):
        months[name] = int(num)
    longest: dict[int, int] = {}
    for name, num in months.items():
        longest[num] = max(longest.get(num, 0), len(name))
    full = [n for n, m in months.items() if len(n) == longest[m]]
    abbr = [n for n in months if n not in full]
    lookup = {}
    for name, num in months.items():
        lookup[name.lower()] = num
    return lookup, full, abbr


_MONTH_NUM, _MONTH_FULL, _MONTH_ABBR = _load_months()


def month_names() -> list[str]:
    """Every month name and abbreviation this module reads, lower case."""
    return list(_MONTH_NUM)


def is_month_name(word: str) -> bool:
    """"March", "Sept.", "MARCH": a month (capitalised, like every month this module reads)."""
    return word[:1].isupper() and word.rstrip(".").lower() in _MONTH_NUM
_WEEKDAY_ROWS = _rows("dates_weekdays.tsv", 3)
_WEEKDAY_NUM = {name.lower(): int(num) for name, num, _ in _WEEKDAY_ROWS}
_WEEKDAY_FULL = [name for name, _, form in _WEEKDAY_ROWS if form == "full"]
_WEEKDAY_ALL = [name for name, _, _ in _WEEKDAY_ROWS]
_PARTS: dict[tuple[str, str], tuple[int, int]] = {
    (phrase.lower(), unit): (int(first), int(last))
    for phrase, unit, first, last in _rows("dates_parts.tsv", 4)
}
_PREP_ROLE = {" ".join(p.lower().split()): role for p, role in _rows("dates_prepositions.tsv", 2)}
_DATELINE_LABELS = _words("dates_dateline_labels.txt")
_COUNT_NOUNS = _words("dates_count_nouns.txt")
_FUTURE_CUES = _words("dates_future_cues.txt")

# ---------------------------------------------------------------------------------------------
# Regexes
# ---------------------------------------------------------------------------------------------


def _alt(words, *, cases: bool = False, spaced: str = r"\s+") -> str:
    """A regex matching any of ``words`` (longest first), written as a trie so that the
    engine does not try dozens of branches at each position: "J(?:an(?:uary)?|u(?:ly|ne?))".
    ``cases`` adds the UPPER CASE form of each word; spaces inside a phrase match ``spaced``."""
    forms = {" ".join(w.split()) for w in words}
    if cases:
        forms |= {w.upper() for w in forms}
    return trie_pattern(forms, spaced)


_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "a couple of": 2,
}
_NUMW = _alt(_NUM_WORDS)
_COUNT = r"(?i:" + _alt(_COUNT_NOUNS) + r")(?![A-Za-z])"
_MONTH = (r"(?<![A-Za-z])(?:" + _alt(_MONTH_FULL, cases=True) + r"|(?:" + _alt(_MONTH_ABBR, cases=True)
          + r")\.?)(?![A-Za-z])")
# (a month glued to "and" is PDF damage: "Between Januaryand the end of August 2016")
_MONTH_FULL_RE = r"(?<![A-Za-z])(?:" + _alt(_MONTH_FULL, cases=True) + r")(?:(?![A-Za-z])|(?=and\s))"
_WD_ANY = r"(?<![A-Za-z])(?:" + _alt(_WEEKDAY_ALL, cases=True) + r")(?![A-Za-z])"
_WD_FULL = r"(?<![A-Za-z])(?:" + _alt(_WEEKDAY_FULL, cases=True) + r")(?![A-Za-z])"
_DAY = r"(?<![\d,.])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|,\d|\.\d)"
# a year is 1900-2099, not part of a longer number, not a decade ("1980s"), not a percentage,
# and not a count ("2000 people")
_YEAR = (r"(?<![\d,.$£€#])(?:19|20)\d\d(?!\d|%|s\b|'s\b|\s*-\s*year|\s*(?i:per\s*cent|percent)\b|\s+"
         + _COUNT + r")")
_MOD = r"(?<![A-Za-z])(?i:(?:the\s+)?(?:" + _alt({p for p, _ in _PARTS}) + r"))"
_SEP = r"(?:\s*-\s*|\s+)"
_WDP = r"(?:(?P<{g}>" + _WD_ANY + r")\.?,?\s*)?"  # optional weekday before a full date

# what each alternative below must start with, as lookaheads: the engine drops an alternative
# at its first characters instead of entering its optional groups, which is costly (most words
# that reach the alternatives are names, numbers and "the")
_PART_WORD = _alt({phrase.split()[0] for phrase, _ in _PARTS})
_MOD_AT = r"(?i:the\s+" + _PART_WORD + "|" + _PART_WORD + ")"  # where _MOD can start
_DECADE = r"(?:1[89]|20)\d0"
_ISO_AT = r"(?=(?:19|20)\d\d-|" + _WD_ANY + ")"
_NUM_AT = r"(?=\d\d?[/.-]|" + _WD_ANY + ")"
_DMY_AT = r"(?=\d\d?(?:st|nd|rd|th)?(?:\s|" + _MONTH + ")|" + _WD_ANY + ")"
_MDY_AT = r"(?=" + _WD_ANY + "|" + _MONTH + ")"
_MY_AT = r"(?=" + _MOD_AT + "|" + _MONTH + ")"
_PM_AT = r"(?=" + _MOD_AT + ")"
_DEC_AT = r"(?=" + _DECADE + "|" + _MOD_AT + r"|the\s+(?:" + _DECADE + "|" + _MOD_AT + "))"
_PY_AT = r"(?=(?:19|20)\d\d|" + _MOD_AT + ")"
_REL_AT = r"(?=(?i:so|earlier|this|last|past|previous|the\s+(?:past|last|previous|week|month|year))|" + _MOD_AT + ")"
_ROLL_AT = r"(?=(?i:past|last|previous|the\s+(?:past|last|previous)))"
_AGO_AT = r"(?=\d{1,3}\s|(?i:" + _alt({w.split()[0] for w in _NUM_WORDS}) + "))"
_WDAY_AT = r"(?=(?i:last)|" + _WD_FULL + ")"

# every atom starts at a word start, with a digit (not inside a number), a capital or one of
# these lowercase words; the lookaheads let the scanner skip most positions without trying
# the alternatives
_LOWER_STARTS = {"the", "last", "this", "past", "previous", "so", "earlier", "today", "yesterday"}
_LOWER_STARTS |= {phrase.split()[0] for phrase, _ in _PARTS} | {w.split()[0] for w in _NUM_WORDS}
_ATOM_SRC = (
    r"(?<![A-Za-z])(?=(?<!\d)\d|[A-Z]|(?i:" + _alt(_LOWER_STARTS) + r")(?![a-z]))(?:"
    # 2016-03-14
    + _ISO_AT + _WDP.format(g="wd1") + r"(?P<iso>(?<![\d-])(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>0[1-9]|1[0-2])"
    r"-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d))"
    # 11/03/2016, 11.03.2016, 11-03-2016 (day/month order decided later)
    + r"|" + _NUM_AT + _WDP.format(g="wd2")
    + r"(?P<num>(?<![\d/.])(?P<num_a>[0-3]?\d)(?P<num_s>[/.-])(?P<num_b>[0-3]?\d)"
    r"(?P=num_s)(?P<num_y>(?:19|20)\d\d)(?![\d/-]|\.\d))"
    # 14 March 2016, 14th of March, 18October
    + r"|" + _DMY_AT + _WDP.format(g="wd3") + r"(?P<dmy>(?P<dmy_d>" + _DAY + r")(?:\s+of)?\s*(?P<dmy_m>" + _MONTH
    + r")(?:,?\s*(?P<dmy_y>" + _YEAR + r"))?)"
    # March 14, 2016; Aug. 17
    + r"|" + _MDY_AT + _WDP.format(g="wd4") + r"(?P<mdy>(?P<mdy_m>" + _MONTH + r")\s*(?P<mdy_d>" + _DAY
    + r")(?!\s+" + _COUNT + r")(?:\s*,?\s*(?P<mdy_y>" + _YEAR + r"))?)"
    # (mid-)March 2016, January2016, March of 2016
    + r"|" + _MY_AT + r"(?P<my>(?:(?P<my_p>" + _MOD + r")" + _SEP + r")?(?P<my_m>" + _MONTH
    + r")(?:\s+of)?,?\s*(?P<my_y>" + _YEAR + r"))"
    # mid-March, the end of June
    + r"|" + _PM_AT + r"(?P<pm>(?P<pm_p>" + _MOD + r")" + _SEP + r"(?P<pm_m>" + _MONTH + r"))"
    # the 1980s, the mid-1990s
    + r"|" + _DEC_AT + r"(?P<dec>(?:the\s+)?(?:(?P<dec_p>" + _MOD + r")" + _SEP
    + r")?(?<!\d)(?P<dec_y>" + _DECADE + r")'?s(?![A-Za-z]))"
    # (early) 2017
    + r"|" + _PY_AT + r"(?P<py>(?:(?P<py_p>" + _MOD + r")" + _SEP + r")?(?P<py_y>" + _YEAR + r"))"
    # June (full names only, and only after a preposition or in a range)
    + r"|(?P<bm>" + _MONTH_FULL_RE + r")"
    # today, yesterday
    + r"|(?P<day>(?<![A-Za-z])(?i:today|yesterday)(?![A-Za-z]))"
    # this year, last month, so far this year, late last year, the start of the year, the past week
    + r"|" + _REL_AT + r"(?P<rel>(?<![A-Za-z])(?i:(?P<rel_so>so\s+far\s+|earlier\s+)?(?:(?P<rel_p>" + _MOD + r")"
    + _SEP + r")?(?P<rel_w>this|last|past|previous|the\s+past|the\s+last|the\s+previous|the)\s+"
    r"(?P<rel_u>week|month|year)(?![A-Za-z])))"
    # the past 24 hours, the last two weeks
    + r"|" + _ROLL_AT + r"(?P<roll>(?<![A-Za-z])(?i:(?:the\s+)?(?:past|last|previous)\s+(?P<roll_n>\d{1,3}|" + _NUMW
    + r")\s+(?P<roll_u>hour|day|week|month|year)s?(?![A-Za-z])))"
    # two weeks ago
    + r"|" + _AGO_AT + r"(?P<ago>(?<![A-Za-z\d])(?i:(?P<ago_n>\d{1,3}|" + _NUMW
    + r")\s+(?P<ago_u>day|week|month|year)s?\s+ago(?![A-Za-z])))"
    # (last) Friday, not "Friday prayers"
    + r"|" + _WDAY_AT + r"(?P<wday>(?:(?P<wday_last>(?<![A-Za-z])(?i:last))\s+)?(?P<wday_n>" + _WD_FULL + r")"
    r"(?!\s+(?i:prayers?|sermons?|mosque|market|services?|edition)\b))"
    + r")"
)
_ATOM_RE = re.compile(_ATOM_SRC)

# complete dates only (a year and at least a month): the publication-date fallback scans whole
# articles with this, so it is kept small; the lookahead skips most positions at once
_COMPLETE_RE = re.compile(
    r"(?<![A-Za-z\d])(?=[\d" + "".join(sorted({m[0] for m in _MONTH_FULL})) + r"])(?:"
    r"(?P<iso>(?<![\d-])(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d))"
    r"|(?P<num>(?<![\d/.])(?P<num_a>[0-3]?\d)(?P<num_s>[/.-])(?P<num_b>[0-3]?\d)(?P=num_s)(?P<num_y>(?:19|20)\d\d)"
    r"(?![\d/-]|\.\d))"
    r"|(?P<dmy>(?P<dmy_d>" + _DAY + r")(?:\s+of)?\s*(?P<dmy_m>" + _MONTH + r"),?\s*(?P<dmy_y>" + _YEAR + r"))"
    r"|(?P<mdy>(?P<mdy_m>" + _MONTH + r")\s*(?P<mdy_d>" + _DAY + r")\s*,?\s*(?P<mdy_y>" + _YEAR + r"))"
    r"|(?P<my>(?P<my_m>" + _MONTH + r")(?:\s+of)?,?\s*(?P<my_y>" + _YEAR + r"))"
    r")"
)

# where _COMPLETE_RE may start (its own first two conditions), as one character class
# followed by a look back: the regex engine skips to candidates at C speed
_COMPLETE_AT = re.compile(r"[0-9\u0080-\U0010ffff" + "".join(sorted({m[0] for m in _MONTH_FULL})) + r"]"
                          r"(?<=[\d" + "".join(sorted({m[0] for m in _MONTH_FULL})) + r"])(?<![A-Za-z\d][\s\S])")


# every complete date holds a year written "19.." or "20..", with at most this many non-space
# characters before it: a weekday-free "31st of September, 2016" (day, "of", the longest
# month name and its full stop, a comma)
_BEFORE_YEAR = 4 + 2 + max(map(len, _MONTH_NUM)) + 1 + 1


def _year_leads(text: str) -> list[int]:
    """Where "19" or "20" starts in ``text``, sorted (str.find: fast on megabytes)."""
    return literal_starts(text, ("19", "20"))


def _date_windows(text: str) -> list[tuple[int, int]]:
    """(lo, hi) stretches, merged and in order, that hold every place where a complete date
    can start: from ``_BEFORE_YEAR`` non-space characters before each year up to the year.
    Articles are long and their dates few, so the scan below skips most of the text."""
    windows: list[tuple[int, int]] = []
    for y in _year_leads(text):
        reach = 2 * _BEFORE_YEAR
        # a start further back would put more than _BEFORE_YEAR non-space characters before y
        while reach < y and len("".join(text[y - reach:y].split())) <= _BEFORE_YEAR:
            reach *= 2  # mostly blank: "March\n\n\n   2016" in a table
        lo = max(0, y - reach)
        while windows and lo <= windows[-1][1]:
            lo = min(lo, windows.pop()[0])
        windows.append((lo, y + 1))
    return windows


def _complete_matches(text: str):
    """``_COMPLETE_RE.finditer(text)``, trying the pattern only where _COMPLETE_AT allows,
    inside the windows where a complete date can start."""
    match = _COMPLETE_RE.match
    pos = 0
    for lo, hi in _date_windows(text):
        for at in _COMPLETE_AT.finditer(text, lo, hi):
            p = at.start()
            if p < pos:
                continue  # inside the previous date
            m = match(text, p)
            if m is not None:
                yield m
                pos = m.end()


_PREP_RE = re.compile(r"(?i)(?:^|[^A-Za-z])(?P<prep>" + _alt(_PREP_ROLE, spaced=r"\s*") + r")\s*$")
_THE_RE = re.compile(r"(?i)(the)\s*$")
_CONNECTOR_RE = re.compile(r"(?i)^\s*(?P<c>and|to|until|till|through|thru|up\s+to|up\s+until|-|–|—)\s*$")
_DAY_START_RE = re.compile(
    r"(?i)(?:^|[^\d,.])(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s*(?P<c>and|to|until|till|through|-|–|—)\s*$")
_DAY_END_RE = re.compile(
    r"(?i)\s*(?P<c>-|–|—|to|through|and)\s*(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d,.]\d|\d)"
    r"(?:\s*,?\s*(?P<y>" + _YEAR + r"))?")
_SINCE_EVENT_RE = re.compile(r"(?i)(?<![a-z])(?P<since>since|ever\s+since)\s+(?:[^\W\d_][\w'’-]*\s+){1,6}$")
_FUTURE_RE = re.compile(r"(?i)(?:^|[^a-z])(?:" + _alt(_FUTURE_CUES) + r")(?![a-z])")
_YEAR_IN_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

# dateline residue: what may stand next to the date on a dateline
_TIME_RE = re.compile(r"(?i)\b\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?")
_TZ_RE = re.compile(r"(?:\b[A-Z]{2,5}\b|[+-]\d{1,2}:?\d{2}\b)")
_LABEL_RE = re.compile(r"(?i)(?<![a-z])(?:" + _alt(_DATELINE_LABELS) + r")(?![a-z])")
_WD_WORD_RE = re.compile(_WD_ANY)
_BYLINE_RE = re.compile(r"^\s*(?i:by)\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,4}\s*[|,•·/-]*\s*$")
_CITY_BEFORE_RE = re.compile(r"^[A-Z][\w.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30})?,\s*$")
_CITY_AFTER_RE = re.compile(r"^\s*(?:\([^()]{1,40}\)\s*)?[-–—:]")


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Span:
    """A stretch of calendar: first and last day, and how exactly the text named it."""

    first: date
    last: date
    precision: str  # day, month, year; "decade" for "the 1980s" (no chartable date)


@dataclass(frozen=True)
class _Expr:
    """One date expression as written, not yet resolved against a reference date.

    kind: abs (calendar date, maybe partial), decade, rel (this/last week|month|year, today,
    yesterday), roll (the past N units), ago (N units ago), wday (a weekday name).
    """

    kind: str
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    part: Optional[tuple[int, int]] = None
    alts: tuple[tuple[int, int, int], ...] = ()  # readings of an ambiguous 11/03/2016
    weekday: Optional[int] = None
    unit: Optional[str] = None
    n: int = 0
    open: bool = False  # runs up to the report: "this year", "so far this year", "the past week"
    needs_prep: bool = False  # "June", "2014", "the 1980s" alone are not time phrases


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    expr: _Expr
    form: str  # which alternative matched: iso, num, dmy, mdy, my, pm, dec, py, bm, ...


@dataclass(frozen=True)
class _Phrase:
    """A time phrase in a sentence: offsets relative to the sentence, role, expressions."""

    start: int
    end: int
    role: str  # point, start, end, open, range
    exprs: tuple[_Expr, ...]


# ---------------------------------------------------------------------------------------------
# Small calendar helpers
# ---------------------------------------------------------------------------------------------
def _month_len(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _trunc(d: date, precision: str) -> date:
    if precision == "month":
        return d.replace(day=1)
    if precision == "year":
        return date(d.year, 1, 1)
    return d


def _valid(y: int, m: int, d: int) -> Optional[date]:
    if not (1900 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= _month_len(y, m)):
        return None
    return date(y, m, d)


def _iso(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


_PARTIAL_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.+\-Z ]*)?\s*$")


def _partial_span(value: str) -> Optional[_Span]:
    """``2016``, ``2016-08``, ``2016-08-17`` (a time part is ignored) -> its span, else None."""
    m = _PARTIAL_RE.match(value)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(3):
        d = _valid(y, int(m.group(2)), int(m.group(3)))
        return _Span(d, d, "day") if d else None
    if m.group(2):
        mo = int(m.group(2))
        if not _valid(y, mo, 1):
            return None
        return _Span(date(y, mo, 1), date(y, mo, _month_len(y, mo)), "month")
    if not _valid(y, 1, 1):
        return None
    return _Span(date(y, 1, 1), date(y, 12, 31), "year")


def _published_span(published: Optional[str]) -> Optional[_Span]:
    if published is None or published == "":
        return None
    span = _partial_span(str(published))
    if span is None:
        raise DateFormatError(
            f"publication date {published!r}: expected an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
    return span


def to_day(partial_iso: Optional[str]) -> Optional[str]:
    """A full ISO day for a partial ISO date: ``2016-08`` -> ``2016-08-01``, ``2016`` ->
    ``2016-01-01``; None stays None. Raises DateFormatError for anything else."""
    if partial_iso is None:
        return None
    span = _partial_span(str(partial_iso))
    if span is None:
        raise DateFormatError(f"date {partial_iso!r}: expected an ISO date YYYY, YYYY-MM or YYYY-MM-DD")
    return span.first.isoformat()


# ---------------------------------------------------------------------------------------------
# Reading date expressions
# ---------------------------------------------------------------------------------------------
def _part(text: Optional[str], unit: str) -> Optional[tuple[int, int]]:
    if not text:
        return None
    key = " ".join(text.lower().replace("-", " ").split())
    if key.startswith("the "):
        key = key[4:]
    return _PARTS.get((key, unit))


def _day_num(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _num_readings(a: int, b: int, y: int) -> tuple[tuple[int, int, int], ...]:
    """Readings of a/b/y as a date: day-first first, then month-first; invalid ones dropped."""
    out = []
    for d, m in ((a, b), (b, a)):
        if _valid(y, m, d) and (y, m, d) not in out:
            out.append((y, m, d))
    return tuple(out)


def _count_n(text: str) -> int:
    t = " ".join(text.lower().split())
    return int(t) if t.isdigit() else _NUM_WORDS.get(t, 0)


def _expr_from_match(m: re.Match) -> Optional[_Expr]:
    g = m.group
    wd_name = g("wd1") or g("wd2") or g("wd3") or g("wd4")
    wd = _WEEKDAY_NUM.get(wd_name.lower()) if wd_name else None
    if g("iso"):
        return _Expr("abs", int(g("iso_y")), int(g("iso_m")), int(g("iso_d")), weekday=wd)
    if g("num"):
        alts = _num_readings(int(g("num_a")), int(g("num_b")), int(g("num_y")))
        if not alts:
            return None
        return _Expr("abs", alts[0][0], alts=alts, weekday=wd)
    if g("dmy"):
        y = g("dmy_y")
        return _Expr("abs", int(y) if y else None, _MONTH_NUM[g("dmy_m").rstrip(".").lower()],
                     _day_num(g("dmy_d")), weekday=wd)
    if g("mdy"):
        y = g("mdy_y")
        return _Expr("abs", int(y) if y else None, _MONTH_NUM[g("mdy_m").rstrip(".").lower()],
                     _day_num(g("mdy_d")), weekday=wd)
    if g("my"):
        return _Expr("abs", int(g("my_y")), _MONTH_NUM[g("my_m").rstrip(".").lower()],
                     part=_part(g("my_p"), "month"))
    if g("pm"):
        return _Expr("abs", None, _MONTH_NUM[g("pm_m").rstrip(".").lower()], part=_part(g("pm_p"), "month"))
    if g("dec"):
        return _Expr("decade", int(g("dec_y")), needs_prep=not g("dec_p"))
    if g("py"):
        p = _part(g("py_p"), "year")
        return _Expr("abs", int(g("py_y")), part=p, needs_prep=p is None)
    if g("bm"):
        return _Expr("abs", None, _MONTH_NUM[g("bm").lower()], needs_prep=True)
    if g("day"):
        return _Expr("rel", unit="day", n=0 if g("day").lower() == "today" else -1)
    if g("rel"):
        w = " ".join(g("rel_w").lower().split())
        unit = g("rel_u").lower()
        part = _part(g("rel_p"), "month" if unit == "month" else "year") if unit != "week" else None
        so = bool(g("rel_so"))
        if w == "the" and not (part or so):
            return None  # "during the year": no anchor
        if w in ("the past", "the last", "past"):
            if part:
                return None
            return _Expr("roll", unit=unit, n=1, open=True)
        n = -1 if w in ("last", "previous", "the previous") else 0
        return _Expr("rel", unit=unit, n=n, part=part, open=(n == 0 and not part) or so)
    if g("roll"):
        n = _count_n(g("roll_n"))
        return _Expr("roll", unit=g("roll_u").lower(), n=n, open=True) if n else None
    if g("ago"):
        n = _count_n(g("ago_n"))
        return _Expr("ago", unit=g("ago_u").lower(), n=n) if n else None
    if g("wday"):
        return _Expr("wday", weekday=_WEEKDAY_NUM[g("wday_n").lower()], n=-1 if g("wday_last") else 0)
    return None


_FORMS = ("iso", "num", "dmy", "mdy", "my", "pm", "dec", "py", "bm", "day", "rel", "roll", "ago", "wday")


def _atoms(text: str) -> list[_Atom]:
    out = []
    for m in _ATOM_RE.finditer(text):
        expr = _expr_from_match(m)
        if expr is not None:
            form = next(f for f in _FORMS if m.group(f))
            out.append(_Atom(m.start(), m.end(), expr, form))
    return out


def date_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the date expressions in ``text`` ("14 March, 2016", "11/03/2016",
    "since the start of 2014" -> its date part), so that number readers can skip their digits.
    Bare years and month names count only when written as dates ("in 2014", "in June")."""
    return [(p.start, p.end) for p in _find_phrases(text)]


# ---------------------------------------------------------------------------------------------
# Resolving expressions against a reference date
# ---------------------------------------------------------------------------------------------
def _abs_span(y: int, expr: _Expr) -> Optional[_Span]:
    if expr.day is not None:
        d = _valid(y, expr.month, expr.day)
        return _Span(d, d, "day") if d else None
    if expr.month is not None:
        if not _valid(y, expr.month, 1):
            return None
        n = _month_len(y, expr.month)
        lo, hi = expr.part or (1, n)
        return _Span(date(y, expr.month, min(lo, n)), date(y, expr.month, min(hi, n)), "month")
    if not _valid(y, 1, 1):
        return None
    lo, hi = expr.part or (1, 12)
    return _Span(date(y, lo, 1), date(y, hi, _month_len(y, hi)), "year")


def _choose_reading(expr: _Expr, ref: Optional[_Span]) -> Optional[tuple[int, int, int]]:
    """Day/month order of 11/03/2016: the weekday decides when it fits one reading only;
    else the reading closest to (and not after) the reference; else day-first."""
    alts = expr.alts
    if len(alts) == 1:
        return alts[0]
    if expr.weekday is not None:
        fitting = [a for a in alts if date(*a).weekday() == expr.weekday]
        if len(fitting) == 1:
            return fitting[0]
    if ref is not None:
        before = [a for a in alts if date(*a) <= ref.last]
        if before:
            return max(before)
    return alts[0]


def _resolve(expr: _Expr, ref: Optional[_Span], pub: Optional[_Span],
             forward_from: Optional[_Span] = None) -> Optional[_Span]:
    """Calendar span of ``expr``. A missing year comes from ``forward_from`` (the first such
    date on or after it) or else from ``ref`` (the last such date not after it)."""
    k = expr.kind
    if k == "abs":
        if expr.alts:
            reading = _choose_reading(expr, ref)
            d = date(*reading)
            return _Span(d, d, "day")
        if expr.year is not None:
            return _abs_span(expr.year, expr)
        if expr.month is None:
            return None
        if forward_from is not None:
            y = forward_from.first.year
            span = _abs_span(y, expr)
            if span is not None and span.first < forward_from.first:
                span = _abs_span(y + 1, expr)
            return span
        if ref is None:
            return None
        y = ref.last.year
        span = _abs_span(y, expr)
        if span is None or span.first > ref.last:
            span = _abs_span(y - 1, expr)
        return span
    if k == "decade":
        return _Span(date(expr.year, 1, 1), date(expr.year + 9, 12, 31), "decade")
    if pub is None:
        return None
    p = pub.precision
    base = pub.first
    if k == "rel":
        if expr.unit == "day":
            if p != "day":
                return None
            d = base + timedelta(days=expr.n)
            return _Span(d, d, "day")
        if expr.unit == "week":
            if p != "day":
                return None
            monday = base - timedelta(days=base.weekday()) + timedelta(weeks=expr.n)
            return _Span(monday, monday + timedelta(days=6), "day")
        if expr.unit == "month":
            if p == "year":
                return None
            y, m = _add_months(base.year, base.month, expr.n)
            return _abs_span(y, _Expr("abs", y, m, part=expr.part))
        y = base.year + expr.n
        return _abs_span(y, _Expr("abs", y, part=expr.part))
    if k == "roll":
        n = expr.n
        if expr.unit in ("hour", "day", "week"):
            if p != "day":
                return None
            days = -(-n // 24) if expr.unit == "hour" else n * (7 if expr.unit == "week" else 1)
            return _Span(base - timedelta(days=days), pub.last, "day")
        if expr.unit == "month":
            if p == "year":
                return None
            y, m = _add_months(base.year, base.month, -n)
            return _Span(date(y, m, min(base.day, _month_len(y, m))), pub.last, p)
        y = base.year - n
        return _Span(date(y, base.month, min(base.day, _month_len(y, base.month))), pub.last, p)
    if k == "ago":
        n = expr.n
        if expr.unit in ("day", "week"):
            if p != "day":
                return None
            d = base - timedelta(days=n * (7 if expr.unit == "week" else 1))
            return _Span(d, d, "day")
        if expr.unit == "month":
            if p == "year":
                return None
            y, m = _add_months(base.year, base.month, -n)
            return _abs_span(y, _Expr("abs", y, m))
        y = base.year - n
        return _abs_span(y, _Expr("abs", y))
    if k == "wday":
        if p != "day":
            return None
        delta = (base.weekday() - expr.weekday) % 7
        if expr.n == -1 and delta == 0:
            delta = 7
        d = base - timedelta(days=delta)
        return _Span(d, d, "day")
    return None


# ---------------------------------------------------------------------------------------------
# Time phrases in a sentence
# ---------------------------------------------------------------------------------------------
_POINT_PREPS = {"in", "on", "during", "throughout"}
_NO_BARE_YEAR_PREPS = {"up to", "up until", "at", "on", "through"}


def _prep_before(text: str, pos: int) -> tuple[Optional[str], int]:
    """The preposition right before ``pos`` (normalised) and where it starts."""
    lo = max(0, pos - 30)
    m = _PREP_RE.search(text, lo, pos)
    if not m:
        return None, pos
    return " ".join(m.group("prep").lower().split()), m.start("prep")


def _in_parens(text: str, pos: int) -> bool:
    return text.rfind("(", 0, pos) > text.rfind(")", 0, pos)


def _find_phrases(sentence: str) -> tuple[_Phrase, ...]:
    """Every time phrase in a sentence (or any text), with its role, in order."""
    atoms = _atoms(sentence)
    out: list[_Phrase] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        start = a.start
        expr = a.expr
        # "the start of 2016" written "sincethe start of 2016": take the glued "the" along
        if expr.part and not sentence[a.start:a.end].lower().startswith("the"):
            tm = _THE_RE.search(sentence, max(0, start - 8), start)
            if tm:
                start = tm.start(1)
        prep, pstart = _prep_before(sentence, start)
        # range of two written dates: between A and B, from A to B, in A and B, A-B
        if i + 1 < len(atoms):
            b = atoms[i + 1]
            cm = _CONNECTOR_RE.match(sentence[a.end:b.start])
            if cm and _range_ok(prep, cm.group("c").lower(), a.expr, b.expr):
                out.append(_Phrase(pstart if prep else start, b.end, "range", (a.expr, b.expr)))
                i += 2
                continue
        # range whose first side is a bare day: between 1 and 16 March, 1-15 March
        if a.form == "dmy" and sentence[a.start].isdigit():
            dm = _DAY_START_RE.search(sentence, max(0, start - 12), start)
            if dm:
                dprep, dpstart = _prep_before(sentence, dm.start("d"))
                conn = dm.group("c").lower()
                if (conn != "and" and dprep not in ("as of", "as at", "by", "until")) or dprep in (
                        "between", "on", "in", "during"):
                    first = _Expr("abs", None, None, int(dm.group("d")))
                    out.append(_Phrase(dpstart if dprep else dm.start("d"), a.end, "range", (first, expr)))
                    i += 1
                    continue
        # US order range: March 1-15, 2016
        if a.form == "mdy" and expr.year is None:
            em = _DAY_END_RE.match(sentence, a.end)
            if em and int(em.group("d")) > expr.day:
                y = int(em.group("y")) if em.group("y") else None
                first = _Expr("abs", y, expr.month, expr.day)
                last = _Expr("abs", y, expr.month, int(em.group("d")))
                out.append(_Phrase(pstart if prep else start, em.end(), "range", (first, last)))
                i += 1
                continue
        role = _role(prep, expr, sentence, start)
        if role == "point" and prep in ("in", "on"):
            # "since the conflict escalated in March 2015", "since fighting broke out on 15 December"
            sm = _SINCE_EVENT_RE.search(sentence, max(0, pstart - 60), pstart)
            if sm:
                role, pstart = "start", sm.start("since")
        if role is not None:
            out.append(_Phrase(pstart if prep else start, a.end, role, (expr,)))
        i += 1
    return tuple(out)


# the extractor asks once per figure, and a sentence often holds several figures
_phrases = functools.lru_cache(maxsize=8192)(_find_phrases)


@functools.lru_cache(maxsize=1024)
def _phrase_starts(sentence: str) -> list[int]:
    return [p.start for p in _phrases(sentence)]


_LONGEST_PHRASE = 200  # characters a time phrase may span ("between late November 2016 and mid-March 2017")
_PARAGRAPH_REACH = 2000  # how far back in its paragraph a figure's date may be read


def _range_ok(prep: Optional[str], conn: str, a: _Expr, b: _Expr) -> bool:
    if a.open or b.open or a.kind in ("roll", "decade") or b.kind in ("roll", "decade"):
        return False
    if a.kind == "abs" and a.year is not None and a.month is None and prep is None:
        return False  # "the 2014-2015 season": bare years need a preposition
    role = _PREP_ROLE.get(prep) if prep else None
    if conn == "and":
        return prep == "between" or prep in _POINT_PREPS
    return role in ("range", "start", "point") or prep is None


def _role(prep: Optional[str], expr: _Expr, sentence: str, start: int) -> Optional[str]:
    role = _PREP_ROLE.get(prep) if prep else None
    if expr.kind == "wday" and prep in _POINT_PREPS - {"on"} | {"at"}:
        return None  # "in Friday sermons", "at Friday prayers"
    if expr.needs_prep:
        if role is None:
            return None
        if expr.kind == "abs" and expr.month is None and prep in _NO_BARE_YEAR_PREPS:
            return None
    if expr.open:
        return role if role in ("start", "end") else "open"
    if role == "range":
        return "start"  # "from 29 December"
    if role is None:
        return "end" if _in_parens(sentence, start) else "point"  # "(OCHA, 18 February 2017)"
    return role


_STRONG_SEP_RE = re.compile(r";|\s[-–—]\s|\.\s")  # clause breaks; unspaced dashes count half
_SUBCLAUSE_RE = re.compile(r"(?i)\s*(?:who|which|whose|where|while|whereas|although)\b")


def _cost(sentence: str, p: _Phrase, n0: int, n1: int) -> Optional[float]:
    """How far a phrase is from the number, counting clause boundaries; None if it overlaps."""
    if p.start < n1 and n0 < p.end:
        return None
    if p.start >= n1:
        gap = sentence[n1:p.start]
        cost = len(gap)
    else:
        gap = sentence[p.end:n0]
        cost = len(gap) + 30  # a phrase after the number is usually its own
    cost += 80 * len(_STRONG_SEP_RE.findall(gap)) + 40 * len(re.findall(r"\S[—–]\S", gap))
    # going into or out of brackets is a boundary; a whole aside "(groups of ...)" is not
    cost += 80 * (abs(gap.count("(") - gap.count(")")) + abs(gap.count("[") - gap.count("]")))
    cost += 15 * gap.count(",")
    # inside a relative clause that does not hold the number: "Amiri, who fought in the 1980s,"
    lo = sentence.rfind(",", 0, p.start)
    hi = sentence.find(",", p.end)
    hi = len(sentence) if hi < 0 else hi
    if lo >= 0 and _SUBCLAUSE_RE.match(sentence, lo + 1) and not (lo < n0 < hi):
        cost += 80
    return cost


def _period_of(p: _Phrase, pub: Optional[_Span]):
    """(period_start, period_end, date, precision) of a phrase, or None if unresolvable."""
    pub_day = (pub.first.isoformat(), pub.precision) if pub else (None, None)
    if p.role == "range":
        s_expr, e_expr = p.exprs
        if s_expr.kind == "abs" and s_expr.month is None and s_expr.year is None:  # bare day
            e = _resolve(e_expr, pub, pub)
            if e is None:
                return None
            s_day = _valid(e.first.year, e.first.month, s_expr.day)
            if s_day is None or s_day > e.last:
                return None
            s = _Span(s_day, s_day, "day")
        elif s_expr.kind == "abs" and s_expr.year is not None and e_expr.kind == "abs" and e_expr.year is None \
                and not e_expr.alts:
            s = _resolve(s_expr, pub, pub)
            e = _resolve(e_expr, pub, pub, forward_from=s) if s else None
        else:
            e = _resolve(e_expr, pub, pub)
            s = _resolve(s_expr, e, pub) if e else None
        if s is None or e is None or s.first > e.last:
            return None
        return s.first.isoformat(), e.last.isoformat(), _trunc(e.last, e.precision).isoformat(), e.precision
    (expr,) = p.exprs
    span = _resolve(expr, pub, pub)
    if span is None:
        return None
    if p.role in ("start", "open"):
        return (span.first.isoformat(), None) + pub_day
    if span.precision == "decade":
        ps = span.first.isoformat() if p.role == "point" else None
        return ps, span.last.isoformat(), None, None
    when = _trunc(span.last, span.precision).isoformat()
    if p.role == "end":
        return None, span.last.isoformat(), when, span.precision
    return span.first.isoformat(), span.last.isoformat(), when, span.precision


def figure_period(text: str, sentence: tuple[int, int], number: tuple[int, int],
                  published: Optional[str], dated_by_publication: bool = True) -> Period:
    """The period the figure at ``number`` (document offsets) refers to, read from the time
    phrase of its sentence nearest to it (phrases in its own clause, after it, preferred), else
    from the last time phrase of the sentences before it in its paragraph ("On 3 March the camp
    was attacked. Since then 2,000 people have fled"); never from another paragraph.

    ``published`` is the ISO publication date (any precision) or None. With no usable phrase
    the figure is dated by the publication, unless ``dated_by_publication`` is False (the
    publication date is only an estimate from the article's other events); a phrase that
    cannot be resolved (no year and no publication date; "last week" with a month-precision
    publication) keeps its text and offsets, but leaves the period unknown.
    """
    pub = _published_span(published)
    s0, s1 = sentence
    sent = text[s0:s1]
    n0, n1 = number[0] - s0, number[1] - s0
    best, best_cost = None, None
    phrases = _phrases(sent)
    starts = _phrase_starts(sent)
    # only phrases that can be near enough: the cost is at least the gap's length
    lo = bisect.bisect_left(starts, n0 - _MAX_COST - _LONGEST_PHRASE)
    hi = bisect.bisect_right(starts, n1 + _MAX_COST)
    for p in phrases[lo:hi]:
        cost = _cost(sent, p, n0, n1)
        if cost is None or cost > _MAX_COST:
            continue
        if p.exprs[-1].kind == "decade" and cost > _MAX_DECADE_COST:
            continue
        if best_cost is None or cost < best_cost:
            best, best_cost = p, cost
    pub_date = pub.first.isoformat() if pub and dated_by_publication else None
    pub_prec = pub.precision if pub and dated_by_publication else None
    offset = s0
    if best is None:
        para = max(text.rfind("\n", 0, s0) + 1, s0 - _PARAGRAPH_REACH)
        if para < s0:  # the sentences before, in the same paragraph: the last time phrase said
            earlier = _phrases(text[para:s0])
            for p in reversed(earlier):
                if _period_of(p, pub) is not None:
                    best, sent, offset = p, text[para:s0], para
                    break
    if best is None:
        return Period(None, None, None, None, None, pub_date, pub_prec)
    where = (sent[best.start:best.end], offset + best.start, offset + best.end)
    got = _period_of(best, pub)
    if got is None:
        return Period(*where, None, None, pub_date, pub_prec)
    return Period(*where, *got)


# ---------------------------------------------------------------------------------------------
# Publication date
# ---------------------------------------------------------------------------------------------
def _complete_span(m: re.Match) -> Optional[_Span]:
    """Span of a _COMPLETE_RE match (a year and at least a month); an ambiguous 11/03/2016
    counts as its earlier reading, the safe side for "written on or after"."""
    g = m.group
    if g("iso"):
        d = _valid(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        return _Span(d, d, "day") if d else None
    if g("num"):
        alts = _num_readings(int(g("num_a")), int(g("num_b")), int(g("num_y")))
        if not alts:
            return None
        d = date(*min(alts))
        return _Span(d, d, "day")
    for key in ("dmy", "mdy"):
        if g(key):
            d = _valid(int(g(key + "_y")), _MONTH_NUM[g(key + "_m").rstrip(".").lower()], _day_num(g(key + "_d")))
            return _Span(d, d, "day") if d else None
    y, mo = int(g("my_y")), _MONTH_NUM[g("my_m").rstrip(".").lower()]
    return _Span(date(y, mo, 1), date(y, mo, _month_len(y, mo)), "month")


def _mentioned(text: str) -> list[_Span]:
    """Complete dates the text mentions as past or present (planned/future dates skipped)."""
    out = []
    for m in _complete_matches(text):
        span = _complete_span(m)
        if span is None or _FUTURE_RE.search(text, max(0, m.start() - 40), m.start()):
            continue
        out.append(span)
    return out


def _latest_reference(text: str) -> Optional[_Span]:
    spans = _mentioned(text)
    return max(spans, key=lambda s: s.first) if spans else None


def _pick_reading(alts, weekday, latest: Optional[_Span]) -> date:
    """Numeric dateline: the weekday decides; else the reading not before (and closest to)
    the latest date the text mentions; else day-first."""
    if weekday is not None:
        fitting = [a for a in alts if date(*a).weekday() == weekday]
        if len(fitting) == 1:
            return date(*fitting[0])
    if latest is not None and len(alts) > 1:
        after = [date(*a) for a in alts if date(*a) >= latest.first]
        if after:
            return min(after)
    return date(*alts[0])


def _line_date(line: str, text: str, latest_cache: list) -> Optional[_Span]:
    """The date of a dateline-like line, or None if the line is not a dateline."""
    for m in _ATOM_RE.finditer(line):
        expr = _expr_from_match(m)
        if expr is None or expr.kind != "abs" or expr.year is None or expr.part:
            continue
        if expr.month is None and not expr.alts:
            continue  # a year alone is never a dateline
        if expr.alts:
            if not latest_cache:
                latest_cache.append(_latest_reference(text))
            d = _pick_reading(expr.alts, expr.weekday, latest_cache[0])
            span = _Span(d, d, "day")
        else:
            span = _abs_span(expr.year, expr)
            if span is None:
                continue
        before, after = line[:m.start()], line[m.end():]
        residue = _LABEL_RE.sub(" ", _TZ_RE.sub(" ", _TIME_RE.sub(" ", _WD_WORD_RE.sub(" ", before + " " + after))))
        if not re.sub(r"[\W_]+", "", residue):
            return span
        if span.precision != "day":
            return None
        if _CITY_BEFORE_RE.match(before) and _CITY_AFTER_RE.match(after):
            return span
        if _BYLINE_RE.match(residue):
            return span
        return None
    return None


def _dateline(text: str) -> Optional[_Span]:
    head = text[:DATELINE_WINDOW + _MAX_DATELINE]
    latest_cache: list = []
    pos = 0
    fallback_lines = []
    found = []
    for line in head.split("\n"):
        at = pos
        pos += len(line) + 1
        if at >= DATELINE_WINDOW:
            break
        s = line.strip()
        if not s or len(s) > _MAX_DATELINE:
            continue
        span = _line_date(s, text, latest_cache)
        if span is not None:
            found.append((s, span))
        elif len(s) <= 40 and _YEAR_IN_RE.search(s) and len(re.findall(r"\d+", s)) >= 2 \
                and re.search(r"[^\W\d_]", s):
            fallback_lines.append(s)  # "14 mars 2016", "16. März 2016": day, foreign month, year
    if found:
        # a "Published ..." line beats an "Updated ..." line; otherwise the first one
        for s, span in found:
            if re.search(r"(?i)\b(?:publish|posted)", s):
                return span
        for s, span in found:
            if not re.search(r"(?i)\b(?:updated|modified)\b", s):
                return span
        return found[0][1]
    for s in fallback_lines[:3]:
        got = _dateparser(s, ("day", "month", "year"))
        if got is not None:
            return got
    return None


_DP_LANGUAGES = ("en", "fr", "es", "pt", "ar", "de", "it", "ru", "tr", "id", "sw", "uk", "fa", "ur")


@functools.lru_cache(maxsize=4)
def _dp_parser(require: tuple[str, ...]):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(_DP_LANGUAGES), settings={
        # a fixed base: missing parts must never be filled from the clock
        "RELATIVE_BASE": datetime(2000, 1, 1),
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "PARSERS": ["absolute-time", "custom-formats"],
        "REQUIRE_PARTS": list(require),
        "RETURN_AS_TIMEZONE_AWARE": False,
    })


@functools.lru_cache(maxsize=4096)
def _dateparser(s: str, require: tuple[str, ...]) -> Optional[_Span]:
    """dateparser on a short string that holds a year; None when it cannot read it."""
    if len(s) > 80 or not _YEAR_IN_RE.search(s):
        return None
    try:
        data = _dp_parser(require).get_date_data(s)
    except Exception:  # dateparser raises assorted errors on odd input; unreadable is None
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if not 1900 <= d.year <= 2100:
        return None
    period = data.period if data.period in PRECISIONS else "day"
    if period == "year":
        return _Span(date(d.year, 1, 1), date(d.year, 12, 31), "year")
    if period == "month":
        return _Span(d.replace(day=1), d.replace(day=_month_len(d.year, d.month)), "month")
    return _Span(d, d, "day")


_COMPACT_RE = re.compile(r"^\s*((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s*$")


def _metadata_span(metadata: str, text: str) -> Optional[_Span]:
    s = str(metadata).strip()
    if not s:
        return None
    span = _partial_span(s)
    if span is not None:
        return span
    m = _COMPACT_RE.match(s)
    if m:
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _Span(d, d, "day") if d else None
    if len(s) <= _MAX_DATELINE and "\n" not in s:
        span = _line_date(s, text, [])
        if span is not None:
            return span
    if not re.search(r"[^\W\d_]", s):
        return None  # digits only: our own readers above already said no
    return _dateparser(s[:80], ("year",))


def publication_date(text: str, metadata: Optional[str] = None) -> tuple[Optional[str], Optional[str]]:
    """When the article was published: (partial ISO date, precision) or (None, None); see
    ``publication``."""
    iso, precision, _source = publication(text, metadata)
    return iso, precision


def publication(text: str, metadata: Optional[str] = None) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """When the article was published: (partial ISO date, precision, source) or (None, None, None).
    ``source`` is "metadata", "dateline" or "latest_mention" (an estimate from the events the
    article reports, which dates no figure by itself: see ``figure_period``).

    1. ``metadata`` (feed or page field: ISO, RFC 2822 or a human date) when it can be read;
    2. a dateline in the first 600 characters: a short line that holds a complete date and
       nothing else but a weekday, time, time zone, label or byline, or "City, date (Agency) -"
       -> day precision (month precision if the line names only a month and year);
    3. the latest complete date the text mentions (day+month+year or month+year, not a bare
       year, not a planned date) -> that month, at month precision: an article is written on
       or after the latest date it reports;
    4. else unknown. The clock is never read.
    """
    if metadata is not None:
        span = _metadata_span(metadata, text or "")
        if span is not None:
            return _iso(span.first, span.precision), span.precision, "metadata"
    if not text:
        return None, None, None
    span = _dateline(text)
    if span is not None:
        return _iso(span.first, span.precision), span.precision, "dateline"
    latest = _latest_reference(text)
    if latest is not None:
        return _iso(latest.first, "month"), "month", "latest_mention"
    return None, None, None
