import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from legislation.models import Consultation, Draft, Opinion
from tests.legislation.factories import ConsultationFactory, OpinionFactory, article

pytestmark = pytest.mark.django_db


def detail(lx):
    return f"/legislation/consultations/{lx.consultation.pk}/"


def entry(lx, **fields):
    return {
        "article": article(lx.draft, "第二条").pk,
        "content": "建议写明适用范围包括乡镇。",
        "submitter_name": "王梦",
        "submitter_kind": "officer",
        "channel": "symposium",
        "submitted_on": "2024-09-05",
        **fields,
    }


class TestStaffPages:
    def test_the_entry_page_shows_each_article_under_its_chapter(self, client, lx):
        client.force_login(lx.staff)
        page = client.get(detail(lx)).content.decode()
        assert "第一章 总则" in page and "第三条之一" in page
        assert page.count('class="entry"') == 5  # four articles and the general opinions

    def test_htmx_saves_one_article_and_answers_with_that_block_only(self, client, lx):
        client.force_login(lx.staff)
        response = client.post(detail(lx) + "opinions/", entry(lx), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        block = response.content.decode()
        assert block.startswith('<section class="article-entry"') and "建议写明适用范围包括乡镇。" in block
        opinion = Opinion.objects.get()
        assert (opinion.article.number, opinion.contact_point, opinion.channel) == ("第二条", lx.jxy, "symposium")

    def test_a_missing_submitter_keeps_what_was_typed_and_says_why(self, client, lx):
        client.force_login(lx.staff)
        response = client.post(detail(lx) + "opinions/", entry(lx, submitter_name=""), HTTP_HX_REQUEST="true")
        block = response.content.decode()
        assert "提出人" in block and "该字段是必填项" in block
        assert "建议写明适用范围包括乡镇。</textarea>" in block
        assert not Opinion.objects.exists()

    def test_without_htmx_the_page_comes_back_to_the_article(self, client, lx):
        client.force_login(lx.staff)
        response = client.post(detail(lx) + "opinions/", entry(lx))
        assert response.status_code == 302
        assert response["Location"].endswith(f"#article-{article(lx.draft, '第二条').pk}")

    def test_close_and_report_from_the_page(self, client, lx):
        client.force_login(lx.staff)
        client.post(detail(lx) + "close/")
        client.post(detail(lx) + "report/send/")
        lx.consultation.refresh_from_db()
        assert lx.consultation.status == Consultation.Status.REPORTED
        assert 'class="entry"' not in client.get(detail(lx)).content.decode()

    def test_a_forbidden_move_shows_a_chinese_message(self, client, lx):
        client.force_login(lx.staff)
        page = client.post(detail(lx) + "report/send/", follow=True).content.decode()
        assert "不能变为" in page

    def test_adoption_from_the_report_page(self, client, lx):
        opinion = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        Consultation.objects.filter(pk=lx.consultation.pk).update(status="reported")
        client.force_login(lx.staff)
        client.post(f"/legislation/opinions/{opinion.pk}/adopt/", {"outcome": "partly_adopted", "note": "部分吸收"})
        opinion.refresh_from_db()
        assert opinion.outcome == "partly_adopted"
        assert "部分吸收" in client.get(detail(lx) + "report/").content.decode()

    def test_merge_from_the_page(self, client, lx):
        first = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        second = OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy)
        client.force_login(lx.staff)
        client.post(f"/legislation/opinions/{second.pk}/merge/", {"into": first.pk})
        second.refresh_from_db()
        assert second.merged_into == first

    def test_other_staff_cannot_open_my_consultation(self, client, lx):
        mine_only = ConsultationFactory(contact_points=[lx.jxy])
        client.force_login(lx.staff_2)
        assert client.get(f"/legislation/consultations/{mine_only.pk}/").status_code == 404

    @pytest.mark.parametrize("path", ["/legislation/", "/legislation/figures/", "/legislation/drafts/"])
    def test_users_without_a_legislation_role_are_refused(self, client, lx, path):
        client.force_login(lx.deputies["xie"].user)
        assert client.get(path).status_code == 403

    def test_the_list_is_scoped_and_filtered(self, client, lx):
        ConsultationFactory(draft__title="只发洪湖的草案", contact_points=[lx.honghu])
        client.force_login(lx.staff)
        page = client.get("/legislation/?status=open").content.decode()
        assert lx.draft.title in page and "只发洪湖的草案" not in page
        assert lx.draft.title not in client.get("/legislation/?status=reported").content.decode()

    def test_entry_page_uses_a_fixed_number_of_queries(self, client, lx, django_assert_max_num_queries):
        for _ in range(30):
            OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy, article=article(lx.draft, "第一条"))
        client.force_login(lx.staff)
        with django_assert_max_num_queries(16):
            assert client.get(detail(lx)).status_code == 200


class TestDraftUpload:
    def test_a_docx_upload_creates_the_draft_with_its_articles(self, client, lx):
        document = docx.Document()
        for line in ["某某条例（草案）", "第一章　总则", "第一条　目的。", "第一条之一　补充。"]:
            document.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        client.force_login(lx.staff)
        response = client.post(
            "/legislation/drafts/new/",
            {
                "title": "某某条例（草案）",
                "legislature": "省人大常委会",
                "legislature_level": "provincial",
                "kind": "local_regulation",
                "reading": "first",
                "file": SimpleUploadedFile("草案.docx", buffer.getvalue()),
            },
        )
        assert response.status_code == 302
        assert list(Draft.objects.get(title="某某条例（草案）").articles.values_list("number", flat=True)) == [
            "第一条",
            "第一条之一",
        ]

    def test_a_wrong_file_type_is_a_chinese_form_error(self, client, lx):
        client.force_login(lx.staff)
        response = client.post(
            "/legislation/drafts/new/",
            {
                "title": "x",
                "legislature": "y",
                "legislature_level": "provincial",
                "kind": "law",
                "reading": "first",
                "file": SimpleUploadedFile("草案.pdf", b"%PDF"),
            },
        )
        assert response.status_code == 200 and "只能上传 .txt 或 .docx" in response.content.decode()


