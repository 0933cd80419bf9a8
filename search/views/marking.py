"""The engine's marked letter text laid out for the letter page: paragraphs, and each <mark> numbered."""

from __future__ import annotations

import re

from django.utils.safestring import SafeString, mark_safe

_MARK_OPEN = re.compile(r"<mark\b[^>]*>")


class HitCounter:
    """Gives each <mark> of the page, in document order, an id ``hit-N``."""

    def __init__(self) -> None:
        self.count = 0

    def number(self, html: str) -> SafeString:
        def repl(_: re.Match[str]) -> str:
            self.count += 1
            return f'<mark class="term-hit" id="hit-{self.count}">'

        return mark_safe(_MARK_OPEN.sub(repl, html))


def paragraphs(html: str) -> SafeString:
    """Safe HTML (escaped text with marks) as <p> paragraphs; single newlines become <br>."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", html) if b.strip()]
    return mark_safe("".join(f"<p>{b.replace(chr(10), '<br>')}</p>" for b in blocks))
