"""extract_figures: numbers + units + terms + places + dates -> Figure records (pure).

For every number of people in a sentence the extractor decides, from the words around it,
what it counts (the noun after it: people, families, homes, fighters...), what happened to
them (a term cue: displaced, trapped, in camps...), and whether the context rules it out
(forecasts, capacities, changes, pre-war populations, subsets, page furniture). Places and
dates come from their own modules. Nothing here reads files, the network or the clock.
"""
from __future__ import annotations

import contextvars
import dataclasses
import re
import time
from typing import Optional

from . import attribution, counted, dates, lists, places, sites, terms, units
from .model import MAX_PEOPLE, Document, Figure, NumberMention, make_figure_id
from .numbers import find_numbers
from .sentences import split_sentences

EXTRACTOR_VERSION = "0.5.0"  # 0.5: places from who reports, datelines at their scene, admin1 for 61% of places (issue 12); 0.4: housing figures count dwellings, not people (issue 15); 0.3: attributed_to, regions, second-level divisions (issues 12, 14); 0.2: the phrasebook, lists and parts (issue 11): `reindex` re-extracts

# number kinds that can never be counts of people
_NOT_COUNTS = frozenset({"percent", "year", "date_part", "ordinal", "money", "measure", "duration", "age", "fraction"})

_PAIR_GAP = re.compile(r"^\s*(?:\(\s*(?:i\.e\.|that\s+is|equivalent\s+to|corresponding\s+to|or)?\s*|,?\s*or\s+|,\s*(?:i\.e\.|that\s+is|equivalent\s+to|some|about)?\s*)$", re.I)


def extract_figures(
    text: str,
    published: Optional[str] = None,
    *,
    document_id: str = "",
    household_size: Optional[float] = None,
    document: Optional[Document] = None,
) -> list[Figure]:
    """Every figure of people reported in ``text``, sorted by position.

    ``published`` is the article's date from its metadata, if known (ISO string); otherwise it
    is read from the text's dateline or stays unknown. ``household_size`` overrides the
    per-country multiplier for families and households.
    """
    if not text or not text.strip():
        return []
    pub_date, _pub_precision, pub_source = dates.publication(text, published)
    # a publication date guessed from the events the article reports dates no figure by itself
    pub = _Publication(pub_date, pub_source != "latest_mention")
    mentions = places.find_places(text)
    context = places.article_context(text, mentions, document.title if document is not None else None)
    numbers = find_numbers(text)
    near = [n.start for n in numbers if n.kind not in _NOT_COUNTS]
    mentions = sites.with_sites(text, mentions, context.country, near)  # "Kalma camp", "Village 8"
    sentences = _join_infographic_labels(text, split_sentences(text), numbers)
    lowered = text.lower()
    figures: list[Figure] = []
    index = 0
    carry: Optional[Figure] = None
    previous: Optional[tuple[int, int]] = None
    deadline = DEADLINE.get()
    for s_start, s_end in sentences:
        if deadline is not None and time.monotonic() > deadline:
            raise DocumentTimeout("took longer than its time budget (stopped at character "
                                  f"{s_start:,} of {len(text):,})")
        in_sentence = []
        while index < len(numbers) and numbers[index].start < s_end:
            if numbers[index].start >= s_start:
                in_sentence.append(numbers[index])
            index += 1
        found = []
        if in_sentence:
            found = _sentence_figures(
                text, (s_start, s_end), in_sentence, lowered,
                mentions, context, pub, document_id, household_size, document, carry, previous,
            )
            figures.extend(found)
        if found:
            carry = found[-1]
        elif in_sentence or not text[s_start:s_end].rstrip().endswith(":"):
            carry = None  # a list may follow its introduction ("Below is the breakdown:"), nothing else
        previous = (s_start, s_end)
    figures.sort(key=lambda f: (f.start, f.end))
    return figures


_LABEL_LINE = re.compile(r"[A-Za-z][A-Za-z'’ ()/&-]{1,60}")


def _join_infographic_labels(text: str, sentences: list[tuple[int, int]], numbers) -> list[tuple[int, int]]:
    """A number alone on its line with its label on the next ("48,512\nIDPs", as infographics
    and dashboards are copied into text) is read as one sentence: the label is its noun."""
    if not numbers:
        return sentences
    alone = {}
    for number in numbers:
        alone.setdefault(number.start, number)
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(sentences):
        start, end = sentences[k]
        number = alone.get(start)
        if number is not None and number.end == end and k + 1 < len(sentences):
            label_start, label_end = sentences[k + 1]
            gap = text[end:label_start]
            if gap.count("\n") == 1 and not gap.strip() and _LABEL_LINE.fullmatch(text, label_start, label_end):
                out.append((start, label_end))
                k += 2
                continue
        out.append((start, end))
        k += 1
    return out


def extract_document(doc: Document, household_size: Optional[float] = None) -> list[Figure]:
    """Figures of one Document, carrying its title, source, url and publication date."""
    return extract_figures(doc.text, doc.published, document_id=doc.id, household_size=household_size, document=doc)


# ---- one sentence ---------------------------------------------------------------------------


