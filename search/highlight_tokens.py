"""The words of a proximity search as the index holds them, for marking the spans that satisfy it.

A span query (``search.highlight_spans``) names index terms, not words: "medically" is indexed as
"medical", and "PT" also matches "physical therapy" (a synonym). The engine's ``_analyze`` gives a
word's terms with their positions; a synonym makes a graph, read here as alternative term
sequences (``Path``). Words alone (``Term``) are analyzed as the search analyzes them (stemmed,
with the synonyms); phrases as the index holds them (stemmed, no synonyms).

``requests(node)`` lists what to analyze, ``read`` turns the engine's answers into an ``Analysis``.
Without them (``Analysis()``), a word stands for itself, lowercased and without accents, and the
spans are put on the unstemmed ``.exact`` sub-fields (``search.highlight_clauses``): a phrase is
then found as the search finds it, a word only as typed ("spasm", not "spasms"; "pt", not
"physical therapy").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from search.indexes import ENGLISH, ENGLISH_SEARCH
from search.query.ast import And, Near, Node, Or, Phrase, Term, positive_leaves

Path = tuple[str, ...]  # index terms at consecutive positions
Request = tuple[str, str]  # (analyzer, text)
MAX_PATHS = 16  # alternatives of one word (synonyms) kept for its span
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Analysis:
    """Index terms of the words under proximity operators, by (analyzer, text); None: not analyzed."""

    found: Mapping[Request, tuple[Path, ...]] | None = None

    @property
    def analyzed(self) -> bool:
        return self.found is not None

    def paths(self, leaf: Term | Phrase) -> tuple[Path, ...]:
        """The alternative term sequences of ``leaf`` (the word itself when it was not analyzed)."""
        known = (self.found or {}).get(request(leaf))
        if known is not None:
            return known
        words = tuple(_fold(w) for w in _WORD.findall(leaf.text))
        return (words,) if words else ()


def request(leaf: Term | Phrase) -> Request:
    """How ``leaf`` is analyzed: a word as the search analyzes it, a phrase as the index holds it."""
    return (ENGLISH_SEARCH if isinstance(leaf, Term) else ENGLISH, leaf.text)


def requests(node: Node | None) -> list[Request]:
    """What to analyze: the words and phrases under a proximity operator, each once."""
    found: dict[Request, None] = {}
    for near in _nears(node):
        for leaf in positive_leaves(near):
            if isinstance(leaf, Term | Phrase):
                found.setdefault(request(leaf), None)
    return list(found)


def read(answers: Mapping[Request, Mapping[str, Any]]) -> Analysis:
    """An ``Analysis`` from the engine's ``_analyze`` answers, by request."""
    return Analysis({key: paths(answer.get("tokens") or []) for key, answer in answers.items()})


def analyze(node: Node | None, send: Callable[[str, str], Mapping[str, Any]]) -> Analysis:
    """Analyze the proximity words of ``node``; ``send(analyzer, text)`` is one ``_analyze`` call."""
    return read({(analyzer, text): send(analyzer, text) for analyzer, text in requests(node)})


def paths(tokens: list[Mapping[str, Any]]) -> tuple[Path, ...]:
    """The term sequences through a token graph, from its first position to its last.

    A token stands at ``position`` and spans ``positionLength`` positions (1 when absent): a
    multi-word synonym ("pt" for "physical therapy") spans the positions of the words it replaces.
    """
    starts: dict[int, list[tuple[str, int]]] = {}
    end = 0
    for token in tokens:
        position = int(token["position"])
        length = int(token.get("positionLength") or 1)
        starts.setdefault(position, []).append((str(token["token"]), position + length))
        end = max(end, position + length)
    if not starts:
        return ()
    found: dict[Path, None] = {}
    stack: list[tuple[int, Path]] = [(min(starts), ())]
    while stack and len(found) < MAX_PATHS:
        position, path = stack.pop()
        if position == end:
            found.setdefault(path, None)
            continue
        for term, following in reversed(starts.get(position, [])):
            stack.append((following, (*path, term)))
    if not found:  # positions left out (no graph through them): the terms in order
        return (tuple(term for position in sorted(starts) for term, _ in starts[position][:1]),)
    return tuple(found)


def _nears(node: Node | None) -> list[Near]:
    """The outermost proximity nodes of ``node`` (a proximity node holds any inner one)."""
    if node is None or isinstance(node, Term | Phrase):
        return []
    if isinstance(node, Near):
        return [node]
    if isinstance(node, And | Or):
        return [near for child in node.children for near in _nears(child)]
    return []  # a negation (never marked) or a prefix


def _fold(word: str) -> str:
    """``word`` lowercased without accents, as the analyzers fold it."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
