"""What a number counts (pure): the noun phrase it heads, or the noun it takes from the words
around it.

In order: the noun after the number ("200,000 Iraqis", "thousands of residents"), a noun before
it ("the number of IDPs rose to ..."), the label of a "Label: N" line, the subject of a verb
stating a size ("IDPs total 48 512"), people when the number is the bare subject or object of
a frame ("nearly 9,000 have been left homeless", "forcing thousands to flee"), and finally the
shape of a list item whose noun is another figure's (``lists.py``; resolved by extract.py).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Optional

from . import lists, terms, units
from .model import NumberMention

# a word is letters of any script ("Burkinabè"), but "Š—" is encoding damage for an apostrophe
_LETTER = r"(?:(?!Š—)[^\W\d_])"
_TOKEN = re.compile(rf"{_LETTER}(?:{_LETTER}|['’\-])*|\d[\d,.]*|[^\w\s]|_")
# words that end a noun phrase: verbs, prepositions, conjunctions, punctuation
_STOP = frozenset(
    """out away off back abroad overseas without despite were was are is be been being have has had do did does will would could may might can
    fled flee fleeing in at from to on by for with who whom which that and or but as since between during
    after before across into onto over under near around about per than of while when where whose
    their its his her our your the a an this these those according said told
    within inside outside through throughout toward towards beyond amid amidst among amongst along alongside
    via until till following upon against overnight alone too again instead yesterday today tonight
    including excluding besides plus""".split()
) | frozenset(",;:()[]\"“”'‘’—–-")
_AUX = frozenset(
    """have has had were was are is been being be also already reportedly now still newly recently
    so far just mostly mainly largely either eventually subsequently allegedly apparently thus
    effectively ultimately finally initially temporarily since then all altogether together new
    more others other further additional reported said believed thought estimated later since then
    who that which all in at into to staying living remain remained remaining sheltering had
    being newly temporarily forcibly reportedly currently presently continue continues continued
    continuing begin began begun started start starts recorded listed registered confirmed declared counted
    as""".split()
)
_UNIT_NAMES = frozenset("division brigade brigades regiment battalion corps squadron company unit group "
                        "commission committee council club team".split())
_VERB_HEDGE = re.compile(r"(?:exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|top(?:s|ped|ping)?)\s+", re.I)
# words _LEFT_NOUN cannot match without one of (see _has_left_hint)
_LEFT_HINT_WORDS = ("number", "total", "toll", "tally", "count", "increase", "rise", "population", "influx", "estimate")
_TIME_DETERMINERS = frozenset({"last", "next", "this", "that", "every", "each", "early", "late", "earlier", "later"})
_TIME_WORDS = frozenset("""day days week weeks weekend month months year years night nights morning mornings
    evening afternoon season spring summer autumn fall winter monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december""".split())


_RESTATED = re.compile(r"^\s*\(\s*[\d.,]+\s*\)")
_PEOPLE_PRONOUNS = frozenset({"them", "those", "these", "whom", "us"})
_PARTITIVE_DETERMINERS = frozenset({"the", "these", "those", "its", "their"})
_POSSESSIVE = re.compile(r"['’]s$")
_GLUED = re.compile(r"(people|persons|families|households|individuals|civilians|residents)(?=[a-z])", re.I)
# between a verb and its object: "displaced another 100,000", "killed a further 12"
HEDGE_GAP = re.compile(r"\s{0,2}(?:(?:another|a\s+further|an\s+additional|further|additional|at\s+least|some)\s+)?", re.I)
_OBJECT_GAP = re.compile(r"[A-Za-z'’-]+\s+(?:(?:out|away|off|up|an\s+estimated|a\s+further|another|some|over|nearly|almost|about|around)\s+)?")
_TOTAL_OF = re.compile(r"\s*(?:the\s+)?(?:total\s+)?(?:number|total)\s+of\s+", re.I)
# hedges the number's own reading may leave before it ("is now over 643,000", "to be greater than")
_LEFT_HEDGE = (r"(?:(?:now|about|some|around|over|nearly|almost|roughly|approximately|more\s+than|greater\s+than|"
               r"at\s+least|an\s+estimated|just\s+over|well\s+over|be)\s+){0,3}")
_LEFT_NOUN = re.compile(
    r"(?:death|casualty|casualties|the|combined|overall|total|official|final|new|latest|confirmed)\s+toll\s+(?P<toll>)(?:[^\s.;:]+\s+){0,12}?(?:to|at|of|reached|hit|is|was|stood\s+at|stands\s+at)\s+"
    + _LEFT_HEDGE + r"$|"
    r"(?<!human\s)(?<!humanitarian\s)(?:numbers?|totals?|toll|tally|count|increase|rise|influx|estimate)\s+of\s+(?P<np>(?:[\w-]+\s+){0,3}?[\w-]+)\s+"
    r"(?:(?!which\b|where\b|whose\b)[^\s.;:]+\s+){0,14}?(?:to|at|reached|hit|is|was|stood\s+at|stands\s+at|of|touched|crossed|passed|exceeded|"
    r"exceeding|exceeds|surpassed|surpassing|topped|topping|upto|(?:rise|rises|rose|risen|rising|grew|grow|grows|"
    r"increased|increase|increases|climbed|climb|climbs|jumped|swelled|fell|fall|falls|fallen|dropped|drops|"
    r"decreased|declined)\s+from)\s+" + _LEFT_HEDGE + r"$|"
    # "Hudaydah's displaced population has now reached 336,846"
    r"\b(?P<pop>displaced|refugee|idp|camp|returnee|evacuee|affected)s?\s+population\s+(?:[^\s.;:]+\s+){0,4}?"
    r"(?:reached|stood\s+at|stands\s+at|is|was|numbered|numbers|totals?|totalled|rose\s+to|climbed\s+to|grew\s+to|of)\s+"
    + _LEFT_HEDGE + r"$",
    re.I,
)


# a noun phrase, then a verb that states its size, then the number: "IDPs total 48 512",
# "civilians still trapped in the zone range from 60,000 to 100,000"
# "... from 3,000 at the end of 2019 to over 5,000": the words between a change's two counts
_FROM_TO = re.compile(r"\bfrom\s+(?P<first>(?:about\s+|some\s+|around\s+|nearly\s+|over\s+|more\s+than\s+|"
                      r"roughly\s+|just\s+)?\d[\d,.]*(?:\s+(?:million|thousand))?)\s+(?:[^\s\d]+\s+|\d{4}\s+){0,8}?to\s+"
                      r"(?:(?:about|some|around|nearly|over|more\s+than|roughly|just|almost|at\s+least)\s+)?$", re.I)
_PREDICATE_VERBS = (
    "total totals totalled totaled totalling totaling numbered numbering number numbers "
    "range ranges ranged ranging stood stand stands estimated put reached reach reaches reaching "
    "rise rises rising rose risen climb climbs climbing climbed swell swells swelling swelled swollen "
    "increase increases increasing increased grow grows growing grew grown jump jumps jumped "
    "exceed exceeds exceeding exceeded surpass surpasses surpassing surpassed top tops topping topped "
    "soar soars soaring soared"
).split()
_PREDICATE_AFTER = ("at", "to", "from", "between", "of")  # the verb's preposition
_PREDICATE_HEDGES = ("now", "about", "some", "around", "roughly")
_PREDICATE = re.compile(
    r"(?:\b(?:" + "|".join(_PREDICATE_VERBS) + r")"
    r"(?:\s+(?:" + "|".join(_PREDICATE_AFTER) + r"))?\s*(?:" + "".join(h + r"\s+|" for h in _PREDICATE_HEDGES)
    + r")?|[:=]\s*)$",
    re.I,
)
# what a text _PREDICATE matches ends with, but for spaces: its last word or "=" (_predicate_noun)
_PREDICATE_ENDINGS = tuple(_PREDICATE_VERBS) + _PREDICATE_AFTER + _PREDICATE_HEDGES + (":", "=")
# _PREDICATE matches at most three words (verb, preposition, hedge; or "=") at the end of the
# text, so a match starts within the text's last three runs of non-spaces: read on the reversed
# text, how many characters those runs and the spaces after them take
_PREDICATE_WORDS_REVERSED = re.compile(r"\s*\S*(?:\s+\S+){0,2}")


@dataclass(frozen=True)
class NounPhrase:
    unit: str  # person, household, dwelling, subgroup, combatant, entity
    end: int  # offset just after the noun phrase
    term: Optional[str]  # term implied by the noun phrase ("IDPs", "displaced families")
    implicit: bool = False  # no noun written: "More than 35,000 were displaced"
    of_total: bool = False  # "500 of the 4,000 villagers": the words after "of" describe the total
    labelled: bool = False  # its term comes from a label ("the death toll has surged to 2,000"): it wins
    own_unit: Optional[str] = None  # an inherited item's own noun, when it says one ("Marib (48 HHs)")


def _people_next(tokens, k: int) -> bool:
    """Whether a counted noun of people follows token k ("fleeing families")."""
    for word, _s, _e in tokens[k + 1 : k + 3]:
        noun = units.lookup_noun([word])
        if noun is not None:
            return noun.unit in ("person", "household", "subgroup")
        if units.is_demonym(word) or units.is_person_plural(word):
            return True
    return False


def noun_after(text: str, s_end: int, number: NumberMention) -> Optional[NounPhrase]:
    """The noun phrase written right after the number, if any (what ``phrase_for`` reads first)."""
    return _noun_phrase(text, number, s_end)


_UNREAD = object()


def phrase_for(text: str, s_start: int, s_end: int, number: NumberMention, cues, after=_UNREAD) -> Optional[NounPhrase]:
    """What the number counts: the noun after it, a noun before it ("the number of IDPs rose
    to..."), or, with no noun written, people when a term cue follows at once. ``after`` is
    ``noun_after``'s answer when the caller has it already."""
    if after is _UNREAD:
        after = _noun_phrase(text, number, s_end)
    if after is not None and after.term is None and after.unit in ("person", "household", "subgroup"):
        # "the number of people displaced ... has further increased to 818,250 people": the label
        # says what the plain noun after the number does not
        left = _left_noun(text, s_start, number)
        if left is not None and left.labelled:
            return dataclasses.replace(after, term=left.term, labelled=True)
        if after.unit == "person" and lists.anaphor_before(text, s_start, number.start):
            # "the figure reached some 31,000 people": the count named before, restated
            return NounPhrase("inherit", after.end, "anaphor", implicit=True)
        if after.unit in ("person", "household") and lists.bracket_item(text, s_start, number.start, after.end):
            # "Mocímboa da Praia (176,174 people), Palma (116,016 people)", "Marib (48 HHs)": items of one list
            return NounPhrase("inherit", after.end, "bracket", implicit=True, own_unit=after.unit)
    return (
        after
        or _left_noun(text, s_start, number)
        or _label_noun(text, s_start, number)
        or _predicate_noun(text, s_start, number)
        or _implicit_noun(text, s_start, number, cues)
        or _implicit_object(text, s_start, number, cues)
        or _inherited(text, s_start, number)
    )


def _nouns_in(text: str, start: int, end: int) -> Optional[tuple[units.Noun, int]]:
    """The last counted noun (person, household, dwelling) written in text[start:end], with
    its end offset."""
    words = [(m.group(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*", text[start:end])]
    for k in range(len(words) - 1, -1, -1):
        for j in range(max(0, k - 2), k + 1):  # the longest noun ending at word k: "commercial structures"
            noun = units.lookup_noun([w for w, _ in words[j : k + 1]])
            if noun is None or len(noun.text.split()) != k - j + 1:
                continue
            if noun.unit in ("person", "household", "dwelling", "subgroup"):
                return noun, start + words[k][1]
            return None
    return None


def _label_noun(text: str, s_start: int, number: NumberMention) -> Optional[NounPhrase]:
    """A "Label: N" line whose label names what it counts: "- Civilian Fatalities: 9",
    "Single Residences Destroyed: 6,453"."""
    label = lists.label_before(text, s_start, number.start)
    if label is None:
        return None
    found = _nouns_in(text, *label)
    if found is None:
        return None
    noun, _end = found
    return NounPhrase(noun.unit, number.end, noun.term, implicit=True)


def _predicate_noun(text: str, s_start: int, number: NumberMention) -> Optional[NounPhrase]:
    """The subject noun of a verb stating a size: "IDPs total 48 512", "civilians still trapped
    in the zone range from 60,000 to 100,000". The noun must come before any other number."""
    before_start = max(s_start, number.start - 120)
    before = text[before_start : number.start]
    if not _ends_in_word(before):
        return None  # the verb or "=" must end right before the number (cheap test first)
    change = _FROM_TO.search(before)
    if change is not None:
        # "IDPs in the camp rose from 3,000 to 5,000": the second count has the first's subject
        before = before[: change.start("first")]
    tail = before.rstrip()
    if tail.isascii() and not tail.lower().endswith(_PREDICATE_ENDINGS):
        return None  # no verb, preposition or hedge of _PREDICATE's last: one C call, not a search
    # searched from the start of its last three words: the same leftmost match ("\b" still sees
    # the character before), without trying the verbs at every word of the text
    match = _PREDICATE.search(before, len(before) - _PREDICATE_WORDS_REVERSED.match(before[::-1]).end())
    if not match or re.search(r"\d", before[: match.start()][-80:]):
        return None
    subject_start = max(before_start, before_start + match.start() - 80)
    found = _nouns_in(text, subject_start, before_start + match.start())
    if found is not None:
        noun, _end = found
        return NounPhrase(noun.unit if noun.unit != "subgroup" else "person", number.end, noun.term, implicit=True)
    return _adjective_subject(text, subject_start, before_start + match.start(), number)


def _adjective_subject(text: str, start: int, end: int, number: NumberMention) -> Optional[NounPhrase]:
    """An adjective standing for the people ("the tally of displaced reached 80,000", "those
    displaced, estimated at 40,000"): people, with the term of the cue it is."""
    found = [c for c in terms.find_cues(text, start, end) if "person" in c.applies_to and c.slot != "object"]
    if not found:
        return None
    return NounPhrase("person", number.end, found[-1].term, implicit=True)


def _inherited(text: str, s_start: int, number: NumberMention) -> Optional[NounPhrase]:
    """A number with no noun that is an item of a list or breakdown ("55,221 in Mauritania",
    "Kisumu (7,704)", "Of these 1,411 are in ..."): its unit and term come from the figure it
    belongs to, resolved in _sentence_figures."""
    shape = lists.ellipsis_shape(text, s_start, number.start, number.end)
    if shape in ("partitive", "addition"):
        word = _TOKEN.search(text, number.end)
        if word is not None and word.group()[0].islower() and word.group() not in _STOP and word.group() not in _AUX:
            return None  # "including five municipalities": a noun of things we do not know, not people
    if shape is None:
        group = lists.partitive_group(text, s_start, number.start)
        return _adjective_subject(text, group[0], group[1], number) if group else None
    return NounPhrase("inherit", number.end, shape, implicit=True)


def bare(text: str, number: NumberMention, s_start: int, cues) -> bool:
    """Whether no noun is written after the number: the next word is a verb, preposition or
    punctuation, or starts a cue ("forcing thousands to flee", "left 50,000 homeless"), not an
    unknown noun ("forced 200 companies to leave")."""
    match = _TOKEN.search(text, number.end)
    if match is None:
        return True
    word = match.group()
    if word.lower() in _STOP or word.lower() in _AUX or not word[0].isalpha():
        return True
    if word.lower() in _TIME_DETERMINERS:  # "displaced 11,000 last week": an adverbial of time
        following = _TOKEN.search(text, match.end())
        if following is not None and following.group().lower() in _TIME_WORDS:
            return True
    return any(match.start() <= s_start + cue.start < match.end() for cue in cues)  # also glued: "newdisplacements"


def _implicit_object(text: str, s_start: int, number: NumberMention, cues, unit: str = "person") -> Optional[NounPhrase]:
    """No noun written, but the number is the object of a term verb right before it:
    "floods displaced more than 100,000 in Kogi state", "the blast killed 12"; with ``unit``
    "dwelling", of a verb of housing ("destroyed 6,604 houses and damaged a further 9,873")."""
    if not bare(text, number, s_start, cues):
        return None
    for cue in cues:
        c_start, c_end = s_start + cue.start, s_start + cue.end
        if unit not in cue.applies_to or cue.slot == "subject":
            continue
        if c_end <= number.start and HEDGE_GAP.fullmatch(text, c_end, number.start):
            if cue.verbal or text[c_start:c_end].lower().endswith(("ed", "ing", " of")):  # "the bodies of 10"
                return NounPhrase(unit, number.end, None, implicit=True)  # "Quake kills 250"
        elif c_start < number.start and c_end > number.end and _OBJECT_GAP.fullmatch(text, c_start, number.start):
            # the number stands in the frame's object slot, right after its verb:
            # "forcing tens of thousands to flee", "left 50,000 homeless"
            return NounPhrase(unit, number.end, None, implicit=True)
    return None


def housing_object(text: str, s_start: int, number: NumberMention, cues) -> Optional[NounPhrase]:
    """A number with no noun right after a verb of housing, once the sentence has counted homes:
    "destroyed 6,604 houses and damaged a further 9,873"."""
    return _implicit_object(text, s_start, number, cues, "dwelling")


def _tokens(text: str, start: int, end: int, limit: int = 8):
    """(word, absolute start, absolute end) for the first ``limit`` tokens of text[start:end]."""
    out = []
    for match in _TOKEN.finditer(text, start, end):
        out.append((match.group(), match.start(), match.end()))
        if len(out) >= limit:
            break
    return out


def _noun_phrase(text: str, number: NumberMention, s_end: int) -> Optional[NounPhrase]:
    """The noun phrase right after the number: skip up to three modifiers, stop at a verb,
    preposition or punctuation. "200,000 Iraqis", "thousands of residents", "1,100 displaced
    families", "70 ISIS fighters", "the total number of people displaced"."""
    pos = number.end
    share = lists.SHARE.match(text, pos, s_end)
    if share:
        pos = share.end()  # "38,407 (50.5%) women"
    total = _TOTAL_OF.match(text, pos, s_end)
    if total:
        pos = total.end()
    tokens = _tokens(text, pos, s_end, limit=8)
    term = None
    skipped = 0
    k = 0
    of_total = partitive = False
    if len(tokens) > 2 and tokens[0][0].lower() == "out" and tokens[1][0].lower() == "of":
        # "4,000 out of a total of 7,000 were stranded": read like "4,000 of the 7,000"
        skip = 2
        while skip < len(tokens) and tokens[skip][0].lower() in ("a", "total", "of", "the"):
            skip += 1
        if skip < len(tokens) and tokens[skip][0][0].isdigit():
            tokens = [("of", tokens[0][1], tokens[1][2]), ("the", tokens[1][1], tokens[1][2])] + tokens[skip:]
    if len(tokens) > 2 and tokens[0][0].lower() == "of" and tokens[1][0].lower() in ("them", "whom"):
        # "killed 12 people, four of them children": a part of the count before, by who they are
        j = 3 if tokens[2][0].lower() in ("being", "were", "are", "was", "is") else 2
        noun = units.lookup_noun([t[0] for t in tokens[j:j + 2]]) if j < len(tokens) else None
        if noun is not None and noun.unit == "subgroup":
            return NounPhrase("subgroup", tokens[j + len(noun.text.split()) - 1][2], None, of_total=True)
    if tokens and tokens[0][0].lower() == "of":
        # "thousands of residents", "300,000 of the evacuees", "500 of the 4,000 villagers",
        # "187,000 of Gaza's 2.3 million people"
        determiner = len(tokens) > 1 and (tokens[1][0].lower() in _PARTITIVE_DETERMINERS
                                          or _POSSESSIVE.search(tokens[1][0]) is not None)
        if number.qualifier == "vague" or determiner:
            k = 1
            if determiner:
                k = 2
                partitive = True  # "30,000 of the displaced": the adjective after it stands for people
            if k == 2 and len(tokens) > 3 and _POSSESSIVE.search(tokens[2][0]) and tokens[3][0][0].isdigit():
                k = 3  # "200 of the town's 5,000 residents"
            if k == 3:
                k -= 1
                tokens = tokens[:2] + tokens[3:]
            # "500 of the 4,000 villagers", "200 of the town's 5,000 residents": the part's noun
            # is the total's; the total is the population it is taken from
            if k == 2 and len(tokens) > 2 and tokens[2][0][0].isdigit():
                k, of_total = 3, True
                if k < len(tokens) and tokens[k][0].lower() in ("million", "thousand", "hundred"):
                    k += 1
    demonym = None
    while k < len(tokens) and skipped <= 3:
        word, w_start, w_end = tokens[k]
        lower = word.lower()
        words = [t[0].replace("-", "") if "-" in t[0] and t[0].islower() else t[0] for t in tokens[k : k + 4]]
        noun = units.lookup_noun(words)
        if noun is not None and lower == "home":
            noun = None  # "90,000 returned home": an adverb, never a count of homes
        if noun is not None:
            n_words = len(noun.text.split())
            end = tokens[k + n_words - 1][2] if k + n_words - 1 < len(tokens) else w_end
            if noun.unit == "combatant" and _mixed_with_people(text, end, s_end):
                return NounPhrase("person", end, noun.term or term, of_total=of_total)  # "fighters and family members"
            return NounPhrase(noun.unit, end, noun.term or term, of_total=of_total)
        glued = _GLUED.match(word)
        if glued:
            noun = units.lookup_noun([glued.group(1)])
            if noun is not None:
                return NounPhrase(noun.unit, w_start + glued.end(), noun.term or term)
        if lower in ("and", "or") and skipped and k + 1 < len(tokens) and tokens[k + 1][0].islower() \
                and tokens[k + 1][0] not in _STOP:
            k += 1  # "new and repeated displacements"
            continue
        if lower in _STOP:
            break
        if lower.endswith("ing") and len(lower) > 4 and skipped == 0 and not _people_next(tokens, k):
            break  # "1,000 seeking shelter": a verb, not a modifier as in "1,000 fleeing families"
        if lower in _TIME_DETERMINERS and k + 1 < len(tokens) and tokens[k + 1][0].lower() in _TIME_WORDS:
            break  # "reached 50,000 last week": an adverbial of time, not what the number counts
        if (units.is_demonym(word) or units.is_person_plural(word)) and k + 1 < len(tokens) \
                and tokens[k + 1][0].lower() in _UNIT_NAMES and tokens[k + 1][0][:1].isupper():
            return NounPhrase("entity", tokens[k + 1][2], None)  # "45 Engineers Division": a unit's name
        if units.is_demonym(word) or units.is_person_plural(word):
            demonym = (word, w_end)  # the last people-word before the phrase ends is its head
        elif word[0].isdigit():
            break
        head = lower.rsplit("-", 1)[-1]  # "drought-displaced", "conflict-affected"
        if head in ("displaced", "internally"):
            term = "displaced"
        elif head == "homeless":
            term = "homeless"
        elif head in ("evacuated",):
            term = "evacuated"
        elif head in ("trapped", "besieged", "stranded"):
            term = "trapped"
        if units.physical_dimension(lower) in ("length", "area", "mass", "volume", "time", "temperature"):
            return None
        skipped += 1
        k += 1
    if demonym is not None:
        return NounPhrase("person", demonym[1], term)
    if of_total and 0 < k < len(tokens) and tokens[k][0].lower() in _AUX:
        # "4,000 out of a total of 7,000 were stranded": people; the total is taken up with the part
        return NounPhrase("person", tokens[k - 1][2], term, of_total=True)
    if term == "homeless" or (term and (of_total or partitive)):
        # "50,000 homeless", "2,000 of the 10,000 displaced": the adjective stands for the people
        return NounPhrase("person", tokens[k - 1][2] if k else number.end, term, of_total=of_total)
    return None


_AND_NEXT = re.compile(r"\s*(?:,\s*)?(?:and|&|as\s+well\s+as|along\s+with|with|plus)\s+(?:(?:their|his|her|the)\s+)?")


def _mixed_with_people(text: str, end: int, s_end: int) -> bool:
    """A group of fighters and people, one count for both ("2,100 opposition fighters and
    family members were evacuated"): the people in it make it a figure of people. A second
    number ("10 soldiers and 3 civilians") is its own figure."""
    joined = _AND_NEXT.match(text, end, s_end)
    if not joined:
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text[joined.end() : min(s_end, joined.end() + 40)])[:4]
    for k in range(len(words)):
        noun = units.lookup_noun(words[k:])
        if noun is not None:
            return noun.unit in ("person", "subgroup", "household")
    return False


def _ends_in_word(before: str) -> bool:
    r"""Whether a word or ":" or "=" comes right before the number (spaces aside): the pattern
    ``(?:[^\W\d_]|[:=])\s*$`` read off the last character that is not a space, instead of being
    tried at every letter of the text (``[^\W\d_]`` is alphanumeric but not a decimal digit)."""
    last = before.rstrip()[-1:]
    return last in (":", "=") or (last.isalnum() and not last.isdecimal())


def _has_left_hint(before: str) -> bool:
    """Whether one of _LEFT_HINT_WORDS is in the text, in any case. On ASCII text (nearly all)
    that is a few substring tests on the lower-cased text, far cheaper than a case-insensitive
    search, which also pairs a few non-ASCII letters with ASCII ones ("ı" with "i", "ſ" with
    "s"): other text is searched that way."""
    if before.isascii():
        lowered = before.lower()
        return any(word in lowered for word in _LEFT_HINT_WORDS)
    return _LEFT_HINT_ANY_CASE.search(before) is not None


_LEFT_HINT_ANY_CASE = re.compile("|".join(_LEFT_HINT_WORDS), re.I)


def _left_noun(text: str, s_start: int, number: NumberMention) -> Optional[NounPhrase]:
    """"the number of displaced people rose to 60,000", "the death toll reached 50"."""
    before = text[max(s_start, number.start - 160) : number.start]
    verb = _VERB_HEDGE.match(text, number.start, number.end)
    if verb is not None:
        before += verb.group()  # "the number of IDPs exceeded one million": the verb is the number's hedge
    if not _ends_in_word(before) or not _has_left_hint(before):
        return None  # cheap tests first: most numbers have no label before them
    match = _LEFT_NOUN.search(before)
    if not match:
        return None
    if match.group("toll") is not None:
        return NounPhrase("person", number.end, "killed", implicit=True, labelled=True)
    if match.group("pop") is not None:
        term = {"refugee": "refugees", "idp": "displaced", "camp": "in_camp", "returnee": "returnees",
                "evacuee": "evacuated", "affected": "affected"}.get(match.group("pop").lower(), "displaced")
        return NounPhrase("person", number.end, term, implicit=True, labelled=True)
    words = before[match.start("np") :].split()[:5]
    for k in range(len(words)):
        noun = units.lookup_noun(words[k:])
        if noun is not None:
            # "the number of displaced people", "the number of people displaced by the fighting"
            implied = "displaced" if any(w.lower() == "displaced" for w in words[:k + 2]) else None
            term = noun.term or implied or _label_cue_term(text, s_start, number, match, noun.unit)
            return NounPhrase(noun.unit, number.end, term, implicit=True, labelled=term is not None)
    label = before[match.start() : match.end()].lower()
    if "toll" in label and "human toll" not in label:
        return NounPhrase("person", number.end, "killed", implicit=True, labelled=True)
    np_start = max(s_start, number.start - 160) + match.start("np")
    return _adjective_subject(text, np_start, np_start + len(match.group("np")), number)


def _label_cue_term(text: str, s_start: int, number: NumberMention, match: re.Match,
                    unit: str = "person") -> Optional[str]:
    """The term a label's own words give ("the number of residents who fled", "the number of
    victims residing at the relief camp", "the number of houses destroyed"): the first cue
    inside the label for what its noun counts. The noun itself is no cue ("houses")."""
    base = max(s_start, number.start - 160)
    start = base + match.start("np")
    head = re.match(r"[\w-]+", text[start:])
    cues = [c for c in terms.find_cues(text, start, base + match.end())
            if (unit if unit in ("person", "household", "dwelling") else "person") in c.applies_to
            and c.term not in ("inherit", "inherit_state") and not (head and c.end <= start + head.end())]
    return cues[0].term if cues else None


def _antecedent_is_people(text: str, s_start: int, end: int) -> bool:
    """Whether "of them" before ``end`` can stand for people: the nearest counted noun before
    it in the sentence is not fighters, responders or things ("five of them were killed" after
    "soldiers were ambushed" is not a figure); with no such noun the frame decides."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text[max(s_start, end - 300) : end])
    for k in range(len(words) - 1, -1, -1):
        noun = units.lookup_noun(words[k : k + 1])
        if noun is not None and noun.unit in ("person", "household", "subgroup"):
            return True
        if noun is not None and (noun.unit == "combatant" or (noun.unit in ("dwelling", "entity") and words[k].lower().endswith("s"))):
            return False  # plural: what "them" can stand for ("schools", not "the region")
        if noun is None and (units.is_demonym(words[k]) or units.is_person_plural(words[k])):
            return True
    return True


def _implicit_noun(text: str, s_start: int, number: NumberMention, cues) -> Optional[NounPhrase]:
    """No noun after the number, but a term cue follows within a few auxiliary words:
    "More than 35,000 were displaced", "Around 100,000 fled from..."."""
    if not bare(text, number, s_start, cues):
        return None
    for cue in cues:
        cue_start = s_start + cue.start
        if cue_start < number.end:
            continue
        gap = _RESTATED.sub("", text[number.end : cue_start], count=1)  # "over half a million (538,241) have fled"
        words = re.findall(r"[A-Za-z']+|[^\sA-Za-z']", gap)
        if words[:2] == [",", "who"]:
            words = words[1:]  # "Another 6.6 million, who have been displaced, remain ..."
        elif len(words) > 1 and words[0].lower() == "of" and words[1].lower() in _PEOPLE_PRONOUNS:
            if not _antecedent_is_people(text, s_start, number.start):
                return None  # "Soldiers were ambushed; five of them were killed"
            words = words[2:]  # "hundreds of thousands of them have sought sanctuary"
        if len(words) <= 6 and all(w.lower() in _AUX for w in words):  # "are reported to have been displaced"
            return NounPhrase("person", number.end, None, implicit=True)
        break
    return None
