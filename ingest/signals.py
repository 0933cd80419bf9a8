"""Signals between ingestion and the search index: ingest ends at the database, search owns the index.

`letters_saved` is sent once the transaction that created, changed or deleted letters has
committed; search (search.apps) connects a receiver that makes their index copies follow the
rows (a letter no longer in the database is removed). `letters_indexed` is sent by search once
letters are in the index; ingest (ingest.apps) connects the receiver that moves the records
waiting for them from saved to indexed/updated.

Every change to a letter reaches `letters_saved` through `letters_changed`, once per
transaction, on commit. The writers call it: the ingest writer for its bulk writes
(ingest.pipeline.save), and the model signals below for every other write. These are sent by
``Model.save()`` and ``delete()`` and by ``QuerySet.delete()``, so no admin page (a letter's
change form, its inline treatments, a delete, the bulk delete action), command or shell session
that saves through the ORM can skip the index. Only ``QuerySet.update()``, ``bulk_*`` and raw SQL
bypass them: the ingest writer announces its own, and ``manage.py check_index`` finds any
other (it compares each letter's content digest with its index copy's).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from ingest.models import Letter, Treatment

log = logging.getLogger(__name__)

# kwargs: letter_ids (list[int]): letters created, changed or deleted; inline (bool): index in
# this process now (a command's --sync run) instead of queueing a task.
letters_saved = Signal()
# kwargs: letter_ids (list[int]): letters whose index copy is now current.
letters_indexed = Signal()


def announce(letter_ids: list[int], *, inline: bool = False) -> None:
    """Send `letters_saved` for these (committed) letters now.

    Sent robustly: a receiver's error is logged, never raised into the writer (the letters are
    saved; the index catch-up, or check_index, finds them).
    """
    if not letter_ids:
        return
    # send_robust logs each receiver's error with its traceback (logger django.dispatch)
    for found, answer in letters_saved.send_robust(sender=Letter, letter_ids=letter_ids, inline=inline):
        if isinstance(answer, Exception):
            log.warning("%d saved letters wait for the index catch-up (%r failed)", len(letter_ids), found)


@dataclass
class _Pending:
    """The letters a transaction changed: announced once, when it commits."""

    ids: set[int] = field(default_factory=set)
    inline: bool = False

    def send(self) -> None:
        announce(sorted(self.ids), inline=self.inline)


def letters_changed(letter_ids: list[int], *, inline: bool = False) -> None:
    """The one way to say letters were created, changed or deleted: `letters_saved` once the
    transaction commits (at once outside a transaction), one message for the whole transaction.

    The ids join the message already waiting in this transaction when every savepoint it was
    registered in is still open (a rollback that drops it drops these writes too); otherwise
    they wait in a message of their own.
    """
    if not letter_ids:
        return
    connection = transaction.get_connection()
    pending = None
    if connection.in_atomic_block:
        # run_on_commit: Django's (savepoint ids, callback, robust) of the transaction's on_commit
        # callbacks (what django_capture_on_commit_callbacks reads too). None stands for an atomic
        # block without a savepoint: its rollback is its enclosing one's.
        open_savepoints = set(connection.savepoint_ids) | {None}
        for savepoints, callback, _ in reversed(connection.run_on_commit):
            owner = getattr(callback, "__self__", None)
            if isinstance(owner, _Pending) and savepoints <= open_savepoints:
                pending = owner
                break
    if pending is not None:
        pending.ids.update(letter_ids)
        pending.inline = pending.inline or inline
        return
    pending = _Pending(set(letter_ids), inline)
    transaction.on_commit(pending.send)


@receiver(post_save, sender=Letter, dispatch_uid="ingest.signals.letter_saved")
def _letter_saved(sender: Any, instance: Letter, **kwargs: Any) -> None:
    letters_changed([instance.pk])


@receiver(post_delete, sender=Letter, dispatch_uid="ingest.signals.letter_deleted")
def _letter_deleted(sender: Any, instance: Letter, **kwargs: Any) -> None:
    letters_changed([instance.pk])


@receiver(post_save, sender=Treatment, dispatch_uid="ingest.signals.treatment_saved")
def _treatment_saved(sender: Any, instance: Treatment, **kwargs: Any) -> None:
    letters_changed([instance.letter_id])


@receiver(post_delete, sender=Treatment, dispatch_uid="ingest.signals.treatment_deleted")
def _treatment_deleted(sender: Any, instance: Treatment, **kwargs: Any) -> None:
    letters_changed([instance.letter_id])  # with its letter (a cascade): the same message, the same id
