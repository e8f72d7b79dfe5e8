"""A throwaway PostgreSQL server for the tests (`TEST_DATABASE=postgresql`, `make test`'s second run).

`PostgresServer` runs Debian's initdb in a temporary folder, starts `postgres` on 127.0.0.1 on a free port
(trust authentication for 127.0.0.1 only, no Unix socket, fsync and synchronous commit off: the data is thrown
away), and on `stop()` stops it and removes the folder. initdb and postgres refuse to run as root, so as root
they run as the `postgres` system user (made by Debian's postgresql package) through runuser, and the folder
is theirs.

    python -m tests.postgres_server --check   # exit 1, saying how to install it, if there is no server
    python -m tests.postgres_server           # start one, print its URL, stop it on Ctrl-C
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time

INSTALL = "sudo apt-get update && sudo apt-get install -y postgresql"
SYSTEM_USER = "postgres"  # the account Debian's package makes; used when we are root
SUPERUSER = "postgres"  # the database superuser initdb makes (trust auth on 127.0.0.1: no password)


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries here (or no user to run them as); the message says what to do."""


def bin_dir() -> str:
    """The newest Debian PostgreSQL bin folder with initdb, or $PG_BINDIR, or initdb on the PATH."""
    if os.environ.get("PG_BINDIR"):
        if os.access(os.path.join(os.environ["PG_BINDIR"], "initdb"), os.X_OK):
            return os.environ["PG_BINDIR"]
        raise PostgresUnavailable(f"PG_BINDIR={os.environ['PG_BINDIR']} has no initdb.")
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0)
    if found:
        return os.path.dirname(found[-1])
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return os.path.dirname(on_path)
    raise PostgresUnavailable(
        "The PostgreSQL tests need the PostgreSQL server (initdb, postgres; Debian: "
        f"/usr/lib/postgresql/*/bin). Install it with:\n  {INSTALL}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One PostgreSQL server in a temporary folder. `url` is a SQLAlchemy URL of its `postgres` database."""

    def __init__(self) -> None:
        self.bin = bin_dir()
        self.folder: str | None = None
        self.port: int | None = None
        self._as_user: list[str] = []

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str, log: str | None = None) -> None:
        command = [*self._as_user, os.path.join(self.bin, program), *args]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)  # nosec B603
        if result.returncode != 0:
            detail = result.stdout + result.stderr
            if log and os.path.exists(log):
                with open(log) as fh:
                    detail += fh.read()
            raise RuntimeError(f"{program} failed ({result.returncode}):\n{detail}")

    def start(self) -> str:
        self.folder = tempfile.mkdtemp(prefix="portal-postgres-")
        if os.geteuid() == 0:  # initdb and postgres will not run as root
            try:
                user = pwd.getpwnam(SYSTEM_USER)
            except KeyError:
                raise PostgresUnavailable(
                    f"Running as root, the PostgreSQL tests run the server as the '{SYSTEM_USER}' user, "
                    f"which Debian's postgresql package makes. Install it with:\n  {INSTALL}") from None
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", SYSTEM_USER, "--"]
        data, log = os.path.join(self.folder, "data"), os.path.join(self.folder, "server.log")
        try:
            self._run("initdb", "--pgdata", data, "--username", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                      "--locale=C.UTF-8", "--no-sync")
            with open(os.path.join(data, "pg_hba.conf"), "w") as hba:  # 127.0.0.1 only, nothing else
                hba.write("host all all 127.0.0.1/32 trust\n")
            for attempt in range(3):  # another process may take the free port before the server does
                self.port = _free_port()
                options = " ".join([
                    "-c listen_addresses=127.0.0.1", f"-c port={self.port}", "-c unix_socket_directories=''",
                    "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
                    "-c max_connections=200", "-c shared_buffers=64MB",
                ])
                try:
                    self._run("pg_ctl", "start", "--pgdata", data, "--log", log, "--wait", "--timeout=60",
                              "--options", options, log=log)
                    break
                except RuntimeError:
                    if attempt == 2:
                        raise
            self._wait()
        except BaseException:
            self.stop()
            raise
        return self.url

    def _wait(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.folder is None:
            return
        data = os.path.join(self.folder, "data")
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            try:
                self._run("pg_ctl", "stop", "--pgdata", data, "--mode=immediate", "--wait")
            except RuntimeError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    try:
        if "--check" in argv:
            print(f"PostgreSQL server binaries: {bin_dir()}")
            return 0
        with PostgresServer() as url:
            print(url, flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
    except PostgresUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
