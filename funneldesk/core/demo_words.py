"""Word lists the demo data generator draws from (names, companies, places, notes).

Two cultures: ``zh`` (mainland China) and ``latin`` (Europe and the Americas). Chinese
words carry their pinyin so e-mail addresses and company domains can be spelled from them.
Everything here is invented; any likeness to a real person or company is chance.
"""

from __future__ import annotations

ZH_SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
    ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"),
    ("袁", "yuan"), ("潘", "pan"), ("蒋", "jiang"), ("蔡", "cai"), ("余", "yu"),
    ("杜", "du"), ("叶", "ye"), ("程", "cheng"), ("苏", "su"), ("魏", "wei"),
    ("吕", "lv"), ("丁", "ding"), ("沈", "shen"), ("姚", "yao"), ("欧阳", "ouyang"),
    ("司马", "sima"), ("诸葛", "zhuge"),
)  # fmt: skip

ZH_GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"),
    ("秀英", "xiuying"), ("桂英", "guiying"), ("建华", "jianhua"), ("晓明", "xiaoming"),
    ("子涵", "zihan"), ("欣怡", "xinyi"), ("浩然", "haoran"), ("梓萱", "zixuan"),
    ("宇轩", "yuxuan"), ("思远", "siyuan"), ("雨桐", "yutong"), ("一鸣", "yiming"),
    ("嘉怡", "jiayi"), ("俊杰", "junjie"), ("志强", "zhiqiang"), ("海燕", "haiyan"),
    ("文博", "wenbo"), ("佳琪", "jiaqi"), ("国庆", "guoqing"), ("春梅", "chunmei"),
)  # fmt: skip

LATIN_FIRST: tuple[str, ...] = (
    "Anna", "Lukas", "Sophie", "Jonas", "María", "José", "Lucía", "Carlos", "Siobhán",
    "Liam", "Emma", "Noah", "Olivia", "James", "Chloé", "François", "Zoë", "Mateo",
    "Giulia", "Marco", "Søren", "Ingrid", "Łukasz", "Agnieszka", "Jürgen", "Renée",
    "Ahmed", "Fatima", "Priya", "Rahul", "Mei", "Kenji", "Yuki", "Thabo", "Ana",
    "João", "Björn", "Elif", "Mehmet", "Sarah", "David", "Laura", "Michael", "Nina",
)  # fmt: skip

LATIN_LAST: tuple[str, ...] = (
    "Müller", "García", "O'Brien", "Schmidt", "Rossi", "Dubois", "Kowalski", "Smith",
    "Johnson", "Novák", "Fernández", "Nguyen", "Jensen", "Becker", "Martin", "Silva",
    "Costa", "Williams", "Brown", "Weber", "Schneider", "López", "Hernández", "Fischer",
    "Bianchi", "Lefèvre", "Andersson", "Van der Berg", "D'Angelo", "MacLeod", "Okafor",
    "Patel", "Yılmaz", "Ivanova", "Kim", "Tanaka", "Wagner", "Hoffmann", "Moreau", "Taylor",
)  # fmt: skip

ZH_COMPANY_WORDS: tuple[tuple[str, str], ...] = (
    ("华信", "huaxin"), ("腾达", "tengda"), ("恒通", "hengtong"), ("鼎盛", "dingsheng"),
    ("博远", "boyuan"), ("金桥", "jinqiao"), ("新澳", "xinao"), ("东方", "dongfang"),
    ("天元", "tianyuan"), ("瑞丰", "ruifeng"), ("嘉禾", "jiahe"), ("立邦", "libang"),
    ("汇通", "huitong"), ("中联", "zhonglian"), ("安和", "anhe"), ("百川", "baichuan"),
    ("星辰", "xingchen"), ("云帆", "yunfan"), ("宏图", "hongtu"), ("长青", "changqing"),
)  # fmt: skip

