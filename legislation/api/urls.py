from django.urls import path
from rest_framework.routers import DefaultRouter

from legislation.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("contact-points", views.ContactPointViewSet, basename="legislation-contact-point")
router.register("drafts", views.DraftViewSet, basename="legislation-draft")
router.register("consultations", views.ConsultationViewSet, basename="legislation-consultation")
router.register("opinions", views.OpinionViewSet, basename="legislation-opinion")

urlpatterns = [
    path("stats/", views.FiguresView.as_view(), name="legislation-stats"),
    *router.urls,
]
