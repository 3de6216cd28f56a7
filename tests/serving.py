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
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310
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
