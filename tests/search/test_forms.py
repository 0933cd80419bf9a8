"""SearchForm: the one validation path; never raises, collects messages."""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from search.forms import MAX_Q, SearchForm, SearchParams


def test_querydict_multi_values_and_round_trip():
    qd = QueryDict(
        "q=massage+spasm&decision=Overturned&subcategory=Acupuncture&subcategory=MRI&state=ca&page=3"
    )
    form = SearchForm(qd)
    params = form.params()
    assert params.decision == ("overturned",)
    assert params.subcategory == ("Acupuncture", "MRI")
    assert params.state == ("CA",)
    assert params.page == 3
    again = SearchForm(QueryDict(params.to_querystring(include_page=True))).params()
    assert again == params
    assert "page" not in params.to_querystring()


def test_dict_input_and_defaults():
    params = SearchForm({"q": " pain ", "priority": "Expedited"}).params()
    assert params == SearchParams(q="pain", priority=("expedited",))
    assert SearchForm(None).params().is_empty


def test_bad_values_become_messages():
    form = SearchForm({"date_from": "not a date", "date_to": "2014-13-45", "sort": "sideways", "page": "abc"})
    params = form.params()
    assert params.date_from is None
    assert params.date_to is None
    assert params.sort == "relevance"
    assert params.page == 1
    assert len(form.messages) == 4


def test_dates_in_us_format_and_reversed_range():
    form = SearchForm({"date_from": "12/31/2015", "date_to": "2015-01-01"})
    params = form.params()
    assert (params.date_from, params.date_to) == (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert any("swapped" in m for m in form.messages)


def test_limits():
    form = SearchForm({"q": "x" * 50_000, "category": [f"c{i}" for i in range(80)], "page": "-4"})
    params = form.params()
    assert len(params.q) == MAX_Q
    assert len(params.category) == 50
    assert params.page == 1


KEYS = st.sampled_from(["q", "decision", "state", "date_from", "date_to", "sort", "page", "x"])
VALUES = st.one_of(st.text(max_size=30), st.lists(st.text(max_size=10), max_size=4), st.integers())


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, VALUES))
def test_fuzz_never_raises(data):
    form = SearchForm(data)
    SearchForm(QueryDict(form.params().to_querystring(include_page=True))).params()


def test_scope_is_validated_and_kept_in_the_querystring():
    assert SearchForm({}).params().scope == "decision"
    request = SearchForm({"q": "acupuncture", "scope": "Request"}).params()
    assert request.scope == "request"
    assert request.to_querystring() == "q=acupuncture&scope=request"
    assert SearchForm({"q": "acupuncture"}).params().to_querystring() == "q=acupuncture"
    form = SearchForm({"q": "acupuncture", "scope": "everywhere"})
    assert form.params().scope == "decision"
    assert any("Unknown scope" in m for m in form.messages)
