from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from legislation import services
from legislation.models import Consultation, Opinion
from liaison.errors import DomainError
from liaison.models import Notification, OutboxMessage
from tests.legislation.factories import SHORT_DRAFT, ConsultationFactory, DraftFactory, OpinionFactory, article

pytestmark = pytest.mark.django_db

Status = Consultation.Status


def at(consultation, status):
    Consultation.objects.filter(pk=consultation.pk).update(status=status)
    consultation.refresh_from_db()
    return consultation


def record(lx, **fields):
    values = {"content": "建议写明期限。", "submitter_name": "张先生", **fields}
    return services.opinion_record(consultation_id=lx.consultation.pk, actor=lx.staff, **values)


class TestDrafts:
    def test_staff_record_a_draft_and_its_articles_in_order(self, lx):
        draft = services.draft_create(
            actor=lx.staff, title="某某条例（草案）", legislature="省人大常委会", text=SHORT_DRAFT
        )
        assert list(draft.articles.values_list("number", flat=True)) == ["第一条", "第二条", "第三条", "第三条之一"]
        assert draft.articles.get(number="第三条之一").chapter == "第二章 管理"

    def test_a_text_without_articles_is_refused_and_nothing_is_saved(self, lx):
        with pytest.raises(DomainError):
            services.draft_create(actor=lx.staff, title="说明", legislature="省人大", text="没有条文")
        assert not lx.draft.__class__.objects.filter(title="说明").exists()

    def test_others_may_not_record_drafts(self, lx):
        with pytest.raises(PermissionDenied):
            services.draft_create(actor=lx.committee, title="x", legislature="y", text=SHORT_DRAFT)

    def test_changing_the_text_splits_it_again(self, lx):
        draft = DraftFactory()
        services.draft_update(draft_id=draft.pk, actor=lx.staff, text="第一条 甲。\n第二条 乙。")
        assert list(draft.articles.values_list("number", flat=True)) == ["第一条", "第二条"]

    def test_the_text_is_fixed_once_opinions_refer_to_its_articles(self, lx):
        record(lx, article=article(lx.draft, "第二条"))
        with pytest.raises(DomainError, match="不能再修改草案全文") as error:
            services.draft_update(draft_id=lx.draft.pk, actor=lx.staff, text="第一条 甲。")
        assert error.value.conflict
        assert lx.draft.articles.count() == 4


