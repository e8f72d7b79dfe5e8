"""`make bench-scale` (issue #8): the portal at 3 000, 30 000 and 300 000 services, on each search backend.

For each size and backend (Whoosh on SQLite; the PostgreSQL backend on PostgreSQL), in a throwaway instance:
  1. generate the services (`directory.demo.generate_services`, as `flask demo generate --services N --seed S`)
     and build the search index, timed;
  2. the fixed query mix of benchmarks/bench_search.py in-process: first search, p50, p95, p99;
  3. gunicorn with 2 workers (`make serve-prod`'s configuration when there is one), then locust headless with
     50 concurrent clients, no pauses: /search with the same query mix for BENCH_SECONDS, then /services/<id>
     for BENCH_SECONDS; requests per second, p50/p95/p99, errors, the workers' CPU time per request (which
     depends far less than latency on whatever else the machine is doing) and each worker's peak resident
     memory. gunicorn's worker timeout is raised to 120 s so a first search over a huge index is not killed;
     locust gives up on a request after 60 s and counts it as an error.

    .venv/bin/python benchmarks/bench_scale.py
    BENCH_SIZES=3000,30000 BENCH_SECONDS=20 .venv/bin/python benchmarks/bench_scale.py

Settings (environment): BENCH_SIZES (3000,30000,300000), BENCH_BACKENDS (whoosh,postgres), BENCH_SECONDS (60,
per page type), BENCH_USERS (50), BENCH_WORKERS (2), BENCH_SEED (1), BENCH_POSTGRES_URL (an existing server's
maintenance database; default: a throwaway server from tests/postgres_server.py), BENCH_KEEP (keep the instances),
BENCH_JSON (also write the figures to this file). Exit status 1 if a target is missed.
"""
from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import harness  # noqa: E402
from harness import env_int, env_list, log  # noqa: E402

TARGET_SEARCH_P95_MS = {("whoosh", 30000): 100.0, ("postgres", 30000): 100.0, ("postgres", 300000): 150.0}
TARGET_SERVICE_PAGES_PER_S = 200.0
# Full postcodes in the districts the benchmark's services sit in (any postcode resolves to its district).
POSTCODES = ["E8 1DY", "E5 8DX", "E9 6AE", "N16 7XA", "E2 8AA", "N1 5QJ", "E1 6AN", "N4 2DT", "E3 4JR", "E17 4QA"]


def search_paths(seed: int = 7) -> list[str]:
    """bench_search.py's query mix as /search addresses, as the search form would send them."""
    from bench_search import query_mix

    rng = random.Random(seed)  # nosec B311  # benchmark data, not a secret
    paths = []
    for q in query_mix():
        params: list[tuple[str, str]] = []
        if q.text:
            params.append(("q", q.text))
        params += [("category", c) for c in q.categories] + [("need", n) for n in q.needs]
        params += [("delivery", d) for d in q.delivery]
        if q.age is not None:
            params.append(("age", str(q.age)))
        if q.free:
            params.append(("free", "yes"))
        if q.self_referral:
            params.append(("self_referral", "yes"))
        if q.origin is not None:
            params.append(("postcode", rng.choice(POSTCODES)))
        if q.sort and q.sort != "relevance":
            params.append(("sort", q.sort))
        if q.page and q.page > 1:
            params.append(("page", str(q.page)))
        paths.append("/search?" + urlencode(params))
    return paths


