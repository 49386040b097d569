from django.urls import path
from rest_framework.routers import DefaultRouter

from liaison.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("regions", views.RegionViewSet, basename="region")
router.register("congresses", views.CongressViewSet, basename="congress")
router.register("deputies", views.DeputyViewSet, basename="deputy")
router.register("groups", views.DeputyGroupViewSet, basename="group")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("deputies/<int:pk>/record/", views.DutyRecordView.as_view(), name="api-duty-record"),
    path("stats/deputies/", views.DutyTotalsView.as_view(), name="api-duty-totals"),
    *router.urls,
]
