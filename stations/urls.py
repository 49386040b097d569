from django.urls import path

from stations import views

app_name = "stations"

urlpatterns = [
    path("visits/today/", views.station_day, name="day"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit-edit"),
    path("stations/coverage/", views.coverage, name="coverage"),
    path("stations/figures/", views.figures, name="figures"),
    # Public pages (no login). Their URLs are printed in QR codes: keep them stable.
    path("public/stations/", views.public_station_list, name="public-station-list"),
    path("public/stations/<int:pk>/", views.public_station, name="public-station"),
    path("public/deputies/<uuid:public_id>/", views.public_deputy, name="public-deputy"),
]
