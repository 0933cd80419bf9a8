"""The type of a piece of an OpenSearch request body: the one definition the query modules and dsl use."""

from __future__ import annotations

from typing import Any

Clause = dict[str, Any]
