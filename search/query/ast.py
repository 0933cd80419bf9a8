"""Nodes of a parsed query. Immutable, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["words", "sentence", "paragraph"]


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Prefix:
    """A word with a trailing ``*`` (or inner ``*``/``?`` wildcards)."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class Near:
    """``a w/5 b`` (unordered within 5 words), ``a pre/5 b`` (ordered), ``a /s b``, ``a /p b``."""

    left: Node
    right: Node
    distance: int
    unit: Unit = "words"
    ordered: bool = False


Node = Term | Phrase | Prefix | And | Or | Not | Near
Leaf = Term | Phrase | Prefix


def with_field(node: Node, field: str) -> Node:
    """Apply ``field:`` to every leaf that has no field of its own."""
    if isinstance(node, Term | Phrase | Prefix):
        return node if node.field else type(node)(node.text, field)
    if isinstance(node, And):
        return And(tuple(with_field(c, field) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(with_field(c, field) for c in node.children))
    if isinstance(node, Not):
        return Not(with_field(node.child, field))
    return Near(
        with_field(node.left, field), with_field(node.right, field), node.distance, node.unit, node.ordered
    )


def leaves(node: Node) -> list[Leaf]:
    if isinstance(node, Term | Phrase | Prefix):
        return [node]
    if isinstance(node, And | Or):
        return [leaf for c in node.children for leaf in leaves(c)]
    if isinstance(node, Not):
        return leaves(node.child)
    return leaves(node.left) + leaves(node.right)


def excludes(node: Node) -> bool:
    """Whether ``node`` holds a negation anywhere (``-word``, ``NOT word``)."""
    if isinstance(node, Not):
        return True
    if isinstance(node, And | Or):
        return any(excludes(c) for c in node.children)
    if isinstance(node, Near):
        return excludes(node.left) or excludes(node.right)
    return False


def positive_leaves(node: Node) -> list[Leaf]:
    """Leaves that are not under a negation (what to highlight and suggest for)."""
    if isinstance(node, Not):
        return []
    if isinstance(node, Term | Phrase | Prefix):
        return [node]
    if isinstance(node, And | Or):
        return [leaf for c in node.children for leaf in positive_leaves(c)]
    return positive_leaves(node.left) + positive_leaves(node.right)
