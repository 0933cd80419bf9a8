from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def post_login(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_sign_in_and_out(client, member):
    response = post_login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(member.pk)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_page_renders(client):
    response = client.get(reverse("login") + "?next=/")
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_wrong_password_shows_error(client, member):
    response = post_login(client, "alice", "nope")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_THROTTLE_LIMIT=3)
def test_throttle_blocks_after_limit_even_with_the_right_password(client, member):
    for _ in range(3):
        post_login(client, "alice", "wrong")
    response = post_login(client, "alice", PASSWORD)
    assert response.status_code == 200
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_THROTTLE_LIMIT=3)
def test_throttle_is_per_username_and_ip(client, member):
    for _ in range(3):
        post_login(client, "alice", "wrong", ip="10.0.0.1")
    assert post_login(client, "alice", PASSWORD, ip="10.0.0.2").status_code == 302


@override_settings(LOGIN_THROTTLE_LIMIT=3)
def test_success_resets_the_counter(client, member):
    for _ in range(2):
        post_login(client, "alice", "wrong")
    assert post_login(client, "alice", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(2):
        post_login(client, "alice", "wrong")
    assert post_login(client, "alice", PASSWORD).status_code == 302


@override_settings(LOGIN_THROTTLE_LIMIT=3)
def test_admin_login_is_throttled_too(client, staff):
    url = reverse("admin:login")
    for _ in range(3):
        client.post(url, {"username": "sam", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    client.post(url, {"username": "sam", "password": "staff horse battery"}, REMOTE_ADDR="10.0.0.9")
    assert "_auth_user_id" not in client.session


def test_password_change(client, member):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase",
            "new_password2": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a new long passphrase")


def test_password_change_needs_sign_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_password_reset_by_email(client, member):
    from django.core import mail

    response = client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "reset long passphrase", "new_password2": "reset long passphrase"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("reset long passphrase")


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_password_reset_unknown_email_sends_nothing(client, member):
    from django.core import mail

    assert client.post(reverse("password_reset"), {"email": "nobody@example.com"}).status_code == 302
    assert mail.outbox == []


def test_forwarded_for_uses_the_entry_our_proxy_appended(settings):
    from django.test import RequestFactory

    from accounts.throttle import client_ip

    spoofed = "1.2.3.4, 5.6.7.8"  # whatever the client sent, then the address our proxy saw
    request = RequestFactory().post(
        "/", HTTP_X_FORWARDED_FOR=f"{spoofed}, 203.0.113.9", REMOTE_ADDR="10.0.0.2"
    )
    settings.LOGIN_THROTTLE_TRUST_FORWARDED_FOR = True
    assert client_ip(request) == "203.0.113.9"
    request.META["HTTP_X_FORWARDED_FOR"] = " 203.0.113.9 ,"
    assert client_ip(request) == "203.0.113.9"
    request.META["HTTP_X_FORWARDED_FOR"] = ""
    assert client_ip(request) == "10.0.0.2"
    settings.LOGIN_THROTTLE_TRUST_FORWARDED_FOR = False
    request.META["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
    assert client_ip(request) == "10.0.0.2"


@override_settings(LOGIN_THROTTLE_TRUST_FORWARDED_FOR=True, LOGIN_THROTTLE_LIMIT=2)
def test_a_spoofed_forwarded_for_does_not_dodge_the_throttle(client, member):
    for n in range(2):
        client.post(
            reverse("login"),
            {"username": "alice", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        )
    response = client.post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.77, 203.0.113.9",
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert b"Too many failed sign-in attempts" in response.content