class TestOpening:
    def test_opening_notifies_the_staff_of_each_contact_point_once(self, lx, django_capture_on_commit_callbacks):
        lx.staff.email = "jxy@example.org"
        lx.staff.save()
        with django_capture_on_commit_callbacks(execute=True):
            consultation = services.consultation_open(
                actor=lx.admin,
                draft=lx.draft,
                contact_points=[lx.jxy, lx.honghu],
                deadline=timezone.localdate() + timedelta(days=10),
            )
        notes = Notification.objects.filter(title__contains=lx.draft.title)
        assert sorted(notes.values_list("recipient__username", flat=True)) == [
            "legislation_staff",
            "legislation_staff_2",
        ]
        assert notes.first().link == f"/legislation/consultations/{consultation.pk}/"
        assert [m.to for m in mail.outbox] == [["jxy@example.org"]]
        assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0
        # A redelivered task changes nothing.
        assert services.consultation_notify_staff(consultation_id=consultation.pk) is False
        assert notes.count() == 2

    def test_nothing_is_sent_before_the_commit(self, lx, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.consultation_open(
                actor=lx.staff, draft=lx.draft, contact_points=[lx.jxy], deadline=timezone.localdate()
            )
        assert len(callbacks) == 1
        assert not Notification.objects.exists()

    def test_staff_open_consultations_only_for_their_own_contact_points(self, lx):
        with pytest.raises(PermissionDenied):
            services.consultation_open(
                actor=lx.staff, draft=lx.draft, contact_points=[lx.jxy, lx.honghu], deadline=timezone.localdate()
            )

    @pytest.mark.parametrize("days, contact_points, message", [(-1, True, "截止日期"), (5, False, "至少选择")])
    def test_bad_deadline_or_no_contact_point_is_refused(self, lx, days, contact_points, message):
        with pytest.raises(DomainError, match=message):
            services.consultation_open(
                actor=lx.admin,
                draft=lx.draft,
                contact_points=[lx.jxy] if contact_points else [],
                deadline=timezone.localdate() + timedelta(days=days),
            )


class TestStateMoves:
    @pytest.mark.parametrize(
        "start, service, end",
        [(Status.OPEN, "consultation_close", Status.CLOSED), (Status.CLOSED, "consultation_report", Status.REPORTED)],
    )
    def test_allowed_moves(self, lx, start, service, end):
        consultation = at(lx.consultation, start)
        getattr(services, service)(consultation_id=consultation.pk, actor=lx.staff)
        consultation.refresh_from_db()
        assert consultation.status == end
        assert (consultation.closed_at if end == Status.CLOSED else consultation.reported_at) is not None

    @pytest.mark.parametrize(
        "start, service",
        [
            (Status.OPEN, "consultation_report"),
            (Status.CLOSED, "consultation_close"),
            (Status.REPORTED, "consultation_close"),
            (Status.REPORTED, "consultation_report"),
        ],
    )
    def test_forbidden_moves_are_a_conflict_and_change_nothing(self, lx, start, service):
        consultation = at(lx.consultation, start)
        with pytest.raises(DomainError) as error:
            getattr(services, service)(consultation_id=consultation.pk, actor=lx.staff)
        assert error.value.conflict and "不能变为" in error.value.message
        consultation.refresh_from_db()
        assert consultation.status == start

    def test_every_state_has_its_moves_listed(self):
        assert set(services.ALLOWED) == set(Status.values)

    def test_only_staff_of_a_contact_point_of_the_consultation_move_it(self, lx):
        other = ConsultationFactory(contact_points=[lx.honghu])
        with pytest.raises(PermissionDenied):
            services.consultation_close(consultation_id=other.pk, actor=lx.staff)
        with pytest.raises(PermissionDenied):
            services.consultation_close(consultation_id=other.pk, actor=lx.committee)


class TestOpinions:
    def test_four_fields_are_enough_and_the_contact_point_is_the_recorders(self, lx):
        opinion = record(lx, article=article(lx.draft, "第三条之一"))
        assert opinion.contact_point == lx.jxy
        assert opinion.submitted_on == timezone.localdate()
        assert opinion.channel == Opinion.Channel.SYMPOSIUM

    def test_a_general_opinion_has_no_article(self, lx):
        assert record(lx).article is None

    def test_an_article_of_another_draft_is_refused(self, lx):
        with pytest.raises(DomainError, match="不属于本次征求意见的草案"):
            record(lx, article=article(DraftFactory(), "第一条"))

    def test_an_officer_of_another_contact_point_is_refused(self, lx):
        with pytest.raises(DomainError, match="信息员"):
            record(lx, officer=lx.officer_honghu)

    @pytest.mark.parametrize("field", ["content", "submitter_name"])
    def test_blank_content_or_submitter_is_refused(self, lx, field):
        with pytest.raises(DomainError):
            record(lx, **{field: "  "})

    def test_staff_may_still_record_after_the_deadline_closed_but_not_after_the_report(self, lx):
        at(lx.consultation, Status.CLOSED)
        assert record(lx).pk
        at(lx.consultation, Status.REPORTED)
        with pytest.raises(DomainError, match="已报送") as error:
            record(lx)
        assert error.value.conflict

    def test_staff_of_another_contact_point_may_not_record_for_mine(self, lx):
        with pytest.raises(PermissionDenied):
            services.opinion_record(
                consultation_id=lx.consultation.pk,
                actor=lx.staff_2,
                contact_point=lx.jxy,
                content="x",
                submitter_name="y",
            )

    def test_reported_opinions_are_frozen(self, lx):
        opinion, other = record(lx), record(lx)
        at(lx.consultation, Status.REPORTED)
        with pytest.raises(DomainError, match="冻结"):
            services.opinion_update(opinion_id=opinion.pk, actor=lx.staff, content="改过的意见")
        with pytest.raises(DomainError, match="冻结"):
            services.opinion_merge(opinion_id=opinion.pk, into_id=other.pk, actor=lx.staff)
        opinion.refresh_from_db()
        assert opinion.content == "建议写明期限。" and opinion.merged_into is None

    def test_an_open_opinion_can_be_corrected(self, lx):
        opinion = record(lx)
        services.opinion_update(opinion_id=opinion.pk, actor=lx.staff, content="建议写明三十日内答复。")
        opinion.refresh_from_db()
        assert opinion.content == "建议写明三十日内答复。"


class TestMergeAndAdoption:
    def test_duplicates_merge_into_one_and_follow_it(self, lx):
        first, second, third = record(lx), record(lx), record(lx)
        services.opinion_merge(opinion_id=second.pk, into_id=first.pk, actor=lx.staff)
        services.opinion_merge(opinion_id=first.pk, into_id=third.pk, actor=lx.staff)
        assert set(third.duplicates.values_list("pk", flat=True)) == {first.pk, second.pk}

    def test_an_opinion_cannot_be_merged_into_itself_or_across_consultations(self, lx):
        opinion = record(lx)
        with pytest.raises(DomainError):
            services.opinion_merge(opinion_id=opinion.pk, into_id=opinion.pk, actor=lx.staff)
        elsewhere = OpinionFactory(consultation=ConsultationFactory(contact_points=[lx.jxy]))
        with pytest.raises(DomainError, match="同一次"):
            services.opinion_merge(opinion_id=opinion.pk, into_id=elsewhere.pk, actor=lx.staff)

    def test_adoption_waits_for_the_report(self, lx):
        opinion = record(lx)
        with pytest.raises(DomainError, match="报送后") as error:
            services.opinion_adopt(opinion_id=opinion.pk, outcome="adopted", actor=lx.staff)
        assert error.value.conflict

    def test_adoption_is_recorded_for_the_opinion_and_its_duplicates(self, lx):
        first, duplicate = record(lx), record(lx, submitter_name="李女士")
        services.opinion_merge(opinion_id=duplicate.pk, into_id=first.pk, actor=lx.staff)
        at(lx.consultation, Status.REPORTED)
        services.opinion_adopt(opinion_id=first.pk, outcome="partly_adopted", note="已部分采纳", actor=lx.staff)
        duplicate.refresh_from_db()
        assert (duplicate.outcome, duplicate.outcome_note) == ("partly_adopted", "已部分采纳")
        with pytest.raises(DomainError, match="已并入"):
            services.opinion_adopt(opinion_id=duplicate.pk, outcome="adopted", actor=lx.staff)

    def test_an_unknown_outcome_is_refused(self, lx):
        opinion = record(lx)
        at(lx.consultation, Status.REPORTED)
        with pytest.raises(DomainError, match="采纳情况应为"):
            services.opinion_adopt(opinion_id=opinion.pk, outcome="maybe", actor=lx.staff)


class TestPublic:
    def test_a_public_opinion_goes_to_the_first_contact_point_online(self, lx):
        opinion = services.opinion_submit_public(
            consultation_id=lx.consultation.pk,
            article=article(lx.draft, "第一条"),
            content="很好",
            submitter_name="市民",
        )
        assert (opinion.contact_point, opinion.channel, opinion.submitter_kind) == (lx.jxy, "online", "resident")

    @pytest.mark.parametrize("status", [Status.CLOSED, Status.REPORTED])
    def test_the_public_may_comment_only_while_open(self, lx, status):
        at(lx.consultation, status)
        with pytest.raises(DomainError, match="已截止"):
            services.opinion_submit_public(
                consultation_id=lx.consultation.pk, article=None, content="很好", submitter_name="市民"
            )