def _sentence_cues(text: str, lowered: str, start: int, end: int) -> list[terms.Cue]:
    """Term cues of one sentence, with offsets relative to the sentence start; the words of an
    agency's name are not cues ("the UN refugee agency said": no refugees)."""
    cues = terms.find_cues(text, start, end, lowered=lowered if len(lowered) == len(text) else None, base=start)
    names = attribution.agency_name_spans(text, start, end, [lowered[start + c.start:start + c.end] for c in cues]) \
        if cues and len(lowered) == len(text) else ()
    if names:
        cues = [c for c in cues if not any(s <= start + c.start and start + c.end <= e for s, e in names)]
    return cues


@dataclasses.dataclass(frozen=True)
class _Publication:
    """The article's publication date, and whether it may date a figure that names no time."""

    date: Optional[str]
    dates_figures: bool


def _sentence_figures(text, sentence, numbers, lowered, mentions, context, published, document_id, household_size,
                      document, carry=None, previous=None):
    """Figures of one sentence. ``carry`` is the last figure of the sentence before, which a
    list item or partitive ("Of these, 1,411 ...") at the start of this one may belong to;
    ``previous`` is the (start, end) of the sentence before, whose words a restated count
    ("put the number at 50,000") may refer to when it has no figure."""
    s_start, s_end = sentence
    counts = [n for n in numbers if n.kind not in _NOT_COUNTS and (n.value is not None or n.qualifier == "vague")
              and _sane(n.value, n.low, n.high) and not _FOLD.match(text, n.end)]
    if not counts or not _LETTER.search(text, s_start, s_end):
        return []  # a figure needs words: a sentence of digits and commas (a flattened table) has none
    afters = [counted.noun_after(text, s_end, n) for n in counts]
    if all(a is not None and a.unit not in _COUNTED and a.unit != "responder" for a in afters):
        return []  # every number counts things ("3 villages", "70 fighters"): no figure, no cue search
    cues = _resolve_inherited(_sentence_cues(text, lowered, s_start, s_end), carry)
    phrases = [counted.phrase_for(text, s_start, s_end, n, cues, a) for n, a in zip(counts, afters)]
    for i, p in enumerate(phrases):
        if p is not None and p.unit == "responder":  # "10 aid workers were killed": casualties, never people in need
            phrases[i] = dataclasses.replace(p, unit="person" if _harmed(text, s_start, counts[i], p, cues) else "combatant")
    for i in range(1, len(counts)):
        if phrases[i] is None and any(p is not None and p.unit == "dwelling" for p in phrases[:i]):
            phrases[i] = counted.housing_object(text, s_start, counts[i], cues)  # "... and damaged a further 9,873"
    for i in range(1, len(counts)):
        if phrases[i] is None and _gapped(text, counts, phrases, i) and counted.bare(text, counts[i], s_start, cues):
            # "uprooted 5,000 families in the north and 2,000 more in the east": the noun left out too
            phrases[i] = counted.NounPhrase(phrases[i - 1].unit, counts[i].end, None, implicit=True)
    _share_heads(text, counts, phrases)
    cues = _without_nouns_read_as_verbs(cues, s_start, counts, phrases)
    # numbers that cannot be figures do not bound their neighbours' context either:
    # "about 300 people (including 44 older people and 139 children) were evacuated"
    usable = [_usable(text, s_start, n, p) for n, p in zip(counts, phrases)]
    out: list[Figure] = []
    consumed: set[int] = set()
    for i, number in enumerate(counts):
        phrase = phrases[i]
        if i in consumed or not usable[i]:
            continue
        for j in range(i + 1, len(counts)):  # "500 of the 4,000 villagers had left": 4,000 is the
            # population the 500 are taken from, not a figure, unless its own words say what
            # happened to it ("2,000 of the 10,000 displaced")
            if counts[j].start >= phrase.end:
                break
            if not any(counts[j].end <= s_start + c.start < phrase.end for c in cues):
                consumed.add(j)
        head = out[-1] if out else carry
        part_of = None
        if i and not usable[i - 1] and phrases[i - 1] is not None and phrases[i - 1].unit in _COUNTED \
                and _NEXT_PART.fullmatch(text, phrases[i - 1].end, number.start):
            continue  # a list that goes on from a number ruled out: "allows for ... 300,000 people inside Mali and 407,000 into ..."
        if phrase.unit == "inherit" and head is None and phrase.term in ("anaphor", "bracket", "locative") \
                and not _after_a_thing(counts, phrases, i, text):
            # "No one can be sure how many people took the decision to flee. DW put the number at
            # 50,000", "The districts hosting the most IDPs are Pemba (137,726), Metuge (96,545)":
            # the people the sentence (or, for a restated count, the one before) is about
            term = _people_term(text, lowered, s_start, number.start)
            if term is None and phrase.term == "anaphor" and previous is not None:
                term = _people_term(text, lowered, *previous)
            if term is not None:
                phrase = phrases[i] = counted.NounPhrase(phrase.own_unit or "person", phrase.end, term, implicit=True,
                                                         labelled=True)
        if phrase.unit == "inherit":
            if head is None or (not out and phrase.term not in ("partitive", "locative", "bracket", "share", "anaphor", "addition")):
                continue
            if phrase.term in ("bracket", "locative", "partitive") and _after_a_thing(counts, phrases, i, text):
                continue  # "nine boats arrived (8 in Pemba and 1 in Ibo)", "450 settlements, of which about 100": parts of the things
            shape = phrase.term
            unit = phrase.own_unit or _UNIT_OF.get(head.reported_unit, "person")
            phrase = counted.NounPhrase(unit, phrase.end, head.term, implicit=True)
            phrases[i] = phrase  # the next items of the list see a count of people, not of things
            if _is_part(text, shape, head, number):
                part_of = head.part_of or head.figure_id
        elif phrase.implicit and i and _OF_THINGS.search(text, max(s_start, counts[i - 1].start - 12), counts[i - 1].start) \
                and _after_a_thing(counts, phrases, i):
            continue  # "Of the 4,852 identified shelters, 852 are shelters": parts of the shelters
        elif phrase.unit == "subgroup" and (phrase.of_total or _SUBSET.search(text[max(s_start, number.start - 100) : number.start])
                                            or (head is not None and _SUBSET_OPENING.match(text, s_start)
                                                and _LIST_SO_FAR.fullmatch(text, _SUBSET_OPENING.match(text, s_start).end(), number.start))):
            if head is None or (not out and not _SUBSET_OPENING.match(text, s_start)):
                continue  # a part of a figure we did not keep
            phrase = dataclasses.replace(phrase, term=phrase.term or head.term)
            part_of = head.part_of or head.figure_id
        elif phrase.unit == "subgroup" and head is not None and lists.breakdown_part(text, s_start, number.start, number.end):
            # "Below is the breakdown: • 38,407 (50.5%) women and 37,693 (49.5%) men"
            phrase = dataclasses.replace(phrase, term=phrase.term or head.term)
            part_of = head.part_of or head.figure_id
        # a household figure restated in people: "27,634 families (165,744 individuals)";
        # people counted with their households: "39,054 people from 6,580 households"
        paired = None
        if phrase.unit in ("household", "dwelling") and i + 1 < len(counts):
            paired = _pair(text, phrase, counts[i + 1], phrases[i + 1])
            if paired is not None:
                consumed.add(i + 1)
        elif phrase.unit in ("person", "subgroup") and i + 1 < len(counts) and _households_of(text, phrase, counts[i + 1], phrases[i + 1]):
            consumed.add(i + 1)
        np_end = paired[1].end if paired else phrase.end
        # "About 300 people (including 44 older people and 139 children) were evacuated":
        # the term of the total is read after the parts it lists
        appos_start, appos_end = _apposition(text, s_end, counts, i)
        number_cues = cues
        if appos_end <= np_end:
            # "At least 185,000 people (locals say more than 200,000) had fled": an aside with a
            # count of its own stands between the number and its verb
            appos_start, appos_end = _aside(text, np_end, s_end, counts, i)
        if appos_end > np_end:
            number_cues = [c for c in cues if not (appos_start <= s_start + c.start < appos_end)]
            np_end = appos_end
        next_start = s_end
        for j in range(i + 1, len(counts)):
            if counts[j].start >= np_end and usable[j] and j not in consumed:
                next_start = counts[j].start
                break
        prev_end = s_start
        for j in range(i):
            if counts[j].end <= number.start and usable[j]:
                prev_end = counts[j].end
        k = i
        while k > 0 and (lists.coordinated(text, counts[k - 1].end, counts[k].start) or _listed_after(text, counts, phrases, k)
                         or _gapped(text, counts, phrases, k)):
            k -= 1  # "displaced 181 and 220 households": a coordinated number shares the verb before the first
        if k < i:
            prev_end = min(prev_end, max([s_start] + [counts[j].end for j in range(k) if usable[j]]))
        # after a figure of homes, "others" are homes and a left-out noun may be too:
        # "destroyed 248,176 houses and damaged 246,435 others", "300 homes ... and 1,200 damaged"
        homes_unit = _UNIT_OF[out[-1].reported_unit] if out and out[-1].reported_unit != "people" else None
        if homes_unit and _OTHERS.fullmatch(text, number.end, phrase.end):
            phrase = dataclasses.replace(phrase, unit=homes_unit)
        anchor = counts[k] if k < i else None
        choice = _choose_term(text, s_start, number, phrase, number_cues, prev_end, np_end, next_start,
                              next_start < s_end, anchor)
        if choice is None and phrase.implicit and homes_unit:
            phrase = dataclasses.replace(phrase, unit=homes_unit)
            choice = _choose_term(text, s_start, number, phrase, number_cues, prev_end, np_end, next_start,
                                  next_start < s_end, anchor)
        if choice is None:
            continue
        term, category, figure_type, cue_pos, cue_end = choice
        if number.value == 1 and number.qualifier == "exact" and category != "casualties":
            continue  # "said one resident": an individual, not a figure
        if cue_pos is not None and cue_pos > number.end:
            if terms.blocking_context("", "", text[number.end : cue_end]) == "forecast":
                continue
        figure = _build_figure(
            text, sentence, number, phrase, paired, term, category, figure_type, cue_pos,
            mentions, context, published, document_id, household_size, document,
        )
        if not _sane(figure.value, figure.low, figure.high, figure.reported_value):
            continue  # "3 billion families" in people: more than anyone could count
        if part_of is not None:
            figure = figure.replace(part_of=part_of)
        out.append(figure)
    return out


