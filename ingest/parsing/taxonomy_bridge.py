"""Lazy, failure-tolerant access to ``ingest.taxonomy``.

The taxonomy package is owned elsewhere; the parser must keep working (with
fewer fields filled in) if it is missing or raises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

_UNSET: Any = object()
_api: Any = _UNSET


def _load() -> Any:
    global _api
    if _api is _UNSET:
        try:
            import ingest.taxonomy as taxonomy

            _api = taxonomy
        except Exception as exc:  # noqa: BLE001 - any import failure means "no taxonomy"
            logger.warning("ingest.taxonomy unavailable, classification skipped: %s", exc)
            _api = None
    return _api


def _call(name: str, arg: str) -> Any:
    api = _load()
    func: Callable[[str], Any] | None = getattr(api, name, None) if api is not None else None
    if func is None:
        return None
    try:
        return func(arg)
    except Exception as exc:  # noqa: BLE001 - a taxonomy bug must not fail a parse
        logger.warning("ingest.taxonomy.%s(%r) failed: %s", name, arg[:80], exc)
        return None


@lru_cache(maxsize=4096)
def canonical_specialty(name: str) -> str | None:
    value = _call("canonical_specialty", name)
    return value if isinstance(value, str) and value else None


@lru_cache(maxsize=1024)
def state_code(name: str) -> str | None:
    value = _call("state_code", name)
    if isinstance(value, str) and len(value) == 2 and value.isalpha():
        return value.upper()
    return None


@lru_cache(maxsize=8192)
def classify_treatment(request: str) -> Any:
    """A ``Classification`` (attributes read with ``getattr``), or None."""
    return _call("classify_treatment", request)