ZH_COMPANY_KINDS: tuple[tuple[str, str], ...] = (
    ("科技有限公司", "tech"), ("贸易有限公司", "trade"), ("餐饮管理有限公司", "food"),
    ("装饰工程有限公司", "deco"), ("物流有限公司", "logistics"), ("文化传媒有限公司", "media"),
    ("医疗器械有限公司", "medical"), ("电子商务有限公司", "ecom"), ("服装有限公司", "fashion"),
    ("建材有限公司", "build"),
)  # fmt: skip

LATIN_COMPANY_WORDS: tuple[str, ...] = (
    "Nordlicht", "Blue Harbor", "Atlas", "Sunrise", "Evergreen", "Keystone", "Iberia",
    "Alpenglow", "Red Maple", "Silverline", "Brightwater", "Oakridge", "Polaris", "Helvetia",
    "Granite", "Lighthouse", "Meridian", "Riverside", "Summit", "Cedar & Stone",
)  # fmt: skip

LATIN_COMPANY_KINDS: tuple[tuple[str, str], ...] = (
    ("Logistics GmbH", "de"), ("Trading Ltd", "co.uk"), ("Design Studio", "com"),
    ("Software Inc.", "com"), ("Consulting", "com"), ("Foods S.L.", "es"),
    ("Medical AG", "ch"), ("Retail Group", "com"), ("Architects LLP", "co.uk"),
    ("& Söhne KG", "de"),
)  # fmt: skip

ZH_TITLES: tuple[str, ...] = (
    "总经理", "采购经理", "销售总监", "财务主管", "店长", "技术总监", "行政主管",
    "市场经理", "项目经理", "董事长", "运营总监", "工程师",
)  # fmt: skip

LATIN_TITLES: tuple[str, ...] = (
    "CEO", "Purchasing Manager", "Head of Operations", "Office Manager", "Owner",
    "Procurement Lead", "CFO", "IT Director", "Marketing Manager", "Store Manager",
    "Project Manager", "Founder",
)  # fmt: skip

# City, phone country code, local currency, street names for addresses.
ZH_CITIES: tuple[tuple[str, str], ...] = (
    ("上海", "浦东新区世纪大道"), ("北京", "朝阳区建国路"), ("深圳", "南山区科技园路"),
    ("广州", "天河区体育西路"), ("杭州", "西湖区文三路"), ("成都", "高新区天府大道"),
    ("南京", "鼓楼区中山北路"), ("武汉", "江汉区解放大道"), ("苏州", "工业园区星湖街"),
    ("西安", "雁塔区高新路"),
)  # fmt: skip

LATIN_CITIES: tuple[tuple[str, str, str, str], ...] = (
    ("Berlin", "+49 30", "EUR", "Friedrichstraße"), ("Munich", "+49 89", "EUR", "Leopoldstraße"),
    ("Hamburg", "+49 40", "EUR", "Mönckebergstraße"), ("New York", "+1 212", "USD", "Broadway"),
    ("San Francisco", "+1 415", "USD", "Market Street"), ("London", "+44 20", "GBP", "Baker Street"),
    ("Paris", "+33 1", "EUR", "Rue de Rivoli"), ("Madrid", "+34 91", "EUR", "Calle de Alcalá"),
    ("Zürich", "+41 44", "CHF", "Bahnhofstrasse"), ("Toronto", "+1 416", "CAD", "Queen Street West"),
    ("Singapore", "+65", "SGD", "Orchard Road"), ("São Paulo", "+55 11", "BRL", "Avenida Paulista"),
)  # fmt: skip

# Digits after the area code of each dialling prefix above, so every number is a real,
# valid number plan entry (checked by the import's phonenumbers validation).
SUBSCRIBER_DIGITS = {
    "+49 30": 8, "+49 89": 8, "+49 40": 8, "+1 212": 7, "+1 415": 7, "+44 20": 8, "+33 1": 8,
    "+34 91": 7, "+41 44": 7, "+1 416": 7, "+65": 8, "+55 11": 8,
}  # fmt: skip

ZH_MOBILE_PREFIXES = ("138", "139", "137", "136", "135", "150", "151", "186", "188", "189", "177")

