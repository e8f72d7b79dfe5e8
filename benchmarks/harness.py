"""What `make bench-scale` and `make soak` share: a throwaway instance (SQLite, or a database on a throwaway
PostgreSQL server), gunicorn serving it, a resident-memory sampler for its workers, and headless locust runs.

Nothing here touches `instance/`: every run gets its own folder under the system's temporary directory and
removes it afterwards (BENCH_KEEP=1 keeps it, and says where).
"""
from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess  # nosec B404  # runs flask, gunicorn and locust from this virtualenv
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)  # the virtualenv's bin folder (the harness runs with .venv/bin/python)
LOCUSTFILE = os.path.join(ROOT, "benchmarks", "locustfile.py")
# `make serve-prod`'s gunicorn configuration, if present, so the measurements run the app as it is deployed.
GUNICORN_CONFIGS = ("gunicorn.conf.py", "deploy/gunicorn.conf.py", "deploy/gunicorn_conf.py", "portal/gunicorn_conf.py",
                    "config/gunicorn.conf.py")

if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    return [part.strip() for part in value.split(",") if part.strip()] if value else default


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# PostgreSQL ---------------------------------------------------------------------------------------------------

class Postgres:
    """A PostgreSQL server for the run: BENCH_POSTGRES_URL (an existing server's maintenance database, e.g.
    postgresql+psycopg://postgres@127.0.0.1:5432/postgres), else a throwaway one from tests/postgres_server.py."""

    def __init__(self) -> None:
        self.server = None
        self.url = os.environ.get("BENCH_POSTGRES_URL", "")

    def start(self) -> str:
        if not self.url:
            from tests.postgres_server import PostgresServer
            self.server = PostgresServer()
            self.url = self.server.start()
        return self.url

    def _admin(self):
        import psycopg
        return psycopg.connect(self.url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)

    def create_database(self, name: str) -> str:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name

    def drop_database(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


def backend_available(name: str) -> bool:
    """Whether SEARCH_BACKEND=name is one the app knows (the PostgreSQL backend may not be written yet)."""
    code = "import sys; from directory import search; sys.exit(0 if sys.argv[1] in search.BACKENDS else 1)"
    return subprocess.run([sys.executable, "-c", code, name], cwd=ROOT,  # nosec B603
                          capture_output=True).returncode == 0


# An instance ----------------------------------------------------------------------------------------------------

@dataclass
class Instance:
    """A temporary instance folder and the environment that points the app at it."""

    backend: str  # "whoosh" (on SQLite) or "postgres" (on PostgreSQL)
    postgres: Postgres | None = None
    label: str = "bench"
    extra_env: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix=f"portal-{self.label}-")
        self.db_name = None
        if self.backend == "postgres":
            self.db_name = f"{self.label.replace('-', '_')}_{secrets.token_hex(4)}"
            database_url = self.postgres.create_database(self.db_name)
        else:
            database_url = f"sqlite:///{self.folder}/portal.sqlite"
        self.env = {
            **os.environ,
            "PORTAL_INSTANCE_PATH": self.folder,
            "DATABASE_URL": database_url,
            "SEARCH_BACKEND": self.backend,
            "SEARCH_INDEX_DIR": os.path.join(self.folder, "search-index"),
            # One key for every worker (otherwise each could race to write the instance's secret_key file).
            "SECRET_KEY": secrets.token_hex(32),
            "PYTHONPATH": ROOT,
            **self.extra_env,
        }

    def flask(self, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([os.path.join(BIN, "flask"), "--app", "portal", *args], cwd=ROOT,  # nosec B603
                                env={**self.env, **(env or {})}, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def python(self, *args: str) -> dict:
        """Run a Python script with this instance's environment; its last stdout line is JSON."""
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=self.env,  # nosec B603
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def migrate(self) -> None:
        self.flask("db", "upgrade")

    def remove(self) -> None:
        if os.environ.get("BENCH_KEEP"):
            log(f"kept {self.folder}" + (f" and database {self.db_name}" if self.db_name else ""))
            return
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.db_name and self.postgres is not None:
            try:
                self.postgres.drop_database(self.db_name)
            except Exception as error:  # the server may already be gone; its folder goes with it
                log(f"could not drop {self.db_name}: {error}")


def sample_service_ids(database_url: str, limit: int = 2000) -> list[str]:
    """Published service ids, a random sample, for /services/<id>."""
    from sqlalchemy import create_engine, func, select

    from directory.models import PUBLISHED, Service

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Service.__table__.c.id).where(Service.__table__.c.status == PUBLISHED)
                                .order_by(func.random()).limit(limit)).scalars().all()
    finally:
        engine.dispose()
    return [str(row) for row in rows]


