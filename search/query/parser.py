"""Tokens to a query tree. Tolerant: stray operators and parentheses are dropped with a message."""

from __future__ import annotations

from search.query.ast import And, Near, Node, Not, Or, Phrase, Prefix, Term, with_field
from search.query.lexer import Token, tokenize

MAX_DEPTH = 12


class _Parser:
    def __init__(self, tokens: list[Token], messages: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.messages = messages

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def note(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    def parse(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() is not None:
            node = self.parse_or()
            if node is not None:
                parts.append(node)
            tok = self.peek()
            if tok is not None and tok.kind == "RPAREN":
                self.take()
                self.note("A closing parenthesis had no opening one and was ignored.")
        return _and(parts)

    def parse_or(self) -> Node | None:
        options: list[Node] = []
        first = self.parse_and()
        if first is not None:
            options.append(first)
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            nxt = self.parse_and()
            if nxt is None or not options:
                self.note('"OR" needs a term on each side; the lone one was ignored.')
            if nxt is not None:
                options.append(nxt)
        if len(options) > 1:
            return Or(tuple(options))
        return options[0] if options else None

    def parse_and(self) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RPAREN"):
            if tok.kind == "AND":
                self.take()
                if not parts:
                    self.note('"AND" needs a term on each side; the lone one was ignored.')
                continue
            node = self.parse_unary()
            if node is not None:
                parts.append(node)
        return _and(parts)

    def parse_unary(self) -> Node | None:
        negate = False
        while (tok := self.peek()) is not None and tok.kind in ("MINUS", "NOT"):
            self.take()
            negate = not negate
        node = self.parse_near()
        if node is None:
            if negate:
                self.note("An exclusion (-word or NOT) had nothing to exclude and was ignored.")
            return None
        return Not(node) if negate else node

    def parse_near(self) -> Node | None:
        left = self.parse_atom()
        while (tok := self.peek()) is not None and tok.kind == "NEAR":
            self.take()
            right = self.parse_atom()
            if left is None or right is None:
                self.note(f'"{tok.text}" needs a term on each side; it was ignored.')
                left = left or right
                continue
            if isinstance(left, Not) or isinstance(right, Not):
                self.note(
                    f'An exclusion cannot be used with "{tok.text}"; it was searched as separate terms.'
                )
                left = _and([left, right])
                continue
            left = Near(left, right, tok.distance, tok.unit, tok.ordered)
        return left

    def parse_atom(self) -> Node | None:
        tok = self.peek()
        if tok is None:
            return None
        if tok.kind == "FIELD":
            field = self.take().text
            while (nxt := self.peek()) is not None and nxt.kind == "FIELD":
                field = self.take().text
            nxt = self.peek()
            if nxt is None or nxt.kind not in ("WORD", "PHRASE", "LPAREN"):
                self.note(f'"{field}:" needs a word, a "phrase" or a group after it.')
                return None
            node = self.parse_atom()
            return with_field(node, field) if node is not None else None
        if tok.kind == "LPAREN":
            self.take()
            if self.depth >= MAX_DEPTH:
                self.note("Parentheses nested too deeply were flattened.")
                return None
            self.depth += 1
            inner = self.parse_or()
            self.depth -= 1
            nxt = self.peek()
            if nxt is not None and nxt.kind == "RPAREN":
                self.take()
            else:
                self.note("A parenthesis was not closed; it was closed at the end.")
            return inner
        if tok.kind == "PHRASE":
            self.take()
            return Phrase(tok.text)
        if tok.kind == "WORD":
            self.take()
            if "*" in tok.text or "?" in tok.text:
                return _wildcard(tok.text, self)
            return Term(tok.text)
        if tok.kind in ("OR", "AND", "NEAR"):
            self.take()
            self.note(f'"{tok.text or tok.kind}" needs a term on each side; the lone one was ignored.')
            return None
        return None  # RPAREN, MINUS, NOT are handled by the callers


def _wildcard(text: str, parser: _Parser) -> Node | None:
    stem = text.replace("?", "*").split("*", 1)[0]
    if sum(ch.isalnum() for ch in stem) < 3:
        parser.note(
            f'"{text}": a wildcard needs at least 3 letters before it; searched without the wildcard.'
        )
        word = text.replace("*", "").replace("?", "")
        return Term(word) if any(ch.isalnum() for ch in word) else None
    return Prefix(text)


def _and(parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def parse(text: str) -> tuple[Node | None, list[str]]:
    """A query tree (None when nothing searchable is left) and friendly messages."""
    tokens, messages = tokenize(text)
    parser = _Parser(tokens, messages)
    return parser.parse(), parser.messages


__all__ = ["parse"]
