"""Write paths for saved queries. Each owns its transaction and keeps the percolator in step."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from opensearchpy.exceptions import ConnectionError as EngineConnectionError
from opensearchpy.exceptions import TransportError

from search.alerts import percolator
from search.alerts.tasks import register_saved_query
from search.engine import count_matches
from search.forms import ValidSearch, clean_querystring, validate_querystring
from search.models import AlertFrequency, SavedQuery
from search.results import Counts

log = logging.getLogger(__name__)


NAME_MAX = 200


def normalize_name(name: str | None) -> str:
    """One line: runs of whitespace (newlines, tabs) become one space; at most NAME_MAX characters.

    A name ends up in email subjects, where a newline is a header injection (BadHeaderError).
    """
    return " ".join((name or "").split())[:NAME_MAX].strip()


def owned(user: User | AnonymousUser, pk: int) -> SavedQuery:
    """The user's saved query, or 404 (never 403: another user's query does not exist for you)."""
    return get_object_or_404(SavedQuery, pk=pk, owner_id=user.pk)


def _sync_percolator(saved_query_id: int) -> None:
    """Register now so no letter slips between saving and registering; queue a retry if the engine is down."""
    saved_query = SavedQuery.objects.filter(pk=saved_query_id).first()
    try:
        if saved_query is None:
            percolator.unregister(saved_query_id)
        else:
            percolator.register(saved_query)
    except (EngineConnectionError, TransportError):
        log.warning("percolator unavailable: registering saved query %s later", saved_query_id)
        register_saved_query.delay(saved_query_id)


def _counts_or_none(validated: ValidSearch) -> Counts | None:
    try:
        return count_matches(validated.params)
    except (EngineConnectionError, TransportError):
        return None


def create_saved_query(
    owner: User | AnonymousUser, name: str, params: str, alert_frequency: str = AlertFrequency.OFF
) -> SavedQuery:
    """Save a search as the user just ran it: that run counts as seen."""
    querystring = clean_querystring(params)
    counts = _counts_or_none(validate_querystring(querystring))  # outside the transaction: a network call
    with transaction.atomic():
        return _create(owner, name, querystring, alert_frequency, counts)


def _create(
    owner: User | AnonymousUser, name: str, querystring: str, alert_frequency: str, counts: Counts | None
) -> SavedQuery:
    if not isinstance(owner, User):  # the views let members only in (accounts.access.member_required)
        raise PermissionDenied("Saving a search needs an account.")
    now = timezone.now()
    saved_query = SavedQuery.objects.create(
        owner=owner,
        name=normalize_name(name) or "Untitled search",
        params=querystring,
        alert_frequency=alert_frequency,
        alert_since=now if alert_frequency != AlertFrequency.OFF else None,
        last_run_at=now if counts else None,
        last_seen_count=counts.decisions if counts else 0,
    )
    if saved_query.alerting:
        transaction.on_commit(lambda: _sync_percolator(saved_query.pk))
    return saved_query


@transaction.atomic
def update_saved_query(
    saved_query: SavedQuery,
    *,
    name: str | None = None,
    params: str | None = None,
    alert_frequency: str | None = None,
) -> SavedQuery:
    was_alerting = saved_query.alerting
    old = (saved_query.params, saved_query.alert_frequency)
    if name is not None:
        saved_query.name = normalize_name(name) or saved_query.name
    if params is not None:
        saved_query.params = clean_querystring(params)
    if alert_frequency is not None:
        saved_query.alert_frequency = alert_frequency
    if saved_query.alerting and not was_alerting:
        saved_query.alert_since = timezone.now()
    saved_query.save()
    if (was_alerting or saved_query.alerting) and old != (saved_query.params, saved_query.alert_frequency):
        pk = saved_query.pk
        transaction.on_commit(lambda: _sync_percolator(pk))
    return saved_query


@transaction.atomic
def rename_saved_query(saved_query: SavedQuery, name: str) -> SavedQuery:
    return update_saved_query(saved_query, name=name)


@transaction.atomic
def delete_saved_query(saved_query: SavedQuery) -> None:
    pk, alerting = saved_query.pk, saved_query.alerting
    saved_query.delete()
    if alerting:
        transaction.on_commit(lambda: _sync_percolator(pk))


def mark_run(saved_query: SavedQuery, counts: Counts | None) -> None:
    """The user ran the query: what matches now is no longer new."""
    runs = SavedQuery.objects.filter(pk=saved_query.pk)
    if counts is None:
        runs.update(last_run_at=timezone.now())
    else:
        runs.update(last_run_at=timezone.now(), last_seen_count=counts.decisions)


def run_saved_query(saved_query: SavedQuery) -> ValidSearch:
    """Re-validate the stored querystring and record the run; the caller shows the results."""
    validated = validate_querystring(saved_query.params)
    mark_run(saved_query, _counts_or_none(validated))
    return validated


@dataclass(frozen=True)
class Summary:
    saved_query: SavedQuery
    decisions: int | None  # None: the engine is unavailable
    letters: int | None
    new: int | None
    messages: list[str]


def summarize(saved_query: SavedQuery) -> Summary:
    validated = validate_querystring(saved_query.params)
    counts = _counts_or_none(validated)
    new = None
    if counts is not None:
        new = (
            max(0, counts.decisions - saved_query.last_seen_count)
            if saved_query.last_run_at
            else counts.decisions
        )
    return Summary(
        saved_query=saved_query,
        decisions=counts.decisions if counts else None,
        letters=counts.letters if counts else None,
        new=new,
        messages=validated.messages,
    )


def summaries(owner: User | AnonymousUser) -> list[Summary]:
    return [summarize(q) for q in SavedQuery.objects.filter(owner_id=owner.pk).order_by("name", "pk")]
