"""Search benchmark: a generated corpus, a mixed query set, engine vs full response times, throughput.

    python bench/bench_search.py --letters 100000 [--rounds 3] [--clients 8] [--reuse] [--reuse-index]
        [--no-request-cache] [--workers 2] [--prepare-only] [--json out.json]

1. the generated archive of N letters (ingest.generator.archive: 2013-2026 by yearly volumes)
   saved to the bench's own PostgreSQL database by bench/archive.py, resumably (`bench_search`, or
   BENCH_SEARCH_DB; kept for `--reuse`, which also finishes a load that stopped; see
   bench/databases.py), and indexed with search.indexing.rebuild_index (timed apart);
2. a mixed query set (words, phrases, synonyms, proximity, /s, fields, facets, multi-select, date
   ranges, sorting, deep pages, case-number lists, misspellings), highlighting on, run `--rounds` times:
   p50/p95 of OpenSearch's own ``took`` and of the full response in the same requests, the latter
   through django.test.Client on the search page when it is available, else through search.engine;
   the prefix-proximity searches (``med* w/5 necess*``...) run in the same rounds and are reported
   apart from the mixed set's figures, with p50/p95 per query class and the slowest requests;
3. throughput with `--clients` concurrent clients (threads) on the same query set.

The search's facet counts are a separate size-0 request that OpenSearch's request cache answers
when it repeats: the cache is emptied before the timed rounds, round 1 is reported apart from the
later rounds, and ``--no-request-cache`` empties it before every timed request.

Runs in its own var folder and index prefix, so it never touches the portal's data.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.databases import bench_database_url, create_database  # noqa: E402
from bench.report import emit_report  # noqa: E402

BENCH_VAR = Path(os.environ.get("BENCH_SEARCH_VAR", "/tmp/imr-bench-search"))
DATABASE_URL = bench_database_url(os.environ.get("BENCH_SEARCH_DB", "bench_search"))
os.environ.update(
    {
        "PORTAL_VAR_DIR": str(BENCH_VAR),
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "true",  # the development settings every figure in docs/benchmarks.md was measured with
        "OPENSEARCH_INDEX_PREFIX": os.environ.get("BENCH_SEARCH_PREFIX", "bench-search"),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390/10"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "LOG_LEVEL": "WARNING",
        "SEARCH_REQUIRES_LOGIN": "false",
        # One client timing the engine, run after run: the per-client limit would answer 429.
        "SEARCH_RATE_LIMIT": "1000000/minute",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }
)

import django  # noqa: E402

create_database(DATABASE_URL, empty=False)
django.setup()

from django.core.management import call_command  # noqa: E402
from opensearchpy.exceptions import NotFoundError  # noqa: E402

from bench.archive import load_archive, missing_chunks  # noqa: E402
from ingest.models import Letter  # noqa: E402
from search import indexes, indexing  # noqa: E402
from search.engine import run_search  # noqa: E402
from search.forms import SearchForm  # noqa: E402
from search.results import SearchResults  # noqa: E402
from search.views import page as search_page  # noqa: E402


def _pool_for_clients(clients: int) -> None:
    """One pooled connection per concurrent client (the default pool holds one).

    opensearch-py 3.x takes ``pool_maxsize``; a ``maxsize`` key is silently ignored.
    """
    from django.conf import settings
    from opensearchpy.connection.connections import connections

    config = {**settings.OPENSEARCH_DSL["default"], "pool_maxsize": max(clients, 10)}
    connections.configure(default=config)


def sample_cases(count: int = 5) -> list[str]:
    """Case numbers of saved letters picked at random (the query set's pasted list)."""
    return [c for c in Letter.objects.order_by("?").values_list("case_number", flat=True)[:count] if c]


# The query set by class: what an attorney or adjuster types, and the prefix-proximity searches
# issue #17 names (each matches most letters: the costliest queries the syntax allows).
PREFIX_PROXIMITY = "prefix proximity"


def classed_query_set(sample_cases: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """(class, parameters as the page would receive them) for every query of the set."""
    cases = " ".join(sample_cases[:5])
    return [
        ("words", {"q": "massage spasm"}),
        ("words", {"q": "physical therapy functional improvement"}),
        ("words", {"q": "PT"}),
        ("phrases", {"q": '"medically necessary"'}),
        ("phrases", {"q": '"home exercise program" -acupuncture'}),
        ("proximity", {"q": "massage w/5 spasm"}),
        ("proximity", {"q": "opioid /s urine drug screen"}),
        ("fields", {"q": "treatment:acupuncture rationale:improvement"}),
        ("fields", {"q": "drug:norco OR drug:tramadol"}),
        ("fields", {"q": "drug:oxycodon"}),
        ("words", {"q": "radiculopath* MRI"}),
        ("filters", {"q": "guideline:MTUS chronic pain", "decision": ["overturned"]}),
        ("filters", {"q": "injection", "decision": ["overturned"], "category": ["Injections"]}),
        (
            "filters",
            {
                "decision": ["upheld"],
                "subcategory": ["Acupuncture", "Massage Therapy"],
                "specialty": ["Chiropractic"],
            },
        ),
        ("filters", {"q": "pain", "state": ["CA", "NY"], "priority": ["expedited"]}),
        ("filters", {"q": "surgery", "date_from": "2015-01-01", "date_to": "2016-12-31"}),
        ("deep pages", {"q": "therapy", "sort": "newest", "page": "40"}),
        ("deep pages", {"q": "", "sort": "oldest", "page": "200"}),
        ("deep pages", {"q": "medication", "page": "5"}),
        ("case numbers", {"q": cases}),
        ("browse", {}),
        (PREFIX_PROXIMITY, {"q": "med* w/5 necess*"}),
        (PREFIX_PROXIMITY, {"q": "pain w/5 medic*"}),
        (PREFIX_PROXIMITY, {"q": "con* /s rec*"}),
    ]


def query_set(sample_cases: list[str]) -> list[dict[str, Any]]:
    """The parameters of every query of the set (``classed_query_set`` without the classes)."""
    return [params for _, params in classed_query_set(sample_cases)]


def query_label(params: dict[str, Any]) -> str:
    """A query's parameters in one line, for the report's slowest queries."""
    return " ".join(f"{k}={v}" for k, v in params.items()) or "(browse)"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def page_client():
    """A Django test client on the search page, or None when the page is not wired yet."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("search:search")
    except NoReverseMatch:
        return None, ""
    client = Client()
    response = client.get(url, {"q": "pain"})
    if response.status_code != 200:
        print(f"  (search page answered {response.status_code}: timing the engine instead)")
        return None, ""
    return client, url


def one(params: dict[str, Any], client: Any, url: str) -> tuple[float, float]:
    """(engine took ms, full response ms) for one request."""
    form = SearchForm(params)
    started = time.perf_counter()
    if client is not None:
        took: list[int] = []
        original = search_page.run_search

        def timed(*args: Any, **kwargs: Any) -> SearchResults:
            result = original(*args, **kwargs)
            took.append(result.took_ms)
            return result

        search_page.run_search = timed
        try:
            response = client.get(url, params)
        finally:
            search_page.run_search = original
        assert response.status_code == 200, response.status_code
        full = (time.perf_counter() - started) * 1000
        return float(sum(took)), full
    result = run_search(form.params(), page=form.params().page)
    full = (time.perf_counter() - started) * 1000
    return float(result.took_ms), full


@dataclass(frozen=True)
class Sample:
    """One timed request: its query's class and label, the round, engine and full times (ms)."""

    cls: str
    label: str
    round: int
    took: float
    full: float


def figures(samples: list[Sample], prefix: str = "") -> dict[str, float]:
    """p50/p95 of the engine's took and of the full response, and their p95 ratio."""
    took = [s.took for s in samples]
    full = [s.full for s in samples]
    out = {
        f"{prefix}took_p50_ms": round(percentile(took, 50), 1),
        f"{prefix}took_p95_ms": round(percentile(took, 95), 1),
        f"{prefix}full_p50_ms": round(percentile(full, 50), 1),
        f"{prefix}full_p95_ms": round(percentile(full, 95), 1),
    }
    if not prefix:
        out["full_over_took_p95"] = round(out["full_p95_ms"] / max(out["took_p95_ms"], 0.1), 2)
    return out


def prepare(args: argparse.Namespace, report: dict[str, Any]) -> None:
    """The corpus and its index: ``--letters`` saved (kept with ``--reuse``) and indexed (kept with
    ``--reuse-index`` when the index holds every saved letter; ``rebuild_index`` merges it to one
    segment). Timings go into ``report``. Shared with ``bench_outcomes.py``."""
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if args.reuse and not missing_chunks(args.letters, args.seed):
        print(f"reusing {Letter.objects.count()} letters")
    else:
        seconds = load_archive(args.letters, args.seed, args.workers, fresh=not args.reuse)
        report["load_s"] = round(seconds, 1)
        print(f"saved {Letter.objects.count()} letters in {seconds:.1f}s")
    indexed = 0
    if args.reuse_index:
        try:
            indexed = indexing.get_client().count(index=indexes.alias_name())["count"]
        except NotFoundError:  # no index yet
            indexed = 0
    if indexed and indexed == Letter.objects.count():
        print(f"reusing the index ({indexed} letters)")
    else:
        started = time.perf_counter()
        rebuilt = indexing.rebuild_index(resume=args.reuse_index)  # a build that stopped goes on
        report["index_s"] = round(time.perf_counter() - started, 1)
        report["index_docs_per_s"] = round(
            (rebuilt.indexed - rebuilt.resumed_with) / max(report["index_s"], 1e-6)
        )
        print(f"indexed {rebuilt.indexed} letters in {report['index_s']}s ({report['index_docs_per_s']}/s)")


def segments() -> int:
    """The segments of the index behind the alias (1 after ``rebuild_index``'s merge)."""
    engine = indexing.get_client()
    return sum(
        len(shard["segments"])
        for index in engine.indices.segments(index=indexes.alias_name())["indices"].values()
        for copies in index["shards"].values()
        for shard in copies
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    _pool_for_clients(args.clients)
    report: dict[str, Any] = {"letters": args.letters}
    prepare(args, report)
    if args.prepare_only:
        return report
    classed = classed_query_set(sample_cases())
    mixed = [params for cls, params in classed if cls != PREFIX_PROXIMITY]
    client, url = page_client() if not args.service_only else (None, "")
    report["full_response_via"] = (
        "django.test.Client GET search page" if client else "search.engine.run_search"
    )
    for params in mixed[:5]:  # warm up
        one(params, client, url)
    engine = indexing.get_client()
    alias = indexes.alias_name()
    report["segments"] = segments()
    # The facet counts are a size-0 request OpenSearch caches: start every measurement cold, and
    # with --no-request-cache keep every request cold (the cache emptied before each one).
    engine.indices.clear_cache(index=alias, request=True)
    report["request_cache"] = "cleared before every request" if args.no_request_cache else "on"
    samples: list[Sample] = []
    for number in range(args.rounds):
        for cls, params in classed:
            if args.no_request_cache:
                engine.indices.clear_cache(index=alias, request=True)
            took, full = one(params, client, url)
            samples.append(Sample(cls, query_label(params), number, took, full))
    in_mixed = [s for s in samples if s.cls != PREFIX_PROXIMITY]
    report.update(requests=len(in_mixed), **figures(in_mixed))
    if args.rounds > 1 and not args.no_request_cache:
        # Round 1 meets every query first (cold cache); later rounds repeat them (cached counts).
        report.update(figures([s for s in in_mixed if s.round == 0], "round1_"))
        report.update(figures([s for s in in_mixed if s.round > 0], "later_rounds_"))
    report["by_class"] = {
        cls: figures([s for s in samples if s.cls == cls]) for cls in dict.fromkeys(c for c, _ in classed)
    }
    slowest = sorted(samples, key=lambda s: s.full, reverse=True)
    report["max_full_ms"] = round(slowest[0].full, 1)
    report["slowest"] = [f"{s.label}: {s.full:.0f} ms (engine {s.took:.0f})" for s in slowest[:5]]

    work = mixed * args.rounds * 2
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        list(pool.map(lambda p: one(p, None, ""), work))
    elapsed = time.perf_counter() - started
    report.update(clients=args.clients, throughput_qps=round(len(work) / elapsed, 1))
    report["mean_took_ms"] = round(statistics.mean(s.took for s in in_mixed), 1)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the bench database's archive (finishing its load if it stopped)",
    )
    parser.add_argument("--workers", type=int, default=2, help="processes saving the archive")
    parser.add_argument(
        "--prepare-only", action="store_true", help="load and index the archive, time nothing else"
    )
    parser.add_argument(
        "--reuse-index", action="store_true", help="keep the index when it holds every saved letter"
    )
    parser.add_argument("--service-only", action="store_true", help="time search.engine, not the page")
    parser.add_argument(
        "--no-request-cache",
        action="store_true",
        help="empty OpenSearch's request cache before every timed request (facet counts never cached)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    emit_report(run(args), args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