# from one part of a list to the next: its noun and a conjunction ("older people and ")
_NEXT_PART = re.compile(r"(?:\s+[A-Za-z'’-]+){0,4}\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")
_APPOSITION_CLOSE = re.compile(r"(?<!\d),|,(?!\d)|[);:—–]|\s-\s")


def _apposition(text: str, s_end: int, counts: list[NumberMention], i: int) -> tuple[int, int]:
    """(start, end) of a list of parts that follows number ``i`` ("..., including 3,000 fighters
    and 300 wounded, left": from "including" to the comma after "wounded"), or (0, 0)."""
    last = None
    opener = None
    for j in range(i + 1, len(counts)):
        between = text[counts[i].end : counts[j].start]
        found = _SUBSET.search(between)
        if not found or ")" in between or ";" in between:
            break
        if last is not None and not _NEXT_PART.fullmatch(text, counts[last].end, counts[j].start):
            break  # "... 4,000 children were staying at the base and about 5,000 at ...": a new clause
        opener = counts[i].end + found.start() if opener is None else opener
        last = j
    if last is None:
        return 0, 0
    close = _APPOSITION_CLOSE.search(text, counts[last].end, s_end)
    return opener, close.start() if close else counts[last].end


_ASIDE_OPEN = re.compile(r"[ \t]*(\(|[–—]|--?(?=\s))")
_ASIDE_CLOSE = {"(": ")", "–": "–", "—": "—", "-": " -", "--": "--"}


