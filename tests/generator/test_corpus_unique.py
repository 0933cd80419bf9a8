"""Generated case numbers are unique within a corpus, so corpus size equals letter count."""

from ingest.generator import iter_letters


def test_case_numbers_are_unique_within_a_corpus() -> None:
    numbers = [
        g.truth["case_number"]
        for g in iter_letters(3000, seed=1, layouts=("html", "cp1252"))
        if g.truth["case_number"]
    ]
    serials = [n.split("-", 1)[1] for n in numbers]
    assert len(set(serials)) == len(serials) > 2500
