"""The callers of the role tests: anonymous, a member, staff, a superuser, an inactive user (signed in,
then deactivated) and a member's read and write API tokens, each with its own client; a letter with
an original file; another member's saved query with an alert hit, that none of them owns."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import Client

from accounts.models import TokenScope
from accounts.services import create_account
from accounts.tokens import issue_token
from search.models import AlertFrequency, AlertHit, SavedQuery
from tests.saved.factory import make_letter

CALLERS = ("anon", "member", "staff", "super", "inactive", "read", "write")
TREATMENT = ("Acupuncture x 6", "overturned", "Acupuncture", "Guideline supports it.")
PASSWORD = "a long passphrase 123"


@pytest.fixture
def world(db, search_index, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    other = create_account("olga", "olga@example.com", PASSWORD)  # a member none of the callers is
    users = {
        "member": create_account("mia", "mia@example.com", PASSWORD),
        "staff": create_account("stan", "stan@example.com", PASSWORD, staff=True),
        "super": User.objects.create_superuser("sue", "sue@example.com", PASSWORD),
        "inactive": create_account("ian", "ian@example.com", PASSWORD),
    }
    letter = make_letter(TREATMENT)
    letter.original_file.save("original.txt", ContentFile(b"The original letter."), save=True)
    others = SavedQuery.objects.create(
        owner=other, name="Olga's", params="q=acupuncture", alert_frequency=AlertFrequency.DAILY
    )
    hit = AlertHit.objects.create(saved_query=others, letter=letter, case_number=letter.case_number)
    clients: dict[str, tuple[Client, dict[str, str]]] = {"anon": (Client(), {})}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        clients[name] = (client, {})
    users["inactive"].is_active = False
    users["inactive"].save(update_fields=["is_active"])
    for name, scope in (("read", TokenScope.READ), ("write", TokenScope.WRITE)):
        issued = issue_token(users["member"], name, scope=scope)
        clients[name] = (Client(), {"HTTP_AUTHORIZATION": f"Bearer {issued.plaintext}"})
    return {
        "clients": clients,
        "case": letter.case_number,
        "other_pk": others.pk,
        "other_user": other.pk,
        "hit": hit.pk,
    }


def fill(path: str, world: dict) -> str:
    return (
        path.replace("<str:case_number>", world["case"])
        .replace("<case_number>", world["case"])
        .replace("<int:pk>", str(world["other_pk"]))
        .replace("<other>", str(world["other_user"]))
        .replace("<hit>", str(world["hit"]))
        .replace("<uidb64>", "MQ")
        .replace("<token>", "x-y")
    )


def get(world: dict, caller: str, path: str, method: str = "get", **data: str) -> HttpResponse:
    client, headers = world["clients"][caller]
    return getattr(client, method)(fill(path, world), data=data or None, **headers)