def _aside(text: str, np_end: int, s_end: int, counts: list[NumberMention], i: int) -> tuple[int, int]:
    """(start, end) of an aside right after number ``i``'s noun phrase that holds another
    number ("185,000 people (locals say more than 200,000 people) had fled", "5,000 people –
    officials say 6,000 – have left"), or (0, 0); the verb after it is the number's."""
    opened = _ASIDE_OPEN.match(text, np_end, s_end)
    if opened is None or i + 1 >= len(counts):
        return 0, 0
    mark = opened.group(1)
    close = text.find(_ASIDE_CLOSE[mark], opened.end(), min(s_end, opened.end() + 150))
    if close == -1 or not opened.end() <= counts[i + 1].start < close:
        return 0, 0
    return opened.start(1), close + len(_ASIDE_CLOSE[mark])


def _harmed(text: str, s_start: int, number: NumberMention, phrase: counted.NounPhrase, cues) -> bool:
    """Whether the responders a number counts were killed, injured or went missing: the verb
    right before the number ("killed 10 aid workers") or the first cue after its noun ("10
    humanitarian workers were also killed") is a casualty's."""
    after = [c for c in cues if s_start + c.start >= phrase.end]
    if after:
        first = min(after, key=lambda c: c.start)
        if s_start + first.start - phrase.end <= 60:
            return first.category == "casualties"
    before = [c for c in cues if s_start + c.end <= number.start
              and counted.HEDGE_GAP.fullmatch(text, s_start + c.end, number.start)]
    return any(c.category == "casualties" and c.verbal for c in before)


def _listed_after(text: str, counts: list[NumberMention], phrases: list, k: int) -> bool:
    """Whether count ``k`` and its noun follow the previous count's noun as the next item of one
    list ("include nearly 8,900 children, 1,131 pregnant women and 4,697 elderly persons")."""
    before, this = phrases[k - 1], phrases[k]
    return (before is not None and this is not None and not before.implicit and not this.implicit
            and before.unit in ("person", "subgroup") and this.unit in ("person", "subgroup")
            and before.end <= counts[k].start and lists.coordinated(text, before.end, counts[k].start))


#: the words between one object and the next of the same verb, when the verb is left out:
#: "displaced 12,000 people in Baidoa, and 7,260 others in Afgoye"
_GAP_TO_NEXT_OBJECT = re.compile(r"\s+(?:in|at|from|across|inside|within|on|during|since)\s+[^,;.()\d]{1,40}?,?\s+and\s+")


#: what may follow a second object whose verb is left out: a short place or time, then the end of the clause
_ELLIPTIC_REST = re.compile(r"(?:\s+(?:more|others))?(?:\s+(?:in|at|from|across|inside|within|on|during|since)\s+(?:the\s+)?"
                            r"[^\s,;.()]+(?:\s+[^\s,;.()]+)?)?\s*(?=[,.;:)]|$|\s+and\s)")


def _gapped(text: str, counts: list[NumberMention], phrases: list, k: int) -> bool:
    """Whether count ``k`` is a second object of the verb before count ``k - 1``, the verb left
    out ("displaced 12,000 people in Baidoa, and 7,260 others in Afgoye"); not when the second
    count has a verb of its own ("... and 40 in the capital were arrested")."""
    before, this = phrases[k - 1], phrases[k]
    return (before is not None and not before.implicit and before.unit in ("person", "household")
            and before.end <= counts[k].start and _GAP_TO_NEXT_OBJECT.fullmatch(text, before.end, counts[k].start) is not None
            and _ELLIPTIC_REST.match(text, this.end if this is not None else counts[k].end) is not None)


