"""Thin views of the search UI: the search page, the letter page and the CSV export."""

from search.views.export import export_csv
from search.views.letter import letter_file, letter_page, letter_similar
from search.views.page import search_page

__all__ = ["export_csv", "letter_file", "letter_page", "letter_similar", "search_page"]
