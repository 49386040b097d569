"""The dashboards' `from`, `to` and `region` query parameters over the API, validated by the same
form as the pages: a bad date, a reversed period or a region outside the caller's scope is a 400."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission

from liaison.forms import Period, PeriodForm
from liaison.scoping import scope_for

PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="起始日期（含），默认今年1月1日"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="截止日期（含），默认今年12月31日"),
    OpenApiParameter(
        "region", OpenApiTypes.STR, description="区划代码（省、市、县级，须在本人负责区划内），默认本人负责区划"
    ),
]


def period_or_400(request) -> Period:
    form = PeriodForm(request.query_params, scope=scope_for(request.user))
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.period


class IsCommitteeOrAdmin(BasePermission):
    message = "只有代表工作机构或管理员可以查看统计"

    def has_permission(self, request, view):
        scope = scope_for(request.user)
        return bool(request.user.is_authenticated and (scope.is_committee or scope.is_admin))
