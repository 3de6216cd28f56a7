"""Helpers for the tests that run real servers: free ports, a `baocao` subprocess, waiting for an
address to answer."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BAOCAO = str(Path(sys.executable).with_name("baocao"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, env, log_path) -> subprocess.Popen:
    log = open(log_path, "ab")  # noqa: SIM115 — closed with the process
    return subprocess.Popen([BAOCAO, *args], env={**os.environ, **env}, stdout=log,  # noqa: S603
                            stderr=subprocess.STDOUT, start_new_session=True)


def wait_for(url: str, process=None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode})")
        try:
            urllib.request.build_opener(_NoRedirect).open(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


def stop(process: subprocess.Popen, timeout: float = 30) -> int:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


class Browser:
    """A person's browser against one or several servers: cookies kept, CSRF token sent."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, url: str, data: dict | None = None, headers: dict | None = None,
                method: str | None = None):
        import http.cookies
        import urllib.parse

        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if data is not None and "csrftoken" in self.cookies:
            request.add_header("X-CSRFToken", self.cookies["csrftoken"])
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie(header)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        response.text = response.read().decode("utf-8", "replace")
        return response

    def sign_in(self, base: str, username: str, password: str):
        self.request(base + "/login/")
        response = self.request(base + "/login/", {"username": username, "password": password})
        assert response.status == 302, response.text[:2000]
        return response


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class SmtpSink:
    """A tiny SMTP server on loopback that keeps every message it is given: (to, subject)."""

    def __init__(self):
        import socketserver
        import threading

        self.messages: list[tuple[list[str], str]] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink\r\n")
                recipients, lines, in_data = [], [], False
                for raw in self.rfile:
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    if in_data:
                        if line == ".":
                            in_data = False
                            sink._keep(recipients, lines)
                            recipients, lines = [], []
                            self.wfile.write(b"250 kept\r\n")
                        else:
                            lines.append(line)
                        continue
                    verb = line[:4].upper()
                    if verb == "EHLO":
                        self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
                    elif verb == "RCPT":
                        recipients.append(line.split(":", 1)[1].strip().strip("<>"))
                        self.wfile.write(b"250 ok\r\n")
                    elif verb == "DATA":
                        in_data = True
                        self.wfile.write(b"354 go on\r\n")
                    elif verb == "QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _keep(self, recipients, lines):
        import email
        import email.header
        import email.policy

        message = email.message_from_string("\n".join(lines), policy=email.policy.default)
        self.messages.append((recipients, str(message["Subject"])))

    def close(self):
        self.server.shutdown()
        self.server.server_close()