def build_and_search(size: int, seed: int) -> dict:
    """In this process, for the instance in the environment: generate, index, run the query mix."""
    from bench_search import percentile, query_mix

    from directory import demo, search
    from portal import create_app

    app = create_app()
    with app.app_context():
        started = time.perf_counter()
        demo.generate_services(size, seed=seed)
        generate_s = time.perf_counter() - started
        started = time.perf_counter()
        indexed = search.reindex()
        index_s = time.perf_counter() - started
        queries = query_mix()
        started = time.perf_counter()
        search.search(queries[0])
        first_ms = (time.perf_counter() - started) * 1000
        times = []
        for q in queries:
            started = time.perf_counter()
            search.search(q)
            times.append((time.perf_counter() - started) * 1000)
    return {"generate_s": generate_s, "index_s": index_s, "indexed": indexed, "first_ms": first_ms,
            "p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99),
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(size: int, backend: str, postgres: harness.Postgres | None, settings: dict) -> dict:
    instance = harness.Instance(backend, postgres, label=f"bench-{size}-{backend}")
    server = None
    try:
        log(f"{size} services, {backend}: schema")
        instance.migrate()
        log(f"{size} services, {backend}: generating and indexing")
        built = instance.python(os.path.abspath(__file__), "--build", str(size), str(settings["seed"]))
        log(f"{size} services, {backend}: generated in {built['generate_s']:.1f} s, indexed in "
            f"{built['index_s']:.1f} s; in-process p95 {built['p95']:.1f} ms")
        paths = search_paths()
        data = {"search_paths": paths, "service_ids": harness.sample_service_ids(instance.env["DATABASE_URL"])}
        server = harness.Gunicorn(instance, settings["workers"])
        server.start()
        server.warm_up(paths + [f"/services/{sid}" for sid in data["service_ids"][:20]])
        log(f"{size} services, {backend}: gunicorn on {server.url} "
            f"({server.config or 'no configuration file'}); load for 2 x {settings['seconds']} s")
        with harness.MemorySampler(server, interval=1.0) as memory:
            cpu = [server.cpu_seconds()]
            searches = harness.run_locust(server.url, "SearchVisitor", settings["users"], settings["seconds"], data,
                                          instance.folder, "search")
            cpu.append(server.cpu_seconds())
            pages = harness.run_locust(server.url, "ServicePageVisitor", settings["users"], settings["seconds"],
                                       data, instance.folder, "pages")
            cpu.append(server.cpu_seconds())
        failures = searches.failures + pages.failures
        for failure in failures[:5]:
            log(f"  error: {failure}")
        s, p = searches.row("/search"), pages.row("/services/<id>")
        log(f"{size} services, {backend}: /search {s['rps']:.0f} req/s, p50/p95/p99 {s['p50']:.0f}/{s['p95']:.0f}/"
            f"{s['p99']:.0f} ms; /services/<id> {p['rps']:.0f} req/s, {p['p50']:.0f}/{p['p95']:.0f}/{p['p99']:.0f} ms; "
            f"errors {searches.total['failures'] + pages.total['failures']}; peak RSS "
            + " / ".join(f"{mb:.0f}" for mb in memory.peak_per_worker()) + " MB")
        s["cpu_ms"] = (cpu[1] - cpu[0]) * 1000 / max(1, searches.total["count"])
        p["cpu_ms"] = (cpu[2] - cpu[1]) * 1000 / max(1, pages.total["count"])
        log(f"{size} services, {backend}: worker CPU per request: /search {s['cpu_ms']:.1f} ms, "
            f"/services/<id> {p['cpu_ms']:.1f} ms")
        return {"size": size, "backend": backend, **built, "search": s, "pages": p,
                "errors": searches.total["failures"] + pages.total["failures"],
                "peak_rss_mb": memory.peak_per_worker(), "worker_restarts": memory.restarts,
                "gunicorn_config": server.config}
    finally:
        if server is not None:
            server.stop()
        instance.remove()


def targets(row: dict) -> list[tuple[str, bool]]:
    out = [("0 errors", row["errors"] == 0),
           (f">= {TARGET_SERVICE_PAGES_PER_S:g} pages/s", row["pages"]["rps"] >= TARGET_SERVICE_PAGES_PER_S)]
    p95 = TARGET_SEARCH_P95_MS.get((row["backend"], row["size"]))
    if p95 is not None:
        out.append((f"/search p95 <= {p95:g} ms", row["search"]["p95"] <= p95))
    return out


def _cpu(row: dict) -> str:
    return f"{row['cpu_ms']:.0f} ms" if "cpu_ms" in row else "-"


def report(rows: list[dict], skipped: list[str], settings: dict) -> str:
    def n(size):
        return f"{size:,}".replace(",", " ")

    build = harness.markdown_table(
        ["services", "backend", "generate", "index", "first search", "p50", "p95", "p99", "peak RSS"],
        [[n(r["size"]), r["backend"], f"{r['generate_s']:.1f} s", f"{r['index_s']:.1f} s", f"{r['first_ms']:.0f} ms",
          f"{r['p50']:.1f} ms", f"{r['p95']:.1f} ms", f"{r['p99']:.1f} ms", f"{r['rss_mb']:.0f} MB"] for r in rows])
    http = harness.markdown_table(
        ["services", "backend", "/search req/s", "p50", "p95", "p99", "CPU/req", "/services/<id> req/s", "p50", "p95",
         "p99", "CPU/req", "errors", "peak RSS per worker", "targets"],
        [[n(r["size"]), r["backend"],
          f"{r['search']['rps']:.0f}", f"{r['search']['p50']:.0f} ms", f"{r['search']['p95']:.0f} ms",
          f"{r['search']['p99']:.0f} ms", _cpu(r["search"]),
          f"{r['pages']['rps']:.0f}", f"{r['pages']['p50']:.0f} ms", f"{r['pages']['p95']:.0f} ms",
          f"{r['pages']['p99']:.0f} ms", _cpu(r["pages"]),
          f"{r['errors']} of {r['search']['count'] + r['pages']['count']}",
          " / ".join(f"{mb:.0f}" for mb in r["peak_rss_mb"]) + " MB"
          + (f" ({r['worker_restarts']} restarted)" if r["worker_restarts"] else ""),
          "; ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in targets(r))] for r in rows])
    lines = [
        f"Machine: {harness.machine()}.",
        "",
        "Build and in-process search (the query mix of benchmarks/bench_search.py, 200 queries):",
        "",
        build,
        "",
        f"HTTP: gunicorn, {settings['workers']} workers ({os.path.relpath(rows[0]['gunicorn_config'], harness.ROOT) if rows and rows[0]['gunicorn_config'] else 'no configuration file'}), "
        f"locust {settings['users']} concurrent clients without pauses on the same machine, "
        f"{settings['seconds']} s of /search (the same query mix) then {settings['seconds']} s of /services/<id>:",
        "",
        http,
        "",
        "CPU/req: the workers' CPU time (user + system) during the run over the requests answered; unlike the "
        "latencies it hardly depends on what else the machine is doing, and 1000 ms / CPU/req x cores is the most "
        "requests a second those cores could serve.",
    ]
    if skipped:
        lines += ["", "Not measured: " + "; ".join(skipped) + "."]
    return "\n".join(lines)


def main() -> int:
    settings = {
        "sizes": [int(s) for s in env_list("BENCH_SIZES", ["3000", "30000", "300000"])],
        "backends": env_list("BENCH_BACKENDS", ["whoosh", "postgres"]),
        "seconds": env_int("BENCH_SECONDS", 60),
        "users": env_int("BENCH_USERS", 50),
        "workers": env_int("BENCH_WORKERS", 2),
        "seed": env_int("BENCH_SEED", 1),
    }
    skipped = []
    postgres = None
    backends = []
    for backend in settings["backends"]:
        if harness.backend_available(backend):
            backends.append(backend)
        else:
            skipped.append(f"{backend} (SEARCH_BACKEND={backend} is not available in directory/search)")
    if "postgres" in backends:
        try:
            postgres = harness.Postgres()
            postgres.start()
        except Exception as error:  # no server binaries here: say so, measure the rest
            skipped.append(f"postgres ({error})")
            backends.remove("postgres")
            postgres = None
    rows = []
    try:
        for size in settings["sizes"]:
            for backend in backends:
                try:
                    rows.append(measure(size, backend, postgres, settings))
                except Exception as error:  # say what failed, and measure the rest
                    log(f"{size} services, {backend}: FAILED: {error}")
                    skipped.append(f"{size} services on {backend} (failed: {str(error).splitlines()[0]})")
    finally:
        if postgres is not None:
            postgres.stop()
    text = report(rows, skipped, settings)
    print(text)
    if os.environ.get("BENCH_JSON"):
        with open(os.environ["BENCH_JSON"], "w") as fh:
            json.dump({"settings": settings, "rows": rows, "skipped": skipped, "report": text}, fh, indent=1)
    return 0 if rows and all(ok for r in rows for _, ok in targets(r)) and not failed(skipped) else 1


def failed(skipped: list[str]) -> bool:
    return any("(failed:" in reason for reason in skipped)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--build":
        print(json.dumps(build_and_search(int(sys.argv[2]), int(sys.argv[3]))))
        sys.exit(0)
    sys.exit(main())
