"""The hand-off sheet as a PDF, made by WeasyPrint from the same HTML the browser prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.staticfiles import finders

if TYPE_CHECKING:
    from weasyprint import CSS

# WeasyPrint is imported when a sheet is first printed, not with the URLs: it is most
# of the import time of every process that starts Django (a command, a server worker).

PAGE_SIZES = {"a4": "A4", "letter": "Letter"}
# When a long plan would spill onto a second page, the sheet is set smaller rather
# than split: a therapist reads one page, and a second sheet gets lost.
SCALES = (1.0, 0.92, 0.84, 0.76, 0.68)


def _stylesheets(paper: str, scale: float) -> list[CSS]:
    from weasyprint import CSS

    page = f"@page {{ size: {PAGE_SIZES[paper]}; margin: 10mm; }}"
    size = f"html {{ font-size: {10.5 * scale:.2f}pt; }}"
    # The smaller map of sheet.css's print rules is for browsers, which cannot shrink the
    # sheet; the PDF shrinks instead, and WeasyPrint would keep the narrowed map's row at
    # its full height, leaving a blank band above the plan.
    full_map = ".sheet-map { flex-basis: 47%; }"
    return [
        CSS(filename=finders.find("safetouch/sheet.css")),
        CSS(string=page + size + full_map),
    ]


def sheet_pdf(html: str, *, paper: str, base_url: str) -> bytes:
    """The sheet's HTML as PDF on A4 or Letter, set small enough to fit one page.

    If even the smallest setting overflows, the extra page is kept: losing a line of
    the never-touch list would be worse than a second page.
    """
    from weasyprint import HTML

    document = None
    for scale in SCALES:
        document = HTML(string=html, base_url=base_url).render(
            stylesheets=_stylesheets(paper, scale)
        )
        if len(document.pages) == 1:
            break
    return document.write_pdf()