SOURCES: tuple[str, ...] = (
    "referral", "walk-in", "website", "wechat", "exhibition", "cold call", "social media",
)  # fmt: skip
# Relative weights of the sources per culture, and monthly marketing cost per new customer.
SOURCE_WEIGHTS_ZH = (26, 12, 12, 28, 12, 6, 4)
SOURCE_WEIGHTS_LATIN = (28, 10, 26, 2, 14, 12, 8)
SOURCE_UNIT_COST = {
    "referral": 40.0,
    "walk-in": 15.0,
    "website": 120.0,
    "wechat": 60.0,
    "exhibition": 350.0,
    "cold call": 90.0,
    "social media": 75.0,
}

SPENDING_LEVELS = ("low", "medium", "high", "vip")
SPENDING_WEIGHTS = (30, 42, 21, 7)
PURCHASE_FREQUENCIES = ("one-off", "yearly", "quarterly", "monthly", "weekly")
FREQUENCY_WEIGHTS = (22, 26, 28, 18, 6)

OWNERS = {
    "en": ("Emma Clarke", "Daniel Weber", "Li Wei", "Sofia Rossi", "Marcus Brown"),
    "zh_CN": ("王磊", "李娜", "陈静", "赵强", "Emma Clarke"),
}

ZH_NOTES: tuple[str, ...] = (
    "喜欢喝普洱茶，周末不方便联系。",
    "去年在展会上认识，对价格比较敏感。",
    "老客户介绍的，决策人是他的合伙人。",
    "每季度初有采购预算，提前两周联系。",
    "孩子在读高中，聊天时可以问问学习情况。",
    "偏好微信沟通，不喜欢电话。",
    "对售后服务要求很高，上次投诉已经解决。",
    "公司正在扩张，明年可能开两家新店。",
    "Prefers WeChat; English is fine for documents.",
)  # fmt: skip

LATIN_NOTES: tuple[str, ...] = (
    "Prefers e-mail over calls; replies within a day.",
    "Decision maker is her business partner — send proposals to both.",
    "Met at the trade fair in spring. Very price-sensitive.",
    "Budget is approved at the start of each quarter.",
    "Loves talking about football; supports the local club.",
    "Had a billing issue last year, resolved. Keep an eye on service quality.",
    "Expanding to a second location next year.",
    "Speaks some Mandarin (学过两年中文).",
    "Ask about the new warehouse project next time.",
)  # fmt: skip

PREFERENCES_ZH: dict[str, tuple[str, ...]] = {
    "colour": ("红色", "蓝色", "金色", "白色", "绿色"),
    "music": ("古典音乐", "流行歌曲", "京剧", "爵士乐", "周杰伦"),
    "drink": ("普洱茶", "龙井茶", "茅台", "红酒", "咖啡", "不喝酒"),
    "food": ("川菜", "粤菜", "火锅", "素食", "海鲜", "饺子"),
    "gift": ("茶叶礼盒", "月饼", "书法作品", "高尔夫用品", "红酒"),
    "hobby": ("高尔夫", "钓鱼", "书法", "登山", "摄影", "象棋"),
    "other": ("不吃辣", "左撇子", "对花生过敏"),
}

PREFERENCES_LATIN: dict[str, tuple[str, ...]] = {
    "colour": ("navy blue", "green", "burgundy", "black", "orange"),
    "music": ("jazz", "classical", "rock", "Taylor Swift", "flamenco", "opera"),
    "drink": ("espresso", "green tea", "red wine", "craft beer", "sparkling water"),
    "food": ("Italian", "sushi", "vegetarian", "steak", "Thai", "tapas"),
    "gift": ("good wine", "books", "chocolates", "concert tickets", "golf balls"),
    "hobby": ("tennis", "sailing", "cycling", "gardening", "chess", "marathon running"),
    "other": ("gluten-free", "allergic to nuts", "does not drink alcohol"),
}

CHILD_NAMES_ZH = ("小明", "乐乐", "朵朵", "豆豆", "天天", "欣欣")
CHILD_NAMES_LATIN = ("Mia", "Leo", "Ella", "Max", "Lily", "Ben", "Sofía", "Luca")