# gunicorn and its workers' memory ------------------------------------------------------------------------------

def gunicorn_config() -> str | None:
    if os.environ.get("BENCH_GUNICORN_CONFIG"):
        return os.environ["BENCH_GUNICORN_CONFIG"]
    for candidate in GUNICORN_CONFIGS:
        path = os.path.join(ROOT, candidate)
        if os.path.exists(path):
            return path
    return None


class Gunicorn:
    """gunicorn with WORKERS workers on 127.0.0.1, using `make serve-prod`'s configuration when there is one."""

    def __init__(self, instance: Instance, workers: int = 2) -> None:
        self.instance = instance
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = gunicorn_config()
        self.process: subprocess.Popen | None = None
        self.index_worker: subprocess.Popen | None = None
        self.log_path = os.path.join(instance.folder, "gunicorn.log")

    def start(self, timeout: float = 120) -> None:
        command = [os.path.join(BIN, "gunicorn")]
        if self.config:
            command += ["-c", self.config]
        # On the command line, these win over the configuration file.
        command += ["-w", str(self.workers), "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
                    "--error-logfile", self.log_path, "portal:create_app()"]
        env = {**self.instance.env, "WEB_WORKERS": str(self.workers), "PORT": str(self.port)}
        self._log = open(self.log_path + ".out", "w")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log,  # nosec B603
                                        stderr=subprocess.STDOUT, start_new_session=True)
        if self.instance.backend == "whoosh" and self._has_index_worker():
            # As `make serve-prod` runs it: the web workers only read the index; this process writes it.
            self._index_log = open(os.path.join(self.instance.folder, "index-worker.log"), "w")
            self.index_worker = subprocess.Popen(  # nosec B603
                [os.path.join(BIN, "flask"), "--app", "portal", "search", "index-worker"], cwd=ROOT, env=env,
                stdout=self._index_log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped ({self.process.returncode}); see {self.log_path}:\n"
                                   + _tail(self.log_path))
            try:
                with urllib.request.urlopen(self.url + "/about", timeout=30) as response:  # nosec B310
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n" + _tail(self.log_path))
            time.sleep(0.3)

    def _has_index_worker(self) -> bool:
        result = self.instance.flask("search", "--help", check=False)
        return "index-worker" in result.stdout

    def worker_pids(self) -> list[int]:
        import psutil
        try:
            return [child.pid for child in psutil.Process(self.process.pid).children(recursive=False)]
        except psutil.NoSuchProcess:
            return []

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far: per request, a cost that does not depend on
        how busy the machine is with other work, unlike the latencies."""
        import psutil
        total = 0.0
        for pid in self.worker_pids():
            try:
                times = psutil.Process(pid).cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def stop(self) -> None:
        for process in (self.index_worker, self.process):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        for handle in (getattr(self, "_log", None), getattr(self, "_index_log", None)):
            if handle is not None:
                handle.close()

    def warm_up(self, paths: list[str], per_worker: int = 6) -> None:
        """Each worker's first search opens the index (and builds its in-memory snapshot): do that before timing."""
        def fetch(path_list):
            for path in path_list:
                try:
                    urllib.request.urlopen(self.url + path, timeout=300).read()  # nosec B310
                except urllib.error.HTTPError:
                    pass
        count = self.workers * per_worker
        threads = [threading.Thread(target=fetch, args=(paths[i::count][:2],)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def _tail(path: str, lines: int = 30) -> str:
    try:
        with open(path) as fh:
            return "".join(fh.readlines()[-lines:])
    except OSError:
        return ""


class MemorySampler:
    """Samples the resident memory (RSS) of each gunicorn worker every `interval` seconds in a thread."""

    def __init__(self, server: Gunicorn, interval: float = 1.0) -> None:
        self.server = server
        self.interval = interval
        self.samples: dict[int, list[tuple[float, float]]] = {}  # pid -> [(seconds since start, MB)]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.started = 0.0

    def __enter__(self) -> MemorySampler:
        self.started = time.monotonic()
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        import psutil
        now = time.monotonic() - self.started
        for pid in self.server.worker_pids():
            try:
                rss = psutil.Process(pid).memory_info().rss / 2**20
            except psutil.NoSuchProcess:
                continue
            self.samples.setdefault(pid, []).append((now, rss))

    def peak_per_worker(self) -> list[float]:
        return sorted((max(mb for _, mb in series) for series in self.samples.values()), reverse=True)

    @property
    def restarts(self) -> int:
        """Workers that appeared after the first ones (gunicorn replaced a worker that died or was recycled)."""
        return max(0, len(self.samples) - self.server.workers)


# locust --------------------------------------------------------------------------------------------------------

@dataclass
class LoadResult:
    """One headless locust run: per request name and in total."""

    rows: dict[str, dict]
    seconds: float
    failures: list[dict]
    exit_code: int

    def row(self, name: str) -> dict:
        return self.rows.get(name) or {"count": 0, "failures": 0, "rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0}

    @property
    def total(self) -> dict:
        return self.row("Aggregated")


def run_locust(url: str, user_class: str, users: int, seconds: int, data: dict, folder: str,
               label: str) -> LoadResult:
    """Run locust headless with USER_CLASS from benchmarks/locustfile.py; parse its CSV statistics."""
    data_path = os.path.join(folder, f"locust-{label}.json")
    with open(data_path, "w") as fh:
        json.dump(data, fh)
    prefix = os.path.join(folder, f"locust-{label}")
    command = [os.path.join(BIN, "locust"), "-f", LOCUSTFILE, "--headless", "--host", url,
               "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
               "--stop-timeout", "10", "--csv", prefix, "--only-summary", "--loglevel", "WARNING", user_class]
    env = {**os.environ, "BENCH_DATA": data_path, "PYTHONPATH": ROOT}
    started = time.monotonic()
    with open(prefix + ".log", "w") as out:
        result = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # nosec B603
    elapsed = time.monotonic() - started
    stats_path = prefix + "_stats.csv"
    if not os.path.exists(stats_path):
        raise RuntimeError(f"locust wrote no statistics:\n{_tail(prefix + '.log')}")
    rows = {}
    with open(stats_path, newline="") as fh:
        for row in csv.DictReader(fh):
            rows[row["Name"]] = {
                "count": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]), "p50": _ms(row["50%"]), "p95": _ms(row["95%"]),
                "p99": _ms(row["99%"]), "max": _ms(row["Max Response Time"]),
            }
    failures = []
    if os.path.exists(prefix + "_failures.csv"):
        with open(prefix + "_failures.csv", newline="") as fh:
            failures = list(csv.DictReader(fh))
    return LoadResult(rows=rows, seconds=elapsed, failures=failures, exit_code=result.returncode)


def _ms(value: str) -> float:
    try:
        return float(value)
    except ValueError:  # "N/A" when nothing was measured
        return 0.0


def machine() -> str:
    """The machine, for the caption under the figures."""
    import platform

    import psutil
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout  # nosec B603 B607
        model = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "")
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({model or platform.processor() or 'unknown CPU'}), "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}")


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
