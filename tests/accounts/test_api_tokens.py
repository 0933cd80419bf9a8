"""accounts.tokens: the token format, the keyed hash kept instead of the secret, expiry, last use."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from accounts.models import ApiToken, TokenScope
from accounts.tokens import check_token, digest, issue_token, revoke_token

pytestmark = pytest.mark.django_db


def test_a_token_reads_imr_prefix_secret_and_checks(member):
    issued = issue_token(member, "sync")
    kind, prefix, secret = issued.plaintext.split("_", 2)
    assert (kind, prefix) == ("imr", issued.token.prefix)
    assert (len(prefix), len(secret)) == (8, 43)
    assert check_token(issued.plaintext) == issued.token
    assert issued.token.scope == TokenScope.READ  # read-only unless asked


def test_the_row_keeps_a_keyed_hash_never_the_secret(member):
    issued = issue_token(member, "sync")
    secret = issued.plaintext.split("_", 2)[2]  # the secret may hold "_" itself
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken WHERE id = %s", [issued.token.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert secret not in row
    assert issued.plaintext not in row
    assert issued.token.digest == digest(issued.token.prefix, secret)
    assert issued.token.digest != digest(issued.token.prefix, secret, key="another key")


def test_a_rotated_key_keeps_tokens_through_the_fallbacks(member, settings):
    issued = issue_token(member, "sync")
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a new key " * 6
    assert check_token(issued.plaintext) is None
    settings.SECRET_KEY_FALLBACKS = [old]
    assert check_token(issued.plaintext) == issued.token


def test_expiry_defaults_to_90_days_and_is_capped_by_the_setting(member, settings):
    issued = issue_token(member, "sync")
    assert abs(issued.token.expires_at - timezone.now() - dt.timedelta(days=90)) < dt.timedelta(minutes=1)
    settings.API_TOKEN_MAX_DAYS = 30
    with pytest.raises(ValueError, match="1 to 30 days"):
        issue_token(member, "long", days=31)
    short = issue_token(member, "default under a low cap")
    assert short.token.expires_at < timezone.now() + dt.timedelta(days=31)


@pytest.mark.parametrize(
    "plaintext",
    ["", "imr_", "imr_zzzzzzzz_" + "a" * 43, "imr_0123abcd_short", "imr_0123abcd_" + "a" * 43, "imr_\x00_x"],
)
def test_malformed_and_unknown_tokens_do_not_check(member, plaintext):
    issue_token(member, "sync")
    assert check_token(plaintext) is None


def test_a_wrong_secret_with_a_real_prefix_does_not_check(member):
    issued = issue_token(member, "sync")
    assert check_token(f"imr_{issued.token.prefix}_{'A' * 43}") is None


def test_expired_revoked_and_inactive_users_tokens_do_not_check(member):
    expired, revoked, inactive = (issue_token(member, name) for name in ("expired", "revoked", "inactive"))
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert revoke_token(member, revoked.token.pk)
    assert not revoke_token(member, revoked.token.pk)  # once
    assert check_token(expired.plaintext) is None
    assert check_token(revoked.plaintext) is None
    assert check_token(inactive.plaintext) is not None
    member.is_active = False
    member.save()
    assert check_token(inactive.plaintext) is None


def test_only_the_owner_revokes(member, staff):
    issued = issue_token(member, "sync")
    assert not revoke_token(staff, issued.token.pk)
    assert not revoke_token(AnonymousUser(), issued.token.pk)
    assert check_token(issued.plaintext) is not None


def test_only_an_active_account_gets_a_token(member):
    with pytest.raises(PermissionDenied):
        issue_token(AnonymousUser(), "x")
    member.is_active = False
    with pytest.raises(PermissionDenied):
        issue_token(member, "x")


def test_last_used_is_written_at_most_once_a_minute(member, django_assert_num_queries):
    issued = issue_token(member, "sync")
    assert check_token(issued.plaintext).last_used_at is not None  # first use: written
    first = ApiToken.objects.get(pk=issued.token.pk).last_used_at
    with django_assert_num_queries(1):  # the lookup only: no UPDATE within the minute
        check_token(issued.plaintext)
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at == first
    stale = timezone.now() - dt.timedelta(minutes=2)
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=stale)
    check_token(issued.plaintext)
    assert ApiToken.objects.get(pk=issued.token.pk).last_used_at > stale
