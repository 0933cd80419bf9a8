"""The words of a proximity search as the index holds them: for the interval rules that search
them (``search.query.proximity``) and the span queries that mark them (``search.highlight_spans``).

Both name index terms, not words: "medically" is indexed as "medical", and "PT" also matches
"physical therapy" (a synonym). The engine's ``_analyze`` gives a word's terms with their
positions; a synonym makes a graph, read here stretch by stretch (``Graph``): each stretch one word,
or the alternative term sequences of a synonym (``Path``), and a word is one path of each stretch,
in order. Words alone (``Term``) are analyzed as the search analyzes them (stemmed, with the
synonyms); phrases as the index holds them (stemmed, no synonyms).

Read by stretch, the alternatives of a text holding several synonyms ("norco/lortab", twenty forms
each) are listed as their sum (40), not their product (400), so a rule or a span query grows with
the words, never with their combinations. ``MAX_PATHS`` bounds the alternatives of one stretch; it
is above the vocabulary's largest group (twenty forms of hydrocodone and its brands today; a test
keeps it above), so a word never loses one of its forms, the one typed included (the engine lists
it last); a stretch that reaches it is too large to search (``search.query.proximity``).

``requests(node)`` lists what to analyze, ``read`` turns the engine's answers into an ``Analysis``.
Without them (``Analysis()``), the search lets the engine analyze each word itself (``known``:
None); for the highlighter a word stands for itself, lowercased and without accents, and the
spans are put on the unstemmed ``.exact`` sub-fields (``search.highlight_clauses``): a phrase is
then found as the search finds it, a word only as typed ("spasm", not "spasms"; "pt", not
"physical therapy").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from search.indexes import ENGLISH, ENGLISH_SEARCH
from search.query.ast import And, Near, Node, Not, Or, Phrase, Term, positive_leaves

Path = tuple[str, ...]  # index terms at consecutive positions
Stretch = tuple[Path, ...]  # the alternative term sequences through a stretch of positions
Graph = tuple[Stretch, ...]  # a text's stretches in order: one path of each is one reading of it
Request = tuple[str, str]  # (analyzer, text)
MAX_PATHS = 64  # alternatives of one stretch kept for its span: more than the largest synonym group
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Analysis:
    """Index terms of the words under proximity operators, by (analyzer, text); None: not analyzed."""

    found: Mapping[Request, Graph] | None = None

    @property
    def analyzed(self) -> bool:
        return self.found is not None

    def known(self, leaf: Term | Phrase) -> Graph | None:
        """The index terms of ``leaf``, stretch by stretch, as the engine gave them; None: not asked."""
        return (self.found or {}).get(request(leaf))

    def graph(self, leaf: Term | Phrase) -> Graph:
        """The index terms of ``leaf``, stretch by stretch (the words themselves when not analyzed)."""
        known = self.known(leaf)
        if known is not None:
            return known
        words = tuple(_fold(w) for w in _WORD.findall(leaf.text))
        return ((words,),) if words else ()


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
    return Analysis({key: graph(answer.get("tokens") or []) for key, answer in answers.items()})


def analyze(node: Node | None, send: Callable[[str, str], Mapping[str, Any]]) -> Analysis:
    """Analyze the proximity words of ``node``; ``send(analyzer, text)`` is one ``_analyze`` call."""
    return read({(analyzer, text): send(analyzer, text) for analyzer, text in requests(node)})


def graph(tokens: list[Mapping[str, Any]]) -> Graph:
    """A token graph as its stretches, from its first position to its last.

    A token stands at ``position`` and spans ``positionLength`` positions (1 when absent): a
    multi-word synonym ("pt" for "physical therapy") spans the positions of the words it replaces.
    The graph is cut at each position no token spans over; next stretches of one path each are
    joined ("l4-5": one stretch, "l4" then "5").
    """
    starts: dict[int, list[tuple[str, int]]] = {}
    for token in tokens:
        position = int(token["position"])
        length = int(token.get("positionLength") or 1)
        starts.setdefault(position, []).append((str(token["token"]), position + length))
    if not starts:
        return ()
    ends = [following for after in starts.values() for _, following in after]
    inside = {
        p
        for position, after in starts.items()
        for _, following in after
        for p in range(position + 1, following)
    }
    cuts = sorted({*starts, max(ends)} - inside)
    out: list[Stretch] = []
    for stretch in (_paths(starts, start, stop) for start, stop in itertools.pairwise(cuts)):
        if out and len(out[-1]) == 1 and len(stretch) == 1:
            out[-1] = ((*out[-1][0], *stretch[0]),)
        else:
            out.append(stretch)
    return tuple(out)


def _paths(starts: Mapping[int, list[tuple[str, int]]], start: int, stop: int) -> Stretch:
    """The term sequences from ``start`` to ``stop`` (no token spans over either), at most ``MAX_PATHS``."""
    found: dict[Path, None] = {}
    stack: list[tuple[int, Path]] = [(start, ())]
    while stack and len(found) < MAX_PATHS:
        position, path = stack.pop()
        if position == stop:
            found.setdefault(path, None)
            continue
        for term, following in reversed(starts.get(position, [])):
            stack.append((following, (*path, term)))
    if not found:  # positions left out (no graph through them): the terms in order
        return (tuple(starts[p][0][0] for p in sorted(starts) if start <= p < stop),)
    return tuple(found)


def _nears(node: Node | None) -> list[Near]:
    """The outermost proximity nodes of ``node`` (a proximity node holds any inner one), negated
    ones included: never marked, but searched."""
    if node is None or isinstance(node, Term | Phrase):
        return []
    if isinstance(node, Near):
        return [node]
    if isinstance(node, And | Or):
        return [near for child in node.children for near in _nears(child)]
    if isinstance(node, Not):
        return _nears(node.child)
    return []  # a prefix


def _fold(word: str) -> str:
    """``word`` lowercased without accents, as the analyzers fold it."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
