"""`make soak` (issue #9): 10 minutes of 50 concurrent visitors against gunicorn; no errors, memory flat.

In a throwaway instance (SOAK_SERVICES generated services, `flask demo generate`; SOAK_ACCOUNTS forum-member
accounts, `flask users create` with PORTAL_NEW_PASSWORD), gunicorn with 2 workers (`make serve-prod`'s
configuration when there is one) and locust's SoakVisitor (benchmarks/locustfile.py): searches, service pages,
signing in and out (a real POST with the form's CSRF token) and reporting a problem with a listing, each visitor
pausing 0.5-1.5 s between actions. The resident memory (RSS) of each worker is sampled every SOAK_SAMPLE seconds.

Rate limits are not raised or switched off: the server runs as behind one reverse proxy (TRUSTED_PROXIES=1) and
each simulated visitor has its own address in X-Forwarded-For (see benchmarks/locustfile.py).

    .venv/bin/python benchmarks/soak.py
    SOAK_SECONDS=60 .venv/bin/python benchmarks/soak.py

Settings (environment): SOAK_SECONDS (600), SOAK_USERS (50), SOAK_SERVICES (3000), SOAK_BACKEND (whoosh, on SQLite;
or postgres, on PostgreSQL), SOAK_WORKERS (2), SOAK_ACCOUNTS (5), SOAK_SAMPLE (10 seconds), SOAK_WEIGHTS (see weights()), BENCH_POSTGRES_URL,
BENCH_KEEP, BENCH_JSON (as for bench_scale.py). Exit status 1 on any error or if a worker's memory grew by more
than SOAK_MAX_GROWTH per cent (10) from the first minute (or first tenth of a shorter run) to the end.
"""
from __future__ import annotations

import json
import os
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import harness  # noqa: E402
from bench_scale import search_paths  # noqa: E402
from harness import env_int, log  # noqa: E402


def weights() -> dict[str, int]:
    """SOAK_WEIGHTS, e.g. "search=6,service_page=4,sign_in_and_out=1,report_a_problem=1" (those are the defaults)."""
    pairs = [part.split("=", 1) for part in os.environ.get("SOAK_WEIGHTS", "").split(",") if "=" in part]
    return {name.strip(): int(value) for name, value in pairs}


def memory_rows(samples: dict[int, list[tuple[float, float]]], settle_s: float, max_growth: float):
    """Per worker: RSS at the start, once settled, at the end, the peak, and whether it stayed flat."""
    rows = []
    for number, series in enumerate(samples.values(), 1):
        start = series[0][1]
        settled_at, settled = next(((t, mb) for t, mb in series if t >= settle_s), series[-1])
        end, peak = series[-1][1], max(mb for _, mb in series)
        growth = (end - settled) / settled * 100 if settled else 0.0
        rows.append({"worker": number, "start": start, "settled": settled, "settled_at": settled_at, "end": end,
                     "peak": peak,
                     "growth_pct": growth, "flat": growth <= max_growth, "samples": len(series),
                     "series": [round(mb, 1) for _, mb in series]})
    return rows


