"""Disputed items of the 2014+ layout: item statement, guidelines, rationale.

Each item is a block of logical lines::

    <request>: Upheld
    Claims Administrator guideline: ...
    MAXIMUS guideline: ...
    Decision rationale: ... (possibly several paragraphs, kept: :mod:`paragraphs`)

The item statement may name an original request that was partly authorized:
``X was the original request. Y was authorized by the Claims Administrator.
The remaining IMR eligible portion of the original request, Z is: Upheld``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.parsing.guidelines import CLAIMS_ADMINISTRATOR, MAXIMUS, parse_guidelines
from ingest.parsing.lines import decision_at_end, ends_with_decision
from ingest.parsing.paragraphs import ABBREVIATIONS, join_paragraphs
from ingest.parsing.result import Treatment

_CA = re.compile(r"^claims\s{1,3}administrator\s{1,3}guideline\s{0,3}:", re.IGNORECASE)
_MX = re.compile(r"^maximus\s{1,3}guideline\s{0,3}:", re.IGNORECASE)
_RATIONALE = re.compile(r"^decision\s{1,3}rationale\s{0,3}:\s{0,3}", re.IGNORECASE)
_MAX_VERBATIM_DECISION = 60

ITEM = "item"
TEXT = "text"
CA = "ca"
MX = "mx"
RATIONALE = "rationale"
_LABELS = (CA, MX, RATIONALE)


@dataclass(slots=True)
class _Block:
    statement: str
    ca: list[str] = field(default_factory=list)
    mx: list[str] = field(default_factory=list)
    rationale: list[str] = field(default_factory=list)


# Each label: the words it starts with (lower-cased), its kind and its pattern. Normalized text
# writes it as those words then ":", which matches the pattern (only ASCII letters lower-case to
# these letters, there being no "k"): the pattern is tried for the other spellings only.
_LABEL_WORDS = (
    ("claims administrator guideline", CA, _CA),
    ("maximus guideline", MX, _MX),
    ("decision rationale", RATIONALE, _RATIONALE),
)


def _kind(line: str) -> str:
    if line[:1] in "CcMmDd":
        head = line[:40].lower()
        for words, kind, pattern in _LABEL_WORDS:
            if head.startswith(words):
                if head.startswith(":", len(words)) or pattern.match(line):
                    return kind
                break  # the labels start with different words: no other one can match
    if ends_with_decision(line):
        return ITEM
    return TEXT


def strip_trailing_is(text: str) -> str:
    """``"Norco 10/325mg #35 is:"`` -> ``"Norco 10/325mg #35"``."""
    text = text.strip().rstrip(":.,").rstrip()
    low = text[-4:].lower()
    if low.endswith(" is"):
        text = text[:-3]
    elif low.endswith(" are"):
        text = text[:-4]
    return text.strip().rstrip(":,").strip()


def split_original(statement: str) -> tuple[str, str | None]:
    """(request as decided, original request or None)."""
    low = statement.lower()
    marker = low.find(" was the original request")
    if marker < 0:
        return strip_trailing_is(statement), None
    original = statement[:marker].strip()
    request = ""
    comma = low.rfind("original request,")
    if comma > marker:
        request = statement[comma + len("original request,") :]
    else:
        last = low.rfind("original request")
        if last > marker:
            request = re.sub(r"^\s{0,3}(?:is|was)\b", "", statement[last + len("original request") :])
    request = strip_trailing_is(request)
    return (request or original), original or None


def split_statement(statement: str) -> tuple[str, str, str | None]:
    """(body, decision, warning) of one item statement."""
    found = decision_at_end(statement)
    if found is not None:
        start, decision = found
        return statement[:start], decision, None
    body, colon, verdict = statement.rpartition(":")
    verdict = verdict.strip(" .*")
    if colon and verdict and len(verdict) <= _MAX_VERBATIM_DECISION:
        return body, verdict, f"unrecognised decision {verdict!r} kept verbatim"
    return statement, "", "no decision found in item statement"


_SENTENCE_START = re.compile(r"[.!?][\"')\]]? (?=[A-Z0-9\"])")
_MIN_MERGED_HEAD = 150
_MIN_PROSE_WORDS = 3
_MAX_STATEMENT = 700


def _sentence_starts(body: str) -> list[int]:
    """Where the sentences of ``body`` after its first start (not after an abbreviation: "Dr. Smith")."""
    return [
        m.end()
        for m in _SENTENCE_START.finditer(body)
        if body[max(0, m.start() - 6) : m.start()].rsplit(" ", 1)[-1].lower() not in ABBREVIATIONS
    ]


def split_merged_statement(line: str, *, in_rationale: bool = False) -> tuple[str, str] | None:
    """(prose, item statement) when an item statement was glued onto the end of a paragraph.

    Happens with hard-wrapped text that gives no sign of where the rationale
    ends: "... is not medically necessary. Four sessions of biofeedback: Upheld".
    The statement starts at the last sentence (or at the sentence naming the original
    request). What comes before it is the rationale's when the line is labelled
    ("Decision rationale: ..."), when it is long, or when ``in_rationale`` (the line
    continues a rationale: its closing paragraph, however short) and it is a sentence of
    a few words before a statement written ``...: Upheld``.
    """
    if ". " not in line and "? " not in line and "! " not in line and '." ' not in line:
        return None
    found = decision_at_end(line)
    if found is None:
        return None
    body = line[: found[0]]
    starts = _sentence_starts(body)
    if not starts:
        return None
    start = starts[-1]
    original = body.lower().rfind("was the original request", 0, start)
    if original >= 0:
        start = max((s for s in starts if s <= original), default=0)
    head = line[:start].strip()
    if not head or len(line) - start > _MAX_STATEMENT:
        return None
    if len(head) < _MIN_MERGED_HEAD and _RATIONALE.match(line) is None:
        closing = in_rationale and line[found[0]] == ":" and len(head.split()) >= _MIN_PROSE_WORDS
        if not closing:
            return None
    return head, line[start:].strip()


def _split_merged(lines: list[str], kinds: list[str]) -> None:
    """Split item statements glued onto rationale paragraphs, in place.

    A rationale runs from its label to the next label or item statement; any of its
    paragraphs (the labelled first one, or a later one) may end in the next item's statement.
    """
    in_rationale = False
    index = 0
    while index < len(lines):
        kind = kinds[index]
        if kind == RATIONALE:
            in_rationale = True
        elif kind in (CA, MX):
            in_rationale = False
        # (An ITEM line is one that ends with a decision: ``_kind`` asked already.)
        if in_rationale and (kind == ITEM or (kind == RATIONALE and ends_with_decision(lines[index]))):
            in_rationale = False  # an item statement ends the rationale, glued on or not
            parts = split_merged_statement(lines[index], in_rationale=kind == ITEM)
            if parts is not None:
                lines[index : index + 1] = list(parts)
                kinds[index : index + 1] = [RATIONALE if kind == RATIONALE else TEXT, ITEM]
                index += 1
        index += 1


def _blocks(lines: list[str]) -> list[_Block]:
    lines = list(lines)
    kinds = [_kind(line) for line in lines]
    if RATIONALE in kinds:
        _split_merged(lines, kinds)
    count = len(lines)
    # A plain line right before a guideline/rationale label, after a rationale
    # (or before any label), is an item statement whose decision was not recognised.
    last_label: str | None = None
    for index in range(count - 1):
        kind = kinds[index]
        if kind != TEXT:
            last_label = kind
        elif kinds[index + 1] in _LABELS and last_label in (None, RATIONALE):
            kinds[index] = ITEM
            last_label = ITEM
    blocks: list[_Block] = []
    current: _Block | None = None
    target: list[str] | None = None
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind == ITEM:
            statement = line
            # "X was the original request. ..." split off its decision line by a paragraph break.
            prev = lines[index - 1] if index else ""
            if kinds[index - 1 if index else 0] == TEXT and "was the original request" in prev.lower():
                if target is not None and target and target[-1] == prev:
                    target.pop()
                statement = f"{prev} {line}"
            current = _Block(statement=statement)
            blocks.append(current)
            target = None
        elif current is None:
            continue
        elif kind == CA:
            target = current.ca
            target.append(line)
        elif kind == MX:
            target = current.mx
            target.append(line)
        elif kind == RATIONALE:
            target = current.rationale
            label = _RATIONALE.match(line)  # (anchored: what ``sub(count=1)`` would remove)
            target.append(line[label.end() :] if label else line)
        elif target is not None:
            target.append(line)
    return blocks


def parse_items(lines: list[str]) -> tuple[list[Treatment], list[str]]:
    """Treatments (without classification) and warnings from the issues section."""
    treatments: list[Treatment] = []
    warnings: list[str] = []
    for number, block in enumerate(_blocks(lines), start=1):
        body, decision, warning = split_statement(block.statement)
        request, original = split_original(body)
        if warning:
            warnings.append(f"item {number}: {warning}")
        if not block.rationale:
            warnings.append(f"item {number}: no decision rationale")
        guidelines = parse_guidelines(" ".join(block.ca), CLAIMS_ADMINISTRATOR) if block.ca else []
        if block.mx:
            guidelines.extend(parse_guidelines(" ".join(block.mx), MAXIMUS))
        treatments.append(
            Treatment(
                request=" ".join(request.split()),
                decision=decision,
                original_request=" ".join(original.split()) if original else None,
                guidelines=guidelines,
                rationale=join_paragraphs(part for part in block.rationale if part).strip(),
            )
        )
    return treatments, warnings
