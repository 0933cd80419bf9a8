"""Alert emails: claim pending hits into an AlertEmail, then send it (at least once, never twice on purpose).

Immediate alerts: one email per query for the hits not yet notified.
Digests: one email per user per period (``2026-11-24`` daily, ``2026-W48`` weekly),
made unique by a database constraint, grouping every pending hit of the user's
queries with that frequency.

Sending is claim → send → mark sent. A worker that dies after claiming leaves the
email pending; once the claim is stale it is sent by the next attempt (task retry
or the sweep), so a crash delays an email but never drops it.

An email that fails to send (SMTP error, a bad header) is logged and released for the
next attempt without holding up the other emails of the run; after MAX_SEND_ATTEMPTS it
is given up (it stays pending, with its attempts, and is no longer picked up).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ingest.models import Letter
from search.alerts import recipients
from search.models import AlertEmail, AlertFrequency, AlertHit, SavedQuery

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=5)
MAX_LETTERS_PER_QUERY = 50
# Attempts before an email is given up: the sweep (every 5 minutes) retries, so about an hour.
MAX_SEND_ATTEMPTS = 12


def period_key(frequency: str, now: dt.datetime | None = None) -> str:
    local = timezone.localtime(now or timezone.now())
    if frequency == AlertFrequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.date().isoformat()


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


# --- claiming -------------------------------------------------------------------------------


def claim_immediate(saved_query: SavedQuery) -> AlertEmail | None:
    """Put the query's un-notified hits into a new pending email (None when there are none)."""
    with transaction.atomic():
        email = AlertEmail.objects.create(
            user_id=saved_query.owner_id, frequency=AlertFrequency.IMMEDIATE, saved_query=saved_query
        )
        claimed = AlertHit.objects.filter(saved_query=saved_query, email__isnull=True).update(email=email)
        if not claimed:
            email.delete()
            return None
        email.letter_count = claimed
        email.save(update_fields=["letter_count"])
    return email


def claim_digest(user_id: int, frequency: str, period: str) -> AlertEmail | None:
    """The user's digest for the period: created once, with every pending hit of that frequency."""
    pending = AlertHit.objects.filter(
        email__isnull=True, saved_query__owner_id=user_id, saved_query__alert_frequency=frequency
    )
    try:
        with transaction.atomic():
            email, created = AlertEmail.objects.get_or_create(
                user_id=user_id, frequency=frequency, period=period
            )
            if not created:
                return email if email.status == AlertEmail.Status.PENDING else None
            claimed = pending.update(email=email)
            if not claimed:
                email.delete()  # nothing to say this period: no email, and the slot stays free
                return None
            email.letter_count = claimed
            email.save(update_fields=["letter_count"])
    except IntegrityError:  # another worker created it at the same moment
        return None
    return email


def users_with_pending(frequency: str) -> list[int]:
    return list(
        AlertHit.objects.filter(email__isnull=True, saved_query__alert_frequency=frequency)
        .values_list("saved_query__owner_id", flat=True)
        .distinct()
    )


# --- sending --------------------------------------------------------------------------------


def _claim_for_sending(email: AlertEmail) -> bool:
    stale = timezone.now() - CLAIM_TIMEOUT
    return bool(
        AlertEmail.objects.filter(pk=email.pk, status=AlertEmail.Status.PENDING)
        .filter(attempts__lt=MAX_SEND_ATTEMPTS)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(claimed_at=timezone.now(), attempts=email.attempts + 1)
    )


@dataclass
class LetterLine:
    case_number: str
    url: str
    decision_date: dt.date | None
    treatments: list[tuple[str, str]]


@dataclass
class Group:
    saved_query: SavedQuery
    run_url: str
    letters: list[LetterLine] = field(default_factory=list)
    more: int = 0


def _groups(email: AlertEmail) -> list[Group]:
    hits = email.hits.select_related("saved_query").order_by(
        "saved_query__name", "saved_query_id", "-letter_id"
    )
    by_query: dict[int, Group] = {}
    letter_ids: dict[int, list[int]] = {}
    for hit in hits:
        group = by_query.get(hit.saved_query_id)
        if group is None:
            run_url = absolute(reverse("saved:run", args=[hit.saved_query_id]))
            group = by_query[hit.saved_query_id] = Group(saved_query=hit.saved_query, run_url=run_url)
        ids = letter_ids.setdefault(hit.saved_query_id, [])
        if len(ids) < MAX_LETTERS_PER_QUERY:
            ids.append(hit.letter_id)
        else:
            group.more += 1
    letters = Letter.objects.in_bulk([i for ids in letter_ids.values() for i in ids])
    for query_id, ids in letter_ids.items():
        group = by_query[query_id]
        params = group.saved_query.params
        for letter_id in ids:
            letter = letters.get(letter_id)
            if letter is None:  # deleted since
                continue
            url = absolute(letter.get_absolute_url()) + (f"?{params}" if params else "")
            treatments = [(t.request, t.decision) for t in letter.treatments.all()]
            group.letters.append(LetterLine(letter.public_id, url, letter.decision_date, treatments))
    return list(by_query.values())


