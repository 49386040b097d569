from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from liaison import selectors
from liaison.api.period import PERIOD_PARAMETERS, IsCommitteeOrAdmin, period_or_400
from liaison.api.permissions import ReadOrCommitteeWrite
from liaison.api.serializers import (
    CongressSerializer,
    DeputyGroupSerializer,
    DeputySerializer,
    DutyRecordSerializer,
    DutyTotalsQuerySerializer,
    DutyTotalsSerializer,
    MeSerializer,
    RegionSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from liaison.filtersets import CongressFilterSet, DeputyFilterSet, DeputyGroupFilterSet, RegionFilterSet
from liaison.scoping import scope_for


class TokenView(APIView):
    """Exchange a username and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes = [TokenAuthentication]  # gives a 401 with WWW-Authenticate on failure
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request):
        credentials = TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request, **credentials.validated_data)
        if user is None or not user.is_active:
            raise AuthenticationFailed("用户名或密码不正确")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(generics.GenericAPIView):
    serializer_class = MeSerializer

    def get(self, request):
        return Response(MeSerializer.for_user(request.user))


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    search_fields = ["name", "code"]

    def get_queryset(self):
        return selectors.region_list(scope=scope_for(self.request.user))


class CongressViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CongressSerializer
    filterset_class = CongressFilterSet
    search_fields = ["name"]

    def get_queryset(self):
        return selectors.congress_list(scope=scope_for(self.request.user))


class DeputyViewSet(viewsets.ModelViewSet):
    """Deputies with their mandates. `?level=county&region=420103` filters on one mandate."""

    serializer_class = DeputySerializer
    filterset_class = DeputyFilterSet
    permission_classes = [ReadOrCommitteeWrite]
    search_fields = ["name", "occupation"]
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        return selectors.deputy_list(scope=scope_for(self.request.user))


class DeputyGroupViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DeputyGroupSerializer
    filterset_class = DeputyGroupFilterSet
    search_fields = ["name", "speciality"]

    def get_queryset(self):
        return selectors.group_list(scope=scope_for(self.request.user))

    def get_serializer(self, *args, **kwargs):
        # Per-level counts for the whole page come from one query, not one per group.
        if args and not kwargs.get("data"):
            groups = args[0] if kwargs.get("many") else [args[0]]
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["level_counts"] = selectors.group_level_counts(g.pk for g in groups)
        return super().get_serializer(*args, **kwargs)


class DutyRecordView(APIView):
    """One deputy's duty record (履职档案) for a period: a deputy reads their own, committee staff the
    deputies of their region, admins anyone's."""

    @extend_schema(parameters=PERIOD_PARAMETERS[:2], responses=DutyRecordSerializer, summary="代表履职档案")
    def get(self, request, pk):
        period = period_or_400(request)
        deputy = (
            selectors.duty_records(scope=scope_for(request.user), start=period.start, end=period.end)
            .filter(pk=pk)
            .first()
        )
        if deputy is None:
            raise NotFound("未找到该代表的履职档案")
        return Response(DutyRecordSerializer(deputy).data)


class DutyTotalsView(APIView):
    """Duty-record figures summed per deputy group, station or level under a region (committee, admins)."""

    permission_classes = [IsCommitteeOrAdmin]

    @extend_schema(
        parameters=[
            OpenApiParameter("group_by", enum=["group", "station", "level"], required=True),
            *PERIOD_PARAMETERS,
        ],
        responses=DutyTotalsSerializer(many=True),
        summary="代表履职情况汇总",
    )
    def get(self, request):
        query = DutyTotalsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = period_or_400(request)
        rows = selectors.duty_totals(
            scope=scope_for(request.user),
            group_by=query.validated_data["group_by"],
            start=period.start,
            end=period.end,
            region_prefix=period.region_prefix,
        )
        return Response(DutyTotalsSerializer(rows, many=True).data)
