"""Read-only HTTP for the output folder, so a phone on the same network can subscribe to feed.xml.

The standard library's handler already keeps paths inside the folder; this adds byte-range requests
(podcast apps seek and resume with them) and the right MIME types, and refuses every write method.
"""

from __future__ import annotations

import logging
import os
import re
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

log = logging.getLogger(__name__)

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class OutputHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain dict)
        **SimpleHTTPRequestHandler.extensions_map,
        ".mp3": "audio/mpeg",
        ".xml": "application/rss+xml; charset=utf-8",
        ".vtt": "text/vtt; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".json": "application/json",
        ".jpg": "image/jpeg",
    }

    def list_directory(self, path: str | os.PathLike[str]) -> None:  # type: ignore[override]
        self.send_error(HTTPStatus.NOT_FOUND, "No listing")
        return None

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        root = Path(self.directory).resolve()
        try:
            real = path.resolve()
            real.relative_to(root)
        except (OSError, ValueError):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        if real.name.startswith(".") or real.suffix in {".sqlite", ".sqlite-wal", ".sqlite-shm", ".lock"}:
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        header = self.headers.get("Range")
        if not header or not real.is_file():
            return super().send_head()
        m = _RANGE.match(header.strip())
        size = real.stat().st_size
        if not m or (not m.group(1) and not m.group(2)):
            return super().send_head()
        if m.group(1):
            start = int(m.group(1))
            end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
        else:
            start, end = max(0, size - int(m.group(2))), size - 1
        if start >= size or start > end:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.end_headers()
            return None
        f = open(real, "rb")  # noqa: SIM115 (the base class closes it after copyfile)
        f.seek(start)
        self._remaining = end - start + 1
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(real)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(self._remaining))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return f

    def copyfile(self, source, outputfile):  # type: ignore[no-untyped-def]
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        while remaining > 0:
            chunk = source.read(min(65536, remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)
        self._remaining = None
        return None

    def end_headers(self) -> None:
        if not self.headers.get("Range"):
            self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def do_POST(self) -> None:
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    do_PUT = do_DELETE = do_PATCH = do_POST

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)


def make_server(folder: Path, host: str = "0.0.0.0", port: int = 8000) -> ThreadingHTTPServer:
    handler = partial(OutputHandler, directory=str(folder.resolve()))
    return ThreadingHTTPServer((host, port), handler)


def serve(folder: Path, host: str = "0.0.0.0", port: int = 8000) -> None:
    server = make_server(folder, host, port)
    log.info("serving %s at http://%s:%d/feed.xml (Ctrl-C stops)", folder, host, server.server_address[1])
    try:
        server.serve_forever()
    finally:
        server.server_close()
