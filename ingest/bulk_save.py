"""The fast write path for a chunk of parsed letters: a few statements for the whole chunk.

New letters and plain duplicates are decided from three lookups and written with
bulk_create / bulk_update in one short transaction. Anything unusual (a new version
of a known case, two files of the chunk for the same letter, a unique-constraint
race with another worker) goes through `services.save_parsed` one by one instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.utils import timezone

from ingest import services
from ingest.models import IngestRecord, Letter, SupersededVersion, Treatment
from ingest.parsing.result import ParsedLetter
from ingest.pipeline.deduplicate import Action
from ingest.pipeline.index import attach_treatments
from ingest.pipeline.save import build_treatments, fill_letter

Outcome = IngestRecord.Outcome
_RECORD_COLUMNS = ("outcome", "action", "letter_id", "reason", "kind", "parse_ms", "total_ms", "finished_at")


@dataclass(slots=True)
class Item:
    record: IngestRecord
    parsed: ParsedLetter
    kind: str
    sha: str
    parse_ms: float


def save_chunk(items: list[Item]) -> list[services.Saved]:
    """Save every item; returns what was saved (records finished elsewhere are left out)."""
    if not items:
        return []
    try:
        with transaction.atomic():
            saved, deferred = _save_fast(items)
    except IntegrityError:
        saved, deferred = [], items  # another worker got there first: decide one by one
    for item in deferred:
        result = services.save_parsed(
            item.record.pk, item.parsed, kind=item.kind, content_sha256=item.sha, parse_ms=item.parse_ms
        )
        if result is not None:
            saved.append(result)
    return saved


def _save_fast(items: list[Item]) -> tuple[list[services.Saved], list[Item]]:
    ids = [item.record.pk for item in items]
    pending = set(
        IngestRecord.objects.select_for_update()
        .filter(pk__in=ids, outcome=Outcome.PENDING)
        .values_list("pk", flat=True)
    )
    items = [item for item in items if item.record.pk in pending]
    fingerprints = {item.parsed.fingerprint for item in items}
    cases = {item.parsed.case_number for item in items if item.parsed.case_number}
    same_text = dict(
        Letter.objects.filter(fingerprint__in=fingerprints).order_by().values_list("fingerprint", "pk")
    )
    old_text = dict(
        SupersededVersion.objects.filter(fingerprint__in=fingerprints)
        .order_by()
        .values_list("fingerprint", "letter_id")
    )
    known_cases = set(
        Letter.objects.filter(case_number__in=cases).order_by().values_list("case_number", flat=True)
    )
    now = timezone.now()
    creates: list[tuple[Item, Letter]] = []
    duplicates: list[tuple[Item, int]] = []
    deferred: list[Item] = []
    seen_text: set[str] = set()
    seen_case: set[str] = set()
    for item in items:
        fp, case = item.parsed.fingerprint, item.parsed.case_number
        if fp in same_text or fp in old_text:
            duplicates.append((item, same_text.get(fp) or old_text[fp]))
        elif fp in seen_text or (case and (case in known_cases or case in seen_case)):
            deferred.append(item)  # a new version, or the same letter twice in this chunk
        else:
            letter = Letter()
            fill_letter(letter, item.parsed, content_sha256=item.sha, source_name=item.record.name)
            if item.record.stored_file:
                letter.original_file.name = item.record.stored_file.name
            creates.append((item, letter))
        seen_text.add(fp)
        if case:
            seen_case.add(case)
    _insert_letters([letter for _, letter in creates])
    rows: list[Treatment] = []
    for item, letter in creates:
        built = build_treatments(letter, item.parsed.treatments)
        attach_treatments(letter, built)
        rows += built
    _insert_treatments(rows)
    updates = []
    for item, letter in creates:
        _finish(item, now, Outcome.SAVED, letter.pk, action=Action.CREATE.value)
        updates.append(item.record)
    for item, letter_id in duplicates:
        _finish(item, now, Outcome.DUPLICATE, letter_id, reason="same text as a letter already saved")
        updates.append(item.record)
    _update_records(updates)
    saved = [
        services.Saved(Outcome.SAVED, letter.pk, needs_index=True, letter=letter) for _, letter in creates
    ]
    saved += [services.Saved(Outcome.DUPLICATE, letter_id, needs_index=False) for _, letter_id in duplicates]
    return saved, deferred


_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField)


def _insert_letters(letters: list[Letter]) -> None:
    """Multi-row INSERT ... RETURNING id: what bulk_create writes (every field's ``pre_save`` and
    database value), without compiling each value through the ORM; primary keys set in order."""
    if not letters:
        return
    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs per attribute
    if not connection.features.can_return_rows_from_bulk_insert:
        Letter.objects.bulk_create(letters)
        return
    fields = [f for f in Letter._meta.concrete_fields if not f.primary_key]
    plain = [isinstance(f, _PLAIN_FIELDS) and not f.choices and not f.is_relation for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, connection.ops.bulk_batch_size(fields, letters))
    for start in range(0, len(letters), size):
        batch = letters[start : start + size]
        params: list = []
        for letter in batch:
            for field, simple in zip(fields, plain, strict=True):
                if simple:
                    params.append(getattr(letter, field.attname))
                else:
                    params.append(field.get_db_prep_save(field.pre_save(letter, True), connection))
        sql = (
            f"INSERT INTO {quote(Letter._meta.db_table)} ({columns}) VALUES "
            f"{', '.join([row_marks] * len(batch))} RETURNING {quote(Letter._meta.pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        for letter, pk in zip(batch, ids, strict=True):
            letter.pk = pk
            letter._state.adding = False
            letter._state.db = connection.alias


def _insert_treatments(rows: list[Treatment]) -> None:
    """One prepared INSERT executed for every row: what bulk_create writes, without its per-value
    compilation (the rows' ids are not needed). JSON columns are adapted as the field would."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    fields = [f for f in Treatment._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    attnames = [f.attname for f in fields]
    params = []
    for row in rows:
        values = [getattr(row, name) for name in attnames]
        for i in json_at:
            values[i] = fields[i].get_db_prep_save(values[i], connection)
        params.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(Treatment._meta.db_table)} ({columns}) VALUES ({marks})", params
        )


def _update_records(records: list[IngestRecord]) -> None:
    """One prepared UPDATE executed for many rows (bulk_update's CASE expressions are slow to build)."""
    if not records:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    table = quote(IngestRecord._meta.db_table)
    sets = ", ".join(f"{quote(column)} = %s" for column in _RECORD_COLUMNS)
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        (
            r.outcome,
            r.action,
            r.letter_id,
            r.reason,
            r.kind,
            r.parse_ms,
            r.total_ms,
            adapt(r.finished_at),
            r.pk,
        )
        for r in records
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE {quote('id')} = %s", rows)


def _finish(item: Item, now, outcome: str, letter_id: int, *, action: str = "", reason: str = "") -> None:
    record = item.record
    record.outcome, record.action, record.letter_id, record.reason = outcome, action, letter_id, reason
    record.kind, record.parse_ms, record.finished_at = item.kind, item.parse_ms, now
    record.total_ms = (now - record.started_at).total_seconds() * 1000 if record.started_at else None