LABELS = {
    "zh": {
        "anniversary": ("结婚纪念日", "公司成立纪念日"),
        "housewarming": ("乔迁之喜",),
        "custom": ("合作周年", "生日（农历）"),
        "child": "{name}的生日",
    },
    "latin": {
        "anniversary": ("Wedding anniversary", "Company anniversary"),
        "housewarming": ("Housewarming",),
        "custom": ("Customer since", "Name day"),
        "child": "{name}'s birthday",
    },
}

INTERACTION_SUMMARIES_ZH: dict[str, tuple[str, ...]] = {
    "call": ("电话沟通了报价细节", "确认了交货时间", "客户询问了售后政策", "约好下周见面"),
    "meeting": ("在客户公司做了方案演示", "和采购部门一起讨论合同条款", "介绍了新产品线"),
    "visit": ("上门拜访，参观了新店面", "带样品去客户仓库", "节前拜访，送了茶叶"),
    "email": ("发送了报价单和产品目录", "回复了技术问题", "发送了合同草稿"),
    "message": ("微信发了新品介绍", "微信确认了会议时间", "客户微信咨询价格"),
    "note": ("客户预算下季度才批", "竞争对手报价低10%", "决策人换了"),
    "greeting": ("发了生日祝福", "春节问候", "中秋节问候"),
}

INTERACTION_SUMMARIES_LATIN: dict[str, tuple[str, ...]] = {
    "call": (
        "Discussed pricing for the next order",
        "Confirmed delivery date",
        "Asked about warranty terms",
        "Set up a meeting for next week",
    ),
    "meeting": (
        "Demo of the proposal at their office",
        "Contract terms with purchasing",
        "Introduced the new product line",
    ),
    "visit": ("Visited the new store", "Brought samples to the warehouse", "Site survey"),
    "email": ("Sent quote and catalogue", "Answered technical questions", "Sent draft contract"),
    "message": ("Sent product update", "Confirmed meeting time", "Quick price question"),
    "note": ("Budget only next quarter", "Competitor is 10% cheaper", "New decision maker"),
    "greeting": ("Sent birthday wishes", "Season's greetings", "Congratulated on the new office"),
}

DEAL_PRODUCTS_ZH: tuple[str, ...] = (
    "年度采购", "办公家具采购", "ERP系统升级", "门店装修", "员工培训", "设备维护合同",
    "新品代理", "礼品定制", "物流外包", "网站改版",
)  # fmt: skip

DEAL_PRODUCTS_LATIN: tuple[str, ...] = (
    "Annual supply", "Office furniture", "ERP upgrade", "Store fit-out", "Staff training",
    "Maintenance contract", "Distribution deal", "Corporate gifts", "Logistics outsourcing",
    "Website relaunch",
)  # fmt: skip

LOST_REASONS_ZH = ("价格太高", "选择了竞争对手", "预算不足", "联系不上", "时机不合适", "需求变化")
LOST_REASONS_LATIN = (
    "Price too high",
    "Chose a competitor",
    "No budget",
    "No response",
    "Bad timing",
    "Requirements changed",
)

ACTIVITY_TITLES_LATIN: dict[str, tuple[str, ...]] = {
    "call": ("Call about the quote", "Check the delivery went well", "Follow-up call", ""),
    "meeting": ("Proposal review", "Contract meeting", "Quarterly review"),
    "visit": ("Bring samples", "Visit the showroom", "Site visit"),
    "email": ("Send the price list", "Send the revised quote", "E-mail the catalogue"),
    "message": ("Confirm the appointment", "Send photos of the new models"),
    "task": ("Prepare the quote", "Update the order sheet", "Book the delivery"),
}
ACTIVITY_TITLES_ZH: dict[str, tuple[str, ...]] = {
    "call": ("电话沟通报价", "回访送货情况", "跟进电话", ""),
    "meeting": ("方案讨论会", "合同洽谈", "季度回顾"),
    "visit": ("送样品", "拜访门店", "现场查看"),
    "email": ("发送价格表", "发送修改后的报价", "发送产品目录"),
    "message": ("微信确认见面时间", "发新款照片"),
    "task": ("准备报价单", "更新订单表", "安排送货"),
}
