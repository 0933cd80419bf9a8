from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def search_page(request: HttpRequest) -> HttpResponse:
    return render(request, "search/search.html", {})
