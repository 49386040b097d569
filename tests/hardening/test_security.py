"""Security hardening: CSP without inline script, password-guessing lockout, rate limits on login and
public endpoints, uploads checked by content, formula cells neutralised, and the deploy check."""

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image
from rest_framework import throttling

from liaison import uploads
from liaison.errors import DomainError
from liaison.spreadsheets import neutralise
from tests.liaison.factories import UserFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def png_bytes(fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format=fmt)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("第一条　为了规范管理，制定本条例。")
    document.save(buffer)
    return buffer.getvalue()


# --- Content Security Policy ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/public/stations/", "/api/v1/track/NOPE/"])
def test_every_response_carries_a_csp_that_allows_no_inline_script(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{template.name}: {tag}")
        offenders += [f"{template.name}: {h}" for h in re.findall(r"\son[a-z]+\s*=\s*[\"']", text)]
        offenders += [f"{template.name}: javascript: URL" for _ in re.findall(r"javascript:", text)]
    assert not offenders, offenders


def test_htmx_indicator_styles_are_off_so_htmx_adds_no_inline_style():
    assert '"includeIndicatorStyles": false' in (TEMPLATES / "base.html").read_text()


# --- password guessing and rate limits --------------------------------------------------------


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_with_a_chinese_message(client, api):
    UserFactory(username="guessme", password="right-password-2024")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/login/", {"username": "guessme", "password": "wrong"}).status_code == 200
    assert client.post("/login/", {"username": "guessme", "password": "wrong"}).status_code == 429  # the 5th locks
    locked = client.post("/login/", {"username": "guessme", "password": "right-password-2024"})
    assert locked.status_code == 429 and "账号已暂时锁定" in locked.content.decode()
    assert settings.AXES_COOLOFF_TIME.total_seconds() > 0, "the lockout ends by itself"
    # The API token endpoint refuses the right password too while locked.
    token = api.post("/api/v1/auth/token/", {"username": "guessme", "password": "right-password-2024"}, format="json")
    assert token.status_code in (401, 403, 429) and "token" not in token.json()


@pytest.mark.django_db
def test_a_successful_login_is_not_hindered(client):
    UserFactory(username="fine", password="right-password-2024")
    response = client.post("/login/", {"username": "fine", "password": "right-password-2024"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_login_attempts_from_one_address_are_rate_limited(client, settings):
    settings.LOGIN_RATE = "3/m"
    for n in range(3):
        client.post("/login/", {"username": f"user{n}", "password": "x"})
    response = client.post("/login/", {"username": "user9", "password": "x"})
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()


@pytest.mark.django_db
def test_the_token_endpoint_is_rate_limited(api, monkeypatch):
    monkeypatch.setattr(throttling.SimpleRateThrottle, "THROTTLE_RATES", {"login": "2/min", "anon": "1000/min"})
    for _ in range(2):
        api.post("/api/v1/auth/token/", {"username": "a", "password": "b"}, format="json")
    assert api.post("/api/v1/auth/token/", {"username": "a", "password": "b"}, format="json").status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/public/stations/",
        "/public/stations/1/",
        "/public/deputies/00000000-0000-0000-0000-000000000000/",
        "/opinions/new/?station=1",
        "/track/",
        "/legislation/public/",
        "/legislation/public/1/",
        "/legislation/public/1/comment/",
    ],
)
def test_every_public_page_is_rate_limited(client, settings, path):
    settings.PUBLIC_PAGE_RATE = "2/m"
    for _ in range(2):
        assert client.get(path).status_code != 429
    response = client.get(path)
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/v1/track/NOPE/"), ("post", "/api/v1/public/opinions/"), ("get", "/api/v1/schema/")],
)
def test_every_anonymous_api_endpoint_is_rate_limited(api, monkeypatch, method, path):
    monkeypatch.setattr(throttling.SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "public": "2/min"})
    for _ in range(2):
        getattr(api, method)(path, {}, format="json")
    assert getattr(api, method)(path, {}, format="json").status_code == 429


