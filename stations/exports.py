"""Visits as a spreadsheet (.xlsx) or CSV (utf-8-sig, so Excel opens the Chinese), masked as the
reader may see them, with formula-like cells neutralised."""

import csv
import io
from datetime import timedelta

from django.utils import timezone
from openpyxl import Workbook

from liaison.periods import local_day_start
from liaison.scoping import Scope
from liaison.spreadsheets import neutralise
from stations import selectors

DEFAULT_DAYS = 30
HEADER = [
    "接待时间",
    "站点",
    "渠道",
    "来访人",
    "联系电话",
    "人数",
    "接待代表",
    "分类",
    "反映内容",
    "处理方式",
    "处理说明",
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(visits, scope: Scope):
    for visit in visits:
        name, phone = selectors.visitor_shown(scope, visit)
        row = [
            timezone.localtime(visit.visited_at).strftime("%Y-%m-%d %H:%M"),
            visit.station.name,
            visit.get_channel_display(),
            name,
            phone,
            str(visit.people_count),
            "、".join(d.name for d in visit.deputies.all()),
            str(visit.category) if visit.category_id else "",
            visit.content,
            visit.get_outcome_display(),
            visit.outcome_note,
        ]
        yield [neutralise(cell) for cell in row]


def _default_range(visits, params):
    """Without a date range, the last 30 days."""
    if params.get("date_from") or params.get("date_to"):
        return visits
    today = timezone.localdate()
    return visits.filter(visited_at__gte=local_day_start(today - timedelta(days=DEFAULT_DAYS - 1)))


def visits_file(visits, *, scope: Scope, params, as_csv: bool) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the export."""
    visits = _default_range(visits, params).order_by("visited_at", "id")
    stamp = timezone.localdate().strftime("%Y%m%d")
    if as_csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(_rows(visits, scope))
        return buffer.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", f"visits-{stamp}.csv"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("来访登记")
    sheet.append(HEADER)
    for row in _rows(visits, scope):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), XLSX_TYPE, f"visits-{stamp}.xlsx"
