"""Text that leaves FunnelDesk for a spreadsheet must stay text (formula injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, CR or LF can be run as a formula by
Excel or LibreOffice when a CSV file is opened, and a customer's name or note is data typed
by anyone. The rule (README § Import, export and the Excel report) is applied in two places:

* CSV: such a value is written with a leading apostrophe (``'=1+1``), the practice OWASP
  recommends; spreadsheets show it as text, and FunnelDesk's own import removes the
  apostrophe again so a round trip keeps the value exactly.
* xlsx: a string cell is literal by construction; :func:`xlsx_text` only removes characters
  XML cannot hold. The report writer marks every text cell as a string explicitly, so
  openpyxl never turns ``=…`` into a formula.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
CSV_ESCAPE = "'"
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XLSX_MAX_TEXT = 32_767


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as the start of a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_text(text: str) -> str:
    """``text`` as it must appear in a CSV cell so that no spreadsheet evaluates it."""
    return CSV_ESCAPE + text if starts_like_formula(text) else text


def csv_text_restored(text: str) -> str:
    """Undo :func:`csv_text` when reading a CSV back (an apostrophe before a trigger)."""
    if text.startswith(CSV_ESCAPE) and starts_like_formula(text[1:]):
        return text[1:]
    return text


def xlsx_text(text: str) -> str:
    """``text`` with XML-illegal control characters removed and cut to Excel's cell limit."""
    cleaned = _XML_ILLEGAL.sub("", text)
    if len(cleaned) > XLSX_MAX_TEXT:
        cleaned = cleaned[: XLSX_MAX_TEXT - 1] + "…"
    return cleaned
