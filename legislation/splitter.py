"""Split the text of a draft law or regulation into its chapters (第…章), sections (第…节) and
articles (第…条, 第十条之一), in order; and read that text from an uploaded .txt or .docx file."""

import io
import re
from dataclasses import dataclass
from pathlib import PurePath

from liaison import uploads
from liaison.errors import DomainError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
ALLOWED_EXTENSIONS = (".txt", ".docx")

_NUMERAL = "零〇一二三四五六七八九十百千两0-9"
_CHAPTER = re.compile(rf"^(第[{_NUMERAL}]+章)\s*(.*)$")
_SECTION = re.compile(rf"^(第[{_NUMERAL}]+节)\s*(.*)$")
_ARTICLE = re.compile(rf"^(第([{_NUMERAL}]+)条(?:之([{_NUMERAL}]+))?)(\s*)(.*)$")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


@dataclass
class ParsedArticle:
    number: str
    chapter: str
    section: str
    text: str


def chinese_number(numeral: str) -> int:
    """一 → 1, 十 → 10, 二十一 → 21, 一百零五 → 105; Arabic digits pass through."""
    if numeral.isdigit():
        return int(numeral)
    total, digit = 0, 0
    for char in numeral:
        if char in _UNITS:
            total += (digit or 1) * _UNITS[char]
            digit = 0
        else:
            digit = _DIGITS[char]
    return total + digit


def _heading(match) -> str:
    """ "第一章总则" or "第一章  总则" → "第一章 总则"."""
    return f"{match.group(1)} {match.group(2)}".strip()


def _lines(text: str):
    for line in text.replace("\u3000", " ").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if line:
            yield line


def _article_key(match) -> tuple[int, int]:
    """第十条 → (10, 0), 第十条之一 → (10, 1)."""
    return chinese_number(match.group(2)), chinese_number(match.group(3)) if match.group(3) else 0


def _is_heading(match, previous_key: tuple[int, int]) -> bool:
    """Without a space after 第N条 the line could be a paragraph citing an article ("第十条规定的…"):
    take it as a heading only when N is the article that comes next."""
    if match.group(4) or not match.group(5):
        return True
    number, sub = previous_key
    return _article_key(match) in {(number + 1, 0), (number, sub + 1)}


def split_articles(text: str) -> list[ParsedArticle]:
    """The articles of `text` in order. A title, preamble or table of contents before the first article
    is skipped; paragraphs after an article heading belong to that article."""
    articles: list[ParsedArticle] = []
    chapter = section = ""
    key = (0, 0)
    for line in _lines(text):
        if match := _CHAPTER.match(line):
            chapter, section = _heading(match), ""
            continue
        if match := _SECTION.match(line):
            section = _heading(match)
            continue
        match = _ARTICLE.match(line)
        if match and _is_heading(match, key):
            key = _article_key(match)
            articles.append(ParsedArticle(match.group(1), chapter, section, match.group(5).strip()))
        elif articles:
            articles[-1].text = f"{articles[-1].text}\n{line}".strip()
    if not articles:
        raise DomainError("未识别出任何条文：每一条应以“第一条”“第二条”等开头。", field="text")
    return articles


def read_upload(uploaded) -> str:
    """The text of an uploaded .txt (UTF-8 or GB18030) or .docx file, with a Chinese error otherwise."""
    extension = PurePath(uploaded.name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise DomainError("只能上传 .txt 或 .docx 格式的草案文本。", field="file")
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise DomainError("文件过大：草案文本不能超过 2 MB。", field="file")
    try:
        uploads.check_upload(uploaded, uploads.DRAFT_TEXT, field="file")  # the bytes must be text or a .docx
    except DomainError as error:
        if extension == ".docx":
            raise DomainError("无法读取该 Word 文件，请确认是 .docx 格式。", field="file") from error
        raise DomainError("无法识别文本编码，请另存为 UTF-8 编码的 .txt 文件。", field="file") from error
    data = uploaded.read()
    if extension == ".docx":
        return _docx_text(data)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("无法识别文本编码，请另存为 UTF-8 编码的 .txt 文件。", field="file")


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types for a broken or fake file
        raise DomainError("无法读取该 Word 文件，请确认是 .docx 格式。", field="file") from error
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
