"""One check for every uploaded file: its size, its type by name, and its content.

A name says nothing about what a file holds, so each allowed type is also checked by its bytes:
images are opened and verified with Pillow, PDFs and Office files by their signature (and, for
.docx/.xlsx, the parts every such file has), text files by decoding them. Every upload field —
visit photos, deputy photos, suggestion attachments, reply letters, draft texts — goes through
`check_upload` with its kind.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError

from liaison.errors import DomainError

MB = 1024 * 1024

IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls (Office 97–2003)


@dataclass(frozen=True)
class Kind:
    label: str  # what the person is told the file may be
    extensions: frozenset[str]
    max_bytes: int


PHOTO = Kind("JPG、PNG 或 WebP 图片", frozenset({".jpg", ".jpeg", ".png", ".webp"}), 5 * MB)
ATTACHMENT = Kind(
    "PDF、Word、Excel、JPG/PNG 图片或文本文件",
    frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".txt"}),
    10 * MB,
)
DRAFT_TEXT = Kind(".txt 或 .docx 文件", frozenset({".txt", ".docx"}), 2 * MB)


def _head(upload, size: int = 8) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_image(upload, extension: str) -> bool:
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = image.format
            image.verify()  # reads the whole file: truncated or forged data fails here
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return False
    finally:
        upload.seek(0)
    return fmt == IMAGE_FORMATS[extension]


def _is_office_zip(upload, part: str) -> bool:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and part in names


def _is_text(upload) -> bool:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _content_matches(upload, extension: str) -> bool:
    if extension in IMAGE_FORMATS:
        return _is_image(upload, extension)
    if extension == ".pdf":
        return _head(upload, 5) == b"%PDF-"
    if extension in (".doc", ".xls"):
        return _head(upload) == OLE2
    if extension == ".docx":
        return _is_office_zip(upload, "word/document.xml")
    if extension == ".xlsx":
        return _is_office_zip(upload, "xl/workbook.xml")
    if extension == ".txt":
        return _is_text(upload)
    return False


def check_upload(upload, kind: Kind, *, field: str | None = None) -> None:
    """Refuse a file that is too big, of a type not allowed, or whose bytes are not that type."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in kind.extensions:
        raise DomainError(f"文件“{name}”的类型不支持，格式须为{kind.label}", field=field)
    if upload.size is None or upload.size > kind.max_bytes:
        raise DomainError(f"文件“{name}”超过 {kind.max_bytes // MB} MB", field=field)
    if upload.size == 0:
        raise DomainError(f"文件“{name}”是空文件", field=field)
    if not _content_matches(upload, extension):
        raise DomainError(f"文件“{name}”的内容与其类型不符或已损坏，请上传{kind.label}", field=field)


def validator(kind: Kind):
    """`check_upload` as a form/model field validator."""

    def validate(upload):
        if not upload:
            return
        try:
            check_upload(upload, kind)
        except DomainError as error:
            raise ValidationError(error.message) from error

    return validate


class CheckedUploadsAdmin:
    """Admin mixin: every file field of the model's form goes through `check_upload`
    (image fields as photos, other files as attachments)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        from django.db import models

        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, models.FileField):
            kind = PHOTO if isinstance(db_field, models.ImageField) else ATTACHMENT
            formfield.validators = [*formfield.validators, validator(kind)]
        return formfield
