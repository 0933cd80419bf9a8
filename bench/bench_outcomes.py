"""Outcomes benchmark (issue #15): the Outcomes page beside OpenSearch's own time, and what the search
sidebar's per-facet overturn rates cost.

    python bench/bench_outcomes.py --letters 100000 --reuse --reuse-index [--rounds 3] [--json out.json]
        [--profile N]

The corpus, its database and its index are bench_search.py's (imported, not copied: the same
``bench_search`` database and ``bench-search`` index prefix, merged to one segment).

1. **The Outcomes page**: GET /outcomes through django.test.Client (status 200 asserted) over a query
   set (words, phrases, proximity, fields, filters, a date range, the empty search), each with two
   breakdowns (the default category and specialty, and other pairs in turn) and the timeline. The
   engine's own time of a page is the sum of the ``took`` of every search request it sends (the
   pooled client's ``search`` and ``msearch`` are wrapped here, in the bench only:
   ``search.engine.send_search`` sends every outcomes request through the first; since
   ``run_breakdowns`` the page sends one, and the engine requests per page are reported).
   ``--rounds`` rounds with OpenSearch's request cache emptied before round 1 (round 1 apart from
   the later rounds), then ``--rounds`` rounds with it emptied before every request. The
   distinguishing phrases fragment (``search:outcomes-phrases``) is timed as its own request after
   each page when that route exists.
2. **The sidebar's overturn rates**: for the search's mixed query set (bench_search.query_set), the
   facets request (``search.dsl.facets_request``) as it is, without its rates (``strip_rates``: the
   matching decisions grouped by each facet's field, and the year, among the undecided and the
   overturned, and a letter-level one's among all: ``UNDECIDED``, ``OVERTURNED`` and ``DECISIONS``
   in ``search.dsl.aggregations``), and with the
   treatment-level rates only (the letter-level and year groups stripped), alternated request by
   request, the request cache emptied before each; then the search page as bench_search.py times it,
   with the rates and without them (the facets request stripped in this process), alternated the
   same way.
3. ``--profile N``: cProfile of the Outcomes page view for query N of the set (warm, cache on).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import cProfile
import io
import json
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from bench import bench_search as bs  # noqa: E402  (sets the bench's environment and Django up)
from bench.report import emit_report  # noqa: E402
from ingest.models import Letter, Treatment  # noqa: E402
from search import dsl, indexes, indexing  # noqa: E402
from search.engine import compile_search  # noqa: E402
from search.forms import SearchForm  # noqa: E402

# Breakdown pairs (by, by2), taken in turn over the query set; (None, None) is the page's default
# (category, then specialty).
PAIRS: list[tuple[str | None, str | None]] = [
    (None, None),
    ("drug_class", "state"),
    ("citation", "decision_quarter"),
    ("subcategory", "priority"),
    ("guideline", "decision_year"),
    ("specialty", "category"),
]


# Issue #17's three searches, in the set since that issue: reported with the rest and apart from it.
PREFIX_PROXIMITIES = {params["q"] for kind, params in bs.classed_query_set([]) if kind == bs.PREFIX_PROXIMITY}


def outcome_queries(cases: list[str]) -> list[dict[str, Any]]:
    """The search's mixed query set without its paging and sorting (the page has neither), each
    with a breakdown pair in turn."""
    queries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for params in bs.query_set(cases):
        search = {k: v for k, v in params.items() if k not in ("page", "sort") and v not in ("", [])}
        key = json.dumps(search, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        by, by2 = PAIRS[len(queries) % len(PAIRS)]
        queries.append({**search, **({"by": by} if by else {}), **({"by2": by2} if by2 else {})})
    return queries


@contextlib.contextmanager
def engine_took() -> Iterator[list[int]]:
    """The ``took`` of every search request sent meanwhile (an ``msearch`` counts once, its own
    ``took``): the pooled client's ``search`` and ``msearch`` wrapped."""
    client = indexing.get_client()
    took: list[int] = []

    def timed(original: Callable[..., Any]) -> Callable[..., Any]:
        def send(*args: Any, **kwargs: Any) -> Any:
            answer = original(*args, **kwargs)
            took.append(int(answer.get("took", 0)))
            return answer

        return send

    for method in ("search", "msearch"):
        # an instance attribute over the method, for the bench
        setattr(client, method, timed(getattr(client, method)))
    try:
        yield took
    finally:
        for method in ("search", "msearch"):
            delattr(client, method)


