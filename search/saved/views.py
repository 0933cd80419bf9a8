"""Saved-query pages: save, list ("My searches"), run, rename, edit, delete. Owner-only: others get 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import member_required
from search.forms import clean_querystring, validate_querystring
from search.saved import services
from search.saved.forms import RenameForm, SavedQueryForm, SaveSearchForm

can_view = member_required("search.view_savedquery")
can_add = member_required("search.add_savedquery")
can_change = member_required("search.change_savedquery")
can_delete = member_required("search.delete_savedquery")


def _search_url(querystring: str) -> str:
    return reverse("search:search") + (f"?{querystring}" if querystring else "")


def _safe_next(request: HttpRequest, url: str) -> str:
    """`url` when it is a page of this site (no other host, no javascript: and the like), else ""."""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return ""


@can_view
def saved_list(request: HttpRequest) -> HttpResponse:
    return render(request, "saved/list.html", {"summaries": services.summaries(request.user)})


@can_add
@require_http_methods(["GET", "POST"])
def saved_create(request: HttpRequest) -> HttpResponse:
    """POST from the results page; GET shows the same form (no-JS fallback, or when the name is missing)."""
    if request.method == "POST":
        form = SaveSearchForm(request.POST)
        if form.is_valid():
            saved_query = services.create_saved_query(
                request.user,
                form.cleaned_data["name"],
                form.cleaned_data["params"],
                form.cleaned_data["alert_frequency"],
            )
            messages.success(request, f"Saved “{saved_query.name}”. It is in My searches.")
            back = _safe_next(request, request.POST.get("next", ""))
            return HttpResponseRedirect(back) if back else redirect("saved:list")
    else:
        querystring = clean_querystring(request.GET.urlencode())
        form = SaveSearchForm(initial={"params": querystring, "name": request.GET.get("q", "")[:80]})
    back = _safe_next(request, request.POST.get("next", ""))
    if not back:
        back = _search_url(clean_querystring(request.GET.urlencode() or form["params"].value() or ""))
    return render(request, "saved/save.html", {"form": form, "next": back})


@can_view
@require_http_methods(["GET", "POST"])
def saved_run(request: HttpRequest, pk: int) -> HttpResponse:
    """Run it on the search page (all state in the URL).

    POST records the run: what matches now counts as seen ("Run" on My searches posts it,
    through htmx). GET changes nothing (a GET must not; link prefetchers and mail scanners
    follow links): a bookmark, an alert email's link or a browser without JavaScript just
    shows the results, and the "new" count stays until the search is run from My searches.
    """
    saved_query = services.owned(request.user, pk)
    if request.method == "POST":
        validated = services.run_saved_query(saved_query)
    else:
        validated = validate_querystring(saved_query.params)
    url = _search_url(validated.querystring)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url  # a full page load of the results, not a swap
        return response
    return redirect(url)


@can_change
@require_POST
def saved_rename(request: HttpRequest, pk: int) -> HttpResponse:
    saved_query = services.owned(request.user, pk)
    form = RenameForm(request.POST)
    if form.is_valid():
        services.rename_saved_query(saved_query, form.cleaned_data["name"])
        messages.success(request, f"Renamed to “{saved_query.name}”.")
    else:
        messages.error(request, "A name is required.")
    return redirect("saved:list")


@can_change
@require_http_methods(["GET", "POST"])
def saved_edit(request: HttpRequest, pk: int) -> HttpResponse:
    saved_query = services.owned(request.user, pk)
    form = SavedQueryForm(request.POST or None, instance=saved_query)
    if request.method == "POST" and form.is_valid():
        services.update_saved_query(
            services.owned(request.user, pk),
            name=form.cleaned_data["name"],
            params=form.cleaned_data["params"],
            alert_frequency=form.cleaned_data["alert_frequency"],
        )
        messages.success(request, "Saved search updated.")
        return redirect("saved:list")
    return render(request, "saved/edit.html", {"form": form, "saved_query": saved_query})


@can_delete
@require_http_methods(["GET", "POST"])
def saved_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved_query = services.owned(request.user, pk)
    if request.method == "POST":
        services.delete_saved_query(saved_query)
        messages.success(request, f"Deleted “{saved_query.name}”.")
        return redirect("saved:list")
    return render(request, "saved/delete.html", {"saved_query": saved_query})
