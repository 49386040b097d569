"""A consultation's report, grouped by article, as .xlsx and .docx."""

import io

from legislation.selectors import Report
from liaison.spreadsheets import neutralise

HEADERS = [
    "章节",
    "条文",
    "意见内容",
    "提出人",
    "提出人类别",
    "收集渠道",
    "收集联系点",
    "提出日期",
    "采纳情况",
    "采纳说明",
]


def _rows(report: Report):
    for opinion in report.general:
        yield _row("", "总体意见", opinion)
    for article in report.articles:
        for opinion in article.opinion_rows:
            yield _row(" ".join(filter(None, [article.chapter, article.section])), article.number, opinion)


def _row(chapter: str, number: str, opinion) -> list[str]:
    content = opinion.content + (f"（已并入意见 {opinion.merged_into_id}）" if opinion.merged_into_id else "")
    return [
        chapter,
        number,
        content,
        opinion.submitter_name,
        opinion.get_submitter_kind_display(),
        opinion.get_channel_display(),
        opinion.contact_point.name,
        opinion.submitted_on.isoformat(),
        opinion.get_outcome_display() if opinion.outcome else "",
        opinion.outcome_note,
    ]


def _title(report: Report) -> str:
    return f"《{report.consultation.draft.title}》意见汇总"


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "意见汇总"
    sheet.append([neutralise(_title(report))])
    sheet["A1"].font = Font(bold=True, size=14)
    counts = report.counts
    sheet.append([f"共 {counts['opinions']} 条意见，涉及 {counts['articles']} 个条文，已采纳 {counts['adopted']} 条"])
    sheet.append(HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in _rows(report):
        sheet.append([neutralise(value) for value in row])
    for column, width in zip("ABCDEFGHIJ", [16, 12, 60, 12, 12, 10, 24, 12, 10, 40], strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_docx(report: Report) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(_title(report), level=1)
    consultation = report.consultation
    counts = report.counts
    document.add_paragraph(
        f"征求单位：{'、'.join(cp.name for cp in consultation.contact_points.all())}；"
        f"截止日期：{consultation.deadline:%Y年%m月%d日}；"
        f"共收集意见 {counts['opinions']} 条，涉及 {counts['articles']} 个条文，已采纳 {counts['adopted']} 条。"
    )
    if report.general:
        document.add_heading("总体意见", level=2)
        _opinion_paragraphs(document, report.general)
    for article in report.commented_articles:
        document.add_heading(f"{article.number}（{article.chapter}）" if article.chapter else article.number, level=2)
        document.add_paragraph().add_run(article.text).italic = True
        _opinion_paragraphs(document, article.opinion_rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _opinion_paragraphs(document, opinions) -> None:
    for opinion in opinions:
        outcome = f"【{opinion.get_outcome_display()}】" if opinion.outcome else ""
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(f"{outcome}{opinion.content}")
        source = (
            f"——{opinion.submitter_name}（{opinion.get_submitter_kind_display()}，{opinion.get_channel_display()}）"
        )
        paragraph.add_run(source).italic = True
        if opinion.outcome_note:
            document.add_paragraph(f"采纳说明：{opinion.outcome_note}")
