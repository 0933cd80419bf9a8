"""Debian's redis-server on loopback, installed with apt when missing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess

from stack.procs import VAR, Managed, already_up, wait_for

PORT = int(os.environ.get("REDIS_PORT", "6390"))
SERVER = Managed("redis")


def install() -> None:
    if shutil.which("redis-server"):
        return
    print("Redis: installing Debian's redis-server with apt ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "redis-server"], check=True, env=env)


def ready() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start() -> None:
    if already_up("Redis", SERVER, ready, f"on 127.0.0.1:{PORT}"):
        return
    install()
    data = VAR / "redis"
    data.mkdir(parents=True, exist_ok=True)
    argv = [
        shutil.which("redis-server") or "redis-server",
        "--bind", "127.0.0.1", "--port", str(PORT), "--protected-mode", "yes",
        "--dir", str(data), "--daemonize", "no",
        "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
    ]  # fmt: skip
    pid = SERVER.start(argv)
    wait_for(ready, "Redis", timeout=30, log=SERVER.log_file)
    print(f"Redis: ready on 127.0.0.1:{PORT} (pid {pid})")


def stop() -> None:
    if SERVER.stop(timeout=15):
        print("Redis: stopped")
