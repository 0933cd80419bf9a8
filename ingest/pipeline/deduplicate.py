"""Step 4, deduplicate: is this letter new, a duplicate, a new version of a known case, or older than it?

One pure function, `decide`: no database, no clock. The writer (ingest.pipeline.save) looks up
what is known about the letter's text and case number and acts on the verdict in the
transaction that saves, so the answer still holds when it is acted on.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Verdict(enum.StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"  # this text is stored (or was, before a newer version replaced it)
    UPDATE = "update"  # a new version of a stored case: it replaces the stored text
    OLDER = "older"  # a version of a stored case decided before the stored one: never replaces it


@dataclass(frozen=True, slots=True)
class Identity:
    """What identifies a parsed letter: the fingerprint of its normalized text and its case number."""

    fingerprint: str
    case_number: str | None
    decision_date: dt.date | None


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored letter, as the decision needs it."""

    letter_id: int
    public_id: str
    version: int
    decision_date: dt.date | None


@dataclass(frozen=True, slots=True)
class Superseded:
    """A stored letter whose version `version` had the parsed letter's text before a newer one replaced it."""

    letter: Stored
    version: int


@dataclass(frozen=True, slots=True)
class Known:
    same_text: Stored | None = None  # the stored letter with this fingerprint
    superseded: Superseded | None = None  # a replaced version with this fingerprint
    same_case: Stored | None = None  # the stored letter with this case number


@dataclass(frozen=True, slots=True)
class Match:
    """The answer of `decide`: the verdict and the stored letter it was matched with."""

    verdict: Verdict
    letter: Stored | None  # the stored letter it matched (None for a new letter)
    reason: str  # kept on the record


def decide(identity: Identity, known: Known) -> Match:
    """The one duplicate / update decision of ingestion."""
    if known.same_text is not None:
        same = known.same_text
        return Match(Verdict.DUPLICATE, same, f"same text as {same.public_id} (version {same.version})")
    if known.superseded is not None:
        old = known.superseded
        reason = f"an older version (v{old.version}) of {old.letter.public_id}, already replaced"
        return Match(Verdict.DUPLICATE, old.letter, reason)
    stored = known.same_case
    if stored is None or not identity.case_number:
        return Match(Verdict.NEW, None, "")
    if _decided_before(identity.decision_date, stored.decision_date):
        reason = (
            f"older than the stored version: decided {identity.decision_date}, "
            f"{stored.public_id} v{stored.version} was decided {stored.decision_date}"
        )
        return Match(Verdict.OLDER, stored, reason)
    return Match(Verdict.UPDATE, stored, f"new version of {stored.public_id}: v{stored.version + 1}")


def _decided_before(incoming: dt.date | None, stored: dt.date | None) -> bool:
    """Only two known dates can say a letter is older; without one, a new text of the case replaces it."""
    return incoming is not None and stored is not None and incoming < stored
