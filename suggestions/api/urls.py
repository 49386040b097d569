from django.urls import path
from rest_framework.routers import DefaultRouter

from suggestions.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("units", views.HandlingUnitViewSet, basename="unit")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("suggestions", views.SuggestionViewSet, basename="suggestion")

urlpatterns = [
    path("visits/<int:pk>/to-suggestion/", views.VisitToSuggestionView.as_view(), name="visit-to-suggestion"),
    path("public/opinions/", views.PublicOpinionView.as_view(), name="public-opinions"),
    path("track/<str:code>/", views.TrackView.as_view(), name="track"),
    path("stats/handling/", views.HandlingRatesView.as_view(), name="stats-handling"),
    *router.urls,
]
