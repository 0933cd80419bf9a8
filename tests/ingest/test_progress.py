"""ingest.progress.Display: the command-line progress of ingest and reindex."""

from __future__ import annotations

import io

from django.core.management.base import OutputWrapper

from ingest.progress import Display


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_redraws_in_place_through_a_commands_stdout() -> None:
    screen = Terminal()
    display = Display(OutputWrapper(screen), unit="letter")
    for done in (0, 5, 10):
        display.show(done, 10, "failed 0", lambda: "not a terminal")
    display.close()
    drawn = screen.getvalue()
    assert drawn.count("\n") == 1  # the wrapper's newline is not added to each redraw: only tqdm's last
    assert "10/10" in drawn
    assert "failed 0" in drawn
    assert "not a terminal" not in drawn


def test_elsewhere_plain_lines_at_most_every_few_seconds_and_the_last_one() -> None:
    log = io.StringIO()
    display = Display(OutputWrapper(log))
    display.show(1, 10, "", lambda: "first")
    display.show(2, 10, "", lambda: "too soon")
    display.show(10, 10, "", lambda: "final", final=True)
    assert log.getvalue() == "first\nfinal\n"


def test_quiet_shows_nothing() -> None:
    log = Terminal()
    Display(log, quiet=True).show(1, 1, "", lambda: "line", final=True)
    assert log.getvalue() == ""
