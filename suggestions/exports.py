"""The committee's standard tables as .xlsx: 承办单位办理情况统计表 and 代表建议分类统计表."""

from liaison.forms import Period
from liaison.xlsx import table_xlsx
from suggestions.dashboards import group_label
from suggestions.selectors import handling_totals

UNIT_HEADERS = [
    "承办单位",
    "交办件数",
    "已答复",
    "按期答复",
    "按期答复率",
    "A类",
    "B类",
    "C类",
    "D类",
    "已评价",
    "满意（含基本满意）",
    "满意率",
    "已办结",
    "逾期未答复",
]
CATEGORY_HEADERS = [
    "分类",
    "登记件数",
    "已交办",
    "已答复",
    "已办结",
    "办结率",
    "A类",
    "B类",
    "C类",
    "D类",
    "A类率",
    "已评价",
    "满意（含基本满意）",
    "满意率",
    "逾期未答复",
]


def _unit_row(label, r):
    return [
        label,
        r["assigned"],
        r["replied"],
        r["on_time"],
        r["on_time_rate"],
        r["result_a"],
        r["result_b"],
        r["result_c"],
        r["result_d"],
        r["judged"],
        r["satisfied"],
        r["satisfaction_rate"],
        r["closed"],
        r["overdue"],
    ]


def _category_row(label, r):
    return [
        label,
        r["registered"],
        r["assigned"],
        r["replied"],
        r["closed"],
        r["closed_rate"],
        r["result_a"],
        r["result_b"],
        r["result_c"],
        r["result_d"],
        r["a_rate"],
        r["judged"],
        r["satisfied"],
        r["satisfaction_rate"],
        r["overdue"],
    ]


def units_xlsx(rows: list[dict], period: Period) -> bytes:
    """Per lead unit; suggestions not yet assigned to a unit are left out."""
    assigned = [row for row in rows if row["group_key"] is not None]
    body = [_unit_row(str(row["group_label"]), row) for row in assigned]
    body.append(_unit_row("合计", handling_totals(assigned)))
    return table_xlsx(
        title="承办单位办理情况统计表",
        subtitle=f"统计范围：{period.label}提交的建议（按主办单位）",
        headers=UNIT_HEADERS,
        rows=body,
        percent_columns=(4, 11),
    )


def categories_xlsx(rows: list[dict], period: Period) -> bytes:
    body = [_category_row(group_label("category", row), row) for row in rows]
    body.append(_category_row("合计", handling_totals(rows)))
    return table_xlsx(
        title="代表建议分类统计表",
        subtitle=f"统计范围：{period.label}提交的建议（按一级分类）",
        headers=CATEGORY_HEADERS,
        rows=body,
        percent_columns=(5, 10, 13),
    )
