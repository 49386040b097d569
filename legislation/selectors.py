"""Read queries for legislative consultation, shared by pages, API and exports.

Contact-point staff see their contact points; committee staff see those in their region; admins
see everything; nobody else sees any (the public sees only open consultations and draft texts).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from legislation.models import Article, Consultation, ContactPoint, Draft, InformationOfficer, Opinion
from liaison import access
from liaison.masking import mask_phone
from liaison.scoping import LEGISLATION_STAFF, Scope

ADOPTED = (Opinion.Outcome.ADOPTED, Opinion.Outcome.PARTLY_ADOPTED)


def can_read(scope: Scope) -> bool:
    return scope.is_admin or scope.is_committee or scope.has(LEGISLATION_STAFF)


def can_write(scope: Scope) -> bool:
    return scope.is_admin or scope.has(LEGISLATION_STAFF)


def _contact_point_filter(scope: Scope, prefix: str = "") -> Q:
    """Which contact points (reached through `prefix`) the scope covers."""
    if scope.is_admin:
        return Q()
    allowed = Q(**{f"{prefix}pk__in": scope.contact_points})
    if scope.is_committee:
        allowed |= Q(**{f"{prefix}region__code__startswith": scope.region_prefix})
    return allowed


def contact_point_list(*, scope: Scope) -> QuerySet[ContactPoint]:
    """Contact points with their officers (two queries for the whole page)."""
    if not can_read(scope):
        return ContactPoint.objects.none()
    officers = InformationOfficer.objects.select_related("deputy").order_by("name")
    return (
        ContactPoint.objects.filter(_contact_point_filter(scope))
        .select_related("region", "host_station")
        .prefetch_related(Prefetch("officers", queryset=officers))
        .annotate(officer_count=Count("officers", distinct=True))
        .order_by("region__code", "name")
    )


def contact_point_choices(*, scope: Scope) -> QuerySet[ContactPoint]:
    """The contact points the user may act for (open a consultation, record an opinion)."""
    points = ContactPoint.objects.select_related("region")
    return points if scope.is_admin else points.filter(pk__in=scope.contact_points)


def entry_officers(*, scope: Scope, consultation: Consultation) -> QuerySet[InformationOfficer]:
    """The officers an opinion may be credited to: those of the user's contact points in the consultation."""
    officers = InformationOfficer.objects.filter(contact_point__consultations=consultation).order_by("name")
    return officers if scope.is_admin else officers.filter(contact_point__in=scope.contact_points)


def sees_officer_phone(scope: Scope, officer: InformationOfficer) -> bool:
    return scope.is_admin or officer.contact_point_id in scope.contact_points


def officer_phone_shown(scope: Scope, officer: InformationOfficer) -> str:
    if not sees_officer_phone(scope, officer):
        return mask_phone(officer.phone)
    if officer.phone:
        access.note("information_officer", officer.pk)
    return officer.phone


def submitter_phone_shown(scope: Scope, opinion: Opinion) -> str:
    if not (scope.is_admin or opinion.contact_point_id in scope.contact_points):
        return mask_phone(opinion.submitter_phone)
    if opinion.submitter_phone:
        access.note("opinion", opinion.pk)
    return opinion.submitter_phone


def draft_list(*, scope: Scope) -> QuerySet[Draft]:
    """Drafts are reference texts: every user who works on legislation reads them all."""
    if not can_read(scope):
        return Draft.objects.none()
    return (
        Draft.objects.annotate(article_count=Count("articles"))
        .prefetch_related(Prefetch("articles", queryset=Article.objects.order_by("position")))
        .order_by("-created_at", "-id")
    )


def consultation_list(*, scope: Scope) -> QuerySet[Consultation]:
    """Consultations sent to at least one contact point in scope, with opinion counts."""
    if not can_read(scope):
        return Consultation.objects.none()
    consultations = Consultation.objects.select_related("draft").prefetch_related(
        Prefetch("contact_points", queryset=ContactPoint.objects.order_by("pk"))
    )
    if not scope.is_admin:
        in_scope = ContactPoint.objects.filter(_contact_point_filter(scope), consultations=OuterRef("pk"))
        consultations = consultations.filter(Exists(in_scope))
    return consultations.annotate(opinion_count=Count("opinions", distinct=True)).order_by("-opened_at", "-id")


