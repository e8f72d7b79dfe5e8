"""The load harness behind `make bench-scale` and `make soak` still works end to end, at a tiny scale.

Each runs for real (a throwaway instance, gunicorn, locust) with 50 services, 2 visitors and a few seconds, so
the harness cannot rot between the rare full runs. Nothing here looks at timings: the figures on a shared test
machine mean nothing; only that the requests were made, were answered correctly and were counted.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _engine_env(request) -> dict:
    """The engine of this test run: SQLite with Whoosh, or (TEST_DATABASE=postgresql) the postgres backend on the
    session's PostgreSQL server."""
    if os.environ.get("TEST_DATABASE", "").lower() in ("postgresql", "postgres"):
        return {"BENCH_BACKENDS": "postgres", "SOAK_BACKEND": "postgres",
                "BENCH_POSTGRES_URL": request.getfixturevalue("postgres_url")}
    return {"BENCH_BACKENDS": "whoosh", "SOAK_BACKEND": "whoosh"}


def _run(script: str, env: dict, tmp_path) -> dict:
    output = tmp_path / "figures.json"
    result = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", script)], cwd=ROOT,
                            env={**os.environ, **env, "BENCH_JSON": str(output), "TMPDIR": str(tmp_path)},
                            capture_output=True, text=True, timeout=600)
    # Exit status 1 means a target was missed, which at this scale and on a busy machine says nothing.
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return json.loads(output.read_text())


def test_bench_scale_harness_measures_build_search_and_pages(request, tmp_path):
    figures = _run("bench_scale.py", {**_engine_env(request), "BENCH_SIZES": "50", "BENCH_SECONDS": "3",
                                      "BENCH_USERS": "2"}, tmp_path)
    assert not figures["skipped"]
    [row] = figures["rows"]
    assert row["size"] == 50 and row["indexed"] > 0
    assert row["search"]["count"] > 0 and row["pages"]["count"] > 0
    assert row["errors"] == 0
    assert len(row["peak_rss_mb"]) == 2 and all(mb > 0 for mb in row["peak_rss_mb"])
    assert "| services | backend | /search req/s |" in figures["report"]
    assert not [path for path in os.listdir(tmp_path) if path.startswith("portal-bench-")], "instance left behind"


def test_soak_harness_signs_in_reports_problems_and_samples_memory(request, tmp_path):
    figures = _run("soak.py", {**_engine_env(request), "SOAK_SERVICES": "50", "SOAK_SECONDS": "8",
                               "SOAK_USERS": "2", "SOAK_ACCOUNTS": "1", "SOAK_SAMPLE": "1",
                               "SOAK_WEIGHTS": "search=1,service_page=1,sign_in_and_out=3,report_a_problem=3"},
                   tmp_path)
    requests = figures["requests"]
    for name in ("/search", "/services/<id>", "/sign-in (POST)", "/sign-out (POST)",
                 "/services/<id>/report (POST)"):
        assert requests.get(name, {}).get("count", 0) > 0, f"no {name} in {sorted(requests)}"
    assert requests["Aggregated"]["failures"] == 0, figures["failures"]
    assert figures["worker_errors"] == 0, figures["report"]
    assert len(figures["memory"]) == 2 and all(worker["samples"] >= 2 for worker in figures["memory"])
