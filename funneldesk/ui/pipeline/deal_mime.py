"""The board's drag payload: deal ids under the MIME type ``application/x-funneldesk-deal-ids``.

The payload is plain text (comma-separated ids) so a drop target only has to decode it and
call the move operation; nothing else travels with the drag.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData

DEAL_IDS_MIME = "application/x-funneldesk-deal-ids"


def encode_deal_ids(deal_ids: Sequence[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(DEAL_IDS_MIME, ",".join(str(int(i)) for i in deal_ids).encode("ascii"))
    return mime


def decode_deal_ids(mime: QMimeData | None) -> list[int]:
    """The dragged deal ids, or ``[]`` for anything that is not a FunnelDesk deal drag."""
    if mime is None or not mime.hasFormat(DEAL_IDS_MIME):
        return []
    text = bytes(mime.data(DEAL_IDS_MIME)).decode("ascii", errors="replace")
    ids = []
    for part in text.split(","):
        part = part.strip()
        if part.isdigit():
            ids.append(int(part))
    return ids
