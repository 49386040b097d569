"""Standard tables as .xlsx: a title row, a line saying what was counted, Chinese headers, and text
cells that would run as formulas neutralised."""

import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """A text cell starting with = + - @ (or a tab / carriage return) is prefixed with ' so a
    spreadsheet shows it as text; numbers stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def add_table(book: Workbook, *, title: str, subtitle: str, headers: list[str], rows, percent_columns=(), sheet=None):
    """A sheet with the title row, the subtitle, the headers and the rows (numbers stay numbers)."""
    sheet = sheet or book.create_sheet()
    sheet.title = sheet_name(title)
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([neutralise(subtitle)])
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    for index in percent_columns:
        for (cell,) in sheet.iter_rows(min_row=4, min_col=index + 1, max_col=index + 1):
            cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = 28
    for column in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.freeze_panes = "B4"
    return sheet


def sheet_name(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return "".join(c for c in title if c not in "[]:*?/\\")[:31]


def table_xlsx(*, title: str, subtitle: str, headers: list[str], rows, percent_columns=()) -> bytes:
    book = Workbook()
    add_table(
        book,
        title=title,
        subtitle=subtitle,
        headers=headers,
        rows=rows,
        percent_columns=percent_columns,
        sheet=book.active,
    )
    return workbook_bytes(book)


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
