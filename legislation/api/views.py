from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from legislation import selectors, services
from legislation.api.serializers import (
    AdoptSerializer,
    ConsultationSerializer,
    ContactPointSerializer,
    DraftSerializer,
    FiguresSerializer,
    MergeSerializer,
    OpinionSerializer,
    OpinionUpdateSerializer,
)
from legislation.filtersets import ConsultationFilterSet, ContactPointFilterSet, DraftFilterSet, OpinionFilterSet
from liaison.scoping import scope_for


class LegislationAccess(BasePermission):
    """Contact-point staff, committee staff and admins read; staff and admins write (the services
    then check that it is within their own contact points)."""

    message = "只有基层立法联系点工作人员、代表工作机构或管理员可以访问"

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        scope = scope_for(request.user)
        return selectors.can_read(scope) if request.method in SAFE_METHODS else selectors.can_write(scope)


class ScopedMixin:
    permission_classes = [LegislationAccess]

    @property
    def scope(self):
        return scope_for(self.request.user)


class ContactPointViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Contact points in the caller's scope, with their information officers."""

    serializer_class = ContactPointSerializer
    filterset_class = ContactPointFilterSet
    search_fields = ["name", "legislature", "region__name"]

    def get_queryset(self):
        return selectors.contact_point_list(scope=self.scope)


class DraftViewSet(ScopedMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Drafts with their articles; the text is split into articles on create and on change."""

    serializer_class = DraftSerializer
    filterset_class = DraftFilterSet
    search_fields = ["title", "legislature"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.draft_list(scope=self.scope)

    def perform_create(self, serializer):
        serializer.instance = services.draft_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        services.draft_update(draft_id=serializer.instance.pk, actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class ConsultationViewSet(ScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Consultations sent to the caller's contact points; POST opens one. open → closed → reported."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilterSet
    search_fields = ["draft__title", "note"]
    ordering_fields = ["deadline", "opened_at"]

    def get_queryset(self):
        return selectors.consultation_list(scope=self.scope)

    def perform_create(self, serializer):
        consultation = services.consultation_open(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=consultation.pk)

    def _move(self, service):
        consultation = self.get_object()
        service(consultation_id=consultation.pk, actor=self.request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=consultation.pk)).data)

    @extend_schema(request=None, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Stop collecting opinions (open → closed)."""
        return self._move(services.consultation_close)

    @extend_schema(request=None, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Report the opinions to the legislature (closed → reported); they are frozen from now on."""
        return self._move(services.consultation_report)


class OpinionViewSet(ScopedMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Opinions collected by the caller's contact points, article by article or general."""

    serializer_class = OpinionSerializer
    filterset_class = OpinionFilterSet
    search_fields = ["content", "submitter_name", "article__number"]
    ordering_fields = ["submitted_on", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.opinion_list(scope=self.scope)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return OpinionUpdateSerializer
        return {"adopt": AdoptSerializer, "merge": MergeSerializer}.get(self.action, OpinionSerializer)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        consultation = data.pop("consultation")
        opinion = services.opinion_record(consultation_id=consultation.pk, actor=self.request.user, **data)
        serializer.instance = self.get_queryset().get(pk=opinion.pk)

    def perform_update(self, serializer):
        services.opinion_update(opinion_id=serializer.instance.pk, actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def _respond(self, opinion_id):
        return Response(
            OpinionSerializer(self.get_queryset().get(pk=opinion_id), context=self.get_serializer_context()).data
        )

    @extend_schema(request=AdoptSerializer, responses=OpinionSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """Record the adoption outcome once the consultation is reported (also for merged duplicates)."""
        opinion = self.get_object()
        payload = AdoptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.opinion_adopt(opinion_id=opinion.pk, actor=request.user, **payload.validated_data)
        return self._respond(opinion.pk)

    @extend_schema(request=MergeSerializer, responses=OpinionSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge this opinion into another one of the same consultation (a duplicate)."""
        opinion = self.get_object()
        payload = MergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        into = get_object_or_404(self.get_queryset(), pk=payload.validated_data["into"])
        services.opinion_merge(opinion_id=opinion.pk, into_id=into.pk, actor=request.user)
        return self._respond(opinion.pk)


class FiguresView(ScopedMixin, GenericAPIView):
    """Figures per contact point, draft or year, over the opinions in scope (filters as on `opinions/`)."""

    filterset_class = OpinionFilterSet
    serializer_class = FiguresSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.opinion_list(scope=self.scope)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "group_by", OpenApiTypes.STR, enum=list(selectors.GROUPINGS), description="contact_point、draft 或 year"
            )
        ]
    )
    def get(self, request):
        group_by = request.query_params.get("group_by", "contact_point")
        if group_by not in selectors.GROUPINGS:
            raise ValidationError({"group_by": ["group_by 应为 contact_point、draft 或 year"]})
        opinions = self.filter_queryset(self.get_queryset())
        rows = selectors.figures(scope=self.scope, group_by=group_by, opinions=opinions)
        total = selectors.figures_total(scope=self.scope, opinions=opinions)
        return Response(FiguresSerializer({"group_by": group_by, "total": total, "rows": rows}).data)
