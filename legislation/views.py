"""Pages: contact-point staff (consultations, article-by-article entry, the report), committee
(the figures) and the public (open consultations and a form to comment on one article)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from legislation import exports, selectors, services
from legislation.filtersets import ConsultationFilterSet, DraftFilterSet, OpinionFilterSet
from legislation.forms import (
    AdoptForm,
    ConsultationOpenForm,
    DraftForm,
    MergeForm,
    OpinionEntryForm,
    PublicOpinionForm,
)
from legislation.models import Consultation, Opinion
from liaison.errors import DomainError
from liaison.ratelimits import public_page
from liaison.scoping import scope_for

PUBLIC_RATE = "10/h"  # opinions per visitor's address per hour on the public form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _scope(request, *, write=False):
    scope = scope_for(request.user)
    if not (selectors.can_write(scope) if write else selectors.can_read(scope)):
        raise PermissionDenied("只有基层立法联系点工作人员、代表工作机构或管理员可以访问")
    return scope


def _consultation(request, pk):
    return get_object_or_404(selectors.consultation_list(scope=_scope(request)), pk=pk)


@login_required
def consultation_list(request):
    scope = _scope(request)
    filterset = ConsultationFilterSet(request.GET, queryset=selectors.consultation_list(scope=scope))
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    return render(request, "legislation/consultation_list.html", {"filter": filterset, "page": page})


@login_required
def consultation_open(request):
    scope = _scope(request, write=True)
    form = ConsultationOpenForm(request.POST or None, contact_points=selectors.contact_point_choices(scope=scope))
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_open(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "已发起征求意见，联系点工作人员将收到通知。")
            return redirect("legislation:consultation-detail", consultation.pk)
    return render(request, "legislation/consultation_open.html", {"form": form})


def _entry_form(consultation, scope, data=None):
    officers = selectors.entry_officers(scope=scope, consultation=consultation)
    return OpinionEntryForm(data, consultation=consultation, officers=officers)


def _can_enter(scope, consultation) -> bool:
    return selectors.can_write(scope) and consultation.status in services.RECORDING_STATUSES


@login_required
def consultation_detail(request, pk):
    """The article-by-article entry page: each article with its opinions and a short form."""
    scope = _scope(request)
    consultation = _consultation(request, pk)
    articles, general = selectors.articles_with_opinions(
        consultation=consultation, opinions=selectors.opinion_list(scope=scope)
    )
    context = {
        "consultation": consultation,
        "articles": articles,
        "general": general,
        "form": _entry_form(consultation, scope),
        "can_enter": _can_enter(scope, consultation),
        "can_act": selectors.can_write(scope),
    }
    return render(request, "legislation/consultation_detail.html", context)


@login_required
@require_POST
def opinion_create(request, pk):
    """Save one opinion; with htmx only that article's block is swapped, so what was typed elsewhere stays."""
    scope = _scope(request, write=True)
    consultation = _consultation(request, pk)
    form = _entry_form(consultation, scope, request.POST)
    article = form.fields["article"].queryset.filter(pk=request.POST.get("article") or None).first()
    if form.is_valid():
        try:
            services.opinion_record(consultation_id=consultation.pk, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            form = None
    if not request.htmx:
        if form is not None:
            messages.error(request, "；".join(message for errors in form.errors.values() for message in errors))
        anchor = f"#article-{article.pk}" if article else "#general"
        return redirect(reverse("legislation:consultation-detail", args=[consultation.pk]) + anchor)
    # htmx swaps only 2xx answers, so a form error is a 200 that shows the error beside the text.
    rows = selectors.opinion_list(scope=scope).filter(consultation=consultation, article=article)
    context = {
        "consultation": consultation,
        "article": article,
        "rows": rows,
        "entry_form": form,
        "can_enter": _can_enter(scope, consultation),
        "can_act": True,
    }
    return render(request, "legislation/includes/article_entry.html", context)


@login_required
@require_POST
def consultation_move(request, pk, action):
    _scope(request, write=True)
    consultation = _consultation(request, pk)
    service = {"close": services.consultation_close, "report": services.consultation_report}[action]
    try:
        service(consultation_id=consultation.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "已截止征集。" if action == "close" else "已报送，意见已冻结；请在立法机关反馈后登记采纳情况。"
        )
    return redirect("legislation:consultation-detail", consultation.pk)


def _opinion(request, pk, scope):
    return get_object_or_404(selectors.opinion_list(scope=scope), pk=pk)


@login_required
@require_POST
def opinion_merge(request, pk):
    scope = _scope(request, write=True)
    opinion = _opinion(request, pk, scope)
    form = MergeForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请填写要并入的意见编号。")
        into = selectors.opinion_list(scope=scope).filter(pk=form.cleaned_data["into"]).first()
        if into is None:
            raise DomainError("没有找到要并入的意见。")
        services.opinion_merge(opinion_id=opinion.pk, into_id=into.pk, actor=request.user)
        messages.success(request, f"意见 {opinion.pk} 已并入意见 {into.pk}。")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("legislation:consultation-detail", args=[opinion.consultation_id]) + f"#opinion-{pk}")


