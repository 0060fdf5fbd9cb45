"""Hostile inputs for the extractor, generated deterministically (used by tests and scripts/fuzz.py).

Generators: random unicode (any plane, lone surrogates included), number words, digits with
separators, huge and tiny numbers ("1e308 people", 5,000-digit numbers, "minus five people"),
nested parentheses, right-to-left text, zero-width and control characters, NUL, and real
displacement sentences mutated (characters dropped, doubled, swapped, spliced with the others).

``check(text)`` runs ``extract_figures`` and returns the problems it finds: an exception, a span
that does not slice back to its ``number_text``, a value out of bounds.
"""
from __future__ import annotations

import random
from typing import Callable, Optional

from displacement.extract import extract_figures
from displacement.model import MAX_PEOPLE

SENTENCES = (
    "More than 20,000 people have been forced from their homes in the north.",
    "The fire forced 4,000 residents out of their homes on Monday.",
    "At least 12 people died and nearly 9,000 have been left homeless.",
    "About 1,500 families were sheltering in a school, the agency said.",
    "Between 400,000 and 500,000 people were sheltering in the city, up from 300,000.",
    "Some 55,221 refugees are in Mauritania, 52,875 in Niger and 26 in Guinea.",
    "BAGHDAD, 14 March (Reuters) - 3,000 families (about 18,000 people) fled Mosul.",
    "IDPs total 48 512 in 12 sites; 6-7,000 more are expected.",
    "Label: 6,453\nHouses destroyed",
)
_NUMBER_WORDS = ("one", "two", "twelve", "hundred", "thousand", "million", "billion", "trillion", "lakh",
                 "crore", "dozen", "half", "a", "and", "minus", "negative", "tens", "of", "thousands", "zero")
_SPECIAL = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u061c", "\x00", "\x1b",
            "\r", "\t", "\u2028", "\u2029", "\ud800", "\udfff", "\U0001f600", "\u0301", "\u00a0", "\u202f")
_RTL = "قُتل ١٢٬٠٠٠ شخص ونزح ٥٠٠٠ אלף עקורים"


def _random_unicode(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 200)):
        r = rng.random()
        if r < 0.5:
            out.append(chr(rng.randint(32, 0x2FF)))
        elif r < 0.8:
            out.append(chr(rng.randint(0, 0x10FFFF)))
        else:
            out.append(rng.choice(_SPECIAL))
    return "".join(out)


def _number_words(rng: random.Random) -> str:
    words = [rng.choice(_NUMBER_WORDS) for _ in range(rng.randint(1, 30))]
    return " ".join(words) + " " + rng.choice(("people", "families", "were displaced", "fled", ""))


def _digits(rng: random.Random) -> str:
    seps = (",", ".", " ", "'", "\u202f", "\u00a0", "-", "–", "/", ":", "")
    parts = [str(rng.randint(0, 10 ** rng.randint(1, 12))) for _ in range(rng.randint(1, 40))]
    return "".join(p + rng.choice(seps) for p in parts) + rng.choice((" people", " displaced", "", " families"))


def _huge(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.25:
        number = "9" * rng.randint(18, 5000)
    elif r < 0.5:
        number = f"1e{rng.randint(10, 400)}"
    elif r < 0.7:
        number = f"{rng.randint(1, 999)} {' '.join(rng.choice(('million', 'billion', 'trillion', 'thousand')) for _ in range(rng.randint(1, 12)))}"
    elif r < 0.85:
        number = rng.choice(("minus five", "-5,000", "negative 300", "−12", "0", "0.0001", "1/0"))
    else:
        number = "0." + "0" * rng.randint(1, 400) + "1"
    return f"{number} {rng.choice(('people', 'families', 'people were displaced', 'houses destroyed'))}."


def _nested(rng: random.Random) -> str:
    depth = rng.randint(1, 300)
    return "(" * depth + f"{rng.randint(1, 99999)} people fled" + ")" * rng.randint(0, depth) + "."


def _mutated(rng: random.Random) -> str:
    text = list(rng.choice(SENTENCES))
    for _ in range(rng.randint(1, 12)):
        if not text:
            break
        i = rng.randrange(len(text))
        op = rng.random()
        if op < 0.3:
            del text[i]
        elif op < 0.5:
            text.insert(i, text[i])
        elif op < 0.7:
            j = rng.randrange(len(text))
            text[i], text[j] = text[j], text[i]
        elif op < 0.85:
            text.insert(i, rng.choice(_SPECIAL))
        else:
            text[i:i] = list(rng.choice(SENTENCES))
    return "".join(text)


GENERATORS: dict[str, Callable[[random.Random], str]] = {
    "unicode": _random_unicode,
    "number_words": _number_words,
    "digits": _digits,
    "huge": _huge,
    "nested": _nested,
    "rtl": lambda rng: _RTL + " " + rng.choice(SENTENCES),
    "mutated": _mutated,
}


def generate(seed: int, count: int):
    """``count`` (generator name, text) pairs, the same for the same seed."""
    rng = random.Random(seed)
    names = list(GENERATORS)
    for _ in range(count):
        name = rng.choice(names)
        yield name, GENERATORS[name](rng)


def check(text: str) -> list[str]:
    """Problems of ``extract_figures(text)``: exceptions, bad spans, values out of bounds."""
    try:
        figures = extract_figures(text)
    except Exception as exc:  # noqa: BLE001 - the point is to catch anything
        return [f"{type(exc).__name__}: {exc}"[:300]]
    problems = []
    for f in figures:
        if not (0 <= f.start < f.end <= len(text)) or text[f.start:f.end] != f.number_text:
            problems.append(f"bad span {f.start}..{f.end} for {f.number_text!r}")
        for name in ("value", "low", "high", "reported_value"):
            v: Optional[float] = getattr(f, name)
            if v is not None and not (0 <= v <= MAX_PEOPLE):
                problems.append(f"{name} {v!r} out of bounds for {f.number_text!r}")
    return problems
