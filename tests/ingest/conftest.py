"""Fixtures for ingest tests: generated letters, a clean test index, the letters seen by the index."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from ingest.signals import letters_saved

# Layouts the parser reads reliably; PDFs are slower to make and parse, used where they matter.
FAST_LAYOUTS = ("text", "html", "cp1252")


def make_letters(
    folder: Path, count: int, seed: int = 7, layouts: tuple[str, ...] = FAST_LAYOUTS
) -> list[Path]:
    from ingest.generator import iter_letters

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for letter in iter_letters(count, seed, layouts):
        path = folder / letter.filename.replace("/", "_")
        path.write_bytes(letter.content)
        paths.append(path)
    return paths


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def media_root(tmp_path: Path, settings) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def clean_index(opensearch_client) -> Iterator[str]:
    """An empty letters index under the test prefix, dropped after the test."""
    from search import indexes

    alias = indexes.alias_name()
    opensearch_client.indices.delete(index=f"{alias}*", ignore=[404])
    yield alias
    opensearch_client.indices.delete(index=f"{alias}*", ignore=[404])


def index_ids(client, alias: str) -> list[str]:
    """Every document id in the index (with repeats, if any)."""
    client.indices.refresh(index=alias)
    response = client.search(index=alias, body={"query": {"match_all": {}}, "_source": False, "size": 10000})
    return [hit["_id"] for hit in response["hits"]["hits"]]


def real_letters() -> Path | None:
    path = Path(settings.BASE_DIR).parent / "shared" / "letters" / "real"
    return path if path.is_dir() else None


@pytest.fixture
def announced(monkeypatch) -> Iterator[list[list[int]]]:
    """Letter ids sent with letters_saved (search's receiver is kept from queueing a real task)."""
    monkeypatch.setattr("search.tasks.update_index.delay", lambda ids: None)
    seen: list[list[int]] = []

    def receiver(sender, letter_ids, **kwargs) -> None:
        seen.append(letter_ids)

    letters_saved.connect(receiver, dispatch_uid="tests.ingest.announced")
    yield seen
    letters_saved.disconnect(dispatch_uid="tests.ingest.announced")