def opinion_list(*, scope: Scope) -> QuerySet[Opinion]:
    if not can_read(scope):
        return Opinion.objects.none()
    return Opinion.objects.filter(_contact_point_filter(scope, "contact_point__")).select_related(
        "consultation__draft", "contact_point", "article", "officer"
    )


def articles_with_opinions(
    *, consultation: Consultation, opinions: QuerySet[Opinion]
) -> tuple[list[Article], list[Opinion]]:
    """The draft's articles in order, each with its `.opinion_rows`, and the general opinions
    (no article). Two queries, whatever the size of the draft."""
    by_article: dict[int | None, list[Opinion]] = {}
    for opinion in opinions.filter(consultation=consultation).order_by("article__position", "id"):
        by_article.setdefault(opinion.article_id, []).append(opinion)
    articles = list(consultation.draft.articles.order_by("position"))
    for article in articles:
        article.opinion_rows = by_article.get(article.pk, [])
    return articles, by_article.get(None, [])


@dataclass
class Report:
    """A consultation's opinions grouped by article, as reported to the legislature."""

    consultation: Consultation
    general: list[Opinion]
    articles: list[Article]
    counts: dict = field(default_factory=dict)

    @property
    def commented_articles(self) -> list[Article]:
        return [a for a in self.articles if a.opinion_rows]


def consultation_report(*, scope: Scope, consultation: Consultation) -> Report:
    opinions = opinion_list(scope=scope)
    articles, general = articles_with_opinions(consultation=consultation, opinions=opinions)
    every = general + [o for a in articles for o in a.opinion_rows]
    counts = {
        "opinions": len(every),
        "articles": sum(1 for a in articles if a.opinion_rows),
        "adopted": sum(1 for o in every if o.outcome in ADOPTED),
        "merged": sum(1 for o in every if o.merged_into_id),
    }
    return Report(consultation=consultation, general=general, articles=articles, counts=counts)


def public_consultations() -> QuerySet[Consultation]:
    """Open consultations the public may comment on (no personal data in what they show)."""
    return (
        Consultation.objects.filter(status=Consultation.Status.OPEN, deadline__gte=timezone.localdate())
        .select_related("draft")
        .prefetch_related(Prefetch("contact_points", queryset=ContactPoint.objects.order_by("pk")))
        .order_by("deadline", "pk")
    )


# --- Figures ---------------------------------------------------------------------------------------

GROUPINGS = {
    "contact_point": ("contact_point_id", "contact_point__name"),
    "draft": ("consultation__draft_id", "consultation__draft__title"),
    "year": ("year", "year"),
}


def figures(*, scope: Scope, group_by: str, opinions: QuerySet[Opinion] | None = None) -> list[dict]:
    """Per contact point, draft or year: opinions collected, drafts commented on, adopted (采纳 and
    部分采纳), adoption rate (adopted / opinions) and active officers (officers who contributed an
    opinion). One aggregate query, whatever the number of groups."""
    key, label = GROUPINGS[group_by]
    opinions = opinion_list(scope=scope) if opinions is None else opinions
    rows = (
        opinions.annotate(year=ExtractYear("submitted_on"))
        .order_by()
        .values(*dict.fromkeys([key, label]))
        .annotate(
            opinion_count=Count("id"),
            draft_count=Count("consultation__draft", distinct=True),
            adopted_count=Count("id", filter=Q(outcome__in=ADOPTED)),
            officer_count=Count("officer", distinct=True),
        )
        .order_by(key)
    )
    return [
        {
            "key": row[key],
            "label": str(row[label]),
            "opinions": row["opinion_count"],
            "drafts": row["draft_count"],
            "adopted": row["adopted_count"],
            "adoption_rate": round(row["adopted_count"] / row["opinion_count"], 4) if row["opinion_count"] else 0.0,
            "active_officers": row["officer_count"],
        }
        for row in rows
    ]


def figures_total(*, scope: Scope, opinions: QuerySet[Opinion] | None = None) -> dict:
    """The same figures over everything in scope ("182 条意见，4 部草案，37 条被采纳")."""
    opinions = opinion_list(scope=scope) if opinions is None else opinions
    total = opinions.aggregate(
        opinions=Count("id"),
        drafts=Count("consultation__draft", distinct=True),
        adopted=Count("id", filter=Q(outcome__in=ADOPTED)),
        active_officers=Count("officer", distinct=True),
    )
    total["adoption_rate"] = round(total["adopted"] / total["opinions"], 4) if total["opinions"] else 0.0
    return total