class TestReportAndExports:
    @pytest.fixture
    def with_opinions(self, lx):
        OpinionFactory(consultation=lx.consultation, contact_point=lx.jxy, content="总体赞成。")
        OpinionFactory(
            consultation=lx.consultation,
            contact_point=lx.jxy,
            article=article(lx.draft, "第三条之一"),
            content='=HYPERLINK("http://evil")',
            submitter_name="+张三",
        )
        return lx

    def test_report_groups_opinions_by_article(self, client, with_opinions):
        client.force_login(with_opinions.staff)
        page = client.get(detail(with_opinions) + "report/").content.decode()
        assert page.index("总体意见") < page.index("第三条之一") and "总体赞成。" in page
        assert "第一条</h2>" not in page  # articles without opinions are left out

    def test_xlsx_opens_contains_the_opinions_and_neutralises_formulas(self, client, with_opinions):
        client.force_login(with_opinions.staff)
        response = client.get(detail(with_opinions) + "report.xlsx")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
        assert "总体赞成。" in values and "第三条之一" in values
        assert '\'=HYPERLINK("http://evil")' in values and "'+张三" in values
        assert not any(str(v).startswith(("=", "+", "-", "@")) for v in values)

    def test_docx_opens_and_contains_the_opinions(self, client, with_opinions):
        client.force_login(with_opinions.staff)
        response = client.get(detail(with_opinions) + "report.docx")
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
        assert "意见汇总" in text and "总体赞成。" in text and "第三条之一" in text

    def test_exports_are_scoped(self, client, with_opinions):
        client.force_login(with_opinions.outsider)
        assert client.get(detail(with_opinions) + "report.xlsx").status_code == 403


class TestPublic:
    def comment(self, lx):
        return f"/legislation/public/{lx.consultation.pk}/comment/"

    def test_open_consultations_and_the_draft_text_need_no_login(self, client, lx):
        OpinionFactory(
            consultation=lx.consultation, contact_point=lx.jxy, submitter_name="李秘密", submitter_phone="13611112222"
        )
        assert lx.draft.title in client.get("/legislation/public/").content.decode()
        page = client.get(f"/legislation/public/{lx.consultation.pk}/").content.decode()
        assert "第三条之一" in page and "对本条提意见" in page
        assert "李秘密" not in page and "1361111" not in page

    def test_closed_consultations_are_not_public(self, client, lx):
        Consultation.objects.filter(pk=lx.consultation.pk).update(status="closed")
        assert client.get(f"/legislation/public/{lx.consultation.pk}/").status_code == 404

    def test_commenting_on_one_article_answers_with_a_chinese_confirmation(self, client, lx):
        target = article(lx.draft, "第二条")
        response = client.post(
            self.comment(lx),
            {"article": target.pk, "content": "建议把社区也写进适用范围。", "submitter_name": "张先生"},
            follow=True,
        )
        assert "提交成功" in response.content.decode() and "第二条" in response.content.decode()
        opinion = Opinion.objects.get()
        assert (opinion.article, opinion.channel, opinion.contact_point) == (target, "online", lx.jxy)

    @pytest.mark.parametrize(
        "data, message",
        [
            ({"content": "短", "submitter_name": "张"}, "至少"),
            ({"content": "足够长的意见内容", "submitter_name": ""}, "必填"),
            ({"content": "足够长的意见内容", "submitter_name": "张", "article": "abc"}, "选择一个有效的选项"),
            ({"content": "足够长的意见内容", "submitter_name": "张", "submitter_phone": "call me"}, "电话号码"),
        ],
    )
    def test_bad_input_is_a_chinese_error_never_a_500(self, client, lx, data, message):
        response = client.post(self.comment(lx), data)
        assert response.status_code == 400 and message in response.content.decode()
        assert not Opinion.objects.exists()

    def test_an_article_of_another_draft_is_refused(self, client, lx):
        other = ConsultationFactory(contact_points=[lx.jxy])
        response = client.post(
            self.comment(lx),
            {"article": article(other.draft, "第一条").pk, "content": "足够长的意见内容", "submitter_name": "张"},
        )
        assert response.status_code == 400

    def test_the_form_is_rate_limited(self, client, lx):
        data = {"content": "建议把社区也写进适用范围。", "submitter_name": "张先生"}
        for _ in range(10):
            assert client.post(self.comment(lx), data).status_code == 302
        response = client.post(self.comment(lx), data)
        assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
        assert Opinion.objects.count() == 10

    def test_anonymous_visitors_see_the_public_link_in_the_navigation(self, client, lx):
        assert "/legislation/public/" in client.get("/login/").content.decode()


def test_home_panels_for_staff_and_committee(client, lx):
    client.force_login(lx.staff)
    assert "发起征求意见" in client.get("/").content.decode()
    client.force_login(lx.committee)
    assert "立法意见收集与采纳统计" in client.get("/").content.decode()


def test_admin_lists_every_model(client, lx):
    client.force_login(lx.admin)
    for model in ["contactpoint", "informationofficer", "draft", "article", "consultation", "opinion"]:
        assert client.get(f"/admin/legislation/{model}/?q=江").status_code == 200, model
    page = client.get("/admin/legislation/informationofficer/").content.decode()
    assert "139****1001" in page and "13907141001" not in page