# --- uploads: size, type and content ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "data", "accepted"),
    [
        (uploads.PHOTO, "desk.png", png_bytes(), True),
        (uploads.PHOTO, "desk.jpg", png_bytes("JPEG"), True),
        (uploads.PHOTO, "desk.png", b"<html><script>alert(1)</script></html>", False),  # a page named .png
        (uploads.PHOTO, "desk.jpg", png_bytes(), False),  # a PNG named .jpg
        (uploads.PHOTO, "desk.jpg", png_bytes("JPEG")[:40], False),  # truncated
        (uploads.PHOTO, "desk.gif", b"GIF89a", False),
        (uploads.PHOTO, "huge.png", png_bytes() + b"\0" * (5 * 1024 * 1024), False),
        (uploads.ATTACHMENT, "报告.pdf", b"%PDF-1.4 report", True),
        (uploads.ATTACHMENT, "报告.pdf", b"MZ\x90\x00 an exe", False),
        (uploads.ATTACHMENT, "报告.docx", docx_bytes(), True),
        (uploads.ATTACHMENT, "报告.docx", b"PK\x03\x04 not really", False),
        (uploads.ATTACHMENT, "报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, True),
        (uploads.ATTACHMENT, "说明.txt", "群众来信".encode(), True),
        (uploads.ATTACHMENT, "说明.txt", b"\x7fELF\x00\x00binary", False),
        (uploads.ATTACHMENT, "病毒.exe", b"MZ", False),
        (uploads.ATTACHMENT, "空.pdf", b"", False),
        (uploads.DRAFT_TEXT, "草案.docx", docx_bytes(), True),
        (uploads.DRAFT_TEXT, "草案.pdf", b"%PDF-1.4", False),
    ],
)
def test_an_upload_is_checked_by_size_type_and_content(kind, name, data, accepted):
    upload = SimpleUploadedFile(name, data)
    if accepted:
        uploads.check_upload(upload, kind)
        assert upload.tell() == 0, "the file is left ready to be saved"
    else:
        with pytest.raises(DomainError):
            uploads.check_upload(upload, kind)


def zip_named_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    return buffer.getvalue()


@pytest.mark.django_db
def test_every_upload_field_goes_through_the_shared_check(client, api_as, world_for_uploads):
    """Visit photos (page and API), suggestion attachments, reply letters, draft texts, deputy photos."""
    fake_png = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    staff, visit = world_for_uploads["staff"], world_for_uploads["visit"]
    response = api_as(staff).post(f"/api/v1/visits/{visit.pk}/photos/", {"image": fake_png}, format="multipart")
    assert response.status_code == 400
    assert not visit.photos.exists()

    from suggestions.forms import ReplyForm, SubmitForm

    form = ReplyForm(
        {"result": "A", "content": "已解决"}, {"attachment": SimpleUploadedFile("答复.xlsx", zip_named_xlsx())}
    )
    assert not form.is_valid() and "内容与其类型不符" in str(form.errors)
    submit = SubmitForm(
        {"title": "t", "content": "c"},
        {"files": [SimpleUploadedFile("附件.pdf", b"<?php echo 1;")]},
        deputy=world_for_uploads["deputy"],
    )
    assert not submit.is_valid() and "内容与其类型不符" in str(submit.errors["files"])

    from legislation.splitter import read_upload

    with pytest.raises(DomainError, match="无法读取该 Word 文件"):
        read_upload(SimpleUploadedFile("草案.docx", zip_named_xlsx()))

    from django.contrib import admin

    from liaison.models import Deputy

    request = RequestFactory().get("/admin/")
    request.user = UserFactory(username="root", is_superuser=True, is_staff=True)
    photo_field = admin.site._registry[Deputy].get_form(request).base_fields["photo"]
    with pytest.raises(Exception, match="内容与其类型不符"):
        photo_field.clean(SimpleUploadedFile("me.jpg", png_bytes()))  # a PNG named .jpg: Django alone lets it in


@pytest.fixture
def world_for_uploads(hubei):
    from tests.stations.factories import StationFactory, VisitFactory

    station = StationFactory(region=hubei["regions"]["jianghan"])
    staff = UserFactory(username="photo_staff")
    station.staff.add(staff)
    return {"staff": staff, "visit": VisitFactory(station=station), "deputy": hubei["deputies"]["xie"]}


# --- exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_cells_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_ordinary_cells_are_left_alone():
    assert neutralise("张三 13812341234") == "张三 13812341234" and neutralise(None) == "" and neutralise(3) == "3"


def test_every_exporter_uses_the_shared_neutraliser():
    from legislation import exports as legislation_exports
    from stations import exports as station_exports

    assert station_exports.neutralise is neutralise and legislation_exports.neutralise is neutralise


# --- production settings ---------------------------------------------------------------------


def test_the_deploy_check_is_clean_under_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by browser tests
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-deploy-check-" + "y" * 40,
        "ALLOWED_HOSTS": "portal.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
