"""Step 4, deduplicate: is this letter new, a duplicate, a newer version of a known case, or an older one?

One pure function, `decide`: no database, no clock. The writer (ingest.pipeline.save) looks up
what is known about the letter's text and case number and acts on the verdict in the
transaction that saves, so the answer still holds when it is acted on.

Which version of a case is shown is `shown_over`: the newest decision, by the letter's own
decision date, then by arrival. A version with a decision date is newer than one without (a
copy whose date could not be read never hides a dated decision), and between equal dates (or
two undated versions) the one that came in last is shown. Every other version is kept whole
(ingest.models.LetterVersion): nothing seen is lost, and with distinct dates the version shown
does not depend on the order in which the files came in.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Verdict(enum.StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"  # this text is stored: shown, or kept as another version
    UPDATE = "update"  # a newer version of a stored case: shown from now on, the one it replaces is kept
    OLDER = "older"  # a version of a stored case older than the one shown: kept, never shown


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
    version: int  # the number of the version shown
    decision_date: dt.date | None  # the shown version's
    latest: int  # the highest version number given to the letter (shown or kept)


@dataclass(frozen=True, slots=True)
class Kept:
    """A stored letter whose kept (not shown) version `number` has the parsed letter's text."""

    letter: Stored
    number: int


@dataclass(frozen=True, slots=True)
class Known:
    same_text: Stored | None = None  # the stored letter shown with this fingerprint
    kept: Kept | None = None  # a kept version with this fingerprint
    same_case: Stored | None = None  # the stored letter with this case number


@dataclass(frozen=True, slots=True)
class Match:
    """The answer of `decide`: the verdict, the stored letter it was matched with, the version it becomes."""

    verdict: Verdict
    letter: Stored | None  # the stored letter it matched (None for a new letter)
    reason: str  # kept on the record
    number: int | None = None  # its version number, for an update or an older version


def shown_over(incoming: dt.date | None, shown: dt.date | None) -> bool:
    """Whether a version decided on `incoming`, arriving now, is shown instead of one decided on `shown`."""
    if incoming is None or shown is None:
        return shown is None  # dated beats undated; two undated: the later arrival
    return incoming >= shown  # the later decision; the same day: the later arrival


def decide(identity: Identity, known: Known) -> Match:
    """The one duplicate / version decision of ingestion."""
    if known.same_text is not None:
        same = known.same_text
        return Match(Verdict.DUPLICATE, same, f"same text as {same.public_id} (version {same.version})")
    if known.kept is not None:
        kept = known.kept
        reason = f"same text as version {kept.number} of {kept.letter.public_id}, kept but not shown"
        return Match(Verdict.DUPLICATE, kept.letter, reason)
    stored = known.same_case
    if stored is None or not identity.case_number:
        return Match(Verdict.NEW, None, "")
    number = stored.latest + 1
    shown = f"version {stored.version}, decided {_day(stored.decision_date)}"
    if shown_over(identity.decision_date, stored.decision_date):
        reason = (
            f"new version {number} of {stored.public_id}, decided {_day(identity.decision_date)}: "
            f"shown instead of {shown}, which is kept"
        )
        return Match(Verdict.UPDATE, stored, reason, number)
    reason = (
        f"older version kept as version {number} of {stored.public_id}: decided "
        f"{_day(identity.decision_date)}, the version shown ({shown}) stays"
    )
    return Match(Verdict.OLDER, stored, reason, number)


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "on an unknown date"
