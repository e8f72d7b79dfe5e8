"""A throwaway Redis server for the tests of rate-limit counters in Redis (REDIS_URL).

`RedisServer` starts Debian's redis-server on 127.0.0.1 on a free port, in a temporary folder, keeping nothing
on disk (no snapshots, no append-only file), and on `stop()` stops it and removes the folder.

    python -m tests.redis_server   # start one, print its URL, stop it on Ctrl-C
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time

from tests.postgres_server import _free_port

INSTALL = "sudo apt-get update && sudo apt-get install -y redis-server"


class RedisUnavailable(RuntimeError):
    """No redis-server here; the message says what to install."""


class RedisServer:
    """One Redis server in a temporary folder. `url` is its redis:// URL (database 0)."""

    def __init__(self) -> None:
        self.program = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not shutil.which(self.program):
            raise RedisUnavailable(f"The Redis tests need Debian's redis-server. Install it with:\n  {INSTALL}")
        self.folder: str | None = None
        self.port: int | None = None
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> str:
        self.folder = tempfile.mkdtemp(prefix="portal-redis-")
        for attempt in range(3):  # another process may take the free port before the server does
            self.port = _free_port()
            self.process = subprocess.Popen(  # nosec B603  # a fixed program and our own arguments
                [self.program, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.folder,
                 "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if self._wait():
                return self.url
            self.process.kill()
            self.process.wait()
        detail = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
        self.stop()
        raise RuntimeError(f"redis-server did not start:\n{detail}")

    def _wait(self, timeout: float = 15) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.process = None
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    with RedisServer() as url:
        print(url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