def clear_cache() -> None:
    indexing.get_client().indices.clear_cache(index=indexes.alias_name(), request=True)


def timed_get(client: Client, url: str, params: dict[str, Any]) -> tuple[float, float, int]:
    """(summed engine took ms, full response ms, engine search requests) of one GET, status 200."""
    with engine_took() as took:
        started = time.perf_counter()
        response = client.get(url, params)
        full = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, params, response.status_code)
    return float(sum(took)), full, len(took)


def label(params: dict[str, Any]) -> str:
    """A query in a few words, for the slowest lists: its parameters as a query string."""
    return " ".join(f"{k}={v}" for k, v in params.items())[:80] or "(empty search)"


class Series:
    """Paired samples: the engine's took and the full response, tagged by round and query."""

    def __init__(self) -> None:
        self.took: list[float] = []
        self.full: list[float] = []
        self.rounds: list[int] = []
        self.labels: list[str] = []
        self.prefix_proximity: list[bool] = []  # the query is one of issue #17's prefix proximities

    def add(self, took: float, full: float, number: int, params: dict[str, Any] | None = None) -> None:
        params = params or {}
        self.took.append(took)
        self.full.append(full)
        self.rounds.append(number)
        self.labels.append(label(params))
        self.prefix_proximity.append(params.get("q") in PREFIX_PROXIMITIES)

    def figures(
        self, keep: Callable[[int], bool] = lambda r: True, *, prefix_proximity: bool = True
    ) -> dict[str, Any]:
        """Percentiles of the rounds ``keep`` accepts; without the prefix proximities unless asked."""
        kept = [
            i
            for i, (r, pp) in enumerate(zip(self.rounds, self.prefix_proximity, strict=True))
            if keep(r) and (prefix_proximity or not pp)
        ]
        took = [self.took[i] for i in kept]
        full = [self.full[i] for i in kept]
        out: dict[str, Any] = {
            "n": len(full),
            "full_p50_ms": round(bs.percentile(full, 50), 1),
            "full_p95_ms": round(bs.percentile(full, 95), 1),
            "took_p50_ms": round(bs.percentile(took, 50), 1),
            "took_p95_ms": round(bs.percentile(took, 95), 1),
        }
        out["full_over_took_p95"] = round(out["full_p95_ms"] / max(out["took_p95_ms"], 0.1), 2)
        return out

    def slowest(self, count: int = 3) -> list[str]:
        """The queries with the slowest median full response, with that median."""
        by_query: dict[str, list[float]] = {}
        for query, full in zip(self.labels, self.full, strict=True):
            by_query.setdefault(query, []).append(full)
        medians = sorted(((bs.percentile(v, 50), q) for q, v in by_query.items()), reverse=True)
        return [f"{q}: {ms:.0f} ms" for ms, q in medians[:count]]


def phrases_url() -> str:
    try:
        return reverse("search:outcomes-phrases")
    except NoReverseMatch:
        return ""


