"""Query box text to tokens. Total: any string gives a token list and messages, never an exception."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from search.query.ast import Unit
from search.query.cases import normalize as case_number

Kind = Literal["LPAREN", "RPAREN", "PHRASE", "OR", "AND", "NOT", "MINUS", "NEAR", "FIELD", "WORD"]

FIELDS: dict[str, str] = {
    "treatment": "treatment",
    "treatments": "treatment",
    "request": "treatment",
    "rationale": "rationale",
    "summary": "summary",
    "guideline": "guideline",
    "guidelines": "guideline",
    "drug": "drug",
    "drugs": "drug",
    "medication": "drug",
    "region": "region",
    "regions": "region",
    "body_region": "region",
    "case": "case",
    "case_number": "case",
}

_NEAR = re.compile(r"^(?:(w|near|pre)?/(\d{1,4}|s|p)|(w|near|pre)/(seg|sent|sentence|para|paragraph))$", re.I)
_FIELD = re.compile(r"^([A-Za-z_]{1,30}):(.*)$", re.S)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02"), '"')
_APOSTROPHES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'")
_WORD_STRIP = ",;.!?:'`~^=<>{}[]\\"


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str = ""
    distance: int = 0
    unit: Unit = "words"
    ordered: bool = False


def clean(text: str) -> str:
    """NFKC, typographic quotes and dashes to ASCII, control and format characters out."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES).translate(_APOSTROPHES)
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp", "Zs") and ch not in "\n":
            out.append(" ")
        elif cat in ("Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def _near(raw: str) -> Token | None:
    m = _NEAR.match(raw)
    if not m:
        return None
    op = (m.group(1) or m.group(3) or "w").lower()
    arg = (m.group(2) or m.group(4)).lower()
    ordered = op == "pre"
    if arg in ("s", "seg", "sent", "sentence"):
        return Token("NEAR", raw, 0, "sentence", ordered)
    if arg in ("p", "para", "paragraph"):
        return Token("NEAR", raw, 0, "paragraph", ordered)
    return Token("NEAR", raw, max(0, min(int(arg), 100)), "words", ordered)


def _classify(raw: str, messages: list[str]) -> list[Token]:
    if raw in ("OR", "|", "||"):
        return [Token("OR", raw)]
    if raw in ("AND", "&", "&&"):
        return [Token("AND", raw)]
    if raw == "NOT":
        return [Token("NOT", raw)]
    near = _near(raw)
    if near:
        return [near]
    m = _FIELD.match(raw)
    if m and not raw.lower().startswith(("http:", "https:")):
        name, rest = m.group(1).lower(), m.group(2)
        tokens: list[Token] = []
        if name in FIELDS:
            tokens.append(Token("FIELD", FIELDS[name]))
        else:
            messages.append(f'"{m.group(1)}:" is not a search field; searched it as a word.')
            tokens += _word(m.group(1))
        if rest:
            tokens += _classify(rest, messages)
        return tokens
    return _word(raw)


def _word(raw: str) -> list[Token]:
    word = raw.strip(_WORD_STRIP)
    return [Token("WORD", word)] if word and any(ch.isalnum() for ch in word) else []


def tokenize(text: str) -> tuple[list[Token], list[str]]:
    """Tokens and messages (unbalanced quotes are closed at the end)."""
    messages: list[str] = []
    tokens: list[Token] = []
    text = clean(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            tokens.append(Token("LPAREN"))
            i += 1
        elif ch == ")":
            tokens.append(Token("RPAREN"))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                messages.append("A quotation mark was not closed; the phrase runs to the end of the query.")
                end = n
            phrase = " ".join(text[i + 1 : end].split())
            if any(c.isalnum() for c in phrase):
                tokens.append(Token("PHRASE", phrase))
            i = end + 1
        elif ch in "-+!" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in ")":
            if ch != "+":
                tokens.append(Token("MINUS"))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            raw = text[i:j]
            i = j
            if raw in ("-", "+", "!"):
                messages.append(f'A lone "{raw}" was ignored.')
                continue
            tokens += _classify(raw, messages)
    return _case_numbers(tokens), messages


def _case_numbers(tokens: list[Token]) -> list[Token]:
    """A case number typed in any form becomes one word in its canonical form: ``CM17 0004738``
    (two words), ``cm170004738``, ``17-0004738`` or ``"CM17-0004738"`` all become ``CM17-0004738``.
    Not after a field other than ``case:``, where it is that field's text."""
    out: list[Token] = []
    for tok in tokens:
        if tok.kind in ("WORD", "PHRASE") and _free(out):
            joined = case_number(f"{out[-1].text} {tok.text}") if out and out[-1].kind == "WORD" else None
            if joined and _free(out[:-1]):
                out[-1] = Token("WORD", joined)
                continue
            canonical = case_number(tok.text)
            if canonical:
                tok = Token("WORD", canonical)
        out.append(tok)
    return out


def _free(before: list[Token]) -> bool:
    """Whether a word after these tokens may be a case number: not the text of another field."""
    return not before or before[-1].kind != "FIELD" or before[-1].text == "case"
