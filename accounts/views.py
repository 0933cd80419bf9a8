from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.forms import ApiTokenForm, ThrottledAuthenticationForm
from accounts.roles import role_of
from accounts.tokens import issue_token, revoke_token, tokens_of


class SignInView(LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


def _account_page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("token_form", ApiTokenForm())
    tokens = tokens_of(request.user)
    return render(
        request,
        "accounts/account.html",
        {"role": role_of(request.user), "tokens": tokens, **context},
        status=status,
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request)


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token and render the page with its plaintext: shown this once, kept nowhere (no
    redirect, no session), and the response is not cached."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, status=400, token_form=form)
    data = form.cleaned_data
    issued = issue_token(request.user, data["name"], data["scope"], data["days"])
    return _account_page(request, new_token=issued.token, new_plaintext=issued.plaintext)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not revoke_token(request.user, pk):
        raise Http404("no such active token of yours")
    messages.success(request, "The token is revoked: it no longer opens the API.")
    return HttpResponseRedirect(reverse("account"))
