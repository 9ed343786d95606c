"""The Excel report's own words in each report language (core stays Qt-free, so no .ts file).

The keys are the English source text used in the :mod:`funneldesk.core.report` package; a
language without a table (``en``) gets the English text back unchanged. Templates keep their
``{placeholders}`` so numbers and names are filled in after translation.
"""

from __future__ import annotations

from collections.abc import Callable

from funneldesk.core.defaults import normalise_language

Labels = Callable[[str], str]

ZH_CN: dict[str, str] = {
    # sheet names (≤ 31 characters, no []:*?/\)
    "Summary": "概览",
    "Funnel": "销售漏斗",
    "Conversion by source": "按来源转化",
    "Conversion by period": "按月份转化",
    "Forecast": "加权预测",
    "Deals": "商机",
    "Customers": "客户",
    "Upcoming dates": "近期重要日期",
    # summary
    "Sales funnel report": "销售漏斗报告",
    "Pipeline: {pipeline} · Period: {period} · Currency: {currency}": (
        "销售流程：{pipeline} · 统计期间：{period} · 币种：{currency}"
    ),
    "Generated {stamp} UTC by FunnelDesk": "由 FunnelDesk 生成于 {stamp}（UTC）",
    "all time": "全部时间",
    "Not enough deals yet: a bottleneck needs at least {count} deals reaching a stage.": (
        "商机还不够多：至少要有 {count} 个商机到达某一阶段，才能判断瓶颈"
    ),
    "Only {rate} of the {reached} deals that reached “{source}” went on to “{target}”, "
    "the weakest step of the funnel": (
        "到达“{source}”的 {reached} 个商机中，只有 {rate} 进入了“{target}”，是整个漏斗中最薄弱的一环"
    ),
    "; deals wait longest in “{stage}” (median {days} days)": (
        "；商机在“{stage}”阶段停留最久（中位数 {days} 天）"
    ),
    ".": "。",
    "Indicator": "指标",
    "This period": "本期",
    "Previous period": "上期",
    "Change": "变化",
    "Deals created in the period": "本期新建商机",
    "Open deals": "进行中商机",
    "Open value": "进行中金额",
    "Weighted pipeline": "加权预测金额",
    "Deals won": "赢单数",
    "Deals lost": "输单数",
    "Win rate": "赢单率",
    "Value won": "赢单金额",
    "Average won deal": "平均赢单金额",
    "Sales cycle, median (days)": "销售周期中位数（天）",
    "Sales cycle, mean (days)": "平均销售周期（天）",
    "Sales velocity (per day)": "销售速度（每天）",
    "Overall conversion (won / first stage)": "总转化率（赢单 / 首阶段）",
    "Customer acquisition cost": "获客成本",
    "Bottleneck": "瓶颈阶段",
    "Customers in the file": "客户总数",
    "Deals in the file": "商机总数",
    # funnel
    "Stage": "阶段",
    "Reached": "到达数",
    "Currently in": "当前停留",
    "Conversion to next": "下一阶段转化率",
    "Cumulative conversion": "累计转化率",
    "Win probability (p_win)": "赢单概率",
    "p_win sample": "赢单概率样本数",
    "Median days in stage": "阶段停留天数中位数",
    "Weighted value": "加权金额",
    "Deals reaching each stage": "各阶段到达商机数",
    # by source / by period
    "Source": "来源",
    "Won": "赢单",
    "Lost": "输单",
    "Conversion (won / created)": "转化率（赢单 / 新建）",
    "Reached {stage}": "到达{stage}",
    "(none)": "（无）",
    "Month": "月份",
    "New deals": "新建商机",
    # forecast
    "Expected close": "预计成交日期",
    "Value": "金额",
    "No date": "未定日期",
    "Weighted value and likely range by expected close month": "按预计成交月份的加权金额及可能范围",
    # deals and customers
    "ID": "编号",
    "Title": "标题",
    "Customer": "客户",
    "Company": "公司",
    "Pipeline": "销售流程",
    "Status": "状态",
    "Currency": "币种",
    "Probability": "成交概率",
    "Created (UTC)": "创建时间（UTC）",
    "Closed (UTC)": "关闭时间（UTC）",
    "Lost reason": "输单原因",
    "Owner": "负责人",
    "Name": "姓名",
    "Phone": "电话",
    "Email": "邮箱",
    "Address": "地址",
    "City": "城市",
    "Spending level": "消费水平",
    "Purchase frequency": "购买频率",
    "Satisfaction": "满意度",
    "Notes": "备注",
    # upcoming dates
    "Date": "日期",
    "In days": "剩余天数",
    "Occasion": "场合",
    "Label": "说明",
    "Turns": "周年/岁数",
    "Calendar": "历法",
    "Lunar (农历)": "农历",
    "Solar": "公历",
    "Birthday": "生日",
    "Anniversary": "纪念日",
    "Child's birthday": "孩子生日",
    "Housewarming": "乔迁",
}
ZH_CN.update(
    {
        "Open deals (now)": "进行中商机（当前）",
        "Deals won (closed in the period)": "赢单数（本期成交）",
        "Deals lost (closed in the period)": "输单数（本期成交）",
        "Open value (now)": "进行中金额（当前）",
        "Weighted pipeline (now)": "加权预测金额（当前）",
        "Generated {stamp} by FunnelDesk": "由 FunnelDesk 生成于 {stamp}",
        "Deals created in the period: the funnel and its conversions. Deals closed in the "
        "period: won, lost, win rate, cycle. Open deals and the weighted pipeline: every deal "
        "open now.": (
            "本期新建的商机：漏斗及各阶段转化；本期成交的商机：赢单、输单、赢单率、销售周期；"
            "进行中商机和加权预测：当前所有进行中的商机。"
        ),
        "Deals without an exchange rate into {currency}, left out of every amount: {deals}.": (
            "没有换算成 {currency} 的汇率、未计入任何金额的商机：{deals}。"
        ),
        "Deals of the period": "本期商机",
        "Total": "合计",
        "Likely low (P10)": "可能下限（P10）",
        "Median (P50)": "中位数（P50）",
        "Likely high (P90)": "可能上限（P90）",
        "Open deals now, each weighted by its win probability. P10–P90: treating each deal as "
        "won with its probability, the value won falls in this range in 8 cases out of 10.": (
            "当前所有进行中的商机，按各自赢单概率加权。P10–P90：把每个商机按其概率视为赢单，"
            "十次中有八次，实际赢单金额落在这个范围内。"
        ),
        "Forecast accuracy": "预测准确度",
        "Not enough history yet to check past forecasts.": "历史数据还不够，无法检验过去的预测。",
        "Forecasts of the last 12 months were off by {error} on average.": (
            "近 12 个月的预测平均偏差 {error}。"
        ),
        "Month start": "月初",
        "Forecast then": "当时的预测",
        "Won within 90 days": "90 天内赢单",
        "Error": "偏差",
        "Created": "创建时间",
        "Closed": "关闭时间",
        "Referral": "转介绍",
        "Walk-in": "到店",
        "Website": "官网",
        "WeChat": "微信",
        "Exhibition": "展会",
        "Cold call": "电话陌拜",
        "Social media": "社交媒体",
        "Low": "低",
        "Medium": "中",
        "High": "高",
        "VIP": "VIP",
        "One-off": "一次性",
        "Yearly": "每年",
        "Quarterly": "每季度",
        "Monthly": "每月",
        "Weekly": "每周",
        "Open": "进行中",
    }
)
# Stored codes and the names the app shows for them (ui/labels.py), translated above.
CODE_NAMES: dict[str, dict[str, str]] = {
    "source": {
        "referral": "Referral",
        "walk-in": "Walk-in",
        "website": "Website",
        "wechat": "WeChat",
        "exhibition": "Exhibition",
        "cold call": "Cold call",
        "social media": "Social media",
    },
    "spending_level": {"low": "Low", "medium": "Medium", "high": "High", "vip": "VIP"},
    "purchase_frequency": {
        "one-off": "One-off",
        "yearly": "Yearly",
        "quarterly": "Quarterly",
        "monthly": "Monthly",
        "weekly": "Weekly",
    },
    "status": {"open": "Open", "won": "Won", "lost": "Lost"},
}
TABLES: dict[str, dict[str, str]] = {"zh_CN": ZH_CN}


def labels_for(language: str | None) -> Labels:
    """A function giving the report text for ``language`` (English when there is no table)."""
    table = TABLES.get(normalise_language(language), {})
    return lambda text: table.get(text, text)