def _without_nouns_read_as_verbs(cues, s_start: int, counts, phrases) -> list:
    """A verb that takes an object ("the camp houses 5,000") is a noun when it is the head of a
    number's noun phrase ("248,176 houses and ..."): drop it."""
    spans = [(n.end, p.end) for n, p in zip(counts, phrases) if p is not None and not p.implicit]
    return [c for c in cues
            if not (c.verbal and c.slot == "object" and any(a <= s_start + c.start < b for a, b in spans))]


_OTHERS = re.compile(r"\s+(?:others|more)", re.I)
_COUNTED = frozenset({"person", "household", "dwelling", "subgroup"})
_MOVEMENT_CATEGORIES = frozenset({"displaced", "refugees", "evacuated", "returnees", "camp"})


# what a frame that says no more than a motion or a place takes its term from
_INHERITED = {"inherit": _MOVEMENT_CATEGORIES, "inherit_state": frozenset({"trapped", "camp"})}


def _resolve_inherited(cues: list[terms.Cue], carry: Optional[Figure]) -> list[terms.Cue]:
    """A motion frame ("have gone to Kirkuk") means displacement only when the sentence, or the
    figure of the sentence before, says what moved the people; a plain place ("are still in
    the city") means trapped or in camps only when they say so. Such a cue takes that term,
    else it is dropped ("voters went to the polls")."""
    if not any(c.term in _INHERITED for c in cues):
        return cues
    out = []
    for cue in cues:
        wanted = _INHERITED.get(cue.term)
        if wanted is None:
            out.append(cue)
            continue
        context = next((c for c in cues if c.term not in _INHERITED and c.category in wanted), None)
        if context is not None:
            out.append(dataclasses.replace(cue, term=context.term, category=context.category,
                                           figure_type=context.figure_type))
        elif carry is not None and carry.category in wanted:
            out.append(dataclasses.replace(cue, term=carry.term, category=carry.category, figure_type=carry.figure_type))
    return out


def _is_part(text: str, shape: str, head: Figure, number: NumberMention) -> bool:
    """Whether a list item is a part of the figure it takes its noun from: a breakdown
    ("Of these 1,411", "38,407 (50.5%) women"), or items opened by a bracket or colon after the
    total ("147,000 refugees (55,221 in Mauritania, ..."); not a sibling ("about 6,000 at the
    base and about 5,000 at the airstrip", "848 new refugees and Niger 485")."""
    if shape in ("partitive", "share"):
        return True
    if head.end > number.start:
        return False
    between = text[head.end : number.start]
    if head.part_of is not None and len(between.split()) <= 5:
        return True  # the next item of the same breakdown
    if ")" in between and "(" not in between[: between.find(")")]:
        return False  # "Pemba (137,726), Metuge (96,545)": the head's bracket closes, the next one is the item's own
    return "(" in between or ":" in between


_UNIT_OF = {"people": "person", "households": "household", "houses": "dwelling"}
_HOUSEHOLDS_GAP = re.compile(r"\s*(?:,\s*)?(?:from|in|belonging\s+to|comprising|making\s+up|or|\()\s*(?:some\s+|about\s+|around\s+|nearly\s+)?$", re.I)


def _people_term(text: str, lowered: str, start: int, end: int) -> Optional[str]:
    """The last term a sentence gives people, by a cue ("took the decision to flee") or a noun
    ("the number of refugees has dropped"), or None."""
    cues = [c for c in _sentence_cues(text, lowered, start, end)
            if "person" in c.applies_to and c.term not in ("inherit", "inherit_state")]
    words = [(m.group(), m.start()) for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*", text[start:end])]
    nouns = [(pos, noun.term) for w, pos in words
             if (noun := units.lookup_noun([w])) is not None and noun.term and noun.unit == "person"]
    found = [(c.start, c.term) for c in cues] + nouns
    return max(found)[1] if found else None


def _households_of(text: str, phrase: counted.NounPhrase, following: NumberMention, inner: Optional[counted.NounPhrase]) -> bool:
    """Whether the next number restates a people count in households: "39,054 people from
    6,580 households", "12,000 people (2,400 families)"."""
    return (
        inner is not None
        and inner.unit == "household"
        and not phrase.implicit
        and bool(_HOUSEHOLDS_GAP.fullmatch(text, phrase.end, following.start))
    )


def _share_heads(text: str, counts: list[NumberMention], phrases: list) -> None:
    """Coordinated numbers share the noun written after the last of them: "17,608, 14,193 and
    13,665 returnees respectively" are three counts of returnees (in place, right to left)."""
    shared = set()
    for i in range(len(counts) - 2, -1, -1):
        later = phrases[i + 1]
        bare = phrases[i] is None or phrases[i].unit == "inherit" or (
            phrases[i].implicit and phrases[i].term is None and phrases[i].end == counts[i].end)
        if bare and later is not None and (not later.implicit or i + 1 in shared) \
                and later.unit != "inherit" and not (later.unit == "subgroup" and later.of_total) and lists.coordinated(text, counts[i].end, counts[i + 1].start):
            phrases[i] = dataclasses.replace(later, end=counts[i].end, implicit=True)
            shared.add(i)


_STATE_BEFORE = re.compile(r"\b(?:are|is|remain|remains|remained|remaining|still|currently|now|live|living)\s+(?:\w+\s+)?$", re.I)
_SUBSET = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+which|of\s+them)\b[^();.]*$", re.I)
# the items of a list before a number: "2,501 males, 2,677 females, and "
_LIST_SO_FAR = re.compile(r"(?:[\d,.]+\s+[A-Za-z-]+(?:\s+[A-Za-z-]+)?\s*(?:\(\s*[\d.,]+\s*%?\s*\)\s*)?(?:,\s*and|,|and)\s+)*", re.I)
# a breakdown of the figure before, in a sentence of its own: "They include 2,501 males, 2,677 females"
_SUBSET_OPENING = re.compile(r"\W*(?:they|these|those|this|the\s+\w+)\s+(?:include[sd]?|comprise[sd]?)\s", re.I)


