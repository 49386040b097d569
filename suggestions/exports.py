"""The committee's standard tables as .xlsx: 承办单位办理情况统计表 and 代表建议分类统计表."""

from liaison.forms import Period
from liaison.xlsx import table_xlsx
from suggestions.dashboards import group_label
from suggestions.selectors import handling_totals

# (heading, figure of `handling_rates`) after the first column, the group; rates show as percentages.
UNIT_COLUMNS = [
    ("交办件数", "assigned"),
    ("已答复", "replied"),
    ("按期答复", "on_time"),
    ("按期答复率", "on_time_rate"),
    ("A类", "result_a"),
    ("B类", "result_b"),
    ("C类", "result_c"),
    ("D类", "result_d"),
    ("已评价", "judged"),
    ("满意（含基本满意）", "satisfied"),
    ("满意率", "satisfaction_rate"),
    ("已办结", "closed"),
    ("逾期未答复", "overdue"),
]
CATEGORY_COLUMNS = [
    ("登记件数", "registered"),
    ("已交办", "assigned"),
    ("已答复", "replied"),
    ("已办结", "closed"),
    ("办结率", "closed_rate"),
    ("A类", "result_a"),
    ("B类", "result_b"),
    ("C类", "result_c"),
    ("D类", "result_d"),
    ("A类率", "a_rate"),
    ("已评价", "judged"),
    ("满意（含基本满意）", "satisfied"),
    ("满意率", "satisfaction_rate"),
    ("逾期未答复", "overdue"),
]


def _table(*, title: str, subtitle: str, first: str, columns, labelled_rows) -> bytes:
    """`labelled_rows`: (label, figures) each, the total row included."""
    return table_xlsx(
        title=title,
        subtitle=subtitle,
        headers=[first, *(heading for heading, _ in columns)],
        rows=[[label, *(figures[name] for _, name in columns)] for label, figures in labelled_rows],
        percent_columns=[i for i, (_, name) in enumerate(columns, start=1) if name.endswith("_rate")],
    )


def units_xlsx(rows: list[dict], period: Period) -> bytes:
    """Per lead unit; suggestions not yet assigned to a unit are left out."""
    assigned = [row for row in rows if row["group_key"] is not None]
    return _table(
        title="承办单位办理情况统计表",
        subtitle=f"统计范围：{period.label}提交的建议（按主办单位）",
        first="承办单位",
        columns=UNIT_COLUMNS,
        labelled_rows=[*((str(row["group_label"]), row) for row in assigned), ("合计", handling_totals(assigned))],
    )


def categories_xlsx(rows: list[dict], period: Period) -> bytes:
    return _table(
        title="代表建议分类统计表",
        subtitle=f"统计范围：{period.label}提交的建议（按一级分类）",
        first="分类",
        columns=CATEGORY_COLUMNS,
        labelled_rows=[*((group_label("category", row), row) for row in rows), ("合计", handling_totals(rows))],
    )
