"""Deputies' duty records (代表履职档案) as .xlsx: one row per deputy, and sheets summed per group,
station and level."""

from openpyxl import Workbook

from liaison.forms import Period
from liaison.selectors import DUTY_FIGURES
from liaison.xlsx import add_table, workbook_bytes

SUM_TITLES = {"group": "按代表小组汇总", "station": "按站点汇总", "level": "按层级汇总"}


def _levels(deputy) -> str:
    return "、".join(m.term.congress.name for m in deputy.mandates.all())


def duty_records_xlsx(deputies, totals: dict[str, list[dict]], period: Period) -> bytes:
    book = Workbook()
    subtitle = f"统计期间：{period.label}"
    add_table(
        book,
        sheet=book.active,
        title="代表履职档案",
        subtitle=subtitle,
        headers=["代表", "代表资格", "代表小组", *DUTY_FIGURES.values()],
        rows=(
            [
                deputy.name,
                _levels(deputy),
                "、".join(m.group.name for m in deputy.current_memberships),
                *(getattr(deputy, name) for name in DUTY_FIGURES),
            ]
            for deputy in deputies
        ),
    )
    for group_by, rows in totals.items():
        add_table(
            book,
            title=f"代表履职档案{SUM_TITLES[group_by]}",
            subtitle=subtitle,
            headers=[SUM_TITLES[group_by][1:-2], "代表人数", *DUTY_FIGURES.values()],
            rows=([str(row["label"]), row["members"], *(row[name] for name in DUTY_FIGURES)] for row in rows),
        )
    return workbook_bytes(book)
