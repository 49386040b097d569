from django.urls import path
from rest_framework.routers import DefaultRouter

from stations.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("stations", views.StationViewSet, basename="station")
router.register("schedules", views.ScheduleViewSet, basename="schedule")
router.register("visits", views.VisitViewSet, basename="visit")

urlpatterns = [
    path("stats/stations/", views.StationFiguresView.as_view(), name="stats-stations"),
    *router.urls,
]