def _subject(email: AlertEmail, groups: list[Group]) -> str:
    """One line: a newline in a header is refused (BadHeaderError), so names are put on one line."""
    count = sum(len(g.letters) + g.more for g in groups)
    noun = "decision" if count == 1 else "decisions"
    if email.frequency == AlertFrequency.IMMEDIATE and groups:
        subject = f"{count} new IMR {noun} for “{groups[0].saved_query.name}”"
    else:
        label = "Daily" if email.frequency == AlertFrequency.DAILY else "Weekly"
        subject = f"{label} IMR alert digest ({email.period}): {count} new {noun}"
    return " ".join(subject.split())


def render(email: AlertEmail) -> EmailMultiAlternatives | None:
    groups = [g for g in _groups(email) if g.letters or g.more]
    if not groups or not email.user.email:
        return None
    context: dict[str, Any] = {
        "email": email,
        "user": email.user,
        "groups": groups,
        "digest": email.frequency != AlertFrequency.IMMEDIATE,
        "manage_url": absolute(reverse("saved:list")),
    }
    subject = _subject(email, groups)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/alert.txt", context),
        to=[email.user.email],
        headers={"X-IMR-Alert": f"{email.frequency}:{email.pk}"},
    )
    message.attach_alternative(render_to_string("emails/alert.html", context), "text/html")
    return message


def send(email: AlertEmail) -> bool:
    """Send one pending email if no other worker is sending it; True when it went out now."""
    if not _claim_for_sending(email):
        return False
    email.refresh_from_db()
    refused = recipients.refusal(email.user)
    if refused is not None:  # deactivated or demoted since the hits were recorded: checked at send time
        AlertEmail.objects.filter(pk=email.pk).update(
            status=AlertEmail.Status.SKIPPED, subject=f"(not sent: {refused})", recipient=""
        )
        log.info("alert email %s to user %s skipped: %s", email.pk, email.user_id, refused)
        return False
    message = render(email)
    if message is not None:
        message.send(fail_silently=False)
    AlertEmail.objects.filter(pk=email.pk).update(
        status=AlertEmail.Status.SENT,
        sent_at=timezone.now(),
        subject=message.subject if message else "(nothing to send: no address or letters gone)",
        recipient=message.to[0] if message else "",
    )
    log.info("alert email %s sent to user %s (%s)", email.pk, email.user_id, email.frequency)
    return message is not None


def send_each(emails: list[AlertEmail]) -> int:
    """Send each email; one that fails is logged and released for a later attempt, the others go on."""
    sent = 0
    for email in emails:
        try:
            sent += send(email)
        except (ValueError, OSError) as exc:  # BadHeaderError is a ValueError, SMTPException an OSError
            _release_after_failure(email, exc)
    return sent


def _release_after_failure(email: AlertEmail, exc: Exception) -> None:
    AlertEmail.objects.filter(pk=email.pk, status=AlertEmail.Status.PENDING).update(claimed_at=None)
    attempts = AlertEmail.objects.filter(pk=email.pk).values_list("attempts", flat=True).first() or 0
    if attempts >= MAX_SEND_ATTEMPTS:
        log.error(
            "alert email %s to user %s given up after %s attempts: %s: %s",
            email.pk,
            email.user_id,
            attempts,
            type(exc).__name__,
            exc,
        )
    else:
        log.warning(
            "alert email %s to user %s not sent (attempt %s of %s, retried later): %s: %s",
            email.pk,
            email.user_id,
            attempts,
            MAX_SEND_ATTEMPTS,
            type(exc).__name__,
            exc,
        )


def pending_emails(**filters: Any) -> list[AlertEmail]:
    """Pending emails not given up yet, oldest first."""
    pending = AlertEmail.objects.filter(
        status=AlertEmail.Status.PENDING, attempts__lt=MAX_SEND_ATTEMPTS, **filters
    )
    return list(pending.order_by("pk"))


# --- entry points used by the tasks ---------------------------------------------------------


def deliver_immediate(saved_query_id: int) -> int:
    """Send the query's pending immediate alerts (a retry resends what a dead worker left)."""
    saved_query = SavedQuery.objects.filter(pk=saved_query_id).first()
    if saved_query is None:
        return 0
    if saved_query.alert_frequency == AlertFrequency.IMMEDIATE:
        claim_immediate(saved_query)
    return send_each(pending_emails(saved_query=saved_query, frequency=AlertFrequency.IMMEDIATE))


def deliver_digests(frequency: str, now: dt.datetime | None = None) -> int:
    period = period_key(frequency, now)
    for user_id in users_with_pending(frequency):
        claim_digest(user_id, frequency, period)
    return send_each(pending_emails(frequency=frequency, period=period))


def deliver_stragglers(older_than: timedelta = timedelta(minutes=1)) -> int:
    """Immediate hits nobody claimed (a worker died after recording them) and stale pending emails."""
    cutoff = timezone.now() - older_than
    query_ids = set(
        AlertHit.objects.filter(
            email__isnull=True,
            created_at__lt=cutoff,
            saved_query__alert_frequency=AlertFrequency.IMMEDIATE,
        ).values_list("saved_query_id", flat=True)
    )
    sent = sum(deliver_immediate(query_id) for query_id in query_ids)
    return sent + send_each(pending_emails(created_at__lt=cutoff))
