"""Where OpenSearch spends a search's time: the profile API on the page's two requests.

    BENCH_SEARCH_DB=... BENCH_SEARCH_PREFIX=... python bench/profile_engine.py
        [--query 'med* w/5 necess*' ...] [--rounds 3]

For each query of bench_search's set (or those given), the hits request (``dsl.hits_request``,
highlighted) and the facets request (``dsl.facets_request``) are sent with ``"profile": true``,
the request cache off, ``--rounds`` times; the report gives, at the median round, each request's
``took``, its query time (rewrite, scoring, collection, summed over shards) and its aggregations'
time, the costliest aggregations first. The profiler's own overhead inflates every figure: read the
shares, not the milliseconds. Runs on the index bench_search.py built (same database and prefix).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import bench_search as bs  # noqa: E402  (sets the bench's environment and Django up)
from search import dsl  # noqa: E402
from search.engine import compile_search, send_search  # noqa: E402
from search.forms import SearchForm  # noqa: E402


def _nanos(node: dict[str, Any]) -> int:
    return int(node.get("time_in_nanos", 0))


def _aggregations(shards: list[dict[str, Any]]) -> dict[str, float]:
    """ms by aggregation path ("all > about_letters > n > t > facet_category"), over every shard;
    a node's time includes its children's."""
    spent: dict[str, float] = {}

    def walk(node: dict[str, Any], path: str) -> None:
        name = f"{path} > {node['description']}" if path else node["description"]
        spent[name] = spent.get(name, 0.0) + _nanos(node) / 1e6
        for child in node.get("children", []):
            walk(child, name)

    for shard in shards:
        for node in shard.get("aggregations", []):
            walk(node, "")
    return spent


def _query_ms(shards: list[dict[str, Any]]) -> float:
    total = 0
    for shard in shards:
        for search in shard.get("searches", []):
            total += sum(_nanos(q) for q in search.get("query", []))
            total += int(search.get("rewrite_time", 0))
            total += sum(_nanos(c) for c in search.get("collector", []))
    return total / 1e6


def profile(body: dict[str, Any]) -> dict[str, Any]:
    answer = send_search({**body, "profile": True}, request_cache=False)
    shards = answer["profile"]["shards"]
    return {"took": float(answer["took"]), "query": _query_ms(shards), "aggs": _aggregations(shards)}


def median_run(body: dict[str, Any], rounds: int) -> dict[str, Any]:
    runs = sorted((profile(body) for _ in range(rounds)), key=lambda r: r["took"])
    return runs[len(runs) // 2]


def report(label: str, run: dict[str, Any], top: int) -> None:
    aggs: dict[str, float] = run["aggs"]
    print(f"  {label}: took {run['took']:.0f} ms, query and collection {run['query']:.0f} ms")
    leaves = {k: v for k, v in aggs.items() if not any(o.startswith(k + " > ") for o in aggs)}
    roots = [v for k, v in aggs.items() if " > " not in k]
    if roots:
        print(f"    aggregations {sum(roots):.0f} ms; costliest leaves:")
        for name, ms in sorted(leaves.items(), key=lambda kv: -kv[1])[:top]:
            print(f"      {ms:7.1f} ms  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--query", action="append", help="a search box text (repeatable); default: the set")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    queries = (
        [{"q": q} for q in args.query]
        if args.query
        else [params for _, params in bs.classed_query_set(bs.sample_cases())]
    )
    took: list[float] = []
    for params in queries:
        search = SearchForm(params).params()
        compiled, words = compile_search(search)
        print(bs.query_label(params))
        hits = median_run(dsl.hits_request(search, compiled, start=0, size=20, analysis=words), args.rounds)
        facets = median_run(dsl.facets_request(search, compiled), args.rounds)
        report("hits", hits, args.top)
        report("facets", facets, args.top)
        took.append(max(hits["took"], facets["took"]))
    print(f"median of the slower request per query: {statistics.median(took):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