def measure_outcomes(queries: list[dict[str, Any]], rounds: int, report: dict[str, Any]) -> None:
    client = Client()
    url = reverse("search:outcomes")
    fragment = phrases_url()
    report["phrases_fragment"] = fragment or "not measured: no search:outcomes-phrases route"
    for params in queries[:5]:  # warm up (templates, imports, connections)
        timed_get(client, url, params)
    requests: set[int] = set()
    slowest: dict[str, list[str]] = {}
    for mode in ("cache_on", "cleared_each"):
        page, phrases = Series(), Series()
        clear_cache()
        for number in range(rounds):
            for params in queries:
                if mode == "cleared_each":
                    clear_cache()
                took, full, sent = timed_get(client, url, params)
                page.add(took, full, number, params)
                requests.add(sent)
                if fragment:
                    if mode == "cleared_each":
                        clear_cache()
                    took, full, _ = timed_get(client, fragment, params)
                    phrases.add(took, full, number, params)
        name = "outcomes_" + mode
        report[name] = page.figures()
        report[name + "_without_prefix_proximity"] = page.figures(prefix_proximity=False)
        if mode == "cache_on" and rounds > 1:
            report[name + "_round1"] = page.figures(lambda r: r == 0)
            report[name + "_round1_without_prefix_proximity"] = page.figures(
                lambda r: r == 0, prefix_proximity=False
            )
            report[name + "_later"] = page.figures(lambda r: r > 0)
        slowest[name] = page.slowest()
        if fragment:
            report["phrases_" + mode] = phrases.figures()
            slowest["phrases_" + mode] = phrases.slowest()
    report["outcomes_engine_requests_per_page"] = sorted(requests)
    report["slowest"] = slowest


def rate_groups() -> dict[str, tuple[str, dict[str, Any]]]:
    """Every rate group ``search.dsl.aggregations`` may put under ``UNDECIDED``, ``OVERTURNED`` (and
    ``DECISIONS``): ``facet_<name>`` -> (its level, its grouping of the matching decisions)."""
    groups: dict[str, tuple[str, dict[str, Any]]] = {
        f"facet_{f.param}": ("treatment", dsl._every(f.field))
        for f in dsl.TREATMENT_FACETS
        if f.field != dsl.DECISION_FIELD
    }
    for name, _, _, decisions in dsl.LETTER_GROUPS:
        groups[f"facet_{name}"] = ("letter", decisions)
    return groups


def strip_rates(
    body: dict[str, Any], params: Any, compiled: Any, *, letters_only: bool = False
) -> tuple[dict[str, Any], int]:
    """A copy of the facets request without the overturn rates of ``search.dsl.aggregations``: the
    matching decisions grouped by each facet's field among the undecided (``UNDECIDED`` >
    ``facet_<name>``) and the overturned (``OVERTURNED`` > ``facet_<name>``), and a letter-level
    facet's among all (``DECISIONS`` > ``facet_<name>``), wherever they are:

    - beside the shared counts (under ``all``'s matching decisions), the groups of every facet
      without a selection, and beside a selected treatment-level facet's ``values``, its own group;
    - beside a selected letter-level facet's (or the year's) ``values``, its own matching decisions
      with its group (``_matching_decisions(cond, _rates(...))``).

    Each is checked to be exactly that (``dsl._rates`` of known groups, the decided and overturned
    filters); ``letters_only`` strips the letter-level groups (letter facets and the year) only.
    Returns (body, rate groups stripped: one per facet or year, each counted once for the pair)."""
    cond = dsl.conditions(params, compiled)
    known = rate_groups()
    selected_letter = {
        f"facet_{name}": dsl._matching_decisions(cond, dsl._rates({}, {f"facet_{name}": decisions}))
        for name, _, _, decisions in dsl.LETTER_GROUPS
    }
    stripped = copy.deepcopy(body)
    count = 0

    def walk(node: Any, name: str = "") -> None:
        nonlocal count
        if isinstance(node, list):
            for value in node:
                walk(value)
            return
        if not isinstance(node, dict):
            return
        aggs = node.get("aggs")
        if isinstance(aggs, dict):
            if "values" in aggs and name in selected_letter and len(aggs) > 1:  # a selected letter facet
                rates = {k: v for k, v in aggs.items() if k != "values"}
                assert rates == selected_letter[name], f"not a rate: {json.dumps(rates)[:300]}"
                for key in rates:
                    del aggs[key]
                count += 1
            if dsl.UNDECIDED in aggs or dsl.OVERTURNED in aggs:
                groups = aggs[dsl.UNDECIDED]["aggs"]
                for key, group in groups.items():
                    assert known[key][1] == group, f"not a rate group: {key} {json.dumps(group)[:300]}"
                treatment = {k: g for k, g in groups.items() if known[k][0] == "treatment"}
                letter = {k: g for k, g in groups.items() if known[k][0] == "letter"}
                nodes = (dsl.UNDECIDED, dsl.OVERTURNED, dsl.DECISIONS)
                rates = {k: aggs[k] for k in nodes if k in aggs}
                assert rates == dsl._rates(treatment, letter), f"not a rate: {json.dumps(rates)[:300]}"
                kept = treatment if letters_only else {}
                count += len(groups) - len(kept)
                for key in rates:
                    del aggs[key]
                aggs.update(dsl._rates(kept, {}))
            if not aggs:
                del node["aggs"]
            for key, value in list(node.get("aggs", {}).items()):
                walk(value, key)
        for key, value in node.items():
            if key != "aggs":
                walk(value)

    walk({"aggs": stripped["aggs"]})
    return stripped, count


