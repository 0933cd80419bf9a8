"""Every route, as each kind of caller: anonymous, a member, staff, a superuser, an inactive user (a
session of an account deactivated after signing in: signed out) and API tokens (read and write).

The table is the access policy of issue #16 item 1 written out: members search, read and export;
staff also manage ingest, members (create, edit, deactivate, never delete: test_user_admin.py) and
the audit trail but reach no member's saved queries or alert hits; original files go to the roles
ORIGINAL_FILES_FOR names (default: members); tokens open /api/ only (elsewhere a Bearer header is no
credential). Every URL pattern of the site outside the admin must be in the table, so a new route is
given its row when it is added.
"""

from __future__ import annotations

import pytest
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.urls import get_resolver

from tests.accounts.callers import CALLERS, get

pytestmark = pytest.mark.integration

ANY = None  # the answer does not depend on the caller's role (asserted only: not a server error)
# Columns: anonymous, member, staff, superuser, inactive, read token, write token (a member's).
# A token outside /api/ is no credential (302 to sign in); the inactive session is signed out.
PAGE = (302, 200, 200, 200, 302, 302, 302)  # a member's page
STAFF_ONLY = (302, 403, 200, 200, 302, 302, 302)
OTHERS_SAVED = (302, 404, 404, 404, 302, 302, 302)  # another member's saved query: nobody's but hers
API = (401, 200, 200, 200, 401, 200, 200)
ADMIN = (302, 302, 200, 200, 302, 302, 302)  # members are sent to the admin's sign-in
SUPERUSER_ONLY = (
    302,
    302,
    403,
    200,
    302,
    302,
    302,
)  # members' saved queries and alerts; users' passwords, deleting
PUBLIC = (200, 200, 200, 200, 200, 200, 200)

ROUTES: dict[str, tuple[int, ...] | None] = {
    "/": PAGE,
    "/accounts/": PAGE,
    "/accounts/audit/": STAFF_ONLY,
    "/accounts/audit.csv": STAFF_ONLY,
    "/accounts/login/": (200, 302, 302, 302, 200, 200, 200),
    "/accounts/logout/": (405,) * 7,  # POST only
    "/accounts/password_change/": PAGE,
    "/accounts/password_change/done/": PAGE,
    "/accounts/password_reset/": PUBLIC,
    "/accounts/password_reset/done/": PUBLIC,
    "/accounts/reset/<uidb64>/<token>/": PUBLIC,  # a bad link: the page says so
    "/accounts/reset/done/": PUBLIC,
    "/accounts/tokens/": (302, 405, 405, 405, 302, 302, 302),  # POST only
    "/accounts/tokens/<int:pk>/revoke": (302, 405, 405, 405, 302, 302, 302),
    "/api/": PUBLIC,  # the API's documentation
    "/api/openapi.json": PUBLIC,
    "/api/<path:rest>": (404,) * 7,  # no such API route, whoever asks
    "/api/letters/<case_number>": API,
    "/api/outcomes": API,
    "/api/outcomes/compare": (401, 400, 400, 400, 401, 400, 400),  # signed in: nothing to compare given
    "/api/outcomes/phrases": API,
    "/api/search": API,
    "/api/saved": API,  # one's own list
    "/api/saved/<int:pk>": (401, 404, 404, 404, 401, 404, 404),
    "/api/saved/<int:pk>/results": (401, 404, 404, 404, 401, 404, 404),
    "/export.csv": PAGE,
    "/healthz": ANY,  # staff also get the Celery ping: 503 without a worker
    "/healthz/live": PUBLIC,
    "/letters/<str:case_number>/": PAGE,
    "/letters/<str:case_number>/original": PAGE,  # ORIGINAL_FILES_FOR=members, the default
    "/letters/<str:case_number>/similar": PAGE,
    "/outcomes": PAGE,
    "/outcomes/compare": PAGE,
    "/outcomes/export.csv": PAGE,
    "/outcomes/export.xlsx": PAGE,
    "/outcomes/phrases": PAGE,
    "/saved/": PAGE,  # one's own list
    "/saved/new": PAGE,
    "/saved/<int:pk>/run": OTHERS_SAVED,
    "/saved/<int:pk>/edit": OTHERS_SAVED,
    "/saved/<int:pk>/delete": OTHERS_SAVED,
    "/saved/<int:pk>/rename": (302, 405, 405, 405, 302, 302, 302),  # POST only (below)
    # the admin: its own table, the pages that matter here
    "/admin/": ADMIN,
    "/admin/auth/user/": ADMIN,
    "/admin/auth/user/add/": ADMIN,  # a new account is a Member
    "/admin/auth/user/<other>/change/": ADMIN,  # without her saved queries (below)
    "/admin/auth/user/<other>/password/": SUPERUSER_ONLY,  # staff would sign in as the member
    "/admin/auth/user/<other>/delete/": SUPERUSER_ONLY,  # staff deactivate instead
    "/admin/ingest/ingestbatch/": ADMIN,
    "/admin/ingest/letter/": ADMIN,
    "/admin/search/savedquery/": SUPERUSER_ONLY,
    "/admin/search/savedquery/<int:pk>/change/": SUPERUSER_ONLY,
    "/admin/search/savedquery/add/": SUPERUSER_ONLY,
    "/admin/search/alerthit/": SUPERUSER_ONLY,
    "/admin/search/alerthit/<hit>/change/": SUPERUSER_ONLY,
    "/admin/search/alertemail/": SUPERUSER_ONLY,
}


def route_patterns() -> set[str]:
    """Every URL pattern outside the admin, as simplify_regex writes it."""
    found = set()
    for _view, regex, _namespace, _name in extract_views_from_urlpatterns(get_resolver().url_patterns):
        path = simplify_regex(regex)
        if not path.startswith("/admin/"):
            found.add(path)
    return found


def test_every_route_is_in_the_table() -> None:
    assert route_patterns() - set(ROUTES) == set()


def test_each_caller_gets_what_the_table_says(world) -> None:
    """One walk (the callers' set-up is the slow part): every mismatch is reported at once."""
    wrong = {}
    for path, expected in ROUTES.items():
        got = tuple(get(world, caller, path).status_code for caller in CALLERS)
        if (expected is ANY and 500 in got) or (expected is not ANY and got != expected):
            wrong[path] = {c: (g, e) for c, g, e in zip(CALLERS, got, expected or got, strict=True) if g != e}
    assert wrong == {}, "route: {caller: (got, expected)}"
