"""Who may receive alert e-mails: checked when hits are recorded and again when an e-mail is sent.

An alert e-mail is data leaving the portal, so it goes only to an active account that still holds
the permission to use saved queries. A member deactivated or demoted since the query was saved
gets nothing: no hits are recorded for their queries, and an e-mail claimed before the change is
marked skipped, with the reason, instead of sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

ALERT_PERMISSION = "search.view_savedquery"


def refusal(user: Any) -> str | None:
    """Why the user may not receive alerts ("account inactive", ...), None when they may."""
    if not user.is_active:
        return "account inactive"
    if not user.has_perm(ALERT_PERMISSION):
        return f"no {ALERT_PERMISSION} permission"
    return None


def allowed(user_ids: Iterable[int]) -> set[int]:
    """The ids, among these users, of those who may receive alerts."""
    users = get_user_model().objects.filter(pk__in=set(user_ids), is_active=True)
    return {user.pk for user in users if refusal(user) is None}