KEPT = ("key", "key_as_string", "doc_count")


def counts_only(node: Any) -> Any:
    """A facets response without its rates: no rate node, a selected facet's ``values`` alone, every
    bucket cut to its key and count. Two bodies that differ only by their rates give the same."""
    if isinstance(node, list):
        return [counts_only(v) for v in node]
    if not isinstance(node, dict):
        return node
    if "values" in node:
        node = {k: v for k, v in node.items() if k in ("values", "doc_count")}
    if isinstance(node.get("buckets"), list):
        node = {**node, "buckets": [{k: b[k] for k in KEPT if k in b} for b in node["buckets"]]}
    rates = (dsl.UNDECIDED, dsl.OVERTURNED, dsl.DECISIONS)
    return {k: counts_only(v) for k, v in node.items() if k not in rates}


def measure_rates(queries: list[dict[str, Any]], rounds: int, report: dict[str, Any]) -> None:
    engine = indexing.get_client()
    alias = indexes.alias_name()
    bodies: list[dict[str, dict[str, Any]]] = []
    stripped_counts: set[tuple[int, int]] = set()
    for params in queries:
        search = SearchForm(params).params()
        compiled, _ = compile_search(search)
        body = dsl.facets_request(search, compiled)
        bare, count = strip_rates(body, search, compiled)
        treatments_only, letters = strip_rates(body, search, compiled, letters_only=True)
        stripped_counts.add((count, letters))
        bodies.append({"with": body, "without": bare, "treatment_rates_only": treatments_only})
        # the same counts without the rates (the check that only the rates were dropped)
        answers = [engine.search(index=alias, body=b)["aggregations"] for b in (body, bare, treatments_only)]
        assert counts_only(answers[0]) == counts_only(answers[1]) == counts_only(answers[2]), params
    report["rates_stripped_per_request_all_and_letter_level"] = sorted(stripped_counts)
    series = {name: Series() for name in bodies[0]}
    names = list(series)
    for number in range(rounds):
        for i, variants in enumerate(bodies):
            shift = (i + number) % len(names)  # each variant first in turn
            for name in names[shift:] + names[:shift]:
                clear_cache()
                started = time.perf_counter()
                answer = engine.search(index=alias, body=variants[name], request_cache=True)
                series[name].add(float(answer["took"]), (time.perf_counter() - started) * 1000, number)
    for name, s in series.items():
        report[f"facets_{name}" + ("_rates" if name in ("with", "without") else "")] = s.figures()
    w, wo = series["with"], series["without"]
    diff = [a - b for a, b in zip(w.took, wo.took, strict=True)]
    report["rates_took_added_p50_ms"] = round(bs.percentile(diff, 50), 1)
    for pct in (50, 95):
        ratio = bs.percentile(w.took, pct) / max(bs.percentile(wo.took, pct), 0.1)
        report[f"rates_took_ratio_p{pct}"] = round(ratio, 2)
    report["rates_took_ratio_sum"] = round(sum(w.took) / max(sum(wo.took), 0.1), 2)
    # The search page as bench_search.py times it: with the request cache on, and emptied before every
    # request, then with and without the rates (the facets request stripped, in this process only).
    client, url = bs.page_client()
    page = Series()
    clear_cache()
    for number in range(rounds):
        for params in queries:
            took, full = bs.one(params, client, url)
            page.add(took, full, number, params)
    report["search_page_cache_on"] = page.figures()
    pages = {"with": Series(), "without": Series()}
    for number in range(rounds):
        for i, params in enumerate(queries):
            order = ["with", "without"] if (i + number) % 2 == 0 else ["without", "with"]
            for name in order:
                clear_cache()
                with facets_without_rates() if name == "without" else contextlib.nullcontext():
                    took, full = bs.one(params, client, url)
                pages[name].add(took, full, number, params)
    for name, s in pages.items():
        report[f"search_page_cleared_each_{name}_rates"] = s.figures()
    page_with = report["search_page_cleared_each_with_rates"]
    page_without = report["search_page_cleared_each_without_rates"]
    for pct in (50, 95):
        added = page_with[f"full_p{pct}_ms"] - page_without[f"full_p{pct}_ms"]
        report[f"rates_share_of_search_page_p{pct}"] = f"{added / max(page_with[f'full_p{pct}_ms'], 0.1):.0%}"
    added_p95 = report["facets_with_rates"]["took_p95_ms"] - report["facets_without_rates"]["took_p95_ms"]
    report["rates_took_added_p95_ms"] = round(added_p95, 1)


