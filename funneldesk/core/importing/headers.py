"""Which column holds what: header recognition for FunnelDesk's own CSV, hand-made sheets in
English or Chinese, Google Contacts and Outlook exports.

A header is normalised (case, spaces and punctuation dropped) and looked up in
:data:`ALIASES`; Google's numbered columns (``Phone 1 - Value``, ``E-mail 2 - Value``) are
matched by pattern. When several columns map to one field, the one listed first in the
aliases wins (a mobile number before an office number) and the others are kept in the notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from funneldesk.core.customers import CUSTOMER_FIELDS

CUSTOMER_TARGETS = CUSTOMER_FIELDS
NAME_PART_TARGETS = ("family_name", "given_name", "middle_name")
EXTRA_TARGETS = ("birthday", "anniversary", "other_dates", "preferences")
TARGETS = CUSTOMER_TARGETS + NAME_PART_TARGETS + EXTRA_TARGETS
"""Every field a column can be mapped to (``None`` means: ignore the column)."""

ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "fullname",
        "displayname",
        "contactname",
        "customer",
        "customername",
        "client",
        "姓名",
        "名称",
        "客户",
        "客户名称",
        "客户姓名",
        "联系人",
        "联系人姓名",
        "全名",
        "顾客",
        "顾客姓名",
    ),
    "family_name": ("lastname", "familyname", "surname", "姓", "姓氏"),
    "given_name": ("firstname", "givenname", "forename", "名", "名字"),
    "middle_name": ("middlename", "additionalname", "中间名"),
    "company": (
        "company",
        "organization",
        "organisation",
        "organizationname",
        "organization1name",
        "org",
        "employer",
        "business",
        "公司",
        "公司名称",
        "单位",
        "工作单位",
        "企业",
        "机构",
    ),
    "title": (
        "jobtitle",
        "occupation",
        "position",
        "role",
        "organizationtitle",
        "organization1title",
        "title",
        "职位",
        "职务",
        "职业",
        "头衔",
        "岗位",
    ),
    "phone": (
        "phone",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
        "mobilenumber",
        "phonenumber",
        "tel",
        "telephone",
        "primaryphone",
        "businessphone",
        "homephone",
        "otherphone",
        "手机",
        "手机号",
        "手机号码",
        "移动电话",
        "电话",
        "电话号码",
        "联系电话",
        "联系方式",
        "座机",
        "办公电话",
    ),
    "email": (
        "email",
        "emailaddress",
        "mail",
        "e-mail",
        "email2address",
        "email3address",
        "邮箱",
        "电子邮件",
        "电子邮箱",
        "邮件",
        "邮箱地址",
    ),
    "address": (
        "address",
        "street",
        "streetaddress",
        "businessstreet",
        "homestreet",
        "otherstreet",
        "地址",
        "详细地址",
        "联系地址",
        "住址",
        "街道",
    ),
    "city": ("city", "town", "businesscity", "homecity", "othercity", "城市", "所在城市", "市"),
    "source": (
        "source",
        "leadsource",
        "channel",
        "origin",
        "来源",
        "客户来源",
        "渠道",
        "获客渠道",
    ),
    "spending_level": ("spendinglevel", "spending", "budget", "消费水平", "消费能力", "消费档次"),
    "purchase_frequency": (
        "purchasefrequency",
        "frequency",
        "购买频率",
        "购买频次",
        "消费频率",
    ),
    "satisfaction": ("satisfaction", "rating", "满意度", "评分"),
    "notes": ("notes", "note", "comments", "comment", "remarks", "memo", "备注", "说明", "附注"),
    "owner": (
        "owner",
        "salesperson",
        "salesrep",
        "accountowner",
        "assignedto",
        "负责人",
        "销售",
        "销售员",
        "所属销售",
        "跟进人",
        "归属",
    ),
    "birthday": (
        "birthday",
        "birthdate",
        "dateofbirth",
        "dob",
        "bday",
        "生日",
        "出生日期",
        "出生年月",
        "生辰",
    ),
    "anniversary": (
        "anniversary",
        "weddinganniversary",
        "纪念日",
        "结婚纪念日",
        "周年纪念日",
    ),
    "other_dates": ("otherdates", "importantdates", "dates", "其他日期", "重要日期"),
    "preferences": ("preferences", "interests", "hobbies", "偏好", "喜好", "爱好"),
}

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^phone\d+value$"), "phone"),
    (re.compile(r"^e?mail\d+value$"), "email"),
    (re.compile(r"^address\d+city$"), "city"),
    (re.compile(r"^address\d+(formatted|street)$"), "address"),
    (re.compile(r"^organization\d+name$"), "company"),
    (re.compile(r"^organization\d+title$"), "title"),
    (re.compile(r"^e?mail\d+address$"), "email"),
    (re.compile(r"^(business|home|other|car|company)?phone\d*$"), "phone"),
    (re.compile(r"^event\d+value$"), "other_dates"),
)
_EVENT_VALUE = re.compile(r"^event(\d+)value$")


def event_type_columns(headers: Sequence[str]) -> dict[int, int]:
    """Google Contacts' ``Event N - Value`` column → its ``Event N - Type`` column
    (``Anniversary`` or a label), so the date can be stored as what it is."""
    keys = [normalise_header(h) for h in headers]
    found: dict[int, int] = {}
    for index, key in enumerate(keys):
        match = _EVENT_VALUE.match(key)
        if match and f"event{match.group(1)}type" in keys:
            found[index] = keys.index(f"event{match.group(1)}type")
    return found


_NORMALISE = re.compile(r"[\s\-_.:：/()（）*#]+")


def normalise_header(header: str) -> str:
    """Lower-case, no spaces or punctuation: ``E-mail 1 - Value`` → ``email1value``."""
    return _NORMALISE.sub("", str(header or "").strip().lower().lstrip("\ufeff"))


_LOOKUP: dict[str, tuple[str, int]] = {
    normalise_header(alias): (target, rank)
    for target, aliases in ALIASES.items()
    for rank, alias in enumerate(aliases)
}


def recognise(header: str) -> tuple[str, int] | None:
    """The field a header names and its priority (lower wins), or ``None``."""
    key = normalise_header(header)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    for rank, (pattern, target) in enumerate(_PATTERNS):
        if pattern.match(key):
            digits = re.findall(r"\d+", key)
            return target, 100 + rank * 10 + (int(digits[0]) if digits else 0)
    return None


def guess_mapping(headers: Sequence[str]) -> list[str | None]:
    """A field (or ``None``) per column, as the column-mapping step pre-fills it."""
    return [found[0] if (found := recognise(h)) else None for h in headers]


def column_priority(headers: Sequence[str], mapping: Sequence[str | None]) -> list[int]:
    """Column indexes ordered so the preferred column of each field comes first."""

    def rank(index: int) -> tuple[int, int]:
        found = recognise(headers[index]) if index < len(headers) else None
        same_target = found is not None and found[0] == mapping[index]
        return (found[1] if same_target else 50, index)

    return sorted(range(len(mapping)), key=rank)


def has_name_columns(mapping: Sequence[str | None]) -> bool:
    """A file can only be imported when some column gives each row a name."""
    return any(t in ("name", "family_name", "given_name", "company") for t in mapping)
