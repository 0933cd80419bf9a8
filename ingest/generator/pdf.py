"""Real-PDF-like letters (2016-2017 style) drawn with fpdf2.

Header table, logo text, bold centred headings, bold item statements with the
decision in regular type, running page header/footer with page numbers.
"""

from __future__ import annotations

import datetime as dt
import random

from fpdf import FPDF

from .case import Case
from .modern import blocks, header_rows


class _Letter(FPDF):
    footer_style: int = 0
    footer_case: str = ""

    def header(self) -> None:
        self.set_font("Helvetica", "B", 12)
        self.set_text_color(110, 110, 110)
        self.set_xy(150, 8)
        self.cell(50, 5, "MAXIMUS", align="R")
        self.set_xy(150, 13)
        self.set_font("Helvetica", "", 8)
        self.cell(50, 4, "Federal Services", align="R")
        self.set_text_color(0, 0, 0)
        self.set_y(24)

    def footer(self) -> None:
        if self.footer_style == 0:
            return
        self.set_y(-14)
        self.set_font("Times", "", 8)
        if self.footer_style == 1:
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")
        else:
            self.cell(95, 5, self.footer_case)
            self.cell(0, 5, f"Page {self.page_no()}", align="R")


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _line_count(pdf: FPDF, width: float, text: str) -> int:
    """How many lines ``text`` takes in a cell ``width`` wide."""
    lines = pdf.multi_cell(width, 4.2, text, dry_run=True, output="LINES")
    assert isinstance(lines, list)  # (output="LINES": the lines, in a union of every output type)
    return len(lines)


def _table(pdf: FPDF, rows: list[tuple[str, str]]) -> None:
    pdf.set_font("Helvetica", "", 9)
    x0 = pdf.l_margin
    widths = (36, 50, 36, 48)
    layout = [(rows[0], None), (rows[1], rows[2]), (rows[3], rows[4]), (rows[5], rows[6])]
    for left, right in layout:
        cells = [*left, *(right or ("", ""))]
        h = 4.2 * max(_line_count(pdf, w, c) for w, c in zip(widths, cells, strict=True))
        y = pdf.get_y()
        x = x0
        for i, (w, c) in enumerate(zip(widths, cells, strict=True)):
            pdf.set_xy(x, y)
            bold = i % 2 == 0
            if bold:
                pdf.set_fill_color(217, 217, 217)
            pdf.set_font("Helvetica", "B" if bold else "", 9)
            pdf.multi_cell(
                w, 4.2, c, border=1, fill=bold and bool(c), max_line_height=4.2, new_x="RIGHT", new_y="TOP"
            )
            pdf.rect(x, y, w, h)
            x += w
        pdf.set_xy(x0, y + h)
    pdf.ln(4)


def render_pdf(case: Case, rng: random.Random) -> bytes:
    pdf = _Letter(format="Letter", unit="mm")
    pdf.footer_style = rng.choice((0, 1, 2))
    pdf.footer_case = case.case_number or ""
    pdf.set_margins(25, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    stamp = dt.datetime.combine(case.decision_date, dt.time(9, 30), tzinfo=dt.UTC)
    pdf.set_creation_date(stamp)
    pdf.add_page()
    _table(pdf, header_rows(case, rng))
    body = 11 if rng.random() < 0.7 else 10.5
    lh = body * 0.43
    for kind, text in blocks(case, rng):
        text = _latin1(text)
        if kind == "heading":
            pdf.ln(2)
            pdf.set_font("Times", "B", body)
            pdf.multi_cell(0, lh, text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        elif kind == "item":
            stmt, word = text.split("\x00")
            pdf.set_font("Times", "", body)
            pdf.multi_cell(
                0, lh, f"**{stmt}** {word}", markdown=True, align="L", new_x="LMARGIN", new_y="NEXT"
            )
            pdf.ln(lh * 0.8)
        elif kind == "label":
            label, rest = text.split("\x00")
            pdf.set_font("Times", "", body)
            pdf.multi_cell(
                0, lh, f"**{label}** {rest}", markdown=True, align="L", new_x="LMARGIN", new_y="NEXT"
            )
            pdf.ln(lh * 0.8)
        elif kind == "line":
            pdf.set_font("Times", "", body)
            pdf.multi_cell(0, lh, text, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Times", "", body)
            pdf.multi_cell(0, lh, text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(lh * 0.8)
    return bytes(pdf.output())
