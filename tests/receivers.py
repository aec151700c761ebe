"""A webhook receiver: a real HTTP server on 127.0.0.1 that records what it is sent, and can refuse the first
attempts or answer too late (faults a real shop's endpoint shows only now and then, produced here on demand)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class WebhookReceiver:
    def __init__(self, fail_first: int = 0, delay_s: float = 0.0, status: int = 503) -> None:
        self.fail_first, self.delay_s, self.status = fail_first, delay_s, status
        self.attempts: list[dict[str, Any]] = []  # every request, refused or not
        self.accepted: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                record = {"raw": raw, "body": json.loads(raw), "headers": {k.lower(): v for k, v in self.headers.items()}}
                receiver.attempts.append(record)
                if receiver.delay_s:
                    time.sleep(receiver.delay_s)
                if len(receiver.attempts) <= receiver.fail_first:
                    self.send_response(receiver.status)
                    self.end_headers()
                    return
                receiver.accepted.append(record)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/copy"

    def __enter__(self) -> WebhookReceiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
