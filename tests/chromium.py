"""The headless Chromium binary the browser tests drive, or None (those tests then skip)."""
from __future__ import annotations

import shutil


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = find_chromium()
