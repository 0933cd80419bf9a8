"""With an account (the default setting): the search, the save-search link, export needs its permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

pytestmark = pytest.mark.integration


@pytest.fixture
def member(db) -> User:
    user = User.objects.create_user("adjuster", password="a-long-password-123")
    user.user_permissions.add(
        Permission.objects.get(codename="export_letters", content_type__app_label="search")
    )
    return user


def test_signed_in_search_has_account_links_and_save(client, corpus, member, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    client.force_login(member)
    response = client.get(reverse("search:search"), {"q": "request"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sign out" in html
    assert 'href="/saved/"' in html
    assert "Save this search" in html


def test_export_needs_the_permission(client, corpus, member, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    plain = User.objects.create_user("reader", password="a-long-password-123")
    plain.groups.clear()  # new users join Members (which may export); this one has no role
    client.force_login(plain)
    assert client.get(reverse("search:export")).status_code == 403
    client.force_login(member)
    response = client.get(reverse("search:export"), {"decision": "overturned"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).count(b"overturned") >= 1
