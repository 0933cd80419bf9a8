"""The body-region vocabulary: the regions a request names, and the search synonyms built on it."""

from __future__ import annotations

import pytest

from ingest.taxonomy.regions import REGIONS, body_regions, region_synonyms


@pytest.mark.parametrize(
    ("request_text", "regions"),
    [
        ("MRI of the lumbosacral spine without contrast", ("Lumbar spine",)),
        ("Lumbar MRI scan", ("Lumbar spine",)),
        ("Physical therapy 2 times a week for 6 weeks low back", ("Lumbar spine",)),
        ("Right L5-S1 epidural steroid injection", ("Lumbar spine",)),
        ("C5-6 anterior cervical discectomy and fusion", ("Cervical spine",)),
        ("Physical therapy, 6 sessions, cervical and thoracic spine", ("Cervical spine", "Thoracic spine")),
        ("Chiropractic evaluation, lumbar spine, left hip and knee", ("Lumbar spine", "Hip", "Knee")),
        ("EMG/NCV of the bilateral upper extremities", ("Upper extremity",)),
        ("Right carpal tunnel release", ("Hand/wrist",)),
        ("1 platelet rich plasma injection to left foot", ("Ankle/foot",)),
        ("Back brace", ("Spine",)),
        ("Lumbar spine and back brace", ("Lumbar spine",)),  # "Spine" gives way to the named region
        ("Norco 10/325mg #60", ()),
    ],
)
def test_body_regions(request_text: str, regions: tuple[str, ...]) -> None:
    assert body_regions(request_text) == regions


def test_every_phrase_names_its_region() -> None:
    for region, phrases in REGIONS.items():
        for phrase in phrases:
            assert body_regions(f"pain of the {phrase}")[:1] == (region,), phrase


def test_synonyms_join_words_of_one_region_only() -> None:
    for line in region_synonyms():
        named = {body_regions(word) for word in line.split(", ")}
        assert len(named) == 1, line
        assert len(next(iter(named))) == 1, line
