"""The product's URLs plus the plain views the benchmarks measure as "the limit"."""

from django.urls import path

from bench import views
from liaison.urls import urlpatterns as product_urls

urlpatterns = [
    path("bench/plain-suggestions/", views.plain_suggestions, name="bench-plain-suggestions"),
    path("bench/plain-visit/", views.plain_visit_insert, name="bench-plain-visit"),
    *product_urls,
]
