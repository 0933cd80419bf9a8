"""Recording alert hits: percolate letters, keep the matches that are new for each query, once ever."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Min

from ingest.models import Letter
from search.alerts import percolator, recipients
from search.models import AlertFrequency, AlertHit, SavedQuery

log = logging.getLogger(__name__)


def alerting_queries() -> dict[int, SavedQuery]:
    """Queries with alerts on whose owner may receive alerts (active, permitted): no hits for the others."""
    queries = list(SavedQuery.objects.exclude(alert_frequency=AlertFrequency.OFF))
    owners = recipients.allowed(q.owner_id for q in queries)
    return {q.pk: q for q in queries if q.owner_id in owners}


def record_hits(letter_ids: Iterable[int]) -> set[int]:
    """Percolate the letters; record one AlertHit per (query, letter) not alerted before.

    A hit counts only for a letter added to the portal after the query's alerts were
    turned on (re-indexing an old letter never alerts). Returns the ids of the
    immediate-alert queries that got new hits.
    """
    queries = alerting_queries()
    if not queries:
        return set()
    oldest = SavedQuery.objects.filter(pk__in=queries).aggregate(since=Min("alert_since"))["since"]
    letters = Letter.objects.filter(pk__in=list(letter_ids)).prefetch_related("treatments")
    if oldest is not None:
        letters = letters.filter(created_at__gte=oldest)
    letters_by_id = {letter.pk: letter for letter in letters}
    if not letters_by_id:
        return set()
    hits: list[AlertHit] = []
    for letter_id, query_id in percolator.percolate(list(letters_by_id.values())):
        query, letter = queries.get(query_id), letters_by_id[letter_id]
        if query is None or (query.alert_since and letter.created_at < query.alert_since):
            continue
        hits.append(AlertHit(saved_query=query, letter=letter, case_number=letter.case_number or ""))
    if not hits:
        return set()
    with transaction.atomic():
        before = set(
            AlertHit.objects.filter(
                letter_id__in=letters_by_id, saved_query_id__in={h.saved_query_id for h in hits}
            ).values_list("saved_query_id", "letter_id")
        )
        AlertHit.objects.bulk_create(hits, ignore_conflicts=True)
    fresh = [h for h in hits if (h.saved_query_id, h.letter_id) not in before]
    log.info("alerts: %d letters percolated, %d new hits", len(letters_by_id), len(fresh))
    return {
        h.saved_query_id
        for h in fresh
        if queries[h.saved_query_id].alert_frequency == AlertFrequency.IMMEDIATE
    }
