"""The text encoding of an imported file, chosen by evidence, and the one way to decode it.

Contact files come from Excel on a Chinese Windows (GBK/GB18030), Outlook on a
Western-European one (Windows-1252), phones and Google (UTF-8) and Excel's "Unicode text"
(UTF-16). The bytes say which, in this order of certainty: a byte-order mark; UTF-16's
zero bytes; UTF-8's strict structure (which legacy text almost never satisfies by
accident); and last, for a legacy file, what the text looks like read each way — 黮 between
Latin letters is as unlikely as ü between Chinese characters. charset-normalizer does that
weighing; it is shown only the words that hold non-ASCII bytes, so a Chinese name in a
file of English addresses is not outvoted by the English.

Every text import (CSV and vCard, including a vCard value's own ``CHARSET``) decodes
through :func:`decode_bytes`. Bytes the chosen encoding cannot read become "�" and the
result says so, so the rows holding them are reported instead of silently changed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from funneldesk.core.errors import FunnelDeskError

UTF8 = "utf-8"
LEGACY_CANDIDATES = {"gb18030": "gb18030", "cp1252": "windows-1252"}
"""charset-normalizer's name → ours: the legacy encodings the detector weighs."""
CHOICES = (
    "utf-8",
    "gb18030",
    "big5",
    "windows-1252",
    "windows-1250",
    "windows-1251",
    "shift_jis",
    "euc-kr",
    "utf-16",
)
"""What a user may pick instead of the detected encoding (the dialog's list)."""
REPLACEMENT = "\ufffd"
_NON_ASCII_WORD = re.compile(rb'[^\s,;"|]*[\x80-\xff][^\s,;"|]*')
"""A word holding non-ASCII bytes (GBK's second bytes are never spaces or delimiters)."""
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
_EVIDENCE_BYTES = 64 * 1024
_UTF8_GOOD_PER_BAD = 4
"""A UTF-8 file with a stray byte or two is still UTF-8 (the strays are reported)."""


class EncodingError(FunnelDeskError):
    """An encoding name Python does not know."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    lossy: bool
    """Some bytes could not be read in ``encoding`` and show as "�"."""


def canonical(name: str) -> str:
    """The name we show for an encoding a user typed (``cp1252`` → ``windows-1252``)."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise EncodingError(
            f"Unknown text encoding “{name}” (try utf-8, gb18030 or windows-1252)."
        ) from None
    return {"cp1252": "windows-1252", "cp1250": "windows-1250", "cp1251": "windows-1251"}.get(
        codec, codec.replace("_", "-") if codec.startswith(("utf", "euc")) else codec
    )


def decode_bytes(data: bytes, encoding: str | None = None) -> DecodedText:
    """``data`` as text in ``encoding`` (detected when ``None``); a UTF-8 BOM is dropped."""
    chosen = canonical(encoding) if encoding else detect_encoding(data)
    if chosen == UTF8 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return DecodedText(data.decode(chosen), chosen, lossy=False)
    except UnicodeDecodeError:
        return DecodedText(data.decode(chosen, errors="replace"), chosen, lossy=True)


def detect_encoding(data: bytes) -> str:
    """The encoding the bytes show the most evidence for (see the module's docstring)."""
    if data.startswith(codecs.BOM_UTF8):
        return UTF8
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _looks_like_utf16(data):
        sample = data[:2000]
        return "utf-16-le" if sample[1::2].count(0) >= sample[0::2].count(0) else "utf-16-be"
    if _is_mostly_utf8(data):
        return UTF8
    return _legacy_encoding(data)


def is_utf16(data: bytes) -> bool:
    """UTF-16 text, with or without a byte-order mark (whose zero bytes are not binary)."""
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(data)


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:1000]
    return len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 3


def _is_mostly_utf8(data: bytes) -> bool:
    try:
        data.decode(UTF8)
        return True
    except UnicodeDecodeError:
        pass
    text = data.decode(UTF8, errors="replace")
    bad = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode())
    good = sum(1 for c in text if c > "\x7f") - bad
    return good > _UTF8_GOOD_PER_BAD * bad


def _legacy_encoding(data: bytes) -> str:
    """GB18030 or Windows-1252, by how the non-ASCII words read in each."""
    from charset_normalizer import from_bytes

    for pattern in (_NON_ASCII_WORD, _NON_ASCII_RUN):
        best = from_bytes(_evidence(data, pattern), cp_isolation=list(LEGACY_CANDIDATES)).best()
        if best is not None and best.encoding in LEGACY_CANDIDATES:
            return LEGACY_CANDIDATES[best.encoding]
    return min(LEGACY_CANDIDATES.values(), key=lambda name: _undecodable(data, name))


def _evidence(data: bytes, pattern: re.Pattern[bytes]) -> bytes:
    words: list[bytes] = []
    size = 0
    for match in pattern.finditer(data):
        words.append(match.group())
        size += len(words[-1]) + 1
        if size >= _EVIDENCE_BYTES:
            break
    return b"\n".join(words)


def _undecodable(data: bytes, encoding: str) -> int:
    return data.decode(encoding, errors="replace").count(REPLACEMENT)
