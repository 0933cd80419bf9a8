"""Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; no browser download)."""

from __future__ import annotations

import os
import shutil
import subprocess

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def install() -> None:
    if os.path.exists(CHROMIUM):
        return
    print("Chromium: installing Debian's chromium with apt ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if shutil.which("apt-get") is None:
        raise SystemExit(f"No {CHROMIUM} and no apt-get to install it")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-dejavu-core"], check=True, env=env)
