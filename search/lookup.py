"""One letter by its public id (the case number, or ``id-N`` for a letter without one): 404 otherwise."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from ingest.models import Letter


def get_letter(public_id: str) -> Letter:
    queryset = Letter.objects.prefetch_related("treatments")
    if public_id.startswith("id-") and public_id[3:].isdigit():
        return get_object_or_404(queryset, pk=int(public_id[3:]), case_number__isnull=True)
    if len(public_id) > 32 or not public_id.isprintable():  # e.g. NUL, which PostgreSQL refuses
        raise Http404("No such letter.")
    return get_object_or_404(queryset, case_number=public_id)