#: a person's age in apposition after their name: "said Mariam Birba, 32, who arrived at a camp"
_AGE_AFTER_NAME = re.compile(r"(?-i:[A-Z][\w'’-]+),[ \t]*$")
_AGE_CLOSE = re.compile(r"[ \t]*(?:,|\)|$)")


def _usable(text: str, s_start: int, number: NumberMention, phrase: Optional[counted.NounPhrase]) -> bool:
    """Whether a number can be a figure at all: it counts people and no blocking context
    (forecast, capacity, change, pre-war population, page furniture) surrounds it. Parts of a
    larger figure ("including 300 children") are usable: they come out with ``part_of``."""
    if phrase is None or phrase.unit in ("combatant", "entity"):
        return False
    if phrase.implicit and number.qualifier == "exact" and number.value is not None and number.value < 120 \
            and _AGE_AFTER_NAME.search(text, max(s_start, number.start - 40), number.start) \
            and _AGE_CLOSE.match(text, number.end):
        return False  # "said Mariam Birba, 32, who arrived": a person's age
    before = text[max(s_start, number.start - 100) : number.start]
    kind = terms.blocking_context(before, text[number.end : number.end + 80], "")
    # "home to more than 1 million refugees" is a stock of refugees, not a population
    return kind is None or (kind == "population" and phrase.term is not None)


def _pair(text: str, phrase: counted.NounPhrase, following: NumberMention, inner: Optional[counted.NounPhrase]):
    """A people count restating a household count right after it."""
    gap = text[phrase.end : following.start]
    hedge_free = re.sub(r"\b(?:about|around|some|approximately|roughly|nearly|almost|more\s+than|over|at\s+least|an\s+estimated)\b\s*$", "", gap, flags=re.I)
    if len(gap) > 30 or not _PAIR_GAP.match(hedge_free):
        return None
    if following.kind in _NOT_COUNTS or following.value is None:
        return None
    if inner is None or inner.unit not in ("person", "subgroup"):
        return None
    if inner.unit == "subgroup" and not gap.lstrip().startswith("("):
        return None  # "723 families, 943 men, 972 women": the next item of a breakdown, not a restatement
    return (phrase, following, inner)


#: a monotonic-clock time after which extraction stops with DocumentTimeout (set by the ingest
#: pipeline around one document; checked between sentences, so it works in any thread)
DEADLINE: contextvars.ContextVar[Optional[float]] = contextvars.ContextVar("extraction_deadline", default=None)


class DocumentTimeout(Exception):
    """A document took longer than its time budget."""


_LETTER = re.compile(r"[^\W\d_]{2}")


def _after_a_thing(counts, phrases, i: int, text: str = "") -> bool:
    """Is the nearest number before this list item in its sentence a count of things (boats,
    shelters, sites), so that the item counts them too? Not when people are named after the
    things ("the three districts hosting the most IDPs are Pemba (137,726), ...")."""
    things = False
    for j in range(i - 1, -1, -1):
        if phrases[j] is None or phrases[j].unit == "inherit":
            continue
        if phrases[j].unit in ("entity", "combatant"):
            if text and _names_people(text, phrases[j].end, counts[i].start):
                return False
            things = True
        else:
            return False  # a count of people before it: the item is one of theirs ("1,738 persons ... 55 camps ... and 1,702")
    return things


