"""Uploaded files kept between a preview and the person's "yes, import it": in a private folder of the
instance, under a random token, with a small JSON of details (who uploaded it, its name), deleted after
the import, on cancel, or after a day if nobody went on."""
from __future__ import annotations

import json
import os
import re
import secrets
import time

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class UploadStore:
    """Uploads of one kind (plan spreadsheets, translation files), each in its own instance subfolder."""

    def __init__(self, folder_name: str, max_bytes: int, max_age: int = 24 * 60 * 60):
        self.folder_name = folder_name
        self.max_bytes = max_bytes
        self.max_age = max_age  # seconds an upload nobody went on to import is kept

    def folder(self, instance_path: str) -> str:
        """The private folder these uploads live in (made on first use)."""
        folder = os.path.join(instance_path, self.folder_name)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        return folder

    def _paths(self, instance_path: str, token: str) -> tuple[str, str]:
        if not isinstance(token, str) or not _TOKEN.match(token):
            raise KeyError(token)  # never a path someone chose
        folder = self.folder(instance_path)
        return os.path.join(folder, token + ".upload"), os.path.join(folder, token + ".json")

    def save(self, instance_path: str, data: bytes, meta: dict) -> str:
        """Keep an uploaded file under a random name; return its token."""
        self.remove_old(instance_path)
        token = secrets.token_hex(16)
        for path, content in zip(self._paths(instance_path, token), (data, json.dumps(meta).encode())):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
        return token

    def load(self, instance_path: str, token: str) -> tuple[bytes, dict] | None:
        """An upload's bytes and details, or None if there is no such upload."""
        try:
            data_path, meta_path = self._paths(instance_path, token)
            with open(data_path, "rb") as fh:
                data = fh.read(self.max_bytes + 1)
            with open(meta_path, "rb") as fh:
                meta = json.loads(fh.read())
        except (KeyError, OSError, ValueError):
            return None
        return data, meta

    def delete(self, instance_path: str, token: str) -> None:
        """Forget an upload (after importing it, or when it is cancelled)."""
        try:
            paths = self._paths(instance_path, token)
        except KeyError:
            return
        for path in paths:
            try:
                os.remove(path)
            except FileNotFoundError:
                pass

    def remove_old(self, instance_path: str) -> None:
        """Delete uploads nobody went on to import."""
        folder = self.folder(instance_path)
        cutoff = time.time() - self.max_age
        for name in os.listdir(folder):
            path = os.path.join(folder, name)
            try:
                if os.path.getmtime(path) < cutoff:
                    os.remove(path)
            except OSError:
                pass
