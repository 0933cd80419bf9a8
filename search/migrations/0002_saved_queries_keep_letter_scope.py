"""Saved queries made before scopes existed matched words anywhere in a letter: they keep that scope.

Words of a search now match a decision's own text by default (``search.scopes``). A query saved
earlier, with words, gets ``scope=letter`` in its stored query string, so its counts and alerts go
on as they were; its owner can switch it to the decision scope from the search page.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.http import QueryDict

LETTER = "letter"


def keep_letter_scope(apps: Any, schema_editor: Any) -> None:
    saved_query = apps.get_model("search", "SavedQuery")
    for query in saved_query.objects.exclude(params=""):
        data = QueryDict(query.params, mutable=True)
        if "scope" in data or not "".join(data.getlist("q")).strip():
            continue
        data["scope"] = LETTER
        query.params = data.urlencode()
        query.save(update_fields=["params"])


def drop_letter_scope(apps: Any, schema_editor: Any) -> None:
    saved_query = apps.get_model("search", "SavedQuery")
    for query in saved_query.objects.filter(params__contains="scope=letter"):
        data = QueryDict(query.params, mutable=True)
        data.pop("scope", None)
        query.params = data.urlencode()
        query.save(update_fields=["params"])


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(keep_letter_scope, drop_letter_scope)]
