"""Signals between ingestion and the search index: ingest ends at the database, search owns the index.

`letters_saved` is sent once the transaction that created or changed letters has committed;
search (search.apps) connects a receiver that queues their index task. `letters_indexed` is
sent by search once letters are in the index; ingest (ingest.apps) connects the receiver that
moves the records waiting for them from saved to indexed/updated.
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: letter_ids (list[int]); inline (bool): index in this process now (a command's --sync run)
# instead of queueing a task.
letters_saved = Signal()
# kwargs: letter_ids (list[int]): letters whose index copy is now current.
letters_indexed = Signal()
