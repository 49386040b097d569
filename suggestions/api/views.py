"""Suggestions over REST: lists, submission, and one POST endpoint per workflow step."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from liaison.api.permissions import ReadOrCommitteeWrite
from liaison.errors import DomainError
from liaison.models import Deputy
from liaison.scoping import scope_for
from suggestions import selectors, services
from suggestions.api import serializers as s
from suggestions.filtersets import CategoryFilterSet, HandlingUnitFilterSet, SuggestionFilterSet
from suggestions.models import Category, HandlingUnit, Suggestion
from suggestions.public import tracking_view


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CategorySerializer
    filterset_class = CategoryFilterSet
    search_fields = ["name"]
    queryset = Category.objects.order_by("order", "pk")


class HandlingUnitViewSet(viewsets.ModelViewSet):
    serializer_class = s.HandlingUnitSerializer
    filterset_class = HandlingUnitFilterSet
    permission_classes = [ReadOrCommitteeWrite]
    search_fields = ["name"]
    queryset = HandlingUnit.objects.select_related("region").order_by("region__code", "name")


def _step(serializer_class, summary):
    return extend_schema(request=serializer_class, responses=s.SuggestionSerializer, summary=summary)


class SuggestionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Suggestions the caller may see. POST by a deputy submits one; each workflow step is an action."""

    serializer_class = s.SuggestionSerializer
    filterset_class = SuggestionFilterSet
    search_fields = ["title", "content", "tracking_code"]
    ordering_fields = ["submitted_at", "due_on", "replied_at", "id"]

    def get_queryset(self):
        return selectors.suggestion_list(scope=scope_for(self.request.user))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.suggestion_submit(
            actor=self.request.user,
            title=data["title"],
            content=data["content"],
            category=data.get("category"),
            congress=data.get("congress"),
            co_signers=data.get("co_signers", []),
        )

    def _run(self, request, input_class, service, **extra):
        """Validate the input, call the service on a suggestion the caller can see, answer with it."""
        suggestion = self.get_object()
        payload = input_class(data=request.data)
        payload.is_valid(raise_exception=True)
        service(suggestion_id=suggestion.pk, actor=request.user, **payload.validated_data, **extra)
        fresh = self.get_queryset().filter(pk=suggestion.pk).first() or Suggestion.objects.get(pk=suggestion.pk)
        return Response(self.get_serializer(fresh).data)

    @_step(s.AssignSerializer, "交办（或在单位接收前重新交办）")
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        payload = s.AssignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.suggestion_assign(
            suggestion_id=self.get_object().pk,
            actor=request.user,
            lead_unit=data["lead_unit"],
            co_units=data.get("co_units", []),
            due_on=data.get("due_at"),
        )
        return Response(self.get_serializer(self.get_object()).data)

    @_step(s.DeclineSerializer, "不予登记（不作为建议处理）")
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._run(request, s.DeclineSerializer, services.suggestion_decline)

    @_step(None, "承办单位接收")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._run(request, s.serializers.Serializer, services.suggestion_accept)

    @_step(s.ReasonSerializer, "退回（交办后7个工作日内）")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._run(request, s.ReasonSerializer, services.suggestion_return)

    @_step(s.CoViewSerializer, "协办单位提出协办意见")
    @action(detail=True, methods=["post"], url_path="co-view")
    def co_view(self, request, pk=None):
        return self._run(request, s.CoViewSerializer, services.suggestion_co_view)

    @_step(s.ReplySerializer, "主办单位答复")
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._run(request, s.ReplySerializer, services.suggestion_reply)

    @_step(s.JudgeSerializer, "代表评价答复")
    @action(detail=True, methods=["post"])
    def judge(self, request, pk=None):
        return self._run(request, s.JudgeSerializer, services.suggestion_judge)

    @_step(s.OptionalReasonSerializer, "领衔代表撤回")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(request, s.OptionalReasonSerializer, services.suggestion_withdraw)

    @_step(s.SuggestionMergeSerializer, "并案办理")
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        payload = s.SuggestionMergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        target = self.get_queryset().filter(pk=payload.validated_data["into"]).first()
        if target is None:
            raise DomainError("未找到要并入的建议", field="into")
        services.suggestion_merge(suggestion_id=self.get_object().pk, actor=request.user, into=target)
        return Response(self.get_serializer(self.get_object()).data)

    @_step(s.ExtendSerializer, "批准延期答复")
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        payload = s.ExtendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.suggestion_extend(
            suggestion_id=self.get_object().pk,
            actor=request.user,
            due_on=payload.validated_data["due_at"],
            reason=payload.validated_data["reason"],
        )
        return Response(self.get_serializer(self.get_object()).data)

    @_step(s.KeySerializer, "重点督办（开/关）")
    @action(detail=True, methods=["post"])
    def key(self, request, pk=None):
        return self._run(request, s.KeySerializer, services.suggestion_set_key)

    @extend_schema(responses=s.EventSerializer(many=True), summary="办理全过程记录")
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def events(self, request, pk=None):
        events = selectors.suggestion_events(suggestion=self.get_object())
        return Response(s.EventSerializer(events, many=True).data)


