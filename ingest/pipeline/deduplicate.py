"""Step 4, deduplicate: is this letter new, a duplicate, or a new version of a known case?

Identity is the fingerprint (sha256 of the normalized text) and the case number.
Call inside the transaction that saves, so the answer still holds when it is acted on.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ingest.models import Letter, SupersededVersion
from ingest.parsing.result import ParsedLetter


class Action(enum.StrEnum):
    CREATE = "created"
    UPDATE = "updated"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Match:
    action: Action
    letter: Letter | None = None
    note: str = ""


def find_match(parsed: ParsedLetter) -> Match:
    same = Letter.objects.filter(fingerprint=parsed.fingerprint).first()
    if same is not None:
        return Match(Action.DUPLICATE, same, f"same text as {same.public_id} (version {same.version})")
    old = SupersededVersion.objects.select_related("letter").filter(fingerprint=parsed.fingerprint).first()
    if old is not None:
        note = f"an older version (v{old.version}) of {old.letter.public_id}, already replaced"
        return Match(Action.DUPLICATE, old.letter, note)
    if parsed.case_number:
        known = Letter.objects.filter(case_number=parsed.case_number).first()
        if known is not None:
            return Match(Action.UPDATE, known, f"new version of {known.public_id}: v{known.version + 1}")
    return Match(Action.CREATE)
