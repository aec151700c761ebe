"""Servers for the llm tests: a fault-injecting OpenAI-style server (a fake, for faults a real server cannot
produce on demand) and the real embedded engine served over HTTP in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

SMALL_MODEL = "qwen2.5-coder-0.5b"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Reply:
    """One scripted answer: a status, optional headers, and either an error or a completion's texts."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    texts: list[str] | None = None
    delay_s: float = 0.0
    stream: bool = True  # answer a stream request as SSE (a real server would)


def completion_json(texts: list[str], model: str = "fault-injecting") -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault", "object": "chat.completion", "model": model,
        "choices": [{"index": i, "message": {"role": "assistant", "content": t}, "finish_reason": "stop"}
                    for i, t in enumerate(texts)],
        "usage": {"prompt_tokens": 11, "completion_tokens": 3 * len(texts), "total_tokens": 11 + 3 * len(texts)},
    }


class FaultInjectingServer:
    """A tiny real HTTP server on 127.0.0.1 that plays a script of replies to POST /v1/chat/completions.

    After the script runs out it answers every request with `then`. It records each request's body,
    headers and arrival time, and the most requests it ever had in flight at once.
    """

    def __init__(self, script: list[Reply], then: Reply | None = None) -> None:
        self.script = list(script)
        self.then = then or Reply(texts=["ok"])
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with outer._lock:
                    outer.requests.append({"body": body, "headers": dict(self.headers), "at": time.monotonic()})
                    reply = outer.script.pop(0) if outer.script else outer.then
                    outer.in_flight += 1
                    outer.max_in_flight = max(outer.max_in_flight, outer.in_flight)
                try:
                    time.sleep(reply.delay_s)
                    self._answer(reply, body)
                finally:
                    with outer._lock:
                        outer.in_flight -= 1

            def _answer(self, reply: Reply, body: dict[str, Any]) -> None:
                if reply.texts is None:
                    payload = json.dumps({"error": {"message": f"injected HTTP {reply.status}"}}).encode()
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                data = completion_json(reply.texts, body.get("model", "fault-injecting"))
                if body.get("stream") and reply.stream:
                    self.send_response(reply.status)
                    self.send_header("content-type", "text/event-stream")
                    self.end_headers()
                    for choice in data["choices"]:
                        delta = {"index": choice["index"], "delta": {"content": choice["message"]["content"]},
                                 "finish_reason": "stop"}
                        self.wfile.write(f"data: {json.dumps({'choices': [delta]})}\n\n".encode())
                    self.wfile.write(f"data: {json.dumps({'choices': [], 'usage': data['usage']})}\n\n".encode())
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                payload = json.dumps(data).encode()
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> FaultInjectingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class EmbeddedServerProcess:
    """`shopscribe models serve` in a subprocess on 127.0.0.1:port: a real OpenAI-compatible server."""

    def __init__(self, port: int, model: str = SMALL_MODEL, slots: int = 2) -> None:
        self.port = port
        self.model = model
        self.slots = slots
        self.proc: subprocess.Popen[bytes] | None = None
        self.base_url = f"http://127.0.0.1:{port}/v1"

    def start(self, timeout_s: float = 60.0) -> EmbeddedServerProcess:
        env = dict(os.environ, SHOPSCRIBE_SLOTS=str(self.slots), SHOPSCRIBE_CONTEXT_SIZE="1024", SHOPSCRIBE_THREADS="2")
        exe = Path(sys.executable).with_name("shopscribe")
        self.proc = subprocess.Popen(
            [str(exe), "models", "serve", self.model, "--port", str(self.port), "--json"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"model server exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("model server did not become healthy")

    def stop(self, sig: int = signal.SIGKILL) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            self.proc.wait(timeout=30)
        self.proc = None