def main() -> int:
    settings = {
        "seconds": env_int("SOAK_SECONDS", 600), "users": env_int("SOAK_USERS", 50),
        "services": env_int("SOAK_SERVICES", 3000), "backend": os.environ.get("SOAK_BACKEND", "whoosh"),
        "workers": env_int("SOAK_WORKERS", 2), "accounts": env_int("SOAK_ACCOUNTS", 5),
        "sample_s": env_int("SOAK_SAMPLE", 10), "max_growth_pct": env_int("SOAK_MAX_GROWTH", 10),
        "seed": env_int("BENCH_SEED", 1),
    }
    if not harness.backend_available(settings["backend"]):
        print(f"SEARCH_BACKEND={settings['backend']} is not available in directory/search.", file=sys.stderr)
        return 2
    postgres = None
    if settings["backend"] == "postgres":
        postgres = harness.Postgres()
        postgres.start()
    instance = server = None
    try:
        instance = harness.Instance(settings["backend"], postgres, label="soak", extra_env={"TRUSTED_PROXIES": "1"})
        log(f"soak: schema, {settings['services']} services, {settings['accounts']} accounts")
        instance.migrate()
        instance.flask("demo", "generate", "--services", str(settings["services"]), "--seed", str(settings["seed"]))
        accounts = []
        for number in range(1, settings["accounts"] + 1):
            account = {"email": f"soak-visitor-{number}@example.org", "password": secrets.token_urlsafe(18)}
            instance.flask("users", "create", "--role", "forum_member", account["email"],
                           env={"PORTAL_NEW_PASSWORD": account["password"]})
            accounts.append(account)
        paths = search_paths()
        data = {"search_paths": paths, "service_ids": harness.sample_service_ids(instance.env["DATABASE_URL"]),
                "accounts": accounts, "weights": weights()}
        server = harness.Gunicorn(instance, settings["workers"])
        server.start()
        server.warm_up(paths + [f"/services/{sid}" for sid in data["service_ids"][:20]])
        log(f"soak: gunicorn on {server.url} ({server.config or 'no configuration file'}); "
            f"{settings['users']} visitors for {settings['seconds']} s")
        with harness.MemorySampler(server, interval=settings["sample_s"]) as memory:
            cpu_before = server.cpu_seconds()
            result = harness.run_locust(server.url, "SoakVisitor", settings["users"], settings["seconds"], data,
                                        instance.folder, "soak")
            cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / max(1, result.total["count"])
        gunicorn_log = harness._tail(server.log_path, 5000) + harness._tail(server.log_path + ".out", 5000)
    finally:
        if server is not None:
            server.stop()
        if instance is not None:
            instance.remove()
        if postgres is not None:
            postgres.stop()

    settle_s = min(60.0, settings["seconds"] / 10)
    memory_table = memory_rows(memory.samples, settle_s, settings["max_growth_pct"])
    errors = result.total["failures"]
    worker_errors = gunicorn_log.count("Traceback") + gunicorn_log.count("WORKER TIMEOUT")
    names = [name for name in result.rows if name != "Aggregated"] + ["Aggregated"]
    requests = harness.markdown_table(
        ["request", "count", "errors", "req/s", "p50", "p95", "p99", "max"],
        [[name if name != "Aggregated" else "all", str(r["count"]), str(r["failures"]), f"{r['rps']:.1f}",
          f"{r['p50']:.0f} ms", f"{r['p95']:.0f} ms", f"{r['p99']:.0f} ms", f"{r['max']:.0f} ms"]
         for name in names for r in [result.rows[name]]])
    mem = harness.markdown_table(
        ["worker", "RSS at start", "settled (time)", "at the end", "peak", "growth", "flat"],
        [[str(m["worker"]), f"{m['start']:.0f} MB", f"{m['settled']:.0f} MB ({m['settled_at']:.0f} s)",
          f"{m['end']:.0f} MB",
          f"{m['peak']:.0f} MB", f"{m['growth_pct']:+.1f} %", "yes" if m["flat"] else "NO"] for m in memory_table])
    lines = [
        f"Machine: {harness.machine()}.",
        "",
        f"Soak: {settings['services']} services ({settings['backend']}), gunicorn {settings['workers']} workers "
        f"({os.path.relpath(server.config, harness.ROOT) if server.config else 'no configuration file'}), "
        f"{settings['users']} visitors for {settings['seconds']} s (0.5-1.5 s between actions), locust on the same "
        f"machine:",
        "",
        requests,
        "",
        f"Worker memory (RSS, sampled every {settings['sample_s']} s; growth from the first sample at or after "
        f"{settle_s:.0f} s, once caches have filled, to the end"
        + (f"; {memory.restarts} worker(s) replaced during the run" if memory.restarts else "") + "):",
        "",
        mem,
        "",
        f"Errors: {errors} of {result.total['count']} requests"
        + (f"; {worker_errors} tracebacks or worker timeouts in gunicorn's log" if worker_errors else "")
        + f". Memory flat: {'yes' if all(m['flat'] for m in memory_table) else 'NO'}. "
        f"Worker CPU per request (user + system over all requests): {cpu_ms:.0f} ms.",
    ]
    for failure in result.failures[:10]:
        lines.append(f"  {failure.get('Method')} {failure.get('Name')}: {failure.get('Error')} "
                     f"x {failure.get('Occurrences')}")
    text = "\n".join(lines)
    print(text)
    if os.environ.get("BENCH_JSON"):
        with open(os.environ["BENCH_JSON"], "w") as fh:
            json.dump({"settings": settings, "requests": result.rows, "memory": memory_table,
                       "failures": result.failures, "worker_errors": worker_errors, "cpu_ms_per_request": cpu_ms,
                       "report": text}, fh, indent=1)
    ok = errors == 0 and worker_errors == 0 and all(m["flat"] for m in memory_table) and not memory.restarts
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
