from rest_framework.permissions import SAFE_METHODS, BasePermission

from liaison.scoping import scope_for


class ReadOrCommitteeWrite(BasePermission):
    """Anyone signed in reads reference data; admins and committee staff change it."""

    message = "只有代表工作机构或管理员可以修改此类信息"

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        scope = scope_for(request.user)
        return scope.is_admin or scope.is_committee