class VisitToSuggestionView(APIView):
    """Station staff turn a visit into an opinion that follows the suggestion path."""

    @extend_schema(request=s.ToSuggestionSerializer, responses={201: s.SuggestionSerializer})
    def post(self, request, pk):
        payload = s.ToSuggestionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        suggestion = services.suggestion_from_visit(actor=request.user, visit_id=pk, **payload.validated_data)
        data = s.SuggestionSerializer(suggestion, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


class PublicOpinionView(APIView):
    """The public sends an opinion to a station or a deputy; answered with a tracking code."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public"

    @extend_schema(request=s.PublicOpinionSerializer, responses={201: s.TrackingCodeSerializer})
    def post(self, request):
        from stations.models import Station

        payload = s.PublicOpinionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        station = get_object_or_404(Station, pk=data["station"]) if data.get("station") else None
        deputy = get_object_or_404(Deputy, pk=data["deputy"]) if data.get("deputy") else None
        suggestion = services.suggestion_submit_public(
            content=data["content"],
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            station=station,
            deputy=deputy,
        )
        body = {"tracking_code": suggestion.tracking_code, "track_url": f"/track/{suggestion.tracking_code}/"}
        return Response(body, status=status.HTTP_201_CREATED)


class TrackView(APIView):
    """Public progress of one suggestion by its tracking code: status and dates, no personal data."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public"

    @extend_schema(responses=s.TrackSerializer)
    def get(self, request, code):
        return Response(s.TrackSerializer(tracking_view(code)).data)


class HandlingRatesView(APIView):
    """Handling-rate figures of DESIGN §2, grouped by unit, category, level, region (the next level of
    region codes under `region`), month or source station."""

    @extend_schema(
        parameters=[
            OpenApiParameter("group_by", enum=list(selectors.GROUP_BY_LABELS), required=True),
            OpenApiParameter("from", type=str, description="起始日期 YYYY-MM-DD"),
            OpenApiParameter("to", type=str, description="截止日期 YYYY-MM-DD"),
            OpenApiParameter("region", type=str, description="区划代码（含下级）"),
        ],
        responses=s.HandlingRateRowSerializer(many=True),
    )
    def get(self, request):
        query = s.HandlingRatesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rows = selectors.handling_rates(
            scope=scope_for(request.user),
            group_by=params["group_by"],
            start=params.get("start"),
            end=params.get("to"),
            region=region_prefix_or_none(params.get("region")),
        )
        return Response(s.HandlingRateRowSerializer(rows, many=True).data)


def region_prefix_or_none(code: str | None) -> str | None:
    from liaison.models import region_prefix

    return region_prefix(code) if code else None
