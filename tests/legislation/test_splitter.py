import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from legislation.demo import TEA_TEXT
from legislation.splitter import chinese_number, read_upload, split_articles
from liaison.errors import DomainError


def numbers(text):
    return [a.number for a in split_articles(text)]


@pytest.mark.parametrize(
    "numeral, value", [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("一百零五", 105), ("12", 12)]
)
def test_chinese_numbers(numeral, value):
    assert chinese_number(numeral) == value


def test_the_demo_tea_regulation_splits_into_its_chapters_and_articles_in_order():
    articles = split_articles(TEA_TEXT)
    assert len(articles) == 21
    assert [a.number for a in articles[:3]] == ["第一条", "第二条", "第三条"]
    assert [a.number for a in articles[6:9]] == ["第七条", "第七条之一", "第八条"]
    assert articles[-1].number == "第二十条"
    assert articles[0].chapter == "第一章 总则"
    assert articles[7].chapter == "第二章 茶园建设与保护"
    assert articles[-1].chapter == "第六章 附则"


def test_title_preamble_and_table_of_contents_are_skipped():
    first = split_articles(TEA_TEXT)[0]
    assert first.text.startswith("为了促进茶产业高质量发展")
    assert "目" not in first.text and "草案征求意见稿" not in first.text


def test_paragraphs_and_items_stay_with_their_article():
    text = "第一条　县级人民政府应当：\n（一）编制规划；\n\n（二）安排资金。\n第二条　其他。"
    first, second = split_articles(text)
    assert first.text == "县级人民政府应当：\n（一）编制规划；\n（二）安排资金。"
    assert second.text == "其他。"


def test_blank_lines_full_width_spaces_and_windows_line_ends():
    text = "\r\n\r\n　　第一章　　总则\r\n\r\n　　第一条　　目的。\r\n\r\n\r\n　　第二条　　范围。\r\n"
    articles = split_articles(text)
    assert [(a.number, a.chapter, a.text) for a in articles] == [
        ("第一条", "第一章 总则", "目的。"),
        ("第二条", "第一章 总则", "范围。"),
    ]


def test_sections_are_recorded_and_reset_by_a_new_chapter():
    text = "\n".join(
        ["第一章 总则", "第一条 甲。", "第二章 管理", "第一节 规划", "第二条 乙。", "第二节 建设", "第三条 丙。"]
        + ["第三章 附则", "第四条 丁。"]
    )
    assert [(a.chapter, a.section) for a in split_articles(text)] == [
        ("第一章 总则", ""),
        ("第二章 管理", "第一节 规划"),
        ("第二章 管理", "第二节 建设"),
        ("第三章 附则", ""),
    ]


def test_a_draft_without_chapters_is_fine():
    assert numbers("第一条 甲。\n第二条 乙。\n第二条之一 乙之一。\n第二条之二 乙之二。\n第三条 丙。") == [
        "第一条",
        "第二条",
        "第二条之一",
        "第二条之二",
        "第三条",
    ]


def test_a_paragraph_citing_another_article_is_not_taken_for_a_heading():
    text = "第一条　甲。\n第二条　有下列情形的除外：\n第十条规定的情形；\n第三条 丙。"
    articles = split_articles(text)
    assert [a.number for a in articles] == ["第一条", "第二条", "第三条"]
    assert "第十条规定的情形" in articles[1].text


def test_headings_without_a_space_are_taken_when_they_come_next():
    assert numbers("第一条为了规范。\n第二条本条例适用于本省。\n第二条之一新增。\n第三条附则。") == [
        "第一条",
        "第二条",
        "第二条之一",
        "第三条",
    ]


def test_text_without_articles_is_refused_in_chinese():
    with pytest.raises(DomainError, match="未识别出任何条文"):
        split_articles("关于某某问题的说明\n这是一段说明文字。")


def _docx_bytes(paragraphs):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_upload_is_read_and_split():
    data = _docx_bytes(
        ["宜昌市某条例（草案）", "第一章　总则", "第一条　目的。", "", "第一条之一　补充。", "第二条　范围。"]
    )
    text = read_upload(SimpleUploadedFile("草案.docx", data))
    assert numbers(text) == ["第一条", "第一条之一", "第二条"]


def test_a_gb18030_txt_upload_is_decoded():
    upload = SimpleUploadedFile("草案.txt", "第一条　目的。\n第二条　范围。".encode("gb18030"))
    assert numbers(read_upload(upload)) == ["第一条", "第二条"]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("草案.pdf", b"%PDF-1.4", "只能上传 .txt 或 .docx"),
        ("草案.docx", b"not a zip file", "无法读取该 Word 文件"),
        ("草案.txt", b"x" * (2 * 1024 * 1024 + 1), "不能超过 2 MB"),
    ],
)
def test_bad_uploads_are_refused_in_chinese(name, data, message):
    with pytest.raises(DomainError, match=message):
        read_upload(SimpleUploadedFile(name, data))
