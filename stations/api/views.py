from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from liaison.api.period import PERIOD_PARAMETERS, IsCommitteeOrAdmin, period_or_400
from liaison.api.permissions import ReadOrCommitteeWrite
from liaison.scoping import scope_for
from stations import exports, selectors, services
from stations.api.serializers import (
    ScheduleSerializer,
    StationDeputiesSerializer,
    StationFiguresSerializer,
    StationRateSerializer,
    StationSerializer,
    VisitPhotoSerializer,
    VisitPhotoUploadSerializer,
    VisitSerializer,
    VisitUpdateSerializer,
)
from stations.filtersets import ScheduleFilterSet, StationFilterSet, VisitFilterSet

# `search` is a filter of each FilterSet, so pages and API search the same way.
FILTERS = [DjangoFilterBackend, OrderingFilter]


class StationViewSet(viewsets.ModelViewSet):
    """家站点. Everyone signed in reads; committee staff (in their region) and admins change them."""

    serializer_class = StationSerializer
    filterset_class = StationFilterSet
    filter_backends = FILTERS
    permission_classes = [ReadOrCommitteeWrite]
    ordering_fields = ["name", "stars", "id"]

    def get_queryset(self):
        return selectors.station_list(scope=scope_for(self.request.user))

    def perform_create(self, serializer):
        serializer.instance = services.station_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.station_update(
            station_id=serializer.instance.pk, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.station_delete(station_id=instance.pk, actor=self.request.user)

    @extend_schema(request=StationRateSerializer, responses=StationSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """Give the station its star rating (星级)."""
        data = StationRateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.station_rate(station_id=self.get_object().pk, actor=request.user, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(responses=StationDeputiesSerializer)
    @action(detail=True, methods=["get"])
    def deputies(self, request, pk=None):
        """The deputies grouped into the station today, and those on duty today."""
        station = self.get_object()
        body = {
            "assigned": selectors.station_deputies(station=station),
            "on_duty_today": [d.pk for d in selectors.deputies_on_duty(station=station)],
        }
        return Response(StationDeputiesSerializer(body).data)


class ScheduleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reception days (接待日): a public calendar; station staff and committee staff add them."""

    serializer_class = ScheduleSerializer
    filterset_class = ScheduleFilterSet
    filter_backends = FILTERS
    ordering_fields = ["date"]

    def get_queryset(self):
        return selectors.schedule_list()

    def perform_create(self, serializer):
        serializer.instance = services.schedule_create(actor=self.request.user, **serializer.validated_data)


class VisitViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Visits (来访登记), scoped to the caller. Station staff log and, on the same day, correct
    their own stations' visits; visitor name and phone are masked for everyone else."""

    filterset_class = VisitFilterSet
    filter_backends = FILTERS
    ordering_fields = ["visited_at", "id"]

    def get_queryset(self):
        return selectors.visit_list(scope=scope_for(self.request.user))

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return VisitUpdateSerializer
        return VisitSerializer

    def perform_create(self, serializer):
        visit = services.visit_log(actor=self.request.user, **serializer.validated_data)
        prefetch_related_objects([visit], "deputies", "photos")  # the answer reads each twice otherwise
        serializer.instance = visit

    def perform_update(self, serializer):
        services.visit_update(visit_id=serializer.instance.pk, actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @extend_schema(request={"multipart/form-data": VisitPhotoUploadSerializer}, responses=VisitPhotoSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def photos(self, request, pk=None):
        """Attach a photo (JPG, PNG or WebP, at most 5 MB)."""
        upload = VisitPhotoUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        photo = services.visit_photo_add(
            visit_id=self.get_object().pk, actor=request.user, image=upload.validated_data["image"]
        )
        return Response(VisitPhotoSerializer(photo, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("file", str, enum=["xlsx", "csv"], description="文件格式，默认 xlsx"),
        ],
        responses={(200, exports.XLSX_TYPE): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        """The visits of a date range (`date_from`, `date_to`; default the last 30 days) with the
        list's filters, as .xlsx or as CSV in utf-8-sig."""
        visits = self.filter_queryset(self.get_queryset())
        as_csv = request.query_params.get("file") == "csv"
        content, content_type, filename = exports.visits_file(
            visits, scope=scope_for(request.user), params=request.query_params, as_csv=as_csv
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class StationFiguresView(generics.ListAPIView):
    """Visits per station and channel in a period, people received and the share turned into
    suggestions (committee staff and admins; the region must be within the caller's)."""

    serializer_class = StationFiguresSerializer
    permission_classes = [IsCommitteeOrAdmin]
    filter_backends = []

    def get_queryset(self):
        period = period_or_400(self.request)
        return selectors.station_figures(
            scope=scope_for(self.request.user),
            start=period.start,
            end=period.end,
            region_prefix=period.region_prefix,
        )

    @extend_schema(parameters=PERIOD_PARAMETERS, summary="站点接待统计")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