def _names_people(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] names people by what happened to them ("IDPs", "returnees")."""
    for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", text[start:end]):
        noun = units.lookup_noun([word])
        if noun is not None and noun.unit == "person" and noun.term:
            return True
    return False


def _sane(*values) -> bool:
    """Counts of people are never negative ("minus five people") and never more than
    ``MAX_PEOPLE`` (10 billion): anything else is a misreading or a crafted input."""
    for v in values:  # a plain loop: called for every number, a generator costs more than the test
        if v is not None and not 0 <= v <= MAX_PEOPLE:
            return False
    return True
_OF_THINGS = re.compile(r"\bof\s+(?:the\s+)?$", re.I)
_FOLD = re.compile(r"[-‐]?fold\b", re.I)  # "risen five-fold": a ratio, no count
_SUBORDINATE = re.compile(r"\b(?:when|after|because|while|whereas|since|before|until|although)\b|;|,\s+with\b", re.I)
_NEGATION = re.compile(r"\b(?:not|cannot|can't|unable|never|yet\s+to|no)\b[^.;]*$", re.I)
_RELATIVE = re.compile(r"\s*,?\s*(?:who|which|that|whom)\b", re.I)
_CLAUSE_JOIN = re.compile(r"\b(?:and|while|but|whereas)\b|[,;](?=\s)")


def _choose_term(text, s_start, number, phrase, cues, prev_end, np_end, next_start, next_is_number=False, anchor=None):
    """(term, category, figure_type, cue absolute position) or None.

    Cues after the noun phrase (up to the next number) are preferred, the closest and highest
    ranked first; then the term the noun phrase itself implies ("IDPs", "displaced families");
    then cues before the number (back to the previous number): "the evacuation of 618,000 people".
    ``anchor`` is the first count of the list the number belongs to: a verb before the list is as
    close to every item as to the first ("displaced 5,000 families in the north and 2,000 more")."""
    unit = "person" if phrase.unit in ("person", "subgroup") else phrase.unit
    best = best_after = governing = first_after = None
    for cue in cues:
        if unit not in cue.applies_to:
            continue
        c_start, c_end = s_start + cue.start, s_start + cue.end
        if c_start >= np_end and c_start < next_start:
            if cue.slot == "object" or c_end > next_start:
                continue  # "the exodus of 20,000" reads its number after it; "left 50,000 homeless" is the next number's
            if next_is_number and counted.HEDGE_GAP.fullmatch(text, c_end, next_start):
                continue  # "affected 200,000 people and displaced 45,000": the verb of the next number
            distance = c_start - np_end
            if distance > 160:
                continue
            score = cue.rank * 10 - distance / 4
            if best_after is None or score > best_after[0]:
                best_after = (score, cue, c_start, c_end)
            if score > 0 and (first_after is None or c_start < first_after[2]):
                first_after = (score, cue, c_start, c_end)
        elif cue.slot == "subject":
            continue  # "12,000 have left" reads its number before it
        elif c_end <= number.start and c_start >= prev_end:
            distance = (anchor.start if anchor is not None and c_end <= anchor.start else number.start) - c_end
            if distance > 120:
                continue
            # a verb right before its object governs it: "killed 45 people and displaced..."
            adjacent = distance <= 2 and counted.HEDGE_GAP.fullmatch(text, c_end, number.start)
            score = cue.rank * 10 + 5 if adjacent else cue.rank * 10 - distance / 4 - 12
            if adjacent and cue.verbal and (governing is None or score > governing[0]):
                governing = (score, cue, c_start, c_end)
            if score <= 0:
                continue  # too far back to govern the number: another clause
        elif number.start <= c_start < np_end and phrase.of_total:
            continue  # "2,000 of the 10,000 displaced": the total's word, not the part's
        elif number.start <= c_start < np_end or (c_start < number.start and c_end > number.end):
            # inside the noun phrase: "14,593 internally displaced households"
            score = cue.rank * 10 + 5
        else:
            continue
        if best is None or score > best[0]:
            best = (score, cue, c_start, c_end)
    if best is not None and best_after is not None and best_after[0] > 0 and best[2] < number.start and \
            _CLAUSE_JOIN.search(text, best[3], number.start):
        # "60 people died and three million have been affected": the verb before the "and" is
        # the previous number's; this number's own verb follows it
        best = best_after
    if best is not None and first_after is not None and best[2] > first_after[3] and \
            _SUBORDINATE.search(text, first_after[3], best[2]):
        # "5,400 people were displaced again when the government dismantled shelters at the
        # displacement site": the number's own verb, not one in the clause that follows it
        best = first_after
    if best is not None and governing is not None and best[2] >= np_end and _RELATIVE.match(text, np_end, best[2]):
        # "displaced around 11,000 people who found refuge in nearby towns": the verb that governs
        # the number says what happened to them; the relative clause says what they did next
        best = governing
    returning = first_after is not None and first_after[1].category == "returnees" and \
        not _NEGATION.search(text, min(np_end, first_after[2]), first_after[2]) and \
        (phrase.term in ("displaced", "in_camp", "refugees") or
         (best is not None and best[1].category in ("displaced", "refugees", "camp")))
    if returning:
        best = first_after  # "5,000 refugees crossed back", "300 displaced families returned home": returnees now
    elif phrase.term and (phrase.labelled or best is None or best[0] < 15):
        category, figure_type = terms.term_info().get(phrase.term, (phrase.term, "stock"))
        if phrase.term in ("displaced", "refugees", "homeless"):
            figure_type = "stock"
        return phrase.term, category, figure_type, None, None
    if best is None:
        return None
    cue = best[1]
    figure_type = cue.figure_type
    if cue.term == "displaced" and _STATE_BEFORE.search(text, max(s_start, best[2] - 25), best[2]):
        figure_type = "stock"  # "60,000 people remain displaced", "are internally displaced"
    return cue.term, cue.category, figure_type, best[2], best[3]


def _scale(value: Optional[float], unit: str, size: Optional[float]) -> Optional[int]:
    if value is None:
        return None
    if unit in ("household", "dwelling") and size:
        return int(round(units.to_people(value, unit, size)))
    return int(round(value))


def _build_figure(text, sentence, number, phrase, paired, term, category, figure_type, cue_pos,
                  mentions, context, published, document_id, household_size, document) -> Figure:
    s_start, s_end = sentence
    unit = "person" if phrase.unit in ("person", "subgroup") else phrase.unit
    start, end = number.start, number.end
    location = places.locate_figure(text, sentence, (number.start, number.end), mentions, context, category=category)
    if location.crossed and ((category == "displaced" and figure_type == "flow") or category == "camp"):
        # "fled Tigray into Sudan": a flight across a border makes refugees where they arrive;
        # "33,000 Cameroonians have taken refuge in Nigeria's Cross River state": so does shelter abroad
        term, category = "refugees", "refugees"
    country = _country_of(location, context)
    size = None
    if paired is not None:
        _household_phrase, people, _inner = paired
        value, low, high, qualifier = people.value, people.low, people.high, people.qualifier
        value, low, high = _scale(value, "person", None), _scale(low, "person", None), _scale(high, "person", None)
        close = text.find(")", people.end, min(s_end, people.end + 40))
        end = people.end if close < 0 or "(" not in text[number.end : people.start] else close + 1
        end = max(end, _inner.end if close < 0 else end)
    elif category == "housing" and unit in ("household", "dwelling"):
        # homes destroyed are counted in dwellings (one household's home each), never turned
        # into people: "13.5 million housing units" is not 92 million people
        value, low, high = (_scale(x, "person", None) for x in (number.value, number.low, number.high))
        qualifier = number.qualifier
    else:
        if unit in ("household", "dwelling"):
            size = units.household_size_for(country, household_size)
        value = _scale(number.value, unit, size)
        low = _scale(number.low, unit, size)
        high = _scale(number.high, unit, size)
        qualifier = number.qualifier
    if qualifier == "vague":
        value = None
    reported_unit = {"person": "people", "household": "households", "dwelling": "houses"}[unit]
    period = dates.figure_period(text, sentence, (number.start, number.end), published.date,
                                 dated_by_publication=published.dates_figures)
    lat, lon, geo_precision = _coordinates(getattr(location, "place", None))
    doc = document
    confidence = _confidence(phrase, cue_pos, number, location)
    return Figure(
        figure_id=make_figure_id(document_id, start, end),
        document_id=document_id,
        quote=text[s_start:s_end],
        start=start,
        end=end,
        number_text=text[start:end],
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        reported_value=number.value if number.value is not None else number.low,
        reported_unit=reported_unit,
        household_size=size,
        term=term,
        category=category,
        figure_type=_figure_type(term, category, figure_type),
        title=doc.title if doc else None,
        source=doc.source if doc else None,
        url=doc.url if doc else None,
        published=published.date,
        location=_attr(location, "name"),
        admin1=_attr(location, "admin1"),
        country_iso3=country,
        lat=lat,
        lon=lon,
        geo_precision=geo_precision,
        location_precision=getattr(location, "precision", None),
        location_text=getattr(location, "location_text", None),
        origin=getattr(location, "origin", None),
        destination=getattr(location, "destination", None),
        period_start=period.period_start,
        period_end=period.period_end,
        date=period.date,
        date_precision=period.date_precision,
        confidence=confidence,
        extractor_version=EXTRACTOR_VERSION,
        attributed_to=attribution.attributed_to(text, s_start, s_end, start),
    )


def _figure_type(term: str, category: str, cue_type: str) -> str:
    if category in ("trapped", "camp", "homeless"):
        return "stock"
    if category in ("casualties", "housing", "returnees", "evacuated"):
        return "flow"
    return cue_type


def _coordinates(place) -> tuple[Optional[float], Optional[float], Optional[str]]:
    """(lat, lon, how exact they are). A place the gazetteer knows without coordinates (a camp
    or village whose position is not reliably known) takes those of the division, else the
    country, it lies in, and ``geo_precision`` says so: a point is never finer than its source."""
    if place is None:
        return None, None, None
    if place.lat is not None and place.lon is not None:
        return place.lat, place.lon, place.precision
    if place.admin1 and place.country_iso3:
        division = places.resolve(place.admin1, place.country_iso3)
        if division is not None and division.precision == "admin1" and division.lat is not None:
            return division.lat, division.lon, "admin1"
    country = places.gazetteer().country(place.country_iso3) if place.country_iso3 else None
    if country is not None and country.lat is not None:
        return country.lat, country.lon, "country"
    return None, None, None


def _attr(location, name):
    place = getattr(location, "place", None)
    return getattr(place, name, None) if place is not None else None


def _country_of(location, context) -> Optional[str]:
    place = getattr(location, "place", None)
    if place is not None:
        return place.country_iso3  # None for a region across countries ("the Horn of Africa")
    if getattr(location, "location_text", None):
        return None  # places named in several countries ("in Kenya, Uganda and Tanzania")
    country = getattr(context, "country", None)
    return getattr(country, "country_iso3", None)


def _confidence(phrase: counted.NounPhrase, cue_pos: Optional[int], number: NumberMention, location) -> float:
    """Higher when the number, its noun, its term and a place sit close together."""
    score = 0.35
    if not phrase.implicit:
        score += 0.2
    if cue_pos is not None:
        distance = abs(cue_pos - number.end)
        score += 0.25 if distance <= 60 else 0.15 if distance <= 140 else 0.05
    elif phrase.term:
        score += 0.2
    precision = getattr(location, "precision", None)
    if precision in ("place", "camp"):
        score += 0.2
    elif precision in ("admin1", "country"):
        score += 0.1
    return round(min(score, 1.0), 2)
