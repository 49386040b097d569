from django.urls import path

from suggestions import views

app_name = "suggestions"

urlpatterns = [
    path("suggestions/", views.suggestion_list, name="list"),
    path("suggestions/new/", views.submit, name="submit"),
    path("suggestions/similar/", views.similar, name="similar"),
    path("suggestions/unit/", views.unit_inbox, name="unit-inbox"),
    path("suggestions/triage/", views.triage, name="triage"),
    path("suggestions/key/", views.key_list, name="key-list"),
    path("suggestions/dashboard/", views.dashboard, name="dashboard"),
    path("suggestions/dashboard/<str:table>.xlsx", views.dashboard_export, name="dashboard-export"),
    path("suggestions/<int:pk>/", views.detail, name="detail"),
    path("suggestions/<int:pk>/<str:name>/", views.act, name="act"),
    path("visits/<int:visit_id>/to-suggestion/", views.from_visit, name="from-visit"),
    path("opinions/new/", views.public_opinion, name="public-opinion"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track, name="track-code"),
]
