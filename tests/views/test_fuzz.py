"""Hypothesis: no query or parameter value gives a 500, on the page or the API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]

QUERY_PIECES = st.sampled_from(
    ['"', "(", ")", "OR", "AND", "NOT", "-", "*", "w/5", "/s", "/p", "treatment:", "drug:", "case:",
     "rationale:", "CM13-0012345", "massage", "spasm", "\u0000", "\ufeff", "🦴", "ß", " ", "\n", ":",
     "~", "^2"]
)  # fmt: skip
QUERIES = st.one_of(
    st.text(max_size=300),
    st.lists(QUERY_PIECES, max_size=25).map(" ".join),
    st.lists(QUERY_PIECES, max_size=25).map("".join),
)
PARAM_VALUES = st.one_of(
    st.text(max_size=40), st.sampled_from(["", "0", "-1", "2019-13-45", "9" * 30, "overturned"])
)
PARAMS = st.dictionaries(
    st.sampled_from(["decision", "category", "subcategory", "drug_class", "specialty", "state", "guideline",
                     "priority", "date_from", "date_to", "sort", "page"]),
    PARAM_VALUES,
    max_size=5,
)  # fmt: skip
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(q=QUERIES, params=PARAMS)
def test_search_page_never_500(client, corpus, q, params):
    data = {**params, "q": q}
    response = client.get(reverse("search:search"), data)
    assert response.status_code < 500, (data, response.status_code)


@FUZZ
@given(q=QUERIES, params=PARAMS)
def test_api_never_500(client, corpus, q, params):
    data = {**params, "q": q}
    response = client.get(reverse("search:api-search"), data)
    assert response.status_code == 200, (data, response.status_code)
    assert "total_letters" in response.json()
