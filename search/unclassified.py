"""The decisions no treatment facet names (category empty in the database) and their most frequent
requests: the classifier's long tail, for an operator (``manage.py check_index``).

The facets show these decisions as "Unclassified"; this counts them from the database, the source
of truth, so the figure holds whether or not the index is current.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Func, TextField, Value
from django.db.models.functions import Lower, Trim

from ingest.models import Treatment

TOP = 20


@dataclass(frozen=True)
class Unclassified:
    decisions: int  # treatments with no category
    total: int  # every treatment
    letters: int  # letters with at least one of them
    requests: list[tuple[str, int]]  # the most frequent request texts among them, normalized, with counts

    @property
    def share(self) -> float:
        return self.decisions / self.total if self.total else 0.0


def normalized_request() -> Func:
    """A request as compared here: lower case, every run of whitespace one space, trimmed."""
    collapsed = Func(
        F("request"),
        Value(r"\s+"),
        Value(" "),
        Value("g"),
        function="REGEXP_REPLACE",
        output_field=TextField(),
    )
    return Lower(Trim(collapsed))


def unclassified(top: int = TOP) -> Unclassified:
    """How many decisions have no category, in how many letters, and their `top` most frequent requests
    (the most frequent first, then alphabetical)."""
    missing = Treatment.objects.filter(category="")
    counts = missing.aggregate(decisions=Count("pk"), letters=Count("letter_id", distinct=True))
    rows = (
        missing.annotate(text=normalized_request())
        .values("text")
        .annotate(n=Count("pk"))
        .order_by("-n", "text")
        .values_list("text", "n")[:top]
    )
    return Unclassified(
        decisions=counts["decisions"],
        total=Treatment.objects.count(),
        letters=counts["letters"],
        requests=list(rows),
    )
