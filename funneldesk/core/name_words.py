"""How names and other text split into words, fold, and read aloud in pinyin.

Shared by the search index (``core/search.py``) and the name order (``core/name_order.py``)
so that what a user types and how names are sorted agree on what a word is. No database
access here: the schema's upgrade steps use it too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_ALNUM_RUN = re.compile(r"[^\W_]+")
_CJK = re.compile(
    r"[\u2e80-\u2fff\u3040-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\U00020000-\U0003ffff]+"
)

# Surnames read differently from the character's everyday reading (pypinyin reads words, not
# names): both readings are indexed, so 曾 is found by ``zeng`` and ``ceng``, 单 by ``shan``.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao",
    "查": "zha", "盖": "ge", "乐": "yue", "覃": "qin", "缪": "miao", "种": "chong",
    "翟": "zhai", "冼": "xian", "洗": "xian", "秘": "bi", "召": "shao", "员": "yun",
    "宓": "mi", "逄": "pang", "阚": "kan", "句": "gou", "隗": "wei", "任": "ren",
    "华": "hua", "燕": "yan", "纪": "ji", "相": "xiang", "能": "nai", "黑": "he", "繁": "po", "折": "she", "郇": "huan",
}  # fmt: skip


def normalise(text: str | None) -> str:
    """NFKC folds full-width letters and digits (ＡＢＣ１２３) into the ones people type."""
    return unicodedata.normalize("NFKC", text or "")


def runs(text: str) -> Iterator[tuple[bool, str]]:
    """Alphanumeric runs split into CJK and non-CJK parts: ``(is_cjk, run)``."""
    for match in _ALNUM_RUN.finditer(normalise(text)):
        word = match.group()
        position = 0
        for cjk in _CJK.finditer(word):
            if cjk.start() > position:
                yield False, word[position : cjk.start()]
            yield True, cjk.group()
            position = cjk.end()
        if position < len(word):
            yield False, word[position:]


def fold(text: str) -> str:
    """Lower case without diacritics (Müller → muller), as the FTS tokenizer folds."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