@contextlib.contextmanager
def facets_without_rates() -> Iterator[None]:
    """The search page's facets request without the rates, meanwhile (``search.dsl.facets_request``
    wrapped in this process; the sidebar then shows no rates)."""
    original = dsl.facets_request

    def bare(params: Any, compiled: Any) -> dict[str, Any]:
        return strip_rates(original(params, compiled), params, compiled)[0]

    setattr(dsl, "facets_request", bare)  # noqa: B010 (the bench's stand-in, for the comparison)
    try:
        yield
    finally:
        setattr(dsl, "facets_request", original)  # noqa: B010


def profile(params: dict[str, Any], top: int = 25) -> str:
    client = Client()
    url = reverse("search:outcomes")
    client.get(url, params)  # warm
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        assert client.get(url, params).status_code == 200
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"/(search|accounts|portal)/", top)  # the project's code
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the bench database when it is big enough")
    parser.add_argument(
        "--reuse-index", action="store_true", help="keep the index when it holds every saved letter"
    )
    parser.add_argument("--skip-rates", action="store_true", help="time the Outcomes page only")
    parser.add_argument("--profile", type=int, metavar="N", help="profile the page for query N, then stop")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    report: dict[str, Any] = {"letters": args.letters}
    bs.prepare(args, report)
    report.update(
        saved_letters=Letter.objects.count(),
        decisions=Treatment.objects.count(),
        segments=bs.segments(),
    )
    cases = bs.sample_cases()
    queries = outcome_queries(cases)
    if args.profile is not None:
        print(queries[args.profile])
        print(profile(queries[args.profile]))
        return 0
    report["outcome_queries"] = len(queries)
    measure_outcomes(queries, args.rounds, report)
    if not args.skip_rates:
        measure_rates(bs.query_set(cases), args.rounds, report)
    emit_report(report, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
