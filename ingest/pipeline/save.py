"""Step 5, save: the one writer of parsed letters, a chunk at a time, in one transaction it owns.

For each letter of the chunk, in order, `deduplicate.decide` says new, duplicate, a newer or an
older version of a stored case, from what is stored (a few lookups for the whole chunk) and what
the chunk itself saved before it (the same letter twice in one chunk is a duplicate of the
first). New letters are written with hand-written bulk INSERTs, the records with one UPDATE run.
A newer version replaces the letter shown and the version it replaces is kept; an older one is
kept and never shown (ingest.versions). A unique-constraint race with another worker, or a
letter another writer changed since it was read, rolls the chunk back and decides again. The
ids of the letters created or changed go to `ingest.signals.letters_changed`, sent on commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass, field

import psycopg
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ingest import versions
from ingest.models import IngestRecord, Letter, LetterVersion, Treatment
from ingest.parsing.result import ParsedLetter
from ingest.pipeline.deduplicate import Identity, Kept, Known, Match, Stored, Verdict, decide
from ingest.pipeline.rows import build_treatments, fill_letter
from ingest.records import Action
from ingest.signals import announce, letters_changed
from ingest.updates import update_each

__all__ = ["Item", "Recorded", "announce", "save_chunk"]  # announce: ingest.signals', imported from here too

log = logging.getLogger(__name__)
Outcome = IngestRecord.Outcome
ATTEMPTS = 3  # a chunk decided again after losing a unique-constraint race, at most this often
# The record fields _update_records writes (each row is built from these fields' attnames).
_RECORD_FIELDS = ("outcome", "action", "letter", "reason", "kind", "parse_ms", "total_ms", "finished_at")


@dataclass(slots=True)
class Item:
    """A record's parsed letter, ready to save."""

    record: IngestRecord
    parsed: ParsedLetter
    kind: str
    sha: str
    parse_ms: float

    @property
    def identity(self) -> Identity:
        parsed = self.parsed
        return Identity(parsed.fingerprint, parsed.case_number or None, parsed.decision_date)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What a record was finished with: saved (its letter created or updated) or a duplicate."""

    record_id: int
    outcome: str  # saved (waiting for the index) or duplicate
    letter_id: int


def save_chunk(items: list[Item], *, inline: bool = False) -> list[Recorded]:
    """Save every item; returns what was recorded (records another process finished are left out).

    `inline` goes with `letters_saved`: index in this process rather than queue a task.
    """
    if not items:
        return []
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic():
                chunk = _Chunk(items)
                chunk.save()
                letters_changed(sorted(chunk.changed), inline=inline)
            return chunk.saved
        except (IntegrityError, versions.Changed):
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _stored(letter: Letter, latest: int) -> Stored:
    return Stored(
        letter.pk, letter.public_id, letter.version, letter.decision_date, max(latest, letter.version)
    )


@dataclass
class _Chunk:
    items: list[Item]
    saved: list[Recorded] = field(default_factory=list)
    changed: set[int] = field(default_factory=set)  # letters created or updated: to index
    by_text: dict[str, Stored] = field(default_factory=dict)
    kept: dict[str, Kept] = field(default_factory=dict)  # kept versions, by fingerprint
    by_case: dict[str, Stored] = field(default_factory=dict)
    letters: dict[int, Letter] = field(default_factory=dict)  # saved by this chunk, by id
    creates: list[tuple[Item, Letter]] = field(default_factory=list)  # new letters not inserted yet
    creating: set[str] = field(default_factory=set)  # their fingerprints and case numbers
    finished: list[IngestRecord] = field(default_factory=list)

    def save(self) -> None:
        ids = [item.record.pk for item in self.items]
        pending = set(
            IngestRecord.objects.select_for_update()
            .filter(pk__in=ids, outcome=Outcome.PENDING)
            .values_list("pk", flat=True)
        )
        items = [item for item in self.items if item.record.pk in pending]
        self._look_up(items)
        now = timezone.now()
        for item in items:
            identity = item.identity
            if self._made_here(identity):
                self._insert()  # the chunk's own letters get their ids before one is matched
            self._act(item, decide(identity, self._known(identity)), now)
        self._insert()
        _update_records(self.finished)

    def _look_up(self, items: list[Item]) -> None:
        texts = {item.parsed.fingerprint for item in items}
        cases = {item.parsed.case_number for item in items if item.parsed.case_number}
        columns = ("pk", "case_number", "version", "decision_date")
        for letter in Letter.objects.filter(fingerprint__in=texts).only("fingerprint", *columns):
            self.by_text[letter.fingerprint] = _stored(letter, letter.version)
        kept = list(LetterVersion.objects.filter(fingerprint__in=texts).select_related("letter"))  # rare
        by_case = list(Letter.objects.filter(case_number__in=cases).only(*columns))
        known = {v.letter_id for v in kept} | {letter.pk for letter in by_case}
        latest = versions.latest_numbers(sorted(known)) if known else {}
        for version in kept:
            stored = _stored(version.letter, latest.get(version.letter_id, 0))
            self.kept[version.fingerprint] = Kept(stored, version.number)
        for letter in by_case:
            assert letter.case_number is not None
            self.by_case[letter.case_number] = _stored(letter, latest.get(letter.pk, 0))

    def _known(self, identity: Identity) -> Known:
        case = identity.case_number
        return Known(
            same_text=self.by_text.get(identity.fingerprint),
            kept=self.kept.get(identity.fingerprint),
            same_case=self.by_case.get(case) if case else None,
        )

    def _made_here(self, identity: Identity) -> bool:
        """Whether a letter of this chunk not inserted yet has this text or case number."""
        return identity.fingerprint in self.creating or identity.case_number in self.creating

    def _act(self, item: Item, match: Match, now: dt.datetime) -> None:
        if match.verdict is Verdict.NEW:
            letter = Letter()
            _fill(letter, item)
            self.creates.append((item, letter))
            self.creating.add(item.parsed.fingerprint)
            if item.parsed.case_number:
                self.creating.add(item.parsed.case_number)
            return
        stored = match.letter
        assert stored is not None
        if match.verdict is Verdict.UPDATE:
            letter = self._replace(stored, item, match)
            self._finish(item, now, Outcome.SAVED, letter.pk, Action.UPDATE, match.reason)
            return
        if match.verdict is Verdict.OLDER:
            self._keep(stored, item, match)
        # a duplicate, or an older version kept: recorded against the stored letter, which is unchanged
        action = Action.OLDER if match.verdict is Verdict.OLDER else None
        self._finish(item, now, Outcome.DUPLICATE, stored.letter_id, action, match.reason)

    def _replace(self, stored: Stored, item: Item, match: Match) -> Letter:
        """The item becomes the version shown (number `match.number`); the version it replaces is kept."""
        assert match.number is not None
        versions.check_unchanged(stored.letter_id, stored.version, stored.latest)
        letter = self.letters.get(stored.letter_id) or Letter.objects.get(pk=stored.letter_id)
        replaced = versions.keep_shown(letter, LetterVersion.Status.REPLACED)
        self.by_text.pop(letter.fingerprint, None)
        Treatment.objects.filter(letter=letter).delete()
        _fill(letter, item)
        letter.version = match.number
        letter.save()
        Treatment.objects.bulk_create(build_treatments(letter, item.parsed.treatments))
        self._remember(letter)
        self.kept[replaced.fingerprint] = Kept(_stored(letter, match.number), replaced.number)
        return letter

    def _keep(self, stored: Stored, item: Item, match: Match) -> None:
        """The item is older than the version shown: kept as version `match.number`, never shown."""
        assert match.number is not None
        versions.check_unchanged(stored.letter_id, stored.version, stored.latest)
        older = Letter(pk=stored.letter_id)
        _fill(older, item)
        treatments = build_treatments(older, item.parsed.treatments)
        versions.keep_parsed(older, treatments, number=match.number, record=item.record)
        now_known = dataclasses.replace(stored, latest=match.number)
        self.kept[item.parsed.fingerprint] = Kept(now_known, match.number)
        if item.parsed.case_number:
            self.by_case[item.parsed.case_number] = now_known

    def _insert(self) -> None:
        """Insert the new letters decided so far, then their treatments, and finish their records."""
        if not self.creates:
            return
        _insert_letters([letter for _, letter in self.creates])
        rows: list[Treatment] = []
        for item, letter in self.creates:
            rows += build_treatments(letter, item.parsed.treatments)
        _insert_treatments(rows)
        now = timezone.now()
        for item, letter in self.creates:
            self._remember(letter)
            self._finish(item, now, Outcome.SAVED, letter.pk, Action.CREATE, "")
        self.creates, self.creating = [], set()

    def _remember(self, letter: Letter) -> None:
        stored = _stored(letter, letter.version)  # created, or its newest version just written
        self.letters[letter.pk] = letter
        self.changed.add(letter.pk)
        self.by_text[letter.fingerprint] = stored
        if letter.case_number:
            self.by_case[letter.case_number] = stored

    def _finish(
        self, item: Item, now: dt.datetime, outcome: str, letter_id: int, action: Action | None, reason: str
    ) -> None:
        record = item.record
        record.outcome, record.letter_id, record.reason = outcome, letter_id, reason
        record.action = action.value if action else ""
        record.kind, record.parse_ms, record.finished_at = item.kind, item.parse_ms, now
        record.total_ms = (now - record.started_at).total_seconds() * 1000 if record.started_at else None
        self.finished.append(record)
        self.saved.append(Recorded(record.pk, outcome, letter_id))


def _fill(letter: Letter, item: Item) -> None:
    fill_letter(letter, item.parsed, content_sha256=item.sha, source_name=item.record.name)
    if item.record.stored_file:
        letter.original_file.name = item.record.stored_file.name


# The chunk's three bulk writes, in hand-written SQL: the save stage alone (bench_ingest.py --save-only)
# took 0.30 ms per letter so, 0.47 with bulk_create for the inserts, 1.59 with bulk_update too (its
# CASE expressions). Each writes what the ORM would: every field's pre_save and database value.
_PLAIN = (models.CharField, models.TextField, models.IntegerField)  # values the driver takes as they are
_MAX_PARAMETERS = 65_535  # of a statement whose values are sent apart (the protocol counts them in 16 bits)


def _insert_letters(letters: list[Letter]) -> None:
    """Multi-row INSERT ... RETURNING id; the letters get their primary keys, in order.

    Sent with PostgreSQL's own placeholders ($1, $2, ...) through psycopg's RawCursor: the driver
    sends the parameters apart and does not scan the statement for `%s`, which for a hundred
    letters (about 3,000 placeholders, too long for its cache) was most of this function's time.
    """
    if not letters:
        return
    connection = transaction.get_connection()
    fields = [f for f in Letter._meta.concrete_fields if not f.primary_key]
    plain = [isinstance(f, _PLAIN) and not f.choices and not f.is_relation for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    size = _MAX_PARAMETERS // len(fields)
    for start in range(0, len(letters), size):
        batch = letters[start : start + size]
        params: list[object] = []
        for letter in batch:
            for f, as_is in zip(fields, plain, strict=True):
                value = getattr(letter, f.attname) if as_is else f.pre_save(letter, True)
                params.append(value if as_is else f.get_db_prep_save(value, connection))
        width = len(fields)
        rows = ", ".join(
            "(" + ", ".join(f"${n * width + i + 1}" for i in range(width)) + ")" for n in range(len(batch))
        )
        sql = (
            f"INSERT INTO {quote(Letter._meta.db_table)} ({columns}) VALUES {rows} "
            f"RETURNING {quote(Letter._meta.pk.column)}"
        )
        # Django's own cursor binds on the client; its error mapping (IntegrityError on a race) is kept
        with connection.wrap_database_errors, psycopg.RawCursor(connection.connection) as cursor:
            cursor.execute(sql, params)
            ids = [found[0] for found in cursor.fetchall()]
        for letter, pk in zip(batch, ids, strict=True):
            letter.pk = pk
            letter._state.adding = False
            letter._state.db = connection.alias


def _insert_treatments(rows: list[Treatment]) -> None:
    """One prepared INSERT run for every row (their ids are not needed); JSON adapted as the field does."""
    if not rows:
        return
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    fields = [f for f in Treatment._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    params = []
    for treatment in rows:
        values = [getattr(treatment, f.attname) for f in fields]
        for i in json_at:
            values[i] = fields[i].get_db_prep_save(values[i], connection)
        params.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(Treatment._meta.db_table)} ({columns}) VALUES ({marks})", params
        )


def _update_records(records: list[IngestRecord]) -> None:
    update_each(records, _RECORD_FIELDS)