@login_required
@require_POST
def opinion_adopt(request, pk):
    scope = _scope(request, write=True)
    opinion = _opinion(request, pk, scope)
    form = AdoptForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请选择采纳情况。")
        services.opinion_adopt(opinion_id=opinion.pk, actor=request.user, **form.cleaned_data)
        messages.success(request, f"已登记意见 {opinion.pk} 的采纳情况。")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("legislation:consultation-report", args=[opinion.consultation_id]) + f"#opinion-{pk}")


def _report(request, pk):
    scope = _scope(request)
    return selectors.consultation_report(scope=scope, consultation=_consultation(request, pk)), scope


@login_required
def consultation_report(request, pk):
    """The report grouped by article; prints cleanly (see the print stylesheet)."""
    report, scope = _report(request, pk)
    can_adopt = selectors.can_write(scope) and report.consultation.status == Consultation.Status.REPORTED
    return render(
        request,
        "legislation/report.html",
        {"report": report, "can_adopt": can_adopt, "adopt_form": AdoptForm(), "outcomes": Opinion.Outcome.choices},
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)},
    )


@login_required
def consultation_report_xlsx(request, pk):
    report, _ = _report(request, pk)
    return _download(exports.report_xlsx(report), XLSX, f"{report.consultation.draft.title}意见汇总.xlsx")


@login_required
def consultation_report_docx(request, pk):
    report, _ = _report(request, pk)
    return _download(exports.report_docx(report), DOCX, f"{report.consultation.draft.title}意见汇总.docx")


@login_required
def draft_list(request):
    scope = _scope(request)
    filterset = DraftFilterSet(request.GET, queryset=selectors.draft_list(scope=scope))
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "legislation/draft_list.html",
        {"filter": filterset, "page": page, "can_act": selectors.can_write(scope)},
    )


@login_required
def draft_create(request):
    _scope(request, write=True)
    form = DraftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in DraftForm.Meta.fields}
        try:
            draft = services.draft_create(actor=request.user, **fields)
        except DomainError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, f"已录入草案，识别出 {draft.articles.count()} 条。")
            return redirect("legislation:draft-detail", draft.pk)
    return render(request, "legislation/draft_form.html", {"form": form})


@login_required
def draft_detail(request, pk):
    draft = get_object_or_404(selectors.draft_list(scope=_scope(request)), pk=pk)
    return render(request, "legislation/draft_detail.html", {"draft": draft, "articles": draft.articles.all()})


@login_required
def figures(request):
    """Committee staff's figures: per contact point, per draft and per year."""
    scope = _scope(request)
    filterset = OpinionFilterSet(request.GET, queryset=selectors.opinion_list(scope=scope))
    opinions = filterset.qs
    tables = [
        (title, selectors.figures(scope=scope, group_by=group_by, opinions=opinions))
        for group_by, title in (("contact_point", "按联系点"), ("draft", "按草案"), ("year", "按年度"))
    ]
    total = selectors.figures_total(scope=scope, opinions=opinions)
    return render(request, "legislation/figures.html", {"filter": filterset, "tables": tables, "total": total})


# --- Public pages (no login) ----------------------------------------------------------------------


@public_page
def public_list(request):
    return render(request, "legislation/public/list.html", {"consultations": selectors.public_consultations()})


@public_page
def public_consultation(request, pk):
    consultation = get_object_or_404(selectors.public_consultations(), pk=pk)
    return render(
        request,
        "legislation/public/consultation.html",
        {"consultation": consultation, "articles": consultation.draft.articles.order_by("position")},
    )


@public_page
@ratelimit(key="ip", rate=PUBLIC_RATE, method="POST", block=False)
def public_comment(request, pk):
    """Comment on one article; answered with a Chinese confirmation, never with others' data."""
    consultation = get_object_or_404(selectors.public_consultations(), pk=pk)
    initial = {"article": request.GET.get("article")} if request.GET.get("article", "").isdigit() else {}
    form = PublicOpinionForm(request.POST or None, initial=initial, consultation=consultation)
    status = 200
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, "提交过于频繁，请一小时后再试。感谢您对立法工作的关心。")
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            opinion = services.opinion_submit_public(consultation_id=consultation.pk, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
            status = 409 if error.conflict else 400
        else:
            where = opinion.article.number if opinion.article else "草案总体"
            messages.success(
                request,
                f"提交成功！您对《{consultation.draft.title}》{where}的意见已收到，"
                f"将由{opinion.contact_point.name}整理后报送立法机关。感谢您参与立法！",
            )
            return redirect("legislation:public-consultation", consultation.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "legislation/public/comment.html", {"consultation": consultation, "form": form}, status=status
    )
