"""Synthetic IMR letter corpus with ground truth (plain Python, no Django).

``iter_letters(count, seed)`` yields :class:`GeneratedLetter` (filename,
bytes, truth dict) one at a time; ``write_corpus`` writes them to disk with
``<name>.json`` beside each letter. CLI: ``python -m ingest.generator``.
``terms`` says which decisions of a letter's truth each treatment word belongs to.
"""

from .corpus import LAYOUTS, GeneratedLetter, iter_letters, write_corpus

__all__ = ["LAYOUTS", "GeneratedLetter", "iter_letters", "write_corpus"]
