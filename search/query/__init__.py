"""The query language of the search box, compiled to OpenSearch DSL without any I/O.

``compile_query(text, scope, analysis)`` never raises: bad input degrades to a best-effort query
and friendly messages; a proximity search whose words expand to more forms than the engine takes
is refused (``CompiledQuery.refused``). ``analysis``: the proximity words as the index holds them
(``search.query.analysis``, asked of the engine by ``search.engine``); without it the engine
analyzes them itself. The scope (``search.scopes``) says where words without a field
match a decision: its own text (the default), its request, or anywhere in its letter. Outside
the letter scope the query also carries its letter-scope form (``mention``): the letters whose
story mentions the words are listed, though none of their decisions matches.

Syntax: words (all must match), "exact phrases", OR, -exclusions (or NOT),
prefix*, parentheses, ``a w/5 b`` (within 5 words, any order), ``a pre/5 b``
(in order), ``a /s b`` (same sentence), ``a /p b`` (same passage: the same
request, rationale or summary), and fields ``treatment:``, ``rationale:``,
``summary:``, ``guideline:``, ``drug:``, ``region:``, ``case:``. A pasted list of
case numbers returns exactly those letters. Words mean the same with a field and
without: stemmed, with the search vocabulary's synonyms (search.indexes).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from search import scopes
from search.query.analysis import Analysis
from search.query.ast import And, Near, Node, Not, Or, Phrase, Prefix, Term, excludes, leaves, positive_leaves
from search.query.builder import split_top
from search.query.cases import CASE_NUMBER, MAX_CASE_NUMBERS, case_number_list
from search.query.fields import ANYWHERE
from search.query.matching import match_form, scored_form
from search.query.parser import parse
from search.query.proximity import NOT_ANALYZED, TooManyForms

log = logging.getLogger(__name__)

MAX_CHARS = 1000
MAX_LEAVES = 40
_WORDS = re.compile(r"\w+")
_CASE_ENTRY_CHARS = 20  # a pasted entry with its separators: "CM17-0004738",\r\n
TOO_MANY_FORMS = (
    "This search expands to too many word forms: the words of its proximity search (w/N, pre/N, "
    "/s, /p) have too many synonyms together. Narrow it: fewer words joined by / or -, or fewer "
    "alternatives."
)


@dataclass(frozen=True)
class CompiledQuery:
    """What the search service needs from the query box."""

    text: str = ""
    scope: str = scopes.DEFAULT.value
    treatment: dict[str, Any] | None = None  # runs inside the one nested query on treatments
    treatment_match: dict[str, Any] | None = None  # the same, matched on the combined field (no scores)
    letter: dict[str, Any] | None = None  # letter-level clause
    # The query in the letter scope, when that finds more letters (words without a field, outside
    # the letter scope): its treatment part (matching form) and its letter-level part.
    mention: dict[str, Any] | None = None
    mention_letter: dict[str, Any] | None = None
    # Every letter about the search also mentions it: in the decision scope a query without a
    # negation and without a field finds in the letter scope (more fields for each word: the
    # decision's own and its letter's story) every letter it finds in the decisions. The letters
    # found are then those that mention it, and the search is evaluated once to find them. (A
    # field can change where a proximity search runs, ``summary:fall w/5 back`` on the summary in
    # one scope and on the decisions in the other: not one within the other.)
    mention_covers: bool = False
    tree: Node | None = None  # the parsed query, limited, with the scope applied (what highlights mark)
    anywhere: Node | None = None  # the same in the letter scope, when it finds more letters
    case_numbers: tuple[str, ...] = ()  # a pasted list: exactly these letters
    messages: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # positive plain words, for spelling suggestions
    drug_words: tuple[str, ...] = ()  # words given to drug:
    plain: bool = False  # a positive word, phrase or prefix without a field: the search is about something
    refused: str = ""  # why the search cannot be run (it finds nothing rather than something else)

    @cached_property
    def treatment_scored(self) -> dict[str, Any] | None:
        """What ``treatment_match`` matches, scored by the per-field ``treatment`` clause."""
        return scored_form(self.treatment, self.treatment_match)

    @property
    def empty(self) -> bool:
        return self.treatment is None and self.letter is None and not self.case_numbers

    @property
    def mentions(self) -> bool:
        """Whether letters that only mention the words are listed too (below the others)."""
        return self.mention is not None or self.mention_letter is not None


# Where the scope sends words without a field (search.query.fields.TARGETS).
_SCOPE_FIELDS: dict[str, str | None] = {
    scopes.DECISION.value: None,
    scopes.REQUEST.value: "treatment",
    scopes.LETTER.value: ANYWHERE,
}


def compile_query(
    text: str | None, scope: str = scopes.DEFAULT.value, analysis: Analysis = NOT_ANALYZED
) -> CompiledQuery:
    text = text or ""
    scope = scopes.scope(scope).value
    try:
        return _compile(text, scope, analysis)
    except TooManyForms:
        return CompiledQuery(text=text, scope=scope, refused=TOO_MANY_FORMS)
    except Exception:  # the query box must never fail a search
        log.exception("query could not be compiled: %r", text[:200])
        words = _WORDS.findall(text[:MAX_CHARS])[:MAX_LEAVES]
        clause = (
            {
                "multi_match": {
                    "query": " ".join(words),
                    "fields": ["treatments.rationale", "treatments.request"],
                }
            }
            if words
            else None
        )
        return CompiledQuery(
            text=text,
            scope=scope,
            treatment=clause,
            messages=("The query could not be fully understood; its words were searched instead.",),
        )


def _compile(text: str, scope: str, analysis: Analysis) -> CompiledQuery:
    messages: list[str] = []
    read = _whole_entries(text, MAX_CASE_NUMBERS * _CASE_ENTRY_CHARS)
    cases = case_number_list(read)
    if cases and len(read) < len(text.rstrip()):
        messages.append(
            f"The list was read up to {cases[-1]}: at most {MAX_CASE_NUMBERS:,} case numbers are searched."
        )
    if cases:
        if len(cases) > MAX_CASE_NUMBERS:
            messages.append(f"Only the first {MAX_CASE_NUMBERS:,} case numbers were searched.")
            cases = cases[:MAX_CASE_NUMBERS]
        return CompiledQuery(text=text, scope=scope, case_numbers=tuple(cases), messages=tuple(messages))
    if len(text) > MAX_CHARS:
        messages.append(f"The query was shortened to its first {MAX_CHARS:,} characters.")
        text = text[:MAX_CHARS]
    node, parse_messages = parse(text)
    messages += parse_messages
    if node is None:
        if text.strip():
            messages.append("Nothing searchable was left in the query.")
        return CompiledQuery(text=text, scope=scope, messages=tuple(dict.fromkeys(messages)))
    node = _limit(node, messages)
    scoped = _scoped(node, _SCOPE_FIELDS[scope])
    treatment, letter = split_top(scoped, analysis)
    positive = positive_leaves(node)
    plain = any(leaf.field is None and not CASE_NUMBER.match(leaf.text) for leaf in positive)
    # Letters that only mention the words: none without a positive plain word (an exclusion alone
    # finds no more letters anywhere in the letter than in its decisions).
    anywhere = _scoped(node, ANYWHERE) if plain else scoped
    mention, mention_letter = split_top(anywhere, analysis) if anywhere != scoped else (None, None)
    words = tuple(
        dict.fromkeys(leaf.text for leaf in positive if isinstance(leaf, Term) and leaf.field is None)
    )
    drug = tuple(
        dict.fromkeys(leaf.text for leaf in positive if isinstance(leaf, Term) and leaf.field == "drug")
    )
    return CompiledQuery(
        text=text,
        scope=scope,
        treatment=treatment,
        treatment_match=match_form(treatment),
        letter=match_form(letter),  # its treatment parts (mixed scopes) match, as everywhere, on one field
        mention=match_form(mention),
        mention_letter=match_form(mention_letter),
        mention_covers=scope == scopes.DECISION.value
        and not excludes(node)
        and not any(leaf.field for leaf in leaves(node)),
        tree=scoped,
        anywhere=anywhere if anywhere != scoped else None,
        messages=tuple(dict.fromkeys(messages)),
        words=words,
        drug_words=drug,
        plain=plain,
    )


def _whole_entries(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a separator, so no pasted entry is cut in two."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(sep, 0, limit + 1) for sep in (" ", "\n", ",", ";", "\t", "|"))
    return text[: max(cut, 0)]


def _scoped(node: Node, field: str | None) -> Node:
    """``field`` on every leaf without one, except a case number (a whole letter in any scope)."""
    if field is None:
        return node
    if isinstance(node, Term | Phrase | Prefix):
        if node.field or (isinstance(node, Term) and CASE_NUMBER.match(node.text)):
            return node
        return type(node)(node.text, field)
    if isinstance(node, And | Or):
        return type(node)(tuple(_scoped(c, field) for c in node.children))
    if isinstance(node, Not):
        return Not(_scoped(node.child, field))
    return Near(_scoped(node.left, field), _scoped(node.right, field), node.distance, node.unit, node.ordered)


def _limit(node: Node, messages: list[str]) -> Node:
    """Keep the first MAX_LEAVES terms without changing what the kept part means."""
    if len(leaves(node)) <= MAX_LEAVES:
        return node
    messages.append(f"The query has too many terms; only the first {MAX_LEAVES} were used.")
    kept, _ = _truncate(node, MAX_LEAVES)
    if kept is None or not positive_leaves(kept):  # nothing left to match: the first positive terms
        first = positive_leaves(node)[:MAX_LEAVES]
        return first[0] if len(first) == 1 else And(tuple(first))
    return kept


def _truncate(node: Node, budget: int) -> tuple[Node | None, int]:
    """The node cut to at most `budget` leaves, same structure (an Or stays an Or); leaves used."""
    if isinstance(node, And | Or):
        kept: list[Node] = []
        used = 0
        for child in node.children:
            part, spent = _truncate(child, budget - used)
            if part is None:
                break
            kept.append(part)
            used += spent
        if not kept:
            return None, 0
        return (kept[0] if len(kept) == 1 else type(node)(tuple(kept))), used
    if isinstance(node, Not):
        negated, used = _truncate(node.child, budget)
        return (Not(negated), used) if negated is not None else (None, 0)
    size = len(leaves(node))
    if isinstance(node, Near) or size > 1:  # proximity needs both sides whole
        return (node, size) if size <= budget else (None, 0)
    return (node, 1) if budget >= 1 else (None, 0)


__all__ = ["NOT_ANALYZED", "TOO_MANY_FORMS", "Analysis", "CompiledQuery", "case_number_list", "compile_query"]
